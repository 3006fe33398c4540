using System.Data.Common;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace Supervision.Shared;

/// <summary>
/// An index Marten's mapping API cannot declare: one on its event table (<c>mt_events</c>), a partial index, or an
/// INCLUDE list. <paramref name="Definition"/> is everything after <c>ON table</c> (<c>{schema}</c> stands for the table's
/// schema, for Marten's functions such as <c>mt_immutable_date</c>); <paramref name="Ignore"/> tells Marten
/// to leave the index alone (its migration of a table drops the indexes it did not declare).
/// </summary>
public sealed record CustomIndex(string Table, string Name, string Definition, Action<StoreOptions> Ignore)
{
    /// <summary>An index on the event table.</summary>
    public static CustomIndex OnEvents(string name, string definition) =>
        new("mt_events", name, definition, o => o.Events.IgnoreIndex(name));

    /// <summary>An index on a document table (Marten's default table name, <c>mt_doc_</c> + the type's name).</summary>
    public static CustomIndex OnDocuments<T>(string name, string definition) =>
        new($"mt_doc_{typeof(T).Name.ToLowerInvariant()}", name, definition, o => o.Schema.For<T>().IgnoreIndex(name));
}

/// <summary>
/// Extended statistics on expressions (<c>CREATE STATISTICS … ON (expr) FROM table</c>): the planner's only source of the
/// frequencies of a JSON field's values, which it otherwise guesses (0.5 % of the rows).
/// </summary>
public sealed record CustomStatistics(string Table, string Name, string Expressions);

public static class CustomIndexes
{
    /// <summary>
    /// Registers the indexes as one schema feature, applied after Marten's document and event tables, so
    /// <c>ApplyAllDatabaseChangesOnStartup</c>, <c>db-apply</c> and <c>db-assert</c> create and check them with the rest.
    /// Call once: Marten keeps one feature of a type.
    /// </summary>
    public static void AddCustomIndexes(this StoreOptions opts, IReadOnlyList<CustomIndex> indexes, IReadOnlyList<CustomStatistics> statistics)
    {
        foreach (var index in indexes) index.Ignore(opts);
        opts.Storage.Add(new Feature(opts, indexes, statistics));
    }

    private sealed class Feature(StoreOptions options, IReadOnlyList<CustomIndex> indexes, IReadOnlyList<CustomStatistics> statistics)
        : FeatureSchemaBase("CustomIndexes", options.Advanced.Migrator)
    {
        private string SchemaOf(string table) => table == "mt_events" ? options.Events.DatabaseSchemaName : options.DatabaseSchemaName;

        protected override IEnumerable<ISchemaObject> schemaObjects() =>
            indexes.Select(i => (ISchemaObject)new IndexObject(SchemaOf(i.Table), i))
                .Concat(statistics.Select(s => new StatisticsObject(SchemaOf(s.Table), s)));
    }

    /// <summary>Compared by name only, like the indexes. ANALYZE (autovacuum's or a DBA's) fills them.</summary>
    private sealed class StatisticsObject(string schema, CustomStatistics statistics) : ISchemaObject
    {
        public DbObjectName Identifier { get; } = new Weasel.Postgresql.PostgresqlObjectName(schema, statistics.Name);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) =>
            writer.WriteLine($"CREATE STATISTICS IF NOT EXISTS {schema}.{statistics.Name} ON {statistics.Expressions} FROM {schema}.{statistics.Table};");

        public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"DROP STATISTICS IF EXISTS {schema}.{statistics.Name};");

        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
        {
            var s = builder.AddParameter(schema).ParameterName;
            var n = builder.AddParameter(statistics.Name).ParameterName;
            builder.Append($"select s.stxname from pg_statistic_ext s join pg_namespace ns on ns.oid = s.stxnamespace where ns.nspname = :{s} and s.stxname = :{n};");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
            new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.None : SchemaPatchDifference.Create);

        public IEnumerable<DbObjectName> AllNames() { yield return Identifier; }
    }

    /// <summary>Compared by name only: a changed definition needs a new name (the old index is then left for a DBA to drop).</summary>
    private sealed class IndexObject(string schema, CustomIndex index) : ISchemaObject
    {
        public DbObjectName Identifier { get; } = new Weasel.Postgresql.PostgresqlObjectName(schema, index.Name);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) =>
            writer.WriteLine($"CREATE INDEX IF NOT EXISTS {index.Name} ON {schema}.{index.Table} {index.Definition.Replace("{schema}", schema)};");

        public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"DROP INDEX IF EXISTS {schema}.{index.Name};");

        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
        {
            var s = builder.AddParameter(schema).ParameterName;
            var n = builder.AddParameter(index.Name).ParameterName;
            builder.Append($"select indexname from pg_indexes where schemaname = :{s} and indexname = :{n};");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
            new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.None : SchemaPatchDifference.Create);

        public IEnumerable<DbObjectName> AllNames() { yield return Identifier; }
    }
}
