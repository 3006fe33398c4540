using System.Security.Claims;
using Marten;
using Supervision.AnnualReports;
using Supervision.Shared;
using Supervision.Web.Pages.AnnualReports;
using static Supervision.Web.Pages.PageResults;

namespace Supervision.Web.Ui;

/// <summary>The pages of the Art. 36 annual reports (issue 17 §2); the rules are AnnualReports/AnnualReports.cs.</summary>
public static class AnnualReportPages
{
    public static void MapAnnualReportPages(this WebApplication app)
    {
        app.MapGet("/annual-reports", Round).RequireAuthorization();
        app.MapGet("/annual-reports/{id:guid}", Report).RequireAuthorization();
        app.MapGet("/region-reports", RegionReports).RequireAuthorization();
        app.MapGet("/agency-evaluations", Evaluations).RequireAuthorization();
        app.MapGet("/public/agency-evaluations", PublishedEvaluations).AllowAnonymous().RequireRateLimiting(HostSetup.PublicRateLimit);
        app.MapGet("/region-reports/{id:guid}", RegionReport).RequireAuthorization();
    }

    /// <summary>Art. 39: the agencies of the reader's region (the department's own and below) with its evaluation of the year.</summary>
    private static async Task<IResult> Evaluations(int? year, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Roles.Inspector, Roles.Leader) || JurisdictionCatalogue.Find(actor.JurisdictionId) is null) return Results.NotFound();
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var y = year is >= 2000 && year <= today.Year ? year.Value : today.Year - 1;
        var agencies = await session.Query<Supervision.Units.SupervisedUnit>()
            .Where(u => u.JurisdictionPath.StartsWith(actor.JurisdictionPath) && u.Kind == UnitKind.ArchiveServiceAgency).OrderBy(u => u.Name).Take(200).ToListAsync(ct);
        var ids = agencies.Select(u => AgencyEvaluationRules.EvaluationId(actor.JurisdictionId, y, u.Id)).ToArray();
        var evaluations = ids.Length == 0 ? [] : (await session.LoadManyAsync<AgencyEvaluation>(ct, ids)).Where(e => e is not null).ToDictionary(e => e.UnitId);
        var officers = (await session.Query<AppUser>().Where(u => u.JurisdictionId == actor.JurisdictionId && u.Role == Roles.Inspector).ToListAsync(ct))
            .Where(u => u.IsCertified).OrderBy(u => u.Id).ToList();
        return Page<EvaluationsPage>(new EvaluationsPageView(actor, y, agencies.Select(u => (u, evaluations.GetValueOrDefault(u.Id))).ToList(), officers, today));
    }

    private static async Task<IResult> PublishedEvaluations(int? year, ReadSessions reads, TimeProvider clock, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        var y = year ?? WorkingDayCalendar.BeijingToday(clock.GetUtcNow()).Year - 1;
        return Page<Supervision.Web.Pages.Public.PublishedEvaluationsPage>(new PublishedEvaluationsView(y, await AgencyEvaluationEndpoints.PublishedAsync(session, y, ct)));
    }

    private static async Task<IResult> RegionReports(int? year, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, AnnualReportOptions options,
        CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor.Role != Roles.Leader) return Results.NotFound(); // the leader reports the region, and sees those below
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var y = year is >= 2000 && year <= today.Year ? year.Value : today.Year - 1;
        return Page<RegionReportsPage>(new RegionReportsPageView(actor, await RegionReportEndpoints.ViewAsync(session, actor, y, clock, options, ct), today));
    }

    private static async Task<IResult> RegionReport(Guid id, ClaimsPrincipal user, IQuerySession session, AnnualReportOptions options, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var report = await session.LoadAsync<RegionAnnualReport>(id, ct);
        if (report is null || actor.Role == Roles.Unit || !actor.Covers(report.JurisdictionPath)) return Results.NotFound();
        var due = report.DueOn ?? RegionReportRules.DueOn(report.Year, options);
        return Page<RegionReportPage>(new RegionReportPageView(actor, report, actor.IsIn(AnnualReportRules.Reviewers) && actor.JurisdictionId == report.ParentDepartmentId,
            due, RegionReportRules.LateOf(report, due)));
    }

    private static async Task<IResult> Round(int? year, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, AnnualReportOptions options, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (JurisdictionCatalogue.Find(actor.JurisdictionId) is not { } department || actor.Role == Roles.Unit) return Results.NotFound();
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var y = year is >= 2000 && year <= today.Year ? year.Value : today.Year - 1; // the year last ended: the one being reported
        var view = await AnnualReportEndpoints.ViewAsync(session, department.Id, y, clock, ct);
        return Page<RoundPage>(new RoundPageView(actor, y, department.DepartmentName, view, view is null && actor.Role == Roles.Leader,
            actor.IsIn(AnnualReportRules.Reviewers), today, AnnualReportRules.DefaultDueOn(y, options)));
    }

    private static async Task<IResult> Report(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var report = await session.LoadAsync<AnnualReport>(id, ct);
        if (report is null || actor.Role == Roles.Unit || !AnnualReportEndpoints.MaySee(report, actor)) return Results.NotFound();
        var round = (await session.LoadAsync<AnnualReportRound>(report.RoundId, ct))!;
        return Page<ReportPage>(new ReportPageView(actor, report, round, actor.IsIn(AnnualReportRules.Reviewers) && actor.JurisdictionId == report.DepartmentId));
    }
}
