using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;

namespace Supervision.IntegrationTests.Ui;

[Collection(AppCollection.Name)]
public sealed partial class UiTests(AppFixture app)
{
    private readonly Scenarios _given = new(app);

    private HttpClient Browser() => UiBrowser.New(app);

    private static Task LogIn(HttpClient browser, string user, string password = "Demo!2026", HttpStatusCode expected = HttpStatusCode.Redirect) =>
        UiBrowser.LogIn(browser, user, password, expected);

    [Fact]
    public async Task Pages_need_a_login_and_show_the_inspectors_work_in_Chinese()
    {
        var (inspectionId, rectificationId) = await _given.Hazard();
        var browser = Browser();
        var anonymous = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.PathAndQuery);

        await LogIn(browser, "urumqi.inspector2");
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
    public async Task The_rectification_register_is_paged()
    {
        await _given.Hazard();
        var browser = Browser();
        await LogIn(browser, "urumqi.leader");
        var first = await browser.GetStringAsync("/rectifications?status=open");
        Assert.Contains("整改台账", first);
        Assert.Contains("共 ", first);
        var (_, body) = await new Api(app).Get("urumqi.leader", "/api/rectifications?status=open&pageSize=1");
        if (body.Long("total") > 50) Assert.Contains("page=2", first);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/rectifications?status=open&page=2")).StatusCode);
    }

}
