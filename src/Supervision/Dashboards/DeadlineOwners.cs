using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Supervision.Shared;

namespace Supervision.Dashboards;

/// <summary>
/// The deadline board by owner ("my deadlines", <c>owner=</c>): one row per (entry, owner) in <c>deadline_owners</c>, kept by
/// a trigger on the board's table, so an owner's entries are read in due order from one btree range. An entry's owners are
/// a JSON array; filtered in JSON, an owner with tens of thousands of open entries took 0.56 s a page at 10 M events (the
/// region's entries walked in due order until the owner's were found), and 0.45 s with a GIN index (all of the owner's
/// entries fetched, then sorted). The trigger writes in the projection's own transaction: the rows are never behind the
/// board. Rebuilding the board (delete or truncate, then inserts) rebuilds them; creating the trigger fills them from the
/// board as it stands.
/// </summary>
public static class DeadlineOwners
{
    public const string TableName = "deadline_owners";
    // Compared by name only (NamedSchemaObject): a changed table or function needs new names here.
    public const string FunctionName = "mt_deadline_owners_v1";
    public const string RowTrigger = "mt_deadline_owners_v1";
    public const string TruncateTrigger = "mt_deadline_owners_truncate_v1";
    private const string BoardTable = "mt_doc_deadlineentry";

    /// <summary>What an owner's query keeps: the board's own filters (<see cref="DeadlineBoardQueries.List"/>).</summary>
    /// <param name="Kind">a case kind or a clock, or null</param>
    public sealed record Filter(string Owner, string Me, string Scope, string[] Statuses, string? Kind, DateOnly? DueBefore);

    /// <summary>The matching entries, counted up to <paramref name="cap"/> from the index alone.</summary>
    public static async Task<(long Count, bool Capped)> CountUpToAsync(IQuerySession session, Filter filter, int cap, CancellationToken ct)
    {
        var (where, args) = Where(session, filter);
        var n = (await session.AdvancedSql.QueryAsync<long>($"select count(*) from (select 1 from {where} limit ?) as capped", ct, [.. args, cap + 1])).Single();
        return n > cap ? (cap, true) : (n, false);
    }

    /// <summary>The matching entries from position <paramref name="skip"/>, in the board's order (due day, then id).</summary>
    public static async Task<IReadOnlyList<DeadlineEntry>> PageAsync(IQuerySession session, Filter filter, int skip, int take, CancellationToken ct)
    {
        var (where, args) = Where(session, filter);
        var ids = await session.AdvancedSql.QueryAsync<string>($"select entry_id from {where} order by due_on, entry_id offset ? limit ?", ct, [.. args, skip, take]);
        if (ids.Count == 0) return [];
        var entries = (await session.LoadManyAsync<DeadlineEntry>(ct, ids)).ToDictionary(e => e.Id);
        return ids.Where(entries.ContainsKey).Select(id => entries[id]).ToList(); // an id the projection has just replaced is left out
    }

    private static (string Sql, object[] Args) Where(IQuerySession session, Filter f)
    {
        // Open and overdue entries are one range of the index (is_open); done ones another. R22: never those the entry excludes.
        var sql = $"{session.DocumentStore.Options.DatabaseSchemaName}.{TableName} where owner = ? and is_open = ? and status = any(?) and jurisdiction_path like ? " +
                  "and not (? = any(excluded_user_ids))";
        var args = new List<object> { f.Owner, !f.Statuses.Contains(DeadlineStatuses.Done), f.Statuses, f.Scope + "%", f.Me };
        if (f.Kind is not null)
        {
            sql += DeadlineCaseKinds.All.Contains(f.Kind) ? " and case_kind = ?" : " and clock = ?";
            args.Add(f.Kind);
        }
        if (f.DueBefore is { } due)
        {
            sql += " and due_on <= ?";
            args.Add(due);
        }
        return (sql, args.ToArray());
    }

    /// <summary>Registers the table and its trigger; applied after Marten's document tables (a schema feature).</summary>
    public static void AddDeadlineOwners(this StoreOptions opts) => opts.Storage.Add(new Feature(opts));

    private sealed class Feature(StoreOptions options) : FeatureSchemaBase("DeadlineOwners", options.Advanced.Migrator)
    {
        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            var schema = options.DatabaseSchemaName;
            yield return NamedSchemaObject.Table(schema, TableName, TableSql(schema));
            yield return NamedSchemaObject.Trigger(schema, RowTrigger, BoardTable, TriggerSql(schema));
        }
    }

    /// <summary>
    /// The owner's query index: owner, then open or not, in due order, with what the other filters read included, so a
    /// page and its count are index-only scans. The unique (entry, owner) index serves the trigger's deletes.
    /// </summary>
    private static string TableSql(string schema) => $"""
        CREATE TABLE IF NOT EXISTS {schema}.{TableName} (
            owner varchar NOT NULL,
            entry_id varchar NOT NULL,
            is_open boolean NOT NULL,
            due_on date NOT NULL,
            status varchar NOT NULL,
            jurisdiction_path varchar NOT NULL,
            case_kind varchar NOT NULL,
            clock varchar NOT NULL,
            excluded_user_ids varchar[] NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS {TableName}_entry ON {schema}.{TableName} (entry_id, owner);
        CREATE INDEX IF NOT EXISTS {TableName}_by_owner ON {schema}.{TableName} (owner, is_open, due_on, entry_id)
            INCLUDE (status, jurisdiction_path, case_kind, clock, excluded_user_ids);
        """;

    /// <summary>The rows of one board row (NEW or a row of the table), one per distinct owner.</summary>
    private static string RowsOf(string row) => $"""
        SELECT DISTINCT o, {row}.id, {row}.status <> '{DeadlineStatuses.Done}', {row}.due_on, {row}.status, {row}.jurisdiction_path,
            {row}.data->>'caseKind', {row}.data->>'clock',
            coalesce(array(SELECT jsonb_array_elements_text({row}.data->'excludedUserIds')), ARRAY[]::text[])::varchar[]
        FROM jsonb_array_elements_text({row}.data->'owners') o
        """;

    private const string Columns = "owner, entry_id, is_open, due_on, status, jurisdiction_path, case_kind, clock, excluded_user_ids";

    /// <summary>
    /// The function, the row trigger (insert, update, delete) and the statement trigger (truncate: Marten's rebuild may empty
    /// the board so), then the rows of the board as it stands. An update that leaves the copied fields alone (most of the
    /// projection's writes re-store the same clock) writes nothing. The triggers run with the writer's rights: the app's role
    /// has DML on the table (db-grant), not TRUNCATE, so the truncate trigger deletes.
    /// </summary>
    private static string TriggerSql(string schema) => $"""
        CREATE OR REPLACE FUNCTION {schema}.{FunctionName}() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                DELETE FROM {schema}.{TableName};
                RETURN NULL;
            END IF;
            IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.due_on = NEW.due_on AND OLD.jurisdiction_path = NEW.jurisdiction_path
                AND OLD.data->'owners' = NEW.data->'owners' AND OLD.data->'excludedUserIds' IS NOT DISTINCT FROM NEW.data->'excludedUserIds'
                AND OLD.data->'caseKind' = NEW.data->'caseKind' AND OLD.data->'clock' = NEW.data->'clock' THEN
                RETURN NULL;
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM {schema}.{TableName} WHERE entry_id = OLD.id;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO {schema}.{TableName} ({Columns}) {RowsOf("NEW")};
            END IF;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS {RowTrigger} ON {schema}.{BoardTable};
        CREATE TRIGGER {RowTrigger} AFTER INSERT OR UPDATE OR DELETE ON {schema}.{BoardTable}
            FOR EACH ROW EXECUTE FUNCTION {schema}.{FunctionName}();
        DROP TRIGGER IF EXISTS {TruncateTrigger} ON {schema}.{BoardTable};
        CREATE TRIGGER {TruncateTrigger} AFTER TRUNCATE ON {schema}.{BoardTable}
            FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{FunctionName}();
        DELETE FROM {schema}.{TableName};
        INSERT INTO {schema}.{TableName} ({Columns}) SELECT r.* FROM {schema}.{BoardTable} b, LATERAL ({RowsOf("b")}) r;
        """;
}
