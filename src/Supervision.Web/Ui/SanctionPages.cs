using System.Security.Claims;
using Marten;
using Supervision.CaseRecords;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Units;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using static Supervision.Web.Ui.Html;

namespace Supervision.Web.Ui;

/// <summary>The case officer's pages: sanction cases (通报批评, R14–R22) and referrals between departments (R23).</summary>
public static class OfficerPages
{
    public static void MapOfficerPages(this WebApplication app)
    {
        app.MapSanctionPages();
        app.MapReferralPages();
    }
}

/// <summary>Small helpers shared by the officer's pages.</summary>
internal static class OfficerHtml
{
    public const int PageSize = 50;

    /// <summary>
    /// Whether a step is open to the actor now, asked of the step's own decider (so no rule is repeated here):
    /// the decider accepts it, or refuses only the (empty) input fields (400). Refusals by state or role hide the form.
    /// </summary>
    public static bool Allowed(Action decide) => Refusal(decide) is null;

    /// <summary>Null when the step is open (see <see cref="Allowed"/>); otherwise the refusal.</summary>
    public static RuleViolation? Refusal(Action decide)
    {
        try { decide(); return null; }
        catch (RuleViolation v) when (v.Status == 400) { return null; }
        catch (RuleViolation v) { return v; }
    }

    public static string Message(RuleViolation v) =>
        v.Problem.Extensions.TryGetValue("detail_zh", out var zh) && zh is string s ? s : v.Message;

    public static IResult WithStatus(int status, IResult inner) => new StatusResult(status, inner);

    private sealed class StatusResult(int status, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            return inner.ExecuteAsync(http);
        }
    }

    /// <summary>A refusal page: the reason, and the way back.</summary>
    public static IResult Refused(int status, string title, Actor actor, string message, string back, string backText) =>
        WithStatus(status, Page(title, actor, $"<div class=\"problem\" id=\"refused\">{E(message)}</div><p><a href=\"{E(back)}\">{E(backText)}</a></p>"));

    public static string DocumentLink(string? number) => number is null
        ? "—"
        : $"<a href=\"/api/documents/{Uri.EscapeDataString(number)}\" target=\"_blank\">{E(number)}</a>";

    public static string Options(IEnumerable<(string Value, string Label)> options, string? selected = null) =>
        string.Join("", options.Select(o => $"<option value=\"{E(o.Value)}\"{(o.Value == selected ? " selected" : "")}>{E(o.Label)}</option>"));

    public static string Section(string title, string form) => $"<section class=\"step\"><h2>{E(title)}</h2>{form}</section>";

    public static string Pager(long total, int page, int size, Func<int, string> url) => Html.Pager(total, page, size, url);

    public static Task<string> History(IQuerySession session, Guid id, CancellationToken ct) => Html.History(session, id, ct);

    public static string Days(WorkingDayCalendar calendar, DateOnly today, DateOnly due) =>
        due >= today ? $"（剩余 {calendar.WorkingDaysBetween(today, due)} 个工作日）" : "（已过期）";
}

/// <summary>
/// 行政处罚案件 pages: the list (GET /api/sanction-cases), the opening form and the case with the forms its
/// current state allows. Which forms show is asked of the deciders in <see cref="SanctionSteps"/> themselves.
/// </summary>
public static class SanctionPages
{
    private static readonly (string Value, string Label)[] Statuses =
    [
        ("investigating", "调查中"), ("reported", "调查终结"), ("noticed", "已事先告知"), ("decided", "已作出处罚决定"), ("closed", "已结案"),
    ];

    private static readonly (string Value, string Label)[] ScopeOptions =
        [("unit", SanctionDocuments.ScopeText(PenaltyScope.Unit)), ("jurisdiction", SanctionDocuments.ScopeText(PenaltyScope.Jurisdiction)), ("public", SanctionDocuments.ScopeText(PenaltyScope.Public))];

    private static readonly (string Value, string Label)[] SeverityOptions = [("ordinary", "一般案件"), ("major", "重大案件"), ("complex", "复杂案件")];

    private static readonly (string Value, string Label)[] SourceKinds =
        [("direct", "直接立案"), ("inspection", "监督检查"), ("rectification", "责令限期改正"), ("complaint", "投诉举报"), ("referral", "移送案件")];

    // 《中华人民共和国行政处罚法》第四十六条: the kinds of evidence.
    private static readonly string[] EvidenceKinds = ["书证", "物证", "视听资料", "电子数据", "证人证言", "当事人的陈述", "鉴定意见", "勘验笔录", "现场笔录"];
    private static readonly string[] DeliveryMethods = ["直接送达", "留置送达", "邮寄送达", "委托送达", "电子送达", "公告送达"];

    public static void MapSanctionPages(this WebApplication app)
    {
        app.MapGet("/sanction-cases", List).RequireAuthorization();
        app.MapGet("/sanction-cases/new", New).RequireAuthorization();
        app.MapGet("/sanction-cases/{id:guid}", CasePage).RequireAuthorization();
    }

    public static string StatusName(SanctionCase c) => c.Status switch
    {
        SanctionStatus.Investigating => "调查中",
        SanctionStatus.Reported => "调查终结，待事先告知",
        SanctionStatus.Noticed => "已事先告知，待决定",
        SanctionStatus.Decided => "已作出处罚决定",
        _ when c.NoPenaltyReason is not null => "不予处罚，已结案",
        _ => "已结案",
    };

    private static string SourceName(SanctionSourceKind k) => SourceKinds.FirstOrDefault(s => s.Value == k.ToString().ToLowerInvariant()).Label ?? k.ToString();

    private static string? SourceUrl(SanctionSource s) => s.Id is not { } id ? null : s.Kind switch
    {
        SanctionSourceKind.Inspection => $"/inspections/{id}",
        SanctionSourceKind.Rectification => $"/rectifications/{id}",
        SanctionSourceKind.Complaint => $"/complaints/{id}",
        SanctionSourceKind.Referral => $"/referrals/{id}",
        _ => null,
    };

    private static string ViolationText(string code) => SanctionCatalogue.Find(code) is { } v
        ? $"{E(SanctionCatalogue.Citation(v))} {E(v.Wording)}"
        : E(code);

    private static string ScopeCode(PenaltyScope? s) => s switch
    {
        PenaltyScope.Unit => "unit",
        PenaltyScope.Public => "public",
        _ => "jurisdiction",
    };

    private static bool Overdue(SanctionCase c) =>
        c.DecisionOverdue || c.DeliveryOverdue || c.PublicationOverdue || c.PublicationWithdrawalOverdue || c.TransferDecisionOverdue
        || c.TransferLetterOverdue || c.DisciplineRecommendations.Any(r => r.Status == DisciplineReplyStatus.Overdue);

    // ------------------------------------------------------------------ list

    private static async Task<IResult> List(ClaimsPrincipal user, IQuerySession session, string? status, int? page, CancellationToken ct)
    {
        var actor = Actor.From(user);
        SanctionCasePage result;
        try
        {
            result = await SanctionQueries.List(user, session, string.IsNullOrEmpty(status) ? null : status, null, null, page, OfficerHtml.PageSize, ct);
        }
        catch (RuleViolation v)
        {
            return OfficerHtml.Refused(v.Status, "行政处罚案件", actor, OfficerHtml.Message(v), "/sanction-cases", "返回案件列表");
        }
        var tabs = string.Join(" ", new[] { ("", "全部") }.Concat(Statuses).Select(t => t.Item1 == (status ?? "")
            ? $"<strong>{E(t.Item2)}</strong>"
            : $"<a href=\"/sanction-cases{(t.Item1 == "" ? "" : "?status=" + t.Item1)}\">{E(t.Item2)}</a>"));
        var open = actor.IsIn(Roles.CaseOfficer, Roles.Leader) ? "<p><a class=\"button\" href=\"/sanction-cases/new\">立案</a></p>" : "";
        var rows = string.Join("", result.Items.Select(c =>
            $"<tr class=\"{(Overdue(c) ? "overdue" : "")}\"><td><a href=\"/sanction-cases/{c.Id}\">{E(c.PartyName)}</a></td>" +
            $"<td>{E(SanctionCatalogue.Find(c.Violation) is { } v ? SanctionCatalogue.Citation(v) : c.Violation)}</td>" +
            $"<td>{E(StatusName(c))}</td><td>{Time(c.OpenedAt)}</td><td>{Date(c.DecisionDueOn)}{(c.DecisionOverdue ? "（已逾期）" : "")}</td>" +
            $"<td>{OfficerHtml.DocumentLink(c.DecisionNumber ?? c.NoticeNumber)}</td></tr>"));
        var empty = result.Items.Count == 0 ? "<p>没有符合条件的案件。</p>" : "";
        var pager = OfficerHtml.Pager(result.Total, result.Page, result.PageSize,
            p => $"/sanction-cases?{(string.IsNullOrEmpty(status) ? "" : $"status={Uri.EscapeDataString(status)}&")}page={p}");
        return Page("行政处罚案件", actor, $"""
            {open}
            <p>{tabs}</p>
            <table id="cases"><tr><th>当事人</th><th>违法行为</th><th>状态</th><th>立案时间</th><th>决定期限</th><th>文书</th></tr>{rows}</table>
            {empty}
            {pager}
            """);
    }

    // ------------------------------------------------------------------ opening (立案)

    private static async Task<IResult> New(ClaimsPrincipal user, IQuerySession session, string? sourceKind, Guid? sourceId, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Roles.CaseOfficer, Roles.Leader))
            return OfficerHtml.Refused(403, "立案", actor, "只有案件承办人员和领导可以立案。", "/sanction-cases", "返回案件列表");
        var units = await session.Query<SupervisedUnit>().Where(u => u.JurisdictionPath.StartsWith(actor.JurisdictionPath))
            .OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Name).ToListAsync(ct);
        var staff = (await session.Query<AppUser>().ToListAsync(ct))
            .Where(u => u.Role != Roles.Admin && actor.Covers(u.JurisdictionPath)).OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Id).ToList();
        // R1: certified officers (case officers, inspectors) of the jurisdiction; those above it supervise it too.
        var investigators = (await session.Query<AppUser>().Where(u => u.Role == Roles.CaseOfficer || u.Role == Roles.Inspector).ToListAsync(ct))
            .Where(u => u.IsCertified && (JurisdictionPaths.Covers(u.JurisdictionPath, actor.JurisdictionPath) || actor.Covers(u.JurisdictionPath)))
            .OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Id);
        var kind = SourceKinds.Any(s => s.Value == sourceKind) ? sourceKind : "direct";
        var violations = SanctionCatalogue.Violations.Select(v => (v.Code, $"{v.Code} {SanctionCatalogue.Citation(v)} {v.Wording}"));
        var fields =
            Field("source.kind", "案件来源", $"<select name=\"source.kind\" required>{OfficerHtml.Options(SourceKinds, kind)}</select>") +
            Field("source.id", "来源案件编号（直接立案不填）", $"<input name=\"source.id\" value=\"{E(sourceId?.ToString())}\" pattern=\"[0-9a-fA-F-]{{36}}\" size=\"40\">") +
            Field("partyUnitId", "当事单位（第四十四条案件可不选，当事人为本部门）",
                $"<select name=\"partyUnitId\"><option value=\"\">请选择</option>{string.Join("", units.Select(u => $"<option value=\"{u.Id}\">{E(u.Name)}（{E(JurisdictionCatalogue.Find(u.JurisdictionId)?.Name)}）</option>"))}</select>") +
            $"<p class=\"note\">{E(LegalCatalogue.RegulationName)}第四十三条：{E(SanctionCatalogue.Art43Chapeau)}：</p>" +
            Field("violation", "违法行为", $"<select name=\"violation\" required><option value=\"\">请选择</option>{OfficerHtml.Options(violations)}</select>") +
            Field("summary", "案情摘要", "<textarea name=\"summary\" rows=\"4\" maxlength=\"4000\" required></textarea>") +
            Field("investigatorIds", "调查人员（至少两名持有执法证的执法人员）", string.Join("", investigators.Select(u =>
                $"<label class=\"check\"><input type=\"checkbox\" name=\"investigatorIds\" data-type=\"array\" value=\"{E(u.Id)}\"{(u.Id == actor.UserName ? " checked" : "")}> {E(u.DisplayName)}（{E(RoleName(u.Role))}，执法证号 {E(u.CertificateNumber)}）</label>"))) +
            Field("responsiblePersons", "直接负责的主管人员和其他直接责任人员（每行一名）",
                "<textarea name=\"responsibleNames\" data-type=\"lines\" rows=\"2\"></textarea>") +
            "<fieldset><legend>本部门工作人员为责任人员（第四十四条案件必选；被列明的人员不能查看和办理本案）</legend>" +
            string.Join("", staff.Where(u => u.Id != actor.UserName).Select(u =>
                $"<label class=\"check\"><input type=\"checkbox\" name=\"responsibleUserIds\" data-type=\"array\" value=\"{E(u.Id)}\"> {E(u.DisplayName)}（{E(u.Id)}，{E(RoleName(u.Role))}）</label>")) +
            "</fieldset>";
        return Page("立案", actor, ApiForm("open", OpenForm.Route, "立案", fields, redirect: "/sanction-cases/{id}"));
    }

    // ------------------------------------------------------------------ the case

    private static async Task<IResult> CasePage(Guid id, ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var c = await session.LoadAsync<SanctionCase>(id, ct);
        // Outside the jurisdiction, or named in an Art. 44 case (R22): the case does not exist for the actor.
        if (c is null || !SanctionSteps.MaySee(c, actor)) return Results.NotFound();
        var now = clock.GetUtcNow();
        var today = WorkingDayCalendar.BeijingToday(now);

        var source = SourceUrl(c.Source) is { } url ? $"{E(SourceName(c.Source.Kind))}（<a href=\"{E(url)}\">查看</a>）" : E(SourceName(c.Source.Kind));
        var persons = c.ResponsiblePersons.Length == 0 ? "—" : string.Join("、", c.ResponsiblePersons.Select(p => E(p.Name) + (p.UserId is null ? "" : $"（本部门工作人员 {E(p.UserId)}）")));
        var evidence = c.Evidence.Count == 0 ? "—" : string.Join("<br>", c.Evidence.Select(e => $"{E(e.Kind)}：{E(e.Description)}（{E(e.AddedBy)}，{Time(e.AddedAt)}）"));
        var report = c.Findings is null ? "—"
            : $"{E(c.Findings)}<br>拟处罚：{E(SanctionDocuments.ScopeText(c.ProposedScope))}；案件情节：{E(SeverityOptions.First(s => s.Value == c.Severity.ToString()!.ToLowerInvariant()).Label)}；{(c.SocialImpact ? "具有一定社会影响（决定须公开）" : "无社会影响")}";
        var defence = new List<string>();
        if (c.DefenceWaived) defence.Add("当事人放弃陈述、申辩和听证");
        defence.AddRange(c.DefenceStatements.Select(s => "陈述、申辩：" + E(s)));
        if (c.HearingRequested) defence.Add("当事人要求听证" + (c.HearingOn is { } on ? $"，定于 {Date(on)} 举行，主持人 {E(c.HearingChairId)}" : "，尚未安排"));
        if (c.HearingHeld) defence.Add("听证已举行。笔录：" + E(c.HearingMinutes));
        var review = c.LegalReviews == 0 ? "—" : $"{(c.LegalReviewApproved == true ? "通过" : "未通过")}：{E(c.LegalOpinion)}";
        var decision = c.NoPenaltyReason is not null ? $"不予处罚：{E(c.NoPenaltyReason)}（{Date(c.DecidedOn)}）"
            : c.DecisionNumber is null ? "—"
            : $"{OfficerHtml.DocumentLink(c.DecisionNumber)} {E(SanctionDocuments.ScopeText(c.DecidedScope))}，{Date(c.DecidedOn)}；责令改正：{E(c.ComplianceRequirements)}{(c.ComplyBy is { } by ? $"（{Date(by)} 前）" : "")}" +
              (c.DecisionRevoked ? "（已撤销）" : "");
        var changes = c.DecisionChanges.Count == 0 ? "" :
            $"<dt>决定变更</dt><dd>{string.Join("<br>", c.DecisionChanges.Select(x => $"{(x.Kind == DecisionChangeKind.Revoked ? "撤销" : "变更")}：{E(x.Reason)}（{E(x.ChangedBy)}，{Time(x.ChangedAt)}）"))}</dd>";

        var documents = new List<string>();
        foreach (var old in c.SupersededNotices)
            documents.Add($"<li>行政处罚事先告知书 {OfficerHtml.DocumentLink(old.Number)}（已因补充调查作废）</li>");
        if (c.NoticeNumber is not null) documents.Add($"<li>行政处罚事先告知书 {OfficerHtml.DocumentLink(c.NoticeNumber)}</li>");
        foreach (var h in c.HearingNotices) documents.Add($"<li>听证通知书 {OfficerHtml.DocumentLink(h.Number)}</li>");
        foreach (var h in c.HearingRecords) documents.Add($"<li>听证笔录 {OfficerHtml.DocumentLink(h.Number)}</li>");
        if (c.DecisionNumber is not null) documents.Add($"<li>行政处罚决定书 {OfficerHtml.DocumentLink(c.DecisionNumber)}</li>");
        documents.AddRange(c.DisciplineRecommendations.Select(r => $"<li>处分建议书 {OfficerHtml.DocumentLink(r.DocumentNumber)}</li>"));
        if (c.TransferLetterNumber is not null) documents.Add($"<li>涉嫌犯罪案件移送书 {OfficerHtml.DocumentLink(c.TransferLetterNumber)}</li>");

        var recommendations = c.DisciplineRecommendations.Count == 0 ? "" :
            "<h2>处分建议书</h2><table id=\"recommendations\"><tr><th>文号</th><th>被建议处分人员</th><th>送达</th><th>建议</th><th>回复期限</th><th>书面回复</th></tr>" +
            string.Join("", c.DisciplineRecommendations.Select(r =>
                $"<tr class=\"{(r.Overdue && r.Status != DisciplineReplyStatus.Replied ? "overdue" : "")}\"><td>{OfficerHtml.DocumentLink(r.DocumentNumber)}</td><td>{E(r.PersonName)}{(r.Position is null ? "" : $"（{E(r.Position)}）")}</td>" +
                $"<td>{E(r.Recipient)}</td><td>{E(r.Recommendation)}</td><td>{Date(r.ReplyDueOn)}{(r.Overdue ? "（已逾期）" : "")}</td>" +
                $"<td>{(r.Status == DisciplineReplyStatus.Replied ? $"{Date(r.ReplyReceivedOn)} 收到：{E(r.Reply)}" : "待回复")}</td></tr>")) +
            "</table>";
        var transfer = c.CriminalTransfer == CriminalTransferStatus.None ? "" :
            $"<dt>涉嫌犯罪移送</dt><dd>{E(TransferName(c.CriminalTransfer))}。理由：{E(c.TransferGrounds)}" +
            (c.TransferDecisionReason is null ? "" : $"；负责人决定：{E(c.TransferDecisionReason)}") +
            (c.TransferLetterNumber is null ? "" : $"；移送书 {OfficerHtml.DocumentLink(c.TransferLetterNumber)}，接受机关 {E(c.PublicSecurityOrgan)}（{Date(c.TransferredOn)}）") + "</dd>";

        return Page($"行政处罚案件：{c.PartyName}", actor, $"""
            <dl id="case">
              <dt>状态</dt><dd id="status">{E(StatusName(c))}{(Overdue(c) ? "（有逾期事项）" : "")}</dd>
              <dt>案件来源</dt><dd>{source}</dd>
              <dt>当事人</dt><dd>{E(c.PartyName)}{(c.PartyCreditCode is null ? "" : $"（统一社会信用代码：{E(c.PartyCreditCode)}）")}</dd>
              <dt>违法行为</dt><dd>{ViolationText(c.Violation)}</dd>
              <dt>案情摘要</dt><dd>{E(c.Summary)}</dd>
              <dt>调查人员</dt><dd>{E(string.Join("、", c.Investigators.Select(s => s.ToString())))}</dd>
              <dt>责任人员</dt><dd>{persons}</dd>
              <dt>立案</dt><dd>{Time(c.OpenedAt)}（{E(c.OpenedBy)}）</dd>
              <dt>证据</dt><dd>{evidence}</dd>
              <dt>调查终结报告</dt><dd>{report}</dd>
              <dt>事先告知</dt><dd>{(c.NoticeNumber is null ? "—" : $"{OfficerHtml.DocumentLink(c.NoticeNumber)}，{Date(c.NoticeIssuedOn)} 告知：{E(SanctionDocuments.ScopeText(c.NoticedScope))}")}</dd>
              <dt>陈述、申辩、听证</dt><dd>{(defence.Count == 0 ? "—" : string.Join("<br>", defence))}</dd>
              <dt>法制审核</dt><dd>{review}</dd>
              <dt>集体讨论</dt><dd>{(c.CollectiveDiscussionHeld ? E(c.CollectiveConclusion) : "—")}</dd>
              <dt>处罚决定</dt><dd>{decision}</dd>
              {changes}
              <dt>送达</dt><dd>{(c.DeliveredOn is { } d ? $"{Date(d)} {E(c.DeliveryMethod)}；{E(c.ReceiptNote)}" : "—")}</dd>
              <dt>公开</dt><dd>{(c.Published ? $"已公开：{E(c.PublishedWhere)}" : c.PublicationWithdrawn ? "已撤回公开" : "—")}</dd>
              {transfer}
              <dt>结案</dt><dd>{(c.ClosedAt is { } closed ? Time(closed) : "—")}</dd>
              <dt>案卷</dt><dd>{CaseFileLinks(c.Id, c)}</dd>
              <dt>版本</dt><dd>{c.Version}</dd>
            </dl>
            <h2>期限</h2>
            {Deadlines(c, calendar, now, today)}
            <h2>文书</h2>
            {(documents.Count == 0 ? "<p>尚未制作文书。</p>" : $"<ul id=\"documents\">{string.Join("", documents)}</ul>")}
            {recommendations}
            {await OfficerHtml.History(session, c.Id, ct)}
            {await Forms(c, actor, session, calendar, now, today, ct)}
            """);
    }

    private static string TransferName(CriminalTransferStatus s) => s switch
    {
        CriminalTransferStatus.Proposed => "已提出移送建议，待负责人决定",
        CriminalTransferStatus.Approved => "负责人已批准移送，待制作移送书",
        CriminalTransferStatus.Rejected => "负责人决定不予移送",
        CriminalTransferStatus.Transferred => "已移送公安机关",
        _ => "—",
    };

    /// <summary>The legal clocks of the case (R16, R19, R21) with their state.</summary>
    private static string Deadlines(SanctionCase c, WorkingDayCalendar calendar, DateTimeOffset now, DateOnly today)
    {
        var rows = new List<(string Name, string Due, string State, bool Overdue)>();
        rows.Add(("作出处罚决定（立案之日起九十日）", Date(c.DecisionDueOn),
            c.DecidedOn is { } decided ? $"已于 {Date(decided)} 决定" : c.DecisionOverdue ? "已逾期" : OfficerHtml.Days(calendar, today, c.DecisionDueOn), c.DecisionOverdue));
        if (c.DefenceDeadline is { } defence)
            rows.Add(("陈述、申辩、要求听证（五个工作日）", Date(defence),
                c.DefenceWaived ? "当事人已放弃" : now >= SanctionSteps.DefenceEndsAt(c) ? "已届满" : "期间内" + OfficerHtml.Days(calendar, today, defence), false));
        if (c.HearingOn is { } hearing)
            rows.Add(("听证", Date(hearing), c.HearingHeld ? "已举行" : "待举行", false));
        if (c.DeliveryDueOn is { } delivery)
            rows.Add(("送达处罚决定书（七个工作日）", Date(delivery),
                c.DeliveredOn is { } on ? $"已于 {Date(on)} 送达" : c.DeliveryOverdue ? "已逾期" : "待送达" + OfficerHtml.Days(calendar, today, delivery), c.DeliveryOverdue && c.DeliveredOn is null));
        if (c.PublicationDueOn is { } publication)
            rows.Add(("公开处罚决定（七个工作日）", Date(publication),
                c.Published ? "已公开" : c.PublicationWithdrawn ? "已撤回" : c.DecisionRevoked ? "决定已撤销，不公开" : c.PublicationOverdue ? "已逾期" : "待公开" + OfficerHtml.Days(calendar, today, publication),
                c.PublicationOverdue && !c.Published));
        if (c.WithdrawalDueOn is { } withdrawal)
            rows.Add(("撤回已公开的决定（三个工作日）", Date(withdrawal),
                !c.WithdrawalPending ? "已撤回" : c.PublicationWithdrawalOverdue ? "已逾期" : "待撤回" + OfficerHtml.Days(calendar, today, withdrawal), c.WithdrawalPending && c.PublicationWithdrawalOverdue));
        if (c.TransferDecisionDueOn is { } transferDecision)
            rows.Add(("负责人决定是否移送公安机关（三个工作日）", Date(transferDecision),
                c.CriminalTransfer == CriminalTransferStatus.Proposed ? (c.TransferDecisionOverdue ? "已逾期" : "待决定") : "已决定",
                c.CriminalTransfer == CriminalTransferStatus.Proposed && c.TransferDecisionOverdue));
        if (c.TransferDueAt is { } letter)
            rows.Add(("制作涉嫌犯罪案件移送书（批准后二十四小时）", Time(letter),
                c.CriminalTransfer == CriminalTransferStatus.Transferred ? "已移送" : c.TransferLetterOverdue ? "已逾期" : "待移送",
                c.CriminalTransfer == CriminalTransferStatus.Approved && c.TransferLetterOverdue));
        return "<table id=\"deadlines\"><tr><th>期限</th><th>截止</th><th>状态</th></tr>" +
            string.Join("", rows.Select(r => $"<tr class=\"{(r.Overdue ? "overdue" : "")}\"><td>{E(r.Name)}</td><td>{r.Due}</td><td>{E(r.State)}</td></tr>")) +
            "</table>";
    }

    /// <summary>
    /// The forms the actor may use on the case now. Each is shown when its decider in <see cref="SanctionSteps"/> accepts the
    /// step for this actor and state (see <see cref="OfficerHtml.Allowed"/>); the API decides again when the form is sent.
    /// </summary>
    private static async Task<string> Forms(SanctionCase c, Actor a, IQuerySession session, WorkingDayCalendar calendar, DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        var v = c.Version;
        var api = $"/api/sanction-cases/{c.Id}";
        var forms = new List<string>();
        string Form(string id, string path, string submit, string fields) => ApiForm(id, api + path, submit, fields, v);
        // R1: the officers of the case who sign the document (the actor checked when they sign it themselves).
        string SignatoryFields(string label, bool actorChecked = true) => Field("signatoryIds", label, string.Join("", c.Investigators.Select(i =>
            $"<label class=\"check\"><input type=\"checkbox\" name=\"signatoryIds\" data-type=\"array\" value=\"{E(i.UserName)}\"{(actorChecked && i.UserName == a.UserName ? " checked" : "")}> {E(i.ToString())}</label>")));
        // The evidence of the case, cited by id (E1, E2, …).
        string EvidenceFields(string label, IEnumerable<EvidenceItem>? items = null) => Field("evidenceIds", label, string.Join("", (items ?? c.Evidence).Select(e =>
            $"<label class=\"check\"><input type=\"checkbox\" name=\"evidenceIds\" data-type=\"array\" value=\"{E(e.Id)}\"> {E(e.Id)} {E(e.ToString())}</label>")));

        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new AddEvidence(v, null, null), a, now)))
            forms.Add(OfficerHtml.Section("收集证据", Form("evidence", "/evidence", "添加证据",
                Field("kind", "证据种类", $"<select name=\"kind\" required>{OfficerHtml.Options(EvidenceKinds.Select(k => (k, k)))}</select>") +
                Field("description", "证据说明", "<textarea name=\"description\" rows=\"3\" maxlength=\"4000\" required></textarea>"))));

        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new ReportInvestigation(v, null, null, null, null), a, now)))
            forms.Add(OfficerHtml.Section(c.Findings is null ? "调查终结报告" : "修改调查终结报告", Form("report", "/investigation-report", "提交调查终结报告",
                Field("findings", "调查认定的事实", $"<textarea name=\"findings\" rows=\"4\" maxlength=\"8000\" required>{E(c.Findings)}</textarea>") +
                Field("proposedScope", "拟给予的处罚", $"<select name=\"proposedScope\" required>{OfficerHtml.Options(ScopeOptions, c.ProposedScope is null ? null : ScopeCode(c.ProposedScope))}</select>") +
                Field("severity", "案件情节", $"<select name=\"severity\" required>{OfficerHtml.Options(SeverityOptions, c.Severity?.ToString().ToLowerInvariant())}</select>") +
                Field("socialImpact", "是否具有一定社会影响（决定须公开）", $"<select name=\"socialImpact\" data-type=\"bool\">{OfficerHtml.Options([("false", "否"), ("true", "是")], c.SocialImpact ? "true" : "false")}</select>"))));

        if (OfficerHtml.Allowed(() => SanctionSteps.CheckNotice(c, new IssuePenaltyNotice(v, null, null, null), a, calendar, now)))
        {
            var basis = SanctionCatalogue.Find(c.Violation) is { } item ? SanctionCatalogue.Basis(item) : "";
            forms.Add(OfficerHtml.Section("制作行政处罚事先告知书", Form("notice", "/notice", "制作并送达事先告知书",
                $"<p class=\"note\">拟给予的处罚：{E(SanctionDocuments.ScopeText(c.ProposedScope))}。告知书载明当事人陈述、申辩和要求听证的权利，期限为五个工作日。</p>" +
                Field("facts", "违法事实", $"<textarea name=\"facts\" rows=\"4\" maxlength=\"8000\" required>{E(c.Findings)}</textarea>") +
                Field("reasons", "处罚理由", "<textarea name=\"reasons\" rows=\"3\" maxlength=\"4000\" required></textarea>") +
                Field("basis", "处罚依据", $"<input name=\"basis\" maxlength=\"2000\" size=\"60\" value=\"{E(basis)}\" required>") +
                EvidenceFields("据以认定违法事实的证据（至少一项）") +
                SignatoryFields("签名的执法人员（本人及至少一名本案执法人员）"))));
        }
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new JustifyHeavierPenalty(v, null, null), a, now)))
        {
            var previous = c.SupersededNotices[^1];
            forms.Add(OfficerHtml.Section("说明加重拟处罚的理由（当事人已陈述、申辩）", Form("heavier", "/heavier-penalty-justification", "记录理由",
                $"<p class=\"note\">原告知书 {E(previous.Number)} 拟给予：{E(SanctionDocuments.ScopeText(previous.Scope))}；补充调查后拟给予：{E(SanctionDocuments.ScopeText(c.ProposedScope))}。" +
                "不得因当事人陈述、申辩而加重处罚：须列明陈述、申辩之后取得的新证据，并说明新的事实足以加重处罚的理由。</p>" +
                EvidenceFields("新证据") +
                Field("reason", "理由", "<textarea name=\"reason\" rows=\"3\" maxlength=\"4000\" required></textarea>"))));
        }

        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new RecordDefence(v, null), a, now)))
            forms.Add(OfficerHtml.Section("记录陈述、申辩", Form("defence", "/defence", "记录",
                Field("statement", "当事人的陈述、申辩意见", "<textarea name=\"statement\" rows=\"4\" maxlength=\"8000\" required></textarea>"))));
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new WaiveDefence(v), a, now)))
            forms.Add(OfficerHtml.Section("当事人放弃陈述、申辩和听证（须有当事人签署的书面声明）", Form("waiver", "/defence-waiver", "记录放弃",
                Field("signedBy", "签署声明的当事人或其代表（姓名、职务）", "<input name=\"signedBy\" maxlength=\"200\" size=\"40\" required>") +
                Field("signedAt", "签署时间（不得早于事先告知书的制作和收到）", "<input type=\"datetime-local\" name=\"signedAt\" data-type=\"datetime\" required>") +
                Field("receivedVia", "书面声明的收到方式", $"<select name=\"receivedVia\" required>{OfficerHtml.Options(SanctionSteps.WaiverChannels.Select(w => (w.Key, w.Value)))}</select>") +
                Field("statement", "声明内容（可选）", "<textarea name=\"statement\" rows=\"3\" maxlength=\"8000\"></textarea>"))));
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new RequestHearing(v), a, now)))
            forms.Add(OfficerHtml.Section("当事人要求听证", Form("hearing-request", "/hearing-request", "记录听证要求", "")));

        var earliest = calendar.AddWorkingDays(today, SanctionSteps.HearingNoticeWorkingDays).Date;
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new ScheduleHearing(v, earliest, null), a, null, calendar, now)))
        {
            // R16: the chair did not investigate; R22: nor is named in the case.
            var chairs = (await session.Query<AppUser>().ToListAsync(ct))
                .Where(u => u.Role != Roles.Admin && JurisdictionPaths.Covers(u.JurisdictionPath, c.JurisdictionPath)
                    && c.Investigators.All(i => i.UserName != u.Id) && !c.ExcludedUserIds.Contains(u.Id))
                .OrderBy(u => u.Id).Select(u => (u.Id, $"{u.DisplayName}（{RoleName(u.Role)}）"));
            forms.Add(OfficerHtml.Section("安排听证", Form("hearing", "/hearing", "安排听证",
                Field("hearingOn", $"听证日期（须于七个工作日前通知，最早 {Date(earliest)}）", $"<input type=\"date\" name=\"hearingOn\" min=\"{earliest:yyyy-MM-dd}\" value=\"{earliest:yyyy-MM-dd}\" required>") +
                Field("chairId", "听证主持人（非本案调查人员）", $"<select name=\"chairId\" required><option value=\"\">请选择</option>{OfficerHtml.Options(chairs)}</select>") +
                Field("place", "听证地点", $"<input name=\"place\" maxlength=\"200\" size=\"40\" value=\"{E(SanctionSteps.DefaultHearingPlace)}\">") +
                SignatoryFields("签名的执法人员（本人及至少一名本案执法人员）"))));
        }
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new RecordHearing(v, null), a, now)))
            forms.Add(OfficerHtml.Section("记录听证", Form("hearing-held", "/hearing/held", "记录听证笔录",
                Field("minutes", "听证笔录", "<textarea name=\"minutes\" rows=\"6\" maxlength=\"20000\" required></textarea>"))));

        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new CompleteLegalReview(v, null, null), a, now)))
            forms.Add(OfficerHtml.Section("法制审核", Form("legal-review", "/legal-review", "提交审核意见",
                Field("approved", "审核结论", "<select name=\"approved\" data-type=\"bool\"><option value=\"true\">通过</option><option value=\"false\">不通过</option></select>") +
                Field("opinion", "审核意见", "<textarea name=\"opinion\" rows=\"4\" maxlength=\"8000\" required></textarea>"))));

        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new RecordCollectiveDiscussion(v, null, null), a, now)))
        {
            // APL Art. 57: the leaders of the department that decides the case.
            var leaders = (await session.Query<AppUser>().Where(u => u.Role == Roles.Leader && u.JurisdictionId == c.DepartmentId).ToListAsync(ct))
                .OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
            forms.Add(OfficerHtml.Section(c.Severity == CaseSeverity.Major ? "负责人集体讨论（重大案件必经）" : "负责人集体讨论", Form("discussion", "/collective-discussion", "记录集体讨论",
                Field("participants", "参加讨论的负责人（至少两名）", string.Join("", leaders.Select(u =>
                    $"<label class=\"check\"><input type=\"checkbox\" name=\"participants\" data-type=\"array\" value=\"{E(u.Id)}\"> {E(u.DisplayName)}</label>"))) +
                Field("presidedBy", "主持人", $"<select name=\"presidedBy\" required><option value=\"\">请选择</option>{string.Join("", leaders.Select(u => $"<option value=\"{E(u.Id)}\">{E(u.DisplayName)}</option>"))}</select>") +
                Field("conclusion", "讨论结论", "<textarea name=\"conclusion\" rows=\"3\" maxlength=\"8000\" required></textarea>"))));
        }

        // The decision: asked with the noticed penalty, so the refusal (defence period, hearing, review, discussion) can be shown.
        if (a.Role == Roles.Leader && c.NoticeNumber is not null && c.Status == SanctionStatus.Noticed)
        {
            var refusal = OfficerHtml.Refusal(() => SanctionSteps.CheckDecision(c, new DecidePenalty(v, ScopeCode(c.NoticedScope), "probe", 10, c.NoticeEvidenceIds.Length > 0 ? c.NoticeEvidenceIds : c.Evidence.Select(e => e.Id).Take(1).ToArray(), c.Investigators.Select(i => i.UserName).ToArray()), a, now));
            forms.Add(refusal is null
                ? OfficerHtml.Section("作出行政处罚决定", Form("decision", "/decision", "作出决定并制作决定书",
                    Field("scope", "处罚（不得重于事先告知的处罚）", $"<select name=\"scope\" required>{OfficerHtml.Options(ScopeOptions, ScopeCode(c.NoticedScope))}</select>") +
                    Field("complianceRequirements", "责令改正的要求", "<textarea name=\"complianceRequirements\" rows=\"3\" maxlength=\"4000\" required></textarea>") +
                    Field("correctionWorkingDays", "改正期限：自收到决定书之日起的工作日数", "<input type=\"number\" name=\"correctionWorkingDays\" data-type=\"int\" min=\"1\" max=\"250\" required>") +
                    EvidenceFields("据以认定事实的证据（至少一项）") +
                    SignatoryFields("签名的执法人员（至少两名本案持证执法人员）", actorChecked: false)))
                : OfficerHtml.Section("作出行政处罚决定", $"<p class=\"problem\" id=\"decision-refused\">暂不能作出决定：{E(OfficerHtml.Message(refusal))}</p>"));
        }
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new OpenSupplementaryInvestigation(v, null), a, now)))
            forms.Add(OfficerHtml.Section("补充调查（原事先告知书作废，须重新告知）", Form("supplementary", "/supplementary-investigation", "决定补充调查",
                "<p class=\"note\">补充调查后须重新提交调查终结报告并重新送达事先告知书，当事人重新享有陈述、申辩和要求听证的权利；" +
                "当事人已陈述、申辩的，没有新的证据不得加重拟作出的处罚。</p>" +
                Field("reason", "补充调查的理由", "<textarea name=\"reason\" rows=\"3\" maxlength=\"2000\" required></textarea>"))));
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new DecideNoPenalty(v, null), a, now)))
            forms.Add(OfficerHtml.Section("不予行政处罚", Form("no-penalty", "/no-penalty", "决定不予处罚并结案",
                Field("reason", "不予处罚的理由", "<textarea name=\"reason\" rows=\"3\" maxlength=\"4000\" required></textarea>"))));

        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new DeliverDecision(v, null, null, null), a, now)))
            forms.Add(OfficerHtml.Section("送达处罚决定书", Form("delivery", "/delivery", "记录送达",
                Field("deliveredOn", "送达日期", $"<input type=\"date\" name=\"deliveredOn\" value=\"{today:yyyy-MM-dd}\" max=\"{today:yyyy-MM-dd}\" required>") +
                Field("method", "送达方式", $"<select name=\"method\" required>{OfficerHtml.Options(DeliveryMethods.Select(m => (m, m)))}</select>") +
                Field("receiptNote", "送达回证", "<textarea name=\"receiptNote\" rows=\"2\" maxlength=\"2000\" required></textarea>"))));
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new PublishDecision(v, null), a, now)))
        {
            var department = JurisdictionCatalogue.Find(c.DepartmentId)?.DepartmentName ?? "";
            forms.Add(OfficerHtml.Section(c.PublicationRequired ? "公开处罚决定（具有一定社会影响，七个工作日内）" : "公开处罚决定", Form("publication", "/publication", "记录公开",
                Field("where", "公开途径", $"<input name=\"where\" maxlength=\"500\" size=\"60\" value=\"{E(department)}门户网站\" required>"))));
        }
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new WithdrawPublication(v, null), a, now)))
            forms.Add(OfficerHtml.Section("撤回公开", Form("withdrawal", "/publication/withdrawal", "撤回公开",
                Field("reason", "撤回理由", "<textarea name=\"reason\" rows=\"2\" maxlength=\"2000\" required></textarea>"))));
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new ChangeDecision(v, null, null), a, calendar, now)))
            forms.Add(OfficerHtml.Section("变更或撤销处罚决定", Form("decision-change", "/decision-changes", "记录",
                Field("kind", "类型", "<select name=\"kind\"><option value=\"changed\">变更</option><option value=\"revoked\">撤销</option></select>") +
                Field("reason", "理由", "<textarea name=\"reason\" rows=\"2\" maxlength=\"4000\" required></textarea>"))));

        if (OfficerHtml.Allowed(() => SanctionSteps.CheckRecommendation(c, new RecommendDiscipline(v, null, null, null, null, null), a, now)))
            forms.Add(OfficerHtml.Section("制作处分建议书", Form("recommendation", "/discipline-recommendations", "制作处分建议书",
                Field("personName", "被建议处分人员姓名", "<input name=\"personName\" maxlength=\"100\" required>") +
                Field("position", "职务（可选）", "<input name=\"position\" maxlength=\"100\">") +
                Field("recipient", "所在单位或任免机关", "<input name=\"recipient\" maxlength=\"200\" size=\"40\" required>") +
                Field("recommendation", "处分建议", "<textarea name=\"recommendation\" rows=\"3\" maxlength=\"4000\" required></textarea>") +
                Field("replyDueOn", $"书面回复期限（可选，默认 {SanctionSteps.DisciplineReplyDays} 日）", "<input type=\"date\" name=\"replyDueOn\">"))));
        foreach (var r in c.DisciplineRecommendations)
            if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, r.Id, new ReceiveDisciplineReply(v, null, null), a, now)))
                forms.Add(OfficerHtml.Section($"记录 {r.DocumentNumber} 的书面回复", ApiForm($"reply-{r.Id}", $"{api}/discipline-recommendations/{r.Id}/reply", "记录回复",
                    Field("reply", "书面回复内容", "<textarea name=\"reply\" rows=\"3\" maxlength=\"8000\" required></textarea>") +
                    Field("receivedOn", "收到日期", $"<input type=\"date\" name=\"receivedOn\" value=\"{today:yyyy-MM-dd}\" max=\"{today:yyyy-MM-dd}\" required>"), v)));

        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new ProposeCriminalTransfer(v, null), a, calendar, now)))
            forms.Add(OfficerHtml.Section("建议移送公安机关（涉嫌犯罪）", Form("transfer-proposal", "/criminal-transfer-proposals", "提出移送建议",
                Field("grounds", "涉嫌犯罪的事实和理由", "<textarea name=\"grounds\" rows=\"3\" maxlength=\"8000\" required></textarea>"))));
        if (OfficerHtml.Allowed(() => SanctionSteps.Decide(c, new DecideCriminalTransfer(v, null, null), a, now)))
            forms.Add(OfficerHtml.Section("决定是否移送公安机关（三个工作日内）", Form("transfer-decision", "/criminal-transfer-decisions", "作出决定",
                Field("approved", "决定", "<select name=\"approved\" data-type=\"bool\"><option value=\"true\">批准移送</option><option value=\"false\">不予移送</option></select>") +
                Field("reason", "决定理由", "<textarea name=\"reason\" rows=\"2\" maxlength=\"4000\" required></textarea>"))));
        if (OfficerHtml.Allowed(() => SanctionSteps.CheckTransfer(c, new TransferCriminalCase(v, null), a)))
            forms.Add(OfficerHtml.Section("制作涉嫌犯罪案件移送书（批准后二十四小时内）", Form("transfer", "/criminal-transfers", "制作移送书并移送",
                Field("publicSecurityOrgan", "接受移送的公安机关", $"<input name=\"publicSecurityOrgan\" maxlength=\"200\" size=\"40\" value=\"{E(JurisdictionCatalogue.Find(c.JurisdictionId)?.Name)}公安局\" required>"))));

        // Closing: shown to the team once decided, with what still stands in the way.
        if (c.Status == SanctionStatus.Decided)
        {
            var refusal = OfficerHtml.Refusal(() => SanctionSteps.Decide(c, new CloseSanctionCase(v), a, now));
            if (refusal is null) forms.Add(OfficerHtml.Section("结案", Form("close", "/close", "结案", "")));
            else if (refusal.Status == 422) forms.Add(OfficerHtml.Section("结案", $"<p class=\"problem\" id=\"close-refused\">暂不能结案：{E(OfficerHtml.Message(refusal))}</p>"));
        }
        return forms.Count == 0 ? "<p id=\"no-actions\">当前没有您可以办理的事项。</p>" : string.Join("\n", forms);
    }
}

/// <summary>
/// The opening form's endpoint. app.js sends flat fields, so the responsible persons come as names (one a line) and
/// staff user names (checkboxes); they are reshaped into <see cref="OpenSanctionCase"/> and handed to the API's own
/// <see cref="SanctionSteps.Open"/>: the same rules, the same answer (201 with the id).
/// </summary>
public sealed record OpenSanctionCaseForm(SanctionSourceInput? Source, Guid? PartyUnitId, string? Violation, string? Summary,
    string[]? InvestigatorIds, string[]? ResponsibleNames, string[]? ResponsibleUserIds)
{
    public OpenSanctionCase ToCommand() => new(Source, PartyUnitId, Violation, Summary, InvestigatorIds,
        (ResponsibleNames ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => new ResponsiblePersonInput(n, null))
            .Concat((ResponsibleUserIds ?? []).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => new ResponsiblePersonInput(null, u)))
            .ToArray());
}

public static class OpenForm
{
    public const string Route = "/sanction-cases/new";

    [WolverinePost(Route, OperationId = "OpenSanctionCaseFromForm")]
    [Microsoft.AspNetCore.Routing.ExcludeFromDescription]
    public static Task<(IResult, IStartStream, OutgoingMessages)> Post(OpenSanctionCaseForm form, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, WorkingDayCalendar calendar, HttpContext http, CancellationToken ct) =>
        SanctionSteps.Open(form.ToCommand(), user, session, clock, calendar, http, ct);
}
