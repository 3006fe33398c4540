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
        var (status, body) = await _api.Post("", "/api/auth/token", new { username = "urumqi.leader", password = "wrong" });
        Assert.Equal(401, status);
        Assert.Contains("用户名或密码错误", body.Str("detail"));
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
}
