using Supervision.CaseRecords;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Web.Pages.Sanctions;

public sealed record SanctionListView(Actor Actor, string? Status, Supervision.Sanctions.SanctionCasePage Result);

public sealed record OpenSanctionView(Actor Actor, IReadOnlyList<SupervisedUnit> Units, IReadOnlyList<AppUser> Staff, IReadOnlyList<AppUser> Investigators,
    string SourceKind, Guid? SourceId);

/// <summary>
/// The case and what the reader may do on it now: <see cref="Open"/> holds the ids of the forms whose step the case's
/// deciders accept for this reader (the endpoint asks them); the rest is what those forms list.
/// </summary>
public sealed record SanctionCaseView(Actor Actor, SanctionCase C, IReadOnlyList<CaseHistoryEntry> History, bool Closed,
    WorkingDayCalendar Calendar, DateTimeOffset Now, DateOnly Today, IReadOnlySet<string> Open,
    DateOnly HearingEarliest, IReadOnlyList<AppUser> Chairs, IReadOnlyList<AppUser> Leaders,
    string? DecisionRefused, string? CloseRefused, IReadOnlyList<DisciplineRecommendation> RepliesOpen,
    IReadOnlyList<Supervision.Referrals.ReceivingDepartment>? DisciplinaryBodies = null,
    IReadOnlyList<Supervision.Documents.DocumentService>? Services = null);

/// <summary>The names and choices the sanction pages show.</summary>
public static class SanctionNames
{
    public static readonly (string Value, string Label)[] Statuses =
    [
        ("investigating", "调查中"), ("reported", "调查终结"), ("noticed", "已事先告知"), ("decided", "已作出处罚决定"), ("closed", "已结案"),
    ];

    public static readonly (string Value, string Label)[] Scopes =
        [("unit", SanctionDocuments.ScopeText(PenaltyScope.Unit)), ("jurisdiction", SanctionDocuments.ScopeText(PenaltyScope.Jurisdiction)), ("public", SanctionDocuments.ScopeText(PenaltyScope.Public))];

    public static readonly (string Value, string Label)[] Severities = [("ordinary", "一般案件"), ("major", "重大案件"), ("complex", "复杂案件")];

    public static readonly (string Value, string Label)[] SourceKinds =
        [("direct", "直接立案"), ("inspection", "监督检查"), ("rectification", "责令限期改正"), ("complaint", "投诉举报"), ("referral", "移送案件")];

    // 《中华人民共和国行政处罚法》第四十六条: the kinds of evidence.
    public static readonly string[] EvidenceKinds = ["书证", "物证", "视听资料", "电子数据", "证人证言", "当事人的陈述", "鉴定意见", "勘验笔录", "现场笔录"];
    public static readonly string[] DeliveryMethods = ["直接送达", "留置送达", "邮寄送达", "委托送达", "电子送达", "公告送达"];

    public static string Status(SanctionCase c) => c.Status switch
    {
        SanctionStatus.Investigating => "调查中",
        SanctionStatus.Reported => "调查终结，待事先告知",
        SanctionStatus.Noticed => "已事先告知，待决定",
        SanctionStatus.Decided => "已作出处罚决定",
        _ when c.NoPenaltyReason is not null => "不予处罚，已结案",
        _ => "已结案",
    };

    public static string Source(SanctionSourceKind k) => SourceKinds.FirstOrDefault(s => s.Value == k.ToString().ToLowerInvariant()).Label ?? k.ToString();

    public static string? SourceUrl(SanctionSource s) => s.Id is not { } id ? null : s.Kind switch
    {
        SanctionSourceKind.Inspection => $"/inspections/{id}",
        SanctionSourceKind.Rectification => $"/rectifications/{id}",
        SanctionSourceKind.Complaint => $"/complaints/{id}",
        SanctionSourceKind.Referral => $"/referrals/{id}",
        _ => null,
    };


    public static string ScopeCode(PenaltyScope? s) => s switch
    {
        PenaltyScope.Unit => "unit",
        PenaltyScope.Public => "public",
        _ => "jurisdiction",
    };

    public static bool Overdue(SanctionCase c) =>
        c.DecisionOverdue || c.DeliveryOverdue || c.PublicationOverdue || c.PublicationWithdrawalOverdue || c.TransferDecisionOverdue
        || c.TransferLetterOverdue || c.DisciplineRecommendations.Any(r => r.Status == DisciplineReplyStatus.Overdue);

    public static string Transfer(CriminalTransferStatus s) => s switch
    {
        CriminalTransferStatus.Proposed => "已提出移送建议，待负责人决定",
        CriminalTransferStatus.Approved => "负责人已批准移送，待制作移送书",
        CriminalTransferStatus.Rejected => "负责人决定不予移送",
        CriminalTransferStatus.Transferred => "已移送公安机关",
        _ => "—",
    };

    /// <summary>The legal clocks of the case (R16, R19, R21) with their state.</summary>
    public static IReadOnlyList<(string Name, string Due, string State, bool Overdue)> Deadlines(SanctionCase c, WorkingDayCalendar calendar, DateTimeOffset now, DateOnly today)
    {
        string Days(DateOnly due) => Shared.Fmt.DaysLeft(calendar, today, due, "（已过期）");
        static string Date(DateOnly? d) => Shared.Fmt.Date(d);
        var rows = new List<(string Name, string Due, string State, bool Overdue)>();
        rows.Add(("作出处罚决定（立案之日起九十日）", Date(c.DecisionDueOn),
            c.DecidedOn is { } decided ? $"已于 {Date(decided)} 决定" : c.DecisionOverdue ? "已逾期" : Days(c.DecisionDueOn), c.DecisionOverdue));
        if (c.DefenceDeadline is { } defence)
            rows.Add(("陈述、申辩、要求听证（五个工作日）", Date(defence),
                c.DefenceWaived ? "当事人已放弃" : now >= SanctionSteps.DefenceEndsAt(c) ? "已届满" : "期间内" + Days(defence), false));
        if (c.HearingOn is { } hearing)
            rows.Add(("听证", Date(hearing), c.HearingHeld ? "已举行" : "待举行", false));
        if (c.DeliveryDueOn is { } delivery)
            rows.Add(("送达处罚决定书（七个工作日）", Date(delivery),
                c.DeliveredOn is { } on ? $"已于 {Date(on)} 送达" : c.DeliveryOverdue ? "已逾期" : "待送达" + Days(delivery), c.DeliveryOverdue && c.DeliveredOn is null));
        if (c.PublicationDueOn is { } publication)
            rows.Add(("公开处罚决定（七个工作日）", Date(publication),
                c.Published ? "已公开" : c.PublicationWithdrawn ? "已撤回" : c.DecisionRevoked ? "决定已撤销，不公开" : c.PublicationOverdue ? "已逾期" : "待公开" + Days(publication),
                c.PublicationOverdue && !c.Published));
        if (c.WithdrawalDueOn is { } withdrawal)
            rows.Add(("撤回已公开的决定（三个工作日）", Date(withdrawal),
                !c.WithdrawalPending ? "已撤回" : c.PublicationWithdrawalOverdue ? "已逾期" : "待撤回" + Days(withdrawal), c.WithdrawalPending && c.PublicationWithdrawalOverdue));
        if (c.TransferDecisionDueOn is { } transferDecision)
            rows.Add(("负责人决定是否移送公安机关（三个工作日）", Date(transferDecision),
                c.CriminalTransfer == CriminalTransferStatus.Proposed ? (c.TransferDecisionOverdue ? "已逾期" : "待决定") : "已决定",
                c.CriminalTransfer == CriminalTransferStatus.Proposed && c.TransferDecisionOverdue));
        if (c.TransferDueAt is { } letter)
            rows.Add(("制作涉嫌犯罪案件移送书（批准后二十四小时）", Shared.Fmt.Time(letter),
                c.CriminalTransfer == CriminalTransferStatus.Transferred ? "已移送" : c.TransferLetterOverdue ? "已逾期" : "待移送",
                c.CriminalTransfer == CriminalTransferStatus.Approved && c.TransferLetterOverdue));
        return rows;
    }
}
