using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Marten;
using Supervision.CaseRecords;
using Supervision.Shared;

namespace Supervision.Web.Ui;

/// <summary>The page shell and small HTML helpers. Pages are server-rendered and readable without JavaScript.</summary>
public static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? s) => Encoder.Encode(s ?? "");
    public static string Date(DateOnly? d) => d is { } x ? $"{x.Year}年{x.Month}月{x.Day}日" : "—";
    public static string Time(DateTimeOffset? t) => t is { } x ? x.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm") : "—";

    public static IResult Page(string title, Actor? actor, string body) => Results.Content($$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}} · 档案监督执法案件系统</title>
        <link rel="stylesheet" href="/app.css">
        <script src="/app.js" defer></script>
        </head>
        <body>
        <header>
          <a class="brand" href="/">档案监督执法案件系统</a>
          {{(actor is null ? "" : $"""
            <nav><a href="/">工作台</a> <a href="/rectifications">整改台账</a>{(actor.IsIn(Roles.CaseOfficer, Roles.LegalReviewer, Roles.Leader, Roles.Inspector) ? " <a href=\"/sanction-cases\">处罚案件</a> <a href=\"/referrals\">案件移送</a>" : "")} <a href="/deadlines">期限看板</a> <a href="/units">被监督单位</a>{(actor.IsIn(Roles.ComplaintHandler, Roles.Leader) ? " <a href=\"/complaints/new\">登记投诉</a>" : "")}{(actor.Role == Roles.Leader ? " <a href=\"/dashboard\">执法统计</a> <a href=\"/statistics\">年度统计</a>" : "")}{(actor.IsIn(Roles.Admin, Roles.Leader) ? " <a href=\"/admin/calendar\">节假日安排</a>" : "")} <a href="/api-docs">接口文档</a></nav>
            <span class="who">{E(actor.DisplayName)}（{E(RoleName(actor.Role))}，{E(JurisdictionCatalogue.Find(actor.JurisdictionId)?.Name)}）</span>
            <form method="post" action="/logout" class="inline"><button>退出</button></form>
            """)}}
        </header>
        <main>
        <h1>{{E(title)}}</h1>
        {{body}}
        </main>
        </body>
        </html>
        """, "text/html; charset=utf-8");

    /// <summary>The 案卷 entry of a case page: the case file, and for a closed case its archival package (归档包).</summary>
    public static string CaseFileLinks(Guid id, object aggregate) =>
        $"<a href=\"/cases/{id}/file\">案卷</a>" +
        (Supervision.Integrity.ArchivePackage.IsClosed(aggregate) ? $" · <a href=\"/api/cases/{id}/archive\" download>下载归档包</a>" : "");

    public static string RoleName(string role) => role switch
    {
        Roles.Inspector => "执法检查人员",
        Roles.ComplaintHandler => "投诉举报处理人员",
        Roles.CaseOfficer => "案件承办人员",
        Roles.LegalReviewer => "法制审核人员",
        Roles.Leader => "领导",
        Roles.Admin => "系统管理员",
        _ => role,
    };

    /// <summary>A form that posts JSON to the API (app.js); problems appear next to their field.</summary>
    public static string ApiForm(string id, string api, string submit, string fields, long? version = null, string? redirect = null) => $"""
        <form class="api" id="{E(id)}" data-api="{E(api)}"{(redirect is null ? "" : $" data-redirect=\"{E(redirect)}\"")}>
          {(version is null ? "" : $"<input type=\"hidden\" name=\"version\" data-type=\"int\" value=\"{version}\">")}
          <div class="problem" hidden></div>
          {fields}
          <button type="submit">{E(submit)}</button>
        </form>
        """;

    public static string Field(string name, string label, string input) =>
        $"<label>{E(label)}<br>{input}</label><div class=\"err\" data-for=\"{E(name)}\"></div>";

    /// <summary>Page links for paged lists: previous, first, last and a few around the current page, next.</summary>
    public static string Pager(long total, int page, int size, Func<int, string> url)
    {
        var pages = (int)Math.Max(1, (total + size - 1) / size);
        if (pages == 1 && page == 1) return "";
        string Link(int p, string label) => $"<a href=\"{E(url(p))}\" data-page=\"{p}\">{label}</a>";
        var sb = new StringBuilder("<nav class=\"pager\" aria-label=\"分页\">");
        if (page > 1) sb.Append(Link(page - 1, "上一页"));
        var shown = new SortedSet<int> { 1, pages };
        for (var p = Math.Max(1, page - 2); p <= Math.Min(pages, page + 2); p++) shown.Add(p);
        var last = 0;
        foreach (var p in shown)
        {
            if (p - last > 1) sb.Append("<span>…</span>");
            sb.Append(p == page ? $"<strong>{p}</strong>" : Link(p, p.ToString(CultureInfo.InvariantCulture)));
            last = p;
        }
        if (page < pages) sb.Append(Link(page + 1, "下一页"));
        sb.Append($"<span class=\"hint\">第 {page}/{pages} 页，每页 {size} 项</span></nav>");
        return sb.ToString();
    }

    /// <summary>The case record (R24): every event, who and when; the same history as GET /api/cases/{id}/history.</summary>
    public static async Task<string> History(IQuerySession session, Guid id, CancellationToken ct = default)
    {
        var entries = await CaseHistory.LoadAsync(session, id, ct);
        return "<details id=\"history\"><summary>办案记录</summary><table><tr><th>版本</th><th>时间</th><th>事项</th><th>办理人</th></tr>" +
            string.Join("", entries.Select(e => $"<tr><td>{e.Version}</td><td>{Time(e.Timestamp)}</td><td>{E(e.EventName)}</td><td>{E(e.UserName)}</td></tr>")) +
            "</table></details>";
    }
}
