using Supervision.Shared;
using Wolverine;
using Wolverine.Marten;

namespace Supervision.Rectifications;

/// <summary>Durable scheduled check at the end of the deadline day (Beijing time).</summary>
public sealed record RectificationDeadlineCheck(Guid RectificationId, DateOnly DueOn) : ISystemAct;
/// <summary>Durable scheduled check 3 working days before the deadline.</summary>
public sealed record RectificationReminderCheck(Guid RectificationId, DateOnly DueOn) : ISystemAct;

/// <summary>
/// Deadline clocks. The timer is never cancelled: when it fires, the current state decides
/// (closed, extended to another day, or already overdue → nothing), so a duplicate or stale
/// delivery appends nothing and <see cref="RectificationOverdue"/> is raised at most once.
/// </summary>
public static class RectificationDeadlines
{
    public const int ReminderWorkingDays = 3;
    private static readonly TimeSpan ReminderHourBeijing = TimeSpan.FromHours(9);

    public static DateTimeOffset OverdueAt(DateOnly dueOn) => WorkingDayCalendar.EndOfDayBeijing(dueOn);

    public static DateTimeOffset? ReminderAt(DateOnly dueOn, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        var day = calendar.SubtractWorkingDays(dueOn, ReminderWorkingDays).Date;
        var at = WorkingDayCalendar.EndOfDayBeijing(day.AddDays(-1)) + ReminderHourBeijing;
        return at > now ? at : null; // a short deadline has no reminder
    }

    public static OutgoingMessages Schedule(Guid id, DateOnly dueOn, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        var outgoing = new OutgoingMessages();
        outgoing.Schedule(new RectificationDeadlineCheck(id, dueOn), OverdueAt(dueOn));
        if (ReminderAt(dueOn, calendar, now) is { } remindAt)
            outgoing.Schedule(new RectificationReminderCheck(id, dueOn), remindAt);
        return outgoing;
    }

    public static IReadOnlyList<object> Decide(Rectification r, RectificationDeadlineCheck m, DateTimeOffset now)
    {
        if (r.Status == RectificationStatus.Closed || r.IsOverdue || r.DueOn != m.DueOn) return [];
        if (now < OverdueAt(m.DueOn)) return []; // fired early (clock skew): the handler schedules it again
        return [new RectificationOverdue(r.Id, m.DueOn, now)];
    }

    /// <summary>The overdue event if the deadline has passed and nobody recorded it yet; else null.</summary>
    public static RectificationOverdue? Lapsed(Rectification r, DateTimeOffset now) =>
        r.Status == RectificationStatus.Ordered && !r.IsOverdue && r.DueOn is { } due && now >= OverdueAt(due)
            ? new RectificationOverdue(r.Id, due, now)
            : null;

    public static IReadOnlyList<object> Decide(Rectification r, RectificationReminderCheck m, DateTimeOffset now)
    {
        // A reminder delivered late (after the deadline) is pointless: the overdue check decides.
        if (r.Status == RectificationStatus.Closed || r.IsOverdue || r.DueOn != m.DueOn || r.ReminderRaised || now >= OverdueAt(m.DueOn)) return [];
        return [new RectificationDeadlineApproaching(r.Id, m.DueOn, now)];
    }
}

public static class RectificationDeadlineCheckHandler
{
    public static (Events, OutgoingMessages) Handle(RectificationDeadlineCheck message, [WriteAggregate] Rectification rectification, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var again = new OutgoingMessages();
        if (now < RectificationDeadlines.OverdueAt(message.DueOn) && rectification.DueOn == message.DueOn)
            again.Schedule(message, RectificationDeadlines.OverdueAt(message.DueOn));
        return (new Events(RectificationDeadlines.Decide(rectification, message, now)), again);
    }
}

public static class RectificationReminderCheckHandler
{
    public static Events Handle(RectificationReminderCheck message, [WriteAggregate] Rectification rectification, TimeProvider clock) =>
        new(RectificationDeadlines.Decide(rectification, message, clock.GetUtcNow()));
}
