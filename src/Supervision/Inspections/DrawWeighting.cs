using Marten;
using Supervision.AnnualReports;
using Supervision.Complaints;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Inspections;

/// <summary>
/// A candidate unit's weight in a risk-weighted draw and what made it (e.g. <c>"grade:不合格+4,overdue:2×3"</c>; empty at
/// the base weight). Recorded on the draw: verification re-runs the draw from these, never from the unit's risk of today.
/// </summary>
public sealed record DrawWeight(Guid UnitId, int Weight, string Factors);

/// <summary>What rule <c>risk-v1</c> reads for one unit, as of the draw.</summary>
/// <param name="Grade">The latest published Art. 39 grade (archive service agencies only; null without one).</param>
/// <param name="OverdueOrders">Rectification orders overdue and not closed.</param>
/// <param name="SubstantiatedComplaints">Complaints against the unit received in the last 2 years and found substantiated.</param>
/// <param name="MissedAnnualReports">Art. 36 rounds of the last 2 years whose due date passed without the unit's report.</param>
public sealed record DrawRiskInputs(string? Grade = null, int OverdueOrders = 0, int SubstantiatedComplaints = 0, int MissedAnnualReports = 0);

/// <summary>
/// 双随机 weighted by risk (issue 17 §3): the draw stays random — every candidate keeps a chance — but a unit with
/// signs of non-compliance is drawn more often. Rule <c>risk-v1</c>, integers only:
/// <list type="bullet">
/// <item>base weight 1;</item>
/// <item>the latest published Art. 39 grade: 不合格 +4, 合格 +2, 良好 +1, 优秀 0 (only agencies have one; none: 0);</item>
/// <item>rectification orders overdue and not closed: +3 each, counted up to 4;</item>
/// <item>substantiated complaints received in the last 2 years: +2 each, counted up to 3;</item>
/// <item>Art. 36 rounds of the last 2 years whose due date passed without the unit's report: +2 each, counted up to 2.</item>
/// </list>
/// The caps keep one busy unit from crowding out the others (at most 27, against 1 for a unit with nothing recorded).
/// The windows are those of the unit's risk score (<see cref="UnitRisk"/>).
/// </summary>
public static class DrawWeighting
{
    /// <summary>What the request may ask for.</summary>
    public const string Uniform = "uniform";
    public const string Risk = "risk";

    /// <summary>The rule recorded on a risk-weighted draw (<c>RandomDrawPerformed.Weighting</c>); uniform draws record none.</summary>
    public const string RiskV1 = "risk-v1";

    public const int BaseWeight = 1;
    public const int OverdueOrderPoints = 3, OverdueOrderCap = 4;
    public const int ComplaintPoints = 2, ComplaintCap = 3;
    public const int MissedReportPoints = 2, MissedReportCap = 2;
    public const int RecentYears = 2;

    public static readonly IReadOnlyDictionary<string, int> GradePoints = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["不合格"] = 4, ["合格"] = 2, ["良好"] = 1, ["优秀"] = 0,
    };

    /// <summary>
    /// The weighting a request asks for, as recorded: null for a uniform draw (like every draw before weighting existed),
    /// <see cref="RiskV1"/> for a risk-weighted one; anything else is refused (400).
    /// </summary>
    public static string? Parse(string? requested) => requested switch
    {
        null or Uniform => null,
        Risk => RiskV1,
        _ => throw RuleViolation.Invalid("unknown_weighting", "抽取方式须为 uniform（等概率）或 risk（按风险加权）",
            "weighting must be uniform or risk", "weighting"),
    };

    /// <summary>Rule <c>risk-v1</c>, pure: the weight (≥ 1) and its factors, e.g. <c>"grade:不合格+4,overdue:2×3"</c>.</summary>
    public static (int Weight, string Factors) WeighRiskV1(DrawRiskInputs inputs)
    {
        var weight = BaseWeight;
        var factors = new List<string>();
        if (inputs.Grade is { } grade)
        {
            var points = GradePoints.GetValueOrDefault(grade);
            weight += points;
            factors.Add($"grade:{grade}+{points}");
        }
        void Count(string code, int count, int cap, int points)
        {
            var counted = Math.Clamp(count, 0, cap);
            if (counted == 0) return;
            weight += counted * points;
            factors.Add($"{code}:{counted}×{points}");
        }
        Count("overdue", inputs.OverdueOrders, OverdueOrderCap, OverdueOrderPoints);
        Count("complaints", inputs.SubstantiatedComplaints, ComplaintCap, ComplaintPoints);
        Count("reports", inputs.MissedAnnualReports, MissedReportCap, MissedReportPoints);
        return (weight, string.Join(",", factors));
    }

    /// <summary>The weights of the candidates in their order, by rule <c>risk-v1</c> (a unit without inputs weighs 1).</summary>
    public static DrawWeight[] WeighAll(IEnumerable<Guid> candidateUnitIds, IReadOnlyDictionary<Guid, DrawRiskInputs>? inputs) =>
        candidateUnitIds.Select(id =>
        {
            var (weight, factors) = WeighRiskV1(inputs?.GetValueOrDefault(id) ?? new DrawRiskInputs());
            return new DrawWeight(id, weight, factors);
        }).ToArray();

    /// <summary>
    /// The inputs of every candidate from four set queries (grades, overdue orders, complaints, annual reports with their
    /// rounds), each filtered in SQL and grouped by unit here — not one query per unit: a jurisdiction has thousands.
    /// Only units with something recorded are in the answer.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, DrawRiskInputs>> RiskInputsAsync(IQuerySession session, IReadOnlyCollection<SupervisedUnit> units,
        DateTimeOffset now, CancellationToken ct)
    {
        var ids = units.Select(u => u.Id).ToArray();
        var result = new Dictionary<Guid, DrawRiskInputs>();
        if (ids.Length == 0) return result;
        DrawRiskInputs Of(Guid id) => result.GetValueOrDefault(id) ?? new DrawRiskInputs();
        var today = WorkingDayCalendar.BeijingToday(now);
        var recentFrom = today.AddYears(-RecentYears);

        // The latest published evaluation of each agency (a review's result is the evaluation's grade).
        var grades = await session.Query<AgencyEvaluation>().Where(e => e.Status == EvaluationStatus.Published && ids.Contains(e.UnitId))
            .Select(e => new { e.UnitId, e.Year, e.PublishedAt, e.Grade }).ToListAsync(ct);
        foreach (var g in grades.GroupBy(g => g.UnitId))
            result[g.Key] = Of(g.Key) with { Grade = g.OrderByDescending(x => x.Year).ThenByDescending(x => x.PublishedAt).First().Grade };

        var overdue = await session.Query<Rectification>().Where(r => r.IsOverdue && r.Status != RectificationStatus.Closed && ids.Contains(r.UnitId))
            .Select(r => new { r.UnitId }).ToListAsync(ct);
        foreach (var g in overdue.GroupBy(r => r.UnitId))
            result[g.Key] = Of(g.Key) with { OverdueOrders = g.Count() };

        // Received on or after the Beijing day two years back, as the risk score counts them.
        var receivedFrom = new DateTimeOffset(recentFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        var nullableIds = ids.Select(id => (Guid?)id).ToArray();
        var complaints = await session.Query<Complaint>().Where(c => c.Substantiated == true && c.ReceivedAt >= receivedFrom && nullableIds.Contains(c.UnitId))
            .Select(c => new { c.UnitId }).ToListAsync(ct);
        foreach (var g in complaints.Where(c => c.UnitId is not null).GroupBy(c => c.UnitId!.Value))
            result[g.Key] = Of(g.Key) with { SubstantiatedComplaints = g.Count() };

        // Art. 36: a unit reports to its own department; a round counts once its due date has passed (2 years back).
        var departments = units.Select(u => u.JurisdictionId).Distinct().ToArray();
        var rounds = await session.Query<AnnualReportRound>().Where(r => departments.Contains(r.DepartmentId) && r.DueOn < today && r.DueOn >= recentFrom)
            .ToListAsync(ct);
        if (rounds.Count > 0)
        {
            var roundIds = rounds.Select(r => r.Id).ToArray();
            var reported = (await session.Query<AnnualReport>().Where(r => roundIds.Contains(r.RoundId)).Select(r => new { r.RoundId, r.UnitId }).ToListAsync(ct))
                .Select(r => (r.RoundId, r.UnitId)).ToHashSet();
            var candidates = ids.ToHashSet();
            var missed = rounds.SelectMany(r => r.Units.Where(u => candidates.Contains(u.UnitId) && !reported.Contains((r.Id, u.UnitId))).Select(u => u.UnitId));
            foreach (var g in missed.GroupBy(id => id))
                result[g.Key] = Of(g.Key) with { MissedAnnualReports = g.Count() };
        }
        return result;
    }
}
