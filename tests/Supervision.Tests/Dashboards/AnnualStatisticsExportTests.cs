using System.Text;
using ClosedXML.Excel;
using Supervision.Dashboards;
using Supervision.Shared;

namespace Supervision.Tests.Dashboards;

public sealed class AnnualStatisticsExportTests
{
    private static EnforcementMonth Row(string jurisdiction, string month, int planned, int orders = 0, int corrected = 0, params (string Item, int Count)[] hazards) => new()
    {
        Id = $"{jurisdiction}:{month}", JurisdictionId = jurisdiction, JurisdictionPath = JurisdictionCatalogue.Find(jurisdiction)!.Path, Month = month,
        InspectionsPlanned = planned, OrdersIssued = orders, OrdersCorrected = corrected, OrdersCorrectedOnTime = corrected,
        HazardsByItem = hazards.ToDictionary(h => h.Item, h => h.Count),
    };

    private static AnnualStatistics Urumqi2025() => AnnualStatisticsQueries.Build(2025, "650000/650100",
    [
        Row("650100", "2025-01", 2, orders: 1, hazards: ("Art38.3", 1)),
        Row("650100", "2025-12", 1, orders: 1, corrected: 1, hazards: ("Art38.3", 1)),
        Row("650102", "2025-06", 3, hazards: [("Art38.1", 2), ("Art38.3", 1)]),
        Row("650102", "2024-12", 100),   // another year
        Row("650102", "2026-01", 100),   // another year
        Row("653101", "2025-06", 100),   // outside the scope
    ]);

    [Fact]
    public void Build_sums_the_twelve_months_per_jurisdiction_and_in_total()
    {
        var s = Urumqi2025();
        Assert.Equal("乌鲁木齐市档案局 2025年度档案行政执法统计", s.Title);
        Assert.Equal(new DateOnly(2026, 1, 31), s.PublishBy);
        Assert.Equal(["650100", "650102", "650103"], s.ByJurisdiction.Select(l => l.JurisdictionId)); // zeros included
        Assert.Equal(6, s.Totals.InspectionsPlanned);
        Assert.Equal(3, s.ByJurisdiction[0].Totals.InspectionsPlanned);
        Assert.Equal(3, s.ByJurisdiction[1].Totals.InspectionsPlanned);
        Assert.Equal(0, s.ByJurisdiction[2].Totals.InspectionsPlanned);
        Assert.Equal(3, s.Totals.HazardsByItem["Art38.3"]);
        Assert.Equal(2, s.Totals.OrdersIssued);
    }

    [Fact]
    public void Csv_is_utf8_with_bom_chinese_headers_a_line_per_jurisdiction_and_a_total()
    {
        var bytes = AnnualStatisticsExport.Csv(Urumqi2025());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 3 + 1, lines.Length);
        Assert.StartsWith("行政区划代码,行政区划,档案主管部门,计划检查（次）", lines[0]);
        Assert.Contains("隐患：第三十八条第（三）项 档案库房缺乏必要的设施设备，或者设施设备老化、性能达不到相关标准，致使档案保管不安全的", lines[0]);
        Assert.Equal(AnnualStatisticsExport.Headers.Count, lines[0].Split(',').Length - Commas(lines[0]));
        Assert.StartsWith("650102,天山区,乌鲁木齐市天山区档案局,3,", lines[2]);
        Assert.StartsWith("650100,合计,乌鲁木齐市档案局,6,", lines[4]);
        Assert.EndsWith(",100.00%", lines[1]); // 1 of 1 settled order corrected in time
        Assert.EndsWith(",", lines[2]);        // no settled order: no rate
    }

    // Headers that contain a comma are quoted: count the commas inside quotes to compare fields with headers.
    private static int Commas(string line)
    {
        var inside = false; var n = 0;
        foreach (var c in line) { if (c == '"') inside = !inside; else if (c == ',' && inside) n++; }
        return n;
    }

    [Fact]
    public void Xlsx_has_the_title_chinese_headers_a_row_per_jurisdiction_and_a_total_row()
    {
        var s = Urumqi2025();
        using var workbook = new XLWorkbook(new MemoryStream(AnnualStatisticsExport.Xlsx(s)));
        var sheet = workbook.Worksheet(1);
        Assert.Equal("2025年度统计", sheet.Name);
        Assert.Equal("乌鲁木齐市档案局 2025年度档案行政执法统计", sheet.Cell(1, 1).GetString());
        Assert.True(sheet.Cell(1, 1).IsMerged());

        var headers = AnnualStatisticsExport.Headers;
        for (var c = 0; c < headers.Count; c++) Assert.Equal(headers[c], sheet.Cell(3, c + 1).GetString());
        foreach (var item in LegalCatalogue.SafetyHazards)
            Assert.Contains(headers, h => h.Contains(item.Wording) && h.Contains(LegalCatalogue.Citation(item)));

        Assert.Equal("650100", sheet.Cell(4, 1).GetString());
        Assert.Equal("天山区", sheet.Cell(5, 2).GetString());
        Assert.Equal(3, sheet.Cell(5, 4).GetValue<int>());
        Assert.Equal("沙依巴克区", sheet.Cell(6, 2).GetString());
        var total = 7;
        Assert.Equal("合计", sheet.Cell(total, 2).GetString());
        Assert.Equal(6, sheet.Cell(total, 4).GetValue<int>());
        var art383 = 1 + headers.ToList().FindIndex(h => h.Contains("第三十八条第（三）项"));
        Assert.Equal(3, sheet.Cell(total, art383).GetValue<int>());
        Assert.Equal(2, sheet.Cell(5, headers.ToList().FindIndex(h => h.Contains("第三十八条第（一）项")) + 1).GetValue<int>());
        Assert.True(sheet.Cell(total, 2).Style.Font.Bold);
        Assert.Equal(total, sheet.LastRowUsed().RowNumber());
    }

    [Fact]
    public void Content_disposition_has_an_ascii_name_and_the_chinese_name_per_rfc_5987()
    {
        var header = AnnualStatisticsExport.ContentDisposition(Urumqi2025(), "xlsx");
        Assert.StartsWith("attachment; filename=\"enforcement-statistics-650100-2025.xlsx\"; filename*=UTF-8''", header);
        var encoded = header[(header.IndexOf("UTF-8''", StringComparison.Ordinal) + 7)..];
        Assert.All(encoded, c => Assert.True(c < 0x80 && c != ' ' && c != '"'));
        Assert.Equal("乌鲁木齐市档案局2025年度档案行政执法统计.xlsx", Uri.UnescapeDataString(encoded));
    }
}
