using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using static Supervision.Tests.TestSupport.RectificationEvents;

namespace Supervision.Tests.Rectifications;

/// <summary>
/// A published holiday calendar counts a provisional deadline again (issue 20). Test-only schedules for 2030/2031 (never
/// shipped): 2030 has no holiday at its end; 2031's are chosen per test.
/// </summary>
public class DeadlineRecalculationTests
{
    private static readonly DateTimeOffset IssuedAt = new(2030, 12, 23, 2, 0, 0, TimeSpan.Zero); // Monday 10:00 Beijing
    private static readonly DateTimeOffset Later = IssuedAt.AddDays(20);
    private static readonly WorkingDayCalendar Only2030 = WorkingDayCalendar.Empty.WithYear(2030, [new DateOnly(2030, 10, 1)], []);
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>An order of n working days issued on 23 December 2030, while 2031 is not published.</summary>
    private static Rectification OrderedBefore2031(int? workingDays = 10, DateOnly? dueOn = null)
    {
        var r = Given.Rectification(Found());
        var ordered = RectificationSteps.DecideOrder(r, new OrderRectification(1, workingDays, dueOn, "整改", Staff.UrumqiPairIds), Actors.UrumqiInspector, Only2030,
            IssuedAt, "650100", "乌档责改〔2030〕1号");
        return Given.Rectification(Found(), ordered);
    }

    private static WorkingDayCalendar With2031(DateOnly[] off, DateOnly[] work, int version = 1) => Only2030.WithYear(2031, off, work, version, "测试");

    [Fact]
    public void An_order_into_an_unpublished_year_is_provisional_and_records_the_versions_it_was_counted_with()
    {
        var r = OrderedBefore2031();
        Assert.Equal((D(2031, 1, 6), true), (r.DueOn!.Value, r.DueOnProvisional)); // weekends only
        Assert.Equal(new Dictionary<int, int> { [2030] = 1, [2031] = 0 }, r.CalendarVersions);
    }

    [Fact]
    public void Holidays_in_the_published_year_move_the_deadline_later_and_the_notice_number_goes_with_it()
    {
        var e = RectificationDeadlineRecalculation.Decide(OrderedBefore2031(), 2031, With2031([D(2031, 1, 1), D(2031, 1, 2), D(2031, 1, 3)], []), Later, "乌档期变〔2031〕1号")!;
        Assert.Equal((RecalculationOutcome.Moved, D(2031, 1, 6), D(2031, 1, 9), D(2031, 1, 9), false, "乌档期变〔2031〕1号"),
            (e.Outcome, e.PreviousDueOn, e.ComputedDueOn, e.DueOn, e.DueOnProvisional, e.NoticeNumber));
        Assert.Equal(new Dictionary<int, int> { [2030] = 1, [2031] = 1 }, e.CalendarVersions);
        Assert.Equal("system", e.RecordedBy);
    }

    [Fact]
    public void Make_up_working_days_never_shorten_a_served_deadline()
    {
        // Saturday 4 January 2031 as a (test) make-up working day would make the tenth working day Saturday 4 January.
        var e = RectificationDeadlineRecalculation.Decide(OrderedBefore2031(), 2031, With2031([], [D(2031, 1, 4)]), Later, "unused")!;
        Assert.Equal((RecalculationOutcome.Kept, D(2031, 1, 4), D(2031, 1, 6), false, null),
            (e.Outcome, e.ComputedDueOn, e.DueOn, e.DueOnProvisional, e.NoticeNumber));
    }

    [Fact]
    public void The_same_date_is_confirmed_and_no_longer_provisional()
    {
        var e = RectificationDeadlineRecalculation.Decide(OrderedBefore2031(), 2031, With2031([D(2031, 5, 1)], []), Later, "unused")!;
        Assert.Equal((RecalculationOutcome.Confirmed, D(2031, 1, 6), false, null), (e.Outcome, e.DueOn, e.DueOnProvisional, e.NoticeNumber));
    }

    [Fact]
    public void Counting_again_with_the_same_version_finds_nothing_and_a_correction_counts_from_the_original_start()
    {
        var r = OrderedBefore2031();
        var v1 = With2031([D(2031, 1, 1), D(2031, 1, 2), D(2031, 1, 3)], []);
        r.Apply(RectificationDeadlineRecalculation.Decide(r, 2031, v1, Later, "n1")!);
        Assert.Null(RectificationDeadlineRecalculation.Decide(r, 2031, v1, Later, "n2")); // idempotent

        // Version 2 adds Monday 6 January: counted again from 23 December (not from 9 January), the tenth day is 10 January.
        var e = RectificationDeadlineRecalculation.Decide(r, 2031, With2031([D(2031, 1, 1), D(2031, 1, 2), D(2031, 1, 3), D(2031, 1, 6)], [], version: 2), Later, "n2")!;
        Assert.Equal((RecalculationOutcome.Moved, D(2031, 1, 9), D(2031, 1, 10), 2), (e.Outcome, e.PreviousDueOn, e.DueOn, e.CalendarVersion));
    }

    [Fact]
    public void A_named_date_that_turns_out_a_day_off_ends_on_the_next_working_day()
    {
        var r = OrderedBefore2031(workingDays: null, dueOn: D(2031, 1, 2)); // a Thursday on weekends only
        var e = RectificationDeadlineRecalculation.Decide(r, 2031, With2031([D(2031, 1, 1), D(2031, 1, 2), D(2031, 1, 3)], []), Later, "n")!;
        Assert.Equal((RecalculationOutcome.Moved, D(2031, 1, 6)), (e.Outcome, e.DueOn));
    }

    [Fact]
    public void Closed_overdue_and_untouched_orders_are_left_alone()
    {
        var calendar = With2031([D(2031, 1, 1)], []);
        var r = OrderedBefore2031();
        r.Apply(new RectificationOverdue(r.Id, r.DueOn!.Value, Later));
        Assert.Null(RectificationDeadlineRecalculation.Decide(r, 2031, calendar, Later, "n"));
        var closed = OrderedBefore2031();
        closed.Apply(new ReinspectionPassed(closed.Id, "合格", "urumqi.inspector1", Later));
        Assert.Null(RectificationDeadlineRecalculation.Decide(closed, 2031, calendar, Later, "n"));
        var other = OrderedBefore2031();
        Assert.Null(RectificationDeadlineRecalculation.Decide(other, 2033, calendar.WithYear(2033, [], [], 1, "x"), Later, "n")); // 2033 is not in its span
    }

    [Fact]
    public void A_year_before_the_order_was_issued_does_not_touch_it()
    {
        var r = OrderedBefore2031();
        Assert.Null(RectificationDeadlineRecalculation.Decide(r, 2029, With2031([], []).WithYear(2029, [], [], 2, "x"), Later, "n"));
    }

    [Fact]
    public void An_order_recorded_before_versions_were_counts_as_version_1_unless_it_was_provisional()
    {
        var r = OrderedBefore2031();
        r.CalendarVersions = null; // as in events from before this release
        Assert.Equal((0, 1), (RectificationDeadlineRecalculation.CountedWith(r, 2031), RectificationDeadlineRecalculation.CountedWith(r, 2030) + 1));
        r.DueOnProvisional = false;
        Assert.Equal(1, RectificationDeadlineRecalculation.CountedWith(r, 2031));
        Assert.Null(RectificationDeadlineRecalculation.Decide(r, 2031, With2031([D(2031, 1, 2)], []), Later, "n")); // version 1 already
    }
}
