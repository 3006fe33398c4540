using Supervision.Complaints;
using Supervision.Rectifications;
using Supervision.Shared;
using Wolverine;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.CaseRecords;

/// <summary>
/// A clock that fires is the system's act (R24, DESIGN "Acts name their actors"): its events are recorded as `system`,
/// although the scheduled message was stored by a user's command and Wolverine relays that user's name on it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SystemActorTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Handler = "urumqi.handler";

    /// <summary>Delivers a clock message the way the scheduler does: on an envelope that carries the user who scheduled it.</summary>
    private Task Fire(object clockMessage, string scheduledBy) =>
        app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async ctx =>
            {
                ctx.UserName = scheduledBy;
                await ctx.SendAsync(clockMessage);
            }));

    private async Task<System.Text.Json.JsonElement> HistoryEntry(Guid id, string eventType)
    {
        var history = await _api.Ok(_api.Get("urumqi.leader", $"/api/cases/{id}/history"));
        return Assert.Single(history.EnumerateArray(), e => e.Str("event") == eventType);
    }

    [Fact]
    public async Task A_complaint_handling_overdue_fired_by_its_clock_is_recorded_as_system()
    {
        var unit = await app.UnitIn("650100");
        var id = (await _api.Ok(_api.Post(Handler, "/api/complaints", new
        {
            channel = "letter", receivedAt = app.Clock.GetUtcNow().AddHours(-2), anonymous = true,
            unitId = unit.Id, allegation = "该单位将永久保存的档案堆放在地下室，已有霉变",
        }), 201)).Id();
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        var handlingDue = DateOnly.Parse(view.Str("handlingDueOn"));

        app.AdvanceClockTo(WorkingDayCalendar.EndOfDayBeijing(handlingDue).AddMinutes(1));
        await Fire(new ComplaintClockCheck(id, ComplaintClock.Handling, handlingDue), scheduledBy: Handler);

        Assert.Equal("system", (await HistoryEntry(id, "handling_overdue")).Str("userName"));
        Assert.Equal(Handler, (await HistoryEntry(id, "complaint_received")).Str("userName"));
    }

    [Fact]
    public async Task A_rectification_reminder_and_overdue_fired_by_their_clocks_are_recorded_as_system()
    {
        var (id, order) = await _given.Ordered(workingDays: 10);
        var due = DateOnly.Parse(order.Str("dueOn"));

        app.AdvanceClockTo(RectificationDeadlines.ReminderAt(due, app.Calendar, app.Clock.GetUtcNow())!.Value.AddMinutes(1));
        await Fire(new RectificationReminderCheck(id, due), scheduledBy: "urumqi.inspector1");
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(due).AddMinutes(1));
        await Fire(new RectificationDeadlineCheck(id, due), scheduledBy: "urumqi.inspector1");

        Assert.Equal("system", (await HistoryEntry(id, "rectification_deadline_approaching")).Str("userName"));
        Assert.Equal("system", (await HistoryEntry(id, "rectification_overdue")).Str("userName"));
        Assert.Equal("urumqi.inspector1", (await HistoryEntry(id, "rectification_ordered")).Str("userName"));
    }
}
