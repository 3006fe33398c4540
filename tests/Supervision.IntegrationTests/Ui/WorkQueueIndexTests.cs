using System.Text.RegularExpressions;
using Marten;
using Marten.Linq;
using Npgsql;
using Supervision.Shared;
using Supervision.Web.Pages.Workbench;

namespace Supervision.IntegrationTests.Ui;

/// <summary>
/// The workbench's to-do queues are served by partial indexes (Supervision.Shared.WorkQueueIndexes) whose predicates must be
/// contained in the SQL Marten writes for the queues' LINQ: PostgreSQL uses a partial index only then. Each queue is explained
/// against an empty copy of its table that carries only the queue's index, with sequential scans priced out: the plan names
/// the index exactly when its predicate is implied. A changed condition (or Marten writing it differently) makes it fall back
/// to a scan of every snapshot, and this test fail. (On the real table the planner may as well pick another index of the
/// table on a small test database, which says nothing about the predicate; that made the first version of this test flaky.)
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
        { "openInspections", "mt_doc_inspection_idx_open_by_planned_on" },
        { "inspectorsOpenInspections", "mt_doc_inspection_idx_open_by_planned_on" },
        { "unassignedInScope", "mt_doc_complaint_idx_unassigned_by_acceptance_due" },
        { "caseFileComplaints", "mt_doc_complaint_idx_inspection_ids" }, // not a queue: the case file's link (CaseFile.Indexes)
    };

    private static readonly Actor Leader = new("urumqi.leader", "领导", Roles.Leader, "650100", "650000/650100");
    private static readonly Actor Inspector = new("urumqi.inspector1", "检查员", Roles.Inspector, "650100", "650000/650100", true);
    private static readonly Actor Handler = new("urumqi.handler", "承办人", Roles.ComplaintHandler, "650100", "650000/650100");

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
            "openInspections" => Todos.OpenInspections(session, Leader).ToCommand(FetchType.FetchMany),
            "inspectorsOpenInspections" => Todos.OpenInspections(session, Inspector).ToCommand(FetchType.FetchMany),
            "unassignedInScope" => Todos.UnassignedInScope(session, Handler).ToCommand(FetchType.FetchMany),
            "caseFileComplaints" => Supervision.CaseRecords.CaseFile.ComplaintsLeadingTo(session, Guid.NewGuid()).ToCommand(FetchType.FetchMany),
            _ => Todos.WithUnitReports(session, "650100").ToCommand(FetchType.FetchMany),
        };
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        var table = $"{app.Schema}.{TableOf(queue)}";
        await Execute(conn, "set enable_seqscan = off");
        await Execute(conn, $"create temp table queue_copy (like {table})");
        await using (var definition = new NpgsqlCommand("select indexdef from pg_indexes where schemaname = @s and indexname = @i", conn))
        {
            definition.Parameters.AddWithValue("s", app.Schema);
            definition.Parameters.AddWithValue("i", index);
            var create = (string?)await definition.ExecuteScalarAsync() ?? throw new Xunit.Sdk.XunitException($"{index} does not exist");
            await Execute(conn, create.Replace($" ON {table} ", " ON pg_temp.queue_copy ", StringComparison.Ordinal));
        }
        var sql = Regex.Replace(command.CommandText, $@"\b{Regex.Escape(table)}\b", "pg_temp.queue_copy");
        Assert.NotEqual(command.CommandText, sql);
        await using var explain = new NpgsqlCommand("explain " + sql, conn);
        foreach (NpgsqlParameter p in command.Parameters) explain.Parameters.Add(p.Clone());
        var plan = string.Join("\n", await ReadAll(explain));
        Assert.True(plan.Contains(index, StringComparison.Ordinal), $"{queue}: expected {index} in\n{plan}\nfor\n{sql}");
    }

    private static string TableOf(string queue) => queue switch
    {
        "unassigned" or "unassignedInScope" or "caseFileComplaints" => "mt_doc_complaint",
        "recusals" or "unrecorded" or "openInspections" or "inspectorsOpenInspections" => "mt_doc_inspection",
        _ => "mt_doc_rectification",
    };

    private static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ReadAll(NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }
}
