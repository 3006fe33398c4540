using System.Security.Claims;
using System.Text.Json.Serialization;
using Supervision.Shared;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Inspections;

/// <summary>One item of an inspection checklist: what is checked, its full score, and the Art. 38 hazard a failure points to.</summary>
public sealed record ChecklistItem(string Code, string Text, int MaxScore, string HazardItem);

/// <summary>
/// 检查清单 (issue 17 §4): the items inspected for each focus item of Art. 37, each scored on site, versioned like the
/// annual report's form (an inspection keeps the version it was scored on). Every inspection scores the common items; a
/// focus item adds its own. The score is the share of the full marks; the grade follows the 档案检查工作办法 practice:
/// 优秀 ≥ 80 %, 良好 ≥ 70 %, 合格 ≥ 60 %, 不合格 below. An item scored under 60 % of its marks has failed: the page offers
/// to record it as the Art. 38 hazard it points to, in one step (the hazard itself follows R7 as any other).
/// </summary>
public static class InspectionChecklists
{
    public const int Current = 1;
    public const decimal FailBelow = 0.6m;

    private static readonly IReadOnlyList<ChecklistItem> Common =
    [
        new("rules", "档案安全工作制度建立并落实", 10, "Art38.1"),
        new("building", "档案库房选址、设计、建设规范，面积和荷载满足需要", 10, "Art38.2"),
        new("storage", "档案库房设施设备齐全、性能达标（防火、防盗、防水、防潮、防虫、防光、防尘、温湿度控制）", 20, "Art38.3"),
        new("custody", "档案集中统一管理，归档、保管、移交、接收规范", 15, "Art38.4"),
        new("records", "电子档案管理信息系统确保电子档案来源可靠、程序规范、要素合规", 10, "Art38.5"),
        new("use", "档案开放审核、利用、公布规范", 10, "Art38.6"),
    ];

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<ChecklistItem>> ByFocus = new Dictionary<string, IReadOnlyList<ChecklistItem>>
    {
        ["Art37.1"] = [new("permanent", "永久保存价值的档案按规定整理、保管并按期移交", 15, "Art38.4")],
        ["Art37.2"] = [new("regional", "反映新疆特色的档案得到收集和抢救保护", 15, "Art38.4")],
        ["Art37.3"] = [new("major_events", "重要工作、重大项目、重大活动和突发事件应对形成的档案归档完整", 15, "Art38.4")],
        ["Art37.4"] = [new("reorganisation", "机构变动、撤销、合并时档案得到妥善处置和移交", 15, "Art38.4")],
        ["Art37.5"] = [new("other_focus", "其他重点监督管理的档案管理规范", 15, "Art38.8")],
    };

    /// <summary>The items of an inspection with these focus items: the common ones, then each focus item's own (codes prefixed by it).</summary>
    public static IReadOnlyList<(string Focus, ChecklistItem Item)> For(IEnumerable<string> focusItems, int version = Current)
    {
        if (version != 1) throw new ArgumentOutOfRangeException(nameof(version), $"No checklist version {version}");
        return Common.Select(i => ("common", i))
            .Concat(focusItems.Where(ByFocus.ContainsKey).SelectMany(f => ByFocus[f].Select(i => (f, i))))
            .ToList();
    }

    /// <summary>An item's key in the API: "common/storage", "Art37.1/permanent".</summary>
    public static string Key(string focus, ChecklistItem item) => $"{focus}/{item.Code}";

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>The grades, best first: the order statistics list them in (inspection checklists and Art. 39 evaluations alike).</summary>
    public static readonly string[] Grades = ["优秀", "良好", "合格", "不合格"];

    /// <summary>The grading scale of checklist version 1 (the 档案检查工作办法 practice).</summary>
    public static readonly GradeScale Scale = GradeScale.Practice;

    public static string Grade(decimal percent) => Scale.Grade(percent);

    /// <summary>
    /// Scores on site, by an officer of the team while the inspection is in progress: every item of its checklist once,
    /// each 0 to its full marks (400 otherwise). Scoring again replaces the earlier scores (each stays in the history).
    /// </summary>
    public static InspectionChecklistScored Decide(Inspection s, ScoreChecklist c, Actor actor, DateTimeOffset now)
    {
        InspectionSteps.CheckOpen(s, actor, c.ExpectedVersion);
        InspectionSteps.RequireStarted(s);
        var items = For(s.FocusItems);
        var given = c.Scores ?? [];
        if (given.Keys.FirstOrDefault(k => !items.Any(i => Key(i.Focus, i.Item) == k)) is { } unknown)
            throw RuleViolation.Invalid("unknown_item", $"本次检查的清单没有“{Short(unknown)}”一项", $"The checklist has no item {Short(unknown)}", "scores");
        var scores = new List<ChecklistScore>();
        foreach (var (focus, item) in items)
        {
            var key = Key(focus, item);
            var field = "scores." + key;
            if (given.GetValueOrDefault(key) is not { } value)
                throw RuleViolation.Invalid("field_required", $"请为“{item.Text}”评分", $"{key} is not scored", field);
            if (value < 0 || value > item.MaxScore)
                throw RuleViolation.Invalid("score_out_of_range", $"得分须在 0–{item.MaxScore} 之间", $"{key} must score 0–{item.MaxScore}", field);
            var note = c.Notes?.GetValueOrDefault(key) is { } n && !string.IsNullOrWhiteSpace(n) ? Guard.Required(n, "notes." + key, "说明", 500) : null;
            scores.Add(new ChecklistScore(focus, item.Code, value, item.MaxScore, value < item.MaxScore * FailBelow, item.HazardItem, note));
        }
        var percent = Math.Round(100m * scores.Sum(x => x.Score) / scores.Sum(x => x.MaxScore), 1);
        return new InspectionChecklistScored(s.Id, Current, scores.ToArray(), percent, Grade(percent), actor.UserName, now);
    }

    [WolverinePost("/api/inspections/{id}/checklist", OperationId = "ScoreInspectionChecklist")]
    public static (CaseUpdated, Events) Score(ScoreChecklist c, [WriteAggregate] Inspection inspection, ClaimsPrincipal user, TimeProvider clock) =>
        (new CaseUpdated(inspection.Id, inspection.Version + 1), [Decide(inspection, c, Actor.From(user), clock.GetUtcNow())]);
}

/// <summary>
/// 检查清单评分 / Score the inspection's checklist on site: every item of it, keyed "{focus}/{item}" ("common/storage",
/// "Art37.1/permanent"), with an optional note per item.
/// </summary>
public sealed record ScoreChecklist([property: JsonPropertyName("version")] long? ExpectedVersion, Dictionary<string, int?>? Scores,
    Dictionary<string, string?>? Notes = null);
/// <summary>An item as scored: its marks, whether it failed (under 60 %), the Art. 38 hazard a failure points to.</summary>
public sealed record ChecklistScore(string Focus, string Item, int Score, int MaxScore, bool Failed, string HazardItem, string? Note);
/// <summary>检查清单已评分 / The checklist was scored: each item, the share of full marks and the grade.</summary>
public sealed record InspectionChecklistScored(Guid InspectionId, int ChecklistVersion, ChecklistScore[] Scores, decimal Percent, string Grade,
    string ScoredBy, DateTimeOffset ScoredAt);

/// <summary>
/// A grading scale: the share of full marks from which a result is 优秀, 良好, 合格 (below: 不合格). Each version of a checklist
/// or an evaluation scheme names its own, so changing the scale is a new version and a result keeps the scale it was graded by.
/// </summary>
public sealed record GradeScale(decimal Excellent, decimal Good, decimal Pass)
{
    /// <summary>The 档案检查工作办法 practice: 优秀 ≥ 80 %, 良好 70–80 %, 合格 60–70 %, 不合格 &lt; 60 %.</summary>
    public static readonly GradeScale Practice = new(80, 70, 60);

    public string Grade(decimal percent) => percent >= Excellent ? "优秀" : percent >= Good ? "良好" : percent >= Pass ? "合格" : "不合格";

    /// <summary>"优秀 ≥ 80%，良好 ≥ 70%，合格 ≥ 60%，不合格 &lt; 60%", as a document prints it.</summary>
    public override string ToString() => $"优秀 ≥ {Excellent:0.#}%，良好 ≥ {Good:0.#}%，合格 ≥ {Pass:0.#}%，不合格 < {Pass:0.#}%";
}
