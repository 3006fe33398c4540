using System.Net.Http.Headers;
using System.Text;

namespace Supervision.IntegrationTests.Documents;

/// <summary>Issue 13 §4: the electronic seal (SM2) of the issuing department, and anyone checking a copy against the record.</summary>
[Collection(AppCollection.Name)]
public sealed class SealVerificationTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    private async Task<string> Copy(string number) => (await _api.Ok(_api.Get("urumqi.inspector1", "/api/documents/" + Uri.EscapeDataString(number)))).GetString()!;

    private async Task<System.Text.Json.JsonElement> Check(string number, string copy)
    {
        using var client = app.Host.Server.CreateClient(); // no login: whoever holds a copy
        using var body = new StringContent(copy, Encoding.UTF8, "text/html");
        using var response = await client.PostAsync("/api/documents/" + Uri.EscapeDataString(number) + "/verify", body);
        Assert.Equal(200, (int)response.StatusCode);
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task An_issued_document_carries_its_departments_seal_and_a_copy_changed_by_one_byte_is_not_genuine()
    {
        var (_, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var copy = await Copy(number);
        Assert.Contains("电子印章：乌鲁木齐市档案局", copy);
        Assert.Matches("密钥 650100-\\d{3}　核验码 [2-9A-HJ-NP-Z]{8}", copy);

        var record = await _api.Ok(_api.Get("", "/api/documents/" + Uri.EscapeDataString(number) + "/verify"));
        Assert.Equal(("乌鲁木齐市档案局", true), (record.Str("issuer"), record.GetProperty("sealValid").GetBoolean()));
        Assert.DoesNotContain("配置恒温恒湿设备", record.ToString()); // the record, never the content

        var genuine = await Check(number, copy);
        Assert.True(genuine.GetProperty("genuine").GetBoolean());
        var i = copy.IndexOf("2026", StringComparison.Ordinal);
        var tampered = copy[..i] + "2027" + copy[(i + 4)..];
        var forged = await Check(number, tampered);
        Assert.False(forged.GetProperty("genuine").GetBoolean());
        Assert.False(forged.GetProperty("sameBytes").GetBoolean());
        Assert.Equal(404, (await _api.Get("", "/api/documents/" + Uri.EscapeDataString("乌档责改〔2026〕99999号") + "/verify")).Status);
    }
}
