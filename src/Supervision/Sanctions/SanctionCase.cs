using Supervision.Shared;

namespace Supervision.Sanctions;

public enum SanctionSourceKind { Inspection, Rectification, Complaint, Referral, Direct }
/// <summary>The publication scope of the 通报批评 = its severity: unit &lt; jurisdiction &lt; public.</summary>
public enum PenaltyScope { Unit, Jurisdiction, Public }
public enum CaseSeverity { Ordinary, Major, Complex }
public enum SanctionStatus { Investigating, Reported, Noticed, Decided, Closed }
/// <summary>R20: the written reply of the unit or appointing body to a 处分建议书.</summary>
public enum DisciplineReplyStatus { Awaiting, Overdue, Replied }
/// <summary>R21: transfer of a suspected crime to public security.</summary>
public enum CriminalTransferStatus { None, Proposed, Approved, Rejected, Transferred }
public enum DecisionChangeKind { Changed, Revoked }

public sealed record SanctionSource(SanctionSourceKind Kind, Guid? Id);
/// <summary>A person directly responsible (直接责任人员); for Art. 44 cases a member of the department's staff.</summary>
public sealed record ResponsiblePerson(string Name, string? UserId);
/// <summary>A piece of evidence; <see cref="Id"/> (E1, E2, … in the order added) is how notices and decisions cite it.</summary>
public sealed record EvidenceItem(string Description, string Kind, string AddedBy, DateTimeOffset AddedAt, string Id = "")
{
    public override string ToString() => $"{Kind}：{Description}";
}
/// <summary>R20: one 处分建议书 and the reply it is owed.</summary>
public sealed record DisciplineRecommendation(
    Guid Id, string DocumentNumber, string PersonName, string? Position, string Recipient, string Recommendation,
    DateOnly IssuedOn, DateOnly ReplyDueOn, DisciplineReplyStatus Status, bool Overdue, string? Reply, DateOnly? ReplyReceivedOn,
    string RecommendedBy, DateTimeOffset RecommendedAt, DateOnly? ReplyStatutoryOn = null, string? ReceiverId = null, Guid? ReferralId = null);
public sealed record DecisionChange(DecisionChangeKind Kind, string Reason, string ChangedBy, DateTimeOffset ChangedAt, string? DocumentNumber = null,
    string? Changes = null, string? OriginalNumber = null, string? ChangerName = null);
/// <summary>R16: a 听证通知书 as issued (kept when a supplementary investigation supersedes the notice it answered).</summary>
public sealed record HearingNotice(string Number, DateOnly HearingOn, string ChairName, string Place, DateOnly IssuedOn, Signatory[]? Signatories = null);
/// <summary>R16: a 听证笔录 as recorded (kept like the notices).</summary>
public sealed record HearingRecord(string Number, DateOnly HeldOn, string ChairName, string Place, string Minutes, string RecordedBy);
/// <summary>A 行政处罚事先告知书 that a supplementary investigation superseded, as it was issued (it still renders by its number).</summary>
public sealed record SupersededNotice(string Number, string Facts, string Reasons, string Basis, PenaltyScope Scope, DateOnly IssuedOn,
    DateOnly DefenceDeadline, string Rights, bool PartyDefended, int EvidenceCount, string SupersededBecause, string SupersededBy, DateTimeOffset SupersededAt,
    Signatory[]? Signatories = null, string[]? EvidenceIds = null, int? EvidenceCountAtDefence = null);

// ---- Events of a sanction case stream (通报批评, regional Art. 43/44; APL procedure R14–R19, R22) ----
/// <summary>Opens the case (立案). <see cref="DecisionDueOn"/> = 90 days after opening (R19, APL Art. 60).</summary>
public sealed record SanctionCaseOpened(
    Guid CaseId, SanctionSource Source, Guid? PartyUnitId, string PartyName, string? PartyCreditCode,
    string DepartmentId, string JurisdictionId, string JurisdictionPath, string Violation, string Summary,
    Signatory[] Investigators, ResponsiblePerson[] ResponsiblePersons, DateOnly DecisionDueOn, string OpenedBy, DateTimeOffset OpenedAt);
/// <param name="EvidenceId">E1, E2, … (absent in events recorded before evidence was cited by id: numbered in order then).</param>
/// <summary>A piece of evidence (E1, E2 …); <c>Files</c>: its photos, scans or recordings, uploaded by the case's team (issue 16).</summary>
public sealed record EvidenceAdded(Guid CaseId, string Description, string Kind, string AddedBy, DateTimeOffset AddedAt, string? EvidenceId = null,
    Supervision.Files.EvidenceFile[]? Files = null);
public sealed record InvestigationReported(Guid CaseId, string Findings, PenaltyScope ProposedScope, CaseSeverity Severity, bool SocialImpact, string ReportedBy, DateTimeOffset ReportedAt);
/// <summary>
/// R15: 行政处罚事先告知书 with facts, reasons, basis, the intended penalty and the rights (R16: within 5 working days).
/// <see cref="Signatories"/> are the certified officers who issued it (the actor and the co-signer, R1), printed as such;
/// <see cref="EvidenceIds"/> the evidence its facts rest on (absent in notices issued before evidence was cited).
/// </summary>
public sealed record PenaltyNoticeIssued(
    Guid CaseId, string DocumentNumber, string Facts, string Reasons, string Basis, PenaltyScope ProposedScope,
    DateOnly IssuedOn, DateOnly DefenceDeadline, bool DefenceDeadlineProvisional, string Rights, Signatory[] Signatories,
    string IssuedBy, DateTimeOffset IssuedAt, string[]? EvidenceIds = null);
/// <summary>
/// R15 / APL Art. 45: after the party defended itself, a leader records why the new evidence (not the defence) justifies a
/// heavier intended penalty in the renewed notice. <see cref="EvidenceIds"/>: the new evidence, added after the defence.
/// </summary>
public sealed record HeavierPenaltyJustified(Guid CaseId, PenaltyScope Scope, string[] EvidenceIds, string Reason, string JustifiedBy, DateTimeOffset JustifiedAt);
/// <summary>
/// The 行政处罚事先告知书 reached the party on <see cref="ReceivedOn"/> (送达, recorded on the document): the period to state,
/// defend and request a hearing runs from that day (APL Art. 44, 63–64: 自收到本告知书之日起五个工作日), to <see cref="DefenceDeadline"/>.
/// </summary>
public sealed record PenaltyNoticeServed(Guid CaseId, string DocumentNumber, DateOnly ReceivedOn, DateOnly DefenceDeadline, bool DefenceDeadlineProvisional,
    string RecordedBy, DateTimeOffset RecordedAt);
/// <summary>
/// 补充调查: after the notice, before the decision, the leader sends the case back for further investigation. The notice
/// in force is superseded (kept in <see cref="SanctionCase.SupersededNotices"/>); a new report and a new, numbered notice
/// follow, with a new defence period (R15). The defence, hearing and review of the old notice stay in the history.
/// </summary>
public sealed record SupplementaryInvestigationOpened(Guid CaseId, string SupersededNoticeNumber, string Reason, string OpenedBy, DateTimeOffset OpenedAt);
public sealed record DefenceReceived(Guid CaseId, string Statement, string RecordedBy, DateTimeOffset ReceivedAt);
/// <summary>
/// The party waived its rights to state, defend and request a hearing, by a written statement: who signed it, when, and how it
/// reached the department (absent in waivers recorded before the statement was required).
/// </summary>
public sealed record DefenceWaived(Guid CaseId, string RecordedBy, DateTimeOffset WaivedAt,
    string? SignedBy = null, DateTimeOffset? SignedAt = null, string? ReceivedVia = null, string? Statement = null);
public sealed record HearingRequested(Guid CaseId, string RecordedBy, DateTimeOffset RequestedAt);
/// <summary>R16: announced at least 7 (working) days ahead, chaired by someone who did not investigate.</summary>
public sealed record HearingScheduled(Guid CaseId, DateOnly HearingOn, string ChairId, string ChairName, string ScheduledBy, DateTimeOffset ScheduledAt,
    string? DocumentNumber = null, string? Place = null, // the 听证通知书 and where the hearing is held
    Signatory[]? Signatories = null); // the officers who issued the 听证通知书 (R1); absent before they were recorded
/// <summary>
/// 立案审批: a leader of the handling department approves the case as opened (行政处罚法 Art. 54), issuing the 立案审批表 that
/// prints the proposal as recorded at opening and this approval (who, opinion, when).
/// </summary>
public sealed record CaseFilingApproved(Guid CaseId, string DocumentNumber, string ApprovedBy, string ApproverName, string Opinion, DateTimeOffset ApprovedAt);

/// <summary>
/// 询问笔录 (APL Art. 55): who was questioned, where and when, by which two officers of the case (R1), that the rights and the
/// right to ask for recusal were explained, and the questions and answers as recorded. It is evidence of the case
/// (<see cref="EvidenceId"/>), so the decision can cite it. <see cref="IdDocument"/> is the person's own data: never logged.
/// </summary>
public sealed record InquiryRecorded(Guid CaseId, string DocumentNumber, string EvidenceId, string Person, string? Position, string? IdDocument,
    string Place, DateTimeOffset StartedAt, DateTimeOffset EndedAt, Signatory[] Investigators, string RecorderName, bool RightsExplained,
    InquiryAnswer[] Answers, string RecordedBy, DateTimeOffset RecordedAt);
public sealed record InquiryAnswer(string Question, string Answer);
/// <summary>The hearing was held, with its 听证笔录; <c>Files</c>: the signed minutes' scan or other files of the hearing (issue 16).</summary>
public sealed record HearingHeld(Guid CaseId, string Minutes, string RecordedBy, DateTimeOffset HeldAt, string? DocumentNumber = null,
    Supervision.Files.EvidenceFile[]? Files = null);
/// <summary>R17: 法制审核 by a reviewer who did not investigate.</summary>
public sealed record LegalReviewCompleted(Guid CaseId, string Opinion, bool Approved, string ReviewedBy, DateTimeOffset ReviewedAt);
/// <summary>R17: major cases are discussed collectively by the department's leaders.</summary>
/// <summary>
/// R17 (APL Art. 57): the department's leaders discussed the case collectively. <see cref="Participants"/> as printed
/// (names); <see cref="ParticipantIds"/> and <see cref="PresidedBy"/> name the users (absent in discussions recorded before
/// participants were checked against the department's leaders).
/// </summary>
public sealed record CollectiveDiscussionHeld(Guid CaseId, string[] Participants, string Conclusion, string RecordedBy, DateTimeOffset HeldAt,
    string[]? ParticipantIds = null, string? PresidedBy = null);
/// <summary>
/// 行政处罚决定书 with the six statutory items (R18): party, facts and evidence, penalty and basis,
/// how and by when to comply, remedies with their time limits, department and date.
/// <see cref="Evidence"/> is printed (kind：description) for the cited <see cref="EvidenceIds"/>; the order to correct runs
/// <see cref="CorrectionWorkingDays"/> working days from receipt; <see cref="Signatories"/> are the two certified officers who
/// signed it with the deciding leader (<see cref="DecidedBy"/>). The optional fields are absent in decisions recorded before.
/// </summary>
public sealed record PenaltyDecided(
    Guid CaseId, string DocumentNumber, string PartyName, string? PartyCreditCode, string Facts, string[] Evidence,
    PenaltyScope Scope, string Basis, string ComplianceRequirements, DateOnly? ComplyBy, string Remedies,
    string DepartmentId, string DepartmentName, DateOnly DecidedOn, DateOnly DeliveryDueOn, DateOnly? PublicationDueOn,
    string DecidedBy, DateTimeOffset DecidedAt,
    string[]? EvidenceIds = null, int? CorrectionWorkingDays = null, Signatory[]? Signatories = null, string? ReconsiderationOrgan = null);
public sealed record NoPenaltyDecided(Guid CaseId, string Reason, string DecidedBy, DateTimeOffset DecidedAt);
/// <summary>送达回证. <see cref="ComplyBy"/>: the last day to correct, counted in working days from receipt (absent before).</summary>
public sealed record DecisionDelivered(Guid CaseId, DateOnly DeliveredOn, string Method, string ReceiptNote, string RecordedBy, DateTimeOffset RecordedAt,
    DateOnly? ComplyBy = null, bool ComplyByProvisional = false);
public sealed record DecisionPublished(Guid CaseId, string Where, string PublishedBy, DateTimeOffset PublishedAt);
public sealed record PublicationWithdrawn(Guid CaseId, string Reason, string WithdrawnBy, DateTimeOffset WithdrawnAt);
/// <param name="ApprovalNumber">The 结案审批表 issued with the closing (absent on cases closed before it was issued, and on the
/// automatic endings of Art. 44 cases).</param>
/// <param name="ApproverName">The leader who approved the closing (the actor), as printed on it; <paramref name="Opinion"/> their opinion.</param>
public sealed record SanctionCaseClosed(Guid CaseId, string ClosedBy, DateTimeOffset ClosedAt, string? ApprovalNumber = null, string? ApproverName = null,
    string? Opinion = null);
/// <summary>R19 clocks: each appended at most once per case.</summary>
public sealed record DecisionOverdue(Guid CaseId, DateOnly DueOn, DateTimeOffset DetectedAt);
public sealed record DeliveryOverdue(Guid CaseId, DateOnly DueOn, DateTimeOffset DetectedAt);
public sealed record PublicationOverdue(Guid CaseId, DateOnly DueOn, DateTimeOffset DetectedAt);

/// <summary>
/// R19: the decision was changed or revoked (e.g. on reconsideration, or corrected by the department). A
/// published decision must then be withdrawn within 3 working days: <see cref="WithdrawalDueOn"/>, null when
/// nothing is published (or a withdrawal is already owed).
/// </summary>
/// <summary>
/// R19: the decision changed or revoked, by a decision of its own: the 变更/撤销行政处罚决定书 numbered <see cref="DocumentNumber"/>
/// that names the original (<see cref="OriginalNumber"/>), the reason and, for a change, the decision as changed
/// (<see cref="Changes"/>). The original stays as issued. Absent on changes recorded before these documents existed.
/// </summary>
public sealed record DecisionChanged(Guid CaseId, DecisionChangeKind Kind, string Reason, DateOnly? WithdrawalDueOn, string ChangedBy, DateTimeOffset ChangedAt,
    string? DocumentNumber = null, string? Changes = null, string? OriginalNumber = null, string? ChangerName = null);
/// <summary>R19: the publication of a changed or revoked decision was not withdrawn in time. At most once per withdrawal owed.</summary>
public sealed record PublicationWithdrawalOverdue(Guid CaseId, DateOnly DueOn, DateTimeOffset DetectedAt);

/// <summary>
/// R20 (Implementing Regulations Art. 46): a numbered 处分建议书 to the person's unit or appointing body, which
/// must reply in writing by <see cref="ReplyDueOn"/>.
/// </summary>
/// <remarks>
/// In an Art. 44 case the recommendation is addressed to a body with disciplinary authority over the named staff
/// (<see cref="ReceiverId"/>, a 纪委监委 of the referral register) and sent to it as a referral (<see cref="ReferralId"/>),
/// whose recorded reply closes the case (issue 12 item 10). Absent for other cases and for recommendations recorded before.
/// </remarks>
public sealed record DisciplineRecommended(
    Guid CaseId, Guid RecommendationId, string DocumentNumber, string PersonName, string? Position, string Recipient,
    string Recommendation, DateOnly IssuedOn, DateOnly ReplyDueOn, string RecommendedBy, DateTimeOffset RecommendedAt,
    DateOnly? ReplyStatutoryOn = null, string? ReceiverId = null, Guid? ReferralId = null);
public sealed record DisciplineReplyReceived(Guid CaseId, Guid RecommendationId, string Reply, DateOnly ReceivedOn, string RecordedBy, DateTimeOffset RecordedAt);
/// <summary>
/// Art. 44 (issue 12 item 10): a leader of the handling department found, with reasons, that the staff named committed no
/// misconduct; the case closes without a 处分建议书 (and without a 不予处罚 decision, which is a penalty-law form).
/// </summary>
public sealed record NoMisconductFound(Guid CaseId, string Reason, string FoundBy, DateTimeOffset FoundAt);
/// <summary>R20: no written reply by the due date. At most once per recommendation.</summary>
public sealed record DisciplineReplyOverdue(Guid CaseId, Guid RecommendationId, DateOnly DueOn, DateTimeOffset DetectedAt);

/// <summary>R21: an investigator proposes transferring a suspected crime; the head decides within 3 working days (<see cref="DecisionDueOn"/>).</summary>
public sealed record CriminalTransferProposed(Guid CaseId, string Grounds, DateOnly DecisionDueOn, string ProposedBy, DateTimeOffset ProposedAt);
/// <summary>R21: the head's decision; when approved the case goes to public security by <see cref="TransferDueAt"/> (24 hours).</summary>
public sealed record CriminalTransferDecided(Guid CaseId, bool Approved, string Reason, DateTimeOffset? TransferDueAt, string DecidedBy, DateTimeOffset DecidedAt);
/// <summary>R21: the case went to public security with a numbered 涉嫌犯罪案件移送书.</summary>
public sealed record CriminalCaseTransferred(Guid CaseId, string DocumentNumber, string PublicSecurityOrgan, DateOnly TransferredOn, string TransferredBy, DateTimeOffset TransferredAt);
/// <summary>R21: the head did not decide within 3 working days of the proposal. At most once per proposal.</summary>
public sealed record TransferDecisionOverdue(Guid CaseId, DateOnly DueOn, DateTimeOffset DetectedAt);
/// <summary>R21: no transfer letter within 24 hours of the approval. At most once.</summary>
public sealed record TransferLetterOverdue(Guid CaseId, DateTimeOffset DueAt, DateTimeOffset DetectedAt);

/// <summary>An officer named in a recusal request: an investigator of the case or the hearing chair (R2, APL Art. 43, 64).</summary>
public enum RecusalRole { Investigator, Chair }
public sealed record RecusalTarget(string OfficerId, string Name, RecusalRole Role);
/// <summary>
/// R2 / APL Art. 43: the party asked that officers of the case withdraw (申请回避). Recorded by an investigator of the case:
/// who asked for the party, the grounds, the officers named, how and when the request was received.
/// </summary>
public sealed record SanctionRecusalRequested(Guid CaseId, Guid RequestId, RecusalTarget[] Officers, string RequestedBy, string Grounds,
    string ReceivedVia, DateOnly ReceivedOn, string RecordedBy, DateTimeOffset RecordedAt);
/// <summary>
/// R2 / APL Art. 43: a leader of the handling department decided on the request for one officer. Granted: the officer takes no
/// further part in the case and <see cref="Replacement"/> takes his place (on the investigators, or as hearing chair).
/// </summary>
public sealed record SanctionRecusalDecided(Guid CaseId, Guid RequestId, string OfficerId, RecusalRole Role, bool Granted, string Reason,
    Signatory? Replacement, string DecidedBy, DateTimeOffset DecidedAt);
/// <summary>A recusal request for one officer that a leader has not decided yet.</summary>
public sealed record PendingRecusal(Guid RequestId, string OfficerId, string Name, RecusalRole Role, string RequestedBy, string Grounds, DateOnly ReceivedOn);
/// <summary>A decided recusal request, as the case file shows it.</summary>
public sealed record RecusalOutcome(Guid RequestId, string OfficerId, string Name, RecusalRole Role, bool Granted, string Reason, Signatory? Replacement,
    string DecidedBy, DateTimeOffset DecidedAt);

/// <summary>Current state of a sanction case; an inline snapshot.</summary>
public sealed class SanctionCase
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public SanctionSource Source { get; set; } = new(SanctionSourceKind.Direct, null);
    public Guid? PartyUnitId { get; set; }
    public string PartyName { get; set; } = "";
    public string? PartyCreditCode { get; set; }
    public string DepartmentId { get; set; } = "";
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public string Violation { get; set; } = "";
    public string Summary { get; set; } = "";
    public Signatory[] Investigators { get; set; } = [];
    public ResponsiblePerson[] ResponsiblePersons { get; set; } = [];
    /// <summary>R22: staff named in an Art. 44 case; they may neither see nor act on it.</summary>
    public string[] ExcludedUserIds { get; set; } = [];
    public string OpenedBy { get; set; } = "";
    public DateTimeOffset OpenedAt { get; set; }
    public DateOnly DecisionDueOn { get; set; }
    public SanctionStatus Status { get; set; }
    /// <summary>The recounts recorded (<see cref="ClockRecounted.Key"/>): each clock is counted once per calendar version.</summary>
    public List<string> RecountedClocks { get; set; } = [];

    public List<EvidenceItem> Evidence { get; set; } = [];
    public string? Findings { get; set; }
    public PenaltyScope? ProposedScope { get; set; }
    public CaseSeverity? Severity { get; set; }
    public bool SocialImpact { get; set; }

    public string? NoticeNumber { get; set; }
    public string? NoticeFacts { get; set; }
    public string? NoticeReasons { get; set; }
    public string? NoticeBasis { get; set; }
    public PenaltyScope? NoticedScope { get; set; }
    public DateOnly? NoticeIssuedOn { get; set; }
    public DateTimeOffset? NoticeIssuedAt { get; set; }
    /// <summary>The day the notice in force reached the party (送达); until then the defence period has not begun.</summary>
    public DateOnly? NoticeServedOn { get; set; }
    public DateOnly? DefenceDeadline { get; set; }
    public string? Rights { get; set; }
    /// <summary>The officers who issued the notice in force (null for notices issued before signatories were recorded).</summary>
    public Signatory[]? NoticeSignatories { get; set; }
    public string[] NoticeEvidenceIds { get; set; } = [];
    /// <summary>The leader's justification of a heavier renewed notice after the party defended itself (R15, APL Art. 45).</summary>
    public HeavierPenaltyJustified? HeavierPenaltyJustification { get; set; }
    /// <summary>How much evidence the case had when the party last defended itself (statement or hearing) against the notice in force:
    /// evidence added after it (E{n+1} on) is new.</summary>
    public int? EvidenceCountAtDefence { get; set; }

    /// <summary>Notices superseded by a supplementary investigation, oldest first.</summary>
    public List<SupersededNotice> SupersededNotices { get; set; } = [];

    public List<string> DefenceStatements { get; set; } = [];
    public bool DefenceWaived { get; set; }
    /// <summary>The party's written waiver: who signed it and when (null for waivers recorded before it was required).</summary>
    public string? WaiverSignedBy { get; set; }
    public DateTimeOffset? WaiverSignedAt { get; set; }
    public bool HearingRequested { get; set; }
    public DateOnly? HearingOn { get; set; }
    public string? HearingChairId { get; set; }
    /// <summary>The chair as now appointed (a granted recusal replaces him); null before the hearing is scheduled.</summary>
    public string? HearingChairName { get; set; }
    public bool HearingHeld { get; set; }
    public List<HearingNotice> HearingNotices { get; set; } = [];
    public List<HearingRecord> HearingRecords { get; set; } = [];
    /// <summary>The leader's approval of the opening, with its 立案审批表; null until approved (and on cases opened before it existed).</summary>
    public CaseFilingApproved? FilingApproval { get; set; }
    /// <summary>执法全过程记录: the recordings of the hearing (see <see cref="Supervision.Inspections.FullProcessRecording"/>).</summary>
    public List<Supervision.Inspections.ProcessRecording> Recordings { get; set; } = [];

    /// <summary>The closing as the leader approved it, with its 结案审批表 (null for cases closed otherwise).</summary>
    public SanctionCaseClosed? ClosingApproval { get; set; }
    /// <summary>询问笔录 of the investigation, as recorded.</summary>
    public List<InquiryRecorded> Inquiries { get; set; } = [];
    public string? HearingMinutes { get; set; }

    public int LegalReviews { get; set; }
    public bool? LegalReviewApproved { get; set; }
    public string? LegalOpinion { get; set; }
    public bool CollectiveDiscussionHeld { get; set; }
    /// <summary>The leaders who took part (names) and who presided (user name) in the last collective discussion.</summary>
    public string[] CollectiveParticipants { get; set; } = [];
    public string? CollectivePresidedBy { get; set; }
    public string? CollectiveConclusion { get; set; }

    public bool PenaltyImposed { get; set; }
    public string? DecisionNumber { get; set; }
    public PenaltyScope? DecidedScope { get; set; }
    public string? DecisionBasis { get; set; }
    public string[] DecisionEvidence { get; set; } = [];
    public Signatory[]? DecisionSignatories { get; set; }
    public int? CorrectionWorkingDays { get; set; }
    public string? ComplianceRequirements { get; set; }
    public DateOnly? ComplyBy { get; set; }
    public string? Remedies { get; set; }
    public string? DecisionDepartmentName { get; set; }
    public DateOnly? DecidedOn { get; set; }
    public string? NoPenaltyReason { get; set; }
    /// <summary>Art. 44: the leader's reasoned finding that no misconduct occurred (closes the case).</summary>
    public string? NoMisconductReason { get; set; }
    public string? NoMisconductFoundBy { get; set; }
    public DateOnly? DeliveryDueOn { get; set; }
    public DateOnly? PublicationDueOn { get; set; }

    public DateOnly? DeliveredOn { get; set; }
    public string? DeliveryMethod { get; set; }
    public string? ReceiptNote { get; set; }
    public bool Published { get; set; }
    public string? PublishedWhere { get; set; }
    public bool PublicationWithdrawn { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public bool DecisionOverdue { get; set; }
    public bool DeliveryOverdue { get; set; }
    public bool PublicationOverdue { get; set; }

    // R19: changed or revoked decisions, and the withdrawal of their publication
    public List<DecisionChange> DecisionChanges { get; set; } = [];
    public bool DecisionRevoked { get; set; }
    /// <summary>A changed or revoked decision is still published: it must be withdrawn by <see cref="WithdrawalDueOn"/>.</summary>
    public bool WithdrawalPending { get; set; }
    public DateOnly? WithdrawalDueOn { get; set; }
    /// <summary>The day the withdrawal period started (the change of the decision); null in cases recorded before it was kept.</summary>
    public DateOnly? WithdrawalCountedFrom { get; set; }
    public bool PublicationWithdrawalOverdue { get; set; }

    // R20: 处分建议书 and their replies
    public List<DisciplineRecommendation> DisciplineRecommendations { get; set; } = [];

    // R21: transfer of a suspected crime to public security
    public CriminalTransferStatus CriminalTransfer { get; set; }
    public string? TransferGrounds { get; set; }
    public string? TransferProposedBy { get; set; }
    public DateTimeOffset? TransferProposedAt { get; set; }
    public DateOnly? TransferDecisionDueOn { get; set; }
    public bool TransferDecisionOverdue { get; set; }
    public string? TransferDecisionReason { get; set; }
    public string? TransferDecidedBy { get; set; }
    public DateTimeOffset? TransferDecidedAt { get; set; }
    public DateTimeOffset? TransferDueAt { get; set; }
    public bool TransferLetterOverdue { get; set; }
    public string? TransferLetterNumber { get; set; }
    public string? PublicSecurityOrgan { get; set; }
    public DateOnly? TransferredOn { get; set; }

    // R2 / APL Art. 43: recusal requests of the party and the leaders' decisions
    public List<PendingRecusal> PendingRecusals { get; set; } = [];
    public List<RecusalOutcome> Recusals { get; set; } = [];
    /// <summary>Officers whose recusal was granted: they take no further step in the case.</summary>
    public List<string> RecusedOfficers { get; set; } = [];

    public bool IsArt44 => Violation == SanctionCatalogue.Art44;
    /// <summary>The party exercised its right to defend (R15): the penalty may not be raised afterwards.</summary>
    public bool PartyDefended => DefenceStatements.Count > 0 || HearingHeld;
    /// <summary>A revoked decision is not published (R19).</summary>
    public bool PublicationRequired => PenaltyImposed && SocialImpact && !DecisionRevoked;

    public static SanctionCase Create(SanctionCaseOpened e) => new()
    {
        Id = e.CaseId, Source = e.Source, PartyUnitId = e.PartyUnitId, PartyName = e.PartyName, PartyCreditCode = e.PartyCreditCode,
        DepartmentId = e.DepartmentId, JurisdictionId = e.JurisdictionId, JurisdictionPath = e.JurisdictionPath,
        Violation = e.Violation, Summary = e.Summary, Investigators = e.Investigators, ResponsiblePersons = e.ResponsiblePersons,
        ExcludedUserIds = e.Violation == SanctionCatalogue.Art44
            ? e.ResponsiblePersons.Where(p => p.UserId is not null).Select(p => p.UserId!).Distinct().ToArray()
            : [],
        DecisionDueOn = e.DecisionDueOn, OpenedBy = e.OpenedBy, OpenedAt = e.OpenedAt, Status = SanctionStatus.Investigating,
    };

    public void Apply(EvidenceAdded e) => Evidence.Add(new EvidenceItem(e.Description, e.Kind, e.AddedBy, e.AddedAt, e.EvidenceId ?? EvidenceId(Evidence.Count)));

    /// <summary>The id of the evidence added after <paramref name="count"/> others: E1, E2, …</summary>
    public static string EvidenceId(int count) => $"E{count + 1}";

    public EvidenceItem? FindEvidence(string id) => Evidence.FirstOrDefault(e => e.Id == id);

    public void Apply(HeavierPenaltyJustified e) => HeavierPenaltyJustification = e;

    public void Apply(InvestigationReported e)
    {
        Findings = e.Findings; ProposedScope = e.ProposedScope; Severity = e.Severity; SocialImpact = e.SocialImpact;
        Status = SanctionStatus.Reported;
    }

    public void Apply(PenaltyNoticeIssued e)
    {
        NoticeNumber = e.DocumentNumber; NoticeFacts = e.Facts; NoticeReasons = e.Reasons; NoticeBasis = e.Basis;
        NoticedScope = e.ProposedScope; NoticeIssuedOn = e.IssuedOn; DefenceDeadline = e.DefenceDeadline; Rights = e.Rights; NoticeServedOn = null;
        NoticeSignatories = e.Signatories; NoticeEvidenceIds = e.EvidenceIds ?? []; NoticeIssuedAt = e.IssuedAt;
        Status = SanctionStatus.Noticed;
    }

    public void Apply(SupplementaryInvestigationOpened e)
    {
        SupersededNotices.Add(new SupersededNotice(NoticeNumber!, NoticeFacts ?? "", NoticeReasons ?? "", NoticeBasis ?? "", NoticedScope ?? PenaltyScope.Unit,
            NoticeIssuedOn ?? default, DefenceDeadline ?? default, Rights ?? "", PartyDefended, Evidence.Count, e.Reason, e.OpenedBy, e.OpenedAt,
            NoticeSignatories, NoticeEvidenceIds, EvidenceCountAtDefence));
        // The new notice brings its own defence period, hearing and review; the old ones stay in the event history.
        NoticeNumber = null; NoticeFacts = null; NoticeReasons = null; NoticeBasis = null; NoticedScope = null; NoticeIssuedOn = null;
        DefenceDeadline = null; Rights = null; NoticeServedOn = null; NoticeSignatories = null; NoticeEvidenceIds = []; NoticeIssuedAt = null;
        EvidenceCountAtDefence = null; HeavierPenaltyJustification = null;
        DefenceStatements = []; DefenceWaived = false; WaiverSignedBy = null; WaiverSignedAt = null; HearingRequested = false; HearingOn = null; HearingChairId = null; HearingChairName = null; HearingHeld = false; HearingMinutes = null;
        LegalReviewApproved = null; LegalOpinion = null; CollectiveDiscussionHeld = false; CollectiveConclusion = null;
        Status = SanctionStatus.Investigating;
    }

    public void Apply(PenaltyNoticeServed e)
    {
        if (e.DocumentNumber != NoticeNumber) return; // a superseded notice's service does not start the renewed period
        NoticeServedOn = e.ReceivedOn; DefenceDeadline = e.DefenceDeadline;
    }

    public void Apply(DefenceReceived e) { DefenceStatements.Add(e.Statement); EvidenceCountAtDefence = Evidence.Count; }
    public void Apply(DefenceWaived e) { DefenceWaived = true; WaiverSignedBy = e.SignedBy; WaiverSignedAt = e.SignedAt; }
    public void Apply(HearingRequested e) => HearingRequested = true;
    public void Apply(HearingScheduled e)
    {
        HearingOn = e.HearingOn; HearingChairId = e.ChairId; HearingChairName = e.ChairName;
        if (e.DocumentNumber is not null)
            HearingNotices.Add(new HearingNotice(e.DocumentNumber, e.HearingOn, e.ChairName, e.Place ?? "", WorkingDayCalendar.BeijingToday(e.ScheduledAt), e.Signatories));
    }
    public void Apply(CaseFilingApproved e) => FilingApproval = e;
    public void Apply(SanctionRecordingAttached e) =>
        Recordings.AddRange(e.Files.Select(f => new Supervision.Inspections.ProcessRecording(e.Step, f, e.Note, e.RecordedBy, e.RecordedAt)));

    public void Apply(InquiryRecorded e)
    {
        Inquiries.Add(e);
        Evidence.Add(new EvidenceItem($"询问笔录 {e.DocumentNumber}（被询问人：{e.Person}）", "询问笔录", e.RecordedBy, e.RecordedAt, e.EvidenceId));
    }

    public void Apply(HearingHeld e)
    {
        HearingHeld = true; HearingMinutes = e.Minutes; EvidenceCountAtDefence = Evidence.Count;
        if (e.DocumentNumber is not null && HearingNotices.LastOrDefault() is { } notice)
            HearingRecords.Add(new HearingRecord(e.DocumentNumber, WorkingDayCalendar.BeijingToday(e.HeldAt), HearingChairName ?? notice.ChairName, notice.Place, e.Minutes, e.RecordedBy));
    }
    public void Apply(SanctionRecusalRequested e) => PendingRecusals.AddRange(e.Officers.Select(o =>
        new PendingRecusal(e.RequestId, o.OfficerId, o.Name, o.Role, e.RequestedBy, e.Grounds, e.ReceivedOn)));

    public void Apply(SanctionRecusalDecided e)
    {
        var pending = PendingRecusals.FirstOrDefault(p => p.OfficerId == e.OfficerId && p.RequestId == e.RequestId);
        if (pending is not null) PendingRecusals.Remove(pending);
        Recusals.Add(new RecusalOutcome(e.RequestId, e.OfficerId, pending?.Name ?? e.OfficerId, e.Role, e.Granted, e.Reason, e.Replacement, e.DecidedBy, e.DecidedAt));
        if (!e.Granted) return;
        if (!RecusedOfficers.Contains(e.OfficerId)) RecusedOfficers.Add(e.OfficerId);
        if (e.Role == RecusalRole.Investigator)
        {
            var kept = Investigators.Where(i => i.UserName != e.OfficerId).ToList();
            if (e.Replacement is { } r && kept.All(i => i.UserName != r.UserName))
                kept.Insert(Math.Max(0, Array.FindIndex(Investigators, i => i.UserName == e.OfficerId)), r);
            Investigators = kept.ToArray();
        }
        else if (HearingChairId == e.OfficerId && e.Replacement is { } chair)
        {
            HearingChairId = chair.UserName; HearingChairName = chair.DisplayName;
        }
    }

    public void Apply(LegalReviewCompleted e) { LegalReviews++; LegalReviewApproved = e.Approved; LegalOpinion = e.Opinion; }
    public void Apply(CollectiveDiscussionHeld e)
    {
        CollectiveDiscussionHeld = true; CollectiveConclusion = e.Conclusion; CollectiveParticipants = e.Participants; CollectivePresidedBy = e.PresidedBy;
    }

    public void Apply(PenaltyDecided e)
    {
        PenaltyImposed = true; DecisionNumber = e.DocumentNumber; DecidedScope = e.Scope; DecisionBasis = e.Basis;
        DecisionEvidence = e.Evidence; ComplianceRequirements = e.ComplianceRequirements; ComplyBy = e.ComplyBy; Remedies = e.Remedies;
        DecisionDepartmentName = e.DepartmentName; DecidedOn = e.DecidedOn; DeliveryDueOn = e.DeliveryDueOn; PublicationDueOn = e.PublicationDueOn;
        DecisionSignatories = e.Signatories; CorrectionWorkingDays = e.CorrectionWorkingDays;
        Status = SanctionStatus.Decided;
    }

    public void Apply(NoPenaltyDecided e)
    {
        NoPenaltyReason = e.Reason; DecidedOn = WorkingDayCalendar.BeijingToday(e.DecidedAt);
        Status = SanctionStatus.Closed; ClosedAt = e.DecidedAt;
    }

    public void Apply(NoMisconductFound e)
    {
        NoMisconductReason = e.Reason; NoMisconductFoundBy = e.FoundBy; Status = SanctionStatus.Closed; ClosedAt = e.FoundAt;
    }

    public void Apply(DecisionDelivered e)
    {
        DeliveredOn = e.DeliveredOn; DeliveryMethod = e.Method; ReceiptNote = e.ReceiptNote;
        if (e.ComplyBy is { } by) ComplyBy = by;
    }
    public void Apply(DecisionPublished e) { Published = true; PublishedWhere = e.Where; PublicationWithdrawn = false; }
    public void Apply(PublicationWithdrawn e) { Published = false; PublicationWithdrawn = true; WithdrawalPending = false; }
    public void Apply(SanctionCaseClosed e) { Status = SanctionStatus.Closed; ClosedAt = e.ClosedAt; if (e.ApprovalNumber is not null) ClosingApproval = e; }
    public void Apply(DecisionOverdue e) => DecisionOverdue = true;
    public void Apply(DeliveryOverdue e) => DeliveryOverdue = true;
    public void Apply(PublicationOverdue e) => PublicationOverdue = true;

    public void Apply(DecisionChanged e)
    {
        DecisionChanges.Add(new DecisionChange(e.Kind, e.Reason, e.ChangedBy, e.ChangedAt, e.DocumentNumber, e.Changes, e.OriginalNumber, e.ChangerName));
        if (e.Kind == DecisionChangeKind.Revoked) DecisionRevoked = true;
        if (e.WithdrawalDueOn is { } due)
        {
            WithdrawalPending = true; WithdrawalDueOn = due; PublicationWithdrawalOverdue = false;
            WithdrawalCountedFrom = WorkingDayCalendar.BeijingToday(e.ChangedAt);
        }
    }

    /// <summary>A clock counted again with a newly published calendar (the board's clock names).</summary>
    public void Apply(SanctionClockRecounted e)
    {
        RecountedClocks.Add(e.Key);
        switch (e.Clock)
        {
            case Dashboards.DeadlineClocks.Decision: DecisionDueOn = e.DueOn; break;
            case Dashboards.DeadlineClocks.DefencePeriod: DefenceDeadline = e.DueOn; break;
            case Dashboards.DeadlineClocks.Delivery: DeliveryDueOn = e.DueOn; break;
            case Dashboards.DeadlineClocks.Publication: PublicationDueOn = e.DueOn; break;
            case Dashboards.DeadlineClocks.PublicationWithdrawal: WithdrawalDueOn = e.DueOn; break;
            case Dashboards.DeadlineClocks.TransferDecision: TransferDecisionDueOn = e.DueOn; break;
            case Dashboards.DeadlineClocks.DisciplineReply when e.ItemId is { } id: Update(id, r => r with { ReplyDueOn = e.DueOn }); break;
        }
    }

    public void Apply(PublicationWithdrawalOverdue e) => PublicationWithdrawalOverdue = true;

    public DisciplineRecommendation? Recommendation(Guid id) => DisciplineRecommendations.FirstOrDefault(r => r.Id == id);

    public void Apply(DisciplineRecommended e) => DisciplineRecommendations.Add(new DisciplineRecommendation(
        e.RecommendationId, e.DocumentNumber, e.PersonName, e.Position, e.Recipient, e.Recommendation, e.IssuedOn, e.ReplyDueOn,
        DisciplineReplyStatus.Awaiting, false, null, null, e.RecommendedBy, e.RecommendedAt, e.ReplyStatutoryOn, e.ReceiverId, e.ReferralId));

    public void Apply(DisciplineReplyReceived e) => Update(e.RecommendationId,
        r => r with { Status = DisciplineReplyStatus.Replied, Reply = e.Reply, ReplyReceivedOn = e.ReceivedOn });

    public void Apply(DisciplineReplyOverdue e) => Update(e.RecommendationId,
        r => r with { Status = r.Status == DisciplineReplyStatus.Replied ? r.Status : DisciplineReplyStatus.Overdue, Overdue = true });

    private void Update(Guid recommendationId, Func<DisciplineRecommendation, DisciplineRecommendation> change)
    {
        var i = DisciplineRecommendations.FindIndex(r => r.Id == recommendationId);
        if (i >= 0) DisciplineRecommendations[i] = change(DisciplineRecommendations[i]);
    }

    public void Apply(CriminalTransferProposed e)
    {
        CriminalTransfer = CriminalTransferStatus.Proposed; TransferGrounds = e.Grounds; TransferProposedBy = e.ProposedBy;
        TransferProposedAt = e.ProposedAt; TransferDecisionDueOn = e.DecisionDueOn; TransferDecisionOverdue = false;
        TransferDecisionReason = null; TransferDecidedBy = null; TransferDecidedAt = null;
    }

    public void Apply(CriminalTransferDecided e)
    {
        CriminalTransfer = e.Approved ? CriminalTransferStatus.Approved : CriminalTransferStatus.Rejected;
        TransferDecisionReason = e.Reason; TransferDecidedBy = e.DecidedBy; TransferDecidedAt = e.DecidedAt; TransferDueAt = e.TransferDueAt;
    }

    public void Apply(CriminalCaseTransferred e)
    {
        CriminalTransfer = CriminalTransferStatus.Transferred; TransferLetterNumber = e.DocumentNumber;
        PublicSecurityOrgan = e.PublicSecurityOrgan; TransferredOn = e.TransferredOn;
    }

    public void Apply(TransferDecisionOverdue e) => TransferDecisionOverdue = true;
    public void Apply(TransferLetterOverdue e) => TransferLetterOverdue = true;
}
