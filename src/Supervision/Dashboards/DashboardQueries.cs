using System.Globalization;
using System.Security.Claims;
using Marten;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Dashboards;

/// <summary>The enforcement dashboard of a jurisdiction and everything below it over a month range.</summary>
public sealed record Dashboard(
    string Jurisdiction, string JurisdictionName, string From, string To,
    EnforcementTotals Totals, IReadOnlyList<JurisdictionTotals> ByJurisdiction, IReadOnlyList<MonthTotals> ByMonth,
    AnnualReports.SupervisionCycleFigures? Cycle = null);

/// <summary>执法统计数字 / Enforcement figures.</summary>
public sealed record EnforcementTotals(
    int InspectionsPlanned, int InspectionsDrawnAtRandom, int InspectionsConcluded, int InspectionsCancelled, int Obstructions,
    IReadOnlyDictionary<string, int> FocusItems, IReadOnlyDictionary<string, int> HazardsByItem,
    int OrdersIssued, int OrdersCorrected, int OrdersCorrectedOnTime, int OrdersOverdue, double? OnTimeRectificationRate,
    int ComplaintsReceived, int ComplaintsAccepted, int ComplaintsNotAccepted, int ComplaintsTransferred, int ComplaintsClosed,
    int ComplaintsNotified, int ComplaintAcceptanceOverdue, int ComplaintHandlingOverdue, int ComplaintNotificationOverdue,
    int SanctionCasesOpened, int PenaltiesDecided, int PenaltiesPublished, int NoPenaltyDecisions, int DecisionsChanged,
    int DisciplineRecommendations, int CriminalTransfers, int ReferralsSent, int ReferralsReceived,
    IReadOnlyDictionary<string, int>? InspectionsByGrade = null);

/// <summary>某辖区的执法统计 / The figures of one jurisdiction.</summary>
public sealed record JurisdictionTotals(string JurisdictionId, string Name, EnforcementTotals Totals);
/// <summary>某月的执法统计 / The figures of one month.</summary>
public sealed record MonthTotals(string Month, EnforcementTotals Totals);

public static class DashboardQueries
{
    public static EnforcementTotals Sum(IReadOnlyCollection<EnforcementMonth> rows)
    {
        static Dictionary<string, int> Merge(IEnumerable<Dictionary<string, int>> ds) =>
            ds.SelectMany(d => d).GroupBy(kv => kv.Key).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var corrected = rows.Sum(r => r.OrdersCorrected);
        var onTime = rows.Sum(r => r.OrdersCorrectedOnTime);
        var overdue = rows.Sum(r => r.OrdersOverdue);
        return new EnforcementTotals(
            rows.Sum(r => r.InspectionsPlanned), rows.Sum(r => r.InspectionsDrawnAtRandom), rows.Sum(r => r.InspectionsConcluded),
            rows.Sum(r => r.InspectionsCancelled), rows.Sum(r => r.Obstructions), Merge(rows.Select(r => r.FocusItems)), Merge(rows.Select(r => r.HazardsByItem)),
            rows.Sum(r => r.OrdersIssued), corrected, onTime, overdue,
            // Settled orders are those corrected in time and those that went overdue (each at most once): the share in time.
            onTime + overdue == 0 ? null : Math.Round((double)onTime / (onTime + overdue), 4),
            rows.Sum(r => r.ComplaintsReceived), rows.Sum(r => r.ComplaintsAccepted), rows.Sum(r => r.ComplaintsNotAccepted),
            rows.Sum(r => r.ComplaintsTransferred), rows.Sum(r => r.ComplaintsClosed), rows.Sum(r => r.ComplaintsNotified),
            rows.Sum(r => r.ComplaintAcceptanceOverdue), rows.Sum(r => r.ComplaintHandlingOverdue), rows.Sum(r => r.ComplaintNotificationOverdue),
            rows.Sum(r => r.SanctionCasesOpened), rows.Sum(r => r.PenaltiesDecided), rows.Sum(r => r.PenaltiesPublished), rows.Sum(r => r.NoPenaltyDecisions),
            rows.Sum(r => r.DecisionsChanged), rows.Sum(r => r.DisciplineRecommendations), rows.Sum(r => r.CriminalTransfers),
            rows.Sum(r => r.ReferralsSent), rows.Sum(r => r.ReferralsReceived), Merge(rows.Select(r => r.InspectionGrades ?? [])));
    }

    private static string Month(string? value, string field, string fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw RuleViolation.Invalid("invalid_month", "月份格式应为 yyyy-MM", $"{field} must be yyyy-MM", field);
        return value;
    }

    /// <summary>The month range asked for: default January of this year to this month; refused when reversed.</summary>
    public static (string From, string To) Range(string? from, string? to, string thisMonth)
    {
        var fromMonth = Month(from, "from", thisMonth[..4] + "-01");
        var toMonth = Month(to, "to", thisMonth);
        if (string.CompareOrdinal(fromMonth, toMonth) > 0)
            throw RuleViolation.Invalid("invalid_range", "起始月份不能晚于结束月份", "from must not be after to", "from");
        return (fromMonth, toMonth);
    }

    /// <summary>GET /api/dashboard?jurisdiction=&amp;from=yyyy-MM&amp;to=yyyy-MM — a leader sees their jurisdiction and those below.</summary>
    [WolverineGet("/api/dashboard", OperationId = "GetDashboard")]
    public static async Task<Dashboard> Get(ClaimsPrincipal user, ReadSessions reads, TimeProvider clock, string? jurisdiction, string? from, string? to, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        var actor = Actor.From(user);
        var scope = Scope.For(actor, jurisdiction);
        var thisMonth = WorkingDayCalendar.BeijingToday(clock.GetUtcNow()).ToString("yyyy-MM");
        var (fromMonth, toMonth) = Range(from, to, thisMonth);
        var rows = await session.Query<EnforcementMonth>()
            .Where(r => r.JurisdictionPath.StartsWith(scope) && string.Compare(r.Month, fromMonth) >= 0 && string.Compare(r.Month, toMonth) <= 0)
            .ToListAsync(ct);
        var root = JurisdictionCatalogue.All.First(j => j.Path == scope);
        // The annual cycle of the period (issue 17): Art. 36 reports due in it, Art. 39 results published in it.
        var firstDay = DateOnly.ParseExact(fromMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lastDay = DateOnly.ParseExact(toMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1).AddDays(-1);
        var cycle = await AnnualReports.SupervisionCycle.ForPeriodAsync(session, scope, firstDay, lastDay, WorkingDayCalendar.BeijingToday(clock.GetUtcNow()), ct);
        return new Dashboard(root.Id, root.Name, fromMonth, toMonth, Sum(rows),
            rows.GroupBy(r => r.JurisdictionId).OrderBy(g => g.Key)
                .Select(g => new JurisdictionTotals(g.Key, JurisdictionCatalogue.Find(g.Key)?.Name ?? g.Key, Sum(g.ToList()))).ToList(),
            rows.GroupBy(r => r.Month).OrderBy(g => g.Key).Select(g => new MonthTotals(g.Key, Sum(g.ToList()))).ToList(), cycle);
    }
}
