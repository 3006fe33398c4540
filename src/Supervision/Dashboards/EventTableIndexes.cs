using JasperFx.Events;
using Supervision.Inspections;
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

    /// <summary>
    /// The hazards of one Art. 38 item in sequence order. Without it the item was a filter in memory and a rare item read
    /// every hazard of the period chunk by chunk (0.9–1.6 s at 1.1 M events); a condition on the JSON field alone made
    /// PostgreSQL guess 0.5 % of the rows and sort every hazard. Partial: no other append pays for it.
    /// </summary>
    public const string HazardItem = "mt_events_idx_hazard_item_seq";

    /// <summary>The SQL condition of one item on the hazard index; <c>e</c> is the alias of <c>mt_events</c>.</summary>
    public const string HazardItemCondition = "e.data ->> 'item' = ?";

    public static IReadOnlyList<CustomIndex> All =>
    [
        CustomIndex.OnEvents(TypeSequence, "(type, seq_id) INCLUDE (timestamp, stream_id)"),
        CustomIndex.OnEvents(HazardItem, $"((data ->> 'item'), seq_id) WHERE type = '{EventTypeExtensions.GetEventTypeName<HazardRecorded>()}'"),
    ];
}
