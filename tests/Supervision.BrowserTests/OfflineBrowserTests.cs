using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Supervision.BrowserTests;

/// <summary>
/// Issue 16 §2, first step, in Chromium on a phone viewport: the app is installable (manifest, service worker); an inspection
/// page opened online is read again with the network gone (Playwright's offline emulation), with the offline banner; a
/// form refuses to send offline and keeps the input; a page never opened says it is not on the device; logging out empties
/// the kept pages.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task An_inspection_opened_online_is_read_offline_on_the_phone_and_logging_out_forgets_it()
    {
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await LogIn(page, "urumqi.inspector1");
        await page.GotoAsync("/inspections/new");
        await page.Locator("form#plan select[name=unitId]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("form#plan input[name=focusItems][value='Art37.1']").CheckAsync();
        await page.Locator("form#plan input[name=plannedOn]").FillAsync(app.Day(3));
        await page.Locator("form#plan input[name=inspectorIds][value='urumqi.inspector2']").CheckAsync();
        await page.Locator("form#plan button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(InspectionUrl());
        var inspection = new Uri(page.Url).AbsolutePath;

        // Installable: the manifest is linked and served; the service worker takes control of the page.
        Assert.Equal("/manifest.webmanifest", await page.Locator("link[rel=manifest]").GetAttributeAsync("href"));
        var manifest = await context.APIRequest.GetAsync("/manifest.webmanifest");
        Assert.Contains("档案监督执法案件系统", await manifest.TextAsync());
        await page.WaitForFunctionAsync("async () => (await navigator.serviceWorker.ready) && !!navigator.serviceWorker.controller",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.ReloadAsync(); // this visit, under the worker, is the one kept
        await Expect(page.Locator("#offline")).ToBeHiddenAsync();

        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("检查");
        await Expect(page.Locator("#offline")).ToBeVisibleAsync();
        await Expect(page.Locator("#offline")).ToContainTextAsync("当前无网络连接");
        // A step tried offline is not sent; the input stays.
        await page.Locator("form#start button[type=submit]").ClickAsync();
        await Expect(page.Locator("form#start .problem")).ToContainTextAsync("当前无网络连接");
        // A page never opened on this device.
        await page.GotoAsync("/rectifications/" + Guid.NewGuid());
        await Expect(page.Locator("h1")).ToContainTextAsync("当前无网络连接");

        // Online again: log out; the kept pages are gone for the next user of the phone.
        await context.SetOfflineAsync(false);
        await page.GotoAsync(inspection);
        await page.Locator("header form[action='/logout'] button").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        Assert.False(await page.EvaluateAsync<bool>($"async () => !!(await (await caches.open('supervision-pages')).match('{inspection}'))"));
        await context.SetOfflineAsync(true);
        await page.GotoAsync(inspection);
        await Expect(page.Locator("h1")).ToContainTextAsync("当前无网络连接");
    }
}
