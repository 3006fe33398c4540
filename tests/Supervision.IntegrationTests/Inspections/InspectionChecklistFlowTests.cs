using Marten.Events;
using Marten;
using Supervision.IntegrationTests.Ui;

namespace Supervision.IntegrationTests.Inspections;

/// <summary>
/// Issue 17 §4 through HTTP: an inspection's checklist scored on site (its focus items' own items with the common ones),
/// a failed item recorded as the Art. 38 hazard it points to from the page's one-step form, and the score and grade in the
/// 现场检查笔录 and on the unit's profile.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class InspectionChecklistFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    [Fact]
    public async Task A_scored_checklist_grades_the_inspection_turns_a_failed_item_into_a_hazard_and_is_printed_in_the_record()
    {
        var id = await _given.StartedInspection(); // focus items Art37.1 and Art37.3
        var scores = new Dictionary<string, int>
        {
            ["common/rules"] = 10, ["common/building"] = 10, ["common/storage"] = 6, ["common/custody"] = 15, ["common/records"] = 10, ["common/use"] = 10,
            ["Art37.1/permanent"] = 15, ["Art37.3/major_events"] = 12,
        };
        await _api.Refused(Inspector, $"/api/inspections/{id}/checklist", new { version = 2, scores = scores.Where(s => s.Key != "common/use").ToDictionary() },
            400, "field_required", id, "scores.common/use");
        await _api.Refused("kashi.inspector", $"/api/inspections/{id}/checklist", new { version = 2, scores }, 404, "not_found", id);
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{id}/checklist", new { version = 2, scores, notes = new Dictionary<string, string> { ["common/storage"] = "无温湿度调控设备" } }));

        var inspection = await _api.Ok(_api.Get(Inspector, $"/api/inspections/{id}"));
        var checklist = inspection.GetProperty("checklist");
        Assert.Equal((83.8m, "优秀"), (checklist.GetProperty("percent").GetDecimal(), checklist.Str("grade"))); // 88 of 105 marks
        var failed = Assert.Single(checklist.GetProperty("scores").EnumerateArray(), s => s.GetProperty("failed").GetBoolean());
        Assert.Equal(("storage", "Art38.3"), (failed.Str("item"), failed.Str("hazardItem")));

        // The page: the grade, and the failed item one step from its hazard (the form carries the item and a description).
        using var browser = await UiBrowser.LoggedIn(app, Inspector);
        var page = await browser.GetStringAsync($"/inspections/{id}");
        Assert.Contains("等次：<strong>优秀</strong>", page);
        Assert.Contains("name=\"item\" value=\"Art38.3\"", page);
        Assert.Contains("检查清单“档案库房设施设备齐全", page);
        var hazard = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{id}/hazards", new
        {
            version = 3, item = failed.Str("hazardItem"), description = "检查清单“档案库房设施设备”不符合要求（得分 6/20）：无温湿度调控设备", evidence = new[] { "现场照片" },
        }), 201);
        Assert.NotEqual(Guid.Empty, hazard.Id("rectificationId"));

        // The grade the inspection ends with is counted in the year's statistics (and the dashboard: the same month rows).
        var year = Supervision.Shared.WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).Year;
        async Task<int> Excellent()
        {
            await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            var totals = (await _api.Ok(_api.Get("urumqi.leader", $"/api/statistics/{year}?jurisdiction=650100"))).GetProperty("totals");
            return totals.GetProperty("inspectionsByGrade").TryGetProperty("优秀", out var n) ? n.GetInt32() : 0;
        }
        var before = await Excellent();
        var concluded = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{id}/conclude", new { version = 4, summary = "检查清单得分 83.8%", inspectorIds = new[] { Inspector, "urumqi.inspector2" } }));
        var record = (await _api.Ok(_api.Get(Inspector, "/api/documents/" + Uri.EscapeDataString(concluded.Str("documentNumber"))))).GetString()!;
        Assert.Contains("检查清单评分：83.8%，等次：优秀", record);
        Assert.Contains("6/20（不符合）", record);
        var unit = (await _api.Ok(_api.Get(Inspector, $"/api/inspections/{id}"))).Id("unitId");
        // The unit is shared with other tests: its inspections span pages of the profile (newest first), so walk them.
        var listed = new List<System.Text.Json.JsonElement>();
        for (var profilePage = 1; ; profilePage++)
        {
            var profile = await _api.Ok(_api.Get("urumqi.leader", $"/api/units/{unit}/profile?inspectionsPage={profilePage}&pageSize=200"));
            listed.AddRange(profile.GetProperty("inspections").EnumerateArray());
            if (listed.Count >= profile.GetProperty("inspectionsTotal").GetInt32()) break;
        }
        Assert.Contains(listed, i => i.Id() == id && i.Str("checklistGrade") == "优秀");
        Assert.Equal(before + 1, await Excellent());
    }
}
