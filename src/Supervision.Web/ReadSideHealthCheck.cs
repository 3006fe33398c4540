using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Supervision.Shared;

namespace Supervision.Web;

/// <summary>
/// The read side on /health/ready (issue 18 §4): where reads go and why, the replica's last measured lag and how
/// many reads each side served. Healthy on the replica (or with none configured); Degraded — still 200 — while reads
/// fall back to the primary: the app serves everything, only without the replica's relief.
/// </summary>
public sealed class ReadSideHealthCheck(ReadSessions reads) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = reads.Status();
        var data = new Dictionary<string, object>
        {
            ["side"] = s.Side == ReadSide.Replica ? "replica" : "primary",
            ["state"] = s.State,
            ["maxLagSeconds"] = s.MaxLagSeconds,
            ["replicaReads"] = s.ReplicaReads,
            ["primaryReads"] = s.PrimaryReads,
        };
        if (s.LagBytes is { } bytes) data["lagBytes"] = bytes;
        if (s.LagSeconds is { } seconds) data["lagSeconds"] = Math.Round(seconds, 3);
        if (s.ProbeAgeMs is { } age) data["probeAgeMs"] = age;
        if (s.LastError is { } error) data["lastError"] = error;
        var fallback = s.ReplicaConfigured && s.Side == ReadSide.Primary;
        return Task.FromResult(fallback
            ? HealthCheckResult.Degraded("reads fall back to the primary: " + s.State, data: data)
            : HealthCheckResult.Healthy(s.ReplicaConfigured ? "reads on the replica" : "reads on the primary (no replica configured)", data: data));
    }

    /// <summary>/health/ready as JSON: the overall status, each check's status, and the read side's figures.</summary>
    public static Task WriteReport(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        if (report.Entries.TryGetValue("reads", out var r)) body["reads"] = r.Data;
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
