using Marten.Events.Aggregation;

namespace Supervision.Referrals;

/// <summary>
/// Read model of a referral for the receiving department's inbox and the sender's "awaiting reply"
/// board. Built asynchronously by the Marten daemon (<see cref="ReferralSummaryProjection"/>).
/// </summary>
public sealed class ReferralSummary
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public ReferralKind Kind { get; set; }
    public string? DocumentNumber { get; set; }
    public string SenderJurisdictionId { get; set; } = "";
    public string SenderDepartmentName { get; set; } = "";
    public string ReceiverId { get; set; } = "";
    public string ReceiverName { get; set; } = "";
    public string ReceiverJurisdictionId { get; set; } = "";
    public bool ReceiverInternal { get; set; }
    public string Summary { get; set; } = "";
    /// <summary>A joint inspection's finding, for joint_enforcement referrals from a joint inspection.</summary>
    public SharedFinding? Finding { get; set; }
    public ReferralStatus Status { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateOnly DueOn { get; set; }
    public bool Overdue { get; set; }
    /// <summary>Arrived at the receiver (shows in its inbox from then on).</summary>
    public bool Delivered { get; set; }
    /// <summary>The receiver owes an acknowledgement or feedback.</summary>
    public bool AwaitingReply { get; set; }
    public FeedbackOutcome? LastOutcome { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    /// <summary>R22: staff named in the Art. 44 case it comes from; the lists leave it out for them.</summary>
    public string[] ExcludedUserIds { get; set; } = [];
    public bool HasExclusions { get => ExcludedUserIds.Length > 0; set { } }

    internal void SetStatus(ReferralStatus status)
    {
        Status = status;
        AwaitingReply = status is ReferralStatus.Sent or ReferralStatus.Delivered or ReferralStatus.Acknowledged or ReferralStatus.ReconsiderationRequested;
    }
}

public partial class ReferralSummaryProjection : SingleStreamProjection<ReferralSummary, Guid>
{
    public ReferralSummary Create(ReferralSent e)
    {
        var s = new ReferralSummary
        {
            Id = e.ReferralId, Kind = e.Kind, DocumentNumber = e.DocumentNumber, SenderJurisdictionId = e.SenderJurisdictionId,
            SenderDepartmentName = e.SenderDepartmentName, ReceiverId = e.ReceiverId, ReceiverName = e.ReceiverName,
            ReceiverJurisdictionId = e.ReceiverJurisdictionId, ReceiverInternal = e.Delivery == DeliveryMethod.Internal, Summary = e.Summary,
            SentAt = e.SentAt, DueOn = e.ReplyDueOn, Finding = e.Finding, ExcludedUserIds = e.ExcludedUserIds ?? [],
        };
        s.SetStatus(ReferralStatus.Sent);
        return s;
    }

    public void Apply(ReferralDelivered e, ReferralSummary s) { s.Delivered = true; s.SetStatus(ReferralStatus.Delivered); }
    public void Apply(ReferralDeliveryFailed e, ReferralSummary s) => s.SetStatus(ReferralStatus.DeliveryFailed);
    public void Apply(ReferralRedeliveryRequested e, ReferralSummary s) => s.SetStatus(ReferralStatus.Sent);
    public void Apply(ReferralAcknowledged e, ReferralSummary s) { s.AcknowledgedAt = e.AcknowledgedAt; s.SetStatus(ReferralStatus.Acknowledged); }
    public void Apply(FeedbackGiven e, ReferralSummary s) { s.LastOutcome = e.Outcome; s.SetStatus(ReferralStatus.FeedbackGiven); }
    public void Apply(ReconsiderationRequested e, ReferralSummary s) => s.SetStatus(ReferralStatus.ReconsiderationRequested);
    public void Apply(ReferralClosed e, ReferralSummary s) => s.SetStatus(ReferralStatus.Closed);
    public void Apply(ReplyOverdue e, ReferralSummary s) => s.Overdue = true;
}
