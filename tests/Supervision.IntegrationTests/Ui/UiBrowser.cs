using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;

namespace Supervision.IntegrationTests.Ui;

/// <summary>The UI as a browser uses it: a client that keeps the login cookie, and the login form with its antiforgery token.</summary>
public static partial class UiBrowser
{
    private static int _browsers;

    /// <summary>
    /// A new browser with its own client address, as separate people have: the public pages are rate-limited per address, and
    /// browsers of unrelated tests must not share one quota.
    /// </summary>
    public static HttpClient New(AppFixture app)
    {
        var n = Interlocked.Increment(ref _browsers);
        var address = new IPAddress([10, 77, (byte)(n >> 8), (byte)n]);
        var server = app.Host.Server.CreateHandler(http => http.Connection.RemoteIpAddress = address);
        return new(new CookieContainerHandler { InnerHandler = server }) { BaseAddress = new Uri("http://localhost") };
    }

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
