namespace Supervision.Shared;

/// <summary>Which server a read-only query runs on (issue 18 §4).</summary>
public enum ReadSide { Primary, Replica }

/// <summary>What the last probe found about the read replica.</summary>
public enum ReplicaHealth
{
    /// <summary>A standby whose lag was measured (see <see cref="ReplicaReading.LagSeconds"/>).</summary>
    Standby,
    /// <summary>No connection, or the probe did not answer within its timeout.</summary>
    Unreachable,
    /// <summary>It answers but is not in recovery (not a streaming standby): its staleness cannot be bounded.</summary>
    NotStandby,
    /// <summary>The primary's WAL position could not be read, so the lag is not known.</summary>
    Unmeasured,
}

/// <summary>One probe of the replica: how far its replay is behind the primary, in WAL bytes and in seconds.</summary>
public sealed record ReplicaReading(ReplicaHealth Health, long? LagBytes = null, double? LagSeconds = null, string? Error = null);

/// <summary>Where a read goes and why (<see cref="ReadRouting"/> states, logged and shown on /health/ready).</summary>
public sealed record ReadDecision(ReadSide Side, string State);

/// <summary>A WAL position of the primary and when (app's monotonic clock, seconds) the probe read it.</summary>
public readonly record struct LsnSample(long Lsn, double At);

/// <summary>
/// The pure decisions behind <see cref="ReadSessions"/>: how stale the replica is, and whether a read may use it.
/// A read goes to the replica only when its data is at most <c>Reads:MaxLagSeconds</c> behind the primary's.
/// </summary>
public static class ReadRouting
{
    public const string NotConfigured = "not_configured";
    public const string OnReplica = "replica";
    public const string NotProbed = "not_probed";
    public const string Unreachable = "unreachable";
    public const string NotStandby = "not_standby";
    public const string LagUnknown = "lag_unknown";
    public const string Lagging = "lagging";
    public const string ProbeStale = "probe_stale";

    /// <summary>
    /// The side for a read: the latest reading (null before the first probe), how old it is, and the bound.
    /// A replica <c>lag</c> seconds behind when probed may have stopped replaying since, so it is at most
    /// <c>lag + age</c> behind now: both must be within the bound.
    /// </summary>
    public static ReadDecision Decide(ReplicaReading? reading, TimeSpan readingAge, TimeSpan maxLag)
    {
        if (reading is null) return new(ReadSide.Primary, NotProbed);
        switch (reading.Health)
        {
            case ReplicaHealth.Unreachable: return new(ReadSide.Primary, Unreachable);
            case ReplicaHealth.NotStandby: return new(ReadSide.Primary, NotStandby);
            case ReplicaHealth.Unmeasured: return new(ReadSide.Primary, LagUnknown);
        }
        if (reading.LagSeconds is not { } lag || double.IsNaN(lag)) return new(ReadSide.Primary, LagUnknown);
        var bound = maxLag.TotalSeconds;
        if (lag > bound) return new(ReadSide.Primary, Lagging);
        if (lag + Math.Max(0, readingAge.TotalSeconds) > bound) return new(ReadSide.Primary, ProbeStale);
        return new(ReadSide.Replica, OnReplica);
    }

    /// <summary>
    /// How many seconds the replica's data may be behind the primary's, from WAL positions read primary first:
    /// 0 when it has replayed everything the primary had written (an idle primary does not make it "lag").
    /// Otherwise the smaller of two upper bounds: the time since the latest earlier probe at which the primary
    /// had written no more than the replica has now replayed (the app's own clock), and the age of the last
    /// transaction the replica replayed (its <c>now() - pg_last_xact_replay_timestamp()</c>, null if none).
    /// Null when neither is known.
    /// </summary>
    public static double? LagSeconds(long primaryLsn, long replayLsn, double? replayAgeSeconds, IReadOnlyList<LsnSample> history, double now)
    {
        if (replayLsn >= primaryLsn) return 0;
        double? bySamples = null;
        for (var i = history.Count - 1; i >= 0; i--)
            if (history[i].Lsn <= replayLsn) { bySamples = Math.Max(0, now - history[i].At); break; }
        double? byReplay = replayAgeSeconds is { } age && !double.IsNaN(age) ? Math.Max(0, age) : null;
        return (bySamples, byReplay) switch
        {
            ({ } s, { } r) => Math.Min(s, r),
            ({ } s, null) => s,
            (null, { } r) => r,
            _ => null,
        };
    }
}
