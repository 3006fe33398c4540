using Marten;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Inspections;

namespace Supervision.IntegrationTests.Inspections;

[Collection(AppCollection.Name)]
public sealed class InspectionFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    [Fact]
    public async Task Inspector_plans_starts_records_obstruction_and_hazard_and_concludes()
    {
        var id = await _given.StartedInspection();
        var obstruction = await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{id}/obstructions", new { version = 2, description = "档案室负责人拒绝提供库房钥匙" }));
        Assert.Equal(3, obstruction.Long("version"));
        var hazard = await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{id}/hazards",
            new { version = 3, item = "Art38.5", description = "电子档案系统无操作日志", evidence = new[] { "系统截图" } }), 201);
        var concluded = await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{id}/conclude", new { version = 4, summary = "发现隐患一项，已责令整改", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        Assert.Equal(5, concluded.Long("version"));

        var inspection = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/inspections/{id}"));
        Assert.Equal("concluded", inspection.Str("status"));
        Assert.Equal(5, inspection.Long("version"));
        Assert.Equal(hazard.Id("rectificationId"), inspection.GetProperty("rectificationIds")[0].GetGuid());
        Assert.Equal("档案室负责人拒绝提供库房钥匙", inspection.GetProperty("obstructions")[0].GetString());

        var rectification = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/rectifications/{hazard.Id("rectificationId")}"));
        Assert.Equal("Art38.5", rectification.Str("item"));
        Assert.Equal("found", rectification.Str("status"));

        // The stream is the legal record: every step is an event with who did it.
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        Assert.Equal(["InspectionPlanned", "InspectionStarted", "ObstructionRecorded", "HazardRecorded", "InspectionConcluded"],
            events.Select(e => e.Data.GetType().Name));
        Assert.All(events, e => Assert.Equal("urumqi.inspector1", e.UserName));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.CorrelationId)));
    }

    [Fact]
    public async Task Hazard_on_a_concluded_inspection_is_refused_and_nothing_is_written()
    {
        var id = await _given.StartedInspection();
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{id}/conclude", new { version = 2, summary = "未发现问题", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        await _api.Refused("urumqi.inspector1", $"/api/inspections/{id}/hazards",
            new { version = 3, item = "Art38.1", description = "x", evidence = new[] { "y" } }, 422, "inspection_closed", id);
        await _api.Refused("urumqi.inspector1", $"/api/inspections/{id}/conclude",
            new { version = 3, summary = "再次", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }, 422, "inspection_closed", id);
        await AssertStreamVersion(id, 3);
    }

    [Theory]
    [InlineData(new[] { "urumqi.inspector1" }, "two_inspectors_required")]
    [InlineData(new[] { "urumqi.inspector1", "urumqi.inspector3" }, "inspector_not_certified")]
    [InlineData(new[] { "urumqi.inspector1", "urumqi.handler" }, "inspector_not_certified")]
    [InlineData(new[] { "urumqi.inspector1", "kashi.inspector" }, "inspector_outside_jurisdiction")]
    public async Task Planning_needs_two_certified_inspectors_of_the_jurisdiction(string[] inspectors, string code)
    {
        var unit = await app.UnitIn("650100");
        await _api.Refused("urumqi.inspector1", "/api/inspections",
            new { unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = inspectors }, 422, code, field: "inspectorIds");
    }

    [Fact]
    public async Task Bad_planning_input_gets_400_naming_the_field()
    {
        var unit = await app.UnitIn("650100");
        var cases = new (object Body, string Code, string Field)[]
        {
            (new { focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }, "field_required", "unitId"),
            (new { unitId = Guid.NewGuid(), focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }, "unknown_unit", "unitId"),
            (new { unitId = unit.Id, focusItems = Array.Empty<string>(), plannedOn = app.Day(), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }, "focus_items_required", "focusItems"),
            (new { unitId = unit.Id, focusItems = new[] { "Art38.1" }, plannedOn = app.Day(), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }, "unknown_focus_item", "focusItems"),
            (new { unitId = unit.Id, focusItems = new[] { "Art37.1" }, inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }, "field_required", "plannedOn"),
        };
        foreach (var (body, code, field) in cases)
        {
            var problem = await _api.Refused("urumqi.inspector1", "/api/inspections", body, 400, code, field: field);
            Assert.False(string.IsNullOrEmpty(problem.Str("detail_zh")));
            Assert.False(string.IsNullOrEmpty(problem.Str("detail_en")));
        }
        await _api.Refused("urumqi.inspector1", "/api/inspections", "{\"unitId\": 12, ", 400, "malformed_json");
    }

    [Theory]
    [InlineData("/api/inspections?page=abc")]
    [InlineData("/api/inspections?page=0")]
    [InlineData("/api/inspections?pageSize=100000")]
    [InlineData("/api/inspections?status=flying")]
    [InlineData("/api/inspections?jurisdiction=999999")]
    [InlineData("/api/rectifications?status=late")]
    public async Task Bad_list_queries_are_400_problems(string url)
    {
        var (status, body) = await _api.Get("urumqi.inspector1", url);
        Assert.True(status == 400, body.ToString());
        Assert.StartsWith("https://supervision.local/problems/", body.Str("type"));
        Assert.False(string.IsNullOrEmpty(body.Str("code")));
        Assert.False(string.IsNullOrEmpty(body.Str("detail_zh")));
    }

    [Fact]
    public async Task Stale_version_is_409_with_the_current_version_and_nothing_is_written()
    {
        var id = await _given.StartedInspection();
        var body = await _api.Refused("urumqi.inspector2", $"/api/inspections/{id}/obstructions", new { version = 1, description = "拒绝检查" }, 409, "stale_version", id);
        Assert.Equal(2, body.Long("currentVersion"));
        await AssertStreamVersion(id, 2);
    }

    [Fact]
    public async Task Ten_concurrent_writers_on_one_version_one_wins_the_others_get_409_with_the_current_version()
    {
        var id = await _given.StartedInspection();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(n =>
            _api.Post(n % 2 == 0 ? "urumqi.inspector1" : "urumqi.inspector2", $"/api/inspections/{id}/obstructions", new { version = 2, description = $"拒绝提供资料 {n}" })));
        Assert.Single(results, r => r.Status == 200);
        Assert.All(results.Where(r => r.Status != 200), r =>
        {
            Assert.Equal(409, r.Status);
            Assert.Equal("stale_version", r.Body.Str("code"));
            Assert.Equal(3, r.Body.Long("currentVersion"));
        });
        await AssertStreamVersion(id, 3);
        var inspection = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/inspections/{id}"));
        Assert.Single(inspection.GetProperty("obstructions").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_inspection_is_404()
    {
        var unknown = Guid.NewGuid();
        await _api.Refused("urumqi.inspector1", $"/api/inspections/{unknown}/start", new { version = 1 }, 404, "not_found", unknown);
        Assert.Null(await _api.StreamVersion(unknown)); // not started by the attempt either
        var (getStatus, getBody) = await _api.Get("urumqi.inspector1", $"/api/inspections/{Guid.NewGuid()}");
        Assert.Equal(404, getStatus);
        Assert.Equal("not_found", getBody.Str("code"));
    }

    [Fact]
    public async Task Kashgar_inspector_can_neither_read_nor_change_an_Urumqi_inspection_but_the_region_leader_reads_it()
    {
        var id = await _given.PlannedInspection();
        var (read, readBody) = await _api.Get("kashi.inspector", $"/api/inspections/{id}");
        Assert.Equal(404, read);
        Assert.False(readBody.TryGetProperty("unitName", out _));
        var (write, _) = await _api.Post("kashi.inspector", $"/api/inspections/{id}/start", new { version = 1 });
        Assert.Equal(404, write);
        var list = await _api.Ok(_api.Get("kashi.inspector", "/api/inspections?pageSize=200"));
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.Id() == id);
        var (otherJurisdiction, _) = await _api.Get("kashi.inspector", "/api/inspections?jurisdiction=650100");
        Assert.Equal(404, otherJurisdiction);

        var regional = await _api.Ok(_api.Get("region.leader", $"/api/inspections/{id}"));
        Assert.Equal(id, regional.Id());
        var urumqiList = await _api.Ok(_api.Get("region.leader", "/api/inspections?jurisdiction=650100&status=planned&pageSize=200"));
        Assert.Contains(urumqiList.GetProperty("items").EnumerateArray(), i => i.Id() == id);
        await AssertStreamVersion(id, 1);
    }

    [Fact]
    public async Task Only_the_named_officers_or_a_leader_take_the_inspection_steps()
    {
        var id = await _given.PlannedInspection();
        await _api.Refused("urumqi.inspector3", $"/api/inspections/{id}/start", new { version = 1 }, 403, "forbidden", id);
        await _api.Ok(_api.Post("urumqi.leader", $"/api/inspections/{id}/start", new { version = 1 }));
        await _api.Refused("urumqi.inspector1", $"/api/inspections/{id}/conclude", new { summary = "x" }, 400, "version_required", id, field: "version");
    }

    [Fact]
    public async Task Complaint_handler_may_not_plan_inspections()
    {
        var unit = await app.UnitIn("650100");
        var (status, body) = await _api.Post("urumqi.handler", "/api/inspections",
            new { unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } });
        Assert.Equal(403, status);
        Assert.Equal("forbidden", body.Str("code"));
    }

    [Fact]
    public async Task Cancelling_a_planned_inspection_records_the_reason_but_a_started_one_cannot_be_cancelled()
    {
        var planned = await _given.PlannedInspection();
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{planned}/cancel", new { version = 1, reason = "被检查单位机构撤并" }));
        var cancelled = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/inspections/{planned}"));
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal("被检查单位机构撤并", cancelled.Str("cancelReason"));

        var started = await _given.StartedInspection();
        await _api.Refused("urumqi.inspector1", $"/api/inspections/{started}/cancel", new { version = 2, reason = "x" }, 422, "inspection_in_progress", started);
    }

    private async Task AssertStreamVersion(Guid id, long expected)
    {
        await using var session = app.Store.QuerySession();
        var state = await session.Events.FetchStreamStateAsync(id);
        Assert.Equal(expected, state!.Version);
    }
}
