using Alba;

namespace Supervision.IntegrationTests.Rectifications;

/// <summary>
/// Acts name their actors (R1, R2; issue 12 items 1–2): an enforcement act is done by two certified officers named in the
/// request, each on the case's team (or assigned to it by a leader) and not recused; its document prints exactly them.
/// 李明 = urumqi.inspector1, 艾克拜尔·吐尔逊 = urumqi.inspector2, 张建国 = region.inspector.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ActingOfficersTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private static readonly string[] UrumqiTeam = ["urumqi.inspector1", "urumqi.inspector2"];

    private async Task<string> Document(string number, string user = "urumqi.leader")
    {
        var token = await app.TokenFor(user);
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/documents/" + Uri.EscapeDataString(number));
            s.WithRequestHeader("Authorization", "Bearer " + token);
        });
        return await result.ReadAsTextAsync();
    }

    private async Task<Guid> OrderedBy(string[] officers)
    {
        var (_, rid) = await _given.Hazard();
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/rectifications/{rid}/order",
            new { version = 1, workingDays = 10, requirements = "配置恒温恒湿设备", inspectorIds = officers }));
        return rid;
    }

    [Fact]
    public async Task A_reinspection_is_done_by_two_officers_of_the_team_named_in_the_request_and_the_opinion_prints_exactly_them()
    {
        var rid = await OrderedBy(UrumqiTeam);

        // A certified inspector of the region, not on the team, alone: refused (R1 — it used to be recorded, printing the team).
        var (alone, aloneBody) = await _api.Post("region.inspector", $"/api/rectifications/{rid}/reinspections", new { version = 2, passed = false, notes = "设备未安装" });
        Assert.Equal(403, alone);
        var (withOne, _) = await _api.Post("region.inspector", $"/api/rectifications/{rid}/reinspections",
            new { version = 2, passed = false, notes = "设备未安装", inspectorIds = new[] { "region.inspector", "urumqi.inspector2" } });
        Assert.Equal(403, withOne);
        // An officer of the team names who did it: two of the team, himself among them.
        var (unnamed, unnamedBody) = await _api.Post("urumqi.inspector2", $"/api/rectifications/{rid}/reinspections", new { version = 2, passed = false, notes = "设备未安装" });
        Assert.Equal(400, unnamed);
        Assert.Equal("two_officers_required", unnamedBody.Str("code"));
        var (one, oneBody) = await _api.Post("urumqi.inspector2", $"/api/rectifications/{rid}/reinspections",
            new { version = 2, passed = false, notes = "设备未安装", inspectorIds = new[] { "urumqi.inspector2" } });
        Assert.Equal(400, one);
        Assert.Equal("two_officers_required", oneBody.Str("code"));
        var (notOnTeam, notOnTeamBody) = await _api.Post("urumqi.inspector2", $"/api/rectifications/{rid}/reinspections",
            new { version = 2, passed = false, notes = "设备未安装", inspectorIds = new[] { "region.inspector", "urumqi.inspector2" } });
        Assert.Equal(403, notOnTeam);
        Assert.Equal("not_on_team", notOnTeamBody.Str("code"));
        var (notAmong, notAmongBody) = await _api.Post("urumqi.inspector2", $"/api/rectifications/{rid}/reinspections",
            new { version = 2, passed = false, notes = "设备未安装", inspectorIds = new[] { "urumqi.inspector1", "region.inspector" } });
        Assert.Equal(403, notAmong);
        Assert.Equal("recorder_not_named", notAmongBody.Str("code"));

        // A leader assigns the region's inspector to the case; then he and 艾克拜尔 re-inspect.
        var (byInspector, _) = await _api.Post("urumqi.inspector1", $"/api/rectifications/{rid}/officers", new { version = 2, inspectorIds = new[] { "region.inspector" } });
        Assert.Equal(403, byInspector);
        var (uncertified, uncertifiedBody) = await _api.Post("urumqi.leader", $"/api/rectifications/{rid}/officers", new { version = 2, inspectorIds = new[] { "urumqi.inspector3" } });
        Assert.Equal(422, uncertified);
        Assert.Equal("inspector_not_certified", uncertifiedBody.Str("code"));
        var assigned = await _api.Ok(_api.Post("urumqi.leader", $"/api/rectifications/{rid}/officers", new { version = 2, inspectorIds = new[] { "region.inspector" } }));
        Assert.Equal(3, assigned.Long("version"));
        var failed = await _api.Ok(_api.Post("region.inspector", $"/api/rectifications/{rid}/reinspections",
            new { version = 3, passed = false, notes = "设备未安装", inspectorIds = new[] { "region.inspector", "urumqi.inspector2" } }));

        var opinion = await Document(failed.Str("documentNumber"));
        Assert.Contains("复查不合格", opinion);
        Assert.Contains("张建国（执法证号：新档执650000001）", opinion);
        Assert.Contains("艾克拜尔·吐尔逊（执法证号：乌档执650100002）", opinion);
        Assert.DoesNotContain("李明", opinion);

        var rectification = await _api.Ok(_api.Get("urumqi.leader", $"/api/rectifications/{rid}"));
        var officers = rectification.GetProperty("reinspections")[0].GetProperty("officers").EnumerateArray().Select(o => o.Str("userName"));
        Assert.Equal(["region.inspector", "urumqi.inspector2"], officers);
    }

    [Fact]
    public async Task The_order_prints_the_officers_named_when_it_was_issued()
    {
        var (_, rid) = await _given.Hazard();
        var (none, noneBody) = await _api.Post("urumqi.inspector1", $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 10, requirements = "整改" });
        Assert.Equal(400, none);
        Assert.Equal("two_officers_required", noneBody.Str("code"));
        var (outsider, outsiderBody) = await _api.Post("urumqi.inspector1", $"/api/rectifications/{rid}/order",
            new { version = 1, workingDays = 10, requirements = "整改", inspectorIds = new[] { "urumqi.inspector1", "region.inspector" } });
        Assert.Equal(403, outsider);
        Assert.Equal("not_on_team", outsiderBody.Str("code"));

        var order = await _api.Ok(_api.Post("urumqi.inspector1", $"/api/rectifications/{rid}/order",
            new { version = 1, workingDays = 10, requirements = "整改", inspectorIds = UrumqiTeam }));
        var html = await Document(order.Str("documentNumber"));
        Assert.Contains("执法人员：李明（执法证号：乌档执650100001）、艾克拜尔·吐尔逊（执法证号：乌档执650100002）", html);
    }

    [Fact]
    public async Task The_inspection_record_prints_the_officers_named_at_its_conclusion_not_the_whole_team()
    {
        var id = await _given.StartedInspection(inspectors: ["urumqi.inspector1", "urumqi.inspector2", "region.inspector"]);
        var (none, noneBody) = await _api.Post("urumqi.inspector1", $"/api/inspections/{id}/conclude", new { version = 2, summary = "未发现问题" });
        Assert.Equal(400, none);
        Assert.Equal("two_officers_required", noneBody.Str("code"));
        var concluded = await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{id}/conclude",
            new { version = 2, summary = "未发现问题", inspectorIds = UrumqiTeam }));

        var record = await Document(concluded.Str("documentNumber"));
        Assert.Contains("李明（执法证号：乌档执650100001）、艾克拜尔·吐尔逊（执法证号：乌档执650100002）", record);
        Assert.DoesNotContain("张建国", record);
    }

    [Fact]
    public async Task A_recused_officer_is_off_every_rectification_of_the_inspection_and_the_replacement_signs()
    {
        var (inspection, rid) = await _given.Hazard();
        await _api.Ok(_api.Post("urumqi.inspector2", $"/api/inspections/{inspection}/recusal-requests",
            new { version = 3, inspectorId = "urumqi.inspector1", reason = "被检查单位称其与单位负责人系亲属" }));

        // While the request is pending he may not act on the cases that come from the inspection either.
        var (pending, _) = await _api.Post("urumqi.inspector1", $"/api/rectifications/{rid}/order",
            new { version = 1, workingDays = 10, requirements = "整改", inspectorIds = UrumqiTeam });
        Assert.Equal(403, pending);

        await _api.Ok(_api.Post("urumqi.leader", $"/api/inspections/{inspection}/recusal-decisions",
            new { version = 4, inspectorId = "urumqi.inspector1", granted = true, reason = "经核实属实，准予回避", replacementId = "region.inspector" }));

        // The rectification's team follows the decision, and its record says so.
        var rectification = await _api.Ok(_api.Get("urumqi.leader", $"/api/rectifications/{rid}"));
        Assert.Equal(["region.inspector", "urumqi.inspector2"], rectification.GetProperty("inspectors").EnumerateArray().Select(i => i.Str("userName")));
        var history = await _api.Ok(_api.Get("urumqi.leader", $"/api/cases/{rid}/history"));
        Assert.Contains(history.EnumerateArray(), e => e.Str("event") == "rectification_officer_recused");
        var version = rectification.Long("version");

        var (recused, _) = await _api.Post("urumqi.inspector1", $"/api/rectifications/{rid}/order",
            new { version, workingDays = 10, requirements = "整改", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } });
        Assert.Equal(403, recused);
        var (named, namedBody) = await _api.Post("urumqi.inspector2", $"/api/rectifications/{rid}/order",
            new { version, workingDays = 10, requirements = "整改", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } });
        Assert.Equal(403, named);
        Assert.Equal("not_on_team", namedBody.Str("code"));

        var order = await _api.Ok(_api.Post("urumqi.inspector2", $"/api/rectifications/{rid}/order",
            new { version, workingDays = 10, requirements = "整改", inspectorIds = new[] { "urumqi.inspector2", "region.inspector" } }));
        var html = await Document(order.Str("documentNumber"));
        Assert.Contains("艾克拜尔·吐尔逊（执法证号：乌档执650100002）、张建国（执法证号：新档执650000001）", html);
        Assert.DoesNotContain("李明", html);

        // Nor can the leader put him back on the case.
        var (back, backBody) = await _api.Post("urumqi.leader", $"/api/rectifications/{rid}/officers",
            new { version = order.Long("version"), inspectorIds = new[] { "urumqi.inspector1" } });
        Assert.True(back == 422, backBody.ToString());
        Assert.Equal("inspector_recused", backBody.Str("code"));
    }
}
