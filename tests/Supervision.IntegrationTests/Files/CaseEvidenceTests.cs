using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using Supervision.IntegrationTests.Ui;
using Supervision.Integrity;
using UglyToad.PdfPig;

namespace Supervision.IntegrationTests.Files;

/// <summary>
/// Issue 16 §1: the files of every step that takes them (re-inspection, complaint note, sanction evidence, obstruction) are
/// named in the step's event, shown on the case page as thumbnails with their capture, and read through the case
/// (<c>/api/cases/{id}/files/{sha256}</c>) by whoever may see it — nobody else, and no file the case does not name.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CaseEvidenceTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    private async Task<string> Upload(string user, byte[] bytes, string name)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        using var response = await client.PostAsync("/api/files", form);
        Assert.Equal(201, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Str("sha256");
    }

    private async Task<(int Status, byte[] Body)> Read(string user, string url)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        using var response = await client.GetAsync(url);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<string> Page(string user, string url)
    {
        using var browser = await UiBrowser.LoggedIn(app, user);
        return await browser.GetStringAsync(url);
    }

    private static byte[] Photo() => TestPhotos.Jpeg(120, 90, seed: Random.Shared.Next(1, 250));

    [Fact]
    public async Task A_reinspection_photo_is_on_the_case_page_as_a_thumbnail_and_read_through_the_case_by_those_who_may_see_it()
    {
        var (rid, _) = await _given.Ordered();
        var photo = Photo();
        var sha = await Upload("urumqi.inspector2", photo, "复查现场.jpg");
        var before = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"));
        // A file no officer of the case uploaded is refused, and no opinion is numbered.
        var foreign = await Upload("urumqi.inspector3", Photo(), "别人的.jpg");
        await _api.Refused(Inspector, $"/api/rectifications/{rid}/reinspections", new
        {
            version = before.Long("version"), passed = false, notes = "设备未安装", inspectorIds = new[] { Inspector, "urumqi.inspector2" }, evidenceFiles = new[] { foreign },
        }, 422, "file_not_from_team", rid);
        await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{rid}/reinspections", new
        {
            version = before.Long("version"), passed = false, notes = "设备未安装", inspectorIds = new[] { Inspector, "urumqi.inspector2" }, evidenceFiles = new[] { sha },
        }));

        var after = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"));
        Assert.Contains(after.GetProperty("files").EnumerateArray(), f => f.Str("sha256") == sha);
        var page = await Page("urumqi.leader", $"/rectifications/{rid}");
        Assert.Contains("证据文件", page);
        Assert.Contains($"src=\"/api/cases/{rid}/files/{sha}?thumbnail=true\"", page);
        Assert.Contains("loading=\"lazy\"", page);
        Assert.Contains("<div class=\"capture\">复查未通过 · 照片", page); // the step that named it, and what it is

        var (ok, bytes) = await Read("urumqi.leader", $"/api/cases/{rid}/files/{sha}");
        Assert.Equal(200, ok);
        Assert.Equal(photo, bytes);
        var (thumb, small) = await Read(Inspector, $"/api/cases/{rid}/files/{sha}?thumbnail=true");
        Assert.Equal(200, thumb);
        Assert.NotEqual(photo, small);
        Assert.Equal(404, (await Read("kashi.leader", $"/api/cases/{rid}/files/{sha}")).Status);          // another prefecture
        Assert.Equal(404, (await Read(Inspector, $"/api/cases/{rid}/files/{foreign}")).Status);          // stored, but not named by this case
        Assert.Equal(404, (await Read(Inspector, $"/api/cases/{rid}/files/not-a-hash")).Status);
    }

    [Fact]
    public async Task A_complaint_note_and_a_sanction_evidence_and_an_obstruction_carry_their_files_to_their_case_pages()
    {
        // Complaint note, by the assigned handler.
        var complaints = new Complaints.ComplaintFlowTests(app);
        var complaint = await complaints.Accepted();
        var scan = Photo();
        var noteFile = await Upload("urumqi.handler", scan, "现场照片.jpg");
        await _api.Ok(_api.Post("urumqi.handler", $"/api/complaints/{complaint}/notes", new { version = 3, note = "现场核查：地下室存放档案", evidenceFiles = new[] { noteFile } }));
        Assert.Contains($"/api/cases/{complaint}/files/{noteFile}", await Page("urumqi.handler", $"/complaints/{complaint}"));
        var (noteStatus, noteBytes) = await Read("urumqi.leader", $"/api/cases/{complaint}/files/{noteFile}");
        Assert.Equal(200, noteStatus);
        Assert.Equal(scan, noteBytes);

        // Sanction evidence, by an investigator.
        var unit = await app.UnitIn("650100");
        var sanction = (await _api.Ok(_api.Post("urumqi.officer", "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { "urumqi.officer", Inspector }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        var evidenceFile = await Upload(Inspector, Photo(), "书证.jpg");
        await _api.Ok(_api.Post("urumqi.officer", $"/api/sanction-cases/{sanction}/evidence", new
        {
            version = 1, kind = "书证", description = "库房照片", evidenceFiles = new[] { evidenceFile },
        }));
        Assert.Contains($"/api/cases/{sanction}/files/{evidenceFile}?thumbnail=true", await Page("urumqi.officer", $"/sanction-cases/{sanction}"));
        Assert.Equal(200, (await Read("urumqi.leader", $"/api/cases/{sanction}/files/{evidenceFile}")).Status);

        // Obstruction, on the inspection.
        var inspection = await _given.StartedInspection();
        var obstructionPhoto = await Upload(Inspector, Photo(), "拒绝开门.jpg");
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/obstructions", new { version = 2, description = "拒绝开启库房", evidenceFiles = new[] { obstructionPhoto } }));
        var inspectionPage = await Page(Inspector, $"/inspections/{inspection}");
        Assert.Contains($"/api/cases/{inspection}/files/{obstructionPhoto}?thumbnail=true", inspectionPage);
        Assert.Contains("记录拒绝、阻碍检查", inspectionPage);
    }

    /// <summary>A started inspection with one hazard and its photo, the rectification ordered, the inspection concluded (closed).</summary>
    private async Task<(Guid Inspection, Guid Rectification, string Photo, byte[] Bytes)> ClosedInspectionWithPhoto()
    {
        var inspection = await _given.StartedInspection();
        var bytes = Photo();
        var sha = await Upload(Inspector, bytes, "库房漏水.jpg");
        var hazard = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/hazards", new
        {
            version = 2, item = "Art38.3", description = "库房顶部漏水", evidenceFiles = new[] { sha },
        }), 201);
        var rectification = hazard.Id("rectificationId");
        await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{rectification}/order",
            new { version = 1, workingDays = 10, requirements = "修复库房屋顶", inspectorIds = new[] { Inspector, "urumqi.inspector2" } }));
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/conclude",
            new { version = 3, summary = "发现隐患一项，已责令整改", inspectorIds = new[] { Inspector, "urumqi.inspector2" } }));
        return (inspection, rectification, sha, bytes);
    }

    [Fact]
    public async Task The_case_file_PDF_shows_the_photos_with_their_capture_and_the_archival_package_carries_the_originals_under_their_hashes()
    {
        var (inspection, rectification, sha, bytes) = await ClosedInspectionWithPhoto();

        // The rectification's case file: the order, then a page of photos listed in the contents.
        var (status, pdfBytes) = await Read(Inspector, $"/api/cases/{rectification}/file.pdf");
        Assert.Equal(200, status);
        using (var pdf = PdfDocument.Open(pdfBytes))
        {
            Assert.Contains("证据照片（1张）", pdf.GetPage(2).Text);
            var last = pdf.GetPage(pdf.NumberOfPages);
            Assert.Contains("证据照片", last.Text);
            Assert.Contains(sha[..32], last.Text);
            Assert.Single(last.GetImages());
        }

        // The inspection's package (with its rectification): the photo's original under its hash, listed in the manifest.
        var token = await app.TokenFor(Inspector);
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/cases/{inspection}/archive");
            s.WithRequestHeader("Authorization", "Bearer " + token);
        });
        using var zip = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(zip);
        using (var archive = new ZipArchive(new MemoryStream(zip.ToArray()), ZipArchiveMode.Read))
        {
            var entry = archive.GetEntry($"files/{sha}.jpg");
            Assert.NotNull(entry);
            using var original = new MemoryStream();
            await using (var s = entry.Open()) await s.CopyToAsync(original);
            Assert.Equal(bytes, original.ToArray());
        }
        var report = ArchivePackageVerifier.Verify(new MemoryStream(zip.ToArray()));
        Assert.True(report.Ok, report.Summary());

        // One changed byte of the photo is named by the verifier.
        var tampered = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip.ToArray()), ZipArchiveMode.Read))
        using (var copy = new ZipArchive(tampered, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in source.Entries)
            {
                using var from = new MemoryStream();
                await using (var s = e.Open()) await s.CopyToAsync(from);
                var content = from.ToArray();
                if (e.FullName == $"files/{sha}.jpg") content[^3] ^= 0x01;
                await using var to = copy.CreateEntry(e.FullName).Open();
                await to.WriteAsync(content);
            }
        var broken = ArchivePackageVerifier.Verify(new MemoryStream(tampered.ToArray()));
        Assert.False(broken.Ok);
        Assert.Contains($"files/{sha}.jpg", broken.Summary());
    }
}
