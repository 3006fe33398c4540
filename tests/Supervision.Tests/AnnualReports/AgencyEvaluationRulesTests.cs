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

    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadDefault();

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
        // Published before notices were numbered: 15 days from publication.
        var due = AgencyEvaluationRules.ObjectionDueOn(evaluation, null, Calendar);
        Assert.Equal(WorkingDayCalendar.BeijingToday(Clock.Now).AddDays(15), due);
        Refusal.Refused("objection_period_over", () => AgencyEvaluationRules.Object(evaluation, new ObjectToEvaluation("理由"), agency, Clock.Now.AddDays(16), due));
        evaluation.Apply(AgencyEvaluationRules.Object(evaluation, new ObjectToEvaluation("理由"), agency, Clock.Now.AddDays(15), due));
        var kept = AgencyEvaluationRules.Review(evaluation, new ReviewEvaluation(2, false, "维持原评价"), Actors.UrumqiLeader, Clock.Now);
        Assert.Equal((false, "优秀"), (kept.Changed, kept.Grade));
    }

    [Fact]
    public void The_objection_period_runs_from_the_receipt_of_the_result_notice_and_a_last_day_on_a_holiday_moves_to_the_next_working_day()
    {
        var evaluation = new AgencyEvaluation { Id = Guid.NewGuid(), Status = EvaluationStatus.Published, PublishedAt = Clock.Now };
        evaluation.Apply(new AgencyEvaluationPublished(evaluation.Id, 55m, "不合格", "urumqi.leader", Clock.Now, NoticeNumber: "乌档评告〔2026〕1号"));
        // Not served yet: the period has not begun.
        Assert.Null(AgencyEvaluationRules.ObjectionDueOn(evaluation, null, Calendar));
        // Received on Wednesday 16 September 2026: the 15th day is 1 October, in the National Day holiday (1–7 October) → 8 October.
        Assert.Equal(new DateOnly(2026, 10, 8), AgencyEvaluationRules.ObjectionDueOn(evaluation, new DateOnly(2026, 9, 16), Calendar));
        // An ordinary case: received on Monday 2 March 2026 → Tuesday 17 March.
        Assert.Equal(new DateOnly(2026, 3, 17), AgencyEvaluationRules.ObjectionDueOn(evaluation, new DateOnly(2026, 3, 2), Calendar));
    }

    [Fact]
    public void A_failed_result_plans_its_follow_up_with_the_scoring_officers_30_days_on_under_the_usual_planning_rules()
    {
        var unit = Agency();
        var officers = new[] { Staff.UrumqiInspector1, Staff.UrumqiInspector2, Staff.UrumqiUncertified };
        var evaluation = new AgencyEvaluation();
        evaluation.Apply(AgencyEvaluationRules.Decide(unit, null, new ScoreAgency(2025, unit.Id, Full, new Dictionary<string, bool?>(NoVeto) { ["veto_loss"] = true },
            "档案丢失", ["urumqi.inspector1", "urumqi.inspector2"]), Actors.UrumqiInspector, officers, Clock.Now));
        Assert.Equal(AgencyEvaluationRules.Failed, evaluation.Grade);
        var id = Guid.NewGuid();
        var plan = AgencyEvaluationRules.FollowUp(evaluation, unit, null, Actors.UrumqiLeader, officers, id, Clock.Now);
        Assert.Equal((id, evaluation.Id, unit.Id), (plan.InspectionId, plan.FollowUpOfEvaluation, plan.UnitId));
        Assert.Equal(WorkingDayCalendar.BeijingToday(Clock.Now).AddDays(30), plan.PlannedOn);
        Assert.Equal(["urumqi.inspector1", "urumqi.inspector2"], plan.Inspectors.Select(i => i.UserName).Order().ToArray());
        Assert.Equal(AgencyEvaluationRules.FollowUpFocusItems, plan.FocusItems);
        // Named otherwise by the leader: still two certified officers (R1).
        Refusal.Refused("inspector_not_certified", () => AgencyEvaluationRules.FollowUp(evaluation, unit,
            new FollowUpPlan(null, ["urumqi.inspector1", "urumqi.trainee"], null), Actors.UrumqiLeader, officers, id, Clock.Now), "inspectorIds");
    }
}
