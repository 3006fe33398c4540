using System.Text.Json;
using Supervision.IntegrationTests.Ui;
using Supervision.Shared;

namespace Supervision.IntegrationTests.AnnualReports;

/// <summary>
/// Issue 17 §2, Art. 36 第二句 through HTTP: a county (天山区) submits its region's annual report to the prefecture (乌鲁木齐市),
/// its figures generated and frozen, after the due date (late); the prefecture returns it with reasons, the county submits
/// again (still late), the prefecture accepts it and sees it among the departments below with the roll-up, the other county
/// missing. The region has no department above; others may not review it. Then the two levels of a year not yet due: a
/// county reports to its prefecture, the prefecture to the region, which sees both and adds the prefectures' figures only;
/// after the due date the departments without a report are missing — in the view, the statistics and the deadline board.
/// Each test uses its own year (one report per department and year).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RegionReportFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private static readonly object Body = BodyFor(2024);

    private static object BodyFor(int year) => new { year, summary = "全区档案工作稳步推进，完成检查 12 次", problems = "部分单位库房条件不足", plans = "开展档案安全专项检查" };

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
        // Due 30 April 2025 (the year after the one reported); submitted in February 2026: late, and recorded so.
        Assert.Equal(("2025-04-30", true), (submitted.Str("dueOn"), submitted.GetProperty("late").GetBoolean()));
        Assert.True(submitted.GetProperty("figures").TryGetProperty("hazardsFound", out _)); // generated and frozen in the event
        await _api.Refused("tianshan.leader", "/api/region-reports", Body, 409, "report_under_review");

        // The prefecture sees it below, returns it with reasons; another prefecture cannot touch it.
        var prefecture = await _api.Ok(_api.Get("urumqi.leader", $"/api/region-reports?year={year}"));
        var line = prefecture.GetProperty("below").EnumerateArray().Single(l => l.Str("departmentId") == "650102");
        Assert.Equal(("submitted", id, true), (line.Str("status"), line.Id("reportId"), line.GetProperty("late").GetBoolean()));
        // Every department directly below is listed: the other county, with nothing after the due date, is missing.
        Assert.Equal("missing", prefecture.GetProperty("below").EnumerateArray().Single(l => l.Str("departmentId") == "650103").Str("status"));
        Assert.True(prefecture.GetProperty("belowCounts").GetProperty("missing").GetInt32() >= 1);
        Assert.Equal(404, (await _api.Post("kashi.leader", $"/api/region-reports/{id}/review", new { version = 1, accepted = true })).Status);
        Assert.Contains($"/region-reports/{id}", await (await UiBrowser.LoggedIn(app, "urumqi.leader")).GetStringAsync("/")); // the prefecture's 待办
        await _api.Refused("tianshan.leader", $"/api/region-reports/{id}/review", new { version = 1, accepted = true }, 403, "forbidden");
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/region-reports/{id}/review", new { version = 1, accepted = false, reasons = "请补充档案安全检查情况" }));
        var own = (await _api.Ok(_api.Get("tianshan.leader", $"/api/region-reports?year={year}"))).GetProperty("own");
        Assert.Equal("returned", own.Str("status"));

        var again = await _api.Ok(_api.Post("tianshan.leader", "/api/region-reports", Body));
        Assert.True(again.GetProperty("late").GetBoolean()); // the first submission's lateness is kept
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
        Assert.Contains("（逾期报送）", page);
        Assert.Contains("data-status=\"missing\"", page);
        Assert.Contains("请补充档案安全检查情况", await leader.GetStringAsync($"/region-reports/{id}"));
        Assert.Equal(404, (await _api.Get("kashi.leader", $"/api/region-reports/{id}")).Status);
    }

    private static JsonElement Line(JsonElement view, string department) =>
        view.GetProperty("below").EnumerateArray().Single(l => l.Str("departmentId") == department);

    private static int Figure(JsonElement figures, string name) => figures.GetProperty(name).GetInt32();

    [Fact]
    public async Task A_county_reports_to_its_prefecture_the_prefecture_to_the_region_which_sees_both_levels_and_counts_each_figure_once()
    {
        const int year = 2025; // due 30 April 2026: the test's clock (5 February 2026) is before it
        // A county unit (registered by the prefecture, above it) and its accepted report of the year, in the county's own round:
        // the county's figures, and through it the prefecture's.
        var random = string.Concat(Enumerable.Range(0, 7).Select(_ => CreditCode.Alphabet[Random.Shared.Next(CreditCode.Alphabet.Length)]));
        var unit = (await _api.Ok(_api.Post("urumqi.inspector1", "/api/units", new
        {
            name = "天山区区域年报测试局" + random, kind = "organ", jurisdictionId = "650102", creditCode = CreditCode.WithCheckDigit("11650102MB" + random),
        }), 201)).Id();
        await _api.Ok(_api.Post("tianshan.leader", "/api/annual-report-rounds", new { year }), 201);
        var unitReport = (await _api.Ok(_api.Post("tianshan.inspector", $"/api/annual-report-rounds/{year}/reports",
            new { unitId = unit, receivedOn = app.Day(), answers = AnnualReportFlowTests.Answers }))).Id("reportId");
        await _api.Ok(_api.Post("tianshan.leader", $"/api/annual-reports/{unitReport}/review", new { version = 1, accepted = true }));

        // The county: not due yet, so pending; it reports on time.
        var county = await _api.Ok(_api.Get("tianshan.leader", $"/api/region-reports?year={year}"));
        Assert.Equal(("2026-04-30", "pending"), (county.Str("dueOn"), county.Str("ownStatus")));
        var countyReport = await _api.Ok(_api.Post("tianshan.leader", "/api/region-reports", BodyFor(year)));
        Assert.Equal(("2026-04-30", false), (countyReport.Str("dueOn"), countyReport.GetProperty("late").GetBoolean()));
        var countyFigures = countyReport.GetProperty("figures");
        Assert.Equal(1, Figure(countyFigures, "unitReportsAccepted"));

        // The prefecture sees both counties: one reported on time, one pending (not missing before the due date). Its own figures
        // cover its counties: its own round's accepted reports and the county's.
        var prefecture = await _api.Ok(_api.Get("urumqi.leader", $"/api/region-reports?year={year}"));
        Assert.Equal(("submitted", false), (Line(prefecture, "650102").Str("status"), Line(prefecture, "650102").GetProperty("late").GetBoolean()));
        Assert.Equal("pending", Line(prefecture, "650103").Str("status"));
        var counts = prefecture.GetProperty("belowCounts");
        Assert.Equal((2, 1, 1, 0, 1), (counts.GetProperty("due").GetInt32(), counts.GetProperty("reported").GetInt32(), counts.GetProperty("onTime").GetInt32(),
            counts.GetProperty("missing").GetInt32(), counts.GetProperty("pending").GetInt32()));
        var ownRound = await _api.Get("urumqi.leader", $"/api/annual-report-rounds/{year}");
        var ownAccepted = ownRound.Status == 200 ? ownRound.Body.GetProperty("accepted").GetInt32() : 0;
        Assert.Equal(ownAccepted + 1, Figure(prefecture.GetProperty("draft"), "unitReportsAccepted"));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/region-reports/{countyReport.Id("reportId")}/review", new { version = 1, accepted = true }));
        var prefectureReport = await _api.Ok(_api.Post("urumqi.leader", "/api/region-reports", BodyFor(year)));
        var prefectureFigures = prefectureReport.GetProperty("figures");

        // The region: each prefecture with its status, and through it its counties (counts and each one); the roll-up sums the
        // prefectures' reports only — the county's figures are inside the prefecture's and are not added again.
        var region = await _api.Ok(_api.Get("region.leader", $"/api/region-reports?year={year}"));
        Assert.Null(region.GetProperty("ownStatus").GetString()); // no department above
        var urumqi = Line(region, "650100");
        Assert.Equal(("submitted", false), (urumqi.Str("status"), urumqi.GetProperty("late").GetBoolean()));
        Assert.Equal(["650100", "650200", "653100", "654000"], region.GetProperty("below").EnumerateArray().Select(l => l.Str("departmentId")));
        Assert.All(new[] { "650200", "653100", "654000" }, d => Assert.Equal("pending", Line(region, d).Str("status")));
        var viaUrumqi = urumqi.GetProperty("belowCounts");
        Assert.Equal((2, 1, 1, 1), (viaUrumqi.GetProperty("due").GetInt32(), viaUrumqi.GetProperty("reported").GetInt32(),
            viaUrumqi.GetProperty("accepted").GetInt32(), viaUrumqi.GetProperty("pending").GetInt32()));
        Assert.Equal(["accepted", "pending"], urumqi.GetProperty("belowLines").EnumerateArray().Select(l => l.Str("status")));
        Assert.Equal(1, Line(region, "650200").GetProperty("belowCounts").GetProperty("pending").GetInt32()); // 克拉玛依市's county, 独山子区
        var rollUp = region.GetProperty("rollUp");
        foreach (var name in new[] { "unitReportsAccepted", "unitsDue", "hazardsFound", "ordersIssued", "inspectionsConcluded" })
        {
            var prefectures = region.GetProperty("below").EnumerateArray().Where(l => l.GetProperty("figures").ValueKind != JsonValueKindNull)
                .Sum(l => Figure(l.GetProperty("figures"), name));
            Assert.Equal(prefectures, Figure(rollUp, name));
        }
        Assert.Equal(Figure(prefectureFigures, "unitReportsAccepted"), Figure(rollUp, "unitReportsAccepted"));
        Assert.True(Figure(prefectureFigures, "unitReportsAccepted") >= Figure(countyFigures, "unitReportsAccepted")); // the county is inside
        using (var leader = await UiBrowser.LoggedIn(app, "region.leader"))
        {
            var page = await leader.GetStringAsync($"/region-reports?year={year}");
            Assert.Contains("id=\"region-reports-second-level\"", page);
            Assert.Contains("乌鲁木齐市天山区档案局", page);
            Assert.Contains("尚未报送（未到截止日期）", page);
        }

        // After the due date: the departments without a report are missing, in the view, the statistics and the deadline board.
        app.ClockAt(new DateTimeOffset(2026, 5, 6, 10, 0, 0, TimeSpan.FromHours(8)));
        region = await _api.Ok(_api.Get("region.leader", $"/api/region-reports?year={year}"));
        Assert.All(new[] { "650200", "653100", "654000" }, d => Assert.Equal("missing", Line(region, d).Str("status")));
        Assert.Equal(1, Line(region, "650100").GetProperty("belowCounts").GetProperty("missing").GetInt32()); // 沙依巴克区
        var statistics = await _api.Ok(_api.Get("region.leader", $"/api/statistics/{year}"));
        var received = statistics.GetProperty("regionReports").EnumerateArray().ToDictionary(r => r.Str("departmentId"), r => r.GetProperty("counts"));
        Assert.Equal((4, 1, 0, 3), (received["650000"].GetProperty("due").GetInt32(), received["650000"].GetProperty("onTime").GetInt32(),
            received["650000"].GetProperty("late").GetInt32(), received["650000"].GetProperty("missing").GetInt32()));
        Assert.Equal((2, 1, 0, 1), (received["650100"].GetProperty("due").GetInt32(), received["650100"].GetProperty("onTime").GetInt32(),
            received["650100"].GetProperty("late").GetInt32(), received["650100"].GetProperty("missing").GetInt32()));
        Assert.Equal(1, received["650200"].GetProperty("missing").GetInt32()); // 独山子区, to 克拉玛依市
        using var regionLeader = await UiBrowser.LoggedIn(app, "region.leader");
        Assert.Contains("id=\"region-report-statistics\"", await regionLeader.GetStringAsync($"/statistics?year={year}"));
        var board = Table(await regionLeader.GetStringAsync("/deadlines"), "region-reports-missing");
        Assert.Contains("克拉玛依市档案局", board);
        Assert.DoesNotContain("乌鲁木齐市档案局", board); // it reported; the counties are the prefecture's to chase
        Assert.DoesNotContain("独山子区", board);
        using var urumqiLeader = await UiBrowser.LoggedIn(app, "urumqi.leader");
        var urumqiBoard = Table(await urumqiLeader.GetStringAsync("/deadlines"), "region-reports-missing");
        Assert.Contains("沙依巴克区档案局", urumqiBoard);
        Assert.DoesNotContain("天山区档案局", urumqiBoard);
    }

    private static string Table(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {id}");
        return page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
