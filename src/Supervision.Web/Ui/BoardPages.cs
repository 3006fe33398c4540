using System.Globalization;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Supervision.CaseRecords;
using Supervision.Dashboards;
using Supervision.Shared;
using Supervision.Units;
using Supervision.Web.Pages.Boards;
using Supervision.Web.Pages.Complaints;
using Supervision.Web.Pages.Shared;
using static Supervision.Web.Pages.PageResults;
using static Supervision.Web.Pages.Shared.Fmt;

namespace Supervision.Web.Ui;

/// <summary>
/// The read pages over the query endpoints: 期限看板 (/deadlines), 案卷 (/cases/{id}/file), 被监督单位 (/units,
/// /units/{id}), 年度统计 (/statistics), 统计明细 (/dashboard/cases) and the staff intake form 登记投诉举报
/// (/complaints/new). Each page calls the very method behind its API (<c>DeadlineBoardQueries.List</c>,
/// <see cref="CaseFile.Get"/>, <c>UnitEndpoints.List</c>, <c>UnitProfileQueries.Get</c>,
/// <see cref="AnnualStatisticsQueries.ForYear"/>, <see cref="DashboardDrillDown.Get"/>), so the page and the API
/// always agree and every rule (scope, roles, Art. 44 exclusions) is applied in one place. The pages are components
/// in Pages/Boards; filters are plain GET forms; only the intake form posts JSON to POST /api/complaints through app.js.
/// </summary>
public static class BoardPages
{
    public const int PageSize = BoardNames.PageSize;

    public static void MapBoardPages(this WebApplication app)
    {
        app.MapGet("/deadlines", Deadlines).RequireAuthorization();
        app.MapGet("/cases/{id:guid}/file", CaseFilePage).RequireAuthorization();
        app.MapGet("/units", UnitList).RequireAuthorization();
        app.MapGet("/units/{id:guid}", UnitProfilePage).RequireAuthorization();
        app.MapGet("/map", MapPage).RequireAuthorization();
        app.MapGet("/statistics", Statistics).RequireAuthorization();
        app.MapGet("/public/statistics", PublicStatistics).AllowAnonymous().RequireRateLimiting(HostSetup.PublicRateLimit);
        app.MapGet("/complaints/new", NewComplaint).RequireAuthorization();
        app.MapGet("/dashboard/cases", DrillDownPage).RequireAuthorization();
    }

    private static async Task<IResult> Deadlines(ClaimsPrincipal user, ReadSessions reads, WorkingDayCalendar calendar, TimeProvider clock,
        Supervision.AnnualReports.AnnualReportOptions options, string? jurisdiction, string? status, string? kind, string? owner, string? dueBefore, string? page,
        CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        var actor = Actor.From(user);
        (jurisdiction, status, kind, owner, dueBefore) = (N(jurisdiction), N(status), N(kind), N(owner), N(dueBefore));
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        DeadlinesView View(DeadlinePage? board, IReadOnlyDictionary<string, string> names, string? refused = null) =>
            new(actor, jurisdiction, status, kind, owner, dueBefore, board, names, calendar, today, refused);
        DeadlinePage board;
        try
        {
            board = await DeadlineBoardQueries.List(user, session, calendar, clock, jurisdiction, owner, status, kind, dueBefore, PageNumber(page), PageSize, ct);
        }
        catch (RuleViolation v)
        {
            var (code, message) = Refusal(v, "无权查看该辖区的期限：只能查看本辖区及下级辖区。");
            return Page<DeadlinesPage>(View(null, new Dictionary<string, string>(), message), code);
        }
        // Art. 36 reports still due or missing in the scope (issue 17 §2), beside the case deadlines.
        var department = JurisdictionCatalogue.Find(jurisdiction) ?? JurisdictionCatalogue.Find(actor.JurisdictionId);
        var scope = department?.Path ?? actor.JurisdictionPath;
        var annual = await Supervision.AnnualReports.AnnualReportEndpoints.OutstandingAsync(session, scope, today, ct);
        // Art. 36 第二句: the region reports missing from the departments directly below (the latest year already due).
        var regions = department is null ? [] : await Supervision.AnnualReports.RegionReportEndpoints.MissingBelowAsync(session, department.Id, today, options, ct);
        return Page<DeadlinesPage>(View(board, await DisplayNames(session, board.Items.SelectMany(i => i.Owners), ct)) with { AnnualReports = annual, RegionReports = regions });
    }

    private static async Task<IResult> CaseFilePage(Guid id, ClaimsPrincipal user, IQuerySession session, string? page, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (await CaseFile.Get(id, user, session, ct) is not Ok<CaseFileView> { Value: { } file }) return Results.NotFound();
        // The timeline in pages of CaseFilePageView.PageSize (100), in time order; the JSON and the PDF case file stay whole.
        var p = PageNumber(page);
        var shown = file.Timeline.Skip((p - 1) * CaseFilePageView.PageSize).Take(CaseFilePageView.PageSize).ToList();
        var names = await DisplayNames(session, shown.Select(e => e.UserName).OfType<string>(), ct);
        return Page<Pages.Boards.CaseFilePage>(new CaseFilePageView(actor, id, file, names, shown, p));
    }

    private static async Task<IResult> UnitList(ClaimsPrincipal user, ReadSessions reads, string? jurisdiction, string? q, string? page, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        var actor = Actor.From(user);
        (jurisdiction, q) = (N(jurisdiction), N(q));
        try
        {
            var units = await UnitEndpoints.List(user, session, jurisdiction, q, PageNumber(page), PageSize, ct);
            return Page<UnitsPage>(new UnitsView(actor, jurisdiction, q, units));
        }
        catch (RuleViolation v)
        {
            var (code, message) = Refusal(v, "无权查看该辖区的单位：只能查看本辖区及下级辖区。");
            return Page<UnitsPage>(new UnitsView(actor, jurisdiction, q, null, message), code);
        }
    }

    private static async Task<IResult> MapPage(ClaimsPrincipal user, ReadSessions reads, string? jurisdiction, IWebHostEnvironment env, CancellationToken ct)
    {
        var actor = Actor.From(user);
        jurisdiction = N(jurisdiction);
        try
        {
            var leaflet = env.WebRootFileProvider.GetFileInfo("lib/leaflet.markercluster/leaflet.markercluster.js").Exists
                && env.WebRootFileProvider.GetFileInfo("lib/leaflet/leaflet.js").Exists;
            return Page<Pages.Boards.MapPage>(new MapView(actor, jurisdiction, await UnitMap.Get(user, reads, jurisdiction, ct), Leaflet: leaflet));
        }
        catch (RuleViolation v)
        {
            var (code, message) = Refusal(v, "无权查看该辖区的单位：只能查看本辖区及下级辖区。");
            return Page<Pages.Boards.MapPage>(new MapView(actor, jurisdiction, null, message), code);
        }
    }

    private static async Task<IResult> UnitProfilePage(Guid id, ClaimsPrincipal user, IQuerySession session, TimeProvider clock,
        string? inspectionsPage, string? ordersPage, string? sanctionsPage, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var pages = new UnitProfilePages(PageNumber(inspectionsPage), PageNumber(ordersPage), PageNumber(sanctionsPage));
        if (await UnitProfileQueries.Get(id, user, session, clock, pages, ct) is not Ok<UnitProfile> { Value: { } p }) return Results.NotFound();
        var accounts = actor.IsIn(Roles.Leader, Roles.Admin) ? await Supervision.Portal.UnitPortal.AccountsAsync(session, id, ct) : [];
        return Page<Pages.Boards.UnitProfilePage>(new UnitProfileView(actor, p, await session.LoadAsync<SupervisedUnit>(id, ct), accounts));
    }

    private static async Task<IResult> Statistics(ClaimsPrincipal user, IQuerySession session, ReadSessions reads, TimeProvider clock,
        Supervision.AnnualReports.AnnualReportOptions options, string? year, string? jurisdiction, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor.Role != Roles.Leader)
            return Page<RefusedPage>(new RefusedView("年度执法统计", actor, "年度执法统计仅供领导查看。如需查看，请联系本部门领导。"), 403);
        jurisdiction = N(jurisdiction);
        var currentYear = WorkingDayCalendar.BeijingToday(clock.GetUtcNow()).Year;
        var y = int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : currentYear;
        AnnualStatistics s;
        try
        {
            // The figures from the read side; the publication the form below posts to from the primary (read your own write).
            await using var figures = await reads.OpenAsync(ct);
            s = await AnnualStatisticsQueries.ForYear(actor, figures, clock, y, jurisdiction, options, ct);
        }
        catch (RuleViolation v)
        {
            var (code, message) = Refusal(v, "无权查看该辖区的年度统计：领导只能查看本辖区及下级辖区。");
            return Page<StatisticsPage>(new StatisticsView(actor, y, currentYear, jurisdiction, null, false, null, message), code);
        }
        // R25: the department's own statistics of a finished year are published from here (again = a correction).
        var mayPublish = s.Jurisdiction == actor.JurisdictionId && s.Year < currentYear;
        var published = mayPublish ? await session.LoadAsync<StatisticsPublication>(StatisticsPublication.StreamId(s.Jurisdiction, s.Year), ct) : null;
        return Page<StatisticsPage>(new StatisticsView(actor, y, currentYear, jurisdiction, s, mayPublish, published));
    }

    /// <summary>R25, for the public: the published annual statistics, and one of them as a table. No login.</summary>
    private static async Task<IResult> PublicStatistics(ReadSessions reads, string? jurisdiction, string? year, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        if (N(jurisdiction) is { } j && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
        {
            var p = j.Length <= 20 ? await session.LoadAsync<StatisticsPublication>(StatisticsPublication.StreamId(j, y), ct) : null;
            return p?.Statistics is null
                ? Page<PublicStatisticsPage>(new PublicStatisticsView(null, null), 404)
                : Page<PublicStatisticsPage>(new PublicStatisticsView(null, p));
        }
        return Page<PublicStatisticsPage>(new PublicStatisticsView(await StatisticsPublicationEndpoints.List(session, ct), null));
    }

    private static async Task<IResult> NewComplaint(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Roles.ComplaintHandler, Roles.Leader))
            return Page<RefusedPage>(new RefusedView("登记投诉举报", actor, "登记投诉举报由投诉举报处理人员或领导办理。"), 403);
        var units = await session.Query<SupervisedUnit>().Where(u => u.JurisdictionPath.StartsWith(actor.JurisdictionPath))
            .OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Name).ToListAsync(ct);
        // A datetime-local picker in Beijing time (app.js sends it with +08:00).
        var now = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        return Page<NewComplaintPage>(new NewComplaintView(actor, units, now));
    }

    private static async Task<IResult> DrillDownPage(ClaimsPrincipal user, ReadSessions reads, TimeProvider clock,
        string? figure, string? item, string? jurisdiction, string? from, string? to, bool? own, CancellationToken ct)
    {
        var actor = Actor.From(user);
        (figure, item, jurisdiction, from, to) = (N(figure) ?? "inspectionsPlanned", N(item), N(jurisdiction), N(from), N(to));
        try
        {
            var d = await DashboardDrillDown.Get(user, reads, clock, figure, item, jurisdiction, from, to, own, ct);
            return Page<Pages.Boards.DrillDownPage>(new DrillDownView(actor, figure, item, jurisdiction, from, to, d, Own: own == true));
        }
        catch (RuleViolation v)
        {
            var (code, message) = Refusal(v, "无权查看该辖区的统计明细：只能查看本辖区及下级辖区。");
            return Page<Pages.Boards.DrillDownPage>(new DrillDownView(actor, figure, item, jurisdiction, from, to, null, message, own == true), code);
        }
    }

    private static async Task<Dictionary<string, string>> DisplayNames(IQuerySession session, IEnumerable<string> userNames, CancellationToken ct)
    {
        var ids = userNames.Where(n => !string.IsNullOrEmpty(n)).Distinct().ToArray();
        if (ids.Length == 0) return [];
        return (await session.LoadManyAsync<AppUser>(ct, ids)).ToDictionary(u => u.Id, u => u.DisplayName);
    }

    /// <summary>A refused filter: a jurisdiction outside the user's (the API's 404) is a 403 page that says why.</summary>
    private static (int Status, string Message) Refusal(RuleViolation v, string outOfScope) =>
        v.Status == 404 ? (403, outOfScope) : (v.Status, Message(v));
}
