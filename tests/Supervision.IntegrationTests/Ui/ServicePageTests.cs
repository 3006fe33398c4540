using System.Net;

namespace Supervision.IntegrationTests.Ui;

/// <summary>
/// 文书送达 as a page (issue 13 §2 through the UI): an issued order links to its service record, which offers the forms to
/// issue the 送达回证, record the service or a failed attempt, and says why electronic service is not offered; once served it
/// shows how and when, and no forms. Outside the jurisdiction it does not exist.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ServicePageTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    [Fact]
    public async Task An_order_links_to_its_service_page_whose_forms_record_the_service_and_which_then_shows_it()
    {
        var (rid, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var url = $"/documents/{Uri.EscapeDataString(number)}/service";
        using var inspector = await UiBrowser.LoggedIn(app, "urumqi.inspector1");
        Assert.Contains($"href=\"{url}\"", await inspector.GetStringAsync($"/rectifications/{rid}"));

        var page = await inspector.GetStringAsync(url);
        Assert.Contains("尚未送达", page);
        foreach (var form in new[] { "return-receipt", "service", "failed" }) Assert.Contains($"<form class=\"api\" id=\"{form}\"", page);
        Assert.Contains($"data-api=\"/api/documents/{Uri.EscapeDataString(number)}/service\"", page);
        Assert.Contains("id=\"no-consent\"", page); // the shared unit has not agreed to electronic service
        Assert.DoesNotContain("id=\"electronic\"", page);

        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/documents/{Uri.EscapeDataString(number)}/service", new
        {
            method = "post", receivedOn = app.Day(), recipient = "被检查单位", trackingNumber = "EMS1234567890CN", proof = "邮件回执（扫描件）",
        }));
        page = await inspector.GetStringAsync(url);
        Assert.Contains("邮寄送达", page);
        Assert.Contains("EMS1234567890CN", page);
        Assert.DoesNotContain("<form class=\"api\"", page);

        using var kashgar = await UiBrowser.LoggedIn(app, "kashi.inspector");
        Assert.Equal(HttpStatusCode.NotFound, (await kashgar.GetAsync(url)).StatusCode);
    }
}
