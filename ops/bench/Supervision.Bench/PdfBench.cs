using System.Diagnostics;
using System.Text.Json.Nodes;
using Marten;
using Supervision.Shared;

/// <summary>
/// Issue 13 §4/§5 speed, against a running app (ops/bench/pdf.sh):
///   issue  — issuing a document with its PDF: POST …/order (numbered, frozen within seconds) + the first GET …/{number}.pdf
///            (freezes and seals it if the background pass has not yet, renders, stores, records), each iteration on a new hazard;
///   stored — GET /api/documents/{number}.pdf of a PDF already stored (the same bytes from the file store);
///   file   — GET /api/cases/{id}/file.pdf of a rectification with 30 documents (the order and 29 copies of its frozen content
///            under numbers of their own, written directly to the document table), first request (renders the 29 PDFs) and
///            then with every PDF stored.
/// </summary>
static class PdfBench
{
    public static async Task Run(Args a, Action<string, object> emit)
    {
        var api = new Api(a.Get("url"));
        var n = a.Int("n", 40);
        var inspector = await api.Token("urumqi.inspector1");
        var unitId = (await api.Ok(HttpMethod.Get, "/api/units?jurisdiction=650100", inspector))["items"]!.AsArray().Select(u => u!["id"]!.GetValue<Guid>()).First();

        var inspection = await api.Ok(HttpMethod.Post, "/api/inspections", inspector, new
        {
            unitId, focusItems = new[] { "Art37.1" }, plannedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)).ToString("yyyy-MM-dd"),
            inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
        });
        var inspectionId = inspection["id"]!.GetValue<Guid>();
        var version = (await api.Ok(HttpMethod.Post, $"/api/inspections/{inspectionId}/start", inspector, new { version = inspection["version"]!.GetValue<long>() }))["version"]!.GetValue<long>();

        var issue = new List<double>();
        var order = new List<double>();
        var firstPdf = new List<double>();
        var numbers = new List<(string Number, Guid Rectification)>();
        for (var i = 0; i < n + 5; i++)
        {
            if (i > 0 && i % 8 == 0) // a handful of hazards per inspection, as in the load benchmark
            {
                inspection = await api.Ok(HttpMethod.Post, "/api/inspections", inspector, new
                {
                    unitId, focusItems = new[] { "Art37.1" }, plannedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)).ToString("yyyy-MM-dd"),
                    inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
                });
                inspectionId = inspection["id"]!.GetValue<Guid>();
                version = (await api.Ok(HttpMethod.Post, $"/api/inspections/{inspectionId}/start", inspector, new { version = inspection["version"]!.GetValue<long>() }))["version"]!.GetValue<long>();
            }
            var hazard = await api.Ok(HttpMethod.Post, $"/api/inspections/{inspectionId}/hazards", inspector, new
            {
                version, item = $"Art38.{i % 8 + 1}", description = Fake.Text, evidence = new[] { "照片001.jpg" },
            });
            version = hazard["version"]!.GetValue<long>();
            var rid = hazard["rectificationId"]!.GetValue<Guid>();
            var sw = Stopwatch.StartNew();
            var issued = await api.Ok(HttpMethod.Post, $"/api/rectifications/{rid}/order", inspector, new
            {
                version = hazard["rectificationVersion"]!.GetValue<long>(), requirements = "配置恒温恒湿设备并建立温湿度记录制度", workingDays = 30,
                inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
            });
            var ordered = sw.Elapsed.TotalMilliseconds;
            var number = issued["documentNumber"]!.GetValue<string>();
            var (status, _) = await Pdf(api, number, inspector);
            if (status != 200) throw new Exception($"GET {number}.pdf -> {status}");
            if (i < 5) continue; // warm-up: JIT, font loading
            issue.Add(sw.Elapsed.TotalMilliseconds);
            order.Add(ordered);
            firstPdf.Add(sw.Elapsed.TotalMilliseconds - ordered);
            numbers.Add((number, rid));
        }
        emit("pdf_issue_n", issue.Count); emit("pdf_issue_p50", Stats.Pct(issue, 50)); emit("pdf_issue_p95", Stats.Pct(issue, 95));
        emit("pdf_order_p95", Stats.Pct(order, 95)); emit("pdf_first_p50", Stats.Pct(firstPdf, 50)); emit("pdf_first_p95", Stats.Pct(firstPdf, 95));

        var stored = new List<double>();
        long bytes = 0;
        for (var i = 0; i < a.Int("stored-n", 200); i++)
        {
            var sw = Stopwatch.StartNew();
            var (status, size) = await Pdf(api, numbers[i % numbers.Count].Number, inspector);
            stored.Add(sw.Elapsed.TotalMilliseconds);
            if (status != 200) throw new Exception("stored PDF -> " + status);
            bytes = size;
        }
        emit("pdf_stored_n", stored.Count); emit("pdf_stored_p50", Stats.Pct(stored, 50)); emit("pdf_stored_p95", Stats.Pct(stored, 95)); emit("pdf_bytes", bytes);

        // A case with 30 documents: the last order and 29 more under numbers of their own, with its frozen content.
        var (lastNumber, caseId) = numbers[^1];
        using (var store = Store.Create(a.Get("cs"), a.Get("schema"), migrate: false))
        {
            await using var session = store.LightweightSession();
            var original = (await session.LoadAsync<IssuedDocument>(lastNumber))!;
            for (var k = 1; k < 30; k++)
            {
                var copy = new IssuedDocument
                {
                    Id = lastNumber.Replace("号", $"-{k:D2}号"), Type = original.Type, StreamId = caseId, CaseKind = original.CaseKind,
                    JurisdictionPath = original.JurisdictionPath, IssuedAt = original.IssuedAt.AddSeconds(k), Content = original.Content,
                    Sha256 = original.Sha256, Sm3 = original.Sm3, StreamVersion = original.StreamVersion, FrozenAt = original.FrozenAt,
                    SealKeyId = original.SealKeyId, SealPublicKey = original.SealPublicKey, SealSignature = original.SealSignature,
                    VerificationCode = original.VerificationCode,
                };
                session.Store(copy);
            }
            await session.SaveChangesAsync();
        }
        var file = new List<double>();
        for (var i = 0; i < a.Int("file-n", 5) + 1; i++)
        {
            var sw = Stopwatch.StartNew();
            using var r = await api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}/file.pdf")
                { Headers = { Authorization = new("Bearer", inspector) } });
            var body = await r.Content.ReadAsByteArrayAsync();
            if (!r.IsSuccessStatusCode) throw new Exception("case file -> " + (int)r.StatusCode);
            if (i == 0) { emit("pdf_file_first_ms", sw.Elapsed.TotalMilliseconds); emit("pdf_file_bytes", body.Length); continue; }
            file.Add(sw.Elapsed.TotalMilliseconds);
        }
        emit("pdf_file_n", file.Count); emit("pdf_file_p50", Stats.Pct(file, 50)); emit("pdf_file_max", file.Max());
    }

    static async Task<(int Status, long Bytes)> Pdf(Api api, string number, string token)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, "/api/documents/" + Uri.EscapeDataString(number) + ".pdf");
        req.Headers.Authorization = new("Bearer", token);
        using var r = await api.Http.SendAsync(req);
        var body = await r.Content.ReadAsByteArrayAsync();
        return ((int)r.StatusCode, body.Length);
    }
}
