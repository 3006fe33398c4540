using System.Text.RegularExpressions;
using Snapshooter.Xunit;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Tests.Rectifications;

public sealed class RectificationOrderDocumentTests
{
    private static Rectification Ordered(bool provisional = false) => new()
    {
        Id = Guid.Parse("01a215af-0000-7000-8000-000000000001"),
        InspectionId = Guid.Parse("01a215af-0000-7000-8000-000000000002"),
        UnitId = Guid.Parse("01a215af-0000-7000-8000-000000000003"),
        UnitName = "乌鲁木齐市住房和城乡建设局",
        JurisdictionId = "650100", JurisdictionPath = "650000/650100",
        Item = "Art38.3",
        Description = "档案库房无温湿度调控设备，夏季库温超过 30℃；<script>不应执行</script>",
        Evidence = ["现场照片 IMG_0012"],
        Inspectors = [new Signatory("urumqi.inspector1", "李明", "乌档执650100001"), new Signatory("urumqi.inspector2", "艾克拜尔·吐尔逊", "乌档执650100002")],
        FoundAt = new DateTimeOffset(2026, 2, 12, 2, 0, 0, TimeSpan.Zero),
        Status = RectificationStatus.Ordered,
        DocumentNumber = "乌档责改〔2026〕3号", DepartmentId = "650100",
        Requirements = "配置恒温恒湿设备，建立温湿度记录制度",
        IssuedOn = new DateOnly(2026, 2, 12), DueOn = new DateOnly(2026, 3, 2), OriginalDueOn = new DateOnly(2026, 3, 2),
        DueOnProvisional = provisional, OriginalDueOnProvisional = provisional,
        Signatories = [new Signatory("urumqi.inspector1", "李明", "乌档执650100001"), new Signatory("urumqi.inspector2", "艾克拜尔·吐尔逊", "乌档执650100002")],
    };

    private static SupervisedUnit Unit => new() { Name = "乌鲁木齐市住房和城乡建设局", CreditCode = "11650100MB1234567X" };

    [Fact]
    public void Order_document_matches_the_approved_snapshot()
    {
        var html = RectificationOrderDocument.Render(Ordered(), Unit, JurisdictionCatalogue.Find("650100")!);
        Snapshot.Match(PrintedContent(html));
    }

    /// <summary>
    /// What the document says: the body without the parts that are not printed (the print button). The page's
    /// stylesheet and head are presentation: a CSS change must not look like a change of an enforcement document.
    /// </summary>
    public static string PrintedContent(string html)
    {
        var body = Regex.Match(html, "<body>(.*)</body>", RegexOptions.Singleline);
        Assert.True(body.Success, "the document has no body");
        var printed = Regex.Replace(body.Groups[1].Value, "<(\\w+) class=\"no-print\">.*?</\\1>\n?", "", RegexOptions.Singleline);
        Assert.DoesNotContain("<style", printed);
        return printed.Trim();
    }

    [Fact]
    public void Order_document_escapes_markup_and_flags_a_provisional_deadline()
    {
        var html = RectificationOrderDocument.Render(Ordered(provisional: true), Unit, JurisdictionCatalogue.Find("650100")!);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("期限暂按周末计算", html);
        Assert.Contains("2026年3月2日", html);
        Assert.Contains("第三十八条第（三）项", html);
    }
}
