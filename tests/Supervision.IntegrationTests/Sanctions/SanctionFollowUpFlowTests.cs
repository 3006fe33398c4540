using System.Text.Json;
using Alba;
using Marten;
using Npgsql;
using Supervision.Sanctions;
using Supervision.Shared;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Sanctions;

/// <summary>
/// Through HTTP, the outbox and the durable clocks: 处分建议书 and their replies (R20), the transfer of a suspected
/// crime to public security (R21), the withdrawal of a changed or revoked decision's publication (R19), and
/// opening a case from a referral with an Idempotency-Key. Clocks are driven by the fake clock and invoked
/// messages, never by waiting.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SanctionFollowUpFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Officer = "urumqi.officer";
    private const string Leader = "urumqi.leader";

    // ---------------------------------------------------------------- helpers

    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadDefault();
    private DateOnly Today => WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow());

    private async Task<Guid> OpenCase()
    {
        var unit = await app.UnitIn("650100");
        var body = await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.5", summary = "收集来源不明的档案",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201);
        return body.Id();
    }

    /// <summary>Opened, evidence, investigation reported: version 3.</summary>
    private async Task<Guid> Reported(bool socialImpact = false)
    {
        var id = await OpenCase();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "档案来源登记簿缺失", kind = "书证" }));
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "该单位收集来源不明的档案二百余件", proposedScope = "jurisdiction", severity = "ordinary", socialImpact,
        }));
        return id;
    }

    /// <summary>Reported, noticed, waived, decided, published: version 7.</summary>
    private async Task<Guid> Published()
    {
        var id = await Reported(socialImpact: true);
        var notice = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", new { version = 3, facts = "收集来源不明的档案", reasons = "违反规定", basis = "《新疆维吾尔自治区档案管理办法》第四十三条", signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" }, evidenceIds = new[] { "E1" } }));
        await new Scenarios(app).Served(notice.Str("documentNumber")); // version 5
        await new Scenarios(app).Waived(id, 5, Officer);
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision", new { version = 6, scope = "jurisdiction", complianceRequirements = "清理来源不明的档案", correctionWorkingDays = 10, evidenceIds = new[] { "E1" }, signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" } }));
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/publication", new { version = 7, where = "乌鲁木齐市档案局门户网站" }));
        return id;
    }

    private async Task<JsonElement> Case(Guid id) => await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{id}"));

    private async Task<List<object>> Events(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }

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

    private async Task<string> Document(string number)
    {
        var (status, body) = await _api.Get(Officer, "/api/documents/" + Uri.EscapeDataString(number));
        Assert.True(status == 200, $"document {number}: {status} {body}");
        return body.GetString()!;
    }

    /// <summary>When the durable clock messages of this case are due (those also naming <paramref name="marker"/>, e.g. a recommendation id).</summary>
    private async Task<List<DateTimeOffset>> Scheduled(Guid id, Guid? marker = null)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select execution_time from {app.Schema}.wolverine_incoming_envelopes where status = 'Scheduled' and message_type like '%SanctionClockCheck' " +
            "and position(convert_to(@id, 'UTF8') in body) > 0 and position(convert_to(@marker, 'UTF8') in body) > 0", conn);
        cmd.Parameters.AddWithValue("id", id.ToString());
        cmd.Parameters.AddWithValue("marker", (marker ?? id).ToString());
        var rows = new List<DateTimeOffset>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero));
        return rows;
    }

    private static bool Near(DateTimeOffset a, DateTimeOffset b) => (a - b).Duration() < TimeSpan.FromMilliseconds(1);

    private async Task Fire(SanctionClockCheck check)
    {
        await app.Host.InvokeMessageAndWaitAsync(check);
        await app.Host.InvokeMessageAndWaitAsync(check); // a redelivered timer changes nothing
    }

    // ---------------------------------------------------------------- 处分建议书 (R20)

    [Fact]
    public async Task A_leader_sends_numbered_discipline_recommendations_whose_replies_are_tracked_and_overdue_once()
    {
        var fresh = await OpenCase();
        var body = (long version) => new { version, personName = "张主任", position = "办公室主任", recipient = "某某集团公司（任免机关）", recommendation = "建议给予警告处分" };
        await Refused(fresh, Leader, "discipline-recommendations", body(1), 422, "investigation_report_required");
        var id = await Reported();
        await Refused(id, Officer, "discipline-recommendations", body(3), 403, "forbidden");
        Assert.Equal(0, await DocumentsOf(id, DocumentTypes.DisciplineRecommendation));

        var first = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/discipline-recommendations", body(3)));
        Assert.Equal(4, first.Long("version"));
        var number = first.Str("documentNumber");
        Assert.Matches(@"^乌档处建〔\d{4}〕\d+号$", number);
        var firstId = first.Id("recommendationId");
        var laterDue = Today.AddDays(45);
        var second = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/discipline-recommendations", new
        {
            version = 4, personName = "李科长", recipient = "某某集团公司", recommendation = "建议给予记过处分", replyDueOn = laterDue.ToString("yyyy-MM-dd"),
        }));
        var secondId = second.Id("recommendationId");
        Assert.NotEqual(number, second.Str("documentNumber"));

        var c = await Case(id);
        var list = c.GetProperty("disciplineRecommendations").EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        // 30 days from Thursday 5 February 2026 end on Saturday 7 March: the reply is due on Monday 9 March (Civil Code Art. 203).
        var due = new DateOnly(2026, 3, 9);
        Assert.Equal(new DateOnly(2026, 2, 5), Today);
        Assert.Equal((firstId, "awaiting", due.ToString("yyyy-MM-dd")), (list[0].Id(), list[0].Str("status"), list[0].Str("replyDueOn")));
        Assert.Equal((secondId, laterDue.ToString("yyyy-MM-dd")), (list[1].Id(), list[1].Str("replyDueOn")));
        Assert.Equal([SanctionClocks.OverdueAt(due)], await Scheduled(id, firstId));
        Assert.Equal([SanctionClocks.OverdueAt(laterDue)], await Scheduled(id, secondId));

        var html = await Document(number);
        Assert.Contains("处分建议书", html);
        Assert.Contains("某某集团公司（任免机关）", html);
        Assert.Contains("张主任（办公室主任）", html);
        Assert.Contains("建议给予警告处分", html);
        Assert.Contains($"{due.Year}年{due.Month}月{due.Day}日", html);
        Assert.Contains("书面回复", html);
        Assert.Contains("乌鲁木齐市档案局", html);

        // The first is answered in writing; the second is not, and goes overdue once at the end of its due date.
        await Refused(id, Officer, $"discipline-recommendations/{Guid.NewGuid()}/reply", new { version = 5, reply = "x", receivedOn = Today }, 404, "not_found");
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/discipline-recommendations/{firstId}/reply",
            new { version = 5, reply = "我公司已给予张主任警告处分", receivedOn = Today.ToString("yyyy-MM-dd") }));
        await Refused(id, Officer, $"discipline-recommendations/{firstId}/reply", new { version = 6, reply = "again", receivedOn = Today }, 422, "already_replied");

        var firstCheck = new SanctionClockCheck(id, SanctionClock.DisciplineReply, due, firstId);
        var secondCheck = new SanctionClockCheck(id, SanctionClock.DisciplineReply, laterDue, secondId);
        await app.Host.InvokeMessageAndWaitAsync(secondCheck); // early: nothing
        Assert.Equal(6, await StreamVersion(id));
        app.AdvanceClockTo(SanctionClocks.OverdueAt(laterDue).AddMinutes(1));
        await Fire(firstCheck);
        await Fire(secondCheck);
        var overdue = Assert.Single((await Events(id)).OfType<DisciplineReplyOverdue>());
        Assert.Equal((secondId, laterDue), (overdue.RecommendationId, overdue.DueOn));
        var after = (await Case(id)).GetProperty("disciplineRecommendations").EnumerateArray().ToList();
        Assert.Equal(("replied", "overdue"), (after[0].Str("status"), after[1].Str("status")));

        var history = await _api.Ok(_api.Get(Officer, $"/api/cases/{id}/history"));
        var names = history.EnumerateArray().Select(e => e.Str("eventName")).ToList();
        Assert.Contains("发出处分建议书", names);
        Assert.Contains("收到处分建议书面回复", names);
        Assert.Contains("处分建议回复逾期", names);
    }

    // ---------------------------------------------------------------- suspected crime (R21)

    [Fact]
    public async Task A_suspected_crime_is_proposed_decided_by_the_head_and_transferred_with_a_numbered_letter_and_both_clocks_run_once()
    {
        var id = await Reported();
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/criminal-transfer-proposals",
            new { version = 3, grounds = "涉嫌故意损毁国有档案，情节严重，涉嫌犯罪" }));
        var c = await Case(id);
        var decisionDue = Calendar.AddWorkingDays(Today, 3).Date; // 3 working days (APL Art. 85 reading)
        Assert.Equal(("proposed", decisionDue.ToString("yyyy-MM-dd")), (c.Str("criminalTransfer"), c.Str("transferDecisionDueOn")));
        Assert.Contains(SanctionClocks.OverdueAt(decisionDue), await Scheduled(id));

        await Refused(id, Officer, "criminal-transfer-decisions", new { version = 4, approved = true, reason = "同意" }, 403, "forbidden");
        // A leader above the department does not decide it either (移送规定 Art. 5: the head of the handling department).
        await Refused(id, "region.leader", "criminal-transfer-decisions", new { version = 4, approved = true, reason = "同意" }, 403, "forbidden");
        await Refused(id, Officer, "criminal-transfers", new { version = 4, publicSecurityOrgan = "乌鲁木齐市公安局" }, 422, "transfer_not_approved");
        Assert.Equal(0, await DocumentsOf(id, DocumentTypes.CriminalTransfer));

        // The head lets the 3 days pass: overdue once.
        var decisionCheck = new SanctionClockCheck(id, SanctionClock.TransferDecision, decisionDue);
        app.AdvanceClockTo(SanctionClocks.OverdueAt(decisionDue).AddMinutes(1));
        await Fire(decisionCheck);
        Assert.Single((await Events(id)).OfType<TransferDecisionOverdue>());

        var decided = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/criminal-transfer-decisions", new { version = 5, approved = true, reason = "涉嫌犯罪，依法移送公安机关" }));
        Assert.Equal(6, decided.Long("version"));
        var approval = (await Events(id)).OfType<CriminalTransferDecided>().Single();
        Assert.Equal(approval.DecidedAt.AddHours(24), approval.TransferDueAt);
        var letterDue = approval.TransferDueAt!.Value;
        Assert.Single(await Scheduled(id), at => Near(at, letterDue));
        var letterCheck = new SanctionClockCheck(id, SanctionClock.TransferLetter, WorkingDayCalendar.BeijingToday(letterDue), null, letterDue);
        await Fire(letterCheck); // early: nothing
        Assert.Equal(6, await StreamVersion(id));

        app.AdvanceClockTo(letterDue.AddMinutes(1));
        await Fire(letterCheck);
        Assert.Single((await Events(id)).OfType<TransferLetterOverdue>());
        await Refused(id, Leader, "close", new { version = 7 }, 422, "decision_required");

        var transferred = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/criminal-transfers", new { version = 7, publicSecurityOrgan = "乌鲁木齐市公安局" }));
        var number = transferred.Str("documentNumber");
        Assert.Matches(@"^乌档刑移〔\d{4}〕\d+号$", number);
        Assert.Equal(8, transferred.Long("version"));
        await Refused(id, Officer, "criminal-transfers", new { version = 8, publicSecurityOrgan = "乌鲁木齐市公安局" }, 422, "already_transferred");
        var html = await Document(number);
        Assert.Contains("涉嫌犯罪案件移送书", html);
        Assert.Contains("乌鲁木齐市公安局", html);
        Assert.Contains("涉嫌故意损毁国有档案", html);
        Assert.Contains("行政执法机关移送涉嫌犯罪案件的规定", html);
        Assert.Contains("档案来源登记簿缺失", html); // the evidence goes with it
        Assert.Equal("transferred", (await Case(id)).Str("criminalTransfer"));

        Assert.Equal(
            ["SanctionCaseOpened", "EvidenceAdded", "InvestigationReported", "CriminalTransferProposed", "TransferDecisionOverdue",
             "CriminalTransferDecided", "TransferLetterOverdue", "CriminalCaseTransferred"],
            (await Events(id)).Select(e => e.GetType().Name));
    }

    // ---------------------------------------------------------------- changed or revoked decision (R19)

    [Fact]
    public async Task A_changed_decision_must_have_its_publication_withdrawn_within_3_working_days_or_goes_overdue_once()
    {
        var id = await Published();
        await Refused(id, Officer, "decision-changes", new { version = 8, kind = "changed", reason = "经复议变更" }, 403, "forbidden");
        await Refused(id, Leader, "decision-changes", new { version = 8, kind = "annulled", reason = "x" }, 400, "invalid_change_kind");
        var before = await _api.Get(Leader, "/api/documents/" + Uri.EscapeDataString((await Case(id)).Str("decisionNumber")));
        await Refused(id, Leader, "decision-changes", new { version = 8, kind = "changed", reason = "经行政复议变更" }, 400, "field_required");
        var issued = await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision-changes",
            new { version = 8, kind = "changed", reason = "经行政复议", changes = "变更为在当事单位内部通报批评" }));
        var c = await Case(id);

        // R19: the change is a decision of its own, numbered, naming the original; the original stays byte for byte as issued
        // and its status says what became of it.
        var number = issued.Str("documentNumber");
        Assert.Matches(@"^乌档罚变〔\d{4}〕\d+号$", number);
        var letter = (await _api.Ok(_api.Get(Leader, "/api/documents/" + Uri.EscapeDataString(number)))).GetString()!;
        Assert.Contains("变更行政处罚决定书", letter);
        Assert.Contains(c.Str("decisionNumber"), letter);
        Assert.Contains("经行政复议", letter);
        Assert.Contains("变更为在当事单位内部通报批评", letter);
        Assert.Contains("申请行政复议", letter);
        var after = await _api.Get(Leader, "/api/documents/" + Uri.EscapeDataString(c.Str("decisionNumber")));
        Assert.Equal(before.Body.GetString(), after.Body.GetString());
        var status = await _api.Ok(_api.Get(Leader, "/api/documents/" + Uri.EscapeDataString(c.Str("decisionNumber")) + "/status"));
        Assert.Equal(("changed", number), (status.Str("status"), status.Str("supersededBy")));
        using var browser = await Supervision.IntegrationTests.Ui.UiBrowser.LoggedIn(app, Leader);
        var page = await (await browser.GetAsync($"/sanction-cases/{id}")).Content.ReadAsStringAsync();
        Assert.Contains($"（已变更，见{number}）", page);
        var due = Calendar.AddWorkingDays(Today, 3).Date;
        Assert.True(c.GetProperty("withdrawalPending").GetBoolean());
        Assert.Equal(due.ToString("yyyy-MM-dd"), c.Str("withdrawalDueOn"));
        Assert.Equal("changed", c.GetProperty("decisionChanges")[0].Str("kind"));
        Assert.Contains(SanctionClocks.OverdueAt(due), await Scheduled(id));

        var check = new SanctionClockCheck(id, SanctionClock.PublicationWithdrawal, due);
        await app.Host.InvokeMessageAndWaitAsync(check); // early: nothing
        Assert.Equal(9, await StreamVersion(id));
        app.AdvanceClockTo(SanctionClocks.OverdueAt(due).AddMinutes(1));
        await Fire(check);
        var overdue = Assert.Single((await Events(id)).OfType<PublicationWithdrawalOverdue>());
        Assert.Equal(due, overdue.DueOn);
        Assert.True((await Case(id)).GetProperty("publicationWithdrawalOverdue").GetBoolean());
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/publication/withdrawal", new { version = 10, reason = "处罚决定已变更" }));
        Assert.False((await Case(id)).GetProperty("withdrawalPending").GetBoolean());
    }

    [Fact]
    public async Task A_revoked_decision_withdrawn_in_time_raises_nothing_and_cannot_be_published_again()
    {
        var id = await Published();
        var revocation = (await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/decision-changes", new { version = 8, kind = "revoked", reason = "事实不清，撤销原处罚决定" }))).Str("documentNumber");
        Assert.Matches(@"^乌档罚撤〔\d{4}〕\d+号$", revocation);
        Assert.Contains("撤销该行政处罚决定", (await _api.Ok(_api.Get(Leader, "/api/documents/" + Uri.EscapeDataString(revocation)))).GetString()!);
        var due = DateOnly.Parse((await Case(id)).Str("withdrawalDueOn"));
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/publication/withdrawal", new { version = 9, reason = "处罚决定已撤销" }));
        await Refused(id, Officer, "publication", new { version = 10, where = "门户网站" }, 422, "decision_revoked");
        await Refused(id, Leader, "decision-changes", new { version = 10, kind = "changed", reason = "x" }, 422, "decision_revoked");
        app.AdvanceClockTo(SanctionClocks.OverdueAt(due).AddMinutes(1));
        await Fire(new SanctionClockCheck(id, SanctionClock.PublicationWithdrawal, due));
        Assert.Empty((await Events(id)).OfType<PublicationWithdrawalOverdue>());
        Assert.Equal(10, await StreamVersion(id));
    }

    // ---------------------------------------------------------------- opening from a referral; Idempotency-Key

    private async Task<Guid> Referral(string from, string to)
    {
        (int Status, JsonElement Body) sent = default;
        await app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60))
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => sent = await _api.Post(from, "/api/referrals", new
            {
                source = new { kind = "direct" }, receiverId = to, kind = "joint_enforcement", summary = "该单位档案保管场所位于贵辖区，请依法查处",
            })));
        Assert.True(sent.Status == 201, sent.Body.ToString());
        return sent.Body.Id();
    }

    [Fact]
    public async Task A_case_is_opened_from_a_referral_only_by_the_receiving_department()
    {
        var toUrumqi = await Referral("kashi.officer", "archives-650100");
        var fromUrumqi = await Referral(Officer, "archives-653100");
        var urumqiUnit = await app.UnitIn("650100");
        var kashgarUnit = await app.UnitIn("653100");
        object Body(Guid referral, Guid unit, string[] investigators) => new
        {
            source = new { kind = "referral", id = referral }, partyUnitId = unit, violation = "Art43.2", summary = "未按规定移交档案", investigatorIds = investigators,
        };
        var urumqiTeam = new[] { Officer, "urumqi.inspector1" };

        var created = await _api.Ok(_api.Post(Officer, "/api/sanction-cases", Body(toUrumqi, urumqiUnit.Id, urumqiTeam)), 201);
        var c = await Case(created.Id());
        Assert.Equal(("referral", toUrumqi), (c.GetProperty("source").Str("kind"), c.GetProperty("source").Id()));

        var (sender, p1) = await _api.Post("kashi.officer", "/api/sanction-cases", Body(toUrumqi, kashgarUnit.Id, ["kashi.officer", "kashi.inspector"]));
        Assert.Equal((400, "unknown_source"), (sender, p1.Str("code")));
        var (notOurs, p2) = await _api.Post(Officer, "/api/sanction-cases", Body(fromUrumqi, urumqiUnit.Id, urumqiTeam));
        Assert.Equal((400, "unknown_source"), (notOurs, p2.Str("code")));
        var (unknown, p3) = await _api.Post(Officer, "/api/sanction-cases", Body(Guid.NewGuid(), urumqiUnit.Id, urumqiTeam));
        Assert.Equal((400, "unknown_source"), (unknown, p3.Str("code")));
        // A county below the receiver is not the receiver.
        var (county, p4) = await _api.Post("tianshan.leader", "/api/sanction-cases",
            Body(toUrumqi, (await app.UnitIn("650102")).Id, ["tianshan.inspector", "tianshan.inspector2"]));
        Assert.Equal((400, "unknown_source"), (county, p4.Str("code")));
    }

    [Fact]
    public async Task Opening_repeated_with_the_same_Idempotency_Key_opens_one_case()
    {
        var unit = await app.UnitIn("650100");
        var body = new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "未建立档案工作责任制",
            investigatorIds = new[] { Officer, "urumqi.inspector1" },
        };
        var token = await app.TokenFor(Officer);
        async Task<(int Status, Guid Id, bool Replayed)> Post(string key)
        {
            var result = await app.Host.Scenario(s =>
            {
                s.Post.Json(body).ToUrl("/api/sanction-cases");
                s.WithRequestHeader("Authorization", "Bearer " + token);
                s.WithRequestHeader(Idempotency.Header, key);
                s.IgnoreStatusCode();
            });
            var json = await result.ReadAsJsonAsync<JsonElement>();
            return (result.Context.Response.StatusCode, json.Id(), result.Context.Response.Headers[Idempotency.ReplayedHeader] == "true");
        }

        var key = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Post(key)));
        Assert.All(answers, a => Assert.Equal(201, a.Status));
        var id = Assert.Single(answers.Select(a => a.Id).Distinct());
        var again = await Post(key);
        Assert.True(again.Replayed);
        Assert.Equal((201, id), (again.Status, again.Id));
        Assert.Equal(1, await StreamVersion(id));
        var decisionDue = DateOnly.Parse((await Case(id)).Str("decisionDueOn"));
        Assert.Equal([SanctionClocks.OverdueAt(decisionDue)], await Scheduled(id)); // one clock, not one per request
        Assert.NotEqual(id, (await Post(Guid.NewGuid().ToString())).Id);
    }
}
