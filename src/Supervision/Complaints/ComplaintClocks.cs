using Supervision.Shared;
using Wolverine;
using Wolverine.Marten;

namespace Supervision.Complaints;

public enum ComplaintClock { Acceptance, Handling }

/// <summary>Durable scheduled check at the end of a complaint deadline day (Beijing time).</summary>
public sealed record ComplaintClockCheck(Guid ComplaintId, ComplaintClock Clock, DateOnly DueOn);

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
            ComplaintClock.Acceptance when c.Decision is null && !c.AcceptanceOverdue => [new AcceptanceOverdue(c.Id, m.DueOn, now)],
            ComplaintClock.Handling when m.DueOn == c.HandlingDueOn && c.Status != ComplaintStatus.Concluded && !c.HandlingOverdue
                => [new HandlingOverdue(c.Id, m.DueOn, now)],
            ComplaintClock.Handling when m.DueOn == c.HandlingDueOn && c.Status == ComplaintStatus.Concluded && !c.NotificationOverdue
                => [new NotificationOverdue(c.Id, m.DueOn, now)],
            _ => [],
        };
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
