using System.Globalization;
using Supervision.Shared;

namespace Supervision.AnnualReports;

public enum FormItemType { Text, Count, Amount, Percent }

/// <summary>One item of the annual report's form: its code (the answer's key), section, label, type and unit.</summary>
public sealed record FormItem(string Code, string Section, string Label, FormItemType Type, string? Unit = null, bool Required = true);

/// <summary>
/// The form of the Art. 36 annual archive work report (本单位年度档案工作情况), versioned: a report keeps the version it was
/// written on, so next year's changes never rewrite last year's reports. A new version is added here, never edited once
/// a round used it; <see cref="Current"/> is the one new rounds get.
/// </summary>
public static class AnnualReportForms
{
    public const int Current = 1;

    private static readonly IReadOnlyList<FormItem> Version1 =
    [
        new("responsibility", "档案工作责任制与制度建设", "档案工作领导责任制、岗位责任制和档案管理制度建设情况", FormItemType.Text),
        new("staff_full_time", "档案工作人员", "专职档案工作人员", FormItemType.Count, "人"),
        new("staff_part_time", "档案工作人员", "兼职档案工作人员", FormItemType.Count, "人"),
        new("holdings_volumes", "馆（室）藏档案", "纸质档案（按卷）", FormItemType.Count, "卷"),
        new("holdings_items", "馆（室）藏档案", "纸质档案（按件）", FormItemType.Count, "件"),
        new("holdings_audiovisual", "馆（室）藏档案", "照片、录音录像等声像档案", FormItemType.Count, "件"),
        new("holdings_electronic_gb", "馆（室）藏档案", "电子档案数据量", FormItemType.Amount, "GB"),
        new("storage_area", "保管条件与档案安全", "档案库房面积", FormItemType.Amount, "平方米"),
        new("storage_safety", "保管条件与档案安全", "库房温湿度控制、防火防盗防水防虫等安全措施及隐患整改情况", FormItemType.Text),
        new("digitised_percent", "数字化与电子档案", "馆（室）藏档案数字化比例", FormItemType.Percent, "%"),
        new("electronic_records", "数字化与电子档案", "电子文件归档和电子档案管理情况", FormItemType.Text),
        new("transferred", "向档案馆移交", "本年度向档案馆移交档案", FormItemType.Count, "卷/件"),
        new("use_visits", "开放与利用", "本年度提供利用人次", FormItemType.Count, "人次"),
        new("open_access", "开放与利用", "档案开放、鉴定和利用服务情况", FormItemType.Text, Required: false),
        new("problems_plans", "存在的问题与下一年度计划", "存在的问题和下一年度工作计划", FormItemType.Text),
        new("other", "其他", "其他需要说明的情况", FormItemType.Text, Required: false),
    ];

    private static readonly IReadOnlyDictionary<int, IReadOnlyList<FormItem>> Versions = new Dictionary<int, IReadOnlyList<FormItem>> { [1] = Version1 };

    public static IReadOnlyList<FormItem> Of(int version) =>
        Versions.TryGetValue(version, out var items) ? items : throw new ArgumentOutOfRangeException(nameof(version), $"No annual report form version {version}");

    public const int MaxText = 4000;

    /// <summary>
    /// The answers checked against the form: every required item answered, numbers whole (counts) or decimal (amounts,
    /// percentages 0–100) and not negative, texts at most 4,000 characters; unknown keys refused. Returns them trimmed,
    /// numbers in invariant form.
    /// </summary>
    public static Dictionary<string, string> Check(int version, IReadOnlyDictionary<string, string?>? answers)
    {
        var items = Of(version);
        answers ??= new Dictionary<string, string?>();
        if (answers.Keys.FirstOrDefault(k => items.All(i => i.Code != k)) is { } unknown)
            throw RuleViolation.Invalid("unknown_item", $"报告表没有“{Short(unknown)}”一项", $"The form (version {version}) has no item {Short(unknown)}", "answers");
        var result = new Dictionary<string, string>();
        foreach (var item in items)
        {
            var field = $"answers.{item.Code}";
            var value = answers.GetValueOrDefault(item.Code)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (item.Required) throw RuleViolation.Invalid("field_required", $"请填写：{item.Label}", $"{item.Code} is required", field);
                continue;
            }
            result[item.Code] = item.Type switch
            {
                FormItemType.Text => value.Length <= MaxText ? value
                    : throw RuleViolation.Invalid("too_long", $"{item.Label}不能超过 {MaxText} 字", $"{item.Code} is longer than {MaxText} characters", field),
                FormItemType.Count => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1_000_000_000
                    ? n.ToString(CultureInfo.InvariantCulture)
                    : throw RuleViolation.Invalid("invalid_number", $"{item.Label}须为不小于 0 的整数", $"{item.Code} must be a whole number ≥ 0", field),
                _ => decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d <= (item.Type == FormItemType.Percent ? 100 : 1_000_000_000)
                    ? d.ToString(CultureInfo.InvariantCulture)
                    : throw RuleViolation.Invalid("invalid_number", item.Type == FormItemType.Percent ? $"{item.Label}须为 0–100 之间的数" : $"{item.Label}须为不小于 0 的数",
                        $"{item.Code} must be a number ≥ 0{(item.Type == FormItemType.Percent ? " and ≤ 100" : "")}", field),
            };
        }
        return result;
    }

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
