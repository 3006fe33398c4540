using Supervision.Documents;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Rectifications;

/// <summary>Renders 责令限期改正通知书 from the case state: a printable, self-contained HTML page.</summary>
public static class RectificationOrderDocument
{
    /// <summary>
    /// The order as issued: the deadline it named (a later extension or recalculation is its own document and leaves
    /// this one as it was served).
    /// </summary>
    /// <remarks>
    /// 执法人员 are the officers recorded on <see cref="RectificationOrdered.Signatories"/> as issuing it (named in the request, R1);
    /// orders issued before officers were named recorded the case's team there, which is what they printed.
    /// </remarks>
    public static string Render(Rectification r, SupervisedUnit? unit, Jurisdiction department)
    {
        static string H(string? s) => DocumentPage.H(s);
        static string D(DateOnly? d) => DocumentPage.Date(d);
        var item = LegalCatalogue.Find(r.Item)!;
        var found = WorkingDayCalendar.BeijingToday(r.FoundAt);
        var unitName = unit?.Name ?? r.UnitName;
        var creditCode = unit?.CreditCode ?? "";
        var provisional = r.OriginalDueOnProvisional ? "<p class=\"note\">（注：截止日期所在年度的法定节假日安排尚未公布，期限暂按周末计算。）</p>" : "";
        return DocumentPage.Render($"{r.DocumentNumber} 责令限期改正通知书", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>责令限期改正通知书</h1>
        <div class="number">{{H(r.DocumentNumber)}}</div>
        <p>{{H(unitName)}}{{(creditCode.Length > 0 ? $"（统一社会信用代码：{H(creditCode)}）" : "")}}：</p>
        <p>本机关执法人员于{{D(found)}}对你单位档案工作进行监督检查时，发现你单位存在以下档案安全隐患：{{H(r.Description)}}</p>
        <p>上述情形属于{{LegalCatalogue.RegulationName}}{{LegalCatalogue.Citation(item)}}“{{H(item.Wording)}}”所列档案安全隐患。依据该办法第三十八条的规定，现责令你单位于<strong>{{D(r.OriginalDueOn)}}</strong>前改正。</p>
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
        """);
    }
}
