using Supervision.Documents;
using Supervision.Rectifications;
using Supervision.Shared;

namespace Supervision.Inspections;

/// <summary>Renders 现场检查笔录: what was inspected, the hazards found (Art. 38), obstructions (Art. 40) and the conclusion.</summary>
public static class InspectionRecordDocument
{
    public static string? Render(Inspection i, IReadOnlyList<Rectification> hazards, Jurisdiction department)
    {
        if (i.RecordNumber is null) return null;
        static string H(string? s) => DocumentPage.H(s);
        static string D(DateOnly? d) => DocumentPage.Date(d);
        var focus = string.Join("；", i.FocusItems.Select(code => LegalCatalogue.Find(code) is { } item ? $"{LegalCatalogue.Citation(item)} {item.Wording}" : code));
        var found = hazards.Count == 0 ? "<p>未发现档案安全隐患。</p>"
            : "<p>发现档案安全隐患如下：</p><ol>" + string.Concat(hazards.OrderBy(r => r.FoundAt).Select(r =>
                $"<li>{H(LegalCatalogue.Find(r.Item) is { } item ? $"{LegalCatalogue.Citation(item)} {item.Wording}" : r.Item)}：{H(r.Description)}" +
                (r.DocumentNumber is null ? "" : $"（已以{H(r.DocumentNumber)}责令限期改正）") + "</li>")) + "</ol>";
        var obstructions = i.Obstructions.Count == 0 ? ""
            : "<p>拒绝、阻碍检查的情况（第四十条）：</p><ol>" + string.Concat(i.Obstructions.Select(o => $"<li>{H(o)}</li>")) + "</ol>";
        DateOnly? started = i.StartedAt is { } s ? WorkingDayCalendar.BeijingToday(s) : null;
        DateOnly? concluded = i.ClosedAt is { } c ? WorkingDayCalendar.BeijingToday(c) : null;
        return DocumentPage.Render($"{i.RecordNumber} 现场检查笔录", $$"""
        <div class="dept">{{H(department.DepartmentName)}}</div>
        <h1>现场检查笔录</h1>
        <div class="number">{{H(i.RecordNumber)}}</div>
        <p>被检查单位：{{H(i.UnitName)}}</p>
        <p>检查时间：{{D(started)}}至{{D(concluded)}}</p>
        <p>检查事项（{{LegalCatalogue.RegulationName}}第三十七条）：{{H(focus)}}</p>
        {{Checklist(i)}}{{found}}
        {{obstructions}}
        <p>检查结论：{{H(i.Summary)}}</p>
        <p>执法人员：{{H(string.Join("、", Officers(i).Select(x => x.ToString())))}}</p>
        <div class="sign">
          <div>{{H(department.DepartmentName)}}（印章）</div>
          <div>{{D(concluded)}}</div>
        </div>
        <p class="note">被检查单位负责人核对无误后签名：＿＿＿＿＿＿</p>
        """);
    }

    /// <summary>
    /// The checklist as scored on site (issue 17 §4): each item's marks, the total as a share and the grade. Empty, on the
    /// line of the hazards, for an inspection never scored: its record renders byte for byte as before checklists existed.
    /// </summary>
    private static string Checklist(Inspection i)
    {
        if (i.Checklist is not { } c) return "";
        var items = InspectionChecklists.For(i.FocusItems, c.ChecklistVersion).ToDictionary(x => (x.Focus, x.Item.Code), x => x.Item.Text);
        return $"<p>检查清单评分：{c.Percent:0.#}%，等次：{DocumentPage.H(c.Grade)}</p><ol>" + string.Concat(c.Scores.Select(s =>
            $"<li>{DocumentPage.H(items.GetValueOrDefault((s.Focus, s.Item), s.Item))}：{s.Score}/{s.MaxScore}{(s.Failed ? "（不符合）" : "")}" +
            (s.Note is null ? "" : $"，{DocumentPage.H(s.Note)}") + "</li>")) + "</ol>";
    }

    /// <summary>
    /// The officers recorded on <see cref="InspectionConcluded"/> as having carried out the inspection (R1). An inspection
    /// concluded before officers were named implied its team at that moment (recusals applied), which is what it printed.
    /// </summary>
    public static IReadOnlyList<Signatory> Officers(Inspection i) => i.RecordOfficers ?? i.Inspectors;
}
