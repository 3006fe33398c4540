using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Marten.Events;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Supervision.BrowserTests;

/// <summary>
/// In Chromium: an inspector plans an inspection through the forms, starts it, records an Art. 38 (3) hazard and
/// issues the order; the Urumqi leader's dashboard then shows the same figures as GET /api/dashboard, and the
/// Kashgar leader sees none of Urumqi's. Screenshots of the main pages go to docs/screenshots.
/// </summary>
public sealed partial class DashboardBrowserTests(BrowserHost app, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    static DashboardBrowserTests() => SetDefaultExpectTimeout(15_000);

    [GeneratedRegex(@"/inspections/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex InspectionUrl();

    [GeneratedRegex(@"/rectifications/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex RectificationUrl();

    private static bool IsPath(string url, string path) => new Uri(url).AbsolutePath == path;

    private async Task LogIn(IPage page, string user, string? screenshot = null)
    {
        await page.Open("/login");
        await page.Locator("input[name=username]").FillAsync(user);
        await page.Locator("input[name=password]").FillAsync(BrowserHost.Password);
        if (screenshot is not null) await app.Screenshot(page, screenshot);
        await page.Locator("form.login button[type=submit]").ClickAsync();
        // Waits for the redirect to "/" to be committed, not for the page's load event, then for the heading the user sees:
        // in two fresh-clone runs the first login of the suite reached "/" (network idle) but its load event did not come
        // within 30 s, nor within 90 s when the wait was made longer. What this checks is that the workbench is shown.
        await page.WaitForURLAsync(url => IsPath(url, "/"), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.Locator("main h1")).ToHaveTextAsync("工作台", new() { Timeout = 30_000 });
    }

    private async Task<JsonElement> ApiDashboard(string user, string query)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/auth/token", new { username = user, password = BrowserHost.Password });
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var response = await http.GetAsync("/api/dashboard" + query);
        Assert.Equal(200, (int)response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totals");
    }

    private static int ApiHazards(JsonElement totals, string item) =>
        totals.GetProperty("hazardsByItem").TryGetProperty(item, out var v) ? v.GetInt32() : 0;

    private static async Task<int> Shown(IPage page, string selector) => int.Parse((await page.Locator(selector).InnerTextAsync()).Trim());

    private static async Task<string> DashboardQuery(IPage page) =>
        $"?jurisdiction={await page.Locator("select[name=jurisdiction]").InputValueAsync()}" +
        $"&from={await page.Locator("input[name=from]").InputValueAsync()}&to={await page.Locator("input[name=to]").InputValueAsync()}";

    [Fact]
    public async Task Inspector_records_a_hazard_and_an_order_in_the_browser_and_the_leaders_dashboard_shows_the_api_figures()
    {
        var total = Stopwatch.StartNew();
        var phase = Stopwatch.StartNew();
        void Lap(string what) { output.WriteLine($"{what}: {phase.ElapsedMilliseconds} ms"); phase.Restart(); }

        // --- The inspector: plan, start, record a hazard, issue the order -------------------------------------
        await using var inspector = await app.NewContext();
        var page = await inspector.NewPageAsync();
        await LogIn(page, "urumqi.inspector1", screenshot: "login");
        await Expect(page.Locator("header nav a[href='/dashboard']")).ToHaveCountAsync(0); // not a leader
        Lap("inspector logged in");

        await page.Locator("main a[href='/inspections/new']").ClickAsync();
        await page.WaitForURLAsync(url => IsPath(url, "/inspections/new"));
        await page.Locator("form#plan select[name=unitId]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("form#plan input[name=focusItems][value='Art37.1']").CheckAsync();
        var plannedOn = app.Day(7);
        await page.Locator("form#plan input[name=plannedOn]").FillAsync(plannedOn);
        await page.Locator("form#plan input[name=inspectorIds][value='urumqi.inspector2']").CheckAsync();
        await page.Locator("form#plan button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(InspectionUrl());
        await Expect(page.Locator("form#start")).ToBeVisibleAsync();
        Lap("inspection planned");

        await page.Locator("form#start button[type=submit]").ClickAsync();
        await Expect(page.Locator("form#hazard")).ToBeVisibleAsync();
        await page.Locator("form#hazard select[name=item]").SelectOptionAsync("Art38.3");
        await page.Locator("form#hazard textarea[name=description]").FillAsync("档案库房无温湿度调控设备，夏季库温超过 30℃");
        await page.Locator("form#hazard textarea[name=evidence]").FillAsync("现场照片 IMG_0012\n现场检查笔录 第 3 页");
        await page.Locator("form#hazard button[type=submit]").ClickAsync();
        await Expect(page.Locator("#flash")).ToHaveTextAsync("已完成“记录隐患”。");
        var hazardLink = page.Locator("main table#hazards td.description a[href^='/rectifications/']");
        await Expect(hazardLink).ToHaveCountAsync(1);
        await Expect(page.Locator("main table tr", new() { HasText = "Art38.3" })).ToHaveCountAsync(1);
        await Expect(page.Locator("table#hazards")).ToContainTextAsync("第三十八条第（三）项"); // as the law cites it (issue 14)
        await app.Screenshot(page, "inspection");
        Lap("inspection started, hazard recorded");

        // Issue 14: the hazard row carries its next step; the order form previews the due date as the number changes.
        await page.Locator("main table#hazards a.order-action", new() { HasText = "下达责令限期改正通知书" }).ClickAsync();
        await page.WaitForURLAsync(url => RectificationUrl().IsMatch(url.Split('#')[0]) && url.EndsWith("#order"));
        var dueDates = (await page.Locator("form#order input[name=workingDays]").GetAttributeAsync("data-due-dates"))!.Split(',');
        await page.Locator("form#order input[name=workingDays]").FillAsync("10");
        var tenth = DateOnly.Parse(dueDates[9].TrimEnd('?'));
        await Expect(page.Locator("#order-due")).ToContainTextAsync($"按 10 个工作日计算，今日下达的整改截止日期为 {tenth.Year}年{tenth.Month}月{tenth.Day}日");
        await page.Locator("form#order textarea[name=requirements]").FillAsync("配置恒温恒湿设备并建立温湿度记录制度");
        await page.Locator("form#order input[name=inspectorIds][value='urumqi.inspector2']").CheckAsync(); // R1: the two who issue it
        await page.Locator("form#order button[type=submit]").ClickAsync();
        await Expect(page.Locator("main dl a[href^='/api/documents/']")).ToBeVisibleAsync(); // the notice's document number
        // The success message names what was recorded and the document's number (issue 14 §2).
        var number = (await page.Locator("main dl a[href^='/api/documents/']").First.InnerTextAsync()).Trim();
        await Expect(page.Locator("#flash[role=status]")).ToContainTextAsync($"已下达责令限期改正通知书。编号：{number}");
        await Expect(page.Locator("form#correction")).ToBeVisibleAsync();
        await app.Screenshot(page, "rectification");
        Lap("order issued");

        var rectification = new Uri(page.Url).AbsolutePath;
        await page.Open("/");
        await Expect(page.Locator($"main a[href='{rectification}']")).ToHaveCountAsync(1); // (other tests' orders may be listed too)
        await app.Screenshot(page, "workbench");
        // Issue 16 §3: the units of the inspector's city on the map, the hazard's unit among those with open hazards.
        await page.Open("/map");
        if (await page.Locator("script[src='/map.js']").CountAsync() > 0)
        {
            // Leaflet vendored (ops/test.sh runs ensure_web_libs): the grid became an interactive map of clustered markers.
            await Expect(page.Locator("#leaflet-map[data-ready=true]")).ToBeVisibleAsync();
            await Expect(page.Locator("svg#unit-map")).ToHaveCountAsync(0);
            var marker = page.Locator("#leaflet-map .leaflet-marker-icon.map-open, #leaflet-map .leaflet-marker-icon.map-overdue").First;
            await Expect(marker).ToBeVisibleAsync();
            await Expect(page.Locator("#leaflet-map path.map-gridline").First).ToBeAttachedAsync();
            await Expect(page.Locator("#leaflet-map .map-gridlabel").First).ToBeVisibleAsync();
            await app.Screenshot(page, "map");
            // It zooms with no tile server, and the grid is drawn again for the new view (finer steps, new labels).
            var labels = await page.Locator("#leaflet-map .map-gridlabel").AllInnerTextsAsync();
            await page.Locator("#leaflet-map .leaflet-control-zoom-in").ClickAsync();
            await Expect(page.Locator("#leaflet-map .map-gridlabel")).Not.ToHaveTextAsync(labels.ToArray());
        }
        else
        {
            await Expect(page.Locator("svg#unit-map circle.map-open, svg#unit-map circle.map-overdue").First).ToBeVisibleAsync();
            await app.Screenshot(page, "map");
        }
        var refused = await page.Open("/dashboard");
        Assert.Equal(403, refused!.Status);
        await Expect(page.Locator("#refused")).ToContainTextAsync("仅供领导");
        Lap("inspector's workbench and refused dashboard");

        // --- The Urumqi leader: the dashboard equals the API once the async projection caught up -----------------
        await using var leader = await app.NewContext();
        page = await leader.NewPageAsync();
        await LogIn(page, "urumqi.leader");
        await page.Locator("header nav a[href='/dashboard']").ClickAsync();
        await page.WaitForURLAsync(url => IsPath(url, "/dashboard"));
        await app.Store.WaitForNonStaleProjectionDataAsync(Patience);
        Lap("leader logged in, projection caught up");
        await page.ReloadAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("执法统计");

        var query = await DashboardQuery(page);
        Assert.StartsWith("?jurisdiction=650100&from=", query);
        var api = await ApiDashboard("urumqi.leader", query);
        var hazards = await Shown(page, "[data-hazard='Art38.3']");
        var orders = await Shown(page, "[data-metric=ordersIssued]");
        Assert.Equal(ApiHazards(api, "Art38.3"), hazards);
        Assert.Equal(api.GetProperty("ordersIssued").GetInt32(), orders);
        Assert.True(hazards >= 1, $"Art38.3 hazards shown: {hazards}");
        Assert.True(orders >= 1, $"orders issued shown: {orders}");
        // Every whole-number card equals the API's figure of the same name.
        var cards = page.Locator("[data-metric]");
        for (var i = 0; i < await cards.CountAsync(); i++)
        {
            var metric = (await cards.Nth(i).GetAttributeAsync("data-metric"))!;
            if (api.TryGetProperty(metric, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n))
                Assert.True(n == int.Parse(await cards.Nth(i).InnerTextAsync()), $"{metric}: page {await cards.Nth(i).InnerTextAsync()}, API {n}");
        }
        Assert.Equal(Supervision.Shared.LegalCatalogue.Find("Art38.3")!.Wording, await page.Locator("#hazards-by-item tr", new() { Has = page.Locator("[data-hazard='Art38.3']") }).Locator("td").Nth(1).InnerTextAsync());
        await Expect(page.Locator("svg#hazard-chart")).ToBeVisibleAsync();
        await Expect(page.Locator("svg#month-chart-inspectionsPlanned")).ToBeVisibleAsync();
        await app.Screenshot(page, "dashboard");
        Lap("dashboard compared with the API");

        // --- The Kashgar leader: Urumqi is refused; their own dashboard has no Urumqi figures -------------------
        await using var kashgar = await app.NewContext();
        page = await kashgar.NewPageAsync();
        await LogIn(page, "kashi.leader");
        var denied = await page.Open("/dashboard?jurisdiction=650100");
        Assert.Equal(403, denied!.Status);
        await Expect(page.Locator("#refused")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-metric]")).ToHaveCountAsync(0);
        await page.Open("/dashboard");
        await Expect(page.Locator("select[name=jurisdiction] option[value='650100']")).ToHaveCountAsync(0);
        var kashgarQuery = await DashboardQuery(page);
        Assert.StartsWith("?jurisdiction=653100&", kashgarQuery);
        var kashgarApi = await ApiDashboard("kashi.leader", kashgarQuery);
        Assert.Equal(0, ApiHazards(kashgarApi, "Art38.3"));
        Assert.Equal(0, await Shown(page, "[data-hazard='Art38.3']"));
        Assert.Equal(kashgarApi.GetProperty("ordersIssued").GetInt32(), await Shown(page, "[data-metric=ordersIssued]"));
        var badMonth = await page.Open("/dashboard?from=2026-13");
        Assert.Equal(400, badMonth!.Status);
        await Expect(page.Locator("#refused")).ToContainTextAsync("月份格式应为 yyyy-MM");
        Lap("Kashgar leader refused Urumqi");
        output.WriteLine($"total: {total.ElapsedMilliseconds} ms");
    }

    /// <summary>A client of the JSON API with the user's token (to set up a case quickly).</summary>
    private async Task<HttpClient> Api(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/auth/token", new { username = user, password = BrowserHost.Password });
        token.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        return http;
    }

    [Fact]
    public async Task A_stale_form_says_someone_else_changed_the_case_reloads_and_keeps_the_input()
    {
        using var api = await Api("urumqi.inspector1");
        await using var session = app.Store.QuerySession();
        var unit = await session.Query<Supervision.Units.SupervisedUnit>().Where(u => u.JurisdictionId == "650100").FirstAsync();
        var planned = await api.PostAsJsonAsync("/api/inspections", new { unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(5), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } });
        var id = (await planned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await api.PostAsJsonAsync($"/api/inspections/{id}/start", new { version = 1 })).EnsureSuccessStatusCode();

        await using var browser = await app.NewContext();
        var first = await browser.NewPageAsync();
        await LogIn(first, "urumqi.inspector1");
        var second = await browser.NewPageAsync();
        await first.Open($"/inspections/{id}");
        await second.Open($"/inspections/{id}");

        // The first tab records an obstruction; the second still shows version 2.
        await first.Locator("form#obstruction textarea[name=description]").FillAsync("档案室负责人拒绝提供目录");
        await first.Locator("form#obstruction button[type=submit]").ClickAsync();
        await Expect(first.Locator("main")).ToContainTextAsync("档案室负责人拒绝提供目录");

        await second.Locator("form#obstruction textarea[name=description]").FillAsync("第二个标签页填写的内容");
        await second.Locator("form#obstruction button[type=submit]").ClickAsync();
        // It reloads with the current case, says why, and keeps what was typed.
        await Expect(second.Locator("form#obstruction .problem")).ToContainTextAsync("该案件已被他人修改");
        await Expect(second.Locator("form#obstruction textarea[name=description]")).ToHaveValueAsync("第二个标签页填写的内容");
        await Expect(second.Locator("main")).ToContainTextAsync("档案室负责人拒绝提供目录");
        Assert.Equal("3", await second.Locator("form#obstruction input[name=version]").InputValueAsync());

        // Submitting again now works.
        await second.Locator("form#obstruction button[type=submit]").ClickAsync();
        await Expect(second.Locator("main")).ToContainTextAsync("第二个标签页填写的内容");
    }
}
