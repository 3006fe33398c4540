using Microsoft.AspNetCore.Mvc;

namespace Supervision.Shared;

/// <summary>
/// A command refused by a rule. Deciders throw it; the host turns it into its problem body and,
/// because the session is never saved, nothing is written.
/// </summary>
public sealed class RuleViolation(ProblemDetails problem) : Exception(problem.Detail)
{
    public ProblemDetails Problem { get; } = problem;
    public int Status => Problem.Status ?? 400;

    public static RuleViolation Invalid(string code, string zh, string en, string? field = null) => new(Problems.BadRequest(code, zh, en, field));
    public static RuleViolation Refused(string code, string zh, string en, string? field = null) => new(Problems.Unprocessable(code, zh, en, field));
    public static RuleViolation NotFound(string what = "case") => new(Problems.NotFound(what));
    public static RuleViolation Forbidden(string zh, string en) => new(Problems.Forbidden(zh, en));

    public static RuleViolation StaleVersion(long current)
    {
        var p = Problems.Conflict("stale_version", "案件已被他人修改，请刷新后重试", "The case was changed by someone else; reload and retry");
        p.Extensions["currentVersion"] = current;
        return new RuleViolation(p);
    }
}

/// <summary>Guards shared by every case type: who may act where (R3) and the expected version.</summary>
public static class Guard
{
    /// <summary>Cases outside the actor's jurisdiction do not exist for them (404, never the data).</summary>
    public static void CanSee(Actor actor, string casePath)
    {
        if (!actor.Covers(casePath)) throw RuleViolation.NotFound();
    }

    public static void CanAct(Actor actor, string casePath, params string[] roles)
    {
        CanSee(actor, casePath);
        if (!actor.IsIn(roles))
            throw RuleViolation.Forbidden($"当前角色（{actor.Role}）无权执行此操作", $"Role {actor.Role} may not do this; needs {string.Join(" or ", roles)}");
    }

    public static void Version(long? expected, long current)
    {
        if (expected is null)
            throw RuleViolation.Invalid("version_required", "缺少案件版本号（version）", "version (the case version you saw) is required", "version");
        if (expected != current) throw RuleViolation.StaleVersion(current);
    }

    /// <summary>R1: enforcement steps of a case are taken by its named officers; a leader may act for them.</summary>
    public static void OnTeam(Actor actor, IEnumerable<Signatory> team, IEnumerable<string>? pendingRecusals = null)
    {
        if (pendingRecusals?.Contains(actor.UserName) == true)
            throw RuleViolation.Forbidden("您的回避申请尚待决定，暂不能办理本案", "A recusal request against you is pending (R2)");
        if (actor.Role == Roles.Leader || team.Any(s => s.UserName == actor.UserName)) return;
        throw RuleViolation.Forbidden("您不是本案的执法人员", "Only the officers named on this case (or a leader) may do this (R1)");
    }

    /// <summary>R1: only holders of an enforcement certificate sign enforcement acts.</summary>
    public static void Certified(Actor actor)
    {
        if (!actor.Certified)
            throw RuleViolation.Forbidden("须由持有执法证的执法人员办理", "Only a certified enforcement officer may do this (R1)");
    }

    public static string Required(string? value, string field, string zh, int maxLength = 4000)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw RuleViolation.Invalid("field_required", $"{zh}不能为空", $"{field} is required", field);
        if (value.Length > maxLength)
            throw RuleViolation.Invalid("field_too_long", $"{zh}过长（最多 {maxLength} 字）", $"{field} is longer than {maxLength} characters", field);
        return value.Trim();
    }
}
