using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using Xunit.Abstractions;

namespace Supervision.IntegrationTests.Security;

/// <summary>
/// Issue 7, bad input: a property-based fuzz test (CsCheck) over every Wolverine endpoint the running
/// app serves. Each sample is one malformed request — wrong JSON types, missing and extra fields,
/// 100 KB strings, invalid UTF-8, lone surrogates and NUL, bad ids, impossible dates, negative numbers, overflowing page numbers,
/// bodies over the request limit, wrong content types, garbage route and query values — sent
/// anonymously or with a real user's token. Properties: no 5xx; every 4xx is an RFC 7807 problem
/// (application/problem+json with status, title, detail, code) without stack traces; and no event
/// is appended by a refused request (each request carries its own correlation id, which Marten
/// stores on the events it appends), plus a batch of refused writes leaves
/// <c>count(*), max(seq_id)</c> of mt_events unchanged.
/// The requests are drawn from CsCheck generators seeded with <see cref="Seed"/>, so every run sends the same
/// ones; FUZZ_SEED=&lt;12 characters of [0-9a-zA-Z_-]&gt; explores others. A failure prints the request, its index and the seed.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MalformedRequestFuzzTests(AppFixture app, ITestOutputHelper output)
{
    private const int Samples = 10_000;
    private const int RefusedBatch = 500;
    private static readonly string Seed = Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } s ? s : "7sUpervIsion";
    private static readonly string[] Users = ["", "region.leader", "urumqi.leader", "urumqi.inspector1", "urumqi.handler", "urumqi.officer", "urumqi.legal", "kashi.inspector", "tianshan.leader", "region.admin"];
    private const int BodyKinds = 13;

    /// <summary>One sample: what to send, as small numbers CsCheck can shrink; the request is built from them.</summary>
    public sealed record FuzzCase(int Endpoint, int User, int BodyKind, int RouteKind, int QueryKind, int ContentKind, int Salt);

    private sealed record Sent(string Method, string Target, string? ContentType, byte[]? Body, string User, string Description, string CorrelationId);

    [Fact]
    public async Task Malformed_requests_never_get_a_5xx_always_a_problem_body_and_write_nothing()
    {
        var endpoints = Endpoints.Of(app.Host.Services);
        Assert.True(endpoints.Count >= 80, $"only {endpoints.Count} endpoints found");
        foreach (var u in Users.Where(u => u != "")) TokenCache[u] = await app.TokenFor(u);
        // Real cases whatever ran before: route ids from the pool reach the deciders, not just the 404.
        await new Scenarios(app).Ordered();
        var pool = await ValidIds();
        var server = app.Host.GetTestServer();
        var run = Guid.NewGuid().ToString("N")[..8];
        var accepted = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();
        var perEndpoint = new ConcurrentDictionary<string, int>();

        var gen = Gen.Select(Gen.Int[0, endpoints.Count - 1], Gen.Int[0, Users.Length - 1], Gen.Int[0, BodyKinds - 1], Gen.Int[0, 5],
            Gen.Int[0, 4], Gen.Int[0, 9], Gen.Int, (e, u, b, r, q, c, salt) => new FuzzCase(e, u, b, r, q, c, salt));

        var clock = Stopwatch.StartNew();
        await Run(gen, Samples, "", async (fc, i) =>
        {
            var sent = Build(fc, endpoints, pool, $"fz{run}-{i}", writesOnlyMalformed: false);
            perEndpoint.AddOrUpdate(endpoints[fc.Endpoint].Key, 1, (_, v) => v + 1);
            return await SendAndCheck(server, sent, fc.Salt, statuses, accepted, refused);
        }, failures);
        var sampled = clock.Elapsed;
        Assert.True(failures.IsEmpty, $"{failures.Count} failing requests (seed {Seed}); the first:\n" + failures.FirstOrDefault());

        // Refused requests appended nothing: no event carries the correlation id of a refused request.
        var written = await CorrelationIdsWritten($"fz{run}-%");
        var refusedSet = refused.ToHashSet();
        var leaked = written.Where(refusedSet.Contains).ToList();
        Assert.True(leaked.Count == 0, "events appended by refused requests: " + string.Join(", ", leaked.Take(20)));
        Assert.True(written.IsSubsetOf(accepted.ToHashSet()), "events under correlation ids never answered 2xx");

        // A batch of malformed writes only: all refused, and the event store does not move.
        var writes = endpoints.Select((e, i) => (e, i)).Where(x => x.e.Method == "POST").Select(x => x.i).ToArray();
        var batchGen = Gen.Select(Gen.Int[0, writes.Length - 1], Gen.Int[0, Users.Length - 1], Gen.Int[0, BodyKinds - 1], Gen.Int[0, 5],
            Gen.Int[0, 4], Gen.Int[0, 9], Gen.Int, (e, u, b, r, q, c, salt) => new FuzzCase(writes[e], u, b, r, q, c, salt));
        var batchAccepted = new ConcurrentBag<string>();
        var batchRefused = new ConcurrentBag<string>();
        await Run(batchGen, RefusedBatch, "b", async (fc, i) =>
            await SendAndCheck(server, Build(fc, endpoints, pool, $"fz{run}-b{i}", writesOnlyMalformed: true), fc.Salt, statuses, batchAccepted, batchRefused), failures);
        Assert.True(failures.IsEmpty, $"{failures.Count} failing requests (seed {Seed}); the first:\n" + failures.FirstOrDefault());
        Assert.True(batchAccepted.IsEmpty, "malformed writes accepted: " + string.Join(", ", batchAccepted.Take(10)));
        // Each request carried its own correlation id, stored on any event it wrote: none of the batch wrote one.
        // (A before/after count of the store would also see other tests' background work, so it is not used.)
        var batchWrites = await CorrelationIdsWritten($"fz{run}-b%");
        Assert.True(batchWrites.Count == 0, $"refused writes left events: {string.Join(", ", batchWrites.Take(10))}");

        output.WriteLine($"seed {Seed}: {Samples + RefusedBatch} requests ({Samples} sampled in {sampled.TotalSeconds:F1} s + {RefusedBatch} refused writes) " +
                         $"over {perEndpoint.Count} of {endpoints.Count} endpoints; statuses: " +
                         string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        output.WriteLine($"events from the refused batch: {batchWrites.Count}; events from accepted fuzz requests: {written.Count}");
        Assert.True(perEndpoint.Count == endpoints.Count, "endpoints never sampled: " + string.Join(", ", endpoints.Select(e => e.Key).Except(perEndpoint.Keys)));
    }

    /// <summary>
    /// Draws <paramref name="count"/> cases from the generator, deterministically from <see cref="Seed"/>
    /// (the same requests on every run), and sends them four at a time. A failure is recorded with the
    /// request and its index; the run goes on so the count of failures is known.
    /// </summary>
    private async Task Run(Gen<FuzzCase> gen, int count, string stream, Func<FuzzCase, int, Task<string?>> send, ConcurrentQueue<string> failures)
    {
        var pcg = PCG.Parse(stream == "" ? Seed : Seed[..^1] + (Seed[^1] == 'z' ? 'y' : 'z'));
        var cases = new FuzzCase[count];
        for (var i = 0; i < count; i++) cases[i] = gen.Generate(pcg, null, out _);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            if (await send(cases[i], i) is { } problem)
            {
                failures.Enqueue($"request {stream}{i} of seed {Seed}: {problem}");
                if (failures.Count == 1) output.WriteLine(problem);
            }
        });
    }

    // ------------------------------------------------------------------ sending and the properties

    private static async Task<string?> SendAndCheck(TestServer server, Sent sent, int salt, ConcurrentDictionary<int, int> statuses,
        ConcurrentBag<string> accepted, ConcurrentBag<string> refused)
    {
        HttpContext ctx;
        var token = sent.User == "" ? null : TokenCache[sent.User];
        try
        {
            ctx = await server.SendAsync(c =>
            {
                c.Request.Method = sent.Method;
                var q = sent.Target.IndexOf('?');
                c.Request.Path = PathString.FromUriComponent(q < 0 ? sent.Target : sent.Target[..q]);
                if (q >= 0) c.Request.QueryString = new QueryString(sent.Target[q..]);
                c.Request.Headers["X-Correlation-Id"] = sent.CorrelationId;
                if (token is not null) c.Request.Headers.Authorization = "Bearer " + token;
                // Public routes are rate-limited per address: spread the samples over loopback addresses.
                c.Connection.RemoteIpAddress = new IPAddress([127, (byte)(salt >> 16), (byte)(salt >> 8), (byte)(salt | 1)]);
                if (sent.ContentType is not null) c.Request.ContentType = sent.ContentType;
                if (sent.Body is not null)
                {
                    c.Request.Body = new MemoryStream(sent.Body);
                    // Half the oversized bodies declare their length, half arrive without one.
                    if (!(sent.Description.Contains("oversized") && (salt & 1) == 1)) c.Request.ContentLength = sent.Body.Length;
                }
            });
        }
        catch (Exception e)
        {
            return $"the request threw in the server: {e.GetType().Name}: {e.Message}\n{Describe(sent)}";
        }
        var status = ctx.Response.StatusCode;
        statuses.AddOrUpdate(status, 1, (_, v) => v + 1);
        if (status is >= 200 and < 300) accepted.Add(sent.CorrelationId); else refused.Add(sent.CorrelationId);
        var text = ctx.Response.Body is { CanRead: true } b ? await new StreamReader(b).ReadToEndAsync() : "";
        string Fail(string why) => $"{why}: {status} {ctx.Response.ContentType} {Clip(text, 600)}\n{Describe(sent)}";

        if (status >= 500) return Fail("5xx");
        if (text.Contains("   at ") || text.Contains("Npgsql") || text.Contains("StackTrace")) return Fail("stack trace or SQL in the answer");
        if (status is >= 400 and < 500)
        {
            if (ctx.Response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true) return Fail("4xx without application/problem+json");
            JsonElement p;
            try { p = JsonDocument.Parse(text).RootElement; }
            catch (JsonException) { return Fail("4xx body is not JSON"); }
            if (p.ValueKind != JsonValueKind.Object) return Fail("4xx body is not an object");
            if (!p.TryGetProperty("status", out var st) || st.ValueKind != JsonValueKind.Number || st.GetInt32() != status) return Fail("problem without the matching status");
            foreach (var field in new[] { "title", "detail", "code" })
                if (!p.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
                    return Fail($"problem without {field}");
        }
        return null;
    }

    private static readonly ConcurrentDictionary<string, string> TokenCache = new();

    private static string Describe(Sent s)
    {
        var body = s.Body is null ? "(no body)" : s.Body.Length > 400 ? $"{s.Body.Length} bytes: {Printable(s.Body.AsSpan(0, 400))}…" : Printable(s.Body);
        return $"  {s.Method} {Clip(s.Target, 400)}\n  as {(s.User == "" ? "anonymous" : s.User)}, Content-Type: {s.ContentType ?? "(none)"}, correlation {s.CorrelationId}\n  {s.Description}\n  body: {body}";
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (var r in Encoding.UTF8.GetString(bytes)) sb.Append(r == '\uFFFD' ? "\\xNN" : char.IsControl(r) ? $"\\u{(int)r:x4}" : r.ToString());
        return sb.ToString();
    }

    private static string Clip(string s, int n) => s.Length > n ? s[..n] + "…" : s;

    // ------------------------------------------------------------------ building one malformed request

    private static readonly string[] GarbageSegments =
    [
        // (no %00: the test host refuses a NUL in the path before the app sees it, as Kestrel does)
        "x", "-1", "0", "00000000-0000-0000-0000-000000000000", "not-a-guid", "%C3%28", "%FF%FE", "..%2F..%2Fetc%2Fpasswd",
        "%27%20OR%201%3D1--", "%E6%A1%88%E4%BB%B6", "%F0%9F%98%80", "9223372036854775808", "1e309", "null", "%20", "%3Cscript%3E",
        "12345678-1234-1234-1234-1234567890123", "%E2%80%AE", "{id}", "2026", "-2026", "99999",
    ];

    private static readonly string[] GarbageValues =
    [
        "", "abc", "-1", "0", "-2147483649", "9999999999999999999999", "1e309", "NaN", "%00", "%C3%28", "%FF", "2026-02-30", "2026-13-01",
        "0000-00-00", "not-a-guid", "00000000-0000-0000-0000-000000000000", "true", "%5B%5D", "%7B%7D", "%27%3B--", "%E6%A1%88", "null",
        // Issue 15: page numbers whose OFFSET overflows, and NUL inside a value (PostgreSQL refuses both with a 500 unless caught)
        "2147483647", "100001", "%00x", "x%00y",
    ];

    private Sent Build(FuzzCase fc, IReadOnlyList<ApiEndpoint> endpoints, Guid[] pool, string correlationId, bool writesOnlyMalformed)
    {
        var ep = endpoints[fc.Endpoint];
        var rnd = new Random(fc.Salt);
        var user = Users[fc.User];
        var what = new List<string>();

        // Route values: a real stream id, a random id, or garbage.
        var path = ep.Pattern;
        foreach (var name in ep.RouteParameters)
        {
            var value = (fc.RouteKind, name) switch
            {
                (_, "year") when fc.RouteKind < 3 => rnd.Next(3) switch { 0 => TestClock.Default.Year.ToString(), 1 => "-1", _ => rnd.Next(int.MinValue, int.MaxValue).ToString() },
                (0 or 1, _) => pool[rnd.Next(pool.Length)].ToString(),
                (2, _) => Guid.NewGuid().ToString(),
                (3, _) => Uri.EscapeDataString(new string('案', rnd.Next(1, 3000))),
                _ => GarbageSegments[rnd.Next(GarbageSegments.Length)],
            };
            path = path.Replace("{" + name + "}", value);
        }
        what.Add($"route:{fc.RouteKind}");

        // Query: the endpoint's own parameters with garbage or plausible values, and junk ones.
        var query = new List<string>();
        if (fc.QueryKind > 0)
        {
            foreach (var (name, _) in ep.QueryParameters)
                if (rnd.Next(3) > 0) query.Add($"{name}={(fc.QueryKind == 1 ? Plausible(rnd) : GarbageValues[rnd.Next(GarbageValues.Length)])}");
            if (fc.QueryKind >= 3) query.Add($"{Junk(rnd)}={GarbageValues[rnd.Next(GarbageValues.Length)]}");
            if (fc.QueryKind == 4 && ep.QueryParameters.Length > 0) query.Add($"{ep.QueryParameters[0].Name}=1&{ep.QueryParameters[0].Name}=abc");
        }
        var target = query.Count == 0 ? path : path + "?" + string.Join("&", query);

        if (ep.Method != "POST") return new Sent(ep.Method, target, null, null, user, string.Join(" ", what), correlationId);

        var (body, description) = Body(ep.RequestType, fc.BodyKind, rnd, pool);
        what.Add(description);
        var contentType = fc.ContentKind switch
        {
            0 when !writesOnlyMalformed => null,
            1 when !writesOnlyMalformed => new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "%%%", "application/json-patch+json" }[rnd.Next(7)],
            2 when !writesOnlyMalformed => "application/json; charset=utf-16",
            _ => "application/json",
        };
        if (contentType == "application/json; charset=utf-16") body = Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(body));
        if (contentType != "application/json") what.Add("wrong content type");
        return new Sent("POST", target, contentType, body, user, string.Join(" ", what), correlationId);
    }

    private static string Plausible(Random rnd) => rnd.Next(5) switch
    {
        0 => rnd.Next(1, 5).ToString(), 1 => "650100", 2 => "2026-01-01", 3 => "planned", _ => "inspectionsPlanned",
    };

    private static string Junk(Random rnd) => "zq" + rnd.Next(1000, 9999);

    /// <summary>
    /// A body that is never a valid request: every kind except the wrong-content-type variants breaks the
    /// JSON or at least one field's type, so even an endpoint with only optional fields refuses it.
    /// </summary>
    private static (byte[] Body, string Description) Body(Type? type, int kind, Random rnd, Guid[] pool)
    {
        const string InvalidUtf8 = "\u0001INVALID\u0001";
        var props = Properties(type);
        string Obj(Func<(string Name, Type Type), int, string?> value, bool extra)
        {
            var parts = new List<string>();
            var i = 0;
            foreach (var p in props)
                if (value(p, i++) is { } v) parts.Add($"{JsonSerializer.Serialize(p.Name)}:{v}");
            if (extra || parts.Count == 0) parts.Add($"\"{Junk(rnd)}\":{WrongType(typeof(object), rnd)}");
            return "{" + string.Join(",", parts.OrderBy(_ => rnd.Next())) + "}";
        }
        // One property (or, without any, a junk one) is always of the wrong type.
        var broken = props.Length == 0 ? -1 : rnd.Next(props.Length);
        string Breaking((string Name, Type Type) p, int i) => WrongType(p.Type, rnd);

        var (text, description) = kind switch
        {
            0 => (Obj((p, i) => i == broken || rnd.Next(2) == 0 ? Breaking(p, i) : Valid(p.Type, rnd, pool), true), "wrong JSON types, extra fields"),
            1 => (Obj((p, i) => i == broken ? Breaking(p, i) : rnd.Next(3) == 0 ? null : Valid(p.Type, rnd, pool), false), "missing fields and one wrong type"),
            2 => (Obj((p, i) => i == broken ? Breaking(p, i) : IsString(p.Type) ? JsonSerializer.Serialize(new string('档', 100 * 1024 / 3)) : Valid(p.Type, rnd, pool), true), "100 KB strings"),
            3 => (Obj((p, i) => i == broken ? Breaking(p, i) : IsString(p.Type) ? "\"a\\ud800b\\udfffc\"" : Valid(p.Type, rnd, pool), false), "lone surrogates"),
            4 => (Obj((p, i) => IsString(p.Type) || i == broken ? $"\"ok{InvalidUtf8}\"" : Valid(p.Type, rnd, pool), false), "invalid UTF-8 bytes"),
            5 => (Obj((p, i) => Hostile(p.Type, rnd) ?? (i == broken ? Breaking(p, i) : Valid(p.Type, rnd, pool)), false), "bad ids, impossible dates, negative numbers"),
            6 => ("", "empty body"),
            7 => (new[] { "{", "{\"a\":", "[", "nul", "{\"version\":1,}", "{'version':1}", "{\"version\":1 /*c*/}", "\"text\"", "42", "null", "[]", "[{}]", "<xml/>", "a=b&c=d", "\u0000", "\uFEFF{", "{\"a\":1}{\"b\":2}" }[rnd.Next(17)], "not JSON / truncated / wrong top-level type"),
            8 => (new string('[', 2000) + new string(']', 2000), "nested 2000 deep"),
            9 => ("{\"x\":\"" + new string('x', (int)Web.HostSetup.MaxRequestBodyBytes + 10) + "\"}", "oversized body (> 1 MiB)"),
            10 => ("{" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"k{i}\":{i}")) + "," + (broken < 0 ? "\"x\":{}" : $"{JsonSerializer.Serialize(props[broken].Name)}:{WrongType(props[broken].Type, rnd)}") + "}", "5000 extra fields and a wrong type"),
            11 => (Obj((p, i) => i == broken ? Breaking(p, i) : Valid(p.Type, rnd, pool), false) is var o ? o + o : "", "two objects back to back"),
            // Issue 15: a JSON string holding NUL (\u0000), which PostgreSQL cannot store in text or jsonb
            _ => (Obj((p, i) => IsString(p.Type) || i == broken ? "\"ok\\u0000x\"" : Valid(p.Type, rnd, pool), false), "NUL in JSON strings"),
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        if (text.Contains(InvalidUtf8))
        {
            var bad = new[] { new byte[] { 0xC3, 0x28 }, [0xFF], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80] }[rnd.Next(6)];
            bytes = Encoding.UTF8.GetBytes(text.Replace(InvalidUtf8, "\u0002")).SelectMany(b => b == 0x02 ? bad : [b]).ToArray();
        }
        return (bytes, description);
    }

    private static (string Name, Type Type)[] Properties(Type? type)
    {
        if (type is null || Endpoints.IsSimple(type)) return [];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || p.GetMethod is not null)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType))
            .ToArray();
    }

    private static bool IsString(Type t) => t == typeof(string);

    private static Type Core(Type t) => Nullable.GetUnderlyingType(t) ?? t;

    private static Type? Element(Type t) => t.IsArray ? t.GetElementType() : t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t) && t != typeof(string) ? t.GetGenericArguments()[0] : null;

    private static string Valid(Type t, Random rnd, Guid[] pool, int depth = 0)
    {
        t = Core(t);
        if (t == typeof(string)) return JsonSerializer.Serialize("模糊测试" + rnd.Next(1000));
        if (t == typeof(Guid)) return $"\"{(rnd.Next(2) == 0 ? pool[rnd.Next(pool.Length)] : Guid.NewGuid())}\"";
        if (t == typeof(bool)) return rnd.Next(2) == 0 ? "true" : "false";
        if (t == typeof(DateOnly)) return "\"2026-12-01\"";
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) return "\"2026-06-01T08:00:00+08:00\"";
        if (t.IsEnum) return JsonSerializer.Serialize(JsonNamingPolicy.SnakeCaseLower.ConvertName(Enum.GetNames(t)[rnd.Next(Enum.GetNames(t).Length)]));
        if (t.IsPrimitive || t == typeof(decimal)) return rnd.Next(1, 5).ToString();
        if (Element(t) is { } e) return "[" + (depth > 2 ? "" : Valid(e, rnd, pool, depth + 1)) + "]";
        if (depth > 2) return "{}";
        return "{" + string.Join(",", Properties(t).Select(p => $"{JsonSerializer.Serialize(p.Name)}:{Valid(p.Type, rnd, pool, depth + 1)}")) + "}";
    }

    /// <summary>A JSON value the property's type cannot take.</summary>
    private static string WrongType(Type t, Random rnd)
    {
        t = Core(t);
        string[] options =
            t == typeof(string) ? ["12345", "true", "[1,2]", "{\"a\":1}", "-0.5e999"]
            : t == typeof(Guid) ? ["\"not-a-guid\"", "12", "\"00000000-0000-0000-0000-00000000000g\"", "{}", "\"' OR 1=1 --\""]
            : t == typeof(bool) ? ["\"yes\"", "1", "\"true\"", "[]"]
            : t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset) ? ["\"2026-02-30\"", "\"2026-13-01\"", "\"0000-00-00\"", "20260101", "\"2026-02-29T25:61:00Z\"", "\"yesterday\""]
            : t.IsEnum ? ["\"no_such_value\"", "3", "-1", "[\"a\"]"]
            : t.IsPrimitive || t == typeof(decimal) ? ["\"abc\"", "{}", "[]", "true", "1.5e400", "\"-\"", "99999999999999999999999999"]
            : Element(t) is not null ? ["\"x\"", "{}", "5", "true"]
            : t == typeof(object) || t == typeof(JsonElement) ? ["\"\\ud800\"", "1e999"]
            : ["\"x\"", "5", "[]", "true"];
        return options[rnd.Next(options.Length)];
    }

    /// <summary>Values of the right JSON type that are out of any valid range, or null when the type has none.</summary>
    private static string? Hostile(Type t, Random rnd)
    {
        t = Core(t);
        if (t == typeof(Guid)) return rnd.Next(2) == 0 ? "\"00000000-0000-0000-0000-000000000000\"" : "\"ffffffff-ffff-ffff-ffff-ffffffffffff\"";
        if (t == typeof(DateOnly)) return new[] { "\"0001-01-01\"", "\"9999-12-31\"", "\"1900-02-29\"" }[rnd.Next(3)];
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) return new[] { "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59+14:00\"" }[rnd.Next(2)];
        if (t == typeof(int) || t == typeof(long) || t == typeof(short)) return new[] { "-1", "0", "-2147483648", t == typeof(long) ? "-9223372036854775808" : "2147483647" }[rnd.Next(4)];
        if (t == typeof(decimal) || t == typeof(double)) return "-1e20";
        return null;
    }

    // ------------------------------------------------------------------ the event store

    private async Task<Guid[]> ValidIds()
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select id from {app.Schema}.mt_streams order by timestamp desc limit 300", conn);
        var ids = new List<Guid>();
        await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        var unit = await app.UnitIn("650100");
        ids.Add(unit.Id);
        return ids.ToArray();
    }

    private async Task<HashSet<string>> CorrelationIdsWritten(string like)
    {
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select distinct correlation_id from {app.Schema}.mt_events where correlation_id like @like", conn);
        cmd.Parameters.AddWithValue("like", like);
        var ids = new HashSet<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetString(0));
        return ids;
    }
}
