using Supervision.CaseRecords;
using Supervision.Referrals;
using Supervision.Shared;

namespace Supervision.Web.Pages.Referrals;

public sealed record ReferralListView(Actor Actor, ReferralPage Received, ReferralPage Sent, bool AwaitingReply, WorkingDayCalendar Calendar, DateOnly Today);

public sealed record NewReferralView(Actor Actor, IReadOnlyList<ReceivingDepartmentView> Departments, string SourceKind, Guid? SourceId);

/// <summary>The referral, its record, and which steps <see cref="ReferralSteps"/> opens to the reader now (form ids).</summary>
public sealed record ReferralCaseView(Actor Actor, Referral R, bool Sender, IReadOnlyList<CaseHistoryEntry> History, IReadOnlySet<string> Open, bool Closed);

/// <summary>The names the referral pages show.</summary>
public static class ReferralNames
{
    public static readonly (string Value, string Label)[] Kinds =
    [
        ("case_transfer", "案件移送"), ("information_sharing", "信息通报"), ("joint_enforcement", "联合执法"), ("comprehensive_inspection", "综合检查"),
    ];

    public static readonly (string Value, string Label)[] SourceKinds =
        [("direct", "直接移送"), ("inspection", "监督检查"), ("rectification", "责令限期改正"), ("complaint", "投诉举报"), ("sanction", "行政处罚案件")];

    public static readonly (string Value, string Label)[] Outcomes =
        [("case_opened", "已立案"), ("no_case", "不予立案"), ("handled", "已处理"), ("other", "其他")];

    public static string Kind(ReferralKind k) => ReferralDocument.KindTitle(k);

    public static string Status(ReferralStatus s) => s switch
    {
        ReferralStatus.Sent => "已发送，送达中",
        ReferralStatus.Delivered => "已送达，待签收",
        ReferralStatus.DeliveryFailed => "送达失败",
        ReferralStatus.Acknowledged => "已签收，待反馈",
        ReferralStatus.FeedbackGiven => "已反馈",
        ReferralStatus.ReconsiderationRequested => "已申请复议，待再次反馈",
        _ => "已办结",
    };

    public static string Delivery(DeliveryMethod d) => d switch
    {
        DeliveryMethod.Internal => "系统内送达",
        DeliveryMethod.Webhook => "电子送达（接口）",
        _ => "书面函件",
    };

    public static string DepartmentKind(DepartmentKind k) => k switch
    {
        Supervision.Referrals.DepartmentKind.DisciplineInspection => "纪检监察机关",
        Supervision.Referrals.DepartmentKind.PublicSecurity => "公安机关",
        Supervision.Referrals.DepartmentKind.CyberspaceData => "网信部门",
        Supervision.Referrals.DepartmentKind.Secrecy => "保密行政管理部门",
        Supervision.Referrals.DepartmentKind.MarketRegulation => "市场监督管理部门",
        _ => "档案主管部门",
    };

    public static string Outcome(FeedbackOutcome o) => o switch
    {
        FeedbackOutcome.CaseOpened => "已立案",
        FeedbackOutcome.NoCase => "不予立案",
        FeedbackOutcome.Handled => "已处理",
        _ => "其他",
    };

    public static string SourceKind(ReferralSourceKind k) => SourceKinds.First(s => s.Value == k.ToString().ToLowerInvariant()).Label;

    public static string? SourceUrl(ReferralSource s) => s.Id is not { } id ? null : s.Kind switch
    {
        ReferralSourceKind.Inspection => $"/inspections/{id}",
        ReferralSourceKind.Rectification => $"/rectifications/{id}",
        ReferralSourceKind.Complaint => $"/complaints/{id}",
        ReferralSourceKind.Sanction => $"/sanction-cases/{id}",
        _ => null,
    };
}
