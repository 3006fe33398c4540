using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Supervision.Integrity;
using Supervision.Units;

namespace Supervision.IntegrationTests.Integrity;

/// <summary>
/// Issue 15 (R24): the app's database role may append events and read them, but not change or remove them, nor switch the
/// hash trigger off. The owner role (the scripts' <c>supervision</c>) applies the schema and grants; ops/pg-up.sh creates
/// both roles. The app is started on its own schema under the app's role, as a deployment runs it.
/// </summary>
public sealed class DatabaseRoleTests : IAsyncLifetime
{
    public const string Role = "supervision_app";
    private readonly string _schema = "t_role_" + Guid.NewGuid().ToString("N")[..10];
    private readonly BusinessClock _clock = TestClock.Create();

    private static string AppRoleConnection => AppFixture.AppRoleConnectionString;

    public async Task InitializeAsync()
    {
        // The owner applies the schema (a first start creates every table, function and the trigger) and grants.
        var owner = await AppFixture.StartHost(_schema, _clock);
        await owner.DisposeAsync();
        await AppFixture.Grant(_schema);
    }

    public async Task DisposeAsync() => await AppFixture.DropSchema(_schema);

    [Fact]
    public async Task The_apps_role_gets_permission_denied_for_changing_or_removing_events_and_hashes_and_for_disabling_the_trigger()
    {
        await using var conn = new NpgsqlConnection(AppRoleConnection);
        await conn.OpenAsync();
        async Task<PostgresException> Denied(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            return await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        }
        foreach (var sql in new[]
                 {
                     $"update {_schema}.mt_events set data = data",
                     $"delete from {_schema}.mt_events",
                     $"truncate {_schema}.mt_events",
                     $"update {_schema}.event_hashes set hash = hash",
                     $"delete from {_schema}.event_hashes",
                     $"update {_schema}.event_hashes_sm3 set sm3 = sm3",
                     $"delete from {_schema}.event_hashes_sm3",
                     $"alter table {_schema}.mt_events disable trigger {EventHashChain.TriggerName}",
                     $"drop trigger {EventHashChain.TriggerName} on {_schema}.mt_events",
                 })
        {
            var e = await Denied(sql);
            Assert.True(e.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {e.SqlState} {e.MessageText}");
            Assert.Matches("permission denied|must be owner", e.MessageText);
        }

        // Reading stays allowed, and so does the app's own work on documents.
        await using var read = new NpgsqlCommand($"select count(*) from {_schema}.mt_events", conn);
        Assert.True((long)(await read.ExecuteScalarAsync())! > 0); // the demo data's events
        await using var tx = await conn.BeginTransactionAsync();
        await using var doc = new NpgsqlCommand($"update {_schema}.mt_doc_supervisedunit set data = data", conn, tx);
        Assert.True(await doc.ExecuteNonQueryAsync() > 0);
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task The_app_runs_under_its_role_and_what_it_appends_is_chained()
    {
        var logs = new LogCapture();
        await using var host = await AppFixture.StartHost(_schema, _clock, logs, connectionString: AppRoleConnection);
        try { await RunAsApp(host); }
        catch (Exception e) { throw new Xunit.Sdk.XunitException(e.Message + "\n" + string.Join("\n", logs.Lines.Where(l => l.Contains("xception")).Take(3))); }
    }

    private async Task RunAsApp(IAlbaHost host)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        SupervisedUnit unit;
        await using (var session = store.QuerySession())
            unit = await session.Query<SupervisedUnit>().Where(u => u.JurisdictionId == "650100").OrderBy(u => u.Name).FirstAsync();

        var login = await host.Scenario(s =>
        {
            s.Post.Json(new { username = "urumqi.inspector1", password = "Demo!2026" }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBeOk();
        });
        var token = (await login.ReadAsJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var created = await host.Scenario(s =>
        {
            s.Post.Json(new
            {
                unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = WorkingDayCalendarDay(),
                inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
            }).ToUrl("/api/inspections");
            s.WithRequestHeader("Authorization", "Bearer " + token);
            s.StatusCodeShouldBe(201);
        });
        var id = (await created.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await host.Scenario(s =>
        {
            s.Post.Json(new { version = 1 }).ToUrl($"/api/inspections/{id}/start");
            s.WithRequestHeader("Authorization", "Bearer " + token);
            s.StatusCodeShouldBeOk();
        });

        var report = await ChainVerifier.VerifyAsync(store, id, TimeProvider.System, default);
        Assert.True(report.Ok, report.Summary());
        Assert.Equal(2, report.Events);
        // Sealing the SM3 chain and writing a checkpoint need nothing more than appending either.
        var checkpoint = await IntegrityCheckpoints.WriteAsync(store, host.Services.GetRequiredService<Supervision.Documents.DepartmentSeals>(),
            new CheckpointOptions(), "role test", TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, default);
        Assert.True(checkpoint.Events >= 2);
    }

    private string WorkingDayCalendarDay() => Supervision.Shared.WorkingDayCalendar.BeijingToday(_clock.GetUtcNow()).ToString("yyyy-MM-dd");
}
