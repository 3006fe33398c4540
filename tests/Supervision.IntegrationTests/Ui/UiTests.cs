using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;

namespace Supervision.IntegrationTests.Ui;

[Collection(AppCollection.Name)]
public sealed partial class UiTests(AppFixture app)
{
    private readonly Scenarios _given = new(app);
    private readonly Api _api = new(app);

    private HttpClient Browser() => UiBrowser.New(app);

    private static Task LogIn(HttpClient browser, string user, string password = "Demo!2026", HttpStatusCode expected = HttpStatusCode.Redirect) =>
        UiBrowser.LogIn(browser, user, password, expected);

    [Fact]
    public async Task Pages_need_a_login_and_show_the_inspectors_work_in_Chinese()
    {
        // Kashgar's team: the Urumqi inspectors are on hundreds of open test inspections, and the workbench shows an
        // inspector's 50 soonest planned ones, so whether this one is among them would depend on the order of the tests.
        var (inspectionId, rectificationId) = await _given.Hazard("kashi.inspector", "653100", ["kashi.inspector", "kashi.inspector2"]);
        var browser = Browser();
        var anonymous = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.OriginalString);

        await LogIn(browser, "kashi.inspector2");
        var home = await browser.GetStringAsync("/");
        Assert.Contains("工作台", home);
        Assert.Contains($"/inspections/{inspectionId}", home);
        Assert.Contains($"/rectifications/{rectificationId}", home);
        var rectification = await browser.GetStringAsync($"/rectifications/{rectificationId}");
        Assert.Contains("下达责令限期改正通知书", rectification);
        Assert.Contains("Art38.3", rectification);

        // The cookie session also calls the JSON API (what the page's forms do).
        var api = await browser.GetAsync($"/api/rectifications/{rectificationId}");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task An_inspectors_workbench_lists_their_inspection_even_when_the_jurisdiction_has_many_earlier_ones()
    {
        // 60 open inspections of other inspectors, planned earlier than the one below (the workbench shows 50): valid
        // ones (two certified inspectors, planned through the API), in 伊宁市 with inspectors of this test's own, so no
        // other test sees them in its lists or counts.
        var (a, b, me) = await YiningInspectors();
        var unit = await app.UnitIn(Yining);
        for (var i = 0; i < 60; i++)
            await _api.Ok(_api.Post(a, "/api/inspections", new { unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(-30), inspectorIds = new[] { a, b } }), 201);
        var mine = await _given.PlannedInspection(me, Yining, [me, a]);
        var browser = Browser();
        await LogIn(browser, me);
        var workbench = await browser.GetStringAsync("/");
        Assert.Contains($"/inspections/{mine}", workbench);
        // The inspector who is on all 61 sees a full page of them: the 60 are there to crowd the list.
        var crowded = Browser();
        await LogIn(crowded, a);
        Assert.Equal(50, InspectionLink().Matches(await crowded.GetStringAsync("/")).Select(m => m.Value).Distinct().Count());
    }

    /// <summary>伊宁市: used by no other integration test.</summary>
    private const string Yining = "654002";

    private async Task<(string A, string B, string Me)> YiningInspectors()
    {
        var ids = await _given.UsersOfTheirOwn(Yining, "yining.ui", 3);
        return (ids[0], ids[1], ids[2]);
    }

    [GeneratedRegex(@"/inspections/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex InspectionLink();

    [Fact]
    public async Task An_overdue_order_and_an_obstructed_inspection_offer_a_case_officer_to_open_a_sanction_case_from_them()
    {
        var api = new Api(app);
        var (id, order) = await _given.Ordered(workingDays: 5);
        var obstructed = await _given.StartedInspection();
        await api.Ok(api.Post("urumqi.inspector1", $"/api/inspections/{obstructed}/obstructions", new { version = 2, description = "拒绝执法人员进入档案库房" }));
        var officer = Browser();
        await LogIn(officer, "urumqi.officer");
        Assert.DoesNotContain("id=\"open-case\"", await officer.GetStringAsync($"/rectifications/{id}")); // not overdue yet

        var due = DateOnly.Parse(order.Str("dueOn"));
        app.AdvanceClockTo(Supervision.Rectifications.RectificationDeadlines.OverdueAt(due).AddMinutes(1));
        await Wolverine.Tracking.WolverineHostMessageTrackingExtensions.InvokeMessageAndWaitAsync(app.Host, new Supervision.Rectifications.RectificationDeadlineCheck(id, due));
        Assert.Contains($"href=\"/sanction-cases/new?sourceKind=rectification&amp;sourceId={id}\"", await officer.GetStringAsync($"/rectifications/{id}"));
        Assert.Contains($"href=\"/sanction-cases/new?sourceKind=inspection&amp;sourceId={obstructed}\"", await officer.GetStringAsync($"/inspections/{obstructed}"));
        // The form comes prefilled with the source.
        var form = await officer.GetStringAsync($"/sanction-cases/new?sourceKind=rectification&sourceId={id}");
        Assert.Contains($"value=\"{id}\"", form);

        var inspector = Browser();
        await LogIn(inspector, "urumqi.inspector1");
        Assert.DoesNotContain("id=\"open-case\"", await inspector.GetStringAsync($"/rectifications/{id}")); // not a case officer
    }

    [Fact]
    public async Task Login_form_refuses_a_wrong_password_and_a_missing_antiforgery_token()
    {
        var browser = Browser();
        await LogIn(browser, "urumqi.leader", "wrong", HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
        var forged = await Browser().PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "urumqi.leader", ["password"] = "Demo!2026" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Kashgar_user_gets_no_page_for_an_Urumqi_case()
    {
        var (inspectionId, _) = await _given.Hazard();
        var browser = Browser();
        await LogIn(browser, "kashi.inspector");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/inspections/{inspectionId}")).StatusCode);
        Assert.DoesNotContain(inspectionId.ToString(), await browser.GetStringAsync("/"));
    }

    [Fact]
    public async Task Complaint_handler_sees_the_complaint_on_the_workbench_and_an_inspector_sees_it_masked()
    {
        var complaints = new Supervision.IntegrationTests.Complaints.ComplaintFlowTests(app);
        var id = await complaints.Accepted();
        var handler = Browser();
        await LogIn(handler, "urumqi.handler");
        Assert.Contains($"/complaints/{id}", await handler.GetStringAsync("/"));
        var page = await handler.GetStringAsync($"/complaints/{id}");
        Assert.Contains("查看投诉人身份信息", page);
        Assert.Contains("处理结论", page);
        Assert.DoesNotContain("买买提·测试人甲", page);

        var inspector = Browser();
        await LogIn(inspector, "urumqi.inspector1");
        var masked = await inspector.GetStringAsync($"/complaints/{id}");
        Assert.Contains("***", masked);
        Assert.DoesNotContain("查看投诉人身份信息", masked);
        Assert.DoesNotContain("处理结论</h2>", masked);
    }

    [Fact]
    public async Task A_leader_extends_a_complaint_from_its_page_and_the_page_shows_the_reason_how_the_complainant_was_told_and_the_notice()
    {
        var complaints = new Supervision.IntegrationTests.Complaints.ComplaintFlowTests(app);
        var id = await complaints.Accepted();
        var leader = Browser();
        await LogIn(leader, "urumqi.leader");
        var before = await leader.GetStringAsync($"/complaints/{id}");
        Assert.Contains($"data-api=\"/api/complaints/{id}/extensions\"", before);
        Assert.Contains("<option value=\"letter\">书面告知书</option>", before); // only the contacts the complainant left

        var handler = Browser();
        await LogIn(handler, "urumqi.handler");
        Assert.DoesNotContain("/extensions\"", await handler.GetStringAsync($"/complaints/{id}")); // a leader approves (R11)

        // What the form posts (the cookie session calls the JSON API).
        var response = await leader.PostAsync($"/api/complaints/{id}/extensions", System.Net.Http.Json.JsonContent.Create(new { version = 3, days = 10, reason = "需核实档案移交清册", channel = "letter" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await leader.GetStringAsync($"/complaints/{id}");
        Assert.Contains("需核实档案移交清册", after);
        Assert.Contains("已由 urumqi.leader 登记寄出", after);
        Assert.Matches("href=\"/api/documents/[^\"]*%E6%8A%95%E5%BB%B6", after); // 投延: the notice is linked
        Assert.DoesNotContain($"data-api=\"/api/complaints/{id}/extensions\"", after); // once only
    }

    [Fact]
    public async Task The_rectification_register_is_paged()
    {
        // 51 open rectifications in 伊宁市, found by inspectors of this test's own: whatever other tests add elsewhere,
        // the leader's first page shows 50 and links the second, which shows the 51st.
        var (a, b, _) = await YiningInspectors();
        var leader = (await _given.UsersOfTheirOwn(Yining, "yining.ui.leader", 1, Supervision.Shared.Roles.Leader, certified: false))[0];
        var inspection = await _given.StartedInspection(a, Yining, [a, b]);
        for (var i = 0; i < 51; i++)
            await _api.Ok(_api.Post(a, $"/api/inspections/{inspection}/hazards",
                new { version = 2 + i, item = "Art38.3", description = $"档案库房隐患 {i + 1}", evidence = new[] { "现场照片" } }), 201);
        var browser = Browser();
        await LogIn(browser, leader);
        var first = await browser.GetStringAsync("/rectifications?status=open");
        Assert.Contains("整改台账", first);
        Assert.Contains("（共 51 项）", first);
        Assert.Contains("page=2", first);
        Assert.Equal(50, RectificationLink().Matches(first).Select(m => m.Value).Distinct().Count());
        var second = await browser.GetStringAsync("/rectifications?status=open&page=2");
        Assert.Single(RectificationLink().Matches(second).Select(m => m.Value).Distinct());
    }

    [GeneratedRegex(@"/rectifications/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RectificationLink();

}
