using Supervision.Integrity;

namespace Supervision.Tests.Integrity;

/// <summary>
/// The canonical form in C# must give the hash PostgreSQL's trigger stored. The vector is a real row and its
/// stored hash (an `inspection_started` event of a benchmark run); a change to either side breaks every chain.
/// </summary>
public sealed class EventHashChainTests
{
    private static readonly EventHashChain.EventRow Row = new(
        Sequence: 2, Id: Guid.Parse("377c3f8b-6d6e-4ccf-babd-ab3101f93091"), StreamId: Guid.Parse("01a2163c-bdf3-7ea9-b6fd-15f7576a6b6b"),
        Version: 2, Type: "inspection_started", Timestamp: new DateTimeOffset(2026, 11, 26, 5, 3, 29, TimeSpan.Zero).AddTicks(5871860),
        TenantId: "*DEFAULT*", UserName: "urumqi.inspector1", CorrelationId: "bdf30a50c147240c1fdc4d068b6fe3e1", CausationId: null,
        Headers: "null",
        Data: "{\"startedAt\": \"2026-11-26T05:03:29.5694814+00:00\", \"startedBy\": \"urumqi.inspector1\", \"inspectionId\": \"01a2163c-bdf3-7ea9-b6fd-15f7576a6b6b\"}",
        BinaryData: null);

    private const string Previous = "adfd09ed65543de5f99abcfbd8c76c3e35ba0c82d715a336fdf2a810eadf9371";
    private const string StoredByPostgres = "ae996c248759f7dc6b111543ebe326ffa5c4bacc818c7bd66e2ad24400b050ff";

    [Fact]
    public void The_csharp_canonical_form_gives_the_hash_the_database_stored() =>
        Assert.Equal(StoredByPostgres, EventHashChain.Compute(Previous, Row));

    [Fact]
    public void Every_covered_column_and_the_previous_hash_change_the_hash()
    {
        var variants = new[]
        {
            Row with { Data = Row.Data.Replace("inspector1", "inspector2") },
            Row with { Version = 3 }, Row with { Sequence = 3 }, Row with { Type = "inspection_concluded" },
            Row with { Timestamp = Row.Timestamp.AddTicks(10) }, Row with { UserName = "urumqi.leader" },
            Row with { CorrelationId = null }, Row with { CausationId = "" }, Row with { Headers = null }, Row with { TenantId = null },
            Row with { StreamId = Guid.NewGuid() }, Row with { Id = Guid.NewGuid() }, Row with { BinaryData = "00" },
        };
        Assert.All(variants, v => Assert.NotEqual(StoredByPostgres, EventHashChain.Compute(Previous, v)));
        Assert.NotEqual(StoredByPostgres, EventHashChain.Compute(EventHashChain.Genesis, Row));
        // Length prefixes: moving text between two neighbouring fields is not the same row.
        Assert.NotEqual(EventHashChain.Compute(Previous, Row with { UserName = "ab", CorrelationId = "c" }),
            EventHashChain.Compute(Previous, Row with { UserName = "a", CorrelationId = "bc" }));
    }

    [Fact]
    public void An_event_line_of_a_package_reads_back_to_the_same_hash()
    {
        var line = System.Text.Json.JsonSerializer.Serialize(new
        {
            seq = Row.Sequence, id = Row.Id, streamId = Row.StreamId, version = Row.Version, type = Row.Type,
            timestamp = Row.Timestamp.ToString("O"), tenantId = Row.TenantId, userName = Row.UserName, correlationId = Row.CorrelationId,
            causationId = Row.CausationId, headers = Row.Headers, data = Row.Data, binaryData = Row.BinaryData, prevHash = Previous, hash = StoredByPostgres,
        });
        var (e, prev, hash) = ArchivePackage.ReadLine(line);
        Assert.Equal((Previous, StoredByPostgres), (prev, hash));
        Assert.Equal(StoredByPostgres, EventHashChain.Compute(prev, e));
    }

    [Fact]
    public void Something_that_is_not_a_package_is_named_not_a_crash()
    {
        var report = ArchivePackageVerifier.Verify(new MemoryStream("not a zip"u8.ToArray()));
        Assert.False(report.Ok);
        Assert.Equal("not_a_zip", report.Problems[0].Problem);
        using var empty = new MemoryStream();
        using (new System.IO.Compression.ZipArchive(empty, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true)) { }
        empty.Position = 0;
        Assert.Equal("manifest_missing", ArchivePackageVerifier.Verify(empty).Problems[0].Problem);
    }
}
