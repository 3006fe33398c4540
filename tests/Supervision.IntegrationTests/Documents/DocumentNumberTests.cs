using System.Text.RegularExpressions;
using Marten;
using Npgsql;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Documents;

/// <summary>The counter row of one department's document numbers of a type and year (Shared/DocumentNumbers.cs).</summary>
public static class DocumentCounter
{
    /// <summary>The last number taken, or null when none was ever taken (no row).</summary>
    public static async Task<int?> Read(AppFixture app, string department, string docType, int year)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select last_number from {app.Schema}.{DocumentNumbers.TableName} where department = @d and doc_type = @t and year = @y", conn);
        cmd.Parameters.AddWithValue("d", department);
        cmd.Parameters.AddWithValue("t", docType);
        cmd.Parameters.AddWithValue("y", year);
        return await cmd.ExecuteScalarAsync() is int n ? n : null;
    }
}

/// <summary>
/// Document numbers (文号) are unique and gapless per department, type and year: the counter row is bumped in the
/// transaction of the command that issues the document, so a command that fails after taking a number gives it back.
/// These tests read the counter row itself, not only the issued documents written in the same transaction.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DocumentNumberTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Kashgar = "653100", KashgarInspector = "kashi.inspector";
    private static readonly string[] KashgarTeam = ["kashi.inspector", "kashi.inspector2"];

    private Task<JsonElementResult> Order(Guid rectification, long version = 1) =>
        Send(KashgarInspector, $"/api/rectifications/{rectification}/order", new { version, workingDays = 10, requirements = "建立档案库房温湿度记录制度", inspectorIds = KashgarTeam });

    private sealed record JsonElementResult(int Status, System.Text.Json.JsonElement Body);

    private async Task<JsonElementResult> Send(string user, string url, object body)
    {
        var (status, json) = await _api.Post(user, url, body);
        return new JsonElementResult(status, json);
    }

    private static int Sequence(string number) => int.Parse(Regex.Match(number, @"〕(\d+)号$").Groups[1].Value);

    [Fact]
    public async Task A_command_that_took_a_number_and_then_lost_the_version_race_gives_the_number_back()
    {
        var year = app.Today.Year;
        // A first order, so the counter row exists and can be locked.
        var (_, first) = await _given.Hazard(KashgarInspector, Kashgar, KashgarTeam);
        var (_, contested) = await _given.Hazard(KashgarInspector, Kashgar, KashgarTeam);
        var (_, next) = await _given.Hazard(KashgarInspector, Kashgar, KashgarTeam);
        var baseline = Sequence((await Order(first)).Body.Str("documentNumber"));
        Assert.Equal(baseline, await DocumentCounter.Read(app, Kashgar, DocumentTypes.RectificationOrder, year));

        // Hold the counter row, send two orders of the same rectification at version 1, and let go once both have
        // passed their checks and wait for a number: both take one, the second to commit loses on the stream version.
        await using var holder = new NpgsqlConnection(AppFixture.ConnectionString);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand(
            $"select last_number from {app.Schema}.{DocumentNumbers.TableName} where department = @d and doc_type = @t and year = @y for update", holder, hold))
        {
            lockRow.Parameters.AddWithValue("d", Kashgar);
            lockRow.Parameters.AddWithValue("t", DocumentTypes.RectificationOrder);
            lockRow.Parameters.AddWithValue("y", year);
            Assert.Equal(baseline, (int)(await lockRow.ExecuteScalarAsync())!);
        }
        var racing = new[] { Order(contested), Order(contested) };
        await WaitForWaitersOnTheCounter(2, racing);
        await hold.CommitAsync();
        var results = await Task.WhenAll(racing);

        Assert.Equal([200, 409], results.Select(r => r.Status).Order());
        var winner = results.Single(r => r.Status == 200).Body.Str("documentNumber");
        Assert.Equal(baseline + 1, Sequence(winner));
        // The loser's number (baseline + 2) was taken and rolled back with its transaction: the counter did not move for it.
        Assert.Equal(baseline + 1, await DocumentCounter.Read(app, Kashgar, DocumentTypes.RectificationOrder, year));
        await using (var session = app.Store.QuerySession())
        {
            Assert.Equal(2, (await session.Events.FetchStreamStateAsync(contested))!.Version);
            Assert.Equal([winner], await session.Query<IssuedDocument>().Where(d => d.StreamId == contested).Select(d => d.Id).ToListAsync());
        }

        // So the next order gets the very next number: no gap.
        var after = await Order(next);
        Assert.Equal(200, after.Status);
        Assert.Equal(baseline + 2, Sequence(after.Body.Str("documentNumber")));
        Assert.Equal(baseline + 2, await DocumentCounter.Read(app, Kashgar, DocumentTypes.RectificationOrder, year));
    }

    /// <summary>Polls PostgreSQL until <paramref name="count"/> sessions wait for a lock on the counter table.</summary>
    private async Task WaitForWaitersOnTheCounter(int count, IEnumerable<Task> requests)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var cmd = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' " +
                $"and query like '%{DocumentNumbers.TableName}%' and pid <> pg_backend_pid()", conn);
            var waiting = (long)(await cmd.ExecuteScalarAsync())!;
            if (waiting >= count) return;
            if (requests.FirstOrDefault(r => r.IsCompleted) is { } done)
                Assert.Fail($"a request finished before taking a number: {((Task<JsonElementResult>)done).Result}");
            Assert.True(DateTime.UtcNow < deadline, $"only {waiting} of {count} requests reached the counter");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_document_issued_after_midnight_in_Beijing_on_new_years_eve_UTC_is_numbered_in_the_new_year_from_1()
    {
        // 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Beijing: the numbering year is Beijing's. (The 2027 holiday
        // calendar is not published in this data set; the deadline is provisional, the number is not.)
        var newYear = new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero);
        var kashgar2026 = await DocumentCounter.Read(app, Kashgar, DocumentTypes.RectificationOrder, 2026);
        var urumqiReceipts2026 = await DocumentCounter.Read(app, "650100", DocumentTypes.ComplaintReceipt, 2026);
        app.ClockAt(newYear, unpublishedYear: true);
        Assert.Equal(new DateOnly(2027, 1, 1), app.Today);

        var (_, rectification) = await _given.Hazard(KashgarInspector, Kashgar, KashgarTeam);
        var order = await Order(rectification);
        Assert.True(order.Status == 200, order.Body.ToString());
        Assert.Equal("喀档责改〔2027〕1号", order.Body.Str("documentNumber"));
        Assert.Equal(1, await DocumentCounter.Read(app, Kashgar, DocumentTypes.RectificationOrder, 2027));
        Assert.Equal(kashgar2026, await DocumentCounter.Read(app, Kashgar, DocumentTypes.RectificationOrder, 2026));

        // A complaint's receipt number too.
        var unit = await app.UnitIn("650100");
        var complaint = await _api.Ok(_api.Post("urumqi.handler", "/api/complaints", new
        {
            channel = "visit", receivedAt = app.Clock.GetUtcNow(), anonymous = true, unitId = unit.Id, allegation = "元旦值班期间来访反映档案被随意处置",
        }), 201);
        Assert.Equal("TS6501002027000001", complaint.Str("receiptNumber"));
        Assert.Equal(urumqiReceipts2026, await DocumentCounter.Read(app, "650100", DocumentTypes.ComplaintReceipt, 2026));
    }

    [Fact]
    public async Task Ten_complaints_registered_at_once_get_ten_distinct_consecutive_receipt_numbers()
    {
        var year = app.Today.Year;
        var unit = await app.UnitIn("650100");
        var before = await DocumentCounter.Read(app, "650100", DocumentTypes.ComplaintReceipt, year) ?? 0;

        var receipts = await Task.WhenAll(Enumerable.Range(1, 10).Select(async n => (await _api.Ok(_api.Post("urumqi.handler", "/api/complaints", new
        {
            channel = "phone", receivedAt = app.Clock.GetUtcNow().AddMinutes(-n), anonymous = true, unitId = unit.Id, allegation = $"并发登记测试 {n}：档案室无人管理",
        }), 201)).Str("receiptNumber")));

        Assert.All(receipts, r => Assert.StartsWith($"TS650100{year}", r));
        var numbers = receipts.Select(r => int.Parse(r[^6..])).Order().ToList();
        Assert.Equal(Enumerable.Range(before + 1, 10), numbers);
        Assert.Equal(before + 10, await DocumentCounter.Read(app, "650100", DocumentTypes.ComplaintReceipt, year));
    }
}
