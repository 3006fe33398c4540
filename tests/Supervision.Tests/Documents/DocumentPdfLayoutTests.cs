using Supervision.Documents;

namespace Supervision.Tests.Documents;

/// <summary>Issue 13 §4: the PDF is laid out from the frozen HTML's blocks only.</summary>
public sealed class DocumentPdfLayoutTests
{
    private const string Page = """
        <!DOCTYPE html><html><head><title>乌档责改〔2026〕3号</title><style>body { color: red; }</style></head>
        <body>
        <div class="dept">乌鲁木齐市档案局</div>
        <h1>责令限期改正通知书</h1>
        <div class="number">乌档责改〔2026〕3号</div>
        <p>某某档案馆：</p>
        <p>本机关于<strong>2026年3月5日</strong>检查时   发现 &lt;隐患&gt;。</p>
        <table class="receipt"><tr><th>受送达人</th><td>张三</td></tr><tr><th>送达方式</th><td>直接送达</td></tr></table>
        <ol><li>第一项</li><li>第二项</li></ol>
        <div class="sign"><div>乌鲁木齐市档案局（印章）</div><div>2026年3月5日</div></div>
        <p class="note">本通知书一式两份。</p>
        <div class="seal-area">电子印章：乌鲁木齐市档案局　密钥 650100-001　核验码 ABCDEFGH<br><small>核验：/api/documents/（文号）/verify</small></div>
        <p class="no-print"><button data-print>打印</button><script src="/print.js"></script></p>
        </body></html>
        """;

    [Fact]
    public void The_blocks_of_a_frozen_page_are_read_in_order_with_their_kind_and_nothing_that_is_not_printed()
    {
        var blocks = PdfBlocks.Parse(Page);
        Assert.Equal(
        [
            (PdfBlockKind.Head, "乌鲁木齐市档案局"), (PdfBlockKind.Title, "责令限期改正通知书"), (PdfBlockKind.Number, "乌档责改〔2026〕3号"),
            (PdfBlockKind.Paragraph, "某某档案馆："), (PdfBlockKind.Paragraph, "本机关于2026年3月5日检查时 发现 <隐患>。"), (PdfBlockKind.Table, ""),
            (PdfBlockKind.Paragraph, "1．第一项"), (PdfBlockKind.Paragraph, "2．第二项"),
            (PdfBlockKind.Sign, "乌鲁木齐市档案局（印章）"), (PdfBlockKind.Sign, "2026年3月5日"), (PdfBlockKind.Note, "本通知书一式两份。"),
            (PdfBlockKind.Seal, "电子印章：乌鲁木齐市档案局　密钥 650100-001　核验码 ABCDEFGH"), (PdfBlockKind.Seal, "核验：/api/documents/（文号）/verify"),
        ], blocks.Select(b => (b.Kind, b.Text)).ToArray());
        var table = blocks.Single(b => b.Kind == PdfBlockKind.Table).Rows!;
        Assert.Equal(["受送达人", "张三"], table[0]);
        Assert.Equal(["送达方式", "直接送达"], table[1]);
        Assert.DoesNotContain(blocks, b => b.Text.Contains("打印") || b.Text.Contains("color"));
    }

    [Fact]
    public void A_font_collection_gives_its_first_face_as_a_standalone_truetype_font_with_rebased_table_offsets()
    {
        // A collection of one face with two tables ('cmap' 4 bytes, 'head' 2 bytes), stored after a 12-byte TTC header.
        static byte[] U32(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
        var face = new List<byte>();
        face.AddRange(U32(0x00010000)); face.AddRange([0, 2, 0, 32, 0, 1, 0, 0]);
        var tablesAt = 16 + 12 + 32;
        face.AddRange("cmap"u8.ToArray()); face.AddRange(U32(0)); face.AddRange(U32((uint)tablesAt)); face.AddRange(U32(4));
        face.AddRange("head"u8.ToArray()); face.AddRange(U32(0)); face.AddRange(U32((uint)tablesAt + 4)); face.AddRange(U32(2));
        var ttc = new List<byte>();
        ttc.AddRange("ttcf"u8.ToArray()); ttc.AddRange(U32(0x00010000)); ttc.AddRange(U32(1)); ttc.AddRange(U32(16));
        ttc.AddRange(face); ttc.AddRange([1, 2, 3, 4, 5, 6]);

        var font = DocumentPdfFonts.FirstFace([.. ttc]);
        Assert.Equal(0x00010000u, (uint)(font[0] << 24 | font[1] << 16 | font[2] << 8 | font[3]));
        Assert.Equal(12 + 32 + 4 + 4, font.Length); // the 2-byte table padded to 4
        Assert.Equal(44, font[12 + 11]);             // cmap now right after the directory
        Assert.Equal([1, 2, 3, 4], font[44..48]);
        Assert.Equal(48, font[28 + 11]);
        Assert.Equal([5, 6], font[48..50]);
        var plain = new byte[] { 0, 1, 0, 0, 9, 9 };
        Assert.Same(plain, DocumentPdfFonts.FirstFace(plain));
    }
}
