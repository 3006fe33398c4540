using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;

namespace Supervision.IntegrationTests.Ui;

/// <summary>The UI as a browser uses it: a client that keeps the login cookie, and the login form with its antiforgery token.</summary>
public static partial class UiBrowser
{
    public static HttpClient New(AppFixture app) =>
        new(new CookieContainerHandler { InnerHandler = app.Host.Server.CreateHandler() }) { BaseAddress = new Uri("http://localhost") };

    public static async Task LogIn(HttpClient browser, string user, string password = "Demo!2026", HttpStatusCode expected = HttpStatusCode.Redirect)
    {
        var page = await browser.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var response = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["username"] = user, ["password"] = password,
        }));
        Assert.Equal(expected, response.StatusCode);
    }

    public static async Task<HttpClient> LoggedIn(AppFixture app, string user)
    {
        var browser = New(app);
        await LogIn(browser, user);
        return browser;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    public static partial Regex AntiforgeryToken();
}
