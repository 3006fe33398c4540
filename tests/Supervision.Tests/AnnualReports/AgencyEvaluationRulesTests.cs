using Supervision.AnnualReports;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;

namespace Supervision.Tests.AnnualReports;

/// <summary>Art. 39 (issue 17 §3): the evaluation scheme and the scoring rules, without a database.</summary>
public sealed class AgencyEvaluationRulesTests
{
    private static readonly Dictionary<string, int?> Full = EvaluationSchemes.Of(1).Where(i => !i.Veto).ToDictionary(i => i.Code, i => (int?)i.Weight);
    private static readonly Dictionary<string, bool?> NoVeto = new() { ["veto_loss"] = false, ["veto_subcontract"] = false };

    private static SupervisedUnit Agency() => new() { Id = Guid.NewGuid(), Name = "某档案服务公司", Kind = UnitKind.ArchiveServiceAgency, JurisdictionId = "650100", JurisdictionPath = Paths.Urumqi };

    [Fact]
    public void One_failed_veto_item_makes_it_unqualified_whatever_the_score()
    {
        Assert.Equal((100m, "优秀"), (EvaluationSchemes.Check(1, Full, NoVeto).Percent, EvaluationSchemes.Check(1, Full, NoVeto).Grade));
        Assert.Equal("不合格", EvaluationSchemes.Check(1, Full, new Dictionary<string, bool?>(NoVeto) { ["veto_subcontract"] = true }).Grade);
        Refusal.Invalid("veto_missing", () => EvaluationSchemes.Check(1, Full, new Dictionary<string, bool?> { ["veto_loss"] = false }), "vetoes.veto_subcontract");
        Refusal.Invalid("unknown_indicator", () => EvaluationSchemes.Check(1, new Dictionary<string, int?>(Full) { ["price"] = 1 }, NoVeto), "scores");
    }

    [Fact]
    public void Two_certified_officers_without_a_conflict_score_it_and_a_published_result_changes_only_by_review()
    {
        var unit = Agency();
        var c = new ScoreAgency(2025, unit.Id, Full, NoVeto, "现场检查", ["urumqi.inspector1", "urumqi.inspector2"]);
        var officers = new[] { Staff.UrumqiInspector1, Staff.UrumqiInspector2, Staff.UrumqiUncertified };
        Refusal.Invalid("two_officers_required", () => AgencyEvaluationRules.Decide(unit, null, c with { InspectorIds = ["urumqi.inspector1"] }, Actors.UrumqiInspector, officers, Clock.Now), "inspectorIds");
        Refusal.Refused("inspector_not_certified", () => AgencyEvaluationRules.Decide(unit, null, c with { InspectorIds = ["urumqi.inspector1", "urumqi.trainee"] }, Actors.UrumqiInspector, officers, Clock.Now), "inspectorIds");
        var conflicted = Agency();
        conflicted.ConflictsOfInterest.Add(new ConflictOfInterest("urumqi.inspector2", "配偶在该公司任职", "urumqi.leader", Clock.Now));
        Refusal.Refused("inspector_recused", () => AgencyEvaluationRules.Decide(conflicted, null, c, Actors.UrumqiInspector, officers, Clock.Now), "inspectorIds");
        Refusal.Forbidden(() => AgencyEvaluationRules.Decide(unit, null, c, Actors.UrumqiLeader, officers, Clock.Now));

        var evaluation = new AgencyEvaluation();
        evaluation.Apply(AgencyEvaluationRules.Decide(unit, null, c, Actors.UrumqiInspector, officers, Clock.Now));
        evaluation.Version = 1;
        evaluation.Apply(AgencyEvaluationRules.Publish(evaluation, 1, Actors.UrumqiLeader, Clock.Now));
        evaluation.Version = 2;
        Refusal.Refused("result_published", () => AgencyEvaluationRules.Decide(unit, evaluation, c, Actors.UrumqiInspector, officers, Clock.Now));
        Refusal.Refused("no_objection", () => AgencyEvaluationRules.Review(evaluation, new ReviewEvaluation(2, false, "维持"), Actors.UrumqiLeader, Clock.Now));
        var agency = new Actor("unit.x", "周婷", Roles.Unit, "650100", "unit:" + unit.Id);
        Refusal.Refused("objection_period_over", () => AgencyEvaluationRules.Object(evaluation, new ObjectToEvaluation("理由"), agency, Clock.Now.AddDays(16)));
        evaluation.Apply(AgencyEvaluationRules.Object(evaluation, new ObjectToEvaluation("理由"), agency, Clock.Now.AddDays(15)));
        var kept = AgencyEvaluationRules.Review(evaluation, new ReviewEvaluation(2, false, "维持原评价"), Actors.UrumqiLeader, Clock.Now);
        Assert.Equal((false, "优秀"), (kept.Changed, kept.Grade));
    }
}
