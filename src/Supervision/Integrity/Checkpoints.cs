using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Math;
using Supervision.Documents;
using Supervision.Shared;

namespace Supervision.Integrity;

/// <summary>
/// A signed checkpoint (anchor) of the whole event store: every stream's head (version, SHA-256 link, SM3 link) as of
/// sealing batch <see cref="Batch"/>, folded into one SM3 Merkle root, with the sequence high-water mark, the event count
/// and the time, signed by the region's SM2 seal key. Written as one JSON line to a file outside the database and to the log.
/// <see cref="Prev"/> is the SM3 of the file's previous line (64 zeros for the first), so a line removed or changed in the
/// middle of the file breaks the next one's link.
/// </summary>
public sealed record IntegrityCheckpoint(
    string Format, string Schema, DateTimeOffset At, string Reason, long Batch, long HighWater, long Streams, long Events,
    string Root, string Prev, string KeyId, string PublicKey, string Signature)
{
    /// <summary>The signed text: every field but the key and the signature, one per line, in a fixed order.</summary>
    public string Payload() => string.Join('\n',
        Format, "schema=" + Schema, "at=" + At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        "reason=" + Reason, "batch=" + Batch, "highWater=" + HighWater, "streams=" + Streams, "events=" + Events, "root=" + Root, "prev=" + Prev, "keyId=" + KeyId);
}

/// <summary>One checkpoint line checked: its signature and link, and (when it verifies) the store against its root.</summary>
public sealed record CheckpointResult(int Line, DateTimeOffset? At, string? Reason, bool Ok, string? Problem, string Detail);

public sealed class CheckpointOptions
{
    /// <summary>The append-only JSON-lines file; null: checkpoints go to the log only.</summary>
    public string? File { get; init; }
    /// <summary>How often a checkpoint is written (default hourly); zero or less: only at archival exports and on demand.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    public static CheckpointOptions From(Microsoft.Extensions.Configuration.IConfiguration cfg)
    {
        var file = cfg["Supervision:Integrity:CheckpointFile"];
        if (string.IsNullOrWhiteSpace(file) && cfg["Supervision:KeyDirectory"] is { Length: > 0 } keys) file = Path.Combine(keys, "checkpoints.jsonl");
        var minutes = double.TryParse(cfg["Supervision:Integrity:CheckpointIntervalMinutes"], System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 60.0;
        return new CheckpointOptions { File = string.IsNullOrWhiteSpace(file) ? null : file, Interval = TimeSpan.FromMinutes(minutes) };
    }
}

/// <summary>An RFC 6962-shaped Merkle tree with SM3: leaf = SM3(0x00 ‖ text), node = SM3(0x01 ‖ left ‖ right), built as leaves arrive.</summary>
public sealed class MerkleSm3
{
    private readonly List<(int Level, byte[] Hash)> _stack = [];
    public long Count { get; private set; }

    public void Add(string leafText)
    {
        var bytes = Encoding.UTF8.GetBytes(leafText);
        var hash = Sm3([0x00], bytes);
        Count++;
        var level = 0;
        // Binary-counter merge: equal-sized subtrees combine as soon as both exist.
        while (_stack.Count > 0 && _stack[^1].Level == level)
        {
            hash = Sm3([0x01], _stack[^1].Hash, hash);
            _stack.RemoveAt(_stack.Count - 1);
            level++;
        }
        _stack.Add((level, hash));
    }

    public string Root()
    {
        if (_stack.Count == 0) return Convert.ToHexStringLower(Sm3());
        var hash = _stack[^1].Hash;
        for (var i = _stack.Count - 2; i >= 0; i--) hash = Sm3([0x01], _stack[i].Hash, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static byte[] Sm3(params byte[][] parts)
    {
        var digest = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        foreach (var p in parts) digest.BlockUpdate(p, 0, p.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return hash;
    }
}

/// <summary>Writes checkpoints (sealing the SM3 chain first) and reads and checks checkpoint files.</summary>
public static class IntegrityCheckpoints
{
    public const string Format = "supervision-checkpoint/1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The region (level 1): its archives department's seal key signs the checkpoints.</summary>
    public static string RegionId => JurisdictionCatalogue.All.First(j => j.Level == 1).Id;

    public static string Leaf(Guid stream, long version, string sha256, string sm3) => $"{stream}:{version}:{sha256}:{sm3}";

    /// <summary>
    /// Seals the SM3 chain up to now, folds every stream's head into the Merkle root, signs, appends the line to the file
    /// (if any) and logs it. One at a time per store (the sealing lock).
    /// </summary>
    public static async Task<IntegrityCheckpoint> WriteAsync(IDocumentStore store, DepartmentSeals seals, CheckpointOptions options, string reason,
        TimeProvider clock, ILogger log, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await Sm3Chain.LockAsync(conn, schema, ct);
        try
        {
            var sealedNow = await Sm3Chain.SealAsync(conn, schema, clock, log, ct);
            var tree = new MerkleSm3();
            long batch, events, highWater;
            await using (var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct))
            {
                await using (var cmd = new NpgsqlCommand($"select coalesce(max(batch), 0), count(*), coalesce(max(seq_id), 0) from {schema}.{Sm3Chain.TableName}", conn, tx))
                await using (var r = await cmd.ExecuteReaderAsync(ct))
                {
                    await r.ReadAsync(ct);
                    (batch, events, highWater) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
                }
                // Every stream's sealed head, in the order the verifier walks the streams (PostgreSQL's uuid order).
                await using (var cmd = new NpgsqlCommand(
                    $"select distinct on (s.stream_id) s.stream_id, s.version, h.hash, s.sm3 from {schema}.{Sm3Chain.TableName} s " +
                    $"join {schema}.{EventHashChain.TableName} h on h.stream_id = s.stream_id and h.version = s.version " +
                    "where s.batch <= @batch order by s.stream_id, s.version desc", conn, tx))
                {
                    cmd.Parameters.AddWithValue("batch", batch);
                    await using var r = await cmd.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct)) tree.Add(Leaf(r.GetGuid(0), r.GetInt64(1), r.GetString(2), r.GetString(3)));
                }
                await tx.CommitAsync(ct);
            }

            var checkpoint = AppendSigned(options.File, prev =>
            {
                var unsigned = new IntegrityCheckpoint(Format, schema, clock.GetUtcNow(), reason, batch, highWater, tree.Count, events, tree.Root(), prev, "", "", "");
                var keyId = seals.KeyIdOf(RegionId);
                var signed = unsigned with { KeyId = keyId };
                var seal = seals.Sign(RegionId, signed.Payload());
                return signed with { PublicKey = seal.PublicKeyHex, Signature = seal.SignatureHex };
            });
            log.LogInformation("Integrity checkpoint ({Reason}): {Streams} streams, {Events} events up to sequence {HighWater}, root {Root}, " +
                               "{Sealed} events newly sealed with SM3; {Line}",
                reason, checkpoint.Streams, checkpoint.Events, checkpoint.HighWater, checkpoint.Root, sealedNow.Sealed, JsonSerializer.Serialize(checkpoint, Json));
            return checkpoint;
        }
        finally { await Sm3Chain.UnlockAsync(conn, schema); }
    }

    /// <summary>Appends a line built from the previous line's SM3 (read first), opened for append only (works with chattr +a).</summary>
    private static IntegrityCheckpoint AppendSigned(string? path, Func<string, IntegrityCheckpoint> build)
    {
        if (path is null) return build(EventHashChain.Genesis);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        var last = File.Exists(path) ? LastLine(path) : null;
        var checkpoint = build(last is null ? EventHashChain.Genesis : EventHashChain.Sm3Hex(Encoding.UTF8.GetBytes(last)));
        var line = JsonSerializer.Serialize(checkpoint, Json) + "\n";
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(Encoding.UTF8.GetBytes(line));
        file.Flush(flushToDisk: true);
        return checkpoint;
    }

    private static string? LastLine(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var take = (int)Math.Min(file.Length, 64 * 1024);
        file.Seek(-take, SeekOrigin.End);
        var buffer = new byte[take];
        file.ReadExactly(buffer);
        var text = Encoding.UTF8.GetString(buffer).TrimEnd('\n');
        var cut = text.LastIndexOf('\n');
        return text.Length == 0 ? null : cut < 0 ? text : text[(cut + 1)..];
    }

    /// <summary>
    /// Reads a checkpoint file and checks each line's link to the previous line and its SM2 signature by a trusted key: the
    /// keys given (hex), else the region's key of that id in the key directory. Returns the lines that pass (for the store
    /// to be checked against) and a result per line that does not.
    /// </summary>
    public static (List<(int Line, IntegrityCheckpoint Checkpoint)> Valid, List<CheckpointResult> Problems) Read(
        string path, string schema, IReadOnlyCollection<string> trustedKeys, string? keyDirectory)
    {
        var valid = new List<(int, IntegrityCheckpoint)>();
        var problems = new List<CheckpointResult>();
        var lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        var prev = EventHashChain.Genesis;
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i];
            if (text.Length == 0) continue;
            var n = i + 1;
            var link = EventHashChain.Sm3Hex(Encoding.UTF8.GetBytes(text));
            IntegrityCheckpoint? c = null;
            try { c = JsonSerializer.Deserialize<IntegrityCheckpoint>(text, Json); }
            catch (JsonException) { }
            if (c is null || c.Format != Format || c.Root is null || c.Signature is null || c.PublicKey is null || c.KeyId is null || c.Prev is null || c.Schema is null)
                problems.Add(new CheckpointResult(n, null, null, false, "unreadable", $"line {n} is not a {Format} checkpoint"));
            else if (c.Prev != prev)
                problems.Add(new CheckpointResult(n, c.At, c.Reason, false, "link_broken",
                    $"line {n} does not follow the line before it (prev {c.Prev}, the line before hashes to {prev}): a line before it was changed or removed"));
            else if (!DepartmentSeals.Verify(c.PublicKey, c.Payload(), c.Signature))
                problems.Add(new CheckpointResult(n, c.At, c.Reason, false, "signature_invalid", $"the SM2 signature over line {n} does not verify: the line was changed after signing"));
            else if (!(trustedKeys.Contains(c.PublicKey, StringComparer.OrdinalIgnoreCase) || PublicKeyOf(keyDirectory, c.KeyId) == c.PublicKey))
                problems.Add(new CheckpointResult(n, c.At, c.Reason, false, "key_untrusted",
                    $"line {n} is signed by key {c.KeyId} ({c.PublicKey[..Math.Min(16, c.PublicKey.Length)]}…), which is not the region's key: pass the region's public key with --public-key or run with its key directory"));
            else if (c.Schema != schema)
                problems.Add(new CheckpointResult(n, c.At, c.Reason, false, "other_store", $"line {n} is a checkpoint of schema {c.Schema}, not {schema}"));
            else valid.Add((n, c));
            prev = link;
        }
        return (valid, problems);
    }

    /// <summary>The public key (uncompressed, hex) of a seal key file <c>&lt;keyDirectory&gt;/seal/&lt;keyId&gt;.sm2</c>, or null.</summary>
    public static string? PublicKeyOf(string? keyDirectory, string keyId)
    {
        if (keyDirectory is not { Length: > 0 } || keyId.Contains('/') || keyId.Contains('\\') || keyId.Contains("..")) return null;
        var path = Path.Combine(keyDirectory, "seal", keyId + ".sm2");
        if (!File.Exists(path)) return null;
        var x9 = GMNamedCurves.GetByName("sm2p256v1");
        var q = x9.G.Multiply(new BigInteger(File.ReadAllText(path).Trim(), 16)).Normalize();
        return Convert.ToHexStringLower(q.GetEncoded(false));
    }
}

/// <summary>Writes a checkpoint every <see cref="CheckpointOptions.Interval"/> (on the app's TimeProvider's timers).</summary>
public sealed class IntegrityCheckpointService(IDocumentStore store, DepartmentSeals seals, CheckpointOptions options, TimeProvider clock,
    ILogger<IntegrityCheckpointService> log) : BackgroundService
{
    /// <summary>Raised after each scheduled checkpoint (tests wait on it instead of sleeping).</summary>
    public event Action<IntegrityCheckpoint>? Written;

    private PeriodicTimer? _timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here, not in ExecuteAsync (which .NET runs on a background thread): the interval counts from the start.
        if (options.Interval > TimeSpan.Zero) _timer = new PeriodicTimer(options.Interval, clock);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is not { } timer) return;
        using var _ = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { Written?.Invoke(await IntegrityCheckpoints.WriteAsync(store, seals, options, "scheduled", clock, log, stoppingToken)); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An outage must not stop the schedule; the next tick tries again.
                    log.LogError(e, "Integrity checkpoint failed; retrying at the next interval");
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}

public static class IntegrityServices
{
    /// <summary>Checkpoint options and the hourly checkpoint service (Supervision:Integrity:CheckpointFile, CheckpointIntervalMinutes).</summary>
    public static void AddIntegrityCheckpoints(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration cfg)
    {
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, CheckpointOptions.From(cfg));
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IntegrityCheckpointService>(services);
        Microsoft.Extensions.DependencyInjection.ServiceCollectionHostedServiceExtensions.AddHostedService(services,
            sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IntegrityCheckpointService>(sp));
    }
}
