using Supervision.Documents;
using Supervision.Shared;

namespace Supervision.Complaints;

/// <summary>
/// The complainant's documents: 投诉举报受理告知书 (addressed by receipt number, no personal data) and
/// 投诉举报处理结果告知书 (name and address only for those who may see the identity; the view is recorded).
/// Neither is ever sent to the unit complained about (R12).
/// </summary>
public static class ComplaintDocuments
{
    private static string H(string? s) => DocumentPage.H(s);
    private static string D(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日");

    private static string Page(string title, string number, Jurisdiction department, string body, DateTimeOffset issuedAt) => DocumentPage.Render($"{number} {title}", $"""
        <div class="dept">{H(department.DepartmentName)}</div>
        <h1>{title}</h1>
        <div class="number">{H(number)}</div>
        {body}
        <div class="sign"><div>{H(department.DepartmentName)}（印章）</div><div>{D(issuedAt)}</div></div>
        """);

    /// <summary>R10/R11: the decision, and for a late acceptance the period as it really stands (<see cref="AcceptanceNotices.DecisionText(Complaint, DateTimeOffset)"/>).</summary>
    public static string AcceptanceNotice(Complaint c, Jurisdiction department, DateTimeOffset issuedAt)
    {
        var decision = H(AcceptanceNotices.DecisionText(c, issuedAt));
        return Page("投诉举报受理告知书", c.AcceptanceNoticeNumber ?? "", department,
            $"<p>投诉举报人（受理编号：{H(c.ReceiptNumber)}）：</p><p>你于{D(c.ReceivedAt)}反映的{H(c.UnitName)}有关问题，本机关已收悉。经审查，{decision}</p>" +
            (c.QueryCodeHash is null ? "" : "<p>可凭受理编号和查询码查询办理进度。</p>"), issuedAt);
    }

    /// <summary>R11: addressed by receipt number like the acceptance notice (no personal data on the page).</summary>
    public static string ExtensionNotice(Complaint c, Jurisdiction department, DateTimeOffset issuedAt)
    {
        var (_, body) = ExtensionNotices.Content(c, department, WorkingDayCalendar.BeijingToday(issuedAt));
        var paragraphs = string.Join("", body.Split('\n').Skip(1).SkipLast(2).Select(line => $"<p>{H(line)}</p>"));
        return Page("投诉举报延期办理告知书", c.ExtensionNoticeNumber ?? "", department,
            $"<p>投诉举报人（受理编号：{H(c.ReceiptNumber)}）：</p>{paragraphs}" +
            (c.QueryCodeHash is null ? "" : "<p>可凭受理编号和查询码查询办理进度。</p>"), issuedAt);
    }

    public static string ResultLetter(Complaint c, Jurisdiction department, ComplainantIdentity addressee, DateTimeOffset issuedAt)
    {
        var (_, body) = ComplainantNotifications.Content(c, department, WorkingDayCalendar.BeijingToday(issuedAt));
        var paragraphs = string.Join("", body.Split('\n').Skip(1).SkipLast(2).Select(line => $"<p>{H(line)}</p>"));
        return Page("投诉举报处理结果告知书", c.ResultLetterNumber ?? "", department,
            $"<p>{H(addressee.Name ?? "投诉举报人")}（受理编号：{H(c.ReceiptNumber)}；地址：{H(addressee.Address ?? "—")}）：</p>{paragraphs}", issuedAt);
    }
}
