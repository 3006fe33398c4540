using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace Supervision.Integrity;

/// <summary>The first broken link of one stream.</summary>
/// <param name="Problem"><c>hash_mismatch</c> (the event or its hash was changed), <c>hash_missing</c> (an event
/// without a hash: inserted behind the trigger's back) or <c>event_missing</c> (a hashed event is gone).</param>
public sealed record ChainBreak(Guid StreamId, long Version, long Sequence, string Problem, string? Expected, string? Stored);

/// <summary>The head of a stream's chain: its last version and that event's hash.</summary>
public sealed record ChainHead(Guid StreamId, long Version, string Hash);

/// <summary>
/// The result of checking chains. <c>Digest</c> is SHA-256 over every stream head ("stream:version:hash\n" in
/// the order checked): write it down (or compare it with a backup's) to notice a chain rewritten as a whole.
/// </summary>
public sealed record IntegrityReport(bool Ok, long Streams, long Events, IReadOnlyList<ChainBreak> Breaks, string Digest, DateTimeOffset CheckedAt)
{
    public string Summary() => Ok
        ? $"OK: {Events} events in {Streams} streams, every hash chain intact (digest {Digest})"
        : $"BROKEN: {Breaks.Count} of {Streams} streams ({Events} events); first break per stream:" + string.Concat(Breaks.Select(b =>
            $"\n  stream {b.StreamId} version {b.Version} (seq {b.Sequence}): {b.Problem}; expected {b.Expected ?? "-"}, stored {b.Stored ?? "-"}"));
}

/// <summary>
/// Recomputes the hash chains from the stored event rows (not from the stored hashes) and compares them with
/// <c>event_hashes</c>. Walks every event in (stream, version) order with one streaming query.
/// </summary>
public static class ChainVerifier
{
    public static async Task<IntegrityReport> VerifyAsync(IDocumentStore store, Guid? streamId, TimeProvider clock, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        // One snapshot for both queries, so appends running meanwhile do not look like breaks.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

        var breaks = new List<ChainBreak>();
        var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long streams = 0, events = 0;
        var filter = streamId is null ? "" : "and e.stream_id = @stream";

        await using (var cmd = new NpgsqlCommand(
            $"select {EventHashChain.SelectColumns}, h.hash, h.seq_id from {schema}.mt_events e " +
            $"left join {schema}.{EventHashChain.TableName} h on h.stream_id = e.stream_id and h.version = e.version " +
            $"where not (e.type = @tombstone and h.hash is null) {filter} order by e.stream_id, e.version", conn, tx))
        {
            cmd.Parameters.AddWithValue("tombstone", EventHashChain.TombstoneType);
            if (streamId is { } s) cmd.Parameters.AddWithValue("stream", s);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            Guid? current = null;
            var prev = EventHashChain.Genesis;
            var broken = false;
            long headVersion = 0;
            while (await reader.ReadAsync(ct))
            {
                var e = EventHashChain.Read(reader);
                var stored = reader.IsDBNull(13) ? null : reader.GetString(13);
                events++;
                if (current != e.StreamId)
                {
                    if (current is { } done && !broken) AddHead(digest, done, headVersion, prev);
                    current = e.StreamId;
                    streams++;
                    prev = EventHashChain.Genesis;
                    broken = false;
                }
                if (broken) continue;
                var expected = EventHashChain.Compute(prev, e);
                if (stored is null) { breaks.Add(new ChainBreak(e.StreamId, e.Version, e.Sequence, "hash_missing", expected, null)); broken = true; }
                else if (stored != expected) { breaks.Add(new ChainBreak(e.StreamId, e.Version, e.Sequence, "hash_mismatch", expected, stored)); broken = true; }
                prev = expected;
                headVersion = e.Version;
            }
            if (current is { } last && !broken) AddHead(digest, last, headVersion, prev);
        }

        // Hashes without their event: an event was deleted (the chain of the events left may still look whole
        // when it was the last one). A deleted event in the middle also makes the next event's hash mismatch; the
        // missing event comes first, so it is the break reported for the stream.
        await using (var cmd = new NpgsqlCommand(
            $"select h.stream_id, h.version, h.seq_id, h.hash from {schema}.{EventHashChain.TableName} h " +
            $"left join {schema}.mt_events e on e.stream_id = h.stream_id and e.version = h.version " +
            $"where e.seq_id is null {(streamId is null ? "" : "and h.stream_id = @stream")} order by h.stream_id, h.version", conn, tx))
        {
            if (streamId is { } s) cmd.Parameters.AddWithValue("stream", s);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetGuid(0);
                var missing = new ChainBreak(id, reader.GetInt64(1), reader.GetInt64(2), "event_missing", reader.GetString(3), null);
                var known = breaks.FindIndex(b => b.StreamId == id);
                if (known < 0) breaks.Add(missing);
                else if (missing.Version < breaks[known].Version) breaks[known] = missing;
            }
        }
        await tx.CommitAsync(ct);

        return new IntegrityReport(breaks.Count == 0, streams, events, breaks, Convert.ToHexStringLower(digest.GetHashAndReset()), clock.GetUtcNow());
    }

    private static void AddHead(IncrementalHash digest, Guid stream, long version, string hash) =>
        digest.AppendData(Encoding.UTF8.GetBytes($"{stream}:{version}:{hash}\n"));
}
