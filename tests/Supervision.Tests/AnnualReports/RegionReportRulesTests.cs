using Supervision.AnnualReports;
using Supervision.Shared;
using Supervision.Tests.TestSupport;

namespace Supervision.Tests.AnnualReports;

/// <summary>Art. 36 第二句 (issue 17 §2): the region report's figures and rules, without a database.</summary>
public sealed class RegionReportRulesTests
{
    private static readonly Actor TianshanLeader = new("tianshan.leader", "杨帆", Roles.Leader, "650102", Paths.Tianshan);
    private static readonly SubmitRegionReport Body = new(2025, "情况", "问题", "计划");

    private static AnnualReport Report(AnnualReportStatus status, string staff, string area) => new()
    {
        Status = status, Answers = new() { ["staff_full_time"] = staff, ["storage_area"] = area },
    };

    [Fact]
    public void The_figures_sum_the_accepted_unit_reports_only()
    {
        var totals = Supervision.Dashboards.DashboardQueries.Sum([]);
        RoundUnitStatus Unit(bool late, bool missing) => new(Guid.NewGuid(), "单位", missing ? null : Guid.NewGuid(), missing ? "none" : "accepted", late, missing, null, null);
        var figures = RegionReportRules.Figures([Unit(false, false), Unit(true, false), Unit(false, true)], [Report(AnnualReportStatus.Accepted, "2", "100.5"),
            Report(AnnualReportStatus.Accepted, "3", "50"), Report(AnnualReportStatus.Submitted, "9", "999")], totals);
        Assert.Equal((2, 5L, 150.5m), (figures.UnitReportsAccepted, figures.StaffFullTime, figures.StorageArea));
        Assert.Equal((3, 1, 1), (figures.UnitsDue, figures.UnitReportsLate, figures.UnitReportsMissing));
        Assert.Equal(10L, RegionFigures.Sum([figures, figures]).StaffFullTime);
    }

    private static readonly DateTimeOffset BeforeDue = new(2026, 4, 30, 23, 0, 0, TimeSpan.FromHours(8)); // Beijing, the due day itself
    private static readonly DateTimeOffset AfterDue = new(2026, 5, 1, 0, 30, 0, TimeSpan.FromHours(8));

    [Fact]
    public void The_due_date_is_30_april_of_the_next_year_or_configured_and_lateness_is_that_of_the_first_submission()
    {
        Assert.Equal(new DateOnly(2026, 4, 30), RegionReportRules.DueOn(2025));
        Assert.Equal(new DateOnly(2026, 5, 31), RegionReportRules.DueOn(2025, new AnnualReportOptions(RegionDueMonth: 5, RegionDueDay: 31)));
        Assert.Equal(new DateOnly(2026, 2, 28), RegionReportRules.DueOn(2025, new AnnualReportOptions(RegionDueMonth: 2, RegionDueDay: 31))); // clamped

        // On the due day (Beijing time) on time; the next day late.
        var onTime = RegionReportRules.Decide(Body, null, RegionFigures.Zero, TianshanLeader, BeforeDue);
        Assert.Equal((new DateOnly(2026, 4, 30), false), (onTime.DueOn, onTime.Late));
        var late = RegionReportRules.Decide(Body, null, RegionFigures.Zero, TianshanLeader, AfterDue);
        Assert.Equal((new DateOnly(2026, 4, 30), true), (late.DueOn, late.Late));

        // Returned and submitted again after the due date: still on time (the first submission met it), same due date even if
        // the configuration changed meanwhile. One first submitted late stays late.
        var report = Returned(onTime);
        var again = RegionReportRules.Decide(Body, report, RegionFigures.Zero, TianshanLeader, AfterDue.AddDays(20), new AnnualReportOptions(RegionDueMonth: 6));
        Assert.Equal((new DateOnly(2026, 4, 30), false), (again.DueOn, again.Late));
        Assert.True(RegionReportRules.Decide(Body, Returned(late), RegionFigures.Zero, TianshanLeader, AfterDue.AddDays(20)).Late);

        // A report recorded before due dates were (no DueOn, no Late in its event): judged by its first submission.
        var old = new RegionAnnualReport();
        old.Apply(onTime with { DueOn = null, Late = null, SubmittedAt = AfterDue });
        Assert.True(RegionReportRules.LateOf(old, RegionReportRules.DueOn(2025)));
        Assert.False(RegionReportRules.LateOf(old, RegionReportRules.DueOn(2025, new AnnualReportOptions(RegionDueMonth: 5))));
    }

    private static RegionAnnualReport Returned(RegionReportSubmitted submitted)
    {
        var report = new RegionAnnualReport();
        report.Apply(submitted);
        report.Apply(new RegionReportReturned(submitted.ReportId, "请补充", "urumqi.leader", submitted.SubmittedAt.AddDays(1)));
        report.Version = 2;
        return report;
    }

    [Fact]
    public void A_department_without_a_report_is_pending_until_the_due_date_and_missing_after_it_and_the_counts_say_so()
    {
        var urumqi = JurisdictionCatalogue.Find("650100")!;
        Assert.Equal(["650102", "650103"], RegionReportRules.Below("650100").Select(j => j.Id));
        Assert.Equal(["650100", "650200", "653100", "654000"], RegionReportRules.Below("650000").Select(j => j.Id));
        var due = new DateOnly(2026, 4, 30);
        Assert.Equal("pending", RegionReportRules.State(urumqi, null, due, due).Status);
        Assert.Equal("missing", RegionReportRules.State(urumqi, null, due, due.AddDays(1)).Status);
        var lateReport = Returned(RegionReportRules.Decide(Body, null, RegionFigures.Zero, TianshanLeader, AfterDue));
        var lateState = RegionReportRules.State(JurisdictionCatalogue.Find("650102")!, lateReport, due, due.AddDays(3));
        Assert.Equal(("returned", true, new DateOnly(2026, 5, 1)), (lateState.Status, lateState.Late, lateState.SubmittedOn));

        var onTime = RegionReportRules.State(JurisdictionCatalogue.Find("650103")!, Returned(RegionReportRules.Decide(Body, null, RegionFigures.Zero,
            TianshanLeader with { JurisdictionId = "650103", JurisdictionPath = "650000/650100/650103" }, BeforeDue)), due, due.AddDays(3));
        var counts = RegionReportRules.Count([lateState, onTime, RegionReportRules.State(urumqi, null, due, due.AddDays(3))]);
        Assert.Equal(new RegionReportCounts(Due: 3, Reported: 2, OnTime: 1, Late: 1, Missing: 1, Pending: 0, UnderReview: 0, Returned: 2, Accepted: 0), counts);

        // The deadline board's year: the latest whose due date has passed.
        Assert.Equal(2024, RegionReportRules.LastDueYear(due));
        Assert.Equal(2025, RegionReportRules.LastDueYear(due.AddDays(1)));
    }

    [Fact]
    public void A_department_below_reports_to_the_one_above_once_accepted_for_good()
    {
        var submitted = RegionReportRules.Decide(Body, null, RegionFigures.Zero, TianshanLeader, Clock.Now);
        Assert.Equal(("650102", "650100"), (submitted.DepartmentId, submitted.ParentDepartmentId));
        Refusal.Refused("no_department_above", () => RegionReportRules.Decide(Body, null, RegionFigures.Zero, Actors.RegionLeader, Clock.Now));
        Refusal.Forbidden(() => RegionReportRules.Decide(Body, null, RegionFigures.Zero, Actors.TianshanInspector, Clock.Now));
        Refusal.Invalid("field_required", () => RegionReportRules.Decide(Body with { Plans = " " }, null, RegionFigures.Zero, TianshanLeader, Clock.Now), "plans");

        var report = new RegionAnnualReport();
        report.Apply(submitted);
        report.Version = 1;
        Refusal.Expect(409, "report_under_review", () => RegionReportRules.Decide(Body, report, RegionFigures.Zero, TianshanLeader, Clock.Now));
        Refusal.Forbidden(() => RegionReportRules.Decide(report, new ReviewAnnualReport(1, true), Actors.RegionLeader, Clock.Now)); // not two levels up
        report.Apply((RegionReportAccepted)RegionReportRules.Decide(report, new ReviewAnnualReport(1, true), Actors.UrumqiLeader, Clock.Now));
        Refusal.Refused("report_accepted", () => RegionReportRules.Decide(Body, report, RegionFigures.Zero, TianshanLeader, Clock.Now));
    }
}
