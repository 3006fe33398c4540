using System.Net;
using System.Text.RegularExpressions;
using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Shared;
using Wolverine;

namespace Supervision.IntegrationTests.Auth;

/// <summary>
/// Issue 15, findings 4 and 7 in the Production environment (a host of its own on a fresh schema, no demo users):
/// the login cookie is Secure, and a token signed with the key for a user who does not exist is refused there too.
/// </summary>
public sealed class ProductionHostTests : IAsyncLifetime
{
    private const string Key = "production-test-signing-key-0123456789abcdef-xyz";
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..12];
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        _host = await AlbaHost.For<Program>(web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("ConnectionStrings:Marten", AppFixture.ConnectionString);
            web.UseSetting("Supervision:Schema", _schema);
            web.UseSetting("Supervision:SeedDemoData", "false");
            web.UseSetting("Jwt:SigningKey", Key);
            web.UseSetting("Supervision:ConsoleLogLevel", "Warning");
            web.UseSetting("Supervision:KeyDirectory", AppFixture.KeyDirectory(_schema));
            web.ConfigureTestServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
        var user = new AppUser { Id = "prod.leader", DisplayName = "生产测试", Role = Roles.Leader, JurisdictionId = "650100", JurisdictionPath = "650000/650100" };
        user.PasswordHash = Supervision.Web.Auth.LoginService.Hash(user, "A-real-password-2026");
        await using var session = _host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(user);
        await session.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await AppFixture.DropSchema(_schema);
    }

    [Fact]
    public async Task The_login_cookie_is_Secure_outside_Development()
    {
        var browser = new HttpClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler { InnerHandler = _host.Server.CreateHandler() })
            { BaseAddress = new Uri("http://localhost") };
        var page = await browser.GetStringAsync("/login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["username"] = "prod.leader", ["password"] = "A-real-password-2026",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("supervision.auth="));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_for_a_user_who_does_not_exist_is_refused_in_Production()
    {
        var jwt = _host.Services.GetRequiredService<Supervision.Web.Auth.JwtSettings>();
        var ghost = new AppUser { Id = "ghost", DisplayName = "ghost", Role = Roles.Admin, JurisdictionId = "650000", JurisdictionPath = "650000" };
        var now = DateTime.UtcNow;
        var forged = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer, Audience = jwt.Audience, Subject = Supervision.Web.Auth.AuthSetup.IdentityFor(ghost, "jwt"),
            IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(10),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(jwt.Key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        var result = await _host.Scenario(s =>
        {
            s.Get.Url("/api/inspections");
            s.WithRequestHeader("Authorization", "Bearer " + forged);
            s.IgnoreStatusCode();
        });
        Assert.Equal(401, result.Context.Response.StatusCode);
    }
}
