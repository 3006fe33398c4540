using System.Globalization;
using System.Security.Claims;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Supervision.CaseRecords;
using Supervision.Complaints;
using Supervision.Dashboards;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Units;
using static Supervision.Web.Ui.Html;

namespace Supervision.Web.Ui;

/// <summary>
/// The read pages over the query endpoints: 期限看板 (/deadlines), 案卷 (/cases/{id}/file), 被监督单位 (/units,
/// /units/{id}), 年度统计 (/statistics), 统计明细 (/dashboard/cases) and the staff intake form 登记投诉举报
/// (/complaints/new). Each page calls the very method behind its API (<see cref="DeadlineBoardQueries.List"/>,
/// <see cref="CaseFile.Get"/>, <see cref="UnitEndpoints.List"/>, <see cref="UnitProfileQueries.Get"/>,
/// <see cref="AnnualStatisticsQueries.ForYear"/>, <see cref="DashboardDrillDown.Get"/>), so the page and the API
/// always agree and every rule (scope, roles, Art. 44 exclusions) is applied in one place. Readable without JavaScript:
/// filters are plain GET forms; only the intake form posts JSON to POST /api/complaints through app.js.
/// </summary>
public static class BoardPages
{
    public const int PageSize = 50;

    public static void MapBoardPages(this WebApplication app)
    {
        app.MapGet("/deadlines", Deadlines).RequireAuthorization();
        app.MapGet("/cases/{id:guid}/file", CaseFilePage).RequireAuthorization();
        app.MapGet("/units", UnitList).RequireAuthorization();
        app.MapGet("/units/{id:guid}", UnitProfilePage).RequireAuthorization();
        app.MapGet("/statistics", Statistics).RequireAuthorization();
        app.MapGet("/public/statistics", PublicStatistics).AllowAnonymous().RequireRateLimiting(HostSetup.PublicRateLimit);
        app.MapGet("/complaints/new", NewComplaint).RequireAuthorization();
        app.MapGet("/dashboard/cases", DrillDownPage).RequireAuthorization();
    }

    private const string Styles = "<link rel=\"stylesheet\" href=\"/boards.css\">";

    // ---------------------------------------------------------------- 期限看板

    private static readonly (string Value, string Name)[] CaseKindNames =
    [
        (DeadlineCaseKinds.Rectification, "责令限期改正"),
        (DeadlineCaseKinds.Complaint, "投诉举报"),
        (DeadlineCaseKinds.Sanction, "行政处罚（通报批评）"),
        (DeadlineCaseKinds.Referral, "案件移送"),
        (DeadlineCaseKinds.Statistics, "年度执法统计"),
    ];

    private static readonly (string Value, string Name)[] DeadlineStatusNames =
    [
        ("", "未结（进行中和已逾期）"),
        (DeadlineStatuses.Open, "进行中"),
        (DeadlineStatuses.Overdue, "已逾期"),
        (DeadlineStatuses.Done, "已完成"),
    ];

    private static async Task<IResult> Deadlines(ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock,
        string? jurisdiction, string? status, string? kind, string? owner, string? dueBefore, string? page, CancellationToken ct)
    {
        var actor = Actor.From(user);
        (jurisdiction, status, kind, owner, dueBefore) = (N(jurisdiction), N(status), N(kind), N(owner), N(dueBefore));
        var kindOptions = "<option value=\"\">全部</option><optgroup label=\"案件类型\">" +
            string.Join("", CaseKindNames.Select(k => Option(k.Value, k.Name, kind))) + "</optgroup><optgroup label=\"期限\">" +
            string.Join("", DeadlineClocks.Names.Select(c => Option(c.Key, c.Value, kind))) + "</optgroup>";
        var filter = $"""
            <form method="get" action="/deadlines" class="board-filter" id="deadline-filter">
              <label>辖区<br><select name="jurisdiction">{JurisdictionOptions(actor, jurisdiction)}</select></label>
              <label>状态<br><select name="status">{string.Join("", DeadlineStatusNames.Select(s => Option(s.Value, s.Name, status ?? "")))}</select></label>
              <label>类型<br><select name="kind">{kindOptions}</select></label>
              <label>截止日期不晚于<br><input type="date" name="dueBefore" value="{E(dueBefore)}"></label>
              <label class="check"><input type="checkbox" name="owner" value="me"{(owner == "me" ? " checked" : "")}> 只看我承办的</label>
              <button type="submit">查询</button>
            </form>
            """;

        DeadlinePage board;
        try
        {
            board = await DeadlineBoardQueries.List(user, session, calendar, clock, jurisdiction, owner, status, kind, dueBefore, PageNumber(page), PageSize, ct);
        }
        catch (RuleViolation v)
        {
            return Refusal("期限看板", actor, v, Styles + filter, "无权查看该辖区的期限：只能查看本辖区及下级辖区。");
        }

        var names = await DisplayNames(session, board.Items.SelectMany(i => i.Owners), ct);
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var rows = string.Join("", board.Items.Select(d =>
        {
            var left = d.Status == DeadlineStatuses.Done ? "" :
                d.DueOn >= today ? $"<br><small>剩余 {calendar.WorkingDaysBetween(today, d.DueOn)} 个工作日</small>" : "<br><small>已过期限</small>";
            var due = (d.DueAt is { } at ? Time(at) : Date(d.DueOn))
                + (d.Provisional ? "<br><small class=\"provisional\">暂定：该年度节假日安排未公布</small>" : "");
            return $"<tr class=\"{(d.Status == DeadlineStatuses.Overdue ? "overdue" : d.Status)}\" data-case=\"{d.CaseId}\" data-clock=\"{E(d.Clock)}\">" +
                   $"<td>{due}{left}</td><td>{E(d.ClockName)}</td>" +
                   $"<td><a href=\"{CaseLink(d.CaseKind, d.CaseId)}\">{E(d.Title)}</a>{(d.Note is null ? "" : $"<br><small>{E(d.Note)}</small>")}</td>" +
                   $"<td>{E(KindName(d.CaseKind))}</td><td>{DeadlineStatusName(d)}</td><td>{E(d.JurisdictionName)}</td>" +
                   $"<td>{E(string.Join("、", d.Owners.Select(o => names.GetValueOrDefault(o, o))))}</td></tr>";
        }));
        var query = new Dictionary<string, string?> { ["jurisdiction"] = jurisdiction, ["status"] = status, ["kind"] = kind, ["owner"] = owner, ["dueBefore"] = dueBefore };
        var table = board.Items.Count == 0
            ? "<p id=\"empty\">没有符合条件的期限。</p>"
            : "<table id=\"deadlines\"><tr><th>截止</th><th>期限</th><th>案件</th><th>类型</th><th>状态</th><th>辖区</th><th>承办人</th></tr>" + rows + "</table>";
        var api = "/api/deadlines" + QueryString(query, board.Page > 1 ? board.Page : null);
        return Page("期限看板", actor, Styles + filter +
            $"<p class=\"board-summary\">共 {board.Total} 项，按截止日期排列。看板由后台汇总，通常在数秒内更新。<a href=\"{E(api)}\">数据（JSON）</a></p>" +
            table + Pager("/deadlines", query, board.Page, board.PageSize, board.Total));
    }

    private static string DeadlineStatusName(DeadlineView d) => d.Status switch
    {
        DeadlineStatuses.Overdue => $"已逾期{(d.OverdueSince is { } since ? $"（{Time(since)}起）" : "")}",
        DeadlineStatuses.Done => "已完成",
        _ => "进行中",
    };

    // ---------------------------------------------------------------- 案卷

    private static async Task<IResult> CaseFilePage(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (await CaseFile.Get(id, user, session, ct) is not Ok<CaseFileView> { Value: { } file }) return Results.NotFound();
        var titles = file.Cases.ToDictionary(c => c.Id);
        var names = await DisplayNames(session, file.Timeline.Select(e => e.UserName).OfType<string>(), ct);
        var cases = "<table id=\"linked-cases\"><tr><th>类型</th><th>案件</th></tr>" +
            string.Join("", file.Cases.Select(c =>
                $"<tr data-case=\"{c.Id}\"><td>{E(KindName(c.Kind))}</td><td><a href=\"{CaseLink(c.Kind, c.Id)}\">{E(c.Title)}</a>{(c.Id == id ? "（本案）" : "")}</td></tr>")) +
            "</table>";
        var timeline = "<table id=\"timeline\"><tr><th>时间</th><th>案件</th><th>事项</th><th>办理人</th></tr>" +
            string.Join("", file.Timeline.Select(e =>
            {
                var c = titles[e.CaseId];
                var who = e.UserName is null ? "—" : names.TryGetValue(e.UserName, out var n) ? $"{E(n)}（{E(e.UserName)}）" : E(e.UserName);
                return $"<tr data-case=\"{e.CaseId}\"><td>{Time(e.Timestamp)}</td><td><a href=\"{CaseLink(c.Kind, c.Id)}\">{E(c.Title)}</a></td><td>{E(e.EventName)}</td><td>{who}</td></tr>";
            })) + "</table>";
        var self = titles.GetValueOrDefault(id);
        return Page("案卷", actor, Styles +
            $"<p class=\"board-summary\">{E(self?.Title)}：相互关联的监督检查、整改、投诉举报、行政处罚和移送案件的全部办案记录，按时间排列（只含您有权查看的案件）。" +
            $"<a href=\"/api/cases/{id}/file\">数据（JSON）</a></p>" +
            "<h2>关联案件</h2>" + cases + "<h2>办案记录</h2>" + timeline);
    }

    // ---------------------------------------------------------------- 被监督单位

    private static async Task<IResult> UnitList(ClaimsPrincipal user, IQuerySession session, string? jurisdiction, string? q, string? page, CancellationToken ct)
    {
        var actor = Actor.From(user);
        (jurisdiction, q) = (N(jurisdiction), N(q));
        var filter = $"""
            <form method="get" action="/units" class="board-filter" id="unit-filter">
              <label>单位名称或统一社会信用代码<br><input name="q" value="{E(q)}" maxlength="200"></label>
              <label>辖区<br><select name="jurisdiction">{JurisdictionOptions(actor, jurisdiction)}</select></label>
              <button type="submit">查询</button>
            </form>
            """;
        UnitPage units;
        try
        {
            units = await UnitEndpoints.List(user, session, jurisdiction, q, PageNumber(page), PageSize, ct);
        }
        catch (RuleViolation v)
        {
            return Refusal("被监督单位", actor, v, Styles + filter, "无权查看该辖区的单位：只能查看本辖区及下级辖区。");
        }
        var rows = string.Join("", units.Items.Select(u =>
            $"<tr data-unit=\"{u.Id}\"><td><a href=\"/units/{u.Id}\">{E(u.Name)}</a></td><td>{E(UnitKindName(u.Kind))}</td><td>{E(u.CreditCode)}</td><td>{E(JurisdictionCatalogue.Find(u.JurisdictionId)?.Name)}</td></tr>"));
        var query = new Dictionary<string, string?> { ["q"] = q, ["jurisdiction"] = jurisdiction };
        var table = units.Items.Count == 0
            ? "<p id=\"empty\">没有符合条件的单位。</p>"
            : "<table id=\"units\"><tr><th>单位名称</th><th>类型</th><th>统一社会信用代码</th><th>辖区</th></tr>" + rows + "</table>";
        return Page("被监督单位", actor, Styles + filter + $"<p class=\"board-summary\">共 {units.Total} 个单位。</p>" + table +
            Pager("/units", query, units.Page, units.PageSize, units.Total));
    }

    private static async Task<IResult> UnitProfilePage(Guid id, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (await UnitProfileQueries.Get(id, user, session, clock, ct) is not Ok<UnitProfile> { Value: { } p }) return Results.NotFound();
        var r = p.Risk;
        var factors = "<table class=\"numbers\" id=\"risk-factors\"><tr><th>因素</th><th class=\"n\">数量</th><th class=\"n\">权重</th><th class=\"n\">得分</th></tr>" +
            string.Join("", r.Factors.Select(f =>
                $"<tr data-factor=\"{E(f.Code)}\"><td>{E(f.Label)}</td><td class=\"n\">{f.Count}</td><td class=\"n\">{f.Weight:+0;-0;0}</td><td class=\"n\">{f.Points}</td></tr>")) +
            $"<tr class=\"total\"><td>风险评分（0–100）</td><td></td><td></td><td class=\"n\">{r.Score}</td></tr></table>";
        var inspections = p.Inspections.Count == 0 ? "<p>暂无检查记录。</p>" :
            "<table id=\"unit-inspections\"><tr><th>计划日期</th><th>方式</th><th>状态</th><th class=\"n\">发现隐患</th><th class=\"n\">拒绝、阻碍检查</th></tr>" +
            string.Join("", p.Inspections.Select(i =>
                $"<tr><td><a href=\"/inspections/{i.Id}\">{Date(i.PlannedOn)}</a></td><td>{InspectionKindName(i.Kind, i.DrawnAtRandom)}</td><td>{InspectionStatusName(i.Status)}</td><td class=\"n\">{i.Hazards}</td><td class=\"n\">{i.Obstructions}</td></tr>")) +
            "</table>";
        var hazards = p.HazardsByItem.Count == 0 ? "<p>暂无隐患记录。</p>" :
            "<table class=\"numbers\" id=\"unit-hazards\"><tr><th>隐患类别（第三十八条）</th><th class=\"n\">整改中</th><th class=\"n\">已逾期</th><th class=\"n\">已结案</th></tr>" +
            string.Join("", p.HazardsByItem.Select(h =>
                $"<tr><td>{E(h.Item)} {E(h.Wording)}</td><td class=\"n\">{h.Open}</td><td class=\"n\">{h.Overdue}</td><td class=\"n\">{h.Closed}</td></tr>")) +
            "</table>";
        var orders = p.RectificationOrders.Count == 0 ? "<p>暂无责令限期改正通知书。</p>" :
            "<table id=\"unit-orders\"><tr><th>文号</th><th>隐患类别</th><th>下达日期</th><th>截止日期</th><th>状态</th></tr>" +
            string.Join("", p.RectificationOrders.Select(o =>
                $"<tr class=\"{(o.Board == "overdue" ? "overdue" : "")}\"><td><a href=\"/rectifications/{o.RectificationId}\">{E(o.DocumentNumber)}</a></td><td>{E(o.Item)}</td><td>{Date(o.IssuedOn)}</td>" +
                $"<td>{Date(o.DueOn)}{(o.Extensions > 0 ? $"（延期 {o.Extensions} 次）" : "")}</td><td>{OrderStatusName(o)}</td></tr>")) +
            "</table>";
        var c = p.Complaints;
        var complaints = "<table class=\"numbers\" id=\"unit-complaints\"><tr><th>合计</th><th>待处理</th><th>受理</th><th>不予受理</th><th>转送</th><th>属实</th><th>不属实</th><th>办结</th></tr>" +
            $"<tr><td class=\"n\">{c.Total}</td><td class=\"n\">{c.Pending}</td><td class=\"n\">{c.Accepted}</td><td class=\"n\">{c.NotAccepted}</td><td class=\"n\">{c.Transferred}</td>" +
            $"<td class=\"n\">{c.Substantiated}</td><td class=\"n\">{c.NotSubstantiated}</td><td class=\"n\">{c.Closed}</td></tr></table>";
        var sanctions = p.SanctionCases.Count == 0 ? "<p>暂无行政处罚案件。</p>" :
            "<table id=\"unit-sanctions\"><tr><th>立案时间</th><th>违法行为</th><th>状态</th><th>处罚决定</th></tr>" +
            string.Join("", p.SanctionCases.Select(s =>
            {
                var violation = SanctionCatalogue.Find(s.Violation);
                var decision = s.DecisionNumber is null ? (s.Status is SanctionStatus.Decided or SanctionStatus.Closed && !s.PenaltyImposed ? "不予处罚" : "—")
                    : $"{E(s.DecisionNumber)}（{Date(s.DecidedOn)}）{(s.DecisionRevoked ? "，已撤销" : "")}";
                return $"<tr><td><a href=\"/sanction-cases/{s.Id}\">{Time(s.OpenedAt)}</a></td><td>{(violation is null ? E(s.Violation) : E(SanctionCatalogue.Citation(violation)) + " " + E(violation.Wording))}</td>" +
                       $"<td>{SanctionStatusName(s.Status)}</td><td>{decision}</td></tr>";
            })) + "</table>";
        return Page($"被监督单位：{p.Name}", actor, Styles + $"""
            <dl>
              <dt>单位类型</dt><dd>{E(UnitKindName(p.Kind))}</dd>
              <dt>统一社会信用代码</dt><dd>{E(p.CreditCode)}</dd>
              <dt>辖区</dt><dd>{E(p.JurisdictionName)}</dd>
              <dt>统计日期</dt><dd>{Date(p.AsOf)}</dd>
            </dl>
            <h2>风险评分</h2>
            <p><span class="risk level-{E(r.Level)}" id="risk-score" data-risk-score="{r.Score}">{r.Score}</span> 风险等级：<strong id="risk-level">{E(r.Level)}</strong>
              <span class="hint">（0–29 低，30–59 中，60–100 高；评分用于确定检查重点，本身不作任何决定）</span></p>
            {factors}
            <h2>监督检查</h2>
            {inspections}
            <h2>档案安全隐患</h2>
            {hazards}
            <h2>责令限期改正通知书</h2>
            {orders}
            <h2>投诉举报（仅统计数量）</h2>
            {complaints}
            <h2>行政处罚案件</h2>
            {sanctions}
            <p><a href="/api/units/{p.UnitId}/profile">数据（JSON）</a></p>
            """);
    }

    // ---------------------------------------------------------------- 年度统计

    private static async Task<IResult> Statistics(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, string? year, string? jurisdiction, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor.Role != Roles.Leader)
            return WithStatus(403, Page("年度执法统计", actor,
                "<div class=\"problem\" id=\"refused\">年度执法统计仅供领导查看。如需查看，请联系本部门领导。</div><p><a href=\"/\">返回工作台</a></p>"));
        jurisdiction = N(jurisdiction);
        var currentYear = WorkingDayCalendar.BeijingToday(clock.GetUtcNow()).Year;
        var y = int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : currentYear;
        var years = string.Join("", Enumerable.Range(AnnualStatisticsQueries.FirstYear, currentYear - AnnualStatisticsQueries.FirstYear + 1).Reverse()
            .Select(v => Option(v.ToString(CultureInfo.InvariantCulture), $"{v}年", y.ToString(CultureInfo.InvariantCulture))));
        var filter = $"""
            <form method="get" action="/statistics" class="board-filter" id="statistics-filter">
              <label>统计年度<br><select name="year">{years}</select></label>
              <label>辖区<br><select name="jurisdiction">{JurisdictionOptions(actor, jurisdiction)}</select></label>
              <button type="submit">查询</button>
            </form>
            """;
        AnnualStatistics s;
        try
        {
            s = await AnnualStatisticsQueries.ForYear(actor, session, clock, y, jurisdiction, ct);
        }
        catch (RuleViolation v)
        {
            return Refusal("年度执法统计", actor, v, Styles + filter, "无权查看该辖区的年度统计：领导只能查看本辖区及下级辖区。");
        }
        var q = $"?jurisdiction={Uri.EscapeDataString(s.Jurisdiction)}";
        // R25: the department's own statistics of a finished year are published from here (again = a correction).
        var publication = "";
        if (s.Jurisdiction == actor.JurisdictionId && s.Year < currentYear)
        {
            var published = await session.LoadAsync<StatisticsPublication>(StatisticsPublication.StreamId(s.Jurisdiction, s.Year), ct);
            var state = published is null ? "尚未发布。"
                : $"已于{Time(published.FirstPublishedAt)}发布{(published.FirstPublishedLate ? "（逾期）" : "")}，共 {published.Revisions} 次（最近：{Time(published.LastPublishedAt)}）。" +
                  $"<a href=\"/public/statistics?jurisdiction={E(s.Jurisdiction)}&amp;year={s.Year}\">公开页面</a>";
            publication = $"<p id=\"publication\">向社会公开：{state}</p>" +
                ApiForm("publish", $"/api/statistics/{s.Year}/publication", published is null ? "发布" : "重新发布（更正）", "", redirect: $"/statistics?year={s.Year}");
        }
        return Page("年度执法统计", actor, Styles + filter + $"""
            <p class="board-summary" id="statistics-title"><strong>{E(s.Title)}</strong>：{s.Year}年1月1日至12月31日（北京时间），{E(s.JurisdictionName)}及所辖行政区划；应于{Date(s.PublishBy)}前发布。</p>
            <p class="downloads" id="downloads">下载：<a href="/api/statistics/{s.Year}.csv{E(q)}">CSV</a> <a href="/api/statistics/{s.Year}.xlsx{E(q)}">Excel（XLSX）</a> <a href="/api/statistics/{s.Year}{E(q)}">数据（JSON）</a></p>
            {publication}
            {StatisticsTable(s)}
            """);
    }

    /// <summary>The statistics table: the same columns, in the same order, as the CSV and XLSX downloads.</summary>
    private static string StatisticsTable(AnnualStatistics s)
    {
        var columns = AnnualStatisticsExport.Columns;
        string Row(string id, string name, EnforcementTotals t, string css = "") =>
            $"<tr data-jurisdiction=\"{E(id)}\"{css}><td>{E(name)}</td>" + string.Join("", columns.Select(c => $"<td class=\"n\">{c.Value(t)}</td>")) +
            $"<td class=\"n\">{(t.OnTimeRectificationRate is { } rate ? (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—")}</td></tr>";
        var root = JurisdictionCatalogue.Find(s.Jurisdiction)!;
        return "<div class=\"scroll\"><table class=\"numbers\" id=\"annual-statistics\"><tr><th>行政区划</th>" +
            string.Join("", columns.Select(c => $"<th class=\"n\">{E(c.Header)}</th>")) + $"<th class=\"n\">{E(AnnualStatisticsExport.RateHeader)}</th></tr>" +
            string.Join("", s.ByJurisdiction.Select(l => Row(l.JurisdictionId, new string('\u3000', Math.Max(0, l.Level - root.Level)) + l.Name + (l.JurisdictionId == s.Jurisdiction ? "（本级）" : ""), l.Totals))) +
            Row("total", AnnualStatisticsExport.TotalLabel + "（含下级）", s.Totals, " class=\"total\"") + "</table></div>";
    }

    /// <summary>R25, for the public: the published annual statistics, and one of them as a table. No login.</summary>
    private static async Task<IResult> PublicStatistics(IQuerySession session, string? jurisdiction, string? year, CancellationToken ct)
    {
        if (N(jurisdiction) is { } j && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
        {
            var p = j.Length <= 20 ? await session.LoadAsync<StatisticsPublication>(StatisticsPublication.StreamId(j, y), ct) : null;
            if (p?.Statistics is not { } s)
                return WithStatus(404, Page("执法统计公开", null, "<div class=\"problem\" id=\"refused\">未找到该部门该年度已发布的执法统计。</div><p><a href=\"/public/statistics\">返回</a></p>"));
            return Page("执法统计公开", null, Styles + $"""
                <p class="board-summary" id="statistics-title"><strong>{E(s.Title)}</strong>：{E(p.DepartmentName)}于{Time(p.LastPublishedAt)}发布{(p.Revisions > 1 ? $"（第 {p.Revisions} 次，更正）" : "")}。</p>
                {StatisticsTable(s)}
                <p><a href="/public/statistics">全部已发布的执法统计</a></p>
                """);
        }
        var list = await StatisticsPublicationEndpoints.List(session, ct);
        var rows = list.Count == 0 ? "<tr><td colspan=\"3\">尚无已发布的执法统计。</td></tr>"
            : string.Join("", list.Select(e => $"<tr><td>{e.Year}年</td><td><a href=\"/public/statistics?jurisdiction={E(e.Jurisdiction)}&amp;year={e.Year}\">{E(e.DepartmentName)}</a></td><td>{Time(e.LastPublishedAt)}</td></tr>"));
        return Page("执法统计公开", null, $"<table id=\"published-statistics\"><tr><th>年度</th><th>档案主管部门</th><th>发布时间</th></tr>{rows}</table>");
    }

    // ---------------------------------------------------------------- 登记投诉举报

    private static async Task<IResult> NewComplaint(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Roles.ComplaintHandler, Roles.Leader))
            return WithStatus(403, Page("登记投诉举报", actor,
                "<div class=\"problem\" id=\"refused\">登记投诉举报由投诉举报处理人员或领导办理。</div><p><a href=\"/\">返回工作台</a></p>"));
        var units = await session.Query<SupervisedUnit>().Where(u => u.JurisdictionPath.StartsWith(actor.JurisdictionPath))
            .OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Name).ToListAsync(ct);
        var unitOptions = "<option value=\"\">（未登记的单位：请在下方填写名称）</option>" +
            string.Join("", units.Select(u => $"<option value=\"{u.Id}\">{E(u.Name)}（{E(JurisdictionCatalogue.Find(u.JurisdictionId)?.Name)}）</option>"));
        var channels = new[] { ("letter", "来信"), ("visit", "来访"), ("phone", "来电"), ("online", "网上") };
        var now = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var fields =
            Field("channel", "渠道", $"<select name=\"channel\" required>{string.Join("", channels.Select(c => $"<option value=\"{c.Item1}\">{c.Item2}</option>"))}</select>") +
            Field("receivedAt", "收到时间（北京时间，格式 2026-05-01T09:30:00+08:00）",
                $"<input name=\"receivedAt\" value=\"{E(now)}\" required pattern=\"\\d{{4}}-\\d{{2}}-\\d{{2}}T\\d{{2}}:\\d{{2}}:\\d{{2}}(\\+|-)\\d{{2}}:\\d{{2}}\">") +
            Field("unitId", "被投诉举报单位（已登记）", $"<select name=\"unitId\">{unitOptions}</select>") +
            Field("unitName", "被投诉举报单位名称（未登记时填写）", "<input name=\"unitName\" maxlength=\"200\">") +
            Field("jurisdictionId", "受理机关（未登记的单位时适用）", $"<select name=\"jurisdictionId\">{JurisdictionOptions(actor, null, departments: true)}</select>") +
            Field("allegation", "投诉举报事项（时间、地点、事实）", "<textarea name=\"allegation\" rows=\"6\" maxlength=\"5000\" required></textarea>") +
            Field("requestedOutcome", "诉求（可选）", "<textarea name=\"requestedOutcome\" rows=\"2\" maxlength=\"2000\"></textarea>") +
            "<label class=\"check\"><input type=\"checkbox\" name=\"anonymous\" data-type=\"checkbox\"> 匿名投诉举报（不登记姓名；如需告知处理结果，请至少登记一种联系方式）</label>" +
            "<div class=\"err\" data-for=\"anonymous\"></div>" +
            Field("complainant.name", "投诉举报人姓名", "<input name=\"complainant.name\" maxlength=\"100\">") +
            Field("complainant.idNumber", "居民身份证号码（可选）", "<input name=\"complainant.idNumber\" maxlength=\"18\">") +
            Field("complainant.phone", "电话", "<input name=\"complainant.phone\" maxlength=\"20\">") +
            Field("complainant.email", "电子邮箱", "<input name=\"complainant.email\" type=\"email\" maxlength=\"254\">") +
            Field("complainant.address", "通信地址", "<input name=\"complainant.address\" maxlength=\"300\">");
        var intro = "<p>登记来信、来访、来电或网上收到的投诉举报（第四十一条）。登记后自收到之日起 15 日内作出受理决定、60 日内办结并告知投诉举报人。" +
            "投诉举报人的身份信息加密保存，仅承办人和本部门领导可查看。</p><noscript><div class=\"problem\">提交登记需要启用浏览器的 JavaScript。</div></noscript>";
        return Page("登记投诉举报", actor, Styles + intro + ApiForm("register-complaint", "/api/complaints", "登记", fields, redirect: "/complaints/{id}"));
    }

    // ---------------------------------------------------------------- 统计明细 (drill-down)

    private static readonly (string Figure, string Name)[] FigureNames =
    [
        ("inspectionsPlanned", "计划检查"),
        ("inspectionsConcluded", "已结束检查"),
        ("hazards", "发现档案安全隐患"),
        ("ordersIssued", "下达责令限期改正通知书"),
        ("ordersCorrected", "复查通过（整改完成）"),
        ("ordersOverdue", "逾期未改正"),
        ("complaintsReceived", "收到投诉举报"),
        ("complaintsAccepted", "受理投诉举报"),
        ("complaintsClosed", "办结投诉举报"),
        ("sanctionCasesOpened", "行政处罚立案"),
        ("penaltiesDecided", "作出通报批评决定"),
    ];

    private static async Task<IResult> DrillDownPage(ClaimsPrincipal user, IQuerySession session, TimeProvider clock,
        string? figure, string? item, string? jurisdiction, string? from, string? to, CancellationToken ct)
    {
        var actor = Actor.From(user);
        (figure, item, jurisdiction, from, to) = (N(figure) ?? "inspectionsPlanned", N(item), N(jurisdiction), N(from), N(to));
        var itemOptions = "<option value=\"\">全部类别</option>" + string.Join("", LegalCatalogue.SafetyHazards.Select(h => Option(h.Code, $"{h.Code} {h.Wording}", item)));
        var filter = $"""
            <form method="get" action="/dashboard/cases" class="board-filter" id="drilldown-filter">
              <label>统计项<br><select name="figure">{string.Join("", FigureNames.Select(f => Option(f.Figure, f.Name, figure)))}</select></label>
              <label>隐患类别（仅“发现档案安全隐患”）<br><select name="item">{itemOptions}</select></label>
              <label>辖区<br><select name="jurisdiction">{JurisdictionOptions(actor, jurisdiction)}</select></label>
              <label>起始月份<br><input type="month" name="from" value="{E(from)}"></label>
              <label>结束月份<br><input type="month" name="to" value="{E(to)}"></label>
              <button type="submit">查询</button>
            </form>
            """;
        DrillDown d;
        try
        {
            d = await DashboardDrillDown.Get(user, session, clock, figure, item, jurisdiction, from, to, ct);
        }
        catch (RuleViolation v)
        {
            return Refusal("统计明细", actor, v, Styles + filter, "无权查看该辖区的统计明细：只能查看本辖区及下级辖区。");
        }
        var figureName = FigureNames.FirstOrDefault(f => f.Figure == d.Figure).Name ?? d.Figure;
        var range = d.From == d.To ? MonthName(d.From) : $"{MonthName(d.From)}至{MonthName(d.To)}";
        var rows = string.Join("", d.Items.Select(i =>
            $"<tr data-case=\"{i.Id}\"><td>{Time(i.At)}</td><td>{E(KindName(i.CaseKind))}</td><td><a href=\"{E(i.Link)}\">{E(i.Title)}</a></td><td>{E(JurisdictionCatalogue.Find(i.JurisdictionId)?.Name)}</td></tr>"));
        var table = d.Items.Count == 0 ? "<p id=\"empty\">该统计项下没有案件。</p>"
            : "<table id=\"drilldown\"><tr><th>时间</th><th>类型</th><th>案件</th><th>辖区</th></tr>" + rows + "</table>";
        var api = "/api/dashboard/cases" + QueryString(new Dictionary<string, string?> { ["figure"] = d.Figure, ["item"] = item, ["jurisdiction"] = d.Jurisdiction, ["from"] = d.From, ["to"] = d.To }, null);
        return Page($"统计明细：{figureName}", actor, Styles + filter +
            $"<p class=\"board-summary\" id=\"scope\"><strong>{E(JurisdictionCatalogue.Find(d.Jurisdiction)?.Name)}</strong>（含下级辖区），{E(range)}{(item is null ? "" : $"，{E(item)}")}：共 {d.Items.Count} 件。" +
            $"<a href=\"{E(api)}\">数据（JSON）</a></p>" + table);
    }

    private static string MonthName(string month) => $"{month[..4]}年{int.Parse(month[5..], CultureInfo.InvariantCulture)}月";

    // ---------------------------------------------------------------- pieces

    /// <summary>An empty query value (a GET form's untouched field) is no filter.</summary>
    private static string? N(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A page number from the query; anything else than a positive number is page 1.</summary>
    private static int PageNumber(string? page) =>
        int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;

    private static string Option(string value, string name, string? selected) =>
        $"<option value=\"{E(value)}\"{(value == selected ? " selected" : "")}>{E(name)}</option>";

    /// <summary>The jurisdictions the user covers (own first, those below indented); the own one is the default.</summary>
    private static string JurisdictionOptions(Actor actor, string? selected, bool departments = false)
    {
        var own = JurisdictionCatalogue.Find(actor.JurisdictionId)?.Level ?? 1;
        selected ??= actor.JurisdictionId;
        return string.Join("", JurisdictionCatalogue.All.Where(j => actor.Covers(j.Path)).OrderBy(j => j.Path, StringComparer.Ordinal)
            .Select(j => $"<option value=\"{j.Id}\"{(j.Id == selected ? " selected" : "")}>{new string('\u3000', Math.Max(0, j.Level - own))}{E(departments ? j.DepartmentName : j.Name)}</option>"));
    }

    private static string QueryString(IReadOnlyDictionary<string, string?> query, int? page)
    {
        var parts = query.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!)}").ToList();
        if (page is { } p) parts.Add($"page={p}");
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    private static string Pager(string path, IReadOnlyDictionary<string, string?> query, int page, int size, long total) =>
        Html.Pager(total, page, size, p => path + QueryString(query, p));

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

    private static string KindName(string kind) => kind switch
    {
        "inspection" => "监督检查",
        DeadlineCaseKinds.Rectification => "责令限期改正",
        DeadlineCaseKinds.Complaint => "投诉举报",
        DeadlineCaseKinds.Sanction => "行政处罚",
        DeadlineCaseKinds.Referral => "案件移送",
        DeadlineCaseKinds.Statistics => "年度执法统计",
        _ => kind,
    };

    private static async Task<Dictionary<string, string>> DisplayNames(IQuerySession session, IEnumerable<string> userNames, CancellationToken ct)
    {
        var ids = userNames.Where(n => !string.IsNullOrEmpty(n)).Distinct().ToArray();
        if (ids.Length == 0) return [];
        return (await session.LoadManyAsync<AppUser>(ct, ids)).ToDictionary(u => u.Id, u => u.DisplayName);
    }

    private static string UnitKindName(UnitKind kind) => kind switch
    {
        UnitKind.NationalArchives => "国家综合档案馆",
        UnitKind.DepartmentArchives => "部门档案馆",
        UnitKind.EnterpriseArchives => "企业档案馆",
        UnitKind.Organ => "机关",
        UnitKind.PeoplesOrganisation => "人民团体",
        UnitKind.StateOwnedEnterprise => "国有企业",
        UnitKind.PublicInstitution => "事业单位",
        UnitKind.ArchiveServiceAgency => "档案服务机构",
        _ => "其他",
    };

    private static string InspectionKindName(InspectionKind kind, bool random) => kind switch
    {
        InspectionKind.Joint => "联合检查",
        _ when random || kind == InspectionKind.Random => "双随机抽查",
        _ => "日常检查",
    };

    private static string InspectionStatusName(InspectionStatus s) => s switch
    {
        InspectionStatus.Planned => "计划中",
        InspectionStatus.InProgress => "检查中",
        InspectionStatus.Concluded => "已结束",
        _ => "已取消",
    };

    private static string OrderStatusName(UnitProfileOrder o) => o.Status switch
    {
        RectificationStatus.Closed => o.WentOverdue ? "已复查通过（曾逾期）" : "已复查通过，结案",
        _ when o.Board == "overdue" => "已逾期",
        _ => "整改中",
    };

    private static string SanctionStatusName(SanctionStatus s) => s switch
    {
        SanctionStatus.Investigating => "调查中",
        SanctionStatus.Reported => "调查终结",
        SanctionStatus.Noticed => "已事先告知",
        SanctionStatus.Decided => "已作出决定",
        _ => "已结案",
    };

    /// <summary>A refused filter: a jurisdiction outside the user's (the API's 404) is a 403 page that says why.</summary>
    private static IResult Refusal(string title, Actor actor, RuleViolation v, string before, string outOfScope)
    {
        var refused = v.Status == 404;
        var message = refused ? outOfScope : v.Problem.Extensions.TryGetValue("detail_zh", out var zh) && zh is string s ? s : v.Message;
        return WithStatus(refused ? 403 : v.Status, Page(title, actor, before + $"<div class=\"problem\" id=\"refused\">{E(message)}</div>"));
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
