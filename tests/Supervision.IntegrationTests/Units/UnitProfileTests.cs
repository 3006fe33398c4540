using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Rectifications;
using Supervision.IntegrationTests.Ui;
using Supervision.Shared;
using Wolverine;

namespace Supervision.IntegrationTests.Units;

[Collection(AppCollection.Name)]
public sealed class UnitProfileTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Inspector = "urumqi.inspector1";

    /// <summary>A unit of its own, so that the other tests' cases do not move its score.</summary>
    private async Task<Guid> NewUnit()
    {
        var random = string.Concat(Enumerable.Range(0, 7).Select(_ => CreditCode.Alphabet[Random.Shared.Next(CreditCode.Alphabet.Length)]));
        var created = await _api.Ok(_api.Post(Inspector, "/api/units", new
        {
            name = "乌鲁木齐市画像测试档案馆" + random, kind = "organ", jurisdictionId = "650100", creditCode = CreditCode.WithCheckDigit("11650100MB" + random),
        }), 201);
        return created.Id();
    }

    private async Task<(Guid RectificationId, JsonElement Order)> OrderedHazard(Guid unitId)
    {
        var inspection = (await _api.Ok(_api.Post(Inspector, "/api/inspections", new
        {
            unitId, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
        }), 201)).Id();
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/start", new { version = 1 }));
        var hazard = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/hazards", new
        {
            version = 2, item = "Art38.3", description = "档案库房无温湿度调控设备", evidence = new[] { "现场照片 IMG_0101" },
        }), 201);
        var rid = hazard.Id("rectificationId");
        var order = await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 5, requirements = "配置恒温恒湿设备", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        return (rid, order);
    }

    private Task<JsonElement> Profile(Guid unitId, string user = "urumqi.leader") => _api.Ok(_api.Get(user, $"/api/units/{unitId}/profile"));
    private static int Score(JsonElement profile) => profile.GetProperty("risk").GetProperty("score").GetInt32();

    [Fact]
    public async Task The_profile_shows_the_order_and_the_hazard_and_the_score_rises_when_the_order_goes_overdue()
    {
        var unitId = await NewUnit();
        var empty = await Profile(unitId);
        Assert.Equal(0, Score(empty));
        Assert.Empty(empty.GetProperty("inspections").EnumerateArray());

        var (rid, order) = await OrderedHazard(unitId);
        var profile = await Profile(unitId, Inspector); // anyone who may see the unit
        var inspection = Assert.Single(profile.GetProperty("inspections").EnumerateArray());
        Assert.Equal("in_progress", inspection.Str("status"));
        Assert.False(inspection.GetProperty("drawnAtRandom").GetBoolean());
        Assert.Equal(1, inspection.GetProperty("hazards").GetInt32());
        var hazards = Assert.Single(profile.GetProperty("hazardsByItem").EnumerateArray());
        Assert.Equal("Art38.3", hazards.Str("item"));
        Assert.Equal(1, hazards.GetProperty("open").GetInt32());
        Assert.Equal(0, hazards.GetProperty("overdue").GetInt32());
        var listed = Assert.Single(profile.GetProperty("rectificationOrders").EnumerateArray());
        Assert.Equal(order.Str("documentNumber"), listed.Str("documentNumber"));
        Assert.Equal(order.Str("dueOn"), listed.Str("dueOn"));
        Assert.Equal("ordered", listed.Str("status"));
        var before = Score(profile);
        Assert.Equal(15, before);
        Assert.Contains(profile.GetProperty("risk").GetProperty("factors").EnumerateArray(), f => f.Str("code") == "open_hazards" && f.GetProperty("points").GetInt32() == 15);

        // The deadline passes: the durable check appends RectificationOverdue.
        var due = DateOnly.Parse(order.Str("dueOn"));
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(due).AddMinutes(1));
        using (var scope = app.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new RectificationDeadlineCheck(rid, due));

        var after = await Profile(unitId);
        Assert.True(Score(after) > before, $"score {Score(after)} should exceed {before}");
        Assert.Equal(15 + 25, Score(after));
        Assert.Equal("中", after.GetProperty("risk").Str("level"));
        Assert.Equal(1, after.GetProperty("hazardsByItem")[0].GetProperty("overdue").GetInt32());
        Assert.Equal("overdue", after.GetProperty("rectificationOrders")[0].Str("board"));
        Assert.Contains(after.GetProperty("risk").GetProperty("factors").EnumerateArray(), f => f.Str("code") == "overdue_orders" && f.GetProperty("count").GetInt32() == 1);
    }

    [Fact]
    public async Task A_complaint_against_the_unit_appears_as_a_count_without_anything_of_the_complainant()
    {
        var unitId = await NewUnit();
        const string name = "古丽娜尔·画像测试人";
        const string allegation = "该馆把档案堆放在漏雨的走廊里，画像测试";
        await _api.Ok(_api.Post("urumqi.handler", "/api/complaints", new
        {
            channel = "letter", receivedAt = app.Clock.GetUtcNow().AddHours(-1), anonymous = false,
            complainant = new { name, idNumber = ResidentId.WithCheckChar("65010219880512345"), phone = "13999887766", email = "profile.test@example.cn", address = "乌鲁木齐市画像测试路 9 号" },
            unitId, allegation, requestedOutcome = "责令整改",
        }), 201);

        var (status, profile) = await _api.Get("urumqi.leader", $"/api/units/{unitId}/profile");
        Assert.Equal(200, status);
        Assert.Equal(1, profile.GetProperty("complaints").GetProperty("total").GetInt32());
        Assert.Equal(1, profile.GetProperty("complaints").GetProperty("pending").GetInt32());
        var raw = JsonSerializer.Serialize(profile, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("乌鲁木齐市画像测试档案馆", raw); // Chinese is compared as text
        foreach (var secret in new[] { name, "古丽娜尔", "13999887766", "profile.test@example.cn", "650102198805123", "画像测试路", allegation, "漏雨", "complainant", "allegation", "receiptNumber" })
            Assert.DoesNotContain(secret, raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_profile_is_404_outside_the_readers_jurisdiction_and_for_unknown_units()
    {
        var unitId = await NewUnit();
        var (other, _) = await _api.Get("kashi.leader", $"/api/units/{unitId}/profile");
        Assert.Equal(404, other);
        var (county, _) = await _api.Get("tianshan.inspector", $"/api/units/{unitId}/profile"); // a county does not see the city's unit
        Assert.Equal(404, county);
        var (unknown, _) = await _api.Get("urumqi.leader", $"/api/units/{Guid.NewGuid()}/profile");
        Assert.Equal(404, unknown);
        await _api.Ok(_api.Get("region.leader", $"/api/units/{unitId}/profile"));
    }

    [Fact]
    public async Task The_case_lists_are_paged_newest_first_while_the_counts_cover_the_whole_history()
    {
        var unitId = await NewUnit();
        var planned = new List<Guid>();
        for (var day = 0; day < 51; day++) // one more than a page; planned later each time, so the newest is the last
            planned.Add((await _api.Ok(_api.Post(Inspector, "/api/inspections", new
            {
                unitId, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(day + 1), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
            }), 201)).Id());
        planned.Reverse();

        var first = await Profile(unitId);
        Assert.Equal(51, first.GetProperty("inspectionsTotal").GetInt32());
        Assert.Equal(planned.Take(50), first.GetProperty("inspections").EnumerateArray().Select(i => i.Id()));
        Assert.Equal(50, first.GetProperty("pages").GetProperty("pageSize").GetInt32());
        var second = await _api.Ok(_api.Get("urumqi.leader", $"/api/units/{unitId}/profile?inspectionsPage=2"));
        Assert.Equal(planned[50], Assert.Single(second.GetProperty("inspections").EnumerateArray()).Id());
        Assert.Equal(2, second.GetProperty("pages").GetProperty("inspections").GetInt32());
        Assert.Equal(Score(first), Score(second)); // the score is the whole history's on every page
        var small = await _api.Ok(_api.Get("urumqi.leader", $"/api/units/{unitId}/profile?pageSize=20&inspectionsPage=3"));
        Assert.Equal(planned.Skip(40).Take(20), small.GetProperty("inspections").EnumerateArray().Select(i => i.Id()));
        var beyond = await _api.Ok(_api.Get("urumqi.leader", $"/api/units/{unitId}/profile?inspectionsPage=9"));
        Assert.Empty(beyond.GetProperty("inspections").EnumerateArray());
        Assert.Equal(51, beyond.GetProperty("inspectionsTotal").GetInt32());

        // The page: 50 rows, the count, and a pager whose links keep the other lists where they are.
        using var browser = await UiBrowser.LoggedIn(app, "urumqi.leader");
        var html = await browser.GetStringAsync($"/units/{unitId}");
        Assert.Contains("共 51 次检查", html);
        Assert.Equal(50, System.Text.RegularExpressions.Regex.Matches(html, "<a href=\"/inspections/").Count);
        Assert.Contains($"href=\"/units/{unitId}?inspectionsPage=2&amp;ordersPage=1&amp;sanctionsPage=1#unit-inspections\"", html);
        var page2 = await browser.GetStringAsync($"/units/{unitId}?inspectionsPage=2");
        Assert.Contains($"<a href=\"/inspections/{planned[50]}\"", page2);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page2, "<a href=\"/inspections/"));
        var lenient = await browser.GetAsync($"/units/{unitId}?inspectionsPage=abc"); // a page's query is lenient: page 1
        Assert.Equal(200, (int)lenient.StatusCode);
    }

    [Theory]
    [InlineData("inspectionsPage=0", "inspectionsPage")]
    [InlineData("ordersPage=100001", "ordersPage")]
    [InlineData("sanctionsPage=-1", "sanctionsPage")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("ordersPage=abc", "ordersPage")]
    public async Task A_bad_page_of_the_profile_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var unitId = await NewUnit();
        var (status, problem) = await _api.Get("urumqi.leader", $"/api/units/{unitId}/profile?{query}");
        Assert.Equal(400, status);
        Assert.Contains(parameter, problem.GetRawText());
    }
}
