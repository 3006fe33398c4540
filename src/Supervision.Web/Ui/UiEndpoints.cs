using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Supervision.CaseRecords;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;
using Supervision.Web.Auth;
using static Supervision.Web.Ui.Html;

namespace Supervision.Web.Ui;

/// <summary>
/// The browser UI (Simplified Chinese). Reading pages are plain HTML; actions post JSON to the same
/// API the clients use (cookie-authenticated; JSON-only bodies and SameSite=Strict cookies keep
/// cross-site posts out), so every rule is enforced in one place.
/// </summary>
public static class UiEndpoints
{
    public static void MapSupervisionUi(this WebApplication app)
    {
        app.UseStaticFiles();
        app.MapGet("/login", LoginPage).AllowAnonymous();
        app.MapPost("/login", Login).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).RequireAuthorization();
        app.MapGet("/", Workbench).RequireAuthorization();
        Supervision.Web.Pages.Calendar.CalendarPageEndpoint.Map(app);
        app.MapGet("/public/inspection-draws", PublishedDraws).AllowAnonymous();
        app.MapGet("/public/complaints", PublicComplaintForm).AllowAnonymous();
        app.MapGet("/public/complaints/status", PublicComplaintStatusPage).AllowAnonymous().RequireRateLimiting(HostSetup.PublicRateLimit);
        app.MapGet("/rectifications", RectificationBoard).RequireAuthorization();
        app.MapGet("/inspections/new", NewInspection).RequireAuthorization();
        app.MapGet("/inspections/{id:guid}", InspectionPage).RequireAuthorization();
        app.MapGet("/rectifications/{id:guid}", RectificationPage).RequireAuthorization();
        app.MapGet("/complaints/{id:guid}", ComplaintPage).RequireAuthorization();
        app.MapDashboardPage();
        app.MapBoardPages();
        app.MapOfficerPages();
    }

    /// <summary>一公开: the published random inspection draws and their results, for anyone.</summary>
    private static async Task<IResult> PublishedDraws(IQuerySession session)
    {
        var draws = await session.Query<InspectionDraw>().OrderByDescending(d => d.DrawnAt).Take(50).ToListAsync();
        var ids = draws.SelectMany(d => d.Selections.Select(s => s.InspectionId)).ToArray();
        var inspections = ids.Length == 0 ? new Dictionary<Guid, Inspection>() : (await session.LoadManyAsync<Inspection>(ids)).ToDictionary(i => i.Id);
        var rows = string.Join("", draws.SelectMany(d => d.Selections.Select(s =>
        {
            inspections.TryGetValue(s.InspectionId, out var i);
            var note = d.SupersededBy is not null ? $"已重新抽取，本次结果作废（理由：{E(d.SupersededReason)}）"
                : d.RedrawReason is not null ? $"重新抽取（理由：{E(d.RedrawReason)}）" : "";
            return $"<tr><td>{E(JurisdictionCatalogue.Find(d.JurisdictionId)?.DepartmentName)}</td><td>{Time(d.DrawnAt)}</td><td>{d.Seed}</td><td>{E(s.UnitName)}</td><td>{Date(d.PlannedOn)}</td><td>{(i is null ? "计划中" : InspectionStatusName(i.Status))}</td><td>{E(i?.Summary ?? "")}</td><td>{note}</td></tr>";
        })));
        return Page("“双随机、一公开”抽查结果公示", null,
            $"<p>抽查对象和执法检查人员均随机抽取。随机种子由系统根据抽取时记录的候选名单、检查事项和抽取时间生成，抽取人不能指定；种子公开，任何人可复核抽取结果。同一机关同一计划月份重新抽取须说明理由，原抽取结果作废并在此公示。</p><table><tr><th>实施机关</th><th>抽取时间</th><th>随机种子</th><th>抽查对象</th><th>计划检查日期</th><th>状态</th><th>检查结果</th><th>说明</th></tr>{rows}</table>");
    }

    /// <summary>The public intake form (Art. 41): anyone may complain or report, also anonymously.</summary>
    private static IResult PublicComplaintForm()
    {
        var departments = string.Join("", JurisdictionCatalogue.All.Select(j => $"<option value=\"{j.Id}\">{E(j.DepartmentName)}</option>"));
        var fields =
            Field("jurisdictionId", "受理机关", $"<select name=\"jurisdictionId\" required>{departments}</select>") +
            Field("unitName", "被投诉举报单位名称", "<input name=\"unitName\" maxlength=\"200\" required>") +
            Field("allegation", "投诉举报事项（请写明时间、地点、事实）", "<textarea name=\"allegation\" rows=\"6\" maxlength=\"5000\" required></textarea>") +
            Field("requestedOutcome", "诉求（可选）", "<textarea name=\"requestedOutcome\" rows=\"2\" maxlength=\"2000\"></textarea>") +
            "<label class=\"check\"><input type=\"checkbox\" name=\"anonymous\" data-type=\"checkbox\"> 匿名投诉举报（不填写姓名；如希望得知处理结果，请至少留下一种联系方式）</label>" +
            Field("complainant.name", "姓名", "<input name=\"complainant.name\" maxlength=\"100\">") +
            Field("complainant.idNumber", "居民身份证号码（可选）", "<input name=\"complainant.idNumber\" maxlength=\"18\">") +
            Field("complainant.phone", "电话", "<input name=\"complainant.phone\" maxlength=\"20\">") +
            Field("complainant.email", "电子邮箱", "<input name=\"complainant.email\" type=\"email\" maxlength=\"254\">") +
            Field("complainant.address", "通信地址", "<input name=\"complainant.address\" maxlength=\"300\">");
        var intro = $"<p>依据{LegalCatalogue.RegulationName}第四十一条，档案主管部门接到投诉或者举报后应当及时依法处理，并将处理结果告知投诉人或者举报人。" +
            "投诉举报人的身份信息依法保密，不会透露给被投诉举报单位。</p>";
        var receipt = """
            <div id="receipt" class="problem" hidden>
              <p>已收到您的投诉举报。请妥善保存以下信息，凭此<a href="/public/complaints/status">查询办理进度和结果</a>：</p>
              <p>受理编号：<strong data-field="receiptNumber"></strong></p>
              <p>查询码：<strong data-field="queryCode"></strong></p>
            </div>
            """;
        var form = ApiForm("public-complaint", "/api/public/complaints", "提交", fields).Replace("<form class=\"api\"", "<form class=\"api\" data-result=\"receipt\"");
        return Page("档案违法行为投诉举报", null, intro + form + receipt);
    }

    /// <summary>The complainant's status page: receipt number and query code in, status and result out (no JavaScript needed).</summary>
    private static async Task<IResult> PublicComplaintStatusPage(IQuerySession session, string? receipt, string? code, CancellationToken ct)
    {
        var form = $"""
            <form method="get" action="/public/complaints/status" class="login">
              <label>受理编号<br><input name="receipt" value="{E(receipt)}" required></label>
              <label>查询码<br><input name="code" value="{E(code)}" required></label>
              <button type="submit">查询</button>
            </form>
            """;
        if (string.IsNullOrWhiteSpace(receipt)) return Page("投诉举报办理查询", null, form);
        var result = await Supervision.Complaints.ComplaintQueries.PublicStatus(receipt.Trim(), code, session, ct);
        var answer = result is Microsoft.AspNetCore.Http.HttpResults.Ok<Supervision.Complaints.PublicComplaintStatus> { Value: { } s }
            ? $"<dl><dt>受理编号</dt><dd>{E(s.ReceiptNumber)}</dd><dt>收到时间</dt><dd>{Time(s.ReceivedAt)}</dd><dt>办理状态</dt><dd>{E(s.Status)}</dd>" +
              $"<dt>受理决定</dt><dd>{E(s.AcceptanceDecision ?? "—")}</dd>" +
              (s.HandlingDueOn is { } due ? $"<dt>办理期限</dt><dd>{Date(due)}{(s.ExtensionReason is null ? "" : $"（已延期，理由：{E(s.ExtensionReason)}）")}</dd>" : "") +
              $"<dt>处理结果</dt><dd>{E(s.Result ?? "—")}</dd></dl>"
            : "<div class=\"problem\">未找到：请核对受理编号和查询码。</div>";
        return Page("投诉举报办理查询", null, answer + form);
    }

    private static IResult LoginPage(HttpContext http, IAntiforgery antiforgery, string? error = null)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Page("登录", null, $"""
            <form method="post" action="/login" class="login">
              <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
              {(error is null ? "" : $"<div class=\"problem\">{E(error)}</div>")}
              <label>用户名<br><input name="username" autocomplete="username" required autofocus></label>
              <label>密码<br><input name="password" type="password" autocomplete="current-password" required></label>
              <button type="submit">登录</button>
            </form>
            """);
    }

    private static async Task<IResult> Login(HttpContext http, IAntiforgery antiforgery, IDocumentSession session, LoginService login)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.Problem(Problems.BadRequest("csrf", "页面已过期，请刷新后重新登录", "The form expired; reload and log in again"));
        var form = await http.Request.ReadFormAsync();
        var (outcome, user) = await login.CheckAsync(session, form["username"].ToString(), form["password"].ToString(), http.RequestAborted);
        if (outcome != LoginOutcome.Success)
            return LoginPage(http, antiforgery, "用户名或密码错误，或账户因多次失败已临时锁定，请稍后再试");
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(AuthSetup.IdentityFor(user!, CookieAuthenticationDefaults.AuthenticationScheme)));
        return Results.Redirect("/");
    }

    private static async Task<IResult> Workbench(ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock)
    {
        var actor = Actor.From(user);
        var inspectionQuery = session.Query<Inspection>()
            .Where(i => i.JurisdictionPath.StartsWith(actor.JurisdictionPath) && (i.Status == InspectionStatus.Planned || i.Status == InspectionStatus.InProgress));
        // An inspector sees their own inspections: filtered in the query, before the page limit, or a busy
        // jurisdiction's first 50 could leave theirs out.
        if (actor.Role == Roles.Inspector) inspectionQuery = inspectionQuery.Where(i => i.Inspectors.Any(x => x.UserName == actor.UserName));
        var inspections = await inspectionQuery.OrderBy(i => i.PlannedOn).Take(50).ToListAsync();
        var openQuery = session.Query<Rectification>().Where(r => r.JurisdictionPath.StartsWith(actor.JurisdictionPath) && r.Board != "closed");
        // An inspector's workbench shows the orders they signed; a leader's shows the whole jurisdiction.
        if (actor.Role == Roles.Inspector) openQuery = openQuery.Where(r => r.Inspectors.Any(x => x.UserName == actor.UserName));
        var open = await openQuery.OrderBy(r => r.DueOn).Take(100).ToListAsync();
        var plan = actor.IsIn(Roles.Inspector, Roles.Leader) ? "<p><a class=\"button\" href=\"/inspections/new\">计划检查</a></p>" : "";
        if (actor.IsIn(Roles.ComplaintHandler, Roles.Leader)) plan += "<p><a class=\"button\" href=\"/complaints/new\">登记投诉举报</a></p>";
        // From 1 November until next year's holiday notice is published, deadlines running into it are provisional.
        if (actor.IsIn(Roles.Admin, Roles.Leader) && HolidayCalendars.NextYearNoticeDue(calendar, WorkingDayCalendar.BeijingToday(clock.GetUtcNow())))
            plan = $"<p class=\"notice\" id=\"calendar-notice\">{WorkingDayCalendar.BeijingToday(clock.GetUtcNow()).Year + 1} 年法定节假日安排尚未公布，跨入该年度的期限暂按周末计算。"
                + "<a href=\"/admin/calendar\">查看或公布节假日安排</a></p>" + plan;
        plan += "<p><a href=\"/deadlines?owner=me\">我的期限</a> · <a href=\"/deadlines\">期限看板</a> · <a href=\"/units\">被监督单位</a></p>";
        var complaints = "";
        if (actor.IsIn(Roles.ComplaintHandler, Roles.Leader))
        {
            var q = session.Query<Complaint>().Where(c => c.JurisdictionPath.StartsWith(actor.JurisdictionPath) && c.Status != ComplaintStatus.Closed);
            if (actor.Role == Roles.ComplaintHandler) q = q.Where(c => c.HandlerId == actor.UserName || c.HandlerId == null);
            complaints = "<h2>未办结投诉举报</h2>" + ComplaintTable(await q.OrderBy(c => c.HandlingDueOn).Take(100).ToListAsync());
        }
        return Page("工作台", actor, $"""
            {plan}
            {complaints}
            <h2>进行中的检查</h2>
            {InspectionTable(inspections)}
            <h2>未结整改事项</h2>
            {RectificationTable(open, calendar, clock.GetUtcNow())}
            """);
    }

    private static async Task<IResult> RectificationBoard(ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock,
        string? status, int? page, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var board = status is "open" or "overdue" or "closed" ? status : "open";
        // The same query as GET /api/rectifications, 50 to a page.
        var result = await RectificationQueries.List(user, session, board, null, null, null, Math.Max(page ?? 1, 1), 50, ct);
        var tabs = string.Join(" ", new[] { ("open", "整改中"), ("overdue", "已逾期"), ("closed", "已结案") }
            .Select(t => t.Item1 == board ? $"<strong>{t.Item2}</strong>" : $"<a href=\"/rectifications?status={t.Item1}\">{t.Item2}</a>"));
        return Page("整改台账", actor, $"<p>{tabs}（共 {result.Total} 项）</p>{RectificationTable(result.Items, calendar, clock.GetUtcNow())}" +
            OfficerHtml.Pager(result.Total, result.Page, result.PageSize, p => $"/rectifications?status={board}&page={p}"));
    }

    private static async Task<IResult> NewInspection(ClaimsPrincipal user, IQuerySession session)
    {
        var actor = Actor.From(user);
        var units = await session.Query<SupervisedUnit>().Where(u => u.JurisdictionPath.StartsWith(actor.JurisdictionPath)).OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Name).ToListAsync();
        var inspectors = await session.Query<AppUser>().Where(u => u.Role == Roles.Inspector).ToListAsync();
        var eligible = inspectors.Where(u => u.IsCertifiedInspector && (JurisdictionPaths.Covers(u.JurisdictionPath, actor.JurisdictionPath) || JurisdictionPaths.Covers(actor.JurisdictionPath, u.JurisdictionPath)));
        var fields =
            Field("unitId", "被检查单位", $"<select name=\"unitId\" required><option value=\"\">请选择</option>{string.Join("", units.Select(u => $"<option value=\"{u.Id}\">{E(u.Name)}（{E(JurisdictionCatalogue.Find(u.JurisdictionId)?.Name)}）</option>"))}</select>") +
            Field("focusItems", "重点检查事项（第三十七条）", string.Join("", LegalCatalogue.InspectionFocus.Select(i => $"<label class=\"check\"><input type=\"checkbox\" name=\"focusItems\" data-type=\"array\" value=\"{i.Code}\"> {i.Code} {E(i.Wording)}</label>"))) +
            Field("plannedOn", "计划检查日期", "<input type=\"date\" name=\"plannedOn\" required>") +
            Field("inspectorIds", "执法人员（至少两名持证人员）", string.Join("", eligible.Select(u => $"<label class=\"check\"><input type=\"checkbox\" name=\"inspectorIds\" data-type=\"array\" value=\"{E(u.Id)}\"{(u.Id == actor.UserName ? " checked" : "")}> {E(u.DisplayName)}（执法证号 {E(u.CertificateNumber)}）</label>")));
        return Page("计划检查", actor, ApiForm("plan", "/api/inspections", "提交检查计划", fields, redirect: "/inspections/{id}"));
    }

    private static async Task<IResult> InspectionPage(Guid id, ClaimsPrincipal user, IQuerySession session)
    {
        var actor = Actor.From(user);
        var i = await session.LoadAsync<Inspection>(id);
        if (i is null || !actor.Covers(i.JurisdictionPath)) return Results.NotFound();
        var hazards = i.RectificationIds.Count == 0 ? [] : await session.LoadManyAsync<Rectification>(i.RectificationIds);
        var actions = "";
        if (actor.IsIn(Roles.Inspector, Roles.Leader))
        {
            actions = i.Status switch
            {
                InspectionStatus.Planned =>
                    ApiForm("start", $"/api/inspections/{i.Id}/start", "开始检查", "", i.Version) +
                    ApiForm("cancel", $"/api/inspections/{i.Id}/cancel", "取消检查", Field("reason", "取消原因", "<input name=\"reason\" required>"), i.Version),
                InspectionStatus.InProgress =>
                    "<h2>记录档案安全隐患（第三十八条）</h2>" +
                    ApiForm("hazard", $"/api/inspections/{i.Id}/hazards", "记录隐患",
                        Field("item", "隐患类别", $"<select name=\"item\" required><option value=\"\">请选择</option>{string.Join("", LegalCatalogue.SafetyHazards.Select(h => $"<option value=\"{h.Code}\">{h.Code} {E(h.Wording)}</option>"))}</select>") +
                        Field("description", "隐患情况", "<textarea name=\"description\" rows=\"3\" required></textarea>") +
                        Field("evidence", "证据（每行一项）", "<textarea name=\"evidence\" data-type=\"lines\" rows=\"2\" required></textarea>"), i.Version) +
                    "<h2>记录拒绝、阻碍检查（第四十条）</h2>" +
                    ApiForm("obstruction", $"/api/inspections/{i.Id}/obstructions", "记录", Field("description", "情况", "<textarea name=\"description\" rows=\"2\" required></textarea>"), i.Version) +
                    "<h2>检查结论</h2>" +
                    ApiForm("conclude", $"/api/inspections/{i.Id}/conclude", "结束检查", Field("summary", "检查结论", "<textarea name=\"summary\" rows=\"3\" required></textarea>") +
                        OfficerChoice(i.Inspectors, actor, "实施检查的执法人员（至少两名，笔录署名）"), i.Version),
                _ => "",
            };
        }
        // R5 / Art. 40: a recorded obstruction can open a sanction case; the form comes prefilled with this inspection.
        if (i.Obstructions.Count > 0 && actor.IsIn(Roles.CaseOfficer, Roles.Leader))
            actions += $"<p><a class=\"button\" id=\"open-case\" href=\"/sanction-cases/new?sourceKind=inspection&amp;sourceId={i.Id}\">对拒绝、阻碍检查立案</a></p>";
        return Page($"监督检查：{i.UnitName}", actor, $"""
            <dl>
              <dt>状态</dt><dd>{InspectionStatusName(i.Status)}</dd>
              <dt>计划日期</dt><dd>{Date(i.PlannedOn)}</dd>
              <dt>重点检查事项</dt><dd>{string.Join("<br>", i.FocusItems.Select(f => $"{f} {E(LegalCatalogue.Find(f)?.Wording)}"))}</dd>
              <dt>执法人员</dt><dd>{E(string.Join("、", i.Inspectors.Select(s => s.ToString())))}</dd>
              {(i.Obstructions.Count > 0 ? $"<dt>拒绝、阻碍检查</dt><dd>{string.Join("<br>", i.Obstructions.Select(E))}</dd>" : "")}
              {(i.Summary is null ? "" : $"<dt>检查结论</dt><dd>{E(i.Summary)}</dd>")}
              {(i.RecordNumber is null ? "" : $"<dt>现场检查笔录</dt><dd><a href=\"/api/documents/{Uri.EscapeDataString(i.RecordNumber)}\" target=\"_blank\">{E(i.RecordNumber)}</a></dd>")}
              {(i.CancelReason is null ? "" : $"<dt>取消原因</dt><dd>{E(i.CancelReason)}</dd>")}
              <dt>案卷</dt><dd>{CaseFileLinks(i.Id, i)}</dd>
              <dt>版本</dt><dd>{i.Version}</dd>
            </dl>
            {await History(session, i.Id)}
            <h2>发现的隐患</h2>
            <table><tr><th>类别</th><th>情况</th><th>整改状态</th></tr>
            {string.Join("", hazards.Select(h => $"<tr><td>{h.Item}</td><td><a href=\"/rectifications/{h.Id}\">{E(h.Description)}</a></td><td>{RectificationStatusName(h)}</td></tr>"))}
            </table>
            {actions}
            """);
    }

    private static async Task<IResult> RectificationPage(Guid id, ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock)
    {
        var actor = Actor.From(user);
        var r = await session.LoadAsync<Rectification>(id);
        if (r is null || !actor.Covers(r.JurisdictionPath)) return Results.NotFound();
        var item = LegalCatalogue.Find(r.Item);
        var actions = "";
        if (r.Status == RectificationStatus.Found && actor.IsIn(Roles.Inspector, Roles.Leader))
            actions = "<h2>下达责令限期改正通知书</h2>" + ApiForm("order", $"/api/rectifications/{r.Id}/order", "下达通知书",
                Field("workingDays", "整改期限（工作日）", "<input name=\"workingDays\" data-type=\"int\" type=\"number\" min=\"1\" max=\"180\" value=\"15\" required>") +
                Field("requirements", "整改要求", "<textarea name=\"requirements\" rows=\"3\" required></textarea>") +
                OfficerChoice(r.Inspectors, actor, "下达通知书的执法人员（至少两名，通知书署名）"), r.Version);
        else if (r.Status == RectificationStatus.Ordered)
        {
            if (actor.IsIn(Roles.Inspector, Roles.Leader))
                actions += "<h2>整改情况报告</h2>" + ApiForm("correction", $"/api/rectifications/{r.Id}/correction-reports", "记录整改报告",
                    Field("description", "单位报告的整改情况", "<textarea name=\"description\" rows=\"3\" required></textarea>"), r.Version) +
                    "<h2>整改复查</h2>" + ApiForm("reinspection", $"/api/rectifications/{r.Id}/reinspections", "记录复查结果",
                    Field("passed", "复查结论", "<select name=\"passed\" data-type=\"bool\"><option value=\"true\">通过（结案）</option><option value=\"false\">未通过（继续整改）</option></select>") +
                    Field("notes", "复查意见", "<textarea name=\"notes\" rows=\"3\" required></textarea>") +
                    OfficerChoice(r.Inspectors, actor, "实施复查的执法人员（至少两名，意见书署名）"), r.Version);
            if (actor.IsIn(Roles.Leader))
            {
                // R1: a leader may add certified officers to the case (e.g. for a re-inspection); recused ones are refused by the API.
                var candidates = (await session.Query<AppUser>().Where(u => u.Role == Roles.Inspector && u.CertificateNumber != null).ToListAsync())
                    .Where(u => JurisdictionPaths.Covers(u.JurisdictionPath, r.JurisdictionPath) && r.Inspectors.All(i => i.UserName != u.Id)
                        && !r.RecusedOfficers.Contains(u.Id)).ToList();
                if (candidates.Count > 0)
                    actions += "<h2>指派执法人员（领导）</h2>" + ApiForm("officers", $"/api/rectifications/{r.Id}/officers", "指派",
                        Field("inspectorIds", "执法人员", string.Join("", candidates.Select(u =>
                            $"<label class=\"check\"><input type=\"checkbox\" name=\"inspectorIds\" data-type=\"array\" value=\"{E(u.Id)}\"> {E(u.DisplayName)}（执法证号 {E(u.CertificateNumber)}）</label>"))), r.Version);
            }
            if (actor.IsIn(Roles.Leader) && !r.IsOverdue)
                actions += "<h2>延长整改期限（领导审批）</h2>" + ApiForm("extension", $"/api/rectifications/{r.Id}/extensions", "批准延期",
                    Field("newDueOn", "新的截止日期", "<input type=\"date\" name=\"newDueOn\" required>") +
                    Field("reason", "延期理由", "<textarea name=\"reason\" rows=\"2\" required></textarea>"), r.Version);
        }
        // R9: an overdue order can open a sanction case; the form comes prefilled with this rectification.
        if (r.IsOverdue && r.Status != RectificationStatus.Closed && actor.IsIn(Roles.CaseOfficer, Roles.Leader))
            actions += $"<p><a class=\"button\" id=\"open-case\" href=\"/sanction-cases/new?sourceKind=rectification&amp;sourceId={r.Id}\">对逾期未改正立案</a></p>";
        var document = r.DocumentNumber is null ? "—" : $"<a href=\"/api/documents/{Uri.EscapeDataString(r.DocumentNumber)}\" target=\"_blank\">{E(r.DocumentNumber)}</a>";
        // Each extension's 延长整改期限通知书 and each recalculation's 整改期限变更告知书.
        foreach (var x in r.Extensions.Where(x => x.NoticeNumber is not null))
            document += $"<br><a href=\"/api/documents/{Uri.EscapeDataString(x.NoticeNumber!)}\" target=\"_blank\">{E(x.NoticeNumber)}</a>（延长整改期限通知书，至{Date(x.NewDueOn)}）";
        foreach (var x in r.Recalculations.Where(x => x.NoticeNumber is not null))
            document += $"<br><a href=\"/api/documents/{Uri.EscapeDataString(x.NoticeNumber!)}\" target=\"_blank\">{E(x.NoticeNumber)}</a>（整改期限变更告知书，至{Date(x.DueOn)}）";
        // Each re-inspection's 整改复查意见书 (合格 / 不合格).
        foreach (var o in r.Reinspections.Where(o => o.DocumentNumber is not null))
            document += $"<br><a href=\"/api/documents/{Uri.EscapeDataString(o.DocumentNumber!)}\" target=\"_blank\">{E(o.DocumentNumber)}</a>（整改复查意见书，{(o.Passed ? "合格" : "不合格")}）";
        return Page($"整改事项：{r.UnitName}", actor, $"""
            <dl>
              <dt>状态</dt><dd>{RectificationStatusName(r)}</dd>
              <dt>隐患类别</dt><dd>{r.Item} {E(item?.Wording)}</dd>
              <dt>隐患情况</dt><dd>{E(r.Description)}</dd>
              <dt>证据</dt><dd>{string.Join("<br>", r.Evidence.Select(E))}</dd>
              <dt>通知书</dt><dd>{document}</dd>
              <dt>整改要求</dt><dd>{E(r.Requirements ?? "—")}</dd>
              <dt>截止日期</dt><dd>{Date(r.DueOn)}{DaysLeft(r, calendar, clock.GetUtcNow())}{(r.ExtensionCount > 0 ? $"（原定 {Date(r.OriginalDueOn)}，已延期 {r.ExtensionCount} 次）" : "")}{(r.DueOnProvisional ? "（暂定：该年度节假日安排未公布）" : "")}</dd>
              <dt>整改报告</dt><dd>{E(r.LastCorrection ?? "—")}</dd>
              <dt>检查记录</dt><dd><a href="/inspections/{r.InspectionId}">查看检查</a></dd>
              <dt>案卷</dt><dd>{CaseFileLinks(r.Id, r)}</dd>
              <dt>版本</dt><dd>{r.Version}</dd>
            </dl>
            {await History(session, r.Id)}
            {actions}
            """);
    }

    /// <summary>R1: the officers of the case who do the act, checked by default the acting officer; the document prints them.</summary>
    private static string OfficerChoice(IEnumerable<Signatory> team, Actor actor, string label) =>
        Field("inspectorIds", label, string.Join("", team.Select(t =>
            $"<label class=\"check\"><input type=\"checkbox\" name=\"inspectorIds\" data-type=\"array\" value=\"{E(t.UserName)}\"{(t.UserName == actor.UserName ? " checked" : "")}> {E(t.DisplayName)}（执法证号 {E(t.CertificateNumber)}）</label>")));

    private static async Task<IResult> ComplaintPage(Guid id, ClaimsPrincipal user, IQuerySession session)
    {
        var actor = Actor.From(user);
        var c = await session.LoadAsync<Complaint>(id);
        if (c is null || !actor.Covers(c.JurisdictionPath)) return Results.NotFound();
        var handles = actor.IsIn(Roles.ComplaintHandler, Roles.Leader);
        var mine = actor.Role == Roles.Leader || c.HandlerId == actor.UserName;
        var actions = "";
        if (handles && c.Decision is null && !c.IsClosed)
            actions += "<h2>受理决定</h2>" + ApiForm("acceptance", $"/api/complaints/{c.Id}/acceptance", "作出受理决定",
                Field("decision", "决定", "<select name=\"decision\"><option value=\"accepted\">受理</option><option value=\"not_accepted\">不予受理</option><option value=\"transferred\">转送</option></select>") +
                Field("reason", "理由", "<textarea name=\"reason\" rows=\"2\" required></textarea>") +
                Field("transferTo", "转送机关（转送时填写）", "<input name=\"transferTo\">"), c.Version);
        if (c.Status == ComplaintStatus.Accepted && actor.Role == Roles.Leader)
        {
            var handlers = await session.Query<AppUser>().Where(u => u.Role == Roles.ComplaintHandler).ToListAsync();
            var options = string.Join("", handlers.Where(h => JurisdictionPaths.Covers(h.JurisdictionPath, c.JurisdictionPath)).Select(h => $"<option value=\"{E(h.Id)}\">{E(h.DisplayName)}</option>"));
            actions += "<h2>指定承办人</h2>" + ApiForm("assignment", $"/api/complaints/{c.Id}/assignment", "指定", Field("handlerId", "承办人", $"<select name=\"handlerId\">{options}</select>"), c.Version);
        }
        if (c.Status == ComplaintStatus.Accepted && mine && handles)
            actions += "<h2>调查记录</h2>" + ApiForm("note", $"/api/complaints/{c.Id}/notes", "添加", Field("note", "记录", "<textarea name=\"note\" rows=\"3\" required></textarea>"), c.Version) +
                "<h2>处理结论</h2>" + ApiForm("conclusion", $"/api/complaints/{c.Id}/conclusion", "作出结论",
                    Field("substantiated", "是否属实", "<select name=\"substantiated\" data-type=\"bool\"><option value=\"true\">属实</option><option value=\"false\">不属实</option></select>") +
                    Field("findings", "调查认定的事实", "<textarea name=\"findings\" rows=\"3\" required></textarea>") +
                    Field("result", "处理结果", "<textarea name=\"result\" rows=\"3\" required></textarea>"), c.Version);
        var names = new Dictionary<NotificationChannel, string> { [NotificationChannel.Email] = "电子邮件", [NotificationChannel.Sms] = "短信", [NotificationChannel.Letter] = "书面告知书", [NotificationChannel.Phone] = "电话" };
        string ChannelField() => Field("channel", "告知投诉人的方式", $"<select name=\"channel\">{string.Join("", c.ContactChannels.Select(ch => $"<option value=\"{ch.ToString().ToLowerInvariant()}\">{names[ch]}</option>"))}</select>") +
            Field("notes", "通话情况（电话告知时填写）", "<textarea name=\"notes\" rows=\"2\"></textarea>");
        // R11: one extension of at most 30 days, approved by a leader, and the complainant is told why.
        if (c.Status == ComplaintStatus.Accepted && actor.Role == Roles.Leader && !c.Extended)
            actions += "<h2>延长办理期限（领导批准，须告知投诉人）</h2>" + ApiForm("extension", $"/api/complaints/{c.Id}/extensions", "批准延期并告知",
                Field("days", $"延长天数（不超过 {ComplaintSteps.MaxExtensionDays} 日）", $"<input name=\"days\" type=\"number\" data-type=\"int\" min=\"1\" max=\"{ComplaintSteps.MaxExtensionDays}\" value=\"{ComplaintSteps.MaxExtensionDays}\" required>") +
                Field("reason", "延期理由（将告知投诉人）", "<textarea name=\"reason\" rows=\"2\" required></textarea>") +
                (c.ContactChannels.Length == 0 ? "<p>投诉人未留联系方式：延期情况记入案卷" + (c.QueryCodeHash is null ? "。" : "，投诉人可凭受理编号和查询码查询。") + "</p>" : ChannelField()), c.Version);
        if (c.Status == ComplaintStatus.Concluded && mine && handles && c.PendingNotification is null)
        {
            actions += c.ContactChannels.Length == 0
                ? "<h2>办结</h2>" + ApiForm("closure", $"/api/complaints/{c.Id}/closure", "匿名且无联系方式，办结", "", c.Version)
                : "<h2>告知投诉人处理结果</h2>" + ApiForm("notify", $"/api/complaints/{c.Id}/notifications", "告知", ChannelField(), c.Version);
        }
        var identity = ComplaintSteps.MaySeeIdentity(c, actor)
            ? $"<a href=\"/api/complaints/{c.Id}/complainant\" target=\"_blank\">查看投诉人身份信息（查看将被记录）</a>"
            : "***（仅承办人和本部门领导可查看）";
        var extension = "—";
        if (c.Extended)
        {
            var delivery = c.ExtensionNoticeDeliveryId is { } d ? await session.LoadAsync<NoticeDelivery>(d) : null;
            var told = ExtensionView.Of(c, delivery)!;
            var how = told.NoticeStatus switch
            {
                "sending" => $"{names[told.NoticeChannel!.Value]}发送中",
                "delivered" => $"已通过{names[told.NoticeChannel!.Value]}告知",
                "failed" => $"{names[told.NoticeChannel!.Value]}发送失败（{E(told.NoticeFailure)}），请改用其他方式告知",
                _ => E(told.NoticeProof),
            };
            extension = $"{Date(told.PreviousDueOn)} 延长至 {Date(told.NewDueOn)}，{E(told.ApprovedBy)} 批准。理由：{E(told.Reason)}<br>告知投诉人：{how}";
            if (told.NoticeStatus == "failed" && mine && handles && !c.IsClosed)
                actions += "<h2>改用其他方式告知延期</h2>" + ApiForm("retell", $"/api/complaints/{c.Id}/extension-notice", "告知", ChannelField(), c.Version);
        }
        var documents = string.Join(" ", new[] { c.AcceptanceNoticeNumber, c.ExtensionNoticeNumber, c.ResultLetterNumber }.Where(n => n is not null)
            .Select(n => $"<a href=\"/api/documents/{Uri.EscapeDataString(n!)}\" target=\"_blank\">{E(n)}</a>"));
        return Page($"投诉举报 {c.ReceiptNumber}", actor, $"""
            <dl>
              <dt>状态</dt><dd>{ComplaintStatusName(c)}</dd>
              <dt>收到</dt><dd>{Time(c.ReceivedAt)}（{E(c.Channel.ToString())}）{(c.Anonymous ? "，匿名" : "")}</dd>
              <dt>投诉人</dt><dd>{identity}</dd>
              <dt>被投诉单位</dt><dd>{E(c.UnitName)}</dd>
              <dt>投诉举报事项</dt><dd>{E(c.Allegation)}</dd>
              <dt>诉求</dt><dd>{E(c.RequestedOutcome ?? "—")}</dd>
              <dt>受理期限</dt><dd>{Date(c.AcceptanceDueOn)}{(c.AcceptanceOverdue ? "（已逾期）" : "")}</dd>
              <dt>办理期限</dt><dd>{Date(c.HandlingDueOn)}{(c.Extended ? "（已延期）" : "")}{(c.HandlingOverdue || c.NotificationOverdue ? "（已逾期）" : "")}</dd>
              <dt>延期</dt><dd>{extension}</dd>
              <dt>承办人</dt><dd>{E(c.HandlerId ?? "—")}</dd>
              <dt>调查记录</dt><dd>{string.Join("<br>", c.Notes.Select(n => $"{Time(n.AddedAt)} {E(n.AddedBy)}：{E(n.Note)}"))}</dd>
              <dt>处理结论</dt><dd>{(c.Substantiated is null ? "—" : (c.Substantiated.Value ? "属实。" : "不属实。") + E(c.Findings) + " " + E(c.Result))}</dd>
              <dt>告知</dt><dd>{(c.NotifiedAt is null ? (c.PendingNotification is null ? "—" : "发送中") : $"{Time(c.NotifiedAt)} 已告知")}{(c.LastNotificationFailure is null ? "" : $"（上次失败：{E(c.LastNotificationFailure)}）")}</dd>
              <dt>文书</dt><dd>{(documents.Length == 0 ? "—" : documents)}</dd>
              <dt>案卷</dt><dd>{CaseFileLinks(c.Id, c)}</dd>
              <dt>版本</dt><dd>{c.Version}</dd>
            </dl>
            {actions}
            """);
    }

    private static string ComplaintStatusName(Complaint c) => c.Status switch
    {
        ComplaintStatus.Received => "待受理",
        ComplaintStatus.Accepted => "办理中",
        ComplaintStatus.Concluded => "已作结论，待告知",
        _ => "已办结" + (c.CloseReason is null ? "" : $"（{E(c.CloseReason)}）"),
    };

    private static string ComplaintTable(IEnumerable<Complaint> items) =>
        "<table><tr><th>受理编号</th><th>被投诉单位</th><th>状态</th><th>受理期限</th><th>办理期限</th></tr>" +
        string.Join("", items.Select(c => $"<tr class=\"{(c.AcceptanceOverdue || c.HandlingOverdue || c.NotificationOverdue ? "overdue" : "")}\"><td><a href=\"/complaints/{c.Id}\">{E(c.ReceiptNumber)}</a></td><td>{E(c.UnitName)}</td><td>{ComplaintStatusName(c)}</td><td>{Date(c.AcceptanceDueOn)}</td><td>{Date(c.HandlingDueOn)}</td></tr>")) +
        "</table>";

    private static string InspectionTable(IEnumerable<Inspection> items) =>
        "<table><tr><th>被检查单位</th><th>计划日期</th><th>状态</th><th>执法人员</th></tr>" +
        string.Join("", items.Select(i => $"<tr><td><a href=\"/inspections/{i.Id}\">{E(i.UnitName)}</a></td><td>{Date(i.PlannedOn)}</td><td>{InspectionStatusName(i.Status)}</td><td>{E(string.Join("、", i.Inspectors.Select(s => s.DisplayName)))}</td></tr>")) +
        "</table>";

    private static string RectificationTable(IEnumerable<Rectification> items, WorkingDayCalendar calendar, DateTimeOffset now) =>
        "<table><tr><th>文号</th><th>单位</th><th>类别</th><th>截止日期</th><th>状态</th></tr>" +
        string.Join("", items.Select(r => $"<tr class=\"{r.Board}\"><td><a href=\"/rectifications/{r.Id}\">{E(r.DocumentNumber ?? "（未下达）")}</a></td><td>{E(r.UnitName)}</td><td>{r.Item}</td><td>{Date(r.DueOn)}{DaysLeft(r, calendar, now)}</td><td>{RectificationStatusName(r)}</td></tr>")) +
        "</table>";

    private static string DaysLeft(Rectification r, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        if (r.DueOn is not { } due || r.Status == RectificationStatus.Closed) return "";
        var today = WorkingDayCalendar.BeijingToday(now);
        return due >= today ? $"（剩余 {calendar.WorkingDaysBetween(today, due)} 个工作日）" : "（已逾期）";
    }

    private static string InspectionStatusName(InspectionStatus s) => s switch
    {
        InspectionStatus.Planned => "计划中",
        InspectionStatus.InProgress => "检查中",
        InspectionStatus.Concluded => "已结束",
        _ => "已取消",
    };

    private static string RectificationStatusName(Rectification r) => r.Status switch
    {
        RectificationStatus.Found => "待下达通知书",
        RectificationStatus.Closed => "已复查通过，结案",
        _ when r.IsOverdue => "已逾期",
        _ => "整改中",
    };
}
