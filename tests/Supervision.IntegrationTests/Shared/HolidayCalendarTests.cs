using System.Text.Json;
using Marten;
using Marten.Events;
using Supervision.Rectifications;
using Supervision.Shared;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Shared;

/// <summary>
/// The official holiday calendar as data (issue 20). The years used here (2030–2033) are test-only schedules published in
/// the test's own schema, never shipped: the release knows 2025 and 2026 only, so an order running into a later year is
/// provisional until an administrator publishes that year.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HolidayCalendarTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Admin = "region.admin";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static object Schedule(string[] off, string[] work, string source = "测试用节假日安排（非正式数据）", string? reason = null, long? version = null) =>
        new { daysOff = off, makeUpWorkingDays = work, source, sourceDate = "2030-11-01", reason, version };

    /// <summary>Publishes and waits until every deadline it moves has been recalculated (separate messages, one per case).</summary>
    private async Task<JsonElement> Publish(int year, object schedule, string path = "")
    {
        (int Status, JsonElement Body) result = default;
        await app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60))
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => result = await _api.Post(Admin, $"/api/calendar/{year}{path}", schedule)));
        Assert.True(result.Status == 200, result.Body.ToString());
        return result.Body;
    }

    private async Task<List<object>> Events(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }

    private async Task<string> Document(string number)
    {
        var (status, body) = await _api.Get("urumqi.inspector1", "/api/documents/" + Uri.EscapeDataString(number));
        Assert.Equal(200, status);
        return body.GetString()!;
    }

    [Fact]
    public async Task The_shipped_years_are_version_1_with_their_source_and_anyone_signed_in_reads_them()
    {
        var list = await _api.Ok(_api.Get("urumqi.inspector1", "/api/calendar"));
        var y2025 = list.GetProperty("years").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == 2025);
        Assert.Equal((1, "国办发明电〔2024〕12号", "system"), (y2025.GetProperty("version").GetInt32(), y2025.Str("source"), y2025.Str("publishedBy")));
        var y2026 = await _api.Ok(_api.Get("urumqi.inspector1", "/api/calendar/2026"));
        Assert.Contains("2026-02-23", y2026.GetProperty("daysOff").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains("2026-02-14", y2026.GetProperty("makeUpWorkingDays").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(404, (await _api.Get("urumqi.inspector1", "/api/calendar/2040")).Status);
    }

    [Fact]
    public async Task An_order_counted_before_its_year_is_published_moves_later_with_a_numbered_notice_and_is_overdue_once_on_the_new_date()
    {
        app.ClockAt(new DateTimeOffset(2030, 12, 23, 10, 0, 0, Beijing), unpublishedYear: true); // Monday
        await Publish(2030, Schedule(["2030-10-01", "2030-10-02", "2030-10-03"], []));
        Assert.Equal(1, (await _api.Ok(_api.Get(Admin, "/api/calendar/2030"))).GetProperty("version").GetInt32());

        // Ten working days from Monday 23 December 2030 on weekends only: 24–27, 30, 31 December, 1–3 and 6 January.
        var (id, order) = await _given.Ordered(workingDays: 10);
        Assert.Equal(("2031-01-06", true), (order.Str("dueOn"), order.GetProperty("dueOnProvisional").GetBoolean()));
        var orderNumber = order.Str("documentNumber");
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60)); // the deadline board is an async projection
        Assert.True((await _api.DeadlineOf("urumqi.inspector1", "kind=rectification", id)).GetProperty("provisional").GetBoolean());

        // 2031 published with 1–3 January off: the tenth working day is Thursday 9 January.
        var published = await Publish(2031, Schedule(["2031-01-01", "2031-01-02", "2031-01-03"], []));
        Assert.Equal((1, true), (published.GetProperty("version").GetInt32(), published.GetProperty("changed").GetBoolean()));

        var r = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/rectifications/{id}"));
        Assert.Equal(("2031-01-09", false), (r.Str("dueOn"), r.GetProperty("dueOnProvisional").GetBoolean()));
        var recalculated = Assert.Single((await Events(id)).OfType<RectificationDeadlineRecalculated>());
        Assert.Equal((RecalculationOutcome.Moved, new DateOnly(2031, 1, 6), new DateOnly(2031, 1, 9), 2031, 1, "system"),
            (recalculated.Outcome, recalculated.PreviousDueOn, recalculated.DueOn, recalculated.Year, recalculated.CalendarVersion, recalculated.RecordedBy));

        // The unit is told by a numbered notice; the order as served still reads 6 January.
        Assert.Matches(@"^乌档期变〔2030〕\d+号$", recalculated.NoticeNumber);
        var notice = await Document(recalculated.NoticeNumber!);
        Assert.Contains("整改期限变更告知书", notice);
        Assert.Contains("2031年1月9日", notice);
        Assert.Contains(orderNumber, notice);
        var served = await Document(orderNumber);
        Assert.Contains("2031年1月6日", served);
        Assert.DoesNotContain("2031年1月9日", served);

        // The overdue check follows the new date: the old timer finds another date and does nothing.
        var timers = await app.ScheduledMessagesFor(id);
        Assert.Contains(timers, t => t.Type.EndsWith(nameof(RectificationDeadlineCheck)) && t.At == RectificationDeadlines.OverdueAt(new DateOnly(2031, 1, 9)));
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(new DateOnly(2031, 1, 6)).AddMinutes(1));
        await app.Host.InvokeMessageAndWaitAsync(new RectificationDeadlineCheck(id, new DateOnly(2031, 1, 6)));
        Assert.Empty((await Events(id)).OfType<RectificationOverdue>());
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(new DateOnly(2031, 1, 9)).AddMinutes(1));
        await app.Host.InvokeMessageAndWaitAsync(new RectificationDeadlineCheck(id, new DateOnly(2031, 1, 9)));
        await app.Host.InvokeMessageAndWaitAsync(new RectificationDeadlineCheck(id, new DateOnly(2031, 1, 9)));
        Assert.Equal(new DateOnly(2031, 1, 9), Assert.Single((await Events(id)).OfType<RectificationOverdue>()).DueOn);
    }

    [Fact]
    public async Task Publishing_the_same_schedule_again_changes_nothing_and_a_correction_counts_again_from_the_original_start()
    {
        // Years 2034 and 2035 belong to this test alone (2034 is never published, so the deadline stays provisional).
        app.ClockAt(new DateTimeOffset(2034, 12, 25, 10, 0, 0, Beijing), unpublishedYear: true); // Monday
        await Publish(2035, Schedule(["2035-10-01"], []));
        // Ten working days from Monday 25 December 2034: 26–29 December, 1–5 and 8 January 2035.
        var (id, order) = await _given.Ordered(workingDays: 10);
        Assert.Equal("2035-01-08", order.Str("dueOn"));
        var versionBefore = (await _api.Ok(_api.Get("urumqi.inspector1", $"/api/rectifications/{id}"))).GetProperty("version").GetInt64();

        var again = await Publish(2035, Schedule(["2035-10-01"], []));
        Assert.Equal((1, false), (again.GetProperty("version").GetInt32(), again.GetProperty("changed").GetBoolean()));
        Assert.Equal(versionBefore, (await _api.Ok(_api.Get("urumqi.inspector1", $"/api/rectifications/{id}"))).GetProperty("version").GetInt64());
        Assert.Empty((await Events(id)).OfType<RectificationDeadlineRecalculated>());

        // A different schedule for a published year is refused: it is a correction, which needs a reason and the version.
        var (refused, problem) = await _api.Post(Admin, "/api/calendar/2035", Schedule(["2035-01-02"], []));
        Assert.Equal((422, "calendar_already_published"), (refused, problem.Str("code")));
        var (noReason, noReasonProblem) = await _api.Post(Admin, "/api/calendar/2035/corrections", Schedule(["2035-01-02"], [], version: 1));
        Assert.Equal((400, "reason"), (noReason, noReasonProblem.GetProperty("errors").EnumerateObject().Single().Name));
        var (stale, staleProblem) = await _api.Post(Admin, "/api/calendar/2035/corrections", Schedule(["2035-01-02"], [], reason: "x", version: 7));
        Assert.Equal((409, "stale_version"), (stale, staleProblem.Str("code")));

        // Version 2 makes Tuesday 2 January 2035 a day off: counted again from 25 December, the tenth working day is 9 January.
        var corrected = await Publish(2035, Schedule(["2035-01-02", "2035-10-01"], [], reason: "漏列调休放假日", version: 1), "/corrections");
        Assert.Equal(2, corrected.GetProperty("version").GetInt32());
        var recalculated = Assert.Single((await Events(id)).OfType<RectificationDeadlineRecalculated>());
        Assert.Equal((RecalculationOutcome.Moved, new DateOnly(2035, 1, 8), new DateOnly(2035, 1, 9), 2),
            (recalculated.Outcome, recalculated.PreviousDueOn, recalculated.DueOn, recalculated.CalendarVersion));
        var versions = (await _api.Ok(_api.Get(Admin, "/api/calendar/2035"))).GetProperty("versions");
        Assert.Equal(["", "漏列调休放假日"], versions.EnumerateArray().Select(v => v.GetProperty("reason").GetString() ?? ""));

        // Issued documents never change: a later extension leaves the notice and the order byte for byte as they were.
        var notice = await Document(recalculated.NoticeNumber!);
        var served = await Document(order.Str("documentNumber"));
        Assert.Contains("自2034年12月25日起 10 个工作日", notice);
        var version = (await _api.Ok(_api.Get("urumqi.inspector1", $"/api/rectifications/{id}"))).GetProperty("version").GetInt64();
        await _api.Ok(_api.Post("urumqi.leader", $"/api/rectifications/{id}/extensions", new { version, newDueOn = "2035-01-15", reason = "设备到货延迟" }));
        Assert.Equal(notice, await Document(recalculated.NoticeNumber!));
        Assert.Equal(served, await Document(order.Str("documentNumber")));
    }

    [Fact]
    public async Task When_make_up_working_days_would_make_a_served_deadline_earlier_it_is_kept_and_the_case_says_why()
    {
        app.ClockAt(new DateTimeOffset(2032, 12, 28, 10, 0, 0, Beijing), unpublishedYear: true); // Tuesday
        // Five working days on weekends only: 29–31 December, Monday 3 and Tuesday 4 January 2033.
        var (id, order) = await _given.Ordered(workingDays: 5);
        Assert.Equal(("2033-01-04", true), (order.Str("dueOn"), order.GetProperty("dueOnProvisional").GetBoolean()));

        // A test schedule with Saturday 1 January 2033 as a make-up working day would make it Monday 3 January.
        await Publish(2033, Schedule(["2033-10-03"], ["2033-01-01"]));
        var recalculated = Assert.Single((await Events(id)).OfType<RectificationDeadlineRecalculated>());
        Assert.Equal((RecalculationOutcome.Kept, new DateOnly(2033, 1, 3), new DateOnly(2033, 1, 4), null),
            (recalculated.Outcome, recalculated.ComputedDueOn, recalculated.DueOn, recalculated.NoticeNumber));
        var r = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/rectifications/{id}"));
        Assert.Equal(("2033-01-04", false), (r.Str("dueOn"), r.GetProperty("dueOnProvisional").GetBoolean()));
    }

    [Theory]
    [InlineData("""{"daysOff":["2031-01-01","2030-12-31"],"makeUpWorkingDays":[],"source":"x"}""", 400, "date_outside_year", "daysOff")]
    [InlineData("""{"daysOff":["2031-05-01"],"makeUpWorkingDays":["2031-05-05"],"source":"x"}""", 422, "make_up_day_not_weekend", "makeUpWorkingDays")]
    [InlineData("""{"daysOff":["2031-05-03"],"makeUpWorkingDays":["2031-05-03"],"source":"x"}""", 422, "day_off_and_working_day", "makeUpWorkingDays")]
    [InlineData("""{"daysOff":["2031-05-01"],"makeUpWorkingDays":[]}""", 400, "field_required", "source")]
    [InlineData("""{"makeUpWorkingDays":[],"source":"x"}""", 400, "field_required", "daysOff")]
    [InlineData("""{"daysOff":["2031-02-30"],"source":"x"}""", 400, null, null)]
    public async Task Bad_schedules_are_refused_naming_the_field_and_nothing_is_published(string body, int status, string? code, string? field)
    {
        app.ClockAt(new DateTimeOffset(2030, 11, 3, 10, 0, 0, Beijing), unpublishedYear: true);
        var before = (await _api.Ok(_api.Get(Admin, "/api/calendar"))).GetProperty("years").GetArrayLength();
        var (actual, problem) = await _api.Post(Admin, "/api/calendar/2031", body);
        Assert.Equal(status, actual);
        if (code is not null) Assert.Equal(code, problem.Str("code"));
        if (field is not null) Assert.Equal(field, problem.GetProperty("errors").EnumerateObject().Single().Name);
        Assert.Equal(before, (await _api.Ok(_api.Get(Admin, "/api/calendar"))).GetProperty("years").GetArrayLength());
    }

    [Fact]
    public async Task Only_an_administrator_publishes_and_only_up_to_next_year()
    {
        app.ClockAt(new DateTimeOffset(2030, 11, 3, 10, 0, 0, Beijing), unpublishedYear: true);
        var (leader, _) = await _api.Post("region.leader", "/api/calendar/2031", Schedule(["2031-01-01"], []));
        Assert.Equal(403, leader);
        var (tooFar, problem) = await _api.Post(Admin, "/api/calendar/2032", Schedule(["2032-01-01"], []));
        Assert.Equal((400, "invalid_year"), (tooFar, problem.Str("code")));
        // From 1 November the next year's notice is due: the list says so while it is not published.
        var list = await _api.Ok(_api.Get("region.leader", "/api/calendar"));
        Assert.Equal(2031, list.GetProperty("nextYear").GetInt32());
        Assert.Equal(!list.GetProperty("nextYearPublished").GetBoolean(), list.GetProperty("nextYearNoticeDue").GetBoolean());
    }
}

/// <summary>The 节假日安排 page (a Razor component) and the workbench notice from 1 November.</summary>
[Collection(AppCollection.Name)]
public sealed class HolidayCalendarPageTests(AppFixture app)
{
    [Fact]
    public async Task Administrators_see_every_year_and_the_forms_leaders_see_the_years_only()
    {
        using var admin = await Ui.UiBrowser.LoggedIn(app, "region.admin");
        var page = await admin.GetStringAsync("/admin/calendar");
        Assert.Contains("<title>法定节假日安排 · 档案监督执法案件系统</title>", page);
        Assert.Contains("<tr data-year=\"2025\">", page);
        Assert.Contains("国办发明电〔2024〕12号", page); // Chinese as text, not as entities
        Assert.Contains("id=\"correct-2026\"", page);
        Assert.Contains("data-api=\"/api/calendar/2026/corrections\"", page);
        Assert.Contains("2026-02-14", page); // the 2026 make-up working days prefilled in the correction form

        using var leader = await Ui.UiBrowser.LoggedIn(app, "urumqi.leader");
        var readOnly = await leader.GetStringAsync("/admin/calendar");
        Assert.Contains("<tr data-year=\"2026\">", readOnly);
        Assert.DoesNotContain("<form class=\"api\"", readOnly);
    }

    [Fact]
    public async Task From_1_November_leaders_and_administrators_are_told_next_year_is_not_published()
    {
        using var leader = await Ui.UiBrowser.LoggedIn(app, "urumqi.leader");
        Assert.DoesNotContain("id=\"calendar-notice\"", await leader.GetStringAsync("/")); // 5 February: nothing due
        app.ClockAt(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8)));
        var workbench = await leader.GetStringAsync("/");
        Assert.Contains("id=\"calendar-notice\"", workbench);
        Assert.Contains("2027 年法定节假日安排尚未公布", workbench);
        Assert.Contains("id=\"next-year-notice\"", await leader.GetStringAsync("/admin/calendar"));
        using var inspector = await Ui.UiBrowser.LoggedIn(app, "urumqi.inspector1");
        Assert.DoesNotContain("id=\"calendar-notice\"", await inspector.GetStringAsync("/"));
    }
}
