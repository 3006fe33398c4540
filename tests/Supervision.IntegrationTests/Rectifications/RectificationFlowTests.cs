using System.Collections.Concurrent;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Supervision.Rectifications;
using Supervision.Shared;
using Wolverine;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Rectifications;

[Collection(AppCollection.Name)]
public sealed class RectificationFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    [Fact]
    public async Task Order_gets_a_department_number_and_a_working_day_deadline_and_closes_after_a_passed_reinspection()
    {
        var (id, order) = await _given.Ordered(workingDays: 10);
        Assert.Matches(@"^乌档责改〔\d{4}〕\d+号$", order.Str("documentNumber"));
        // Counted by hand on the State Council's 2026 notice, from Thursday 5 February: 6, 9–13 February, Saturday 14
        // (make-up working day), the Spring Festival 15–23 off, then 24, 25, 26. On weekends only it would be 19 February.
        Assert.Equal(new DateOnly(2026, 2, 5), app.Today);
        Assert.Equal("2026-02-26", order.Str("dueOn"));
        Assert.False(order.GetProperty("dueOnProvisional").GetBoolean());

        await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{id}/correction-reports", new { version = 2, description = "已购置恒温恒湿机两台", evidence = new[] { "发票" } }));
        var failed = await _api.Ok(_api.Post("urumqi.inspector2", $"/api/rectifications/{id}/reinspections", new { version = 3, passed = false, notes = "设备未安装", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        Assert.Equal(4, failed.Long("version"));
        var open = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{id}"));
        Assert.Equal("open", open.Str("board"));
        Assert.Equal(1, open.GetProperty("failedReinspections").GetInt32());

        var passed = await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{id}/reinspections", new { version = 4, passed = true, notes = "设备已安装运行，温湿度记录完整", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));

        // Each re-inspection issues a numbered 整改复查意见书 of the ordering department, 不合格 then 合格.
        Assert.Matches(@"^乌档复查〔\d{4}〕\d+号$", failed.Str("documentNumber"));
        Assert.NotEqual(failed.Str("documentNumber"), passed.Str("documentNumber"));
        async Task<string> Opinion(string number) => await (await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/documents/" + Uri.EscapeDataString(number));
            s.WithRequestHeader("Authorization", "Bearer " + app.TokenFor(Inspector).GetAwaiter().GetResult());
        })).ReadAsTextAsync();
        var notPassed = await Opinion(failed.Str("documentNumber"));
        Assert.Contains("整改复查意见书", notPassed);
        Assert.Contains("设备未安装", notPassed);
        Assert.Contains("复查不合格", notPassed);
        Assert.Contains(order.Str("documentNumber"), notPassed);
        var ok = await Opinion(passed.Str("documentNumber"));
        Assert.Contains("复查合格", ok);
        Assert.DoesNotContain("不合格", ok);

        var closed = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{id}"));
        Assert.Equal("closed", closed.Str("status"));
        Assert.Equal("closed", closed.Str("board"));

        var closedList = await _api.Ok(_api.Get(Inspector, "/api/rectifications?status=closed&pageSize=200"));
        Assert.Contains(closedList.GetProperty("items").EnumerateArray(), r => r.Id() == id);
        var openList = await _api.Ok(_api.Get(Inspector, "/api/rectifications?status=open&pageSize=200"));
        Assert.DoesNotContain(openList.GetProperty("items").EnumerateArray(), r => r.Id() == id);

        var (afterClose, body) = await _api.Post(Inspector, $"/api/rectifications/{id}/correction-reports", new { version = 5, description = "x" });
        Assert.Equal(422, afterClose);
        Assert.Equal("rectification_closed", body.Str("code"));
    }

    [Fact]
    public async Task Order_refusals_leave_the_stream_and_the_number_sequence_untouched()
    {
        var (_, rid) = await _given.Hazard();
        // The counter row itself (not only documents stored in the same transaction): a number taken by a refused
        // command on a connection of its own would show here as a gap.
        async Task<int?> Counter() => await Documents.DocumentCounter.Read(app, "650100", DocumentTypes.RectificationOrder, app.Today.Year);
        var counter = await Counter();
        var team = new[] { "urumqi.inspector1", "urumqi.inspector2" }; // named in every request, so each is refused for its own reason
        var (both, bothBody) = await _api.Post(Inspector, $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 5, dueOn = app.Day(30), requirements = "x", inspectorIds = team });
        Assert.Equal(400, both);
        Assert.Equal("ambiguous_deadline", bothBody.Str("code"));
        var (none, _) = await _api.Post(Inspector, $"/api/rectifications/{rid}/order", new { version = 1, requirements = "x", inspectorIds = team });
        Assert.Equal(400, none);
        var (tooLong, _) = await _api.Post(Inspector, $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 999, requirements = "x", inspectorIds = team });
        Assert.Equal(400, tooLong);
        var (noRequirements, _) = await _api.Post(Inspector, $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 5, inspectorIds = team });
        Assert.Equal(400, noRequirements);
        var (byHandler, _) = await _api.Post("urumqi.handler", $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 5, requirements = "x", inspectorIds = team });
        Assert.Equal(403, byHandler);
        var (byKashgar, _) = await _api.Post("kashi.inspector", $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 5, requirements = "x", inspectorIds = team });
        Assert.Equal(404, byKashgar);

        await using var session = app.Store.QuerySession();
        Assert.Equal(1, (await session.Events.FetchStreamStateAsync(rid))!.Version);
        Assert.Equal(0, await session.Query<IssuedDocument>().CountAsync(d => d.StreamId == rid));
        Assert.Equal(counter, await Counter());
        // The next order takes the very next number.
        var order = await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 5, requirements = "建立温湿度记录制度", inspectorIds = team }));
        Assert.Equal($"乌档责改〔{app.Today.Year}〕{(counter ?? 0) + 1}号", order.Str("documentNumber"));
        Assert.Equal((counter ?? 0) + 1, await Counter());
    }

    [Fact]
    public async Task Leader_extends_the_deadline_keeping_the_original_and_an_inspector_may_not()
    {
        var (id, order) = await _given.Ordered(workingDays: 10);
        var due = DateOnly.Parse(order.Str("dueOn"));
        var calendar = WorkingDayCalendar.LoadDefault();
        var newDue = calendar.AddWorkingDays(due, 5).Date;

        var (byInspector, problem) = await _api.Post(Inspector, $"/api/rectifications/{id}/extensions", new { version = 2, newDueOn = newDue, reason = "设备采购周期长" });
        Assert.Equal(403, byInspector);
        Assert.Equal("forbidden", problem.Str("code"));
        var (earlier, earlierBody) = await _api.Post("urumqi.leader", $"/api/rectifications/{id}/extensions", new { version = 2, newDueOn = due.AddDays(-1), reason = "x" });
        Assert.Equal(400, earlier);
        Assert.Equal("extension_not_later", earlierBody.Str("code"));

        await _api.Ok(_api.Post("urumqi.leader", $"/api/rectifications/{id}/extensions", new { version = 2, newDueOn = newDue, reason = "设备采购周期长" }));
        var r = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{id}"));
        Assert.Equal(newDue.ToString("yyyy-MM-dd"), r.Str("dueOn"));
        Assert.Equal(due.ToString("yyyy-MM-dd"), r.Str("originalDueOn"));

        await using var session = app.Store.QuerySession();
        var extended = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<DeadlineExtended>().Single();
        Assert.Equal(due, extended.PreviousDueOn);
        Assert.Equal("urumqi.leader", extended.ApprovedBy);
    }

    [Fact]
    public async Task Deadline_is_a_durable_scheduled_message_and_overdue_is_appended_exactly_once()
    {
        var (id, order) = await _given.Ordered(workingDays: 5);
        var due = DateOnly.Parse(order.Str("dueOn"));

        // The checks are stored in PostgreSQL (they survive a restart), due at the end of the deadline day.
        var scheduled = await ScheduledChecks(id);
        Assert.Contains(scheduled, s => s.Type.EndsWith(nameof(RectificationDeadlineCheck)) && s.At == RectificationDeadlines.OverdueAt(due));
        Assert.Contains(scheduled, s => s.Type.EndsWith(nameof(RectificationReminderCheck)));

        // Before the deadline: the check decides nothing.
        await app.Host.InvokeMessageAndWaitAsync(new RectificationDeadlineCheck(id, due));
        Assert.Empty(await EventsOf<RectificationOverdue>(id));

        // After the deadline the check is delivered twice, concurrently, and once more later.
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(due).AddMinutes(1));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            // The loser of the race may fail on the stream version (EventStreamUnexpectedMaxEventIdException, a
            // ConcurrencyException) if its retries (FaultPolicies) run out: that is the point. Any other failure fails the test.
            try { await Invoke(new RectificationDeadlineCheck(id, due)); } catch (ConcurrencyException) { }
        }));
        await Invoke(new RectificationDeadlineCheck(id, due));

        var overdue = Assert.Single(await EventsOf<RectificationOverdue>(id));
        Assert.Equal(due, overdue.DueOn);
        var list = await _api.Ok(_api.Get(Inspector, "/api/rectifications?status=overdue&pageSize=200"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), r => r.Id() == id);

        // Overdue: no more extension (R9: it can go to a sanction case instead).
        var (extend, body) = await _api.Post("urumqi.leader", $"/api/rectifications/{id}/extensions", new { version = 3, newDueOn = due.AddDays(30), reason = "x" });
        Assert.Equal(422, extend);
        Assert.Equal("already_overdue", body.Str("code"));
    }

    [Fact]
    public async Task A_step_taken_after_the_deadline_lapsed_records_the_overdue_first_even_if_the_timer_has_not_run()
    {
        var (id, order) = await _given.Ordered(workingDays: 3);
        var due = DateOnly.Parse(order.Str("dueOn"));
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(due).AddMinutes(10));
        var reported = await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{id}/correction-reports", new { version = 2, description = "逾期后报告已整改" }));
        Assert.Equal(4, reported.Long("version"));
        await using var session = app.Store.QuerySession();
        Assert.Equal(["HazardFound", "RectificationOrdered", "RectificationOverdue", "CorrectionReported"],
            (await session.Events.FetchStreamAsync(id)).Select(e => e.Data.GetType().Name));
        // The timer firing later adds nothing.
        await app.Host.InvokeMessageAndWaitAsync(new RectificationDeadlineCheck(id, due));
        Assert.Single(await EventsOf<RectificationOverdue>(id));
    }

    [Fact]
    public async Task Case_history_is_the_legal_record_and_is_hidden_from_other_jurisdictions()
    {
        var (id, order) = await _given.Ordered(workingDays: 10);
        var history = await _api.Ok(_api.Get(Inspector, $"/api/cases/{id}/history"));
        var entries = history.EnumerateArray().ToArray();
        Assert.Equal([1L, 2L], entries.Select(e => e.Long("version")));
        Assert.Equal(["发现档案安全隐患", "下达责令限期改正通知书"], entries.Select(e => e.Str("eventName")));
        Assert.All(entries, e => Assert.Equal(Inspector, e.Str("userName")));
        Assert.Equal(order.Str("documentNumber"), entries[1].GetProperty("data").Str("documentNumber"));
        var (hidden, _) = await _api.Get("kashi.inspector", $"/api/cases/{id}/history");
        Assert.Equal(404, hidden);
        var (unknown, _) = await _api.Get(Inspector, $"/api/cases/{Guid.NewGuid()}/history");
        Assert.Equal(404, unknown);
    }

    [Fact]
    public async Task Reminder_is_raised_once_and_a_check_for_an_extended_deadline_does_nothing()
    {
        var (id, order) = await _given.Ordered(workingDays: 10);
        var due = DateOnly.Parse(order.Str("dueOn"));
        await app.Host.InvokeMessageAndWaitAsync(new RectificationReminderCheck(id, due));
        await app.Host.InvokeMessageAndWaitAsync(new RectificationReminderCheck(id, due));
        Assert.Single(await EventsOf<RectificationDeadlineApproaching>(id));

        var newDue = WorkingDayCalendar.LoadDefault().AddWorkingDays(due, 10).Date;
        await _api.Ok(_api.Post("urumqi.leader", $"/api/rectifications/{id}/extensions", new { version = 3, newDueOn = newDue, reason = "汛期施工受限" }));
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(due).AddHours(1));
        await app.Host.InvokeMessageAndWaitAsync(new RectificationDeadlineCheck(id, due)); // the old timer fires
        Assert.Empty(await EventsOf<RectificationOverdue>(id));
        Assert.Contains(await ScheduledChecks(id), s => s.Type.EndsWith(nameof(RectificationDeadlineCheck)) && s.At == RectificationDeadlines.OverdueAt(newDue));
    }

    [Fact]
    public async Task Fifty_concurrent_orders_get_numbers_1_to_50_without_gaps_or_duplicates()
    {
        // Tianshan district (天档) is used by this test only, so its sequence starts at 1.
        const string user = "tianshan.inspector";
        var inspection = await _given.StartedInspection(user, "650102", ["tianshan.inspector", "tianshan.inspector2"]);
        var rectifications = new List<Guid>();
        for (var v = 2; v < 52; v++)
        {
            var hazard = await _api.Ok(_api.Post(user, $"/api/inspections/{inspection}/hazards",
                new { version = v, item = "Art38.1", description = $"隐患 {v}", evidence = new[] { "笔录" } }), 201);
            rectifications.Add(hazard.Id("rectificationId"));
        }
        var numbers = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(rectifications, new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (rid, _) =>
        {
            var order = await _api.Ok(_api.Post(user, $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 15, requirements = "建立档案安全工作制度", inspectorIds = new[] { "tianshan.inspector", "tianshan.inspector2" } }));
            numbers.Add(order.Str("documentNumber"));
        });
        var year = WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).Year;
        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"天档责改〔{year}〕{n}号").Order(), numbers.Order());
    }

    [Fact]
    public async Task Order_document_renders_the_statutory_content_and_is_hidden_from_other_jurisdictions()
    {
        var (id, order) = await _given.Ordered(workingDays: 10);
        var number = order.Str("documentNumber");
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/documents/" + Uri.EscapeDataString(number));
            s.WithRequestHeader("Authorization", "Bearer " + app.TokenFor(Inspector).Result);
            s.Header("Content-Type").SingleValueShouldEqual("text/html; charset=utf-8");
        });
        var html = await result.ReadAsTextAsync();
        var r = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{id}"));
        Assert.Contains("责令限期改正通知书", html);
        Assert.Contains(number, html);
        Assert.Contains(r.Str("unitName"), html);
        Assert.Contains("第三十八条第（三）项", html);
        Assert.Contains("配置恒温恒湿设备", html);
        Assert.Contains("乌鲁木齐市档案局", html);
        Assert.Contains("乌档执650100001", html);
        Assert.Contains("行政复议", html);

        var (hidden, _) = await _api.Get("kashi.inspector", "/api/documents/" + Uri.EscapeDataString(number));
        Assert.Equal(404, hidden);
    }

    private async Task Invoke(object message)
    {
        using var scope = app.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message);
    }

    private async Task<List<T>> EventsOf<T>(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<T>().ToList();
    }

    private Task<List<(string Type, DateTimeOffset At)>> ScheduledChecks(Guid id) => app.ScheduledMessagesFor(id);
}
