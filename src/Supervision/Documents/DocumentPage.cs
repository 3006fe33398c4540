using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Supervision.Documents;

/// <summary>
/// The printable page every enforcement document shares (通知书, 告知书, 决定书, 移送书 …): a self-contained HTML
/// page in a Song typeface, the department and title centred, a print button that is not printed. Each renderer
/// writes only its body.
/// </summary>
public static class DocumentPage
{
    // Encode markup characters but keep Chinese text readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string H(string? s) => Encoder.Encode(s ?? "");

    /// <summary>A date as written in official documents: 2026年3月5日; empty for none.</summary>
    public static string Date(DateOnly? d) => d is { } x ? $"{x.Year}年{x.Month}月{x.Day}日" : "";

    /// <param name="title">The page title (number and document name), encoded here.</param>
    /// <param name="body">The document's own markup, already encoded.</param>
    /// <param name="extraStyle">CSS rules of this document only (e.g. a letter's right-aligned number).</param>
    public static string Render(string title, string body, string? extraStyle = null) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>{{H(title)}}</title>
        <style>
          body { font-family: "SimSun", "Songti SC", serif; max-width: 42em; margin: 2em auto; line-height: 1.9; font-size: 16px; }
          h1 { text-align: center; font-size: 1.6em; letter-spacing: .2em; margin-bottom: .2em; }
          .dept { text-align: center; font-size: 1.2em; }
          .number { text-align: center; margin-bottom: 1.5em; }
          .sign { text-align: right; margin-top: 3em; }
          .note { font-size: .9em; color: #444; }
          @media print { .no-print { display: none; } }{{(extraStyle is null ? "" : "\n  " + extraStyle)}}
        </style>
        </head>
        <body>
        {{body}}
        <p class="no-print"><button data-print>打印</button><script src="/print.js"></script></p>
        </body>
        </html>
        """;
}
