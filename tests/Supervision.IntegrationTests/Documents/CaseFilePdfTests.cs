using System.Net.Http.Headers;
using UglyToad.PdfPig;

namespace Supervision.IntegrationTests.Documents;

/// <summary>
/// Issue 13 §5: <c>GET /api/cases/{id}/file.pdf</c> — the case file (案卷) as one PDF: cover, 卷内目录 with each document's
/// pages, then the documents' frozen PDFs in the binding order of a 行政处罚案卷 (sanction cases) or chronologically.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CaseFilePdfTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Officer = "urumqi.officer";

    private async Task<(int Status, byte[] Bytes)> Download(string user, Guid id)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        using var response = await client.GetAsync($"/api/cases/{id}/file.pdf");
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<PdfDocument> File(Guid id, string user = Officer)
    {
        var (status, bytes) = await Download(user, id);
        Assert.Equal(200, status);
        return PdfDocument.Open(bytes);
    }

    private async Task<int> PagesOf(string number)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(Officer));
        using var pdf = PdfDocument.Open(await client.GetByteArrayAsync("/api/documents/" + Uri.EscapeDataString(number) + ".pdf"));
        return pdf.NumberOfPages;
    }

    private static void InOrder(string text, params string[] numbers)
    {
        var at = numbers.Select(n => text.IndexOf(n, StringComparison.Ordinal)).ToArray();
        Assert.All(at, i => Assert.True(i >= 0));
        Assert.Equal(at.Order(), at);
    }

    [Fact]
    public async Task A_sanction_case_file_has_its_cover_and_contents_and_puts_the_decision_before_the_notice_and_its_return_receipt()
    {
        var unit = await app.UnitIn("650100");
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "现场检查笔录：拒绝进入库房", kind = "现场笔录" }));
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "该单位拒绝执法人员进入档案库房检查", proposedScope = "jurisdiction", severity = "ordinary", socialImpact = false,
        }));
        var notice = (await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", new
        {
            version = 3, facts = "拒绝执法人员进入档案库房", reasons = "拒绝、阻碍监督检查", basis = "《新疆维吾尔自治区档案管理办法》第四十条、第四十三条",
            signatoryIds = new[] { Officer, "urumqi.inspector1" }, evidenceIds = new[] { "E1" },
        }))).Str("documentNumber");
        var service = await _given.Served(notice); // issues the notice's 送达回证
        var receipt = service.Str("returnReceiptNumber");
        await _given.Waived(id, 5);
        var decision = (await _api.Ok(_api.Post("urumqi.leader", $"/api/sanction-cases/{id}/decision", new
        {
            version = 6, scope = "jurisdiction", complianceRequirements = "建立档案工作责任制", correctionWorkingDays = 10, evidenceIds = new[] { "E1" },
            signatoryIds = new[] { Officer, "urumqi.inspector1" },
        }))).Str("documentNumber");

        using var file = await File(id);
        var cover = file.GetPage(1).Text;
        Assert.Contains("行政处罚案卷", cover);
        Assert.Contains(unit.Name, cover);
        Assert.Contains("归档号", cover);
        Assert.Contains("（结案后编号）", cover); // still open
        Assert.Contains("永久", cover);           // a penalty was decided: kept permanently
        Assert.Contains("卷内文件3件", cover.Replace(" ", ""));

        // 卷内目录: the decision first, then the notice with its 送达回证 — though issued in the opposite order.
        var contents = file.GetPage(2).Text;
        Assert.Contains("卷内目录", contents);
        InOrder(contents, decision, notice, receipt);
        var (d, n, r) = (await PagesOf(decision), await PagesOf(notice), await PagesOf(receipt));
        Assert.Equal(2 + d + n + r, file.NumberOfPages);
        // The documents follow in that order, each starting on the page the contents give; page numbers stamped from 1.
        Assert.Contains(decision, file.GetPage(3).Text);
        Assert.Contains("行政处罚决定书", file.GetPage(3).Text);
        Assert.Contains(notice, file.GetPage(3 + d).Text);
        Assert.Contains(receipt, file.GetPage(3 + d + n).Text);
        Assert.Contains("送达回证", file.GetPage(3 + d + n).Text);
        Assert.StartsWith("行政处罚案卷：", file.Information.Title);
    }

    [Fact]
    public async Task A_rectification_file_is_chronological_and_hidden_from_readers_outside_the_jurisdiction()
    {
        var (rid, order) = await _given.Ordered();
        var number = order.Str("documentNumber");
        var version = (await _api.Ok(_api.Get("urumqi.inspector1", $"/api/rectifications/{rid}"))).GetProperty("version").GetInt64();
        var extension = (await _api.Ok(_api.Post("urumqi.leader", $"/api/rectifications/{rid}/extensions", new { version, newDueOn = app.Day(61), reason = "设备到货延迟" })))
            .Str("noticeNumber");

        using var file = await File(rid, "urumqi.inspector1");
        Assert.Contains("责令限期改正案卷", file.GetPage(1).Text);
        InOrder(file.GetPage(2).Text, number, extension);
        Assert.Contains("责令限期改正通知书", file.GetPage(3).Text);

        Assert.Equal(404, (await Download("kashi.officer", rid)).Status);
        Assert.Equal(404, (await Download("urumqi.inspector1", Guid.NewGuid())).Status);
    }

    [Fact]
    public async Task The_staff_named_in_an_Art44_case_do_not_get_its_file()
    {
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, violation = "Art44", summary = "检查人员未履行监督检查职责",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "王芳", userId = "urumqi.inspector3" } },
        }), 201)).Id();
        Assert.Equal(404, (await Download("urumqi.inspector3", id)).Status); // R22
        using var file = await File(id, Officer);
        Assert.Contains("（无）", file.GetPage(2).Text); // nothing issued yet
    }
}
