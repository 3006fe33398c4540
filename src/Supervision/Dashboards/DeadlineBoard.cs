using JasperFx.Events;
using Supervision.Complaints;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;

namespace Supervision.Dashboards;

/// <summary>
/// One legal clock of one case on the deadline board (id "{caseId}:{clock}", or "{caseId}:{clock}:{itemId}" for a
/// clock per item such as the reply to each 处分建议书). Built by <see cref="DeadlineBoardProjection"/>: the events
/// decide the due date and the status; the descriptive fields (title, owners, jurisdiction, Art. 44 exclusions) come
/// from the case's inline snapshot.
/// </summary>
public sealed class DeadlineEntry
{
    public string Id { get; set; } = "";
    /// <summary>rectification, complaint, sanction or referral (<see cref="DeadlineCaseKinds"/>).</summary>
    public string CaseKind { get; set; } = "";
    public Guid CaseId { get; set; }
    /// <summary>See <see cref="DeadlineClocks"/>.</summary>
    public string Clock { get; set; } = "";
    /// <summary>The 处分建议书 of a discipline_reply clock; null otherwise.</summary>
    public Guid? ItemId { get; set; }
    /// <summary>What is due, in Chinese (e.g. 整改期限).</summary>
    public string ClockName { get; set; } = "";
    /// <summary>The unit, party or receiving department the case is about.</summary>
    public string Subject { get; set; } = "";
    /// <summary>文号 or 受理编号, when there is one.</summary>
    public string? DocumentNumber { get; set; }
    public string Title { get; set; } = "";
    public DateOnly DueOn { get; set; }
    /// <summary>Counted on weekends only: the holiday calendar of its year was not published yet (暂定).</summary>
    public bool Provisional { get; set; }
    /// <summary>For clocks counted in hours (R21: the transfer letter within 24 hours).</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>open, overdue or done (<see cref="DeadlineStatuses"/>).</summary>
    public string Status { get; set; } = DeadlineStatuses.Open;
    public DateTimeOffset? OverdueSince { get; set; }
    /// <summary>Where the clock stands when that is not obvious (e.g. concluded, the complainant not yet told).</summary>
    public string? Note { get; set; }
    /// <summary>User names of the staff responsible: inspectors, handler, investigators or sender.</summary>
    public string[] Owners { get; set; } = [];
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    /// <summary>R22: staff named in an Art. 44 case; the board never shows them the entry.</summary>
    public string[] ExcludedUserIds { get; set; } = [];
    /// <summary>Stored as its own column: almost no entry has exclusions, so queries test this before the JSON.</summary>
    public bool HasExclusions { get => ExcludedUserIds.Length > 0; set { } }
}

public static class DeadlineCaseKinds
{
    public const string Rectification = "rectification";
    public const string Complaint = "complaint";
    public const string Sanction = "sanction";
    public const string Referral = "referral";
    /// <summary>R25: a department's annual statistics (not a case; computed, see <see cref="StatisticsPublicationClock"/>).</summary>
    public const string Statistics = "statistics";
    public static readonly string[] All = [Rectification, Complaint, Sanction, Referral, Statistics];
}

public static class DeadlineStatuses
{
    public const string Open = "open";
    public const string Overdue = "overdue";
    public const string Done = "done";
    public static readonly string[] All = [Open, Overdue, Done];
}

/// <summary>The clocks on the board and their Chinese names.</summary>
public static class DeadlineClocks
{
    public const string RectificationDeadline = "rectification_deadline";
    public const string ComplaintAcceptance = "complaint_acceptance";
    public const string ComplaintHandling = "complaint_handling";
    public const string DefencePeriod = "defence_period";
    public const string Decision = "decision";
    public const string Delivery = "delivery";
    public const string Publication = "publication";
    public const string PublicationWithdrawal = "publication_withdrawal";
    public const string DisciplineReply = "discipline_reply";
    public const string TransferDecision = "transfer_decision";
    public const string TransferLetter = "transfer_letter";
    public const string ReferralReply = "referral_reply";
    public const string StatisticsPublication = "statistics_publication";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [RectificationDeadline] = "整改期限",
        [ComplaintAcceptance] = "投诉受理期限",
        [ComplaintHandling] = "投诉办理及告知期限",
        [DefencePeriod] = "陈述申辩期限",
        [Decision] = "处罚决定期限",
        [Delivery] = "决定书送达期限",
        [Publication] = "处罚决定公开期限",
        [PublicationWithdrawal] = "撤回公开期限",
        [DisciplineReply] = "处分建议书回复期限",
        [TransferDecision] = "涉嫌犯罪移送决定期限",
        [TransferLetter] = "涉嫌犯罪案件移送期限",
        [ReferralReply] = "移送回复期限",
        [StatisticsPublication] = "统计公布期限",
    };

    /// <summary>The clocks a sanction case's closing settles (the discipline replies are owed by others and stay).</summary>
    public static readonly string[] SettledByClosing = [Decision, DefencePeriod, Delivery, Publication, PublicationWithdrawal, TransferDecision, TransferLetter];

    public static string EntryId(Guid caseId, string clock, Guid? itemId = null) =>
        itemId is null ? $"{caseId}:{clock}" : $"{caseId}:{clock}:{itemId}";
}

/// <summary>What the board shows of a case whatever the clock; taken from the case's inline snapshot.</summary>
public sealed record DeadlineCaseFacts(
    string CaseKind, string Subject, string[] Owners, string JurisdictionId, string JurisdictionPath, string[] ExcludedUserIds)
{
    public static DeadlineCaseFacts Of(Rectification r) => new(DeadlineCaseKinds.Rectification, r.UnitName,
        r.Inspectors.Select(i => i.UserName).ToArray(), r.JurisdictionId, r.JurisdictionPath, []);

    /// <summary>The assigned handler, or whoever registered the complaint until one is assigned.</summary>
    public static DeadlineCaseFacts Of(Complaint c) => new(DeadlineCaseKinds.Complaint, c.UnitName,
        [c.HandlerId ?? c.RegisteredBy], c.JurisdictionId, c.JurisdictionPath, []);

    public static DeadlineCaseFacts Of(SanctionCase c) => new(DeadlineCaseKinds.Sanction, c.PartyName,
        c.Investigators.Select(i => i.UserName).ToArray(), c.JurisdictionId, c.JurisdictionPath, c.ExcludedUserIds);

    /// <summary>
    /// A referral is tracked by the sending department, which waits for the reply; one made from an Art. 44 case is not
    /// shown to the staff named in that case (R22).
    /// </summary>
    public static DeadlineCaseFacts Of(Referral r) => new(DeadlineCaseKinds.Referral, r.ReceiverName,
        [r.SentBy], r.SenderJurisdictionId, r.SenderJurisdictionPath, r.ExcludedUserIds);
}

/// <summary>
/// A case event routed to one board entry, with the facts of its case. The projection's grouping wraps each event
/// so that <see cref="DeadlineBoardProjection.Evolve"/> stays a pure function of (entry, facts, event).
/// </summary>
public sealed record DeadlineInput(DeadlineCaseFacts Facts, object Event);

/// <summary>The pure rules of the deadline board: which entries an event touches, and what it does to each.</summary>
public static class DeadlineBoard
{
    /// <summary>
    /// The event types the board reads (those <see cref="CaseKindOf"/> knows). The projection loads only these: without the
    /// list Marten's daemon reads and deserialises every event of the store (a unit test keeps the two in step).
    /// </summary>
    public static readonly Type[] EventTypes =
    [
        typeof(RectificationOrdered), typeof(DeadlineExtended), typeof(RectificationDeadlineRecalculated), typeof(ReinspectionPassed),
        typeof(RectificationOverdue),
        typeof(ComplaintReceived), typeof(AcceptanceDecided), typeof(AcceptanceOverdue), typeof(ComplaintAssigned), typeof(HandlingExtended),
        typeof(ComplaintConcluded), typeof(ComplainantNotified), typeof(HandlingOverdue), typeof(NotificationOverdue), typeof(ComplaintClosed),
        typeof(SanctionCaseOpened), typeof(DecisionOverdue), typeof(PenaltyNoticeIssued), typeof(PenaltyNoticeServed),
        typeof(SupplementaryInvestigationOpened), typeof(DefenceWaived), typeof(HearingRequested), typeof(PenaltyDecided), typeof(NoPenaltyDecided),
        typeof(DecisionDelivered), typeof(DeliveryOverdue), typeof(DecisionPublished), typeof(PublicationOverdue), typeof(DecisionChanged),
        typeof(PublicationWithdrawn), typeof(PublicationWithdrawalOverdue), typeof(DisciplineRecommended), typeof(DisciplineReplyReceived),
        typeof(DisciplineReplyOverdue), typeof(CriminalTransferProposed), typeof(CriminalTransferDecided), typeof(TransferDecisionOverdue),
        typeof(CriminalCaseTransferred), typeof(TransferLetterOverdue), typeof(SanctionCaseClosed),
        typeof(ReferralSent), typeof(ReferralAcknowledged), typeof(FeedbackGiven), typeof(ReferralClosed), typeof(ReplyOverdue),
        typeof(ComplaintClockRecounted), typeof(SanctionClockRecounted), typeof(ReferralClockRecounted),
    ];

    /// <summary>The case kind of an event the board reads; null for events it ignores.</summary>
    public static string? CaseKindOf(object data) => data switch
    {
        RectificationOrdered or DeadlineExtended or RectificationDeadlineRecalculated or ReinspectionPassed or RectificationOverdue => DeadlineCaseKinds.Rectification,
        ComplaintReceived or AcceptanceDecided or AcceptanceOverdue or ComplaintAssigned or HandlingExtended or ComplaintConcluded
            or ComplainantNotified or HandlingOverdue or NotificationOverdue or ComplaintClosed => DeadlineCaseKinds.Complaint,
        SanctionCaseOpened or DecisionOverdue or PenaltyNoticeIssued or PenaltyNoticeServed or SupplementaryInvestigationOpened or DefenceWaived or HearingRequested
            or PenaltyDecided or NoPenaltyDecided or DecisionDelivered or DeliveryOverdue or DecisionPublished or PublicationOverdue or DecisionChanged or PublicationWithdrawn
            or PublicationWithdrawalOverdue or DisciplineRecommended or DisciplineReplyReceived or DisciplineReplyOverdue
            or CriminalTransferProposed or CriminalTransferDecided or TransferDecisionOverdue or CriminalCaseTransferred
            or TransferLetterOverdue or SanctionCaseClosed => DeadlineCaseKinds.Sanction,
        ReferralSent or ReferralAcknowledged or FeedbackGiven or ReferralClosed or ReplyOverdue => DeadlineCaseKinds.Referral,
        ComplaintClockRecounted => DeadlineCaseKinds.Complaint,
        SanctionClockRecounted => DeadlineCaseKinds.Sanction,
        ReferralClockRecounted => DeadlineCaseKinds.Referral,
        _ => null,
    };

    /// <summary>The entries (case × clock) an event of case <paramref name="caseId"/> touches.</summary>
    public static IEnumerable<string> EntriesFor(Guid caseId, object data)
    {
        string Id(string clock) => DeadlineClocks.EntryId(caseId, clock);
        return data switch
        {
            RectificationOrdered or DeadlineExtended or RectificationDeadlineRecalculated or ReinspectionPassed or RectificationOverdue => [Id(DeadlineClocks.RectificationDeadline)],

            ComplaintReceived or ComplaintClosed => [Id(DeadlineClocks.ComplaintAcceptance), Id(DeadlineClocks.ComplaintHandling)],
            AcceptanceDecided or AcceptanceOverdue => [Id(DeadlineClocks.ComplaintAcceptance)],
            ComplaintAssigned or HandlingExtended or ComplaintConcluded or ComplainantNotified or HandlingOverdue or NotificationOverdue
                => [Id(DeadlineClocks.ComplaintHandling)],

            SanctionCaseOpened or DecisionOverdue => [Id(DeadlineClocks.Decision)],
            PenaltyNoticeIssued or PenaltyNoticeServed or SupplementaryInvestigationOpened or DefenceWaived or HearingRequested => [Id(DeadlineClocks.DefencePeriod)],
            PenaltyDecided => [Id(DeadlineClocks.Decision), Id(DeadlineClocks.DefencePeriod), Id(DeadlineClocks.Delivery), Id(DeadlineClocks.Publication)],
            NoPenaltyDecided => [Id(DeadlineClocks.Decision), Id(DeadlineClocks.DefencePeriod)],
            DecisionDelivered or DeliveryOverdue => [Id(DeadlineClocks.Delivery)],
            DecisionPublished or PublicationOverdue => [Id(DeadlineClocks.Publication)],
            DecisionChanged => [Id(DeadlineClocks.Delivery), Id(DeadlineClocks.Publication), Id(DeadlineClocks.PublicationWithdrawal)],
            PublicationWithdrawn or PublicationWithdrawalOverdue => [Id(DeadlineClocks.PublicationWithdrawal)],
            DisciplineRecommended d => [DeadlineClocks.EntryId(caseId, DeadlineClocks.DisciplineReply, d.RecommendationId)],
            DisciplineReplyReceived d => [DeadlineClocks.EntryId(caseId, DeadlineClocks.DisciplineReply, d.RecommendationId)],
            DisciplineReplyOverdue d => [DeadlineClocks.EntryId(caseId, DeadlineClocks.DisciplineReply, d.RecommendationId)],
            CriminalTransferProposed or TransferDecisionOverdue => [Id(DeadlineClocks.TransferDecision)],
            CriminalTransferDecided => [Id(DeadlineClocks.TransferDecision), Id(DeadlineClocks.TransferLetter)],
            CriminalCaseTransferred or TransferLetterOverdue => [Id(DeadlineClocks.TransferLetter)],
            SanctionCaseClosed => DeadlineClocks.SettledByClosing.Select(Id).ToArray(),

            ReferralSent or ReferralAcknowledged or FeedbackGiven or ReferralClosed or ReplyOverdue => [Id(DeadlineClocks.ReferralReply)],
            ClockRecounted e => [DeadlineClocks.EntryId(caseId, e.Clock, e.ItemId)],
            _ => [],
        };
    }

    /// <summary>
    /// Applies one event to one entry. Only an event that starts a clock creates the entry: anything else for an
    /// entry that does not exist (e.g. a case closing settles a clock that never started) returns null, no document.
    /// An overdue entry stays overdue until the clock is settled or started again; a settled one stays done.
    /// </summary>
    public static DeadlineEntry? Apply(DeadlineEntry? snapshot, string id, DeadlineCaseFacts facts, object data)
    {
        var parts = id.Split(':');
        var caseId = Guid.Parse(parts[0]);
        var clock = parts[1];
        var entry = snapshot ?? new DeadlineEntry
        {
            Id = id, CaseId = caseId, Clock = clock, ItemId = parts.Length > 2 ? Guid.Parse(parts[2]) : null,
            ClockName = DeadlineClocks.Names.GetValueOrDefault(clock, clock),
        };
        var started = false;
        void Start(DateOnly dueOn, string? documentNumber = null, DateTimeOffset? dueAt = null)
        {
            started = true;
            entry.DueOn = dueOn; entry.DueAt = dueAt; entry.Status = DeadlineStatuses.Open; entry.OverdueSince = null; entry.Note = null;
            if (documentNumber is not null) entry.DocumentNumber = documentNumber;
        }
        void Move(DateOnly dueOn) => entry.DueOn = dueOn;
        void Overdue(DateTimeOffset at)
        {
            if (entry.Status != DeadlineStatuses.Open) return;
            entry.Status = DeadlineStatuses.Overdue; entry.OverdueSince = at;
        }
        void Done(string? note = null) { entry.Status = DeadlineStatuses.Done; if (note is not null) entry.Note = note; }

        switch (clock, data)
        {
            // A clock counted again when its year's calendar was published (every kind of case)
            case (_, ClockRecounted e): Move(e.DueOn); entry.Provisional = e.Provisional; break;

            // 责令限期改正 (R8, R9)
            case (DeadlineClocks.RectificationDeadline, RectificationOrdered e): Start(e.DueOn, e.DocumentNumber); entry.Provisional = e.DueOnProvisional; break;
            case (DeadlineClocks.RectificationDeadline, DeadlineExtended e): Move(e.NewDueOn); entry.Provisional = e.NewDueOnProvisional; break;
            case (DeadlineClocks.RectificationDeadline, RectificationDeadlineRecalculated e): Move(e.DueOn); entry.Provisional = e.DueOnProvisional; break;
            case (DeadlineClocks.RectificationDeadline, ReinspectionPassed): Done("复查合格"); break;
            case (DeadlineClocks.RectificationDeadline, RectificationOverdue e): Overdue(e.DetectedAt); break;

            // 投诉举报 (R10, R11, R13)
            case (DeadlineClocks.ComplaintAcceptance, ComplaintReceived e): Start(e.AcceptanceDueOn, e.ReceiptNumber); break;
            case (DeadlineClocks.ComplaintAcceptance, AcceptanceDecided): Done(); break;
            case (DeadlineClocks.ComplaintAcceptance, AcceptanceOverdue e): Overdue(e.DetectedAt); break;
            case (DeadlineClocks.ComplaintHandling, ComplaintReceived e): Start(e.HandlingDueOn, e.ReceiptNumber); break;
            case (DeadlineClocks.ComplaintHandling, ComplaintAssigned): break; // the new handler comes with the facts
            case (DeadlineClocks.ComplaintHandling, HandlingExtended e): Move(e.NewDueOn); break;
            case (DeadlineClocks.ComplaintHandling, ComplaintConcluded): entry.Note = "已作出处理结论，待告知投诉人"; break;
            case (DeadlineClocks.ComplaintHandling, ComplainantNotified): Done("已告知投诉人"); break;
            case (DeadlineClocks.ComplaintHandling, HandlingOverdue e): Overdue(e.DetectedAt); break;
            case (DeadlineClocks.ComplaintHandling, NotificationOverdue e): Overdue(e.DetectedAt); break;
            case (_, ComplaintClosed): Done(); break;

            // 行政处罚 (R15, R19)
            case (DeadlineClocks.Decision, SanctionCaseOpened e): Start(e.DecisionDueOn); break;
            case (DeadlineClocks.Decision, DecisionOverdue e): Overdue(e.DetectedAt); break;
            case (DeadlineClocks.Decision, PenaltyDecided e): entry.DocumentNumber = e.DocumentNumber; Done(); break;
            case (DeadlineClocks.Decision, NoPenaltyDecided): Done("不予处罚"); break;
            case (DeadlineClocks.DefencePeriod, PenaltyNoticeIssued e): Start(e.DefenceDeadline, e.DocumentNumber); entry.Note = "告知书尚未送达，期限自收到之日起计算"; break;
            case (DeadlineClocks.DefencePeriod, PenaltyNoticeServed e) when e.DocumentNumber == entry.DocumentNumber: Move(e.DefenceDeadline); entry.Note = null; break;
            case (DeadlineClocks.DefencePeriod, SupplementaryInvestigationOpened): Done("补充调查，原告知书作废"); break; // the new notice starts it again
            case (DeadlineClocks.DefencePeriod, DefenceWaived): Done("当事人放弃陈述申辩"); break;
            case (DeadlineClocks.DefencePeriod, HearingRequested): Done("当事人要求听证"); break;
            case (DeadlineClocks.DefencePeriod, PenaltyDecided or NoPenaltyDecided): Done(); break;
            case (DeadlineClocks.Delivery, PenaltyDecided e): Start(e.DeliveryDueOn, e.DocumentNumber); break;
            case (DeadlineClocks.Delivery, DecisionDelivered): Done(); break;
            case (DeadlineClocks.Delivery, DeliveryOverdue e): Overdue(e.DetectedAt); break;
            case (DeadlineClocks.Publication, PenaltyDecided { PublicationDueOn: { } due } e): Start(due, e.DocumentNumber); break;
            case (DeadlineClocks.Publication, DecisionPublished): Done(); break;
            case (DeadlineClocks.Publication, PublicationOverdue e): Overdue(e.DetectedAt); break;
            case (DeadlineClocks.Delivery or DeadlineClocks.Publication, DecisionChanged { Kind: DecisionChangeKind.Revoked }): Done("处罚决定已撤销"); break;
            case (DeadlineClocks.PublicationWithdrawal, DecisionChanged { WithdrawalDueOn: { } due }): Start(due); break;
            case (DeadlineClocks.PublicationWithdrawal, PublicationWithdrawn): Done(); break;
            case (DeadlineClocks.PublicationWithdrawal, PublicationWithdrawalOverdue e): Overdue(e.DetectedAt); break;

            // 处分建议书 (R20)
            case (DeadlineClocks.DisciplineReply, DisciplineRecommended e): Start(e.ReplyDueOn, e.DocumentNumber); break;
            case (DeadlineClocks.DisciplineReply, DisciplineReplyReceived): Done(); break;
            case (DeadlineClocks.DisciplineReply, DisciplineReplyOverdue e): Overdue(e.DetectedAt); break;

            // 涉嫌犯罪案件移送 (R21)
            case (DeadlineClocks.TransferDecision, CriminalTransferProposed e): Start(e.DecisionDueOn); break;
            case (DeadlineClocks.TransferDecision, CriminalTransferDecided e): Done(e.Approved ? "已批准移送" : "不予移送"); break;
            case (DeadlineClocks.TransferDecision, TransferDecisionOverdue e): Overdue(e.DetectedAt); break;
            case (DeadlineClocks.TransferLetter, CriminalTransferDecided { Approved: true, TransferDueAt: { } at }):
                Start(WorkingDayCalendar.BeijingToday(at), dueAt: at); break;
            case (DeadlineClocks.TransferLetter, CriminalCaseTransferred e): entry.DocumentNumber = e.DocumentNumber; Done(); break;
            case (DeadlineClocks.TransferLetter, TransferLetterOverdue e): Overdue(e.DetectedAt); break;
            case (_, SanctionCaseClosed): Done(); break;

            // 案件移送 (R23)
            case (DeadlineClocks.ReferralReply, ReferralSent e): Start(e.ReplyDueOn, e.DocumentNumber); break;
            case (DeadlineClocks.ReferralReply, ReferralAcknowledged): Done("已签收"); break;
            case (DeadlineClocks.ReferralReply, FeedbackGiven): Done("已反馈"); break;
            case (DeadlineClocks.ReferralReply, ReferralClosed): Done(); break;
            case (DeadlineClocks.ReferralReply, ReplyOverdue e): Overdue(e.DetectedAt); break;
        }

        if (snapshot is null && !started) return null;
        Describe(entry, facts);
        return entry;
    }

    private static void Describe(DeadlineEntry entry, DeadlineCaseFacts facts)
    {
        entry.CaseKind = facts.CaseKind;
        entry.Subject = facts.Subject;
        entry.Title = string.IsNullOrEmpty(entry.DocumentNumber) ? facts.Subject : $"{facts.Subject} {entry.DocumentNumber}";
        if (facts.Owners.Length > 0) entry.Owners = facts.Owners;
        entry.JurisdictionId = facts.JurisdictionId;
        entry.JurisdictionPath = facts.JurisdictionPath;
        entry.ExcludedUserIds = facts.ExcludedUserIds;
    }
}

/// <summary>
/// R25: each department publishes its enforcement statistics of the previous year by 31 January. No event starts this
/// clock — the year ending does — so its entries are computed when the board is read: one per department in scope for
/// the previous year, open until 31 January, overdue from the end of that day (Beijing time) while unpublished, done
/// once published (noting a late first publication). The department's leaders own it.
/// </summary>
public static class StatisticsPublicationClock
{
    /// <summary>The year whose statistics are due on <paramref name="today"/>'s 31 January.</summary>
    public static int YearDue(DateOnly today) => today.Year - 1;

    public static DateOnly DueOn(int year) => new(year + 1, 1, 31);

    /// <param name="departments">The departments (jurisdictions) in the board's scope.</param>
    /// <param name="published">The publications of <paramref name="year"/> by jurisdiction id.</param>
    /// <param name="leaders">The leaders of each department by jurisdiction id.</param>
    public static IReadOnlyList<DeadlineEntry> Entries(IEnumerable<Jurisdiction> departments, int year,
        IReadOnlyDictionary<string, StatisticsPublication> published, IReadOnlyDictionary<string, string[]> leaders, DateTimeOffset now)
    {
        var due = DueOn(year);
        var overdueAt = WorkingDayCalendar.EndOfDayBeijing(due);
        return departments.Select(d =>
        {
            var caseId = StatisticsPublication.StreamId(d.Id, year);
            var entry = new DeadlineEntry
            {
                Id = DeadlineClocks.EntryId(caseId, DeadlineClocks.StatisticsPublication), CaseKind = DeadlineCaseKinds.Statistics, CaseId = caseId,
                Clock = DeadlineClocks.StatisticsPublication, ClockName = DeadlineClocks.Names[DeadlineClocks.StatisticsPublication],
                Subject = d.DepartmentName, Title = $"{d.DepartmentName} {year}年度档案行政执法统计", DueOn = due,
                Owners = leaders.GetValueOrDefault(d.Id) ?? [], JurisdictionId = d.Id, JurisdictionPath = d.Path,
            };
            if (published.TryGetValue(d.Id, out var p))
            {
                entry.Status = DeadlineStatuses.Done;
                entry.Note = p.FirstPublishedLate ? "逾期发布" : "已发布";
            }
            else if (now >= overdueAt)
            {
                entry.Status = DeadlineStatuses.Overdue;
                entry.OverdueSince = overdueAt;
            }
            return entry;
        }).ToList();
    }
}
