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
        var figures = RegionReportRules.Figures(null, [Report(AnnualReportStatus.Accepted, "2", "100.5"), Report(AnnualReportStatus.Accepted, "3", "50"),
            Report(AnnualReportStatus.Submitted, "9", "999")], totals);
        Assert.Equal((2, 5L, 150.5m), (figures.UnitReportsAccepted, figures.StaffFullTime, figures.StorageArea));
        Assert.Equal(10L, RegionFigures.Sum([figures, figures]).StaffFullTime);
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
