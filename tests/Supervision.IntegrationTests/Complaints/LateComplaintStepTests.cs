using System.Text.Json;
using Marten;
using Marten.Events;
using Supervision.Complaints;

namespace Supervision.IntegrationTests.Complaints;

/// <summary>
/// Issue 12 item 14: a step taken after its period ran out records that it was late even when it gets there before the
/// background clock — the overdue event first, in the same transaction — the statistics count it, and the notice to the
/// complainant states the real period instead of promising one that is already over (R10, R11).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LateComplaintStepTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Handler = "urumqi.handler";
    private static readonly DateTimeOffset ReceivedAt = new(2026, 9, 20, 10, 0, 0, TimeSpan.FromHours(8));

    private async Task<int> AcceptanceOverdueCount()
    {
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var totals = (await _api.Ok(_api.Get("urumqi.leader", "/api/dashboard?jurisdiction=650100&from=2025-01&to=2027-12"))).GetProperty("totals");
        return totals.GetProperty("complaintAcceptanceOverdue").GetInt32();
    }

    private async Task<string> Html(string url)
    {
        var (status, body) = await _api.Get(Handler, url);
        Assert.Equal(200, status);
        return body.GetString()!;
    }

    /// <summary>
    /// Accepts with the version just read. The background clock may append its overdue events in between (its timer is
    /// due in the past on this machine): then the handler, like a user, reads the case again.
    /// </summary>
    private async Task<JsonElement> Accept(Guid id)
    {
        for (var attempt = 0; ; attempt++)
        {
            var version = (await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"))).GetProperty("version").GetInt32();
            var (status, body) = await _api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version, decision = "accepted", reason = "属于本部门职责" });
            if (status == 409 && attempt < 5) continue;
            Assert.True(status == 200, body.ToString());
            return body;
        }
    }

    private async Task<Guid> Received()
    {
        var unit = await app.UnitIn("650100");
        return (await _api.Ok(_api.Post(Handler, "/api/complaints", new
        {
            channel = "letter", receivedAt = ReceivedAt, anonymous = false,
            complainant = new { name = "迟受理测试人", phone = "13899900001", address = "乌鲁木齐市测试路 2 号" },
            unitId = unit.Id, allegation = "该单位档案库房漏雨", requestedOutcome = "责令整改",
        }), 201)).Id();
    }

    [Fact]
    public async Task A_complaint_accepted_after_its_acceptance_period_records_the_lapse_first_and_the_notice_states_the_real_period()
    {
        app.ClockAt(ReceivedAt.AddDays(1));
        var id = await Received();
        var before = await AcceptanceOverdueCount();

        app.ClockAt(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(8)));
        var accepted = await Accept(id);

        await using (var session = app.Store.QuerySession())
        {
            var events = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
            var lapse = Assert.Single(events.OfType<AcceptanceOverdue>());
            Assert.True(events.IndexOf(lapse) < events.FindIndex(e => e is AcceptanceDecided), string.Join(", ", events.Select(e => e.GetType().Name)));
            // The 60 days ran out on 19 November as well.
            Assert.True(events.FindIndex(e => e is HandlingOverdue) is var h and >= 0 && h < events.FindIndex(e => e is AcceptanceDecided));
            Assert.Equal(events.Count, accepted.GetProperty("version").GetInt32());
        }
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.True(view.GetProperty("acceptanceOverdue").GetBoolean());
        Assert.Equal(before + 1, await AcceptanceOverdueCount());

        var notice = await Html("/api/documents/" + Uri.EscapeDataString(accepted.Str("noticeNumber")));
        Assert.DoesNotContain("六十日内办结", notice);
        Assert.Contains("办理期限已于2026年11月19日届满", notice);
        Assert.Contains("未能在收到之日起十五日内", notice);
    }

    [Fact]
    public async Task Accepted_late_but_within_the_sixty_days_the_notice_gives_the_day_it_will_be_handled_by()
    {
        app.ClockAt(ReceivedAt.AddDays(1));
        var id = await Received();
        app.ClockAt(new DateTimeOffset(2026, 10, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var accepted = await Accept(id);
        await using (var session = app.Store.QuerySession())
        {
            var events = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
            Assert.Single(events.OfType<AcceptanceOverdue>());
            Assert.DoesNotContain(events, e => e is HandlingOverdue);
        }
        var notice = await Html("/api/documents/" + Uri.EscapeDataString(accepted.Str("noticeNumber")));
        Assert.DoesNotContain("自收到之日起六十日内办结", notice);
        Assert.Contains("2026年11月19日前办结", notice);
    }
}
