namespace Supervision.Shared;

/// <summary>
/// An administrative division (行政区划, GB/T 2260) and its archives department (档案主管部门).
/// <see cref="Path"/> runs from the region down ("650000/650100/650102") so that "this jurisdiction
/// and everything below it" is one prefix comparison (indexed in PostgreSQL).
/// </summary>
public sealed record Jurisdiction(
    string Id,              // GB/T 2260 code
    string Name,
    string? ParentId,
    string Path,
    int Level,              // 1 region, 2 prefecture, 3 county
    string DepartmentName,  // e.g. 乌鲁木齐市档案局
    string DocumentPrefix)  // e.g. 乌档, used in document numbers 乌档责改〔2026〕3号
{
    /// <summary>True when <paramref name="path"/> is this jurisdiction or lies below it.</summary>
    public bool Covers(string path) => JurisdictionPaths.Covers(Path, path);
}

public static class JurisdictionPaths
{
    /// <summary>Higher levels supervise lower ones (R3): a path covers itself and its descendants.</summary>
    public static bool Covers(string ancestorPath, string path) =>
        path == ancestorPath || path.StartsWith(ancestorPath + "/", StringComparison.Ordinal);
}

/// <summary>The jurisdictions this deployment serves (reference data, seeded at start-up).</summary>
public static class JurisdictionCatalogue
{
    public static readonly IReadOnlyList<Jurisdiction> All =
    [
        new("650000", "新疆维吾尔自治区", null, "650000", 1, "新疆维吾尔自治区档案局", "新档"),
        new("650100", "乌鲁木齐市", "650000", "650000/650100", 2, "乌鲁木齐市档案局", "乌档"),
        new("650102", "天山区", "650100", "650000/650100/650102", 3, "乌鲁木齐市天山区档案局", "天档"),
        new("650103", "沙依巴克区", "650100", "650000/650100/650103", 3, "乌鲁木齐市沙依巴克区档案局", "沙档"),
        new("650200", "克拉玛依市", "650000", "650000/650200", 2, "克拉玛依市档案局", "克档"),
        new("650202", "独山子区", "650200", "650000/650200/650202", 3, "克拉玛依市独山子区档案局", "独档"),
        new("653100", "喀什地区", "650000", "650000/653100", 2, "喀什地区档案局", "喀档"),
        new("653101", "喀什市", "653100", "650000/653100/653101", 3, "喀什市档案局", "喀市档"),
        new("654000", "伊犁哈萨克自治州", "650000", "650000/654000", 2, "伊犁哈萨克自治州档案局", "伊档"),
        new("654002", "伊宁市", "654000", "650000/654000/654002", 3, "伊宁市档案局", "伊市档"),
    ];

    private static readonly Dictionary<string, Jurisdiction> ById = All.ToDictionary(j => j.Id);

    public static Jurisdiction? Find(string? id) => id is not null && ById.TryGetValue(id, out var j) ? j : null;
}
