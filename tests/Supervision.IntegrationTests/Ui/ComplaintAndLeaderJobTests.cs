using System.Text.RegularExpressions;

namespace Supervision.IntegrationTests.Ui;

/// <summary>
/// Issue 14 §2, the complaint handler's and the leader's jobs without dead ends: a handler who is not assigned is told why
/// nothing more can be done and who can assign; the handler's workbench shows their own work, not inspection lists; the
/// result the complainant will receive is shown before it is sent; people are shown by name; a leader's workbench lists
/// what waits for them (待办), oldest first.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ComplaintAndLeaderJobTests(AppFixture app)
{
    private readonly Api _api = new(app);

    private async Task<Guid> Registered(string user, string jurisdiction)
    {
        var unit = await app.UnitIn(jurisdiction);
        var created = await _api.Ok(_api.Post(user, "/api/complaints", new
        {
            channel = "visit", receivedAt = app.Clock.GetUtcNow().AddHours(-3), anonymous = false,
            complainant = new { name = "测试来访人丁", email = "visitor.d@example.cn" }, unitId = unit.Id, allegation = "档案库房无消防设施",
        }), 201);
        return created.Id();
    }

    [Fact]
    public async Task A_handler_waiting_for_assignment_is_told_why_and_who_can_assign_and_then_sees_the_handler_by_name()
    {
        var id = await Registered("urumqi.handler", "650100");
        await _api.Ok(_api.Post("urumqi.handler", $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        using var handler = await UiBrowser.LoggedIn(app, "urumqi.handler");
        var page = await handler.GetStringAsync($"/complaints/{id}");
        Assert.Contains("id=\"awaiting-assignment\"", page);
        Assert.Contains("待领导指定承办人", page);
        Assert.Contains("马晓东", page);   // urumqi.leader
        Assert.Contains("周海涛", page);   // urumqi.deputy
        Assert.DoesNotContain("阿依古丽", page); // the region's leader does not assign the city's handlers
        Assert.DoesNotContain("<form class=\"api\" id=\"note\"", page);

        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = "urumqi.handler" }));
        await _api.Ok(_api.Post("urumqi.handler", $"/api/complaints/{id}/notes", new { version = 3, note = "已电话核实" }));
        page = await handler.GetStringAsync($"/complaints/{id}");
        Assert.DoesNotContain("id=\"awaiting-assignment\"", page);
        Assert.Contains("<dt>承办人</dt><dd>赵静</dd>", page);
        Assert.Contains("赵静：已电话核实", page);
        Assert.DoesNotContain(">urumqi.handler<", page);
    }

    [Fact]
    public async Task The_result_the_complainant_will_receive_is_previewed_before_it_is_sent()
    {
        var id = await Registered("urumqi.handler", "650100");
        await _api.Ok(_api.Post("urumqi.handler", $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = "urumqi.handler" }));
        await _api.Ok(_api.Post("urumqi.handler", $"/api/complaints/{id}/conclusion",
            new { version = 3, substantiated = true, findings = "库房未配备灭火器", result = "已责令限期改正" }));
        using var handler = await UiBrowser.LoggedIn(app, "urumqi.handler");
        var page = await handler.GetStringAsync($"/complaints/{id}");
        var preview = Regex.Match(page, "<div class=\"preview\" id=\"notification-preview\">(.*?)</div>", RegexOptions.Singleline);
        Assert.True(preview.Success, "no preview on the page");
        Assert.Contains("投诉举报处理结果告知", preview.Value);
        Assert.Contains("调查认定：库房未配备灭火器", preview.Value);
        Assert.Contains("处理结果：已责令限期改正", preview.Value);
        // The preview comes before the send button.
        Assert.True(page.IndexOf("notification-preview", StringComparison.Ordinal) < page.IndexOf("id=\"notify\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_complaint_handlers_workbench_shows_their_complaints_first_and_no_inspection_lists()
    {
        using var handler = await UiBrowser.LoggedIn(app, "urumqi.handler");
        var page = await handler.GetStringAsync("/");
        var mine = page.IndexOf("分配给我的投诉举报", StringComparison.Ordinal);
        var unassigned = page.IndexOf("待受理或待指定承办人", StringComparison.Ordinal);
        Assert.True(mine > 0 && unassigned > mine, "the handler's own complaints come first");
        Assert.DoesNotContain("进行中的检查", page);
        Assert.DoesNotContain("未结整改事项", page);
        // An inspector's workbench is unchanged.
        using var inspector = await UiBrowser.LoggedIn(app, "urumqi.inspector1");
        Assert.Contains("进行中的检查", await inspector.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_leaders_workbench_lists_the_assignment_waiting_for_them_until_it_is_done()
    {
        // Tianshan district: its leader registers and accepts, then has to assign (the city's handler covers the district).
        var id = await Registered("tianshan.leader", "650102");
        await _api.Ok(_api.Post("tianshan.leader", $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        using var leader = await UiBrowser.LoggedIn(app, "tianshan.leader");
        var todos = Todos(await leader.GetStringAsync("/"));
        Assert.Contains($"href=\"/complaints/{id}\"", todos);
        Assert.Contains("指定承办人", todos);
        // Another department's leader does not get it.
        using var urumqi = await UiBrowser.LoggedIn(app, "urumqi.leader");
        Assert.DoesNotContain($"href=\"/complaints/{id}\"", Todos(await urumqi.GetStringAsync("/")));

        await _api.Ok(_api.Post("tianshan.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = "urumqi.handler" }));
        Assert.DoesNotContain($"href=\"/complaints/{id}\"", Todos(await leader.GetStringAsync("/")));
    }

    private static string Todos(string page)
    {
        var start = page.IndexOf("<h2>待办</h2>", StringComparison.Ordinal);
        Assert.True(start >= 0, "no 待办 section");
        var end = page.IndexOf("<h2>", start + 10, StringComparison.Ordinal);
        return end < 0 ? page[start..] : page[start..end];
    }
}
