using System.Security.Claims;
using System.Text.Json.Serialization;
using Supervision.Inspections;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Referrals;

/// <summary>接收部门签收移送 / The receiving department acknowledges a referral.</summary>
public sealed record AcknowledgeReferral([property: JsonPropertyName("version")] long? ExpectedVersion);
/// <summary>接收部门反馈办理结果 / The receiving department reports back.</summary>
public sealed record GiveFeedback([property: JsonPropertyName("version")] long? ExpectedVersion, FeedbackOutcome? Outcome, string? Note);
/// <summary>当事人申请复核（投诉举报） / The complainant asks for a review.</summary>
public sealed record RequestReconsideration([property: JsonPropertyName("version")] long? ExpectedVersion, string? Reason);
/// <summary>办结移送 / Close a referral.</summary>
public sealed record CloseReferral([property: JsonPropertyName("version")] long? ExpectedVersion, string? Reason);
/// <summary>重新送达移送 / Deliver a referral again.</summary>
public sealed record RedeliverReferral([property: JsonPropertyName("version")] long? ExpectedVersion);

/// <summary>Who may see and act on a referral: the sending department and, for internal referrals, the receiving archives department.</summary>
public static class ReferralAccess
{
    private static readonly string[] Handlers = [Roles.CaseOfficer, Roles.Leader];

    public static bool IsSender(Referral r, Actor a) => a.JurisdictionId.Length > 0 && a.JurisdictionId == r.SenderJurisdictionId;
    public static bool IsReceiver(Referral r, Actor a) => r.IsInternal && a.JurisdictionId.Length > 0 && a.JurisdictionId == r.ReceiverJurisdictionId;
    /// <summary>The two departments, except the staff named in the Art. 44 case it comes from (R22).</summary>
    public static bool CanSee(Referral r, Actor a) => (IsSender(r, a) || IsReceiver(r, a)) && !r.ExcludedUserIds.Contains(a.UserName);

    /// <summary>
    /// A document of another jurisdiction that was sent to the caller's department with a referral (attached, or the
    /// 案件移送书 itself): the receiver reads it like the sender (R23). Result letters never travel (R12, see SendReferral).
    /// </summary>
    public static Task<bool> ReceivedDocumentAsync(Marten.IQuerySession session, Actor a, string number, CancellationToken ct) =>
        a.JurisdictionId.Length == 0
            ? Task.FromResult(false)
            : Marten.QueryableExtensions.AnyAsync(session.Query<Referral>().Where(r => r.Delivery == DeliveryMethod.Internal
                && r.ReceiverJurisdictionId == a.JurisdictionId && (r.DocumentNumbers.Contains(number) || r.DocumentNumber == number)
                && (!r.HasExclusions || !r.ExcludedUserIds.Contains(a.UserName))), ct);

    /// <summary>
    /// Receiver steps: the receiving archives department; for an external department (no users here),
    /// the sender records what it answered by letter or phone.
    /// </summary>
    public static bool AsReceiver(Referral r, Actor a)
    {
        if (!CanSee(r, a)) throw RuleViolation.NotFound("referral");
        if (r.IsInternal && !IsReceiver(r, a))
            throw RuleViolation.Forbidden("只有接收部门可以签收和反馈", "Only the receiving department may acknowledge or give feedback");
        Role(a);
        return !r.IsInternal;
    }

    public static void AsSender(Referral r, Actor a)
    {
        if (!CanSee(r, a)) throw RuleViolation.NotFound("referral");
        if (!IsSender(r, a)) throw RuleViolation.Forbidden("只有移送部门可以办理此操作", "Only the sending department may do this");
        Role(a);
    }

    private static void Role(Actor a)
    {
        if (!a.IsIn(Handlers))
            throw RuleViolation.Forbidden($"当前角色（{a.Role}）无权执行此操作", $"Role {a.Role} may not do this; needs {string.Join(" or ", Handlers)}");
    }

    public static void NotClosed(Referral r)
    {
        if (r.Status == ReferralStatus.Closed) throw RuleViolation.Refused("referral_closed", "该移送已办结", "The referral is closed");
    }
}

public static class ReferralSteps
{
    public static IReadOnlyList<object> Decide(Referral r, AcknowledgeReferral c, Actor actor, DateTimeOffset now)
    {
        var bySender = ReferralAccess.AsReceiver(r, actor);
        Guard.Version(c.ExpectedVersion, r.Version);
        ReferralAccess.NotClosed(r);
        if (r.AcknowledgedAt is not null) throw RuleViolation.Refused("already_acknowledged", "已签收", "The referral was already acknowledged");
        if (r.Status != ReferralStatus.Delivered) throw RuleViolation.Refused("not_delivered", "移送尚未送达", "The referral has not been delivered yet");
        var events = new List<object>();
        // A reply after the deadline, before the scheduled check ran: the lapse is recorded first.
        if (ReferralClock.Lapsed(r, now) is { } overdue) events.Add(overdue);
        events.Add(new ReferralAcknowledged(r.Id, actor.UserName, bySender, now));
        return events;
    }

    public static FeedbackGiven Decide(Referral r, GiveFeedback c, Actor actor, DateTimeOffset now)
    {
        var bySender = ReferralAccess.AsReceiver(r, actor);
        Guard.Version(c.ExpectedVersion, r.Version);
        ReferralAccess.NotClosed(r);
        // The reply to a 处分建议书 is recorded on its case, which it closes (Art. 44): one record, not two.
        if (r.RecommendationId is not null)
            throw RuleViolation.Refused("reply_on_sanction_case", "处分建议书的书面回复请在案件中登记（…/discipline-recommendations/{id}/reply）",
                "Record the reply to a disciplinary recommendation on its sanction case");
        if (r.Status is not (ReferralStatus.Acknowledged or ReferralStatus.ReconsiderationRequested))
            throw RuleViolation.Refused("not_acknowledged", "须先签收，或等待移送部门申请复议后再反馈", "Feedback follows acknowledgement or a reconsideration request");
        if (c.Outcome is null || !Enum.IsDefined(c.Outcome.Value))
            throw RuleViolation.Invalid("field_required", "须选择处理结果（case_opened、no_case、handled、other）", "outcome is required", "outcome");
        var note = Guard.Required(c.Note, "note", "反馈意见", 4000);
        return new FeedbackGiven(r.Id, c.Outcome.Value, note, actor.UserName, bySender, now);
    }

    public static ReconsiderationRequested Decide(Referral r, RequestReconsideration c, Actor actor, DateTimeOffset now)
    {
        ReferralAccess.AsSender(r, actor);
        Guard.Version(c.ExpectedVersion, r.Version);
        ReferralAccess.NotClosed(r);
        if (r.Status != ReferralStatus.FeedbackGiven)
            throw RuleViolation.Refused("no_feedback", "接收部门尚未反馈，不能申请复议", "Reconsideration can only be asked after feedback");
        var reason = Guard.Required(c.Reason, "reason", "复议理由", 4000);
        return new ReconsiderationRequested(r.Id, reason, actor.UserName, now);
    }

    public static ReferralClosed Decide(Referral r, CloseReferral c, Actor actor, DateTimeOffset now)
    {
        ReferralAccess.AsSender(r, actor);
        Guard.Version(c.ExpectedVersion, r.Version);
        ReferralAccess.NotClosed(r);
        string? reason = string.IsNullOrWhiteSpace(c.Reason) ? null : Guard.Required(c.Reason, "reason", "办结说明", 2000);
        // After feedback the case closes plainly; before it (withdrawn, or undeliverable) the reason is on record.
        if (r.Status != ReferralStatus.FeedbackGiven && reason is null)
            throw RuleViolation.Invalid("reason_required", "尚未收到反馈，办结须说明理由", "Closing before feedback needs a reason", "reason");
        return new ReferralClosed(r.Id, reason, actor.UserName, now);
    }

    public static ReferralRedeliveryRequested Decide(Referral r, RedeliverReferral c, Actor actor, Guid attemptId, DateTimeOffset now)
    {
        ReferralAccess.AsSender(r, actor);
        Guard.Version(c.ExpectedVersion, r.Version);
        ReferralAccess.NotClosed(r);
        if (r.Status != ReferralStatus.DeliveryFailed)
            throw RuleViolation.Refused("not_failed", "只有送达失败的移送可以重新发送", "Only a referral whose delivery failed can be sent again");
        return new ReferralRedeliveryRequested(r.Id, attemptId, actor.UserName, now);
    }

    [WolverinePost("/api/referrals/{id}/acknowledgement", OperationId = "AcknowledgeReferral")]
    public static (CaseUpdated, Events) Acknowledge(AcknowledgeReferral c, [WriteAggregate] Referral referral, ClaimsPrincipal user, TimeProvider clock)
    {
        var events = Decide(referral, c, Actor.From(user), clock.GetUtcNow());
        return (new CaseUpdated(referral.Id, referral.Version + events.Count), new Events(events));
    }

    [WolverinePost("/api/referrals/{id}/feedback", OperationId = "GiveReferralFeedback")]
    public static (CaseUpdated, Events) Feedback(GiveFeedback c, [WriteAggregate] Referral referral, ClaimsPrincipal user, TimeProvider clock) =>
        (new CaseUpdated(referral.Id, referral.Version + 1), [Decide(referral, c, Actor.From(user), clock.GetUtcNow())]);

    [WolverinePost("/api/referrals/{id}/reconsideration", OperationId = "RequestReferralReconsideration")]
    public static (CaseUpdated, Events) Reconsider(RequestReconsideration c, [WriteAggregate] Referral referral, ClaimsPrincipal user, TimeProvider clock) =>
        (new CaseUpdated(referral.Id, referral.Version + 1), [Decide(referral, c, Actor.From(user), clock.GetUtcNow())]);

    [WolverinePost("/api/referrals/{id}/closure", OperationId = "CloseReferral")]
    public static (CaseUpdated, Events) Close(CloseReferral c, [WriteAggregate] Referral referral, ClaimsPrincipal user, TimeProvider clock) =>
        (new CaseUpdated(referral.Id, referral.Version + 1), [Decide(referral, c, Actor.From(user), clock.GetUtcNow())]);

    [WolverinePost("/api/referrals/{id}/redelivery", OperationId = "RedeliverReferral")]
    public static (CaseUpdated, Events, OutgoingMessages) Redeliver(RedeliverReferral c, [WriteAggregate] Referral referral, ClaimsPrincipal user, TimeProvider clock)
    {
        var attempt = Guid.CreateVersion7();
        var e = Decide(referral, c, Actor.From(user), attempt, clock.GetUtcNow());
        return (new CaseUpdated(referral.Id, referral.Version + 1), [e], [new DeliverReferral(referral.Id, attempt)]);
    }
}
