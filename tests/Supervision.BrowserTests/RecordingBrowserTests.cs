using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Supervision.BrowserTests;

/// <summary>
/// Issue 16 §1 in Chromium: on an inspection on site, the 执法全过程记录 checklist says the recording is missing; the inspector
/// chooses a video in the form, which uploads it to the file store and attaches it; the checklist then shows it.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task An_inspector_uploads_the_on_site_video_from_the_inspection_page_and_the_checklist_shows_it()
    {
        await using var context = await app.NewContext();
        var page = await context.NewPageAsync();
        await LogIn(page, "urumqi.inspector1");
        await page.Open("/inspections/new");
        await page.Locator("form#plan select[name=unitId]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("form#plan input[name=focusItems][value='Art37.1']").CheckAsync();
        await page.Locator("form#plan input[name=plannedOn]").FillAsync(app.Day(3));
        await page.Locator("form#plan input[name=inspectorIds][value='urumqi.inspector2']").CheckAsync();
        await page.Locator("form#plan button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(InspectionUrl());
        await page.Locator("form#start button[type=submit]").ClickAsync();
        await Expect(page.Locator("table#recordings")).ToContainTextAsync("缺少录音录像");

        byte[] video = [0, 0, 0, 0x20, .. "ftypisom"u8.ToArray(), 0, 0, 2, 0, .. Guid.NewGuid().ToByteArray(), .. new byte[2048]];
        await page.Locator("form#recording input[name=files]").SetInputFilesAsync(new FilePayload { Name = "进入库房.mp4", MimeType = "video/mp4", Buffer = video });
        await page.Locator("form#recording input[name=note]").FillAsync("出示执法证件后开始录像");
        await page.Locator("form#recording button[type=submit]").ClickAsync();
        await Expect(page.Locator("table#recordings")).ToContainTextAsync("已附 1 个文件");
        await Expect(page.Locator("table#recordings")).ToContainTextAsync("进入库房.mp4");

        // A photo chosen by mistake is refused at the field; nothing is attached.
        await page.Locator("form#recording input[name=files]").SetInputFilesAsync(new FilePayload { Name = "照片.jpg", MimeType = "image/jpeg",
            Buffer = [0xFF, 0xD8, 0xFF, 0xE0, .. Guid.NewGuid().ToByteArray()] });
        await page.Locator("form#recording button[type=submit]").ClickAsync();
        await Expect(page.Locator("form#recording .err[data-for=files]")).ToContainTextAsync("录音或录像");
        await Expect(page.Locator("table#recordings")).ToContainTextAsync("已附 1 个文件");
    }
}
