using System.Text.Json;
using Marten;
using Supervision.Documents;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.IntegrationTests.Documents;

/// <summary>Issue 13 §2: the service (送达) of a document through the API, with its 送达回证, consent and the unserved list.</summary>
[Collection(AppCollection.Name)]
public sealed class ServiceFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    private static string Url(string number, string path = "") => "/api/documents/" + Uri.EscapeDataString(number) + path;

    private async Task<long> ServiceEvents(string number)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(DocumentServiceRules.StreamId(number))).Count;
    }

    [Fact]
    public async Task An_order_is_served_in_person_on_its_signed_return_receipt_and_then_leaves_the_unserved_list()
    {
        var (_, order) = await _given.Ordered();
        var number = order.Str("documentNumber");

        // Not served after 3 working days: on the list (Thursday 5 February + 3 working days = Tuesday 10 February).
        app.AdvanceClockTo(app.Clock.GetUtcNow().AddDays(6)); // Wednesday 11 February
        var unserved = await _api.Ok(_api.Get("urumqi.leader", "/api/documents/unserved"));
        Assert.Contains(unserved.GetProperty("items").EnumerateArray(), d => d.Str("number") == number && d.Str("serveBy") == "2026-02-10");

        // The 送达回证 is issued (numbered) and printed for the party to sign.
        var receipt = await _api.Ok(_api.Post(Inspector, Url(number, "/return-receipts"), new { recipient = "被检查单位负责人" }));
        var receiptNumber = receipt.Str("returnReceiptNumber");
        Assert.Matches(@"^乌档送回〔2026〕\d+号$", receiptNumber);
        var printed = (await _api.Ok(_api.Get(Inspector, Url(receiptNumber)))).GetString()!;
        Assert.Contains("送达回证", printed);
        Assert.Contains(number, printed);
        Assert.Contains("受送达人签名或盖章", printed);

        // Refusals store nothing: a date before issue, a direct service without the signed return.
        var before = await ServiceEvents(number);
        var stream = DocumentServiceRules.StreamId(number);
        await _api.Refused(Inspector, Url(number, "/service"), new
        {
            method = "direct", receivedOn = "2026-02-04", recipient = "张主任", proof = "签收的送达回证", returnReceiptNumber = receiptNumber,
        }, 422, "served_before_issue", stream);
        await _api.Refused(Inspector, Url(number, "/service"), new { method = "direct", receivedOn = "2026-02-09", recipient = "张主任", proof = "x" },
            400, "field_required", stream, field: "returnReceiptNumber");
        Assert.Equal(before, await ServiceEvents(number));

        var served = await _api.Ok(_api.Post(Inspector, Url(number, "/service"), new
        {
            method = "direct", receivedOn = "2026-02-09", recipient = "张主任", proof = "签收的送达回证（已扫描）", returnReceiptNumber = receiptNumber,
        }));
        Assert.Equal(("direct", "2026-02-09"), (served.Str("method"), served.Str("receivedOn")));
        var record = await _api.Ok(_api.Get("urumqi.leader", Url(number, "/service")));
        Assert.Equal("2026-02-09", record.GetProperty("served").Str("receivedOn"));
        await _api.Refused(Inspector, Url(number, "/service"), new
        {
            method = "direct", receivedOn = "2026-02-10", recipient = "张主任", proof = "x", returnReceiptNumber = receiptNumber,
        }, 409, "already_served", stream);
        unserved = await _api.Ok(_api.Get("urumqi.leader", "/api/documents/unserved"));
        Assert.DoesNotContain(unserved.GetProperty("items").EnumerateArray(), d => d.Str("number") == number);
        Assert.Equal(404, (await _api.Get("kashi.leader", Url(number, "/service"))).Status);
    }

    [Fact]
    public async Task Electronic_service_without_the_partys_prior_written_consent_is_refused_and_with_it_goes_to_the_agreed_address()
    {
        var (rid, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var body = new { method = "electronic", receivedOn = app.Day(), recipient = "被检查单位", proof = "邮件服务器回执" };
        var unitId = (await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"))).Id("unitId");
        await using (var session = app.Store.LightweightSession())
        {
            // This test's own consent state: the shared unit starts without one.
            var unit = (await session.LoadAsync<SupervisedUnit>(unitId))!;
            unit.ElectronicServiceConsent = null;
            session.Store(unit);
            await session.SaveChangesAsync();
        }
        await _api.Refused(Inspector, Url(number, "/service"), body, 422, "no_electronic_consent", DocumentServiceRules.StreamId(number));
        Assert.Equal(0, await ServiceEvents(number));

        await _api.Refused("urumqi.leader", $"/api/units/{unitId}/electronic-service-consent",
            new { address = "not-an-address", signedBy = "张主任", signedOn = app.Day(-10), proof = "同意书" }, 400, "invalid_address", field: "address");
        await _api.Ok(_api.Post("urumqi.leader", $"/api/units/{unitId}/electronic-service-consent",
            new { address = "archives@example.cn", signedBy = "张主任", signedOn = app.Day(-10), proof = "电子送达确认书（扫描件）" }));
        var served = await _api.Ok(_api.Post(Inspector, Url(number, "/service"), body));
        Assert.Equal(("electronic", "archives@example.cn"), (served.Str("method"), served.Str("electronicAddress")));

        await using (var session = app.Store.LightweightSession())
        {
            var unit = (await session.LoadAsync<SupervisedUnit>(unitId))!;
            unit.ElectronicServiceConsent = null; // leave the shared unit as other tests expect it
            session.Store(unit);
            await session.SaveChangesAsync();
        }
    }

    private async Task SetConsent(Guid unitId, bool given)
    {
        await using var session = app.Store.LightweightSession();
        var unit = (await session.LoadAsync<SupervisedUnit>(unitId))!;
        unit.ElectronicServiceConsent = given
            ? new ElectronicServiceConsent("archives@example.cn", "张主任", DateOnly.Parse(app.Day(-10)), "电子送达确认书（扫描件）", "urumqi.leader", app.Clock.GetUtcNow())
            : null;
        session.Store(unit);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Electronic_service_goes_through_the_outbox_to_the_agreed_address_with_the_pdf_and_its_arrival_is_the_date_of_receipt()
    {
        var (rid, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var unitId = (await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"))).Id("unitId");
        var stream = DocumentServiceRules.StreamId(number);
        try
        {
            // Without the party's prior written consent: refused, nothing recorded, nothing sent.
            await SetConsent(unitId, given: false);
            var mails = app.Smtp.ReceivedEmailCount;
            await _api.Refused(Inspector, Url(number, "/electronic-service"), new { }, 422, "no_electronic_consent", stream);
            Assert.Equal(0, await ServiceEvents(number));
            Assert.Equal(mails, app.Smtp.ReceivedEmailCount);

            await SetConsent(unitId, given: true);
            var (status, accepted) = await app.AndWait(() => _api.Post(Inspector, Url(number, "/electronic-service"), new { }));
            Assert.True(status == 202, accepted.ToString());
            Assert.Equal(("sending", "archives@example.cn"), (accepted.Str("status"), accepted.Str("address")));

            var mail = app.Smtp.ReceivedEmail // not in arrival order: found by the number in the subject
                .Select(m => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
                .ToList();
            Assert.True(mail.Count(m => m.Subject.Contains(number)) == 1, string.Join(" | ", mail.Select(m => m.Subject)));
            Assert.Equal("archives@example.cn", mail.Single(m => m.Subject.Contains(number)).To.Mailboxes.Single().Address);
            var sent = mail.Single(m => m.Subject.Contains(number));
            Assert.Contains("责令限期改正通知书", sent.Subject);
            Assert.Contains("/verify", sent.TextBody);
            var pdf = Assert.Single(sent.Attachments.OfType<MimeKit.MimePart>());
            Assert.Equal("application/pdf", pdf.ContentType.MimeType);
            using (var bytes = new MemoryStream())
            {
                await pdf.Content.DecodeToAsync(bytes);
                Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes.ToArray(), 0, 5));
            }

            // Served electronically on the day the message reached the address; once only.
            var record = await _api.Ok(_api.Get("urumqi.leader", Url(number, "/service")));
            var served = record.GetProperty("served");
            Assert.Equal(("electronic", app.Day(), "archives@example.cn"), (served.Str("method"), served.Str("receivedOn"), served.Str("electronicAddress")));
            Assert.Contains("accepted", served.Str("proof"));
            await _api.Refused(Inspector, Url(number, "/electronic-service"), new { }, 409, "already_served", stream);
            await using (var session = app.Store.QuerySession())
                Assert.Equal(DateOnly.Parse(app.Day()), (await session.LoadAsync<IssuedDocument>(number))!.ServedOn);
        }
        finally { await SetConsent(unitId, given: false); } // leave the shared unit as other tests expect it
    }

    [Fact]
    public async Task An_electronic_service_the_mail_server_never_accepts_is_recorded_as_failed_and_the_document_stays_unserved()
    {
        var (rid, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var unitId = (await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"))).Id("unitId");
        await SetConsent(unitId, given: true);
        app.Smtp.Stop();
        try
        {
            var (status, _) = await app.AndWaitThroughRetries<DeliverDocumentElectronically, (int, JsonElement)>(
                () => _api.Post(Inspector, Url(number, "/electronic-service"), new { }), attempts: 3);
            Assert.Equal(202, status);
        }
        finally { app.RestartSmtp(); await SetConsent(unitId, given: false); }
        app.FailureLogged(number, 3, "SMTP server unreachable");
        var record = await _api.Ok(_api.Get("urumqi.leader", Url(number, "/service")));
        Assert.Equal(JsonValueKind.Null, record.GetProperty("served").ValueKind);
        var failed = Assert.Single(record.GetProperty("failedAttempts").EnumerateArray());
        Assert.Equal("electronic", failed.Str("method"));
        Assert.Contains("无法连接邮件服务器", failed.Str("reason"));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("archives@example.cn")); // the party's address is never logged
    }
}
