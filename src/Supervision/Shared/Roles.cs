namespace Supervision.Shared;

/// <summary>Roles of the department's staff. A user has exactly one role.</summary>
public static class Roles
{
    public const string Inspector = "Inspector";
    public const string ComplaintHandler = "ComplaintHandler";
    public const string CaseOfficer = "CaseOfficer";
    public const string LegalReviewer = "LegalReviewer";
    public const string Leader = "Leader";
    public const string Admin = "Admin";

    public static readonly string[] All = [Inspector, ComplaintHandler, CaseOfficer, LegalReviewer, Leader, Admin];

    /// <summary>
    /// A supervised unit's own account (issue 17 §1): not staff. It reaches the unit portal only (/portal, /api/portal, its
    /// own documents), and every other route answers 404 for it (UnitPortalGate).
    /// </summary>
    public const string Unit = "Unit";
}
