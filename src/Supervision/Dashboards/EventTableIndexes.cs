using Supervision.Shared;

namespace Supervision.Dashboards;

/// <summary>The project's own indexes on Marten's event table (<c>mt_events</c>), for the dashboard's drill-down
/// (<see cref="DashboardDrillDown"/>) and the async daemon.</summary>
public static class EventTableIndexes
{
    /// <summary>
    /// (type, seq_id) with the time and the stream: replaces Marten's <c>EnableEventTypeIndex</c> index of the same keys
    /// (not one more index for every append). The drill-down chooses a chunk of a figure's events from this index alone,
    /// the async daemon reads event types in order from it.
    /// </summary>
    public const string TypeSequence = "mt_events_idx_type_seq_cover";

    // The hazards of one Art. 38 item had a partial covering index here (mt_events_idx_hazard_item_cover), dropped by Marten's
    // migration now that nothing declares it; the drill-down by item reads HazardPlaces, which also drops the item statistics.

    public static IReadOnlyList<CustomIndex> All =>
    [
        CustomIndex.OnEvents(TypeSequence, "(type, seq_id) INCLUDE (timestamp, stream_id)"),
    ];
}
