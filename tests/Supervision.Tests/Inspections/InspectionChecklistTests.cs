using Supervision.Inspections;
using Supervision.Tests.TestSupport;

namespace Supervision.Tests.Inspections;

/// <summary>Issue 17 §4: the checklist of an inspection, scored on site, without a database.</summary>
public sealed class InspectionChecklistTests
{
    private static Inspection Started() => new()
    {
        Id = Guid.NewGuid(), Version = 2, Status = InspectionStatus.InProgress, StartedAt = Clock.Now, FocusItems = ["Art37.1"],
        JurisdictionPath = Paths.Urumqi, Inspectors = [new("urumqi.inspector1", "乌鲁木齐检查员甲", "XJ-0101"), new("urumqi.inspector2", "乌鲁木齐检查员乙", "XJ-0102")],
    };

    private static Dictionary<string, int?> Full(Inspection i) =>
        InspectionChecklists.For(i.FocusItems).ToDictionary(x => InspectionChecklists.Key(x.Focus, x.Item), x => (int?)x.Item.MaxScore);

    [Fact]
    public void Every_item_of_the_inspections_checklist_is_scored_within_its_marks_and_graded()
    {
        var i = Started();
        Assert.Contains(InspectionChecklists.For(i.FocusItems), x => x.Focus == "Art37.1"); // the focus item's own
        Assert.DoesNotContain(InspectionChecklists.For(i.FocusItems), x => x.Focus == "Art37.2");
        var full = InspectionChecklists.Decide(i, new ScoreChecklist(2, Full(i)), Actors.UrumqiInspector, Clock.Now);
        Assert.Equal((100m, "优秀"), (full.Percent, full.Grade));
        Assert.DoesNotContain(full.Scores, s => s.Failed);

        var scores = Full(i);
        scores["common/storage"] = 5; // 5 of 20: failed, points to Art38.3
        scores["common/custody"] = 9; // 9 of 15: exactly 60 %, not failed
        var partial = InspectionChecklists.Decide(i, new ScoreChecklist(2, scores), Actors.UrumqiInspector, Clock.Now);
        var storage = Assert.Single(partial.Scores, s => s.Failed);
        Assert.Equal(("storage", "Art38.3"), (storage.Item, storage.HazardItem));
        Assert.Equal(Math.Round(100m * 69 / 90, 1), partial.Percent); // 76.7
        Assert.Equal("良好", partial.Grade);

        Refusal.Invalid("field_required", () => InspectionChecklists.Decide(i, new ScoreChecklist(2, Full(i).Where(k => k.Key != "common/use").ToDictionary()), Actors.UrumqiInspector, Clock.Now), "scores.common/use");
        Refusal.Invalid("score_out_of_range", () => InspectionChecklists.Decide(i, new ScoreChecklist(2, new(Full(i)) { ["common/use"] = 11 }), Actors.UrumqiInspector, Clock.Now), "scores.common/use");
        Refusal.Invalid("unknown_item", () => InspectionChecklists.Decide(i, new ScoreChecklist(2, new(Full(i)) { ["Art37.2/regional"] = 1 }), Actors.UrumqiInspector, Clock.Now), "scores");
        Refusal.Stale(2, () => InspectionChecklists.Decide(i, new ScoreChecklist(1, Full(i)), Actors.UrumqiInspector, Clock.Now));
    }

    [Theory]
    [InlineData(80, "优秀"), InlineData(79.9, "良好"), InlineData(70, "良好"), InlineData(60, "合格"), InlineData(59.9, "不合格")]
    public void The_grade_follows_the_share_of_full_marks(double percent, string grade) =>
        Assert.Equal(grade, InspectionChecklists.Grade((decimal)percent));

    [Fact]
    public void Only_a_started_inspection_is_scored_by_its_team()
    {
        var planned = Started();
        planned.Status = InspectionStatus.Planned;
        planned.StartedAt = null;
        Assert.Throws<Supervision.Shared.RuleViolation>(() => InspectionChecklists.Decide(planned, new ScoreChecklist(2, Full(planned)), Actors.UrumqiInspector, Clock.Now));
        Assert.Throws<Supervision.Shared.RuleViolation>(() => InspectionChecklists.Decide(Started(), new ScoreChecklist(2, Full(Started())), Actors.KashgarInspector, Clock.Now));
    }
}
