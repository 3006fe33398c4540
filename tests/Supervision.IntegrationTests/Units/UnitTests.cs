using Marten;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.IntegrationTests.Units;

[Collection(AppCollection.Name)]
public sealed class UnitTests(AppFixture app)
{
    private readonly Api _api = new(app);

    [Fact]
    public async Task Demo_register_has_units_across_the_jurisdiction_tree_and_lists_are_limited_to_ones_own()
    {
        var all = await _api.Ok(_api.Get("region.leader", "/api/units?pageSize=200"));
        // Every demo unit is listed, and the total is the register's (other tests register units of their own).
        await using (var session = app.Store.QuerySession())
            Assert.Equal(await session.Query<SupervisedUnit>().CountAsync(), all.Long("total"));
        var codes = all.GetProperty("items").EnumerateArray().Select(u => u.Str("creditCode")).ToHashSet();
        Assert.All(DemoUnits.All, d => Assert.Contains(d.CreditCode, codes));
        var kashgar = await _api.Ok(_api.Get("kashi.inspector", "/api/units?pageSize=200"));
        Assert.All(kashgar.GetProperty("items").EnumerateArray(), u => Assert.StartsWith("650000/653100", u.Str("jurisdictionPath")));
        var urumqi = await _api.Ok(_api.Get("urumqi.inspector1", "/api/units?pageSize=200"));
        // A prefecture sees its counties (天山区 650102 lies under 乌鲁木齐市 650100).
        Assert.Contains(urumqi.GetProperty("items").EnumerateArray(), u => u.Str("jurisdictionId") == "650102");
    }

    [Fact]
    public async Task Registering_a_unit_validates_the_credit_code_check_digit_and_the_jurisdiction()
    {
        var code = CreditCode.WithCheckDigit("91650102MA7TEAT01");
        var created = await _api.Ok(_api.Post("tianshan.inspector", "/api/units", new
        {
            name = "天山区测试档案服务有限公司", kind = "archive_service_agency", jurisdictionId = "650102", creditCode = code, contactName = "测试", contactPhone = "0991-5559999",
        }), 201);
        var unit = await _api.Ok(_api.Get("urumqi.leader", $"/api/units/{created.Id()}"));
        Assert.Equal("650000/650100/650102", unit.Str("jurisdictionPath"));

        var wrongCheck = code[..17] + (code[17] == '0' ? '1' : '0');
        await _api.Refused("tianshan.inspector", "/api/units", new { name = "某单位", kind = "organ", jurisdictionId = "650102", creditCode = wrongCheck },
            400, "invalid_credit_code", field: "creditCode");
        await _api.Refused("tianshan.inspector", "/api/units", new { name = "重复", kind = "organ", jurisdictionId = "650102", creditCode = code }, 409, "duplicate_credit_code");
        await _api.Refused("kashi.inspector", "/api/units", new { name = "越权登记", kind = "organ", jurisdictionId = "650102", creditCode = CreditCode.WithCheckDigit("11650102MB0000001") },
            404, "not_found");
        // An unknown kind does not deserialise: the JSON problem names the member in its reason (invalid_unit_kind is a missing kind).
        var badKind = await _api.Refused("tianshan.inspector", "/api/units", new { name = "x", kind = "spaceship", jurisdictionId = "650102", creditCode = CreditCode.WithCheckDigit("11650102MB0000002") },
            400, "malformed_json");
        Assert.Contains("$.kind", badKind.Str("reason"));
        await _api.Refused("tianshan.inspector", "/api/units", new { name = "x", jurisdictionId = "650102", creditCode = CreditCode.WithCheckDigit("11650102MB0000002") },
            400, "invalid_unit_kind", field: "kind");

        await using var session = app.Store.QuerySession();
        Assert.Equal(1, await session.Query<SupervisedUnit>().CountAsync(u => u.JurisdictionId == "650102" && u.RegisteredBy == "tianshan.inspector"));
    }
}
