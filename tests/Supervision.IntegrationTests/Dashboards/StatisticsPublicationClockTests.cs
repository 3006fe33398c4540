using System.Text.Json;

namespace Supervision.IntegrationTests.Dashboards;

/// <summary>
/// Issue 12 item 16 (R25): the previous year's statistics are due by 31 January; each department's clock is on the
/// deadline board, overdue while unpublished after that day, settled by the publication. The tests run in 2025 (the
/// clock of 2024), a year no other test publishes.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class StatisticsPublicationClockTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Clock = "statistics_publication";

    private async Task<List<JsonElement>> Board(string user, string query = "", string kind = Clock)
    {
        var body = await _api.Ok(_api.Get(user, $"/api/deadlines?pageSize=200{(kind.Length == 0 ? "" : "&kind=" + kind)}{query}"));
        return body.GetProperty("items").EnumerateArray().ToList();
    }

    private static JsonElement? Of(IEnumerable<JsonElement> board, string jurisdiction) =>
        board.Where(e => e.Str("jurisdictionId") == jurisdiction).Cast<JsonElement?>().SingleOrDefault();

    // Kashgar publishes here: the annual statistics tests publish Urumqi's figures and expect its 2024 unpublished.
    [Fact]
    public async Task Unpublished_after_31_January_the_previous_years_statistics_are_overdue_for_each_department_until_published()
    {
        app.ClockAt(new DateTimeOffset(2025, 2, 5, 10, 0, 0, TimeSpan.FromHours(8)));
        var board = await Board("kashi.leader");
        var kashgar = Of(board, "653100") ?? throw new Xunit.Sdk.XunitException("no R25 clock for 653100: " + string.Join(", ", board));
        Assert.Equal(("2025-01-31", "overdue", "statistics"), (kashgar.Str("dueOn"), kashgar.Str("status"), kashgar.Str("caseKind")));
        Assert.Equal("统计公布期限", kashgar.Str("clockName"));
        Assert.Contains("2024年度档案行政执法统计", kashgar.Str("title"));
        Assert.Contains("kashi.leader", kashgar.GetProperty("owners").EnumerateArray().Select(o => o.GetString()));
        Assert.NotNull(Of(board, "653101")); // every department below has its own
        Assert.Null(Of(board, "650000"));    // not the region above
        Assert.Null(Of(board, "650100"));    // nor a sibling
        Assert.NotNull(Of(await Board("region.leader"), "653100")); // the level above supervises it (R3)
        Assert.NotNull(Of(await Board("kashi.leader", "&owner=me"), "653100"));
        Assert.Null(Of(await Board("kashi.leader", "&owner=me"), "653101"));
        Assert.NotNull(Of(await Board("kashi.inspector", "&jurisdiction=653100"), "653100")); // on the department's board, not only the leader's

        await _api.Ok(_api.Post("kashi.leader", "/api/statistics/2024/publication", new { }));
        Assert.Null(Of(await Board("kashi.leader"), "653100"));
        var done = Of(await Board("kashi.leader", "&status=done"), "653100") ?? throw new Xunit.Sdk.XunitException("published clock not done");
        Assert.Equal("done", done.Str("status"));
        Assert.Equal("逾期发布", done.Str("note"));
        Assert.NotNull(Of(await Board("kashi.leader"), "653101")); // still overdue below
    }

    [Fact]
    public async Task Before_the_due_day_the_clock_is_open()
    {
        app.ClockAt(new DateTimeOffset(2025, 1, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var tianshan = Of(await Board("tianshan.leader"), "650102") ?? throw new Xunit.Sdk.XunitException("no R25 clock for 650102");
        Assert.Equal(("2025-01-31", "open"), (tianshan.Str("dueOn"), tianshan.Str("status")));
        Assert.Contains(await Board("tianshan.leader", kind: "statistics"), e => e.Str("jurisdictionId") == "650102");
        Assert.DoesNotContain(await Board("tianshan.leader", kind: "rectification"), e => e.Str("clock") == Clock);
        Assert.Contains(await Board("tianshan.leader", kind: ""), e => e.Str("clock") == Clock);
    }
}
