using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Inspections;

/// <summary>R2: the party asks that an officer withdraw (申请回避); recorded by the team or a leader.</summary>
public sealed record RequestRecusal([property: JsonPropertyName("version")] long? ExpectedVersion, string? InspectorId, string? Reason);
/// <summary>R2: the leader decides; a granted recusal names the certified officer who replaces the recused one.</summary>
public sealed record DecideRecusal([property: JsonPropertyName("version")] long? ExpectedVersion, string? InspectorId, bool? Granted, string? Reason, string? ReplacementId);

public static class RecusalSteps
{
    public static RecusalRequested Decide(Inspection s, RequestRecusal c, Actor actor, DateTimeOffset now)
    {
        InspectionSteps.CheckOpen(s, actor, c.ExpectedVersion);
        var inspectorId = Guard.Required(c.InspectorId, "inspectorId", "申请回避的执法人员", 100);
        if (s.Inspectors.All(i => i.UserName != inspectorId))
            throw RuleViolation.Invalid("not_on_team", "该人员不是本次检查的执法人员", "That officer is not on this inspection", "inspectorId");
        if (s.PendingRecusals.Contains(inspectorId))
            throw RuleViolation.Refused("recusal_pending", "该人员的回避申请尚待决定", "A recusal request for that officer is already pending");
        var reason = Guard.Required(c.Reason, "reason", "申请回避的理由");
        return new RecusalRequested(s.Id, inspectorId, reason, actor.UserName, now);
    }

    public static RecusalDecided Decide(Inspection s, DecideRecusal c, Actor actor, AppUser? replacement, SupervisedUnit? unit, DateTimeOffset now)
    {
        InspectionSteps.CheckOpen(s, actor, c.ExpectedVersion, [Roles.Leader]);
        var inspectorId = Guard.Required(c.InspectorId, "inspectorId", "申请回避的执法人员", 100);
        if (!s.PendingRecusals.Contains(inspectorId))
            throw RuleViolation.Refused("no_recusal_request", "该人员没有待决定的回避申请", "There is no pending recusal request for that officer");
        if (c.Granted is null) throw RuleViolation.Invalid("field_required", "须注明是否准予回避", "granted is required", "granted");
        var reason = Guard.Required(c.Reason, "reason", "决定理由");
        if (!c.Granted.Value) return new RecusalDecided(s.Id, inspectorId, false, reason, null, actor.UserName, now);

        if (string.IsNullOrWhiteSpace(c.ReplacementId))
            throw RuleViolation.Invalid("replacement_required", "准予回避的，须指定替换的执法人员（检查须由两名以上执法人员进行）", "A granted recusal needs a replacement officer (R1: at least two)", "replacementId");
        if (replacement is null || !replacement.IsCertifiedInspector)
            throw RuleViolation.Refused("inspector_not_certified", "替换人员须为持有执法证的检查人员", "The replacement must be a certified enforcement officer (R1)", "replacementId");
        if (s.Inspectors.Any(i => i.UserName == replacement.Id))
            throw RuleViolation.Invalid("already_on_team", "替换人员已在检查组中", "The replacement is already on the inspection", "replacementId");
        if (!JurisdictionPaths.Covers(replacement.JurisdictionPath, s.JurisdictionPath))
            throw RuleViolation.Refused("inspector_outside_jurisdiction", "替换人员无权检查该辖区单位", "The replacement has no jurisdiction over this unit (R3)", "replacementId");
        if (unit?.HasConflict(replacement.Id) == true)
            throw RuleViolation.Refused("inspector_recused", "替换人员与被检查单位存在利害关系，应当回避", "The replacement has a recorded conflict of interest with the unit (R2)", "replacementId");
        return new RecusalDecided(s.Id, inspectorId, true, reason,
            new Signatory(replacement.Id, replacement.DisplayName, replacement.CertificateNumber!), actor.UserName, now);
    }

    [WolverinePost("/api/inspections/{id}/recusal-requests", OperationId = "RequestRecusal")]
    public static (CaseUpdated, Events) Request(RequestRecusal c, [WriteAggregate] Inspection inspection, ClaimsPrincipal user, TimeProvider clock) =>
        (new CaseUpdated(inspection.Id, inspection.Version + 1), [Decide(inspection, c, Actor.From(user), clock.GetUtcNow())]);

    /// <summary>
    /// R2: a granted recusal takes the officer off every case that descends from the inspection: each open rectification of
    /// its hazards records <see cref="RectificationOfficerRecused"/> with the same decision, in the same transaction, so the
    /// recused officer can take no further step there and the replacement acts (and signs) in his place.
    /// </summary>
    public static IEnumerable<RectificationOfficerRecused> ToRectifications(RecusalDecided decided, IEnumerable<Rectification> rectifications) =>
        decided.Granted
            ? rectifications.Where(r => r.Status != RectificationStatus.Closed && r.Inspectors.Any(i => i.UserName == decided.InspectorId))
                .Select(r => new RectificationOfficerRecused(r.Id, decided.InspectionId, decided.InspectorId, decided.Replacement, decided.Reason,
                    decided.DecidedBy, decided.DecidedAt))
            : [];

    [WolverinePost("/api/inspections/{id}/recusal-decisions", OperationId = "DecideRecusal")]
    public static async Task<(CaseUpdated, Events)> DecideEndpoint(DecideRecusal c, [WriteAggregate] Inspection inspection, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var replacement = string.IsNullOrWhiteSpace(c.ReplacementId) || c.ReplacementId.Length > 100 ? null : await session.LoadAsync<AppUser>(c.ReplacementId, ct);
        var unit = await session.LoadAsync<SupervisedUnit>(inspection.UnitId, ct);
        var decided = Decide(inspection, c, Actor.From(user), replacement, unit, clock.GetUtcNow());
        if (decided.Granted && inspection.RectificationIds.Count > 0)
        {
            var rectifications = (await session.LoadManyAsync<Rectification>(ct, inspection.RectificationIds)).ToDictionary(r => r.Id);
            // With the version each case is at: a step taken on it meanwhile makes the decision 409 (retry), and the inline
            // snapshot learns its new version (a quick append without one leaves the snapshot's version behind).
            foreach (var recused in ToRectifications(decided, rectifications.Values))
                session.Events.Append(recused.RectificationId, rectifications[recused.RectificationId].Version + 1, recused);
        }
        return (new CaseUpdated(inspection.Id, inspection.Version + 1), [decided]);
    }
}
