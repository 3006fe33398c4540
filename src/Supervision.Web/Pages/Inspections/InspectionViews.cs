using Supervision.CaseRecords;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Web.Pages.Inspections;

public sealed record NewInspectionView(Actor Actor, IReadOnlyList<SupervisedUnit> Units, IReadOnlyList<AppUser> Inspectors);

public sealed record InspectionView(Actor Actor, Inspection I, IReadOnlyList<Rectification> Hazards, IReadOnlyList<CaseHistoryEntry> History, bool Closed);
