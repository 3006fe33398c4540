using Microsoft.Extensions.Time.Testing;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Wolverine;
using static Supervision.Tests.TestSupport.RectificationEvents;

namespace Supervision.Tests.Rectifications;

/// <summary>Working-day deadlines, the reminder and the overdue check (R9).</summary>
public class RectificationDeadlineTests
{
    private static readonly DateTimeOffset Now = Clock.Now;            // Thu 2026-02-12 10:00 Beijing
    private static readonly WorkingDayCalendar Calendar = Clock.Calendar;
    private static readonly DateOnly DueOn = Clock.D(2026, 3, 4);
    /// <summary>End of Wed 2026-03-04 in Beijing = 2026-03-05T00:00+08:00.</summary>
    private static readonly DateTimeOffset EndOfDueDay = new(2026, 3, 4, 16, 0, 0, TimeSpan.Zero);

    private static DateOnly D(int y, int m, int d) => Clock.D(y, m, d);

    // ---------------------------------------------------------------- working-day due dates

    [Fact]
    public void Ten_working_days_from_12_February_2026_skip_the_Spring_Festival_and_count_both_make_up_Saturdays()
    {
        // Thu 02-12 is the day of the order (not counted).
        // Fri 02-13 = 1, Sat 02-14 (make-up) = 2, Sun 02-15 .. Mon 02-23 off,
        // Tue 02-24 = 3, Wed 02-25 = 4, Thu 02-26 = 5, Fri 02-27 = 6, Sat 02-28 (make-up) = 7,
        // Sun 03-01 off, Mon 03-02 = 8, Tue 03-03 = 9, Wed 03-04 = 10.
        var e = RectificationSteps.DecideOrder(Given.Rectification(Found()), new OrderRectification(1, 10, null, "整改", Staff.UrumqiPairIds),
            Actors.UrumqiInspector, Calendar, Now, "650100", "乌档责改〔2026〕1号");

        Assert.Equal(D(2026, 3, 4), e.DueOn);
        Assert.False(e.DueOnProvisional);
        Assert.Equal(10, e.WorkingDays);
    }

    [Theory]
    [InlineData(1, 2026, 2, 13)]
    [InlineData(2, 2026, 2, 14)]  // make-up Saturday counts
    [InlineData(3, 2026, 2, 24)]  // the whole break is skipped
    [InlineData(7, 2026, 2, 28)]  // second make-up Saturday
    [InlineData(8, 2026, 3, 2)]
    public void Working_days_around_the_Spring_Festival(int n, int y, int m, int d)
    {
        var (due, provisional, _) = RectificationSteps.CheckOrder(Given.Rectification(Found()), new OrderRectification(1, n, null, "整改", Staff.UrumqiPairIds),
            Actors.UrumqiInspector, Calendar, Now);
        Assert.Equal(D(y, m, d), due);
        Assert.False(provisional);
    }

    [Fact]
    public void A_working_day_deadline_running_into_an_unpublished_year_is_provisional()
    {
        // Thu 2026-12-24: 12-25 = 1, 12-28..12-31 = 2..5, Fri 2027-01-01 = 6 (no 2027 notice yet, so weekends only),
        // 01-04 = 7, 01-05 = 8, 01-06 = 9, 01-07 = 10.
        var christmasEve = new DateTimeOffset(2026, 12, 24, 2, 0, 0, TimeSpan.Zero);
        var (due, provisional, _) = RectificationSteps.CheckOrder(Given.Rectification(Found()), new OrderRectification(1, 10, null, "整改", Staff.UrumqiPairIds),
            Actors.UrumqiInspector, Calendar, christmasEve);
        Assert.Equal(D(2027, 1, 7), due);
        Assert.True(provisional);
    }

    [Fact]
    public void Working_days_count_from_the_Beijing_date()
    {
        // 2026-02-12T17:00Z is already Fri 02-13 01:00 in Beijing: 1 working day is Sat 02-14 (make-up), not Fri 02-13.
        var (due, _, _) = RectificationSteps.CheckOrder(Given.Rectification(Found()), new OrderRectification(1, 1, null, "整改", Staff.UrumqiPairIds),
            Actors.UrumqiInspector, Calendar, new DateTimeOffset(2026, 2, 12, 17, 0, 0, TimeSpan.Zero));
        Assert.Equal(D(2026, 2, 14), due);
    }

    // ---------------------------------------------------------------- OverdueAt / ReminderAt

    [Fact]
    public void OverdueAt_is_the_end_of_the_due_day_in_Beijing()
    {
        Assert.Equal(EndOfDueDay, RectificationDeadlines.OverdueAt(DueOn));
        Assert.Equal(TimeSpan.FromHours(8), RectificationDeadlines.OverdueAt(DueOn).Offset);
    }

    [Fact]
    public void ReminderAt_is_9_oclock_Beijing_three_working_days_before_the_deadline()
    {
        // 3 working days before Wed 03-04: Tue 03-03, Mon 03-02, (Sun 03-01 off), Sat 02-28 make-up day.
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 9, 0, 0, TimeSpan.FromHours(8)), RectificationDeadlines.ReminderAt(DueOn, Calendar, Now));
    }

    [Fact]
    public void ReminderAt_skips_the_Spring_Festival_break()
    {
        // 3 working days before Wed 02-25: Tue 02-24, (02-23 .. 02-15 off), Sat 02-14 make-up, Fri 02-13.
        Assert.Equal(new DateTimeOffset(2026, 2, 13, 9, 0, 0, TimeSpan.FromHours(8)), RectificationDeadlines.ReminderAt(D(2026, 2, 25), Calendar, Now));
    }

    [Fact]
    public void There_is_no_reminder_when_its_time_has_already_come()
    {
        // For Tue 02-24 the reminder would be Thu 02-12 09:00 Beijing, an hour before Now.
        Assert.Null(RectificationDeadlines.ReminderAt(D(2026, 2, 24), Calendar, Now));
        // Exactly at that moment: still none (strictly later only).
        Assert.Null(RectificationDeadlines.ReminderAt(D(2026, 2, 24), Calendar, new DateTimeOffset(2026, 2, 12, 1, 0, 0, TimeSpan.Zero)));
        // A minute before: there is one.
        Assert.Equal(new DateTimeOffset(2026, 2, 12, 1, 0, 0, TimeSpan.Zero),
            RectificationDeadlines.ReminderAt(D(2026, 2, 24), Calendar, new DateTimeOffset(2026, 2, 12, 0, 59, 0, TimeSpan.Zero)));
    }

    // ---------------------------------------------------------------- Schedule

    private static List<(object Message, DateTimeOffset? At)> Scheduled(OutgoingMessages outgoing) =>
        outgoing.Select(m => m switch
        {
            DeliveryMessage<RectificationDeadlineCheck> d => ((object)d.Message, d.Options.ScheduledTime),
            DeliveryMessage<RectificationReminderCheck> d => (d.Message, d.Options.ScheduledTime),
            _ => throw new Xunit.Sdk.XunitException($"Unexpected outgoing message {m.GetType()}"),
        }).ToList();

    [Fact]
    public void Schedule_sets_the_overdue_check_at_the_end_of_the_due_day_and_a_reminder_before_it()
    {
        var scheduled = Scheduled(RectificationDeadlines.Schedule(RectificationId, DueOn, Calendar, Now));

        Assert.Equal(2, scheduled.Count);
        Assert.Contains((new RectificationDeadlineCheck(RectificationId, DueOn), (DateTimeOffset?)EndOfDueDay), scheduled);
        Assert.Contains((new RectificationReminderCheck(RectificationId, DueOn),
            (DateTimeOffset?)new DateTimeOffset(2026, 2, 28, 1, 0, 0, TimeSpan.Zero)), scheduled);
    }

    [Fact]
    public void A_one_working_day_deadline_gets_only_the_overdue_check()
    {
        var scheduled = Scheduled(RectificationDeadlines.Schedule(RectificationId, D(2026, 2, 13), Calendar, Now));

        var (message, at) = Assert.Single(scheduled);
        Assert.Equal(new RectificationDeadlineCheck(RectificationId, D(2026, 2, 13)), message);
        Assert.Equal(RectificationDeadlines.OverdueAt(D(2026, 2, 13)), at);
    }

    [Fact]
    public void Four_working_days_are_far_enough_for_a_reminder_three_are_not()
    {
        Assert.Single(Scheduled(RectificationDeadlines.Schedule(RectificationId, D(2026, 2, 24), Calendar, Now)));   // 3 working days
        Assert.Equal(2, Scheduled(RectificationDeadlines.Schedule(RectificationId, D(2026, 2, 25), Calendar, Now)).Count); // 4 working days
    }

    // ---------------------------------------------------------------- overdue check (R9)

    private static readonly RectificationDeadlineCheck Check = new(RectificationId, DueOn);

    [Fact]
    public void At_the_end_of_the_due_day_an_open_order_becomes_overdue()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn), Corrected(), Failed());
        var e = Assert.IsType<RectificationOverdue>(Assert.Single(RectificationDeadlines.Decide(r, Check, EndOfDueDay)));
        Assert.Equal(new RectificationOverdue(RectificationId, DueOn, EndOfDueDay), e);

        r.Apply(e);
        Assert.True(r.IsOverdue);
        Assert.Equal(EndOfDueDay, r.OverdueAt);
        Assert.Equal("overdue", r.Board);
    }

    [Fact]
    public void A_late_check_still_records_the_overdue_with_the_time_it_was_detected()
    {
        var late = EndOfDueDay.AddHours(30);
        Assert.Equal(late, Assert.IsType<RectificationOverdue>(
            Assert.Single(RectificationDeadlines.Decide(Given.Rectification(Found(), Ordered(DueOn)), Check, late))).DetectedAt);
    }

    [Fact]
    public void Before_the_end_of_the_due_day_nothing_is_overdue()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn));
        Assert.Empty(RectificationDeadlines.Decide(r, Check, EndOfDueDay.AddTicks(-1)));
        Assert.Empty(RectificationDeadlines.Decide(r, Check, new DateTimeOffset(2026, 3, 4, 23, 59, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void A_closed_rectification_never_becomes_overdue() =>
        Assert.Empty(RectificationDeadlines.Decide(Given.Rectification(Found(), Ordered(DueOn), Passed()), Check, EndOfDueDay.AddDays(1)));

    [Fact]
    public void Overdue_is_recorded_only_once() =>
        Assert.Empty(RectificationDeadlines.Decide(Given.Rectification(Found(), Ordered(DueOn), Overdue(DueOn)), Check, EndOfDueDay.AddMinutes(1)));

    [Fact]
    public void A_check_for_a_deadline_that_was_extended_is_stale()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn), Extended(DueOn, D(2026, 3, 18)));
        Assert.Empty(RectificationDeadlines.Decide(r, Check, EndOfDueDay.AddMinutes(1)));

        // The check scheduled for the new deadline does decide.
        var newCheck = new RectificationDeadlineCheck(RectificationId, D(2026, 3, 18));
        var end = RectificationDeadlines.OverdueAt(D(2026, 3, 18));
        Assert.Empty(RectificationDeadlines.Decide(r, newCheck, end.AddTicks(-1)));
        Assert.Equal(D(2026, 3, 18), Assert.IsType<RectificationOverdue>(Assert.Single(RectificationDeadlines.Decide(r, newCheck, end))).DueOn);
    }

    [Fact]
    public void A_rectification_without_an_order_is_never_overdue() =>
        Assert.Empty(RectificationDeadlines.Decide(Given.Rectification(Found()), Check, EndOfDueDay.AddDays(1)));

    [Fact]
    public void An_overdue_recorded_after_closing_leaves_the_case_on_the_closed_board()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn), Passed(), Overdue(DueOn));
        Assert.Equal("closed", r.Board);
    }

    // ---------------------------------------------------------------- the handler around the overdue decider

    [Fact]
    public void A_check_that_fires_early_appends_nothing_and_is_scheduled_again_for_the_end_of_the_due_day()
    {
        var clock = new FakeTimeProvider(EndOfDueDay.AddSeconds(-2));
        var (events, again) = RectificationDeadlineCheckHandler.Handle(Check, Given.Rectification(Found(), Ordered(DueOn)), clock);

        Assert.Empty(events);
        var (message, at) = Assert.Single(Scheduled(again));
        Assert.Equal(Check, message);
        Assert.Equal(EndOfDueDay, at);
    }

    [Fact]
    public void A_check_that_fires_on_time_appends_the_overdue_and_is_not_scheduled_again()
    {
        var clock = new FakeTimeProvider(EndOfDueDay); // the very instant the due day ends
        var (events, again) = RectificationDeadlineCheckHandler.Handle(Check, Given.Rectification(Found(), Ordered(DueOn)), clock);

        Assert.IsType<RectificationOverdue>(Assert.Single(events));
        Assert.Empty(again);
    }

    [Fact]
    public void An_early_check_for_an_extended_deadline_is_dropped()
    {
        var clock = new FakeTimeProvider(EndOfDueDay.AddHours(-1));
        var (events, again) = RectificationDeadlineCheckHandler.Handle(Check,
            Given.Rectification(Found(), Ordered(DueOn), Extended(DueOn, D(2026, 3, 18))), clock);

        Assert.Empty(events);
        Assert.Empty(again);
    }

    // ---------------------------------------------------------------- lapse recorded by a later step

    [Fact]
    public void A_step_after_the_lapsed_deadline_first_records_the_overdue_once()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn));
        Assert.Null(RectificationDeadlines.Lapsed(r, EndOfDueDay.AddTicks(-1)));
        Assert.Equal(new RectificationOverdue(RectificationId, DueOn, EndOfDueDay), RectificationDeadlines.Lapsed(r, EndOfDueDay));
        var lapse = RectificationDeadlines.Lapsed(r, EndOfDueDay.AddHours(2));
        Assert.Equal(new RectificationOverdue(RectificationId, DueOn, EndOfDueDay.AddHours(2)), lapse);
        r.Apply(lapse!);
        Assert.Null(RectificationDeadlines.Lapsed(r, EndOfDueDay.AddHours(3)));
        Assert.Empty(RectificationDeadlines.Decide(r, Check, EndOfDueDay.AddHours(4)));
    }

    [Fact]
    public void No_lapse_for_an_order_not_yet_issued_or_closed() =>
        Assert.Null(RectificationDeadlines.Lapsed(Given.Rectification(Found()), EndOfDueDay.AddDays(1)));

    [Fact]
    public void A_reminder_delivered_after_the_deadline_raises_nothing() =>
        Assert.Empty(RectificationDeadlines.Decide(Given.Rectification(Found(), Ordered(DueOn)), new RectificationReminderCheck(RectificationId, DueOn), EndOfDueDay));

    // ---------------------------------------------------------------- reminder

    private static readonly RectificationReminderCheck Reminder = new(RectificationId, DueOn);
    private static readonly DateTimeOffset ReminderTime = new(2026, 2, 28, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_reminder_is_raised_for_an_open_order()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn));
        var e = Assert.IsType<RectificationDeadlineApproaching>(Assert.Single(RectificationDeadlines.Decide(r, Reminder, ReminderTime)));
        Assert.Equal(new RectificationDeadlineApproaching(RectificationId, DueOn, ReminderTime), e);

        r.Apply(e);
        Assert.True(r.ReminderRaised);
    }

    [Fact]
    public void The_reminder_is_raised_only_once() =>
        Assert.Empty(RectificationDeadlines.Decide(Given.Rectification(Found(), Ordered(DueOn), Approaching(DueOn)), Reminder, ReminderTime.AddMinutes(1)));

    [Fact]
    public void No_reminder_for_a_deadline_that_was_extended_to_another_date() =>
        Assert.Empty(RectificationDeadlines.Decide(Given.Rectification(Found(), Ordered(DueOn), Extended(DueOn, D(2026, 3, 18))), Reminder, ReminderTime));

    [Fact]
    public void After_an_extension_the_reminder_for_the_new_date_is_raised_again()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn), Approaching(DueOn), Extended(DueOn, D(2026, 3, 18)));
        var e = Assert.IsType<RectificationDeadlineApproaching>(Assert.Single(
            RectificationDeadlines.Decide(r, new RectificationReminderCheck(RectificationId, D(2026, 3, 18)), ReminderTime.AddDays(15))));
        Assert.Equal(D(2026, 3, 18), e.DueOn);
    }

    [Fact]
    public void No_reminder_for_a_closed_rectification() =>
        Assert.Empty(RectificationDeadlines.Decide(Given.Rectification(Found(), Ordered(DueOn), Passed()), Reminder, ReminderTime));

    [Fact]
    public void No_reminder_for_an_overdue_rectification() =>
        Assert.Empty(RectificationDeadlines.Decide(Given.Rectification(Found(), Ordered(DueOn), Overdue(DueOn)), Reminder, ReminderTime));
}
