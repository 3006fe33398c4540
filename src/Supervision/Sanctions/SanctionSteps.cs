using System.Linq.Expressions;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Shared;
using Supervision.Units;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Sanctions;

// ---- Commands (each carries "version" = the stream version the user saw, except opening) ----
/// <summary>案件来源：检查、投诉举报、移送或直接立案 / Where a sanction case comes from.</summary>
public sealed record SanctionSourceInput(string? Kind, Guid? Id);
/// <summary>直接负责的主管人员或其他直接责任人员 / A person directly responsible.</summary>
public sealed record ResponsiblePersonInput(string? Name, string? UserId);
/// <summary>立案（行政处罚案件） / Open a sanction case.</summary>
public sealed record OpenSanctionCase(SanctionSourceInput? Source, Guid? PartyUnitId, string? Violation, string? Summary,
    string[]? InvestigatorIds, ResponsiblePersonInput[]? ResponsiblePersons);
/// <summary>收集证据（行政处罚案件） / Add a piece of evidence to a sanction case.</summary>
/// <param name="EvidenceFiles">SHA-256 of stored files of this evidence (photos, scans, recordings) uploaded by the case's team (issue 16).</param>
public sealed record AddEvidence([property: JsonPropertyName("version")] long? ExpectedVersion, string? Description, string? Kind, string[]? EvidenceFiles = null);
/// <summary>提交调查终结报告 / Submit the investigation report.</summary>
public sealed record ReportInvestigation([property: JsonPropertyName("version")] long? ExpectedVersion, string? Findings, string? ProposedScope, string? Severity, bool? SocialImpact);
/// <summary>制作行政处罚事先告知书 / Issue the advance notice of a penalty.</summary>
/// <param name="SignatoryIds">The certified officers of the case who issue and sign the notice: the actor and at least one more (R1).</param>
/// <param name="EvidenceIds">The evidence (E1, E2, …) the facts rest on, at least one.</param>
public sealed record IssuePenaltyNotice([property: JsonPropertyName("version")] long? ExpectedVersion, string? Facts, string? Reasons, string? Basis,
    string[]? SignatoryIds = null, string[]? EvidenceIds = null);
/// <summary>R15 / APL Art. 45 (leader): why the new evidence, not the party's defence, justifies the heavier renewed notice.</summary>
public sealed record JustifyHeavierPenalty([property: JsonPropertyName("version")] long? ExpectedVersion, string[]? EvidenceIds, string? Reason);
/// <summary>补充调查 (leader): supersedes the notice in force; a new report and a new notice follow.</summary>
public sealed record OpenSupplementaryInvestigation([property: JsonPropertyName("version")] long? ExpectedVersion, string? Reason);
/// <summary>记录陈述申辩 / Record the party's statement and defence.</summary>
public sealed record RecordDefence([property: JsonPropertyName("version")] long? ExpectedVersion, string? Statement);
/// <summary>
/// The party's written waiver of its rights to state, defend and request a hearing (APL Art. 44–45, 63–64): who signed it for
/// the party, when, and how it was received (in_person | post | electronic | fax); optionally its text.
/// </summary>
public sealed record WaiveDefence([property: JsonPropertyName("version")] long? ExpectedVersion, string? SignedBy = null, DateTimeOffset? SignedAt = null,
    string? ReceivedVia = null, string? Statement = null);
/// <summary>当事人要求听证 / The party requests a hearing.</summary>
public sealed record RequestHearing([property: JsonPropertyName("version")] long? ExpectedVersion);
/// <summary>安排听证（时间、地点、主持人） / Schedule a hearing.</summary>
public sealed record ScheduleHearing([property: JsonPropertyName("version")] long? ExpectedVersion, DateOnly? HearingOn, string? ChairId, string? Place = null,
    string[]? SignatoryIds = null);
/// <summary>领导审批立案（立案审批表） / The leader approves the filing of a sanction case (立案审批表).</summary>
/// <param name="Opinion">The approving leader's opinion printed on the 立案审批表 (default 同意立案).</param>
public sealed record ApproveCaseFiling([property: JsonPropertyName("version")] long? ExpectedVersion, string? Opinion = null);

/// <summary>An inquiry (询问) recorded during the investigation; see <see cref="InquiryRecorded"/>.</summary>
public sealed record RecordInquiry([property: JsonPropertyName("version")] long? ExpectedVersion, string? Person, string? Position, string? IdDocument,
    string? Place, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string[]? InvestigatorIds, bool? RightsExplained, InquiryQuestion[]? Answers);
/// <summary>询问笔录中的一问一答 / One question and answer of an inquiry record.</summary>
public sealed record InquiryQuestion(string? Question, string? Answer);
/// <summary>记录听证 / Record a hearing.</summary>
/// <param name="EvidenceFiles">SHA-256 of stored files of the hearing (the signed minutes' scan), uploaded by the chair or the team (issue 16).</param>
public sealed record RecordHearing([property: JsonPropertyName("version")] long? ExpectedVersion, string? Minutes, string[]? EvidenceFiles = null);
/// <summary>法制审核完成 / Complete the legal review of a proposed decision.</summary>
public sealed record CompleteLegalReview([property: JsonPropertyName("version")] long? ExpectedVersion, string? Opinion, bool? Approved);
/// <summary>记录集体讨论 / Record the leaders' collective discussion.</summary>
/// <param name="Participants">User names of the department's leaders who took part (at least two).</param>
/// <param name="PresidedBy">The user name of the leader who presided, one of the participants.</param>
public sealed record RecordCollectiveDiscussion([property: JsonPropertyName("version")] long? ExpectedVersion, string[]? Participants, string? Conclusion,
    string? PresidedBy = null);
/// <summary>作出行政处罚决定（通报批评） / Decide a penalty (通报批评).</summary>
/// <param name="CorrectionWorkingDays">The order to correct: within this many working days of receiving the decision (APL Art. 28, 59).</param>
/// <param name="EvidenceIds">The evidence the decision rests on (E1, E2, …), at least one, printed by kind and description (Art. 59).</param>
/// <param name="SignatoryIds">The two (or more) certified officers of the case who sign the decision with the deciding leader (R1).</param>
public sealed record DecidePenalty([property: JsonPropertyName("version")] long? ExpectedVersion, string? Scope, string? ComplianceRequirements,
    int? CorrectionWorkingDays, string[]? EvidenceIds = null, string[]? SignatoryIds = null);
/// <summary>作出不予行政处罚决定 / Decide not to impose a penalty.</summary>
public sealed record DecideNoPenalty([property: JsonPropertyName("version")] long? ExpectedVersion, string? Reason);
/// <summary>送达处罚决定书（旧步骤） / Record the delivery of the decision (older step).</summary>
public sealed record DeliverDecision([property: JsonPropertyName("version")] long? ExpectedVersion, DateOnly? DeliveredOn, string? Method, string? ReceiptNote);
/// <summary>公开处罚决定 / Publish a penalty decision.</summary>
public sealed record PublishDecision([property: JsonPropertyName("version")] long? ExpectedVersion, string? Where);
/// <summary>撤回公开的处罚决定 / Withdraw a published decision.</summary>
public sealed record WithdrawPublication([property: JsonPropertyName("version")] long? ExpectedVersion, string? Reason);
/// <summary>结案（结案审批） / Close a sanction case (closing approval).</summary>
/// <param name="Opinion">The approving leader's opinion printed on the 结案审批表 (default 同意结案).</param>
public sealed record CloseSanctionCase([property: JsonPropertyName("version")] long? ExpectedVersion, string? Opinion = null);
/// <summary>R19: kind = changed | revoked; <c>changes</c>: the decision as changed (required for a change), printed on the 变更行政处罚决定书.</summary>
public sealed record ChangeDecision([property: JsonPropertyName("version")] long? ExpectedVersion, string? Kind, string? Reason, string? Changes = null);
/// <summary>
/// R20: <c>recipient</c> = the person's unit or appointing body; <c>replyDueOn</c> defaults to 30 days. In an Art. 44 case
/// <c>receiverId</c> names the body with disciplinary authority (a 纪委监委 of the referral register) instead of <c>recipient</c>,
/// and the recommendation is sent to it as a referral.
/// </summary>
public sealed record RecommendDiscipline([property: JsonPropertyName("version")] long? ExpectedVersion, string? PersonName, string? Position,
    string? Recipient, string? Recommendation, DateOnly? ReplyDueOn, string? ReceiverId = null);
/// <summary>Art. 44 (a leader of the handling department): the reasoned finding that the named staff committed no misconduct.</summary>
public sealed record FindNoMisconduct([property: JsonPropertyName("version")] long? ExpectedVersion, string? Reason);
/// <summary>记录处分建议的回复 / Record the reply to a discipline recommendation.</summary>
public sealed record ReceiveDisciplineReply([property: JsonPropertyName("version")] long? ExpectedVersion, string? Reply, DateOnly? ReceivedOn);
/// <summary>提出移送司法机关建议 / Propose a transfer to the criminal justice authorities.</summary>
public sealed record ProposeCriminalTransfer([property: JsonPropertyName("version")] long? ExpectedVersion, string? Grounds);
/// <summary>决定是否移送司法机关 / Decide on a transfer to the criminal justice authorities.</summary>
public sealed record DecideCriminalTransfer([property: JsonPropertyName("version")] long? ExpectedVersion, bool? Approved, string? Reason);
/// <summary>移送司法机关 / Transfer to the criminal justice authorities.</summary>
public sealed record TransferCriminalCase([property: JsonPropertyName("version")] long? ExpectedVersion, string? PublicSecurityOrgan);

/// <summary>
/// R2 / APL Art. 43: the party's request that officers withdraw, recorded by an investigator of the case. <c>officerIds</c>:
/// investigators of the case or the hearing chair; <c>receivedVia</c>: in_person | post | electronic | fax | oral.
/// </summary>
public sealed record RequestSanctionRecusal([property: JsonPropertyName("version")] long? ExpectedVersion, string[]? OfficerIds, string? RequestedBy,
    string? Grounds, string? ReceivedVia, DateOnly? ReceivedOn);
/// <summary>R2 / APL Art. 43 (a leader of the handling department): grant with a replacement, or refuse with reasons.</summary>
public sealed record DecideSanctionRecusal([property: JsonPropertyName("version")] long? ExpectedVersion, string? OfficerId, bool? Granted,
    string? Reason, string? ReplacementId);

/// <summary>行政处罚案件已立案 / A sanction case was opened.</summary>
public sealed record SanctionCaseCreated(Guid Id, long Version);
/// <summary>行政处罚案件已更新：新的版本 / A sanction case was updated: its new version.</summary>
public sealed record SanctionCaseUpdated(Guid Id, long Version);
/// <summary>行政处罚文书已制作：文号 / A sanction document was issued: its number.</summary>
public sealed record SanctionDocumentIssued(Guid Id, long Version, string DocumentNumber);
/// <summary>处分建议书已制作：文号 / A discipline recommendation was issued: its number.</summary>
public sealed record DisciplineRecommendationIssued(Guid Id, long Version, Guid RecommendationId, string DocumentNumber, Guid? ReferralId = null);

/// <summary>The source snapshot a case is opened from, reduced to what the decider needs.</summary>
/// <param name="ReferredToActor">For a referral: the actor's department is its receiver (the sender's path is not the actor's).</param>
public sealed record SourceCase(Guid Id, string JurisdictionPath, Guid? UnitId, bool ReferredToActor = false)
{
    /// <summary>A referral is a source for the department it was referred to (ReferralAccess.IsReceiver), never for the sender.</summary>
    public static SourceCase Of(Referral r, Actor actor) => new(r.Id, r.SenderJurisdictionPath, null, ReferralAccess.IsReceiver(r, actor));
}

/// <summary>The steps of a sanction case: pure deciders (state, command, actor, time → events or RuleViolation) and their endpoints.</summary>
public static class SanctionSteps
{
    public const int MaxInvestigators = 10;
    public const int MaxResponsiblePersons = 20;
    public const int DecisionDays = 90;             // R19, APL Art. 60 (calendar days)
    public const int DefenceWorkingDays = 5;        // R16, APL Art. 63; Art. 85: working days
    public const int HearingNoticeWorkingDays = 7;  // R16, APL Art. 64; Art. 85: working days
    /// <summary>Where a hearing is held unless the schedule names a place.</summary>
    public const string DefaultHearingPlace = "本机关听证室";
    public const int DeliveryWorkingDays = 7;       // R19, APL Art. 61; Art. 85: working days
    public const int PublicationWorkingDays = 7;    // R19, APL Art. 48
    public const int WithdrawalWorkingDays = 3;     // R19; Art. 85: a period of 3 days counts working days
    public const int DisciplineReplyDays = 30;      // R20: default reply period (calendar days; not one of Art. 85's periods)
    public const int MaxDisciplineRecommendations = 50;
    public const int TransferDecisionWorkingDays = 3; // R21 (移送规定 Art. 5): 3 days, counted as working days like Art. 85
    public static readonly TimeSpan TransferLetterPeriod = TimeSpan.FromHours(24); // R21 (Art. 8): 24 hours, not days

    public const string Remedies = "如不服本决定，可以自收到本决定书之日起六十日内申请行政复议或者六个月内提起行政诉讼。";
    public const int MaxCorrectionWorkingDays = 250; // about a year

    /// <summary>
    /// The remedies of a decision by <paramref name="department"/> (APL Art. 59 item 5): the time limits, the reconsideration organ
    /// (行政复议法 2023 Art. 24: the people's government at the same level; a prefecture's 行政公署 acts as one) and the court.
    /// </summary>
    public static string RemediesOf(Jurisdiction department) =>
        Remedies + $"行政复议机关为{ReconsiderationOrgan(department)}（《中华人民共和国行政复议法》第二十四条）；" +
        "提起行政诉讼的，由本机关所在地的人民法院管辖，经行政复议的，也可以由复议机关所在地的人民法院管辖（《中华人民共和国行政诉讼法》第十八条）。";

    /// <summary>The people's government at the same level as the department (乌鲁木齐市档案局 → 乌鲁木齐市人民政府; 喀什地区 → 喀什地区行政公署).</summary>
    public static string ReconsiderationOrgan(Jurisdiction department)
    {
        var area = department.DepartmentName.EndsWith("档案局", StringComparison.Ordinal) ? department.DepartmentName[..^3] : department.Name;
        return area.EndsWith("地区", StringComparison.Ordinal) ? area + "行政公署" : area + "人民政府";
    }
    public const string RemediesShort = "自收到本决定书之日起六十日内申请行政复议或者六个月内提起行政诉讼";
    public const string RightsText =
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条的规定，你（单位）享有陈述、申辩的权利，" +
        "并有权要求举行听证。如需陈述、申辩或者要求听证，应当自收到本告知书之日起五个工作日内向本机关提出；逾期未提出的，视为放弃上述权利。" +
        "本机关不因你（单位）陈述、申辩而给予更重的处罚。";

    private static readonly string[] Openers = [Roles.CaseOfficer, Roles.Leader];
    private static readonly string[] Team = [Roles.CaseOfficer, Roles.Inspector, Roles.Leader];

    // ------------------------------------------------------------------ visibility (R3, R22)

    /// <summary>Outside the jurisdiction, or named in an Art. 44 case: the case does not exist for the actor (404).</summary>
    public static bool MaySee(SanctionCase c, Actor actor) => actor.Covers(c.JurisdictionPath) && !c.ExcludedUserIds.Contains(actor.UserName);

    /// <summary><see cref="MaySee"/> as a query filter, for lists counted in SQL (the unit profile).</summary>
    public static Expression<Func<SanctionCase, bool>> SeenBy(Actor actor)
    {
        if (actor.JurisdictionPath.Length == 0) return _ => false;
        var (path, me) = (actor.JurisdictionPath, actor.UserName);
        return c => c.JurisdictionPath.StartsWith(path) && !c.ExcludedUserIds.Contains(me);
    }

    internal static void CheckCanAct(SanctionCase c, Actor actor, params string[] roles)
    {
        if (!MaySee(c, actor)) throw RuleViolation.NotFound("sanction case");
        Guard.CanAct(actor, c.JurisdictionPath, roles);
        CheckNotRecused(c, actor);
    }

    /// <summary>R2 / APL Art. 43: an officer whose recusal was granted takes no further part in the case, in any role.</summary>
    private static void CheckNotRecused(SanctionCase c, Actor actor)
    {
        if (c.RecusedOfficers.Contains(actor.UserName))
            throw new RuleViolation(Problems.Of(403, "investigator_recused", "您已被决定回避，不能再参与本案", "Your recusal from this case was granted (R2, APL Art. 43)"));
    }

    /// <summary>
    /// APL Art. 43: the investigation goes on while a recusal request is undecided, but nothing is decided on the case until the
    /// leader has decided who may take part (the reading that protects the party).
    /// </summary>
    private static void CheckNoPendingRecusal(SanctionCase c)
    {
        if (c.PendingRecusals.Count > 0)
            throw RuleViolation.Refused("recusal_pending", $"当事人对{string.Join("、", c.PendingRecusals.Select(p => p.Name).Distinct())}的回避申请尚待负责人决定",
                "A recusal request of the party awaits the leader's decision (R2, APL Art. 43)");
    }

    private static void CheckTeam(SanctionCase c, Actor actor, long? expectedVersion)
    {
        CheckCanAct(c, actor, Team);
        Guard.OnTeam(actor, c.Investigators);
        Guard.Version(expectedVersion, c.Version);
        CheckNotClosed(c);
    }

    /// <summary>A team step that issues a document the actor signs (R1): only a certified officer of the case, checked before the version.</summary>
    private static void CheckSigner(SanctionCase c, Actor actor, long? expectedVersion)
    {
        CheckCanAct(c, actor, Team);
        Guard.OnTeam(actor, c.Investigators);
        Signatories(c, actor, null, actorSigns: true, checkIds: false);
        Guard.Version(expectedVersion, c.Version);
        CheckNotClosed(c);
    }

    internal static void CheckNotClosed(SanctionCase c)
    {
        if (c.Status == SanctionStatus.Closed) throw RuleViolation.Refused("case_closed", "案件已结案", "The case is closed");
    }

    /// <summary>
    /// R1: a document prints as signatories exactly the officers recorded as acting in the event that issues it: officers of
    /// the case's team (certified when named), at least two. When <paramref name="actorSigns"/> the actor is one of them, so a
    /// user who may not sign (a leader without a 执法证) cannot issue it. Call with null ids first to check only the actor.
    /// </summary>
    public static Signatory[] Signatories(SanctionCase c, Actor actor, string[]? ids, bool actorSigns, bool checkIds = true)
    {
        if (actorSigns && c.Investigators.All(i => i.UserName != actor.UserName))
            throw RuleViolation.Forbidden("本文书须由本案持有执法证的执法人员制作并签名", "Only a certified officer of the case may issue and sign this document (R1)");
        if (!checkIds) return [];
        var chosen = (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct().Take(MaxInvestigators + 1).ToArray();
        if (chosen.Length < 2)
            throw RuleViolation.Invalid("two_signatories_required", "须由两名以上执法人员签名", "At least two certified officers sign (signatoryIds, R1)", "signatoryIds");
        var signatories = new List<Signatory>();
        foreach (var id in chosen)
            signatories.Add(c.RecusedOfficers.Contains(id)
                ? throw RuleViolation.Refused("investigator_recused", $"“{Truncate(id)}”已被决定回避，不能签署本案文书", $"'{Truncate(id)}' was recused from this case (R2)", "signatoryIds")
                : c.Investigators.FirstOrDefault(i => i.UserName == id)
                ?? throw RuleViolation.Refused("signatory_not_on_team", $"“{Truncate(id)}”不是本案持有执法证的执法人员", $"'{Truncate(id)}' is not a certified officer of this case (R1)", "signatoryIds"));
        if (actorSigns && !chosen.Contains(actor.UserName))
            throw RuleViolation.Refused("actor_must_sign", "制作文书的执法人员须为签名人之一", "The officer who issues the document is one of its signatories", "signatoryIds");
        return signatories.ToArray();
    }

    /// <summary>The cited evidence (E1, E2, …) of the case, at least one.</summary>
    public static EvidenceItem[] CitedEvidence(SanctionCase c, string[]? ids)
    {
        var chosen = (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct().Take(1001).ToArray();
        if (chosen.Length == 0)
            throw RuleViolation.Invalid("evidence_required", "须列明据以认定事实的证据（至少一项）", "Cite at least one piece of evidence (evidenceIds)", "evidenceIds");
        return chosen.Select(id => c.FindEvidence(id)
            ?? throw RuleViolation.Invalid("unknown_evidence", $"本案没有编号为“{Truncate(id)}”的证据", $"The case has no evidence '{Truncate(id)}'", "evidenceIds")).ToArray();
    }

    private static void CheckUndecided(SanctionCase c)
    {
        if (c.Status == SanctionStatus.Decided) throw RuleViolation.Refused("already_decided", "已作出处罚决定", "The penalty has already been decided");
    }

    /// <summary>A leader's step on a noticed case not yet decided (collective discussion, supplementary investigation).</summary>
    private static void CheckLeaderBetweenNoticeAndDecision(SanctionCase c, Actor actor, long? expectedVersion)
    {
        CheckCanAct(c, actor, Roles.Leader);
        Guard.Version(expectedVersion, c.Version);
        CheckNotClosed(c);
        CheckUndecided(c);
        RequireNotice(c);
    }

    private static void RequireNotice(SanctionCase c)
    {
        if (c.NoticeNumber is null)
            throw RuleViolation.Refused("notice_required", "尚未送达行政处罚事先告知书", "No notice of the intended penalty has been issued yet (R15)");
    }

    private static void RequireDecision(SanctionCase c)
    {
        if (c.Status != SanctionStatus.Decided || !c.PenaltyImposed)
            throw RuleViolation.Refused("decision_required", "尚未作出行政处罚决定", "No penalty decision has been made yet");
    }

    /// <summary>End of the defence period (R15/R16): the end of the deadline day, Beijing time.</summary>
    /// <summary>
    /// The end of the period to state, defend and request a hearing: 5 working days from the notice's receipt. Before the
    /// notice is served the period has not begun, so it cannot be over.
    /// </summary>
    public static DateTimeOffset DefenceEndsAt(SanctionCase c) =>
        c.NoticeServedOn is null ? DateTimeOffset.MaxValue : WorkingDayCalendar.EndOfDayBeijing(c.DefenceDeadline!.Value);

    /// <summary>The notice was served on <paramref name="receivedOn"/>: the defence period runs from that day (APL Art. 44, 63–64).</summary>
    /// <summary>
    /// The 行政处罚决定书 served through the documents' service record (送达 with its method, recipient and proof): the case
    /// records the delivery as its own step would, and the order to correct runs from the date of receipt.
    /// </summary>
    public static DecisionDelivered DecisionServed(SanctionCase c, DateOnly receivedOn, string method, string proof, WorkingDayCalendar calendar,
        string recordedBy, DateTimeOffset now)
    {
        var complyBy = c.CorrectionWorkingDays is { } days ? calendar.AddWorkingDays(receivedOn, days) : (WorkingDayResult?)null;
        return new DecisionDelivered(c.Id, receivedOn, method, proof, recordedBy, now, complyBy?.Date, complyBy?.Provisional ?? false);
    }

    public static PenaltyNoticeServed NoticeServed(SanctionCase c, string number, DateOnly receivedOn, WorkingDayCalendar calendar, string recordedBy, DateTimeOffset now)
    {
        var deadline = calendar.AddWorkingDays(receivedOn, DefenceWorkingDays);
        return new PenaltyNoticeServed(c.Id, number, receivedOn, deadline.Date, deadline.Provisional, recordedBy, now);
    }

    // ------------------------------------------------------------------ parsing

    public static PenaltyScope ParseScope(string? value, string field) => value switch
    {
        "unit" => PenaltyScope.Unit,
        "jurisdiction" => PenaltyScope.Jurisdiction,
        "public" => PenaltyScope.Public,
        null or "" => throw RuleViolation.Invalid("field_required", "通报范围不能为空", $"{field} is required (unit|jurisdiction|public)", field),
        _ => throw RuleViolation.Invalid("invalid_scope", "通报范围须为 unit（本单位）、jurisdiction（本辖区）或 public（向社会公开）", $"{field} must be unit, jurisdiction or public", field),
    };

    public static CaseSeverity ParseSeverity(string? value) => value switch
    {
        "ordinary" => CaseSeverity.Ordinary,
        "major" => CaseSeverity.Major,
        "complex" => CaseSeverity.Complex,
        null or "" => throw RuleViolation.Invalid("field_required", "案件情节不能为空", "severity is required (ordinary|major|complex)", "severity"),
        _ => throw RuleViolation.Invalid("invalid_severity", "案件情节须为 ordinary、major 或 complex", "severity must be ordinary, major or complex", "severity"),
    };

    public static SanctionSourceKind ParseSourceKind(string? value) => value switch
    {
        "inspection" => SanctionSourceKind.Inspection,
        "rectification" => SanctionSourceKind.Rectification,
        "complaint" => SanctionSourceKind.Complaint,
        "referral" => SanctionSourceKind.Referral,
        "direct" => SanctionSourceKind.Direct,
        null or "" => throw RuleViolation.Invalid("field_required", "案件来源不能为空", "source.kind is required", "source.kind"),
        _ => throw RuleViolation.Invalid("invalid_source_kind", "案件来源须为 inspection、rectification、complaint、referral 或 direct", "source.kind must be inspection, rectification, complaint, referral or direct", "source.kind"),
    };

    public static bool SourceMustExist(SanctionSourceKind kind) =>
        kind is SanctionSourceKind.Inspection or SanctionSourceKind.Rectification or SanctionSourceKind.Complaint or SanctionSourceKind.Referral;

    public static DecisionChangeKind ParseChangeKind(string? value) => value switch
    {
        "changed" => DecisionChangeKind.Changed,
        "revoked" => DecisionChangeKind.Revoked,
        null or "" => throw RuleViolation.Invalid("field_required", "变更类型不能为空", "kind is required (changed|revoked)", "kind"),
        _ => throw RuleViolation.Invalid("invalid_change_kind", "变更类型须为 changed（变更）或 revoked（撤销）", "kind must be changed or revoked", "kind"),
    };

    private static string? Optional(string? value, string field, string zh, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Guard.Required(value, field, zh, maxLength);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    // ------------------------------------------------------------------ 1. open (立案)

    /// <param name="staff">The AppUser records of the named investigators and responsible persons (those found).</param>
    public static SanctionCaseOpened Decide(OpenSanctionCase c, Actor actor, SupervisedUnit? unit, SourceCase? source,
        IReadOnlyCollection<AppUser> staff, Guid newId, DateTimeOffset now, WorkingDayCalendar? calendar = null)
    {
        var violation = SanctionCatalogue.Find(c.Violation)
            ?? throw RuleViolation.Invalid(string.IsNullOrEmpty(c.Violation) ? "field_required" : "unknown_violation",
                "违法行为须为第四十三条所列事项（Art43.1–Art43.6）或第四十四条（Art44）", "violation must be Art43.1..Art43.6 or Art44", "violation");
        var art44 = violation.Code == SanctionCatalogue.Art44;
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId)
            ?? throw RuleViolation.Forbidden("用户未关联档案主管部门", "User has no department");

        // The party: a registered unit; for Art. 44 it may be the department itself.
        if (c.PartyUnitId is null && !art44)
            throw RuleViolation.Invalid("field_required", "当事单位不能为空", "partyUnitId is required", "partyUnitId");
        if (c.PartyUnitId is not null && (unit is null || !actor.Covers(unit.JurisdictionPath)))
            throw RuleViolation.Invalid("unknown_unit", "当事单位不存在或不在本辖区", "Unknown unit, or outside your jurisdiction", "partyUnitId");
        var path = unit?.JurisdictionPath ?? actor.JurisdictionPath;
        var jurisdictionId = unit?.JurisdictionId ?? actor.JurisdictionId;
        Guard.CanAct(actor, path, Openers);

        var kind = ParseSourceKind(c.Source?.Kind);
        if (SourceMustExist(kind))
        {
            if (c.Source!.Id is null) throw RuleViolation.Invalid("field_required", "案件来源编号不能为空", "source.id is required", "source.id");
            if (kind == SanctionSourceKind.Referral)
            {
                // A referral opens a case only in the department it was referred to (R23), not in the sender's.
                if (source is null || source.Id != c.Source.Id || !source.ReferredToActor)
                    throw RuleViolation.Invalid("unknown_source", "移送案件不存在或不是移送给本部门的", "Unknown referral, or not referred to your department", "source.id");
            }
            else if (source is null || source.Id != c.Source.Id || !actor.Covers(source.JurisdictionPath))
                throw RuleViolation.Invalid("unknown_source", "案件来源不存在或不在本辖区", "Unknown source case, or outside your jurisdiction", "source.id");
            if (source.UnitId is { } sourceUnit && c.PartyUnitId is { } party && sourceUnit != party)
                throw RuleViolation.Invalid("source_unit_mismatch", "当事单位与案件来源涉及的单位不一致", "partyUnitId is not the unit of the source case", "partyUnitId");
        }

        var summary = Guard.Required(c.Summary, "summary", "案情摘要", 4000);

        // Responsible persons (直接责任人员). For Art. 44: the department's own staff, named by user id (R22).
        var persons = new List<ResponsiblePerson>();
        foreach (var p in (c.ResponsiblePersons ?? []).Take(MaxResponsiblePersons + 1))
        {
            if (persons.Count == MaxResponsiblePersons)
                throw RuleViolation.Invalid("too_many_responsible_persons", $"责任人员最多 {MaxResponsiblePersons} 名", $"At most {MaxResponsiblePersons} responsible persons", "responsiblePersons");
            var userId = string.IsNullOrWhiteSpace(p?.UserId) ? null : p.UserId.Trim();
            AppUser? user = null;
            if (userId is not null)
            {
                user = staff.FirstOrDefault(s => s.Id == userId);
                if (user is null || !actor.Covers(user.JurisdictionPath))
                    throw RuleViolation.Invalid("unknown_staff", $"“{Truncate(userId)}”不是本部门工作人员", $"'{Truncate(userId)}' is not a member of the department's staff", "responsiblePersons");
            }
            else if (art44)
                throw RuleViolation.Invalid("responsible_user_required", "第四十四条案件须以用户名列明本部门的责任人员", "Art44 cases name the responsible staff by userId", "responsiblePersons");
            var name = string.IsNullOrWhiteSpace(p?.Name) ? user?.DisplayName : p.Name.Trim();
            if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
                throw RuleViolation.Invalid("field_required", "责任人员姓名不能为空（最多 100 字）", "responsiblePersons[].name is required (max 100 characters)", "responsiblePersons");
            persons.Add(new ResponsiblePerson(name, userId));
        }
        if (art44 && persons.Count == 0)
            throw RuleViolation.Invalid("responsible_persons_required", "第四十四条案件须列明直接负责的主管人员或其他直接责任人员", "Art44 cases name at least one responsible person", "responsiblePersons");
        var excluded = art44 ? persons.Select(p => p.UserId!).ToHashSet() : [];
        if (excluded.Contains(actor.UserName))
            throw RuleViolation.Forbidden("您是本案的责任人员，不能办理本案", "You are named in this case and may not act on it (R22)");

        // R1: at least two certified enforcement officers of the jurisdiction investigate.
        var ids = (c.InvestigatorIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().ToArray();
        if (ids.Length < 2)
            throw RuleViolation.Refused("two_investigators_required", "案件须由两名以上持证执法人员调查", "At least two certified enforcement officers investigate (R1)", "investigatorIds");
        if (ids.Length > MaxInvestigators)
            throw RuleViolation.Invalid("too_many_investigators", $"调查人员最多 {MaxInvestigators} 名", $"At most {MaxInvestigators} investigators", "investigatorIds");
        var investigators = new List<Signatory>();
        foreach (var id in ids)
        {
            var u = staff.FirstOrDefault(x => x.Id == id);
            if (u is null || u.Role is not (Roles.CaseOfficer or Roles.Inspector) || string.IsNullOrWhiteSpace(u.CertificateNumber))
                throw RuleViolation.Refused("investigator_not_certified", $"“{Truncate(id)}”不是持有执法证的执法人员", $"'{Truncate(id)}' is not a certified enforcement officer (R1)", "investigatorIds");
            if (!JurisdictionPaths.Covers(u.JurisdictionPath, path))
                throw RuleViolation.Refused("investigator_outside_jurisdiction", $"执法人员“{u.DisplayName}”对该案无管辖权", $"Officer {u.Id} has no jurisdiction over this case (R3)", "investigatorIds");
            if (unit?.HasConflict(u.Id) == true)
                throw RuleViolation.Refused("investigator_recused", $"执法人员“{u.DisplayName}”与当事单位存在利害关系，应当回避", $"Officer {u.Id} has a recorded conflict of interest with the party (R2)", "investigatorIds");
            if (excluded.Contains(u.Id))
                throw RuleViolation.Refused("investigator_is_responsible", $"执法人员“{u.DisplayName}”是本案责任人员，不能调查本案", $"Officer {u.Id} is named as responsible in this case (R22)", "investigatorIds");
            investigators.Add(new Signatory(u.Id, u.DisplayName, u.CertificateNumber!));
        }

        var partyName = unit?.Name ?? department.DepartmentName;
        var today = WorkingDayCalendar.BeijingToday(now);
        return new SanctionCaseOpened(newId, new SanctionSource(kind, c.Source?.Id), unit?.Id, partyName, unit?.CreditCode,
            department.Id, jurisdictionId, path, violation.Code, summary, investigators.ToArray(), persons.ToArray(),
            // 90 calendar days; ending on a public holiday or rest day, the period ends on the next working day (Civil Code Art. 203).
            (calendar ?? WorkingDayCalendar.LoadDefault()).CalendarDays(today, DecisionDays).DueOn, actor.UserName, now);
    }

    // ------------------------------------------------------------------ 2. investigation

    public static EvidenceAdded Decide(SanctionCase c, AddEvidence cmd, Actor actor, DateTimeOffset now, Supervision.Files.EvidenceFile[]? files = null)
    {
        CheckTeam(c, actor, cmd.ExpectedVersion);
        CheckUndecided(c);
        return new EvidenceAdded(c.Id, Guard.Required(cmd.Description, "description", "证据说明", 4000),
            Guard.Required(cmd.Kind, "kind", "证据种类", 100), actor.UserName, now, SanctionCase.EvidenceId(c.Evidence.Count), Supervision.Files.EvidenceFiles.InEvent(files));
    }

    public static InvestigationReported Decide(SanctionCase c, ReportInvestigation cmd, Actor actor, DateTimeOffset now)
    {
        CheckTeam(c, actor, cmd.ExpectedVersion);
        if (c.NoticeNumber is not null)
            throw RuleViolation.Refused("notice_already_issued", "已送达事先告知书，不能再修改调查报告", "The notice was issued; the investigation report can no longer change");
        var findings = Guard.Required(cmd.Findings, "findings", "调查认定的事实", 8000);
        var scope = ParseScope(cmd.ProposedScope, "proposedScope");
        var severity = ParseSeverity(cmd.Severity);
        if (cmd.SocialImpact is null) throw RuleViolation.Invalid("field_required", "须注明是否具有一定社会影响", "socialImpact is required", "socialImpact");
        return new InvestigationReported(c.Id, findings, scope, severity, cmd.SocialImpact.Value, actor.UserName, now);
    }

    /// <summary>立案审批 by a leader of the handling department, once per case, while it is open.</summary>
    public static CaseFilingApproved Decide(SanctionCase c, ApproveCaseFiling cmd, Actor actor, DateTimeOffset now, string documentNumber = "")
    {
        CheckCanAct(c, actor, Roles.Leader);
        if (actor.JurisdictionId != c.DepartmentId)
            throw RuleViolation.Forbidden("立案由办理案件的档案主管部门负责人审批", "A leader of the department handling the case approves opening it");
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        if (c.FilingApproval is not null)
            throw new RuleViolation(Problems.Conflict("filing_already_approved", "本案立案已经审批", "Opening this case was already approved"));
        var opinion = string.IsNullOrWhiteSpace(cmd.Opinion) ? "同意立案。" : cmd.Opinion.Trim().Length > 2000
            ? throw RuleViolation.Invalid("too_long", "审批意见过长", "opinion is too long", "opinion") : cmd.Opinion.Trim();
        return new CaseFilingApproved(c.Id, documentNumber, actor.UserName, actor.DisplayName, opinion, now);
    }

    public const int MaxInquiryAnswers = 200;

    /// <summary>
    /// 询问笔录 (APL Art. 55): two officers of the case present (R1: certified, not recused), one of them the recorder; the
    /// rights and the right to ask for recusal explained (APL Art. 55 and 43); the time in the past, the end after the start;
    /// each question with its answer as recorded. Before the decision only.
    /// </summary>
    public static InquiryRecorded Decide(SanctionCase c, RecordInquiry cmd, Actor actor, DateTimeOffset now, string documentNumber = "")
    {
        CheckSigner(c, actor, cmd.ExpectedVersion);
        CheckUndecided(c);
        var person = Guard.Required(cmd.Person, "person", "被询问人姓名", 100);
        var position = Optional(cmd.Position, "position", "被询问人职务或与当事人的关系", 200);
        var idDocument = Optional(cmd.IdDocument, "idDocument", "身份证件", 60);
        var place = Guard.Required(cmd.Place, "place", "询问地点", 200);
        var started = cmd.StartedAt ?? throw RuleViolation.Invalid("field_required", "询问开始时间不能为空", "startedAt is required", "startedAt");
        var ended = cmd.EndedAt ?? throw RuleViolation.Invalid("field_required", "询问结束时间不能为空", "endedAt is required", "endedAt");
        if (ended <= started) throw RuleViolation.Invalid("ended_before_started", "询问结束时间须晚于开始时间", "endedAt must be after startedAt", "endedAt");
        if (ended > now) throw RuleViolation.Refused("inquiry_in_future", "询问时间不能晚于现在", "The inquiry cannot end in the future", "endedAt");
        if (started < c.OpenedAt) throw RuleViolation.Refused("inquiry_before_opening", "询问时间早于立案时间", "The inquiry cannot start before the case was opened", "startedAt");
        if (cmd.RightsExplained != true)
            throw RuleViolation.Refused("rights_not_explained", "询问前须告知被询问人的权利和申请回避的权利", "The person's rights and the right to ask for recusal must be explained first (APL Art. 55, 43)", "rightsExplained");
        var officers = Signatories(c, actor, cmd.InvestigatorIds, actorSigns: true);
        var answers = (cmd.Answers ?? []).Where(a => !string.IsNullOrWhiteSpace(a?.Question) || !string.IsNullOrWhiteSpace(a?.Answer)).ToArray();
        if (answers.Length == 0) throw RuleViolation.Invalid("answers_required", "须记录询问的问题和回答", "Record at least one question with its answer", "answers");
        if (answers.Length > MaxInquiryAnswers) throw RuleViolation.Invalid("too_many_answers", $"一份笔录最多记录 {MaxInquiryAnswers} 问", $"At most {MaxInquiryAnswers} questions", "answers");
        var recorded = answers.Select(a => new InquiryAnswer(Guard.Required(a.Question, "answers", "问题", 2000), Guard.Required(a.Answer, "answers", "回答", 8000))).ToArray();
        var recorder = officers.First(o => o.UserName == actor.UserName);
        return new InquiryRecorded(c.Id, documentNumber, SanctionCase.EvidenceId(c.Evidence.Count), person, position, idDocument, place, started, ended, officers,
            recorder.DisplayName, true, recorded, actor.UserName, now);

        static string? Optional(string? v, string field, string zh, int max) =>
            string.IsNullOrWhiteSpace(v) ? null : v.Trim().Length > max ? throw RuleViolation.Invalid("too_long", $"{zh}过长", $"{field} is too long", field) : v.Trim();
    }

    // ------------------------------------------------------------------ 3. notice (行政处罚事先告知书)

    /// <summary>Checks the notice and computes the defence deadline; called before a number is taken.</summary>
    public static (string Facts, string Reasons, string Basis, WorkingDayResult Deadline, Signatory[] Signatories, string[] EvidenceIds) CheckNotice(
        SanctionCase c, IssuePenaltyNotice cmd, Actor actor, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        // R1: the notice is issued and signed by certified officers of the case, the actor among them (never a leader without a 执法证).
        CheckSigner(c, actor, cmd.ExpectedVersion);
        if (c.NoticeNumber is not null) throw RuleViolation.Refused("notice_already_issued", "已送达行政处罚事先告知书", "The notice was already issued");
        if (c.Status != SanctionStatus.Reported)
            throw RuleViolation.Refused("investigation_report_required", "尚未提交调查终结报告", "The investigation has not been reported yet");
        // R15 / APL Art. 45: after the party defended itself, a renewed notice may propose a heavier penalty only on new evidence,
        // with a leader's recorded reason that the new facts (not the defence) justify it.
        var heavier = HeavierAfterDefence(c);
        if (heavier && c.HeavierPenaltyJustification?.Scope != c.ProposedScope)
            throw RuleViolation.Refused("heavier_penalty_after_defence", "当事人已陈述、申辩，拟加重处罚须有补充调查取得的新证据并经负责人说明理由",
                "The party defended itself: a heavier intended penalty needs new evidence and a leader's reason that it, not the defence, justifies it (R15, APL Art. 45)", "proposedScope");
        var facts = Guard.Required(cmd.Facts, "facts", "违法事实", 8000);
        var reasons = Guard.Required(cmd.Reasons, "reasons", "处罚理由", 4000);
        var basis = Guard.Required(cmd.Basis, "basis", "处罚依据", 2000);
        var signatories = Signatories(c, actor, cmd.SignatoryIds, actorSigns: true);
        var evidence = CitedEvidence(c, cmd.EvidenceIds).Select(e => e.Id).ToArray();
        if (heavier && !evidence.Intersect(c.HeavierPenaltyJustification!.EvidenceIds).Any())
            throw RuleViolation.Refused("heavier_penalty_after_defence", "加重拟作出的处罚的告知书须列明补充调查取得的新证据",
                "A heavier renewed notice cites the new evidence that justifies it (R15, APL Art. 45)", "evidenceIds");
        return (facts, reasons, basis, calendar.AddWorkingDays(WorkingDayCalendar.BeijingToday(now), DefenceWorkingDays), signatories, evidence);
    }

    /// <summary>The report proposes a heavier penalty than the last notice, which the party answered by defending itself.</summary>
    public static bool HeavierAfterDefence(SanctionCase c) =>
        c.SupersededNotices.LastOrDefault() is { PartyDefended: true } previous && c.ProposedScope > previous.Scope;

    public static PenaltyNoticeIssued DecideNotice(SanctionCase c, IssuePenaltyNotice cmd, Actor actor, WorkingDayCalendar calendar, DateTimeOffset now, string documentNumber)
    {
        var (facts, reasons, basis, deadline, signatories, evidence) = CheckNotice(c, cmd, actor, calendar, now);
        return new PenaltyNoticeIssued(c.Id, documentNumber, facts, reasons, basis, c.ProposedScope!.Value, WorkingDayCalendar.BeijingToday(now),
            deadline.Date, deadline.Provisional, RightsText, signatories, actor.UserName, now, evidence);
    }

    /// <summary>
    /// R15 / APL Art. 45 (leader): after a supplementary investigation of a notice the party defended itself against, the new
    /// report proposes a heavier penalty. Recorded only on evidence added after the defence, with the reason that it — not the
    /// defence — justifies the heavier penalty.
    /// </summary>
    public static HeavierPenaltyJustified Decide(SanctionCase c, JustifyHeavierPenalty cmd, Actor actor, DateTimeOffset now)
    {
        CheckCanAct(c, actor, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        if (c.Status != SanctionStatus.Reported || c.NoticeNumber is not null)
            throw RuleViolation.Refused("investigation_report_required", "须在补充调查报告之后、重新告知之前说明理由", "Justify after the new report and before the renewed notice");
        if (!HeavierAfterDefence(c))
            throw RuleViolation.Refused("not_heavier_after_defence", "调查报告拟给予的处罚并未重于当事人已陈述、申辩的告知书", "The report does not propose a heavier penalty than the notice the party defended itself against");
        var previous = c.SupersededNotices[^1];
        var evidence = CitedEvidence(c, cmd.EvidenceIds);
        var old = evidence.FirstOrDefault(e => !AddedAfterDefence(c, previous, e));
        if (old is not null)
            throw RuleViolation.Refused("evidence_not_new", $"证据{old.Id}不是当事人陈述、申辩之后取得的新证据", $"Evidence {old.Id} was not added after the party's defence", "evidenceIds");
        var reason = Guard.Required(cmd.Reason, "reason", "新的事实足以加重处罚的理由", 4000);
        return new HeavierPenaltyJustified(c.Id, c.ProposedScope!.Value, evidence.Select(e => e.Id).ToArray(), reason, actor.UserName, now);
    }

    /// <summary>Evidence recorded in the stream after the party's last defence (for notices superseded before that was kept: after the supersession).</summary>
    private static bool AddedAfterDefence(SanctionCase c, SupersededNotice previous, EvidenceItem e) =>
        c.Evidence.IndexOf(e) >= (previous.EvidenceCountAtDefence ?? previous.EvidenceCount);

    /// <summary>补充调查: a leader sends a noticed, undecided case back for further investigation; the notice is superseded.</summary>
    public static SupplementaryInvestigationOpened Decide(SanctionCase c, OpenSupplementaryInvestigation cmd, Actor actor, DateTimeOffset now)
    {
        CheckLeaderBetweenNoticeAndDecision(c, actor, cmd.ExpectedVersion);
        var reason = Guard.Required(cmd.Reason, "reason", "补充调查的理由", 2000);
        return new SupplementaryInvestigationOpened(c.Id, c.NoticeNumber!, reason, actor.UserName, now);
    }

    // ------------------------------------------------------------------ 4. statement, defence, hearing request (R15, R16)

    private static void CheckDefencePeriod(SanctionCase c, Actor actor, long? expectedVersion, DateTimeOffset now)
    {
        CheckTeam(c, actor, expectedVersion);
        CheckUndecided(c);
        RequireNotice(c);
        if (now >= DefenceEndsAt(c))
            throw RuleViolation.Refused("defence_period_over", "陈述、申辩和要求听证的期限已届满", "The period to state, defend or request a hearing is over (R16)");
    }

    public static DefenceReceived Decide(SanctionCase c, RecordDefence cmd, Actor actor, DateTimeOffset now)
    {
        CheckDefencePeriod(c, actor, cmd.ExpectedVersion, now);
        if (c.DefenceWaived) throw RuleViolation.Refused("defence_waived", "当事人已放弃陈述、申辩", "The party waived its right to state and defend");
        return new DefenceReceived(c.Id, Guard.Required(cmd.Statement, "statement", "陈述、申辩意见", 8000), actor.UserName, now);
    }

    /// <summary>How a written waiver reached the department.</summary>
    public static readonly IReadOnlyDictionary<string, string> WaiverChannels = new Dictionary<string, string>
    {
        ["in_person"] = "当面递交", ["post"] = "邮寄", ["electronic"] = "电子方式", ["fax"] = "传真",
    };

    public static DefenceWaived Decide(SanctionCase c, WaiveDefence cmd, Actor actor, DateTimeOffset now)
    {
        CheckDefencePeriod(c, actor, cmd.ExpectedVersion, now);
        if (c.DefenceWaived) throw RuleViolation.Refused("defence_waived", "当事人已放弃陈述、申辩", "The party already waived its rights");
        if (c.DefenceStatements.Count > 0 || c.HearingRequested)
            throw RuleViolation.Refused("defence_already_exercised", "当事人已陈述、申辩或要求听证", "The party already defended itself or requested a hearing");
        // The waiver is the party's own written statement, not an officer's note: who signed it, when, how it came in.
        var signedBy = Guard.Required(cmd.SignedBy, "signedBy", "签署放弃声明的当事人（或其代表）", 200);
        if (cmd.SignedAt is not { } signedAt)
            throw RuleViolation.Invalid("field_required", "放弃声明的签署时间不能为空", "signedAt is required", "signedAt");
        var via = string.IsNullOrWhiteSpace(cmd.ReceivedVia) ? throw RuleViolation.Invalid("field_required", "放弃声明的收到方式不能为空", "receivedVia is required (in_person|post|electronic|fax)", "receivedVia")
            : WaiverChannels.ContainsKey(cmd.ReceivedVia) ? cmd.ReceivedVia
            : throw RuleViolation.Invalid("invalid_received_via", "收到方式须为 in_person、post、electronic 或 fax", "receivedVia must be in_person, post, electronic or fax", "receivedVia");
        var statement = Optional(cmd.Statement, "statement", "放弃声明内容", 8000);
        // Nobody waives rights before being told of them: not at or before the notice's issue, nor before the day it was received.
        if (c.NoticeIssuedAt is { } issuedAt && signedAt <= issuedAt)
            throw RuleViolation.Refused("waiver_predates_notice", "放弃声明的签署时间不得早于（或等于）事先告知书的制作时间",
                "The waiver cannot be signed at or before the issue of the notice", "signedAt");
        if (c.NoticeServedOn is { } served && WorkingDayCalendar.BeijingToday(signedAt) < served)
            throw RuleViolation.Refused("waiver_predates_notice", "放弃声明的签署日期不得早于当事人收到事先告知书之日",
                "The waiver cannot be signed before the party received the notice", "signedAt");
        if (signedAt > now) throw RuleViolation.Invalid("invalid_signed_at", "签署时间不得晚于现在", "signedAt is in the future", "signedAt");
        return new DefenceWaived(c.Id, actor.UserName, now, signedBy, signedAt, via, statement);
    }

    public static HearingRequested Decide(SanctionCase c, RequestHearing cmd, Actor actor, DateTimeOffset now)
    {
        CheckDefencePeriod(c, actor, cmd.ExpectedVersion, now);
        if (c.DefenceWaived) throw RuleViolation.Refused("defence_waived", "当事人已放弃陈述、申辩和听证的权利", "The party waived its rights");
        if (c.HearingRequested) throw RuleViolation.Refused("hearing_already_requested", "当事人已要求听证", "A hearing was already requested");
        return new HearingRequested(c.Id, actor.UserName, now);
    }

    // ------------------------------------------------------------------ 5. hearing (R16)

    /// <param name="documentNumber">The 听证通知书's number; null while only checking (before a number is taken).</param>
    public static HearingScheduled Decide(SanctionCase c, ScheduleHearing cmd, Actor actor, AppUser? chair, WorkingDayCalendar calendar, DateTimeOffset now,
        string? documentNumber = null)
    {
        CheckSigner(c, actor, cmd.ExpectedVersion); // R1: the 听证通知书 is issued by the officers who sign it
        CheckUndecided(c);
        if (!c.HearingRequested) throw RuleViolation.Refused("hearing_not_requested", "当事人未要求听证", "The party did not request a hearing");
        if (c.HearingOn is not null) throw RuleViolation.Refused("hearing_already_scheduled", "听证已安排", "The hearing is already scheduled");
        if (cmd.HearingOn is not { } hearingOn) throw RuleViolation.Invalid("field_required", "听证日期不能为空", "hearingOn is required", "hearingOn");
        var earliest = calendar.AddWorkingDays(WorkingDayCalendar.BeijingToday(now), HearingNoticeWorkingDays).Date;
        if (hearingOn < earliest)
            throw RuleViolation.Refused("hearing_too_soon", $"听证须于举行七日前通知当事人（最早 {earliest:yyyy-MM-dd}）",
                $"The hearing must be announced 7 (working) days ahead; earliest {earliest:yyyy-MM-dd} (R16)", "hearingOn");
        if (hearingOn > earliest.AddYears(1)) throw RuleViolation.Invalid("hearing_too_far", "听证日期不合理", "hearingOn is too far away", "hearingOn");
        if (string.IsNullOrWhiteSpace(cmd.ChairId)) throw RuleViolation.Invalid("field_required", "听证主持人不能为空", "chairId is required", "chairId");
        if (chair is null || !JurisdictionPaths.Covers(chair.JurisdictionPath, c.JurisdictionPath))
            throw RuleViolation.Invalid("unknown_chair", "听证主持人须为本部门工作人员", "The chair must be a member of the department's staff", "chairId");
        if (c.RecusedOfficers.Contains(chair.Id))
            throw RuleViolation.Refused("investigator_recused", "该人员已被决定回避，不能主持本案听证", "That officer was recused from this case (R2)", "chairId");
        if (c.Investigators.Any(i => i.UserName == chair.Id))
            throw RuleViolation.Refused("chair_is_investigator", "听证主持人不得由本案调查人员担任", "The hearing chair may not be one of the investigators (R16)", "chairId");
        if (c.ExcludedUserIds.Contains(chair.Id))
            throw RuleViolation.Refused("chair_is_responsible", "听证主持人不得由本案责任人员担任", "The hearing chair may not be named in the case (R22)", "chairId");
        var place = string.IsNullOrWhiteSpace(cmd.Place) ? DefaultHearingPlace : cmd.Place.Trim();
        if (place.Length > 200) throw RuleViolation.Invalid("field_too_long", "听证地点过长（至多 200 字）", "place is too long (max 200)", "place");
        var signatories = Signatories(c, actor, cmd.SignatoryIds, actorSigns: true);
        return new HearingScheduled(c.Id, hearingOn, chair.Id, chair.DisplayName, actor.UserName, now, documentNumber, place, signatories);
    }

    public static HearingHeld Decide(SanctionCase c, RecordHearing cmd, Actor actor, DateTimeOffset now, string? documentNumber = null,
        Supervision.Files.EvidenceFile[]? files = null)
    {
        if (!MaySee(c, actor)) throw RuleViolation.NotFound("sanction case");
        CheckNotRecused(c, actor);
        if (actor.Role != Roles.Leader && actor.UserName != c.HearingChairId)
            throw RuleViolation.Forbidden("只有听证主持人或领导可以记录听证", "Only the hearing chair or a leader may record the hearing");
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        CheckUndecided(c);
        if (c.HearingOn is not { } on) throw RuleViolation.Refused("hearing_not_scheduled", "听证尚未安排", "The hearing has not been scheduled");
        if (c.HearingHeld) throw RuleViolation.Refused("hearing_already_held", "听证已举行", "The hearing was already held");
        // No hearing under a chair the party has challenged until the leader decided (APL Art. 64 item 4).
        if (c.PendingRecusals.Any(p => p.Role == RecusalRole.Chair))
            throw RuleViolation.Refused("recusal_pending", "当事人对听证主持人的回避申请尚待负责人决定", "The party's request that the chair withdraw awaits the leader's decision (R2)");
        if (WorkingDayCalendar.BeijingToday(now) < on)
            throw RuleViolation.Refused("hearing_not_yet_due", "听证日期未到", "The hearing date has not come yet");
        return new HearingHeld(c.Id, Guard.Required(cmd.Minutes, "minutes", "听证笔录", 20000), actor.UserName, now, documentNumber, Supervision.Files.EvidenceFiles.InEvent(files));
    }

    // ------------------------------------------------------------------ 6. legal review, collective discussion (R17)

    public static LegalReviewCompleted Decide(SanctionCase c, CompleteLegalReview cmd, Actor actor, DateTimeOffset now)
    {
        CheckCanAct(c, actor, Roles.LegalReviewer);
        if (c.Investigators.Any(i => i.UserName == actor.UserName))
            throw RuleViolation.Refused("reviewer_is_investigator", "法制审核人员不得为本案调查人员", "The legal reviewer may not have investigated the case (R17)");
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        CheckUndecided(c);
        RequireNotice(c);
        if (cmd.Approved is null) throw RuleViolation.Invalid("field_required", "须注明审核是否通过", "approved is required", "approved");
        return new LegalReviewCompleted(c.Id, Guard.Required(cmd.Opinion, "opinion", "审核意见", 8000), cmd.Approved.Value, actor.UserName, now);
    }

    /// <param name="staff">The users named as participants (as loaded; unknown names are absent).</param>
    public static CollectiveDiscussionHeld Decide(SanctionCase c, RecordCollectiveDiscussion cmd, Actor actor, DateTimeOffset now, IReadOnlyCollection<AppUser>? staff = null)
    {
        CheckLeaderBetweenNoticeAndDecision(c, actor, cmd.ExpectedVersion);
        var participants = (cmd.Participants ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct().ToArray();
        if (participants.Length < 2)
            throw RuleViolation.Invalid("participants_required", "集体讨论须列明至少两名参加人员", "A collective discussion names at least two participants", "participants");
        if (participants.Length > 30 || participants.Any(p => p.Length > 100))
            throw RuleViolation.Invalid("participants_too_large", "参加人员过多或过长", "Too many or too long participants", "participants");
        // APL Art. 57: the leaders (负责人) of the department that decides, not anyone named in free text.
        var byId = (staff ?? []).ToDictionary(u => u.Id);
        var outsider = participants.FirstOrDefault(p => !byId.TryGetValue(p, out var u) || u.Role != Roles.Leader || u.JurisdictionId != c.DepartmentId);
        if (outsider is not null)
            throw RuleViolation.Refused("participant_not_department_leader", $"参加人员“{outsider}”不是本案承办部门的负责人",
                $"{outsider} is not a leader of the department that decides the case (APL Art. 57)", "participants");
        var presided = Guard.Required(cmd.PresidedBy, "presidedBy", "主持人", 100);
        if (!participants.Contains(presided))
            throw RuleViolation.Refused("presiding_not_participant", "主持人须为参加讨论的负责人之一", "The presiding leader must be one of the participants", "presidedBy");
        var conclusion = Guard.Required(cmd.Conclusion, "conclusion", "讨论结论", 8000);
        return new CollectiveDiscussionHeld(c.Id, participants.Select(p => byId[p].DisplayName).ToArray(), conclusion, actor.UserName, now,
            participants, presided);
    }

    // ------------------------------------------------------------------ 7. decision (行政处罚决定书)

    /// <summary>All rules of the decision (R15–R18); called before a number is taken.</summary>
    public static (PenaltyScope Scope, string Requirements, int CorrectionWorkingDays, EvidenceItem[] Evidence, Signatory[] Signatories) CheckDecision(
        SanctionCase c, DecidePenalty cmd, Actor actor, DateTimeOffset now)
    {
        CheckCanAct(c, actor, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        CheckUndecided(c);
        // Art. 44 concerns the department's own staff: the law provides 处分 (via a recommendation), not 通报批评.
        if (c.Violation == "Art44")
            throw RuleViolation.Refused("art44_discipline_only", "第四十四条案件依法给予处分，不适用通报批评；请发出处分建议书或作出不予处罚决定",
                "Art. 44 cases lead to discipline (a recommendation), not a public-criticism penalty", "scope");
        RequireNotice(c);
        CheckNoPendingRecusal(c);
        var scope = ParseScope(cmd.Scope, "scope");
        var requirements = Guard.Required(cmd.ComplianceRequirements, "complianceRequirements", "责令改正的要求", 4000);
        // APL Art. 28, 59: the order to correct has a deadline, counted in working days from receipt of the decision.
        if (cmd.CorrectionWorkingDays is not { } days)
            throw RuleViolation.Invalid("field_required", "改正期限（自收到决定书之日起的工作日数）不能为空", "correctionWorkingDays is required", "correctionWorkingDays");
        if (days < 1 || days > MaxCorrectionWorkingDays)
            throw RuleViolation.Invalid("invalid_correction_working_days", $"改正期限须为 1 至 {MaxCorrectionWorkingDays} 个工作日",
                $"correctionWorkingDays must be between 1 and {MaxCorrectionWorkingDays}", "correctionWorkingDays");
        // APL Art. 59: facts and evidence, cited by id.
        var evidence = CitedEvidence(c, cmd.EvidenceIds);
        // R1: two certified officers of the case sign the decision with the deciding leader.
        var signatories = Signatories(c, actor, cmd.SignatoryIds, actorSigns: false);

        // The notice must have reached the party: its periods run from receipt (issue 13 §2).
        if (c.NoticeServedOn is null)
            throw RuleViolation.Refused("not_served", $"行政处罚事先告知书（{c.NoticeNumber}）尚未记录送达，陈述、申辩期限尚未起算",
                $"The notice {c.NoticeNumber} has no recorded service; the defence period has not begun");
        // R15: no decision until the defence period has closed or the right was waived (or exercised at a hearing).
        if (!c.DefenceWaived && !c.HearingHeld && now < DefenceEndsAt(c))
            throw RuleViolation.Refused("defence_period_open", $"陈述、申辩期限（{c.DefenceDeadline:yyyy-MM-dd}）尚未届满",
                $"The defence period (until {c.DefenceDeadline:yyyy-MM-dd}) has not ended and was not waived (R15)");
        // R16: a requested hearing is held before deciding.
        if (c.HearingRequested && !c.HearingHeld)
            throw RuleViolation.Refused("hearing_pending", "当事人要求的听证尚未举行", "The requested hearing has not been held (R16)");
        // R17: legal review of major, complex and heard cases, approved.
        var reviewNeeded = c.Severity is CaseSeverity.Major or CaseSeverity.Complex || c.HearingHeld;
        if (reviewNeeded && c.LegalReviewApproved != true)
            throw RuleViolation.Refused("legal_review_required", "重大、复杂或经听证的案件须经法制审核通过后方可决定",
                "Major, complex or heard cases need an approving legal review before the decision (R17)");
        if (c.Severity == CaseSeverity.Major && !c.CollectiveDiscussionHeld)
            throw RuleViolation.Refused("collective_discussion_required", "重大案件须经负责人集体讨论决定", "Major cases are decided after a collective discussion of the leaders (R17)");
        // R15 / APL Art. 45: no heavier penalty because the party defended itself; never heavier than noticed without a new notice.
        if (scope > c.NoticedScope)
        {
            if (c.PartyDefended)
                throw RuleViolation.Refused("heavier_penalty_after_defence", "不得因当事人陈述、申辩而给予更重的处罚",
                    "The penalty may not be heavier than noticed after the party defended itself (R15, APL Art. 45)", "scope");
            // A heavier penalty needs a new notice: a supplementary investigation, then a renewed notice (and defence period).
            throw RuleViolation.Refused("penalty_not_noticed", "处罚不得重于事先告知的内容",
                "The penalty may not be heavier than the one in the notice (R15)", "scope");
        }
        return (scope, requirements, days, evidence, signatories);
    }

    public static PenaltyDecided DecidePenalty(SanctionCase c, DecidePenalty cmd, Actor actor, WorkingDayCalendar calendar, DateTimeOffset now, string documentNumber)
    {
        var (scope, requirements, days, cited, signatories) = CheckDecision(c, cmd, actor, now);
        var today = WorkingDayCalendar.BeijingToday(now);
        var department = JurisdictionCatalogue.Find(c.DepartmentId)!;
        var violation = SanctionCatalogue.Find(c.Violation)!;
        var basis = $"{c.NoticeBasis}；{SanctionCatalogue.Basis(violation)}；《中华人民共和国行政处罚法》第九条、第二十八条";
        var delivery = calendar.AddWorkingDays(today, DeliveryWorkingDays).Date;
        DateOnly? publication = c.SocialImpact ? calendar.AddWorkingDays(today, PublicationWorkingDays).Date : null;
        return new PenaltyDecided(c.Id, documentNumber, c.PartyName, c.PartyCreditCode, c.NoticeFacts!, cited.Select(e => e.ToString()).ToArray(), scope, basis,
            requirements, null, RemediesOf(department), department.Id, department.DepartmentName, today, delivery, publication, actor.UserName, now,
            cited.Select(e => e.Id).ToArray(), days, signatories, ReconsiderationOrgan(department));
    }

    public static NoPenaltyDecided Decide(SanctionCase c, DecideNoPenalty cmd, Actor actor, DateTimeOffset now)
    {
        CheckCanAct(c, actor, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        CheckUndecided(c);
        // 不予处罚 is a form of the penalty law; an Art. 44 matter ends in discipline or a finding of no misconduct (issue 12 item 10).
        if (c.IsArt44)
            throw RuleViolation.Refused("art44_discipline_only", "第四十四条案件不适用不予处罚决定；请发出处分建议书，或由负责人作出未发现违纪违法行为的认定",
                "Art. 44 cases end by a disciplinary recommendation or a leader's finding of no misconduct, not by a no-penalty decision");
        CheckNoPendingRecusal(c);
        return new NoPenaltyDecided(c.Id, Guard.Required(cmd.Reason, "reason", "不予处罚的理由", 4000), actor.UserName, now);
    }

    // ------------------------------------------------------------------ 8. delivery, publication, closing

    public static DecisionDelivered Decide(SanctionCase c, DeliverDecision cmd, Actor actor, DateTimeOffset now, WorkingDayCalendar? calendar = null)
    {
        CheckTeam(c, actor, cmd.ExpectedVersion);
        RequireDecision(c);
        if (c.DeliveredOn is not null) throw RuleViolation.Refused("already_delivered", "决定书已送达", "The decision was already delivered");
        if (cmd.DeliveredOn is not { } on) throw RuleViolation.Invalid("field_required", "送达日期不能为空", "deliveredOn is required", "deliveredOn");
        if (on < c.DecidedOn || on > WorkingDayCalendar.BeijingToday(now))
            throw RuleViolation.Invalid("invalid_delivered_on", "送达日期须在决定日期之后、今天之前", "deliveredOn must lie between the decision date and today", "deliveredOn");
        // The order to correct runs from receipt: its last day is counted now, on the working-day calendar.
        var complyBy = c.CorrectionWorkingDays is { } days ? (calendar ?? WorkingDayCalendar.LoadDefault()).AddWorkingDays(on, days) : (WorkingDayResult?)null;
        return new DecisionDelivered(c.Id, on, Guard.Required(cmd.Method, "method", "送达方式", 100),
            Guard.Required(cmd.ReceiptNote, "receiptNote", "送达回证", 2000), actor.UserName, now, complyBy?.Date, complyBy?.Provisional ?? false);
    }

    public static DecisionPublished Decide(SanctionCase c, PublishDecision cmd, Actor actor, DateTimeOffset now)
    {
        CheckTeam(c, actor, cmd.ExpectedVersion);
        RequireDecision(c);
        if (c.Published) throw RuleViolation.Refused("already_published", "决定已公开", "The decision is already published");
        if (c.DecisionRevoked) throw RuleViolation.Refused("decision_revoked", "处罚决定已被撤销", "The decision was revoked (R19)");
        return new DecisionPublished(c.Id, Guard.Required(cmd.Where, "where", "公开途径", 500), actor.UserName, now);
    }

    public static PublicationWithdrawn Decide(SanctionCase c, WithdrawPublication cmd, Actor actor, DateTimeOffset now)
    {
        CheckCanAct(c, actor, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        if (!c.Published) throw RuleViolation.Refused("not_published", "决定未公开", "The decision is not published");
        return new PublicationWithdrawn(c.Id, Guard.Required(cmd.Reason, "reason", "撤回理由", 2000), actor.UserName, now);
    }

    /// <summary>
    /// 结案: approved by a leader of the handling department (行政处罚程序 — 结案经行政机关负责人批准), who is printed on the
    /// 结案审批表 issued with it; only once the decision was delivered, published where required, and carried out of any
    /// pending transfer.
    /// </summary>
    public static SanctionCaseClosed Decide(SanctionCase c, CloseSanctionCase cmd, Actor actor, DateTimeOffset now, string? approvalNumber = null,
        Supervision.Inspections.FullProcessRecordingMode recording = Supervision.Inspections.FullProcessRecordingMode.Warn,
        IReadOnlyList<Documents.DocumentService>? services = null)
    {
        CheckCanAct(c, actor, Roles.Leader);
        if (actor.JurisdictionId != c.DepartmentId)
            throw RuleViolation.Forbidden("结案由办理案件的档案主管部门负责人批准", "A leader of the department handling the case approves closing it");
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        if (c.IsArt44)
            throw RuleViolation.Refused("art44_ending_required", "第四十四条案件以处分建议书的书面回复或负责人未发现违纪违法行为的认定结案",
                "An Art. 44 case closes by the recorded reply to its disciplinary recommendation, or by a leader's finding of no misconduct");
        RequireDecision(c);
        SanctionRecordings.CheckBeforeClosing(c, recording, services);
        if (c.DeliveredOn is null) throw RuleViolation.Refused("delivery_required", "决定书尚未送达", "The decision has not been delivered yet");
        if (c.PublicationRequired && !c.Published && !c.PublicationWithdrawn)
            throw RuleViolation.Refused("publication_required", "具有一定社会影响的处罚决定尚未公开", "A decision with social impact must be published first (R19)");
        if (c.WithdrawalPending)
            throw RuleViolation.Refused("publication_withdrawal_required", "处罚决定已变更或撤销，须先撤回公开", "The decision was changed or revoked: withdraw its publication first (R19)");
        if (c.CriminalTransfer is CriminalTransferStatus.Proposed or CriminalTransferStatus.Approved)
            throw RuleViolation.Refused("criminal_transfer_pending", "涉嫌犯罪案件的移送尚未办结", "The criminal transfer is still pending (R21)");
        var opinion = string.IsNullOrWhiteSpace(cmd.Opinion) ? "同意结案。" : cmd.Opinion.Trim().Length > 2000
            ? throw RuleViolation.Invalid("too_long", "审批意见过长", "opinion is too long", "opinion") : cmd.Opinion.Trim();
        return new SanctionCaseClosed(c.Id, actor.UserName, now, approvalNumber, actor.DisplayName, opinion);
    }

    // ------------------------------------------------------------------ 9. changed or revoked decision (R19)

    public static DecisionChanged Decide(SanctionCase c, ChangeDecision cmd, Actor actor, WorkingDayCalendar calendar, DateTimeOffset now,
        string? documentNumber = null)
    {
        // A decision may be changed or revoked after closing too (e.g. on administrative reconsideration).
        CheckCanAct(c, actor, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        if (!c.PenaltyImposed) throw RuleViolation.Refused("decision_required", "尚未作出行政处罚决定", "No penalty decision has been made yet");
        if (c.DecisionRevoked) throw RuleViolation.Refused("decision_revoked", "处罚决定已被撤销", "The decision was already revoked");
        var kind = ParseChangeKind(cmd.Kind);
        var reason = Guard.Required(cmd.Reason, "reason", "变更或撤销的理由", 4000);
        var changes = kind == DecisionChangeKind.Changed ? Guard.Required(cmd.Changes, "changes", "变更后的处罚决定内容", 4000) : null;
        // A published decision is withdrawn within 3 (working) days; one withdrawal owed at a time keeps its first deadline.
        DateOnly? due = c.Published && !c.WithdrawalPending
            ? calendar.AddWorkingDays(WorkingDayCalendar.BeijingToday(now), WithdrawalWorkingDays).Date
            : null;
        return new DecisionChanged(c.Id, kind, reason, due, actor.UserName, now, documentNumber, changes, c.DecisionNumber, actor.DisplayName);
    }

    /// <summary>The type of the decision that changes or revokes the original (its own numbered document, R19).</summary>
    public static string ChangeDocumentType(ChangeDecision cmd) =>
        ParseChangeKind(cmd.Kind) == DecisionChangeKind.Revoked ? DocumentTypes.DecisionRevocation : DocumentTypes.DecisionChange;

    // ------------------------------------------------------------------ 10. 处分建议书 (R20)

    /// <summary>All rules of the recommendation; called before a number is taken.</summary>
    /// <param name="receiver">Art. 44: the receiving department named by <c>receiverId</c>, as loaded (null when not found).</param>
    public static (string PersonName, string? Position, string Recipient, string Recommendation, DateOnly ReplyDueOn) CheckRecommendation(
        SanctionCase c, RecommendDiscipline cmd, Actor actor, DateTimeOffset now, WorkingDayCalendar? calendar = null, ReceivingDepartment? receiver = null)
    {
        CheckCanAct(c, actor, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        if (c.Findings is null)
            throw RuleViolation.Refused("investigation_report_required", "尚未提交调查终结报告", "The investigation has not been reported yet (R20)");
        CheckNoPendingRecusal(c);
        if (c.DisciplineRecommendations.Count >= MaxDisciplineRecommendations)
            throw RuleViolation.Refused("too_many_recommendations", $"处分建议书最多 {MaxDisciplineRecommendations} 份", $"At most {MaxDisciplineRecommendations} recommendations per case");
        var person = Guard.Required(cmd.PersonName, "personName", "被建议处分人员姓名", 100);
        var position = Optional(cmd.Position, "position", "职务", 100);
        var recipient = c.IsArt44 ? DisciplinaryBody(c, cmd, person, receiver).Name : Guard.Required(cmd.Recipient, "recipient", "所在单位或任免机关", 200);
        var recommendation = Guard.Required(cmd.Recommendation, "recommendation", "处分建议", 4000);
        var today = WorkingDayCalendar.BeijingToday(now);
        if (cmd.ReplyDueOn is { } due && (due <= today || due > today.AddYears(1)))
            throw RuleViolation.Invalid("invalid_reply_due_on", "回复期限须在今天之后一年之内", "replyDueOn must be after today and within one year", "replyDueOn");
        return (person, position, recipient, recommendation,
            cmd.ReplyDueOn ?? (calendar ?? WorkingDayCalendar.LoadDefault()).CalendarDays(today, DisciplineReplyDays).DueOn); // Art. 203
    }

    /// <summary>
    /// Art. 44 (issue 12 item 10): the 处分建议书 concerns staff named in the case and goes to a body with disciplinary authority
    /// over them — the 纪委监委 of the referral register whose area covers the department — never to the department itself.
    /// </summary>
    public static ReceivingDepartment DisciplinaryBody(SanctionCase c, RecommendDiscipline cmd, string person, ReceivingDepartment? receiver)
    {
        if (c.ResponsiblePersons.All(p => p.Name != person))
            throw RuleViolation.Refused("person_not_named", "第四十四条案件的处分建议只能针对本案列明的责任人员", "In an Art. 44 case the recommendation concerns a person named in the case", "personName");
        if (string.IsNullOrWhiteSpace(cmd.ReceiverId))
            throw RuleViolation.Invalid("field_required", "第四十四条案件须选择有处分权限的机关（receiverId，纪委监委）", "receiverId (the body with disciplinary authority) is required in an Art. 44 case", "receiverId");
        if (receiver is null) throw RuleViolation.Invalid("unknown_receiver", "接收机关不存在", "Unknown receiving department", "receiverId");
        if (receiver.Kind != DepartmentKind.DisciplineInspection)
            throw RuleViolation.Refused("recipient_not_disciplinary_body", "处分建议书须送有处分权限的机关（纪委监委），不得送本部门或其他部门",
                "The recommendation goes to a body with disciplinary authority over the staff (纪委监委), not to the department itself", "receiverId");
        var department = JurisdictionCatalogue.Find(c.DepartmentId)!;
        if (JurisdictionCatalogue.Find(receiver.JurisdictionId) is not { } area || !JurisdictionPaths.Covers(area.Path, department.Path))
            throw RuleViolation.Refused("recipient_outside_jurisdiction", "该纪委监委对本部门工作人员无管辖权", "That body has no authority over the department's staff", "receiverId");
        return receiver;
    }

    public static DisciplineRecommended DecideRecommendation(SanctionCase c, RecommendDiscipline cmd, Actor actor, Guid recommendationId,
        DateTimeOffset now, string documentNumber, WorkingDayCalendar? calendar = null, ReceivingDepartment? receiver = null, Guid? referralId = null)
    {
        var (person, position, recipient, recommendation, due) = CheckRecommendation(c, cmd, actor, now, calendar, receiver);
        var today = WorkingDayCalendar.BeijingToday(now);
        // A counted reply period keeps its last day as counted, so a later calendar can count it again (Art. 203).
        DateOnly? statutory = cmd.ReplyDueOn is null ? today.AddDays(DisciplineReplyDays) : null;
        return new DisciplineRecommended(c.Id, recommendationId, documentNumber, person, position, recipient, recommendation,
            today, due, actor.UserName, now, statutory, c.IsArt44 ? receiver!.Id : null, c.IsArt44 ? referralId : null);
    }

    /// <summary>The written reply; recorded after closing too, since the reply is tracked until it comes.</summary>
    public static DisciplineReplyReceived Decide(SanctionCase c, Guid recommendationId, ReceiveDisciplineReply cmd, Actor actor, DateTimeOffset now)
    {
        CheckCanAct(c, actor, Team);
        Guard.OnTeam(actor, c.Investigators);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        var r = c.Recommendation(recommendationId) ?? throw RuleViolation.NotFound("discipline recommendation");
        if (r.Status == DisciplineReplyStatus.Replied) throw RuleViolation.Refused("already_replied", "已收到书面回复", "The written reply was already recorded");
        var reply = Guard.Required(cmd.Reply, "reply", "书面回复内容", 8000);
        if (cmd.ReceivedOn is not { } on) throw RuleViolation.Invalid("field_required", "收到回复的日期不能为空", "receivedOn is required", "receivedOn");
        if (on < r.IssuedOn || on > WorkingDayCalendar.BeijingToday(now))
            throw RuleViolation.Invalid("invalid_received_on", "收到日期须在建议书发出之后、今天之前", "receivedOn must lie between the recommendation date and today", "receivedOn");
        return new DisciplineReplyReceived(c.Id, recommendationId, reply, on, actor.UserName, now);
    }

    /// <summary>
    /// Art. 44 (issue 12 item 10): the recorded reply of the disciplinary body closes the case once every 处分建议书 of it is
    /// answered (the case has nothing left to decide); null otherwise. Other cases close as before (after delivery).
    /// </summary>
    public static SanctionCaseClosed? ClosedByReply(SanctionCase c, DisciplineReplyReceived reply)
    {
        if (!c.IsArt44 || c.Status == SanctionStatus.Closed) return null;
        if (c.DisciplineRecommendations.Any(r => r.Id != reply.RecommendationId && r.Status != DisciplineReplyStatus.Replied)) return null;
        if (c.CriminalTransfer is CriminalTransferStatus.Proposed or CriminalTransferStatus.Approved) return null;
        return new SanctionCaseClosed(c.Id, reply.RecordedBy, reply.RecordedAt);
    }

    /// <summary>
    /// Art. 44 (issue 12 item 10): a leader of the department handling the case finds, with reasons, that the named staff
    /// committed no misconduct; the case closes. Not after a 处分建议书 (that case closes by its reply).
    /// </summary>
    public static NoMisconductFound Decide(SanctionCase c, FindNoMisconduct cmd, Actor actor, DateTimeOffset now)
    {
        CheckCanAct(c, actor, Roles.Leader);
        if (actor.JurisdictionId != c.DepartmentId)
            throw RuleViolation.Forbidden("由办理案件的档案主管部门负责人认定", "A leader of the department handling the case makes the finding");
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        if (!c.IsArt44)
            throw RuleViolation.Refused("not_art44", "仅第四十四条案件适用此认定；其他案件请作出不予处罚决定", "Only an Art. 44 case ends by a finding of no misconduct");
        if (c.Findings is null)
            throw RuleViolation.Refused("investigation_report_required", "尚未提交调查终结报告", "The investigation has not been reported yet");
        if (c.DisciplineRecommendations.Count > 0)
            throw RuleViolation.Refused("discipline_recommended", "已发出处分建议书，案件以其书面回复结案", "A disciplinary recommendation was sent: its reply closes the case");
        if (c.CriminalTransfer is CriminalTransferStatus.Proposed or CriminalTransferStatus.Approved)
            throw RuleViolation.Refused("criminal_transfer_pending", "涉嫌犯罪案件的移送尚未办结", "The criminal transfer is still pending (R21)");
        CheckNoPendingRecusal(c);
        return new NoMisconductFound(c.Id, Guard.Required(cmd.Reason, "reason", "未发现违纪违法行为的理由", 4000), actor.UserName, now);
    }

    // ------------------------------------------------------------------ 11. suspected crime: transfer to public security (R21)

    public static CriminalTransferProposed Decide(SanctionCase c, ProposeCriminalTransfer cmd, Actor actor, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        CheckTeam(c, actor, cmd.ExpectedVersion);
        switch (c.CriminalTransfer)
        {
            case CriminalTransferStatus.Proposed:
                throw RuleViolation.Refused("transfer_proposal_pending", "移送建议尚待负责人决定", "A transfer proposal awaits the head's decision");
            case CriminalTransferStatus.Approved or CriminalTransferStatus.Transferred:
                throw RuleViolation.Refused("transfer_already_approved", "已决定移送公安机关", "The transfer was already approved");
        }
        var grounds = Guard.Required(cmd.Grounds, "grounds", "涉嫌犯罪的事实和理由", 8000);
        var due = calendar.AddWorkingDays(WorkingDayCalendar.BeijingToday(now), TransferDecisionWorkingDays).Date;
        return new CriminalTransferProposed(c.Id, grounds, due, actor.UserName, now);
    }

    public static CriminalTransferDecided Decide(SanctionCase c, DecideCriminalTransfer cmd, Actor actor, DateTimeOffset now)
    {
        // 移送规定 Art. 5: the head of the enforcement department that handles the case (正职负责人或者主持工作的负责人)
        // decides, not a leader of a supervising level.
        CheckCanAct(c, actor, Roles.Leader);
        if (actor.JurisdictionId != c.DepartmentId)
            throw RuleViolation.Forbidden("移送涉嫌犯罪案件由办理案件的档案主管部门负责人决定",
                "The transfer is decided by the head of the department that handles the case (移送规定 Art. 5)");
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        if (c.CriminalTransfer != CriminalTransferStatus.Proposed)
            throw RuleViolation.Refused("no_transfer_proposal", "没有待决定的移送建议", "There is no transfer proposal to decide");
        if (cmd.Approved is not { } approved) throw RuleViolation.Invalid("field_required", "须注明是否批准移送", "approved is required", "approved");
        var reason = Guard.Required(cmd.Reason, "reason", "决定理由", 4000);
        return new CriminalTransferDecided(c.Id, approved, reason, approved ? now + TransferLetterPeriod : null, actor.UserName, now);
    }

    /// <summary>Checks the transfer; called before the number of the 移送书 is taken.</summary>
    public static string CheckTransfer(SanctionCase c, TransferCriminalCase cmd, Actor actor)
    {
        CheckTeam(c, actor, cmd.ExpectedVersion);
        if (c.CriminalTransfer == CriminalTransferStatus.Transferred)
            throw RuleViolation.Refused("already_transferred", "案件已移送公安机关", "The case was already transferred");
        if (c.CriminalTransfer != CriminalTransferStatus.Approved)
            throw RuleViolation.Refused("transfer_not_approved", "负责人尚未批准移送", "The head has not approved the transfer (R21)");
        return Guard.Required(cmd.PublicSecurityOrgan, "publicSecurityOrgan", "接受移送的公安机关", 200);
    }

    public static CriminalCaseTransferred DecideTransfer(SanctionCase c, TransferCriminalCase cmd, Actor actor, DateTimeOffset now, string documentNumber)
    {
        var organ = CheckTransfer(c, cmd, actor);
        return new CriminalCaseTransferred(c.Id, documentNumber, organ, WorkingDayCalendar.BeijingToday(now), actor.UserName, now);
    }

    // ------------------------------------------------------------------ 12. recusal (回避, R2, APL Art. 43)

    public const int MaxRecusalOfficers = 10;

    /// <summary>How the party's recusal request reached the department: in writing (as for a waiver) or orally, put on record.</summary>
    public static readonly IReadOnlyDictionary<string, string> RecusalChannels = new Dictionary<string, string>
    {
        ["in_person"] = "当面递交", ["post"] = "邮寄", ["electronic"] = "电子方式", ["fax"] = "传真", ["oral"] = "口头提出，记录在案",
    };

    /// <summary>
    /// The party's request that investigators or the hearing chair withdraw, recorded by an investigator of the case (R2). The
    /// investigation goes on meanwhile (APL Art. 43), but no decision is taken until a leader decided (<see cref="CheckNoPendingRecusal"/>).
    /// </summary>
    public static SanctionRecusalRequested Decide(SanctionCase c, RequestSanctionRecusal cmd, Actor actor, Guid requestId, DateTimeOffset now)
    {
        CheckCanAct(c, actor, Team);
        if (c.Investigators.All(i => i.UserName != actor.UserName))
            throw RuleViolation.Forbidden("回避申请由本案调查人员记录", "An investigator of the case records the party's recusal request (R2)");
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        CheckUndecided(c);
        var ids = (cmd.OfficerIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct().Take(MaxRecusalOfficers + 1).ToArray();
        if (ids.Length == 0)
            throw RuleViolation.Invalid("field_required", "须列明申请回避的执法人员或听证主持人", "officerIds is required", "officerIds");
        if (ids.Length > MaxRecusalOfficers)
            throw RuleViolation.Invalid("too_many_officers", $"申请回避的人员最多 {MaxRecusalOfficers} 名", $"At most {MaxRecusalOfficers} officers", "officerIds");
        var targets = new List<RecusalTarget>();
        foreach (var id in ids)
        {
            if (c.PendingRecusals.Any(p => p.OfficerId == id))
                throw RuleViolation.Refused("recusal_pending", $"对“{Truncate(id)}”的回避申请尚待决定", $"A recusal request for '{Truncate(id)}' is already pending", "officerIds");
            if (c.Investigators.FirstOrDefault(i => i.UserName == id) is { } investigator)
                targets.Add(new RecusalTarget(id, investigator.DisplayName, RecusalRole.Investigator));
            else if (id == c.HearingChairId && !c.HearingHeld)
                targets.Add(new RecusalTarget(id, c.HearingChairName ?? id, RecusalRole.Chair));
            else
                throw RuleViolation.Refused("not_on_case", $"“{Truncate(id)}”不是本案的调查人员或听证主持人", $"'{Truncate(id)}' is neither an investigator nor the hearing chair of this case", "officerIds");
        }
        var requestedBy = Guard.Required(cmd.RequestedBy, "requestedBy", "申请人（当事人或其代理人）", 200);
        var grounds = Guard.Required(cmd.Grounds, "grounds", "申请回避的理由", 4000);
        var via = string.IsNullOrWhiteSpace(cmd.ReceivedVia)
            ? throw RuleViolation.Invalid("field_required", "回避申请的收到方式不能为空", "receivedVia is required (in_person|post|electronic|fax|oral)", "receivedVia")
            : RecusalChannels.ContainsKey(cmd.ReceivedVia) ? cmd.ReceivedVia
            : throw RuleViolation.Invalid("invalid_received_via", "收到方式须为 in_person、post、electronic、fax 或 oral", "receivedVia must be in_person, post, electronic, fax or oral", "receivedVia");
        if (cmd.ReceivedOn is not { } on)
            throw RuleViolation.Invalid("field_required", "收到回避申请的日期不能为空", "receivedOn is required", "receivedOn");
        if (on > WorkingDayCalendar.BeijingToday(now))
            throw RuleViolation.Invalid("invalid_received_on", "收到日期不得晚于今天", "receivedOn is in the future", "receivedOn");
        if (on < WorkingDayCalendar.BeijingToday(c.OpenedAt))
            throw RuleViolation.Refused("received_before_opening", "收到日期不得早于立案日期", "receivedOn is before the case was opened", "receivedOn");
        return new SanctionRecusalRequested(c.Id, requestId, targets.ToArray(), requestedBy, grounds, via, on, actor.UserName, now);
    }

    /// <summary>
    /// R2 / APL Art. 43: a leader of the department handling the case decides on the request for one officer. Granted, a
    /// replacement takes the officer's place: for an investigator a certified officer of the department (R1), for the chair a
    /// member of its staff who did not investigate (R16); never the recused officer, never staff named in an Art. 44 case (R22).
    /// </summary>
    /// <param name="replacement">The user named as replacement, as loaded (null when not found).</param>
    /// <param name="party">The party unit (its recorded conflicts of interest), when the case has one.</param>
    public static SanctionRecusalDecided Decide(SanctionCase c, DecideSanctionRecusal cmd, Actor actor, AppUser? replacement, SupervisedUnit? party, DateTimeOffset now)
    {
        CheckCanAct(c, actor, Roles.Leader);
        if (actor.JurisdictionId != c.DepartmentId)
            throw RuleViolation.Forbidden("回避由办理案件的档案主管部门负责人决定", "A leader of the department handling the case decides on recusal (APL Art. 43)");
        Guard.Version(cmd.ExpectedVersion, c.Version);
        CheckNotClosed(c);
        var officerId = Guard.Required(cmd.OfficerId, "officerId", "申请回避的人员", 100);
        var pending = c.PendingRecusals.FirstOrDefault(p => p.OfficerId == officerId)
            ?? throw RuleViolation.Refused("no_recusal_request", "该人员没有待决定的回避申请", "There is no pending recusal request for that officer", "officerId");
        if (cmd.Granted is not { } granted) throw RuleViolation.Invalid("field_required", "须注明是否准予回避", "granted is required", "granted");
        var reason = Guard.Required(cmd.Reason, "reason", "决定理由", 4000);
        if (!granted) return new SanctionRecusalDecided(c.Id, pending.RequestId, officerId, pending.Role, false, reason, null, actor.UserName, now);

        if (string.IsNullOrWhiteSpace(cmd.ReplacementId))
            throw RuleViolation.Invalid("replacement_required", "准予回避的，须指定替换人员", "A granted recusal names the replacement (replacementId)", "replacementId");
        if (replacement is null || replacement.JurisdictionId != c.DepartmentId)
            throw RuleViolation.Refused("replacement_not_of_department", "替换人员须为办理本案的档案主管部门的工作人员", "The replacement must be on the staff of the department handling the case", "replacementId");
        if (replacement.Id == officerId || c.RecusedOfficers.Contains(replacement.Id))
            throw RuleViolation.Refused("investigator_recused", "替换人员已被申请或决定回避", "The replacement is the recused officer, or was recused from this case (R2)", "replacementId");
        if (c.ExcludedUserIds.Contains(replacement.Id))
            throw RuleViolation.Refused("replacement_is_responsible", "替换人员是本案责任人员", "The replacement is named in this Art. 44 case (R22)", "replacementId");
        if (c.PendingRecusals.Any(p => p.OfficerId == replacement.Id))
            throw RuleViolation.Refused("recusal_pending", "替换人员的回避申请尚待决定", "A recusal request against the replacement is pending (R2)", "replacementId");
        if (party?.HasConflict(replacement.Id) == true)
            throw RuleViolation.Refused("investigator_recused", "替换人员与当事单位存在利害关系，应当回避", "The replacement has a recorded conflict of interest with the party (R2)", "replacementId");
        if (c.Investigators.Any(i => i.UserName == replacement.Id))
            throw RuleViolation.Refused(pending.Role == RecusalRole.Chair ? "chair_is_investigator" : "already_on_case",
                pending.Role == RecusalRole.Chair ? "听证主持人不得由本案调查人员担任" : "替换人员已是本案调查人员",
                pending.Role == RecusalRole.Chair ? "The hearing chair may not be one of the investigators (R16)" : "The replacement already investigates this case", "replacementId");
        if (pending.Role == RecusalRole.Investigator)
        {
            if (replacement.Role is not (Roles.CaseOfficer or Roles.Inspector) || !replacement.IsCertified)
                throw RuleViolation.Refused("investigator_not_certified", "替换的调查人员须为持有执法证的执法人员", "The replacing investigator must be a certified enforcement officer (R1)", "replacementId");
            if (replacement.Id == c.HearingChairId)
                throw RuleViolation.Refused("chair_is_investigator", "听证主持人不得兼任本案调查人员", "The hearing chair may not become an investigator (R16)", "replacementId");
        }
        return new SanctionRecusalDecided(c.Id, pending.RequestId, officerId, pending.Role, true, reason,
            new Signatory(replacement.Id, replacement.DisplayName, replacement.CertificateNumber ?? ""), actor.UserName, now);
    }

    // ------------------------------------------------------------------ endpoints

    [WolverinePost("/api/sanction-cases", OperationId = "OpenSanctionCase")]
    public static async Task<(IResult, IStartStream, OutgoingMessages)> Open(OpenSanctionCase c, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, WorkingDayCalendar calendar, HttpContext http, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var unit = c.PartyUnitId is { } unitId ? await session.LoadAsync<SupervisedUnit>(unitId, ct) : null;
        SourceCase? source = null;
        if (c.Source?.Id is { } sourceId)
        {
            source = c.Source.Kind switch
            {
                "inspection" => await session.LoadAsync<Inspection>(sourceId, ct) is { } i ? new SourceCase(i.Id, i.JurisdictionPath, i.UnitId) : null,
                "rectification" => await session.LoadAsync<Rectification>(sourceId, ct) is { } r ? new SourceCase(r.Id, r.JurisdictionPath, r.UnitId) : null,
                "complaint" => await session.LoadAsync<Complaint>(sourceId, ct) is { } p ? new SourceCase(p.Id, p.JurisdictionPath, p.UnitId) : null,
                "referral" => await session.LoadAsync<Referral>(sourceId, ct) is { } f ? SourceCase.Of(f, actor) : null,
                _ => null,
            };
        }
        var ids = (c.InvestigatorIds ?? []).Concat((c.ResponsiblePersons ?? []).Select(p => p?.UserId))
            .Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim()).Distinct().Take(MaxInvestigators + MaxResponsiblePersons + 2).ToArray();
        var staff = ids.Length == 0 ? [] : await session.LoadManyAsync<AppUser>(ct, ids);
        var id = Idempotency.NewId(http); // a retried Idempotency-Key collides on the stream id: nothing is opened twice
        var now = clock.GetUtcNow();
        var opened = Decide(c, actor, unit, source, staff.ToList(), id, now, calendar);
        var created = new SanctionCaseCreated(id, 1);
        Idempotency.Remember(session, http, 201, created, now);
        return (Results.Created($"/api/sanction-cases/{id}", created),
            MartenOps.StartStream<SanctionCase>(id, opened), SanctionClocks.ScheduleDecision(id, opened.DecisionDueOn));
    }

    private static (SanctionCaseUpdated, Events) Updated(SanctionCase c, DateTimeOffset now, object step)
    {
        var events = new Events();
        events.AddRange(SanctionClocks.Lapsed(c, now));
        events.Add(step);
        return (new SanctionCaseUpdated(c.Id, c.Version + events.Count), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/evidence", OperationId = "AddSanctionEvidence")]
    public static async Task<(SanctionCaseUpdated, Events)> Evidence(AddEvidence cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        TimeProvider clock, IDocumentSession session, Supervision.Files.IFileStore fileStore, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var actor = Actor.From(user);
        Decide(sanctionCase, cmd, actor, now); // refuse before looking up the files
        var files = await Supervision.Files.EvidenceFiles.ResolveAsync(session, fileStore, cmd.EvidenceFiles, SanctionRecordings.Team(sanctionCase), "evidenceFiles", ct);
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, actor, now, files));
    }

    [WolverinePost("/api/sanction-cases/{id}/investigation-report", OperationId = "ReportSanctionInvestigation")]
    public static (SanctionCaseUpdated, Events) Report(ReportInvestigation cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/notice", OperationId = "IssuePenaltyNotice")]
    public static async Task<(SanctionDocumentIssued, Events)> Notice(IssuePenaltyNotice cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        IDocumentSession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        CheckNotice(sanctionCase, cmd, actor, calendar, now); // refuse before taking a number
        var number = await TakeNumber(session, sanctionCase, DocumentTypes.PenaltyNotice, now, ct);
        var (_, events) = Updated(sanctionCase, now, DecideNotice(sanctionCase, cmd, actor, calendar, now, number));
        return (new SanctionDocumentIssued(sanctionCase.Id, sanctionCase.Version + events.Count, number), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/heavier-penalty-justification", OperationId = "JustifySanctionHeavierPenalty")]
    public static (SanctionCaseUpdated, Events) JustifyHeavier(JustifyHeavierPenalty cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/supplementary-investigation", OperationId = "OpenSanctionSupplementaryInvestigation")]
    public static (SanctionCaseUpdated, Events) SupplementaryInvestigation(OpenSupplementaryInvestigation cmd, [WriteAggregate] SanctionCase sanctionCase,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/defence", OperationId = "RecordSanctionDefence")]
    public static (SanctionCaseUpdated, Events) Defence(RecordDefence cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/defence-waiver", OperationId = "WaiveSanctionDefence")]
    public static (SanctionCaseUpdated, Events) Waive(WaiveDefence cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/hearing-request", OperationId = "RequestSanctionHearing")]
    public static (SanctionCaseUpdated, Events) RequestHearing(RequestHearing cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/hearing", OperationId = "ScheduleSanctionHearing")]
    public static async Task<(SanctionDocumentIssued, Events)> ScheduleHearing(ScheduleHearing cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        IDocumentSession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var chair = string.IsNullOrWhiteSpace(cmd.ChairId) || cmd.ChairId.Length > 100 ? null : await session.LoadAsync<AppUser>(cmd.ChairId, ct);
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        Decide(sanctionCase, cmd, actor, chair, calendar, now); // refuse before taking a number
        var number = await TakeNumber(session, sanctionCase, DocumentTypes.HearingNotice, now, ct);
        var (_, events) = Updated(sanctionCase, now, Decide(sanctionCase, cmd, actor, chair, calendar, now, number));
        return (new SanctionDocumentIssued(sanctionCase.Id, sanctionCase.Version + events.Count, number), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/filing-approval", OperationId = "ApproveSanctionCaseFiling")]
    public static async Task<(SanctionDocumentIssued, Events)> FilingApproval(ApproveCaseFiling cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        Decide(sanctionCase, cmd, actor, now); // refuse before taking a number
        var number = await TakeNumber(session, sanctionCase, DocumentTypes.FilingApproval, now, ct);
        var (_, events) = Updated(sanctionCase, now, Decide(sanctionCase, cmd, actor, now, number));
        return (new SanctionDocumentIssued(sanctionCase.Id, sanctionCase.Version + events.Count, number), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/inquiries", OperationId = "RecordSanctionInquiry")]
    public static async Task<(SanctionDocumentIssued, Events)> Inquiry(RecordInquiry cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        Decide(sanctionCase, cmd, actor, now); // refuse before taking a number
        var number = await TakeNumber(session, sanctionCase, DocumentTypes.InquiryRecord, now, ct);
        var (_, events) = Updated(sanctionCase, now, Decide(sanctionCase, cmd, actor, now, number));
        return (new SanctionDocumentIssued(sanctionCase.Id, sanctionCase.Version + events.Count, number), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/hearing/held", OperationId = "RecordSanctionHearing")]
    public static async Task<(SanctionDocumentIssued, Events)> HearingHeld(RecordHearing cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        IDocumentSession session, Supervision.Files.IFileStore fileStore, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        Decide(sanctionCase, cmd, actor, now); // refuse before looking up files or taking a number
        var files = await Supervision.Files.EvidenceFiles.ResolveAsync(session, fileStore, cmd.EvidenceFiles, SanctionRecordings.Team(sanctionCase), "evidenceFiles", ct);
        var number = await TakeNumber(session, sanctionCase, DocumentTypes.HearingRecord, now, ct);
        var (_, events) = Updated(sanctionCase, now, Decide(sanctionCase, cmd, actor, now, number, files));
        return (new SanctionDocumentIssued(sanctionCase.Id, sanctionCase.Version + events.Count, number), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/legal-review", OperationId = "CompleteSanctionLegalReview")]
    public static (SanctionCaseUpdated, Events) LegalReview(CompleteLegalReview cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/collective-discussion", OperationId = "RecordSanctionCollectiveDiscussion")]
    public static async Task<(SanctionCaseUpdated, Events)> Discussion(RecordCollectiveDiscussion cmd, [WriteAggregate] SanctionCase sanctionCase,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ids = (cmd.Participants ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct().Take(31).ToArray();
        var staff = ids.Length == 0 ? [] : await session.LoadManyAsync<AppUser>(ct, ids);
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now, staff.ToList()));
    }

    [WolverinePost("/api/sanction-cases/{id}/decision", OperationId = "DecideSanctionPenalty")]
    public static async Task<(SanctionDocumentIssued, Events, OutgoingMessages)> Decision(DecidePenalty cmd, [WriteAggregate] SanctionCase sanctionCase,
        ClaimsPrincipal user, IDocumentSession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        CheckDecision(sanctionCase, cmd, actor, now); // refuse before taking a number
        var number = await TakeNumber(session, sanctionCase, DocumentTypes.PenaltyDecision, now, ct);
        var decided = DecidePenalty(sanctionCase, cmd, actor, calendar, now, number);
        var (_, events) = Updated(sanctionCase, now, decided);
        return (new SanctionDocumentIssued(sanctionCase.Id, sanctionCase.Version + events.Count, number), events, SanctionClocks.ScheduleAfterDecision(decided));
    }

    [WolverinePost("/api/sanction-cases/{id}/no-penalty", OperationId = "DecideSanctionNoPenalty")]
    public static (SanctionCaseUpdated, Events) NoPenalty(DecideNoPenalty cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/delivery", OperationId = "DeliverSanctionDecision")]
    public static (SanctionCaseUpdated, Events) Deliver(DeliverDecision cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        WorkingDayCalendar calendar, IDocumentSession session, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var delivered = Decide(sanctionCase, cmd, Actor.From(user), now, calendar);
        // The decision's row shows its receipt too, so it leaves the board of documents issued and not served.
        if (sanctionCase.DecisionNumber is { } number)
            Documents.DocumentServiceEndpoints.MarkServed(session, number, delivered.DeliveredOn, Documents.DocumentServiceRules.ParseMethodName(delivered.Method));
        return Updated(sanctionCase, now, delivered);
    }

    [WolverinePost("/api/sanction-cases/{id}/publication", OperationId = "PublishSanctionDecision")]
    public static (SanctionCaseUpdated, Events) Publish(PublishDecision cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/publication/withdrawal", OperationId = "WithdrawSanctionPublication")]
    public static (SanctionCaseUpdated, Events) Withdraw(WithdrawPublication cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/close", OperationId = "CloseSanctionCase")]
    public static async Task<(SanctionDocumentIssued, Events)> Close(CloseSanctionCase cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, Supervision.Inspections.FullProcessRecordingOptions recording, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        var services = await Documents.ServiceRecordings.OfCaseAsync(session, sanctionCase.Id, ct);
        Decide(sanctionCase, cmd, actor, now, recording: recording.Mode, services: services); // refuse before taking a number
        var number = await TakeNumber(session, sanctionCase, DocumentTypes.ClosingApproval, now, ct);
        var (_, events) = Updated(sanctionCase, now, Decide(sanctionCase, cmd, actor, now, number, recording.Mode, services));
        return (new SanctionDocumentIssued(sanctionCase.Id, sanctionCase.Version + events.Count, number), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/decision-changes", OperationId = "ChangeSanctionDecision")]
    public static async Task<(SanctionDocumentIssued, Events, OutgoingMessages)> ChangeDecision(ChangeDecision cmd, [WriteAggregate] SanctionCase sanctionCase,
        ClaimsPrincipal user, WorkingDayCalendar calendar, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        Decide(sanctionCase, cmd, actor, calendar, now); // refuse before taking a number
        var number = await TakeNumber(session, sanctionCase, ChangeDocumentType(cmd), now, ct);
        var changed = Decide(sanctionCase, cmd, actor, calendar, now, number);
        var (_, events) = Updated(sanctionCase, now, changed);
        return (new SanctionDocumentIssued(sanctionCase.Id, sanctionCase.Version + events.Count, number), events, SanctionClocks.ScheduleWithdrawal(changed));
    }

    [WolverinePost("/api/sanction-cases/{id}/discipline-recommendations", OperationId = "RecommendSanctionDiscipline")]
    public static async Task<(DisciplineRecommendationIssued, Events, OutgoingMessages)> RecommendDiscipline(RecommendDiscipline cmd,
        [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, WorkingDayCalendar calendar,
        CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        var receiver = string.IsNullOrWhiteSpace(cmd.ReceiverId) || cmd.ReceiverId.Length > 100 ? null : await session.LoadAsync<ReceivingDepartment>(cmd.ReceiverId.Trim(), ct);
        CheckRecommendation(sanctionCase, cmd, actor, now, calendar, receiver); // refuse before taking a number
        var number = await TakeNumber(session, sanctionCase, DocumentTypes.DisciplineRecommendation, now, ct);
        Guid? referralId = sanctionCase.IsArt44 ? Guid.CreateVersion7() : null;
        var recommended = DecideRecommendation(sanctionCase, cmd, actor, Guid.CreateVersion7(), now, number, calendar, receiver, referralId);
        var (_, events) = Updated(sanctionCase, now, recommended);
        var outgoing = SanctionClocks.ScheduleReply(recommended);
        if (referralId is { } id)
        {
            // Art. 44: the 处分建议书 travels to the disciplinary body as a referral, in the same transaction.
            var (sent, referralEvents) = DisciplineReferral.Compose(sanctionCase, recommended, receiver!, actor, id, calendar, now);
            session.Events.StartStream<Referral>(id, referralEvents.ToArray());
            outgoing.AddRange(SendReferralEndpoint.Outgoing(sent));
        }
        return (new DisciplineRecommendationIssued(sanctionCase.Id, sanctionCase.Version + events.Count, recommended.RecommendationId, number, referralId),
            events, outgoing);
    }

    [WolverinePost("/api/sanction-cases/{id}/discipline-recommendations/{recommendationId}/reply", OperationId = "ReceiveSanctionDisciplineReply")]
    public static async Task<(SanctionCaseUpdated, Events)> DisciplineReply(ReceiveDisciplineReply cmd, Guid recommendationId, [WriteAggregate] SanctionCase sanctionCase,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reply = Decide(sanctionCase, recommendationId, cmd, Actor.From(user), now);
        var events = new Events();
        events.AddRange(SanctionClocks.Lapsed(sanctionCase, now));
        events.Add(reply);
        if (ClosedByReply(sanctionCase, reply) is { } closed) events.Add(closed); // Art. 44: the reply ends the case
        // Art. 44: the referral that carried the 处分建议书 records the body's answer and is done (with its version: 409 on a race).
        if (sanctionCase.Recommendation(recommendationId)?.ReferralId is { } referralId && await session.LoadAsync<Referral>(referralId, ct) is { } referral)
        {
            var answered = DisciplineReferral.Replied(referral, reply);
            if (answered.Count > 0) session.Events.Append(referral.Id, referral.Version + answered.Count, answered.ToArray());
        }
        return (new SanctionCaseUpdated(sanctionCase.Id, sanctionCase.Version + events.Count), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/no-misconduct-finding", OperationId = "FindSanctionNoMisconduct")]
    public static (SanctionCaseUpdated, Events) NoMisconduct(FindNoMisconduct cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var found = Decide(sanctionCase, cmd, Actor.From(user), now);
        var (_, events) = Updated(sanctionCase, now, found);
        events.Add(new SanctionCaseClosed(sanctionCase.Id, found.FoundBy, found.FoundAt)); // the case's clocks and board entries end as on any closing
        return (new SanctionCaseUpdated(sanctionCase.Id, sanctionCase.Version + events.Count), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/criminal-transfer-proposals", OperationId = "ProposeSanctionCriminalTransfer")]
    public static (SanctionCaseUpdated, Events, OutgoingMessages) ProposeTransfer(ProposeCriminalTransfer cmd, [WriteAggregate] SanctionCase sanctionCase,
        ClaimsPrincipal user, WorkingDayCalendar calendar, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var proposed = Decide(sanctionCase, cmd, Actor.From(user), calendar, now);
        var (updated, events) = Updated(sanctionCase, now, proposed);
        return (updated, events, SanctionClocks.ScheduleTransferDecision(proposed));
    }

    [WolverinePost("/api/sanction-cases/{id}/criminal-transfer-decisions", OperationId = "DecideSanctionCriminalTransfer")]
    public static (SanctionCaseUpdated, Events, OutgoingMessages) TransferDecision(DecideCriminalTransfer cmd, [WriteAggregate] SanctionCase sanctionCase,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var decided = Decide(sanctionCase, cmd, Actor.From(user), now);
        var (updated, events) = Updated(sanctionCase, now, decided);
        return (updated, events, SanctionClocks.ScheduleTransferLetter(decided));
    }

    [WolverinePost("/api/sanction-cases/{id}/criminal-transfers", OperationId = "TransferSanctionCriminalCase")]
    public static async Task<(SanctionDocumentIssued, Events)> Transfer(TransferCriminalCase cmd, [WriteAggregate] SanctionCase sanctionCase,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        CheckTransfer(sanctionCase, cmd, actor); // refuse before taking a number
        var number = await TakeNumber(session, sanctionCase, DocumentTypes.CriminalTransfer, now, ct);
        var (_, events) = Updated(sanctionCase, now, DecideTransfer(sanctionCase, cmd, actor, now, number));
        return (new SanctionDocumentIssued(sanctionCase.Id, sanctionCase.Version + events.Count, number), events);
    }

    [WolverinePost("/api/sanction-cases/{id}/recusal-requests", OperationId = "RequestSanctionRecusal")]
    public static (SanctionCaseUpdated, Events) RequestRecusal(RequestSanctionRecusal cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), Guid.CreateVersion7(), now));
    }

    [WolverinePost("/api/sanction-cases/{id}/recusal-decisions", OperationId = "DecideSanctionRecusal")]
    public static async Task<(SanctionCaseUpdated, Events)> DecideRecusal(DecideSanctionRecusal cmd, [WriteAggregate] SanctionCase sanctionCase,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var replacement = string.IsNullOrWhiteSpace(cmd.ReplacementId) || cmd.ReplacementId.Length > 100 ? null : await session.LoadAsync<AppUser>(cmd.ReplacementId.Trim(), ct);
        var party = sanctionCase.PartyUnitId is { } unitId ? await session.LoadAsync<SupervisedUnit>(unitId, ct) : null;
        var now = clock.GetUtcNow();
        return Updated(sanctionCase, now, Decide(sanctionCase, cmd, Actor.From(user), replacement, party, now));
    }

    /// <summary>The number belongs to the department handling the case (立案机关).</summary>
    private static Task<string> TakeNumber(IDocumentSession session, SanctionCase c, string type, DateTimeOffset now, CancellationToken ct) =>
        DocumentNumbers.IssueAsync(session, JurisdictionCatalogue.Find(c.DepartmentId)!, type, c.Id, "sanction", c.JurisdictionPath, now, ct);
}
