using System.Text.Json;
using Marten;
using Marten.Events;
using Supervision.Dashboards;
using Supervision.Rectifications;
using Supervision.Shared;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Dashboards;

/// <summary>The deadline board (GET /api/deadlines) through HTTP, once the async projection has caught up.</summary>
[Collection(AppCollection.Name)]
public sealed class DeadlineBoardTests(AppFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    /// <summary>Every entry the user gets for the query, all pages, once the projection is up to date.</summary>
    private async Task<List<JsonElement>> Board(string user, string query = "")
    {
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await _api.Ok(_api.Get(user, $"/api/deadlines?pageSize=200&page={page}{query}"));
            all.AddRange(body.GetProperty("items").EnumerateArray());
            if (all.Count >= body.Long("total") || body.GetProperty("items").GetArrayLength() == 0) return all;
        }
    }

    private static JsonElement? Entry(IEnumerable<JsonElement> board, Guid caseId, string clock) =>
        board.Where(e => e.Id("caseId") == caseId && e.Str("clock") == clock).Cast<JsonElement?>().SingleOrDefault();

    /// <summary>The entry of that case and clock, which must be on the board.</summary>
    private static JsonElement Shown(IEnumerable<JsonElement> board, Guid caseId, string clock) =>
        Entry(board, caseId, clock) ?? throw new Xunit.Sdk.XunitException($"{clock} of {caseId} is not on the board");

    [Fact]
    public async Task An_order_shows_as_open_for_its_inspectors_an_extension_moves_it_and_a_passed_reinspection_settles_it()
    {
        var (id, order) = await _given.Ordered(workingDays: 10);
        var due = DateOnly.Parse(order.Str("dueOn"));

        var mine = await Board(Inspector, "&owner=me&kind=rectification");
        var entry = Shown(mine, id, "rectification_deadline");
        Assert.Equal((due.ToString("yyyy-MM-dd"), "open"), (entry.Str("dueOn"), entry.Str("status")));
        Assert.Equal("rectification", entry.Str("caseKind"));
        Assert.Equal("整改期限", entry.Str("clockName"));
        Assert.Contains(order.Str("documentNumber"), entry.Str("title"));
        Assert.Equal([Inspector, "urumqi.inspector2"], entry.GetProperty("owners").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("650100", entry.Str("jurisdictionId"));
        Assert.NotNull(Entry(await Board("urumqi.inspector2", "&owner=me"), id, "rectification_deadline"));
        Assert.Null(Entry(await Board("urumqi.handler", "&owner=me"), id, "rectification_deadline"));
        Assert.NotNull(Entry(await Board("urumqi.leader", $"&owner={Inspector}&dueBefore={due:yyyy-MM-dd}"), id, "rectification_deadline"));
        Assert.Null(Entry(await Board("urumqi.leader", $"&dueBefore={due.AddDays(-1):yyyy-MM-dd}"), id, "rectification_deadline"));

        var newDue = WorkingDayCalendar.LoadDefault().AddWorkingDays(due, 5).Date;
        await _api.Ok(_api.Post("urumqi.leader", $"/api/rectifications/{id}/extensions", new { version = 2, newDueOn = newDue, reason = "设备采购周期长" }));
        entry = Shown(await Board(Inspector, "&kind=rectification_deadline"), id, "rectification_deadline");
        Assert.Equal((newDue.ToString("yyyy-MM-dd"), "open"), (entry.Str("dueOn"), entry.Str("status")));

        await _api.Ok(_api.Post("urumqi.inspector2", $"/api/rectifications/{id}/reinspections", new { version = 3, passed = true, notes = "设备已安装运行", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        Assert.Null(Entry(await Board(Inspector), id, "rectification_deadline"));
        var done = Shown(await Board(Inspector, "&status=done&kind=rectification"), id, "rectification_deadline");
        Assert.Equal("done", done.Str("status"));
    }

    [Fact]
    public async Task An_order_whose_deadline_passes_shows_as_overdue()
    {
        var (id, order) = await _given.Ordered(workingDays: 5);
        var due = DateOnly.Parse(order.Str("dueOn"));
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(due).AddMinutes(1));
        await app.Host.InvokeMessageAndWaitAsync(new RectificationDeadlineCheck(id, due));

        var overdue = Shown(await Board(Inspector, "&status=overdue&owner=me"), id, "rectification_deadline");
        Assert.Equal((due.ToString("yyyy-MM-dd"), "overdue"), (overdue.Str("dueOn"), overdue.Str("status")));
        Assert.NotNull(Entry(await Board("urumqi.leader"), id, "rectification_deadline")); // the default shows open and overdue
        Assert.Null(Entry(await Board(Inspector, "&status=open"), id, "rectification_deadline"));
    }

    [Fact]
    public async Task A_complaints_acceptance_clock_appears_and_settles_on_the_decision()
    {
        var (id, receipt) = await new Complaints.ComplaintFlowTests(app).Registered();
        var board = await Board("urumqi.handler", "&owner=me&kind=complaint");
        var acceptance = Shown(board, id, "complaint_acceptance");
        Assert.Equal("open", acceptance.Str("status"));
        Assert.Contains(receipt, acceptance.Str("title"));
        Assert.Equal("open", Shown(board, id, "complaint_handling").Str("status"));
        var complaint = await _api.Ok(_api.Get("urumqi.handler", $"/api/complaints/{id}"));
        Assert.Equal(complaint.Str("acceptanceDueOn"), acceptance.Str("dueOn"));

        await _api.Ok(_api.Post("urumqi.handler", $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        board = await Board("urumqi.handler", "&kind=complaint");
        Assert.Null(Entry(board, id, "complaint_acceptance"));
        Assert.NotNull(Entry(board, id, "complaint_handling"));
    }

    [Fact]
    public async Task The_count_stops_at_its_cap_and_below_the_cap_is_exact()
    {
        await _given.Ordered(workingDays: 10);
        await _given.Ordered(workingDays: 12);
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        await using var session = app.Store.QuerySession();
        var open = session.Query<DeadlineEntry>().Where(d => d.JurisdictionPath.StartsWith("650000") && d.Status == DeadlineStatuses.Open && !d.HasExclusions);
        var exact = await open.CountAsync();
        Assert.True(exact >= 2);
        Assert.Equal((exact, false), await Paging.CountUpToAsync(session, open, exact, default));
        Assert.Equal((exact - 1, true), await Paging.CountUpToAsync(session, open, exact - 1, default));
        // The board says whether its total is exact (the test store stays far below the cap).
        var board = await _api.Ok(_api.Get("region.leader", "/api/deadlines?pageSize=1"));
        Assert.False(board.GetProperty("totalCapped").GetBoolean());
        Assert.True(board.Long("total") >= exact);
    }

    [Fact]
    public async Task Other_jurisdictions_see_nothing_and_higher_levels_see_everything_below()
    {
        var (id, _) = await _given.Ordered(workingDays: 10);
        Assert.Null(Entry(await Board("kashi.inspector"), id, "rectification_deadline"));
        Assert.Null(Entry(await Board("kashi.leader"), id, "rectification_deadline"));
        var (denied, problem) = await _api.Get("kashi.leader", "/api/deadlines?jurisdiction=650100");
        Assert.Equal((404, "not_found"), (denied, problem.Str("code")));
        Assert.NotNull(Entry(await Board("region.leader", "&jurisdiction=650100"), id, "rectification_deadline"));
        Assert.Null(Entry(await Board("region.leader", "&jurisdiction=653100"), id, "rectification_deadline"));
    }

    [Fact]
    public async Task An_Art44_cases_clocks_are_never_shown_to_the_staff_it_names()
    {
        var body = await _api.Ok(_api.Post("urumqi.officer", "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, violation = "Art44", summary = "检查人员未履行监督检查职责",
            investigatorIds = new[] { "urumqi.officer", Inspector },
            responsiblePersons = new[] { new { name = "王芳", userId = "urumqi.inspector3" } },
        }), 201);
        var id = body.Id();
        var c = await _api.Ok(_api.Get("urumqi.officer", $"/api/sanction-cases/{id}"));

        var decision = Shown(await Board("urumqi.officer", "&owner=me&kind=sanction"), id, "decision");
        Assert.Equal((c.Str("decisionDueOn"), "open"), (decision.Str("dueOn"), decision.Str("status")));
        Assert.False(decision.TryGetProperty("excludedUserIds", out _));
        Assert.NotNull(Entry(await Board("urumqi.leader"), id, "decision"));
        Assert.Null(Entry(await Board("urumqi.inspector3"), id, "decision"));
        Assert.Null(Entry(await Board("urumqi.inspector3", "&owner=urumqi.officer"), id, "decision"));
    }

    [Fact]
    public async Task A_sanction_cases_clocks_follow_notice_waiver_decision_delivery_and_closing()
    {
        const string officer = "urumqi.officer";
        var unit = await app.UnitIn("650100");
        var id = (await _api.Ok(_api.Post(officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { officer, Inspector }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        await _api.Ok(_api.Post(officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "现场检查笔录", kind = "现场笔录" }));
        await _api.Ok(_api.Post(Inspector, $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "拒绝执法人员进入档案库房", proposedScope = "unit", severity = "ordinary", socialImpact = false,
        }));
        var notice = await _api.Ok(_api.Post(officer, $"/api/sanction-cases/{id}/notice", new { version = 3, facts = "拒绝检查", reasons = "阻碍监督检查", basis = "第四十三条", signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" }, evidenceIds = new[] { "E1" } }));
        var pending = Shown(await Board(Inspector, "&owner=me&kind=defence_period"), id, "defence_period");
        Assert.Equal("告知书尚未送达，期限自收到之日起计算", pending.Str("note"));
        Assert.Contains(notice.Str("documentNumber"), pending.Str("title"));

        // Received the next day (Friday 6 February): the period runs 5 working days from receipt.
        app.AdvanceClockTo(app.Clock.GetUtcNow().AddDays(1));
        await new Scenarios(app).Served(notice.Str("documentNumber"), "2026-02-06");
        var defence = Shown(await Board(Inspector, "&owner=me&kind=defence_period"), id, "defence_period");
        var c = await _api.Ok(_api.Get(officer, $"/api/sanction-cases/{id}"));
        var fromReceipt = WorkingDayCalendar.LoadDefault().AddWorkingDays(new DateOnly(2026, 2, 6), 5).Date.ToString("yyyy-MM-dd");
        Assert.Equal((fromReceipt, fromReceipt), (c.Str("defenceDeadline"), defence.Str("dueOn")));
        Assert.Equal(JsonValueKind.Null, defence.GetProperty("note").ValueKind);

        await new Scenarios(app).Waived(id, 5, officer);
        var decision = await _api.Ok(_api.Post("urumqi.leader", $"/api/sanction-cases/{id}/decision",
            new { version = 6, scope = "unit", complianceRequirements = "建立档案工作责任制", correctionWorkingDays = 10, evidenceIds = new[] { "E1" }, signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" } }));
        var board = await Board(officer, "&kind=sanction");
        Assert.Null(Entry(board, id, "defence_period"));
        Assert.Null(Entry(board, id, "decision"));
        Assert.Null(Entry(board, id, "publication")); // no social impact: nothing to publish
        var delivery = Shown(board, id, "delivery");
        Assert.Equal((await _api.Ok(_api.Get(officer, $"/api/sanction-cases/{id}"))).Str("deliveryDueOn"), delivery.Str("dueOn"));
        Assert.Contains(decision.Str("documentNumber"), delivery.Str("title"));

        var deliveredOn = WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd");
        await _api.Ok(_api.Post(officer, $"/api/sanction-cases/{id}/delivery", new { version = 7, deliveredOn, method = "直接送达", receiptNote = "签收" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/sanction-cases/{id}/close", new { version = 8 })); // a leader approves closing
        Assert.DoesNotContain(await Board(officer), e => e.Id("caseId") == id);
        // Closing settles the clocks that ran and starts none of the others.
        Assert.Equal(["decision", "defence_period", "delivery"],
            (await Board(officer, "&status=done&kind=sanction")).Where(e => e.Id("caseId") == id).Select(e => e.Str("clock")).Order());
    }

    [Theory]
    [InlineData("status=closed", "invalid_status")]
    [InlineData("kind=inspection", "invalid_kind")]
    [InlineData("dueBefore=2026-13-01", "invalid_date")]
    [InlineData("dueBefore=tomorrow", "invalid_date")]
    [InlineData("jurisdiction=999999", "unknown_jurisdiction")]
    [InlineData("pageSize=500", "invalid_page_size")]
    [InlineData("page=0", "invalid_page")]
    [InlineData("owner=%20", "invalid_owner")]
    public async Task Bad_input_is_a_400_problem(string query, string code)
    {
        var (status, problem) = await _api.Get(Inspector, $"/api/deadlines?{query}");
        Assert.True(status == 400, $"expected 400, got {status}: {problem}");
        Assert.Equal(code, problem.Str("code"));
    }

    [Fact]
    public async Task The_board_needs_a_login()
    {
        var (status, _) = await _api.Get("", "/api/deadlines");
        Assert.Equal(401, status);
    }
}
