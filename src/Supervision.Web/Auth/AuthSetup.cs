using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Supervision.Web.Auth;

public sealed class JwtSettings
{
    public string Issuer { get; init; } = "supervision";
    public string Audience { get; init; } = "supervision-api";
    public int LifetimeMinutes { get; init; } = 480;
    public required SymmetricSecurityKey Key { get; init; }
}

public static class AuthSetup
{
    public const string Smart = "smart";
    public const string StampClaim = "stamp";
    /// <summary>The key in appsettings.Development.json: public, so a token signed with it proves nothing.</summary>
    public const string DevelopmentSigningKey = "development-only-signing-key-change-me-0123456789abcdef";

    public static void AddSupervisionAuth(this IServiceCollection services, IConfiguration cfg, bool isDev)
    {
        var configuredKey = cfg["Jwt:SigningKey"];
        StartupGuard.CheckConfiguration(cfg, isDev);
        // Without a configured key each process signs with a random one: tokens then die with the process.
        var keyBytes = string.IsNullOrWhiteSpace(configuredKey) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(configuredKey);
        if (keyBytes.Length < 32) throw new InvalidOperationException("Jwt:SigningKey must be at least 32 bytes");
        var jwt = new JwtSettings
        {
            Issuer = cfg["Jwt:Issuer"] ?? "supervision",
            Audience = cfg["Jwt:Audience"] ?? "supervision-api",
            LifetimeMinutes = cfg.GetValue("Jwt:LifetimeMinutes", 480),
            Key = new SymmetricSecurityKey(keyBytes),
        };
        services.AddSingleton(jwt);
        services.AddHttpContextAccessor();
        StartupGuard.Register(services);
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<LoginService>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            // API clients send a bearer token; browsers carry the cookie.
            .AddPolicyScheme(Smart, "JWT or cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            // Authentication runs on the wall clock; the injectable TimeProvider is the business clock
            // (deadlines), which tests move forward.
            .AddJwtBearer(o =>
            {
                o.TimeProvider = TimeProvider.System;
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = jwt.Key,
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                // A valid signature is not enough: the user must still exist, be enabled, hold the same role and
                // jurisdiction, and not have logged out everywhere since (UserCheck.cs).
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async ctx =>
                    {
                        if (await UserCheck.Refusal(ctx.HttpContext, ctx.Principal!) is { } why) ctx.Fail(why);
                    },
                };
            })
            .AddCookie(o =>
            {
                o.TimeProvider = TimeProvider.System;
                o.LoginPath = "/login";
                o.Cookie.Name = "supervision.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Outside development the site is served over TLS only (ops/deploy): the cookie never travels in clear.
                o.Cookie.SecurePolicy = isDev ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // API calls get a 401/403 problem, pages get the login redirect.
                o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, 401);
                o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, 403);
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    if (await UserCheck.Refusal(ctx.HttpContext, ctx.Principal!) is null) return;
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                };
            });
        services.AddAuthorization();
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(Relative(ctx.RedirectUri));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The handler builds an absolute URL from the request's Host header, which a client chooses: keep only the
    /// path and query, so a forged Host cannot send the browser to another site.
    /// </summary>
    private static string Relative(string uri) =>
        uri.StartsWith('/') && !uri.StartsWith("//") && !uri.StartsWith("/\\") ? uri
        : Uri.TryCreate(uri, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u.PathAndQuery
        : "/login";

    public static ClaimsIdentity IdentityFor(Supervision.Shared.AppUser user, string authenticationType) => new(
    [
        new Claim("sub", user.Id),
        new Claim("role", user.Role),
        new Claim(Supervision.Shared.Actor.JurisdictionClaim, user.JurisdictionId),
        new Claim(Supervision.Shared.Actor.JurisdictionPathClaim, user.JurisdictionPath),
        new Claim(Supervision.Shared.Actor.DisplayNameClaim, user.DisplayName),
        new Claim(Supervision.Shared.Actor.CertifiedClaim, user.IsCertified ? "true" : "false"),
        new Claim(StampClaim, user.SecurityStamp),
        new Claim(UnitPortalGate.PasswordClaim, user.MustSetPassword ? "true" : "false"),
    ], authenticationType, "sub", "role");
}
