using System.Text.Json;
using Marten;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Sanctions;

/// <summary>
/// Issue 12 (sanction cases), through HTTP: signatories are the officers acting (1a), the decision cites evidence and orders
/// correction by a deadline with the remedies' organ and court (9), no heavier renewed notice after the defence without new
/// evidence and a leader's reason (6), a waiver is the party's written statement after the notice (8).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SanctionIssue12Tests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Officer = "urumqi.officer";
    private const string Leader = "urumqi.leader";
    private static readonly string[] Pair = [Officer, "urumqi.inspector1"];

    /// <summary>Opened with <paramref name="investigators"/>, evidence E1, reported: version 3.</summary>
    private async Task<Guid> Reported(string scope = "jurisdiction", params string[] investigators)
    {
        var unit = await app.UnitIn("650100");
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = investigators.Length == 0 ? Pair : investigators, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "拒绝进入库房的现场检查笔录", kind = "现场笔录" }));
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "该单位拒绝执法人员进入档案库房检查", proposedScope = scope, severity = "ordinary", socialImpact = false,
        }));
        return id;
    }

    private static object NoticeBody(long version, string[]? signatories = null, string[]? evidence = null) => new
    {
        version, facts = "2026年拒绝执法人员进入档案库房", reasons = "拒绝、阻碍监督检查", basis = "《新疆维吾尔自治区档案管理办法》第四十条、第四十三条",
        signatoryIds = signatories ?? Pair, evidenceIds = evidence ?? ["E1"],
    };

    private async Task<string> Document(string number)
    {
        var (status, body) = await _api.Get(Officer, "/api/documents/" + Uri.EscapeDataString(number));
        Assert.Equal(200, status);
        return body.GetString()!;
    }

    private async Task<long> StreamVersion(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))!.Version;
    }

    private async Task Refused(Guid id, string user, string step, object body, int status, string code)
    {
        var before = await StreamVersion(id);
        var (actual, problem) = await _api.Post(user, $"/api/sanction-cases/{id}/{step}", body);
        Assert.True(actual == status, $"expected {status} {code}, got {actual}: {problem}");
        Assert.Equal(code, problem.Str("code"));
        Assert.Equal(before, await StreamVersion(id));
    }

    private async Task Waive(Guid id, long version)
    {
        app.Clock.Advance(TimeSpan.FromHours(1));
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/defence-waiver", new
        {
            version, signedBy = "当事单位负责人张主任", signedAt = app.Clock.GetUtcNow().AddMinutes(-30), receivedVia = "in_person",
        }));
    }

    // ---------------------------------------------------------------- 1a: signatories = actors (R1)

    [Fact]
    public async Task A_leader_without_a_certificate_cannot_issue_the_notice_and_documents_print_exactly_the_officers_who_signed()
    {
        // Three certified investigators; 李明 (urumqi.inspector1) signs nothing below.
        var id = await Reported("jurisdiction", Officer, "urumqi.inspector1", "urumqi.inspector2");
        var signers = new[] { Officer, "urumqi.inspector2" };
        await Refused(id, Leader, "notice", NoticeBody(3, signers), 403, "forbidden");
        await Refused(id, Officer, "notice", NoticeBody(3, [Officer]), 400, "two_signatories_required");
        await Refused(id, Officer, "notice", NoticeBody(3, [Officer, "urumqi.officer2"]), 422, "signatory_not_on_team");
        await Refused(id, Officer, "notice", NoticeBody(3, ["urumqi.inspector1", "urumqi.inspector2"]), 422, "actor_must_sign");

        var notice = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", NoticeBody(3, signers)));
        var html = await Document(notice.Str("documentNumber"));
        Assert.Contains("刘洋（执法证号：乌档执650100003）", html);
        Assert.Contains("艾克拜尔·吐尔逊（执法证号：乌档执650100002）", html);
        Assert.DoesNotContain("李明", html);
        await using (var session = app.Store.QuerySession())
        {
            var issued = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<Supervision.Sanctions.PenaltyNoticeIssued>().Single();
            Assert.Equal(signers, issued.Signatories.Select(s => s.UserName));
        }

        // The 听证通知书 too: signed by those who issue it.
        await _given.Served(notice.Str("documentNumber"));
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/hearing-request", new { version = 5 }));
        var hearingOn = WorkingDayCalendar.LoadDefault().AddWorkingDays(app.Today, 7).Date;
        var hearing = new { version = 6, hearingOn, chairId = "urumqi.officer2", signatoryIds = new[] { "urumqi.inspector2", Officer } };
        await Refused(id, Leader, "hearing", hearing, 403, "forbidden");
        var scheduled = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/hearing", hearing));
        var letter = await Document(scheduled.Str("documentNumber"));
        Assert.Contains("艾克拜尔·吐尔逊（执法证号：乌档执650100002）", letter);
        Assert.DoesNotContain("李明", letter);
    }

    // ---------------------------------------------------------------- 9: evidence, deadline, remedies (APL Art. 40, 59)

    [Fact]
    public async Task A_decision_cites_its_evidence_orders_correction_within_working_days_of_receipt_and_names_the_reconsideration_organ_and_court()
    {
        var id = await Reported();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 3, description = "监控录像：负责人下令关闭库房", kind = "视听资料" }));
        var notice = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", NoticeBody(4, evidence: ["E1", "E2"])));
        await _given.Served(notice.Str("documentNumber"));   // 6
        await Waive(id, 6);                                   // 7

        object Body(object? evidenceIds = null, int? days = 10) => new
        {
            version = 7, scope = "jurisdiction", complianceRequirements = "建立档案工作责任制，配合监督检查",
            correctionWorkingDays = days, evidenceIds = evidenceIds ?? new[] { "E2" }, signatoryIds = Pair,
        };
        await Refused(id, Leader, "decision", Body(evidenceIds: Array.Empty<string>()), 400, "evidence_required");
        await Refused(id, Leader, "decision", Body(evidenceIds: new[] { "E7" }), 400, "unknown_evidence");
        await Refused(id, Leader, "decision", Body(days: null), 400, "field_required");
        await Refused(id, Leader, "decision", Body(days: 0), 400, "invalid_correction_working_days");

        var decision = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", Body()));
        var html = await Document(decision.Str("documentNumber"));
        Assert.Contains("视听资料：监控录像：负责人下令关闭库房", html);   // cited by id, printed by kind and description
        Assert.DoesNotContain("拒绝进入库房的现场检查笔录", html);        // E1 was not cited
        Assert.DoesNotContain("调查终结报告及案卷材料", html);              // no stock line
        Assert.Contains("自收到本决定书之日起<strong>10个工作日</strong>内", html);
        Assert.Contains("乌鲁木齐市人民政府", html);                        // 行政复议法 Art. 24
        Assert.Contains("人民法院", html);                                  // 行政诉讼法 Art. 18
        Assert.Contains("自收到本决定书之日起六十日内申请行政复议或者六个月内提起行政诉讼", html);
        Assert.Contains("当事单位负责人张主任", html);                      // the written waiver

        // Received on Friday 6 February: 10 working days across Spring Festival (Sat 14 and Sat 28 February are working days).
        app.AdvanceClockTo(app.Clock.GetUtcNow().AddDays(1));
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/delivery", new { version = 8, deliveredOn = "2026-02-06", method = "直接送达", receiptNote = "签收" }));
        var c = await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{id}"));
        Assert.Equal(WorkingDayCalendar.LoadDefault().AddWorkingDays(new DateOnly(2026, 2, 6), 10).Date.ToString("yyyy-MM-dd"), c.Str("complyBy"));
    }

    // ---------------------------------------------------------------- 6: no heavier penalty because of the defence (APL Art. 45)

    [Fact]
    public async Task After_the_defence_a_heavier_renewed_notice_needs_new_evidence_it_cites_and_a_leaders_reason()
    {
        var id = await Reported("jurisdiction");
        var notice = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", NoticeBody(3)));
        await _given.Served(notice.Str("documentNumber"));                                                                     // 5
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/defence", new { version = 5, statement = "负责人当日不在，并非故意阻碍" })); // 6
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/supplementary-investigation", new { version = 6, reason = "核实当事人所述情况" })); // 7
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 7, description = "无", kind = "书证" }));        // 8: E2
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 8, findings = "经补充调查，情况属实", proposedScope = "public", severity = "ordinary", socialImpact = false,
        }));                                                                                                                     // 9

        // One more piece of evidence (described "无") no longer lets the scope rise from jurisdiction to public.
        await Refused(id, Officer, "notice", NoticeBody(9, evidence: ["E1", "E2"]), 422, "heavier_penalty_after_defence");
        // The leader's reason rests on evidence added after the defence, not on the old evidence.
        await Refused(id, Officer, "heavier-penalty-justification", new { version = 9, evidenceIds = new[] { "E2" }, reason = "x" }, 403, "forbidden");
        await Refused(id, Leader, "heavier-penalty-justification", new { version = 9, evidenceIds = new[] { "E1" }, reason = "原有证据" }, 422, "evidence_not_new");
        await Refused(id, Leader, "heavier-penalty-justification", new { version = 9, evidenceIds = new[] { "E2" } }, 400, "field_required");
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/heavier-penalty-justification", new
        {
            version = 9, evidenceIds = new[] { "E2" }, reason = "补充调查查明的新事实表明情节较重，与当事人的陈述、申辩无关",
        }));                                                                                                                     // 10
        // The renewed notice's facts cite that new evidence.
        await Refused(id, Officer, "notice", NoticeBody(10, evidence: ["E1"]), 422, "heavier_penalty_after_defence");
        var renewed = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", NoticeBody(10, evidence: ["E1", "E2"])));
        Assert.Contains("通报批评并向社会公开", await Document(renewed.Str("documentNumber")));
    }

    // ---------------------------------------------------------------- 8: a waiver is the party's written statement

    [Fact]
    public async Task A_waiver_needs_the_partys_signed_statement_and_cannot_be_signed_at_the_instant_of_the_notice()
    {
        var id = await Reported();
        var notice = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", NoticeBody(3)));
        await _given.Served(notice.Str("documentNumber"));                                                                  // 5
        var issuedAt = app.Clock.GetUtcNow();
        await Refused(id, Officer, "defence-waiver", new { version = 5 }, 400, "field_required");                                // nothing from the party
        await Refused(id, Officer, "defence-waiver", new { version = 5, signedBy = "张主任", signedAt = issuedAt, receivedVia = "in_person" }, 422, "waiver_predates_notice");
        await Refused(id, Officer, "defence-waiver", new { version = 5, signedBy = "张主任", signedAt = issuedAt.AddDays(-1), receivedVia = "in_person" }, 422, "waiver_predates_notice");
        await Refused(id, Officer, "defence-waiver", new { version = 5, signedBy = "张主任", signedAt = issuedAt.AddMinutes(5), receivedVia = "pigeon" }, 400, "invalid_received_via");
        await Refused(id, Officer, "defence-waiver", new { version = 5, signedBy = "张主任", signedAt = issuedAt.AddMinutes(5), receivedVia = "in_person" }, 400, "invalid_signed_at");
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/defence-waiver", new
        {
            version = 5, signedBy = "张主任", signedAt = issuedAt.AddMinutes(5), receivedVia = "post", statement = "自愿放弃",
        }));
        await using var session = app.Store.QuerySession();
        var waived = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<Supervision.Sanctions.DefenceWaived>().Single();
        Assert.Equal(("张主任", issuedAt.AddMinutes(5), "post"), (waived.SignedBy, waived.SignedAt, waived.ReceivedVia));
    }
}
