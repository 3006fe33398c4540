using Supervision.Shared;

namespace Supervision.Sanctions;

/// <summary>
/// Art. 43 of 《新疆维吾尔自治区档案管理办法》: the acts for which the archives department gives a
/// public criticism (通报批评, an administrative penalty, R14), with the official wording; and Art. 44
/// (the department's own staff, R22).
/// </summary>
public static class SanctionCatalogue
{
    public const string Art44 = "Art44";

    /// <summary>The opening of Art. 43 up to the list of items.</summary>
    public const string Art43Chapeau =
        "档案馆和机关、团体、企业事业单位以及其他组织有下列行为之一的，由县级以上档案主管部门和有关部门予以通报批评；情节严重的，对直接负责的主管人员和其他直接责任人员依法给予处分；造成损失的，依法承担赔偿责任；构成犯罪的，依法追究刑事责任";

    public const string Art44Wording =
        "档案主管部门和其他有关部门及其工作人员违反本办法规定，不履行法定监督管理职责或者滥用职权、玩忽职守、徇私舞弊的，对直接负责的主管人员和其他直接责任人员，依法给予处分；构成犯罪的，依法追究刑事责任。";

    public static readonly IReadOnlyList<LegalItem> Violations =
    [
        new("Art43.1", 43, 1, "未建立、落实档案工作责任制或者档案管理制度的"),
        new("Art43.2", 43, 2, "未按照国家和自治区规定的移交范围、时限或者移交要求向有关档案馆移交档案的"),
        new("Art43.3", 43, 3, "拒绝接收档案的"),
        new("Art43.4", 43, 4, "未按照涉及国家秘密的档案解密规定和档案开放审核协同机制履行相应职责的"),
        new("Art43.5", 43, 5, "收集来源不明或者不合法的档案的"),
        new("Art43.6", 43, 6, "其他违反本办法规定的行为"),
        new(Art44, 44, 0, Art44Wording),
    ];

    private static readonly Dictionary<string, LegalItem> ByCode = Violations.ToDictionary(i => i.Code, StringComparer.Ordinal);

    public static LegalItem? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var i) ? i : null;

    public static bool IsArt43(string? code) => code is not null && code.StartsWith("Art43.", StringComparison.Ordinal) && ByCode.ContainsKey(code);

    /// <summary>"第四十三条第（二）项" or "第四十四条".</summary>
    public static string Citation(LegalItem item) =>
        item.Item == 0 ? $"第{LegalCatalogue.ChineseNumber(item.Article)}条" : LegalCatalogue.Citation(item);

    /// <summary>The legal basis of the penalty as cited in the documents.</summary>
    public static string Basis(LegalItem item) => $"{LegalCatalogue.RegulationName}{Citation(item)}";
}
