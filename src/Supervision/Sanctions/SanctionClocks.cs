using Supervision.Shared;
using Wolverine;
using Wolverine.Marten;

namespace Supervision.Sanctions;

public enum SanctionClock { Decision, Delivery, Publication, PublicationWithdrawal, DisciplineReply, TransferDecision, TransferLetter }

/// <summary>
/// Durable scheduled check at the end of a sanction-case deadline day (Beijing time), or at <see cref="DueAt"/>
/// for a deadline counted in hours (R21: 24 hours). <see cref="ItemId"/> names the 处分建议书 of a reply clock.
/// </summary>
/// <remarks>The id is named after the aggregate so that Wolverine's [WriteAggregate] finds it.</remarks>
public sealed record SanctionClockCheck(Guid SanctionCaseId, SanctionClock Clock, DateOnly DueOn, Guid? ItemId = null, DateTimeOffset? DueAt = null);

/// <summary>
/// The legal clocks of a sanction case (R19): decide within 90 days of opening; deliver the decision
/// within 7 (working) days; publish a decision with social impact within 7 working days; withdraw the
/// publication of a changed or revoked decision within 3 (working) days. R20: the written reply to a
/// 处分建议书 by its due date. R21: the head decides on a criminal transfer within 3 (working) days of the
/// proposal, and the case goes to public security within 24 hours of the approval. The timer is never
/// cancelled: when it fires the state decides, so each overdue event is appended at most once.
/// </summary>
public static class SanctionClocks
{
    public static DateTimeOffset OverdueAt(DateOnly dueOn) => WorkingDayCalendar.EndOfDayBeijing(dueOn);

    public static DateTimeOffset OverdueAt(SanctionClockCheck m) => m.DueAt ?? OverdueAt(m.DueOn);

    private static OutgoingMessages One(SanctionClockCheck check)
    {
        var outgoing = new OutgoingMessages();
        outgoing.Schedule(check, OverdueAt(check));
        return outgoing;
    }

    public static OutgoingMessages ScheduleWithdrawal(DecisionChanged e) =>
        e.WithdrawalDueOn is { } due ? One(new SanctionClockCheck(e.CaseId, SanctionClock.PublicationWithdrawal, due)) : new OutgoingMessages();

    public static OutgoingMessages ScheduleReply(DisciplineRecommended e) =>
        One(new SanctionClockCheck(e.CaseId, SanctionClock.DisciplineReply, e.ReplyDueOn, e.RecommendationId));

    public static OutgoingMessages ScheduleTransferDecision(CriminalTransferProposed e) =>
        One(new SanctionClockCheck(e.CaseId, SanctionClock.TransferDecision, e.DecisionDueOn));

    public static OutgoingMessages ScheduleTransferLetter(CriminalTransferDecided e) =>
        e.TransferDueAt is { } at
            ? One(new SanctionClockCheck(e.CaseId, SanctionClock.TransferLetter, WorkingDayCalendar.BeijingToday(at), null, at))
            : new OutgoingMessages();

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
        if (now < OverdueAt(m)) return []; // fired early: the handler schedules it again
        return m.Clock switch
        {
            SanctionClock.Decision when m.DueOn == c.DecisionDueOn && !c.DecisionOverdue
                && c.Status is SanctionStatus.Investigating or SanctionStatus.Reported or SanctionStatus.Noticed
                => [new DecisionOverdue(c.Id, m.DueOn, now)],
            SanctionClock.Delivery when m.DueOn == c.DeliveryDueOn && !c.DeliveryOverdue && c.PenaltyImposed && c.DeliveredOn is null
                && !c.DecisionRevoked
                => [new DeliveryOverdue(c.Id, m.DueOn, now)],
            SanctionClock.Publication when m.DueOn == c.PublicationDueOn && !c.PublicationOverdue && c.PublicationRequired
                && !c.Published && !c.PublicationWithdrawn
                => [new PublicationOverdue(c.Id, m.DueOn, now)],
            SanctionClock.PublicationWithdrawal when m.DueOn == c.WithdrawalDueOn && c.WithdrawalPending && !c.PublicationWithdrawalOverdue
                => [new PublicationWithdrawalOverdue(c.Id, m.DueOn, now)],
            SanctionClock.DisciplineReply when m.ItemId is { } rid && c.Recommendation(rid) is { } r && r.ReplyDueOn == m.DueOn
                && r.Status == DisciplineReplyStatus.Awaiting && !r.Overdue
                => [new DisciplineReplyOverdue(c.Id, rid, m.DueOn, now)],
            SanctionClock.TransferDecision when m.DueOn == c.TransferDecisionDueOn && c.CriminalTransfer == CriminalTransferStatus.Proposed
                && !c.TransferDecisionOverdue
                => [new TransferDecisionOverdue(c.Id, m.DueOn, now)],
            SanctionClock.TransferLetter when c.TransferDueAt is { } due && now >= due && c.CriminalTransfer == CriminalTransferStatus.Approved
                && !c.TransferLetterOverdue
                => [new TransferLetterOverdue(c.Id, due, now)],
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
        if (c.WithdrawalDueOn is { } withdraw) lapsed.AddRange(Decide(c, new SanctionClockCheck(c.Id, SanctionClock.PublicationWithdrawal, withdraw), now));
        foreach (var r in c.DisciplineRecommendations)
            lapsed.AddRange(Decide(c, new SanctionClockCheck(c.Id, SanctionClock.DisciplineReply, r.ReplyDueOn, r.Id), now));
        if (c.TransferDecisionDueOn is { } decide) lapsed.AddRange(Decide(c, new SanctionClockCheck(c.Id, SanctionClock.TransferDecision, decide), now));
        if (c.TransferDueAt is { } letter)
            lapsed.AddRange(Decide(c, new SanctionClockCheck(c.Id, SanctionClock.TransferLetter, WorkingDayCalendar.BeijingToday(letter), null, letter), now));
        return lapsed;
    }
}

public static class SanctionClockCheckHandler
{
    public static (Events, OutgoingMessages) Handle(SanctionClockCheck message, [WriteAggregate] SanctionCase sanctionCase, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var again = new OutgoingMessages();
        if (now < SanctionClocks.OverdueAt(message)) again.Schedule(message, SanctionClocks.OverdueAt(message));
        return (new Events(SanctionClocks.Decide(sanctionCase, message, now)), again);
    }
}
