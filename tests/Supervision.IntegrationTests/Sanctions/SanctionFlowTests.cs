using System.Text.Json;
using Marten;
using Marten.Events;
using Npgsql;
using Supervision.Sanctions;
using Supervision.Shared;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Sanctions;

[Collection(AppCollection.Name)]
public sealed class SanctionFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Officer = "urumqi.officer";
    private const string Leader = "urumqi.leader";
    private const string Legal = "urumqi.legal";

    // ---------------------------------------------------------------- helpers

    private async Task<Guid> OpenCase(object? source = null, string violation = "Art43.1")
    {
        var unit = await app.UnitIn("650100");
        var body = await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = source ?? new { kind = "direct" },
            partyUnitId = unit.Id,
            violation,
            summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { Officer, "urumqi.inspector1" },
            responsiblePersons = new[] { new { name = "张主任" } },
        }), 201);
        Assert.Equal(1, body.Long("version"));
        return body.Id();
    }

    /// <summary>Opened, one piece of evidence, reported, noticed and the notice served: version 5.</summary>
    private async Task<(Guid Id, JsonElement Notice)> Noticed(string severity = "ordinary", string scope = "jurisdiction", bool socialImpact = false, object? source = null)
    {
        var id = await OpenCase(source);
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "现场检查笔录：拒绝进入库房", kind = "现场笔录" }));
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "该单位拒绝执法人员进入档案库房检查", proposedScope = scope, severity, socialImpact,
        }));
        var notice = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", new
        {
            version = 3, facts = "2026年拒绝执法人员进入档案库房", reasons = "拒绝、阻碍监督检查，经劝说仍不改正", basis = "《新疆维吾尔自治区档案管理办法》第四十条、第四十三条", signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" }, evidenceIds = new[] { "E1" },
        }));
        Assert.Equal(4, notice.Long("version"));
        // Served the same day: the defence period runs from receipt (PenaltyNoticeServed makes version 5).
        await _given.Served(notice.Str("documentNumber"));
        return (id, notice);
    }

    private async Task<JsonElement> Case(Guid id, string user = Officer) => await _api.Ok(_api.Get(user, $"/api/sanction-cases/{id}"));

    private void PassDefenceDeadline(JsonElement c) =>
        app.AdvanceClockTo(WorkingDayCalendar.EndOfDayBeijing(DateOnly.Parse(c.Str("defenceDeadline"))).AddMinutes(1));

    private static object Decision(long version, string scope = "jurisdiction") =>
        new { version, scope, complianceRequirements = "建立档案工作责任制，配合监督检查", correctionWorkingDays = 10, evidenceIds = new[] { "E1" }, signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" } };

    private async Task<long> StreamVersion(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))!.Version;
    }

    private async Task<int> DocumentsOf(Guid id, string type)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<IssuedDocument>().CountAsync(d => d.StreamId == id && d.Type == type);
    }

    /// <summary>The command is refused with this status and code, and nothing is written (Api.Refused).</summary>
    private Task Refused(Guid id, string user, string step, object body, int status, string code) =>
        _api.Refused(user, $"/api/sanction-cases/{id}/{step}", body, status, code, id);

    private async Task<string> Document(string number, string user = Officer)
    {
        var (status, body) = await _api.Get(user, "/api/documents/" + Uri.EscapeDataString(number));
        Assert.Equal(200, status);
        return body.GetString()!;
    }

    /// <summary>Noticed, defended, reviewed, the defence period run out and decided (the decision at version 8).</summary>
    private async Task<(Guid Id, string DecisionNumber)> Decided()
    {
        var (id, _) = await Noticed();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/defence", new { version = 5, statement = "并非故意阻碍" }));
        await _api.Ok(_api.Post(Legal, $"/api/sanction-cases/{id}/legal-review", new { version = 6, opinion = "事实清楚，程序合法", approved = true }));
        PassDefenceDeadline(await Case(id));
        var decision = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", Decision(7, "unit")));
        return (id, decision.Str("documentNumber"));
    }

    [Fact]
    public async Task A_decision_served_on_its_signed_return_receipt_is_the_cases_delivery_and_the_order_to_correct_runs_from_receipt()
    {
        var (id, number) = await Decided();
        var url = "/api/documents/" + Uri.EscapeDataString(number);
        var receipt = await _api.Ok(_api.Post(Officer, url + "/return-receipts", new { recipient = "当事单位办公室主任" }));
        app.AdvanceClockTo(app.Clock.GetUtcNow().AddDays(1));
        var today = WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow());
        await _api.Ok(_api.Post(Officer, url + "/service", new
        {
            method = "direct", receivedOn = today.ToString("yyyy-MM-dd"), recipient = "张主任", proof = "签收的送达回证",
            returnReceiptNumber = receipt.Str("returnReceiptNumber"),
        }));
        var c = await Case(id);
        Assert.Equal(today.ToString("yyyy-MM-dd"), c.Str("deliveredOn"));
        Assert.Equal(WorkingDayCalendar.LoadDefault().AddWorkingDays(today, 10).Date.ToString("yyyy-MM-dd"), c.Str("complyBy"));
        // The case's own delivery step cannot record a second, different delivery.
        await Refused(id, Officer, "delivery", new { version = c.Long("version"), deliveredOn = today.ToString("yyyy-MM-dd"), method = "直接送达", receiptNote = "x" },
            422, "already_delivered");

        // The other way round: delivered by the case's step, the document's service record refuses a second delivery.
        var (other, otherNumber) = await Decided();
        var deliveredOn = WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd");
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{other}/delivery", new { version = 8, deliveredOn, method = "邮寄送达", receiptNote = "邮件回执" }));
        await _api.Refused(Officer, "/api/documents/" + Uri.EscapeDataString(otherNumber) + "/service", new
        {
            method = "post", receivedOn = deliveredOn, recipient = "张主任", proof = "邮件回执", trackingNumber = "1234567890",
        }, 409, "already_delivered", Supervision.Documents.DocumentServiceRules.StreamId(otherNumber));
        // Either way the decision has left the board of documents issued and not served.
        app.AdvanceClockTo(app.Clock.GetUtcNow().AddDays(7));
        var unserved = await _api.Ok(_api.Get(Leader, "/api/documents/unserved"));
        Assert.DoesNotContain(unserved.GetProperty("items").EnumerateArray(), d => d.Str("number") == number || d.Str("number") == otherNumber);
    }

    [Fact]
    public async Task A_hearing_held_owes_its_recording_on_the_case_and_the_leaders_todo_until_the_chair_attaches_it()
    {
        var (id, _) = await Noticed();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/hearing-request", new { version = 5 }));
        var hearingOn = WorkingDayCalendar.LoadDefault().AddWorkingDays(WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()), 7).Date;
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/hearing", new { version = 6, hearingOn, chairId = "urumqi.officer2", place = "市档案局会议室",
            signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" } }));
        // Before the hearing there is nothing to record.
        await Refused(id, Officer, "recordings", new { version = 7, step = "hearing", files = new[] { new string('a', 64) } }, 422, "hearing_not_held");
        app.AdvanceClockTo(WorkingDayCalendar.EndOfDayBeijing(hearingOn).AddHours(-8));
        await _api.Ok(_api.Post("urumqi.officer2", $"/api/sanction-cases/{id}/hearing/held", new { version = 7, minutes = "听证笔录：当事单位陈述了理由" }));

        using var leader = await Supervision.IntegrationTests.Ui.UiBrowser.LoggedIn(app, Leader);
        const string hearingMissing = "听证（全过程）</td>\\s*<td><strong class=\"missing\">缺少录音录像";
        Assert.Matches(hearingMissing, await leader.GetStringAsync($"/sanction-cases/{id}"));
        var workbench = await leader.GetStringAsync("/");
        Assert.Contains("听证未附录音录像", workbench);

        // The chair uploads the video and attaches it.
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await app.TokenFor("urumqi.officer2"));
        byte[] video = [0, 0, 0, 0x20, .. "ftypisom"u8.ToArray(), 0, 0, 2, 0, .. Guid.NewGuid().ToByteArray(), .. new byte[1024]];
        using var form = new MultipartFormDataContent { { new ByteArrayContent(video), "file", "听证录像.mp4" } };
        var uploaded = JsonDocument.Parse(await (await client.PostAsync("/api/files", form)).Content.ReadAsStringAsync()).RootElement.Str("sha256");
        await _api.Ok(_api.Post("urumqi.officer2", $"/api/sanction-cases/{id}/recordings", new { version = 8, step = "hearing", files = new[] { uploaded } }));

        var page = await leader.GetStringAsync($"/sanction-cases/{id}");
        Assert.DoesNotMatch(hearingMissing, page); // (the notice served in person still owes the recording of its service)
        Assert.Contains("听证录像.mp4", page);
        Assert.DoesNotContain($"/sanction-cases/{id}\">行政处罚案件 {(await Case(id)).Str("partyName")}：听证未附录音录像", await leader.GetStringAsync("/"));
        Assert.Equal("hearing", Assert.Single((await Case(id)).GetProperty("recordings").EnumerateArray()).Str("step"));
    }

    // ---------------------------------------------------------------- the whole procedure

    [Fact]
    public async Task From_an_obstructed_inspection_to_a_published_decision_and_a_closed_case()
    {
        var inspection = await _given.StartedInspection();
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{inspection}/obstructions", new { version = 2, description = "拒绝执法人员进入档案库房" }));
        var (id, notice) = await Noticed(socialImpact: true, source: new { kind = "inspection", id = inspection });

        var noticeNumber = notice.Str("documentNumber");
        Assert.Matches(@"^乌档罚告〔\d{4}〕\d+号$", noticeNumber);
        var c = await Case(id);
        Assert.Equal("noticed", c.Str("status"));
        Assert.Equal("inspection", c.GetProperty("source").Str("kind"));
        Assert.Equal(inspection, c.GetProperty("source").Id());
        var today = WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow());
        Assert.Equal(WorkingDayCalendar.LoadDefault().AddWorkingDays(today, 5).Date.ToString("yyyy-MM-dd"), c.Str("defenceDeadline"));
        var noticeHtml = await Document(noticeNumber);
        Assert.Contains("行政处罚事先告知书", noticeHtml);
        Assert.Contains("陈述、申辩", noticeHtml);
        Assert.Contains("听证", noticeHtml);
        Assert.Contains("在本行政区域内通报批评", noticeHtml);

        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/defence", new { version = 5, statement = "我单位当日负责人不在，并非故意阻碍" }));
        await _api.Ok(_api.Post(Legal, $"/api/sanction-cases/{id}/legal-review", new { version = 6, opinion = "事实清楚，证据确凿，程序合法", approved = true }));
        PassDefenceDeadline(c);
        var decision = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", Decision(7, "unit")));
        Assert.Equal(8, decision.Long("version"));
        var decisionNumber = decision.Str("documentNumber");
        Assert.Matches(@"^乌档罚决〔\d{4}〕\d+号$", decisionNumber);

        var html = await Document(decisionNumber);
        Assert.Contains("行政处罚决定书", html);
        Assert.Contains((await app.UnitIn("650100")).Name, html);                 // party
        Assert.Contains("拒绝执法人员进入档案库房", html);                          // facts
        Assert.Contains("现场检查笔录", html);                                      // evidence
        Assert.Contains("在当事单位内部通报批评", html);                              // penalty
        Assert.Contains("第四十三条第（一）项", html);                               // basis
        Assert.Contains("建立档案工作责任制", html);                                 // how to comply
        Assert.Contains("自收到本决定书之日起六十日内申请行政复议或者六个月内提起行政诉讼", html); // remedies
        Assert.Contains("乌鲁木齐市档案局", html);                                   // department (and date)

        var decided = await Case(id);
        Assert.Equal("decided", decided.Str("status"));
        var deliveredOn = WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd");
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/delivery", new { version = 8, deliveredOn, method = "直接送达", receiptNote = "当事单位办公室主任签收" }));
        await Refused(id, Officer, "close", new { version = 9 }, 403, "forbidden"); // closing is approved by a leader
        await Refused(id, Leader, "close", new { version = 9 }, 422, "publication_required");
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/publication", new { version = 9, where = "乌鲁木齐市档案局门户网站" }));
        var closed = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/close", new { version = 10, opinion = "处罚决定已执行，同意结案。" }));
        Assert.Equal(11, closed.Long("version"));
        // The 结案审批表, issued with the closing: the outcome, the case's officers, and the approving leader as recorded.
        var approval = closed.Str("documentNumber");
        Assert.Matches(@"^乌档结审〔\d{4}〕\d+号$", approval);
        var form = (await _api.Ok(_api.Get(Leader, "/api/documents/" + Uri.EscapeDataString(approval)))).GetString()!;
        Assert.Contains("结案审批表", form);
        Assert.Contains("处罚决定已执行，同意结案。", form);
        Assert.Contains("审批人：马晓东", form); // urumqi.leader, who approved
        Assert.Contains("已向社会公开", form);

        var final = await Case(id);
        Assert.Equal("closed", final.Str("status"));
        var list = await _api.Ok(_api.Get(Leader, "/api/sanction-cases?status=closed&pageSize=200"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), x => x.Id() == id);
        var (hidden, _) = await _api.Get("kashi.officer", $"/api/sanction-cases/{id}");
        Assert.Equal(404, hidden);
        var kashgarList = await _api.Ok(_api.Get("kashi.officer", "/api/sanction-cases?pageSize=200"));
        Assert.DoesNotContain(kashgarList.GetProperty("items").EnumerateArray(), x => x.Id() == id);
        var (hiddenDoc, _) = await _api.Get("kashi.officer", "/api/documents/" + Uri.EscapeDataString(decisionNumber));
        Assert.Equal(404, hiddenDoc);

        await using var session = app.Store.QuerySession();
        Assert.Equal(
            ["SanctionCaseOpened", "EvidenceAdded", "InvestigationReported", "PenaltyNoticeIssued", "PenaltyNoticeServed", "DefenceReceived", "LegalReviewCompleted",
             "PenaltyDecided", "DecisionDelivered", "DecisionPublished", "SanctionCaseClosed"],
            (await session.Events.FetchStreamAsync(id)).Select(e => e.Data.GetType().Name));
    }

    // ---------------------------------------------------------------- opening refusals

    [Fact]
    public async Task A_supplementary_investigation_supersedes_the_notice_and_a_renewed_notice_with_its_own_defence_period_allows_a_heavier_penalty()
    {
        var (id, notice) = await Noticed(scope: "unit");
        var first = notice.Str("documentNumber");
        var firstAsIssued = await Document(first);
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/defence", new { version = 5, statement = "我单位并未拒绝检查，只是负责人不在" }));

        // Only a leader; the reason is required; nothing is written on refusal.
        await Refused(id, Officer, "supplementary-investigation", new { version = 6, reason = "需补充调查" }, 403, "forbidden");
        await Refused(id, Leader, "supplementary-investigation", new { version = 6, reason = " " }, 400, "field_required");
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/supplementary-investigation", new { version = 6, reason = "当事人提出负责人不在的新情况，需核实" }));
        var sent = await Case(id);
        Assert.Equal("investigating", sent.Str("status"));
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("noticeNumber").ValueKind);
        Assert.Equal(first, sent.GetProperty("supersededNotices")[0].Str("number"));

        // The party defended itself: a heavier renewed notice needs new evidence, cited, and a leader's reason (APL Art. 45).
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 7, findings = "负责人在岗，监控录像显示其下令拒绝检查", proposedScope = "public", severity = "ordinary", socialImpact = false,
        }));
        var renewed = new { version = 8, facts = "负责人在岗并下令拒绝执法人员进入档案库房", reasons = "拒绝、阻碍监督检查", basis = "《新疆维吾尔自治区档案管理办法》第四十条、第四十三条", signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" }, evidenceIds = new[] { "E1" } };
        await Refused(id, Officer, "notice", renewed, 422, "heavier_penalty_after_defence");
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 8, description = "监控录像：负责人下令关闭库房", kind = "视听资料" }));
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/heavier-penalty-justification", new
        {
            version = 9, evidenceIds = new[] { "E2" }, reason = "监控录像证明负责人在岗并下令拒绝检查，情节较告知时严重；加重并非因当事人申辩",
        }));
        var second = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", renewed with { version = 10, evidenceIds = new[] { "E2" } }));
        Assert.NotEqual(first, second.Str("documentNumber"));

        // The old notice stays exactly as issued; that it was superseded, and by what, is said outside it. The new one is in force.
        Assert.Equal(firstAsIssued, await Document(first));
        var status = await _api.Ok(_api.Get(Officer, "/api/documents/" + Uri.EscapeDataString(first) + "/status"));
        Assert.Equal(("superseded", second.Str("documentNumber"), "当事人提出负责人不在的新情况，需核实"),
            (status.Str("status"), status.Str("supersededBy"), status.Str("supersededReason")));
        Assert.Equal("in_force", (await _api.Ok(_api.Get(Officer, "/api/documents/" + Uri.EscapeDataString(second.Str("documentNumber")) + "/status"))).Str("status"));
        Assert.Contains("通报批评并向社会公开", await Document(second.Str("documentNumber")));

        // The renewed notice has not reached the party yet: its period has not begun, so no decision.
        await Refused(id, Leader, "decision", Decision(11, "public"), 422, "not_served");
        await _given.Served(second.Str("documentNumber"));
        // The decision waits for the new defence period, then may follow the renewed notice.
        var c = await Case(id);
        await Refused(id, Leader, "decision", Decision(12, "public"), 422, "defence_period_open");
        PassDefenceDeadline(c);
        var decided = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", Decision(12, "public")));
        Assert.Contains(second.Str("documentNumber"), await Document(decided.Str("documentNumber")));

        // The deadline board closed the first defence period and runs the new one.
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await using var session = app.Store.QuerySession();
        var entry = await session.LoadAsync<Supervision.Dashboards.DeadlineEntry>(Supervision.Dashboards.DeadlineClocks.EntryId(id, Supervision.Dashboards.DeadlineClocks.DefencePeriod));
        Assert.Equal(second.Str("documentNumber"), entry!.DocumentNumber);
    }

    [Fact]
    public async Task Opening_checks_the_source_the_investigators_and_the_role()
    {
        var unit = await app.UnitIn("650100");
        object Body(object source, string[] investigators) => new
        {
            source, partyUnitId = unit.Id, violation = "Art43.3", summary = "拒绝接收档案", investigatorIds = investigators,
        };
        var pair = new[] { Officer, "urumqi.inspector1" };
        var (missing, p1) = await _api.Post(Officer, "/api/sanction-cases", Body(new { kind = "inspection", id = Guid.NewGuid() }, pair));
        Assert.Equal((400, "unknown_source"), (missing, p1.Str("code")));
        var kashgarInspection = await _given.PlannedInspection("kashi.inspector", "653100", ["kashi.inspector", "kashi.inspector2"]);
        var (foreign, p2) = await _api.Post(Officer, "/api/sanction-cases", Body(new { kind = "inspection", id = kashgarInspection }, pair));
        Assert.Equal((400, "unknown_source"), (foreign, p2.Str("code")));
        var (one, p3) = await _api.Post(Officer, "/api/sanction-cases", Body(new { kind = "direct" }, [Officer]));
        Assert.Equal((422, "two_investigators_required"), (one, p3.Str("code")));
        var (uncertified, p4) = await _api.Post(Officer, "/api/sanction-cases", Body(new { kind = "direct" }, [Officer, "urumqi.inspector3"]));
        Assert.Equal((422, "investigator_not_certified"), (uncertified, p4.Str("code")));
        var (byInspector, p5) = await _api.Post("urumqi.inspector1", "/api/sanction-cases", Body(new { kind = "direct" }, pair));
        Assert.Equal((403, "forbidden"), (byInspector, p5.Str("code")));
        var opened = await OpenCase();
        await _api.Refused(Officer, $"/api/sanction-cases/{opened}/evidence", new { description = "x", kind = "书证" }, 400, "version_required", opened, field: "version");
    }

    // ---------------------------------------------------------------- decision guards: each refuses and writes nothing

    [Fact]
    public async Task Deciding_while_the_defence_period_is_open_is_refused()
    {
        var (id, _) = await Noticed();
        await Refused(id, Leader, "decision", Decision(5), 422, "defence_period_open");
        Assert.Equal(0, await DocumentsOf(id, DocumentTypes.PenaltyDecision));
        // A waiver closes the period at once.
        await new Scenarios(app).Waived(id, 5, Officer);
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", Decision(6)));
        Assert.Equal(1, await DocumentsOf(id, DocumentTypes.PenaltyDecision));
    }

    [Fact]
    public async Task Only_a_leader_decides_of_the_jurisdiction_with_the_current_version()
    {
        var (id, _) = await Noticed();
        await new Scenarios(app).Waived(id, 5, Officer);
        await Refused(id, Officer, "decision", Decision(6), 403, "forbidden");
        await Refused(id, "kashi.officer", "decision", Decision(6), 404, "not_found");
        await Refused(id, Leader, "decision", Decision(5), 409, "stale_version");
        var (_, stale) = await _api.Post(Leader, $"/api/sanction-cases/{id}/decision", Decision(5));
        Assert.Equal(6, stale.Long("currentVersion"));
        await Refused(id, Leader, "decision", new { version = 6, scope = "everywhere", complianceRequirements = "x" }, 400, "invalid_scope");
    }

    [Fact]
    public async Task A_requested_hearing_must_be_held_and_not_chaired_by_an_investigator()
    {
        var (id, _) = await Noticed();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/hearing-request", new { version = 5 }));
        var c = await Case(id);
        var today = WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow());
        var hearingOn = WorkingDayCalendar.LoadDefault().AddWorkingDays(today, 7).Date;
        await Refused(id, Officer, "hearing", new { version = 6, hearingOn = hearingOn.AddDays(-1), chairId = "urumqi.officer2" }, 422, "hearing_too_soon");
        await Refused(id, Officer, "hearing", new { version = 6, hearingOn, chairId = "urumqi.inspector1" }, 422, "chair_is_investigator");
        Assert.Equal(0, await DocumentsOf(id, DocumentTypes.HearingNotice)); // the refusals took no number
        var scheduled = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/hearing", new { version = 6, hearingOn, chairId = "urumqi.officer2", place = "市档案局三楼会议室", signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" } }));
        // R16: the numbered 听证通知书 says when, where and who chairs, and the party's rights.
        Assert.Matches(@"^乌档听通〔\d{4}〕\d+号$", scheduled.Str("documentNumber"));
        var hearingNotice = await Document(scheduled.Str("documentNumber"));
        Assert.Contains("听证通知书", hearingNotice);
        Assert.Contains("市档案局三楼会议室", hearingNotice);
        Assert.Contains($"{hearingOn.Year}年{hearingOn.Month}月{hearingOn.Day}日", hearingNotice);
        Assert.Contains("申请回避", hearingNotice);
        await Refused(id, Officer, "hearing", new { version = 7, hearingOn, chairId = "urumqi.officer2" }, 422, "hearing_already_scheduled");
        PassDefenceDeadline(c);
        await Refused(id, Leader, "decision", Decision(7), 422, "hearing_pending");
        await Refused(id, Officer, "defence", new { version = 7, statement = "迟到的申辩" }, 422, "defence_period_over");

        app.AdvanceClockTo(WorkingDayCalendar.EndOfDayBeijing(hearingOn).AddHours(-8));
        var held = await _api.Ok(_api.Post("urumqi.officer2", $"/api/sanction-cases/{id}/hearing/held", new { version = 7, minutes = "听证笔录：当事单位陈述了理由" }));
        Assert.Matches(@"^乌档听笔〔\d{4}〕\d+号$", held.Str("documentNumber"));
        var record = await Document(held.Str("documentNumber"));
        Assert.Contains("当事单位陈述了理由", record);
        Assert.Contains("市档案局三楼会议室", record); // the place of the notice
        // A heard case needs legal review (R17) …
        await Refused(id, Leader, "decision", Decision(8), 422, "legal_review_required");
        await _api.Ok(_api.Post(Legal, $"/api/sanction-cases/{id}/legal-review", new { version = 8, opinion = "同意", approved = true }));
        // … and after the hearing the penalty may not be raised (R15).
        await Refused(id, Leader, "decision", Decision(9, "public"), 422, "heavier_penalty_after_defence");
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", Decision(9, "jurisdiction")), 200);
    }

    [Fact]
    public async Task Complex_cases_need_an_approving_legal_review()
    {
        var (id, _) = await Noticed(severity: "complex");
        await new Scenarios(app).Waived(id, 5, Officer);
        await Refused(id, Leader, "decision", Decision(6), 422, "legal_review_required");
        await _api.Ok(_api.Post(Legal, $"/api/sanction-cases/{id}/legal-review", new { version = 6, opinion = "证据不足", approved = false }));
        await Refused(id, Leader, "decision", Decision(7), 422, "legal_review_required");
        Assert.Equal(0, await DocumentsOf(id, DocumentTypes.PenaltyDecision));
    }

    [Fact]
    public async Task Major_cases_need_a_collective_discussion()
    {
        var (id, _) = await Noticed(severity: "major");
        await new Scenarios(app).Waived(id, 5, Officer);
        await _api.Ok(_api.Post(Legal, $"/api/sanction-cases/{id}/legal-review", new { version = 6, opinion = "同意", approved = true }));
        await Refused(id, Leader, "decision", Decision(7), 422, "collective_discussion_required");
        await Refused(id, Officer, "collective-discussion", new { version = 7, participants = new[] { "urumqi.leader", "urumqi.deputy" }, presidedBy = "urumqi.leader", conclusion = "同意" }, 403, "forbidden");
        // Made-up names or a leader of another level are not the department's leaders (APL Art. 57).
        await Refused(id, Leader, "collective-discussion", new { version = 7, participants = new[] { "张三", "李四" }, presidedBy = "张三", conclusion = "同意" }, 422, "participant_not_department_leader");
        await Refused(id, Leader, "collective-discussion", new { version = 7, participants = new[] { "urumqi.leader", "region.leader" }, presidedBy = "urumqi.leader", conclusion = "同意" }, 422, "participant_not_department_leader");
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/collective-discussion", new { version = 7, participants = new[] { "urumqi.leader", "urumqi.deputy" }, presidedBy = "urumqi.leader", conclusion = "同意通报批评" }));
        var discussed = await Case(id);
        Assert.Equal(["马晓东", "周海涛"], discussed.GetProperty("collectiveParticipants").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal("urumqi.leader", discussed.Str("collectivePresidedBy"));
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", Decision(8)));
    }

    [Fact]
    public async Task The_penalty_may_not_be_raised_because_the_party_defended_itself()
    {
        var (id, notice) = await Noticed(scope: "unit");
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/defence", new { version = 5, statement = "已经整改" }));
        PassDefenceDeadline(await Case(id));
        await Refused(id, Leader, "decision", Decision(6, "public"), 422, "heavier_penalty_after_defence");
        await Refused(id, Legal, "legal-review", new { version = 5, opinion = "x", approved = true }, 409, "stale_version");
        Assert.Equal(0, await DocumentsOf(id, DocumentTypes.PenaltyDecision));
        Assert.Equal(1, await DocumentsOf(id, DocumentTypes.PenaltyNotice));
        var ok = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", Decision(6, "unit")));
        Assert.NotEqual(notice.Str("documentNumber"), ok.Str("documentNumber"));
    }

    // ---------------------------------------------------------------- Art. 44 (R22)

    [Fact]
    public async Task Staff_named_in_an_Art44_case_can_neither_see_nor_act_on_it()
    {
        var body = await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" },
            violation = "Art44",
            summary = "检查人员未履行监督检查职责",
            investigatorIds = new[] { Officer, "urumqi.inspector1" },
            responsiblePersons = new[] { new { name = "王芳", userId = "urumqi.inspector3" } },
        }), 201);
        var id = body.Id();
        var c = await Case(id, Leader);
        Assert.Equal("乌鲁木齐市档案局", c.Str("partyName"));

        var (read, problem) = await _api.Get("urumqi.inspector3", $"/api/sanction-cases/{id}");
        Assert.Equal((404, "not_found"), (read, problem.Str("code")));
        var list = await _api.Ok(_api.Get("urumqi.inspector3", "/api/sanction-cases?pageSize=200"));
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), x => x.Id() == id);
        await Refused(id, "urumqi.inspector3", "evidence", new { version = 1, description = "x", kind = "书证" }, 404, "not_found");
        // Nor its legal record (R22), while the officers of the case do.
        var (history, _) = await _api.Get("urumqi.inspector3", $"/api/cases/{id}/history");
        Assert.Equal(404, history);
        var record = await _api.Ok(_api.Get(Officer, $"/api/cases/{id}/history"));
        Assert.Equal("立案", record[0].Str("eventName"));
        // Others of the department still see it.
        var officerList = await _api.Ok(_api.Get(Officer, "/api/sanction-cases?pageSize=200"));
        Assert.Contains(officerList.GetProperty("items").EnumerateArray(), x => x.Id() == id);
    }

    // ---------------------------------------------------------------- clocks (R19)

    [Fact]
    public async Task The_90_day_decision_clock_is_a_durable_message_and_raises_DecisionOverdue_once()
    {
        var id = await OpenCase();
        var c = await Case(id);
        var due = DateOnly.Parse(c.Str("decisionDueOn"));
        Assert.Equal(WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).AddDays(90), due);
        Assert.Contains(await ScheduledChecks(id), s => s.Type.EndsWith(nameof(SanctionClockCheck)) && s.At == SanctionClocks.OverdueAt(due));

        await app.Host.InvokeMessageAndWaitAsync(new SanctionClockCheck(id, SanctionClock.Decision, due));
        Assert.Equal(1, await StreamVersion(id));

        app.AdvanceClockTo(SanctionClocks.OverdueAt(due).AddMinutes(1));
        await app.Host.InvokeMessageAndWaitAsync(new SanctionClockCheck(id, SanctionClock.Decision, due));
        await app.Host.InvokeMessageAndWaitAsync(new SanctionClockCheck(id, SanctionClock.Decision, due));
        await using var session = app.Store.QuerySession();
        var overdue = Assert.Single((await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<DecisionOverdue>());
        Assert.Equal(due, overdue.DueOn);
        Assert.True((await Case(id)).GetProperty("decisionOverdue").GetBoolean());
    }

    private Task<List<(string Type, DateTimeOffset At)>> ScheduledChecks(Guid id) => app.ScheduledMessagesFor(id);
}
