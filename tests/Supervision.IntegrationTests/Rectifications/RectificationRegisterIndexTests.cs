using Marten;
using Marten.Linq;
using Npgsql;
using Supervision.Rectifications;

namespace Supervision.IntegrationTests.Rectifications;

/// <summary>
/// The register counts a region's open orders on every page. At 1M events that count read every snapshot (107 ms); the
/// (board, jurisdiction) index answers it from the index alone. A small test schema is always sequentially scanned by
/// choice, so the planner is told to avoid that: the test fails when no index can serve the count at all (index gone,
/// query reshaped so the prefix no longer uses it, a collation that cannot serve LIKE from a btree).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RectificationRegisterIndexTests(AppFixture app)
{
    [Fact]
    public async Task The_registers_count_of_a_regions_open_orders_is_answered_from_the_board_and_jurisdiction_index()
    {
        await using var session = app.Store.QuerySession();
        var count = session.Query<Rectification>().Where(r => r.JurisdictionPath.StartsWith("650000") && r.Board == "open");
        var command = count.ToCommand(FetchType.Count);

        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        // Statistics and a visibility map as autovacuum keeps them on a live table (a fresh test table has neither).
        await using (var vacuum = new NpgsqlCommand($"vacuum (analyze) {app.Schema}.mt_doc_rectification", conn)) await vacuum.ExecuteNonQueryAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("set local enable_seqscan = off; set local enable_bitmapscan = off", conn, tx))
            await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("explain " + command.CommandText, conn, tx);
        foreach (NpgsqlParameter p in command.Parameters) explain.Parameters.Add(p.Clone());
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        var text = string.Join("\n", plan);
        Assert.Contains("using mt_doc_rectification_idx_board_jurisdiction", text);
        // Both conditions are the index's: the board and the path prefix as a range, not a filter over every open order.
        Assert.Matches(@"Index Cond: \(\(board = 'open'::text\) AND \(jurisdiction_path >= '650000'::text\)", text);
    }
}
