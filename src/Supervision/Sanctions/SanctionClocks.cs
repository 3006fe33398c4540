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
public sealed record SanctionClockCheck(Guid SanctionCaseId, SanctionClock Clock, DateOnly DueOn, Guid? ItemId = null, DateTimeOffset? DueAt = null) : ISystemAct;

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

/// <summary>Count the case's open clocks again with the calendar version <see cref="CalendarVersion"/> of <see cref="Year"/>.</summary>
/// <remarks>The id is named after the aggregate so that Wolverine's [WriteAggregate] finds it.</remarks>
public sealed record RecountSanctionClocks(Guid SanctionCaseId, int Year, int CalendarVersion) : ISystemAct;

public static class SanctionClockRecount
{
    /// <summary>
    /// The clocks still running, each with the rule it was counted by. The defence period (told to the party in the
    /// 事先告知书) and the reply to a 处分建议书 (told to the other organ) never become earlier; the department's own
    /// duties follow the official calendar.
    /// </summary>
    public static IEnumerable<OpenClock> OpenClocks(SanctionCase c)
    {
        if (c.Status == SanctionStatus.Closed) yield break;
        if (c.Status is SanctionStatus.Investigating or SanctionStatus.Reported or SanctionStatus.Noticed && !c.DecisionOverdue)
            yield return new OpenClock(Dashboards.DeadlineClocks.Decision, null, c.DecisionDueOn,
                new CalendarDaysEnding(WorkingDayCalendar.BeijingToday(c.OpenedAt).AddDays(SanctionSteps.DecisionDays)), Told: false);
        // The defence period runs from the notice's receipt; before service it has not begun and is not counted.
        if (c.Status == SanctionStatus.Noticed && c.DefenceDeadline is { } defence && c.NoticeServedOn is { } received && !c.DefenceWaived && !c.HearingRequested)
            yield return new OpenClock(Dashboards.DeadlineClocks.DefencePeriod, null, defence,
                new WorkingDaysFrom(received, SanctionSteps.DefenceWorkingDays), Told: true);
        if (c.DeliveryDueOn is { } delivery && c.DecidedOn is { } decided && c.PenaltyImposed && c.DeliveredOn is null && !c.DeliveryOverdue && !c.DecisionRevoked)
            yield return new OpenClock(Dashboards.DeadlineClocks.Delivery, null, delivery, new WorkingDaysFrom(decided, SanctionSteps.DeliveryWorkingDays), Told: false);
        if (c.PublicationDueOn is { } publish && c.DecidedOn is { } decidedOn && c.PublicationRequired && !c.Published && !c.PublicationOverdue && !c.PublicationWithdrawn)
            yield return new OpenClock(Dashboards.DeadlineClocks.Publication, null, publish, new WorkingDaysFrom(decidedOn, SanctionSteps.PublicationWorkingDays), Told: false);
        if (c.WithdrawalDueOn is { } withdraw && c.WithdrawalCountedFrom is { } changed && c.WithdrawalPending && !c.PublicationWithdrawalOverdue)
            yield return new OpenClock(Dashboards.DeadlineClocks.PublicationWithdrawal, null, withdraw, new WorkingDaysFrom(changed, SanctionSteps.WithdrawalWorkingDays), Told: false);
        if (c.TransferDecisionDueOn is { } transfer && c.TransferProposedAt is { } proposed && c.CriminalTransfer == CriminalTransferStatus.Proposed && !c.TransferDecisionOverdue)
            yield return new OpenClock(Dashboards.DeadlineClocks.TransferDecision, null, transfer,
                new WorkingDaysFrom(WorkingDayCalendar.BeijingToday(proposed), SanctionSteps.TransferDecisionWorkingDays), Told: false);
        foreach (var r in c.DisciplineRecommendations)
            if (r.Status == DisciplineReplyStatus.Awaiting && !r.Overdue && r.ReplyStatutoryOn is { } statutory)
                yield return new OpenClock(Dashboards.DeadlineClocks.DisciplineReply, r.Id, r.ReplyDueOn, new CalendarDaysEnding(statutory), Told: true);
    }

    /// <summary>The overdue check of a recounted clock, at its new date; the old check finds another date and does nothing.</summary>
    public static OutgoingMessages Schedule(ClockRecounted e)
    {
        var clock = e.Clock switch
        {
            Dashboards.DeadlineClocks.Decision => SanctionClock.Decision,
            Dashboards.DeadlineClocks.Delivery => SanctionClock.Delivery,
            Dashboards.DeadlineClocks.Publication => SanctionClock.Publication,
            Dashboards.DeadlineClocks.PublicationWithdrawal => SanctionClock.PublicationWithdrawal,
            Dashboards.DeadlineClocks.TransferDecision => SanctionClock.TransferDecision,
            Dashboards.DeadlineClocks.DisciplineReply => SanctionClock.DisciplineReply,
            _ => (SanctionClock?)null, // the defence period has no overdue check: the decision waits for it
        };
        var outgoing = new OutgoingMessages();
        if (clock is { } c && e.Outcome == RecalculationOutcome.Moved)
            outgoing.Schedule(new SanctionClockCheck(e.CaseId, c, e.DueOn, e.ItemId), SanctionClocks.OverdueAt(e.DueOn));
        return outgoing;
    }
}

public static class RecountSanctionClocksHandler
{
    public static async Task<(Events, OutgoingMessages)> Handle(RecountSanctionClocks m, [WriteAggregate] SanctionCase sanctionCase,
        Marten.IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        // The calendar as stored, not this node's copy: a message recovered by another node counts with the published version.
        var calendar = await HolidayCalendars.LoadAsync(session, ct);
        var recounts = ClockRecount.Decide<SanctionClockRecounted>(sanctionCase.Id, SanctionClockRecount.OpenClocks(sanctionCase), sanctionCase.RecountedClocks,
            m.Year, calendar, clock.GetUtcNow());
        var outgoing = new OutgoingMessages();
        foreach (var r in recounts) outgoing.AddRange(SanctionClockRecount.Schedule(r));
        return (new Events(recounts), outgoing);
    }
}
