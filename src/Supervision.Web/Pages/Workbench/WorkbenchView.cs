using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;

namespace Supervision.Web.Pages.Workbench;

/// <summary>The workbench: open inspections and rectifications (an inspector's own), open complaints for those who handle them.</summary>
public sealed record WorkbenchView(Actor Actor, IReadOnlyList<Inspection> Inspections, IReadOnlyList<Rectification> Rectifications,
    IReadOnlyList<Complaint>? Complaints, int? NextYearCalendarDue, WorkingDayCalendar Calendar, DateOnly Today);
