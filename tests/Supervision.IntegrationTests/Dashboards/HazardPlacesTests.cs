using Marten;
using Npgsql;
using Supervision.Dashboards;
using Supervision.Inspections;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Dashboards;

/// <summary>
/// The drill-down by Art. 38 item reads <c>hazard_places</c>, kept by a deferred trigger on the event table (issue 18 §3):
/// one row per recorded hazard with its item and its inspection's place, whatever appended it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HazardPlacesTests(AppFixture app)
{
    private readonly Scenarios _given = new(app);

    /// <summary>The hazard table against the events (<see cref="AppFixture.CompareRows"/>).</summary>
    private Task<(long Differences, long Rows)> Compare()
    {
        var s = app.Schema;
        return AppFixture.CompareRows(AppFixture.ConnectionString,
            $"select e.seq_id, e.data->>'item', i.jurisdiction_path, e.timestamp, e.stream_id from {s}.mt_events e " +
            $"join {s}.mt_doc_inspection i on i.id = e.stream_id where e.type = 'hazard_recorded'",
            $"select seq_id, item, jurisdiction_path, timestamp, stream_id from {s}.{HazardPlaces.TableName}");
    }

    [Fact]
    public async Task Every_recorded_hazard_has_its_item_and_place_even_when_its_inspection_starts_in_the_same_transaction()
    {
        await _given.Ordered(); // through the API: the hazard is appended to an inspection stored before
        // As the benchmark's seed and a data migration append: the inspection, its start and a hazard in one transaction, so
        // the inspection's snapshot (its place) is written after the hazard's event row. Placed under no department, so that
        // no other test's figures count it.
        var id = Guid.NewGuid();
        var now = app.Clock.GetUtcNow();
        var inspector = new Signatory("tianshan.inspector", "古丽娜尔·阿不都", "天档执650102001");
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream<Inspection>(id,
                new InspectionPlanned(id, Guid.NewGuid(), "同一事务测试单位", "999999", "test/999999", ["Art37.1"], DateOnly.FromDateTime(now.UtcDateTime),
                    [inspector], inspector.UserName, now),
                new InspectionStarted(id, inspector.UserName, now),
                new HazardRecorded(id, Guid.NewGuid(), "Art38.6", "档案库房温湿度失控", inspector.UserName, now));
            await session.SaveChangesAsync();
        }

        var (differences, rows) = await Compare();
        Assert.Equal(0, differences);
        Assert.True(rows >= 2);
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select item || ' ' || jurisdiction_path from {app.Schema}.{HazardPlaces.TableName} where stream_id = @id", conn);
        cmd.Parameters.AddWithValue("id", id);
        Assert.Equal("Art38.6 test/999999", await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Creating_the_trigger_fills_the_table_from_the_events_already_stored()
    {
        await _given.Ordered();
        await using (var conn = new NpgsqlConnection(AppFixture.ConnectionString))
        {
            await conn.OpenAsync();
            // A database from before the table: no trigger, no rows, and the item statistics of the retired event index.
            await using var cmd = new NpgsqlCommand(
                $"drop trigger {HazardPlaces.Trigger} on {app.Schema}.mt_events; delete from {app.Schema}.{HazardPlaces.TableName}; " +
                $"create statistics {app.Schema}.mt_events_stat_item on (data ->> 'item') from {app.Schema}.mt_events", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Assert.Equal(0, (await Compare()).Rows);

        // The owner applies the schema (as on deploy): the missing trigger is created and the rows refilled.
        await AppFixture.ApplySchemaAsOwner(app.Schema);
        var (differences, rows) = await Compare();
        Assert.Equal(0, differences);
        Assert.True(rows > 0);
        Assert.False(await RetiredStatisticsExist()); // no longer built by every ANALYZE of the events
    }

    private async Task<bool> RetiredStatisticsExist()
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select exists (select 1 from pg_statistic_ext s join pg_namespace n on n.oid = s.stxnamespace where n.nspname = @schema and s.stxname = 'mt_events_stat_item')", conn);
        cmd.Parameters.AddWithValue("schema", app.Schema);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
