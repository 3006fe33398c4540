using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

/// <summary>
/// Issue 16 speed, against a running app (ops/bench/pdf.sh, after the uploads):
/// - a case page with 20 photos: a hazard naming 20 uploaded photos, then its rectification's page (HTML, thumbnails as lazy
///   images) requested 20 times; the time to the whole page;
/// - the replay of 50 steps queued offline: what offline.js sends when the network returns, one after the other — 50 hazards
///   on one inspection, each with its Idempotency-Key, X-Device-Time and the version the previous one answered.
/// </summary>
static class OfflineBench
{
    public static async Task Run(Api api, string token, Action<string, object> emit, int photos = 20, int replay = 50)
    {
        var units = await api.Ok(HttpMethod.Get, "/api/units?jurisdiction=650100", token);
        var unitId = units["items"]!.AsArray().Select(u => u!["id"]!.GetValue<Guid>()).First();

        // 20 photos of a phone's usual size (1600×1200 JPEG, ~0.3 MB), each different.
        var hashes = new List<string>();
        for (var i = 0; i < photos; i++)
        {
            using var bitmap = new SkiaSharp.SKBitmap(1600, 1200);
            using (var canvas = new SkiaSharp.SKCanvas(bitmap))
            {
                canvas.Clear(new SkiaSharp.SKColor((byte)(i * 12), 90, 140));
                using var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.White };
                canvas.DrawCircle(200 + i * 60, 600, 150, paint);
            }
            using var data = SkiaSharp.SKImage.FromBitmap(bitmap).Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 85);
            var file = new ByteArrayContent(data.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            using var form = new MultipartFormDataContent { { file, "file", $"现场{i + 1:00}.jpg" } };
            using var req = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = form };
            req.Headers.Authorization = new("Bearer", token);
            using var r = await api.Http.SendAsync(req);
            hashes.Add(JsonNode.Parse(await r.Content.ReadAsStringAsync())!["sha256"]!.GetValue<string>());
        }
        var (inspection, version) = await Started(api, token, unitId);
        var hazard = await api.Ok(HttpMethod.Post, $"/api/inspections/{inspection}/hazards", token, new
        {
            version, item = "Art38.3", description = "库房渗水，档案受潮", evidenceFiles = hashes,
        });
        var page = $"/rectifications/{hazard["rectificationId"]!.GetValue<Guid>()}";
        var times = new List<double>();
        for (var i = 0; i < 22; i++)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, page);
            req.Headers.Authorization = new("Bearer", token);
            var sw = Stopwatch.StartNew();
            using var r = await api.Http.SendAsync(req);
            var html = await r.Content.ReadAsStringAsync();
            if (i >= 2) times.Add(sw.Elapsed.TotalMilliseconds); // the first two warm up
            if (!r.IsSuccessStatusCode || html.Split("loading=\"lazy\"").Length - 1 != photos) throw new Exception($"{page}: {(int)r.StatusCode}, not {photos} thumbnails");
        }
        emit("photos_page_photos", photos); emit("photos_page_p50_ms", Stats.Pct(times, 50)); emit("photos_page_p95_ms", Stats.Pct(times, 95));

        // The replay: 50 steps, one after another, as the queue sends them.
        (inspection, version) = await Started(api, token, unitId);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < replay; i++)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/inspections/{inspection}/hazards")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { version, item = "Art38.5", description = $"离线记录的隐患 {i + 1}", evidence = new[] { "现场照片" } }),
            };
            req.Headers.Authorization = new("Bearer", token);
            req.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            req.Headers.Add("X-Device-Time", DateTimeOffset.UtcNow.AddHours(-3).ToString("O"));
            using var r = await api.Http.SendAsync(req);
            if ((int)r.StatusCode != 201) throw new Exception($"replayed step {i + 1} -> {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
            version = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["version"]!.GetValue<long>();
        }
        emit("replay_steps", replay); emit("replay_total_ms", total.Elapsed.TotalMilliseconds);
    }

    /// <summary>A started inspection of the unit by urumqi.inspector1 and inspector2.</summary>
    public static async Task<(Guid Id, long Version)> Started(Api api, string token, Guid unitId)
    {
        var p = await api.Ok(HttpMethod.Post, "/api/inspections", token, new
        {
            unitId, focusItems = new[] { "Art37.1" }, plannedOn = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"),
            inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
        });
        var id = p["id"]!.GetValue<Guid>();
        var s = await api.Ok(HttpMethod.Post, $"/api/inspections/{id}/start", token, new { version = p["version"]!.GetValue<long>() });
        return (id, s["version"]!.GetValue<long>());
    }
}
