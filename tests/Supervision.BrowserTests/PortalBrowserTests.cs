using Marten;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Supervision.BrowserTests;

/// <summary>
/// Issue 17 §1, in Chromium: the demo unit (乌鲁木齐市档案馆) logs in to its portal, sees the order the inspectors issued,
/// signs its consent to electronic service, reads the order once served, and reports its correction with a photo; the
/// inspector then sees the report and the photo on the case.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task A_unit_signs_its_e_service_consent_reads_its_served_order_and_reports_its_correction_with_a_photo_in_its_portal()
    {
        // The inspectors' side, through the API: an order for 乌鲁木齐市档案馆, served in person.
        using var api = await app.Api("urumqi.inspector1");
        await using var session = app.Store.QuerySession();
        var unit = await session.Query<Supervision.Units.SupervisedUnit>().Where(u => u.CreditCode == "12650100458000176K").FirstAsync();
        var inspectors = new[] { "urumqi.inspector1", "urumqi.inspector2" };
        var inspection = (await BrowserHost.Ok(api.PostAsJsonAsync("/api/inspections", new { unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = inspectors }))).GetProperty("id").GetGuid();
        await BrowserHost.Ok(api.PostAsJsonAsync($"/api/inspections/{inspection}/start", new { version = 1 }));
        var rectification = (await BrowserHost.Ok(api.PostAsJsonAsync($"/api/inspections/{inspection}/hazards", new { version = 2, item = "Art38.4", description = "库房未配备防盗门窗", evidence = new[] { "现场检查笔录" } })))
            .GetProperty("rectificationId").GetGuid();
        var order = (await BrowserHost.Ok(api.PostAsJsonAsync($"/api/rectifications/{rectification}/order", new { version = 1, workingDays = 10, requirements = "安装防盗门窗", inspectorIds = inspectors })))
            .GetProperty("documentNumber").GetString()!;
        var docUrl = "/api/documents/" + Uri.EscapeDataString(order);
        var receipt = await BrowserHost.Ok(api.PostAsJsonAsync(docUrl + "/return-receipts", new { recipient = "马丽娟" }));
        await BrowserHost.Ok(api.PostAsJsonAsync(docUrl + "/service", new
        {
            method = "direct", receivedOn = app.Day(), recipient = "马丽娟", proof = "签收的送达回证", returnReceiptNumber = receipt.GetProperty("returnReceiptNumber").GetString(),
        }));

        // The unit, in the browser.
        await using var context = await app.NewContext();
        var page = await context.NewPageAsync();
        await page.Open("/login");
        await page.Locator("input[name=username]").FillAsync("unit.urumqi-archives");
        await page.Locator("input[name=password]").FillAsync(BrowserHost.Password);
        await page.Locator("form.login button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/portal");
        await Expect(page.Locator("header nav a")).ToHaveCountAsync(1); // its portal, nothing of the staff's
        var row = page.Locator($"#order-{rectification}");
        await Expect(row).ToContainTextAsync("安装防盗门窗");
        await Expect(row.Locator($"a[href='{docUrl}']")).ToBeVisibleAsync(); // served: the unit reads it

        await page.Locator("form#consent-form input[name=address]").FillAsync("dangan@urumqi.example");
        await page.Locator("form#consent-form input[name=agreed]").CheckAsync();
        await page.Locator("form#consent-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#consent")).ToContainTextAsync("dangan@urumqi.example");

        var form = page.Locator($"form#report-{rectification}");
        await form.Locator("textarea[name=description]").FillAsync("已安装防盗门窗并加装报警装置");
        await form.Locator("input[name=evidenceFiles]").SetInputFilesAsync(new FilePayload
        {
            Name = "防盗门窗.jpg", MimeType = "image/jpeg", Buffer = [0xFF, 0xD8, 0xFF, 0xE0, .. Guid.NewGuid().ToByteArray()],
        });
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync("整改报告已提交");
        await Expect(page.Locator($"#order-{rectification}")).ToContainTextAsync("1 份");
        await app.Screenshot(page, "portal");

        // The inspector sees it on the case, with the photo among the case's files; the unit does not see staff pages.
        var response = await page.Open($"/rectifications/{rectification}");
        Assert.Equal(404, response!.Status);
        var report = (await BrowserHost.Ok(api.GetAsync($"/api/rectifications/{rectification}"))).GetProperty("unitReports")[0];
        Assert.Equal("已安装防盗门窗并加装报警装置", report.GetProperty("description").GetString());
        Assert.Equal("防盗门窗.jpg", report.GetProperty("files")[0].GetProperty("fileName").GetString());
    }
}
