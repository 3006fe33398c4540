using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Supervision.Shared;

namespace Supervision.Web.Auth;

public enum LoginOutcome { Success, BadCredentials, LockedOut, RateLimited }

/// <summary>
/// Password check with lockout after repeated failures (ASP.NET Core Identity's hasher, PBKDF2).
/// Every refusal costs one password hash, whether the user exists, is locked or disabled, so the answer's
/// timing does not tell which user names exist. The failure count is kept in the database by one atomic
/// UPDATE, so parallel wrong passwords cannot lose each other's increments.
/// </summary>
public sealed class LoginService(JwtSettings jwt, TimeProvider clock, IDocumentStore store, LoginThrottle throttle,
    IHttpContextAccessor http, ILogger<LoginService> logger)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);
    private static readonly PasswordHasher<AppUser> Hasher = new();
    // A hash of a random password made by the same hasher: verifying against it costs what a real user's check costs.
    private static readonly AppUser Nobody = new() { Id = "" };
    private static readonly string NobodyHash = Hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    public static string Hash(AppUser user, string password) => Hasher.HashPassword(user, password);

    public async Task<(LoginOutcome Outcome, AppUser? User)> CheckAsync(IDocumentSession session, string username, string password, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var name = username?.Trim() ?? "";
        var address = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!throttle.MayTry(address, name))
        {
            logger.LogWarning("Login refused: too many failed attempts from {ClientAddress} or for this user name", address);
            return (LoginOutcome.RateLimited, null);
        }

        var user = name.Length == 0 ? null : await session.LoadAsync<AppUser>(name, ct);
        // The hash is computed for every attempt, known user or not (equal cost).
        var verdict = Hasher.VerifyHashedPassword(user ?? Nobody, user?.PasswordHash is { Length: > 0 } h ? h : NobodyHash, password ?? "");
        if (user is null)
        {
            throttle.Failed(address, name);
            logger.LogInformation("Login refused: unknown user");
            return (LoginOutcome.BadCredentials, null);
        }
        if (user.LockedUntil is { } until && until > now)
        {
            throttle.Failed(address, name);
            logger.LogWarning("Login refused: {UserName} is locked until {LockedUntil}", user.Id, until);
            return (LoginOutcome.LockedOut, null);
        }
        if (verdict == PasswordVerificationResult.Failed || user.Disabled)
        {
            throttle.Failed(address, name);
            if (user.Disabled)
            {
                logger.LogWarning("Login refused: {UserName} is disabled", user.Id);
                return (LoginOutcome.BadCredentials, null);
            }
            var locked = await UserRecords.CountFailure(store, user.Id, MaxFailures, now, now + LockoutPeriod, ct);
            if (locked) logger.LogWarning("Account {UserName} locked after {Max} failed logins", user.Id, MaxFailures);
            return (locked ? LoginOutcome.LockedOut : LoginOutcome.BadCredentials, null);
        }

        if (user.FailedLogins > 0 || user.LockedUntil is not null) await UserRecords.ClearFailures(store, user.Id, ct);
        return (LoginOutcome.Success, user);
    }

    public (string Token, int ExpiresIn) IssueToken(AppUser user)
    {
        var now = DateTime.UtcNow; // wall clock, like token validation
        var lifetime = TimeSpan.FromMinutes(jwt.LifetimeMinutes);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = AuthSetup.IdentityFor(user, "jwt"),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(jwt.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, (int)lifetime.TotalSeconds);
    }
}
