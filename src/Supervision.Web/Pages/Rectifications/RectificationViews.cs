using Supervision.CaseRecords;
using Supervision.Rectifications;
using Supervision.Shared;

namespace Supervision.Web.Pages.Rectifications;

public sealed record RectificationBoardView(Actor Actor, string Board, Supervision.Rectifications.RectificationPage Result, WorkingDayCalendar Calendar, DateOnly Today);

/// <summary>
/// A rectification, its record, the certified officers a leader may add (R1), and for an order not yet issued the due
/// date of an order issued today for 1, 2, … <see cref="RectificationSteps.MaxWorkingDays"/> working days (the preview), and the
/// service records of its documents (their 执法全过程记录 and files).
/// </summary>
public sealed record RectificationView(Actor Actor, Rectification R, IReadOnlyList<CaseHistoryEntry> History, IReadOnlyList<AppUser> Candidates,
    WorkingDayCalendar Calendar, DateOnly Today, bool Closed, IReadOnlyList<WorkingDayResult> OrderDueDates,
    IReadOnlyList<Supervision.Documents.DocumentService> Services);
