using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Marten;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Supervision.BrowserTests.BrowserHost;

namespace Supervision.BrowserTests;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright, which injects the axe-core script into the page) on every page of the crawl, as
/// each role sees it: no WCAG 2.1 A or AA violation (issue 14 §3). Inspector pages also at phone size (390×844) with no
/// sideways scrolling (§2).
/// </summary>
public sealed class AccessibilityTests(BrowserHost app, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>An inspection with a hazard and its order, and an accepted complaint: the case pages have their content.</summary>
    private async Task<(Guid Inspection, Guid Rectification, Guid Complaint, string Order)> Cases()
    {
        using var api = await app.Api("urumqi.inspector1");
        await using var session = app.Store.QuerySession();
        var unit = await session.Query<Supervision.Units.SupervisedUnit>().Where(u => u.JurisdictionId == "650100").FirstAsync();
        var inspectors = new[] { "urumqi.inspector1", "urumqi.inspector2" };
        var inspection = (await Ok(api.PostAsJsonAsync("/api/inspections", new { unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(5), inspectorIds = inspectors }))).GetProperty("id").GetGuid();
        await Ok(api.PostAsJsonAsync($"/api/inspections/{inspection}/start", new { version = 1 }));
        var hazard = await Ok(api.PostAsJsonAsync($"/api/inspections/{inspection}/hazards", new { version = 2, item = "Art38.3", description = "库房无温湿度调控设备", evidence = new[] { "现场检查笔录" } }));
        var rectification = hazard.GetProperty("rectificationId").GetGuid();
        var order = (await Ok(api.PostAsJsonAsync($"/api/rectifications/{rectification}/order", new { version = 1, workingDays = 10, requirements = "配置恒温恒湿设备", inspectorIds = inspectors }))).GetProperty("documentNumber").GetString()!;

        using var handler = await app.Api("urumqi.handler");
        var complaint = (await Ok(handler.PostAsJsonAsync("/api/complaints", new
        {
            channel = "letter", receivedAt = app.Clock.GetUtcNow().AddHours(-2), anonymous = false,
            complainant = new { name = "无障碍测试人", phone = "13899912345", address = "乌鲁木齐市天山区测试路 1 号" },
            unitId = unit.Id, allegation = "该单位档案库房漏雨",
        }))).GetProperty("id").GetGuid();
        return (inspection, rectification, complaint, order);
    }

    [Fact]
    public async Task Every_crawled_page_has_no_wcag_21_aa_violation_and_inspector_pages_fit_a_phone()
    {
        var (inspection, rectification, complaint, order) = await Cases();
        var crawl = new (string? User, string Url)[]
        {
            (null, "/login"), (null, "/public/complaints"), (null, "/public/complaints/status"), (null, "/public/inspection-draws"), (null, "/public/statistics"),
            ("urumqi.inspector1", "/"), ("urumqi.inspector1", "/inspections/new"), ("urumqi.inspector1", $"/inspections/{inspection}"),
            ("urumqi.inspector1", $"/rectifications/{rectification}"), ("urumqi.inspector1", "/rectifications"), ("urumqi.inspector1", "/deadlines"),
            ("urumqi.inspector1", "/units"), ("urumqi.inspector1", "/dashboard"),
            ("urumqi.inspector1", $"/documents/{Uri.EscapeDataString(order)}/service"),
            ("urumqi.handler", "/"), ("urumqi.handler", $"/complaints/{complaint}"), ("urumqi.handler", "/complaints/new"),
            ("urumqi.officer", "/sanction-cases"), ("urumqi.officer", "/sanction-cases/new"), ("urumqi.officer", "/referrals"), ("urumqi.officer", "/referrals/new"),
            ("urumqi.leader", "/"), ("urumqi.leader", "/dashboard"), ("urumqi.leader", "/dashboard/cases"), ("urumqi.leader", "/statistics"),
            ("urumqi.leader", $"/cases/{rectification}/file"), ("region.admin", "/admin/calendar"),
            ("urumqi.leader", "/annual-reports"), ("urumqi.leader", "/region-reports"), ("unit.urumqi-archives", "/portal"), // issue 17: annual reports, the portal
        };
        var violations = new List<string>();
        foreach (var group in crawl.GroupBy(c => c.User))
        {
            await using var context = await app.NewContext();
            var page = await context.NewPageAsync();
            if (group.Key is { } user) await LogIn(page, user);
            foreach (var (_, url) in group)
            {
                await page.Open(url);
                var result = await page.RunAxe(Wcag21AA);
                foreach (var v in result.Violations)
                    violations.Add($"{group.Key ?? "public"} {url}: {v.Id} ({v.Impact}) {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}");
            }
        }
        foreach (var v in violations) output.WriteLine(v);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        // A refused field: the problem is an alert tied to its field (aria-describedby, aria-invalid). The browser's own
        // check (required) is taken off so that the server's refusal is what the user sees.
        await using (var inspectorContext = await app.NewContext())
        {
            var page = await inspectorContext.NewPageAsync();
            await LogIn(page, "urumqi.inspector1");
            await page.Open($"/inspections/{inspection}");
            await page.Locator("form#hazard select[name=item]").SelectOptionAsync("Art38.1");
            await page.Locator("form#hazard textarea[name=evidence]").FillAsync("现场照片");
            await page.EvaluateAsync("document.querySelector('form#hazard textarea[name=description]').removeAttribute('required')");
            await page.Locator("form#hazard button[type=submit]").ClickAsync();
            var problem = page.Locator("form#hazard .err[data-for=description][role=alert]");
            await Microsoft.Playwright.Assertions.Expect(problem).Not.ToBeEmptyAsync();
            var description = page.Locator("form#hazard textarea[name=description]");
            await Microsoft.Playwright.Assertions.Expect(description).ToHaveAttributeAsync("aria-invalid", "true");
            Assert.Contains(await problem.GetAttributeAsync("id"), (await description.GetAttributeAsync("aria-describedby"))!.Split(' '));
            Assert.Empty((await page.RunAxe(Wcag21AA)).Violations);
        }

        // The inspector's pages at phone size: nothing wider than the screen.
        await using var phone = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, DeviceScaleFactor = 3, IsMobile = true, HasTouch = true, Locale = "zh-CN",
        });
        var mobile = await phone.NewPageAsync();
        await LogIn(mobile, "urumqi.inspector1");
        foreach (var url in new[] { "/", "/inspections/new", $"/inspections/{inspection}", $"/rectifications/{rectification}", "/rectifications", "/deadlines",
            $"/documents/{Uri.EscapeDataString(order)}/service" })
        {
            await mobile.Open(url);
            var (scroll, client) = (await mobile.EvaluateAsync<int>("document.documentElement.scrollWidth"), await mobile.EvaluateAsync<int>("document.documentElement.clientWidth"));
            Assert.True(scroll <= client, $"{url} at 390 px: the page is {scroll} px wide");
            // docs/screenshots: the inspection on site as the inspector sees it on the phone.
            if (url == $"/inspections/{inspection}") await app.Screenshot(mobile, "inspection-phone");
        }
    }

    private static async Task LogIn(IPage page, string user)
    {
        await page.Open("/login");
        await page.Locator("input[name=username]").FillAsync(user);
        await page.Locator("input[name=password]").FillAsync(BrowserHost.Password);
        await page.Locator("form.login button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath is "/" or "/portal"); // a unit's account lands on its portal
    }
}
