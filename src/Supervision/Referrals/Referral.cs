using Supervision.Shared;

namespace Supervision.Referrals;

// ---- Referrals between departments (案件移送 / 执法协作, Art. 42, R23): one stream per referral ----

/// <summary>移送类别：移送处理、信息共享、联合执法 / The kind of referral.</summary>
public enum ReferralKind { CaseTransfer, InformationSharing, JointEnforcement, ComprehensiveInspection }
/// <summary>来源案件的种类 / The kind of source case.</summary>
public enum ReferralSourceKind { Inspection, Rectification, Complaint, Sanction, Direct }
/// <summary>移送反馈结果 / The outcome a receiving department reports.</summary>
public enum FeedbackOutcome { CaseOpened, NoCase, Handled, Other }
/// <summary>移送状态 / A referral's status.</summary>
public enum ReferralStatus { Sent, Delivered, DeliveryFailed, Acknowledged, FeedbackGiven, ReconsiderationRequested, Closed }

/// <summary>共享的发现：隐患或阻碍检查 / A shared finding: a hazard or an obstruction.</summary>
public enum FindingKind { Hazard, Obstruction }

/// <summary>
/// A finding of a joint inspection shared with a participating department: what was found (the Art. 38 item
/// for a hazard), its description, the inspection and the rectification it opened. Never evidence or personal data.
/// </summary>
public sealed record SharedFinding(FindingKind Kind, Guid InspectionId, string UnitName, string? Item, string Description, Guid? RectificationId, DateTimeOffset RecordedAt);

/// <summary>The case the referral comes from; <see cref="Id"/> is null for a direct referral.</summary>
public sealed record ReferralSource(ReferralSourceKind Kind, Guid? Id);

/// <summary>
/// Opens the stream. Carries the summary and the document numbers only: never any personal data of a
/// complainant (R12). <see cref="DocumentNumber"/> is the 案件移送书 number, for case transfers.
/// </summary>
public sealed record ReferralSent(
    Guid ReferralId, ReferralKind Kind, ReferralSource Source,
    string SenderJurisdictionId, string SenderJurisdictionPath, string SenderDepartmentName,
    string ReceiverId, string ReceiverName, DepartmentKind ReceiverKind, string ReceiverJurisdictionId, DeliveryMethod Delivery,
    string Summary, string[] DocumentNumbers, string? DocumentNumber, DateOnly SentOn, DateOnly ReplyDueOn, bool ReplyDueProvisional,
    Guid? DeliveryAttemptId, string SentBy, DateTimeOffset SentAt,
    SharedFinding? Finding = null, // a joint inspection's finding (joint_enforcement)
    string[]? ExcludedUserIds = null, // R22: staff named in the Art. 44 case it comes from; they may not see the referral
    Guid? RecommendationId = null); // the 处分建议书 of an Art. 44 case it carries: its reply is recorded on the case
/// <summary>Arrived: in the receiver's inbox, accepted by its webhook (2xx), or as a printable letter.</summary>
public sealed record ReferralDelivered(Guid ReferralId, Guid AttemptId, string Proof, DateTimeOffset DeliveredAt);
/// <summary>The last delivery attempt failed; the referral stays open and may be sent again.</summary>
public sealed record ReferralDeliveryFailed(Guid ReferralId, Guid AttemptId, string Reason, int Attempts, DateTimeOffset FailedAt);
public sealed record ReferralRedeliveryRequested(Guid ReferralId, Guid AttemptId, string RequestedBy, DateTimeOffset RequestedAt);
/// <summary>
/// The receiver confirmed receipt. <see cref="RecordedBySender"/>: an external department answered by
/// letter or phone and the sender recorded it.
/// </summary>
public sealed record ReferralAcknowledged(Guid ReferralId, string AcknowledgedBy, bool RecordedBySender, DateTimeOffset AcknowledgedAt);
public sealed record FeedbackGiven(Guid ReferralId, FeedbackOutcome Outcome, string Note, string GivenBy, bool RecordedBySender, DateTimeOffset GivenAt);
public sealed record ReconsiderationRequested(Guid ReferralId, string Reason, string RequestedBy, DateTimeOffset RequestedAt);
public sealed record ReferralClosed(Guid ReferralId, string? Reason, string ClosedBy, DateTimeOffset ClosedAt);
/// <summary>The receiver did not acknowledge within the reply period. Appended at most once.</summary>
public sealed record ReplyOverdue(Guid ReferralId, DateOnly DueOn, DateTimeOffset DetectedAt);

public sealed record FeedbackEntry(FeedbackOutcome Outcome, string Note, string GivenBy, bool RecordedBySender, DateTimeOffset GivenAt);

/// <summary>Current state of a referral; an inline snapshot (write model and the case page).</summary>
public sealed class Referral
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public ReferralKind Kind { get; set; }
    public ReferralSource Source { get; set; } = new(ReferralSourceKind.Direct, null);
    public string SenderJurisdictionId { get; set; } = "";
    public string SenderJurisdictionPath { get; set; } = "";
    public string SenderDepartmentName { get; set; } = "";
    public string ReceiverId { get; set; } = "";
    public string ReceiverName { get; set; } = "";
    public DepartmentKind ReceiverKind { get; set; }
    public string ReceiverJurisdictionId { get; set; } = "";
    public DeliveryMethod Delivery { get; set; }
    public string Summary { get; set; } = "";
    public string[] DocumentNumbers { get; set; } = [];
    public string? DocumentNumber { get; set; }
    public DateOnly SentOn { get; set; }
    public DateOnly ReplyDueOn { get; set; }
    /// <summary>R22: staff named in the Art. 44 case the referral comes from; the referral does not exist for them.</summary>
    public string[] ExcludedUserIds { get; set; } = [];
    public bool HasExclusions { get => ExcludedUserIds.Length > 0; set { } }
    public bool ReplyDueProvisional { get; set; }
    public string SentBy { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
    public SharedFinding? Finding { get; set; }
    /// <summary>The 处分建议书 (of the sanction case <see cref="Source"/>) this referral carries; its letter is that document.</summary>
    public Guid? RecommendationId { get; set; }
    public ReferralStatus Status { get; set; }
    public Guid? PendingDeliveryAttempt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? DeliveryProof { get; set; }
    public int DeliveryFailures { get; set; }
    public string? LastDeliveryFailure { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public FeedbackEntry[] Feedback { get; set; } = [];
    public int Reconsiderations { get; set; }
    public string? LastReconsiderationReason { get; set; }
    public bool ReplyOverdue { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public bool IsInternal => Delivery == DeliveryMethod.Internal;

    public static Referral Create(ReferralSent e) => new()
    {
        Id = e.ReferralId, Kind = e.Kind, Source = e.Source, SenderJurisdictionId = e.SenderJurisdictionId,
        SenderJurisdictionPath = e.SenderJurisdictionPath, SenderDepartmentName = e.SenderDepartmentName, ReceiverId = e.ReceiverId,
        ReceiverName = e.ReceiverName, ReceiverKind = e.ReceiverKind, ReceiverJurisdictionId = e.ReceiverJurisdictionId, Delivery = e.Delivery,
        Summary = e.Summary, DocumentNumbers = e.DocumentNumbers, DocumentNumber = e.DocumentNumber, SentOn = e.SentOn,
        ReplyDueOn = e.ReplyDueOn, ReplyDueProvisional = e.ReplyDueProvisional, SentBy = e.SentBy, SentAt = e.SentAt,
        Status = ReferralStatus.Sent, PendingDeliveryAttempt = e.DeliveryAttemptId, Finding = e.Finding, ExcludedUserIds = e.ExcludedUserIds ?? [],
        RecommendationId = e.RecommendationId,
    };

    public void Apply(ReferralDelivered e)
    {
        Status = ReferralStatus.Delivered; PendingDeliveryAttempt = null; DeliveredAt = e.DeliveredAt; DeliveryProof = e.Proof;
    }

    public void Apply(ReferralDeliveryFailed e)
    {
        Status = ReferralStatus.DeliveryFailed; PendingDeliveryAttempt = null; DeliveryFailures++; LastDeliveryFailure = e.Reason;
    }

    public void Apply(ReferralRedeliveryRequested e) { Status = ReferralStatus.Sent; PendingDeliveryAttempt = e.AttemptId; }
    public void Apply(ReferralAcknowledged e) { Status = ReferralStatus.Acknowledged; AcknowledgedAt = e.AcknowledgedAt; AcknowledgedBy = e.AcknowledgedBy; }
    public void Apply(FeedbackGiven e) { Status = ReferralStatus.FeedbackGiven; Feedback = [.. Feedback, new FeedbackEntry(e.Outcome, e.Note, e.GivenBy, e.RecordedBySender, e.GivenAt)]; }
    public void Apply(ReconsiderationRequested e) { Status = ReferralStatus.ReconsiderationRequested; Reconsiderations++; LastReconsiderationReason = e.Reason; }
    public void Apply(ReferralClosed e) { Status = ReferralStatus.Closed; ClosedAt = e.ClosedAt; }
    public void Apply(ReplyOverdue e) => ReplyOverdue = true;

    /// <summary>The recounts recorded (<see cref="ClockRecounted.Key"/>): the reply clock is counted once per calendar version.</summary>
    public List<string> RecountedClocks { get; set; } = [];

    /// <summary>The reply clock counted again with a newly published calendar.</summary>
    public void Apply(ReferralClockRecounted e)
    {
        RecountedClocks.Add(e.Key);
        ReplyDueOn = e.DueOn; ReplyDueProvisional = e.Provisional;
    }
}
