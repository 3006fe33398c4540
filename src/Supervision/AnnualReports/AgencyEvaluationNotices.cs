using System.Globalization;
using Supervision.Documents;
using Supervision.Shared;

namespace Supervision.AnnualReports;

/// <summary>
/// The documents that tell an archive service agency its Art. 39 result (issue 17 §3): the 评价结果告知书 issued when the result is
/// published, and the 评价复核结果告知书 issued with the review of an objection. Both are rendered from the evaluation as it stood
/// at the issuing event and frozen like every numbered document; both are served on the agency (the objection period runs from
/// the receipt of the first).
/// </summary>
public static class AgencyEvaluationNotices
{
    private static string H(string? s) => DocumentPage.H(s);
    private static string D(DateTimeOffset at) => DocumentPage.Date(WorkingDayCalendar.BeijingToday(at));
    private static string Percent(decimal p) => p.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private const string Style = "table.scores { width: 100%; border-collapse: collapse; margin: .5em 0; } "
        + "table.scores th, table.scores td { border: 1px solid #000; padding: .2em .4em; } td.n { text-align: right; white-space: nowrap; }";

    /// <summary>The notice with this number, from the evaluation at its issuing version; null when it names no such notice.</summary>
    public static string? Render(AgencyEvaluation e, Jurisdiction department, string number)
    {
        if (e.Publication?.NoticeNumber == number) return ResultNotice(e, department, e.Publication);
        var i = e.Reviews.FindIndex(r => r.NoticeNumber == number);
        return i < 0 ? null : ReviewNotice(e, department, e.Reviews[i], e.Objections.ElementAtOrDefault(i));
    }

    private static string Head(Jurisdiction department, string type, string number, string unitName) => $"""
        <p class="dept">{H(department.DepartmentName)}</p>
        <h1>{H(DocumentTypes.Title(type))}</h1>
        <p class="number">{H(number)}</p>
        <p>{H(unitName)}：</p>
        """;

    /// <summary>Each indicator of the scheme with its weight and score, and the veto items with the finding.</summary>
    private static string Scores(int schemeVersion, IReadOnlyDictionary<string, int> scores, IReadOnlyDictionary<string, bool> vetoes)
    {
        var indicators = EvaluationSchemes.Of(schemeVersion);
        var rows = string.Concat(indicators.Where(i => !i.Veto).Select(i =>
            $"<tr><td>{H(i.Area)}</td><td>{H(i.Text)}</td><td class=\"n\">{i.Weight}</td><td class=\"n\">{scores.GetValueOrDefault(i.Code)}</td></tr>"));
        var vetoRows = string.Concat(indicators.Where(i => i.Veto).Select(i =>
            $"<tr><td>{H(i.Area)}</td><td>{H(i.Text)}</td><td class=\"n\" colspan=\"2\">{(vetoes.GetValueOrDefault(i.Code) ? "存在" : "未发现")}</td></tr>"));
        return $"""
            <table class="scores"><tr><th>评价内容</th><th>评价指标</th><th>分值</th><th>得分</th></tr>{rows}{vetoRows}</table>
            """;
    }

    private static string ResultNotice(AgencyEvaluation e, Jurisdiction department, AgencyEvaluationPublished p)
    {
        var scoring = e.Scoring!;
        var officers = string.Join("、", scoring.Officers.Select(o => $"{H(o.DisplayName)}（执法证号 {H(o.CertificateNumber)}）"));
        var failed = p.Grade == AgencyEvaluationRules.Failed
            ? "<p>评价等级为不合格，本机关将依法对你单位开展跟踪检查，对发现的问题责令限期改正。</p>" : "";
        return DocumentPage.Render($"{p.NoticeNumber} {DocumentTypes.Title(DocumentTypes.EvaluationResultNotice)}", $"""
            {Head(department, DocumentTypes.EvaluationResultNotice, p.NoticeNumber!, e.UnitName)}
            <p>根据{H(LegalCatalogue.RegulationName)}第三十九条的规定，本机关按照档案服务机构评价体系（第 {e.SchemeVersion} 版），对你单位 {e.Year} 年度在本行政区域内开展档案服务的情况进行了评价。评价结果如下：</p>
            {Scores(e.SchemeVersion, scoring.Scores, scoring.Vetoes)}
            <p>得分率：{Percent(p.Percent)}；评价等级：<strong>{H(p.Grade)}</strong>。</p>
            <p class="note">等级标准：{H(EvaluationSchemes.ScaleOf(e.SchemeVersion).ToString())}；任一否决项成立的，评价为不合格。</p>
            {failed}
            <p>评分人员：{officers}。</p>
            <p>如对评价结果有异议，可以自收到本告知书之日起{AgencyEvaluationRules.ObjectionDays}日内向本机关书面提出，并说明理由。</p>
            <p class="sign">{H(department.DepartmentName)}<br>{D(p.PublishedAt)}</p>
            """, Style);
    }

    private static string ReviewNotice(AgencyEvaluation e, Jurisdiction department, AgencyEvaluationReviewed r, AgencyEvaluationObjected? objection)
    {
        var conclusion = r.Changed ? "变更原评价结果" : "维持原评价结果";
        var objected = objection is null ? "" : $"于{D(objection.At)}";
        var original = e.Publication?.NoticeNumber is { } n ? $"（{H(n)}）" : "";
        var failed = r.Changed && r.Grade == AgencyEvaluationRules.Failed
            ? "<p>复核后评价等级为不合格，本机关将依法对你单位开展跟踪检查，对发现的问题责令限期改正。</p>" : "";
        return DocumentPage.Render($"{r.NoticeNumber} {DocumentTypes.Title(DocumentTypes.EvaluationReviewNotice)}", $"""
            {Head(department, DocumentTypes.EvaluationReviewNotice, r.NoticeNumber!, e.UnitName)}
            <p>你单位{objected}对本机关 {e.Year} 年度档案服务机构评价结果{original}提出的异议，本机关已进行复核。</p>
            <p>复核结论：{conclusion}。复核意见：{H(r.Reasons)}</p>
            {(r.Changed ? Scores(e.SchemeVersion, r.Scores, r.Vetoes) : "")}
            <p>复核后得分率：{Percent(r.Percent)}；评价等级：<strong>{H(r.Grade)}</strong>。</p>
            {failed}
            <p class="sign">{H(department.DepartmentName)}<br>{D(r.At)}</p>
            """, Style);
    }
}
