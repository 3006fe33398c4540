using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;
using Supervision.CaseRecords;
using Supervision.Complaints;
using Supervision.Dashboards;
using Supervision.Inspections;
using Supervision.Integrity;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision;

public static class MartenConfiguration
{
    /// <summary>
    /// The whole store: connection, schema, event settings and every feature. Used by the host and by the
    /// benchmark, so both measure and run the same configuration.
    /// </summary>
    public static void ConfigureSupervisionStore(this StoreOptions opts, string connectionString, string schema)
    {
        opts.Connection(WithPreparedStatements(connectionString));
        opts.DatabaseSchemaName = schema;
        // A session keeps the one pooled connection it opened until it is disposed, instead of taking one from the pool
        // for every load and another for the save: a command checks out one connection instead of 2–3 (each checkout costs
        // the pool's work here and Npgsql's 7-statement session reset on the server). A/B on the command mix (issue 18 §2,
        // ops/bench/notes.md): app CPU per command −15–20 %, PostgreSQL's −5–30 %, throughput +15–45 %. Sessions live
        // for one request or one message, so a connection is held only as long as the request that uses it.
        opts.UseStickyConnectionLifetimes = true;
        opts.Events.DatabaseSchemaName = schema;
        // Event timestamps come from the app's clock (Events.TimeProvider, the same TimeProvider the deciders use),
        // not from PostgreSQL's now(): the recorded time of an event is the "now" its decision was made at, and a
        // test that sets the business clock sees the same month on the dashboard. (The mode's name is misleading:
        // QuickWithServerTimestamps sends the .NET timestamps; Quick uses the database's.)
        opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        // An index on (type, seq_id), with the time and the stream: the dashboard's drill-down reads one event type in order
        // (a rare type, a county's assignments, otherwise scans the whole sequence: one chunk 400 → 9 ms at 1M events), and the
        // async daemon's event loading uses it too. The project declares it (EventTableIndexes) instead of Marten's
        // EnableEventTypeIndex, whose index has the keys only.
        opts.Events.EnableEventTypeIndex = false;
        // The async daemon looks for new events every 100 ms when idle (Marten's default is 1 s) and every 250 ms
        // under load, so the dashboard lags a command by ~0.1–0.3 s. Not LISTEN/NOTIFY: waking on every append made
        // the daemon project in batches of one or two events and halved the command throughput (docs/benchmarks.md).
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(100);
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        opts.ConfigureSupervision();
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs repeatedly (Marten's append function, snapshot upserts,
    /// stream lookups), so PostgreSQL stops parsing and planning them per command. An explicit setting in the
    /// configured connection string wins.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            csb.MaxAutoPrepare = 50;
            csb.AutoPrepareMinUsages = 2;
        }
        return csb.ConnectionString;
    }

    /// <summary>Documents, snapshots and indexes of every feature; Program.cs stays small.</summary>
    public static void ConfigureSupervision(this StoreOptions opts)
    {
        // Reference data
        opts.Schema.For<Jurisdiction>().Identity(j => j.Id);
        opts.Schema.For<AppUser>().Index(u => u.JurisdictionPath);
        opts.Schema.For<SupervisedUnit>().Index(u => u.JurisdictionPath).UniqueIndex(u => u.CreditCode);
        opts.Schema.For<IssuedDocument>();
        opts.Projections.Snapshot<Documents.DocumentService>(SnapshotLifecycle.Inline); // 送达: one stream per served document
        opts.Schema.For<Documents.DocumentService>().Index(s => s.CaseId); // a case's services: its checklist, files, case file
        // Art. 36 annual reports (issue 17 §2): a round per department and year, a report per round and unit.
        opts.Projections.Snapshot<AnnualReports.AnnualReportRound>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<AnnualReports.AnnualReport>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<AnnualReports.RegionAnnualReport>(SnapshotLifecycle.Inline); // a department's report of its region
        opts.Projections.Snapshot<AnnualReports.AgencyEvaluation>(SnapshotLifecycle.Inline); // Art. 39: an agency's evaluation of a year
        opts.Schema.For<AnnualReports.AnnualReport>().Index(r => r.RoundId).Index(r => r.UnitId);
        opts.Schema.For<IdempotentResponse>();
        opts.Storage.ExtendedSchemaObjects.Add(DocumentNumbers.CounterTable(opts.DatabaseSchemaName));
        opts.Storage.ExtendedSchemaObjects.Add(Files.PostgresFileStore.Table(opts.DatabaseSchemaName)); // the file store (content-addressed)
        foreach (var table in Files.ChunkedUploads.Tables(opts.DatabaseSchemaName)) opts.Storage.ExtendedSchemaObjects.Add(table); // resumable uploads
        opts.Schema.For<Files.FileCapture>(); // who captured each stored file, when and where (issue 16)
        // Integrity: every event is hashed and chained to its stream's previous event by a trigger (Integrity/).
        opts.AddEventHashChain();

        // Case streams: current state as inline snapshots (read-your-writes for the case page).
        opts.Projections.Snapshot<Inspection>(SnapshotLifecycle.Inline);
        opts.Schema.For<Inspection>().Duplicate(i => i.JurisdictionPath).Index(i => i.PlannedOn).IndexIdAndPath(i => i.Id, i => i.JurisdictionPath);
        opts.Projections.Snapshot<InspectionDraw>(SnapshotLifecycle.Inline);
        opts.Schema.For<InspectionDraw>().Index(d => d.JurisdictionPath).Index(d => d.DrawnAt);
        opts.Projections.Snapshot<Complaint>(SnapshotLifecycle.Inline);
        // The workbench lists open complaints by handling deadline and a handler's own ones: read from indexes in that order,
        // or by handler, not sorted (70–133 ms each at 1.1 M events). The unassigned ones by acceptance deadline come from a
        // partial index of only those (WorkQueueIndexes); a full acceptance-deadline index would be a second write per
        // complaint for the same query.
        opts.Schema.For<Complaint>().Duplicate(c => c.JurisdictionPath).UniqueIndex(c => c.ReceiptNumber)
            .Index(c => c.HandlingDueOn).Index(c => c.HandlerId)
            .IndexIdAndPath(c => c.Id, c => c.JurisdictionPath);
        opts.Projections.Snapshot<NoticeDelivery>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<StatisticsPublication>(SnapshotLifecycle.Inline); // R25: published annual statistics
        opts.Schema.For<NoticeDelivery>().Index(d => d.ComplaintId);
        opts.Projections.Snapshot<Rectification>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<HolidayCalendarYear>(SnapshotLifecycle.Inline); // the official holiday calendar, a stream per year

        opts.Projections.Snapshot<SanctionCase>(SnapshotLifecycle.Inline);
        opts.Schema.For<SanctionCase>().Duplicate(c => c.JurisdictionPath).Index(c => c.OpenedAt).IndexIdAndPath(c => c.Id, c => c.JurisdictionPath);
        opts.ConfigureReferrals();
        opts.ConfigureUnitProfile();

        // Read models for leadership: async (Marten daemon), rolled up by jurisdiction path prefix.
        opts.Projections.Add<EnforcementMonthProjection>(ProjectionLifecycle.Async);
        opts.Schema.For<EnforcementMonth>().Index(m => m.JurisdictionPath).Index(m => m.Month);
        opts.ConfigureDeadlineBoard();
        opts.AddHazardPlaces(); // the drill-down by Art. 38 item
        opts.AddCustomIndexes([.. EventTableIndexes.All, .. WorkQueueIndexes.All, .. CaseFile.Indexes]);
        // The rectification board filters by jurisdiction and board and sorts by deadline: real (indexed) columns,
        // so counting a region's open orders does not parse each snapshot's JSON.
        // The (board, jurisdiction) index makes that count an index-only scan: the snapshots grew to ~1.4 KB with their
        // files and capture, and the sequential count of a region's open orders took 107 ms at 1M events (5 ms with it;
        // the cluster's C collation lets a btree serve the path prefix).
        // The unit rides along in the same index, so the unit map counts each unit's open and overdue orders from it alone
        // (UnitMap; a region's 54,000 open orders read from their snapshots took 0.2–0.4 s at 1.1 M events).
        opts.Schema.For<Rectification>().Duplicate(r => r.JurisdictionPath).Duplicate(r => r.Board).Duplicate(r => r.DueOn)
            .Duplicate(r => r.UnitId) // indexed: the unit profile's look-up
            .Index([r => r.Board, r => r.JurisdictionPath, r => r.UnitId], i => i.Name = "mt_doc_rectification_idx_board_jurisdiction_unit")
            .IndexIdAndPath(r => r.Id, r => r.JurisdictionPath);
    }

    /// <summary>
    /// (id, jurisdiction_path) of a case table, on the duplicated path column: the dashboard's drill-down asks of each of
    /// thousands of events whether its case is in the scope, and answers it from this index alone (an index-only probe of
    /// ~2 µs instead of reading the case's row and its JSON: 0.25–0.5 s → 70 ms for a county's page at 1.1 M events).
    /// </summary>
    private static MartenRegistry.DocumentMappingExpression<T> IndexIdAndPath<T>(this MartenRegistry.DocumentMappingExpression<T> cases,
        System.Linq.Expressions.Expression<Func<T, object>> id, System.Linq.Expressions.Expression<Func<T, object>> path) =>
        cases.Index([id, path], i => i.Name = $"mt_doc_{typeof(T).Name.ToLowerInvariant()}_idx_id_path");
}
