using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Supervision.Shared;

namespace Supervision.Tests.Shared;

/// <summary>Issue 18 §4: which server a read goes to (lag, bound, reachable → side) and how the lag is measured.</summary>
public class ReadRoutingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private static ReplicaReading Standby(double? lag, long bytes = 0) => new(ReplicaHealth.Standby, bytes, lag);

    [Theory]
    [InlineData(0.0, 0.0, ReadSide.Replica, ReadRouting.OnReplica)]
    [InlineData(4.9, 0.0, ReadSide.Replica, ReadRouting.OnReplica)]
    [InlineData(5.0, 0.0, ReadSide.Replica, ReadRouting.OnReplica)]   // at the bound: still within it
    [InlineData(5.1, 0.0, ReadSide.Primary, ReadRouting.Lagging)]
    [InlineData(300.0, 0.0, ReadSide.Primary, ReadRouting.Lagging)]
    [InlineData(1.0, 3.9, ReadSide.Replica, ReadRouting.OnReplica)]   // probed 3.9 s ago 1 s behind: at most 4.9 s behind now
    [InlineData(1.0, 4.5, ReadSide.Primary, ReadRouting.ProbeStale)]  // may have stopped replaying since: 5.5 s
    [InlineData(0.0, 6.0, ReadSide.Primary, ReadRouting.ProbeStale)]  // the probe loop stalled
    public void A_standby_serves_reads_while_its_lag_plus_the_probes_age_is_within_the_bound(double lag, double age, ReadSide side, string state) =>
        Assert.Equal(new ReadDecision(side, state), ReadRouting.Decide(Standby(lag), TimeSpan.FromSeconds(age), Bound));

    [Fact]
    public void Anything_but_a_measured_standby_sends_reads_to_the_primary()
    {
        Assert.Equal(new ReadDecision(ReadSide.Primary, ReadRouting.NotProbed), ReadRouting.Decide(null, TimeSpan.Zero, Bound));
        Assert.Equal(ReadRouting.Unreachable, ReadRouting.Decide(new(ReplicaHealth.Unreachable, Error: "SocketException"), TimeSpan.Zero, Bound).State);
        Assert.Equal(ReadRouting.NotStandby, ReadRouting.Decide(new(ReplicaHealth.NotStandby), TimeSpan.Zero, Bound).State);
        Assert.Equal(ReadRouting.LagUnknown, ReadRouting.Decide(new(ReplicaHealth.Unmeasured), TimeSpan.Zero, Bound).State);
        Assert.Equal(ReadRouting.LagUnknown, ReadRouting.Decide(Standby(null, 4096), TimeSpan.Zero, Bound).State);
        Assert.Equal(ReadRouting.LagUnknown, ReadRouting.Decide(Standby(double.NaN), TimeSpan.Zero, Bound).State);
        Assert.All(new[] { ReplicaHealth.Unreachable, ReplicaHealth.NotStandby, ReplicaHealth.Unmeasured },
            h => Assert.Equal(ReadSide.Primary, ReadRouting.Decide(new ReplicaReading(h, 0, 0), TimeSpan.Zero, Bound).Side));
    }

    [Fact]
    public void A_bound_of_zero_allows_only_a_replica_that_has_replayed_everything()
    {
        Assert.Equal(ReadSide.Replica, ReadRouting.Decide(Standby(0), TimeSpan.Zero, TimeSpan.Zero).Side);
        Assert.Equal(ReadSide.Primary, ReadRouting.Decide(Standby(0.2), TimeSpan.Zero, TimeSpan.Zero).Side);
    }

    [Fact]
    public void A_replica_that_replayed_everything_the_primary_wrote_has_no_lag_however_old_its_last_transaction()
    {
        // An idle primary: the last replayed transaction is an hour old, but nothing is missing.
        Assert.Equal(0, ReadRouting.LagSeconds(1000, 1000, 3600, [], now: 50));
        Assert.Equal(0, ReadRouting.LagSeconds(1000, 1200, null, [], now: 50)); // read primary first: the replica may be ahead by then
    }

    [Fact]
    public void Behind_the_primary_the_lag_is_the_smaller_of_the_two_upper_bounds()
    {
        LsnSample[] history = [new(100, 10), new(200, 11), new(300, 12), new(400, 13)];
        // Replayed 250: it had everything the primary had at t=11 (200), so it is at most 14 - 11 = 3 s behind;
        // its last replayed transaction is 2.5 s old: the tighter bound wins.
        Assert.Equal(2.5, ReadRouting.LagSeconds(500, 250, 2.5, history, now: 14));
        // After a long idle spell the last transaction is an hour old, but the samples say 3 s.
        Assert.Equal(3, ReadRouting.LagSeconds(500, 250, 3600, history, now: 14));
        // No sample is covered (replay paused long ago): the replay timestamp alone.
        Assert.Equal(40, ReadRouting.LagSeconds(500, 50, 40, history, now: 14));
        // Neither known (no transaction replayed since the standby started, no covered sample): unknown.
        Assert.Null(ReadRouting.LagSeconds(500, 50, null, history, now: 14));
        // The latest covered sample counts, not the first.
        Assert.Equal(1, ReadRouting.LagSeconds(500, 400, null, history, now: 14));
    }

    [Fact]
    public async Task The_read_side_follows_the_probe_and_logs_once_per_change_of_state()
    {
        var probe = new ScriptedProbe();
        var logger = new ListLogger();
        var cfg = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:MartenReads"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["Reads:MaxLagSeconds"] = "5",
        }).Build();
        // The store is never touched: only probing and deciding, no session is opened.
        using var reads = new ReadSessions(ReadOptions.From(cfg, "Host=127.0.0.1;Port=1;Database=none"), probe, null!, logger);
        Assert.Equal(new ReadDecision(ReadSide.Primary, ReadRouting.NotProbed), reads.Decide());

        probe.Next(primary: 5000, replay: 1000, replayAge: 12); // replay paused 12 s ago
        await reads.ProbeAsync(default);
        await reads.ProbeAsync(default);
        Assert.Equal(new ReadDecision(ReadSide.Primary, ReadRouting.Lagging), reads.Decide());
        Assert.Equal(4000, reads.Status().LagBytes);

        probe.Unreachable = true;
        await reads.ProbeAsync(default);
        await reads.ProbeAsync(default);
        Assert.Equal(ReadRouting.Unreachable, reads.Decide().State);
        Assert.Equal("SocketException", reads.Status().LastError);

        probe.Unreachable = false;
        probe.Next(primary: 6000, replay: 6000, replayAge: 900); // caught up; an idle primary: its last transaction is old
        await reads.ProbeAsync(default);
        Assert.Equal(ReadSide.Replica, reads.Decide().Side);
        // One write after the idle spell, not replayed yet: the replica had everything the primary had at the last probe,
        // a moment ago — not the 900 s since its last transaction.
        probe.Next(primary: 7000, replay: 6000, replayAge: 900);
        await reads.ProbeAsync(default);
        Assert.Equal(ReadSide.Replica, reads.Decide().Side);
        Assert.True(reads.Status().LagSeconds < 1);

        Assert.Equal(["Warning lagging", "Warning unreachable", "Information replica"], logger.Lines);
    }

    private sealed class ScriptedProbe : IReplicaLagProbe
    {
        private (long Primary, long Replay, double? Age) _next;
        public bool Unreachable { get; set; }
        public void Next(long primary, long replay, double? replayAge) => _next = (primary, replay, replayAge);
        public Task<long> PrimaryLsnAsync(CancellationToken ct) => Task.FromResult(_next.Primary);
        public Task<(bool InRecovery, long? ReplayLsn, double? ReplayAgeSeconds)> ReplicaAsync(CancellationToken ct) =>
            Unreachable ? throw new System.Net.Sockets.SocketException() : Task.FromResult<(bool, long?, double?)>((true, _next.Replay, _next.Age));
    }

    private sealed class ListLogger : ILogger<ReadSessions>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var readState = values?.FirstOrDefault(kv => kv.Key == "ReadState").Value ?? "replica";
            Lines.Add($"{logLevel} {readState}");
        }
    }
}
