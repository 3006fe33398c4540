using System.Security.Claims;
using Marten;
using Supervision.Shared;

namespace Supervision.Web.Auth;

/// <summary>
/// Re-validates the user behind a token or cookie on every request (one primary-key read): a signed token
/// or cookie proves only what was true when it was issued. Refused: a user who does not exist (a token forged
/// with a leaked key names anyone), a disabled account, a role, jurisdiction or certificate changed since, and
/// a security stamp changed by "log out everywhere".
/// </summary>
public static class UserCheck
{
    public static async Task<string?> Refusal(HttpContext http, ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue("sub");
        if (string.IsNullOrEmpty(id)) return "no subject";
        await using var session = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
        var user = await session.LoadAsync<AppUser>(id, http.RequestAborted);
        if (user is null) return "unknown user";
        if (user.Disabled) return "account disabled";
        if ((principal.FindFirstValue(AuthSetup.StampClaim) ?? "") != user.SecurityStamp) return "logged out everywhere";
        if (principal.FindFirstValue("role") != user.Role
            || principal.FindFirstValue(Actor.JurisdictionPathClaim) != user.JurisdictionPath
            || principal.FindFirstValue(Actor.JurisdictionClaim) != user.JurisdictionId
            || (principal.FindFirstValue(Actor.CertifiedClaim) == "true") != user.IsCertified
            || (principal.FindFirstValue(UnitPortalGate.PasswordClaim) == "true") != user.MustSetPassword)
            return "role, jurisdiction or certificate changed";
        return null;
    }
}
