using Alba;

namespace Supervision.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class HostTests(AppFixture app)
{
    private readonly Api _api = new(app);

    [Fact]
    public async Task Health_endpoints_answer_without_login()
    {
        var (live, _) = await _api.Get("", "/health/live");
        Assert.Equal(200, live);
        var (ready, body) = await _api.Get("", "/health/ready");
        Assert.True(ready == 200, body.ToString());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        var (status, body) = await _api.Get("", "/openapi/v1.json");
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("paths").TryGetProperty("/api/inspections", out _));
        Assert.True(body.GetProperty("paths").TryGetProperty("/api/rectifications/{id}/order", out _));
        // The API only: no HTML page is described (issue 14 §4).
        Assert.All(body.GetProperty("paths").EnumerateObject(), p => Assert.StartsWith("/api/", p.Name));
        Assert.Equal("bearer", body.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").Str("scheme"));
    }

    [Fact]
    public async Task Api_without_token_is_401_with_problem_body()
    {
        var (status, body) = await _api.Get("", "/api/inspections");
        Assert.Equal(401, status);
        Assert.Equal("unauthenticated", body.Str("code"));
    }

    [Fact]
    public async Task Token_with_wrong_password_is_401_and_correlation_id_is_echoed()
    {
        // The caller's id comes back in the header and in the problem body, so a support request can name it.
        const string sent = "client-corr.0042_A";
        var (status, body, echoed) = await WrongPassword(sent, "urumqi.leader");
        Assert.Equal(401, status);
        Assert.Contains("用户名或密码错误", body.Str("detail"));
        Assert.Equal(sent, echoed);
        Assert.Equal(sent, body.Str("correlationId"));

        // The other calls name no real user: five wrong passwords would lock the leader's account (LoginService.MaxFailures).
        // None sent: one is made, sent back, and it is the one in the body; each request gets its own.
        var (_, first, generated) = await WrongPassword(null);
        var (_, _, another) = await WrongPassword(null);
        Assert.Matches("^[0-9a-f]{32}$", generated);
        Assert.Equal(generated, first.Str("correlationId"));
        Assert.NotEqual(generated, another);

        // An id that is not short and plain is not echoed (nor logged): a fresh one replaces it.
        var (_, _, replaced) = await WrongPassword("not plain; x=<script>");
        Assert.Matches("^[0-9a-f]{32}$", replaced);
        var (_, _, tooLong) = await WrongPassword(new string('a', 65));
        Assert.Matches("^[0-9a-f]{32}$", tooLong);
    }

    private async Task<(int Status, System.Text.Json.JsonElement Body, string CorrelationId)> WrongPassword(string? correlationId, string user = "no.such.user")
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { username = user, password = "wrong" }).ToUrl("/api/auth/token");
            if (correlationId is not null) s.WithRequestHeader("X-Correlation-Id", correlationId);
            s.IgnoreStatusCode();
        });
        var body = System.Text.Json.JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.Clone();
        return (result.Context.Response.StatusCode, body, result.Context.Response.Headers["X-Correlation-Id"].ToString());
    }

    [Fact]
    public async Task Pages_and_API_answers_carry_the_security_headers()
    {
        foreach (var url in new[] { "/login", "/api/inspections", "/public/complaints" })
        {
            var result = await app.Host.Scenario(s => { s.Get.Url(url); s.IgnoreStatusCode(); });
            var headers = result.Context.Response.Headers;
            Assert.Equal("nosniff", headers["X-Content-Type-Options"].ToString());
            Assert.Equal("DENY", headers["X-Frame-Options"].ToString());
            Assert.Contains("frame-ancestors 'none'", headers["Content-Security-Policy"].ToString());
            Assert.Contains("script-src 'self'", headers["Content-Security-Policy"].ToString());
        }
    }

    [Fact]
    public async Task Static_assets_are_compressed_and_pages_are_not()
    {
        using var browser = Ui.UiBrowser.New(app);
        foreach (var (url, compressed) in new[] { ("/app.js", true), ("/app.css", true), ("/favicon.svg", true), ("/login", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            var response = await browser.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            // BREACH: a page with an antiforgery token is never compressed.
            Assert.Equal(compressed ? "br" : null, response.Content.Headers.ContentEncoding.SingleOrDefault());
        }
    }
}
