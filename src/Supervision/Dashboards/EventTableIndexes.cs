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
    /// The hazards of one Art. 38 item in sequence order, with the time and the stream. Without it the item was a filter in
    /// memory and a rare item read every hazard of the period chunk by chunk (0.9–1.6 s at 1.1 M events); a condition on the
    /// JSON field alone made PostgreSQL guess 0.5 % of the rows and sort every hazard. Covering, because a county's rare item
    /// probes tens of thousands of hazards at 10 M events (2.3 s reading each from the heap). Partial: no other append pays
    /// for it. (Its first form, <c>mt_events_idx_hazard_item_seq</c>, had the keys only; Marten's migration drops it now that
    /// nothing declares it.)
    /// </summary>
    public const string HazardItem = "mt_events_idx_hazard_item_cover";

    /// <summary>The SQL condition of one item on the hazard index; <c>e</c> is the alias of <c>mt_events</c>.</summary>
    public const string HazardItemCondition = "e.data ->> 'item' = ?";

    /// <summary>
    /// The frequencies of the hazards' items among all events: without them PostgreSQL estimated 4,000 hazards of an item
    /// where there were 66,000 (10 M events), read them all by a bitmap scan and sorted them (2.3 s for a county's page);
    /// with them it reads the item's index in order and stops at the page (0.5 s cold).
    /// </summary>
    public static IReadOnlyList<CustomStatistics> Statistics =>
        [new("mt_events", "mt_events_stat_item", "(data ->> 'item')")];

    public static IReadOnlyList<CustomIndex> All =>
    [
        CustomIndex.OnEvents(TypeSequence, "(type, seq_id) INCLUDE (timestamp, stream_id)"),
        CustomIndex.OnEvents(HazardItem,
            $"((data ->> 'item'), seq_id) INCLUDE (timestamp, stream_id) WHERE type = '{EventTypeExtensions.GetEventTypeName<HazardRecorded>()}'"),
    ];
}
