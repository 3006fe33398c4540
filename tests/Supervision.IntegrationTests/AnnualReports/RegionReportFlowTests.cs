using Supervision.IntegrationTests.Ui;

namespace Supervision.IntegrationTests.AnnualReports;

/// <summary>
/// Issue 17 §2, Art. 36 第二句 through HTTP: a county (天山区) submits its region's annual report to the prefecture (乌鲁木齐市),
/// its figures generated and frozen; the prefecture returns it with reasons, the county submits again, the prefecture
/// accepts it and sees it among the departments below with the roll-up. The region has no department above; others may
/// not review it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RegionReportFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private static readonly object Body = new { year = 2024, summary = "全区档案工作稳步推进，完成检查 12 次", problems = "部分单位库房条件不足", plans = "开展档案安全专项检查" };

    [Fact]
    public async Task A_county_reports_its_region_to_the_prefecture_which_returns_it_and_then_accepts_it()
    {
        const int year = 2024;
        await _api.Refused("tianshan.inspector", "/api/region-reports", Body, 403, "forbidden");
        await _api.Refused("region.leader", "/api/region-reports", Body, 422, "no_department_above");
        var draft = await _api.Ok(_api.Get("tianshan.leader", $"/api/region-reports?year={year}"));
        Assert.True(draft.GetProperty("hasDepartmentAbove").GetBoolean());
        Assert.Equal(JsonValueKindNull, draft.GetProperty("own").ValueKind);

        var submitted = await _api.Ok(_api.Post("tianshan.leader", "/api/region-reports", Body));
        var id = submitted.Id("reportId");
        Assert.Equal("650100", submitted.Str("parentDepartmentId"));
        Assert.True(submitted.GetProperty("figures").TryGetProperty("hazardsFound", out _)); // generated and frozen in the event
        await _api.Refused("tianshan.leader", "/api/region-reports", Body, 409, "report_under_review");

        // The prefecture sees it below, returns it with reasons; another prefecture cannot touch it.
        var prefecture = await _api.Ok(_api.Get("urumqi.leader", $"/api/region-reports?year={year}"));
        var line = prefecture.GetProperty("below").EnumerateArray().Single(l => l.Str("departmentId") == "650102");
        Assert.Equal(("submitted", id), (line.Str("status"), line.Id("reportId")));
        Assert.Equal(404, (await _api.Post("kashi.leader", $"/api/region-reports/{id}/review", new { version = 1, accepted = true })).Status);
        Assert.Contains($"/region-reports/{id}", await (await UiBrowser.LoggedIn(app, "urumqi.leader")).GetStringAsync("/")); // the prefecture's 待办
        await _api.Refused("tianshan.leader", $"/api/region-reports/{id}/review", new { version = 1, accepted = true }, 403, "forbidden");
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/region-reports/{id}/review", new { version = 1, accepted = false, reasons = "请补充档案安全检查情况" }));
        var own = (await _api.Ok(_api.Get("tianshan.leader", $"/api/region-reports?year={year}"))).GetProperty("own");
        Assert.Equal("returned", own.Str("status"));

        await _api.Ok(_api.Post("tianshan.leader", "/api/region-reports", Body));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/region-reports/{id}/review", new { version = 3, accepted = true }));
        await _api.Refused("tianshan.leader", "/api/region-reports", Body, 422, "report_accepted");
        prefecture = await _api.Ok(_api.Get("urumqi.leader", $"/api/region-reports?year={year}"));
        line = prefecture.GetProperty("below").EnumerateArray().Single(l => l.Str("departmentId") == "650102");
        Assert.Equal("accepted", line.Str("status"));
        Assert.Equal(line.GetProperty("figures").GetProperty("ordersIssued").GetInt32(), prefecture.GetProperty("rollUp").GetProperty("ordersIssued").GetInt32());

        // The pages: the prefecture's list and the report; a unit or a county's staff outside see nothing.
        using var leader = await UiBrowser.LoggedIn(app, "urumqi.leader");
        var page = await leader.GetStringAsync($"/region-reports?year={year}");
        Assert.Contains("下级部门报送情况", page);
        Assert.Contains("上级已审核通过", page);
        Assert.Contains("请补充档案安全检查情况", await leader.GetStringAsync($"/region-reports/{id}"));
        Assert.Equal(404, (await _api.Get("kashi.leader", $"/api/region-reports/{id}")).Status);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
