using System.Net;
using System.Text.RegularExpressions;

namespace Supervision.IntegrationTests.Ui;

/// <summary>
/// The pages as Razor components (issue 14 §1): every page is a whole HTML document in the site's layout, Chinese as
/// text, no script but /offline.js and /app.js (no Blazor script, no inline script: the CSP allows none), and the same routes as before.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class PageShellTests(AppFixture app)
{
    private readonly Scenarios _given = new(app);

    [Fact]
    public async Task Every_page_is_a_component_document_with_only_our_own_scripts_and_chinese_as_text()
    {
        var (inspection, rectification) = await _given.Hazard();
        var pages = new (string User, string Url)[]
        {
            ("urumqi.inspector1", "/"), ("urumqi.inspector1", "/inspections/new"), ("urumqi.inspector1", $"/inspections/{inspection}"),
            ("urumqi.inspector1", $"/rectifications/{rectification}"), ("urumqi.inspector1", "/rectifications?status=open"),
            ("urumqi.leader", "/deadlines"), ("urumqi.leader", "/units"), ("urumqi.leader", "/dashboard"), ("urumqi.leader", "/statistics"),
            ("urumqi.leader", "/dashboard/cases"), ("urumqi.leader", $"/cases/{rectification}/file"), ("urumqi.leader", "/complaints/new"),
            ("urumqi.officer", "/sanction-cases"), ("urumqi.officer", "/sanction-cases/new"), ("urumqi.officer", "/referrals"),
            ("urumqi.officer", "/referrals/new"), ("region.admin", "/admin/calendar"),
            (null!, "/login"), (null!, "/public/complaints"), (null!, "/public/complaints/status"), (null!, "/public/inspection-draws"),
            (null!, "/public/statistics"),
        };
        foreach (var (user, url) in pages)
        {
            using var browser = user is null ? UiBrowser.New(app) : await UiBrowser.LoggedIn(app, user);
            var response = await browser.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
            Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self';", csp);
            var html = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Equal(["<script src=\"/offline.js\" defer></script>", "<script src=\"/app.js\" defer></script>"], Script().Matches(html).Select(m => m.Value));
            Assert.DoesNotContain("blazor", html, StringComparison.OrdinalIgnoreCase);
            Assert.Matches("<title>[^<]+ · 档案监督执法案件系统</title>", html); // not &#x…; entities
            Assert.Matches("<main><h1>[^<]+</h1>", html);
            Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\"", html);
            // Forms that post through app.js say method="post": without JavaScript nothing typed lands in a URL.
            Assert.All(Regex.Matches(html, "<form class=\"api\"[^>]*>").Select(m => m.Value), form => Assert.Contains("method=\"post\"", form));
            if (user is not null) Assert.Contains("<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"__RequestVerificationToken\"", html);
        }
    }

    [Fact]
    public async Task The_public_complaint_form_posts_without_javascript_and_the_favicon_is_served()
    {
        using var browser = UiBrowser.New(app);
        var form = Regex.Match(await browser.GetStringAsync("/public/complaints"), "<form class=\"api\"[^>]*>").Value;
        Assert.Contains("method=\"post\" action=\"/api/public/complaints\"", form);
        var icon = await browser.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_complaint_page_names_the_intake_channel_in_chinese()
    {
        var id = await new Supervision.IntegrationTests.Complaints.ComplaintFlowTests(app).Accepted();
        using var handler = await UiBrowser.LoggedIn(app, "urumqi.handler");
        var received = Regex.Match(await handler.GetStringAsync($"/complaints/{id}"), "<dt>收到</dt><dd>([^<]*)</dd>").Groups[1].Value;
        Assert.Matches("（(来信|来访|来电|网上)）", received);
        Assert.DoesNotMatch("Letter|Visit|Phone|Online", received);
    }

    [Fact]
    public async Task A_refused_login_renders_the_form_again_with_the_user_name_and_a_fresh_token_but_not_the_password()
    {
        using var browser = UiBrowser.New(app);
        var token = UiBrowser.AntiforgeryToken().Match(await browser.GetStringAsync("/login")).Groups[1].Value;
        var response = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["username"] = "urumqi.leader", ["password"] = "wrong-password-123",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<div class=\"problem\" role=\"alert\">用户名或密码错误", html);
        Assert.Contains("value=\"urumqi.leader\"", html);
        Assert.DoesNotContain("wrong-password-123", html);
        Assert.Matches(UiBrowser.AntiforgeryToken(), html);
    }

    /// <summary>
    /// No English on any page (issue 14 §2): the text a user reads — not markup, attributes, the codes in small print
    /// (<c>Art38.3</c>) or user names typed as such — has no English words; names of formats (JSON, PDF) may stay.
    /// </summary>
    [Fact]
    public async Task No_page_shows_english_words()
    {
        var (inspection, rectification) = await _given.Hazard();
        var complaint = await new Supervision.IntegrationTests.Complaints.ComplaintFlowTests(app).Accepted();
        var pages = new (string User, string Url)[]
        {
            ("urumqi.inspector1", "/"), ("urumqi.inspector1", "/inspections/new"), ("urumqi.inspector1", $"/inspections/{inspection}"),
            ("urumqi.inspector1", $"/rectifications/{rectification}"), ("urumqi.inspector1", "/rectifications?status=open"),
            ("urumqi.leader", "/"), ("urumqi.leader", "/deadlines"), ("urumqi.leader", "/units"), ("urumqi.leader", "/dashboard"),
            ("urumqi.leader", "/statistics"), ("urumqi.leader", "/dashboard/cases"), ("urumqi.leader", $"/cases/{rectification}/file"),
            ("urumqi.leader", "/complaints/new"), ("urumqi.handler", "/"), ("urumqi.handler", $"/complaints/{complaint}"),
            ("urumqi.officer", "/sanction-cases"), ("urumqi.officer", "/sanction-cases/new"), ("urumqi.officer", "/referrals"),
            ("urumqi.officer", "/referrals/new"), ("region.admin", "/admin/calendar"), ("urumqi.inspector1", "/statistics"),
            (null!, "/login"), (null!, "/public/complaints"), (null!, "/public/complaints/status"), (null!, "/public/inspection-draws"),
            (null!, "/public/statistics"),
        };
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "JSON", "PDF", "CSV", "XLSX", "SM2", "SM3", "SHA", "GPS", "EXIF", "API", "OpenAPI" };
        var found = new List<string>();
        foreach (var (user, url) in pages)
        {
            using var browser = user is null ? UiBrowser.New(app) : await UiBrowser.LoggedIn(app, user);
            var html = await (await browser.GetAsync(url)).Content.ReadAsStringAsync(); // a 403 page is read too
            var text = Regex.Replace(html, "<(script|style|small class=\"code\")[^>]*>.*?</(script|style|small)>", " ", RegexOptions.Singleline);
            text = Regex.Replace(text, "<[^>]+>", " ");
            text = System.Net.WebUtility.HtmlDecode(text);
            foreach (Match word in Regex.Matches(text, "(?<![\\w.@/-])[A-Za-z][A-Za-z]{2,}(?![\\w.@/-])"))
                if (!allowed.Contains(word.Value)) found.Add($"{url} ({user}): {word.Value}");
            // People by name, never by login (the history's 办理人, who approved, who recorded).
            foreach (Match login in Regex.Matches(text, "\\b[a-z]+\\.(inspector|leader|handler|officer|admin|reviewer|head)\\w*"))
                found.Add($"{url} ({user}): login {login.Value}");
        }
        Assert.True(found.Count == 0, string.Join("\n", found.Distinct()));
    }

    [GeneratedRegex("<script[^>]*>.*?</script>", RegexOptions.Singleline)]
    private static partial Regex Script();
}
