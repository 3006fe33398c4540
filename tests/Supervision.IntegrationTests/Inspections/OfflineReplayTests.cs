using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Supervision.IntegrationTests.Ui;

namespace Supervision.IntegrationTests.Inspections;

/// <summary>
/// Issue 16 §2, the server's side of the offline queue: a replayed step passes the same guards as online (a stale version is
/// 409), and its events record the device's time (X-Device-Time, an event header covered by the hash chain) beside the
/// server's time of receipt; a device clock more than 24 hours off is accepted and flagged on the case; a malformed one is 400.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OfflineReplayTests(AppFixture app)
{
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    private async Task<(int Status, JsonElement Body)> Replay(Guid inspection, long version, string deviceTime, string description)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(Inspector));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/inspections/{inspection}/hazards")
        {
            Content = JsonContent.Create(new { version, item = "Art38.5", description, evidence = new[] { "现场照片" } }),
        };
        request.Headers.Add("X-Device-Time", deviceTime);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Fact]
    public async Task A_step_sent_later_records_the_device_time_beside_the_servers_and_a_clock_a_day_off_is_flagged()
    {
        var inspection = await _given.StartedInspection();
        var recordedOnSite = app.Clock.GetUtcNow().AddHours(-2);
        var (status, first) = await Replay(inspection, 2, recordedOnSite.ToString("O"), "灭火器过期");
        Assert.Equal(201, status);

        await using (var session = app.Store.QuerySession())
        {
            var e = (await session.Events.FetchStreamAsync(inspection)).Single(x => x.Data is Supervision.Inspections.HazardRecorded);
            Assert.Equal(recordedOnSite, Supervision.Shared.DeviceTime.Of(e.Headers));
            Assert.Equal(app.Clock.GetUtcNow(), e.Timestamp); // the event's own time is the server's receipt
        }
        var history = await new Api(app).Ok(new Api(app).Get(Inspector, $"/api/cases/{inspection}/history"));
        Assert.Contains(history.EnumerateArray(), h => h.TryGetProperty("deviceTime", out var d) && d.ValueKind == JsonValueKind.String
            && d.GetDateTimeOffset() == recordedOnSite);

        // A device clock three days behind: accepted (the guards decide, not the clock) and flagged on the case's record.
        var (late, _) = await Replay(inspection, first.GetProperty("version").GetInt64(), app.Clock.GetUtcNow().AddDays(-3).ToString("O"), "消防通道堵塞");
        Assert.Equal(201, late);
        using var browser = await UiBrowser.LoggedIn(app, Inspector);
        var page = await browser.GetStringAsync($"/inspections/{inspection}");
        Assert.Contains("离线记录，设备时间", page);
        Assert.Contains("设备时间与服务器收到时间相差超过24小时", page);

        // The same guards as online: a replay based on a version the case has moved past is a conflict, and nothing is added.
        var (stale, problem) = await Replay(inspection, 2, recordedOnSite.ToString("O"), "重复提交");
        Assert.Equal((409, "stale_version"), (stale, problem.Str("code")));
        // A device time that is not a time: 400, nothing recorded.
        var (bad, badProblem) = await Replay(inspection, 4, "昨天下午", "x");
        Assert.Equal((400, "invalid_device_time"), (bad, badProblem.Str("code")));
        await using var check = app.Store.QuerySession();
        Assert.Equal(2, (await check.Events.FetchStreamAsync(inspection)).Count(x => x.Data is Supervision.Inspections.HazardRecorded));
    }
}
