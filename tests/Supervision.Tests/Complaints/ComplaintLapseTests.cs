using Supervision.Complaints;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using static Supervision.Tests.TestSupport.ComplaintEvents;

namespace Supervision.Tests.Complaints;

/// <summary>
/// Issue 12 item 14: a step taken after a period ran out, before the timer, records the lapse first (R10, R11, R13), and
/// the 受理告知书 of a late acceptance states the period as it really stands.
/// </summary>
public class ComplaintLapseTests
{
    private static readonly DateTimeOffset AfterAcceptanceDay = WorkingDayCalendar.EndOfDayBeijing(AcceptanceDueOn).AddHours(2);
    private static readonly DateTimeOffset AfterHandlingDay = WorkingDayCalendar.EndOfDayBeijing(HandlingDueOn).AddHours(2);
    private static readonly Jurisdiction Urumqi = JurisdictionCatalogue.Find("650100")!;

    [Fact]
    public void Within_the_periods_a_step_finds_no_lapse() =>
        Assert.Empty(ComplaintLapses.Lapsed(Given.Complaint(Received()), WorkingDayCalendar.EndOfDayBeijing(AcceptanceDueOn).AddTicks(-1)));

    [Fact]
    public void A_decision_after_the_fifteen_days_records_the_acceptance_lapse_before_the_step()
    {
        var c = Given.Complaint(Received());
        var step = new object();
        var events = ComplaintLapses.With(c, AfterAcceptanceDay, step);
        Assert.Equal([new AcceptanceOverdue(ComplaintId, AcceptanceDueOn, AfterAcceptanceDay), step], events);
    }

    [Fact]
    public void After_the_sixty_days_both_lapses_are_recorded_in_the_order_the_timers_would_have()
    {
        var events = ComplaintLapses.Lapsed(Given.Complaint(Received()), AfterHandlingDay);
        Assert.Equal([new AcceptanceOverdue(ComplaintId, AcceptanceDueOn, AfterHandlingDay), new HandlingOverdue(ComplaintId, HandlingDueOn, AfterHandlingDay)], events);
    }

    [Fact]
    public void A_lapse_already_recorded_by_the_timer_is_not_recorded_again() =>
        Assert.Empty(ComplaintLapses.Lapsed(Given.Complaint(Received(), AcceptanceWentOverdue(), HandlingWentOverdue()), AfterHandlingDay));

    [Fact]
    public void Told_late_after_a_timely_conclusion_the_notification_lapse_is_recorded() =>
        Assert.Equal([new NotificationOverdue(ComplaintId, HandlingDueOn, AfterHandlingDay)],
            ComplaintLapses.Lapsed(Given.Complaint(Received(), Accepted(), Assigned(), Concluded()), AfterHandlingDay));

    [Fact]
    public void A_timely_acceptance_notice_keeps_its_wording()
    {
        var c = Given.Complaint(Received(), Accepted());
        Assert.Contains("决定予以受理。本机关将自收到之日起六十日内办结，并将处理结果告知你。", ComplaintDocuments.AcceptanceNotice(c, Urumqi, Clock.Now.AddDays(1)));
    }

    [Fact]
    public void A_late_acceptance_notice_gives_the_real_day_and_never_promises_a_period_that_is_over()
    {
        var late = AfterAcceptanceDay;
        var within = Given.Complaint(Received(), AcceptanceWentOverdue(),
            new AcceptanceDecided(ComplaintId, AcceptanceDecision.Accepted, "属于本局管辖", null, "乌档受告〔2026〕1号", "urumqi.handler", late));
        var html = ComplaintDocuments.AcceptanceNotice(within, Urumqi, late);
        Assert.Contains("未能在收到之日起十五日内（2026年2月27日前）告知受理情况", html);
        Assert.Contains("本机关将于2026年4月13日前办结", html);

        var over = Given.Complaint(Received(), AcceptanceWentOverdue(), HandlingWentOverdue(),
            new AcceptanceDecided(ComplaintId, AcceptanceDecision.Accepted, "属于本局管辖", null, "乌档受告〔2026〕1号", "urumqi.handler", AfterHandlingDay));
        html = ComplaintDocuments.AcceptanceNotice(over, Urumqi, AfterHandlingDay);
        Assert.DoesNotContain("六十日内办结", html);
        Assert.Contains("办理期限已于2026年4月13日届满", html);
    }
}
