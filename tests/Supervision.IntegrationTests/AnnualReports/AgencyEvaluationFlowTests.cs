using System.Net.Http.Json;
using System.Text.Json;
using Supervision.IntegrationTests.Ui;
using Supervision.Shared;

namespace Supervision.IntegrationTests.AnnualReports;

/// <summary>
/// Issue 17 §3, Art. 39 through HTTP: an archive service agency assesses itself in its portal; two certified officers score
/// it (不合格 here); the leader publishes the result, which the public reads; a published result is not re-scored; the agency
/// objects and only the leader's review changes the result.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AgencyEvaluationFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Inspector = "urumqi.inspector1";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static string Doc(string number, string path = "") => "/api/documents/" + Uri.EscapeDataString(number) + path;

    private static readonly Dictionary<string, int> Low = new()
    {
        ["licence"] = 8, ["staff"] = 6, ["rules"] = 5, ["security"] = 10, ["quality"] = 10, ["contract"] = 10, ["complaints"] = 6, // 55 of 100
    };
    private static readonly Dictionary<string, bool> NoVeto = new() { ["veto_loss"] = false, ["veto_subcontract"] = false };

    /// <summary>
    /// The evaluations counted 不合格 and 合格 in 乌鲁木齐: by the year's statistics (evaluated year) and by the dashboard (results
    /// published in March 2026, this test's month) — both by the grade in force.
    /// </summary>
    private async Task<(int Failed, int Passed, int DashboardFailed, int DashboardPassed)> Counted(int year)
    {
        var statistics = (await _api.Ok(_api.Get("urumqi.leader", $"/api/statistics/{year}?jurisdiction=650100"))).GetProperty("cycle").GetProperty("evaluationsByGrade");
        var dashboard = (await _api.Ok(_api.Get("urumqi.leader", "/api/dashboard?jurisdiction=650100&from=2026-03&to=2026-03"))).GetProperty("cycle").GetProperty("evaluationsByGrade");
        return (statistics.GetProperty("不合格").GetInt32(), statistics.GetProperty("合格").GetInt32(), dashboard.GetProperty("不合格").GetInt32(), dashboard.GetProperty("合格").GetInt32());
    }

    [Fact]
    public async Task An_agency_is_self_assessed_scored_by_two_officers_published_objected_to_and_changed_only_by_review()
    {
        const int year = 2025;
        app.ClockAt(new DateTimeOffset(2026, 3, 2, 10, 0, 0, Beijing)); // Monday
        var random = string.Concat(Enumerable.Range(0, 7).Select(_ => CreditCode.Alphabet[Random.Shared.Next(CreditCode.Alphabet.Length)]));
        var unit = (await _api.Ok(_api.Post(Inspector, "/api/units", new
        {
            name = "乌鲁木齐评价测试档案服务公司" + random, kind = "archive_service_agency", jurisdictionId = "650100", creditCode = CreditCode.WithCheckDigit("91650100MA" + random),
        }), 201)).Id();
        var name = "unit.e" + Guid.NewGuid().ToString("N")[..10];
        var code = (await _api.Ok(_api.Post("urumqi.leader", $"/api/units/{unit}/accounts", new { userName = name, contactName = "周婷", mobile = "13912345678" }), 201)).Str("activationCode");
        using (var first = UiBrowser.New(app))
        {
            await UiBrowser.LogIn(first, name, code);
            await first.PostAsJsonAsync("/api/portal/password", new { currentPassword = code, newPassword = "Archives2027ok" });
        }
        using var portal = UiBrowser.New(app);
        await UiBrowser.LogIn(portal, name, "Archives2027ok");

        // Self-assessment: a veto item left unanswered is refused; then recorded.
        Assert.Equal(400, (int)(await portal.PostAsJsonAsync("/api/portal/agency-evaluations/self-assessment", new { year, scores = Low, vetoes = new { veto_loss = false } })).StatusCode);
        var self = await portal.PostAsJsonAsync("/api/portal/agency-evaluations/self-assessment",
            new { year, scores = Low.ToDictionary(k => k.Key, k => k.Value + 2), vetoes = NoVeto, statement = "本年度服务合同 12 份，均按期履约" });
        Assert.Equal(200, (int)self.StatusCode);
        var id = JsonDocument.Parse(await self.Content.ReadAsStringAsync()).RootElement.Id("evaluationId");

        // Scoring: two certified officers of the department; an uncertified one is refused; a score out of range too.
        await _api.Refused(Inspector, "/api/agency-evaluations", new { year, unitId = unit, scores = Low, vetoes = NoVeto, evidence = "现场检查", inspectorIds = new[] { Inspector, "urumqi.inspector3" } },
            422, "inspector_not_certified", id, "inspectorIds");
        await _api.Refused(Inspector, "/api/agency-evaluations", new { year, unitId = unit, scores = new Dictionary<string, int>(Low) { ["quality"] = 21 }, vetoes = NoVeto, evidence = "现场检查",
            inspectorIds = new[] { Inspector, "urumqi.inspector2" } }, 400, "score_out_of_range", id, "scores.quality");
        await _api.Ok(_api.Post(Inspector, "/api/agency-evaluations", new { year, unitId = unit, scores = Low, vetoes = NoVeto, evidence = "现场检查记录、服务合同 12 份",
            inspectorIds = new[] { Inspector, "urumqi.inspector2" } }));
        var evaluation = await _api.Ok(_api.Get("urumqi.leader", $"/api/agency-evaluations/{id}"));
        Assert.Equal((55m, "不合格"), (evaluation.GetProperty("percent").GetDecimal(), evaluation.Str("grade")));

        // Published by the leader; the public reads it; re-scoring it now is refused.
        await _api.Refused(Inspector, $"/api/agency-evaluations/{id}/publication", new { version = 2 }, 403, "forbidden", id);
        var before = await Counted(year);
        await _api.Ok(_api.Post("urumqi.leader", $"/api/agency-evaluations/{id}/publication", new { version = 2 }));
        Assert.Equal((before.Failed + 1, before.Passed, before.DashboardFailed + 1, before.DashboardPassed), await Counted(year));
        evaluation = await _api.Ok(_api.Get("urumqi.leader", $"/api/agency-evaluations/{id}"));

        // The numbered 评价结果告知书 is issued with the publication: the scores, the grade, the officers who scored, the right to object.
        var notice = evaluation.GetProperty("publication").Str("noticeNumber");
        Assert.Matches(@"^乌档评告〔2026〕\d+号$", notice);
        var printed = (await _api.Ok(_api.Get("urumqi.leader", Doc(notice)))).GetString()!;
        Assert.Contains("档案服务机构评价结果告知书", printed);
        Assert.Contains("乌鲁木齐评价测试档案服务公司" + random, printed);
        Assert.Contains("得分率：55.0%；评价等级：<strong>不合格</strong>", printed);
        foreach (var officer in evaluation.GetProperty("scoring").GetProperty("officers").EnumerateArray())
            Assert.Contains($"{officer.Str("displayName")}（执法证号 {officer.Str("certificateNumber")}）", printed);
        Assert.Contains("自收到本告知书之日起15日内", printed);
        Assert.Contains("等级标准：优秀 ≥ 80%，良好 ≥ 70%，合格 ≥ 60%，不合格 &lt; 60%；任一否决项成立的，评价为不合格。", printed);
        Assert.Equal(printed, (await _api.Ok(_api.Get("urumqi.leader", Doc(notice)))).GetString()); // frozen

        // 不合格 opened the follow-up inspection with the publication: by the two officers who scored, 30 days on.
        var followUps = evaluation.GetProperty("followUpInspectionIds").EnumerateArray().Select(f => f.GetGuid()).ToArray();
        var followUp = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspections/{Assert.Single(followUps)}"));
        Assert.Equal((id, "2026-04-01", unit), (followUp.Id("followUpOfEvaluation"), followUp.Str("plannedOn"), followUp.Id("unitId")));
        Assert.Equal(new[] { Inspector, "urumqi.inspector2" }, followUp.GetProperty("inspectors").EnumerateArray().Select(i => i.Str("userName")).Order().ToArray());

        // The agency reads the notice once it is served on it; its objection period runs from receipt (4 March → 19 March).
        Assert.Equal(404, (int)(await portal.GetAsync(Doc(notice))).StatusCode);
        app.ClockAt(new DateTimeOffset(2026, 3, 5, 9, 0, 0, Beijing));
        await _api.Ok(_api.Post(Inspector, Doc(notice, "/service"), new
        {
            method = "post", receivedOn = "2026-03-04", recipient = "乌鲁木齐评价测试档案服务公司", trackingNumber = "EMS1098765432", proof = "邮件回执（已扫描）",
        }));
        Assert.Equal(printed, await portal.GetStringAsync(Doc(notice)));
        Assert.Contains("2026-03-19", await portal.GetStringAsync("/api/portal"));
        app.ClockAt(new DateTimeOffset(2026, 3, 19, 17, 0, 0, Beijing)); // the last day
        using var anonymous = app.Host.Server.CreateClient();
        var published = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/public/agency-evaluations/{year}")).RootElement;
        Assert.Contains(published.EnumerateArray(), e => e.Str("unitName").EndsWith(random) && e.Str("grade") == "不合格");
        await _api.Refused(Inspector, "/api/agency-evaluations", new { year, unitId = unit, scores = Low, vetoes = NoVeto, evidence = "x", inspectorIds = new[] { Inspector, "urumqi.inspector2" } },
            422, "result_published", id);

        // The agency objects; a second objection waits for the first; the review changes the result (a new event).
        Assert.Equal(200, (int)(await portal.PostAsJsonAsync($"/api/portal/agency-evaluations/{id}/objection", new { reasons = "服务质量评分未考虑整改后的成果" })).StatusCode);
        Assert.Equal(409, (int)(await portal.PostAsJsonAsync($"/api/portal/agency-evaluations/{id}/objection", new { reasons = "再次异议" })).StatusCode);
        await _api.Ok(_api.Post("urumqi.leader", $"/api/agency-evaluations/{id}/review", new
        {
            version = 4, change = true, reasons = "核实整改后成果，服务质量改为 16 分", scores = new Dictionary<string, int>(Low) { ["quality"] = 16 }, vetoes = NoVeto,
        }));
        evaluation = await _api.Ok(_api.Get("urumqi.leader", $"/api/agency-evaluations/{id}"));
        Assert.Equal((61m, "合格"), (evaluation.GetProperty("percent").GetDecimal(), evaluation.Str("grade")));
        // The review is told by its own numbered notice; a grade raised from 不合格 opens no further follow-up.
        var reviewNotice = evaluation.GetProperty("reviews")[0].Str("noticeNumber");
        Assert.Matches(@"^乌档评复〔2026〕\d+号$", reviewNotice);
        var reviewPrinted = (await _api.Ok(_api.Get("urumqi.leader", Doc(reviewNotice)))).GetString()!;
        Assert.Contains("复核结论：变更原评价结果", reviewPrinted);
        Assert.Contains($"评价结果（{notice}）提出的异议", reviewPrinted);
        Assert.Contains("评价等级：<strong>合格</strong>", reviewPrinted);
        Assert.Single(evaluation.GetProperty("followUpInspectionIds").EnumerateArray());
        // Counted by the grade in force: the review moved it from 不合格 to 合格.
        Assert.Equal((before.Failed, before.Passed + 1, before.DashboardFailed, before.DashboardPassed + 1), await Counted(year));
        published = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/public/agency-evaluations/{year}")).RootElement;
        var mine = published.EnumerateArray().Single(e => e.Str("unitName").EndsWith(random));
        Assert.Equal(("合格", true), (mine.Str("grade"), mine.GetProperty("reviewed").GetBoolean()));
        Assert.Equal(404, (await _api.Get("kashi.leader", $"/api/agency-evaluations/{id}")).Status);
        // The pages: the department's list, the public results, the agency's portal.
        using var leader = await UiBrowser.LoggedIn(app, "urumqi.leader");
        Assert.Contains("已公布：合格（61 分）", await leader.GetStringAsync($"/agency-evaluations?year={year}"));
        Assert.Contains("（经复核变更）", await UiBrowser.New(app).GetStringAsync($"/public/agency-evaluations?year={year}"));
        Assert.Contains("档案服务机构评价（第三十九条）", await portal.GetStringAsync("/portal"));
    }
}
