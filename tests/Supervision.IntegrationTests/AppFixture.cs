using System.Net.Http.Json;
using Alba;
using Marten;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Supervision.Shared;
using Supervision.Units;
using Wolverine;
using JasperFx.CommandLine;

namespace Supervision.IntegrationTests;

/// <summary>
/// One app per test run, through the real HTTP pipeline against the real PostgreSQL started by
/// ops/test.sh. Each run gets its own schema (t_…), dropped at the end, so demo data is never touched.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SUPERVISION_TEST_CONNECTION")
        ?? "Host=127.0.0.1;Port=54329;Database=supervision_test;Username=supervision;Password=supervision_dev;Maximum Pool Size=100";

    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..12];
    /// <summary>The business clock: at <see cref="TestClock.Default"/> when each test starts (TestClock.cs).</summary>
    public BusinessClock Clock { get; } = TestClock.CreateShared();
    public IAlbaHost Host { get; private set; } = null!;
    /// <summary>Every log event the app writes (at Information and above), to prove what is never logged.</summary>
    public LogCapture Logs { get; } = new();
    /// <summary>An SMTP server in the test process that receives the complainants' emails.</summary>
    public netDumbster.smtp.SimpleSmtpServer Smtp { get; private set; } = null!;
    public int SmtpPort { get; private set; }

    public void RestartSmtp()
    {
        Smtp.Dispose();
        Smtp = netDumbster.smtp.Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithPort(SmtpPort).Build();
    }
    private readonly Dictionary<string, string> _tokens = new();

    public async Task InitializeAsync()
    {
        Smtp = netDumbster.smtp.Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();
        SmtpPort = Smtp.Configuration.Port;
        // As deployed (issue 15): the owner applies the schema and grants, the app runs under its append-only role.
        await (await StartHost(Schema, Clock, smtpPort: SmtpPort)).DisposeAsync();
        await Grant(Schema);
        Host = await StartHost(Schema, Clock, Logs, SmtpPort, connectionString: AppRoleConnectionString);
    }

    /// <summary>The app's role (ops/pg-up.sh creates it): SELECT and INSERT only on the event and hash tables.</summary>
    public static string AppRoleConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        Username = Supervision.IntegrationTests.Integrity.DatabaseRoleTests.Role,
        Password = Environment.GetEnvironmentVariable("SUPERVISION_PG_APP_ROLE_PASSWORD") ?? "supervision_app_dev",
    }.ConnectionString;

    /// <summary>Grants the app's role its rights on a schema the owner applied (what <c>db-grant</c> does).</summary>
    public static async Task Grant(string schema)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(Supervision.Integrity.DatabaseRoles.GrantSql(schema, Supervision.IntegrationTests.Integrity.DatabaseRoleTests.Role), conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Starts the real app on a schema; tests that restart the app call it twice.</summary>
    /// <param name="connectionString">another database (e.g. a restored backup); default the test database</param>
    /// <param name="keyDirectory">data-protection keys; default one directory per schema</param>
    /// <param name="runScheduledChecks">
    /// false (default): stored deadline checks never fire by themselves, whatever the machine's date; tests run
    /// them with InvokeMessageAndWaitAsync after setting the business clock. A check fired by the wall clock
    /// while the business clock is earlier would find itself early and schedule itself again, over and over.
    /// </param>
    public static Task<IAlbaHost> StartHost(string schema, TimeProvider clock, LogCapture? logs = null, int smtpPort = 25,
        string? connectionString = null, string? keyDirectory = null, bool runScheduledChecks = false)
    {
        var keys = keyDirectory ?? KeyDirectory(schema);
        JasperFxEnvironment.AutoStartHost = true;
        return AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Marten", connectionString ?? ConnectionString);
            web.UseSetting("Supervision:Schema", schema);
            web.UseSetting("Supervision:SeedDemoData", "true");
            web.UseSetting("Jwt:SigningKey", "integration-test-signing-key-0123456789abcdef");
            web.UseSetting("Serilog:MinimumLevel:Default", "Information");
            web.UseSetting("Supervision:ConsoleLogLevel", "Warning");
            web.UseSetting("Supervision:IdleTrim:IdleSeconds", "0"); // no full collections in the tests' hosts (IdleMemoryTrimTests runs its own)
            web.UseSetting("Supervision:KeyDirectory", keys);
            web.UseSetting("Supervision:PublicRateLimit:PermitLimit", "10");
            web.UseSetting("Smtp:Host", "127.0.0.1");
            web.UseSetting("Smtp:Port", smtpPort.ToString());
            web.UseSetting("Smtp:TimeoutSeconds", "5");
            web.UseSetting("Supervision:Notifications:RetryCooldownsMs", "20,20");
            web.UseSetting("Referrals:RetryCooldownsMs", "20,20");
            web.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
                if (logs is not null) services.AddSingleton<Serilog.Core.ILogEventSink>(logs);
                services.RunWolverineInSoloMode();
                if (!runScheduledChecks)
                    services.ConfigureWolverine(o => o.Durability.ScheduledJobFirstExecution = TimeSpan.FromDays(40));
                services.DisableAllExternalWolverineTransports();
            });
        });
    }

    /// <summary>
    /// Applies the schema as its owner does on deploy (<c>db-apply</c>): the store's configuration alone, no second app. A
    /// second host would run a second async daemon on the schema beside the fixture's (Solo mode), and the two advancing
    /// the same projections stop one another's shards.
    /// </summary>
    public static async Task ApplySchemaAsOwner(string schema)
    {
        using var store = Marten.DocumentStore.For(o => o.ConfigureSupervisionStore(ConnectionString, schema));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    /// <summary>
    /// A side table against the rows its source says it should hold (both queries with the same columns): the rows in one
    /// and not the other, both ways (0 when the table mirrors its source), and the table's row count.
    /// </summary>
    public static async Task<(long Differences, long Rows)> CompareRows(string connectionString, string expected, string actual)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            select (select count(*) from (({expected}) except all ({actual})) a) + (select count(*) from (({actual}) except all ({expected})) b),
                   (select count(*) from ({actual}) c)
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    public static string KeyDirectory(string schema) => Path.Combine(Path.GetTempPath(), "supervision-test-keys", schema);

    public static async Task DropSchema(string schema)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"drop schema if exists {schema} cascade", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        TestClock.Release(Clock);
        Smtp.Dispose();
        await DropSchema(Schema);
    }

    /// <summary>Within a test the business clock only moves forward (a deadline passes, a timer fires).</summary>
    public void AdvanceClockTo(DateTimeOffset when)
    {
        if (when > Clock.GetUtcNow()) Clock.SetUtcNow(when);
    }

    /// <summary>Sets this test's business clock (forwards or back); the next test starts at TestClock.Default again.</summary>
    public void ClockAt(DateTimeOffset when, bool unpublishedYear = false) =>
        TestClock.Set(Clock, when, Calendar, unpublishedYear);

    /// <summary>The business clock's day in Beijing.</summary>
    public DateOnly Today => WorkingDayCalendar.BeijingToday(Clock.GetUtcNow());

    /// <summary>A day relative to the business clock's today, as the API writes dates (yyyy-MM-dd).</summary>
    public string Day(int daysFromToday = 0) => Today.AddDays(daysFromToday).ToString("yyyy-MM-dd");

    public WorkingDayCalendar Calendar => Host.Services.GetRequiredService<WorkingDayCalendar>();

    /// <summary>Durable scheduled messages stored for a case (they survive a restart): type and due time.</summary>
    public async Task<List<(string Type, DateTimeOffset At)>> ScheduledMessagesFor(Guid caseId)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select message_type, execution_time from {Schema}.wolverine_incoming_envelopes where status = 'Scheduled' and position(convert_to(@id, 'UTF8') in body) > 0", conn);
        cmd.Parameters.AddWithValue("id", caseId.ToString());
        var rows = new List<(string, DateTimeOffset)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero)));
        return rows;
    }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>
    /// How many events of these types the store holds: what a refused command must not have added. Counting every event
    /// is not that: the app's background work (a document's PDF rendered and recorded, a clock firing) may append while
    /// the request runs, and once made the random-draw test fail (574 → 575) on a slower machine.
    /// </summary>
    public async Task<long> EventCount(params string[] types)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select count(*) from {Schema}.mt_events where type = any(@types)", conn);
        cmd.Parameters.AddWithValue("types", types);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<string> TokenFor(string user)
    {
        if (_tokens.TryGetValue(user, out var t)) return t;
        var result = await Host.Scenario(s =>
        {
            s.Post.Json(new { username = user, password = "Demo!2026" }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBeOk();
        });
        var body = await result.ReadAsJsonAsync<TokenBody>();
        return _tokens[user] = body!.access_token;
    }

    public async Task<SupervisedUnit> UnitIn(string jurisdictionId)
    {
        await using var session = Store.QuerySession();
        return await session.Query<SupervisedUnit>().Where(u => u.JurisdictionId == jurisdictionId).OrderBy(u => u.Name).FirstAsync();
    }

    private sealed record TokenBody(string access_token, string token_type, int expires_in);
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}

public sealed class LogCapture : Serilog.Core.ILogEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public void Emit(Serilog.Events.LogEvent e)
    {
        using var w = new StringWriter();
        e.RenderMessage(w);
        foreach (var p in e.Properties) w.Write($" {p.Key}={p.Value}");
        if (e.Exception is not null) w.Write(" " + e.Exception);
        _lines.Enqueue(w.ToString());
    }

    public IReadOnlyCollection<string> Lines => _lines.ToArray();
}
