using Supervision.CaseRecords;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Web.Pages.Inspections;

public sealed record NewInspectionView(Actor Actor, IReadOnlyList<SupervisedUnit> Units, IReadOnlyList<AppUser> Inspectors);

public sealed record InspectionView(Actor Actor, Inspection I, IReadOnlyList<Rectification> Hazards, IReadOnlyList<CaseHistoryEntry> History, bool Closed);

/// <summary>双随机抽查: the draws of the reader's jurisdiction and below (newest first); the form for a leader.</summary>
public sealed record DrawsView(Actor Actor, IReadOnlyList<InspectionDraw> Draws, DateOnly Today);

/// <summary>One draw: its record, the drawn units' inspections, the officers' names and the verification re-run.</summary>
public sealed record DrawView(Actor Actor, InspectionDraw Draw, IReadOnlyDictionary<Guid, Inspection> Inspections, IReadOnlyDictionary<string, string> OfficerNames,
    DrawVerification Verification);
