using Microsoft.Extensions.Time.Testing;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Wolverine;

namespace Supervision.Tests.Sanctions;

/// <summary>R19–R21 clocks of a sanction case: what each step schedules, and the handler around the clock decider.</summary>
public class SanctionClockTests
{
    private static readonly DateOnly DecisionDue = Clock.D(2026, 5, 13);

    private static List<(SanctionClockCheck Message, DateTimeOffset? At)> Scheduled(OutgoingMessages outgoing) =>
        outgoing.Select(m => m switch
        {
            DeliveryMessage<SanctionClockCheck> d => (d.Message, d.Options.ScheduledTime),
            _ => throw new Xunit.Sdk.XunitException($"Unexpected outgoing message {m.GetType()}"),
        }).ToList();

    private static (SanctionClockCheck, DateTimeOffset?) At(SanctionClock clock, DateOnly due, Guid? item = null) =>
        (new SanctionClockCheck(S.CaseId, clock, due, item), SanctionClocks.OverdueAt(due));

    [Fact]
    public void Opening_schedules_the_decision_check_at_the_end_of_the_due_day() =>
        Assert.Equal([At(SanctionClock.Decision, DecisionDue)], Scheduled(SanctionClocks.ScheduleDecision(S.CaseId, DecisionDue)));

    [Fact]
    public void A_decision_schedules_delivery_and_when_it_has_social_impact_publication()
    {
        PenaltyDecided Decided(bool social) => S.Decide(S.Given(S.Opened(), S.Reported(social: social), S.Noticed(), S.Waived()), now: S.Now.AddHours(2));
        var due = Clock.D(2026, 2, 28); // 7 working days
        Assert.Equal([At(SanctionClock.Delivery, due), At(SanctionClock.Publication, due)], Scheduled(SanctionClocks.ScheduleAfterDecision(Decided(social: true))));
        Assert.Equal([At(SanctionClock.Delivery, due)], Scheduled(SanctionClocks.ScheduleAfterDecision(Decided(social: false))));
    }

    [Fact]
    public void Follow_up_steps_schedule_their_own_checks()
    {
        var item = Guid.Parse("0197a000-0000-7000-8000-0000000000d1");
        var recommended = new DisciplineRecommended(S.CaseId, item, "乌档处建〔2026〕1号", "张主任", null, "某局", "警告", Clock.Today, Clock.D(2026, 3, 14), S.Leader.UserName, S.Now);
        Assert.Equal([At(SanctionClock.DisciplineReply, Clock.D(2026, 3, 14), item)], Scheduled(SanctionClocks.ScheduleReply(recommended)));
        var proposed = new CriminalTransferProposed(S.CaseId, "涉嫌犯罪", Clock.D(2026, 2, 24), S.Inspector.UserName, S.Now);
        Assert.Equal([At(SanctionClock.TransferDecision, Clock.D(2026, 2, 24))], Scheduled(SanctionClocks.ScheduleTransferDecision(proposed)));
        // The transfer letter is due 24 hours after the approval, to the minute.
        var dueAt = S.Now.AddHours(25);
        var approved = new CriminalTransferDecided(S.CaseId, true, "同意", dueAt, S.Leader.UserName, S.Now.AddHours(1));
        Assert.Equal([(new SanctionClockCheck(S.CaseId, SanctionClock.TransferLetter, Clock.D(2026, 2, 13), null, dueAt), (DateTimeOffset?)dueAt)],
            Scheduled(SanctionClocks.ScheduleTransferLetter(approved)));
        Assert.Empty(SanctionClocks.ScheduleTransferLetter(approved with { Approved = false, TransferDueAt = null }));
        var changed = new DecisionChanged(S.CaseId, DecisionChangeKind.Changed, "复议变更", Clock.D(2026, 2, 24), S.Leader.UserName, S.Now);
        Assert.Equal([At(SanctionClock.PublicationWithdrawal, Clock.D(2026, 2, 24))], Scheduled(SanctionClocks.ScheduleWithdrawal(changed)));
        Assert.Empty(SanctionClocks.ScheduleWithdrawal(changed with { WithdrawalDueOn = null }));
    }

    [Fact]
    public void A_check_that_fires_early_appends_nothing_and_is_scheduled_again_for_its_time()
    {
        var check = new SanctionClockCheck(S.CaseId, SanctionClock.Decision, DecisionDue);
        var open = S.Given(S.Opened(), S.Reported());
        var (events, again) = SanctionClockCheckHandler.Handle(check, open, new FakeTimeProvider(SanctionClocks.OverdueAt(DecisionDue).AddSeconds(-2)));
        Assert.Empty(events);
        Assert.Equal([At(SanctionClock.Decision, DecisionDue)], Scheduled(again));
        // At the very instant the due day ends: overdue, and not scheduled again.
        (events, again) = SanctionClockCheckHandler.Handle(check, open, new FakeTimeProvider(SanctionClocks.OverdueAt(DecisionDue)));
        Assert.IsType<DecisionOverdue>(Assert.Single(events));
        Assert.Empty(again);
    }

    [Fact]
    public void A_step_after_the_withdrawal_deadline_records_the_lapse_first()
    {
        var withdrawBy = Clock.D(2026, 2, 24);
        var c = S.Given(S.Opened(), S.Reported(social: true), S.Noticed(), S.Waived(),
            S.Decide(S.Given(S.Opened(), S.Reported(social: true), S.Noticed(), S.Waived()), now: S.Now.AddHours(2)),
            new DecisionPublished(S.CaseId, "门户网站", S.Officer.UserName, S.Now.AddHours(3)),
            new DecisionChanged(S.CaseId, DecisionChangeKind.Revoked, "撤销", withdrawBy, S.Leader.UserName, S.Now.AddHours(4)));
        var e = Assert.IsType<PublicationWithdrawalOverdue>(Assert.Single(SanctionClocks.Lapsed(c, SanctionClocks.OverdueAt(withdrawBy).AddMinutes(1))));
        Assert.Equal(withdrawBy, e.DueOn);
    }

    [Fact]
    public void A_step_after_the_delivery_deadline_records_the_lapse_first()
    {
        var decided = S.Decide(S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Waived()), now: S.Now.AddHours(2));
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Waived(), decided);
        var e = Assert.IsType<DeliveryOverdue>(Assert.Single(SanctionClocks.Lapsed(c, SanctionClocks.OverdueAt(decided.DeliveryDueOn).AddMinutes(1))));
        Assert.Equal(decided.DeliveryDueOn, e.DueOn);
    }
}
