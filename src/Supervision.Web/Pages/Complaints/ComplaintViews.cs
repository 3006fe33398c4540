using Supervision.Complaints;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Web.Pages.Complaints;

/// <summary>A complaint, the handlers a leader may assign, and how the extension was told (R11).</summary>
public sealed record ComplaintPageView(Actor Actor, Complaint C, IReadOnlyList<AppUser> Handlers, ExtensionView? Extension, bool MaySeeIdentity, bool Closed);

public sealed record NewComplaintView(Actor Actor, IReadOnlyList<SupervisedUnit> Units, string Now);
