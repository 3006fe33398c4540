// Load client and checker for the fault scripts (ops/faults/*.sh). Subcommands write "key=value" lines to --results:
//   load       --url U --clients N --seconds T --log F --run R [--retry-seconds 120]
//              N clients with real JWTs: complaints (Idempotency-Key; every other one received 70 days ago, so both
//              of its durable deadline checks are due at once), hazards (Idempotency-Key + version), correction
//              reports (version). Every 2xx goes to the client log; an unanswered command is retried as it was
//              (same key, same version) until it is answered or --retry-seconds pass.
//   check      --cs C --schema S --log F [--timeout 90] [--fault-end-ms X]
//              the client log against the event store: every acknowledged command is there, no key created anything
//              twice, every due deadline fired exactly once, the async projections reach the high-water mark.
//   contention --url U --cs C --schema S [--writers 20] [--rounds 5]
//              W concurrent writers with the same expected version: one wins, the others get 409 problems and write
//              nothing; the inline snapshot equals a replay of the stream (AggregateStreamAsync).
//   probe      --url U [--timeout 30]   a new complaint shows up on the dashboard (async projection): lag in ms
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Npgsql;
using Supervision;
using Supervision.Inspections;
using Supervision.Rectifications;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var a = Args.Parse(args.Skip(1).ToArray());
var results = a.Get("results", "faults-results.env");
void Emit(string key, object value)
{
    var v = value is double d ? d.ToString("0.###", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture);
    File.AppendAllText(results, $"{key}={v}\n");
    Console.WriteLine($"  {key} = {v}");
}

try
{
    return args.FirstOrDefault() switch
    {
        "load" => await Load.Run(a, Emit),
        "check" => await Check.Run(a, Emit),
        "contention" => await Contention.Run(a, Emit),
        "probe" => await Probe.Run(a, Emit),
        _ => Usage(),
    };
}
catch (Exception e)
{
    Console.Error.WriteLine($"  FAILED: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: load|check|contention|probe [--key value]...");
    return 2;
}

sealed record Reply(int Status, JsonObject? Body, string Text, string? RetryAfter, string? Error, bool Replayed = false);

sealed class Api(string url)
{
    public readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };

    public async Task<Reply> Send(HttpMethod m, string path, string? token, object? body = null, string? key = null)
    {
        try
        {
            using var req = new HttpRequestMessage(m, path);
            if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (key is not null) req.Headers.Add("Idempotency-Key", key);
            if (body is not null) req.Content = JsonContent.Create(body);
            using var r = await Http.SendAsync(req);
            var text = await r.Content.ReadAsStringAsync();
            JsonObject? o = null;
            if (text.StartsWith('{')) try { o = JsonNode.Parse(text) as JsonObject; } catch (JsonException) { }
            return new((int)r.StatusCode, o, text, r.Headers.RetryAfter?.ToString(), null, r.Headers.Contains("Idempotency-Replayed"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new(0, null, "", null, e.GetType().Name);
        }
    }

    /// <summary>Retries until 2xx (the app may be restarting or the database down) within the deadline.</summary>
    public async Task<JsonObject> Ok(HttpMethod m, string path, string? token, object? body = null, string? key = null, int seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var r = await Send(m, path, token, body, key);
            if (r.Status is >= 200 and < 300) return r.Body ?? new JsonObject();
            if (r.Status is >= 400 and < 500 and not 429 and not 408 || DateTime.UtcNow > until)
                throw new Exception($"{m} {path} -> {r.Status} {r.Error} {Trim(r.Text)}");
            await Task.Delay(250); // a real client backs off before retrying an unanswered or 5xx request (the app may be restarting)
        }
    }

    public async Task<string> Token(string user) =>
        (await Ok(HttpMethod.Post, "/api/auth/token", null, new { username = user, password = "Demo!2026" }))["access_token"]!.GetValue<string>();

    public static string Trim(string s) => s.Length > 300 ? s[..300] : s;
}

/// <summary>The stream id the app derives from an Idempotency-Key (src/Supervision/Shared/Idempotency.cs).</summary>
static class KeyIds
{
    public static Guid For(string user, string path, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\nPOST\n{path}\n{key}"))[..16];
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}

/// <summary>One line of the client log (JSON lines).</summary>
sealed class LogLine
{
    public string T { get; set; } = "";          // attempt | ack | inferred | client
    public string Kind { get; set; } = "";       // complaint | hazard | correction | inspection
    public int Client { get; set; }
    public string? Key { get; set; }
    public string? User { get; set; }
    public string? Path { get; set; }
    public Guid Stream { get; set; }             // the stream the command wrote to (or created)
    public Guid? Created { get; set; }           // a stream the command created besides (hazard → rectification)
    public long Version { get; set; }            // the stream version after the command
    public bool Backdated { get; set; }
    public int Attempts { get; set; }
    public long At { get; set; }                 // unix ms of the answer
    public string? Marker { get; set; }
}

static class Stats
{
    public static double Pct(List<double> xs, double p)
    {
        if (xs.Count == 0) return double.NaN;
        var s = xs.OrderBy(x => x).ToList();
        return s[Math.Clamp((int)Math.Ceiling(p / 100.0 * s.Count) - 1, 0, s.Count - 1)];
    }
}

static class Load
{
    const string Inspector = "urumqi.inspector1", Handler = "urumqi.handler";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static readonly ConcurrentDictionary<string, int> Statuses = new();
    static readonly ConcurrentBag<string> Bad = new();
    static StreamWriter _log = null!;
    static readonly object LogLock = new();
    static long _lastFailure, _firstFailure, _replayed, _retriedAcks;

    static void Write(LogLine l)
    {
        l.At = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lock (LogLock) _log.WriteLine(JsonSerializer.Serialize(l, Json));
    }

    /// <summary>Counts the answer; a 5xx must be a 503 problem (database_unavailable, both languages, Retry-After, no stack trace).</summary>
    static void Observe(Reply r, string what)
    {
        Statuses.AddOrUpdate(r.Status == 0 ? "conn_" + r.Error : r.Status.ToString(), 1, (_, n) => n + 1);
        if (r.Replayed) Interlocked.Increment(ref _replayed);
        if (r.Status is >= 200 and < 300) return;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Interlocked.CompareExchange(ref _firstFailure, now, 0);
        Interlocked.Exchange(ref _lastFailure, now);
        if (r.Status == 503)
        {
            var ok = r.Body?["code"]?.GetValue<string>() is "database_unavailable" or "service_unavailable"
                     && r.Body?["title"]?.GetValue<string>() is { } title && title.Contains("服务暂不可用") && title.Contains("Service unavailable")
                     && r.RetryAfter is not null && !r.Text.Contains("   at ") && !r.Text.Contains("Npgsql");
            if (!ok) Bad.Add($"503 without the problem contract on {what}: retry-after={r.RetryAfter} {Api.Trim(r.Text)}");
        }
        else if (r.Status >= 500 && r.Status != 502 && r.Status != 504) // 502/504 come from nginx while a node is down
            Bad.Add($"{r.Status} on {what}: {Api.Trim(r.Text)}");
        else if (r.Text.Contains("   at ") || r.Text.Contains("Exception:"))
            Bad.Add($"stack trace in a {r.Status} body on {what}");
    }

    /// <summary>Sends until answered: 2xx → body; 409 → null (a versioned command whose version moved); other 4xx → fail.</summary>
    static async Task<JsonObject?> Exec(Api api, string what, string path, string token, object body, string? key, DateTime until, Action<int> attempts)
    {
        var n = 0;
        while (true)
        {
            n++;
            var r = await api.Send(HttpMethod.Post, path, token, body, key);
            Observe(r, what);
            attempts(n);
            if (r.Status is >= 200 and < 300) { if (n > 1) Interlocked.Increment(ref _retriedAcks); return r.Body!; }
            if (r.Status == 409) return null;
            if (r.Status is >= 400 and < 500 and not 429 and not 408)
                throw new Exception($"{what} {path} -> {r.Status} {Api.Trim(r.Text)}");
            if (DateTime.UtcNow > until) throw new Exception($"{what} {path} unanswered until the retry deadline (last {r.Status} {r.Error})");
            await Task.Delay(200); // back off before the retry with the same Idempotency-Key, as a real client would
        }
    }

    sealed class Client
    {
        public int No; public Guid Inspection; public long InspectionVersion; public Guid Rectification; public long RectificationVersion; public long N;
        public long Acked, Inferred;
    }

    public static async Task<int> Run(Args a, Action<string, object> emit)
    {
        var api = new Api(a.Get("url"));
        var clients = a.Int("clients", 6); var seconds = a.Int("seconds", 30); var retrySeconds = a.Int("retry-seconds", 120);
        var run = a.Get("run");
        var marker = $"故障演练单位-{run}";
        _log = new StreamWriter(a.Get("log"), append: true) { AutoFlush = true };
        var inspector = await api.Token(Inspector);
        var handler = await api.Token(Handler);
        var units = await api.Ok(HttpMethod.Get, "/api/units?jurisdiction=650100", inspector);
        var unitId = units["items"]!.AsArray().Select(u => u!["id"]!.GetValue<Guid>()).First();
        var setupUntil = DateTime.UtcNow.AddSeconds(retrySeconds);

        // Each client owns an inspection in progress and an ordered rectification: its writes never race another client's.
        async Task<Client> Setup(int i)
        {
            var c = new Client { No = i };
            var planKey = $"{run}-c{i}-plan";
            var p = await Exec(api, "plan", "/api/inspections", inspector, new
            {
                unitId, focusItems = new[] { "Art37.1", "Art37.3" }, plannedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)).ToString("yyyy-MM-dd"),
                inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
            }, planKey, setupUntil, _ => { }) ?? throw new Exception("plan: 409");
            c.Inspection = p["id"]!.GetValue<Guid>();
            var s = await Exec(api, "start", $"/api/inspections/{c.Inspection}/start", inspector, new { version = p["version"]!.GetValue<long>() }, null, setupUntil, _ => { });
            c.InspectionVersion = s?["version"]?.GetValue<long>() ?? (await api.Ok(HttpMethod.Get, $"/api/inspections/{c.Inspection}", inspector))["version"]!.GetValue<long>();
            Write(new LogLine { T = "client", Kind = "inspection", Client = i, Stream = c.Inspection, Version = c.InspectionVersion, Marker = marker });
            await Hazard(api, c, run, inspector, setupUntil);
            c.Rectification = c.Rectification == Guid.Empty ? throw new Exception("no rectification") : c.Rectification;
            var o = await Exec(api, "order", $"/api/rectifications/{c.Rectification}/order", inspector,
                new { version = 1, requirements = "限期整改", workingDays = 30, inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }, null, setupUntil, _ => { });
            c.RectificationVersion = o?["version"]?.GetValue<long>() ?? (await api.Ok(HttpMethod.Get, $"/api/rectifications/{c.Rectification}", inspector))["version"]!.GetValue<long>();
            return c;
        }
        var all = await Task.WhenAll(Enumerable.Range(1, clients).Select(Setup));
        Console.WriteLine($"  [load] {clients} clients ready (inspection in progress + ordered rectification each); {seconds} s of commands");
        Write(new LogLine { T = "run", Marker = marker });

        var sw = Stopwatch.StartNew();
        var end = DateTime.UtcNow.AddSeconds(seconds);
        var failures = new ConcurrentBag<string>();
        async Task Loop(Client c)
        {
            try
            {
                while (DateTime.UtcNow < end)
                {
                    var n = c.N++;
                    var until = DateTime.UtcNow.AddSeconds(retrySeconds);
                    switch (n % 4)
                    {
                        case 0 or 2: await Complaint(api, c, run, marker, handler, backdated: n % 4 == 2, until); break;
                        case 1: await Hazard(api, c, run, inspector, until); break;
                        default: await Correction(api, c, inspector, until); break;
                    }
                }
            }
            catch (Exception e) { failures.Add($"client {c.No}: {e.Message}"); }
        }
        await Task.WhenAll(all.Select(Loop));
        var elapsed = sw.Elapsed.TotalSeconds;
        _log.Flush();

        emit("load_clients", clients); emit("load_seconds", Math.Round(elapsed, 1));
        emit("load_acked", all.Sum(c => c.Acked)); emit("load_inferred", all.Sum(c => c.Inferred));
        emit("load_rate", all.Sum(c => c.Acked) / elapsed);
        emit("load_statuses", string.Join(" ", Statuses.OrderBy(k => k.Key).Select(k => $"{k.Key}×{k.Value}")));
        emit("load_acked_after_retry", _retriedAcks); emit("load_replayed_by_key", _replayed);
        emit("load_failed_answers", Statuses.Where(k => !k.Key.StartsWith('2')).Sum(k => k.Value));
        if (_firstFailure > 0) { emit("load_first_failure_ms", _firstFailure); emit("load_last_failure_ms", _lastFailure); }
        emit("load_contract_violations", Bad.Count);
        foreach (var b in Bad.Distinct().Take(10)) Console.Error.WriteLine($"  [load] VIOLATION {b}");
        foreach (var f in failures) Console.Error.WriteLine($"  [load] FAILED {f}");
        return Bad.IsEmpty && failures.IsEmpty ? 0 : 1;
    }

    static async Task Complaint(Api api, Client c, string run, string marker, string token, bool backdated, DateTime until)
    {
        var key = $"{run}-c{c.No}-n{c.N}";
        Write(new LogLine { T = "attempt", Kind = "complaint", Client = c.No, Key = key, User = Handler, Path = "/api/complaints", Backdated = backdated });
        var attempts = 0;
        var body = await Exec(api, "complaint", "/api/complaints", token, new
        {
            channel = "letter", receivedAt = DateTimeOffset.UtcNow.AddDays(backdated ? -70 : 0).AddMinutes(-5), anonymous = false,
            complainant = new { name = "王某", phone = "13800138000" }, unitName = marker,
            allegation = "该公司未经许可擅自销毁应当归档的会计档案，涉嫌违反档案法第二十八条。", requestedOutcome = "依法查处",
        }, key, until, n => attempts = n) ?? throw new Exception($"complaint {key}: 409");
        c.Acked++;
        Write(new LogLine { T = "ack", Kind = "complaint", Client = c.No, Key = key, User = Handler, Path = "/api/complaints",
            Stream = body["id"]!.GetValue<Guid>(), Version = body["version"]!.GetValue<long>(), Backdated = backdated, Attempts = attempts });
    }

    static async Task Hazard(Api api, Client c, string run, string token, DateTime until)
    {
        var key = $"{run}-c{c.No}-n{c.N}";
        var path = $"/api/inspections/{c.Inspection}/hazards";
        Write(new LogLine { T = "attempt", Kind = "hazard", Client = c.No, Key = key, User = Inspector, Path = path, Stream = c.Inspection });
        var attempts = 0;
        while (true)
        {
            var body = await Exec(api, "hazard", path, token, new
            {
                version = c.InspectionVersion, item = $"Art38.{c.N % 8 + 1}", description = "库房温湿度记录不完整，未配备防火、防潮、防虫设施。", evidence = new[] { "照片001.jpg", "询问笔录" },
            }, key, until, n => attempts += n);
            if (body is null)
            {
                // The version moved although this client alone writes here: an earlier attempt committed (its answer was lost);
                // the same key is then answered from the store with the first result.
                c.InspectionVersion = (await api.Ok(HttpMethod.Get, $"/api/inspections/{c.Inspection}", token))["version"]!.GetValue<long>();
                continue;
            }
            c.InspectionVersion = body["version"]!.GetValue<long>();
            var rect = body["rectificationId"]!.GetValue<Guid>();
            if (c.Rectification == Guid.Empty) c.Rectification = rect;
            c.Acked++;
            Write(new LogLine { T = "ack", Kind = "hazard", Client = c.No, Key = key, User = Inspector, Path = path, Stream = c.Inspection, Created = rect,
                Version = c.InspectionVersion, Attempts = attempts });
            return;
        }
    }

    static async Task Correction(Api api, Client c, string token, DateTime until)
    {
        var attempts = 0;
        var expected = c.RectificationVersion;
        var body = await Exec(api, "correction", $"/api/rectifications/{c.Rectification}/correction-reports", token, new
        {
            version = expected, description = "已购置档案密集架与温湿度计，建立每日巡查记录。", evidence = new[] { "整改报告.pdf" },
        }, null, until, n => attempts = n);
        if (body is not null)
        {
            c.RectificationVersion = body["version"]!.GetValue<long>();
            c.Acked++;
            Write(new LogLine { T = "ack", Kind = "correction", Client = c.No, Stream = c.Rectification, Version = c.RectificationVersion, Attempts = attempts });
            return;
        }
        // 409 on a retry: only this client writes to this rectification, so an earlier attempt committed; the checker
        // verifies that the event at that version is the correction report.
        c.RectificationVersion = (await api.Ok(HttpMethod.Get, $"/api/rectifications/{c.Rectification}", token))["version"]!.GetValue<long>();
        c.Inferred++;
        Write(new LogLine { T = "inferred", Kind = "correction", Client = c.No, Stream = c.Rectification, Version = expected + 1, Attempts = attempts });
    }
}

static class Check
{
    public static async Task<int> Run(Args a, Action<string, object> emit)
    {
        var schema = a.Get("schema"); var timeout = TimeSpan.FromSeconds(a.Int("timeout", 90));
        var lines = File.ReadAllLines(a.Get("log")).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<LogLine>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();
        var marker = lines.First(l => l.T == "run").Marker!;
        await using var db = NpgsqlDataSource.Create(a.Get("cs"));
        var problems = new List<string>();
        void Fail(string s) { if (problems.Count < 30) Console.Error.WriteLine($"  [check] FAIL {s}"); problems.Add(s); }

        async Task<List<(long Version, string Type, JsonObject Data)>> Stream(Guid id)
        {
            await using var cmd = db.CreateCommand($"select version, type, data::text from {schema}.mt_events where stream_id = $1 order by version");
            cmd.Parameters.AddWithValue(id);
            var rows = new List<(long, string, JsonObject)>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) rows.Add((r.GetInt64(0), r.GetString(1), (JsonObject)JsonNode.Parse(r.GetString(2))!));
            return rows;
        }
        async Task<long> Scalar(string sql, params object[] ps)
        {
            await using var cmd = db.CreateCommand(sql);
            foreach (var p in ps) cmd.Parameters.AddWithValue(p);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L);
        }

        // 1. Every acknowledged command is in its stream, at the version it was answered with.
        var acked = lines.Where(l => l.T is "ack" or "inferred").ToList();
        var streams = new Dictionary<Guid, List<(long Version, string Type, JsonObject Data)>>();
        async Task<List<(long Version, string Type, JsonObject Data)>> Cached(Guid id) => streams.TryGetValue(id, out var s) ? s : streams[id] = await Stream(id);
        foreach (var l in acked)
        {
            var events = await Cached(l.Stream);
            var at = events.FirstOrDefault(e => e.Version == l.Version);
            switch (l.Kind)
            {
                case "complaint":
                    if (events.Count(e => e.Type == "complaint_received") != 1 || l.Version != 1) Fail($"acknowledged complaint {l.Stream} (key {l.Key}) not in the store exactly once");
                    if (KeyIds.For(l.User!, l.Path!, l.Key!) != l.Stream) Fail($"complaint {l.Stream} is not the stream of its key {l.Key}");
                    break;
                case "hazard":
                    if (at.Type != "hazard_recorded" || at.Data["rectificationId"]?.GetValue<Guid>() != l.Created)
                        Fail($"acknowledged hazard (key {l.Key}) not at version {l.Version} of inspection {l.Stream}");
                    if ((await Cached(l.Created!.Value)).FirstOrDefault().Type != "hazard_found") Fail($"rectification {l.Created} of hazard {l.Key} missing");
                    break;
                case "correction":
                    if (at.Type != "correction_reported") Fail($"{(l.T == "ack" ? "acknowledged" : "inferred")} correction report not at version {l.Version} of rectification {l.Stream} (found {at.Type ?? "nothing"})");
                    break;
            }
        }
        emit("check_acked", acked.Count(l => l.T == "ack")); emit("check_inferred", acked.Count(l => l.T == "inferred"));

        // 2. Nothing twice: every complaint of this run and every hazard on the clients' inspections belongs to one key
        //    that a client sent, and no key produced two.
        var attempts = lines.Where(l => l.T == "attempt").ToList();
        var complaintIds = attempts.Where(l => l.Kind == "complaint").ToDictionary(l => KeyIds.For(l.User!, l.Path!, l.Key!), l => l);
        var stored = new List<Guid>();
        await using (var cmd = db.CreateCommand($"select stream_id from {schema}.mt_events where type = 'complaint_received' and data->>'unitName' = $1"))
        {
            cmd.Parameters.AddWithValue(marker);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) stored.Add(r.GetGuid(0));
        }
        if (stored.Count != stored.Distinct().Count()) Fail("a complaint stream received twice");
        foreach (var id in stored.Where(id => !complaintIds.ContainsKey(id))) Fail($"complaint {id} of this run belongs to no key a client sent");
        emit("check_complaint_keys_sent", complaintIds.Count); emit("check_complaints_stored", stored.Count);
        emit("check_complaints_acked", acked.Count(l => l.Kind == "complaint"));

        var hazardKeys = attempts.Where(l => l.Kind == "hazard").ToLookup(l => l.Stream);
        var hazards = 0;
        foreach (var inspection in lines.Where(l => l.T == "client").Select(l => l.Stream).Distinct())
        {
            var ids = hazardKeys[inspection].Select(l => KeyIds.For(l.User!, l.Path!, l.Key!)).ToHashSet();
            var recorded = (await Stream(inspection)).Where(e => e.Type == "hazard_recorded").Select(e => e.Data["rectificationId"]!.GetValue<Guid>()).ToList();
            hazards += recorded.Count;
            if (recorded.Count != recorded.Distinct().Count()) Fail($"a hazard recorded twice on inspection {inspection}");
            foreach (var r in recorded.Where(r => !ids.Contains(r))) Fail($"hazard {r} on inspection {inspection} belongs to no key a client sent");
        }
        emit("check_hazard_keys_sent", hazardKeys.Sum(g => g.Count())); emit("check_hazards_stored", hazards);

        // 3. Deadlines: both checks of every backdated complaint (due on arrival) fired exactly once.
        var backdated = stored.Where(id => complaintIds[id].Backdated).ToList();
        var sw = Stopwatch.StartNew();
        long missing;
        do
        {
            missing = await Scalar($"""
                select count(*) from unnest($1::uuid[]) s(id) where
                (select count(*) from {schema}.mt_events e where e.stream_id = s.id and e.type = 'acceptance_overdue') = 0 or
                (select count(*) from {schema}.mt_events e where e.stream_id = s.id and e.type = 'handling_overdue') = 0
                """, backdated.ToArray());
            if (missing == 0) break;
            await Task.Delay(500); // bounded poll: the durability agent fires due messages every 500 ms
        } while (sw.Elapsed < timeout);
        if (missing > 0) Fail($"{missing} of {backdated.Count} backdated complaints still lack an overdue event after {timeout.TotalSeconds} s");
        var twice = await Scalar($"""
            select count(*) from (select stream_id, type from {schema}.mt_events where stream_id = any($1) and type in ('acceptance_overdue','handling_overdue')
            group by stream_id, type having count(*) > 1) x
            """, backdated.ToArray());
        if (twice > 0) Fail($"{twice} deadlines fired more than once");
        emit("check_deadlines_due", backdated.Count * 2); emit("check_deadlines_fired_twice", twice);
        emit("check_deadlines_wait_ms", sw.ElapsedMilliseconds);

        // 4. Async projections reach the high-water mark (the daemon is not stalled).
        sw.Restart();
        long max = 0, behind = 0; var shards = "";
        do
        {
            max = await Scalar($"select coalesce(max(seq_id), 0) from {schema}.mt_events");
            await using var cmd = db.CreateCommand($"select name, last_seq_id from {schema}.mt_event_progression where name like '%:%' order by name");
            var rows = new List<(string, long)>();
            await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) rows.Add((r.GetString(0), r.GetInt64(1)));
            behind = rows.Count(x => x.Item2 < max) + (rows.Count == 0 ? 1 : 0);
            shards = string.Join(" ", rows.Select(x => $"{x.Item1}@{x.Item2}"));
            if (behind == 0) break;
            await Task.Delay(250); // bounded poll of the daemon's progress in another process; no in-process wait helper reaches it
        } while (sw.Elapsed < timeout);
        if (behind > 0) Fail($"async projections behind the last event {max} after {timeout.TotalSeconds} s: {shards}");
        emit("check_events_max_seq", max); emit("check_projections", shards); emit("check_projection_catchup_ms", sw.ElapsedMilliseconds);

        // 5. The dashboard read model counted every event once: a projection run twice (two nodes at once, or a batch
        //    applied again after a crash) would count more, a skipped batch fewer.
        foreach (var (field, type) in new[] { ("complaintsReceived", "complaint_received"), ("complaintAcceptanceOverdue", "acceptance_overdue") })
        {
            var counted = await Scalar($"select coalesce(sum((data->>'{field}')::int), 0) from {schema}.mt_doc_enforcementmonth");
            var events = await Scalar($"select count(*) from {schema}.mt_events where type = '{type}'");
            if (counted != events) Fail($"dashboard {field} = {counted}, but the store holds {events} {type} events");
            emit($"check_dashboard_{field}", $"{counted}/{events}");
        }

        // Recovery: the first acknowledgement after the fault ended.
        if (a.Long("fault-end-ms", 0) is var end and > 0 && lines.Where(l => l.T == "ack" && l.At >= end).OrderBy(l => l.At).FirstOrDefault() is { } first)
            emit("check_recovery_ms", first.At - end);

        emit("check_failures", problems.Count);
        Console.WriteLine(problems.Count == 0
            ? $"  [check] OK: {acked.Count} acknowledged commands all in the store; {stored.Count} complaints from {complaintIds.Count} keys, {hazards} hazards from {hazardKeys.Sum(g => g.Count())} keys, none twice; {backdated.Count * 2} deadlines fired once each; projections at {max}"
            : $"  [check] {problems.Count} failures");
        return problems.Count == 0 ? 0 : 1;
    }
}

static class Contention
{
    public static async Task<int> Run(Args a, Action<string, object> emit)
    {
        var api = new Api(a.Get("url"));
        var writers = a.Int("writers", 20); var rounds = a.Int("rounds", 5);
        using var store = DocumentStore.For(o => { o.ConfigureSupervisionStore(a.Get("cs"), a.Get("schema")); o.AutoCreateSchemaObjects = JasperFx.AutoCreate.None; });
        var token = await api.Token("urumqi.inspector1");
        var unitId = (await api.Ok(HttpMethod.Get, "/api/units?jurisdiction=650100", token))["items"]!.AsArray().First()!["id"]!.GetValue<Guid>();
        var p = await api.Ok(HttpMethod.Post, "/api/inspections", token, new
        {
            unitId, focusItems = new[] { "Art37.2" }, plannedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)).ToString("yyyy-MM-dd"),
            inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
        });
        var inspection = p["id"]!.GetValue<Guid>();
        var iv = (await api.Ok(HttpMethod.Post, $"/api/inspections/{inspection}/start", token, new { version = p["version"]!.GetValue<long>() }))["version"]!.GetValue<long>();
        var h = await api.Ok(HttpMethod.Post, $"/api/inspections/{inspection}/hazards", token, new { version = iv, item = "Art38.1", description = "首个隐患", evidence = new[] { "照片" } });
        iv = h["version"]!.GetValue<long>();
        var rect = h["rectificationId"]!.GetValue<Guid>();
        var rv = (await api.Ok(HttpMethod.Post, $"/api/rectifications/{rect}/order", token, new { version = 1, requirements = "限期整改", workingDays = 30, inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }))["version"]!.GetValue<long>();

        var problems = new List<string>();
        int won = 0, conflicts = 0;
        for (var round = 1; round <= rounds; round++)
        {
            // (a) W correction reports on one rectification, all with the version everyone saw.
            var start = new TaskCompletionSource();
            var expected = rv;
            var tasks = Enumerable.Range(0, writers).Select(async w =>
            {
                await start.Task;
                return await api.Send(HttpMethod.Post, $"/api/rectifications/{rect}/correction-reports", token,
                    new { version = expected, description = $"第{round}轮第{w}份整改报告", evidence = new[] { "整改报告.pdf" } });
            }).ToList();
            start.SetResult();
            var replies = await Task.WhenAll(tasks);
            Tally(replies, expected, $"round {round} correction reports", problems, ref won, ref conflicts);
            rv = expected + 1;

            // (b) W hazards on one inspection with the same version, each with its own Idempotency-Key: one rectification opens.
            start = new TaskCompletionSource();
            var iexpected = iv;
            var keys = Enumerable.Range(0, writers).Select(w => $"contention-{inspection:N}-{round}-{w}").ToArray();
            var htasks = keys.Select(async k =>
            {
                await start.Task;
                return await api.Send(HttpMethod.Post, $"/api/inspections/{inspection}/hazards", token,
                    new { version = iexpected, item = "Art38.2", description = $"第{round}轮隐患", evidence = new[] { "照片" } }, k);
            }).ToList();
            start.SetResult();
            var hreplies = await Task.WhenAll(htasks);
            Tally(hreplies, iexpected, $"round {round} hazards", problems, ref won, ref conflicts);
            iv = iexpected + 1;
            // The losers wrote nothing: the rectification each would have opened does not exist.
            await using var q = store.QuerySession();
            for (var w = 0; w < writers; w++)
            {
                if (hreplies[w].Status is >= 200 and < 300) continue;
                var id = KeyIds.For("urumqi.inspector1", $"/api/inspections/{inspection}/hazards", keys[w]);
                if (await q.Events.FetchStreamStateAsync(id) is not null) problems.Add($"round {round}: a refused hazard opened rectification {id}");
            }
        }

        // The inline snapshot (what the API reads) equals a replay of the stream, for both contended cases.
        await using (var q = store.QuerySession())
        {
            async Task Same<T>(Guid id, long version) where T : class
            {
                var snapshot = await q.LoadAsync<T>(id);
                var replay = await q.Events.AggregateStreamAsync<T>(id);
                var s1 = store.Options.Serializer().ToJson(snapshot!); var s2 = store.Options.Serializer().ToJson(replay!);
                if (s1 != s2) problems.Add($"{typeof(T).Name} {id}: snapshot differs from replay\n    snapshot {Api.Trim(s1)}\n    replay   {Api.Trim(s2)}");
                var state = await q.Events.FetchStreamStateAsync(id);
                if (state!.Version != version) problems.Add($"{typeof(T).Name} {id}: stream at version {state.Version}, expected {version}");
                emit($"contention_{typeof(T).Name.ToLowerInvariant()}_version", state.Version);
            }
            await Same<Rectification>(rect, rv);
            await Same<Inspection>(inspection, iv);
            var apiVersion = (await api.Ok(HttpMethod.Get, $"/api/rectifications/{rect}", token))["version"]!.GetValue<long>();
            if (apiVersion != rv) problems.Add($"API shows rectification version {apiVersion}, stream is at {rv}");
            var reports = (await q.Events.FetchStreamAsync(rect)).Count(e => e.Data is CorrectionReported);
            if (reports != rounds) problems.Add($"{reports} correction reports stored, expected {rounds} (one per round)");
        }
        emit("contention_writers", writers); emit("contention_rounds", rounds * 2);
        emit("contention_won", won); emit("contention_409", conflicts); emit("contention_failures", problems.Count);
        foreach (var pr in problems) Console.Error.WriteLine($"  [contention] FAIL {pr}");
        if (problems.Count == 0)
            Console.WriteLine($"  [contention] OK: {rounds * 2} rounds of {writers} writers on one version: {won} won (one per round), {conflicts} got 409 stale_version with the winner's version; snapshots equal replays");
        return problems.Count == 0 ? 0 : 1;
    }

    static void Tally(Reply[] replies, long expected, string what, List<string> problems, ref int won, ref int conflicts)
    {
        var ok = replies.Count(r => r.Status is >= 200 and < 300);
        won += ok;
        if (ok != 1) problems.Add($"{what}: {ok} writers succeeded, expected exactly 1 ({string.Join(",", replies.Select(r => r.Status))})");
        foreach (var r in replies.Where(r => r.Status is < 200 or >= 300))
        {
            if (r.Status == 409 && r.Body?["code"]?.GetValue<string>() == "stale_version" && r.Body?["currentVersion"]?.GetValue<long>() == expected + 1
                && r.Body?["title"]?.GetValue<string>() == "冲突 / Conflict") conflicts++;
            else problems.Add($"{what}: a loser got {r.Status} {Api.Trim(r.Text)} (expected 409 stale_version, currentVersion {expected + 1})");
        }
    }
}

static class Probe
{
    public static async Task<int> Run(Args a, Action<string, object> emit)
    {
        var api = new Api(a.Get("url")); var timeout = TimeSpan.FromSeconds(a.Int("timeout", 30));
        var token = await api.Token("urumqi.handler");
        const string place = "650103";
        async Task<int> Count() => (await api.Ok(HttpMethod.Get, $"/api/dashboard?jurisdiction={place}", token))["totals"]!["complaintsReceived"]!.GetValue<int>();
        var before = await Count();
        await api.Ok(HttpMethod.Post, "/api/complaints", token, new
        {
            channel = "phone", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-1), anonymous = true, unitName = "探针单位", jurisdictionId = place, allegation = "fault probe",
        });
        var sw = Stopwatch.StartNew();
        while (await Count() <= before)
        {
            if (sw.Elapsed > timeout) { Console.Error.WriteLine($"  [probe] FAIL the dashboard did not count a new complaint within {timeout.TotalSeconds} s"); return 1; }
            await Task.Delay(20); // polling is the measurement
        }
        emit("probe_dashboard_lag_ms", sw.ElapsedMilliseconds);
        return 0;
    }
}
