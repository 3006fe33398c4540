using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Supervision.BrowserTests;

/// <summary>
/// Issue 14 §2, by clicking in Chromium: the complaint handler registers a complaint and accepts it, and is told why nothing
/// more can be done (待领导指定承办人) and who can assign; the leader finds the assignment on the workbench's 待办 list, opens it
/// and assigns the handler; the handler records the investigation and the conclusion and sees, before sending, the text the
/// complainant will receive.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    [GeneratedRegex(@"/complaints/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")]
    private static partial Regex ComplaintUrl();

    [Fact]
    public async Task A_complaint_goes_from_registration_through_the_leaders_assignment_to_a_previewed_result_by_clicking()
    {
        // --- The handler registers the complaint and accepts it ------------------------------------------------
        await using var handlerContext = await app.NewContext();
        var handler = await handlerContext.NewPageAsync();
        await LogIn(handler, "urumqi.handler");
        await handler.Open("/complaints/new");
        var form = handler.Locator("form#register-complaint");
        await form.Locator("select[name=channel]").SelectOptionAsync("letter");
        var units = await form.Locator("select[name=unitId] option").AllInnerTextsAsync();
        await form.Locator("select[name=unitId]").SelectOptionAsync(new SelectOptionValue { Index = units.ToList().FindIndex(u => u.Contains("乌鲁木齐")) });
        await form.Locator("textarea[name=allegation]").FillAsync("该单位将到期档案随意堆放在地下车库，未按规定鉴定销毁");
        await form.Locator("input[name='complainant.name']").FillAsync("王建国");
        await form.Locator("input[name='complainant.phone']").FillAsync("13912345678");
        await form.Locator("button[type=submit]").ClickAsync();
        await handler.WaitForURLAsync(ComplaintUrl());
        var complaintPath = new Uri(handler.Url).AbsolutePath;

        await handler.Locator("form#acceptance select[name=decision]").SelectOptionAsync("accepted");
        await handler.Locator("form#acceptance textarea[name=reason]").FillAsync("属于本机关职责范围");
        await handler.Locator("form#acceptance button[type=submit]").ClickAsync();
        // Accepted but not assigned: the handler is told why nothing more can be done, and who can assign.
        await Expect(handler.Locator("#awaiting-assignment")).ToContainTextAsync("待领导指定承办人");
        await Expect(handler.Locator("#awaiting-assignment")).ToContainTextAsync("可指定承办人的领导");
        await Expect(handler.Locator("form#note")).ToHaveCountAsync(0);

        // --- The leader: the 待办 list leads to the complaint; the handler is assigned -----------------------------
        await using var leaderContext = await app.NewContext();
        var leader = await leaderContext.NewPageAsync();
        await LogIn(leader, "urumqi.leader");
        var todo = leader.Locator("table#todos tr", new() { Has = leader.Locator($"a[href='{complaintPath}']") });
        await Expect(todo).ToContainTextAsync("指定承办人");
        await todo.Locator($"a[href='{complaintPath}']").ClickAsync();
        await leader.WaitForURLAsync(url => new Uri(url).AbsolutePath == complaintPath);
        await leader.Locator("form#assignment select[name=handlerId]").SelectOptionAsync("urumqi.handler");
        await leader.Locator("form#assignment button[type=submit]").ClickAsync();
        await Expect(leader.Locator("#flash[role=status]")).ToBeVisibleAsync();
        await leader.Open("/");
        await Expect(leader.Locator($"table#todos a[href='{complaintPath}']")).ToHaveCountAsync(0);

        // --- The handler investigates, concludes, and sees what the complainant will receive ------------------------
        await handler.ReloadAsync();
        await Expect(handler.Locator("#awaiting-assignment")).ToHaveCountAsync(0);
        await handler.Locator("form#note textarea[name=note]").FillAsync("现场核实：地下车库存放到期档案 12 箱");
        await handler.Locator("form#note button[type=submit]").ClickAsync();
        await Expect(handler.Locator("#flash[role=status]")).ToBeVisibleAsync();
        await handler.Locator("form#conclusion select[name=substantiated]").SelectOptionAsync("true");
        await handler.Locator("form#conclusion textarea[name=findings]").FillAsync("到期档案未经鉴定堆放在地下车库");
        await handler.Locator("form#conclusion textarea[name=result]").FillAsync("已责令该单位限期改正，依法鉴定处置到期档案");
        await handler.Locator("form#conclusion button[type=submit]").ClickAsync();
        await Expect(handler.Locator("#notification-preview")).ToContainTextAsync("已责令该单位限期改正，依法鉴定处置到期档案");
        await Expect(handler.Locator("form#notify")).ToBeVisibleAsync();
    }
}
