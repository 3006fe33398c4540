using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Tables;

namespace Supervision.Integrity;

/// <summary>
/// The second chain, in SM3 (GB/T 32905-2016, as DA/T 97 expects of electronic records), beside the SHA-256 chain the
/// trigger writes. PostgreSQL has no SM3 (pgcrypto only where the server's OpenSSL build happens to offer it), so the app
/// computes it: <see cref="SealAsync"/> extends every stream's SM3 chain over the events the trigger has hashed and not yet
/// sealed, in (stream, version) order, and runs before every checkpoint (<see cref="IntegrityCheckpoints"/>). So the SM3
/// chain lags the SHA-256 chain by at most one checkpoint interval, and every checkpoint signs both chains' heads.
/// </summary>
/// <remarks>
/// <c>event_hashes_sm3 (stream_id, version) → seq_id, prev_sm3, sm3, batch, sealed_at</c>: insert-only, like the other
/// two tables. <c>batch</c> numbers the sealing runs (1, 2, …); a checkpoint names the last batch it covers, so the
/// verifier knows which events a checkpoint covered even when an event with a lower sequence number committed later.
/// A row is only sealed when its SHA-256 link verifies against the stored hash and follows the previous event; a stream
/// whose SHA-256 chain is broken is left unsealed from the break on (and logged), for <c>verify</c> to name.
/// </remarks>
public static class Sm3Chain
{
    public const string TableName = "event_hashes_sm3";
    /// <summary>Session advisory lock (with the schema as second key): one sealing run and checkpoint at a time per store, across nodes.</summary>
    public const int LockKey = 0x53563343; // "SV3C"
    private const int Chunk = 2000;

    public sealed class Sm3Table : Table
    {
        public Sm3Table(string schema) : base(new Weasel.Postgresql.PostgresqlObjectName(schema, TableName))
        {
            AddColumn<Guid>("stream_id").AsPrimaryKey();
            AddColumn<long>("version").AsPrimaryKey();
            AddColumn<long>("seq_id").NotNull();
            AddColumn("prev_sm3", "character(64)").NotNull();
            AddColumn("sm3", "character(64)").NotNull();
            AddColumn<long>("batch").NotNull();
            AddColumn<DateTimeOffset>("sealed_at").NotNull();
        }
    }

    public sealed record SealResult(long Batch, long Sealed, IReadOnlyList<Guid> Refused);

    /// <summary>
    /// Seals every hashed event not yet sealed. The caller holds <see cref="LockKey"/> on <paramref name="conn"/>
    /// (<see cref="IntegrityCheckpoints"/> does); each chunk commits on its own.
    /// </summary>
    public static async Task<SealResult> SealAsync(NpgsqlConnection conn, string schema, TimeProvider clock, ILogger? log, CancellationToken ct)
    {
        long batch;
        await using (var cmd = new NpgsqlCommand($"select coalesce(max(batch), 0) + 1 from {schema}.{TableName}", conn))
            batch = (long)(await cmd.ExecuteScalarAsync(ct))!;

        var refused = new HashSet<Guid>();
        (Guid Stream, long Version) after = (Guid.Empty, 0);
        long sealedCount = 0;
        // The last sealed link of the stream being sealed, carried from one chunk to the next.
        var heads = new Dictionary<Guid, (long Version, string Sha, string Sm3)>();
        while (true)
        {
            var rows = new List<(EventHashChain.EventRow E, string PrevSha, string Sha)>();
            await using (var cmd = new NpgsqlCommand(
                $"select {EventHashChain.SelectColumns}, h.prev_hash, h.hash from {schema}.mt_events e " +
                $"join {schema}.{EventHashChain.TableName} h on h.stream_id = e.stream_id and h.version = e.version " +
                $"left join {schema}.{TableName} s on s.stream_id = e.stream_id and s.version = e.version " +
                "where s.stream_id is null and (e.stream_id, e.version) > (@after_stream, @after_version) " +
                $"order by e.stream_id, e.version limit {Chunk}", conn))
            {
                cmd.Parameters.AddWithValue("after_stream", after.Stream);
                cmd.Parameters.AddWithValue("after_version", after.Version);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) rows.Add((EventHashChain.Read(r), r.GetString(13), r.GetString(14)));
            }
            if (rows.Count == 0) break;
            after = (rows[^1].E.StreamId, rows[^1].E.Version);

            var unknown = rows.Select(x => x.E.StreamId).Distinct().Where(s => !heads.ContainsKey(s)).ToArray();
            if (unknown.Length > 0)
            {
                await using var cmd = new NpgsqlCommand(
                    $"select distinct on (s.stream_id) s.stream_id, s.version, h.hash, s.sm3 from {schema}.{TableName} s " +
                    $"left join {schema}.{EventHashChain.TableName} h on h.stream_id = s.stream_id and h.version = s.version " +
                    "where s.stream_id = any(@ids) order by s.stream_id, s.version desc", conn);
                cmd.Parameters.AddWithValue("ids", unknown);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                    heads[r.GetGuid(0)] = (r.GetInt64(1), r.IsDBNull(2) ? "" : r.GetString(2), r.GetString(3));
            }

            var streams = new List<Guid>(); var versions = new List<long>(); var seqs = new List<long>();
            var prevs = new List<string>(); var links = new List<string>();
            foreach (var (e, prevSha, sha) in rows)
            {
                if (refused.Contains(e.StreamId)) continue;
                var (headVersion, headSha, headSm3) = heads.TryGetValue(e.StreamId, out var h) ? h : (0L, EventHashChain.Genesis, EventHashChain.Genesis);
                // Seal only what still verifies: the stored SHA-256 link is this row's, and it follows the sealed predecessor.
                string? problem = e.Version != headVersion + 1 ? $"version {e.Version} follows sealed version {headVersion}"
                    : prevSha != headSha ? "its SHA-256 link does not follow the previous event"
                    : EventHashChain.Compute(prevSha, e) != sha ? "its stored SHA-256 hash does not match the event" : null;
                if (problem is not null)
                {
                    refused.Add(e.StreamId);
                    log?.LogError("Integrity: stream {StreamId} version {Version} not sealed with SM3: {Problem}; run `verify`", e.StreamId, e.Version, problem);
                    continue;
                }
                var sm3 = EventHashChain.ComputeSm3(headSm3, e);
                streams.Add(e.StreamId); versions.Add(e.Version); seqs.Add(e.Sequence); prevs.Add(headSm3); links.Add(sm3);
                heads[e.StreamId] = (e.Version, sha, sm3);
            }
            if (streams.Count == 0) continue;
            await using (var insert = new NpgsqlCommand(
                $"insert into {schema}.{TableName} (stream_id, version, seq_id, prev_sm3, sm3, batch, sealed_at) " +
                "select s, v, q, p, l, @batch, @at from unnest(@s, @v, @q, @p, @l) as x(s, v, q, p, l) on conflict do nothing", conn))
            {
                insert.Parameters.AddWithValue("s", streams.ToArray());
                insert.Parameters.AddWithValue("v", versions.ToArray());
                insert.Parameters.AddWithValue("q", seqs.ToArray());
                insert.Parameters.AddWithValue("p", NpgsqlDbType.Array | NpgsqlDbType.Text, prevs.ToArray());
                insert.Parameters.AddWithValue("l", NpgsqlDbType.Array | NpgsqlDbType.Text, links.ToArray());
                insert.Parameters.AddWithValue("batch", batch);
                insert.Parameters.AddWithValue("at", clock.GetUtcNow());
                sealedCount += await insert.ExecuteNonQueryAsync(ct);
            }
        }
        return new SealResult(batch, sealedCount, refused.ToList());
    }

    /// <summary>Takes the sealing lock on a session (released by <see cref="UnlockAsync"/> or when the connection closes).</summary>
    public static async Task LockAsync(NpgsqlConnection conn, string schema, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select pg_advisory_lock(@k, hashtext(@schema))", conn);
        cmd.Parameters.AddWithValue("k", LockKey);
        cmd.Parameters.AddWithValue("schema", schema);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task UnlockAsync(NpgsqlConnection conn, string schema)
    {
        await using var cmd = new NpgsqlCommand("select pg_advisory_unlock(@k, hashtext(@schema))", conn);
        cmd.Parameters.AddWithValue("k", LockKey);
        cmd.Parameters.AddWithValue("schema", schema);
        await cmd.ExecuteNonQueryAsync();
    }
}
