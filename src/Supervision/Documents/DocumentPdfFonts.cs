using PdfSharp.Fonts;

namespace Supervision.Documents;

/// <summary>
/// The Chinese font embedded in every PDF. PDFsharp 6 embeds TrueType (glyf) outlines as a subset CIDFontType2 with a
/// ToUnicode map, so the text extracts back; it cannot read font collections (.ttc) and embeds CFF-outline OpenType
/// (Noto CJK) whole and unsubset (13 MB a page). So the font is a TrueType font from a Debian package (ops/test.sh and
/// ops/run.sh install fonts-arphic-uming), its first face taken out of the collection here.
/// <c>Supervision:PdfFontFile</c> names another file; by default the first of <see cref="Candidates"/> that exists.
/// </summary>
public static class DocumentPdfFonts
{
    public const string Family = "SupervisionCJK";

    /// <summary>AR PL UMing is a Ming (宋体) face, the closest free one to the 仿宋/宋体 of official documents; WenQuanYi as fallback.</summary>
    public static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/arphic/ukai.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    ];

    private static readonly Lock Gate = new();
    private static string? _installed;

    /// <summary>The font file to use: the configured one, or the first candidate present; null when none is.</summary>
    public static string? Locate(string? configured) =>
        configured is { Length: > 0 } ? (File.Exists(configured) ? configured : null) : Candidates.FirstOrDefault(File.Exists);

    /// <summary>
    /// Makes PDFsharp draw <see cref="Family"/> with the font at <paramref name="path"/>. PDFsharp's resolver is process-wide
    /// and cannot change once used, so the first path wins (hosts in one test process share it).
    /// </summary>
    public static void Install(string path)
    {
        lock (Gate)
        {
            if (_installed is not null) return;
            GlobalFontSettings.FontResolver = new Resolver(FirstFace(File.ReadAllBytes(path)));
            _installed = path;
        }
    }

    public static string? Installed => _installed;

    private sealed class Resolver(byte[] font) : IFontResolver
    {
        // Bold is simulated: official documents' 小标宋 title has no free TrueType bold face.
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(Family, bold, false);
        public byte[] GetFont(string faceName) => font;
    }

    private static uint U32(byte[] b, int o) => (uint)(b[o] << 24 | b[o + 1] << 16 | b[o + 2] << 8 | b[o + 3]);

    /// <summary>
    /// The first font of a TrueType collection as a standalone font file (the table directory and its tables, offsets
    /// rebased); any other font is returned as is.
    /// </summary>
    public static byte[] FirstFace(byte[] file)
    {
        if (file.Length < 16 || U32(file, 0) != 0x74746366) return file; // 'ttcf'
        var start = (int)U32(file, 12);
        var tables = file[start + 4] << 8 | file[start + 5];
        var header = 12 + 16 * tables;
        var total = header;
        for (var i = 0; i < tables; i++) total += ((int)U32(file, start + 12 + 16 * i + 12) + 3) & ~3;
        var font = new byte[total];
        Array.Copy(file, start, font, 0, header);
        var position = header;
        for (var i = 0; i < tables; i++)
        {
            var record = 12 + 16 * i;
            var (offset, length) = ((int)U32(file, start + record + 8), (int)U32(file, start + record + 12));
            Array.Copy(file, offset, font, position, length);
            font[record + 8] = (byte)(position >> 24); font[record + 9] = (byte)(position >> 16);
            font[record + 10] = (byte)(position >> 8); font[record + 11] = (byte)position;
            position += (length + 3) & ~3;
        }
        return font;
    }
}
