using Microsoft.Extensions.DependencyInjection;
using System.IdentityModel.Tokens.Jwt;
using Supervision.Shared;

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
        // An account of its own: locking a demo user would lock out every later test that signs in as that user.
        var user = await UserOfItsOwn("Demo!2026");
        for (var i = 0; i < 5; i++)
        {
            var (status, _) = await _api.Post("", "/api/auth/token", new { username = user, password = "guess" + i });
            Assert.Equal(401, status);
        }
        var (locked, body) = await _api.Post("", "/api/auth/token", new { username = user, password = "Demo!2026" });
        Assert.Equal(401, locked);
        Assert.Equal("login_refused", body.Str("code"));
        // Same answer for a user name that does not exist: nothing to enumerate.
        var (unknown, unknownBody) = await _api.Post("", "/api/auth/token", new { username = "no.such.user", password = "Demo!2026" });
        Assert.Equal(401, unknown);
        Assert.Equal(body.Str("detail"), unknownBody.Str("detail"));
    }

    private async Task<string> UserOfItsOwn(string password)
    {
        var user = new AppUser
        {
            Id = "lockout." + Guid.NewGuid().ToString("N")[..8], DisplayName = "锁定测试", Role = Roles.Leader,
            JurisdictionId = "653100", JurisdictionPath = "650000/653100",
        };
        user.PasswordHash = Supervision.Web.Auth.LoginService.Hash(user, password);
        await using var session = app.Store.LightweightSession();
        session.Store(user);
        await session.SaveChangesAsync();
        return user.Id;
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

    /// <summary>
    /// Tokens signed like the app's own but expired, for another audience or issuer, or signed with another key are
    /// refused like no token at all; the same token with the right settings passes (so the refusals are not accidental).
    /// </summary>
    [Theory]
    [InlineData("valid", 200)]
    [InlineData("expired", 401)]
    [InlineData("wrong_audience", 401)]
    [InlineData("wrong_issuer", 401)]
    [InlineData("wrong_key", 401)]
    [InlineData("unsigned", 401)]
    [InlineData("none", 401)]
    public async Task Only_a_current_token_for_this_api_signed_with_its_key_is_accepted(string variant, int expected)
    {
        var jwt = app.Host.Services.GetRequiredService<Supervision.Web.Auth.JwtSettings>();
        // The stored user: a token's claims must match the user as stored now (UserCheck), so only the signing varies.
        await using var session = app.Store.QuerySession();
        var user = (await session.LoadAsync<AppUser>("urumqi.inspector1"))!;
        var now = DateTime.UtcNow;
        var key = variant == "wrong_key"
            ? new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes("another-signing-key-0123456789abcdef-0123456789"))
            : jwt.Key;
        var descriptor = new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = variant == "wrong_issuer" ? "someone-else" : jwt.Issuer,
            Audience = variant == "wrong_audience" ? "another-api" : jwt.Audience,
            Subject = Supervision.Web.Auth.AuthSetup.IdentityFor(user, "jwt"),
            IssuedAt = variant == "expired" ? now.AddHours(-3) : now,
            NotBefore = variant == "expired" ? now.AddHours(-3) : now,
            Expires = variant == "expired" ? now.AddHours(-1) : now.AddMinutes(10),
            SigningCredentials = variant == "unsigned" ? null
                : new Microsoft.IdentityModel.Tokens.SigningCredentials(key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        };
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(descriptor);
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/inspections");
            if (variant != "none") s.WithRequestHeader("Authorization", "Bearer " + token);
            s.StatusCodeShouldBe(expected);
        });
        if (expected == 401) Assert.Contains("unauthenticated", await result.ReadAsTextAsync());
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
