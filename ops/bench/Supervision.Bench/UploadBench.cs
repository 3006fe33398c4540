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
        GC.Collect();
        var before = Rss(pid);
        long peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss(pid));
                // A sampling period, not a wait for something: VmRSS has no change notification.
                try { await Task.Delay(10, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var times = new List<double>();
        for (var i = 0; i < n; i++) times.Add(await Upload(api, token, seed: i));
        stop.Cancel();
        await sampler;
        emit("upload_bytes", Size); emit("upload_n", times.Count);
        emit("upload_p50_ms", Stats.Pct(times, 50)); emit("upload_p95_ms", Stats.Pct(times, 95)); emit("upload_max_ms", times.Max());
        if (pid > 0) { emit("upload_rss_before_mb", before / 1024.0 / 1024); emit("upload_rss_growth_mb", (peak - before) / 1024.0 / 1024); }
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

    static long Rss(int pid)
    {
        if (pid <= 0) return 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }
}
