using Marten.Events;
using Marten;
using Npgsql;
using Supervision.Dashboards;

namespace Supervision.IntegrationTests.Dashboards;

/// <summary>
/// The board by owner reads <c>deadline_owners</c>, kept by a trigger on the board's table (issue 18 §3): it must hold
/// exactly one row per (entry, owner) with the entry's current fields, whatever wrote the board.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DeadlineOwnersTests(AppFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    /// <summary>The rows the owner table should hold, from the board's documents, in the table's columns.</summary>
    private static string Expected(string schema) => $"""
        select distinct o, d.id, d.status <> 'done', d.due_on, d.status, d.jurisdiction_path, d.data->>'caseKind', d.data->>'clock',
            coalesce(array(select jsonb_array_elements_text(d.data->'excludedUserIds')), array[]::text[])::varchar[]
        from {schema}.mt_doc_deadlineentry d, jsonb_array_elements_text(d.data->'owners') o
        """;

    private const string Columns = "owner, entry_id, is_open, due_on, status, jurisdiction_path, case_kind, clock, excluded_user_ids";

    /// <summary>The owner table against the board (<see cref="AppFixture.CompareRows"/>).</summary>
    public static Task<(long Differences, long Rows)> Compare(string connectionString, string schema) =>
        AppFixture.CompareRows(connectionString, Expected(schema), $"select {Columns} from {schema}.{DeadlineOwners.TableName}");

    private async Task<List<(string Owner, string Status, string[] Excluded)>> RowsOf(string entryId)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select owner, status, excluded_user_ids from {app.Schema}.{DeadlineOwners.TableName} where entry_id = @id order by owner", conn);
        cmd.Parameters.AddWithValue("id", entryId);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<(string, string, string[])>();
        while (await r.ReadAsync()) rows.Add((r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2)));
        return rows;
    }

    [Fact]
    public async Task The_owner_table_mirrors_the_board_after_the_case_flows()
    {
        var (orderId, _) = await _given.Ordered(workingDays: 10); // two inspectors own it
        await new Complaints.ComplaintFlowTests(app).Accepted(); // registered, then assigned
        await _api.Ok(_api.Post("urumqi.officer", "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, violation = "Art44", summary = "检查人员未履行监督检查职责",
            investigatorIds = new[] { "urumqi.officer", "urumqi.inspector1" },
            responsiblePersons = new[] { new { name = "王芳", userId = "urumqi.inspector3" } },
        }), 201); // excludes the person it names
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);

        var (differences, rows) = await Compare(AppFixture.ConnectionString, app.Schema);
        Assert.Equal(0, differences);
        Assert.True(rows >= 4);
        Assert.Equal(["urumqi.inspector1", "urumqi.inspector2"],
            (await RowsOf(DeadlineClocks.EntryId(orderId, DeadlineClocks.RectificationDeadline))).Select(r => r.Owner));
    }

    [Fact]
    public async Task Each_write_of_an_entry_moves_its_owner_rows_and_an_unchanged_write_leaves_them()
    {
        var id = $"test:{Guid.NewGuid()}:{DeadlineClocks.RectificationDeadline}";
        var entry = new DeadlineEntry
        {
            Id = id, CaseKind = DeadlineCaseKinds.Rectification, CaseId = Guid.NewGuid(), Clock = DeadlineClocks.RectificationDeadline,
            ClockName = "整改期限", Subject = "测试单位", Title = "测试", DueOn = new DateOnly(2031, 3, 3), Owners = ["owner.a", "owner.b"],
            JurisdictionId = "650100", JurisdictionPath = $"test/{Guid.NewGuid()}", // under no department: on no board of other tests
        };
        async Task Write(Action<DeadlineEntry> change)
        {
            change(entry);
            await using var session = app.Store.LightweightSession();
            session.Store(entry);
            await session.SaveChangesAsync();
        }

        try
        {
            await Write(_ => { });
            Assert.Equal([("owner.a", "open"), ("owner.b", "open")], (await RowsOf(id)).Select(r => (r.Owner, r.Status)));

            await Write(e => { e.Owners = ["owner.c"]; e.Status = DeadlineStatuses.Overdue; e.ExcludedUserIds = ["owner.x"]; });
            var moved = Assert.Single(await RowsOf(id));
            Assert.Equal(("owner.c", "overdue"), (moved.Owner, moved.Status));
            Assert.Equal(["owner.x"], moved.Excluded);

            // Re-storing the same fields (most of the projection's writes) does not rewrite the rows.
            var before = await Ctids(id);
            await Write(e => e.Note = "只改了备注");
            Assert.Equal(before, await Ctids(id));
        }
        finally
        {
            await using var session = app.Store.LightweightSession();
            session.Delete<DeadlineEntry>(id);
            await session.SaveChangesAsync();
        }
        Assert.Empty(await RowsOf(id));
    }

    private async Task<string> Ctids(string entryId)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select string_agg(ctid::text, ',' order by owner) from {app.Schema}.{DeadlineOwners.TableName} where entry_id = @id", conn);
        cmd.Parameters.AddWithValue("id", entryId);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Creating_the_trigger_fills_the_table_from_the_board_as_it_stands()
    {
        await _given.Ordered(workingDays: 11);
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        await using (var conn = new NpgsqlConnection(AppFixture.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                $"drop trigger {DeadlineOwners.RowTrigger} on {app.Schema}.mt_doc_deadlineentry; delete from {app.Schema}.{DeadlineOwners.TableName}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Assert.Equal(0, (await Compare(AppFixture.ConnectionString, app.Schema)).Rows);

        // The owner applies the schema (as on deploy): the missing trigger is created and the rows refilled.
        await AppFixture.ApplySchemaAsOwner(app.Schema);
        var (differences, rows) = await Compare(AppFixture.ConnectionString, app.Schema);
        Assert.Equal(0, differences);
        Assert.True(rows > 0);
    }
}
