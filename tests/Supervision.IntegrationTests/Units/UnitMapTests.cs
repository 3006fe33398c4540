using Supervision.IntegrationTests.Ui;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Units;

/// <summary>
/// Issue 16 §3: a unit's address and position (at registration or later, checked to lie in the region), and the map of a
/// jurisdiction's units with their open hazards — as JSON and as the page with its SVG and the list beside it; another
/// prefecture sees none of it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class UnitMapTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    [Fact]
    public async Task A_unit_is_registered_with_its_address_and_position_and_a_position_outside_the_region_is_refused()
    {
        var code = CreditCode.WithCheckDigit($"91650100MA7MAP{Random.Shared.Next(100, 999)}");
        var unit = new { name = "乌鲁木齐测试档案寄存中心", kind = "archive_service_agency", jurisdictionId = "650100", creditCode = code,
            address = "乌鲁木齐市新市区测试路 8 号", latitude = 43.8711, longitude = 87.5633 };
        await _api.Refused("urumqi.inspector1", "/api/units", new
        {
            unit.name, unit.kind, unit.jurisdictionId, unit.creditCode, unit.address, latitude = 39.9042, longitude = 116.4074, // Beijing
        }, 400, "invalid_position");
        await _api.Refused("urumqi.inspector1", "/api/units", new { unit.name, unit.kind, unit.jurisdictionId, unit.creditCode, latitude = 43.87 }, 400, "invalid_position");
        var created = await _api.Ok(_api.Post("urumqi.inspector1", "/api/units", unit), 201);
        var stored = await _api.Ok(_api.Get("urumqi.leader", $"/api/units/{created.Id()}"));
        Assert.Equal(("乌鲁木齐市新市区测试路 8 号", 43.8711, 87.5633),
            (stored.Str("address"), stored.GetProperty("latitude").GetDouble(), stored.GetProperty("longitude").GetDouble()));
    }

    [Fact]
    public async Task The_map_shows_the_units_of_the_jurisdiction_with_their_open_hazards_and_another_prefecture_sees_none()
    {
        var (_, rectification) = await _given.Hazard();
        var r = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/rectifications/{rectification}"));
        var unitId = r.Id("unitId");
        // Moved by an inspector; a leader of another prefecture cannot, and a complaint handler may not.
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/units/{unitId}/location", new { address = "乌鲁木齐市天山区解放南路 1 号", latitude = 43.7901, longitude = 87.6205 }));
        Assert.Equal(404, (await _api.Post("kashi.leader", $"/api/units/{unitId}/location", new { latitude = 39.47, longitude = 75.99 })).Status);
        Assert.Equal(403, (await _api.Post("urumqi.handler", $"/api/units/{unitId}/location", new { latitude = 43.79, longitude = 87.62 })).Status);

        var map = await _api.Ok(_api.Get("urumqi.leader", "/api/units/map?jurisdiction=650100"));
        var entry = map.GetProperty("units").EnumerateArray().Single(u => u.Id() == unitId);
        Assert.True(entry.GetProperty("openHazards").GetInt32() >= 1);
        Assert.Equal(43.7901, entry.GetProperty("latitude").GetDouble());
        Assert.All(map.GetProperty("units").EnumerateArray(), u => Assert.StartsWith("6501", u.Str("jurisdictionId")));
        var kashgar = await _api.Ok(_api.Get("kashi.leader", "/api/units/map"));
        Assert.DoesNotContain(kashgar.GetProperty("units").EnumerateArray(), u => u.Id() == unitId);
        Assert.Equal(404, (await _api.Get("kashi.leader", "/api/units/map?jurisdiction=650100")).Status);

        using var browser = await UiBrowser.LoggedIn(app, "urumqi.leader");
        var page = await browser.GetStringAsync("/map?jurisdiction=650100");
        Assert.Contains("<svg viewBox=\"0 0 800 560\" role=\"img\"", page);
        Assert.Matches($"<title>[^<]*{System.Text.RegularExpressions.Regex.Escape(r.Str("unitName"))}", page); // its point (or cluster) names it
        Assert.Contains($"<tr id=\"unit-{unitId}\"", page);                                                    // and the list beside has its row
        Assert.Contains("北纬43.7901° 东经87.6205°", page);
        Assert.Matches("class=\"map-(open|overdue)\"", page);
        var profile = await browser.GetStringAsync($"/units/{unitId}");
        Assert.Contains("乌鲁木齐市天山区解放南路 1 号", profile);
    }
}
