using System.Net;
using System.Text.RegularExpressions;
using Marten;
using Marten.Events;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Ui;

/// <summary>
/// Every figure on the leader's dashboard (cards, notes, the Art. 38 table, chart bars, per-jurisdiction and per-month
/// cells) links to its drill-down, and the drill-down lists exactly as many rows as the figure says (issue 14 §2).
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class DashboardDrillDownLinksTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    [Fact]
    public async Task Every_figure_links_to_a_drill_down_with_as_many_rows_as_the_figure()
    {
        var inspectors = new[] { "tianshan.inspector", "tianshan.inspector2" };
        await _given.Hazard("tianshan.inspector", "650102", inspectors);
        var (inspection, _) = await _given.Hazard("tianshan.inspector", "650102", inspectors);
        await _api.Ok(_api.Post("tianshan.inspector", $"/api/inspections/{inspection}/obstructions", new { version = 3, description = "拒绝提供档案目录" }));
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        using var browser = await UiBrowser.LoggedIn(app, "tianshan.leader");
        var month = Supervision.Shared.WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).ToString("yyyy-MM");
        var html = await browser.GetStringAsync($"/dashboard?from=2025-01&to={month}");
        Assert.Contains("<a href=\"/dashboard/cases\">统计明细</a>", html); // the drill-down is in the menu

        var links = DrillDownLink().Matches(html).Select(m => (Href: WebUtility.HtmlDecode(m.Groups[1].Value), Value: int.Parse(m.Groups[2].Value))).ToList();
        var figures = links.Select(l => Regex.Match(l.Href, "figure=(\\w+)").Groups[1].Value).ToHashSet();
        // The cards, the Art. 38 table and the charts, each with at least one non-zero figure in this scenario.
        foreach (var f in new[] { "inspectionsPlanned", "hazards", "obstructions", "inspectionsCancelled", "complaintsReceived", "referralsSent" })
            Assert.Contains(f, figures);
        Assert.Contains(links, l => l.Href.Contains("item=Art38.3") && l.Value >= 2);         // a row of the Art. 38 table
        Assert.Contains(links, l => l.Href.Contains("own=true") && l.Href.Contains("jurisdiction=650102")); // a per-jurisdiction cell
        Assert.Contains(links, l => l.Href.Contains($"from={month}&to={month}"));            // a chart bar or month cell

        foreach (var (href, value) in links.Where(l => l.Value < 500).DistinctBy(l => l.Href))
        {
            var api = "/api" + href;
            var items = (await _api.Ok(_api.Get("tianshan.leader", api))).GetProperty("items");
            Assert.True(value == items.GetArrayLength(), $"{href}: the figure says {value}, the drill-down lists {items.GetArrayLength()}");
        }

        // The drill-down page shows when each row was recorded, to the minute, and the obstruction leads to its inspection.
        var page = await browser.GetStringAsync($"/dashboard/cases?figure=obstructions&jurisdiction=650102&from={month}&to={month}");
        Assert.Contains($"href=\"/inspections/{inspection}\"", page);
        Assert.Matches("<td>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}</td>", page);
    }

    [GeneratedRegex("<a href=\"(/dashboard/cases\\?[^\"]+)\"[^>]*>(\\d+)</a>")]
    private static partial Regex DrillDownLink();
}
