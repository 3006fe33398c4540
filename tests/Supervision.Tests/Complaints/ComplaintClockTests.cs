using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using Supervision.Complaints;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Wolverine;
using static Supervision.Tests.TestSupport.ComplaintEvents;

namespace Supervision.Tests.Complaints;

/// <summary>The acceptance and handling clocks of a complaint (R10, R11, R13).</summary>
public class ComplaintClockTests
{
    /// <summary>End of Fri 2026-02-27 in Beijing = 2026-02-28T00:00+08:00.</summary>
    private static readonly DateTimeOffset EndOfAcceptanceDay = new(2026, 2, 27, 16, 0, 0, TimeSpan.Zero);
    /// <summary>End of Mon 2026-04-13 in Beijing = 2026-04-14T00:00+08:00.</summary>
    private static readonly DateTimeOffset EndOfHandlingDay = new(2026, 4, 13, 16, 0, 0, TimeSpan.Zero);

    private static readonly ComplaintClockCheck AcceptanceCheck = new(ComplaintId, ComplaintClock.Acceptance, AcceptanceDueOn);
    private static readonly ComplaintClockCheck HandlingCheck = new(ComplaintId, ComplaintClock.Handling, HandlingDueOn);

    private static DateOnly D(int y, int m, int d) => Clock.D(y, m, d);

    [Fact]
    public void The_test_deadlines_end_at_Beijing_midnight()
    {
        Assert.Equal(EndOfAcceptanceDay, WorkingDayCalendar.EndOfDayBeijing(AcceptanceDueOn));
        Assert.Equal(EndOfHandlingDay, WorkingDayCalendar.EndOfDayBeijing(HandlingDueOn));
    }

    // ---------------------------------------------------------------- acceptance clock (R10)

    [Fact]
    public void Without_a_decision_by_the_end_of_the_due_day_acceptance_is_overdue()
    {
        var c = Given.Complaint(Received());
        var e = Assert.IsType<AcceptanceOverdue>(Assert.Single(ComplaintClocks.Decide(c, AcceptanceCheck, EndOfAcceptanceDay)));
        Assert.Equal(new AcceptanceOverdue(ComplaintId, AcceptanceDueOn, EndOfAcceptanceDay), e);

        c.Apply(e);
        Assert.True(c.AcceptanceOverdue);
    }

    [Fact]
    public void A_late_acceptance_check_records_when_it_was_detected()
    {
        var late = EndOfAcceptanceDay.AddHours(7);
        Assert.Equal(late, Assert.IsType<AcceptanceOverdue>(Assert.Single(ComplaintClocks.Decide(Given.Complaint(Received()), AcceptanceCheck, late))).DetectedAt);
    }

    [Fact]
    public void Before_the_end_of_the_due_day_acceptance_is_not_overdue()
    {
        var c = Given.Complaint(Received());
        Assert.Empty(ComplaintClocks.Decide(c, AcceptanceCheck, EndOfAcceptanceDay.AddTicks(-1)));
        Assert.Empty(ComplaintClocks.Decide(c, AcceptanceCheck, new DateTimeOffset(2026, 2, 27, 23, 59, 59, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void An_acceptance_decision_stops_the_acceptance_clock()
    {
        Assert.Empty(ComplaintClocks.Decide(Given.Complaint(Received(), Accepted()), AcceptanceCheck, EndOfAcceptanceDay));
        Assert.Empty(ComplaintClocks.Decide(Given.Complaint(Received(), NotAccepted(), Closed("不予受理")), AcceptanceCheck, EndOfAcceptanceDay));
    }

    [Fact]
    public void Acceptance_overdue_is_recorded_once() =>
        Assert.Empty(ComplaintClocks.Decide(Given.Complaint(Received(), AcceptanceWentOverdue()), AcceptanceCheck, EndOfAcceptanceDay.AddMinutes(1)));

    // ---------------------------------------------------------------- handling clock (R11, R13)

    [Fact]
    public void Without_a_conclusion_by_the_end_of_the_due_day_handling_is_overdue()
    {
        var c = Given.Complaint(Received(), Accepted(), Assigned());
        var e = Assert.IsType<HandlingOverdue>(Assert.Single(ComplaintClocks.Decide(c, HandlingCheck, EndOfHandlingDay)));
        Assert.Equal(new HandlingOverdue(ComplaintId, HandlingDueOn, EndOfHandlingDay), e);

        c.Apply(e);
        Assert.True(c.HandlingOverdue);
    }

    [Fact]
    public void A_complaint_never_decided_on_is_also_handling_overdue() =>
        Assert.IsType<HandlingOverdue>(Assert.Single(ComplaintClocks.Decide(Given.Complaint(Received(), AcceptanceWentOverdue()), HandlingCheck, EndOfHandlingDay)));

    [Fact]
    public void Before_the_end_of_the_due_day_handling_is_not_overdue()
    {
        Assert.Empty(ComplaintClocks.Decide(Given.Complaint(Received(), Accepted(), Assigned()), HandlingCheck, EndOfHandlingDay.AddTicks(-1)));
        Assert.Empty(ComplaintClocks.Decide(Given.Complaint(Received(), Accepted(), Assigned(), Concluded()), HandlingCheck, EndOfHandlingDay.AddTicks(-1)));
    }

    [Fact]
    public void Handling_overdue_is_recorded_once() =>
        Assert.Empty(ComplaintClocks.Decide(Given.Complaint(Received(), Accepted(), HandlingWentOverdue()), HandlingCheck, EndOfHandlingDay.AddMinutes(1)));

    [Fact]
    public void Concluded_but_not_told_by_the_due_day_the_notification_is_overdue()
    {
        var c = Given.Complaint(Received(), Accepted(), Assigned(), Concluded());
        var e = Assert.IsType<NotificationOverdue>(Assert.Single(ComplaintClocks.Decide(c, HandlingCheck, EndOfHandlingDay)));
        Assert.Equal(new NotificationOverdue(ComplaintId, HandlingDueOn, EndOfHandlingDay), e);

        c.Apply(e);
        Assert.True(c.NotificationOverdue);
        Assert.False(c.HandlingOverdue);
    }

    [Fact]
    public void A_notification_still_being_delivered_or_failed_at_the_due_day_is_overdue()
    {
        Assert.IsType<NotificationOverdue>(Assert.Single(ComplaintClocks.Decide(
            Given.Complaint(Received(), Accepted(), Assigned(), Concluded(), NotificationRequested()), HandlingCheck, EndOfHandlingDay)));
        Assert.IsType<NotificationOverdue>(Assert.Single(ComplaintClocks.Decide(
            Given.Complaint(Received(), Accepted(), Assigned(), Concluded(), NotificationRequested(), NotificationFailed()), HandlingCheck, EndOfHandlingDay)));
    }

    [Fact]
    public void Notification_overdue_is_recorded_once() =>
        Assert.Empty(ComplaintClocks.Decide(Given.Complaint(Received(), Accepted(), Assigned(), Concluded(), NotificationWentOverdue()),
            HandlingCheck, EndOfHandlingDay.AddMinutes(1)));

    [Fact]
    public void A_closed_complaint_raises_nothing()
    {
        var told = Given.Complaint(Received(), Accepted(), Assigned(), Concluded(), Notified(), Closed());
        Assert.Empty(ComplaintClocks.Decide(told, HandlingCheck, EndOfHandlingDay.AddDays(1)));
        Assert.Empty(ComplaintClocks.Decide(told, AcceptanceCheck, EndOfHandlingDay.AddDays(1)));

        var notAccepted = Given.Complaint(Received(), NotAccepted(), Closed("不予受理"));
        Assert.Empty(ComplaintClocks.Decide(notAccepted, HandlingCheck, EndOfHandlingDay.AddDays(1)));

        var anonymousClosed = Given.Complaint(ReceivedAnonymously(), Accepted(), Assigned(), Concluded(), Closed("匿名投诉未留联系方式，无法告知"));
        Assert.Empty(ComplaintClocks.Decide(anonymousClosed, HandlingCheck, EndOfHandlingDay));
    }

    [Fact]
    public void The_check_for_the_old_due_date_after_an_extension_does_nothing_and_the_new_one_decides()
    {
        var c = Given.Complaint(Received(), Accepted(), Assigned(), Extended(20)); // due 2026-05-03
        Assert.Empty(ComplaintClocks.Decide(c, HandlingCheck, EndOfHandlingDay.AddMinutes(1)));

        var newCheck = new ComplaintClockCheck(ComplaintId, ComplaintClock.Handling, D(2026, 5, 3));
        var end = new DateTimeOffset(2026, 5, 3, 16, 0, 0, TimeSpan.Zero);
        Assert.Empty(ComplaintClocks.Decide(c, newCheck, end.AddTicks(-1)));
        Assert.Equal(new HandlingOverdue(ComplaintId, D(2026, 5, 3), end), Assert.Single(ComplaintClocks.Decide(c, newCheck, end)));
    }

    [Fact]
    public void After_an_extension_the_old_check_raises_no_notification_overdue_either() =>
        Assert.Empty(ComplaintClocks.Decide(Given.Complaint(Received(), Accepted(), Assigned(), Extended(20), Concluded()), HandlingCheck, EndOfHandlingDay));

    // ---------------------------------------------------------------- scheduling

    private static List<(ComplaintClockCheck Message, DateTimeOffset? At)> Scheduled(OutgoingMessages outgoing) =>
        outgoing.Select(m => m switch
        {
            DeliveryMessage<ComplaintClockCheck> d => (d.Message, d.Options.ScheduledTime),
            _ => throw new Xunit.Sdk.XunitException($"Unexpected outgoing message {m.GetType()}"),
        }).ToList();

    [Fact]
    public void Registration_schedules_both_checks_at_the_end_of_their_due_days()
    {
        var scheduled = Scheduled(ComplaintClocks.Schedule(Received()));

        Assert.Equal(2, scheduled.Count);
        Assert.Contains((AcceptanceCheck, (DateTimeOffset?)EndOfAcceptanceDay), scheduled);
        Assert.Contains((HandlingCheck, (DateTimeOffset?)EndOfHandlingDay), scheduled);
        Assert.All(scheduled, s => Assert.Equal(TimeSpan.FromHours(8), s.At!.Value.Offset));
    }

    [Fact]
    public void A_receipt_late_in_the_UTC_day_is_scheduled_from_the_Beijing_dates()
    {
        var lateUtc = new DateTimeOffset(2026, 2, 12, 16, 30, 0, TimeSpan.Zero); // Fri 2026-02-13 00:30 Beijing
        var received = RegisterComplaintEndpoint.Decide(
            new RegisterComplaint(ComplaintChannel.Visit, lateUtc, true, null, null, "某公司", null, "销毁档案", null),
            ComplaintActors.UrumqiHandler, null, JurisdictionCatalogue.Find("650100")!, ComplaintId, "TS1", _ => "", null, lateUtc.AddMinutes(10));
        var scheduled = Scheduled(ComplaintClocks.Schedule(received));

        Assert.Contains((new ComplaintClockCheck(ComplaintId, ComplaintClock.Acceptance, D(2026, 2, 28)),
            (DateTimeOffset?)new DateTimeOffset(2026, 2, 28, 16, 0, 0, TimeSpan.Zero)), scheduled);
        Assert.Contains((new ComplaintClockCheck(ComplaintId, ComplaintClock.Handling, D(2026, 4, 14)),
            (DateTimeOffset?)new DateTimeOffset(2026, 4, 14, 16, 0, 0, TimeSpan.Zero)), scheduled);
    }

    [Fact]
    public void An_extension_schedules_one_handling_check_for_the_new_due_date()
    {
        var (message, at) = Assert.Single(Scheduled(ComplaintClocks.ScheduleHandling(ComplaintId, D(2026, 5, 3))));
        Assert.Equal(new ComplaintClockCheck(ComplaintId, ComplaintClock.Handling, D(2026, 5, 3)), message);
        Assert.Equal(new DateTimeOffset(2026, 5, 3, 16, 0, 0, TimeSpan.Zero), at);
    }

    // ---------------------------------------------------------------- the handler around the decider

    [Fact]
    public void The_handler_appends_what_the_clock_decides()
    {
        // At the very instant the due day ends: overdue, and not scheduled again.
        var (events, again) = ComplaintClockCheckHandler.Handle(AcceptanceCheck, Given.Complaint(Received()), new FakeTimeProvider(EndOfAcceptanceDay));
        Assert.IsType<AcceptanceOverdue>(Assert.Single(events));
        Assert.Empty(again);
    }

    /// <summary>
    /// Wolverine may deliver a scheduled message a little before the application's clock reaches its time
    /// (clock skew between nodes and the database). The rectification clock schedules such a check again
    /// (RectificationDeadlineCheckHandler); the complaint clock returns only events, so the check is lost and
    /// the complaint never becomes overdue. Written against the result as an object so that it still
    /// compiles once the handler also returns OutgoingMessages.
    /// </summary>
    [Fact]
    public void A_check_that_fires_early_is_scheduled_again_for_the_end_of_the_due_day()
    {
        object result = ComplaintClockCheckHandler.Handle(AcceptanceCheck, Given.Complaint(Received()), new FakeTimeProvider(EndOfAcceptanceDay.AddSeconds(-2)));

        var parts = result is ITuple t ? Enumerable.Range(0, t.Length).Select(i => t[i]).ToList() : [result];
        var again = parts.OfType<OutgoingMessages>().SingleOrDefault();
        Assert.True(again is not null, "An early check appends nothing and must come back later, but the handler returns no outgoing messages.");
        Assert.Empty(parts.OfType<IEnumerable<object>>().Where(p => p is not OutgoingMessages).SelectMany(p => p));
        var (message, at) = Assert.Single(Scheduled(again!));
        Assert.Equal(AcceptanceCheck, message);
        Assert.Equal(EndOfAcceptanceDay, at);
    }
}
