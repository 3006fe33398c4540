using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Supervision.Documents;

public enum PdfBlockKind { Head, Number, Title, Heading, Paragraph, Sign, Note, Seal, Table }

/// <summary>One block of a document as laid out on paper; <see cref="Rows"/> for a table.</summary>
public sealed record PdfBlock(PdfBlockKind Kind, string Text, IReadOnlyList<IReadOnlyList<string>>? Rows = null);

/// <summary>
/// Reads the blocks of a frozen document's HTML (<see cref="DocumentPage"/>: .dept, h1, .number, paragraphs, tables,
/// .sign, .note, .seal-area). Only the stored HTML is read, never the case, so the PDF says what the issued page says.
/// </summary>
public static partial class PdfBlocks
{
    [GeneratedRegex("""<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)/?>|([^<]+)""", RegexOptions.Singleline)]
    private static partial Regex Tokens();

    [GeneratedRegex("""class\s*=\s*"([^"]*)"|class\s*=\s*'([^']*)'""")]
    private static partial Regex ClassAttribute();

    [GeneratedRegex(@"[ \t\r\n\f]+")] // HTML white space only: the ideographic space (U+3000) is text
    private static partial Regex Whitespace();

    private static readonly HashSet<string> BlockTags =
        ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "section", "header", "footer", "blockquote", "br", "dl", "dt", "dd"];
    private static readonly HashSet<string> VoidTags = ["br", "img", "hr", "meta", "link", "input"];

    private sealed record Open(string Tag, PdfBlockKind? Kind, bool Skip);

    public static List<PdfBlock> Parse(string html)
    {
        var start = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        if (start >= 0) { start = html.IndexOf('>', start) + 1; html = html[start..(end > start ? end : html.Length)]; }

        var blocks = new List<PdfBlock>();
        var stack = new List<Open>();
        var text = new StringBuilder();
        List<IReadOnlyList<string>>? rows = null;
        List<string>? row = null;
        StringBuilder? cell = null;
        var counters = new Stack<int>();

        PdfBlockKind Current() => stack.LastOrDefault(o => o.Kind is not null)?.Kind ?? PdfBlockKind.Paragraph;
        bool Skipping() => stack.Any(o => o.Skip);
        void Flush()
        {
            var t = Clean(text.ToString());
            text.Clear();
            if (t.Length > 0) blocks.Add(new PdfBlock(Current(), t));
        }

        foreach (Match m in Tokens().Matches(html))
        {
            if (m.Groups[4].Success)
            {
                if (Skipping()) continue;
                var decoded = WebUtility.HtmlDecode(m.Groups[4].Value);
                (cell ?? text).Append(decoded);
                continue;
            }
            if (!m.Groups[2].Success) continue; // a comment
            var tag = m.Groups[2].Value.ToLowerInvariant();
            var closing = m.Groups[1].Value == "/";
            if (!closing)
            {
                var classes = ClassAttribute().Match(m.Groups[3].Value) is { Success: true } c ? (c.Groups[1].Success ? c.Groups[1].Value : c.Groups[2].Value).Split(' ') : [];
                var skip = tag is "script" or "style" or "head" or "button" || classes.Contains("no-print");
                if (!Skipping())
                {
                    if (tag is "td" or "th") { cell = new StringBuilder(); }
                    else if (tag == "tr" && rows is not null) { row = []; }
                    else if (tag == "table") { Flush(); rows = []; }
                    else if (BlockTags.Contains(tag))
                    {
                        if (cell is not null) cell.Append(' ');
                        else Flush();
                    }
                    if (tag == "ol") counters.Push(0);
                    else if (tag == "ul") counters.Push(-1);
                    else if (tag == "li" && cell is null && counters.Count > 0)
                    {
                        var n = counters.Pop();
                        counters.Push(n < 0 ? n : n + 1);
                        text.Append(n < 0 ? "· " : $"{n + 1}．");
                    }
                }
                if (VoidTags.Contains(tag)) continue;
                PdfBlockKind? kind = tag switch
                {
                    "h1" => PdfBlockKind.Title,
                    "h2" or "h3" or "h4" or "h5" or "h6" => PdfBlockKind.Heading,
                    _ when classes.Contains("seal-area") => PdfBlockKind.Seal,
                    _ when classes.Contains("dept") => PdfBlockKind.Head,
                    _ when classes.Contains("number") => PdfBlockKind.Number,
                    _ when classes.Contains("sign") => PdfBlockKind.Sign,
                    _ when classes.Contains("note") => PdfBlockKind.Note,
                    _ => null,
                };
                stack.Add(new Open(tag, kind, skip));
                continue;
            }
            // Closing tag: pop up to the matching element (tolerates unclosed inner elements).
            var at = stack.FindLastIndex(o => o.Tag == tag);
            var wasSkipping = Skipping();
            if (!wasSkipping)
            {
                if (tag is "td" or "th" && cell is not null) { row?.Add(Clean(cell.ToString())); cell = null; }
                else if (tag == "tr" && row is not null && rows is not null) { if (row.Count > 0) rows.Add(row); row = null; }
                else if (tag == "table" && rows is not null) { if (rows.Count > 0) blocks.Add(new PdfBlock(PdfBlockKind.Table, "", rows)); rows = null; }
                else if (BlockTags.Contains(tag) && cell is null) Flush();
                if (tag is "ol" or "ul" && counters.Count > 0) counters.Pop();
            }
            if (at >= 0) stack.RemoveRange(at, stack.Count - at);
        }
        Flush();
        return blocks;
    }

    private static string Clean(string s) => Whitespace().Replace(s, " ").Trim();
}

/// <summary>
/// Lays documents out on A4 after GB/T 9704-2012 (党政机关公文格式): type area 156 × 225 mm (top 37 mm, left 28 mm),
/// 22 lines of 28 characters in 3号 (16 pt); 版头 (issuing department) in red, 发文字号 under it, a red rule as wide as the
/// type area, the title in 2号 (22 pt), body paragraphs indented two characters, the signature and date right-aligned
/// (右空四字) with the seal over them, page numbers 「— n —」 under the type area. One composer can hold several
/// documents (the case file), each starting on a new page.
/// </summary>
public sealed class PdfComposer : IDisposable
{
    public static readonly double PageWidth = XUnit.FromMillimeter(210).Point, PageHeight = XUnit.FromMillimeter(297).Point;
    public static readonly double Left = XUnit.FromMillimeter(28).Point, Top = XUnit.FromMillimeter(37).Point;
    public static readonly double Width = XUnit.FromMillimeter(156).Point, Height = XUnit.FromMillimeter(225).Point;
    public static readonly double Bottom = Top + Height;
    public static readonly double Pitch = Height / 22; // 22 lines a page
    public const double BodySize = 16, TitleSize = 22, HeadSize = 28, NoteSize = 12, SealSize = 10.5, TableSize = 14;

    /// <summary>The red of the 版头 and the seal (GB/T 9704: 红色).</summary>
    public static readonly XColor Red = XColor.FromArgb(230, 0, 18);

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly ConcurrentDictionary<char, double> Widths = new(); // at 1 pt
    private static readonly ConcurrentDictionary<(double, bool), XFont> Fonts = new();
    private const string LineStartForbidden = "，。、；：？！）》」』”’%．,.;:!?)]}·…—";
    private const string LineEndForbidden = "（《「『“‘([{";

    public PdfDocument Pdf { get; } = new();
    private PdfPage? _page;
    private XGraphics? _g;
    private double _y;
    /// <summary>Pages numbered with 「— n —」 (a document's own pages); the case file numbers its pages itself.</summary>
    private readonly bool _numberPages;
    private int _documentFirstPage;

    public PdfComposer(bool numberPages = true)
    {
        _numberPages = numberPages;
        Pdf.PageLayout = PdfPageLayout.SinglePage;
    }

    public static XFont Font(double size, bool bold = false) =>
        Fonts.GetOrAdd((size, bold), k => new XFont(DocumentPdfFonts.Family, k.Item1, k.Item2 ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode));

    public XGraphics G => _g ?? throw new InvalidOperationException("No page");
    public int PageCount => Pdf.PageCount;
    public double Y { get => _y; set => _y = value; }

    public void NewPage()
    {
        _g?.Dispose();
        _page = Pdf.AddPage();
        _page.Width = XUnit.FromPoint(PageWidth);
        _page.Height = XUnit.FromPoint(PageHeight);
        _g = XGraphics.FromPdfPage(_page);
        _y = Top;
        if (_numberPages)
        {
            var n = (Pdf.PageCount - _documentFirstPage).ToString(System.Globalization.CultureInfo.InvariantCulture);
            DrawCentered($"— {n} —", Font(14), XBrushes.Black, Bottom + XUnit.FromMillimeter(7).Point + 14);
        }
    }

    /// <summary>Starts a document on a new page; its pages are numbered from 1.</summary>
    public void BeginDocument()
    {
        _documentFirstPage = Pdf.PageCount;
        NewPage();
    }

    private void Ensure(double height)
    {
        if (_g is null || _y + height > Bottom + 0.01) NewPage();
    }

    private static double CharWidth(char c)
    {
        return Widths.GetOrAdd(c, ch =>
        {
            using var measure = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);
            return measure.MeasureString(ch.ToString(), Font(100)).Width / 100;
        });
    }

    public static double TextWidth(string s, double size) => s.Sum(CharWidth) * size;

    /// <summary>Breaks text into lines of at most <paramref name="width"/> (the first <paramref name="indent"/> narrower), keeping
    /// Latin words and numbers whole and closing punctuation off the start of a line.</summary>
    public static List<string> Wrap(string text, double size, double width, double indent = 0)
    {
        var lines = new List<string>();
        var units = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var j = i;
            while (j < text.Length && j - i < 24 && char.IsAsciiLetterOrDigit(text[j])) j++;
            if (j == i) j = i + 1;
            units.Add(text[i..j]);
            i = j;
        }
        var line = new StringBuilder();
        var used = indent;
        foreach (var unit in units)
        {
            var w = TextWidth(unit, size);
            var fits = used + w <= width + 0.01;
            if (!fits && line.Length > 0 && !(unit.Length == 1 && LineStartForbidden.Contains(unit[0])))
            {
                // An opening bracket moves down with what it opens.
                string carry = "";
                if (line.Length > 1 && LineEndForbidden.Contains(line[^1])) { carry = line[^1].ToString(); line.Length--; }
                lines.Add(line.ToString());
                line.Clear().Append(carry);
                used = TextWidth(carry, size);
            }
            line.Append(unit);
            used += w;
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line.ToString());
        return lines;
    }

    public void DrawCentered(string s, XFont font, XBrush brush, double baseline) =>
        G.DrawString(s, font, brush, Left + (Width - TextWidth(s, font.Size)) / 2, baseline);

    /// <summary>Lines of text at the cursor, each on the grid of <paramref name="pitch"/>; a page break where the area ends.</summary>
    public void Lines(IReadOnlyList<string> lines, XFont font, XBrush brush, Func<string, int, double> x, double pitch)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            Ensure(pitch);
            G.DrawString(lines[i], font, brush, x(lines[i], i), _y + (pitch + font.Size * 0.7) / 2);
            _y += pitch;
        }
    }

    public void Paragraph(string text, double size = BodySize, bool indent = true, bool bold = false, XBrush? brush = null, double? pitch = null)
    {
        var first = indent ? 2 * size : 0;
        var lines = Wrap(text, size, Width, first);
        Lines(lines, Font(size, bold), brush ?? XBrushes.Black, (_, i) => Left + (i == 0 ? first : 0), pitch ?? Pitch);
    }

    public void Centered(string text, double size, bool bold = false, XBrush? brush = null, double? pitch = null) =>
        Lines(Wrap(text, size, Width), Font(size, bold), brush ?? XBrushes.Black, (l, _) => Left + (Width - TextWidth(l, size)) / 2, pitch ?? Pitch);

    public void Space(double height) { if (_g is not null) _y += height; }

    /// <summary>A red rule as wide as the type area (版头中的分隔线).</summary>
    public void RedRule()
    {
        Ensure(Pitch);
        var y = _y + Pitch / 3;
        G.DrawLine(new XPen(Red, 1.2), Left, y, Left + Width, y);
        _y += Pitch * 2 / 3;
    }

    /// <summary>A bordered table; <paramref name="widths"/> as fractions of the type area.</summary>
    public void Table(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<double> widths, double size = TableSize, bool headerBold = false)
    {
        const double pad = 4;
        var pitch = size * 1.6;
        var font = Font(size);
        var pen = new XPen(XColors.Black, 0.6);
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r];
            var wrapped = widths.Select((w, c) => Wrap(c < cells.Count ? cells[c] : "", size, w * Width - 2 * pad)).ToList();
            var height = wrapped.Max(l => l.Count) * pitch + 2 * pad;
            Ensure(height);
            var x = Left;
            for (var c = 0; c < widths.Count; c++)
            {
                var w = widths[c] * Width;
                G.DrawRectangle(pen, x, _y, w, height);
                var cellFont = headerBold && r == 0 ? Font(size, true) : font;
                for (var l = 0; l < wrapped[c].Count; l++)
                    G.DrawString(wrapped[c][l], cellFont, XBrushes.Black, x + pad, _y + pad + l * pitch + (pitch + size * 0.7) / 2);
                x += w;
            }
            _y += height;
        }
    }

    /// <summary>
    /// Lays out one frozen document: 版头, 发文字号 and the red rule, the title, then the body as the page has it;
    /// the signature block right-aligned with the red seal over the department's name when the document is sealed.
    /// </summary>
    public void Document(IReadOnlyList<PdfBlock> blocks)
    {
        BeginDocument();
        var rest = blocks.ToList();
        PdfBlock? Take(PdfBlockKind kind)
        {
            var i = rest.FindIndex(b => b.Kind == kind);
            if (i < 0) return null;
            var b = rest[i];
            rest.RemoveAt(i);
            return b;
        }
        var head = Take(PdfBlockKind.Head);
        var title = Take(PdfBlockKind.Title);
        var number = Take(PdfBlockKind.Number);
        var sealed_ = rest.Any(b => b.Kind == PdfBlockKind.Seal);
        var red = new XSolidBrush(Red);

        if (head is not null) { Space(Pitch / 2); Centered(head.Text, HeadSize, bold: true, brush: red, pitch: HeadSize * 1.5); Space(Pitch / 2); }
        if (number is not null) Centered(number.Text, BodySize);
        if (head is not null || number is not null) RedRule();
        if (title is not null) { Space(Pitch / 2); Centered(title.Text, TitleSize, bold: true, pitch: TitleSize * 1.6); Space(Pitch / 2); }

        var first = true;
        for (var i = 0; i < rest.Count; i++)
        {
            var b = rest[i];
            switch (b.Kind)
            {
                case PdfBlockKind.Sign:
                    var group = new List<string>();
                    while (i < rest.Count && rest[i].Kind == PdfBlockKind.Sign) group.Add(rest[i++].Text);
                    i--;
                    Signature(group, sealed_);
                    break;
                case PdfBlockKind.Seal:
                    var area = new List<string>();
                    while (i < rest.Count && rest[i].Kind == PdfBlockKind.Seal) area.Add(rest[i++].Text);
                    i--;
                    SealArea(area);
                    break;
                case PdfBlockKind.Table:
                    var columns = b.Rows!.Max(r => r.Count);
                    IReadOnlyList<double> widths = columns == 2 ? [0.3, 0.7] : Enumerable.Repeat(1.0 / columns, columns).ToList();
                    Table(b.Rows!, widths);
                    break;
                case PdfBlockKind.Note:
                    Paragraph(b.Text, NoteSize, indent: true, brush: XBrushes.DimGray, pitch: NoteSize * 1.7);
                    break;
                case PdfBlockKind.Heading or PdfBlockKind.Title or PdfBlockKind.Head:
                    Paragraph(b.Text, BodySize, indent: false, bold: true);
                    break;
                case PdfBlockKind.Number:
                    Centered(b.Text, BodySize);
                    break;
                default:
                    // 主送机关 (the first line, ending in a colon) starts at the margin; other paragraphs are indented two characters.
                    Paragraph(b.Text, indent: !(first && b.Text.EndsWith('：') && b.Text.Length <= 60));
                    first = false;
                    break;
            }
        }
    }

    /// <summary>The department and date right-aligned four characters in (右空四字), kept on one page, the seal over the department.</summary>
    private void Signature(IReadOnlyList<string> lines, bool withSeal)
    {
        var sealRadius = XUnit.FromMillimeter(21).Point; // an official seal is 40–45 mm across
        // 印章居中下压署名和成文日期, its top within a line of the text above (GB/T 9704 §7.3.5.1).
        Space(withSeal ? Pitch * 1.5 : Pitch);
        Ensure(Math.Max(lines.Count * Pitch, withSeal ? sealRadius + lines.Count * Pitch / 2 : 0));
        var right = Left + Width - 4 * BodySize;
        var top = _y;
        var widest = lines.Max(l => TextWidth(l, BodySize));
        Lines(lines, Font(BodySize), XBrushes.Black, (l, _) => right - widest + (widest - TextWidth(l, BodySize)) / 2, Pitch);
        if (withSeal) Seal(right - widest / 2, top + lines.Count * Pitch / 2 - Pitch / 4, sealRadius);
    }

    /// <summary>The red seal: a ring with a five-pointed star, drawn over the department's name (a picture of the electronic seal, not the seal itself).</summary>
    private void Seal(double cx, double cy, double r)
    {
        var color = XColor.FromArgb(200, Red.R, Red.G, Red.B);
        G.DrawEllipse(new XPen(color, 2.4), cx - r, cy - r, 2 * r, 2 * r);
        var star = new XPoint[10];
        for (var k = 0; k < 10; k++)
        {
            var radius = k % 2 == 0 ? r * 0.38 : r * 0.15;
            var angle = -Math.PI / 2 + k * Math.PI / 5;
            star[k] = new XPoint(cx + radius * Math.Cos(angle), cy + radius * Math.Sin(angle));
        }
        G.DrawPolygon(new XSolidBrush(color), star, XFillMode.Winding);
    }

    /// <summary>The seal area under the document: department, key id and verification code, in a red frame.</summary>
    private void SealArea(IEnumerable<string> texts)
    {
        var lines = texts.SelectMany(t => Wrap(t, SealSize, Width - 12)).ToList();
        var pitch = SealSize * 1.7;
        var height = lines.Count * pitch + 8;
        Space(Pitch / 2);
        Ensure(height);
        G.DrawRectangle(new XPen(Red, 0.8), Left, _y, Width, height);
        _y += 4;
        Lines(lines, Font(SealSize), XBrushes.Black, (_, _) => Left + 6, pitch);
        _y += 4;
    }

    public void Dispose() => _g?.Dispose();

    /// <summary>Ends drawing (the last page's graphics) before the document is saved or pages are added from elsewhere.</summary>
    public void EndPage() { _g?.Dispose(); _g = null; }
}
