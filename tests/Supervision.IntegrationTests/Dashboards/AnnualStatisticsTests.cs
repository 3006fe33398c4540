using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using Marten;
using Marten.Events;
using Supervision.Dashboards;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Dashboards;

[Collection(AppCollection.Name)]
public sealed class AnnualStatisticsTests(AppFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    /// <summary>The business clock's year: the newest year that may be asked for.</summary>
    private int ThisYear => app.Today.Year;
    /// <summary>The projection files events by their timestamp, taken from the business clock: the new cases count in this year.</summary>
    private int EventYear => ThisYear;

    private async Task<HttpResponseMessage> Download(string user, string url)
    {
        var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        return await client.GetAsync(url);
    }

    /// <summary>A figure of a statistics body (0 when the year has none of it yet).</summary>
    private static int Figure(JsonElement stats, string figure, string? item = null)
    {
        var totals = stats.GetProperty("totals");
        if (item is not null)
            return totals.GetProperty(figure).TryGetProperty(item, out var byItem) ? byItem.GetInt32() : 0;
        return totals.TryGetProperty(figure, out var value) ? value.GetInt32() : 0;
    }

    /// <summary>The statistics once the daemon caught up with an inspection planned just before (the wait needs activity).</summary>
    private async Task<JsonElement> StatisticsNow(string user, string query = "")
    {
        await _given.PlannedInspection();
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        return await _api.Ok(_api.Get(user, $"/api/statistics/{EventYear}{query}"));
    }

    [Fact]
    public async Task The_annual_statistics_are_the_dashboard_figures_of_the_year_per_jurisdiction_and_in_total()
    {
        // Other tests add cases to the same jurisdictions: the figures are compared with those before this test's cases.
        var urumqiBefore = await StatisticsNow("urumqi.leader", "?jurisdiction=650100");
        var regionBefore = await _api.Ok(_api.Get("region.leader", $"/api/statistics/{EventYear}"));
        await _given.Hazard();                                                                          // 乌鲁木齐市
        await _given.Hazard("tianshan.inspector", "650102", ["tianshan.inspector", "tianshan.inspector2"]); // 天山区, below it
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);

        var year = EventYear;
        var stats = await _api.Ok(_api.Get("urumqi.leader", $"/api/statistics/{year}?jurisdiction=650100"));
        var dashboard = await _api.Ok(_api.Get("urumqi.leader", $"/api/dashboard?jurisdiction=650100&from={year}-01&to={year}-12"));

        Assert.Equal(year, stats.GetProperty("year").GetInt32());
        Assert.Equal("乌鲁木齐市档案局 " + year + "年度档案行政执法统计", stats.Str("title"));
        Assert.Equal($"{year + 1}-01-31", stats.Str("publishBy"));
        Assert.Equal(dashboard.GetProperty("totals").GetRawText(), stats.GetProperty("totals").GetRawText());
        Assert.Equal(Figure(urumqiBefore, "hazardsByItem", "Art38.3") + 2, Figure(stats, "hazardsByItem", "Art38.3"));
        Assert.Equal(Figure(urumqiBefore, "inspectionsPlanned") + 2, Figure(stats, "inspectionsPlanned"));

        // Every jurisdiction in scope has a line; those with figures equal the dashboard's line.
        var lines = stats.GetProperty("byJurisdiction").EnumerateArray().ToDictionary(l => l.Str("jurisdictionId"));
        Assert.Equal(["650100", "650102", "650103"], lines.Keys);
        foreach (var d in dashboard.GetProperty("byJurisdiction").EnumerateArray())
            Assert.Equal(d.GetProperty("totals").GetRawText(), lines[d.Str("jurisdictionId")].GetProperty("totals").GetRawText());

        // The region's statistics contain Urumqi's.
        var region = await _api.Ok(_api.Get("region.leader", $"/api/statistics/{year}"));
        Assert.Equal("650000", region.Str("jurisdiction"));
        Assert.Equal(Figure(regionBefore, "inspectionsPlanned") + 2, Figure(region, "inspectionsPlanned"));
        Assert.Equal(Figure(regionBefore, "hazardsByItem", "Art38.3") + 2, Figure(region, "hazardsByItem", "Art38.3"));
        var regionLines = region.GetProperty("byJurisdiction").EnumerateArray().ToDictionary(l => l.Str("jurisdictionId"));
        Assert.Equal(lines["650100"].GetProperty("totals").GetRawText(), regionLines["650100"].GetProperty("totals").GetRawText());
        Assert.Contains(region.GetProperty("byJurisdiction").EnumerateArray(), l => l.Str("jurisdictionId") == "653101");
    }

    [Fact]
    public async Task The_csv_download_is_utf8_with_bom_and_chinese_headers()
    {
        await _given.PlannedInspection(); // the daemon's wait needs some event activity to wait for
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var year = EventYear;
        using var response = await Download("urumqi.leader", $"/api/statistics/{year}.csv?jurisdiction=650100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var disposition = string.Join(",", response.Content.Headers.GetValues("Content-Disposition"));
        Assert.StartsWith("attachment;", disposition);
        Assert.Contains($"filename=\"enforcement-statistics-650100-{year}.csv\"", disposition);
        Assert.Contains("filename*=UTF-8''" + Uri.EscapeDataString($"乌鲁木齐市档案局{year}年度档案行政执法统计.csv"), disposition);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", AnnualStatisticsExport.Headers), lines[0]);
        Assert.Contains("隐患：第三十八条第（三）项", lines[0]);
        Assert.StartsWith("650100,合计,乌鲁木齐市档案局,", lines[^1]);
        Assert.Equal(1 + 3 + 1, lines.Length);

        var json = await _api.Ok(_api.Get("urumqi.leader", $"/api/statistics/{year}?jurisdiction=650100"));
        Assert.Equal(json.GetProperty("totals").GetProperty("inspectionsPlanned").GetInt32().ToString(), lines[^1].Split(',')[3]);
    }

    [Fact]
    public async Task The_xlsx_download_has_the_title_headers_a_row_per_jurisdiction_and_the_total()
    {
        var before = Figure(await StatisticsNow("urumqi.leader", "?jurisdiction=650100"), "inspectionsPlanned");
        await _given.PlannedInspection();
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var year = EventYear;
        using var response = await Download("urumqi.leader", $"/api/statistics/{year}.xlsx?jurisdiction=650100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AnnualStatisticsExport.XlsxContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("filename*=UTF-8''" + Uri.EscapeDataString($"乌鲁木齐市档案局{year}年度档案行政执法统计.xlsx"),
            string.Join(",", response.Content.Headers.GetValues("Content-Disposition")));

        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet(1);
        Assert.Equal($"乌鲁木齐市档案局 {year}年度档案行政执法统计", sheet.Cell(1, 1).GetString());
        Assert.Equal("行政区划代码", sheet.Cell(3, 1).GetString());
        Assert.Equal("计划检查（次）", sheet.Cell(3, 4).GetString());
        Assert.Equal(["乌鲁木齐市", "天山区", "沙依巴克区", "合计"], Enumerable.Range(4, 4).Select(r => sheet.Cell(r, 2).GetString()));

        var json = await _api.Ok(_api.Get("urumqi.leader", $"/api/statistics/{year}?jurisdiction=650100"));
        var planned = json.GetProperty("totals").GetProperty("inspectionsPlanned").GetInt32();
        Assert.Equal(before + 1, planned);
        Assert.Equal(planned, sheet.Cell(7, 4).GetValue<int>());
    }

    [Fact]
    public async Task Years_outside_2000_to_now_are_400_other_jurisdictions_404_and_non_leaders_403()
    {
        foreach (var year in new[] { 1999, ThisYear + 1 })
        {
            var (status, problem) = await _api.Get("urumqi.leader", $"/api/statistics/{year}");
            Assert.Equal(400, status);
            Assert.Equal("invalid_year", problem.Str("code"));
            using var csv = await Download("urumqi.leader", $"/api/statistics/{year}.csv");
            Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        }
        var (ok, _) = await _api.Get("urumqi.leader", "/api/statistics/2000");
        Assert.Equal(200, ok);

        var (other, _) = await _api.Get("kashi.leader", "/api/statistics/" + ThisYear + "?jurisdiction=650100");
        Assert.Equal(404, other);
        var (up, _) = await _api.Get("urumqi.leader", "/api/statistics/" + ThisYear + "?jurisdiction=650000");
        Assert.Equal(404, up); // a prefecture does not see the region's statistics
        using var otherXlsx = await Download("kashi.leader", $"/api/statistics/{ThisYear}.xlsx?jurisdiction=650100");
        Assert.Equal(HttpStatusCode.NotFound, otherXlsx.StatusCode);

        var (inspector, problem403) = await _api.Get("urumqi.inspector1", "/api/statistics/" + ThisYear);
        Assert.Equal(403, inspector);
        Assert.Equal("forbidden", problem403.Str("code"));
        var (anonymous, _) = await _api.Get("", "/api/statistics/" + ThisYear);
        Assert.Equal(401, anonymous);
    }

    [Fact]
    public async Task A_leader_publishes_the_finished_years_statistics_of_their_department_and_anyone_can_read_them()
    {
        var year = ThisYear - 1;
        async Task<(int Status, string Body)> Anonymous(string url, string ip)
        {
            var r = await app.Host.Scenario(s =>
            {
                s.Get.Url(url);
                s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Parse(ip));
                s.IgnoreStatusCode();
            });
            return (r.Context.Response.StatusCode, await r.ReadAsTextAsync());
        }
        Assert.Equal(404, (await Anonymous($"/api/public/statistics/650100/{year - 1}", "10.2.0.1")).Status); // never published

        var (byInspector, inspectorProblem) = await _api.Post("urumqi.inspector1", $"/api/statistics/{year}/publication", new { });
        Assert.True(byInspector == 403, inspectorProblem.ToString());
        // (Alba's POST takes the query string separately.)
        async Task<int> PublishFor(string jurisdiction) => (await app.Host.Scenario(s =>
        {
            s.Post.Json(new { }).ToUrl($"/api/statistics/{year}/publication").QueryString("jurisdiction", jurisdiction);
            s.WithRequestHeader("Authorization", "Bearer " + app.TokenFor("urumqi.leader").GetAwaiter().GetResult());
            s.IgnoreStatusCode();
        })).Context.Response.StatusCode;
        Assert.Equal(403, await PublishFor("650102")); // below, not its own department
        Assert.Equal(403, await PublishFor("650000")); // above
        var (running, problem) = await _api.Post("urumqi.leader", $"/api/statistics/{ThisYear}/publication", new { });
        Assert.Equal(422, running);
        Assert.Equal("year_not_over", problem.Str("code"));

        var first = await _api.Ok(_api.Post("urumqi.leader", $"/api/statistics/{year}/publication", new { }));
        Assert.Equal(1, first.GetProperty("revision").GetInt32());
        var again = await _api.Ok(_api.Post("urumqi.leader", $"/api/statistics/{year}/publication", new { }));
        Assert.Equal(2, again.GetProperty("revision").GetInt32()); // a correction is a new revision, never an edit

        // The public sees exactly the figures the leaders' statistics show, without logging in.
        var (listed, list) = await Anonymous("/api/public/statistics", "10.2.0.2");
        Assert.Equal(200, listed);
        Assert.Contains($"\"jurisdiction\":\"650100\"", list.Replace(" ", ""));
        var (status, published) = await Anonymous($"/api/public/statistics/650100/{year}", "10.2.0.3");
        Assert.Equal(200, status);
        var internalView = await _api.Ok(_api.Get("urumqi.leader", $"/api/statistics/{year}?jurisdiction=650100"));
        Assert.Equal(internalView.GetProperty("totals").ToString(), JsonDocument.Parse(published).RootElement.GetProperty("totals").ToString());
        var (pageStatus, page) = await Anonymous($"/public/statistics?jurisdiction=650100&year={year}", "10.2.0.4");
        Assert.Equal(200, pageStatus);
        Assert.Contains($"{year}年度档案行政执法统计", page);
        Assert.Contains("第 2 次，更正", page);
    }
}
