using System.Text.Json;
using Marten;
using Npgsql;
using Supervision.Integrity;

namespace Supervision.IntegrationTests.Integrity;

/// <summary>An event no projection handles, for appends made directly through Marten.</summary>
public sealed record IntegrityProbe(int Writer, int N, string Text);

/// <summary>
/// Issue 7, integrity: every event is hashed by the database and chained to the previous event of its stream;
/// verification recomputes the chains in C# from the stored rows and names the first broken link per stream.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HashChainTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private string Schema => app.Schema;

    private async Task<JsonElement> Report(string query = "") =>
        await _api.Ok(_api.Get("region.admin", "/api/admin/integrity" + query));

    [Fact]
    public async Task Commands_from_concurrent_writers_and_parallel_bulk_batches_are_all_chained_and_the_store_verifies_clean()
    {
        // HTTP commands on different streams at the same time (Quick append through Wolverine)...
        var inspections = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _given.StartedInspection()));
        // ...and the benchmark's way: StartStream batches in parallel sessions.
        var bulk = new List<Guid>();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async w =>
        {
            await using var session = app.Store.LightweightSession();
            for (var s = 0; s < 4; s++)
            {
                var id = Guid.CreateVersion7();
                lock (bulk) bulk.Add(id);
                session.Events.StartStream(id, Enumerable.Range(1, 5).Select(n => (object)new IntegrityProbe(w, n, $"批量写入 {w}/{s}/{n} \"引号\" \\ ")).ToArray());
            }
            await session.SaveChangesAsync();
        }));

        var report = await Report();
        Assert.True(report.GetProperty("ok").GetBoolean(), report.ToString());
        Assert.Empty(report.GetProperty("breaks").EnumerateArray());
        Assert.Matches("^[0-9a-f]{64}$", report.Str("digest"));

        // Every event has its hash, and each stream starts at the genesis hash.
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select count(*) filter (where h.stream_id is null), count(*) filter (where e.version = 1 and h.prev_hash <> @genesis) " +
            $"from {Schema}.mt_events e left join {Schema}.event_hashes h on h.stream_id = e.stream_id and h.version = e.version where e.type <> @tombstone", conn);
        cmd.Parameters.AddWithValue("genesis", EventHashChain.Genesis);
        cmd.Parameters.AddWithValue("tombstone", EventHashChain.TombstoneType);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));

        foreach (var id in inspections.Concat(bulk))
        {
            var one = await Report($"?streamId={id}");
            Assert.True(one.GetProperty("ok").GetBoolean(), one.ToString());
        }
        var single = await Report($"?streamId={bulk[0]}");
        Assert.Equal(1, single.Long("streams"));
        Assert.Equal(5, single.Long("events"));
    }

    [Fact]
    public async Task An_event_edited_in_the_database_is_named_by_stream_and_version()
    {
        var id = await _given.StartedInspection(); // version 1 planned, 2 started
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        string original;
        long seq;
        await using (var read = new NpgsqlCommand($"select data::text, seq_id from {Schema}.mt_events where stream_id = @s and version = 1", conn))
        {
            read.Parameters.AddWithValue("s", id);
            await using var r = await read.ExecuteReaderAsync();
            await r.ReadAsync();
            original = r.GetString(0);
            seq = r.GetInt64(1);
        }
        try
        {
            await using (var tamper = new NpgsqlCommand(
                $"update {Schema}.mt_events set data = jsonb_set(data, '{{unitName}}', '\"另一个单位\"') where seq_id = @seq", conn))
            {
                tamper.Parameters.AddWithValue("seq", seq);
                Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
            }

            // The whole store: exactly this stream, at exactly this version.
            var report = await Report();
            Assert.False(report.GetProperty("ok").GetBoolean());
            var broken = Assert.Single(report.GetProperty("breaks").EnumerateArray());
            Assert.Equal(id, broken.Id("streamId"));
            Assert.Equal(1, broken.Long("version"));
            Assert.Equal(seq, broken.Long("sequence"));
            Assert.Equal("hash_mismatch", broken.Str("problem"));
            Assert.NotEqual(broken.Str("expected"), broken.Str("stored"));

            // The same through the verifier the `verify` command uses.
            var direct = await ChainVerifier.VerifyAsync(app.Store, null, TimeProvider.System, default);
            Assert.Equal((id, 1L), (direct.Breaks.Single().StreamId, direct.Breaks.Single().Version));
            Assert.Contains($"stream {id} version 1", direct.Summary());
        }
        finally
        {
            await using var restore = new NpgsqlCommand($"update {Schema}.mt_events set data = @d::jsonb where seq_id = @seq", conn);
            restore.Parameters.AddWithValue("d", original);
            restore.Parameters.AddWithValue("seq", seq);
            await restore.ExecuteNonQueryAsync();
        }
        var after = await Report($"?streamId={id}");
        Assert.True(after.GetProperty("ok").GetBoolean(), after.ToString());
    }

    [Fact]
    public async Task An_event_appended_behind_the_triggers_back_is_reported_as_missing_its_hash()
    {
        var id = await _given.StartedInspection();
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"delete from {Schema}.event_hashes where stream_id = @s and version = 2 returning seq_id, prev_hash, hash", conn);
        cmd.Parameters.AddWithValue("s", id);
        await using (var r = await cmd.ExecuteReaderAsync()) { Assert.True(await r.ReadAsync()); }
        var report = await ChainVerifier.VerifyAsync(app.Store, id, TimeProvider.System, default);
        var b = Assert.Single(report.Breaks);
        Assert.Equal((id, 2L, "hash_missing"), (b.StreamId, b.Version, b.Problem));
        // Put it back the way the trigger computes it (the verifier's expected hash).
        await using var put = new NpgsqlCommand(
            $"insert into {Schema}.event_hashes (stream_id, version, seq_id, prev_hash, hash) " +
            $"select stream_id, 2, seq_id, (select hash from {Schema}.event_hashes where stream_id = @s and version = 1), @h from {Schema}.mt_events where stream_id = @s and version = 2", conn);
        put.Parameters.AddWithValue("s", id);
        put.Parameters.AddWithValue("h", b.Expected!);
        Assert.Equal(1, await put.ExecuteNonQueryAsync());
        Assert.True((await ChainVerifier.VerifyAsync(app.Store, id, TimeProvider.System, default)).Ok);
    }

    [Fact]
    public async Task An_event_deleted_from_the_middle_of_a_stream_is_reported_missing_at_its_version()
    {
        var (inspection, _) = await _given.Hazard(); // the inspection: 1 planned, 2 started, 3 hazard recorded
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        var removed = await DeleteEvents(conn, inspection, 2, 2);
        try
        {
            var report = await Report($"?streamId={inspection}");
            Assert.False(report.GetProperty("ok").GetBoolean());
            var broken = Assert.Single(report.GetProperty("breaks").EnumerateArray());
            // The first broken link is the gone event itself, not the next one whose stored hash no longer follows.
            Assert.Equal((inspection, 2L, removed[0].Sequence, "event_missing"), (broken.Id("streamId"), broken.Long("version"), broken.Long("sequence"), broken.Str("problem")));
            Assert.Equal(removed[0].Hash, broken.Str("expected"));

            // The whole store names the same stream and version.
            var all = await Report();
            Assert.Contains(all.GetProperty("breaks").EnumerateArray(), b => b.Id("streamId") == inspection && b.Long("version") == 2 && b.Str("problem") == "event_missing");
        }
        finally { await Restore(conn, removed); }
        Assert.True((await Report($"?streamId={inspection}")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_truncated_tail_is_reported_missing_at_the_first_version_gone()
    {
        var (inspection, _) = await _given.Hazard(); // versions 1..3
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();

        // The last event gone: what is left still chains from genesis, so only the orphaned hash tells.
        var last = await DeleteEvents(conn, inspection, 3, 3);
        try
        {
            var report = await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default);
            var b = Assert.Single(report.Breaks);
            Assert.Equal((inspection, 3L, last[0].Sequence, "event_missing"), (b.StreamId, b.Version, b.Sequence, b.Problem));
            Assert.Contains($"stream {inspection} version 3", report.Summary());
        }
        finally { await Restore(conn, last); }

        // The last two gone: the first missing version is named.
        var tail = await DeleteEvents(conn, inspection, 2, 3);
        try
        {
            var report = await Report($"?streamId={inspection}");
            Assert.False(report.GetProperty("ok").GetBoolean());
            var broken = Assert.Single(report.GetProperty("breaks").EnumerateArray());
            Assert.Equal((inspection, 2L, tail[0].Sequence, "event_missing"), (broken.Id("streamId"), broken.Long("version"), broken.Long("sequence"), broken.Str("problem")));
        }
        finally { await Restore(conn, tail); }
        Assert.True((await Report($"?streamId={inspection}")).GetProperty("ok").GetBoolean());
    }

    private sealed record Removed(long Sequence, string Hash, string Backup);

    /// <summary>
    /// Deletes the events <paramref name="from"/>..<paramref name="to"/> of a stream the way someone with the owner role could
    /// (the app's role may not), keeping copies in a side table so that <see cref="Restore"/> puts the very same rows back.
    /// </summary>
    private async Task<List<Removed>> DeleteEvents(NpgsqlConnection conn, Guid stream, long from, long to)
    {
        var backup = $"{Schema}.deleted_events_{Guid.NewGuid():N}";
        await using (var copy = new NpgsqlCommand(
            $"create table {backup} as select * from {Schema}.mt_events where stream_id = @s and version between @from and @to", conn))
        {
            copy.Parameters.AddWithValue("s", stream);
            copy.Parameters.AddWithValue("from", from);
            copy.Parameters.AddWithValue("to", to);
            await copy.ExecuteNonQueryAsync();
        }
        var removed = new List<Removed>();
        await using (var read = new NpgsqlCommand(
            $"select e.seq_id, h.hash from {backup} e join {Schema}.event_hashes h on h.stream_id = e.stream_id and h.version = e.version order by e.version", conn))
        await using (var r = await read.ExecuteReaderAsync())
            while (await r.ReadAsync()) removed.Add(new Removed(r.GetInt64(0), r.GetString(1), backup));
        Assert.Equal(to - from + 1, removed.Count);
        await using (var delete = new NpgsqlCommand($"delete from {Schema}.mt_events where seq_id in (select seq_id from {backup})", conn))
            Assert.Equal((int)(to - from + 1), await delete.ExecuteNonQueryAsync());
        return removed;
    }

    /// <summary>Puts the deleted rows back; the trigger hashes them again to the same values (same columns, same predecessor).</summary>
    private async Task Restore(NpgsqlConnection conn, List<Removed> removed)
    {
        var backup = removed[0].Backup;
        await using (var put = new NpgsqlCommand($"insert into {Schema}.mt_events select * from {backup} order by version", conn))
            await put.ExecuteNonQueryAsync();
        await using (var drop = new NpgsqlCommand($"drop table {backup}", conn))
            await drop.ExecuteNonQueryAsync();
    }
}
