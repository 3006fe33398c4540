using Marten;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Complaints;
using Supervision.Rectifications;
using Wolverine;

namespace Supervision.IntegrationTests.Shared;

/// <summary>
/// Scheduled checks of one case that are due at the same moment run in parallel and race on the stream version
/// (a complaint registered late has both clocks due at once; a backlog after an outage delivers them together).
/// The loser is not a failure: the retry policy (Supervision.Web/FaultPolicies.cs) reloads the case and lets the
/// state decide again. Without it the loser throws EventStreamUnexpectedMaxEventIdException and its event is lost.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConcurrentClockCheckTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    [Fact]
    public async Task Both_clocks_of_a_complaint_registered_late_fire_together_and_both_overdue_events_are_appended()
    {
        // Received 75 days ago (a letter found late): the 15-day and the 60-day period have both ended.
        var unit = await app.UnitIn("650100");
        var body = await _api.Ok(_api.Post("urumqi.handler", "/api/complaints", new
        {
            channel = "letter", receivedAt = app.Clock.GetUtcNow().AddDays(-75), anonymous = true,
            unitId = unit.Id, allegation = "该单位档案库房长期漏雨，档案受潮", requestedOutcome = "责令整改",
        }), 201);
        var id = body.Id();
        var view = await _api.Ok(_api.Get("urumqi.handler", $"/api/complaints/{id}"));
        var acceptance = DateOnly.Parse(view.Str("acceptanceDueOn"));
        var handling = DateOnly.Parse(view.Str("handlingDueOn"));
        Assert.True(handling < app.Today, $"handling due {handling}, today {app.Today}");

        // Both delivered at once, twice over: no delivery may fail, and each clock appends its event once.
        await Task.WhenAll(
            Invoke(new ComplaintClockCheck(id, ComplaintClock.Acceptance, acceptance)),
            Invoke(new ComplaintClockCheck(id, ComplaintClock.Handling, handling)),
            Invoke(new ComplaintClockCheck(id, ComplaintClock.Acceptance, acceptance)),
            Invoke(new ComplaintClockCheck(id, ComplaintClock.Handling, handling)));

        var events = await Events(id);
        Assert.Equal(acceptance, Assert.Single(events.OfType<AcceptanceOverdue>()).DueOn);
        Assert.Equal(handling, Assert.Single(events.OfType<HandlingOverdue>()).DueOn);
    }

    [Fact]
    public async Task A_deadline_check_delivered_twice_at_once_succeeds_both_times_and_appends_one_overdue()
    {
        var (id, order) = await _given.Ordered(workingDays: 3);
        var due = DateOnly.Parse(order.Str("dueOn"));
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(due).AddMinutes(1));

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Invoke(new RectificationDeadlineCheck(id, due))));

        Assert.Single((await Events(id)).OfType<RectificationOverdue>());
    }

    private async Task Invoke(object message)
    {
        using var scope = app.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message);
    }

    private async Task<List<object>> Events(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }
}
