using System.Security.Claims;

namespace Supervision.Shared;

/// <summary>A member of staff of an archives department (reference data document, id = user name).</summary>
public sealed class AppUser
{
    public string Id { get; set; } = "";               // user name, e.g. urumqi.inspector1
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    /// <summary>执法证号: required to sign enforcement acts (R1). Null = not certified.</summary>
    public string? CertificateNumber { get; set; }
    public string PasswordHash { get; set; } = "";
    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>Changes when every session must end ("log out everywhere"); tokens and cookies carry the one they were issued with.</summary>
    public string SecurityStamp { get; set; } = "";
    /// <summary>A disabled account may not log in, and its tokens and cookies stop working at the next request.</summary>
    public bool Disabled { get; set; }
    /// <summary>A unit's account (role Unit): the unit it speaks for; its jurisdiction path is <c>unit:{id}</c>, which covers no jurisdiction.</summary>
    public Guid? UnitId { get; set; }
    /// <summary>Created with a one-time activation code: the first login sets the password before anything else.</summary>
    public bool MustSetPassword { get; set; }
    public string? Mobile { get; set; }
    public string? Email { get; set; }
    /// <summary>Who disabled, enabled or re-issued the account's activation code, when and why (unit accounts; oldest first).</summary>
    public List<AccountChange> AccountHistory { get; set; } = [];

    /// <summary>Holds an enforcement certificate, whatever the role (inspectors, case officers).</summary>
    public bool IsCertified => !string.IsNullOrWhiteSpace(CertificateNumber);
    public bool IsCertifiedInspector => Role == Roles.Inspector && IsCertified;
}

/// <summary>A change to an account by its department: <c>disabled</c>, <c>enabled</c> or <c>activation_code_reissued</c>, by whom, when, why.</summary>
public sealed record AccountChange(string Action, string Reason, string By, DateTimeOffset At);

/// <summary>An enforcement officer who signs an enforcement act (R1: holds a certificate; at least two sign).</summary>
public sealed record Signatory(string UserName, string DisplayName, string CertificateNumber)
{
    public override string ToString() => $"{DisplayName}（执法证号：{CertificateNumber}）";
}

/// <summary>Who is acting, read from the authenticated principal (JWT or cookie).</summary>
/// <param name="Certified">Holds an enforcement certificate (执法证), so may sign enforcement acts (R1).</param>
public sealed record Actor(string UserName, string DisplayName, string Role, string JurisdictionId, string JurisdictionPath, bool Certified = false)
{
    public const string JurisdictionClaim = "jurisdiction";
    public const string JurisdictionPathClaim = "jurisdiction_path";
    public const string DisplayNameClaim = "display_name";
    public const string CertifiedClaim = "certified";

    public static Actor From(ClaimsPrincipal user) => new(
        user.Identity?.Name ?? user.FindFirstValue("sub") ?? "",
        user.FindFirstValue(DisplayNameClaim) ?? "",
        user.FindFirstValue(ClaimTypes.Role) ?? user.FindFirstValue("role") ?? "",
        user.FindFirstValue(JurisdictionClaim) ?? "",
        user.FindFirstValue(JurisdictionPathClaim) ?? "",
        user.FindFirstValue(CertifiedClaim) == "true");

    public bool Covers(string path) => JurisdictionPath.Length > 0 && JurisdictionPaths.Covers(JurisdictionPath, path);
    public bool IsIn(params string[] roles) => roles.Contains(Role);

    /// <summary>The unit a unit account speaks for (role Unit, path <c>unit:{id}</c>); null for staff.</summary>
    public Guid? UnitId => Role == Roles.Unit && JurisdictionPath.StartsWith(UnitPathPrefix, StringComparison.Ordinal)
        && Guid.TryParse(JurisdictionPath.AsSpan(UnitPathPrefix.Length), out var id) ? id : null;

    public const string UnitPathPrefix = "unit:";
}
