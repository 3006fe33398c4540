namespace Supervision.Web;

/// <summary>
/// Gives the memory a burst of work left behind back to the operating system once the app has been idle for a while.
/// After a crawl of the long lists most of the app's memory is not garbage but arrays kept for reuse by the shared
/// array pools (the pages' render-tree frames, response and protocol buffers: 221 of 244 MB of heap after a full
/// collection, measured): the pools release an array only after it has gone unused for a minute, at a full collection,
/// and the collector returns the memory only at the collection after that. So once no request (health probes aside)
/// has arrived for <see cref="Options.IdleTime"/> (default 70 s, past the pools' minute) after some did, two aggressive
/// full collections run: the first lets the pools drop their idle arrays, the second compacts and decommits. Between
/// requests only, never during a burst; once per burst.
/// Settings: Supervision:IdleTrim:IdleSeconds (70; 0 turns it off), Supervision:IdleTrim:CheckSeconds (10).
/// </summary>
public sealed class IdleMemoryTrim(IdleMemoryTrim.Options options, TimeProvider time, ILogger<IdleMemoryTrim> log) : IHostedService, IDisposable
{
    public sealed record Options(TimeSpan IdleTime, TimeSpan CheckPeriod)
    {
        public static Options From(IConfiguration cfg) => new(
            TimeSpan.FromSeconds(cfg.GetValue("Supervision:IdleTrim:IdleSeconds", 70.0)),
            TimeSpan.FromSeconds(cfg.GetValue("Supervision:IdleTrim:CheckSeconds", 10.0)));
    }

    private long _requests; // requests begun since the app started, health probes not counted
    private long _requestsSeen, _requestsAtLastTrim;
    private DateTimeOffset _lastActivity;
    private ITimer? _timer;
    private int _checking; // a check still running (a long collection) makes the next tick skip

    /// <summary>Trim after work done since the last trim, once the app has been idle for the whole idle time.</summary>
    public static bool ShouldTrim(long requests, long requestsAtLastTrim, TimeSpan idleFor, TimeSpan idleTime) =>
        requests != requestsAtLastTrim && idleFor >= idleTime;

    /// <summary>Counts a request as activity; probes of liveness and readiness are not work.</summary>
    public void CountRequest(PathString path)
    {
        if (!path.StartsWithSegments("/health")) Interlocked.Increment(ref _requests);
    }

    public long Requests => Interlocked.Read(ref _requests);
    /// <summary>The trims done so far (the log has each one's committed memory before and after).</summary>
    public int Trims { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lastActivity = time.GetUtcNow();
        if (options.IdleTime > TimeSpan.Zero && options.CheckPeriod > TimeSpan.Zero)
            _timer = time.CreateTimer(_ => Tick(), null, options.CheckPeriod, options.CheckPeriod);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null) await _timer.DisposeAsync();
    }

    public void Dispose() => _timer?.Dispose();

    private void Tick()
    {
        if (Interlocked.Exchange(ref _checking, 1) == 1) return;
        try { Check(Requests, time.GetUtcNow(), Collect); }
        catch (Exception e) { log.LogWarning(e, "Idle memory trim failed"); }
        finally { Volatile.Write(ref _checking, 0); }
    }

    /// <summary>One check at a moment: notes activity, or trims with the given collection when it is time; true when it did.</summary>
    public bool Check(long requests, DateTimeOffset at, Action collect)
    {
        if (requests != _requestsSeen)
        {
            _requestsSeen = requests;
            _lastActivity = at;
            return false;
        }
        if (!ShouldTrim(requests, _requestsAtLastTrim, at - _lastActivity, options.IdleTime)) return false;
        var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var started = time.GetTimestamp();
        collect();
        var pause = time.GetElapsedTime(started);
        _requestsAtLastTrim = requests;
        Trims++;
        var after = GC.GetGCMemoryInfo();
        log.LogInformation("Idle memory trim: collector's committed memory {CommittedBeforeMb} → {CommittedAfterMb} MB, heap {HeapAfterMb} MB, in {PauseMs} ms",
            before >> 20, after.TotalCommittedBytes >> 20, after.HeapSizeBytes >> 20, (int)pause.TotalMilliseconds);
        return true;
    }

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers(); // the pools drop their idle arrays in a callback after a full collection
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
