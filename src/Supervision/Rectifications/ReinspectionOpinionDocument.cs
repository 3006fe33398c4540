using Supervision.Documents;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Rectifications;

/// <summary>Renders 整改复查意见书: the result of one re-inspection of a 责令限期改正 order, from the case state.</summary>
public static class ReinspectionOpinionDocument
{
    /// <summary>The opinion numbered <paramref name="number"/>; null when the case has none by that number.</summary>
    /// <param name="recordedBy">The user who recorded the re-inspection, as stored: only read for a re-inspection recorded before
    /// its officers were named (see <see cref="Officers"/>).</param>
    public static string? Render(Rectification r, string number, SupervisedUnit? unit, Jurisdiction department, AppUser? recordedBy = null)
    {
        if (r.Reinspections.FirstOrDefault(o => o.DocumentNumber == number) is not { } o) return null;
        var officers = Officers(r, o, recordedBy);
        static string H(string? s) => DocumentPage.H(s);
        static string D(DateOnly? d) => DocumentPage.Date(d);
        var item = LegalCatalogue.Find(r.Item)!;
        var creditCode = unit?.CreditCode ?? "";
        var result = o.Passed
            ? "经复查，你单位已按照通知书的要求完成整改，复查合格。"
            : "经复查，你单位尚未按照通知书的要求完成整改，复查不合格。请继续整改，并在整改期限内将整改情况书面报告本机关；逾期未改正的，本机关将依法处理。";
        return DocumentPage.Render($"{number} 整改复查意见书", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>整改复查意见书</h1>
        <div class="number">{{H(number)}}</div>
        <p>{{H(unit?.Name ?? r.UnitName)}}{{(creditCode.Length > 0 ? $"（统一社会信用代码：{H(creditCode)}）" : "")}}：</p>
        <p>本机关于{{D(r.IssuedOn)}}以{{H(r.DocumentNumber)}}《责令限期改正通知书》责令你单位于{{D(r.DueOn)}}前改正{{LegalCatalogue.RegulationName}}{{LegalCatalogue.Citation(item)}}“{{H(item.Wording)}}”所列档案安全隐患。本机关执法人员于{{D(WorkingDayCalendar.BeijingToday(o.InspectedAt))}}进行了复查。</p>
        <p>复查意见：{{H(o.Notes)}}</p>
        <p>{{result}}</p>
        <p>执法人员：{{H(string.Join("、", officers.Select(s => s.ToString())))}}</p>
        <div class="sign">
          <div>{{H(department.DepartmentName)}}（印章）</div>
          <div>{{D(WorkingDayCalendar.BeijingToday(o.InspectedAt))}}</div>
        </div>
        <p class="note">本意见书一式两份，一份送达被检查单位，一份存档。</p>
        """);
    }

    /// <summary>
    /// Who the opinion names: the officers recorded on the re-inspection's event (R1). A re-inspection recorded before officers
    /// were named implied only that its recorder (<see cref="ReinspectionOpinion.InspectedBy"/>) did it, so that is who it
    /// prints — with the certificate the case recorded for him, else the stored user's — never the order's signatories, who
    /// may not have taken part (issue 12 item 1).
    /// </summary>
    public static IReadOnlyList<Signatory> Officers(Rectification r, ReinspectionOpinion o, AppUser? recordedBy = null)
    {
        if (o.Officers is { Length: > 0 } named) return named;
        var known = r.Signatories.Concat(r.Inspectors).FirstOrDefault(s => s.UserName == o.InspectedBy);
        if (known is not null) return [known];
        return [recordedBy is { } u && u.Id == o.InspectedBy
            ? new Signatory(u.Id, u.DisplayName, u.CertificateNumber ?? "未记录")
            : new Signatory(o.InspectedBy, o.InspectedBy, "未记录")];
    }
}
