namespace Supervision.Shared;

/// <summary>One item of an article of the regional regulation, with its official wording.</summary>
public sealed record LegalItem(string Code, int Article, int Item, string Wording);

/// <summary>
/// The legal categories the system records, keyed <c>Art{article}.{item}</c> with the official Chinese
/// wording of 《自治区档案管理办法》 (regulation.zh.txt).
/// </summary>
public static class LegalCatalogue
{
    /// <summary>The regional regulation whose supervision chapter (Art. 36–44) the system implements.</summary>
    public const string RegulationName = "《新疆维吾尔自治区档案管理办法》";

    /// <summary>Art. 37: focus items of supervision and inspection (重点监督检查).</summary>
    public static readonly IReadOnlyList<LegalItem> InspectionFocus =
    [
        new("Art37.1", 37, 1, "具有永久保存价值的档案"),
        new("Art37.2", 37, 2, "反映新疆特色的具有保存价值的档案"),
        new("Art37.3", 37, 3, "重要工作、重大项目、重大活动和突发事件应对工作等形成的档案"),
        new("Art37.4", 37, 4, "发生机构变动或者撤销、合并等情形的机关、群团组织、国有企业事业单位的档案"),
        new("Art37.5", 37, 5, "其他需要重点监督管理的档案"),
    ];

    /// <summary>Art. 38: archive-safety hazards that must be ordered corrected within a deadline (责令限期改正).</summary>
    public static readonly IReadOnlyList<LegalItem> SafetyHazards =
    [
        new("Art38.1", 38, 1, "未建立、落实档案安全工作制度的"),
        new("Art38.2", 38, 2, "档案库房选址、设计、建设不规范，库房面积严重不足、荷载不达标的"),
        new("Art38.3", 38, 3, "档案库房缺乏必要的设施设备，或者设施设备老化、性能达不到相关标准，致使档案保管不安全的"),
        new("Art38.4", 38, 4, "档案未集中统一管理，归档、保管、移交、接收不规范，存在档案散失或者损毁风险的"),
        new("Art38.5", 38, 5, "电子档案管理信息系统无法确保电子档案来源可靠、程序规范、要素合规的"),
        new("Art38.6", 38, 6, "档案开放审核、利用、公布不规范，存在安全风险的"),
        new("Art38.7", 38, 7, "开展档案委托服务不符合有关规定的"),
        new("Art38.8", 38, 8, "其他可能危及档案实体和档案信息安全的隐患"),
    ];

    private static readonly Dictionary<string, LegalItem> ByCode =
        InspectionFocus.Concat(SafetyHazards).ToDictionary(i => i.Code, StringComparer.Ordinal);

    public static LegalItem? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var i) ? i : null;

    public static bool IsFocusItem(string? code) => code is not null && code.StartsWith("Art37.", StringComparison.Ordinal) && ByCode.ContainsKey(code);
    public static bool IsHazardItem(string? code) => code is not null && code.StartsWith("Art38.", StringComparison.Ordinal) && ByCode.ContainsKey(code);

    /// <summary>"第三十八条第（五）项" style citation used in documents.</summary>
    public static string Citation(LegalItem item) => $"第{ChineseNumber(item.Article)}条第（{ChineseNumber(item.Item)}）项";

    public static string ChineseNumber(int n)
    {
        string[] digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        if (n < 10) return digits[n];
        if (n < 20) return "十" + (n % 10 == 0 ? "" : digits[n % 10]);
        return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]);
    }
}
