using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Supervision.Shared;

namespace Supervision.Web.Auth;

public enum LoginOutcome { Success, BadCredentials, LockedOut }

/// <summary>Password check with lockout after repeated failures (ASP.NET Core Identity's hasher, PBKDF2).</summary>
public sealed class LoginService(JwtSettings jwt, TimeProvider clock, ILogger<LoginService> logger)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);
    private static readonly PasswordHasher<AppUser> Hasher = new();

    public static string Hash(AppUser user, string password) => Hasher.HashPassword(user, password);

    public async Task<(LoginOutcome Outcome, AppUser? User)> CheckAsync(IDocumentSession session, string username, string password, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var user = string.IsNullOrWhiteSpace(username) ? null : await session.LoadAsync<AppUser>(username.Trim(), ct);
        if (user is null)
        {
            logger.LogInformation("Login refused: unknown user");
            return (LoginOutcome.BadCredentials, null);
        }
        if (user.LockedUntil is { } until && until > now)
        {
            logger.LogWarning("Login refused: {UserName} is locked until {LockedUntil}", user.Id, until);
            return (LoginOutcome.LockedOut, null);
        }

        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedLogins++;
            if (user.FailedLogins >= MaxFailures)
            {
                user.LockedUntil = now + LockoutPeriod;
                user.FailedLogins = 0;
                logger.LogWarning("Account {UserName} locked after {Max} failed logins", user.Id, MaxFailures);
            }
            session.Store(user);
            await session.SaveChangesAsync(ct);
            return (user.LockedUntil > now ? LoginOutcome.LockedOut : LoginOutcome.BadCredentials, null);
        }

        if (user.FailedLogins > 0 || user.LockedUntil is not null)
        {
            user.FailedLogins = 0;
            user.LockedUntil = null;
            session.Store(user);
            await session.SaveChangesAsync(ct);
        }
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
