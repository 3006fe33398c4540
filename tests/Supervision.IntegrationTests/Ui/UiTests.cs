using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;

namespace Supervision.IntegrationTests.Ui;

[Collection(AppCollection.Name)]
public sealed partial class UiTests(AppFixture app)
{
    private readonly Scenarios _given = new(app);

    private HttpClient Browser() =>
        new(new CookieContainerHandler { InnerHandler = app.Host.Server.CreateHandler() }) { BaseAddress = new Uri("http://localhost") };

    private static async Task LogIn(HttpClient browser, string user, string password = "Demo!2026", HttpStatusCode expected = HttpStatusCode.Redirect)
    {
        var page = await browser.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var response = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["username"] = user, ["password"] = password,
        }));
        Assert.Equal(expected, response.StatusCode);
    }

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

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
