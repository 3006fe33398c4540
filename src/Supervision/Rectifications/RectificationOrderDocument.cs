using System.Text.Encodings.Web;
using System.Text.Unicode;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Rectifications;

/// <summary>Renders 责令限期改正通知书 from the case state: a printable, self-contained HTML page.</summary>
public static class RectificationOrderDocument
{
    // Encode markup characters but keep Chinese text readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(Rectification r, SupervisedUnit? unit, Jurisdiction department)
    {
        static string H(string? s) => Encoder.Encode(s ?? "");
        static string D(DateOnly? d) => d is { } x ? $"{x.Year}年{x.Month}月{x.Day}日" : "";
        var item = LegalCatalogue.Find(r.Item)!;
        var found = WorkingDayCalendar.BeijingToday(r.FoundAt);
        var unitName = unit?.Name ?? r.UnitName;
        var creditCode = unit?.CreditCode ?? "";
        var provisional = r.DueOnProvisional ? "<p class=\"note\">（注：截止日期所在年度的法定节假日安排尚未公布，期限暂按周末计算。）</p>" : "";
        return $$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>{{H(r.DocumentNumber)}} 责令限期改正通知书</title>
        <style>
          body { font-family: "SimSun", "Songti SC", serif; max-width: 42em; margin: 2em auto; line-height: 1.9; font-size: 16px; }
          h1 { text-align: center; font-size: 1.6em; letter-spacing: .2em; margin-bottom: .2em; }
          .dept { text-align: center; font-size: 1.2em; }
          .number { text-align: center; margin-bottom: 1.5em; }
          .sign { text-align: right; margin-top: 3em; }
          .note { font-size: .9em; color: #444; }
          @media print { .no-print { display: none; } }
        </style>
        </head>
        <body>
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>责令限期改正通知书</h1>
        <div class="number">{{H(r.DocumentNumber)}}</div>
        <p>{{H(unitName)}}{{(creditCode.Length > 0 ? $"（统一社会信用代码：{H(creditCode)}）" : "")}}：</p>
        <p>本机关执法人员于{{D(found)}}对你单位档案工作进行监督检查时，发现你单位存在以下档案安全隐患：{{H(r.Description)}}</p>
        <p>上述情形属于{{LegalCatalogue.RegulationName}}{{LegalCatalogue.Citation(item)}}“{{H(item.Wording)}}”所列档案安全隐患。依据该办法第三十八条的规定，现责令你单位于<strong>{{D(r.DueOn)}}</strong>前改正。</p>
        <p>整改要求：{{H(r.Requirements)}}</p>
        {{provisional}}
        <p>请你单位在整改期限内完成整改，并将整改情况书面报告本机关。逾期未改正的，本机关将依法处理。</p>
        <p>如不服本通知，可以自收到本通知之日起六十日内依法申请行政复议，或者自收到本通知之日起六个月内依法向人民法院提起行政诉讼。</p>
        <p>执法人员：{{H(string.Join("、", r.Signatories.Select(s => s.ToString())))}}</p>
        <div class="sign">
          <div>{{H(department.DepartmentName)}}（印章）</div>
          <div>{{D(r.IssuedOn)}}</div>
        </div>
        <p class="note">本通知书一式两份，一份送达被检查单位，一份存档。</p>
        <p class="no-print"><button data-print>打印</button><script src="/print.js"></script></p>
        </body>
        </html>
        """;
    }
}
