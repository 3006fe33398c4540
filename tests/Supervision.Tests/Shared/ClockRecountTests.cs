using Supervision.Complaints;
using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;

namespace Supervision.Tests.Shared;

/// <summary>
/// Counting a clock again when its year's calendar is published (issue 20 §2): the same rule from the same start; a date
/// told to the party or another body never becomes earlier; the department's own duties follow the calendar both ways.
/// </summary>
public class ClockRecountTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);
    private static readonly DateTimeOffset Now = new(2036, 12, 29, 2, 0, 0, TimeSpan.Zero);
    // Test-only schedules: 2036 without holidays; 2037 with 1 and 2 January off, Saturday 10 January a make-up working day.
    private static readonly WorkingDayCalendar Published = WorkingDayCalendar.Empty.WithYear(2036, [], []).WithYear(2037, [D(2037, 1, 1), D(2037, 1, 2)], [D(2037, 1, 10)], source: "测试");

    private static IReadOnlyList<ComplaintClockRecounted> Recount(OpenClock clock, WorkingDayCalendar? calendar = null, params string[] recorded) =>
        ClockRecount.Decide<ComplaintClockRecounted>(Guid.Empty, [clock], recorded, 2037, calendar ?? Published, Now);

    [Fact]
    public void A_later_date_moves_the_clock_and_records_rule_version_and_source()
    {
        // 5 working days from Monday 29 December 2036: on weekends only 5 January, with 1–2 January off 7 January.
        var r = Assert.Single(Recount(new OpenClock("defence_period", null, D(2037, 1, 5), new WorkingDaysFrom(D(2036, 12, 29), 5), Told: true)));
        Assert.Equal((RecalculationOutcome.Moved, D(2037, 1, 5), D(2037, 1, 7), D(2037, 1, 7), 2037, 1, "测试", false),
            (r.Outcome, r.PreviousDueOn, r.ComputedOn, r.DueOn, r.Year, r.CalendarVersion, r.CalendarSource, r.Provisional));
    }

    [Fact]
    public void An_earlier_date_keeps_a_date_told_to_someone_but_moves_a_duty_of_the_department()
    {
        // Art. 203: a period whose last day is Saturday 10 January ended on Monday 12 January on weekends only;
        // the published calendar makes the Saturday a working day.
        var told = Assert.Single(Recount(new OpenClock("discipline_reply", Guid.NewGuid(), D(2037, 1, 12), new CalendarDaysEnding(D(2037, 1, 10)), Told: true)));
        Assert.Equal((RecalculationOutcome.Kept, D(2037, 1, 10), D(2037, 1, 12), false), (told.Outcome, told.ComputedOn, told.DueOn, told.Provisional));
        var duty = Assert.Single(Recount(new OpenClock("complaint_acceptance", null, D(2037, 1, 12), new CalendarDaysEnding(D(2037, 1, 10)), Told: false)));
        Assert.Equal((RecalculationOutcome.Moved, D(2037, 1, 10)), (duty.Outcome, duty.DueOn));
    }

    [Fact]
    public void The_same_date_a_year_the_clock_does_not_touch_an_unpublished_year_or_a_recorded_recount_change_nothing()
    {
        var same = new OpenClock("decision", null, D(2037, 3, 2), new CalendarDaysEnding(D(2037, 3, 2)), Told: false);
        Assert.Empty(Recount(same));
        var before = new OpenClock("delivery", null, D(2036, 12, 10), new WorkingDaysFrom(D(2036, 12, 1), 7), Told: false);
        Assert.Empty(Recount(before));
        var moving = new OpenClock("referral_reply", null, D(2037, 1, 5), new WorkingDaysFrom(D(2036, 12, 29), 5), Told: true);
        Assert.Empty(Recount(moving, WorkingDayCalendar.Empty));
        Assert.Empty(Recount(moving, null, ClockRecounted.RecountKey("referral_reply", null, 2037, 1)));
        Assert.Single(Recount(moving, null, ClockRecounted.RecountKey("referral_reply", null, 2037, 2))); // an older version: counted again
    }

    [Fact]
    public void A_period_ending_on_31_December_that_moved_into_January_is_counted_with_January()
    {
        var clock = new OpenClock("complaint_handling", null, D(2037, 1, 1), new CalendarDaysEnding(D(2036, 12, 27)), Told: false);
        var r = Assert.Single(Recount(clock, Published.WithYear(2036, [D(2036, 12, 29), D(2036, 12, 30), D(2036, 12, 31)], [])));
        Assert.Equal(D(2037, 1, 5), r.DueOn); // 27–28 December a weekend, 29–31 December and 1–2 January off, 3–4 a weekend
    }

    [Fact]
    public void A_complaint_lists_its_open_clocks_with_their_statutory_days_and_none_once_closed()
    {
        var c = new Complaint { AcceptanceDueOn = D(2037, 1, 5), AcceptanceStatutoryOn = D(2037, 1, 3), HandlingDueOn = D(2037, 3, 2), HandlingStatutoryOn = D(2037, 2, 28) };
        Assert.Equal([("complaint_acceptance", (ClockRule)new CalendarDaysEnding(D(2037, 1, 3))), ("complaint_handling", new CalendarDaysEnding(D(2037, 2, 28)))],
            ComplaintClockRecount.OpenClocks(c).Select(o => (o.Clock, o.Rule)));
        c.Decision = AcceptanceDecision.Accepted;
        Assert.Equal(["complaint_handling"], ComplaintClockRecount.OpenClocks(c).Select(o => o.Clock));
        c.NotifiedAt = Now;
        Assert.Empty(ComplaintClockRecount.OpenClocks(c));
    }

    [Fact]
    public void A_referral_reply_is_told_to_the_receiver_and_stops_when_acknowledged()
    {
        var r = new Referral { SentOn = D(2036, 12, 29), ReplyDueOn = D(2037, 1, 12) };
        var open = Assert.Single(ReferralClockRecount.OpenClocks(r));
        Assert.Equal(("referral_reply", true, (ClockRule)new WorkingDaysFrom(D(2036, 12, 29), 10)), (open.Clock, open.Told, open.Rule));
        r.AcknowledgedAt = Now;
        Assert.Empty(ReferralClockRecount.OpenClocks(r));
    }

    [Fact]
    public void A_sanction_case_lists_the_defence_period_as_told_to_the_party_and_its_own_duties_as_not()
    {
        var c = new SanctionCase
        {
            Status = SanctionStatus.Noticed, OpenedAt = Now, DecisionDueOn = D(2037, 3, 30), NoticeIssuedOn = D(2036, 12, 28), DefenceDeadline = D(2037, 1, 5),
        };
        // Not served yet: the defence period has not begun, so there is nothing to count.
        Assert.Equal(["decision"], SanctionClockRecount.OpenClocks(c).Select(o => o.Clock));
        c.NoticeServedOn = D(2036, 12, 29); // the period runs from receipt, not from issue
        var clocks = SanctionClockRecount.OpenClocks(c).ToList();
        Assert.Equal([("decision", false), ("defence_period", true)], clocks.Select(o => (o.Clock, o.Told)));
        Assert.Equal([(ClockRule)new CalendarDaysEnding(D(2037, 3, 29)), new WorkingDaysFrom(D(2036, 12, 29), 5)], clocks.Select(o => o.Rule));
        c.DefenceWaived = true;
        Assert.Equal(["decision"], SanctionClockRecount.OpenClocks(c).Select(o => o.Clock));
        c.Status = SanctionStatus.Closed;
        Assert.Empty(SanctionClockRecount.OpenClocks(c));
    }
}
