using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;

namespace Supervision.IntegrationTests.Files;

/// <summary>Issue 13 §3: one content-addressed file store; uploads checked by size and by content; a file joins a case through an event.</summary>
[Collection(AppCollection.Name)]
public sealed class FileStoreTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    private static byte[] Pdf(string text) => System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% " + text + "\n%%EOF\n");
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x02, 0x03];

    private async Task<HttpClient> Client(string user)
    {
        var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        return client;
    }

    private async Task<(int Status, JsonElement Body)> Upload(string user, byte[] bytes, string name = "回证.pdf")
    {
        using var client = await Client(user);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        using var response = await client.PostAsync("/api/files", form);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Fact]
    public async Task A_file_is_stored_once_under_its_hash_and_read_back_byte_for_byte_by_the_one_who_uploaded_it()
    {
        var bytes = Pdf("signed return " + Guid.NewGuid());
        var (status, body) = await Upload(Inspector, bytes);
        Assert.Equal(201, status);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal((sha, bytes.Length, "application/pdf", "回证.pdf"), (body.Str("sha256"), body.GetProperty("size").GetInt32(), body.Str("mediaType"), body.Str("fileName")));
        var (again, againBody) = await Upload(Inspector, bytes, "另一个名字.pdf");
        Assert.Equal((201, sha), (again, againBody.Str("sha256")));

        using var client = await Client(Inspector);
        using var read = await client.GetAsync($"/api/files/{sha}");
        Assert.Equal("application/pdf", read.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
        using var other = await Client("urumqi.inspector2");
        Assert.Equal(404, (int)(await other.GetAsync($"/api/files/{sha}")).StatusCode);
        Assert.Equal(404, (await _api.Get(Inspector, "/api/files/not-a-hash")).Status);
    }

    [Fact]
    public async Task Empty_unknown_typed_oversized_and_non_multipart_uploads_are_refused_by_content_not_by_name()
    {
        Assert.Equal((400, "empty_file"), await Code(Upload(Inspector, [])));
        Assert.Equal((415, "unsupported_file_type"), await Code(Upload(Inspector, "MZ\x90\x00 not a photo"u8.ToArray(), "photo.jpg")));
        var big = new byte[21 * 1024 * 1024];
        Pdf("x").CopyTo(big, 0);
        Assert.Equal(413, (await Upload(Inspector, big)).Status);
        var (plain, problem) = await _api.Post(Inspector, "/api/files", new { file = "x" });
        Assert.Equal((400, "multipart_required"), (plain, problem.Str("code")));
        Assert.Equal(403, (await Upload("region.admin", Pdf("admin"))).Status);
    }

    private static async Task<(int, string)> Code(Task<(int Status, JsonElement Body)> call)
    {
        var (status, body) = await call;
        return (status, body.Str("code"));
    }

    [Fact]
    public async Task A_proof_of_service_is_a_stored_file_named_by_its_hash_and_read_through_the_document()
    {
        var (_, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var url = "/api/documents/" + Uri.EscapeDataString(number);
        var photo = Jpeg.Concat(Guid.NewGuid().ToByteArray()).ToArray();
        var (_, uploaded) = await Upload(Inspector, photo, "留置送达.jpg");
        var body = new { method = "left", receivedOn = app.Day(), recipient = "被检查单位", witness = "居委会 李某", proof = "留置送达现场照片", proofFile = new string('0', 64) };
        var (unknown, unknownProblem) = await _api.Post(Inspector, url + "/service", body);
        Assert.Equal((422, "unknown_file"), (unknown, unknownProblem.Str("code")));
        await _api.Ok(_api.Post(Inspector, url + "/service", body with { proofFile = uploaded.Str("sha256") }));

        using var leader = await Client("urumqi.leader");
        using var proof = await leader.GetAsync(url + "/service/proof");
        Assert.Equal("image/jpeg", proof.Content.Headers.ContentType!.MediaType);
        Assert.Equal(photo, await proof.Content.ReadAsByteArrayAsync());
        using var kashgar = await Client("kashi.leader");
        Assert.Equal(404, (int)(await kashgar.GetAsync(url + "/service/proof")).StatusCode);
    }
}
