using Marten;
using Marten.Linq;
using Npgsql;
using Supervision.Web.Pages.Workbench;

namespace Supervision.IntegrationTests.Ui;

/// <summary>
/// The workbench's to-do queues are served by partial indexes (Supervision.Shared.WorkQueueIndexes) whose predicates must be
/// contained in the SQL Marten writes for the queues' LINQ: PostgreSQL uses a partial index only then. With sequential scans
/// priced out, each queue's plan names its index; a changed condition (or Marten writing it differently) makes it fall back
/// to a scan of every snapshot, and this test fail.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class WorkQueueIndexTests(AppFixture app)
{
    public static TheoryData<string, string> Queues => new()
    {
        { "unassigned", "mt_doc_complaint_idx_queue_unassigned" },
        { "recusals", "mt_doc_inspection_idx_queue_recusals" },
        { "unrecorded", "mt_doc_inspection_idx_queue_unrecorded" },
        { "unitReports", "mt_doc_rectification_idx_queue_unit_reports" },
    };

    [Theory]
    [MemberData(nameof(Queues))]
    public async Task Each_queue_of_the_workbench_reads_its_partial_index(string queue, string index)
    {
        await using var session = app.Store.QuerySession();
        var command = queue switch
        {
            "unassigned" => Todos.UnassignedComplaints(session, "650100").ToCommand(FetchType.FetchMany),
            "recusals" => Todos.PendingRecusals(session, "650100").ToCommand(FetchType.FetchMany),
            "unrecorded" => Todos.Unrecorded(session, "650100").ToCommand(FetchType.FetchMany),
            _ => Todos.WithUnitReports(session, "650100").ToCommand(FetchType.FetchMany),
        };
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", conn)) await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("explain " + command.CommandText, conn);
        foreach (NpgsqlParameter p in command.Parameters) explain.Parameters.Add(p.Clone());
        var plan = string.Join("\n", await ReadAll(explain));
        Assert.True(plan.Contains(index, StringComparison.Ordinal), $"{queue}: expected {index} in\n{plan}\nfor\n{command.CommandText}");
    }

    private static async Task<List<string>> ReadAll(NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }
}
