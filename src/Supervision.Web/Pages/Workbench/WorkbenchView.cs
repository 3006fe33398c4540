using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;

namespace Supervision.Web.Pages.Workbench;

/// <summary>
/// The workbench: the user's 待办 (steps waiting for them), open inspections and rectifications (an inspector's own), open
/// complaints for those who handle them — a complaint handler's own first.
/// </summary>
public sealed record WorkbenchView(Actor Actor, IReadOnlyList<Inspection> Inspections, IReadOnlyList<Rectification> Rectifications,
    IReadOnlyList<Complaint>? Complaints, int? NextYearCalendarDue, WorkingDayCalendar Calendar, DateOnly Today, IReadOnlyList<TodoItem> Todos)
{
    public bool IsHandler => Actor.Role == Roles.ComplaintHandler;
    /// <summary>Assigned to this handler, due soonest first.</summary>
    public IReadOnlyList<Complaint> Mine => (Complaints ?? []).Where(c => c.HandlerId == Actor.UserName).OrderBy(c => c.HandlingDueOn).ToList();
    /// <summary>This handler's complaints whose notification to the complainant failed and is not yet delivered.</summary>
    public IReadOnlyList<Complaint> FailedNotifications => Mine.Where(c => c.FailedNotifications > 0 && c.NotifiedAt is null).ToList();
    /// <summary>Not yet accepted or not accepted: anyone handling complaints in the department may take them.</summary>
    public IReadOnlyList<Complaint> Unassigned => (Complaints ?? []).Where(c => c.HandlerId is null).OrderBy(c => c.AcceptanceDueOn).ToList();
}
