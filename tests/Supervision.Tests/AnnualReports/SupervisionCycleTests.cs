using Supervision.AnnualReports;

namespace Supervision.Tests.AnnualReports;

/// <summary>Issue 17: the annual cycle's figures for the dashboard and the statistics, without a database.</summary>
public sealed class SupervisionCycleTests
{
    private static AgencyEvaluation Published(string grade, bool changedOnReview = false)
    {
        var e = new AgencyEvaluation { Status = EvaluationStatus.Published, Grade = grade };
        if (changedOnReview) e.Reviews.Add(new AgencyEvaluationReviewed(e.Id, true, [], [], 61m, grade, "复核变更", "leader", DateTimeOffset.UnixEpoch));
        return e;
    }

    [Fact]
    public void Reports_split_into_on_time_late_missing_and_pending_and_evaluations_count_by_the_grade_in_force_best_first()
    {
        var rounds = new[]
        {
            new RoundSummary("650100", "乌鲁木齐市档案局", 2025, new DateOnly(2026, 3, 31), Due: 10, Reported: 7, Late: 2, Missing: 3, Pending: 0),
            new RoundSummary("650102", "天山区档案局", 2025, new DateOnly(2026, 3, 31), Due: 4, Reported: 1, Late: 0, Missing: 0, Pending: 3),
        };
        var figures = SupervisionCycle.Figures(rounds, [Published("不合格"), Published("合格", changedOnReview: true), Published("优秀")]);
        Assert.Equal((14, 6, 2, 3, 3), (figures.ReportsDue, figures.ReportsOnTime, figures.ReportsLate, figures.ReportsMissing, figures.ReportsPending));
        Assert.Equal(["优秀", "良好", "合格", "不合格"], figures.EvaluationsByGrade.Keys);
        Assert.Equal([1, 0, 1, 1], figures.EvaluationsByGrade.Values);
        Assert.Equal((3, 1), (figures.Evaluations, figures.EvaluationsChangedOnReview));
    }
}
