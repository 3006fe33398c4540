using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Sanctions;
using Supervision.Units;

namespace Supervision.Tests.Units;

public sealed class UnitProfileRiskTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static DateTimeOffset DaysAgo(int days) => new DateTimeOffset(2026, 11, 26, 4, 0, 0, TimeSpan.Zero).AddDays(-days);

    private static UnitRiskInputs None => new(0, 0, 0, 0, 0, false);

    [Fact]
    public void A_unit_with_no_history_scores_zero_and_lists_every_factor()
    {
        var risk = UnitRisk.Score(None);
        Assert.Equal(0, risk.Score);
        Assert.Equal("低", risk.Level);
        Assert.Equal(["open_hazards", "overdue_orders", "substantiated_complaints", "obstructions", "sanction_decisions", "missing_annual_reports", "clean_inspection"],
            risk.Factors.Select(f => f.Code));
        Assert.All(risk.Factors, f => Assert.Equal(0, f.Points));
    }

    [Fact]
    public void Each_factor_adds_count_times_weight()
    {
        var risk = UnitRisk.Score(new UnitRiskInputs(OpenHazards: 1, OverdueOrders: 1, SubstantiatedComplaints: 1, Obstructions: 0, SanctionDecisions: 0, CleanInspectionLastYear: false));
        Assert.Equal(15 + 25 + 10, risk.Score);
        Assert.Equal("中", risk.Level);
        Assert.Equal(25, risk.Factors.Single(f => f.Code == "overdue_orders").Points);
        Assert.Equal(risk.Score, risk.Factors.Sum(f => f.Points));
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0, false, 0)]
    [InlineData(2, 0, 0, 0, 0, false, 30)]
    [InlineData(0, 0, 0, 1, 0, false, 20)]
    [InlineData(0, 0, 0, 0, 1, false, 15)]
    [InlineData(1, 0, 0, 0, 0, true, 5)]
    [InlineData(0, 0, 0, 0, 0, true, 0)]   // a clean inspection never goes below 0
    [InlineData(3, 2, 2, 1, 1, false, 100)] // 45 + 50 + 20 + 20 + 15 = 150, clamped
    public void The_score_is_the_weighted_sum_clamped_to_0_100(int open, int overdue, int complaints, int obstructions, int sanctions, bool clean, int expected)
    {
        var risk = UnitRisk.Score(new UnitRiskInputs(open, overdue, complaints, obstructions, sanctions, clean));
        Assert.Equal(expected, risk.Score);
        Assert.InRange(risk.Score, 0, 100);
    }

    [Theory]
    [InlineData(29, "低")]
    [InlineData(30, "中")]
    [InlineData(59, "中")]
    [InlineData(60, "高")]
    public void Levels(int score, string level) => Assert.Equal(level, UnitRisk.Level(score));

    [Fact]
    public void Going_overdue_raises_the_score()
    {
        var before = UnitRisk.Score(None with { OpenHazards = 1 });
        var after = UnitRisk.Score(None with { OpenHazards = 1, OverdueOrders = 1 });
        Assert.Equal(before.Score + UnitRisk.OverdueOrderWeight, after.Score);
    }

    [Fact]
    public void Inputs_count_current_state_and_recent_history_only()
    {
        var open = new Rectification { Status = RectificationStatus.Ordered };
        var overdue = new Rectification { Status = RectificationStatus.Ordered, IsOverdue = true };
        var correctedLate = new Rectification { Status = RectificationStatus.Closed, IsOverdue = true };
        var obstructedRecently = new Inspection { Status = InspectionStatus.Concluded, StartedAt = DaysAgo(100), PlannedAt = DaysAgo(110), ClosedAt = DaysAgo(99), Obstructions = ["拒绝提供档案"] };
        var obstructedLongAgo = new Inspection { Status = InspectionStatus.Concluded, StartedAt = DaysAgo(900), PlannedAt = DaysAgo(910), Obstructions = ["拒绝进入库房"] };
        var clean = new Inspection { Status = InspectionStatus.Concluded, StartedAt = DaysAgo(30), PlannedAt = DaysAgo(40), ClosedAt = DaysAgo(29) };
        var complaints = new[]
        {
            new Complaint { ReceivedAt = DaysAgo(200), Substantiated = true },
            new Complaint { ReceivedAt = DaysAgo(200), Substantiated = false },
            new Complaint { ReceivedAt = DaysAgo(800), Substantiated = true }, // older than 2 years
            new Complaint { ReceivedAt = DaysAgo(5) },                          // not concluded
        };
        var sanctions = new[]
        {
            new SanctionCase { PenaltyImposed = true, DecidedOn = Today.AddDays(-60) },
            new SanctionCase { PenaltyImposed = true, DecidedOn = Today.AddDays(-60), DecisionRevoked = true },
            new SanctionCase { PenaltyImposed = false, DecidedOn = Today.AddDays(-60) }, // no penalty
            new SanctionCase { PenaltyImposed = true, DecidedOn = Today.AddYears(-3) },
        };

        var inputs = UnitRisk.Inputs([obstructedRecently, obstructedLongAgo, clean], [open, overdue, correctedLate], complaints, sanctions, Today);

        Assert.Equal(new UnitRiskInputs(OpenHazards: 2, OverdueOrders: 1, SubstantiatedComplaints: 1, Obstructions: 1, SanctionDecisions: 1, CleanInspectionLastYear: true), inputs);
    }

    [Fact]
    public void An_inspection_with_a_hazard_or_older_than_a_year_is_not_clean()
    {
        var withHazard = new Inspection { Status = InspectionStatus.Concluded, ClosedAt = DaysAgo(10), RectificationIds = [Guid.NewGuid()] };
        var old = new Inspection { Status = InspectionStatus.Concluded, ClosedAt = DaysAgo(400) };
        var cancelled = new Inspection { Status = InspectionStatus.Cancelled, ClosedAt = DaysAgo(10) };
        Assert.False(UnitRisk.Inputs([withHazard, old, cancelled], [], [], [], Today).CleanInspectionLastYear);
    }

    [Fact]
    public void The_profile_shows_complaints_as_counts_and_hazards_by_item_open_overdue_closed()
    {
        var unit = new SupervisedUnit { Id = Guid.NewGuid(), Name = "测试单位", JurisdictionId = "650100", JurisdictionPath = "650000/650100" };
        var complaint = new Complaint
        {
            ReceivedAt = DaysAgo(3), ProtectedComplainant = "ENCRYPTED-IDENTITY", Allegation = "秘密指控内容", ReceiptNumber = "TS6501002026000001",
            Decision = AcceptanceDecision.Accepted, Status = ComplaintStatus.Accepted,
        };
        var rectifications = new[]
        {
            new Rectification { Id = Guid.NewGuid(), Item = "Art38.3", Status = RectificationStatus.Ordered, DocumentNumber = "乌档责改〔2026〕1号", DueOn = Today },
            new Rectification { Id = Guid.NewGuid(), Item = "Art38.3", Status = RectificationStatus.Ordered, DocumentNumber = "乌档责改〔2026〕2号", IsOverdue = true, Board = "overdue" },
            new Rectification { Id = Guid.NewGuid(), Item = "Art38.1", Status = RectificationStatus.Closed, DocumentNumber = "乌档责改〔2026〕3号", Board = "closed" },
            new Rectification { Id = Guid.NewGuid(), Item = "Art38.1", Status = RectificationStatus.Found },
        };

        var profile = UnitProfileQueries.Build(unit, UnitProfileFigures.Of([], rectifications, [complaint], [], Today), [],
            rectifications.Where(r => r.DocumentNumber is not null), [], Today);

        Assert.Equal(new UnitProfileHazards("Art38.1", "未建立、落实档案安全工作制度的", Open: 1, Overdue: 0, Closed: 1), profile.HazardsByItem[0]);
        Assert.Equal(new UnitProfileHazards("Art38.3", Supervision.Shared.LegalCatalogue.Find("Art38.3")!.Wording, Open: 1, Overdue: 1, Closed: 0), profile.HazardsByItem[1]);
        Assert.Equal(3, profile.RectificationOrdersTotal); // the finding without an order is not an order
        Assert.Equal(new UnitProfileComplaints(Total: 1, Pending: 1, Accepted: 1, NotAccepted: 0, Transferred: 0, Substantiated: 0, NotSubstantiated: 0, Closed: 0), profile.Complaints);
        Assert.Equal(3 * 15 + 25, profile.Risk.Score);

        var json = System.Text.Json.JsonSerializer.Serialize(profile,
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("未建立", json); // Chinese is written as is, so the checks below are real
        Assert.DoesNotContain("ENCRYPTED-IDENTITY", json);
        Assert.DoesNotContain("秘密指控内容", json);
        Assert.DoesNotContain("TS6501002026000001", json);
    }
}
