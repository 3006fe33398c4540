using System.Linq.Expressions;
using Supervision.Referrals;
using Supervision.Shared;

namespace Supervision.Inspections;

/// <summary>
/// Joint inspections (联合执法 / 综合检查, regional Art. 42, R23): an inspection planned with participating
/// departments from the referral register. Each finding flows to every participant as a
/// <see cref="ReferralKind.JointEnforcement"/> referral (<see cref="JointFindings"/>); participating
/// archives departments of this deployment may read the inspection but not act on it.
/// </summary>
public static class JointInspection
{
    public const int MaxParticipants = 10;

    /// <summary>
    /// Checks the requested participants against the register: each known, none the planner's own department,
    /// no duplicates, at most <see cref="MaxParticipants"/>. Empty or absent: not a joint inspection (empty result).
    /// </summary>
    public static InspectionParticipant[] CheckParticipants(string[]? participantIds, Actor planner, IReadOnlyCollection<ReceivingDepartment> known)
    {
        if (participantIds is null || participantIds.Length == 0) return [];
        if (participantIds.Length > MaxParticipants)
            throw RuleViolation.Invalid("too_many_participants", $"联合检查的参与部门最多 {MaxParticipants} 个",
                $"At most {MaxParticipants} participating departments", "participantIds");
        var own = ReceivingDepartments.ArchivesId(planner.JurisdictionId);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<InspectionParticipant>();
        foreach (var raw in participantIds)
        {
            var id = raw?.Trim() ?? "";
            var department = id.Length == 0 ? null : known.FirstOrDefault(d => d.Id == id);
            if (department is null)
                throw RuleViolation.Invalid("unknown_participant", $"参与部门“{Truncate(id)}”不存在", $"Unknown participating department '{Truncate(id)}'", "participantIds");
            if (!seen.Add(id))
                throw RuleViolation.Invalid("duplicate_participant", $"参与部门“{department.Name}”重复", $"Participating department {id} is named twice", "participantIds");
            if (id == own)
                throw RuleViolation.Refused("own_department_participant", "本部门是检查的组织部门，不能同时列为参与部门",
                    "The planning department cannot also be a participant", "participantIds");
            result.Add(InspectionParticipant.Of(department));
        }
        return result.ToArray();
    }

    /// <summary>Who may read an inspection: the jurisdiction path (R3), or a participating archives department.</summary>
    public static bool CanSee(Inspection s, Actor actor) => actor.Covers(s.JurisdictionPath) || IsParticipant(s, actor);

    /// <summary><see cref="CanSee"/> as a query filter, for lists counted in SQL (the unit profile).</summary>
    public static Expression<Func<Inspection, bool>> SeenBy(Actor actor)
    {
        if (actor.JurisdictionPath.Length == 0) return _ => false; // Covers: an actor without a path covers nothing
        var path = actor.JurisdictionPath;
        var department = actor.JurisdictionId;
        if (department.Length == 0) return i => i.JurisdictionPath.StartsWith(path);
        // InspectionParticipant.IsArchivesDepartment, spelled out: the query reads the stored kind and delivery.
        return i => i.JurisdictionPath.StartsWith(path) || i.Participants.Any(p =>
            p.JurisdictionId == department && p.Kind == DepartmentKind.Archives && p.Delivery == DeliveryMethod.Internal);
    }

    /// <summary>The actor works for a participating archives department (read-only).</summary>
    public static bool IsParticipant(Inspection s, Actor actor) => s.HasParticipatingArchives(actor.JurisdictionId);

    /// <summary>A participant sees the inspection but may not change it: 403 rather than 404.</summary>
    public static void NotAsParticipant(Inspection s, Actor actor)
    {
        if (!actor.Covers(s.JurisdictionPath) && IsParticipant(s, actor))
            throw RuleViolation.Forbidden("参与部门可以查阅联合检查，但只有组织部门的执法人员或负责人可以办理",
                "A participating department may read the joint inspection; only the named officers or a leader of the planning department act on it");
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
