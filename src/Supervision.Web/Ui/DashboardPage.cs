using System.Globalization;
using System.Security.Claims;
using System.Text;
using Marten;
using Supervision.Dashboards;
using Supervision.Shared;
using static Supervision.Web.Ui.Html;

namespace Supervision.Web.Ui;

/// <summary>
/// 执法统计 (GET /dashboard): the leader's view of the enforcement dashboard. It calls the very query behind
/// GET /api/dashboard (<see cref="DashboardQueries.Get"/>), so the page and the API always show the same numbers.
/// Figures as cards, a breakdown per jurisdiction and server-rendered SVG charts: readable without JavaScript.
/// </summary>
public static class DashboardPage
{
    public static void MapDashboardPage(this WebApplication app) =>
        app.MapGet("/dashboard", Render).RequireAuthorization();

    private static async Task<IResult> Render(ClaimsPrincipal user, IQuerySession session, TimeProvider clock,
        string? jurisdiction, string? from, string? to, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor.Role != Roles.Leader)
            return WithStatus(403, Page("执法统计", actor,
                "<div class=\"problem\" id=\"refused\">执法统计仅供领导查看。如需查看，请联系本部门领导。</div><p><a href=\"/\">返回工作台</a></p>"));

        Dashboard d;
        try
        {
            d = await DashboardQueries.Get(user, session, clock, jurisdiction, from, to, ct);
        }
        catch (RuleViolation v)
        {
            // The API answers 404 for a jurisdiction outside the leader's (it reveals nothing); the page says why.
            var refused = v.Status == 404;
            var message = refused
                ? "无权查看该辖区的执法统计：领导只能查看本辖区及下级辖区的数据。"
                : v.Problem.Extensions.TryGetValue("detail_zh", out var zh) && zh is string s ? s : v.Message;
            return WithStatus(refused ? 403 : v.Status, Page("执法统计", actor,
                Styles + Filter(actor, jurisdiction, from, to) + $"<div class=\"problem\" id=\"refused\">{E(message)}</div>"));
        }

        var t = d.Totals;
        var hazardTotal = t.HazardsByItem.Values.Sum();
        var range = d.From == d.To ? MonthName(d.From) : $"{MonthName(d.From)}至{MonthName(d.To)}";
        var api = $"/api/dashboard?jurisdiction={Uri.EscapeDataString(d.Jurisdiction)}&from={d.From}&to={d.To}";
        var body = new StringBuilder()
            .Append(Styles)
            .Append(Filter(actor, d.Jurisdiction, d.From, d.To))
            .Append($"<p class=\"dash-scope\" id=\"scope\"><strong>{E(d.JurisdictionName)}</strong>（含下级辖区），{E(range)}。" +
                    $"统计数据由后台汇总，通常在数秒内更新。<a href=\"{E(api)}\">数据（JSON）</a></p>")
            .Append("<h2>监督检查</h2><div class=\"cards\">")
            .Append(Card("inspectionsPlanned", "计划检查", t.InspectionsPlanned, t.InspectionsDrawnAtRandom > 0 ? $"其中随机抽查 {t.InspectionsDrawnAtRandom}" : null))
            .Append(Card("inspectionsConcluded", "已结束检查", t.InspectionsConcluded))
            .Append(Card("inspectionsCancelled", "已取消检查", t.InspectionsCancelled))
            .Append(Card("obstructions", "拒绝、阻碍检查（第四十条）", t.Obstructions, warn: t.Obstructions > 0))
            .Append("</div>")
            .Append("<h2>档案安全隐患（第三十八条）</h2><div class=\"cards\">")
            .Append(Card("hazards", "发现隐患合计", hazardTotal))
            .Append("</div>")
            .Append(HazardTable(t))
            .Append("<h2>责令限期改正</h2><div class=\"cards\">")
            .Append(Card("ordersIssued", "下达通知书", t.OrdersIssued))
            .Append(Card("ordersCorrected", "复查通过（整改完成）", t.OrdersCorrected))
            .Append(Card("ordersOverdue", "逾期未改正", t.OrdersOverdue, warn: t.OrdersOverdue > 0))
            .Append(Card("onTimeRectificationRate", "按期整改率", Rate(t.OnTimeRectificationRate), "已结案或已逾期事项中按期整改的比例"))
            .Append("</div>")
            .Append("<h2>投诉举报（第四十一条）</h2><div class=\"cards\">")
            .Append(Card("complaintsReceived", "收到", t.ComplaintsReceived))
            .Append(Card("complaintsAccepted", "受理", t.ComplaintsAccepted,
                t.ComplaintsNotAccepted + t.ComplaintsTransferred > 0 ? $"不予受理 {t.ComplaintsNotAccepted}，转送 {t.ComplaintsTransferred}" : null))
            .Append(Card("complaintsClosed", "办结", t.ComplaintsClosed))
            .Append(Card("complaintsNotified", "已告知处理结果", t.ComplaintsNotified))
            .Append(Card("complaintAcceptanceOverdue", "受理逾期", t.ComplaintAcceptanceOverdue, warn: t.ComplaintAcceptanceOverdue > 0))
            .Append(Card("complaintHandlingOverdue", "办理逾期", t.ComplaintHandlingOverdue, warn: t.ComplaintHandlingOverdue > 0))
            .Append(Card("complaintNotificationOverdue", "告知逾期", t.ComplaintNotificationOverdue, warn: t.ComplaintNotificationOverdue > 0))
            .Append("</div>")
            .Append("<h2>行政处罚（第四十三条、第四十四条）</h2><div class=\"cards\">")
            .Append(Card("sanctionCasesOpened", "立案", t.SanctionCasesOpened))
            .Append(Card("penaltiesDecided", "通报批评决定", t.PenaltiesDecided, t.PenaltiesPublished > 0 ? $"其中向社会公开 {t.PenaltiesPublished}" : null))
            .Append(Card("noPenaltyDecisions", "不予处罚", t.NoPenaltyDecisions))
            .Append(Card("decisionsChanged", "变更或撤销决定", t.DecisionsChanged, warn: t.DecisionsChanged > 0))
            .Append(Card("disciplineRecommendations", "处分建议书", t.DisciplineRecommendations))
            .Append(Card("criminalTransfers", "移送公安机关", t.CriminalTransfers))
            .Append("</div>")
            .Append("<h2>案件移送、执法协作（第四十二条）</h2><div class=\"cards\">")
            .Append(Card("referralsSent", "移送、通报其他部门", t.ReferralsSent))
            .Append(Card("referralsReceived", "收到其他档案主管部门移送", t.ReferralsReceived))
            .Append("</div>")
            .Append("<h2>图表</h2><div class=\"charts\">")
            .Append(HazardChart(t))
            .Append(MonthChart(d))
            .Append("</div>")
            .Append("<h2>分辖区统计</h2>")
            .Append(JurisdictionTable(d))
            .Append(MonthTable(d));
        return Page("执法统计", actor, body.ToString());
    }

    // ---------------------------------------------------------------- pieces

    private const string Styles = "<link rel=\"stylesheet\" href=\"/dashboard.css\">";

    private static string Filter(Actor actor, string? jurisdiction, string? from, string? to)
    {
        var selected = string.IsNullOrWhiteSpace(jurisdiction) ? actor.JurisdictionId : jurisdiction;
        var own = JurisdictionCatalogue.Find(actor.JurisdictionId)?.Level ?? 1;
        var options = string.Join("", JurisdictionCatalogue.All.Where(j => actor.Covers(j.Path)).OrderBy(j => j.Path, StringComparer.Ordinal)
            .Select(j => $"<option value=\"{j.Id}\"{(j.Id == selected ? " selected" : "")}>{new string('\u3000', Math.Max(0, j.Level - own))}{E(j.Name)}</option>"));
        return $"""
            <form method="get" action="/dashboard" class="dash-filter" id="dashboard-filter">
              <label>辖区<br><select name="jurisdiction">{options}</select></label>
              <label>起始月份<br><input type="month" name="from" value="{E(from)}"></label>
              <label>结束月份<br><input type="month" name="to" value="{E(to)}"></label>
              <button type="submit">查询</button>
            </form>
            """;
    }

    private static string Card(string metric, string label, int value, string? note = null, bool warn = false) =>
        Card(metric, label, value.ToString(CultureInfo.InvariantCulture), note, warn);

    private static string Card(string metric, string label, string value, string? note = null, bool warn = false) =>
        $"<div class=\"card{(warn ? " warn" : "")}\"><div class=\"label\">{E(label)}</div><div class=\"value\" data-metric=\"{metric}\">{E(value)}</div>" +
        (note is null ? "" : $"<div class=\"note\">{E(note)}</div>") + "</div>";

    private static string Rate(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    private static int Hazards(EnforcementTotals t, string code) => t.HazardsByItem.GetValueOrDefault(code);

    private static string HazardTable(EnforcementTotals t) =>
        "<table class=\"numbers\" id=\"hazards-by-item\"><tr><th>项</th><th>法定情形（" + E(LegalCatalogue.RegulationName) + "第三十八条）</th><th class=\"n\">隐患数</th></tr>" +
        string.Join("", LegalCatalogue.SafetyHazards.Select(h =>
            $"<tr><td>{E(LegalCatalogue.Citation(h))}<br><small>{h.Code}</small></td><td>{E(h.Wording)}</td><td class=\"n\" data-hazard=\"{h.Code}\">{Hazards(t, h.Code)}</td></tr>")) +
        "</table>";

    private static string JurisdictionTable(Dashboard d)
    {
        // Each row counts a jurisdiction's own cases; jurisdictions without cases in the range show zeros.
        var root = JurisdictionCatalogue.Find(d.Jurisdiction)!;
        var byId = d.ByJurisdiction.ToDictionary(j => j.JurisdictionId, j => j.Totals);
        var zero = DashboardQueries.Sum([]);
        string Row(string id, string name, EnforcementTotals t, string css = "") =>
            $"<tr data-jurisdiction=\"{id}\"{css}><td>{E(name)}</td><td class=\"n\">{t.InspectionsPlanned}</td><td class=\"n\">{t.InspectionsConcluded}</td>" +
            $"<td class=\"n\">{t.HazardsByItem.Values.Sum()}</td><td class=\"n\">{t.OrdersIssued}</td><td class=\"n\">{t.OrdersCorrected}</td><td class=\"n\">{t.OrdersOverdue}</td>" +
            $"<td class=\"n\">{Rate(t.OnTimeRectificationRate)}</td><td class=\"n\">{t.ComplaintsReceived}</td><td class=\"n\">{t.ComplaintsAccepted}</td><td class=\"n\">{t.ComplaintsClosed}</td>" +
            $"<td class=\"n\">{t.ComplaintAcceptanceOverdue + t.ComplaintHandlingOverdue + t.ComplaintNotificationOverdue}</td>" +
            $"<td class=\"n\">{t.SanctionCasesOpened}</td><td class=\"n\">{t.PenaltiesDecided}</td><td class=\"n\">{t.ReferralsSent}</td></tr>";
        var rows = JurisdictionCatalogue.All.Where(j => root.Covers(j.Path)).OrderBy(j => j.Path, StringComparer.Ordinal)
            .Select(j => Row(j.Id, new string('\u3000', j.Level - root.Level) + j.Name + (j.Id == root.Id ? "（本级）" : ""), byId.GetValueOrDefault(j.Id) ?? zero));
        return "<table class=\"numbers\" id=\"by-jurisdiction\"><tr><th>辖区</th><th class=\"n\">计划检查</th><th class=\"n\">已结束检查</th><th class=\"n\">发现隐患</th>" +
            "<th class=\"n\">下达通知书</th><th class=\"n\">复查通过</th><th class=\"n\">逾期未改正</th><th class=\"n\">按期整改率</th>" +
            "<th class=\"n\">收到投诉举报</th><th class=\"n\">受理</th><th class=\"n\">办结</th><th class=\"n\">投诉举报逾期</th>" +
            "<th class=\"n\">处罚立案</th><th class=\"n\">通报批评</th><th class=\"n\">移送</th></tr>" +
            string.Join("", rows) + Row("total", "合计（含下级）", d.Totals, " class=\"total\"") + "</table>";
    }

    private static IReadOnlyList<string> Months(string from, string to)
    {
        var months = new List<string>();
        var m = DateOnly.ParseExact(from + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = DateOnly.ParseExact(to + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (; m <= end; m = m.AddMonths(1)) months.Add(m.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        return months;
    }

    private static string MonthName(string month) => $"{month[..4]}年{int.Parse(month[5..], CultureInfo.InvariantCulture)}月";

    private static string MonthTable(Dashboard d)
    {
        var byMonth = d.ByMonth.ToDictionary(m => m.Month, m => m.Totals);
        var zero = DashboardQueries.Sum([]);
        return "<details><summary>按月明细</summary><table class=\"numbers\" id=\"by-month\"><tr><th>月份</th><th class=\"n\">计划检查</th><th class=\"n\">已结束检查</th>" +
            "<th class=\"n\">发现隐患</th><th class=\"n\">下达通知书</th><th class=\"n\">收到投诉举报</th><th class=\"n\">办结</th></tr>" +
            string.Join("", Months(d.From, d.To).Select(m =>
            {
                var t = byMonth.GetValueOrDefault(m) ?? zero;
                return $"<tr data-month=\"{m}\"><td>{MonthName(m)}</td><td class=\"n\">{t.InspectionsPlanned}</td><td class=\"n\">{t.InspectionsConcluded}</td><td class=\"n\">{t.HazardsByItem.Values.Sum()}</td>" +
                       $"<td class=\"n\">{t.OrdersIssued}</td><td class=\"n\">{t.ComplaintsReceived}</td><td class=\"n\">{t.ComplaintsClosed}</td></tr>";
            })) + "</table></details>";
    }

    // ---------------------------------------------------------------- SVG charts (server-rendered)

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Horizontal bars: hazards per Art. 38 item; the official wording is each bar's tooltip.</summary>
    private static string HazardChart(EnforcementTotals t)
    {
        const double width = 640, labelWidth = 110, rowHeight = 30, top = 10, barArea = width - labelWidth - 50;
        var items = LegalCatalogue.SafetyHazards;
        var max = Math.Max(1, items.Max(h => Hazards(t, h.Code)));
        var height = top * 2 + rowHeight * items.Count;
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {F(width)} {F(height)}\" role=\"img\" aria-labelledby=\"hazard-chart-title\" id=\"hazard-chart\">");
        svg.Append("<title id=\"hazard-chart-title\">按第三十八条各项统计的档案安全隐患数</title>");
        for (var i = 0; i < items.Count; i++)
        {
            var h = items[i];
            var n = Hazards(t, h.Code);
            var y = top + i * rowHeight;
            var w = n == 0 ? 0 : Math.Max(2, barArea * n / max);
            svg.Append($"<g><title>{E(LegalCatalogue.Citation(h))} {E(h.Wording)}：{n}</title>")
               .Append($"<text x=\"{F(labelWidth - 8)}\" y=\"{F(y + rowHeight / 2 + 5)}\" text-anchor=\"end\" font-size=\"13\" fill=\"#333\">第（{LegalCatalogue.ChineseNumber(h.Item)}）项</text>")
               .Append($"<rect x=\"{F(labelWidth)}\" y=\"{F(y + 5)}\" width=\"{F(barArea)}\" height=\"{F(rowHeight - 10)}\" fill=\"#f3eaea\"/>")
               .Append($"<rect x=\"{F(labelWidth)}\" y=\"{F(y + 5)}\" width=\"{F(w)}\" height=\"{F(rowHeight - 10)}\" fill=\"#8b1a1a\" data-hazard-bar=\"{h.Code}\"/>")
               .Append($"<text x=\"{F(labelWidth + barArea + 8)}\" y=\"{F(y + rowHeight / 2 + 5)}\" font-size=\"13\" fill=\"#222\">{n}</text></g>");
        }
        svg.Append("</svg>");
        return $"<figure class=\"chart\"><figcaption>档案安全隐患（按第三十八条各项）</figcaption>{svg}</figure>";
    }

    /// <summary>Grouped monthly bars: inspections planned and complaints received, with the value above each bar.</summary>
    private static string MonthChart(Dashboard d)
    {
        const double width = 640, height = 260, left = 36, right = 10, top = 24, bottom = 40;
        var months = Months(d.From, d.To);
        var byMonth = d.ByMonth.ToDictionary(m => m.Month, m => m.Totals);
        var series = new (string Name, string Color, Func<EnforcementTotals, int> Value)[]
        {
            ("计划检查", "#8b1a1a", x => x.InspectionsPlanned),
            ("收到投诉举报", "#2f6690", x => x.ComplaintsReceived),
        };
        int Value(string month, int s) => byMonth.TryGetValue(month, out var x) ? series[s].Value(x) : 0;
        var highest = months.SelectMany(m => Enumerable.Range(0, series.Length).Select(s => Value(m, s))).DefaultIfEmpty(0).Max();
        // Whole-number grid lines at a "nice" step (1, 2, 5, 10, 20, 50 …), about four of them.
        var step = 1;
        for (var k = 1; step * 4 < highest; k *= 10) step = new[] { 1, 2, 5, 10 }.Select(x => x * k).First(x => x * 4 >= highest || x == 10 * k);
        var max = Math.Max(step, (highest + step - 1) / step * step);
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var group = plotW / Math.Max(1, months.Count);
        var bar = Math.Min(22, group * 0.8 / series.Length);
        var multiYear = months.Count > 0 && months[0][..4] != months[^1][..4];
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {F(width)} {F(height)}\" role=\"img\" aria-labelledby=\"month-chart-title\" id=\"month-chart\">");
        svg.Append("<title id=\"month-chart-title\">各月计划检查数和收到投诉举报数</title>");
        // Axis and grid lines.
        for (var v = 0; v <= max; v += step)
        {
            var y = top + plotH - plotH * v / (double)max;
            svg.Append($"<line x1=\"{F(left)}\" x2=\"{F(width - right)}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"{(v == 0 ? "#999" : "#e3e3e3")}\"/>")
               .Append($"<text x=\"{F(left - 6)}\" y=\"{F(y + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#666\">{F(v)}</text>");
        }
        var labelEvery = Math.Max(1, (int)Math.Ceiling(months.Count / 12.0));
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            var x0 = left + i * group + (group - bar * series.Length) / 2;
            for (var s = 0; s < series.Length; s++)
            {
                var n = Value(m, s);
                var h = plotH * n / (double)max;
                var x = x0 + s * bar;
                svg.Append($"<g><title>{MonthName(m)} {series[s].Name}：{n}</title>")
                   .Append($"<rect x=\"{F(x)}\" y=\"{F(top + plotH - h)}\" width=\"{F(bar - 1)}\" height=\"{F(h)}\" fill=\"{series[s].Color}\"/>");
                if (n > 0) svg.Append($"<text x=\"{F(x + bar / 2)}\" y=\"{F(top + plotH - h - 4)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#222\">{n}</text>");
                svg.Append("</g>");
            }
            if (i % labelEvery == 0)
            {
                var label = multiYear ? m[2..] : $"{int.Parse(m[5..], CultureInfo.InvariantCulture)}月";
                svg.Append($"<text x=\"{F(left + i * group + group / 2)}\" y=\"{F(top + plotH + 16)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444\">{label}</text>");
            }
        }
        // Legend.
        for (var s = 0; s < series.Length; s++)
        {
            var x = left + s * 130;
            svg.Append($"<rect x=\"{F(x)}\" y=\"{F(height - 14)}\" width=\"12\" height=\"12\" fill=\"{series[s].Color}\"/>")
               .Append($"<text x=\"{F(x + 18)}\" y=\"{F(height - 4)}\" font-size=\"12\" fill=\"#333\">{series[s].Name}</text>");
        }
        svg.Append("</svg>");
        return $"<figure class=\"chart\"><figcaption>各月计划检查与收到投诉举报</figcaption>{svg}</figure>";
    }

    /// <summary>A page with another status than 200 (Html.Page's content result leaves the status alone).</summary>
    private static IResult WithStatus(int status, IResult inner) => new StatusResult(status, inner);

    private sealed class StatusResult(int status, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            return inner.ExecuteAsync(http);
        }
    }
}
