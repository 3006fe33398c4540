using System.Text.Json;
using Marten;

namespace Supervision.IntegrationTests.Inspections;

/// <summary>
/// R6 双随机、一公开. One draw per department and plan period (the month of the planned date): each test here draws
/// for its own month, away from the authorisation matrix's draw (February 2026).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RandomDrawFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static object Request(string plannedOn, int unitCount = 3, string? redrawReason = null) =>
        new { jurisdiction = "650100", unitCount, focusItems = new[] { "Art37.1", "Art37.4" }, plannedOn, redrawReason };

    /// <summary>The events a draw writes: the draw, its planned inspections, the cancelled ones of a superseded draw.</summary>
    private Task<long> EventCount() => app.EventCount("random_draw_performed", "inspection_planned", "inspection_cancelled");

    [Fact]
    public async Task Leader_draws_units_and_officers_the_draw_verifies_and_is_published()
    {
        app.ClockAt(new DateTimeOffset(2026, 5, 6, 10, 0, 0, Beijing));
        var (byInspector, _) = await _api.Post("urumqi.inspector1", "/api/inspection-draws", Request(app.Day(10)));
        Assert.Equal(403, byInspector);

        var draw = await _api.Ok(_api.Post("urumqi.leader", "/api/inspection-draws", Request(app.Day(10))), 201);
        Assert.Equal(("2026-05", "sha256-inputs-v1"), (draw.Str("planPeriod"), draw.Str("seedRule")));
        // Uniform unless asked otherwise: no weighting, no weights recorded (issue 17 §3).
        Assert.True(!draw.TryGetProperty("weighting", out var weighting) || weighting.ValueKind == JsonValueKind.Null);
        Assert.True(!draw.TryGetProperty("weights", out var weights) || weights.ValueKind == JsonValueKind.Null);
        var selections = draw.GetProperty("selections").EnumerateArray().ToArray();
        Assert.Equal(3, selections.Length);
        foreach (var s in selections)
        {
            var inspection = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspections/{s.Id("inspectionId")}"));
            Assert.Equal(draw.Id("drawId"), inspection.Id("drawId"));
            Assert.Equal(s.Id("unitId"), inspection.Id("unitId"));
            Assert.Equal(2, inspection.GetProperty("inspectors").GetArrayLength());
            Assert.StartsWith("650000/650100", inspection.Str("jurisdictionPath"));
        }

        var verification = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspection-draws/{draw.Id("drawId")}/verification"));
        Assert.True(verification.GetProperty("reproducible").GetBoolean());
        Assert.True(verification.GetProperty("seedDerived").GetBoolean());
        var (hidden, _) = await _api.Get("kashi.inspector", $"/api/inspection-draws/{draw.Id("drawId")}");
        Assert.Equal(404, hidden);

        var published = await _api.Ok(_api.Get("", "/api/public/inspection-draws"));
        var mine = published.EnumerateArray().Single(d => d.Id() == draw.Id("drawId"));
        Assert.Equal(3, mine.GetProperty("units").GetArrayLength());
        Assert.Equal("乌鲁木齐市档案局", mine.Str("department"));
        Assert.DoesNotContain("inspector", mine.ToString());
    }

    [Fact]
    public async Task The_seed_cannot_be_chosen_and_a_redraw_of_the_same_month_needs_a_reason_supersedes_the_first_and_cancels_its_inspections()
    {
        app.ClockAt(new DateTimeOffset(2026, 6, 3, 10, 0, 0, Beijing));
        var plannedOn = app.Day(14); // June 2026
        var before = await EventCount();
        var (chosen, chosenProblem) = await _api.Post("urumqi.leader", "/api/inspection-draws",
            new { jurisdiction = "650100", unitCount = 1, focusItems = new[] { "Art37.1" }, plannedOn, seed = 12345 });
        Assert.Equal((400, "seed_not_allowed", "seed"), (chosen, chosenProblem.Str("code"), chosenProblem.GetProperty("errors").EnumerateObject().Single().Name));
        Assert.Equal(before, await EventCount());

        var first = await _api.Ok(_api.Post("urumqi.leader", "/api/inspection-draws", Request(plannedOn, unitCount: 2)), 201);
        Assert.Equal(before + 3, await EventCount()); // the count sees a draw: the draw and its two planned inspections
        var firstInspections = first.GetProperty("selections").EnumerateArray().Select(s => s.Id("inspectionId")).ToArray();

        // The same month again without a reason: refused, nothing written. Another month is another plan period.
        before = await EventCount();
        var (again, againProblem) = await _api.Post("urumqi.leader", "/api/inspection-draws", Request(app.Day(16), unitCount: 2));
        Assert.Equal((409, "draw_exists_for_period"), (again, againProblem.Str("code")));
        Assert.Equal(before, await EventCount());
        var (nothing, nothingProblem) = await _api.Post("urumqi.leader", "/api/inspection-draws", Request(app.Day(40), redrawReason: "试一试"));
        Assert.Equal((422, "no_draw_to_replace"), (nothing, nothingProblem.Str("code")));

        // With a reason: a new draw, the first one superseded and its planned inspections cancelled.
        var redraw = await _api.Ok(_api.Post("urumqi.leader", "/api/inspection-draws", Request(app.Day(16), unitCount: 2, redrawReason: "检查对象名录漏列两家单位")), 201);
        Assert.Equal((first.Id("drawId"), "检查对象名录漏列两家单位"), (redraw.Id("supersedes"), redraw.Str("redrawReason")));
        var old = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspection-draws/{first.Id("drawId")}"));
        Assert.Equal((redraw.Id("drawId"), "检查对象名录漏列两家单位"), (old.Id("supersededBy"), old.Str("supersededReason")));
        foreach (var id in firstInspections)
        {
            var inspection = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspections/{id}"));
            Assert.Equal("Cancelled", inspection.Str("status"), ignoreCase: true);
        }
        var verification = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspection-draws/{redraw.Id("drawId")}/verification"));
        Assert.True(verification.GetProperty("seedDerived").GetBoolean() && verification.GetProperty("reproducible").GetBoolean());

        // 一公开: both draws are published, the first marked as superseded with the reason.
        var published = await _api.Ok(_api.Get("", "/api/public/inspection-draws"));
        var firstPublished = published.EnumerateArray().Single(d => d.Id() == first.Id("drawId"));
        Assert.True(firstPublished.GetProperty("superseded").GetBoolean());
        Assert.Equal("检查对象名录漏列两家单位", firstPublished.Str("supersededReason"));
        var page = (await _api.Ok(_api.Get("", "/public/inspection-draws"))).GetString();
        Assert.Contains("已重新抽取，本次结果作废（理由：检查对象名录漏列两家单位）", page);
    }
}
