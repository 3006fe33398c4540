using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Documents;
using Supervision.Files;
using Supervision.Shared;
using UglyToad.PdfPig;

namespace Supervision.IntegrationTests.Documents;

/// <summary>
/// Issue 13 §4: every issued document as PDF — A4 after GB/T 9704, the Chinese font embedded and the text extractable,
/// rendered once from the frozen document, kept in the file store with its hash on the document's stream, served byte for
/// byte afterwards, and checked by <c>POST /api/documents/{number}/verify</c>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DocumentPdfTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    private static string Url(string number) => "/api/documents/" + Uri.EscapeDataString(number) + ".pdf";

    private async Task<(int Status, byte[] Bytes, string? ContentType, string? ETag)> Download(string user, string number)
    {
        using var client = app.Host.Server.CreateClient();
        if (user.Length > 0) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        using var response = await client.GetAsync(Url(number));
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType,
            response.Headers.ETag?.Tag);
    }

    private async Task<byte[]> Pdf(string number)
    {
        var (status, bytes, type, _) = await Download(Inspector, number);
        Assert.Equal((200, "application/pdf"), (status, type));
        return bytes;
    }

    private async Task<System.Text.Json.JsonElement> Verify(string number, byte[] copy)
    {
        using var client = app.Host.Server.CreateClient(); // no login: whoever holds a copy
        using var body = new ByteArrayContent(copy);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var response = await client.PostAsync("/api/documents/" + Uri.EscapeDataString(number) + "/verify", body);
        Assert.Equal(200, (int)response.StatusCode);
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task An_order_downloads_as_an_a4_pdf_whose_chinese_text_and_metadata_extract_back()
    {
        var (_, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var bytes = await Pdf(number);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));

        using var pdf = PdfDocument.Open(bytes);
        var page = pdf.GetPage(1);
        Assert.Equal((595, 842), ((int)Math.Round(page.Width), (int)Math.Round(page.Height))); // A4
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        Assert.Contains("乌鲁木齐市档案局", text);
        Assert.Contains("责令限期改正通知书", text);
        Assert.Contains(number, text);
        Assert.Contains("配置恒温恒湿设备", text);
        Assert.Contains("电子印章：乌鲁木齐市档案局", text); // the seal area with key id and verification code, as on the HTML
        Assert.Matches("密钥650100-\\d{3}", text.Replace(" ", ""));
        Assert.Equal(("责令限期改正通知书", number, "乌鲁木齐市档案局"), (pdf.Information.Title, pdf.Information.Subject, pdf.Information.Author));
        // The font is embedded (a subset, its name prefixed with six letters and '+'), not referenced.
        Assert.Contains(page.Letters, l => l.FontName.Contains('+'));

        // pdftotext (poppler-utils), where installed, reads the Chinese back too.
        if (File.Exists("/usr/bin/pdftotext"))
        {
            var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".pdf");
            await File.WriteAllBytesAsync(file, bytes);
            try
            {
                using var process = Process.Start(new ProcessStartInfo("/usr/bin/pdftotext", [file, "-"]) { RedirectStandardOutput = true })!;
                var extracted = await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.Contains("责令限期改正通知书", extracted);
                Assert.Contains(number, extracted);
            }
            finally { File.Delete(file); }
        }
    }

    [Fact]
    public async Task The_pdf_is_byte_identical_on_every_request_and_after_the_case_changes_and_its_hash_is_on_the_documents_stream()
    {
        var (rid, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var (_, first, _, etag) = await Download(Inspector, number);
        var sha = Convert.ToHexStringLower(SHA256.HashData(first));
        Assert.Equal($"\"{sha}\"", etag);

        // The deadline is extended: the order's PDF does not move; the extension is its own document with its own PDF.
        var version = (await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"))).GetProperty("version").GetInt64();
        var extension = await _api.Ok(_api.Post("urumqi.leader", $"/api/rectifications/{rid}/extensions", new { version, newDueOn = app.Day(61), reason = "设备到货延迟" }));
        Assert.Equal(first, await Pdf(number));
        Assert.Equal(first, await Pdf(number));
        using (var notice = PdfDocument.Open(await Pdf(extension.Str("noticeNumber"))))
            Assert.Contains(number, string.Concat(notice.GetPages().Select(p => p.Text)));

        await using var session = app.Store.QuerySession();
        var row = (await session.LoadAsync<IssuedDocument>(number))!;
        Assert.Equal((sha, (long?)first.Length), (row.PdfSha256, row.PdfSize));
        var rendered = Assert.Single((await session.Events.FetchStreamAsync(DocumentPdfs.StreamId(number))).Select(e => e.Data).OfType<DocumentPdfRendered>());
        Assert.Equal((sha, row.Sha256, DocumentPdfs.Sm3Hex(first)), (rendered.Sha256, rendered.ContentSha256, rendered.Sm3));
        Assert.Equal(first.Length, (await app.Host.Services.GetRequiredService<IFileStore>().FindAsync(sha, CancellationToken.None))!.Size);
        var record = await _api.Ok(_api.Get("", "/api/documents/" + Uri.EscapeDataString(number) + "/verify"));
        Assert.Equal(sha, record.Str("pdfSha256"));
    }

    [Fact]
    public async Task A_downloaded_pdf_verifies_as_genuine_and_a_copy_with_one_byte_changed_does_not()
    {
        var (_, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var copy = await Pdf(number);

        var genuine = await Verify(number, copy);
        Assert.Equal(("pdf", true, true, true), (genuine.Str("format"), genuine.GetProperty("genuine").GetBoolean(),
            genuine.GetProperty("sameBytes").GetBoolean(), genuine.GetProperty("sealValid").GetBoolean()));

        var tampered = (byte[])copy.Clone();
        tampered[copy.Length / 2] ^= 0x01;
        var forged = await Verify(number, tampered);
        Assert.False(forged.GetProperty("genuine").GetBoolean());
        Assert.False(forged.GetProperty("sameBytes").GetBoolean());

        // Another document's genuine PDF is not a copy of this one.
        var (_, other) = await _given.Ordered();
        Assert.False((await Verify(number, await Pdf(other.Str("documentNumber")))).GetProperty("genuine").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_number_and_a_reader_outside_the_jurisdiction_get_404()
    {
        Assert.Equal(404, (await Download(Inspector, "乌档责改〔2026〕99999号")).Status);
        var (_, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        Assert.Equal(404, (await Download("kashi.officer", number)).Status);
        Assert.Equal(401, (await Download("", number)).Status);
    }

    [Fact]
    public async Task A_document_nobody_opened_is_rendered_once_right_after_it_is_frozen()
    {
        var (_, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        // The background pass, run here instead of waiting for its timer.
        await app.Host.Services.GetRequiredService<DocumentFreezeService>().FreezePendingAsync(CancellationToken.None);
        var pdfs = app.Host.Services.GetRequiredService<DocumentPdfs>();
        while (await pdfs.RenderPendingAsync(CancellationToken.None) > 0) { }
        string? sha;
        await using (var session = app.Store.QuerySession())
            sha = (await session.LoadAsync<IssuedDocument>(number))!.PdfSha256;
        Assert.NotNull(sha);
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(await Pdf(number))));
        // Asking again renders nothing new.
        Assert.Equal(sha, (await pdfs.EnsureAsync(number, CancellationToken.None))!.PdfSha256);
        await using var check = app.Store.QuerySession();
        Assert.Single(await check.Events.FetchStreamAsync(DocumentPdfs.StreamId(number)));
    }
}
