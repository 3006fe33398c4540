using System.Security.Claims;
using Marten;
using Supervision.Referrals;
using Supervision.Shared;
using static Supervision.Web.Ui.Html;

namespace Supervision.Web.Ui;

/// <summary>
/// 案件移送 pages (Art. 42, R23): the inbox and outbox (the queries behind GET /api/referrals/inbox and /outbox),
/// the sending form (POST /api/referrals) and the referral with the steps open to the reader's side.
/// </summary>
public static class ReferralPages
{
    private static readonly (string Value, string Label)[] Kinds =
    [
        ("case_transfer", "案件移送"), ("information_sharing", "信息通报"), ("joint_enforcement", "联合执法"), ("comprehensive_inspection", "综合检查"),
    ];

    private static readonly (string Value, string Label)[] SourceKinds =
        [("direct", "直接移送"), ("inspection", "监督检查"), ("rectification", "责令限期改正"), ("complaint", "投诉举报"), ("sanction", "行政处罚案件")];

    private static readonly (string Value, string Label)[] Outcomes =
        [("case_opened", "已立案"), ("no_case", "不予立案"), ("handled", "已处理"), ("other", "其他")];

    public static void MapReferralPages(this WebApplication app)
    {
        app.MapGet("/referrals", List).RequireAuthorization();
        app.MapGet("/referrals/new", New).RequireAuthorization();
        app.MapGet("/referrals/{id:guid}", Show).RequireAuthorization();
    }

    public static string KindName(ReferralKind k) => ReferralDocument.KindTitle(k);

    public static string StatusName(ReferralStatus s) => s switch
    {
        ReferralStatus.Sent => "已发送，送达中",
        ReferralStatus.Delivered => "已送达，待签收",
        ReferralStatus.DeliveryFailed => "送达失败",
        ReferralStatus.Acknowledged => "已签收，待反馈",
        ReferralStatus.FeedbackGiven => "已反馈",
        ReferralStatus.ReconsiderationRequested => "已申请复议，待再次反馈",
        _ => "已办结",
    };

    private static string DeliveryName(DeliveryMethod d) => d switch
    {
        DeliveryMethod.Internal => "系统内送达",
        DeliveryMethod.Webhook => "电子送达（接口）",
        _ => "书面函件",
    };

    private static string DepartmentKindName(DepartmentKind k) => k switch
    {
        DepartmentKind.DisciplineInspection => "纪检监察机关",
        DepartmentKind.PublicSecurity => "公安机关",
        DepartmentKind.CyberspaceData => "网信部门",
        DepartmentKind.Secrecy => "保密行政管理部门",
        DepartmentKind.MarketRegulation => "市场监督管理部门",
        _ => "档案主管部门",
    };

    private static string OutcomeName(FeedbackOutcome o) => o switch
    {
        FeedbackOutcome.CaseOpened => "已立案",
        FeedbackOutcome.NoCase => "不予立案",
        FeedbackOutcome.Handled => "已处理",
        _ => "其他",
    };

    private static string? SourceUrl(ReferralSource s) => s.Id is not { } id ? null : s.Kind switch
    {
        ReferralSourceKind.Inspection => $"/inspections/{id}",
        ReferralSourceKind.Rectification => $"/rectifications/{id}",
        ReferralSourceKind.Complaint => $"/complaints/{id}",
        ReferralSourceKind.Sanction => $"/sanction-cases/{id}",
        _ => null,
    };

    // ------------------------------------------------------------------ inbox and outbox

    private static async Task<IResult> List(ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock,
        int? inbox, int? outbox, bool? awaitingReply, CancellationToken ct)
    {
        var actor = Actor.From(user);
        ReferralPage received, sent;
        try
        {
            received = await ReferralQueries.Inbox(user, session, awaitingReply, inbox, OfficerHtml.PageSize, ct);
            sent = await ReferralQueries.Outbox(user, session, awaitingReply, outbox, OfficerHtml.PageSize, ct);
        }
        catch (RuleViolation v)
        {
            return OfficerHtml.Refused(v.Status, "案件移送", actor, OfficerHtml.Message(v), "/referrals", "返回案件移送");
        }
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        string Url(int inboxPage, int outboxPage) =>
            $"/referrals?inbox={inboxPage}&outbox={outboxPage}{(awaitingReply == true ? "&awaitingReply=true" : "")}";
        string Due(ReferralSummary s) => $"{Date(s.DueOn)}{(s.Overdue ? "（已逾期）" : s.AwaitingReply ? OfficerHtml.Days(calendar, today, s.DueOn) : "")}";

        var send = actor.IsIn(Roles.CaseOfficer, Roles.Leader, Roles.Inspector) ? "<p><a class=\"button\" href=\"/referrals/new\">移送案件、通报信息</a></p>" : "";
        var filter = awaitingReply == true
            ? "<p><a href=\"/referrals\">全部</a> <strong>只看待回复</strong></p>"
            : "<p><strong>全部</strong> <a href=\"/referrals?awaitingReply=true\">只看待回复</a></p>";
        var inboxRows = string.Join("", received.Items.Select(s =>
            $"<tr class=\"{(s.Overdue && s.AwaitingReply ? "overdue" : "")}\"><td><a href=\"/referrals/{s.Id}\">{E(s.DocumentNumber ?? "（无文号）")}</a></td>" +
            $"<td>{E(s.SenderDepartmentName)}</td><td>{E(KindName(s.Kind))}</td><td>{E(s.Summary)}</td><td>{E(StatusName(s.Status))}</td>" +
            $"<td>{Due(s)}</td><td>{(s.AcknowledgedAt is null ? "未签收" : Time(s.AcknowledgedAt))}</td></tr>"));
        var outboxRows = string.Join("", sent.Items.Select(s =>
            $"<tr class=\"{(s.Overdue && s.AwaitingReply ? "overdue" : "")}\"><td><a href=\"/referrals/{s.Id}\">{E(s.DocumentNumber ?? "（无文号）")}</a></td>" +
            $"<td>{E(s.ReceiverName)}</td><td>{E(KindName(s.Kind))}</td><td>{E(s.Summary)}</td><td>{E(StatusName(s.Status))}</td>" +
            $"<td>{(s.AwaitingReply ? "<strong>待回复</strong>" : "—")}</td><td>{Due(s)}</td></tr>"));
        return Page("案件移送", actor, $"""
            {send}
            {filter}
            <p class="note">收件箱和发件箱由后台汇总，新移送的案件通常在数秒内出现。</p>
            <h2>收到的移送（本部门为接收部门）</h2>
            <table id="inbox"><tr><th>文号</th><th>移送部门</th><th>类型</th><th>事由</th><th>状态</th><th>回复期限</th><th>签收</th></tr>{inboxRows}</table>
            {(received.Items.Count == 0 ? "<p>没有收到的移送。</p>" : "")}
            {OfficerHtml.Pager(received.Total, received.Page, received.PageSize, p => Url(p, sent.Page))}
            <h2>发出的移送</h2>
            <table id="outbox"><tr><th>文号</th><th>接收部门</th><th>类型</th><th>事由</th><th>状态</th><th>待回复</th><th>回复期限</th></tr>{outboxRows}</table>
            {(sent.Items.Count == 0 ? "<p>没有发出的移送。</p>" : "")}
            {OfficerHtml.Pager(sent.Total, sent.Page, sent.PageSize, p => Url(received.Page, p))}
            """);
    }

    // ------------------------------------------------------------------ sending

    private static async Task<IResult> New(ClaimsPrincipal user, IQuerySession session, string? sourceKind, Guid? sourceId, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Roles.CaseOfficer, Roles.Leader, Roles.Inspector))
            return OfficerHtml.Refused(403, "移送案件", actor, "只有案件承办人员、领导（以及通报信息的执法检查人员）可以移送。", "/referrals", "返回案件移送");
        // The register, as GET /api/referral-departments lists it; not one's own archives department.
        var departments = (await ReceivingDepartments.List(session, ct))
            .Where(d => d.Id != ReceivingDepartments.ArchivesId(actor.JurisdictionId)).ToList();
        var groups = string.Join("", departments.GroupBy(d => d.Kind).Select(g =>
            $"<optgroup label=\"{E(DepartmentKindName(g.Key))}\">" +
            string.Join("", g.Select(d => $"<option value=\"{E(d.Id)}\">{E(d.Name)}（{E(DeliveryName(d.Delivery))}）</option>")) + "</optgroup>"));
        var kinds = actor.Role == Roles.Inspector ? Kinds.Where(k => k.Value == "information_sharing").ToArray() : Kinds;
        var kind = SourceKinds.Any(s => s.Value == sourceKind) ? sourceKind : "direct";
        var fields =
            Field("receiverId", "接收部门", $"<select name=\"receiverId\" required><option value=\"\">请选择</option>{groups}</select>") +
            Field("kind", "移送类型", $"<select name=\"kind\" required>{OfficerHtml.Options(kinds)}</select>") +
            Field("summary", "移送事由（不得包含身份证号、手机号、电子邮箱等个人信息）", "<textarea name=\"summary\" rows=\"4\" maxlength=\"4000\" required></textarea>") +
            Field("documentNumbers", "随附文书编号（每行一份；案件移送须至少一份，或注明来源案件）", "<textarea name=\"documentNumbers\" data-type=\"lines\" rows=\"3\"></textarea>") +
            Field("source", "来源", $"<select name=\"source.kind\" required>{OfficerHtml.Options(SourceKinds, kind)}</select> " +
                $"<input name=\"source.id\" value=\"{E(sourceId?.ToString())}\" placeholder=\"来源案件编号（直接移送不填）\" pattern=\"[0-9a-fA-F-]{{36}}\" size=\"40\">");
        var intro = $"<p>依据{E(LegalCatalogue.RegulationName)}第四十二条，发现不属于本部门职责范围的事项，移送有关部门处理；接收部门应于十个工作日内签收并反馈。</p>";
        return Page("移送案件、通报信息", actor, intro + ApiForm("send", "/api/referrals", "发送", fields, redirect: "/referrals/{id}"));
    }

    // ------------------------------------------------------------------ the referral

    private static async Task<IResult> Show(Guid id, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var r = await session.LoadAsync<Referral>(id, ct);
        // Only the sending department and the receiving archives department; anyone else: no such referral.
        if (r is null || !ReferralAccess.CanSee(r, actor)) return Results.NotFound();
        var view = ReferralView.Of(r, actor);
        var now = clock.GetUtcNow();
        var sender = view.Side == "sender";

        // The documents sent with the referral open for both departments (GET /api/documents checks the referral).
        string Number(string? n) => OfficerHtml.DocumentLink(n);
        var documents = r.DocumentNumbers.Length == 0 ? "—" : string.Join("<br>", r.DocumentNumbers.Select(n => Number(n)));
        var source = SourceUrl(r.Source) is { } url && sender
            ? $"{E(SourceKinds.First(s => s.Value == Snake(r.Source.Kind)).Label)}（<a href=\"{E(url)}\">查看</a>）"
            : E(SourceKinds.First(s => s.Value == Snake(r.Source.Kind)).Label);
        var delivery = r.DeliveredAt is { } at ? $"{Time(at)} 已送达（{E(DeliveryName(r.Delivery))}）"
            : r.Status == ReferralStatus.DeliveryFailed ? $"送达失败 {r.DeliveryFailures} 次：{E(r.LastDeliveryFailure)}"
            : $"送达中（{E(DeliveryName(r.Delivery))}）";
        var feedback = r.Feedback.Length == 0 ? "—" : string.Join("<br>", r.Feedback.Select(f =>
            $"{Time(f.GivenAt)} {E(OutcomeName(f.Outcome))}：{E(f.Note)}（{E(f.GivenBy)}{(f.RecordedBySender ? "，移送部门代为记录" : "")}）"));
        var finding = r.Finding is not { } fd ? "" :
            $"<dt>联合检查发现</dt><dd>{E(fd.UnitName)}：{(fd.Item is null ? "" : E(fd.Item) + " ")}{E(fd.Description)}</dd>";

        return Page($"{KindName(r.Kind)}：{(sender ? r.ReceiverName : r.SenderDepartmentName)}", actor, $"""
            <dl id="referral">
              <dt>状态</dt><dd id="status">{E(StatusName(r.Status))}{(r.ReplyOverdue ? "（回复已逾期）" : "")}</dd>
              <dt>本部门</dt><dd>{(sender ? "移送部门" : "接收部门")}</dd>
              <dt>文号</dt><dd>{Number(r.DocumentNumber)}</dd>
              <dt>移送函</dt><dd><a id="letter" href="/api/referrals/{r.Id}/letter" target="_blank">{(r.Kind == ReferralKind.CaseTransfer ? "案件移送书" : "移送函")}（可打印）</a></dd>
              <dt>类型</dt><dd>{E(KindName(r.Kind))}</dd>
              <dt>移送部门</dt><dd>{E(r.SenderDepartmentName)}（{E(r.SentBy)}，{Time(r.SentAt)}）</dd>
              <dt>接收部门</dt><dd>{E(r.ReceiverName)}（{E(DepartmentKindName(r.ReceiverKind))}）</dd>
              <dt>来源</dt><dd>{source}</dd>
              <dt>移送事由</dt><dd>{E(r.Summary)}</dd>
              {finding}
              <dt>随附文书</dt><dd>{documents}</dd>
              <dt>送达</dt><dd>{delivery}</dd>
              <dt>回复期限</dt><dd>{Date(r.ReplyDueOn)}{(r.ReplyDueProvisional ? "（暂定：该年度节假日安排未公布）" : "")}{(r.ReplyOverdue ? "（已逾期）" : "")}</dd>
              <dt>签收</dt><dd>{(r.AcknowledgedAt is { } ack ? $"{Time(ack)}（{E(r.AcknowledgedBy)}）" : "未签收")}</dd>
              <dt>反馈</dt><dd>{feedback}</dd>
              {(r.Reconsiderations == 0 ? "" : $"<dt>复议</dt><dd>已申请 {r.Reconsiderations} 次，最近理由：{E(r.LastReconsiderationReason)}</dd>")}
              <dt>办结</dt><dd>{(r.ClosedAt is { } closed ? Time(closed) : "—")}</dd>
              <dt>案卷</dt><dd>{CaseFileLinks(r.Id, r)}</dd>
              <dt>版本</dt><dd>{r.Version}</dd>
            </dl>
            {await OfficerHtml.History(session, r.Id, ct)}
            {Forms(r, actor, now)}
            """);
    }

    private static string Snake(ReferralSourceKind k) => k.ToString().ToLowerInvariant();

    /// <summary>The steps open to the reader now, asked of <see cref="ReferralSteps"/> (the API decides again on sending).</summary>
    private static string Forms(Referral r, Actor a, DateTimeOffset now)
    {
        var v = r.Version;
        var api = $"/api/referrals/{r.Id}";
        var forms = new List<string>();
        // An external department has no users here: the sender records what it answered by letter or phone.
        var onBehalf = !r.IsInternal ? "（对方以书面或电话答复，由本部门代为记录）" : "";

        if (OfficerHtml.Allowed(() => ReferralSteps.Decide(r, new AcknowledgeReferral(v), a, now)))
            forms.Add(OfficerHtml.Section("签收" + onBehalf, ApiForm("acknowledge", api + "/acknowledgement", "签收", "", v)));
        if (OfficerHtml.Allowed(() => ReferralSteps.Decide(r, new GiveFeedback(v, null, null), a, now)))
            forms.Add(OfficerHtml.Section("反馈处理结果" + onBehalf, ApiForm("feedback", api + "/feedback", "反馈",
                Field("outcome", "处理结果", $"<select name=\"outcome\" required>{OfficerHtml.Options(Outcomes)}</select>") +
                Field("note", "反馈意见", "<textarea name=\"note\" rows=\"3\" maxlength=\"4000\" required></textarea>"), v)));
        if (ReferralAccess.IsReceiver(r, a) && a.IsIn(Roles.CaseOfficer, Roles.Leader) && r.AcknowledgedAt is not null && r.Status != ReferralStatus.Closed)
            forms.Add($"<p><a class=\"button\" id=\"open-case\" href=\"/sanction-cases/new?sourceKind=referral&amp;sourceId={r.Id}\">据此立案</a></p>");
        if (OfficerHtml.Allowed(() => ReferralSteps.Decide(r, new RequestReconsideration(v, null), a, now)))
            forms.Add(OfficerHtml.Section("申请复议", ApiForm("reconsider", api + "/reconsideration", "申请复议",
                Field("reason", "复议理由", "<textarea name=\"reason\" rows=\"3\" maxlength=\"4000\" required></textarea>"), v)));
        if (OfficerHtml.Allowed(() => ReferralSteps.Decide(r, new RedeliverReferral(v), a, Guid.Empty, now)))
            forms.Add(OfficerHtml.Section("重新发送", ApiForm("redeliver", api + "/redelivery", "重新发送", "", v)));
        if (OfficerHtml.Allowed(() => ReferralSteps.Decide(r, new CloseReferral(v, null), a, now)))
        {
            var reasonRequired = r.Status != ReferralStatus.FeedbackGiven;
            forms.Add(OfficerHtml.Section("办结", ApiForm("close", api + "/closure", "办结",
                Field("reason", reasonRequired ? "办结说明（尚未收到反馈，须说明理由，如撤回或无法送达）" : "办结说明（可选）",
                    $"<textarea name=\"reason\" rows=\"2\" maxlength=\"2000\"{(reasonRequired ? " required" : "")}></textarea>"), v)));
        }
        return forms.Count == 0 ? "<p id=\"no-actions\">当前没有您可以办理的事项。</p>" : string.Join("\n", forms);
    }
}
