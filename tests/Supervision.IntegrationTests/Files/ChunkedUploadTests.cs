using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Supervision.IntegrationTests.Files;

/// <summary>
/// Issue 16 §1: recordings sent from the site in chunks that survive a dropped connection. A chunk out of order or with a
/// wrong hash is refused and changes nothing; the client asks for the offset and goes on; the whole is checked at the end.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ChunkedUploadTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    /// <summary>An M4A recording (ftyp "M4A "), <paramref name="size"/> bytes of made-up audio.</summary>
    private static byte[] Recording(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        byte[] head = [0, 0, 0, 0x20, .. "ftypM4A "u8.ToArray(), 0, 0, 0, 0];
        head.CopyTo(bytes, 0);
        return bytes;
    }

    private static string Sha(ReadOnlySpan<byte> b) => Convert.ToHexStringLower(SHA256.HashData(b));

    private async Task<(int Status, JsonElement Body)> Put(string user, Guid id, long offset, byte[] chunk, string? sha = null)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        using var content = new ByteArrayContent(chunk);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Chunk-Sha256", sha ?? Sha(chunk));
        using var response = await client.PutAsync($"/api/uploads/{id}?offset={offset}", content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private async Task<byte[]?> Read(string user, string url)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        using var response = await client.GetAsync(url);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : null;
    }

    [Fact]
    public async Task A_recording_arrives_in_chunks_resumes_after_refused_chunks_and_becomes_evidence_of_a_hazard()
    {
        var audio = Recording(300_000);
        var start = await _api.Ok(_api.Post("urumqi.inspector2", "/api/uploads", new
        {
            fileName = "现场录音.m4a", size = audio.Length, sha256 = Sha(audio), capturedAt = app.Clock.GetUtcNow().ToString("O"), latitude = 43.8, longitude = 87.6,
        }), 201);
        var id = start.Id();
        Assert.Equal(0, start.GetProperty("offset").GetInt64());

        var first = audio[..100_000];
        Assert.Equal(100_000, (await _api.Ok(Put("urumqi.inspector2", id, 0, first))).GetProperty("offset").GetInt64());
        // The connection dropped; the client sends the third chunk by mistake, then a corrupted second one: both refused.
        var (outOfOrder, problem) = await Put("urumqi.inspector2", id, 200_000, audio[200_000..]);
        Assert.Equal((400, "chunk_out_of_order", 100_000L), (outOfOrder, problem.Str("code"), problem.GetProperty("expectedOffset").GetInt64()));
        var (corrupted, problem2) = await Put("urumqi.inspector2", id, 100_000, audio[100_000..200_000], sha: Sha(audio[..10]));
        Assert.Equal((400, "chunk_hash_mismatch"), (corrupted, problem2.Str("code")));
        // Someone else can neither see nor continue it.
        Assert.Equal(404, (await _api.Get(Inspector, $"/api/uploads/{id}")).Status);
        Assert.Equal(404, (await Put(Inspector, id, 100_000, audio[100_000..200_000])).Status);

        // Resume from where the server says.
        var status = await _api.Ok(_api.Get("urumqi.inspector2", $"/api/uploads/{id}"));
        Assert.Equal((100_000L, false), (status.GetProperty("offset").GetInt64(), status.GetProperty("complete").GetBoolean()));
        await _api.Ok(Put("urumqi.inspector2", id, 100_000, audio[100_000..200_000]));
        var done = await _api.Ok(Put("urumqi.inspector2", id, 200_000, audio[200_000..]), 201);
        Assert.Equal((Sha(audio), "audio/mp4"), (done.Str("sha256"), done.Str("mediaType")));
        Assert.Equal(409, (await Put("urumqi.inspector2", id, 300_000, [1])).Status);
        Assert.Equal(audio, await Read("urumqi.inspector2", $"/api/files/{Sha(audio)}"));

        var inspection = await _given.StartedInspection();
        var hazard = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/hazards", new
        {
            version = 2, item = "Art38.4", description = "被检查单位负责人口头陈述库房漏雨情况（录音）", evidenceFiles = new[] { Sha(audio) },
        }), 201);
        var rid = hazard.Id("rectificationId");
        var file = (await _api.Ok(_api.Get("urumqi.leader", $"/api/rectifications/{rid}"))).GetProperty("files")[0];
        Assert.Equal(("audio/mp4", "urumqi.inspector2", 43.8), (file.Str("mediaType"), file.Str("capturedBy"), file.GetProperty("latitude").GetDouble()));
        Assert.Equal(audio, await Read("urumqi.leader", $"/api/rectifications/{rid}/files/{Sha(audio)}"));
    }

    [Fact]
    public async Task A_whole_that_differs_from_its_declared_hash_is_not_stored_and_the_upload_starts_again_from_byte_zero()
    {
        var audio = Recording(50_000);
        var declared = Recording(50_000);
        var id = (await _api.Ok(_api.Post(Inspector, "/api/uploads", new { fileName = "a.m4a", size = audio.Length, sha256 = Sha(declared) }), 201)).Id();
        await _api.Ok(Put(Inspector, id, 0, audio[..25_000]));
        var (status, problem) = await Put(Inspector, id, 25_000, audio[25_000..]);
        Assert.Equal((400, "file_hash_mismatch"), (status, problem.Str("code")));
        Assert.Equal(0, (await _api.Ok(_api.Get(Inspector, $"/api/uploads/{id}"))).GetProperty("offset").GetInt64());
        Assert.Null(await Read(Inspector, $"/api/files/{Sha(audio)}"));
    }

    [Fact]
    public async Task Sizes_and_types_are_checked_before_anything_is_kept()
    {
        Assert.Equal((413, "file_too_large"), await Code(_api.Post(Inspector, "/api/uploads", new { size = 501L * 1024 * 1024, sha256 = new string('a', 64) })));
        Assert.Equal((400, "empty_file"), await Code(_api.Post(Inspector, "/api/uploads", new { size = 0, sha256 = new string('a', 64) })));
        Assert.Equal((400, "invalid_sha256"), await Code(_api.Post(Inspector, "/api/uploads", new { size = 10, sha256 = "abc" })));
        Assert.Equal((400, "invalid_position"), await Code(_api.Post(Inspector, "/api/uploads", new { size = 10, sha256 = new string('a', 64), latitude = 10.0, longitude = 87.0 })));
        Assert.Equal(403, (await _api.Post("region.admin", "/api/uploads", new { size = 10, sha256 = new string('a', 64) })).Status);

        // A photo declared larger than the photo limit: refused at its first chunk, when its type is known.
        byte[] jpegHead = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, .. "JFIF"u8.ToArray(), 0, 1, 2, 3, 4, 5];
        var photo = (await _api.Ok(_api.Post(Inspector, "/api/uploads", new { size = 21L * 1024 * 1024, sha256 = new string('b', 64) }), 201)).Id();
        Assert.Equal((413, "file_too_large"), await Code(Put(Inspector, photo, 0, jpegHead)));
        var exe = (await _api.Ok(_api.Post(Inspector, "/api/uploads", new { size = 100, sha256 = new string('c', 64) }), 201)).Id();
        Assert.Equal((415, "unsupported_file_type"), await Code(Put(Inspector, exe, 0, "MZ\x90\x00 not a recording"u8.ToArray())));
        Assert.Equal(0, (await _api.Ok(_api.Get(Inspector, $"/api/uploads/{exe}"))).GetProperty("offset").GetInt64());
    }

    private static async Task<(int, string)> Code(Task<(int Status, JsonElement Body)> call)
    {
        var (status, body) = await call;
        return (status, body.Str("code"));
    }
}
