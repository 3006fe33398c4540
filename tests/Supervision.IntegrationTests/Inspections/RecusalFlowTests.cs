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
        await _api.Refused("urumqi.inspector1", $"/api/units/{unit.Id}/conflicts", new { userName = "region.inspector", relation = "x" }, 404, "not_found"); // 克拉玛依 is not Urumqi's
        await _api.Ok(_api.Post("region.leader", $"/api/units/{unit.Id}/conflicts", new { userName = "region.inspector", relation = "配偶在该单位任档案室主任" }));

        await _api.Refused("region.inspector", "/api/inspections",
            new { unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = new[] { "region.inspector", "urumqi.inspector1" } },
            422, "inspector_recused", field: "inspectorIds");
    }

    [Fact]
    public async Task The_party_asks_for_recusal_the_officer_is_suspended_and_the_leader_replaces_him()
    {
        var id = await _given.StartedInspection();
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{id}/recusal-requests", new { version = 2, inspectorId = "urumqi.inspector2", reason = "被检查单位称其与单位负责人系亲属" }));
        var problem = await _api.Refused("urumqi.inspector2", $"/api/inspections/{id}/obstructions", new { version = 3, description = "x" }, 403, "forbidden", id);
        Assert.Contains("回避", problem.Str("detail_zh"));

        await _api.Refused("urumqi.inspector1", $"/api/inspections/{id}/recusal-decisions",
            new { version = 3, inspectorId = "urumqi.inspector2", granted = true, reason = "属实", replacementId = "region.inspector" }, 403, "forbidden", id);
        await _api.Ok(_api.Post("urumqi.leader", $"/api/inspections/{id}/recusal-decisions", new { version = 3, inspectorId = "urumqi.inspector2", granted = true, reason = "经核实属实，准予回避", replacementId = "region.inspector" }));

        var inspection = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/inspections/{id}"));
        var team = inspection.GetProperty("inspectors").EnumerateArray().Select(i => i.Str("userName")).ToArray();
        Assert.Equal(["urumqi.inspector1", "region.inspector"], team);
        await _api.Refused("urumqi.inspector2", $"/api/inspections/{id}/obstructions", new { version = 4, description = "x" }, 403, "forbidden", id);
        await _api.Ok(_api.Post("region.inspector", $"/api/inspections/{id}/obstructions", new { version = 4, description = "拒绝提供电子档案系统账号" }));
    }
}
