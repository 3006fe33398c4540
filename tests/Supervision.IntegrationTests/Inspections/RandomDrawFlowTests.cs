namespace Supervision.IntegrationTests.Inspections;

[Collection(AppCollection.Name)]
public sealed class RandomDrawFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);

    [Fact]
    public async Task Leader_draws_units_and_officers_the_draw_verifies_and_is_published()
    {
        var (byInspector, _) = await _api.Post("urumqi.inspector1", "/api/inspection-draws", new { unitCount = 3, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(10), seed = 12345 });
        Assert.Equal(403, byInspector);

        var draw = await _api.Ok(_api.Post("urumqi.leader", "/api/inspection-draws",
            new { jurisdiction = "650100", unitCount = 3, focusItems = new[] { "Art37.1", "Art37.4" }, plannedOn = app.Day(10), seed = 12345 }), 201);
        Assert.Equal(12345, draw.Long("seed"));
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
        var (hidden, _) = await _api.Get("kashi.inspector", $"/api/inspection-draws/{draw.Id("drawId")}");
        Assert.Equal(404, hidden);

        var published = await _api.Ok(_api.Get("", "/api/public/inspection-draws"));
        var mine = published.EnumerateArray().Single(d => d.Id() == draw.Id("drawId"));
        Assert.Equal(3, mine.GetProperty("units").GetArrayLength());
        Assert.DoesNotContain("inspector", mine.ToString());
    }
}
