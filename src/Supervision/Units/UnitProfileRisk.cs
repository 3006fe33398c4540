using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Sanctions;

namespace Supervision.Units;

/// <summary>What the risk score is made of: counts taken from the unit's case snapshots on a given day.</summary>
public sealed record UnitRiskInputs(
    int OpenHazards, int OverdueOrders, int SubstantiatedComplaints, int Obstructions, int SanctionDecisions, bool CleanInspectionLastYear,
    int MissingAnnualReports = 0);

/// <summary>One line of the explanation: how many, at what weight, how many points.</summary>
public sealed record UnitRiskFactor(string Code, string Label, int Count, int Weight, int Points);

/// <summary>0–100, with its level (低/中/高) and the factors, so a leader sees why.</summary>
public sealed record UnitRiskScore(int Score, string Level, IReadOnlyList<UnitRiskFactor> Factors);

/// <summary>
/// The risk score of a supervised unit: a simple, explainable sum of weighted signals, clamped to 0–100.
/// It ranks units for attention (which to inspect first); it decides nothing by itself.
/// <list type="bullet">
/// <item><b>Open hazard ×15</b> — each Art. 38 hazard not yet passed on re-inspection: a present threat to archive safety.</item>
/// <item><b>Overdue order ×25</b> — each rectification order past its deadline and still not corrected (R9). Ignoring a
///   legal order is the strongest sign of continued non-compliance, so it weighs most; it comes on top of the hazard's 15
///   (an overdue, uncorrected hazard = 40).</item>
/// <item><b>Substantiated complaint ×10</b> — complaints against the unit received in the last 2 years and found
///   substantiated: an outside signal, but one allegation, so weighed below what the department itself found.</item>
/// <item><b>Obstruction ×20</b> — refusal or obstruction of an inspection (Art. 40) in the last 2 years: the unit hides
///   what an inspection would find, so its other figures understate the risk.</item>
/// <item><b>Sanction decision ×15</b> — 通报批评 decided against the unit in the last 2 years and not revoked: a proven violation.</item>
/// <item><b>Missing annual report ×10</b> — an Art. 36 round of the last 2 years whose due date passed with no report from
///   the unit (issue 17 §2): a unit that does not account for its archive work is one to look at.</item>
/// <item><b>Clean inspection −10</b> — once, when an inspection concluded in the last year found no hazard and met no obstruction.</item>
/// </list>
/// Windows: current state for hazards and orders; 2 years for complaints, obstructions and decisions (older ones say
/// little about the unit now); 1 year for the clean inspection. Level: 0–29 低, 30–59 中, 60–100 高.
/// </summary>
public static class UnitRisk
{
    public const int OpenHazardWeight = 15;
    public const int OverdueOrderWeight = 25;
    public const int SubstantiatedComplaintWeight = 10;
    public const int ObstructionWeight = 20;
    public const int SanctionDecisionWeight = 15;
    public const int CleanInspectionCredit = -10;
    public const int MissingAnnualReportWeight = 10;
    public const int RecentYears = 2;

    public static UnitRiskScore Score(UnitRiskInputs inputs)
    {
        var factors = new List<UnitRiskFactor>
        {
            Factor("open_hazards", "未整改隐患（项）", inputs.OpenHazards, OpenHazardWeight),
            Factor("overdue_orders", "逾期未改正的责令限期改正通知书（份）", inputs.OverdueOrders, OverdueOrderWeight),
            Factor("substantiated_complaints", "近两年查证属实的投诉举报（件）", inputs.SubstantiatedComplaints, SubstantiatedComplaintWeight),
            Factor("obstructions", "近两年拒绝、阻碍检查（次）", inputs.Obstructions, ObstructionWeight),
            Factor("sanction_decisions", "近两年通报批评决定（份）", inputs.SanctionDecisions, SanctionDecisionWeight),
            Factor("missing_annual_reports", "近两年逾期未报送年度档案工作情况报告（次）", inputs.MissingAnnualReports, MissingAnnualReportWeight),
            Factor("clean_inspection", "近一年检查未发现问题", inputs.CleanInspectionLastYear ? 1 : 0, CleanInspectionCredit),
        };
        var score = Math.Clamp(factors.Sum(f => f.Points), 0, 100);
        return new UnitRiskScore(score, Level(score), factors);
    }

    public static string Level(int score) => score >= 60 ? "高" : score >= 30 ? "中" : "低";

    private static UnitRiskFactor Factor(string code, string label, int count, int weight) => new(code, label, count, weight, count * weight);

    /// <summary>The first day of the 2-year window (complaints, obstructions, decisions, annual reports).</summary>
    public static DateOnly RecentFrom(DateOnly today) => today.AddYears(-RecentYears);

    /// <summary>The first day of the 1-year window (the clean inspection).</summary>
    public static DateOnly YearFrom(DateOnly today) => today.AddYears(-1);

    /// <summary>The inputs from the case snapshots the reader may see, as of <paramref name="today"/> (Beijing date).</summary>
    public static UnitRiskInputs Inputs(
        IEnumerable<Inspection> inspections, IEnumerable<Rectification> rectifications, IEnumerable<Complaint> complaints,
        IEnumerable<SanctionCase> sanctions, DateOnly today, IEnumerable<(DateOnly DueOn, bool Reported)>? annualReports = null) =>
        UnitProfileFigures.Of(inspections, rectifications, complaints, sanctions, today).RiskInputs(today, annualReports);
}
