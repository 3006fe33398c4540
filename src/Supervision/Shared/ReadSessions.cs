using System.Diagnostics;
using System.Net.Sockets;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Supervision.Shared;

/// <summary>
/// Reads beyond one server (issue 18 §4): <c>ConnectionStrings:MartenReads</c> names a streaming replica of the primary;
/// <c>Reads:MaxLagSeconds</c> (default 5) bounds how stale its data may be; <c>Reads:ProbeIntervalMs</c> (1000) how
/// often its lag is measured; <c>Reads:ConnectTimeoutSeconds</c> (2) how long a probe or a read waits to connect.
/// </summary>
public sealed record ReadOptions(string PrimaryConnectionString, string? ReplicaConnectionString, TimeSpan MaxLag, TimeSpan ProbeInterval, int ConnectTimeoutSeconds)
{
    public static ReadOptions From(IConfiguration cfg, string primaryConnectionString) => new(
        primaryConnectionString,
        cfg.GetConnectionString("MartenReads") is { Length: > 0 } reads ? reads : null,
        TimeSpan.FromSeconds(Math.Max(0, cfg.GetValue("Reads:MaxLagSeconds", 5.0))),
        TimeSpan.FromMilliseconds(Math.Clamp(cfg.GetValue("Reads:ProbeIntervalMs", 1000), 50, 60_000)),
        Math.Clamp(cfg.GetValue("Reads:ConnectTimeoutSeconds", 2), 1, 30));

    /// <summary>A connection string with the short connect and command timeouts, unless it sets its own.</summary>
    public string WithShortTimeouts(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(MartenConfiguration.WithPreparedStatements(connectionString));
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase)) csb.Timeout = ConnectTimeoutSeconds;
        return csb.ConnectionString;
    }
}

/// <summary>Reads the WAL positions the lag is computed from (replaced by a fake in tests).</summary>
public interface IReplicaLagProbe
{
    /// <summary>The primary's current WAL write position, in bytes from 0/0.</summary>
    Task<long> PrimaryLsnAsync(CancellationToken ct);
    /// <summary>On the replica: in recovery?, its replayed WAL position, and seconds since the last transaction it replayed.</summary>
    Task<(bool InRecovery, long? ReplayLsn, double? ReplayAgeSeconds)> ReplicaAsync(CancellationToken ct);
}

/// <summary>The probe on PostgreSQL: one short query on each server (functions open to any role).</summary>
public sealed class PostgresReplicaLagProbe(ReadOptions options) : IReplicaLagProbe, IAsyncDisposable
{
    private readonly NpgsqlDataSource _primary = NpgsqlDataSource.Create(options.WithShortTimeouts(options.PrimaryConnectionString));
    private readonly NpgsqlDataSource _replica = NpgsqlDataSource.Create(options.WithShortTimeouts(options.ReplicaConnectionString ?? options.PrimaryConnectionString));

    public async Task<long> PrimaryLsnAsync(CancellationToken ct)
    {
        try
        {
            await using var cmd = _primary.CreateCommand("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
            cmd.CommandTimeout = options.ConnectTimeoutSeconds;
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
        catch { _primary.Clear(); throw; } // a restarted server leaves broken idle connections in the pool
    }

    public async Task<(bool InRecovery, long? ReplayLsn, double? ReplayAgeSeconds)> ReplicaAsync(CancellationToken ct)
    {
        try
        {
            await using var cmd = _replica.CreateCommand(
                "select pg_is_in_recovery(), pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint, " +
                "extract(epoch from now() - pg_last_xact_replay_timestamp())::float8");
            cmd.CommandTimeout = options.ConnectTimeoutSeconds;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            return (r.GetBoolean(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetDouble(2));
        }
        catch { _replica.Clear(); throw; }
    }

    public async ValueTask DisposeAsync()
    {
        await _primary.DisposeAsync();
        await _replica.DisposeAsync();
    }
}

/// <summary>
/// The one way read-only pages and endpoints that need not see the user's own just-made writes open their session
/// (dashboard, boards, statistics and exports, public pages, lists and registers, the unit map, drill-downs):
/// <c>await using var session = await reads.OpenAsync(ct);</c>. Without <c>ConnectionStrings:MartenReads</c> that is the
/// primary's query session, as before. With it, the replica's — unless the last probe (every second, in the
/// background) found it unreachable, not a standby, or behind by more than the bound; then the primary's. Case pages,
/// pages a form posts to and reloads, writes, and auth stay on the primary's own session.
/// </summary>
public sealed class ReadSessions : BackgroundService
{
    private readonly ReadOptions _options;
    private readonly IReplicaLagProbe _probe;
    private readonly IDocumentStore _store;
    private readonly ILogger<ReadSessions> _logger;
    private readonly NpgsqlDataSource? _replica;
    private readonly Lock _lock = new();
    private readonly List<LsnSample> _history = [];
    private ReplicaReading? _reading;
    private long _readingAt; // Stopwatch timestamp of _reading
    private string? _loggedState;
    private long _replicaReads, _primaryReads;

    public ReadSessions(ReadOptions options, IReplicaLagProbe probe, IDocumentStore store, ILogger<ReadSessions> logger)
    {
        (_options, _probe, _store, _logger) = (options, probe, store, logger);
        if (options.ReplicaConnectionString is { } cs) _replica = NpgsqlDataSource.Create(options.WithShortTimeouts(cs));
    }

    public bool Configured => _replica is not null;

    /// <summary>A query session on the replica when it is within the bound, otherwise on the primary. Dispose it.</summary>
    public async Task<IQuerySession> OpenAsync(CancellationToken ct)
    {
        if (_replica is not null && Decide().Side == ReadSide.Replica)
        {
            for (var attempt = 1; attempt <= 2; attempt++)
            {
                NpgsqlConnection connection;
                try
                {
                    // An open connection: Marten then runs the session on it (a closed one would send it to the primary).
                    connection = await _replica.OpenConnectionAsync(ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && IsConnectionFailure(e))
                {
                    // Gone since the last probe: this read and the next ones use the primary until a probe finds it again.
                    Record(new ReplicaReading(ReplicaHealth.Unreachable, Error: Reason(e)));
                    break;
                }
                try
                {
                    // The driver does not check a pooled connection: after a replica restart it is broken, and the page would
                    // fail (503) instead of falling back. One round trip proves it before the page's queries run on it.
                    await using (var check = new NpgsqlCommand("select 1", connection) { CommandTimeout = _options.ConnectTimeoutSeconds })
                        await check.ExecuteScalarAsync(ct);
                    var session = _store.QuerySession(SessionOptions.ForConnection(connection));
                    Interlocked.Increment(ref _replicaReads);
                    return session;
                }
                catch (Exception e) when (!ct.IsCancellationRequested && IsConnectionFailure(e))
                {
                    await connection.DisposeAsync();
                    _replica.Clear(); // its idle siblings are broken too; a fresh connection is tried once
                    if (attempt == 2) Record(new ReplicaReading(ReplicaHealth.Unreachable, Error: Reason(e)));
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            }
        }
        Interlocked.Increment(ref _primaryReads);
        return _store.QuerySession();
    }

    /// <summary>Where a read would go now (the latest probe and its age against the bound).</summary>
    public ReadDecision Decide()
    {
        if (_replica is null) return new(ReadSide.Primary, ReadRouting.NotConfigured);
        lock (_lock) return ReadRouting.Decide(_reading, Stopwatch.GetElapsedTime(_readingAt), _options.MaxLag);
    }

    /// <summary>The state for /health/ready.</summary>
    public ReadStatus Status()
    {
        var decision = Decide();
        lock (_lock)
            return new ReadStatus(decision.Side, decision.State, Configured, _reading?.LagBytes, _reading?.LagSeconds,
                _reading is null ? null : (long)Stopwatch.GetElapsedTime(_readingAt).TotalMilliseconds, _options.MaxLag.TotalSeconds,
                Interlocked.Read(ref _replicaReads), Interlocked.Read(ref _primaryReads), _reading?.Error);
    }

    /// <summary>Measures the lag once now (the background loop does it every <c>Reads:ProbeIntervalMs</c>).</summary>
    public async Task<ReplicaReading> ProbeAsync(CancellationToken ct)
    {
        var reading = await MeasureAsync(ct);
        Record(reading);
        return reading;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_replica is null) return;
        using var timer = new PeriodicTimer(_options.ProbeInterval);
        do
        {
            try { await ProbeAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { _logger.LogWarning("Read replica probe failed: {Reason}", Reason(e)); }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<ReplicaReading> MeasureAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds + 1));
        // The primary first: the replica is compared with what the primary had written by then. The sample's time is taken
        // before asking, so "the primary had written this much at that time" never claims more than it had.
        var at = Now();
        long primary;
        try { primary = await _probe.PrimaryLsnAsync(timeout.Token); }
        catch (Exception e) when (!ct.IsCancellationRequested) { return new(ReplicaHealth.Unmeasured, Error: "primary: " + Reason(e)); }
        (bool InRecovery, long? ReplayLsn, double? ReplayAgeSeconds) replica;
        try { replica = await _probe.ReplicaAsync(timeout.Token); }
        catch (Exception e) when (!ct.IsCancellationRequested) { return new(ReplicaHealth.Unreachable, Error: Reason(e)); }
        if (!replica.InRecovery || replica.ReplayLsn is not { } replay) return new(ReplicaHealth.NotStandby);
        lock (_lock)
        {
            var lag = ReadRouting.LagSeconds(primary, replay, replica.ReplayAgeSeconds, _history, Now());
            _history.Add(new LsnSample(primary, at));
            var keep = Math.Max(60, 4 * _options.MaxLag.TotalSeconds);
            _history.RemoveAll(s => s.At < at - keep);
            return new(ReplicaHealth.Standby, Math.Max(0, primary - replay), lag);
        }
    }

    private void Record(ReplicaReading reading)
    {
        if (reading.Health == ReplicaHealth.Unreachable) _replica?.Clear(); // its pooled connections died with it
        ReadDecision decision;
        lock (_lock)
        {
            (_reading, _readingAt) = (reading, Stopwatch.GetTimestamp());
            decision = ReadRouting.Decide(reading, TimeSpan.Zero, _options.MaxLag);
            if (decision.State == _loggedState) return;
            _loggedState = decision.State;
        }
        // Once per change of state, not per probe.
        if (decision.Side == ReadSide.Replica)
            _logger.LogInformation("Reads are served from the replica: lag {LagBytes} bytes, {LagSeconds} s (bound {MaxLagSeconds} s)",
                reading.LagBytes, reading.LagSeconds, _options.MaxLag.TotalSeconds);
        else
            _logger.LogWarning("Reads fall back to the primary: {ReadState:l} (lag {LagBytes} bytes, {LagSeconds} s, bound {MaxLagSeconds} s, {Reason:l})",
                decision.State, reading.LagBytes, reading.LagSeconds, _options.MaxLag.TotalSeconds, reading.Error ?? "-");
    }

    private static double Now() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    private static bool IsConnectionFailure(Exception e) =>
        e is NpgsqlException or SocketException or TimeoutException || (e.InnerException is { } inner && IsConnectionFailure(inner));

    /// <summary>Type and SQLSTATE only: never a message with a host name or a statement.</summary>
    private static string Reason(Exception e) => e switch
    {
        PostgresException pg => $"{nameof(PostgresException)} {pg.SqlState}",
        OperationCanceledException => "timeout",
        NpgsqlException { InnerException: SocketException s } => $"{nameof(NpgsqlException)} ({s.SocketErrorCode})",
        NpgsqlException { InnerException: TimeoutException } => $"{nameof(NpgsqlException)} (timeout)",
        _ => e.GetType().Name,
    };

    public override void Dispose()
    {
        _replica?.Dispose();
        base.Dispose();
    }
}

/// <summary>The read side as /health/ready shows it.</summary>
public sealed record ReadStatus(ReadSide Side, string State, bool ReplicaConfigured, long? LagBytes, double? LagSeconds, long? ProbeAgeMs,
    double MaxLagSeconds, long ReplicaReads, long PrimaryReads, string? LastError);

public static class ReadServices
{
    /// <summary>Registers <see cref="ReadSessions"/> (and its background probe when a replica is configured).</summary>
    public static void AddReadSessions(this IServiceCollection services, IConfiguration cfg, string primaryConnectionString)
    {
        services.AddSingleton(ReadOptions.From(cfg, primaryConnectionString));
        services.TryAddSingleton<IReplicaLagProbe, PostgresReplicaLagProbe>();
        services.AddSingleton<ReadSessions>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadSessions>());
    }
}
