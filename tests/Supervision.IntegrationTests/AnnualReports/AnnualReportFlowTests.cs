using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Supervision.IntegrationTests.Ui;
using Supervision.Shared;

namespace Supervision.IntegrationTests.AnnualReports;

/// <summary>
/// Issue 17 §2, Art. 36 annual work reports through HTTP: a department's leader opens the round; a unit reports in its
/// portal, is returned for completion, reports again and is accepted — its figures then on its profile; a paper report
/// received after the due date is marked late, a unit without one is missing and its risk score says so. Each test uses its
/// own year (one round per department and year).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AnnualReportFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Leader = "urumqi.leader", Inspector = "urumqi.inspector1";

    internal static readonly Dictionary<string, string> Answers = new()
    {
        ["responsibility"] = "建立了档案工作领导责任制，制定了档案管理制度 12 项", ["staff_full_time"] = "2", ["staff_part_time"] = "5",
        ["holdings_volumes"] = "12000", ["holdings_items"] = "30500", ["holdings_audiovisual"] = "800", ["holdings_electronic_gb"] = "120.5",
        ["storage_area"] = "350", ["storage_safety"] = "库房配备恒温恒湿设备和气体灭火系统", ["digitised_percent"] = "65.5",
        ["electronic_records"] = "电子文件按月归档", ["transferred"] = "1200", ["use_visits"] = "340", ["problems_plans"] = "库房面积不足，计划扩建",
    };

    private async Task<Guid> NewUnit(string name)
    {
        var random = string.Concat(Enumerable.Range(0, 7).Select(_ => CreditCode.Alphabet[Random.Shared.Next(CreditCode.Alphabet.Length)]));
        return (await _api.Ok(_api.Post(Inspector, "/api/units", new
        {
            name = name + random, kind = "organ", jurisdictionId = "650100", creditCode = CreditCode.WithCheckDigit("11650100MB" + random),
        }), 201)).Id();
    }

    private async Task<HttpClient> Portal(Guid unitId)
    {
        var name = "unit.a" + Guid.NewGuid().ToString("N")[..10];
        var code = (await _api.Ok(_api.Post(Leader, $"/api/units/{unitId}/accounts", new { userName = name, contactName = "古丽", mobile = "13912345678" }), 201)).Str("activationCode");
        using var first = UiBrowser.New(app);
        await UiBrowser.LogIn(first, name, code);
        Assert.Equal(200, (int)(await first.PostAsJsonAsync("/api/portal/password", new { currentPassword = code, newPassword = "Archives2027ok" })).StatusCode);
        var portal = UiBrowser.New(app);
        await UiBrowser.LogIn(portal, name, "Archives2027ok");
        return portal;
    }

    private static JsonElement Row(JsonElement round, Guid unit) => round.GetProperty("units").EnumerateArray().Single(u => u.Id("unitId") == unit);

    [Fact]
    public async Task A_unit_reports_in_its_portal_is_returned_reports_again_and_is_accepted_with_its_figures_on_its_profile()
    {
        const int year = 2023;
        var unit = await NewUnit("乌鲁木齐市年报测试局");
        var due = app.Day(30);
        await _api.Refused(Inspector, "/api/annual-report-rounds", new { year, dueOn = due }, 403, "forbidden");
        var opened = await _api.Ok(_api.Post(Leader, "/api/annual-report-rounds", new { year, dueOn = due }), 201);
        Assert.Equal(due, opened.Str("dueOn"));
        await _api.Refused(Leader, "/api/annual-report-rounds", new { year, dueOn = due }, 409, "round_exists");
        var round = await _api.Ok(_api.Get(Leader, $"/api/annual-report-rounds/{year}"));
        Assert.Equal("none", Row(round, unit).Str("status"));
        Assert.Equal(404, (await _api.Get("kashi.leader", $"/api/annual-report-rounds/{year}?jurisdiction=650100")).Status);
        Assert.Equal(200, (await _api.Get("region.leader", $"/api/annual-report-rounds/{year}?jurisdiction=650100")).Status);

        using var portal = await Portal(unit);
        var overview = JsonDocument.Parse(await portal.GetStringAsync("/api/portal")).RootElement;
        Assert.Equal("none", overview.GetProperty("annualReports").EnumerateArray().Single(r => r.GetProperty("year").GetInt32() == year).Str("status"));
        Assert.Contains("年度档案工作情况报告", await portal.GetStringAsync("/portal"));

        // Bad input stores nothing: a required item missing, a number that is not one, an item the form does not have.
        var missing = await portal.PostAsJsonAsync("/api/portal/annual-reports", new { year, answers = Answers.Where(a => a.Key != "responsibility").ToDictionary() });
        Assert.Equal(400, (int)missing.StatusCode);
        Assert.Contains("answers.responsibility", await missing.Content.ReadAsStringAsync());
        Assert.Equal(400, (int)(await portal.PostAsJsonAsync("/api/portal/annual-reports", new { year, answers = new Dictionary<string, string>(Answers) { ["staff_full_time"] = "两人" } })).StatusCode);
        Assert.Equal(400, (int)(await portal.PostAsJsonAsync("/api/portal/annual-reports", new { year, answers = new Dictionary<string, string>(Answers) { ["budget"] = "1" } })).StatusCode);
        Assert.Equal(422, (int)(await portal.PostAsJsonAsync("/api/portal/annual-reports", new { year = 2019, answers = Answers })).StatusCode); // no such round

        var submitted = await portal.PostAsJsonAsync("/api/portal/annual-reports", new { year, answers = Answers });
        Assert.Equal(200, (int)submitted.StatusCode);
        var reportId = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.Id("reportId");
        Assert.Equal(409, (int)(await portal.PostAsJsonAsync("/api/portal/annual-reports", new { year, answers = Answers })).StatusCode); // under review
        Assert.Contains($"/annual-reports/{reportId}", await (await UiBrowser.LoggedIn(app, Leader)).GetStringAsync("/")); // on the department's 待办

        // Returned with reasons by the department; the unit sees them and reports again.
        await _api.Refused("kashi.leader", $"/api/annual-reports/{reportId}/review", new { version = 1, accepted = false, reasons = "x" }, 404, "not_found");
        await _api.Refused(Inspector, $"/api/annual-reports/{reportId}/review", new { version = 1, accepted = false }, 400, "field_required", reportId, "reasons");
        await _api.Ok(_api.Post(Inspector, $"/api/annual-reports/{reportId}/review", new { version = 1, accepted = false, reasons = "请补充电子档案管理情况" }));
        overview = JsonDocument.Parse(await portal.GetStringAsync("/api/portal")).RootElement;
        var mine = overview.GetProperty("annualReports").EnumerateArray().Single(r => r.GetProperty("year").GetInt32() == year);
        Assert.Equal(("returned", "请补充电子档案管理情况"), (mine.Str("status"), mine.Str("returnReasons")));
        Assert.Equal(200, (int)(await portal.PostAsJsonAsync("/api/portal/annual-reports", new { year, answers = new Dictionary<string, string>(Answers) { ["electronic_records"] = "电子文件按月归档，电子档案异地备份" } })).StatusCode);

        await _api.Ok(_api.Post(Leader, $"/api/annual-reports/{reportId}/review", new { version = 3, accepted = true }));
        Assert.Equal(422, (int)(await portal.PostAsJsonAsync("/api/portal/annual-reports", new { year, answers = Answers })).StatusCode); // accepted: final
        var report = await _api.Ok(_api.Get(Leader, $"/api/annual-reports/{reportId}"));
        Assert.Equal(("accepted", false, 2), (report.Str("status").ToLowerInvariant(), report.GetProperty("late").GetBoolean(), report.GetProperty("submissions").GetInt32()));

        // The accepted figures on the unit's profile; the round counts it on time; the pages show it.
        var profile = await _api.Ok(_api.Get(Leader, $"/api/units/{unit}/profile"));
        var figures = profile.GetProperty("latestAnnualReport");
        Assert.Equal((year, 2L, 350m), (figures.GetProperty("year").GetInt32(), figures.GetProperty("staffFullTime").GetInt64(), figures.GetProperty("storageArea").GetDecimal()));
        round = await _api.Ok(_api.Get(Leader, $"/api/annual-report-rounds/{year}"));
        Assert.Equal(("accepted", false), (Row(round, unit).Str("status"), Row(round, unit).GetProperty("late").GetBoolean()));
        using var leader = await UiBrowser.LoggedIn(app, Leader);
        Assert.Contains("审核通过", await leader.GetStringAsync($"/annual-reports?year={year}"));
        Assert.Contains("电子档案异地备份", await leader.GetStringAsync($"/annual-reports/{reportId}"));
        Assert.Contains("350 平方米", await leader.GetStringAsync($"/units/{unit}"));
    }

    [Fact]
    public async Task A_paper_report_after_the_due_date_is_late_and_a_unit_without_one_is_missing_and_scores_for_it()
    {
        const int year = 2022;
        var reported = await NewUnit("乌鲁木齐市纸质年报测试局");
        var silent = await NewUnit("乌鲁木齐市未报年报测试局");
        var today = DateOnly.Parse(app.Day());
        await _api.Refused(Leader, "/api/annual-report-rounds", new { year, dueOn = today.AddDays(-1).ToString("yyyy-MM-dd") }, 400, "invalid_due_date", field: "dueOn");
        await _api.Ok(_api.Post(Leader, "/api/annual-report-rounds", new { year, dueOn = today.ToString("yyyy-MM-dd") }), 201);
        app.AdvanceClockTo(app.Clock.GetUtcNow().AddDays(3));
        var received = app.Day();

        // Registered from paper by an inspector with the date received: after the due date, accepted but late.
        await _api.Refused(Inspector, $"/api/annual-report-rounds/{year}/reports", new { unitId = reported, receivedOn = DateOnly.Parse(received).AddDays(1).ToString("yyyy-MM-dd"), answers = Answers },
            422, "received_in_future", field: "receivedOn");
        await _api.Refused(Inspector, $"/api/annual-report-rounds/{year}/reports", new { unitId = Guid.NewGuid(), receivedOn = received, answers = Answers },
            422, "unit_not_expected", field: "unitId");
        var paper = await _api.Ok(_api.Post(Inspector, $"/api/annual-report-rounds/{year}/reports", new { unitId = reported, receivedOn = received, answers = Answers }));
        Assert.Equal(("paper", true), (paper.Str("channel"), paper.GetProperty("late").GetBoolean()));
        Assert.Equal(404, (await _api.Post("kashi.inspector", $"/api/annual-report-rounds/{year}/reports", new { unitId = reported, receivedOn = received, answers = Answers })).Status);

        var round = await _api.Ok(_api.Get(Leader, $"/api/annual-report-rounds/{year}"));
        Assert.True(Row(round, reported).GetProperty("late").GetBoolean());
        Assert.True(Row(round, silent).GetProperty("missing").GetBoolean());
        Assert.True(round.GetProperty("receivedLate").GetInt32() >= 1 && round.GetProperty("missing").GetInt32() >= 1);
        var risk = (await _api.Ok(_api.Get(Leader, $"/api/units/{silent}/profile"))).GetProperty("risk");
        var factor = risk.GetProperty("factors").EnumerateArray().Single(f => f.Str("code") == "missing_annual_reports");
        Assert.Equal((1, 10), (factor.GetProperty("count").GetInt32(), factor.GetProperty("points").GetInt32()));
        using var leader = await UiBrowser.LoggedIn(app, Leader);
        var page = await leader.GetStringAsync($"/annual-reports?year={year}");
        Assert.Contains("逾期未报", page);
        Assert.Contains("（逾期）", page);
        // The deadline board lists the round with its missing reports; the region's board too (the county's is below it).
        var board = await leader.GetStringAsync("/deadlines");
        Assert.Contains("id=\"annual-report-rounds\"", board);
        Assert.Contains($"/annual-reports?year={year}", board);
        Assert.Contains("乌鲁木齐市档案局", await (await UiBrowser.LoggedIn(app, "region.leader")).GetStringAsync("/deadlines"));
        // The annual statistics of the year count the round: due, late, missing.
        var statistics = await _api.Ok(_api.Get(Leader, $"/api/statistics/{year}"));
        var counted = Assert.Single(statistics.GetProperty("annualReports").EnumerateArray());
        Assert.True(counted.GetProperty("late").GetInt32() >= 1 && counted.GetProperty("missing").GetInt32() >= 1);
        Assert.Contains("id=\"annual-report-statistics\"", await leader.GetStringAsync($"/statistics?year={year}"));
    }
}
