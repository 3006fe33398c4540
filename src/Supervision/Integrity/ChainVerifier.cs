using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;
using Supervision.Documents;
using Supervision.Shared;

namespace Supervision.Integrity;

/// <summary>The first broken link of one stream.</summary>
/// <param name="Problem">
/// <c>hash_mismatch</c> (the event or its SHA-256 hash was changed), <c>hash_missing</c> (an event without a hash: inserted
/// behind the trigger's back), <c>event_missing</c> (a hashed event is gone), <c>sm3_mismatch</c> / <c>sm3_missing</c> (the
/// SM3 chain was changed, or a sealed link removed), <c>tail_missing</c> (the stream's version in <c>mt_streams</c> is higher
/// than its last event: events deleted with their hashes; <see cref="Version"/> is the first version gone, Expected the
/// stream's version, Stored the last event's), <c>beyond_stream_version</c> (events after the stream's recorded version:
/// appended without Marten), <c>stream_row_missing</c> (events of a stream Marten does not know).
/// </param>
public sealed record ChainBreak(Guid StreamId, long Version, long Sequence, string Problem, string? Expected, string? Stored);

/// <summary>An issued document whose frozen bytes no longer match their recorded hash or seal.</summary>
/// <param name="Problem"><c>document_sha256_mismatch</c>, <c>document_sm3_mismatch</c> or <c>document_seal_invalid</c>.</param>
public sealed record DocumentBreak(string Number, Guid StreamId, string Problem, string? Expected, string? Stored);

/// <summary>A run of sequence numbers with no event (failed appends leave these; so would deleted events).</summary>
public sealed record SequenceGap(long From, long To);

/// <summary>
/// The result of checking chains. <c>Digest</c> is SHA-256 over every stream head ("stream:version:hash\n" in
/// the order checked): write it down (or compare it with a backup's) to notice a chain rewritten as a whole.
/// </summary>
public sealed record IntegrityReport(bool Ok, long Streams, long Events, IReadOnlyList<ChainBreak> Breaks, string Digest, DateTimeOffset CheckedAt)
{
    /// <summary>Events already sealed in the SM3 chain, and those not yet (sealed at the next checkpoint).</summary>
    public long Sm3Sealed { get; init; }
    public long Sm3Pending { get; init; }
    /// <summary>The highest sequence number of an event, the sequence's last value, and how many numbers have no event.</summary>
    public long HighWater { get; init; }
    public long SequenceLastValue { get; init; }
    public long SequenceNumbersWithoutEvent { get; init; }
    /// <summary>The first runs of sequence numbers without an event (at most 20).</summary>
    public IReadOnlyList<SequenceGap> SequenceGaps { get; init; } = [];
    /// <summary>Frozen documents checked against their SHA-256, SM3 and seal.</summary>
    public long Documents { get; init; }
    public IReadOnlyList<DocumentBreak> DocumentBreaks { get; init; } = [];
    /// <summary>Each checkpoint checked (with <c>verify --checkpoint</c>).</summary>
    public IReadOnlyList<CheckpointResult> Checkpoints { get; init; } = [];

    public string Summary()
    {
        var sb = new StringBuilder();
        sb.Append(Ok
            ? $"OK: {Events} events in {Streams} streams, every hash chain intact (digest {Digest}); {Sm3Sealed} events sealed with SM3, {Sm3Pending} pending; {Documents} issued documents match their hashes"
            : $"BROKEN: {Breaks.Count} of {Streams} streams ({Events} events), {DocumentBreaks.Count} documents, {Checkpoints.Count(c => !c.Ok)} checkpoints");
        foreach (var b in Breaks)
            sb.Append($"\n  stream {b.StreamId} version {b.Version} (seq {b.Sequence}): {b.Problem}; expected {b.Expected ?? "-"}, stored {b.Stored ?? "-"}");
        foreach (var d in DocumentBreaks)
            sb.Append($"\n  document {d.Number} (stream {d.StreamId}): {d.Problem}; expected {d.Expected ?? "-"}, stored {d.Stored ?? "-"}");
        foreach (var c in Checkpoints)
            sb.Append($"\n  checkpoint line {c.Line} ({c.At:O}, {c.Reason}): {(c.Ok ? "OK" : c.Problem)} — {c.Detail}");
        if (SequenceNumbersWithoutEvent > 0)
            sb.Append($"\n  note: {SequenceNumbersWithoutEvent} sequence numbers up to {SequenceLastValue} have no event (highest event {HighWater})" +
                      (SequenceGaps.Count > 0 ? ", first: " + string.Join(", ", SequenceGaps.Select(g => g.From == g.To ? $"{g.From}" : $"{g.From}-{g.To}")) : "") +
                      "; failed appends leave such numbers, so only a checkpoint decides whether events before it are gone");
        return sb.ToString();
    }
}

/// <summary>
/// Recomputes both hash chains (SHA-256 and SM3) from the stored event rows (not from the stored hashes), compares them
/// with <c>event_hashes</c> and <c>event_hashes_sm3</c>, checks every stream's last event against <c>mt_streams.version</c>,
/// reports the global sequence's numbers without an event, checks each issued document's frozen bytes against its recorded
/// hashes and seal, and (given checkpoints) recomputes each checkpoint's Merkle root. One repeatable-read snapshot.
/// </summary>
public static class ChainVerifier
{
    public static async Task<IntegrityReport> VerifyAsync(IDocumentStore store, Guid? streamId, TimeProvider clock, CancellationToken ct,
        IReadOnlyList<(int Line, IntegrityCheckpoint Checkpoint)>? checkpoints = null)
    {
        if (checkpoints is { Count: > 0 } && streamId is not null)
            throw new ArgumentException("A checkpoint covers every stream; check it without a stream filter", nameof(streamId));
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        // One snapshot for every query, so appends running meanwhile do not look like breaks.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

        // The version Marten records for each stream (what the last event's version must be).
        var recorded = new Dictionary<Guid, long>();
        await using (var cmd = new NpgsqlCommand($"select id, version from {schema}.mt_streams {(streamId is null ? "" : "where id = @stream")}", conn, tx))
        {
            if (streamId is { } s) cmd.Parameters.AddWithValue("stream", s);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) recorded[r.GetGuid(0)] = r.IsDBNull(1) ? 0 : r.GetInt64(1);
        }

        var anchors = (checkpoints ?? []).OrderBy(c => c.Checkpoint.Batch).Select(c => new Anchor(c.Line, c.Checkpoint)).ToList();
        var breaks = new List<ChainBreak>();
        var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long streams = 0, events = 0, sealedCount = 0, pending = 0;
        var filter = streamId is null ? "" : "and e.stream_id = @stream";

        await using (var cmd = new NpgsqlCommand(
            $"select {EventHashChain.SelectColumns}, h.hash, s.sm3, s.batch from {schema}.mt_events e " +
            $"left join {schema}.{EventHashChain.TableName} h on h.stream_id = e.stream_id and h.version = e.version " +
            $"left join {schema}.{Sm3Chain.TableName} s on s.stream_id = e.stream_id and s.version = e.version " +
            $"where not (e.type = @tombstone and h.hash is null) {filter} order by e.stream_id, e.version", conn, tx))
        {
            cmd.Parameters.AddWithValue("tombstone", EventHashChain.TombstoneType);
            if (streamId is { } s) cmd.Parameters.AddWithValue("stream", s);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            StreamState? st = null;
            while (await reader.ReadAsync(ct))
            {
                var e = EventHashChain.Read(reader);
                var stored = reader.IsDBNull(13) ? null : reader.GetString(13);
                var storedSm3 = reader.IsDBNull(14) ? null : reader.GetString(14);
                long? batch = reader.IsDBNull(15) ? null : reader.GetInt64(15);
                events++;
                if (st?.Id != e.StreamId)
                {
                    if (st is not null) EndStream(st);
                    st = new StreamState(e.StreamId);
                    streams++;
                }
                var expected = EventHashChain.Compute(st.PrevSha, e);
                var expectedSm3 = EventHashChain.ComputeSm3(st.PrevSm3, e);
                if (!st.Broken)
                {
                    ChainBreak? b = null;
                    if (stored is null) b = new(e.StreamId, e.Version, e.Sequence, "hash_missing", expected, null);
                    else if (stored != expected) b = new(e.StreamId, e.Version, e.Sequence, "hash_mismatch", expected, stored);
                    else if (storedSm3 is not null && st.FirstUnsealed is { } gap)
                        b = new(e.StreamId, gap.Version, gap.Sequence, "sm3_missing", gap.Sm3, null);
                    else if (storedSm3 is not null && storedSm3 != expectedSm3) b = new(e.StreamId, e.Version, e.Sequence, "sm3_mismatch", expectedSm3, storedSm3);
                    if (b is not null) { breaks.Add(b); st.Broken = true; }
                }
                if (storedSm3 is null) { pending++; st.FirstUnsealed ??= (e.Version, e.Sequence, expectedSm3); }
                else sealedCount++;
                st.PrevSha = expected;
                st.PrevSm3 = expectedSm3;
                st.LastVersion = e.Version;
                st.LastSequence = e.Sequence;
                if (batch is { } bn)
                {
                    if (!st.Batches.TryGetValue(bn, out var acc) || e.Version > acc.Version)
                        st.Batches[bn] = (e.Version, expected, expectedSm3, Math.Max(e.Sequence, acc.MaxSeq), acc.Count + 1);
                    else st.Batches[bn] = acc with { MaxSeq = Math.Max(e.Sequence, acc.MaxSeq), Count = acc.Count + 1 };
                }
            }
            if (st is not null) EndStream(st);
        }

        // Streams Marten records with events, none of which is left.
        foreach (var (id, version) in recorded.Where(r => r.Value > 0))
            breaks.Add(new ChainBreak(id, 1, 0, "tail_missing", version.ToString(), "0"));

        // Hashes (or SM3 links) without their event: an event was deleted (the chain of the events left may still look whole
        // when it was the last one). A deleted event in the middle also makes the next event's hash mismatch; the missing
        // event comes first, so it is the break reported for the stream.
        await using (var cmd = new NpgsqlCommand(
            $"select x.stream_id, x.version, min(x.seq_id), min(x.hash) from (" +
            $"select stream_id, version, seq_id, hash from {schema}.{EventHashChain.TableName} union all " +
            $"select stream_id, version, seq_id, sm3 from {schema}.{Sm3Chain.TableName}) x " +
            $"left join {schema}.mt_events e on e.stream_id = x.stream_id and e.version = x.version " +
            $"where e.seq_id is null {(streamId is null ? "" : "and x.stream_id = @stream")} group by x.stream_id, x.version order by x.stream_id, x.version", conn, tx))
        {
            if (streamId is { } s) cmd.Parameters.AddWithValue("stream", s);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetGuid(0);
                var missing = new ChainBreak(id, reader.GetInt64(1), reader.GetInt64(2), "event_missing", reader.GetString(3), null);
                var known = breaks.FindIndex(b => b.StreamId == id);
                if (known < 0) breaks.Add(missing);
                else if (missing.Version <= breaks[known].Version) breaks[known] = missing;
            }
        }

        // The global sequence: numbers handed out without an event left.
        long highWater = 0, lastValue = 0, rows = 0;
        var gaps = new List<SequenceGap>();
        if (streamId is null)
        {
            await using (var cmd = new NpgsqlCommand(
                $"select coalesce(max(seq_id), 0), count(*), (select case when is_called then last_value else last_value - 1 end from {schema}.mt_events_sequence) from {schema}.mt_events", conn, tx))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                await r.ReadAsync(ct);
                (highWater, rows, lastValue) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            }
            await using (var cmd = new NpgsqlCommand(
                $"select seq_id + 1, next - 1 from (select seq_id, lead(seq_id, 1, @last + 1) over (order by seq_id) as next " +
                $"from (select 0::bigint as seq_id union all select seq_id from {schema}.mt_events) z) g where next > seq_id + 1 order by seq_id limit 20", conn, tx))
            {
                cmd.Parameters.AddWithValue("last", lastValue);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) gaps.Add(new SequenceGap(r.GetInt64(0), r.GetInt64(1)));
            }
        }

        var documents = await CheckDocumentsAsync(conn, tx, schema, streamId, ct);
        await tx.CommitAsync(ct);

        var results = anchors.Select(a => a.Result()).OrderBy(r => r.Line).ToList();
        return new IntegrityReport(breaks.Count == 0 && documents.Breaks.Count == 0 && results.All(r => r.Ok), streams, events, breaks,
            Convert.ToHexStringLower(digest.GetHashAndReset()), clock.GetUtcNow())
        {
            Sm3Sealed = sealedCount, Sm3Pending = pending, HighWater = highWater, SequenceLastValue = lastValue,
            SequenceNumbersWithoutEvent = Math.Max(0, lastValue - rows), SequenceGaps = gaps,
            Documents = documents.Count, DocumentBreaks = documents.Breaks, Checkpoints = results,
        };

        void EndStream(StreamState st)
        {
            if (!st.Broken) AddHead(digest, st.Id, st.LastVersion, st.PrevSha);
            if (recorded.Remove(st.Id, out var version))
            {
                if (!st.Broken && version > st.LastVersion)
                    breaks.Add(new ChainBreak(st.Id, st.LastVersion + 1, st.LastSequence, "tail_missing", version.ToString(), st.LastVersion.ToString()));
                else if (!st.Broken && version < st.LastVersion)
                    breaks.Add(new ChainBreak(st.Id, version + 1, st.LastSequence, "beyond_stream_version", version.ToString(), st.LastVersion.ToString()));
            }
            else if (!st.Broken)
                breaks.Add(new ChainBreak(st.Id, 1, 0, "stream_row_missing", null, st.LastVersion.ToString()));
            foreach (var anchor in anchors) anchor.Add(st);
        }
    }

    /// <summary>
    /// <c>verify --checkpoint</c>: every line of the file is checked (link, signature, trusted key) and the store is checked
    /// against every line that passes: its Merkle root, stream and event counts recomputed from the rows.
    /// </summary>
    public static async Task<IntegrityReport> VerifyAgainstCheckpointsAsync(IDocumentStore store, string checkpointFile, IReadOnlyCollection<string> trustedKeys,
        string? keyDirectory, TimeProvider clock, CancellationToken ct)
    {
        var (valid, problems) = IntegrityCheckpoints.Read(checkpointFile, store.Options.Events.DatabaseSchemaName, trustedKeys, keyDirectory);
        var report = await VerifyAsync(store, null, clock, ct, valid);
        var all = report.Checkpoints.Concat(problems).OrderBy(c => c.Line).ToList();
        if (all.Count == 0) all.Add(new CheckpointResult(0, null, null, false, "no_checkpoint", $"{checkpointFile} holds no checkpoint"));
        return report with { Ok = report.Ok && all.All(c => c.Ok), Checkpoints = all };
    }

    private static async Task<(long Count, List<DocumentBreak> Breaks)> CheckDocumentsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string schema,
        Guid? streamId, CancellationToken ct)
    {
        var breaks = new List<DocumentBreak>();
        long count = 0;
        // The frozen bytes are what every reader gets; the projections they were rendered from are not read again.
        await using var cmd = new NpgsqlCommand(
            $"select id, (data->>'streamId')::uuid, data->>'content', data->>'sha256', data->>'sm3', data->>'sealPublicKey', data->>'sealSignature' " +
            $"from {schema}.mt_doc_issueddocument where data->>'content' is not null " +
            (streamId is null ? "" : "and data->>'streamId' = @stream ") + "order by id", conn, tx);
        if (streamId is { } s) cmd.Parameters.AddWithValue("stream", s.ToString());
        NpgsqlDataReader r;
        try { r = await cmd.ExecuteReaderAsync(ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { return (0, breaks); }
        await using (r)
        {
            while (await r.ReadAsync(ct))
            {
                count++;
                string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
                var (number, stream, content) = (r.GetString(0), r.GetGuid(1), r.GetString(2));
                var sha = IssuedDocumentContent.Sha256Hex(content);
                var sm3 = IssuedDocumentContent.Sm3Hex(content);
                if (S(3) != sha) breaks.Add(new DocumentBreak(number, stream, "document_sha256_mismatch", sha, S(3)));
                else if (S(4) is { } storedSm3 && storedSm3 != sm3) breaks.Add(new DocumentBreak(number, stream, "document_sm3_mismatch", sm3, storedSm3));
                else if (S(6) is { } signature && !(S(5) is { } key && DepartmentSeals.Verify(key, content, signature)))
                    breaks.Add(new DocumentBreak(number, stream, "document_seal_invalid", null, signature));
            }
        }
        return (count, breaks);
    }

    private static void AddHead(IncrementalHash digest, Guid stream, long version, string hash) =>
        digest.AppendData(Encoding.UTF8.GetBytes($"{stream}:{version}:{hash}\n"));

    private sealed class StreamState(Guid id)
    {
        public Guid Id { get; } = id;
        public string PrevSha = EventHashChain.Genesis;
        public string PrevSm3 = EventHashChain.Genesis;
        public bool Broken;
        public long LastVersion;
        public long LastSequence;
        public (long Version, long Sequence, string Sm3)? FirstUnsealed;
        /// <summary>Per sealing batch: its last event (recomputed hashes), highest sequence number and event count.</summary>
        public readonly SortedDictionary<long, (long Version, string Sha, string Sm3, long MaxSeq, long Count)> Batches = new();
    }

    /// <summary>One checkpoint being recomputed from the rows: the heads as of its batch, folded as they come (stream order).</summary>
    private sealed class Anchor(int line, IntegrityCheckpoint checkpoint)
    {
        private readonly MerkleSm3 _tree = new();
        private long _events, _highWater;

        public void Add(StreamState st)
        {
            (long Version, string Sha, string Sm3)? head = null;
            foreach (var (batch, acc) in st.Batches)
            {
                if (batch > checkpoint.Batch) break;
                _events += acc.Count;
                _highWater = Math.Max(_highWater, acc.MaxSeq);
                if (head is null || acc.Version > head.Value.Version) head = (acc.Version, acc.Sha, acc.Sm3);
            }
            if (head is { } h) _tree.Add(IntegrityCheckpoints.Leaf(st.Id, h.Version, h.Sha, h.Sm3));
        }

        public CheckpointResult Result()
        {
            var root = _tree.Root();
            var ok = root == checkpoint.Root && _tree.Count == checkpoint.Streams && _events == checkpoint.Events && _highWater == checkpoint.HighWater;
            return new CheckpointResult(line, checkpoint.At, checkpoint.Reason, ok, ok ? null : "root_mismatch",
                ok ? $"{checkpoint.Streams} streams, {checkpoint.Events} events up to sequence {checkpoint.HighWater}: unchanged since the checkpoint"
                   : $"signed: {checkpoint.Streams} streams, {checkpoint.Events} events up to sequence {checkpoint.HighWater}, root {checkpoint.Root}; " +
                     $"recomputed now: {_tree.Count} streams, {_events} events up to sequence {_highWater}, root {root} — something before the checkpoint was changed or removed");
        }
    }
}
