using JasperFx.Events;
using Marten;
using Supervision.Inspections;
using Supervision.Shared;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace Supervision.Dashboards;

/// <summary>
/// Every recorded hazard (<see cref="HazardRecorded"/>) with its Art. 38 item and its inspection's place, for the drill-down
/// by item (<see cref="DashboardDrillDown"/>). The hazard event does not carry its place, so the drill-down probed the
/// region's hazards of the item in order and kept the county's: a county's page read tens of thousands of them at 10 M
/// events (0.21 s) and grew with the store. Here a county's hazards of an item are one index range.
/// Written by a trigger on the event table, deferred to the commit: an inspection's snapshot (its place) is written after
/// its events in the same transaction. Creating the trigger fills the table from the events already stored (and analyses it:
/// without statistics PostgreSQL read a region's whole range of the item by place, then sorted).
/// </summary>
public static class HazardPlaces
{
    public const string TableName = "hazard_places";
    // Compared by name only (NamedSchemaObject): a changed table or function needs new names here.
    public const string FunctionName = "mt_hazard_places_v1";
    public const string Trigger = "mt_hazard_places_v1";

    /// <summary>
    /// The sequence numbers of the next chunk of one item's hazards in a scope (<c>like</c> a path prefix, or <c>=</c> one
    /// jurisdiction's own), in order. Parameters: item, start, end, after, the path (pattern).
    /// </summary>
    public static string ChunkSql(IReadOnlyStoreOptions options, bool ownOnly, int limit) =>
        $"select h.seq_id from {options.DatabaseSchemaName}.{TableName} h where h.item = ? and h.timestamp >= ? and h.timestamp < ? " +
        $"and h.seq_id > ? and h.jurisdiction_path {(ownOnly ? "=" : "like")} ? order by h.seq_id limit {limit}";

    public static void AddHazardPlaces(this StoreOptions opts) => opts.Storage.Add(new Feature(opts));

    private sealed class Feature(StoreOptions options) : FeatureSchemaBase("HazardPlaces", options.Advanced.Migrator)
    {
        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            var schema = options.DatabaseSchemaName;
            var events = options.Events.DatabaseSchemaName;
            var inspections = ((IReadOnlyStoreOptions)options).FindOrResolveDocumentType(typeof(Inspection)).TableName.QualifiedName;
            yield return NamedSchemaObject.Table(schema, TableName, TableSql(schema));
            yield return NamedSchemaObject.Trigger(events, Trigger, "mt_events", TriggerSql(schema, events, inspections));
        }
    }

    /// <summary>
    /// By item in sequence order (a region's page: the first rows match), and by item and place (a county's or a
    /// prefecture's: its range, then sorted); PostgreSQL picks by the path's selectivity.
    /// </summary>
    private static string TableSql(string schema) => $"""
        CREATE TABLE IF NOT EXISTS {schema}.{TableName} (
            seq_id bigint PRIMARY KEY,
            item varchar NOT NULL,
            jurisdiction_path varchar NOT NULL,
            timestamp timestamptz NOT NULL,
            stream_id uuid NOT NULL
        );
        CREATE INDEX IF NOT EXISTS {TableName}_by_item ON {schema}.{TableName} (item, seq_id) INCLUDE (jurisdiction_path, timestamp);
        CREATE INDEX IF NOT EXISTS {TableName}_by_place ON {schema}.{TableName} (item, jurisdiction_path, seq_id) INCLUDE (timestamp);
        """;

    private static string TriggerSql(string schema, string events, string inspections)
    {
        var type = EventTypeExtensions.GetEventTypeName<HazardRecorded>();
        return $"""
            CREATE OR REPLACE FUNCTION {schema}.{FunctionName}() RETURNS trigger AS $$
            BEGIN
                INSERT INTO {schema}.{TableName} (seq_id, item, jurisdiction_path, timestamp, stream_id)
                    SELECT NEW.seq_id, NEW.data->>'item', i.jurisdiction_path, NEW.timestamp, NEW.stream_id FROM {inspections} i WHERE i.id = NEW.stream_id
                    ON CONFLICT (seq_id) DO NOTHING;
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS {Trigger} ON {events}.mt_events;
            CREATE CONSTRAINT TRIGGER {Trigger} AFTER INSERT ON {events}.mt_events DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.type = '{type}') EXECUTE FUNCTION {schema}.{FunctionName}();
            INSERT INTO {schema}.{TableName} (seq_id, item, jurisdiction_path, timestamp, stream_id)
                SELECT e.seq_id, e.data->>'item', i.jurisdiction_path, e.timestamp, e.stream_id
                FROM {events}.mt_events e JOIN {inspections} i ON i.id = e.stream_id WHERE e.type = '{type}'
                ON CONFLICT (seq_id) DO NOTHING;
            ANALYZE {schema}.{TableName};
            -- Retired with the event table's item index: statistics on the hazards' item, which every ANALYZE of the events built.
            DROP STATISTICS IF EXISTS {events}.mt_events_stat_item;
            """;
    }
}
