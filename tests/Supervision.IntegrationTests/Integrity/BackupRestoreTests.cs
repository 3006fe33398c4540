using System.Diagnostics;
using Alba;
using Marten;
using Marten.Events;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Supervision.Dashboards;
using Supervision.Integrity;
using Supervision.Referrals;

namespace Supervision.IntegrationTests.Integrity;

/// <summary>
/// Issue 7, backup: ops/backup.sh dumps the test schema (pg_dump -Fc) with its data-protection keys, ops/restore.sh
/// restores it into a new database, a second app starts on it, the async read models are rebuilt from the restored
/// events, and it answers the same dashboard as the original; the hash chains verify with the same digest.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BackupRestoreTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    private static readonly string Repo = FindRepo();

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ops", "backup.sh"))) return d.FullName;
        throw new InvalidOperationException("ops/backup.sh not found above " + AppContext.BaseDirectory);
    }

    private static async Task<string> Script(string name, params string[] args)
    {
        var cs = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString);
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(Repo, "ops", name));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SUPERVISION_PG_PORT"] = cs.Port.ToString();
        psi.Environment["SUPERVISION_PG_PASSWORD"] = cs.Password ?? "";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var output = await stdout + await stderr;
        Assert.True(p.ExitCode == 0, $"ops/{name} exited {p.ExitCode}:\n{output}");
        return output;
    }

    private static async Task<string> Get(IAlbaHost host, string token, string url)
    {
        var result = await host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", "Bearer " + token);
            s.StatusCodeShouldBeOk();
        });
        return await result.ReadAsTextAsync();
    }

    [Fact]
    public async Task A_restored_backup_rebuilds_its_read_models_to_the_same_dashboard_and_its_chains_verify()
    {
        // Something on the dashboard and the deadline board, and a complainant whose identity is encrypted.
        var (rectificationId, _) = await _given.Ordered();
        var complaint = await new Complaints.ComplaintFlowTests(app).Registered();
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var token = await app.TokenFor("region.leader");
        const string dashboard = "/api/dashboard?jurisdiction=650000&from=2020-01&to=2035-12";
        const string deadlines = "/api/deadlines?jurisdiction=650000";
        var before = await Get(app.Host, token, dashboard);
        var boardBefore = await Get(app.Host, token, deadlines);
        Assert.Contains("\"inspectionsPlanned\"", before);
        var original = await ChainVerifier.VerifyAsync(app.Store, null, TimeProvider.System, default);
        Assert.True(original.Ok, original.Summary());
        var rectificationChain = await ChainVerifier.VerifyAsync(app.Store, rectificationId, TimeProvider.System, default);
        var complaintChain = await ChainVerifier.VerifyAsync(app.Store, complaint.Id, TimeProvider.System, default);

        var dir = Directory.CreateTempSubdirectory("backup-test");
        var database = "restore_" + Guid.NewGuid().ToString("N")[..10];
        var cs = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString);
        try
        {
            var file = Path.Combine(dir.FullName, "backup.dump");
            await Script("backup.sh", file, "--database", cs.Database!, "--schema", app.Schema, "--keys", AppFixture.KeyDirectory(app.Schema));
            Assert.True(File.Exists(file + ".keys.tar.gz"));
            Assert.True(File.Exists(file + ".sha256"));
            var keys = Path.Combine(dir.FullName, "keys");
            await Script("restore.sh", file, database, "--keys-to", keys);

            var restoredCs = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString) { Database = database }.ConnectionString;
            // The read models are not taken on trust: emptied, then rebuilt from the restored events.
            await using (var conn = new NpgsqlConnection(restoredCs))
            {
                await conn.OpenAsync();
                await using var wipe = new NpgsqlCommand(
                    $"delete from {app.Schema}.mt_doc_enforcementmonth; delete from {app.Schema}.mt_doc_deadlineentry; delete from {app.Schema}.mt_doc_referralsummary", conn);
                await wipe.ExecuteNonQueryAsync();
            }

            await using var restored = await AppFixture.StartHost(app.Schema, app.Clock, connectionString: restoredCs, keyDirectory: keys);
            var daemon = restored.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
            foreach (var projection in new[] { typeof(EnforcementMonthProjection), typeof(DeadlineBoardProjection), typeof(ReferralSummaryProjection) })
                await daemon.RebuildProjectionAsync(projection, CancellationToken.None);
            await restored.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(before, await Get(restored, token, dashboard));
            Assert.Equal(boardBefore, await Get(restored, token, deadlines));
            // The board by owner is rebuilt with the board (its trigger follows the rebuild's deletes and inserts).
            var (ownerDifferences, ownerRows) = await Dashboards.DeadlineOwnersTests.Compare(restoredCs, app.Schema);
            Assert.Equal(0, ownerDifferences);
            Assert.True(ownerRows > 0);

            var store = restored.Services.GetRequiredService<IDocumentStore>();
            var copy = await ChainVerifier.VerifyAsync(store, null, TimeProvider.System, default);
            Assert.True(copy.Ok, copy.Summary());
            // Other tests' clocks may append to their own cases while the backup is taken: the copy holds at least what was
            // verified before it, and this test's own cases exactly as they were.
            Assert.True(copy.Events >= original.Events, $"{copy.Events} events restored, {original.Events} before the backup");
            foreach (var (id, chain) in new[] { (rectificationId, rectificationChain), (complaint.Id, complaintChain) })
            {
                var restoredChain = await ChainVerifier.VerifyAsync(store, id, TimeProvider.System, default);
                Assert.Equal((chain.Events, chain.Digest), (restoredChain.Events, restoredChain.Digest));
            }

            // The restored keys decrypt the complainant; new events on the restored store are chained too.
            var leader = await app.TokenFor("urumqi.leader"); // the leader of the complaint's own department (R12)
            Assert.Contains("买买提·测试人甲", await Get(restored, leader, $"/api/complaints/{complaint.Id}/complainant"));
            var after = await ChainVerifier.VerifyAsync(store, complaint.Id, TimeProvider.System, default);
            Assert.True(after.Ok, after.Summary());
            Assert.Equal(2, after.Events); // received + identity viewed
        }
        finally
        {
            // The restored host ran as the app's role; its pooled connections may outlive it for a moment, and the owner may not
            // terminate them (42501). A database left behind in the private test cluster must not hide the test's own result.
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", conn);
            try { await drop.ExecuteNonQueryAsync(); }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege) { }
            dir.Delete(true);
        }
    }
}
