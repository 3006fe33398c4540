using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Supervision.Documents;
using Supervision.Integrity;

namespace Supervision.IntegrationTests.Integrity;

/// <summary>
/// Issue 15 (R24), a record that holds against its own database users: what someone with write access to the database
/// tries — deleting a stream's tail with its hash rows, appending a forged event, changing the bytes of an issued document,
/// rewriting a whole chain consistently, forging a checkpoint — and how <c>verify</c> names it. Every tampered row is put
/// back in <c>finally</c>, so the whole store verifies clean again for the other tests.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TamperEvidenceTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private string Schema => app.Schema;

    private async Task<int> Sql(string sql, params (string Name, object Value)[] args)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        return await cmd.ExecuteNonQueryAsync();
    }

    private async Task<T> Scalar<T>(string sql, params (string Name, object Value)[] args)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Moves a stream's events from <paramref name="from"/> on, with their hash rows (both chains), into side tables.</summary>
    private async Task<string> CutTail(Guid stream, long from)
    {
        // The async projections have seen the rows first: a row put back later keeps its old sequence number.
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var side = "cut_" + Guid.NewGuid().ToString("N")[..10];
        foreach (var table in new[] { "mt_events", EventHashChain.TableName, Sm3Chain.TableName })
        {
            await Sql($"create table {Schema}.{side}_{table} as select * from {Schema}.{table} where stream_id = @s and version >= @v", ("s", stream), ("v", from));
            await Sql($"delete from {Schema}.{table} where stream_id = @s and version >= @v", ("s", stream), ("v", from));
        }
        return side;
    }

    /// <summary>Puts the rows back exactly (the hash rows first: the trigger then writes the same hash again).</summary>
    private async Task PutBack(string side)
    {
        foreach (var table in new[] { EventHashChain.TableName, Sm3Chain.TableName, "mt_events" })
        {
            await Sql($"insert into {Schema}.{table} select * from {Schema}.{side}_{table} on conflict do nothing");
            await Sql($"drop table {Schema}.{side}_{table}");
        }
    }

    [Fact]
    public async Task A_last_event_deleted_with_its_hash_row_is_named_as_a_missing_tail()
    {
        var (inspection, _) = await _given.Hazard(); // 1 planned, 2 started, 3 hazard recorded
        var side = await CutTail(inspection, 3);
        try
        {
            // What is left still chains from genesis and has no orphaned hash: only mt_streams.version tells.
            var report = await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default);
            var b = Assert.Single(report.Breaks);
            Assert.Equal((inspection, 3L, "tail_missing", "3", "2"), (b.StreamId, b.Version, b.Problem, b.Expected, b.Stored));
            Assert.Contains($"stream {inspection} version 3", report.Summary());

            var all = await _api.Ok(_api.Get("region.admin", "/api/admin/integrity"));
            Assert.False(all.GetProperty("ok").GetBoolean());
            var broken = Assert.Single(all.GetProperty("breaks").EnumerateArray());
            Assert.Equal((inspection, 3L, "tail_missing"), (broken.Id("streamId"), broken.Long("version"), broken.Str("problem")));
        }
        finally { await PutBack(side); }
        Assert.True((await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default)).Ok);
    }

    [Fact]
    public async Task A_stream_truncated_with_its_hash_rows_is_named_at_the_first_version_gone()
    {
        var (inspection, _) = await _given.Hazard();
        var side = await CutTail(inspection, 2);
        try
        {
            var report = await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default);
            var b = Assert.Single(report.Breaks);
            Assert.Equal((inspection, 2L, "tail_missing", "3", "1"), (b.StreamId, b.Version, b.Problem, b.Expected, b.Stored));
        }
        finally { await PutBack(side); }

        // Every event gone, with the hashes: the stream Marten records is named from version 1.
        var whole = await CutTail(inspection, 1);
        try
        {
            var report = await ChainVerifier.VerifyAsync(app.Store, null, TimeProvider.System, default);
            var b = Assert.Single(report.Breaks);
            Assert.Equal((inspection, 1L, "tail_missing"), (b.StreamId, b.Version, b.Problem));
        }
        finally { await PutBack(whole); }
        Assert.True((await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default)).Ok);
    }

    [Fact]
    public async Task An_event_forged_with_a_raw_insert_is_hashed_by_the_trigger_but_named_beyond_the_streams_version()
    {
        var inspection = await _given.StartedInspection(); // versions 1, 2
        var forged = Guid.NewGuid();
        // A copy of the last event as a new version 3, inserted straight into mt_events (Marten's mt_streams not told).
        var temp = "forged_" + Guid.NewGuid().ToString("N")[..10];
        await Sql($"create table {Schema}.{temp} as select * from {Schema}.mt_events where stream_id = @s and version = 2", ("s", inspection));
        // An event type no projection reads, so the read models stay as they were.
        await Sql($"update {Schema}.{temp} set seq_id = nextval('{Schema}.mt_events_sequence'), id = @id, version = 3, type = 'integrity_probe', " +
                  $"mt_dotnet_type = '{typeof(IntegrityProbe).FullName}, {typeof(IntegrityProbe).Assembly.GetName().Name}', data = '{{\"writer\":0,\"n\":0,\"text\":\"forged\"}}'::jsonb", ("id", forged));
        await Sql($"insert into {Schema}.mt_events select * from {Schema}.{temp}");
        await Sql($"drop table {Schema}.{temp}");
        try
        {
            var report = await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default);
            var b = Assert.Single(report.Breaks);
            Assert.Equal((inspection, 3L, "beyond_stream_version", "2", "3"), (b.StreamId, b.Version, b.Problem, b.Expected, b.Stored));
        }
        finally
        {
            await Sql($"delete from {Schema}.{EventHashChain.TableName} where stream_id = @s and version = 3", ("s", inspection));
            await Sql($"delete from {Schema}.mt_events where id = @id", ("id", forged));
        }
        Assert.True((await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default)).Ok);
    }

    private async Task<string> Document(string number)
    {
        var token = await app.TokenFor("urumqi.inspector1");
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/documents/" + Uri.EscapeDataString(number));
            s.WithRequestHeader("Authorization", "Bearer " + token);
            s.StatusCodeShouldBeOk();
        });
        return await result.ReadAsTextAsync();
    }

    [Fact]
    public async Task A_changed_projection_row_does_not_change_an_issued_document_and_changed_frozen_bytes_are_named()
    {
        var (rectification, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        // Frozen (and sealed) at the first read at the latest. The background freezer may freeze it at the same moment and
        // store its own copy (another verification code) over the one the first read answered: compare with the second read.
        await Document(number);
        var issued = await Document(number);
        Assert.Equal(issued, await Scalar<string>($"select data->>'content' from {Schema}.mt_doc_issueddocument where id = @id", ("id", number)));
        Assert.Contains("配置恒温恒湿设备", issued);

        // The read model the order was rendered from is changed behind the app's back: the document stays as issued.
        var original = await Scalar<string>($"select data::text from {Schema}.mt_doc_rectification where id = @id", ("id", rectification));
        await Sql($"update {Schema}.mt_doc_rectification set data = jsonb_set(data, '{{requirements}}', '\"无需整改\"') where id = @id", ("id", rectification));
        try
        {
            Assert.Equal(issued, await Document(number));
            Assert.Empty((await ChainVerifier.VerifyAsync(app.Store, rectification, TimeProvider.System, default)).DocumentBreaks);
        }
        finally { await Sql($"update {Schema}.mt_doc_rectification set data = @d::jsonb where id = @id", ("d", original), ("id", rectification)); }

        // The frozen bytes themselves are changed: named by the document's number.
        var row = await Scalar<string>($"select data::text from {Schema}.mt_doc_issueddocument where id = @id", ("id", number));
        await Sql($"update {Schema}.mt_doc_issueddocument set data = jsonb_set(data, '{{content}}', to_jsonb(replace(data->>'content', '恒温恒湿', '普通'))) where id = @id", ("id", number));
        try
        {
            var report = await ChainVerifier.VerifyAsync(app.Store, rectification, TimeProvider.System, default);
            Assert.False(report.Ok);
            var d = Assert.Single(report.DocumentBreaks);
            Assert.Equal((number, rectification, "document_sha256_mismatch"), (d.Number, d.StreamId, d.Problem));
            Assert.Contains($"document {number}", report.Summary());

            // ...and with the hashes recomputed to match, the department's seal no longer verifies.
            await Sql($"update {Schema}.mt_doc_issueddocument set data = data || jsonb_build_object('sha256', @sha::text, 'sm3', @sm3::text) where id = @id",
                ("sha", IssuedDocumentContent.Sha256Hex(issued.Replace("恒温恒湿", "普通"))), ("sm3", IssuedDocumentContent.Sm3Hex(issued.Replace("恒温恒湿", "普通"))), ("id", number));
            var resealed = await ChainVerifier.VerifyAsync(app.Store, rectification, TimeProvider.System, default);
            Assert.Equal("document_seal_invalid", Assert.Single(resealed.DocumentBreaks).Problem);
        }
        finally { await Sql($"update {Schema}.mt_doc_issueddocument set data = @d::jsonb where id = @id", ("d", row), ("id", number)); }
        var after = await ChainVerifier.VerifyAsync(app.Store, rectification, TimeProvider.System, default);
        Assert.True(after.Ok, after.Summary());
        Assert.True(after.Documents >= 1);
    }

    private CheckpointOptions Options(string name) => new() { File = Path.Combine(AppFixture.KeyDirectory(Schema), "checkpoints-" + name + "-" + Guid.NewGuid().ToString("N")[..8] + ".jsonl") };

    private Task<IntegrityCheckpoint> Checkpoint(CheckpointOptions options, string reason = "test") =>
        IntegrityCheckpoints.WriteAsync(app.Store, app.Host.Services.GetRequiredService<DepartmentSeals>(), options, reason, TimeProvider.System, NullLogger.Instance, default);

    private Task<IntegrityReport> VerifyWith(string file, params string[] keys) =>
        ChainVerifier.VerifyAgainstCheckpointsAsync(app.Store, file, keys, AppFixture.KeyDirectory(Schema), TimeProvider.System, default);

    [Fact]
    public async Task A_checkpoint_seals_every_event_with_SM3_and_a_changed_SM3_link_is_named()
    {
        var inspection = await _given.StartedInspection();
        var before = await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default);
        Assert.Equal((0L, 2L), (before.Sm3Sealed, before.Sm3Pending)); // not sealed until the next checkpoint

        await Checkpoint(Options("sm3"));
        var sealedReport = await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default);
        Assert.True(sealedReport.Ok, sealedReport.Summary());
        Assert.Equal((2L, 0L), (sealedReport.Sm3Sealed, sealedReport.Sm3Pending));
        // The stored link is SM3 over the canonical form, chained from genesis.
        var first = await Scalar<string>($"select prev_sm3 from {Schema}.{Sm3Chain.TableName} where stream_id = @s and version = 1", ("s", inspection));
        Assert.Equal(EventHashChain.Genesis, first);

        var original = await Scalar<string>($"select sm3 from {Schema}.{Sm3Chain.TableName} where stream_id = @s and version = 2", ("s", inspection));
        await Sql($"update {Schema}.{Sm3Chain.TableName} set sm3 = repeat('a', 64) where stream_id = @s and version = 2", ("s", inspection));
        try
        {
            var b = Assert.Single((await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default)).Breaks);
            Assert.Equal((2L, "sm3_mismatch", original), (b.Version, b.Problem, b.Expected));
        }
        finally { await Sql($"update {Schema}.{Sm3Chain.TableName} set sm3 = @h where stream_id = @s and version = 2", ("h", original), ("s", inspection)); }
        Assert.True((await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default)).Ok);
    }

    /// <summary>Recomputes a stream's stored links (both chains) from its current rows: what an attacker with write access does.</summary>
    private async Task RewriteChain(Guid stream)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        var rows = new List<EventHashChain.EventRow>();
        await using (var read = new NpgsqlCommand($"select {EventHashChain.SelectColumns} from {Schema}.mt_events e where e.stream_id = @s order by e.version", conn))
        {
            read.Parameters.AddWithValue("s", stream);
            await using var r = await read.ExecuteReaderAsync();
            while (await r.ReadAsync()) rows.Add(EventHashChain.Read(r));
        }
        string sha = EventHashChain.Genesis, sm3 = EventHashChain.Genesis;
        foreach (var e in rows)
        {
            var (nextSha, nextSm3) = (EventHashChain.Compute(sha, e), EventHashChain.ComputeSm3(sm3, e));
            await using var w = new NpgsqlCommand(
                $"update {Schema}.{EventHashChain.TableName} set prev_hash = @ps, hash = @h where stream_id = @s and version = @v; " +
                $"update {Schema}.{Sm3Chain.TableName} set prev_sm3 = @pm, sm3 = @m where stream_id = @s and version = @v", conn);
            w.Parameters.AddWithValue("ps", sha); w.Parameters.AddWithValue("h", nextSha);
            w.Parameters.AddWithValue("pm", sm3); w.Parameters.AddWithValue("m", nextSm3);
            w.Parameters.AddWithValue("s", stream); w.Parameters.AddWithValue("v", e.Version);
            await w.ExecuteNonQueryAsync();
            (sha, sm3) = (nextSha, nextSm3);
        }
    }

    [Fact]
    public async Task A_signed_checkpoint_proves_that_an_event_before_it_was_changed_even_when_both_chains_were_recomputed()
    {
        var (inspection, _) = await _given.Hazard();
        var options = Options("rewrite");
        var checkpoint = await Checkpoint(options);
        Assert.Equal(IntegrityCheckpoints.RegionId + "-001", checkpoint.KeyId);
        Assert.True(checkpoint.Events > 0 && checkpoint.Streams > 0 && checkpoint.HighWater > 0);
        Assert.Matches("^[0-9a-f]{64}$", checkpoint.Root);
        var clean = await VerifyWith(options.File!);
        Assert.True(clean.Ok, clean.Summary());
        Assert.True(Assert.Single(clean.Checkpoints).Ok);

        // Events after the checkpoint are no change to what it signed.
        await _given.StartedInspection();
        Assert.True((await VerifyWith(options.File!)).Ok);

        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var original = await Scalar<string>($"select data::text from {Schema}.mt_events where stream_id = @s and version = 3", ("s", inspection));
        await Sql($"update {Schema}.mt_events set data = jsonb_set(data, '{{description}}', '\"库房条件良好\"') where stream_id = @s and version = 3", ("s", inspection));
        await RewriteChain(inspection);
        try
        {
            // The chains alone cannot tell: both were recomputed over the changed row.
            var chains = await ChainVerifier.VerifyAsync(app.Store, null, TimeProvider.System, default);
            Assert.True(chains.Ok, chains.Summary());
            // The checkpoint can: its root, signed outside the database, no longer comes out of the rows.
            var anchored = await VerifyWith(options.File!);
            Assert.False(anchored.Ok);
            var result = Assert.Single(anchored.Checkpoints);
            Assert.Equal((1, "root_mismatch"), (result.Line, result.Problem));
            Assert.Contains(checkpoint.Root, result.Detail);
        }
        finally
        {
            await Sql($"update {Schema}.mt_events set data = @d::jsonb where stream_id = @s and version = 3", ("d", original), ("s", inspection));
            await RewriteChain(inspection);
        }
        Assert.True((await VerifyWith(options.File!)).Ok);

        // An event before the checkpoint deleted with every row that names it (both hash rows): the root tells too.
        var side = await CutTail(inspection, 3);
        await Sql($"update {Schema}.mt_streams set version = 2 where id = @s", ("s", inspection));
        try
        {
            Assert.True((await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default)).Ok);
            var anchored = await VerifyWith(options.File!);
            Assert.Equal("root_mismatch", Assert.Single(anchored.Checkpoints).Problem);
        }
        finally
        {
            await Sql($"update {Schema}.mt_streams set version = 3 where id = @s", ("s", inspection));
            await PutBack(side);
        }
        Assert.True((await VerifyWith(options.File!)).Ok);
    }

    [Fact]
    public async Task A_forged_changed_or_removed_checkpoint_line_is_refused()
    {
        await _given.StartedInspection();
        var options = Options("forged");
        for (var i = 0; i < 3; i++) await Checkpoint(options, $"test {i}");
        var lines = (await File.ReadAllLinesAsync(options.File!)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.True((await VerifyWith(options.File!)).Ok);
        var dir = Path.GetDirectoryName(options.File)!;

        // A root changed in the file: the signature no longer verifies.
        var changed = JsonSerializer.Deserialize<IntegrityCheckpoint>(lines[2], new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var forgedRoot = Path.Combine(dir, $"forged-root-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(forgedRoot, [lines[0], lines[1], JsonSerializer.Serialize(changed with { Root = new string('0', 64) }, new JsonSerializerOptions(JsonSerializerDefaults.Web))]);
        var r1 = await VerifyWith(forgedRoot);
        Assert.False(r1.Ok);
        Assert.Equal((3, "signature_invalid"), (r1.Checkpoints[2].Line, r1.Checkpoints[2].Problem));

        // A checkpoint signed with a key of the forger's own (with its public key beside it): not the region's key.
        var forger = new DepartmentSeals(null);
        var resigned = changed with { Root = new string('0', 64), KeyId = IntegrityCheckpoints.RegionId + "-001" };
        var seal = forger.Sign(IntegrityCheckpoints.RegionId, resigned.Payload());
        var forgedKey = Path.Combine(dir, $"forged-key-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(forgedKey, [lines[0], lines[1], JsonSerializer.Serialize(resigned with { PublicKey = seal.PublicKeyHex, Signature = seal.SignatureHex }, new JsonSerializerOptions(JsonSerializerDefaults.Web))]);
        var r2 = await VerifyWith(forgedKey);
        Assert.Equal("key_untrusted", r2.Checkpoints[2].Problem);
        // Trusting that key explicitly makes the signature acceptable, and then the store says the root is false.
        var r2b = await VerifyWith(forgedKey, seal.PublicKeyHex);
        Assert.Equal("root_mismatch", r2b.Checkpoints[2].Problem);

        // A line removed from the middle: the next line's link to its predecessor breaks.
        var removed = Path.Combine(dir, $"removed-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(removed, [lines[0], lines[2]]);
        var r3 = await VerifyWith(removed);
        Assert.Equal((2, "link_broken"), (r3.Checkpoints[1].Line, r3.Checkpoints[1].Problem));
        Assert.True(r3.Checkpoints[0].Ok);
    }

    [Fact]
    public async Task Checkpoints_are_written_on_the_interval_of_the_apps_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-02-05T02:00:00Z"));
        var options = Options("scheduled");
        var service = new IntegrityCheckpointService(app.Store, app.Host.Services.GetRequiredService<DepartmentSeals>(),
            new CheckpointOptions { File = options.File, Interval = TimeSpan.FromHours(1) }, clock, NullLogger<IntegrityCheckpointService>.Instance);
        var written = new TaskCompletionSource<IntegrityCheckpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.Written += c => written.TrySetResult(c);
        await service.StartAsync(default);
        try
        {
            clock.Advance(TimeSpan.FromMinutes(59));
            Assert.False(written.Task.IsCompleted);
            clock.Advance(TimeSpan.FromMinutes(1));
            var checkpoint = await written.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(("scheduled", clock.GetUtcNow()), (checkpoint.Reason, checkpoint.At));
            Assert.Single(await File.ReadAllLinesAsync(options.File!));
        }
        finally { await service.StopAsync(default); }
    }

    [Fact]
    public async Task Every_archival_export_writes_a_checkpoint_and_the_command_line_verifies_against_it()
    {
        var (inspection, rectification) = await _given.Hazard();
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/rectifications/{rectification}/order",
            new { version = 1, workingDays = 10, requirements = "配置恒温恒湿设备并建立温湿度记录制度", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{inspection}/conclude", new { version = 3, summary = "发现隐患一项，已责令整改", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        var token = await app.TokenFor("urumqi.leader");
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/cases/{inspection}/archive");
            s.WithRequestHeader("Authorization", "Bearer " + token);
            s.StatusCodeShouldBeOk();
        });
        var root = result.Context.Response.Headers["X-Integrity-Checkpoint-Root"].ToString();
        Assert.Matches("^[0-9a-f]{64}$", root);
        var file = app.Host.Services.GetRequiredService<CheckpointOptions>().File!;
        var last = JsonSerializer.Deserialize<IntegrityCheckpoint>((await File.ReadAllLinesAsync(file))[^1], new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(($"archive:{inspection}", root), (last.Reason, last.Root));

        var (code, output) = await Cli("verify", "--checkpoint", file);
        Assert.True(code == 0, $"exit code {code}: {output}");
        Assert.Contains("OK", output);

        // The same file with the last line's root changed: exit code 1, naming the line.
        var lines = await File.ReadAllLinesAsync(file);
        var forged = Path.Combine(Path.GetDirectoryName(file)!, $"cli-forged-{Guid.NewGuid():N}.jsonl");
        lines[^1] = lines[^1].Replace(root, new string('f', 64));
        await File.WriteAllLinesAsync(forged, lines);
        var (badCode, badOutput) = await Cli("verify", "--checkpoint", forged);
        Assert.True(badCode == 1, badOutput);
        Assert.Contains($"checkpoint line {lines.Length}", badOutput);
        Assert.Contains("signature_invalid", badOutput);
    }

    private async Task<(int Code, string Output)> Cli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // The web project's own build output: a host built from the test's folder would scan the test assemblies too.
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // Release or Debug
        var web = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Supervision.Web", "bin", config, "net10.0"));
        psi.ArgumentList.Add(Path.Combine(web, "Supervision.Web.dll"));
        psi.WorkingDirectory = web;
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ConnectionStrings__Marten"] = AppFixture.ConnectionString;
        psi.Environment["Supervision__Schema"] = Schema;
        psi.Environment["Supervision__KeyDirectory"] = AppFixture.KeyDirectory(Schema);
        psi.Environment["Jwt__SigningKey"] = "integration-test-signing-key-0123456789abcdef";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
