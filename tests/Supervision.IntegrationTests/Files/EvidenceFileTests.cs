using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using SkiaSharp;

namespace Supervision.IntegrationTests.Files;

/// <summary>
/// Issue 16 §1: evidence as real files. A photo uploaded with its capture (device time, GPS) gets a server-made upright
/// thumbnail and its EXIF read; a hazard and a correction report name files by hash, the event records the capture, and
/// whoever may read the case reads the bytes unchanged.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EvidenceFileTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    private async Task<(int Status, JsonElement Body)> Upload(string user, byte[] bytes, string name = "现场照片.jpg", params (string Key, string Value)[] fields)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        using var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        form.Add(new ByteArrayContent(bytes), "file", name);
        using var response = await client.PostAsync("/api/files", form);
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
    public async Task A_hazard_photo_keeps_its_bytes_its_capture_and_its_EXIF_and_shows_upright_as_a_thumbnail()
    {
        // Orientation 6: the camera was turned; the stored pixels are 400×200, the photo is seen 200×400.
        var photo = TestPhotos.Jpeg(400, 200, orientation: 6, takenAt: new DateTime(2026, 11, 30, 10, 15, 0), position: (43.8256, 87.6168),
            seed: Random.Shared.Next(1, 200));
        var deviceTime = app.Clock.GetUtcNow().AddMinutes(-5).ToString("O");
        var (status, uploaded) = await Upload(Inspector, photo, "IMG_0412.jpg",
            ("capturedAt", deviceTime), ("latitude", "43.8250"), ("longitude", "87.6170"), ("accuracy", "12.5"));
        Assert.Equal(201, status);
        var sha = Convert.ToHexStringLower(SHA256.HashData(photo));
        Assert.Equal(sha, uploaded.Str("sha256"));
        Assert.Equal(43.8256, uploaded.GetProperty("exifLatitude").GetDouble(), 3);
        Assert.Equal(87.6168, uploaded.GetProperty("exifLongitude").GetDouble(), 3);
        Assert.False(uploaded.GetProperty("clockSkewFlagged").GetBoolean());

        var inspection = await _given.StartedInspection();
        var hazard = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/hazards", new
        {
            version = 2, item = "Art38.5", description = "库房消防器材过期", evidenceFiles = new[] { sha },
        }), 201);
        var rid = hazard.Id("rectificationId");
        var rectification = await _api.Ok(_api.Get("urumqi.leader", $"/api/rectifications/{rid}"));
        var file = rectification.GetProperty("files").EnumerateArray().Single();
        Assert.Equal((sha, "image/jpeg", Inspector, "IMG_0412.jpg"), (file.Str("sha256"), file.Str("mediaType"), file.Str("capturedBy"), file.Str("fileName")));
        Assert.Equal(43.825, file.GetProperty("latitude").GetDouble(), 3);
        Assert.Equal(12.5, file.GetProperty("accuracyMeters").GetDouble());
        Assert.Equal(DateTimeOffset.Parse(deviceTime), file.GetProperty("deviceTime").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 15, 0, TimeSpan.FromHours(8)), file.GetProperty("exifTakenAt").GetDateTimeOffset());

        // The original, byte for byte, to whoever may read the case; the thumbnail upright (portrait) and small.
        Assert.Equal(photo, await Read("urumqi.leader", $"/api/rectifications/{rid}/files/{sha}"));
        var thumbnail = await Read("urumqi.leader", $"/api/rectifications/{rid}/files/{sha}?thumbnail=true");
        using var thumb = SKBitmap.Decode(thumbnail);
        Assert.Equal((160, 320), (thumb.Width, thumb.Height));
        // The red mark of the stored top-left corner is at the top-right once turned upright (orientation 6: 90° clockwise).
        Assert.True(thumb.GetPixel(thumb.Width - 5, 5).Red > 200 && thumb.GetPixel(5, 5).Red < 100);
        Assert.Null(await Read("kashi.leader", $"/api/rectifications/{rid}/files/{sha}"));
        Assert.Null(await Read("urumqi.leader", $"/api/rectifications/{rid}/files/{new string('a', 64)}"));
    }

    [Fact]
    public async Task Files_must_be_stored_and_captured_by_an_officer_of_the_case_and_a_wrong_device_clock_is_flagged()
    {
        var inspection = await _given.StartedInspection();
        var url = $"/api/inspections/{inspection}/hazards";
        var unknown = await _api.Post(Inspector, url, new { version = 2, item = "Art38.5", description = "x", evidenceFiles = new[] { new string('0', 64) } });
        Assert.Equal((422, "unknown_file"), (unknown.Status, unknown.Body.Str("code")));

        // Uploaded by an officer who is not on this inspection: not evidence of this case.
        var (_, foreign) = await Upload("urumqi.inspector3", TestPhotos.Jpeg(64, 64, seed: Random.Shared.Next(1, 200)));
        var notTeam = await _api.Post(Inspector, url, new { version = 2, item = "Art38.5", description = "x", evidenceFiles = new[] { foreign.Str("sha256") } });
        Assert.Equal((422, "file_not_from_team"), (notTeam.Status, notTeam.Body.Str("code")));
        Assert.Equal(2, (await _api.Ok(_api.Get(Inspector, $"/api/inspections/{inspection}"))).GetProperty("version").GetInt32());

        // A device clock two days off: accepted, flagged on the case.
        var (_, skewed) = await Upload("urumqi.inspector2", TestPhotos.Jpeg(64, 48, seed: Random.Shared.Next(1, 200)), "p.jpg",
            ("capturedAt", app.Clock.GetUtcNow().AddDays(-2).ToString("O")));
        Assert.True(skewed.GetProperty("clockSkewFlagged").GetBoolean());
        var hazard = await _api.Ok(_api.Post(Inspector, url, new { version = 2, item = "Art38.5", description = "x", evidenceFiles = new[] { skewed.Str("sha256") } }), 201);
        var rectification = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{hazard.Id("rectificationId")}"));
        Assert.Equal(1, rectification.GetProperty("clockSkewedFiles").GetInt32());
        Assert.Equal("urumqi.inspector2", rectification.GetProperty("files")[0].Str("capturedBy"));
    }

    [Fact]
    public async Task A_position_outside_the_region_or_a_bad_capture_time_is_refused_and_nothing_is_stored()
    {
        var photo = TestPhotos.Jpeg(32, 32, seed: 250);
        var sha = Convert.ToHexStringLower(SHA256.HashData(photo));
        foreach (var fields in new[]
        {
            new[] { ("latitude", "39.9042"), ("longitude", "116.4074") }, // Beijing: not where an officer of this region inspects
            new[] { ("latitude", "43.8") },
            new[] { ("latitude", "abc"), ("longitude", "87.6") },
            new[] { ("capturedAt", "昨天") },
        })
        {
            var (status, problem) = await Upload(Inspector, photo, "p.jpg", fields);
            Assert.Equal(400, status);
            Assert.StartsWith("invalid_", problem.Str("code"));
        }
        Assert.Null(await Read(Inspector, $"/api/files/{sha}"));
    }

    [Fact]
    public async Task A_correction_report_names_its_scans_and_they_join_the_case_files()
    {
        var (rid, _) = await _given.Ordered();
        var scan = TestPhotos.Jpeg(120, 80, seed: Random.Shared.Next(1, 200));
        var (_, uploaded) = await Upload("urumqi.inspector2", scan, "整改报告.jpg");
        var before = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"));
        await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{rid}/correction-reports", new
        {
            version = before.GetProperty("version").GetInt32(), description = "已配置恒温恒湿设备", evidenceFiles = new[] { uploaded.Str("sha256") },
        }));
        var after = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"));
        Assert.Contains(after.GetProperty("files").EnumerateArray(), f => f.Str("sha256") == uploaded.Str("sha256"));
        Assert.Equal(scan, await Read("urumqi.leader", $"/api/rectifications/{rid}/files/{uploaded.Str("sha256")}"));
    }
}
