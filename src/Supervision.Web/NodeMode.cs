using Wolverine;

namespace Supervision.Web;

/// <summary>
/// <c>Supervision:Nodes</c>: <c>Solo</c> (default: one process, tests) or <c>Multi</c> (several processes share one
/// PostgreSQL: Wolverine's leader assigns each async projection and the durable scheduled work to one node, and moves
/// them when a node dies — ops/faults/two-nodes.sh, ops/deploy/README.md).
/// </summary>
public static class NodeMode
{
    public static bool IsMulti(IConfiguration cfg) => string.Equals(cfg["Supervision:Nodes"], "Multi", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Durability mode, and (several nodes) how fast a dead node's work moves: a node heartbeats every
    /// <c>Supervision:Durability:HealthCheckSeconds</c> and is declared dead when its heartbeat is older than
    /// <c>Supervision:Durability:StaleNodeSeconds</c> (Wolverine's defaults when unset).
    /// </summary>
    public static void Apply(WolverineOptions opts, IConfiguration cfg)
    {
        opts.Durability.Mode = IsMulti(cfg) ? DurabilityMode.Balanced : DurabilityMode.Solo;
        if (cfg.GetValue<int?>("Supervision:Durability:HealthCheckSeconds") is { } health)
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(health);
        if (cfg.GetValue<int?>("Supervision:Durability:StaleNodeSeconds") is { } stale)
            opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(stale);
    }
}
