using Supervision.Shared;

namespace Supervision.Complaints;

/// <summary>投诉举报渠道：信件、来访、电话、网上 / How a complaint arrived: letter, visit, phone, online.</summary>
public enum ComplaintChannel { Letter, Visit, Phone, Online }
/// <summary>受理决定：受理、不予受理、转送有权处理的机关 / The acceptance decision: accepted, not accepted, or transferred to the competent authority.</summary>
public enum AcceptanceDecision { Accepted, NotAccepted, Transferred }
public enum ComplaintStatus { Received, Accepted, Concluded, Closed }
/// <summary>告知渠道：电子邮件、短信、信件、电话 / How the complainant is told: e-mail, SMS, letter, phone.</summary>
public enum NotificationChannel { Email, Sms, Letter, Phone }

// ---- Events of a complaint stream (投诉举报, Art. 41; R10–R13) ----
/// <summary>
/// Registered on receipt (R10). The complainant's identity is only in <see cref="ProtectedComplainant"/>,
/// encrypted with a key kept outside the database (R12); <see cref="ContactChannels"/> says how they can be told.
/// </summary>
public sealed record ComplaintReceived(
    Guid ComplaintId, string ReceiptNumber, ComplaintChannel Channel, DateTimeOffset ReceivedAt, bool Anonymous,
    string? ProtectedComplainant, NotificationChannel[] ContactChannels, Guid? UnitId, string UnitName,
    string JurisdictionId, string JurisdictionPath, string Allegation, string? RequestedOutcome, string? QueryCodeHash,
    DateOnly AcceptanceDueOn, DateOnly HandlingDueOn, string RegisteredBy, DateTimeOffset RegisteredAt,
    DateOnly? AcceptanceStatutoryOn = null, DateOnly? HandlingStatutoryOn = null, string? ProtectedOriginalText = null);
/// <summary>
/// The complaint's own words when they held contact data (a mobile number, an email, a resident id: R12): the event's
/// <see cref="ComplaintReceived.Allegation"/> and <see cref="ComplaintReceived.RequestedOutcome"/> carry the masked text that
/// everyone in scope sees, and this original is kept encrypted like the identity, for those who may see the identity.
/// </summary>
public sealed record OriginalComplaintText(string Allegation, string? RequestedOutcome);
/// <summary>R10: accepted, not accepted or transferred, with the notice to the complainant (受理告知书).</summary>
public sealed record AcceptanceDecided(Guid ComplaintId, AcceptanceDecision Decision, string Reason, string? TransferTo, string NoticeNumber, string DecidedBy, DateTimeOffset DecidedAt);
public sealed record ComplaintAssigned(Guid ComplaintId, string HandlerId, string AssignedBy, DateTimeOffset AssignedAt);
/// <summary>An investigation note; <c>Files</c>: photos, scans or recordings it refers to, uploaded by its writer or the handler (issue 16).</summary>
public sealed record InvestigationNoteAdded(Guid ComplaintId, string Note, string AddedBy, DateTimeOffset AddedAt, Supervision.Files.EvidenceFile[]? Files = null);
public sealed record InspectionLinked(Guid ComplaintId, Guid InspectionId, string LinkedBy, DateTimeOffset LinkedAt);
/// <summary>R11: one extension of at most 30 days, approved by a leader, with a reason.</summary>
/// <param name="NewStatutoryOn">The last day as counted (法定期限); <see cref="NewDueOn"/> is the next working day when that day is not one (Civil Code Art. 203).</param>
public sealed record HandlingExtended(Guid ComplaintId, DateOnly PreviousDueOn, DateOnly NewDueOn, string Reason, string ApprovedBy, DateTimeOffset ApprovedAt,
    DateOnly? NewStatutoryOn = null);
public sealed record ComplaintConcluded(Guid ComplaintId, bool Substantiated, string Findings, string Result, string ConcludedBy, DateTimeOffset ConcludedAt);
/// <summary>A notification of the result was handed to the outbox (email/SMS) — the case stays open until it is delivered.</summary>
public sealed record NotificationRequested(Guid ComplaintId, Guid AttemptId, NotificationChannel Channel, string ContentHash, string RequestedBy, DateTimeOffset RequestedAt);
/// <summary>Art. 41 / R13: the complainant was told the result; channel, time, content hash and delivery proof.</summary>
public sealed record ComplainantNotified(Guid ComplaintId, Guid AttemptId, NotificationChannel Channel, string ContentHash, string DeliveryProof, string? DocumentNumber, string RecordedBy, DateTimeOffset NotifiedAt);
public sealed record NotificationFailed(Guid ComplaintId, Guid AttemptId, NotificationChannel Channel, string Reason, DateTimeOffset FailedAt);
public sealed record ComplaintClosed(Guid ComplaintId, string Reason, DateTimeOffset ClosedAt);
/// <summary>R12: someone saw the unmasked identity (or exported it).</summary>
public sealed record ComplainantIdentityViewed(Guid ComplaintId, string ViewedBy, string Purpose, DateTimeOffset ViewedAt);
public sealed record AcceptanceOverdue(Guid ComplaintId, DateOnly DueOn, DateTimeOffset DetectedAt);
public sealed record HandlingOverdue(Guid ComplaintId, DateOnly DueOn, DateTimeOffset DetectedAt);
public sealed record NotificationOverdue(Guid ComplaintId, DateOnly DueOn, DateTimeOffset DetectedAt);

public sealed record CaseNote(string Note, string AddedBy, DateTimeOffset AddedAt);

/// <summary>Current state of a complaint (inline snapshot). Holds the identity only encrypted.</summary>
public sealed class Complaint
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string ReceiptNumber { get; set; } = "";
    public ComplaintChannel Channel { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public bool Anonymous { get; set; }
    public string? ProtectedComplainant { get; set; }
    /// <summary>The original text when the complaint's words held contact data (<see cref="OriginalComplaintText"/>); then the text below is masked.</summary>
    public string? ProtectedOriginalText { get; set; }
    public NotificationChannel[] ContactChannels { get; set; } = [];
    public Guid? UnitId { get; set; }
    public string UnitName { get; set; } = "";
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public string Allegation { get; set; } = "";
    public string? RequestedOutcome { get; set; }
    public string? QueryCodeHash { get; set; }
    public string RegisteredBy { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public ComplaintStatus Status { get; set; }
    public AcceptanceDecision? Decision { get; set; }
    public string? DecisionReason { get; set; }
    public string? TransferTo { get; set; }
    public string? AcceptanceNoticeNumber { get; set; }
    /// <summary>R10: how the 受理告知书 was told (email/SMS: see the delivery stream); null until recorded.</summary>
    public NotificationChannel? AcceptanceNoticeChannel { get; set; }
    public string? AcceptanceNoticeProof { get; set; }
    public Guid? AcceptanceNoticeDeliveryId { get; set; }
    public DateTimeOffset? AcceptanceNoticeSentAt { get; set; }
    public string? HandlerId { get; set; }
    public List<CaseNote> Notes { get; set; } = [];
    public List<Guid> InspectionIds { get; set; } = [];
    public DateOnly AcceptanceDueOn { get; set; }
    public DateOnly HandlingDueOn { get; set; }
    /// <summary>The last day of the 15- and 60(+30)-day periods as counted (法定期限); the due dates above are the next
    /// working day when that day is a public holiday or rest day (Civil Code Art. 203).</summary>
    public DateOnly AcceptanceStatutoryOn { get; set; }
    public DateOnly HandlingStatutoryOn { get; set; }
    public bool Extended { get; set; }
    public DateOnly? PreviousHandlingDueOn { get; set; }
    public string? ExtensionReason { get; set; }
    public string? ExtensionApprovedBy { get; set; }
    /// <summary>R11: the 延期办理告知书 and how the complainant was told (email/SMS: see the delivery stream).</summary>
    public string? ExtensionNoticeNumber { get; set; }
    public NotificationChannel? ExtensionNoticeChannel { get; set; }
    public string? ExtensionNoticeProof { get; set; }
    public Guid? ExtensionNoticeDeliveryId { get; set; }
    public DateTimeOffset? ExtensionNoticeIssuedAt { get; set; }
    public bool? Substantiated { get; set; }
    public string? Findings { get; set; }
    public string? Result { get; set; }
    public Guid? PendingNotification { get; set; }
    public NotificationChannel? NotifiedBy { get; set; }
    public DateTimeOffset? NotifiedAt { get; set; }
    public string? ResultLetterNumber { get; set; }
    public int FailedNotifications { get; set; }
    public string? LastNotificationFailure { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? CloseReason { get; set; }
    public bool AcceptanceOverdue { get; set; }
    public bool HandlingOverdue { get; set; }
    public bool NotificationOverdue { get; set; }
    public int IdentityViews { get; set; }

    public bool IsClosed => Status == ComplaintStatus.Closed;
    /// <summary>The recounts recorded (<see cref="ClockRecounted.Key"/>): each clock is counted once per calendar version.</summary>
    public List<string> RecountedClocks { get; set; } = [];

    /// <summary>A clock counted again with a newly published calendar (Civil Code Art. 203 on the official rest days).</summary>
    public void Apply(ComplaintClockRecounted e)
    {
        RecountedClocks.Add(e.Key);
        if (e.Clock == Dashboards.DeadlineClocks.ComplaintAcceptance) AcceptanceDueOn = e.DueOn;
        else if (e.Clock == Dashboards.DeadlineClocks.ComplaintHandling) HandlingDueOn = e.DueOn;
    }

    public static Complaint Create(ComplaintReceived e) => new()
    {
        Id = e.ComplaintId, ReceiptNumber = e.ReceiptNumber, Channel = e.Channel, ReceivedAt = e.ReceivedAt, Anonymous = e.Anonymous,
        ProtectedComplainant = e.ProtectedComplainant, ProtectedOriginalText = e.ProtectedOriginalText, ContactChannels = e.ContactChannels, UnitId = e.UnitId, UnitName = e.UnitName,
        JurisdictionId = e.JurisdictionId, JurisdictionPath = e.JurisdictionPath, Allegation = e.Allegation,
        RequestedOutcome = e.RequestedOutcome, QueryCodeHash = e.QueryCodeHash, RegisteredBy = e.RegisteredBy, RegisteredAt = e.RegisteredAt,
        AcceptanceDueOn = e.AcceptanceDueOn, HandlingDueOn = e.HandlingDueOn, Status = ComplaintStatus.Received,
        AcceptanceStatutoryOn = e.AcceptanceStatutoryOn ?? e.AcceptanceDueOn, HandlingStatutoryOn = e.HandlingStatutoryOn ?? e.HandlingDueOn,
    };

    public void Apply(AcceptanceDecided e)
    {
        Decision = e.Decision; DecisionReason = e.Reason; DecidedAt = e.DecidedAt; TransferTo = e.TransferTo; AcceptanceNoticeNumber = e.NoticeNumber;
        if (e.Decision == AcceptanceDecision.Accepted) Status = ComplaintStatus.Accepted;
    }

    public void Apply(AcceptanceNoticeSent e)
    {
        AcceptanceNoticeChannel = e.Channel; AcceptanceNoticeProof = e.DeliveryProof; AcceptanceNoticeDeliveryId = e.DeliveryId; AcceptanceNoticeSentAt = e.SentAt;
    }

    public void Apply(ComplaintAssigned e) => HandlerId = e.HandlerId;
    public void Apply(InvestigationNoteAdded e) => Notes.Add(new CaseNote(e.Note, e.AddedBy, e.AddedAt));
    public void Apply(InspectionLinked e) => InspectionIds.Add(e.InspectionId);
    public void Apply(HandlingExtended e)
    {
        PreviousHandlingDueOn = e.PreviousDueOn; HandlingDueOn = e.NewDueOn; HandlingStatutoryOn = e.NewStatutoryOn ?? e.NewDueOn; Extended = true; ExtensionReason = e.Reason; ExtensionApprovedBy = e.ApprovedBy;
    }

    public void Apply(ExtensionNoticeIssued e)
    {
        ExtensionNoticeNumber = e.NoticeNumber; ExtensionNoticeChannel = e.Channel; ExtensionNoticeProof = e.DeliveryProof;
        ExtensionNoticeDeliveryId = e.DeliveryId; ExtensionNoticeIssuedAt = e.IssuedAt;
    }
    public void Apply(ComplaintConcluded e) { Status = ComplaintStatus.Concluded; Substantiated = e.Substantiated; Findings = e.Findings; Result = e.Result; }
    public void Apply(NotificationRequested e) => PendingNotification = e.AttemptId;

    public void Apply(ComplainantNotified e)
    {
        PendingNotification = null; NotifiedBy = e.Channel; NotifiedAt = e.NotifiedAt;
        if (e.DocumentNumber is not null) ResultLetterNumber = e.DocumentNumber;
    }

    public void Apply(NotificationFailed e) { PendingNotification = null; FailedNotifications++; LastNotificationFailure = e.Reason; }
    public void Apply(ComplaintClosed e) { Status = ComplaintStatus.Closed; ClosedAt = e.ClosedAt; CloseReason = e.Reason; }
    public void Apply(ComplainantIdentityViewed e) => IdentityViews++;
    public void Apply(AcceptanceOverdue e) => AcceptanceOverdue = true;
    public void Apply(HandlingOverdue e) => HandlingOverdue = true;
    public void Apply(NotificationOverdue e) => NotificationOverdue = true;
}
