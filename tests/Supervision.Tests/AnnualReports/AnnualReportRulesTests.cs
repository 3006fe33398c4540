using Supervision.AnnualReports;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;

namespace Supervision.Tests.AnnualReports;

/// <summary>Issue 17 §2: the Art. 36 annual report's form, round and review, without a database.</summary>
public sealed class AnnualReportRulesTests
{
    private static readonly SupervisedUnit Archives = new() { Id = Guid.NewGuid(), Name = "乌鲁木齐市档案馆", Kind = UnitKind.NationalArchives, JurisdictionId = "650100" };
    private static readonly SupervisedUnit Agency = new() { Id = Guid.NewGuid(), Name = "某档案服务公司", Kind = UnitKind.ArchiveServiceAgency, JurisdictionId = "650100" };
    private static readonly SupervisedUnit County = new() { Id = Guid.NewGuid(), Name = "天山区某局", Kind = UnitKind.Organ, JurisdictionId = "650102" };

    private static Dictionary<string, string?> Answers() => AnnualReportForms.Of(1).Where(i => i.Required)
        .ToDictionary(i => i.Code, i => (string?)(i.Type == FormItemType.Text ? "情况说明" : "1"));

    private static AnnualReportRound Round(DateOnly due)
    {
        var round = new AnnualReportRound();
        round.Apply(AnnualReportRules.Decide(new OpenAnnualReportRound(2025, due), Actors.UrumqiLeader, false, [Archives, Agency, County], Clock.Now));
        return round;
    }

    [Fact]
    public void A_round_expects_the_units_art36_names_in_the_departments_own_jurisdiction_and_defaults_to_31_march()
    {
        var round = Round(Clock.Today.AddDays(30));
        Assert.Equal([Archives.Id], round.Units.Select(u => u.UnitId)); // not the service agency (Art. 39), not the county's unit
        Assert.Equal(new DateOnly(2026, 3, 31), AnnualReportRules.DefaultDueOn(2025));
        Assert.Equal(new DateOnly(2026, 2, 28), AnnualReportRules.DefaultDueOn(2025, new AnnualReportOptions(2, 30)));
        Refusal.Forbidden(() => AnnualReportRules.Decide(new(2025), Actors.UrumqiInspector, false, [], Clock.Now));
        Refusal.Invalid("invalid_year", () => AnnualReportRules.Decide(new(Clock.Today.Year + 1), Actors.UrumqiLeader, false, [], Clock.Now), "year");
        Refusal.Expect(409, "round_exists", () => AnnualReportRules.Decide(new(2025, Clock.Today), Actors.UrumqiLeader, exists: true, [], Clock.Now));
    }

    [Fact]
    public void The_form_checks_required_items_numbers_and_unknown_items_by_its_version()
    {
        Assert.Equal("1", AnnualReportForms.Check(1, Answers())["staff_full_time"]);
        Refusal.Invalid("field_required", () => AnnualReportForms.Check(1, new Dictionary<string, string?>(Answers()) { ["responsibility"] = " " }), "answers.responsibility");
        Refusal.Invalid("invalid_number", () => AnnualReportForms.Check(1, new Dictionary<string, string?>(Answers()) { ["staff_full_time"] = "-1" }), "answers.staff_full_time");
        Refusal.Invalid("invalid_number", () => AnnualReportForms.Check(1, new Dictionary<string, string?>(Answers()) { ["digitised_percent"] = "101" }), "answers.digitised_percent");
        Refusal.Invalid("unknown_item", () => AnnualReportForms.Check(1, new Dictionary<string, string?>(Answers()) { ["budget"] = "1" }), "answers");
        Assert.Throws<ArgumentOutOfRangeException>(() => AnnualReportForms.Of(99));
    }

    [Fact]
    public void A_report_after_the_due_date_is_late_for_good_returned_ones_come_back_and_accepted_ones_are_final()
    {
        var round = Round(Clock.Today);
        var unit = new Actor("unit.a", "古丽", Roles.Unit, "650100", "unit:" + Archives.Id);
        var report = new AnnualReport();
        var late = AnnualReportRules.Decide(round, null, Archives.Id, Answers(), [], "portal", Clock.Today.AddDays(1), unit, Clock.Now.AddDays(1));
        Assert.True(late.Late);
        report.Apply(late);
        report.Version = 1; // (Marten sets it from the stream)
        Refusal.Expect(409, "report_under_review", () => AnnualReportRules.Decide(round, report, Archives.Id, Answers(), [], "portal", Clock.Today.AddDays(1), unit, Clock.Now.AddDays(1)));
        report.Apply((AnnualReportReturned)AnnualReportRules.Decide(report, new ReviewAnnualReport(1, false, "请补充"), Actors.UrumqiInspector, Clock.Now));
        report.Version = 2;
        Assert.True(AnnualReportRules.Decide(round, report, Archives.Id, Answers(), [], "portal", Clock.Today.AddDays(2), unit, Clock.Now.AddDays(2)).Late);
        report.Apply(AnnualReportRules.Decide(round, report, Archives.Id, Answers(), [], "portal", Clock.Today.AddDays(2), unit, Clock.Now.AddDays(2)));
        report.Version = 3;
        Refusal.Forbidden(() => AnnualReportRules.Decide(report, new ReviewAnnualReport(3, true), Actors.RegionLeader, Clock.Now)); // the level above does not review it
        report.Apply((AnnualReportAccepted)AnnualReportRules.Decide(report, new ReviewAnnualReport(3, true), Actors.UrumqiLeader, Clock.Now));
        Refusal.Refused("report_accepted", () => AnnualReportRules.Decide(round, report, Archives.Id, Answers(), [], "portal", Clock.Today.AddDays(3), unit, Clock.Now.AddDays(3)));
        Refusal.Refused("unit_not_expected", () => AnnualReportRules.Decide(round, null, Agency.Id, Answers(), [], "paper", Clock.Today, Actors.UrumqiInspector, Clock.Now), "unitId");
    }

    [Fact]
    public void A_unit_without_a_report_is_missing_only_after_the_due_date()
    {
        var round = Round(Clock.Today);
        Assert.False(Assert.Single(AnnualReportRules.Status(round, [], Clock.Today)).Missing);
        Assert.True(Assert.Single(AnnualReportRules.Status(round, [], Clock.Today.AddDays(1))).Missing);
    }
}
