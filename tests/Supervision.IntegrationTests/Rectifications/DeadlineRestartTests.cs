using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Supervision.Rectifications;
using Supervision.Shared;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Rectifications;

/// <summary>
/// A deadline scheduled by one process fires in the next one: the check is stored in PostgreSQL,
/// not in memory. Own schema and two app starts, so it is not part of the shared collection.
/// </summary>
public sealed class DeadlineRestartTests : IAsyncLifetime
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..12];
    private readonly BusinessClock _clock = TestClock.Create();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => AppFixture.DropSchema(_schema);

    [Fact]
    public async Task Overdue_check_scheduled_before_a_restart_fires_after_it_exactly_once()
    {
        Guid id;
        DateOnly due;
        await using (var first = await AppFixture.StartHost(_schema, _clock))
        {
            var app = new HostApi(first);
            var unit = await app.FirstUnitIn("650100");
            var inspection = (await app.Post("urumqi.inspector1", "/api/inspections", new { unitId = unit, focusItems = new[] { "Art37.2" }, plannedOn = WorkingDayCalendar.BeijingToday(_clock.GetUtcNow()).ToString("yyyy-MM-dd"), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }, 201)).Id();
            await app.Post("urumqi.inspector1", $"/api/inspections/{inspection}/start", new { version = 1 });
            id = (await app.Post("urumqi.inspector1", $"/api/inspections/{inspection}/hazards", new { version = 2, item = "Art38.4", description = "档案分散保管", evidence = new[] { "照片" } }, 201)).Id("rectificationId");
            var order = await app.Post("urumqi.inspector1", $"/api/rectifications/{id}/order", new { version = 1, workingDays = 2, requirements = "集中统一管理", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } });
            due = DateOnly.Parse(order.Str("dueOn"));
        } // the first process is gone

        Assert.Equal(new DateOnly(2026, 2, 9), due); // Friday 6 and Monday 9 February from Thursday 5 February
        // The stored timer must not fire while the next process starts (the wall clock may be past 9 February):
        // park it far ahead, start the process, then make it due while the test watches.
        Assert.Equal(1, await SetExecutionTime(id, "now() + interval '10 years'"));
        // Due "a day ago" by the database's clock: under faketime each process's clock starts when it starts, so the
        // database may run minutes ahead of the test host; a plain now() could still lie in the host's future.
        _clock.SetUtcNow(RectificationDeadlines.OverdueAt(due).AddMinutes(5));
        await using var second = await AppFixture.StartHost(_schema, _clock, runScheduledChecks: true);
        await second.TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .WaitForMessageToBeReceivedAt<RectificationDeadlineCheck>(second)
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => Assert.Equal(1, await SetExecutionTime(id, "now() - interval '1 day'"))));

        await using var session = second.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var overdue = Assert.Single((await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<RectificationOverdue>());
        Assert.Equal(due, overdue.DueOn);

        // The envelope was stored by urumqi.inspector1's order, but the clock firing is the system's act (R24): the
        // case history says `system`, not the user of the command that scheduled it.
        var history = await new HostApi(second).Get("urumqi.inspector1", $"/api/cases/{id}/history");
        var entry = Assert.Single(history.EnumerateArray(), e => e.Str("event") == "rectification_overdue");
        Assert.Equal("system", entry.Str("userName"));
        Assert.Equal("urumqi.inspector1", history.EnumerateArray().Single(e => e.Str("event") == "rectification_ordered").Str("userName"));
    }

    private async Task<int> SetExecutionTime(Guid rectificationId, string sqlTime)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"update {_schema}.wolverine_incoming_envelopes set execution_time = {sqlTime} where status = 'Scheduled' and message_type like '%RectificationDeadlineCheck' and position(convert_to(@id, 'UTF8') in body) > 0", conn);
        cmd.Parameters.AddWithValue("id", rectificationId.ToString());
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Minimal HTTP helper over a host that is not the shared fixture.</summary>
    private sealed class HostApi(IAlbaHost host)
    {
        private readonly Dictionary<string, string> _tokens = new();

        private async Task<string> Token(string user)
        {
            if (!_tokens.TryGetValue(user, out var token))
            {
                var login = await host.Scenario(s => s.Post.Json(new { username = user, password = "Demo!2026" }).ToUrl("/api/auth/token"));
                _tokens[user] = token = (await login.ReadAsJsonAsync<System.Text.Json.JsonElement>()).Str("access_token");
            }
            return token;
        }

        public async Task<System.Text.Json.JsonElement> Get(string user, string url)
        {
            var token = await Token(user);
            var result = await host.Scenario(s =>
            {
                s.Get.Url(url);
                s.WithRequestHeader("Authorization", "Bearer " + token);
            });
            return await result.ReadAsJsonAsync<System.Text.Json.JsonElement>();
        }

        public async Task<System.Text.Json.JsonElement> Post(string user, string url, object body, int status = 200)
        {
            var token = await Token(user);
            var result = await host.Scenario(s =>
            {
                s.Post.Json(body).ToUrl(url);
                s.WithRequestHeader("Authorization", "Bearer " + token);
                s.StatusCodeShouldBe(status);
            });
            return await result.ReadAsJsonAsync<System.Text.Json.JsonElement>();
        }

        public async Task<Guid> FirstUnitIn(string jurisdiction)
        {
            await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return (await session.Query<Supervision.Units.SupervisedUnit>().Where(u => u.JurisdictionId == jurisdiction).FirstAsync()).Id;
        }
    }
}
