using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using static Supervision.Tests.TestSupport.RectificationEvents;

namespace Supervision.Tests.Rectifications;

/// <summary>Given rectification events, when a command, then events or a refusal.</summary>
public class RectificationDeciderTests
{
    private static readonly DateTimeOffset Now = Clock.Now;           // Thu 2026-02-12 10:00 Beijing
    private static readonly WorkingDayCalendar Calendar = Clock.Calendar;
    private static readonly DateOnly DueOn = Clock.D(2026, 3, 4);     // Wed, a working day
    private const string Department = "650100";
    private const string Number = "乌档责改〔2026〕7号";

    private static DateOnly D(int y, int m, int d) => Clock.D(y, m, d);

    private static RectificationOrdered Order(Rectification r, OrderRectification c, Actor? actor = null, DateTimeOffset? now = null) =>
        RectificationSteps.DecideOrder(r, c, actor ?? Actors.UrumqiInspector, Calendar, now ?? Now, Department, Number);

    private static OrderRectification ByDate(DateOnly dueOn, long version = 1) => new(version, null, dueOn, "配置温湿度控制设备", Staff.UrumqiPairIds);
    private static OrderRectification ByWorkingDays(int n, long version = 1) => new(version, n, null, "配置温湿度控制设备", Staff.UrumqiPairIds);

    // ---------------------------------------------------------------- order

    [Fact]
    public void An_order_by_date_carries_number_deadline_requirements_and_the_inspectors_as_signatories()
    {
        var r = Given.Rectification(Found());
        var e = Order(r, new OrderRectification(1, null, DueOn, "  一、配置温湿度控制设备  ", Staff.UrumqiPairIds));

        Assert.Equal(RectificationId, e.RectificationId);
        Assert.Equal(Number, e.DocumentNumber);
        Assert.Equal(Department, e.DepartmentId);
        Assert.Equal("一、配置温湿度控制设备", e.Requirements);
        Assert.Equal(Clock.Today, e.IssuedOn);
        Assert.Equal(DueOn, e.DueOn);
        Assert.Null(e.WorkingDays);
        Assert.False(e.DueOnProvisional);
        Assert.Equal(Staff.UrumqiPair, e.Signatories);
        Assert.Equal("urumqi.inspector1", e.IssuedBy);
        Assert.Equal(Now, e.IssuedAt);

        r.Apply(e);
        Assert.Equal(RectificationStatus.Ordered, r.Status);
        Assert.Equal(DueOn, r.DueOn);
        Assert.Equal(DueOn, r.OriginalDueOn);
        Assert.Equal("open", r.Board);
    }

    [Fact]
    public void An_order_by_working_days_records_the_count()
    {
        var e = Order(Given.Rectification(Found()), ByWorkingDays(10));
        Assert.Equal(10, e.WorkingDays);
        Assert.Equal(D(2026, 3, 4), e.DueOn);
        Assert.False(e.DueOnProvisional);
    }

    [Fact]
    public void IssuedOn_is_the_Beijing_date_not_the_UTC_date()
    {
        var lateEvening = new DateTimeOffset(2026, 2, 12, 17, 0, 0, TimeSpan.Zero); // 2026-02-13 01:00 Beijing
        Assert.Equal(D(2026, 2, 13), Order(Given.Rectification(Found()), ByDate(DueOn), now: lateEvening).IssuedOn);
    }

    [Fact]
    public void A_due_date_in_a_year_without_a_published_calendar_is_provisional()
    {
        var e = Order(Given.Rectification(Found()), ByDate(D(2027, 1, 5)));
        Assert.Equal(D(2027, 1, 5), e.DueOn);
        Assert.True(e.DueOnProvisional);
    }

    [Fact]
    public void Ordering_twice_is_refused_before_a_number_is_taken() =>
        Refusal.Refused("order_already_issued", () => RectificationSteps.CheckOrder(Given.Rectification(Found(), Ordered(DueOn)),
            ByDate(D(2026, 3, 5), version: 2), Actors.UrumqiInspector, Calendar, Now));

    [Fact]
    public void Ordering_on_a_closed_rectification_is_refused() =>
        Refusal.Refused("order_already_issued",
            () => Order(Given.Rectification(Found(), Ordered(DueOn), Passed()), ByDate(D(2026, 3, 5), version: 3)));

    [Fact]
    public void Giving_both_working_days_and_a_due_date_is_invalid() =>
        Refusal.Invalid("ambiguous_deadline",
            () => Order(Given.Rectification(Found()), new OrderRectification(1, 10, DueOn, "整改", Staff.UrumqiPairIds)), "workingDays");

    [Fact]
    public void Giving_no_deadline_is_invalid() =>
        Refusal.Invalid("deadline_required",
            () => Order(Given.Rectification(Found()), new OrderRectification(1, null, null, "整改", Staff.UrumqiPairIds)), "workingDays");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(181)]
    public void Working_days_out_of_range_are_invalid(int n) =>
        Refusal.Invalid("invalid_working_days", () => Order(Given.Rectification(Found()), ByWorkingDays(n)), "workingDays");

    [Theory]
    [InlineData(1, 2026, 2, 13)]
    [InlineData(180, 2026, 11, 9)]  // counted independently from holidays.json
    public void Working_days_at_the_edges_of_the_range_are_accepted(int n, int y, int m, int d) =>
        Assert.Equal(D(y, m, d), Order(Given.Rectification(Found()), ByWorkingDays(n)).DueOn);

    [Theory]
    [InlineData(2026, 2, 12)] // today
    [InlineData(2026, 2, 11)] // yesterday
    [InlineData(2025, 12, 31)]
    public void A_due_date_that_is_not_in_the_future_is_invalid(int y, int m, int d) =>
        Refusal.Invalid("due_on_not_future", () => Order(Given.Rectification(Found()), ByDate(D(y, m, d))), "dueOn");

    [Fact]
    public void Today_is_the_Beijing_date_when_checking_a_due_date()
    {
        var lateEvening = new DateTimeOffset(2026, 2, 12, 17, 0, 0, TimeSpan.Zero); // already Fri 2026-02-13 in Beijing
        Refusal.Invalid("due_on_not_future", () => Order(Given.Rectification(Found()), ByDate(D(2026, 2, 13)), now: lateEvening), "dueOn");
    }

    [Fact]
    public void A_due_date_more_than_a_year_ahead_is_invalid() =>
        Refusal.Invalid("due_on_too_far", () => Order(Given.Rectification(Found()), ByDate(D(2027, 2, 15))), "dueOn");

    [Fact]
    public void A_due_date_exactly_a_year_ahead_is_allowed() =>
        Assert.Equal(D(2027, 2, 12), Order(Given.Rectification(Found()), ByDate(D(2027, 2, 12))).DueOn); // Fri; 2027 counts weekends only

    [Theory]
    [InlineData(2026, 2, 16)] // Spring Festival holiday (a Monday)
    [InlineData(2026, 2, 23)] // last day of the break (a Monday)
    [InlineData(2026, 2, 21)] // Saturday inside the break
    [InlineData(2026, 3, 7)]  // ordinary Saturday
    [InlineData(2026, 4, 6)]  // Qingming (a Monday)
    public void A_due_date_that_is_not_a_working_day_is_invalid(int y, int m, int d) =>
        Refusal.Invalid("due_on_not_working_day", () => Order(Given.Rectification(Found()), ByDate(D(y, m, d))), "dueOn");

    [Theory]
    [InlineData(2026, 2, 14)] // make-up working Saturday
    [InlineData(2026, 2, 28)] // make-up working Saturday
    [InlineData(2026, 2, 24)]
    public void A_make_up_working_day_or_weekday_is_a_valid_due_date(int y, int m, int d) =>
        Assert.Equal(D(y, m, d), Order(Given.Rectification(Found()), ByDate(D(y, m, d))).DueOn);

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void An_order_needs_requirements(string? requirements) =>
        Refusal.Invalid("field_required",
            () => Order(Given.Rectification(Found()), new OrderRectification(1, 10, null, requirements, Staff.UrumqiPairIds)), "requirements");

    [Fact]
    public void Ordering_with_a_stale_version_is_a_conflict() =>
        Refusal.Stale(1, () => Order(Given.Rectification(Found()), ByDate(DueOn, version: 0)));

    [Fact]
    public void A_Kashgar_inspector_does_not_see_a_Urumqi_rectification() =>
        Refusal.NotFound(() => Order(Given.Rectification(Found()), ByDate(DueOn), Actors.KashgarInspector));

    [Fact]
    public void A_complaint_handler_may_not_issue_an_order() =>
        Refusal.Forbidden(() => Order(Given.Rectification(Found()), ByDate(DueOn), Actors.UrumqiComplaintHandler));

    [Fact]
    public void The_region_leader_may_order_below() =>
        Assert.Equal("region.leader", Order(Given.Rectification(Found(TestUnits.Tianshan)), ByDate(DueOn), Actors.RegionLeader).IssuedBy);

    [Fact]
    public void CheckOrder_returns_the_deadline_before_a_number_is_taken()
    {
        var (due, provisional, requirements) = RectificationSteps.CheckOrder(Given.Rectification(Found()),
            new OrderRectification(1, 10, null, " 整改 ", Staff.UrumqiPairIds), Actors.UrumqiInspector, Calendar, Now);
        Assert.Equal((D(2026, 3, 4), false, "整改"), (due, provisional, requirements));
    }

    // ---------------------------------------------------------------- extension (R8)

    private static DeadlineExtended Extend(Rectification r, ExtendDeadline c, Actor? actor = null, DateTimeOffset? now = null) =>
        RectificationSteps.Decide(r, c, actor ?? Actors.UrumqiLeader, Calendar, now ?? Now);

    [Fact]
    public void A_leader_extends_the_deadline_and_the_previous_one_is_kept()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn), Approaching(DueOn));
        var e = Extend(r, new ExtendDeadline(3, D(2026, 3, 18), " 设备到货延迟 "));
        Assert.Equal(new DeadlineExtended(RectificationId, DueOn, D(2026, 3, 18), false, "设备到货延迟", "urumqi.leader", Now, e.CalendarVersions), e);
        Assert.Equal(new Dictionary<int, int> { [2026] = 1 }, e.CalendarVersions); // counted with the 2026 calendar, version 1

        r.Apply(e);
        Assert.Equal(D(2026, 3, 18), r.DueOn);
        Assert.Equal(DueOn, r.OriginalDueOn);
        Assert.Equal(1, r.ExtensionCount);
        Assert.False(r.ReminderRaised); // a new reminder is due for the new date
    }

    [Fact]
    public void An_extension_into_an_unpublished_calendar_year_is_provisional() =>
        Assert.True(Extend(Given.Rectification(Found(), Ordered(DueOn)), new ExtendDeadline(2, D(2027, 1, 5), "理由")).NewDueOnProvisional);

    [Fact]
    public void An_inspector_may_not_extend_a_deadline() =>
        Refusal.Forbidden(() => Extend(Given.Rectification(Found(), Ordered(DueOn)), new ExtendDeadline(2, D(2026, 3, 18), "理由"), Actors.UrumqiInspector));

    [Fact]
    public void A_Kashgar_leader_cannot_extend_a_Urumqi_deadline() =>
        Refusal.NotFound(() => Extend(Given.Rectification(Found(), Ordered(DueOn)), new ExtendDeadline(2, D(2026, 3, 18), "理由"), Actors.KashgarLeader));

    [Fact]
    public void The_region_leader_may_extend_below() =>
        Assert.Equal("region.leader", Extend(Given.Rectification(Found(TestUnits.Tianshan), Ordered(DueOn)),
            new ExtendDeadline(2, D(2026, 3, 18), "理由"), Actors.RegionLeader).ApprovedBy);

    [Theory]
    [InlineData(2026, 3, 4)] // the same day
    [InlineData(2026, 3, 3)] // earlier
    public void An_extension_not_later_than_the_current_deadline_is_invalid(int y, int m, int d) =>
        Refusal.Invalid("extension_not_later",
            () => Extend(Given.Rectification(Found(), Ordered(DueOn)), new ExtendDeadline(2, D(y, m, d), "理由")), "newDueOn");

    [Fact]
    public void An_extension_is_compared_with_the_current_not_the_original_deadline() =>
        Refusal.Invalid("extension_not_later", () => Extend(Given.Rectification(Found(), Ordered(DueOn), Extended(DueOn, D(2026, 3, 18))),
            new ExtendDeadline(3, D(2026, 3, 11), "理由")), "newDueOn");

    [Fact]
    public void An_extension_is_refused_from_the_moment_the_deadline_lapses_whether_or_not_the_overdue_check_ran()
    {
        var lapse = RectificationDeadlines.OverdueAt(DueOn);
        var ordered = Given.Rectification(Found(), Ordered(DueOn));
        Assert.Equal(D(2026, 3, 18), Extend(ordered, new ExtendDeadline(2, D(2026, 3, 18), "理由"), now: lapse.AddMinutes(-1)).NewDueOn);
        Refusal.Refused("already_overdue", () => Extend(ordered, new ExtendDeadline(2, D(2026, 3, 18), "理由"), now: lapse));
        Refusal.Refused("already_overdue", () => Extend(Given.Rectification(Found(), Ordered(DueOn), Overdue(DueOn)),
            new ExtendDeadline(3, D(2026, 3, 18), "理由"), now: lapse.AddHours(1)));
    }

    [Fact]
    public void An_extension_needs_the_new_date() =>
        Refusal.Invalid("field_required",
            () => Extend(Given.Rectification(Found(), Ordered(DueOn)), new ExtendDeadline(2, null, "理由")), "newDueOn");

    [Fact]
    public void An_extension_needs_a_reason() =>
        Refusal.Invalid("field_required",
            () => Extend(Given.Rectification(Found(), Ordered(DueOn)), new ExtendDeadline(2, D(2026, 3, 18), " ")), "reason");

    [Fact]
    public void An_extension_of_more_than_a_year_is_invalid() =>
        Refusal.Invalid("due_on_too_far",
            () => Extend(Given.Rectification(Found(), Ordered(DueOn)), new ExtendDeadline(2, D(2027, 3, 5), "理由")), "newDueOn");

    [Fact]
    public void An_extension_of_exactly_a_year_is_allowed() =>
        Assert.Equal(D(2027, 3, 4), Extend(Given.Rectification(Found(), Ordered(DueOn)), new ExtendDeadline(2, D(2027, 3, 4), "理由")).NewDueOn);

    [Theory]
    [InlineData(2026, 4, 6)]  // Qingming
    [InlineData(2026, 3, 7)]  // Saturday
    public void An_extension_to_a_day_off_is_invalid(int y, int m, int d) =>
        Refusal.Invalid("due_on_not_working_day",
            () => Extend(Given.Rectification(Found(), Ordered(DueOn)), new ExtendDeadline(2, D(y, m, d), "理由")), "newDueOn");

    [Fact]
    public void An_extension_before_the_order_is_refused() =>
        Refusal.Refused("order_not_issued", () => Extend(Given.Rectification(Found()), new ExtendDeadline(1, D(2026, 3, 18), "理由")));

    [Fact]
    public void An_extension_of_a_closed_rectification_is_refused() =>
        Refusal.Refused("rectification_closed",
            () => Extend(Given.Rectification(Found(), Ordered(DueOn), Passed()), new ExtendDeadline(3, D(2026, 3, 18), "理由")));

    [Fact]
    public void An_extension_with_a_stale_version_is_a_conflict() =>
        Refusal.Stale(3, () => Extend(Given.Rectification(Found(), Ordered(DueOn), Corrected()), new ExtendDeadline(2, D(2026, 3, 18), "理由")));

    // ---------------------------------------------------------------- correction report

    [Fact]
    public void A_correction_report_is_recorded_with_trimmed_non_blank_evidence()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn));
        var e = RectificationSteps.Decide(r, new ReportCorrection(2, " 已购置除湿机 ", [" 发票-01 ", "", "照片-02"]), Actors.UrumqiInspector, Now);

        Assert.Equal(RectificationId, e.RectificationId);
        Assert.Equal("已购置除湿机", e.Description);
        Assert.Equal(["发票-01", "照片-02"], e.Evidence);
        Assert.Equal("urumqi.inspector1", e.RecordedBy);
        Assert.Equal(Now, e.ReportedAt);

        r.Apply(e);
        Assert.Equal(1, r.CorrectionReportCount);
        Assert.Equal("已购置除湿机", r.LastCorrection);
    }

    [Fact]
    public void A_correction_report_may_come_without_evidence() =>
        Assert.Empty(RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn)),
            new ReportCorrection(2, "已整改", null), Actors.UrumqiInspector, Now).Evidence);

    [Fact]
    public void A_correction_report_before_the_order_is_refused() =>
        Refusal.Refused("order_not_issued", () => RectificationSteps.Decide(Given.Rectification(Found()),
            new ReportCorrection(1, "已整改", null), Actors.UrumqiInspector, Now));

    [Fact]
    public void A_correction_report_on_a_closed_rectification_is_refused() =>
        Refusal.Refused("rectification_closed", () => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn), Passed()),
            new ReportCorrection(3, "已整改", null), Actors.UrumqiInspector, Now));

    [Fact]
    public void A_correction_report_needs_a_description() =>
        Refusal.Invalid("field_required", () => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn)),
            new ReportCorrection(2, null, ["照片"]), Actors.UrumqiInspector, Now), "description");

    [Fact]
    public void A_correction_report_takes_up_to_50_pieces_of_evidence_of_up_to_1000_characters()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn));
        var fifty = Enumerable.Range(1, 50).Select(i => $"照片-{i}").ToArray();
        Assert.Equal(50, RectificationSteps.Decide(r, new ReportCorrection(2, "已整改", fifty), Actors.UrumqiInspector, Now).Evidence.Length);
        Refusal.Invalid("evidence_too_large", () => RectificationSteps.Decide(r, new ReportCorrection(2, "已整改", [.. fifty, "照片-51"]), Actors.UrumqiInspector, Now), "evidence");
        Assert.Single(RectificationSteps.Decide(r, new ReportCorrection(2, "已整改", [new string('证', 1000)]), Actors.UrumqiInspector, Now).Evidence);
        Refusal.Invalid("evidence_too_large", () => RectificationSteps.Decide(r, new ReportCorrection(2, "已整改", [new string('证', 1001)]), Actors.UrumqiInspector, Now), "evidence");
    }

    [Fact]
    public void A_correction_report_with_a_stale_version_is_a_conflict() =>
        Refusal.Stale(2, () => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn)),
            new ReportCorrection(1, "已整改", null), Actors.UrumqiInspector, Now));

    [Fact]
    public void A_complaint_handler_may_not_report_a_correction() =>
        Refusal.Forbidden(() => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn)),
            new ReportCorrection(2, "已整改", null), Actors.UrumqiComplaintHandler, Now));

    [Fact]
    public void A_Kashgar_inspector_cannot_report_a_correction_on_a_Urumqi_rectification() =>
        Refusal.NotFound(() => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn)),
            new ReportCorrection(2, "已整改", null), Actors.KashgarInspector, Now));

    // ---------------------------------------------------------------- re-inspection

    [Fact]
    public void A_passed_reinspection_closes_the_rectification()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn), Corrected());
        var e = Assert.IsType<ReinspectionPassed>(RectificationSteps.Decide(r, new RecordReinspection(3, true, " 整改到位 ", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now));
        Assert.Equal(new ReinspectionPassed(RectificationId, "整改到位", "urumqi.inspector1", Now), e with { Officers = null });
        Assert.Equal(Staff.UrumqiPair, e.Officers);

        r.Apply(e);
        Assert.Equal(RectificationStatus.Closed, r.Status);
        Assert.Equal("closed", r.Board);
        Assert.Equal(Now, r.ClosedAt);
    }

    [Fact]
    public void A_failed_reinspection_keeps_the_rectification_open_and_counts_the_failure()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn), Corrected(), Failed());
        Assert.Equal(1, r.FailedReinspections);

        var e = Assert.IsType<ReinspectionFailed>(RectificationSteps.Decide(r, new RecordReinspection(4, false, "仍未整改", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now));
        Assert.Equal(new ReinspectionFailed(RectificationId, "仍未整改", "urumqi.inspector1", Now), e with { Officers = null });
        Assert.Equal(Staff.UrumqiPair, e.Officers);

        r.Apply(e);
        Assert.Equal(RectificationStatus.Ordered, r.Status);
        Assert.Equal(2, r.FailedReinspections);
        Assert.Equal("open", r.Board);
        Assert.Null(r.ClosedAt);
    }

    [Fact]
    public void A_passed_reinspection_of_an_overdue_rectification_moves_it_to_the_closed_board()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn), Overdue(DueOn));
        Assert.Equal("overdue", r.Board);

        r.Apply(Assert.IsType<ReinspectionPassed>(RectificationSteps.Decide(r, new RecordReinspection(3, true, "整改到位", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now)));
        Assert.Equal("closed", r.Board);
        Assert.True(r.IsOverdue); // the overdue stays in the record
    }

    [Fact]
    public void A_reinspection_before_the_order_is_refused() =>
        Refusal.Refused("order_not_issued", () => RectificationSteps.Decide(Given.Rectification(Found()),
            new RecordReinspection(1, true, "整改到位", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now));

    [Fact]
    public void A_reinspection_of_a_closed_rectification_is_refused() =>
        Refusal.Refused("rectification_closed", () => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn), Passed()),
            new RecordReinspection(3, false, "又查了一次", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now));

    [Fact]
    public void A_reinspection_must_say_whether_it_passed() =>
        Refusal.Invalid("field_required", () => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn)),
            new RecordReinspection(2, null, "意见", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now), "passed");

    [Fact]
    public void A_reinspection_needs_notes() =>
        Refusal.Invalid("field_required", () => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn)),
            new RecordReinspection(2, true, "", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now), "notes");

    [Fact]
    public void A_reinspection_with_a_stale_version_is_a_conflict() =>
        Refusal.Stale(3, () => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn), Failed()),
            new RecordReinspection(2, true, "整改到位", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now));

    [Fact]
    public void A_complaint_handler_may_not_record_a_reinspection() =>
        Refusal.Forbidden(() => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn)),
            new RecordReinspection(2, true, "整改到位", Staff.UrumqiPairIds), Actors.UrumqiComplaintHandler, Now));

    [Fact]
    public void A_Kashgar_inspector_cannot_reinspect_a_Urumqi_rectification() =>
        Refusal.NotFound(() => RectificationSteps.Decide(Given.Rectification(Found(), Ordered(DueOn)),
            new RecordReinspection(2, true, "整改到位", Staff.UrumqiPairIds), Actors.KashgarInspector, Now));

    [Fact]
    public void A_certified_region_inspector_assigned_by_a_leader_may_reinspect_below_with_an_officer_of_the_team()
    {
        var region = new Actor("region.inspector1", "自治区检查员", Roles.Inspector, "650000", Paths.Region, Certified: true);
        var r = Given.Rectification(Found(TestUnits.Tianshan), Ordered(DueOn));
        var command = new RecordReinspection(2, true, "整改到位", ["region.inspector1", "urumqi.inspector2"]);
        // Not on the case's team: refused (R1), however certified.
        Refusal.Forbidden(() => RectificationSteps.Decide(r, command, region, Now));
        var assigned = RectificationSteps.Decide(r, new AssignOfficers(2, ["region.inspector1"]), Actors.UrumqiLeader, Staff.All, TestUnits.Tianshan, Now);
        r = Given.Rectification(Found(TestUnits.Tianshan), Ordered(DueOn), assigned);
        var e = Assert.IsType<ReinspectionPassed>(RectificationSteps.Decide(r, command with { ExpectedVersion = 3 }, region, Now));
        Assert.Equal("region.inspector1", e.InspectedBy);
        Assert.Equal(["region.inspector1", "urumqi.inspector2"], e.Officers!.Select(o => o.UserName));
    }

    [Fact]
    public void Reinspection_is_refused_to_a_leader_and_to_an_uncertified_inspector()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn));
        Refusal.Forbidden(() => RectificationSteps.Decide(r, new RecordReinspection(2, true, "x", Staff.UrumqiPairIds), Actors.RegionLeader, Now));
        Refusal.Forbidden(() => RectificationSteps.Decide(r, new RecordReinspection(2, true, "x", Staff.UrumqiPairIds), Actors.UrumqiInspector with { Certified = false }, Now));
    }

    [Fact]
    public void Only_the_named_officers_or_a_leader_issue_the_order()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn)) ;
        var found = Given.Rectification(Found());
        var outsider = new Actor("urumqi.inspector9", "另一检查员", Roles.Inspector, "650100", Paths.Urumqi, Certified: true);
        Refusal.Forbidden(() => RectificationSteps.CheckOrder(found, new OrderRectification(1, 10, null, "整改", Staff.UrumqiPairIds), outsider, Calendar, Now));
    }

    [Fact]
    public void A_missing_version_is_invalid_not_a_conflict() =>
        Refusal.Invalid("version_required", () => RectificationSteps.CheckOrder(Given.Rectification(Found()),
            new OrderRectification(null, 10, null, "整改", Staff.UrumqiPairIds), Actors.UrumqiInspector, Calendar, Now), "version");
}
