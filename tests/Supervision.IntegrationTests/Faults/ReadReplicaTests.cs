using System.Text.Json;
using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Supervision.Shared;
using Supervision.Units;
using Wolverine;

namespace Supervision.IntegrationTests.Faults;

/// <summary>
/// Issue 18 §4, reads beyond one server: with <c>ConnectionStrings:MartenReads</c> lists, boards and public pages read the
/// replica while it is within <c>Reads:MaxLagSeconds</c>; case pages, writes and auth stay on the primary; a replica that
/// lags, is gone or is not a standby sends reads to the primary, and /health/ready says so. Here the "replica" is a second
/// database whose content differs from the primary's (the same schema, one unit only it has), and its lag comes from a
/// scripted probe; ops/faults/read-replica.sh runs a real streaming replica.
/// </summary>
public sealed class ReadReplicaTests(ReadReplicaTests.Fixture f) : IClassFixture<ReadReplicaTests.Fixture>
{
    public const string ReplicaOnlyUnit = "只在只读副本中的单位";

    [Fact]
    public async Task Lists_boards_and_public_pages_read_the_replica_while_it_is_within_the_bound()
    {
        await f.Probe.CaughtUp(f.Reads);
        var token = await f.Token("urumqi.leader");

        // The unit register (API and page) and the map show what only the replica has.
        var units = await f.Json(token, "/api/units?q=" + Uri.EscapeDataString(ReplicaOnlyUnit));
        Assert.Equal(1, units.GetProperty("total").GetInt32());
        var browser = await f.Browser("urumqi.leader");
        Assert.Contains(ReplicaOnlyUnit, await browser.GetStringAsync("/units?q=" + Uri.EscapeDataString(ReplicaOnlyUnit)));
        Assert.Contains(ReplicaOnlyUnit, Fixture.Text(await f.Json(token, "/api/units/map")));
        // ...and not the primary's seeded units, which the replica does not have.
        var seeded = await f.PrimaryUnit("650102");
        Assert.Equal(0, (await f.Json(token, "/api/units?q=" + Uri.EscapeDataString(seeded.Name))).GetProperty("total").GetInt32());
        // Boards, statistics and public pages answer from it (its read models are empty).
        foreach (var url in new[] { "/api/dashboard", "/api/deadlines", "/api/statistics/2025", "/api/inspections", "/api/complaints", "/api/public/statistics" })
            await f.Json(token, url);
        Assert.Equal("[]", (await f.Json(null, "/api/public/inspection-draws")).ToString());

        // Case pages, auth and the unit's own record stay on the primary: the seeded unit is there.
        Assert.Equal(seeded.Name, (await f.Json(token, $"/api/units/{seeded.Id}")).GetProperty("name").GetString());
        Assert.Equal(404, await f.Status(token, $"/api/units/{f.ReplicaUnitId}"));

        var reads = (await f.Json(null, "/health/ready")).GetProperty("reads");
        Assert.Equal("replica", reads.GetProperty("side").GetString());
        Assert.True(reads.GetProperty("replicaReads").GetInt64() > 0);
    }

    [Fact]
    public async Task A_replica_behind_the_bound_sends_reads_to_the_primary_logged_once_and_shown_on_health_ready()
    {
        await f.Probe.CaughtUp(f.Reads);
        int Fallbacks() => f.Logs.Lines.Count(l => l.StartsWith("Reads fall back to the primary: lagging", StringComparison.Ordinal));
        var fallbacksBefore = Fallbacks();
        f.Probe.Behind(lagSeconds: 30);
        await f.Reads.ProbeAsync(default);
        Assert.Equal(new ReadDecision(ReadSide.Primary, ReadRouting.Lagging), f.Reads.Decide());
        var fallbacks = Fallbacks();
        Assert.True(fallbacks > fallbacksBefore);
        for (var i = 0; i < 3; i++) await f.Reads.ProbeAsync(default);

        var token = await f.Token("urumqi.leader");
        var seeded = await f.PrimaryUnit("650102");
        // The primary's register: its seeded unit is there, the replica's own unit is not.
        Assert.Equal(1, (await f.Json(token, "/api/units?q=" + Uri.EscapeDataString(seeded.Name))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await f.Json(token, "/api/units?q=" + Uri.EscapeDataString(ReplicaOnlyUnit))).GetProperty("total").GetInt32());
        var browser = await f.Browser("urumqi.leader");
        Assert.DoesNotContain(ReplicaOnlyUnit, await browser.GetStringAsync("/units"));

        // Still ready (200): the app serves everything, only without the replica. Degraded says why.
        var (status, health) = await f.Get(null, "/health/ready");
        Assert.Equal(200, status);
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal("lagging", health.GetProperty("reads").GetProperty("state").GetString());
        Assert.Equal(30, health.GetProperty("reads").GetProperty("lagSeconds").GetDouble());
        // One log line for the change of state, not one per probe (the background loop probes every 100 ms as well).
        Assert.Equal(fallbacks, Fallbacks());

        await f.Probe.CaughtUp(f.Reads);
        Assert.Equal(1, (await f.Json(token, "/api/units?q=" + Uri.EscapeDataString(ReplicaOnlyUnit))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_probe_measures_a_real_server_and_finds_a_missing_one_unreachable()
    {
        var options = new ReadOptions(AppFixture.ConnectionString, f.ReplicaConnectionString, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 1);
        await using var probe = new PostgresReplicaLagProbe(options);
        Assert.True(await probe.PrimaryLsnAsync(default) > 0);
        // The stand-in is a primary, not a standby: its staleness cannot be bounded, so it never serves reads.
        // (Its pg_last_wal_replay_lsn() is not asserted: a primary that went through crash recovery once keeps that recovery's last LSN.)
        var (inRecovery, _, _) = await probe.ReplicaAsync(default);
        Assert.False(inRecovery);

        var gone = new NpgsqlConnectionStringBuilder(f.ReplicaConnectionString) { Port = Fixture.ClosedPort }.ConnectionString;
        await using var missing = new PostgresReplicaLagProbe(options with { ReplicaConnectionString = gone });
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => missing.ReplicaAsync(default));
    }

    [Fact]
    public async Task A_replica_gone_since_the_last_probe_fails_over_within_the_request()
    {
        // The scripted probe says all is well, but the replica's port no longer answers: the read opens on the primary.
        await using var host = await Fixture.StartHost(f.Schema + "_gone", new NpgsqlConnectionStringBuilder(f.ReplicaConnectionString) { Port = Fixture.ClosedPort }.ConnectionString,
            new ScriptedLagProbe(), seed: false, probeIntervalMs: 60_000); // only the probe at start: the request finds it gone
        var reads = host.Services.GetRequiredService<ReadSessions>();
        await ((ScriptedLagProbe)host.Services.GetRequiredService<IReplicaLagProbe>()).CaughtUp(reads);
        var result = await host.Scenario(s => { s.Get.Url("/api/public/statistics"); s.StatusCodeShouldBeOk(); });
        Assert.Equal("[]", (await result.ReadAsTextAsync()).Trim());
        Assert.Equal(ReadRouting.Unreachable, reads.Decide().State);
        Assert.Equal(1, reads.Status().PrimaryReads);
        await AppFixture.DropSchema(f.Schema + "_gone");
    }

    /// <summary>The WAL positions the app's probe reads, as a test says.</summary>
    public sealed class ScriptedLagProbe : IReplicaLagProbe
    {
        private sealed record Positions(long Primary, long Replay, double? ReplayAge);
        // Swapped whole: a probe of the app's background loop reads one state or the next, never half of each.
        private volatile Positions _now = new(1_000_000, 1_000_000, 0.1);

        /// <summary>Replayed everything the primary wrote; then probes once.</summary>
        public async Task CaughtUp(ReadSessions reads)
        {
            var primary = _now.Primary + 1000;
            _now = new(primary, primary, 0.1);
            await reads.ProbeAsync(default);
        }

        /// <summary>
        /// Stopped replaying before anything this app has seen (no earlier probe covers its position), its last replayed
        /// transaction <paramref name="lagSeconds"/> old.
        /// </summary>
        public void Behind(double lagSeconds) => _now = new(_now.Primary + 1000, 1, lagSeconds);

        public Task<long> PrimaryLsnAsync(CancellationToken ct) => Task.FromResult(_now.Primary);
        public Task<(bool InRecovery, long? ReplayLsn, double? ReplayAgeSeconds)> ReplicaAsync(CancellationToken ct)
        {
            var now = _now;
            return Task.FromResult<(bool, long?, double?)>((true, now.Replay, now.ReplayAge));
        }
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public const int ClosedPort = 1; // nothing listens there: connection refused at once
        public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..12];
        public string ReplicaConnectionString { get; } = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString) { Database = "supervision_test_reads" }.ConnectionString;
        public IAlbaHost Host { get; private set; } = null!;
        public ScriptedLagProbe Probe { get; } = new();
        public LogCapture Logs { get; } = new();
        public ReadSessions Reads => Host.Services.GetRequiredService<ReadSessions>();
        public Guid ReplicaUnitId { get; } = Guid.NewGuid();
        private readonly Dictionary<string, string> _tokens = [];

        public async Task InitializeAsync()
        {
            // The stand-in replica: another database with the same schema, and a unit only it has.
            await using (var admin = new NpgsqlConnection(AppFixture.ConnectionString))
            {
                await admin.OpenAsync();
                await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = 'supervision_test_reads'", admin);
                if (await exists.ExecuteScalarAsync() is null)
                    await new NpgsqlCommand("create database supervision_test_reads", admin).ExecuteNonQueryAsync();
            }
            await using (var replica = DocumentStore.For(o => o.ConfigureSupervisionStore(ReplicaConnectionString, Schema)))
            {
                await replica.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                await using var session = replica.LightweightSession();
                var j = JurisdictionCatalogue.Find("650102")!;
                session.Store(new SupervisedUnit { Id = ReplicaUnitId, Name = ReplicaOnlyUnit, JurisdictionId = j.Id, JurisdictionPath = j.Path, CreditCode = "91650102MA00000001", Latitude = 43.8, Longitude = 87.6 });
                await session.SaveChangesAsync();
            }
            Host = await StartHost(Schema, ReplicaConnectionString, Probe, logs: Logs);
        }

        public static Task<IAlbaHost> StartHost(string schema, string replicaConnectionString, IReplicaLagProbe probe, LogCapture? logs = null, bool seed = true,
            int probeIntervalMs = 100)
        {
            JasperFxEnvironment.AutoStartHost = true;
            return AlbaHost.For<Program>(web =>
            {
                web.UseSetting("ConnectionStrings:Marten", AppFixture.ConnectionString);
                web.UseSetting("ConnectionStrings:MartenReads", replicaConnectionString);
                web.UseSetting("Reads:MaxLagSeconds", "5");
                // The tests probe when they change the scripted positions; the loop keeps the reading fresh meanwhile.
                web.UseSetting("Reads:ProbeIntervalMs", probeIntervalMs.ToString());
                web.UseSetting("Supervision:Schema", schema);
                web.UseSetting("Supervision:SeedDemoData", seed ? "true" : "false");
                web.UseSetting("Jwt:SigningKey", "integration-test-signing-key-0123456789abcdef");
                web.UseSetting("Serilog:MinimumLevel:Default", "Information");
                web.UseSetting("Supervision:ConsoleLogLevel", "Warning");
                web.UseSetting("Supervision:KeyDirectory", AppFixture.KeyDirectory(schema));
                web.ConfigureTestServices(services =>
                {
                    services.RemoveAll<IReplicaLagProbe>();
                    services.AddSingleton(probe);
                    if (logs is not null) services.AddSingleton<Serilog.Core.ILogEventSink>(logs);
                    services.RunWolverineInSoloMode();
                    services.DisableAllExternalWolverineTransports();
                });
            });
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await AppFixture.DropSchema(Schema);
            await using var conn = new NpgsqlConnection(ReplicaConnectionString);
            await conn.OpenAsync();
            await new NpgsqlCommand($"drop schema if exists {Schema} cascade", conn).ExecuteNonQueryAsync();
        }

        public async Task<SupervisedUnit> PrimaryUnit(string jurisdictionId)
        {
            await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await session.Query<SupervisedUnit>().Where(u => u.JurisdictionId == jurisdictionId).OrderBy(u => u.Name).FirstAsync();
        }

        public async Task<string> Token(string user)
        {
            if (_tokens.TryGetValue(user, out var t)) return t;
            var (_, body) = await Send(null, HttpMethod.Post, "/api/auth/token", new { username = user, password = "Demo!2026" });
            return _tokens[user] = body.GetProperty("access_token").GetString()!;
        }

        public async Task<HttpClient> Browser(string user)
        {
            var browser = new HttpClient(new CookieContainerHandler { InnerHandler = Host.Server.CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
            await Ui.UiBrowser.LogIn(browser, user);
            return browser;
        }

        /// <summary>JSON as text without escapes, to search for Chinese names.</summary>
        public static string Text(JsonElement e) =>
            JsonSerializer.Serialize(e, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        public Task<(int Status, JsonElement Body)> Get(string? token, string url) => Send(token, HttpMethod.Get, url);

        public async Task<int> Status(string? token, string url) => (await Get(token, url)).Status;

        public async Task<JsonElement> Json(string? token, string url)
        {
            var (status, body) = await Get(token, url);
            Assert.True(status == 200, $"{url}: {status} {body}");
            return body;
        }

        private async Task<(int, JsonElement)> Send(string? token, HttpMethod method, string url, object? body = null)
        {
            using var client = Host.Server.CreateClient();
            using var request = new HttpRequestMessage(method, url);
            if (token is not null) request.Headers.Authorization = new("Bearer", token);
            if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default);
        }
    }
}
