using Supervision.Units;

namespace Supervision.IntegrationTests.Inspections;

[Collection(AppCollection.Name)]
public sealed class RecusalFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    [Fact]
    public async Task An_officer_with_a_recorded_conflict_cannot_be_assigned()
    {
        // 克拉玛依 units are used by this test only.
        var unit = await app.UnitIn("650200");
        var (byInspector, _) = await _api.Post("urumqi.inspector1", $"/api/units/{unit.Id}/conflicts", new { userName = "region.inspector", relation = "x" });
        Assert.Equal(404, byInspector); // 克拉玛依 is not Urumqi's
        await _api.Ok(_api.Post("region.leader", $"/api/units/{unit.Id}/conflicts", new { userName = "region.inspector", relation = "配偶在该单位任档案室主任" }));

        var (status, body) = await _api.Post("region.inspector", "/api/inspections",
            new { unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = new[] { "region.inspector", "urumqi.inspector1" } });
        Assert.Equal(422, status);
        Assert.Equal("inspector_recused", body.Str("code"));
    }

    [Fact]
    public async Task The_party_asks_for_recusal_the_officer_is_suspended_and_the_leader_replaces_him()
    {
        var id = await _given.StartedInspection();
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{id}/recusal-requests", new { version = 2, inspectorId = "urumqi.inspector2", reason = "被检查单位称其与单位负责人系亲属" }));
        var (suspended, problem) = await _api.Post("urumqi.inspector2", $"/api/inspections/{id}/obstructions", new { version = 3, description = "x" });
        Assert.Equal(403, suspended);
        Assert.Contains("回避", problem.Str("detail_zh"));

        var (byInspector, _) = await _api.Post("urumqi.inspector1", $"/api/inspections/{id}/recusal-decisions", new { version = 3, inspectorId = "urumqi.inspector2", granted = true, reason = "属实", replacementId = "region.inspector" });
        Assert.Equal(403, byInspector);
        await _api.Ok(_api.Post("urumqi.leader", $"/api/inspections/{id}/recusal-decisions", new { version = 3, inspectorId = "urumqi.inspector2", granted = true, reason = "经核实属实，准予回避", replacementId = "region.inspector" }));

        var inspection = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/inspections/{id}"));
        var team = inspection.GetProperty("inspectors").EnumerateArray().Select(i => i.Str("userName")).ToArray();
        Assert.Equal(["urumqi.inspector1", "region.inspector"], team);
        var (recused, _) = await _api.Post("urumqi.inspector2", $"/api/inspections/{id}/obstructions", new { version = 4, description = "x" });
        Assert.Equal(403, recused);
        await _api.Ok(_api.Post("region.inspector", $"/api/inspections/{id}/obstructions", new { version = 4, description = "拒绝提供电子档案系统账号" }));
    }
}
