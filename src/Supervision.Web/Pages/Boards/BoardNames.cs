using Supervision.Dashboards;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Sanctions;
using Supervision.Units;

namespace Supervision.Web.Pages.Boards;

/// <summary>The names the board pages show for kinds and states.</summary>
public static class BoardNames
{
    public const int PageSize = 50;

    public static readonly (string Value, string Name)[] CaseKinds =
    [
        (DeadlineCaseKinds.Rectification, "责令限期改正"),
        (DeadlineCaseKinds.Complaint, "投诉举报"),
        (DeadlineCaseKinds.Sanction, "行政处罚（通报批评）"),
        (DeadlineCaseKinds.Referral, "案件移送"),
        (DeadlineCaseKinds.Statistics, "年度执法统计"),
    ];

    public static readonly (string Value, string Name)[] DeadlineStatuses =
    [
        ("", "未结（进行中和已逾期）"),
        (Supervision.Dashboards.DeadlineStatuses.Open, "进行中"),
        (Supervision.Dashboards.DeadlineStatuses.Overdue, "已逾期"),
        (Supervision.Dashboards.DeadlineStatuses.Done, "已完成"),
    ];

    /// <summary>Every figure of the dashboard that has a drill-down (all of them), by section.</summary>
    public static readonly (string Figure, string Name)[] Figures =
    [
        ("inspectionsPlanned", "计划检查"),
        ("inspectionsDrawnAtRandom", "随机抽查"),
        ("inspectionsConcluded", "已结束检查"),
        ("inspectionsCancelled", "已取消检查"),
        ("obstructions", "拒绝、阻碍检查（第四十条）"),
        ("hazards", "发现档案安全隐患"),
        ("ordersIssued", "下达责令限期改正通知书"),
        ("ordersCorrected", "复查通过（整改完成）"),
        ("ordersCorrectedOnTime", "按期整改完成"),
        ("ordersOverdue", "逾期未改正"),
        ("complaintsReceived", "收到投诉举报"),
        ("complaintsAccepted", "受理投诉举报"),
        ("complaintsNotAccepted", "不予受理投诉举报"),
        ("complaintsTransferred", "转送其他机关的投诉举报"),
        ("complaintsClosed", "办结投诉举报"),
        ("complaintsNotified", "已告知处理结果"),
        ("complaintAcceptanceOverdue", "投诉举报受理逾期"),
        ("complaintHandlingOverdue", "投诉举报办理逾期"),
        ("complaintNotificationOverdue", "投诉举报告知逾期"),
        ("sanctionCasesOpened", "行政处罚立案"),
        ("penaltiesDecided", "作出通报批评决定"),
        ("penaltiesPublished", "通报批评决定向社会公开"),
        ("noPenaltyDecisions", "不予处罚"),
        ("decisionsChanged", "变更或撤销处罚决定"),
        ("disciplineRecommendations", "处分建议书"),
        ("criminalTransfers", "移送公安机关"),
        ("referralsSent", "移送、通报其他部门"),
        ("referralsReceived", "收到其他档案主管部门移送"),
    ];

    /// <summary>The drill-down behind a figure, for the same jurisdiction and months as the dashboard shows.</summary>
    public static string DrillDownLink(string figure, string jurisdiction, string from, string to, string? item = null, bool own = false) =>
        $"/dashboard/cases?figure={figure}&jurisdiction={Uri.EscapeDataString(jurisdiction)}&from={from}&to={to}" + (item is null ? "" : $"&item={item}") + (own ? "&own=true" : "");


    public static string DeadlineStatus(DeadlineView d) => d.Status switch
    {
        Supervision.Dashboards.DeadlineStatuses.Overdue => $"已逾期{(d.OverdueSince is { } since ? $"（{Shared.Fmt.Time(since)}起）" : "")}",
        Supervision.Dashboards.DeadlineStatuses.Done => "已完成",
        _ => "进行中",
    };

    public static string UnitKind(Supervision.Shared.UnitKind kind) => kind switch
    {
        Supervision.Shared.UnitKind.NationalArchives => "国家综合档案馆",
        Supervision.Shared.UnitKind.DepartmentArchives => "部门档案馆",
        Supervision.Shared.UnitKind.EnterpriseArchives => "企业档案馆",
        Supervision.Shared.UnitKind.Organ => "机关",
        Supervision.Shared.UnitKind.PeoplesOrganisation => "人民团体",
        Supervision.Shared.UnitKind.StateOwnedEnterprise => "国有企业",
        Supervision.Shared.UnitKind.PublicInstitution => "事业单位",
        Supervision.Shared.UnitKind.ArchiveServiceAgency => "档案服务机构",
        _ => "其他",
    };

    public static string InspectionKind(Supervision.Inspections.InspectionKind kind, bool random) => kind switch
    {
        Supervision.Inspections.InspectionKind.Joint => "联合检查",
        _ when random || kind == Supervision.Inspections.InspectionKind.Random => "双随机抽查",
        _ => "日常检查",
    };

    public static string OrderStatus(UnitProfileOrder o) => o.Status switch
    {
        RectificationStatus.Closed => o.WentOverdue ? "已复查通过（曾逾期）" : "已复查通过，结案",
        _ when o.Board == "overdue" => "已逾期",
        _ => "整改中",
    };

    public static string SanctionStatus(Supervision.Sanctions.SanctionStatus s) => s switch
    {
        Supervision.Sanctions.SanctionStatus.Investigating => "调查中",
        Supervision.Sanctions.SanctionStatus.Reported => "调查终结",
        Supervision.Sanctions.SanctionStatus.Noticed => "已事先告知",
        Supervision.Sanctions.SanctionStatus.Decided => "已作出决定",
        _ => "已结案",
    };
}
