using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Referrals;
using Supervision.Shared;
using Supervision.Units;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Inspections;

/// <summary>
/// Plan an inspection of a unit (R4: focus items and unit; R1: at least two certified inspectors).
/// <see cref="ParticipantIds"/> (optional): departments of the referral register taking part — a joint inspection (Art. 42).
/// </summary>
public sealed record PlanInspection(Guid? UnitId, string[]? FocusItems, DateOnly? PlannedOn, string[]? InspectorIds, string[]? ParticipantIds = null);

/// <summary>案件已创建：编号与版本 / A case was created: its id and version.</summary>
public sealed record CaseCreated(Guid Id, long Version);

public static class PlanInspectionEndpoint
{
    public const int MaxInspectors = 10;

    public static InspectionPlanned Decide(PlanInspection c, Actor actor, SupervisedUnit? unit,
        IReadOnlyCollection<AppUser> knownInspectors, Guid newId, DateTimeOffset now, IReadOnlyCollection<ReceivingDepartment>? knownDepartments = null)
    {
        if (c.UnitId is null) throw RuleViolation.Invalid("field_required", "被检查单位不能为空", "unitId is required", "unitId");
        if (unit is null || !actor.Covers(unit.JurisdictionPath))
            throw RuleViolation.Invalid("unknown_unit", "被检查单位不存在或不在本辖区", "Unknown unit, or outside your jurisdiction", "unitId");
        Guard.CanAct(actor, unit.JurisdictionPath, Roles.Inspector, Roles.Leader);

        var focus = (c.FocusItems ?? []).Distinct().ToArray();
        if (focus.Length == 0)
            throw RuleViolation.Invalid("focus_items_required", "须至少列明一项第三十七条重点检查事项", "At least one Art. 37 focus item is required", "focusItems");
        if (focus.Any(f => !LegalCatalogue.IsFocusItem(f)))
        {
            var bad = focus.First(f => !LegalCatalogue.IsFocusItem(f)) ?? "null";
            throw RuleViolation.Invalid("unknown_focus_item", $"“{Truncate(bad)}”不是第三十七条所列事项（Art37.1–Art37.5）", $"'{Truncate(bad)}' is not an Art. 37 item (Art37.1–Art37.5)", "focusItems");
        }
        if (c.PlannedOn is null) throw RuleViolation.Invalid("field_required", "计划检查日期不能为空", "plannedOn is required", "plannedOn");
        var today = WorkingDayCalendar.BeijingToday(now);
        if (c.PlannedOn.Value < today.AddYears(-1) || c.PlannedOn.Value > today.AddYears(2))
            throw RuleViolation.Invalid("planned_on_out_of_range", "计划检查日期不合理", "plannedOn is too far from today", "plannedOn");

        var ids = (c.InspectorIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().ToArray();
        if (ids.Length < 2)
            throw RuleViolation.Refused("two_inspectors_required", "执法检查须由两名以上持证执法人员进行", "At least two certified enforcement officers are required (R1)", "inspectorIds");
        if (ids.Length > MaxInspectors)
            throw RuleViolation.Invalid("too_many_inspectors", $"检查人员最多 {MaxInspectors} 名", $"At most {MaxInspectors} inspectors", "inspectorIds");
        var signatories = new List<Signatory>();
        foreach (var id in ids)
        {
            var u = knownInspectors.FirstOrDefault(x => x.Id == id);
            if (u is null || !u.IsCertifiedInspector)
                throw RuleViolation.Refused("inspector_not_certified", $"“{Truncate(id)}”不是持有执法证的检查人员", $"'{Truncate(id)}' is not a certified enforcement officer (R1)", "inspectorIds");
            if (!JurisdictionPaths.Covers(u.JurisdictionPath, unit.JurisdictionPath))
                // Only the id the caller sent: an officer of another jurisdiction is not named to them.
                throw RuleViolation.Refused("inspector_outside_jurisdiction", $"检查人员“{Truncate(id)}”无权检查该辖区单位", $"Inspector '{Truncate(id)}' has no jurisdiction over this unit (R3)", "inspectorIds");
            if (unit.HasConflict(u.Id))
                throw RuleViolation.Refused("inspector_recused", $"执法人员“{u.DisplayName}”与被检查单位存在利害关系，应当回避", $"Inspector {u.Id} has a recorded conflict of interest with this unit (R2)", "inspectorIds");
            signatories.Add(new Signatory(u.Id, u.DisplayName, u.CertificateNumber!));
        }

        var participants = JointInspection.CheckParticipants(c.ParticipantIds, actor, knownDepartments ?? []);
        return new InspectionPlanned(newId, unit.Id, unit.Name, unit.JurisdictionId, unit.JurisdictionPath,
            focus.Order(StringComparer.Ordinal).ToArray(), c.PlannedOn.Value, signatories.ToArray(), actor.UserName, now,
            Participants: participants.Length == 0 ? null : participants,
            LeadJurisdictionId: participants.Length == 0 ? null : actor.JurisdictionId);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [WolverinePost("/api/inspections", OperationId = "PlanInspection")]
    public static async Task<(IResult, IStartStream)> Post(PlanInspection c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var unit = c.UnitId is { } unitId ? await session.LoadAsync<SupervisedUnit>(unitId, ct) : null;
        var ids = (c.InspectorIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().Take(MaxInspectors + 1).ToArray();
        var inspectors = ids.Length == 0 ? [] : await session.LoadManyAsync<AppUser>(ct, ids);
        var participantIds = (c.ParticipantIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct()
            .Take(JointInspection.MaxParticipants + 1).ToArray();
        var departments = participantIds.Length == 0 ? [] : await session.LoadManyAsync<ReceivingDepartment>(ct, participantIds);
        var id = Idempotency.NewId(http);
        var planned = Decide(c, Actor.From(user), unit, inspectors.ToList(), id, clock.GetUtcNow(), departments.ToList());
        var created = new CaseCreated(id, 1);
        Idempotency.Remember(session, http, 201, created, planned.PlannedAt);
        return (Results.Created($"/api/inspections/{id}", created), MartenOps.StartStream<Inspection>(id, planned));
    }
}
