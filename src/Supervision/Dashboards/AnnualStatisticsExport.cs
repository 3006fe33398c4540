using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Supervision.Shared;

namespace Supervision.Dashboards;

/// <summary>
/// The downloadable forms of <see cref="AnnualStatistics"/>: CSV (UTF-8 with BOM, so Excel reads the Chinese) and
/// XLSX (ClosedXML). Both have the same Chinese columns: one line per jurisdiction, then 合计. Pure functions.
/// </summary>
public static class AnnualStatisticsExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string TotalLabel = "合计";

    /// <summary>
    /// A figure column: Chinese header (the downloads'), the value from a jurisdiction's totals, and for the web table its
    /// group (a header spanning the group's columns) and a short header under it.
    /// </summary>
    public sealed record Column(string Header, Func<EnforcementTotals, int> Value, string Group = "", string? Short = null)
    {
        public string ShortHeader => Short ?? Header;
    }

    public const string InspectionGroup = "监督检查", HazardGroup = "档案安全隐患（第三十八条）", OrderGroup = "责令限期改正",
        ComplaintGroup = "投诉举报（第四十一条）", SanctionGroup = "行政处罚", ReferralGroup = "移送、协作（第四十二条）";

    /// <summary>Hazard columns carry the Art. 38 item's citation and official wording, in catalogue order.</summary>
    public static string HazardHeader(LegalItem item) => $"隐患：{LegalCatalogue.Citation(item)} {item.Wording}";

    public static readonly IReadOnlyList<string> LeadingHeaders = ["行政区划代码", "行政区划", "档案主管部门"];

    public static readonly IReadOnlyList<Column> Columns =
    [
        new("计划检查（次）", t => t.InspectionsPlanned, InspectionGroup, "计划（次）"),
        new("其中：双随机抽查（次）", t => t.InspectionsDrawnAtRandom, InspectionGroup, "其中双随机抽查"),
        new("完成检查（次）", t => t.InspectionsConcluded, InspectionGroup, "完成（次）"),
        .. Inspections.InspectionChecklists.Grades.Select(g => new Column($"其中：检查清单评为{g}（次）", t => t.InspectionsByGrade?.GetValueOrDefault(g) ?? 0,
            InspectionGroup, $"其中{g}")),
        new("取消检查（次）", t => t.InspectionsCancelled, InspectionGroup, "取消（次）"),
        new("拒绝、阻碍检查（起）", t => t.Obstructions, InspectionGroup, "拒绝、阻碍（起）"),
        .. LegalCatalogue.SafetyHazards.Select(h => new Column(HazardHeader(h), t => t.HazardsByItem.GetValueOrDefault(h.Code), HazardGroup, $"第（{LegalCatalogue.ChineseNumber(h.Item)}）项")),
        new("发现隐患合计（项）", t => t.HazardsByItem.Values.Sum(), HazardGroup, "合计"),
        new("下达责令限期改正通知书（份）", t => t.OrdersIssued, OrderGroup, "下达通知书（份）"),
        new("复查合格（份）", t => t.OrdersCorrected, OrderGroup),
        new("逾期未改正（份）", t => t.OrdersOverdue, OrderGroup),
        new("收到投诉举报（件）", t => t.ComplaintsReceived, ComplaintGroup, "收到（件）"),
        new("受理（件）", t => t.ComplaintsAccepted, ComplaintGroup),
        new("不予受理（件）", t => t.ComplaintsNotAccepted, ComplaintGroup),
        new("转送（件）", t => t.ComplaintsTransferred, ComplaintGroup),
        new("办结（件）", t => t.ComplaintsClosed, ComplaintGroup),
        new("已告知投诉人（件）", t => t.ComplaintsNotified, ComplaintGroup, "已告知（件）"),
        new("受理超期（件）", t => t.ComplaintAcceptanceOverdue, ComplaintGroup),
        new("办理超期（件）", t => t.ComplaintHandlingOverdue, ComplaintGroup),
        new("告知超期（件）", t => t.ComplaintNotificationOverdue, ComplaintGroup),
        new("行政处罚立案（件）", t => t.SanctionCasesOpened, SanctionGroup, "立案（件）"),
        new("作出通报批评决定（件）", t => t.PenaltiesDecided, SanctionGroup, "通报批评决定（件）"),
        new("其中：向社会公开（件）", t => t.PenaltiesPublished, SanctionGroup, "其中向社会公开"),
        new("决定不予处罚（件）", t => t.NoPenaltyDecisions, SanctionGroup, "不予处罚（件）"),
        new("变更或撤销处罚决定（件）", t => t.DecisionsChanged, SanctionGroup, "变更或撤销（件）"),
        new("发出处分建议书（份）", t => t.DisciplineRecommendations, SanctionGroup, "处分建议书（份）"),
        new("移送公安机关（件）", t => t.CriminalTransfers, SanctionGroup),
        new("移送、通报其他部门（件）", t => t.ReferralsSent, ReferralGroup, "移送、通报其他部门"),
        new("收到其他档案主管部门移送（件）", t => t.ReferralsReceived, ReferralGroup, "收到移送（件）"),
    ];

    public const string RateHeader = "按期整改率";

    public static IReadOnlyList<string> Headers => [.. LeadingHeaders, .. Columns.Select(c => c.Header), RateHeader];

    private static IEnumerable<(string Code, string Name, string Department, EnforcementTotals Totals)> Lines(AnnualStatistics s) =>
        s.ByJurisdiction.Select(l => (l.JurisdictionId, l.Name, l.DepartmentName, l.Totals))
            .Append((s.Jurisdiction, TotalLabel, s.DepartmentName, s.Totals));

    /// <summary>CSV bytes: BOM, header line, one line per jurisdiction, the total line (合计).</summary>
    public static byte[] Csv(AnnualStatistics s)
    {
        using var buffer = new MemoryStream();
        // CsvHelper 34: RFC 4180, CRLF, UTF-8 straight to the stream; the BOM makes Excel read it as UTF-8.
        // Escape formula-like text (=, +, -, @) although every text here comes from the catalogues.
        var options = new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            csv.WriteRecord([.. Headers]);
            foreach (var (code, name, department, totals) in Lines(s))
                csv.WriteRecord([
                    code, name, department,
                    .. Columns.Select(c => c.Value(totals).ToString(CultureInfo.InvariantCulture)),
                    totals.OnTimeRectificationRate is { } rate ? (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "",
                ]);
        }
        return buffer.ToArray();
    }

    /// <summary>XLSX bytes: title row, period row, header row, a row per jurisdiction and the total row, in one sheet.</summary>
    public static byte[] Xlsx(AnnualStatistics s)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add($"{s.Year}年度统计");
        var headers = Headers;
        var lastColumn = headers.Count;

        sheet.Cell(1, 1).Value = s.Title;
        var title = sheet.Range(1, 1, 1, lastColumn).Merge();
        title.Style.Font.Bold = true;
        title.Style.Font.FontSize = 16;
        title.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;

        sheet.Cell(2, 1).Value = $"统计期间：{s.Year}年1月1日至12月31日（北京时间）　统计范围：{s.JurisdictionName}及所辖行政区划　发布期限：{s.PublishBy:yyyy年M月d日}前";
        sheet.Range(2, 1, 2, lastColumn).Merge();

        const int headerRow = 3;
        for (var c = 0; c < headers.Count; c++) sheet.Cell(headerRow, c + 1).Value = headers[c];
        var headerRange = sheet.Range(headerRow, 1, headerRow, lastColumn);
        headerRange.Style.Font.Bold = true;
        headerRange.Style.Alignment.WrapText = true;
        headerRange.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        headerRange.Style.Fill.BackgroundColor = XLColor.FromArgb(0xDD, 0xEB, 0xF7);

        var row = headerRow;
        foreach (var (code, name, department, totals) in Lines(s))
        {
            row++;
            sheet.Cell(row, 1).SetValue(code); // text: leading zeros and codes stay as written
            sheet.Cell(row, 2).Value = name;
            sheet.Cell(row, 3).Value = department;
            for (var c = 0; c < Columns.Count; c++) sheet.Cell(row, LeadingHeaders.Count + c + 1).Value = Columns[c].Value(totals);
            var rateCell = sheet.Cell(row, lastColumn);
            if (totals.OnTimeRectificationRate is { } rate) { rateCell.Value = rate; rateCell.Style.NumberFormat.Format = "0.00%"; }
        }
        sheet.Row(row).Style.Font.Bold = true; // 合计
        sheet.Range(headerRow, 1, row, lastColumn).Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        sheet.Range(headerRow, 1, row, lastColumn).Style.Border.OutsideBorder = XLBorderStyleValues.Thin;

        // Fixed widths: measuring text (AdjustToContents) needs GDI+, which servers do not have.
        sheet.Column(1).Width = 12;
        sheet.Column(2).Width = 18;
        sheet.Column(3).Width = 26;
        for (var c = LeadingHeaders.Count + 1; c <= lastColumn; c++) sheet.Column(c).Width = 14;
        sheet.Row(headerRow).Height = 96;
        sheet.SheetView.FreezeRows(headerRow);

        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        return buffer.ToArray();
    }

    public static string FileName(AnnualStatistics s, string extension) => $"{s.DepartmentName}{s.Year}年度档案行政执法统计.{extension}";

    /// <summary>
    /// attachment with an ASCII fallback name and the Chinese name as RFC 5987 <c>filename*</c> (UTF-8, percent-encoded),
    /// which every current browser prefers.
    /// </summary>
    public static string ContentDisposition(AnnualStatistics s, string extension)
    {
        var ascii = $"enforcement-statistics-{s.Jurisdiction}-{s.Year}.{extension}";
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Rfc5987(FileName(s, extension))}";
    }

    /// <summary>RFC 5987 attr-char are kept, every other UTF-8 byte is %XX.</summary>
    public static string Rfc5987(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "!#$&+-.^_`|~".Contains(c))) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
