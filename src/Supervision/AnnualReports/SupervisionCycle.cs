using Marten;
using Supervision.Inspections;
using Supervision.Shared;

namespace Supervision.AnnualReports;

/// <summary>
/// The annual supervision cycle in figures (issue 17): the units' Art. 36 reports — due, received on time, late, missing (the
/// due date passed without one) and still pending (not yet due) — and the Art. 39 evaluations by grade (the grade in force,
/// after any review), with how many a review changed.
/// </summary>
public sealed record SupervisionCycleFigures(int ReportsDue, int ReportsOnTime, int ReportsLate, int ReportsMissing, int ReportsPending,
    IReadOnlyDictionary<string, int> EvaluationsByGrade, int EvaluationsChangedOnReview)
{
    public int Evaluations => EvaluationsByGrade.Values.Sum();
}

public static class SupervisionCycle
{
    /// <summary>
    /// For the dashboard's period: the rounds whose due date falls in [<paramref name="from"/>, <paramref name="to"/>] and the
    /// results published in it. Rounds and evaluations are documents (one round per department and year, one evaluation per
    /// agency and year), so this reads a few rows, not events.
    /// </summary>
    public static async Task<SupervisionCycleFigures> ForPeriodAsync(IQuerySession session, string scopePath, DateOnly from, DateOnly to, DateOnly today,
        CancellationToken ct)
    {
        var rounds = await AnnualReportEndpoints.SummariesAsync(session, scopePath, today, null, ct, dueFrom: from, dueTo: to);
        var start = WorkingDayCalendar.EndOfDayBeijing(from.AddDays(-1));
        var end = WorkingDayCalendar.EndOfDayBeijing(to);
        var evaluations = await session.Query<AgencyEvaluation>()
            .Where(e => e.JurisdictionPath.StartsWith(scopePath) && e.Status == EvaluationStatus.Published && e.PublishedAt >= start && e.PublishedAt < end)
            .ToListAsync(ct);
        return Figures(rounds, evaluations);
    }

    /// <summary>For the annual statistics of <paramref name="year"/>: that year's rounds and the evaluations of that year.</summary>
    public static async Task<SupervisionCycleFigures> ForYearAsync(IQuerySession session, string scopePath, int year, IReadOnlyList<RoundSummary> rounds,
        CancellationToken ct)
    {
        var evaluations = await session.Query<AgencyEvaluation>()
            .Where(e => e.JurisdictionPath.StartsWith(scopePath) && e.Status == EvaluationStatus.Published && e.Year == year).ToListAsync(ct);
        return Figures(rounds, evaluations);
    }

    /// <summary>Pure: the figures from the round summaries and the published evaluations.</summary>
    public static SupervisionCycleFigures Figures(IReadOnlyCollection<RoundSummary> rounds, IReadOnlyCollection<AgencyEvaluation> published) => new(
        rounds.Sum(r => r.Due), rounds.Sum(r => r.Reported - r.Late), rounds.Sum(r => r.Late), rounds.Sum(r => r.Missing), rounds.Sum(r => r.Pending),
        InspectionChecklists.Grades.ToDictionary(g => g, g => published.Count(e => e.Grade == g)),
        published.Count(e => e.Reviews.Any(r => r.Changed)));
}
