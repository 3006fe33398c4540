using System.Net.Http.Json;
using System.Text.Json;
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
        await page.Open("/inspections/new");
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
        // A step on site tried offline waits on the device (the queue's own tests follow).
        await page.Locator("form#start button[type=submit]").ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync("已保存在本设备");
        // A page never opened on this device.
        await page.Open("/rectifications/" + Guid.NewGuid());
        await Expect(page.Locator("h1")).ToContainTextAsync("当前无网络连接");

        // Online again: log out; the kept pages are gone for the next user of the phone.
        await context.SetOfflineAsync(false);
        await page.Open(inspection);
        await page.Locator("header form[action='/logout'] button").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        Assert.False(await page.EvaluateAsync<bool>($"async () => !!(await (await caches.open('supervision-pages')).match('{inspection}'))"));
        await context.SetOfflineAsync(true);
        await page.Open(inspection);
        await Expect(page.Locator("h1")).ToContainTextAsync("当前无网络连接");
    }

    private async Task<IBrowserContext> Phone() => await app.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = app.BaseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
        ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
    });

    private static FilePayload Photo(string name) =>
        new() { Name = name, MimeType = "image/jpeg", Buffer = [0xFF, 0xD8, 0xFF, 0xE0, .. Guid.NewGuid().ToByteArray(), .. new byte[512]] };

    [Fact]
    public async Task Two_hazards_with_three_photos_recorded_offline_survive_a_restart_of_the_browser_and_arrive_once_with_their_files_when_online()
    {
        var profile = Directory.CreateTempSubdirectory("supervision-phone-").FullName;
        var context = await app.Phone(profile);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        await LogIn(page, "urumqi.inspector1");
        await page.Open("/inspections/new");
        await page.Locator("form#plan select[name=unitId]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("form#plan input[name=focusItems][value='Art37.1']").CheckAsync();
        await page.Locator("form#plan input[name=plannedOn]").FillAsync(app.Day(0));
        await page.Locator("form#plan input[name=inspectorIds][value='urumqi.inspector2']").CheckAsync();
        await page.Locator("form#plan button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(InspectionUrl());
        var inspection = new Uri(page.Url).AbsolutePath;
        await page.Locator("form#start button[type=submit]").ClickAsync();
        await Expect(page.Locator("form#hazard")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("async () => (await navigator.serviceWorker.ready) && !!navigator.serviceWorker.controller",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.Open("/sync");
        await page.Open(inspection); // both pages kept, as they are now (started)

        // Offline on site: two hazards, three photos.
        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await Expect(page.Locator("#offline")).ToBeVisibleAsync();
        await page.Locator("form#hazard select[name=item]").SelectOptionAsync("Art38.3");
        await page.Locator("form#hazard textarea[name=description]").FillAsync("库房无温湿度调控设备");
        await page.Locator("form#hazard input[name=evidenceFiles]").SetInputFilesAsync(new[] { Photo("库房一.jpg"), Photo("库房二.jpg") });
        await page.Locator("form#hazard button[type=submit]").ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync("已保存在本设备");
        await page.Locator("form#hazard select[name=item]").SelectOptionAsync("Art38.5");
        await page.Locator("form#hazard textarea[name=description]").FillAsync("灭火器过期");
        await page.Locator("form#hazard input[name=evidenceFiles]").SetInputFilesAsync(Photo("灭火器.jpg"));
        await page.Locator("form#hazard button[type=submit]").ClickAsync();
        await Expect(page.Locator("#sync-count")).ToHaveTextAsync("（2）");

        // The browser is closed (the phone restarts); opened again, still offline, it finds both steps waiting on the sync page.
        await context.CloseAsync();
        context = await app.Phone(profile);
        await context.SetOfflineAsync(true);
        page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        await page.Open("/sync");
        await Expect(page.Locator("#sync-queue tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#sync-queue tbody")).ToContainTextAsync("等待发送");
        await Expect(page.Locator("#sync-queue tbody")).ToContainTextAsync("附 2 个文件");

        // The network returns. The restart ended the session: the queue waits and asks for a login; after it, the steps are sent
        // in order, files first, each once.
        await context.SetOfflineAsync(false);
        await page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");
        await Expect(page.Locator("#sync-login")).ToBeVisibleAsync();
        await Expect(page.Locator("#sync-queue tbody tr[data-status=waiting]")).ToHaveCountAsync(2);
        await LogIn(page, "urumqi.inspector1");
        await page.Open("/sync");
        await Expect(page.Locator("#sync-queue tbody tr[data-status=sent]")).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        var api = await Api("urumqi.inspector1");
        var id = inspection.Split('/')[^1];
        var state = await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}");
        var hazards = state.GetProperty("rectificationIds").EnumerateArray().ToList();
        Assert.Equal(2, hazards.Count);
        var photos = 0;
        foreach (var hazard in hazards)
        {
            var r = await api.GetFromJsonAsync<JsonElement>($"/api/rectifications/{hazard.GetString()}");
            photos += r.GetProperty("files").GetArrayLength();
        }
        Assert.Equal(3, photos);
        await page.Locator("#sync-now").ClickAsync(); // sending again sends nothing twice
        state = await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}");
        Assert.Equal(2, state.GetProperty("rectificationIds").GetArrayLength());
        await context.CloseAsync();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } // the browser may still hold a lock file
    }

    [Fact]
    public async Task A_step_recorded_offline_on_a_case_that_moved_on_is_shown_as_a_conflict_and_can_be_discarded()
    {
        await using var context = await Phone();
        var page = await context.NewPageAsync();
        await LogIn(page, "urumqi.inspector1");
        var api = await Api("urumqi.inspector1");
        var unit = (await api.GetFromJsonAsync<JsonElement>("/api/units?jurisdiction=650100")).GetProperty("items")[0].GetProperty("id").GetString();
        var planned = await (await api.PostAsJsonAsync("/api/inspections", new
        {
            unitId = unit, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(0), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = planned.GetProperty("id").GetString();
        (await api.PostAsJsonAsync($"/api/inspections/{id}/start", new { version = 1 })).EnsureSuccessStatusCode();
        await page.Open($"/inspections/{id}");
        await page.WaitForFunctionAsync("async () => (await navigator.serviceWorker.ready) && !!navigator.serviceWorker.controller",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.Open("/sync");
        await page.Open($"/inspections/{id}");

        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await page.Locator("form#obstruction textarea[name=description]").FillAsync("单位拒绝开启库房");
        await page.Locator("form#obstruction button[type=submit]").ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync("已保存在本设备");

        // Meanwhile the other officer records a hazard: the case moved on.
        var other = await Api("urumqi.inspector2");
        (await other.PostAsJsonAsync($"/api/inspections/{id}/hazards", new { version = 2, item = "Art38.5", description = "灭火器过期", evidence = new[] { "现场照片" } }))
            .EnsureSuccessStatusCode();

        await context.SetOfflineAsync(false);
        await page.Open("/sync");
        var row = page.Locator("#sync-queue tbody tr").First;
        await Expect(row).ToHaveAttributeAsync("data-status", "conflict", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("冲突");
        await Expect(row).ToContainTextAsync("本次提交基于第 2 版");
        await Expect(row.Locator("ul.changes")).ToContainTextAsync("第 3 版：记录档案安全隐患"); // what the other officer did
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}")).GetProperty("obstructions").GetArrayLength());

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await row.Locator("button[data-action=discard]").ClickAsync();
        await Expect(page.Locator("#sync-queue tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#sync-empty")).ToBeVisibleAsync();
    }
}
