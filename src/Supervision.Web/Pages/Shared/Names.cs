using Supervision.Complaints;
using Supervision.Dashboards;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;

namespace Supervision.Web.Pages.Shared;

/// <summary>The Chinese names of states and kinds, and the page of a case by the kinds the API names.</summary>
public static class Names
{
    /// <summary>A legal item of the regulation by its code: the citation as the law reads it (第三十八条第（三）项) and its official wording.</summary>
    public static (string Citation, string Wording)? LegalItem(string? code) =>
        LegalCatalogue.Find(code) is { } i ? (LegalCatalogue.Citation(i), i.Wording)
        : Supervision.Sanctions.SanctionCatalogue.Find(code) is { } v ? (Supervision.Sanctions.SanctionCatalogue.Citation(v), v.Wording)
        : null;

    /// <summary>A legal item as plain text (for options and titles): 第三十八条第（三）项 wording（Art38.3）.</summary>
    public static string LegalItemText(string? code) => LegalItem(code) is { } i ? $"{i.Citation} {i.Wording}（{code}）" : code ?? "";

    public static string InspectionStatus(Supervision.Inspections.InspectionStatus s) => s switch
    {
        Supervision.Inspections.InspectionStatus.Planned => "计划中",
        Supervision.Inspections.InspectionStatus.InProgress => "检查中",
        Supervision.Inspections.InspectionStatus.Concluded => "已结束",
        _ => "已取消",
    };

    public static string RectificationStatus(Rectification r) => r.Status switch
    {
        Supervision.Rectifications.RectificationStatus.Found => "待下达通知书",
        Supervision.Rectifications.RectificationStatus.Closed => "已复查通过，结案",
        _ when r.IsOverdue => "已逾期",
        _ => "整改中",
    };

    public static string ComplaintStatus(Complaint c) => c.Status switch
    {
        Supervision.Complaints.ComplaintStatus.Received => "待受理",
        Supervision.Complaints.ComplaintStatus.Accepted => "办理中",
        Supervision.Complaints.ComplaintStatus.Concluded => "已作结论，待告知",
        _ => "已办结" + (c.CloseReason is null ? "" : $"（{c.CloseReason}）"),
    };

    public static string Channel(NotificationChannel ch) => ch switch
    {
        NotificationChannel.Email => "电子邮件",
        NotificationChannel.Sms => "短信",
        NotificationChannel.Letter => "书面告知书",
        _ => "电话",
    };

    /// <summary>How a complaint came in (登记渠道), never the code name (issue 14: no English on any page).</summary>
    public static string Intake(ComplaintChannel ch) => ch switch
    {
        ComplaintChannel.Letter => "来信",
        ComplaintChannel.Visit => "来访",
        ComplaintChannel.Phone => "来电",
        _ => "网上",
    };

    /// <summary>The page of a case, by the kinds the API names (deadline board, case file, drill-down).</summary>
    public static string CaseLink(string kind, Guid id) => kind switch
    {
        "inspection" => $"/inspections/{id}",
        DeadlineCaseKinds.Rectification => $"/rectifications/{id}",
        DeadlineCaseKinds.Complaint => $"/complaints/{id}",
        DeadlineCaseKinds.Sanction => $"/sanction-cases/{id}",
        DeadlineCaseKinds.Referral => $"/referrals/{id}",
        DeadlineCaseKinds.Statistics => "/statistics",
        _ => $"/cases/{id}/file",
    };

    public static string CaseKind(string kind) => kind switch
    {
        "inspection" => "监督检查",
        DeadlineCaseKinds.Rectification => "责令限期改正",
        DeadlineCaseKinds.Complaint => "投诉举报",
        DeadlineCaseKinds.Sanction => "行政处罚",
        DeadlineCaseKinds.Referral => "案件移送",
        DeadlineCaseKinds.Statistics => "年度执法统计",
        _ => kind,
    };
}
