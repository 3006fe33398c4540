using System.Diagnostics;
using System.Net.Http.Headers;

/// <summary>
/// Issue 13 §3 speed, against a running app (ops/bench/pdf.sh): uploading a 10 MiB file, POST /api/files (multipart), each a
/// new file (different bytes, so nothing is deduplicated), timed from the first byte sent to the 201. The app's resident memory
/// (VmRSS of --app-pid) is sampled every 10 ms during the uploads: the growth over the level before them shows whether the
/// file is streamed (to a temporary file and on to PostgreSQL in chunks) or held in memory.
/// </summary>
static class UploadBench
{
    const int Size = 10 * 1024 * 1024;

    public static async Task Run(Args a, Action<string, object> emit)
    {
        var api = new Api(a.Get("url"));
        var token = await api.Token("urumqi.inspector1");
        var pid = a.Int("app-pid", 0);
        var n = a.Int("upload-n", 10);

        await Upload(api, token, seed: -1); // warm-up: JIT, pools, the first temporary file
        await Upload(api, token, seed: -2);
        var times = new List<double>();
        var (before, growth) = await RssGrowth(pid, async () => { for (var i = 0; i < n; i++) times.Add(await Upload(api, token, seed: i)); });
        emit("upload_bytes", Size); emit("upload_n", times.Count);
        emit("upload_p50_ms", Stats.Pct(times, 50)); emit("upload_p95_ms", Stats.Pct(times, 95)); emit("upload_max_ms", times.Max());
        if (pid > 0) { emit("upload_rss_before_mb", before / 1024.0 / 1024); emit("upload_rss_growth_mb", growth / 1024.0 / 1024); }

        // Issue 16: a camera photo at the 20 MiB limit, uploaded with its thumbnail made and its EXIF read in the same request.
        var photoN = a.Int("photo-n", 5);
        if (photoN <= 0) return;
        var photo = LargePhoto(a.Get("work", Path.GetTempPath()));
        await UploadPhoto(api, token, photo, -1);
        var photoTimes = new List<double>();
        var (_, photoGrowth) = await RssGrowth(pid, async () => { for (var i = 0; i < photoN; i++) photoTimes.Add(await UploadPhoto(api, token, photo, i)); });
        emit("photo_bytes", photo.Bytes.Length); emit("photo_pixels", $"{photo.Width}x{photo.Height}"); emit("photo_n", photoTimes.Count);
        emit("photo_p50_ms", Stats.Pct(photoTimes, 50)); emit("photo_p95_ms", Stats.Pct(photoTimes, 95)); emit("photo_max_ms", photoTimes.Max());
        if (pid > 0) emit("photo_rss_growth_mb", photoGrowth / 1024.0 / 1024);

        var videoMib = a.Int("video-mib", 0);
        if (videoMib > 0) await Video(api, token, pid, videoMib, emit);
        await OfflineBench.Run(api, token, emit);
    }

    /// <summary>
    /// Issue 16: a video at the 500 MiB limit through the resumable upload (POST /api/uploads, then 8 MiB chunks with their
    /// SHA-256), timed from the declaration to the stored file, with the app's memory sampled throughout. The bytes are an
    /// MP4 header and seeded noise, made again chunk by chunk (never all in the bench's memory either).
    /// </summary>
    public static async Task Video(Api api, string token, int pid, int mib, Action<string, object> emit)
    {
        const int chunk = 8 * 1024 * 1024;
        long size = (long)mib * 1024 * 1024;
        byte[] Chunk(long offset)
        {
            var bytes = new byte[(int)Math.Min(chunk, size - offset)];
            new Random((int)(offset / chunk) + 77).NextBytes(bytes);
            if (offset == 0) new byte[] { 0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m' }.CopyTo(bytes, 0);
            return bytes;
        }
        using var whole = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        for (long o = 0; o < size; o += chunk) whole.AppendData(Chunk(o));
        var sha = Convert.ToHexStringLower(whole.GetHashAndReset());

        var last = 0;
        async Task Send()
        {
            using var start = new HttpRequestMessage(HttpMethod.Post, "/api/uploads")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { fileName = "现场录像.mp4", size, sha256 = sha }),
            };
            start.Headers.Authorization = new("Bearer", token);
            using var started = await api.Http.SendAsync(start);
            var upload = System.Text.Json.JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            for (long o = 0; o < size; o += chunk)
            {
                var bytes = Chunk(o);
                using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/uploads/{upload}?offset={o}") { Content = new ByteArrayContent(bytes) };
                put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                put.Headers.Add("Chunk-Sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
                put.Headers.Authorization = new("Bearer", token);
                using var r = await api.Http.SendAsync(put);
                last = (int)r.StatusCode;
                if (!r.IsSuccessStatusCode) throw new Exception($"chunk at {o} -> {last}: {await r.Content.ReadAsStringAsync()}");
            }
        }
        var sw = Stopwatch.StartNew();
        var (_, growth) = await RssGrowth(pid, Send);
        var elapsed = sw.Elapsed.TotalMilliseconds;
        if (last != 201) throw new Exception($"the last chunk answered {last}, not 201 (stored)");
        emit("video_mib", mib); emit("video_ms", elapsed); emit("video_mib_per_s", mib / (elapsed / 1000));
        if (pid > 0) emit("video_rss_growth_mb", growth / 1024.0 / 1024);

        // The archival package of a closed inspection whose on-site recording is that video: the zip streamed to the client
        // (read and counted here, never kept), the original copied from the file store entry by entry.
        var units = await api.Ok(HttpMethod.Get, "/api/units?jurisdiction=650100", token);
        var unitId = units["items"]!.AsArray().Select(u => u!["id"]!.GetValue<Guid>()).First();
        var (inspection, version) = await OfflineBench.Started(api, token, unitId);
        var recorded = await api.Ok(HttpMethod.Post, $"/api/inspections/{inspection}/recordings", token, new { version, step = "on_site", files = new[] { sha } });
        await api.Ok(HttpMethod.Post, $"/api/inspections/{inspection}/conclude", token, new
        {
            version = recorded["version"]!.GetValue<long>(), summary = "未发现隐患", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
        });
        long zipBytes = 0;
        async Task Export()
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{inspection}/archive");
            req.Headers.Authorization = new("Bearer", token);
            using var r = await api.Http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead);
            if (!r.IsSuccessStatusCode) throw new Exception($"archive -> {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
            await using var body = await r.Content.ReadAsStreamAsync();
            var buffer = new byte[1 << 16];
            for (int n; (n = await body.ReadAsync(buffer)) > 0;) zipBytes += n;
        }
        sw.Restart();
        var (_, archiveGrowth) = await RssGrowth(pid, Export);
        emit("archive_mib", zipBytes / 1024.0 / 1024); emit("archive_ms", sw.Elapsed.TotalMilliseconds);
        if (pid > 0) emit("archive_rss_growth_mb", archiveGrowth / 1024.0 / 1024);
    }

    sealed record Photo(byte[] Bytes, int Width, int Height);

    /// <summary>
    /// A JPEG of noise just under 20 MiB (noise does not compress: the largest photo a phone sends at this size has more
    /// pixels), made once and kept in the work folder.
    /// </summary>
    static Photo LargePhoto(string work)
    {
        const int width = 6400, height = 4800; // 30.7 megapixels
        var path = Path.Combine(work, "photo-20mib.jpg");
        if (!File.Exists(path))
        {
            using var bitmap = new SkiaSharp.SKBitmap(width, height);
            var pixels = new byte[width * height * 4];
            new Random(7).NextBytes(pixels);
            System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
            for (var quality = 95; quality > 10; quality -= 5)
            {
                using var data = SkiaSharp.SKImage.FromBitmap(bitmap).Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, quality);
                if (data.Size <= 20 * 1024 * 1024) { File.WriteAllBytes(path, data.ToArray()); break; }
            }
        }
        return new Photo(File.ReadAllBytes(path), width, height);
    }

    /// <summary>Uploads the photo with a few different bytes at its end (a new file each time, so nothing is deduplicated).</summary>
    static async Task<double> UploadPhoto(Api api, string token, Photo photo, int seed)
    {
        var bytes = (byte[])photo.Bytes.Clone();
        BitConverter.GetBytes(seed + 1000).CopyTo(bytes, bytes.Length - 8); // in the entropy-coded data: still a decodable JPEG
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent { { new StringContent(DateTimeOffset.UtcNow.ToString("O")), "capturedAt" }, { file, "file", $"IMG_{seed}.jpg" } };
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = form };
        req.Headers.Authorization = new("Bearer", token);
        var sw = Stopwatch.StartNew();
        using var r = await api.Http.SendAsync(req);
        var elapsed = sw.Elapsed.TotalMilliseconds;
        var body = await r.Content.ReadAsStringAsync();
        if ((int)r.StatusCode != 201) throw new Exception($"photo upload -> {(int)r.StatusCode}: {body}");
        if (!body.Contains("\"thumbnailSha256\":\"", StringComparison.Ordinal)) throw new Exception("photo upload made no thumbnail: " + body);
        return elapsed;
    }

    /// <summary>A PDF-typed file of 10 MiB (the header is what the type check reads), its body different for every seed.</summary>
    static async Task<double> Upload(Api api, string token, int seed)
    {
        var content = new byte[Size];
        new Random(seed + 1000).NextBytes(content);
        "%PDF-1.7\n"u8.CopyTo(content);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", $"bench-{seed}.pdf" } };
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = form };
        req.Headers.Authorization = new("Bearer", token);
        var sw = Stopwatch.StartNew();
        using var r = await api.Http.SendAsync(req);
        var elapsed = sw.Elapsed.TotalMilliseconds;
        if ((int)r.StatusCode != 201) throw new Exception($"upload -> {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        return elapsed;
    }

    /// <summary>
    /// Runs <paramref name="work"/> while sampling the app's VmRSS every 10 ms: the level before (after a GC of this process,
    /// not the app's) and the peak's growth over it. The delay is a sampling period, not a wait for something: VmRSS has no
    /// change notification.
    /// </summary>
    static async Task<(long Before, long Growth)> RssGrowth(int pid, Func<Task> work)
    {
        GC.Collect();
        var before = Rss(pid);
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss(pid));
                try { await Task.Delay(10, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        try { await work(); }
        finally { stop.Cancel(); await sampler; }
        return (before, peak - before);
    }

    static long Rss(int pid)
    {
        if (pid <= 0) return 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }
}
