using Snapshooter.Xunit;
using Supervision.Inspections;
using Supervision.Shared;
using Supervision.Tests.Rectifications;

namespace Supervision.Tests.Inspections;

/// <summary>
/// The 现场检查笔录 as printed: an inspection never scored on a checklist renders as records did before checklists existed
/// (the approved snapshot), so a record issued then and frozen later reads the same; a scored one adds its score and grade.
/// </summary>
public sealed class InspectionRecordDocumentTests
{
    private static Inspection Concluded() => new()
    {
        Id = Guid.Parse("01a215af-0000-7000-8000-000000000011"), UnitName = "乌鲁木齐市档案馆", FocusItems = ["Art37.1"],
        JurisdictionId = "650100", JurisdictionPath = "650000/650100", Status = InspectionStatus.Concluded,
        StartedAt = new DateTimeOffset(2026, 2, 12, 2, 0, 0, TimeSpan.Zero), ClosedAt = new DateTimeOffset(2026, 2, 12, 6, 0, 0, TimeSpan.Zero),
        RecordNumber = "乌档检录〔2026〕1号", Summary = "未发现隐患",
        Inspectors = [new Signatory("urumqi.inspector1", "李明", "乌档执650100001"), new Signatory("urumqi.inspector2", "艾克拜尔·吐尔逊", "乌档执650100002")],
    };

    [Fact]
    public void A_record_without_a_checklist_prints_as_before()
    {
        var html = InspectionRecordDocument.Render(Concluded(), [], JurisdictionCatalogue.Find("650100")!)!;
        Assert.DoesNotContain("检查清单", html);
        Snapshot.Match(RectificationOrderDocumentTests.PrintedContent(html));
    }

    [Fact]
    public void A_scored_record_prints_its_score_grade_and_failed_items()
    {
        var i = Concluded();
        var scores = InspectionChecklists.For(i.FocusItems).ToDictionary(x => InspectionChecklists.Key(x.Focus, x.Item), x => (int?)x.Item.MaxScore);
        scores["common/storage"] = 4;
        i.Status = InspectionStatus.InProgress;
        i.Version = 2;
        i.Checklist = InspectionChecklists.Decide(i, new ScoreChecklist(2, scores), TestSupport.Actors.UrumqiInspector, TestSupport.Clock.Now);
        i.Status = InspectionStatus.Concluded;
        var html = InspectionRecordDocument.Render(i, [], JurisdictionCatalogue.Find("650100")!)!;
        Assert.Contains($"检查清单评分：{i.Checklist.Percent:0.#}%，等次：{i.Checklist.Grade}", html);
        Assert.Contains("4/20（不符合）", html);
    }
}
