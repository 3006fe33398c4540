namespace Supervision.Shared;

/// <summary>
/// R1/R2: an enforcement act (inspection record, 责令限期改正通知书, 整改复查意见书) is done by at least two certified
/// officers, named in the request. Each is on the case's team (planned, assigned by a leader, or a recusal's replacement),
/// not recused and without a pending recusal request; the user recording the act is one of them unless a leader records it
/// for them. The act's event names exactly these officers, and its document prints exactly them.
/// </summary>
public static class ActingOfficers
{
    public const int Max = 10;
    public const string Field = "inspectorIds";

    /// <param name="team">The officers of the case as it stands (recusal replacements and leader assignments applied).</param>
    /// <param name="users">The named users as stored now, when the caller loaded them: each must still hold a certificate, and its
    /// current number is printed. Null: the team's recorded certificates are used.</param>
    public static Signatory[] Check(Actor actor, string[]? inspectorIds, IReadOnlyCollection<Signatory> team,
        IEnumerable<string>? pendingRecusals = null, IReadOnlyCollection<AppUser>? users = null)
    {
        var ids = (inspectorIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct().ToArray();
        if (ids.Length < 2)
            throw RuleViolation.Invalid("two_officers_required", "须列明实施该执法行为的两名以上持证执法人员（inspectorIds）",
                "Name the two or more certified enforcement officers who did this (inspectorIds, R1)", Field);
        if (ids.Length > Max)
            throw RuleViolation.Invalid("too_many_inspectors", $"执法人员最多 {Max} 名", $"At most {Max} officers", Field);
        if (actor.Role != Roles.Leader && !ids.Contains(actor.UserName))
            throw Forbidden("recorder_not_named", "记录执法行为的执法人员须是实施该行为的执法人员之一",
                "The officer recording the act must be one of the officers named as doing it");
        var pending = pendingRecusals?.ToHashSet() ?? [];
        var result = new List<Signatory>();
        foreach (var id in ids)
        {
            var name = id.Length <= 40 ? id : id[..40] + "…";
            if (pending.Contains(id))
                throw Forbidden("recusal_pending", $"“{name}”的回避申请尚待决定，不能实施本案执法行为", $"A recusal request against {name} is pending (R2)");
            if (team.FirstOrDefault(s => s.UserName == id) is not { } member)
                throw Forbidden("not_on_team", $"“{name}”不是本案的执法人员（须在检查组中，或经负责人指派）",
                    $"{name} is not an officer of this case (on its team or assigned by a leader, R1)");
            if (users is null) { result.Add(member); continue; }
            var user = users.FirstOrDefault(u => u.Id == id);
            if (user is null || !user.IsCertified)
                throw RuleViolation.Refused("inspector_not_certified", $"“{member.DisplayName}”未持有有效执法证，不能实施执法行为",
                    $"{name} holds no valid enforcement certificate (R1)", Field);
            result.Add(new Signatory(user.Id, user.DisplayName, user.CertificateNumber!));
        }
        return result.ToArray();
    }

    public static RuleViolation Forbidden(string code, string zh, string en) => new(Problems.Of(403, code, zh, en, Field));

    /// <summary>The named ids, trimmed and distinct, to load the users (at most <see cref="Max"/> + 1).</summary>
    public static string[] Ids(string[]? inspectorIds) =>
        (inspectorIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct().Take(Max + 1).ToArray();
}
