using Supervision.Shared;
using Wolverine;
using Wolverine.Marten;

namespace Supervision.Sanctions;

public enum SanctionClock { Decision, Delivery, Publication }

/// <summary>Durable scheduled check at the end of a sanction-case deadline day (Beijing time).</summary>
/// <remarks>The id is named after the aggregate so that Wolverine's [WriteAggregate] finds it.</remarks>
public sealed record SanctionClockCheck(Guid SanctionCaseId, SanctionClock Clock, DateOnly DueOn);

/// <summary>
/// The legal clocks of a sanction case (R19): decide within 90 days of opening; deliver the decision
/// within 7 (working) days; publish a decision with social impact within 7 working days. The timer is
/// never cancelled: when it fires the state decides, so each overdue event is appended at most once.
/// </summary>
public static class SanctionClocks
{
    public static DateTimeOffset OverdueAt(DateOnly dueOn) => WorkingDayCalendar.EndOfDayBeijing(dueOn);

    public static OutgoingMessages ScheduleDecision(Guid id, DateOnly dueOn)
    {
        var outgoing = new OutgoingMessages();
        outgoing.Schedule(new SanctionClockCheck(id, SanctionClock.Decision, dueOn), OverdueAt(dueOn));
        return outgoing;
    }

    public static OutgoingMessages ScheduleAfterDecision(PenaltyDecided e)
    {
        var outgoing = new OutgoingMessages();
        outgoing.Schedule(new SanctionClockCheck(e.CaseId, SanctionClock.Delivery, e.DeliveryDueOn), OverdueAt(e.DeliveryDueOn));
        if (e.PublicationDueOn is { } publish)
            outgoing.Schedule(new SanctionClockCheck(e.CaseId, SanctionClock.Publication, publish), OverdueAt(publish));
        return outgoing;
    }

    /// <summary>The overdue event this check appends, if the state says it is due and nobody recorded it yet.</summary>
    public static IReadOnlyList<object> Decide(SanctionCase c, SanctionClockCheck m, DateTimeOffset now)
    {
        if (now < OverdueAt(m.DueOn)) return []; // fired early: the handler schedules it again
        return m.Clock switch
        {
            SanctionClock.Decision when m.DueOn == c.DecisionDueOn && !c.DecisionOverdue
                && c.Status is SanctionStatus.Investigating or SanctionStatus.Reported or SanctionStatus.Noticed
                => [new DecisionOverdue(c.Id, m.DueOn, now)],
            SanctionClock.Delivery when m.DueOn == c.DeliveryDueOn && !c.DeliveryOverdue && c.PenaltyImposed && c.DeliveredOn is null
                => [new DeliveryOverdue(c.Id, m.DueOn, now)],
            SanctionClock.Publication when m.DueOn == c.PublicationDueOn && !c.PublicationOverdue && c.PublicationRequired
                && !c.Published && !c.PublicationWithdrawn
                => [new PublicationOverdue(c.Id, m.DueOn, now)],
            _ => [],
        };
    }

    /// <summary>
    /// A step taken after a deadline lapsed, before its timer ran, first records the lapse: the history then
    /// says the case went overdue, then what happened.
    /// </summary>
    public static IReadOnlyList<object> Lapsed(SanctionCase c, DateTimeOffset now)
    {
        var lapsed = new List<object>();
        lapsed.AddRange(Decide(c, new SanctionClockCheck(c.Id, SanctionClock.Decision, c.DecisionDueOn), now));
        if (c.DeliveryDueOn is { } delivery) lapsed.AddRange(Decide(c, new SanctionClockCheck(c.Id, SanctionClock.Delivery, delivery), now));
        if (c.PublicationDueOn is { } publish) lapsed.AddRange(Decide(c, new SanctionClockCheck(c.Id, SanctionClock.Publication, publish), now));
        return lapsed;
    }
}

public static class SanctionClockCheckHandler
{
    public static (Events, OutgoingMessages) Handle(SanctionClockCheck message, [WriteAggregate] SanctionCase sanctionCase, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var again = new OutgoingMessages();
        if (now < SanctionClocks.OverdueAt(message.DueOn)) again.Schedule(message, SanctionClocks.OverdueAt(message.DueOn));
        return (new Events(SanctionClocks.Decide(sanctionCase, message, now)), again);
    }
}
