using Supervision.IntegrationTests.Files;
using System.Net.Http.Headers;
using System.Text.Json;
using Marten;
using Supervision.Documents;
using Supervision.IntegrationTests.Ui;

namespace Supervision.IntegrationTests.Documents;

/// <summary>
/// 执法全过程记录 of service (issue 16 §1) through HTTP: an order handed over in person owes the recording of its service on
/// the case's page and the leader's 待办 until a video is attached; the video is then one of the case's files. A 留置送达
/// photographed instead of witnessed is recorded with its photos in one step.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ServiceRecordingFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    private static string Url(string number, string path = "") => "/api/documents/" + Uri.EscapeDataString(number) + path;


    private Task<string> Upload(byte[] bytes, string name, string user = Inspector) => TestFiles.Upload(app, user, bytes, name);
    private static byte[] Video() => TestFiles.Video();
    private static byte[] Photo() => TestFiles.Photo();

    private async Task<string> Page(string user, string url)
    {
        using var browser = await UiBrowser.LoggedIn(app, user);
        return await browser.GetStringAsync(url);
    }

    private async Task<string> Todos()
    {
        var page = await Page("urumqi.leader", "/");
        var start = page.IndexOf("id=\"todos\"", StringComparison.Ordinal);
        return start < 0 ? "" : page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    private async Task<int> ServiceEvents(string number)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(DocumentServiceRules.StreamId(number))).Count;
    }

    [Fact]
    public async Task An_order_served_in_person_owes_the_recording_of_its_service_until_a_video_is_attached()
    {
        var (id, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var stream = DocumentServiceRules.StreamId(number);
        // Nothing to attach to before the service is recorded.
        var video = await Upload(Video(), "送达录像.mp4");
        await _api.Refused(Inspector, Url(number, "/service/recordings"), new { recordings = new[] { video } }, 422, "service_not_recorded", stream);

        var receipt = (await _api.Ok(_api.Post(Inspector, Url(number, "/return-receipts"), new { recipient = "张主任" }))).Str("returnReceiptNumber");
        var today = Supervision.Shared.WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd");
        await _api.Ok(_api.Post(Inspector, Url(number, "/service"), new
        {
            method = "direct", receivedOn = today, recipient = "张主任", proof = "签收的送达回证", returnReceiptNumber = receipt,
        }));

        var page = await Page(Inspector, $"/rectifications/{id}");
        Assert.Contains("执法全过程记录", page);
        Assert.Contains("缺少录音录像", page);
        Assert.Contains($"直接送达（交付文书、签收过程）：责令限期改正通知书 {number}", page);
        var todos = await Todos();
        Assert.Contains(Uri.EscapeDataString(number), todos);

        // A photo does not record a handing-over; a file nobody of the case uploaded is refused; nothing is stored.
        var before = await ServiceEvents(number);
        var photo = await Upload(Photo(), "送达.jpg");
        await _api.Refused(Inspector, Url(number, "/service/recordings"), new { recordings = new[] { photo } }, 422, "recording_media_required", stream, field: "recordings");
        var outsiders = await Upload(Video(), "他人录像.mp4", "kashi.inspector");
        await _api.Refused(Inspector, Url(number, "/service/recordings"), new { recordings = new[] { outsiders } }, 422, "file_not_from_team", stream, field: "recordings");
        await _api.Refused(Inspector, Url(number, "/service/recordings"), new { recordings = Array.Empty<string>() }, 400, "field_required", stream, field: "recordings");
        Assert.Equal(404, (await _api.Post("kashi.inspector", Url(number, "/service/recordings"), new { recordings = new[] { outsiders } })).Status);
        Assert.Equal(before, await ServiceEvents(number));

        var attached = await _api.Ok(_api.Post(Inspector, Url(number, "/service/recordings"), new { recordings = new[] { video }, note = "交付通知书全程录像" }));
        Assert.Equal("service", attached.Str("step"));

        page = await Page(Inspector, $"/rectifications/{id}");
        Assert.DoesNotContain("缺少录音录像", page);
        Assert.Contains("送达录像.mp4", page);
        Assert.DoesNotContain(Uri.EscapeDataString(number), await Todos());
        // The recording is one of the case's files, read through the case, byte for byte.
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor("urumqi.leader"));
        using var file = await client.GetAsync($"/api/cases/{id}/files/{video}");
        Assert.Equal(200, (int)file.StatusCode);
        Assert.Equal(video, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await file.Content.ReadAsByteArrayAsync())));

        // Closed by a passed re-inspection, the case's archival package holds the service stream and the video, and verifies.
        var version = (await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{id}"))).Long("version");
        await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{id}/reinspections", new
        {
            version, passed = true, notes = "设备已安装", inspectorIds = new[] { Inspector, "urumqi.inspector2" },
        }));
        using var archive = await client.GetAsync($"/api/cases/{id}/archive");
        Assert.Equal(200, (int)archive.StatusCode);
        var zip = await archive.Content.ReadAsByteArrayAsync();
        var report = Supervision.Integrity.ArchivePackageVerifier.Verify(new MemoryStream(zip));
        Assert.True(report.Ok, report.Summary());
        using var entries = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        var manifest = JsonDocument.Parse(entries.GetEntry("manifest.json")!.Open()).RootElement;
        var service = Assert.Single(manifest.GetProperty("streams").EnumerateArray(), s => s.Str("kind") == "document-service");
        Assert.Equal((stream, 3L), (service.Id(), service.Long("events"))); // the return receipt, the service, its recording
        Assert.NotNull(entries.GetEntry($"events/document-service-{stream}.jsonl"));
        Assert.NotNull(entries.GetEntry($"files/{video}.mp4"));
    }

    [Fact]
    public async Task A_document_left_at_the_premises_and_photographed_needs_no_witness_and_keeps_its_photos()
    {
        var (id, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var today = Supervision.Shared.WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd");
        var left = new { method = "left", receivedOn = today, recipient = "某档案馆", proof = "拒绝签收，留置于门卫室" };
        await _api.Refused(Inspector, Url(number, "/service"), left, 400, "field_required", DocumentServiceRules.StreamId(number), field: "witness");

        var photo = await Upload(Photo(), "留置.jpg");
        await _api.Ok(_api.Post(Inspector, Url(number, "/service"), new { left.method, left.receivedOn, left.recipient, left.proof, recordings = new[] { photo } }));
        await using var session = app.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(DocumentServiceRules.StreamId(number))).Select(e => e.Data).ToList();
        Assert.IsType<DocumentServed>(events[0]);
        var recorded = Assert.IsType<ServiceRecordingAttached>(events[1]);
        Assert.Equal(("left_service", photo), (recorded.Step, Assert.Single(recorded.Files).Sha256));
        var page = await Page(Inspector, $"/rectifications/{id}");
        Assert.Contains("留置送达（留置文书过程）", page);
        Assert.Contains("已附 1 个文件", page);
        Assert.Contains("留置.jpg", await Page(Inspector, "/documents/" + Uri.EscapeDataString(number) + "/service"));
    }
}
