using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;

namespace Supervision.IntegrationTests.Ui;

/// <summary>The read pages of Ui/BoardPages.cs through a cookie-logged-in browser, against the same data as the API.</summary>
[Collection(AppCollection.Name)]
public sealed partial class BoardPagesTests(AppFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    private HttpClient Browser() => UiBrowser.New(app);

    private Task<HttpClient> LoggedIn(string user) => UiBrowser.LoggedIn(app, user);

    /// <summary>Every page of a paged board, following its page links (50 a page).</summary>
    private static async Task<List<string>> AllPages(HttpClient browser, string url)
    {
        var pages = new List<string>();
        for (var p = 1; p < 100; p++)
        {
            var response = await browser.GetAsync($"{url}{(url.Contains('?') ? "&" : "?")}page={p}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            pages.Add(html);
            if (!html.Contains($"data-page=\"{p + 1}\"")) return pages;
        }
        return pages;
    }

    private async Task<(Guid Id, JsonElement Order)> Ordered(string user, string jurisdiction, string[] inspectors)
    {
        var (_, rid) = await _given.Hazard(user, jurisdiction, inspectors);
        var order = await _api.Ok(_api.Post(user, $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 10, requirements = "配置恒温恒湿设备", inspectorIds = inspectors }));
        return (rid, order);
    }

    [Fact]
    public async Task An_inspectors_order_shows_on_the_deadline_board_with_its_due_date_and_a_link_to_its_page()
    {
        var (id, order) = await _given.Ordered(workingDays: 10);
        var due = DateOnly.Parse(order.Str("dueOn"));
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);

        var browser = await LoggedIn("urumqi.inspector1");
        var pages = await AllPages(browser, $"/deadlines?owner=me&kind=rectification&status=&jurisdiction=&dueBefore={due:yyyy-MM-dd}");
        var page = Assert.Single(pages, p => p.Contains($"data-case=\"{id}\""));
        var row = Regex.Match(page, $"<tr class=\"open\" data-case=\"{id}\"[^>]*>.*?</tr>", RegexOptions.Singleline).Value; // rows span lines
        Assert.NotEmpty(row);
        Assert.Contains($"{due.Year}年{due.Month}月{due.Day}日", row);
        Assert.Contains("整改期限", row);
        Assert.Contains($"href=\"/rectifications/{id}\"", row);
        Assert.Contains(order.Str("documentNumber"), row);
        Assert.Contains("李明", row); // owners by display name
        Assert.Contains("name=\"owner\" value=\"me\" checked", pages[0]);

        // The nav links to the board; a filter value the API refuses is a page with the reason, not an error.
        Assert.Contains("href=\"/deadlines\"", await browser.GetStringAsync("/"));
        var bad = await browser.GetAsync("/deadlines?kind=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("类型无效", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_Kashgar_user_sees_no_Urumqi_rows_on_the_deadline_board()
    {
        var (kashgar, _) = await Ordered("kashi.inspector", "653100", ["kashi.inspector", "kashi.inspector2"]);
        var (urumqi, _) = await _given.Ordered(workingDays: 10);
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);

        var browser = await LoggedIn("kashi.inspector");
        var pages = await AllPages(browser, "/deadlines");
        var all = string.Join("\n", pages);
        Assert.Contains($"data-case=\"{kashgar}\"", all);
        Assert.DoesNotContain(urumqi.ToString(), all);
        Assert.DoesNotContain("<td>乌鲁木齐市</td>", all);
        Assert.DoesNotContain("value=\"650100\"", all); // the jurisdiction picker holds only the user's scope
        Assert.Contains("value=\"653101\"", all);

        var refused = await browser.GetAsync("/deadlines?jurisdiction=650100");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(urumqi.ToString(), await refused.Content.ReadAsStringAsync());

        // The Urumqi leader sees the Urumqi order (own scope).
        var leader = await LoggedIn("urumqi.leader");
        Contains(await AllPages(leader, "/deadlines?kind=rectification"), urumqi);
    }

    private static void Contains(List<string> pages, Guid id) =>
        Assert.Contains(pages, p => p.Contains($"data-case=\"{id}\""));

    [Fact]
    public async Task A_long_record_is_cut_to_the_latest_entries_on_the_case_page_and_paged_in_the_case_file()
    {
        var (rid, order) = await Ordered("urumqi.inspector1", "650100", ["urumqi.inspector1", "urumqi.inspector2"]);
        var version = order.GetProperty("version").GetInt64();
        for (var i = 1; i <= 110; i++) // a unit reporting again and again, as the benchmark's load does
            version = (await _api.Ok(_api.Post("urumqi.inspector1", $"/api/rectifications/{rid}/correction-reports", new
            {
                version, description = $"第 {i} 次整改报告", evidence = new[] { "整改报告.pdf" },
            }))).GetProperty("version").GetInt64();
        var browser = await LoggedIn("urumqi.inspector1");

        // The case page: the latest 50 entries, and where the rest are.
        var page = await browser.GetStringAsync($"/rectifications/{rid}");
        var history = Regex.Match(page, "<details id=\"history\">.*?</details>", RegexOptions.Singleline).Value;
        Assert.Contains($"共 {version} 条记录，此处列出最近 50 条；全部记录见<a href=\"/cases/{rid}/file\">案卷</a>", history);
        Assert.Equal(50 + 1, Regex.Matches(history, "<tr>").Count); // the rows and the header
        Assert.Contains($"<td>{version}</td>", history);
        Assert.DoesNotContain($"<td>{version - 50}</td>", history);

        // The case file: every entry once over its pages of 100, in time order, with the page links.
        var first = await browser.GetStringAsync($"/cases/{rid}/file");
        var total = int.Parse(Regex.Match(first, "id=\"timeline-total\">共 (\\d+) 条").Groups[1].Value);
        Assert.True(total >= version && total > 100); // the rectification's own and its inspection's
        Assert.Contains($"href=\"/cases/{rid}/file?page=2#timeline\"", first);
        var second = await browser.GetStringAsync($"/cases/{rid}/file?page=2");
        int Rows(string html) => Regex.Matches(Regex.Match(html, "<table id=\"timeline\">.*?</table>", RegexOptions.Singleline).Value, "<tr data-case=").Count;
        Assert.Equal(100, Rows(first));
        Assert.Equal(total - 100, Rows(second));
        Assert.Contains("单位报告整改情况", second);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/cases/{rid}/file?page=x")).StatusCode); // lenient: page 1
    }

    [Fact]
    public async Task The_case_file_lists_the_linked_inspection_and_rectification_with_who_and_when()
    {
        var (inspectionId, rectificationId) = await _given.Hazard();
        var browser = await LoggedIn("urumqi.inspector2");

        var rectification = await browser.GetStringAsync($"/rectifications/{rectificationId}");
        Assert.Contains($"href=\"/cases/{rectificationId}/file\"", rectification);
        Assert.Contains($"href=\"/cases/{inspectionId}/file\"", await browser.GetStringAsync($"/inspections/{inspectionId}"));

        var file = await browser.GetStringAsync($"/cases/{rectificationId}/file");
        Assert.Contains("案卷", file);
        Assert.Contains($"href=\"/inspections/{inspectionId}\"", file);
        Assert.Contains($"href=\"/rectifications/{rectificationId}\"", file);
        Assert.Contains("制定检查计划", file);
        Assert.Contains("记录档案安全隐患", file);
        Assert.Contains("<td>李明</td>", file);

        var kashgar = await LoggedIn("kashi.inspector");
        Assert.Equal(HttpStatusCode.NotFound, (await kashgar.GetAsync($"/cases/{rectificationId}/file")).StatusCode);
    }

    [Fact]
    public async Task The_unit_pages_list_and_search_units_and_show_the_risk_score_as_the_API_computes_it()
    {
        var unit = await app.UnitIn("650100"); // the unit of _given.Hazard, shared with other tests: compared with before
        static int OpenHazards(JsonElement profile) => profile.GetProperty("risk").GetProperty("factors").EnumerateArray().Single(f => f.Str("code") == "open_hazards").GetProperty("count").GetInt32();
        var openBefore = OpenHazards(await _api.Ok(_api.Get("urumqi.inspector1", $"/api/units/{unit.Id}/profile")));
        await _given.Hazard();
        var browser = await LoggedIn("urumqi.inspector1");

        var list = await browser.GetStringAsync("/units");
        Assert.Contains($"href=\"/units/{unit.Id}\"", list);
        var byCode = await browser.GetStringAsync($"/units?q={unit.CreditCode}&jurisdiction=");
        Assert.Contains($"href=\"/units/{unit.Id}\"", byCode);
        Assert.Contains("共 1 个单位", byCode);
        Assert.DoesNotContain("data-unit", await browser.GetStringAsync("/units?q=不存在的单位名称XYZ"));

        var profile = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/units/{unit.Id}/profile"));
        var risk = profile.GetProperty("risk");
        var score = risk.GetProperty("score").GetInt32();
        // The score is its factors' sum (at most 100), and this test's hazard is one more open hazard at 15 points each.
        var factors = risk.GetProperty("factors").EnumerateArray().ToList();
        Assert.Equal(Math.Clamp(factors.Sum(f => f.GetProperty("points").GetInt32()), 0, 100), score);
        Assert.Equal(openBefore + 1, OpenHazards(profile));
        Assert.Equal(15 * (openBefore + 1), factors.Single(f => f.Str("code") == "open_hazards").GetProperty("points").GetInt32());
        var page = await browser.GetStringAsync($"/units/{unit.Id}");
        Assert.Contains($"data-risk-score=\"{score}\"", page);
        Assert.Contains($"<strong id=\"risk-level\">{risk.Str("level")}</strong>", page);
        Assert.Contains("未整改隐患（项）", page);
        Assert.Contains("data-factor=\"open_hazards\"", page);
        Assert.Contains("监督检查", page);
        Assert.Contains("投诉举报（仅统计数量）", page);

        var kashgar = await LoggedIn("kashi.inspector");
        Assert.Equal(HttpStatusCode.NotFound, (await kashgar.GetAsync($"/units/{unit.Id}")).StatusCode);
        Assert.DoesNotContain(unit.Id.ToString(), await kashgar.GetStringAsync("/units"));
    }

    [Fact]
    public async Task Annual_statistics_show_the_download_links_to_a_leader_and_a_friendly_403_to_an_inspector()
    {
        await _given.Hazard();
        var year = Supervision.Shared.WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).Year;
        var leader = await LoggedIn("urumqi.leader");
        var page = await leader.GetStringAsync($"/statistics?year={year}");
        Assert.Contains("年度档案行政执法统计", page);
        Assert.Contains("合计（含下级）", page);
        Assert.Contains("data-jurisdiction=\"650102\"", page);
        // Readable on a laptop: grouped headers spanning their columns, short headers under them, the Art. 38 items in full below.
        Assert.Contains("<th colspan=\"9\" scope=\"colgroup\" class=\"group\">监督检查</th>", page);
        Assert.Contains("<th colspan=\"9\" scope=\"colgroup\" class=\"group\">档案安全隐患（第三十八条）</th>", page);
        Assert.Contains("<th scope=\"col\" class=\"n\">第（三）项</th>", page);
        Assert.Contains("第（三）项 " + Supervision.Shared.LegalCatalogue.SafetyHazards[2].Wording, page);
        Assert.Matches("<div class=\"scroll stats\" tabindex=\"0\" role=\"region\"", page);
        var links = Regex.Matches(page, "href=\"(/api/statistics/[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        var csv = Assert.Single(links, l => l.StartsWith($"/api/statistics/{year}.csv"));
        var xlsx = Assert.Single(links, l => l.StartsWith($"/api/statistics/{year}.xlsx"));
        var download = await leader.GetAsync(csv);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("text/csv", download.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(xlsx)).StatusCode);
        Assert.Contains("href=\"/statistics\"", await leader.GetStringAsync("/"));
        // R25: a finished year of one's own department can be published from here; the running year not yet.
        Assert.DoesNotContain("/publication\"", page);
        var lastYear = await leader.GetStringAsync($"/statistics?year={year - 1}");
        Assert.Contains($"data-api=\"/api/statistics/{year - 1}/publication\"", lastYear);
        Assert.Contains("id=\"publication\"", lastYear);

        var inspector = await LoggedIn("urumqi.inspector1");
        var refused = await inspector.GetAsync("/statistics");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("年度执法统计仅供领导查看", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain("href=\"/statistics\"", await inspector.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_complaint_intake_form_renders_its_fields_and_units_and_what_it_posts_registers_a_complaint()
    {
        var unit = await app.UnitIn("650100");
        var handler = await LoggedIn("urumqi.handler");
        var form = await handler.GetStringAsync("/complaints/new");
        foreach (var name in new[] { "channel", "receivedAt", "anonymous", "complainant.name", "complainant.phone", "complainant.email", "complainant.idNumber", "complainant.address", "unitId", "unitName", "allegation", "requestedOutcome" })
            Assert.Contains($"name=\"{name}\"", form);
        Assert.Contains($"<option value=\"{unit.Id}\">", form);
        Assert.Contains("data-api=\"/api/complaints\"", form);
        Assert.Contains("data-redirect=\"/complaints/{id}\"", form);
        Assert.Contains("href=\"/complaints/new\"", await handler.GetStringAsync("/"));

        // What app.js posts for this form (dotted names nested), with the prefilled received time, over the cookie session.
        // 收到时间 is a date and time picker in Beijing time; app.js sends it with seconds and +08:00.
        Assert.Matches("<input type=\"datetime-local\" name=\"receivedAt\" data-type=\"datetime\"", form);
        var receivedAt = WebUtility.HtmlDecode(Regex.Match(form, "name=\"receivedAt\" data-type=\"datetime\" value=\"([^\"]+)\"").Groups[1].Value) + ":00+08:00";
        var response = await handler.PostAsJsonAsync("/api/complaints", new
        {
            channel = "letter", receivedAt, anonymous = false, unitId = unit.Id, unitName = (string?)null, jurisdictionId = "650100",
            allegation = "该单位将档案堆放在地下室，长期受潮", requestedOutcome = (string?)null,
            complainant = new { name = "测试投诉人丙", idNumber = (string?)null, phone = "13800001111", email = (string?)null, address = (string?)null },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var page = await handler.GetStringAsync($"/complaints/{created.Id()}");
        Assert.Contains(unit.Name, page);
        Assert.Contains($"href=\"/cases/{created.Id()}/file\"", page);

        var inspector = await LoggedIn("urumqi.inspector1");
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.GetAsync("/complaints/new")).StatusCode);
    }

    [Fact]
    public async Task The_drill_down_page_lists_the_cases_behind_a_figure()
    {
        var (_, rectificationId) = await _given.Hazard();
        var leader = await LoggedIn("urumqi.leader");
        var page = await leader.GetStringAsync("/dashboard/cases?figure=hazards&item=&jurisdiction=&from=&to=");
        Assert.Contains("统计明细：发现档案安全隐患", page);
        Assert.Contains($"href=\"/rectifications/{rectificationId}\"", page);
        Assert.DoesNotContain($"/rectifications/{rectificationId}", await leader.GetStringAsync("/dashboard/cases?figure=hazards&item=Art38.1"));

        var kashgar = await LoggedIn("kashi.leader");
        Assert.DoesNotContain(rectificationId.ToString(), await kashgar.GetStringAsync("/dashboard/cases?figure=hazards"));
        Assert.Equal(HttpStatusCode.Forbidden, (await kashgar.GetAsync("/dashboard/cases?figure=hazards&jurisdiction=650100")).StatusCode);
    }

}
