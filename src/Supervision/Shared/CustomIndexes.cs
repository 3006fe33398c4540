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

public static class CustomIndexes
{
    /// <summary>
    /// Registers the indexes as one schema feature, applied after Marten's document and event tables, so
    /// <c>ApplyAllDatabaseChangesOnStartup</c>, <c>db-apply</c> and <c>db-assert</c> create and check them with the rest.
    /// Call once: Marten keeps one feature of a type.
    /// </summary>
    public static void AddCustomIndexes(this StoreOptions opts, IReadOnlyList<CustomIndex> indexes)
    {
        foreach (var index in indexes) index.Ignore(opts);
        opts.Storage.Add(new Feature(opts, indexes));
    }

    private sealed class Feature(StoreOptions options, IReadOnlyList<CustomIndex> indexes)
        : FeatureSchemaBase("CustomIndexes", options.Advanced.Migrator)
    {
        private string SchemaOf(string table) => table == "mt_events" ? options.Events.DatabaseSchemaName : options.DatabaseSchemaName;

        protected override IEnumerable<ISchemaObject> schemaObjects() => indexes.Select(Index);

        private NamedSchemaObject Index(CustomIndex i)
        {
            var schema = SchemaOf(i.Table);
            return new NamedSchemaObject(schema, i.Name,
                $"CREATE INDEX IF NOT EXISTS {i.Name} ON {schema}.{i.Table} {i.Definition.Replace("{schema}", schema)};",
                $"DROP INDEX IF EXISTS {schema}.{i.Name};",
                "select indexname from pg_indexes where schemaname = :{0} and indexname = :{1};");
        }
    }
}

/// <summary>
/// A schema object Marten's mapping cannot declare (an index, a side table, a trigger), compared by name only:
/// a changed definition needs a new name. On a table Marten manages, an old index is then dropped by Marten's own migration
/// (nothing declares or ignores it any more).
/// <paramref name="existsQuery"/> finds the object by schema (<c>{0}</c>) and name (<c>{1}</c>).
/// </summary>
internal sealed class NamedSchemaObject(string schema, string name, string createSql, string dropSql, string existsQuery) : ISchemaObject
{
    public DbObjectName Identifier { get; } = new Weasel.Postgresql.PostgresqlObjectName(schema, name);

    /// <summary>A table of the project's own (created with its indexes by <paramref name="createSql"/>).</summary>
    public static NamedSchemaObject Table(string schema, string name, string createSql) =>
        new(schema, name, createSql, $"DROP TABLE IF EXISTS {schema}.{name};",
            "select tablename from pg_tables where schemaname = :{0} and tablename = :{1};");

    /// <summary>A trigger on <paramref name="schema"/>.<paramref name="table"/> (<paramref name="createSql"/> also creates its function).</summary>
    public static NamedSchemaObject Trigger(string schema, string name, string table, string createSql) =>
        new(schema, name, createSql, $"DROP TRIGGER IF EXISTS {name} ON {schema}.{table};",
            "select t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace " +
            "where n.nspname = :{0} and t.tgname = :{1} and not t.tgisinternal;");

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(createSql);

    public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine(dropSql);

    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        var s = builder.AddParameter(schema).ParameterName;
        var n = builder.AddParameter(name).ParameterName;
        builder.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, existsQuery, s, n));
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
        new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.None : SchemaPatchDifference.Create);

    public IEnumerable<DbObjectName> AllNames() { yield return Identifier; }
}
