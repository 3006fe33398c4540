using Supervision.Shared;
using Wolverine;
using Wolverine.Marten;

namespace Supervision.Complaints;

public enum ComplaintClock { Acceptance, Handling }

/// <summary>Durable scheduled check at the end of a complaint deadline day (Beijing time).</summary>
public sealed record ComplaintClockCheck(Guid ComplaintId, ComplaintClock Clock, DateOnly DueOn) : ISystemAct;

/// <summary>
/// The legal clocks of a complaint (R10, R11, R13): acceptance within 15 days of receipt; conclusion
/// and the complainant told the result within 60 days (+30 with approval). The timer is never
/// cancelled; when it fires the state decides, so each overdue event is appended at most once.
/// </summary>
public static class ComplaintClocks
{
    public static OutgoingMessages Schedule(ComplaintReceived e)
    {
        var outgoing = new OutgoingMessages();
        outgoing.Schedule(new ComplaintClockCheck(e.ComplaintId, ComplaintClock.Acceptance, e.AcceptanceDueOn), WorkingDayCalendar.EndOfDayBeijing(e.AcceptanceDueOn));
        outgoing.Schedule(new ComplaintClockCheck(e.ComplaintId, ComplaintClock.Handling, e.HandlingDueOn), WorkingDayCalendar.EndOfDayBeijing(e.HandlingDueOn));
        return outgoing;
    }

    public static OutgoingMessages ScheduleHandling(Guid id, DateOnly dueOn)
    {
        var outgoing = new OutgoingMessages();
        outgoing.Schedule(new ComplaintClockCheck(id, ComplaintClock.Handling, dueOn), WorkingDayCalendar.EndOfDayBeijing(dueOn));
        return outgoing;
    }

    public static IReadOnlyList<object> Decide(Complaint c, ComplaintClockCheck m, DateTimeOffset now)
    {
        if (c.IsClosed || now < WorkingDayCalendar.EndOfDayBeijing(m.DueOn)) return [];
        return m.Clock switch
        {
            ComplaintClock.Acceptance when m.DueOn == c.AcceptanceDueOn && c.Decision is null && !c.AcceptanceOverdue => [new AcceptanceOverdue(c.Id, m.DueOn, now)],
            ComplaintClock.Handling when m.DueOn == c.HandlingDueOn && c.Status != ComplaintStatus.Concluded && !c.HandlingOverdue
                => [new HandlingOverdue(c.Id, m.DueOn, now)],
            ComplaintClock.Handling when m.DueOn == c.HandlingDueOn && c.Status == ComplaintStatus.Concluded && !c.NotificationOverdue
                => [new NotificationOverdue(c.Id, m.DueOn, now)],
            _ => [],
        };
    }
}

public static class ComplaintLapses
{
    /// <summary>
    /// A step taken after a period ran out, before its timer ran, first records the lapse — exactly what the timer would
    /// have appended — so the history says the case went overdue and then what happened, and the statistics count it
    /// (R10, R11, R13). The timer finds the flag set later and appends nothing.
    /// </summary>
    public static IReadOnlyList<object> Lapsed(Complaint c, DateTimeOffset now)
    {
        var lapsed = new List<object>();
        lapsed.AddRange(ComplaintClocks.Decide(c, new ComplaintClockCheck(c.Id, ComplaintClock.Acceptance, c.AcceptanceDueOn), now));
        lapsed.AddRange(ComplaintClocks.Decide(c, new ComplaintClockCheck(c.Id, ComplaintClock.Handling, c.HandlingDueOn), now));
        return lapsed;
    }

    /// <summary>The lapses first, then the step's own events, for one append in the step's transaction.</summary>
    public static Events With(Complaint c, DateTimeOffset now, params IEnumerable<object> step)
    {
        var events = new Events();
        events.AddRange(Lapsed(c, now));
        events.AddRange(step);
        return events;
    }
}

public static class ComplaintClockCheckHandler
{
    public static (Events, OutgoingMessages) Handle(ComplaintClockCheck message, [WriteAggregate] Complaint complaint, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var due = WorkingDayCalendar.EndOfDayBeijing(message.DueOn);
        var again = new OutgoingMessages();
        if (now < due && !complaint.IsClosed) again.Schedule(message, due); // fired early (clock skew): check again at the deadline
        return (new Events(ComplaintClocks.Decide(complaint, message, now)), again);
    }
}

/// <summary>Count the complaint's open clocks again with the calendar version <see cref="CalendarVersion"/> of <see cref="Year"/>.</summary>
/// <remarks>The id is named after the aggregate so that Wolverine's [WriteAggregate] finds it.</remarks>
public sealed record RecountComplaintClocks(Guid ComplaintId, int Year, int CalendarVersion) : ISystemAct;

public static class ComplaintClockRecount
{
    /// <summary>
    /// Both clocks are periods in calendar days whose last day moves off a rest day (Art. 203). They are the department's
    /// duties to the complainant, so they follow the official calendar either way.
    /// </summary>
    public static IEnumerable<OpenClock> OpenClocks(Complaint c)
    {
        if (c.IsClosed) yield break;
        if (c.Decision is null && !c.AcceptanceOverdue)
            yield return new OpenClock(Dashboards.DeadlineClocks.ComplaintAcceptance, null, c.AcceptanceDueOn, new CalendarDaysEnding(c.AcceptanceStatutoryOn), Told: false);
        if (c.Decision is null or AcceptanceDecision.Accepted && c.NotifiedAt is null && !c.HandlingOverdue && !c.NotificationOverdue)
            yield return new OpenClock(Dashboards.DeadlineClocks.ComplaintHandling, null, c.HandlingDueOn, new CalendarDaysEnding(c.HandlingStatutoryOn), Told: false);
    }
}

public static class RecountComplaintClocksHandler
{
    public static async Task<(Events, OutgoingMessages)> Handle(RecountComplaintClocks m, [WriteAggregate] Complaint complaint,
        Marten.IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        // The calendar as stored, not this node's copy: a message recovered by another node counts with the published version.
        var calendar = await HolidayCalendars.LoadAsync(session, ct);
        var recounts = ClockRecount.Decide<ComplaintClockRecounted>(complaint.Id, ComplaintClockRecount.OpenClocks(complaint), complaint.RecountedClocks, m.Year, calendar, clock.GetUtcNow());
        var outgoing = new OutgoingMessages();
        foreach (var r in recounts)
        {
            var which = r.Clock == Dashboards.DeadlineClocks.ComplaintAcceptance ? ComplaintClock.Acceptance : ComplaintClock.Handling;
            outgoing.Schedule(new ComplaintClockCheck(complaint.Id, which, r.DueOn), WorkingDayCalendar.EndOfDayBeijing(r.DueOn));
        }
        return (new Events(recounts), outgoing);
    }
}
