using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace Supervision.Integrity;

/// <summary>
/// The event hash chain (issue 7, integrity). Every event row gets a SHA-256 hash over a canonical form of
/// its stored columns plus the hash of the previous event of its stream (genesis: 64 zeros). The hash is
/// computed by PostgreSQL itself, in an AFTER INSERT trigger on <c>mt_events</c>, and kept in a table of its
/// own (<c>event_hashes</c>): every way of appending (Quick append from HTTP commands and scheduled work,
/// the benchmark's bulk StartStream batches, a raw INSERT) is covered, there is no extra round trip, and
/// Marten's own table definition is untouched. The same canonical form is computed in C#
/// (<see cref="Compute"/>), so a chain is verified against the database and offline (archival packages).
/// </summary>
/// <remarks>
/// Canonical form, UTF-8: <c>"sv1" + f(prev) + f(seq_id) + f(id) + f(stream_id) + f(version) + f(type) +
/// f(timestamp as microseconds since 1970-01-01 UTC) + f(tenant_id) + f(user_name) + f(correlation_id) +
/// f(causation_id) + f(headers::text) + f(data::text) + f(hex(bdata))</c>, where <c>f(null) = "~"</c> and
/// <c>f(s) = byteLength(s) + ":" + s</c> (length-prefixed, so no value can imitate a separator). jsonb's text
/// output is deterministic, so <c>data::text</c> read back later gives the same bytes.
/// Marten's tombstone events (placeholders for sequence numbers of failed appends, no data) are not chained.
/// </remarks>
public static class EventHashChain
{
    public const string TableName = "event_hashes";
    public const string FunctionName = "mt_event_hash_chain";
    public const string TriggerName = "mt_event_hash_chain";
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    public const string Version = "sv1";

    /// <summary>
    /// The event type of Marten's tombstones: placeholders for the sequence numbers of a failed append, written to
    /// a stream whose id is new in every process. They carry no data and are not chained (a tombstone never has a
    /// hash; an event whose type is changed to it keeps its hash and is still checked).
    /// </summary>
    public const string TombstoneType = "tombstone";

    /// <summary>The stored columns of one event that the hash covers, as read back with <see cref="SelectColumns"/>.</summary>
    public sealed record EventRow(long Sequence, Guid Id, Guid StreamId, long Version, string Type, DateTimeOffset Timestamp,
        string? TenantId, string? UserName, string? CorrelationId, string? CausationId, string? Headers, string Data, string? BinaryData);

    /// <summary>The columns of <c>mt_events</c> (alias <c>e</c>) in the order <see cref="Read"/> expects.</summary>
    public const string SelectColumns =
        "e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.tenant_id, e.user_name, e.correlation_id, e.causation_id, " +
        "e.headers::text, e.data::text, encode(e.bdata, 'hex')";

    public static EventRow Read(System.Data.Common.DbDataReader r, int offset = 0)
    {
        string? S(int i) => r.IsDBNull(offset + i) ? null : r.GetString(offset + i);
        return new EventRow(r.GetInt64(offset), r.GetGuid(offset + 1), r.GetGuid(offset + 2), r.GetInt64(offset + 3), r.GetString(offset + 4),
            r.GetFieldValue<DateTimeOffset>(offset + 5), S(6), S(7), S(8), S(9), S(10), r.GetString(offset + 11), S(12));
    }

    /// <summary>Microseconds since the Unix epoch: PostgreSQL's timestamp resolution, rendered without any time zone.</summary>
    public static long Microseconds(DateTimeOffset t) => (t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>The hash of an event given the previous event's hash (lowercase hex), exactly as the trigger computes it.</summary>
    public static string Compute(string previousHash, EventRow e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(previousHash, e))));

    /// <summary>
    /// The SM3 (GB/T 32905-2016) link of the second chain: the same canonical form, with the previous event's SM3 link as
    /// <paramref name="previousSm3"/>. PostgreSQL has no SM3, so this chain is computed by the app (<see cref="Sm3Chain"/>).
    /// </summary>
    public static string ComputeSm3(string previousSm3, EventRow e) => Sm3Hex(Encoding.UTF8.GetBytes(Canonical(previousSm3, e)));

    public static string Sm3Hex(byte[] bytes)
    {
        var digest = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        digest.BlockUpdate(bytes, 0, bytes.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The canonical text of an event (see the remarks), chained to <paramref name="previousHash"/>.</summary>
    public static string Canonical(string previousHash, EventRow e)
    {
        var sb = new StringBuilder(Version, 256 + e.Data.Length);
        void F(string? s)
        {
            if (s is null) { sb.Append('~'); return; }
            sb.Append(Encoding.UTF8.GetByteCount(s).ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
        }
        F(previousHash);
        F(e.Sequence.ToString(CultureInfo.InvariantCulture));
        F(e.Id.ToString());
        F(e.StreamId.ToString());
        F(e.Version.ToString(CultureInfo.InvariantCulture));
        F(e.Type);
        F(Microseconds(e.Timestamp).ToString(CultureInfo.InvariantCulture));
        F(e.TenantId);
        F(e.UserName);
        F(e.CorrelationId);
        F(e.CausationId);
        F(e.Headers);
        F(e.Data);
        F(e.BinaryData);
        return sb.ToString();
    }

    /// <summary>The same canonical form in SQL, over a row variable (<c>NEW</c> in the trigger) and a previous-hash variable.</summary>
    public static string CanonicalSql(string row, string prev)
    {
        static string F(string expr) => $"coalesce(octet_length({expr})::text || ':' || {expr}, '~')";
        return string.Join(" || ", new[]
        {
            $"'{Version}'",
            F(prev),
            F($"{row}.seq_id::text"),
            F($"{row}.id::text"),
            F($"{row}.stream_id::text"),
            F($"{row}.version::text"),
            F($"{row}.type::text"),
            F($"((extract(epoch from {row}.timestamp) * 1000000)::bigint)::text"),
            F($"{row}.tenant_id::text"),
            F($"{row}.user_name::text"),
            F($"{row}.correlation_id::text"),
            F($"{row}.causation_id::text"),
            F($"{row}.headers::text"),
            F($"{row}.data::text"),
            F($"encode({row}.bdata, 'hex')"),
        });
    }

    /// <summary>
    /// <c>event_hashes</c>: one row per event, keyed like the event (stream, version). When the table is created
    /// (a new database, or a database upgraded to the chain) the events already stored are hashed once.
    /// </summary>
    public sealed class HashTable : Table
    {
        private readonly string _schema;

        public HashTable(string schema) : base(new Weasel.Postgresql.PostgresqlObjectName(schema, TableName))
        {
            _schema = schema;
            AddColumn<Guid>("stream_id").AsPrimaryKey();
            AddColumn<long>("version").AsPrimaryKey();
            AddColumn<long>("seq_id").NotNull();
            AddColumn("prev_hash", "character(64)").NotNull();
            AddColumn("hash", "character(64)").NotNull();
        }

        public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            base.WriteCreateStatement(migrator, writer);
            writer.WriteLine(BackfillSql(_schema));
        }
    }

    /// <summary>
    /// The trigger runs with the inserting role's rights: the app's role may INSERT into <c>event_hashes</c> (ON CONFLICT DO
    /// NOTHING needs no UPDATE right), never UPDATE or DELETE (issue 15). An existing hash row is never overwritten: an event
    /// deleted and inserted again with other content keeps the old hash, and verify names it. (SECURITY DEFINER would spare
    /// the app even the INSERT right, but Weasel then sees the function as changed on every start and tries to replace it.)
    /// </summary>
    public static Function TriggerFunction(string schema)
    {
        var body = $@"
CREATE OR REPLACE FUNCTION {schema}.{FunctionName}() RETURNS trigger AS $$
DECLARE
    prev char(64);
BEGIN
    IF NEW.type = '{TombstoneType}' THEN
        RETURN NULL;
    END IF;
    SELECT h.hash INTO prev FROM {schema}.{TableName} h
        WHERE h.stream_id = NEW.stream_id AND h.version < NEW.version ORDER BY h.version DESC LIMIT 1;
    IF prev IS NULL THEN
        prev := '{Genesis}';
    END IF;
    INSERT INTO {schema}.{TableName} AS t (stream_id, version, seq_id, prev_hash, hash)
        VALUES (NEW.stream_id, NEW.version, NEW.seq_id, prev, encode(sha256(convert_to({CanonicalSql("NEW", "prev")}, 'UTF8')), 'hex'))
        ON CONFLICT (stream_id, version) DO NOTHING;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
";
        return new TriggerFunctionWithTrigger(new Weasel.Postgresql.PostgresqlObjectName(schema, FunctionName), body, Trigger(schema));
    }

    /// <summary>
    /// Weasel replaces a changed function with <c>DROP FUNCTION … CASCADE</c>, which also drops the trigger that
    /// calls it; so creating the function (re)creates the trigger too. The separate <see cref="Trigger(string)"/>
    /// object still notices a trigger that is missing while the function is unchanged.
    /// </summary>
    private sealed class TriggerFunctionWithTrigger(DbObjectName name, string body, Trigger trigger) : Function(name, body)
    {
        // Weasel compares functions by Body(), which renders the create statement with the default migrator:
        // that rendering is the function alone, so an unchanged function is not "changed" by the trigger text.
        private static readonly Weasel.Postgresql.PostgresqlMigrator ForComparison = new();

        protected override Migrator GetDefaultMigrator() => ForComparison;

        public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            base.WriteCreateStatement(migrator, writer);
            if (!ReferenceEquals(migrator, ForComparison)) trigger.WriteCreateStatement(migrator, writer);
        }
    }

    public static Trigger Trigger(string schema) =>
        new(new Weasel.Postgresql.PostgresqlObjectName(schema, TriggerName), new Weasel.Postgresql.PostgresqlObjectName(schema, "mt_events"),
            $"{schema}.{FunctionName}()")
        {
            Timing = TriggerTiming.After,
            Events = TriggerEvents.Insert,
            ForEachRow = true,
        };

    /// <summary>
    /// Hashes events stored before the chain existed (an upgraded database), stream by stream in version order,
    /// with the same canonical form. Runs once, when the hash table is created.
    /// </summary>
    public static string BackfillSql(string schema) => $@"
DO $backfill$
DECLARE
    e record;
    prev char(64);
    last_stream uuid;
BEGIN
    FOR e IN SELECT * FROM {schema}.mt_events WHERE type <> '{TombstoneType}' ORDER BY stream_id, version LOOP
        IF last_stream IS DISTINCT FROM e.stream_id THEN
            prev := '{Genesis}';
            last_stream := e.stream_id;
        END IF;
        INSERT INTO {schema}.{TableName} (stream_id, version, seq_id, prev_hash, hash)
            VALUES (e.stream_id, e.version, e.seq_id, prev, encode(sha256(convert_to({CanonicalSql("e", "prev")}, 'UTF8')), 'hex'))
            ON CONFLICT (stream_id, version) DO NOTHING;
        SELECT h.hash INTO prev FROM {schema}.{TableName} h WHERE h.stream_id = e.stream_id AND h.version = e.version;
    END LOOP;
END
$backfill$;
";
}

/// <summary>
/// Registers the chain with Marten's schema management (<c>opts.Storage.Add</c>): a custom feature is applied
/// after Marten's event tables, so <c>ApplyAllDatabaseChangesOnStartup</c>, <c>db-apply</c> and <c>db-assert</c>
/// create and check the table, the function and the trigger with the rest of the schema. (Extended schema
/// objects would be created before <c>mt_events</c> exists.)
/// </summary>
public sealed class EventHashChainFeature(StoreOptions options) : FeatureSchemaBase("EventHashChain", options.Advanced.Migrator)
{
    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var schema = options.Events.DatabaseSchemaName;
        yield return new EventHashChain.HashTable(schema);
        yield return EventHashChain.TriggerFunction(schema);
        yield return EventHashChain.Trigger(schema);
        yield return new Sm3Chain.Sm3Table(schema);
    }
}

public static class EventHashChainConfiguration
{
    public static void AddEventHashChain(this StoreOptions opts) => opts.Storage.Add(new EventHashChainFeature(opts));
}
