using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Alba;
using Supervision.Integrity;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Integrity;

/// <summary>
/// Issue 7: a closed case exports as an archival package (events of its linked streams with their hashes,
/// rendered documents, manifest), and the package is verified offline — a changed byte is named.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ArchivePackageTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    private async Task<(int Status, byte[] Body, string? ContentType, string? ManifestSha)> Archive(string user, Guid id)
    {
        var token = await app.TokenFor(user);
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/cases/{id}/archive");
            s.WithRequestHeader("Authorization", "Bearer " + token);
            s.IgnoreStatusCode();
        });
        using var m = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(m);
        var headers = result.Context.Response.Headers;
        return (result.Context.Response.StatusCode, m.ToArray(), result.Context.Response.ContentType,
            headers.TryGetValue("X-Archive-Manifest-SHA256", out var v) ? v.ToString() : null);
    }

    /// <summary>A concluded inspection with one hazard whose rectification was ordered (a numbered notice).</summary>
    private async Task<(Guid Inspection, Guid Rectification, string OrderNumber)> ClosedInspection()
    {
        var (inspection, rectification) = await _given.Hazard();
        var order = await _api.Ok(_api.Post("urumqi.inspector1", $"/api/rectifications/{rectification}/order",
            new { version = 1, workingDays = 10, requirements = "配置恒温恒湿设备并建立温湿度记录制度", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/inspections/{inspection}/conclude", new { version = 3, summary = "发现隐患一项，已责令整改", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        return (inspection, rectification, order.Str("documentNumber"));
    }

    private static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    private static byte[] Rezip(Dictionary<string, byte[]> entries)
    {
        using var m = new MemoryStream();
        using (var archive = new ZipArchive(m, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, bytes) in entries)
            {
                using var s = archive.CreateEntry(path).Open();
                s.Write(bytes);
            }
        return m.ToArray();
    }

    private static PackageReport Verify(byte[] zip) => ArchivePackageVerifier.Verify(new MemoryStream(zip));

    [Fact]
    public async Task A_closed_inspection_exports_its_linked_streams_and_documents_and_verifies_offline()
    {
        var (inspection, rectification, number) = await ClosedInspection();

        var (status, zip, type, manifestSha) = await Archive("urumqi.inspector1", inspection);
        Assert.True(status == 200, Encoding.UTF8.GetString(zip));
        Assert.Equal("application/zip", type);
        var entries = Entries(zip);
        Assert.Equal(ArchivePackage.Sha256(entries["manifest.json"]), manifestSha);

        var manifest = JsonDocument.Parse(entries["manifest.json"]).RootElement;
        Assert.Equal(inspection, manifest.Id("caseId"));
        Assert.Equal("inspection", manifest.Str("caseKind"));
        Assert.Equal("urumqi.inspector1", manifest.Str("exportedBy"));
        var streams = manifest.GetProperty("streams").EnumerateArray().ToList();
        Assert.Equal([inspection, rectification], streams.Select(s => s.Id()).ToArray());
        Assert.Equal(4, streams[0].Long("events")); // planned, started, hazard, concluded
        Assert.True(streams[0].GetProperty("closed").GetBoolean());
        Assert.False(streams[1].GetProperty("closed").GetBoolean()); // the rectification runs on; its events so far are in
        // The chain heads are the database's.
        var stored = await ChainVerifier.VerifyAsync(app.Store, inspection, TimeProvider.System, default);
        Assert.True(stored.Ok);
        Assert.Equal(64, streams[0].Str("headHash").Length);
        var document = $"documents/{ArchivePackage.SafeName(number)}.html";
        Assert.Contains("责令限期改正通知书", Encoding.UTF8.GetString(entries[document]));
        // The inspection's own 现场检查笔录: the hazard found, the order it led to, the conclusion.
        var record = Encoding.UTF8.GetString(Assert.Single(entries, e => e.Key.StartsWith("documents/") && e.Key.Contains("检录") && e.Key.EndsWith(".html")).Value);
        Assert.Contains("现场检查笔录", record);
        Assert.Contains(number, record);
        Assert.Contains("发现隐患一项，已责令整改", record);
        Assert.Equal(entries.Keys.Where(k => k != "manifest.json").Order(), manifest.GetProperty("files").EnumerateArray().Select(f => f.Str("path")).Order());
        // The case file (案卷) as PDF and each document's frozen PDF are in the package too (issue 13 §5), the latter byte for
        // byte what the document's PDF answers.
        var caseFile = entries[ArchivePackage.CaseFilePath];
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(caseFile, 0, 5));
        var pdfName = $"documents/{ArchivePackage.SafeName(number)}.pdf";
        var token = await app.TokenFor("urumqi.inspector1");
        using var http = app.Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var served = await http.GetByteArrayAsync("/api/documents/" + Uri.EscapeDataString(number) + ".pdf");
        Assert.Equal(ArchivePackage.Sha256(served), ArchivePackage.Sha256(entries[pdfName]));

        var ok = Verify(zip);
        Assert.True(ok.Ok, ok.Summary());
        Assert.Equal(2, ok.Streams);

        // One byte changed inside an event's data (a hex digit of an id, so the line is still valid JSON): named by file and line.
        var eventsFile = $"events/inspection-{inspection}.jsonl";
        var lines = Encoding.UTF8.GetString(entries[eventsFile]).Split('\n');
        var dataAt = lines[1].IndexOf("\"data\":", StringComparison.Ordinal);
        var at = lines[1].IndexOfAny("0123456789abcdef".ToCharArray(), lines[1].IndexOf("inspectionId", dataAt, StringComparison.Ordinal) + 20);
        var changed = lines[1].ToCharArray();
        changed[at] = changed[at] == '0' ? '1' : '0';
        lines[1] = new string(changed);
        var tamperedEvent = new Dictionary<string, byte[]>(entries) { [eventsFile] = Encoding.UTF8.GetBytes(string.Join('\n', lines)) };
        var bad = Verify(Rezip(tamperedEvent));
        Assert.False(bad.Ok);
        Assert.Equal((eventsFile, (int?)2, "hash_mismatch"), (bad.Problems[0].Path, bad.Problems[0].Line, bad.Problems[0].Problem));
        Assert.Contains($"version 2", bad.Problems[0].Detail);
        Assert.Contains(bad.Problems, p => p.Path == eventsFile && p.Problem == "file_hash_mismatch");

        // One byte of a document flipped: named.
        var html = (byte[])entries[document].Clone();
        html[html.Length / 2] ^= 0x01;
        var badDoc = Verify(Rezip(new Dictionary<string, byte[]>(entries) { [document] = html }));
        var docProblem = Assert.Single(badDoc.Problems);
        Assert.Equal((document, "file_hash_mismatch"), (docProblem.Path, docProblem.Problem));

        // The command line, offline: exit 0 for the package, 1 naming the first broken item.
        var dir = Directory.CreateTempSubdirectory("archive-test");
        try
        {
            var good = Path.Combine(dir.FullName, "good.zip");
            var broken = Path.Combine(dir.FullName, "broken.zip");
            await File.WriteAllBytesAsync(good, zip);
            await File.WriteAllBytesAsync(broken, Rezip(tamperedEvent));
            var (okCode, okOut) = await Cli("verify-package", good);
            Assert.True(okCode == 0, okOut);
            var (badCode, badOut) = await Cli("verify-package", broken);
            Assert.Equal(1, badCode);
            Assert.Contains($"{eventsFile} line 2: hash_mismatch", badOut);
        }
        finally { dir.Delete(true); }
    }

    private async Task<string> PageHtml(string user, string url)
    {
        var token = await app.TokenFor(user);
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", "Bearer " + token);
        });
        return await result.ReadAsTextAsync();
    }

    [Fact]
    public async Task A_closed_cases_page_links_its_archival_package_and_an_open_cases_page_does_not()
    {
        var (inspection, _, _) = await ClosedInspection();
        Assert.Contains($"href=\"/api/cases/{inspection}/archive\"", await PageHtml("urumqi.inspector1", $"/inspections/{inspection}"));
        var (_, open) = await _given.Hazard();
        var openPage = await PageHtml("urumqi.inspector1", $"/rectifications/{open}");
        Assert.Contains($"href=\"/cases/{open}/file\"", openPage);
        Assert.DoesNotContain("/archive", openPage);
    }

    [Fact]
    public async Task An_open_case_is_refused_and_a_case_outside_the_jurisdiction_is_not_found()
    {
        var (_, rectification) = await _given.Hazard();
        var (status, body, _, _) = await Archive("urumqi.inspector1", rectification);
        Assert.Equal(409, status);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("case_open", problem.Str("code"));
        Assert.Contains("尚未办结", problem.Str("detail_zh"));
        Assert.Contains("not closed", problem.Str("detail_en"));

        var (inspection, _, _) = await ClosedInspection();
        Assert.Equal(404, (await Archive("kashi.inspector", inspection)).Status);
        Assert.Equal(200, (await Archive("region.leader", inspection)).Status);
        Assert.Equal(404, (await Archive("urumqi.inspector1", Guid.NewGuid())).Status);
    }

    [Fact]
    public async Task A_closed_complaint_package_keeps_the_complainant_encrypted()
    {
        var complaints = new Complaints.ComplaintFlowTests(app);
        var (id, _) = await complaints.Registered();
        const string handler = "urumqi.handler";
        await _api.Ok(_api.Post(handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = handler }));
        // R11: an extension told by email; its delivery is a stream of its own and belongs in the package.
        await app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60))
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(_ => _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/extensions",
                new { version = 3, days = 10, reason = "需调取档案移交清册", channel = "email" }))));
        await _api.Ok(_api.Post(handler, $"/api/complaints/{id}/conclusion", new { version = 5, substantiated = true, findings = "档案存放于地下室", result = "已责令限期改正" }));
        await _api.Ok(_api.Post(handler, $"/api/complaints/{id}/notifications", new { version = 6, channel = "letter" })); // closes it

        var (status, zip, _, _) = await Archive(handler, id);
        Assert.True(status == 200, Encoding.UTF8.GetString(zip));
        Assert.True(Verify(zip).Ok);
        var entries = Entries(zip);
        var everything = string.Concat(entries.Values.Select(Encoding.UTF8.GetString));
        foreach (var secret in new[] { "买买提·测试人甲", "13899912345", "complainant.test@example.cn", "测试路 1 号", "65010219900307123" })
            Assert.DoesNotContain(secret, everything);
        Assert.Contains("protectedComplainant", everything); // the ciphertext, as stored
        Assert.Contains("***", string.Concat(entries.Where(e => e.Key.StartsWith("documents/") && e.Key.EndsWith(".html")).Select(e => Encoding.UTF8.GetString(e.Value))));
        Assert.Contains("未解密", JsonDocument.Parse(entries["manifest.json"]).RootElement.Str("personalData"));
        var delivery = Assert.Single(entries.Keys, k => k.StartsWith("events/notice-delivery-"));
        Assert.Contains("\"type\":\"notice_delivered\"", Encoding.UTF8.GetString(entries[delivery]));
        Assert.Single(entries.Keys, k => k.StartsWith("documents/") && k.Contains("投延") && k.EndsWith(".html"));
    }

    private static async Task<(int Code, string Output)> Cli(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Supervision.Web.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
