using System.IdentityModel.Tokens.Jwt;

namespace Supervision.IntegrationTests.Auth;

[Collection(AppCollection.Name)]
public sealed class AuthTests(AppFixture app)
{
    private readonly Api _api = new(app);

    [Fact]
    public async Task Token_carries_role_and_jurisdiction()
    {
        var body = await _api.Ok(_api.Post("", "/api/auth/token", new { username = "kashi.inspector", password = "Demo!2026" }));
        Assert.Equal("Bearer", body.Str("token_type"));
        Assert.True(body.GetProperty("expires_in").GetInt32() > 0);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(body.Str("access_token"));
        Assert.Equal("Inspector", jwt.Claims.Single(c => c.Type == "role").Value);
        Assert.Equal("650000/653100", jwt.Claims.Single(c => c.Type == "jurisdiction_path").Value);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_for_the_right_password()
    {
        for (var i = 0; i < 5; i++)
        {
            var (status, _) = await _api.Post("", "/api/auth/token", new { username = "kashi.leader", password = "guess" + i });
            Assert.Equal(401, status);
        }
        var (locked, body) = await _api.Post("", "/api/auth/token", new { username = "kashi.leader", password = "Demo!2026" });
        Assert.Equal(401, locked);
        Assert.Equal("login_refused", body.Str("code"));
        // Same answer for a user name that does not exist: nothing to enumerate.
        var (unknown, unknownBody) = await _api.Post("", "/api/auth/token", new { username = "no.such.user", password = "Demo!2026" });
        Assert.Equal(401, unknown);
        Assert.Equal(body.Str("detail"), unknownBody.Str("detail"));
    }

    [Fact]
    public async Task Forged_token_is_401()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/inspections");
            s.WithRequestHeader("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
            s.StatusCodeShouldBe(401);
        });
        Assert.Contains("unauthenticated", await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task Correlation_id_is_taken_from_the_request_and_echoed()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/inspections/" + Guid.NewGuid());
            s.WithRequestHeader("X-Correlation-Id", "test-corr-123");
            s.StatusCodeShouldBe(401);
        });
        Assert.Equal("test-corr-123", result.Context.Response.Headers["X-Correlation-Id"].ToString());
        Assert.Contains("test-corr-123", await result.ReadAsTextAsync());
    }
}
