using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Dashboards;

/// <summary>
/// R25: the annual enforcement statistics of a department (档案行政执法统计), published by 31 January of the next
/// year: its own figures and those of every jurisdiction below it, one line each, and the total. Built from the
/// <see cref="EnforcementMonth"/> rows (the 12 months of the year added up), so no event is read again.
/// </summary>
public sealed record AnnualStatistics(
    int Year, string Jurisdiction, string JurisdictionName, string DepartmentName, string From, string To, DateOnly PublishBy,
    EnforcementTotals Totals, IReadOnlyList<AnnualStatisticsLine> ByJurisdiction,
    IReadOnlyList<AnnualReports.RoundSummary>? AnnualReports = null, IReadOnlyList<AnnualReports.RegionReportSummary>? RegionReports = null,
    AnnualReports.SupervisionCycleFigures? Cycle = null)
{
    /// <summary>"乌鲁木齐市档案局 2025年度档案行政执法统计".</summary>
    public string Title => $"{DepartmentName} {Year}年度档案行政执法统计";
}

/// <summary>One jurisdiction's own figures (not those below it): every jurisdiction in scope has a line, zeros included.</summary>
public sealed record AnnualStatisticsLine(string JurisdictionId, string Name, string DepartmentName, int Level, EnforcementTotals Totals);

public static class AnnualStatisticsQueries
{
    public const int FirstYear = 2000;

    /// <summary>Year in 2000..current (Beijing time), leader role, jurisdiction the actor covers (404 otherwise).</summary>
    public static async Task<AnnualStatistics> ForYear(Actor actor, IQuerySession session, TimeProvider clock, int year, string? jurisdiction,
        AnnualReports.AnnualReportOptions options, CancellationToken ct)
    {
        var currentYear = WorkingDayCalendar.BeijingToday(clock.GetUtcNow()).Year;
        if (year < FirstYear || year > currentYear)
            throw RuleViolation.Invalid("invalid_year", $"统计年度须在 {FirstYear}–{currentYear} 之间", $"year must be {FirstYear}..{currentYear}", "year");
        var scope = Scope.For(actor, jurisdiction); // 404 for a jurisdiction the actor does not cover
        if (!actor.IsIn(Roles.Leader))
            throw RuleViolation.Forbidden("年度执法统计仅限本级或上级部门领导查看", "Only a leader of the jurisdiction or above may see the annual statistics (R25)");

        string from = $"{year:D4}-01", to = $"{year:D4}-12";
        var rows = await session.Query<EnforcementMonth>()
            .Where(r => r.JurisdictionPath.StartsWith(scope) && string.Compare(r.Month, from) >= 0 && string.Compare(r.Month, to) <= 0)
            .ToListAsync(ct);
        // Art. 36: the year's annual reports of the departments in scope — due, reported (late among them), missing (issue 17 §2).
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var annual = await Supervision.AnnualReports.AnnualReportEndpoints.SummariesAsync(session, scope, today, year, ct);
        // Art. 36 第二句: the region reports the departments in scope received from those directly below them.
        var regions = await Supervision.AnnualReports.RegionReportEndpoints.SummariesAsync(session, scope, year, today, options, ct);
        // Art. 39: the year's evaluations of service agencies by grade (issue 17 §3).
        var cycle = await Supervision.AnnualReports.SupervisionCycle.ForYearAsync(session, scope, year, annual, ct);
        return Build(year, scope, rows) with { AnnualReports = annual, RegionReports = regions, Cycle = cycle };
    }

    /// <summary>Pure: the statistics of the jurisdiction at <paramref name="scopePath"/> from its month rows.</summary>
    public static AnnualStatistics Build(int year, string scopePath, IReadOnlyCollection<EnforcementMonth> rows)
    {
        var root = JurisdictionCatalogue.All.First(j => j.Path == scopePath);
        // Only the rows of the year and scope count, whatever the caller passed.
        string from = $"{year:D4}-01", to = $"{year:D4}-12";
        var inYear = rows.Where(r => JurisdictionPaths.Covers(scopePath, r.JurisdictionPath)
            && string.CompareOrdinal(r.Month, from) >= 0 && string.CompareOrdinal(r.Month, to) <= 0).ToList();
        var lines = JurisdictionCatalogue.All
            .Where(j => JurisdictionPaths.Covers(scopePath, j.Path))
            .OrderBy(j => j.Path, StringComparer.Ordinal)
            .Select(j => new AnnualStatisticsLine(j.Id, j.Name, j.DepartmentName, j.Level,
                DashboardQueries.Sum(inYear.Where(r => r.JurisdictionId == j.Id).ToList())))
            .ToList();
        return new AnnualStatistics(year, root.Id, root.Name, root.DepartmentName, from, to, new DateOnly(year + 1, 1, 31),
            DashboardQueries.Sum(inYear), lines);
    }

    /// <summary>GET /api/statistics/{year}?jurisdiction= — the year's figures per jurisdiction and in total (JSON).</summary>
    [WolverineGet("/api/statistics/{year}", OperationId = "GetAnnualStatistics")]
    public static async Task<AnnualStatistics> Get(int year, ClaimsPrincipal user, ReadSessions reads, TimeProvider clock, string? jurisdiction,
        AnnualReports.AnnualReportOptions options, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await ForYear(Actor.From(user), session, clock, year, jurisdiction, options, ct);
    }

    /// <summary>GET /api/statistics/{year}.csv?jurisdiction= — UTF-8 with BOM, Chinese headers, a total line.</summary>
    [WolverineGet("/api/statistics/{year}.csv", OperationId = "GetAnnualStatisticsCsv")]
    public static async Task<IResult> Csv(int year, ClaimsPrincipal user, ReadSessions reads, TimeProvider clock, string? jurisdiction, HttpContext http,
        AnnualReports.AnnualReportOptions options, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct);
        var s = await ForYear(Actor.From(user), session, clock, year, jurisdiction, options, ct);
        return Download(http, AnnualStatisticsExport.Csv(s), AnnualStatisticsExport.CsvContentType, s, "csv");
    }

    /// <summary>GET /api/statistics/{year}.xlsx?jurisdiction= — a workbook with the title, Chinese headers and a total row.</summary>
    [WolverineGet("/api/statistics/{year}.xlsx", OperationId = "GetAnnualStatisticsXlsx")]
    public static async Task<IResult> Xlsx(int year, ClaimsPrincipal user, ReadSessions reads, TimeProvider clock, string? jurisdiction, HttpContext http,
        AnnualReports.AnnualReportOptions options, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct);
        var s = await ForYear(Actor.From(user), session, clock, year, jurisdiction, options, ct);
        return Download(http, AnnualStatisticsExport.Xlsx(s), AnnualStatisticsExport.XlsxContentType, s, "xlsx");
    }

    private static IResult Download(HttpContext http, byte[] content, string contentType, AnnualStatistics s, string extension)
    {
        http.Response.Headers.ContentDisposition = AnnualStatisticsExport.ContentDisposition(s, extension);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(content, contentType);
    }
}
