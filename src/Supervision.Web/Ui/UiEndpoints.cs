using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Supervision.CaseRecords;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Web.Pages.Shared;
using Supervision.Units;
using Supervision.Web.Auth;
using Supervision.Web.Pages.Account;
using Supervision.Web.Pages.Complaints;
using Supervision.Web.Pages.Inspections;
using Supervision.Web.Pages.Public;
using Supervision.Web.Pages.Rectifications;
using Supervision.Web.Pages.Workbench;
using static Supervision.Web.Pages.PageResults;

namespace Supervision.Web.Ui;

/// <summary>
/// The browser UI (Simplified Chinese). Each endpoint loads what its page shows and returns the page component
/// (Pages/**, static server rendering); actions post JSON to the same API the clients use (cookie-authenticated;
/// JSON-only bodies and SameSite=Strict cookies keep cross-site posts out), so every rule is enforced in one place.
/// </summary>
public static class UiEndpoints
{
    public static void MapSupervisionUi(this WebApplication app)
    {
        app.UseStaticFiles();
        app.MapGet("/login", ShowLogin).AllowAnonymous();
        app.MapPost("/login", Login).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).RequireAuthorization();
        app.MapGet("/", Workbench).RequireAuthorization();
        app.MapGet("/sync", (ClaimsPrincipal user) => Page<Supervision.Web.Pages.Sync.SyncPage>(Actor.From(user))).RequireAuthorization();
        Supervision.Web.Pages.Calendar.CalendarPageEndpoint.Map(app);
        app.MapGet("/public/inspection-draws", PublishedDraws).AllowAnonymous();
        app.MapGet("/inspection-draws", Draws).RequireAuthorization();
        app.MapGet("/inspection-draws/{id:guid}", DrawPage).RequireAuthorization();
        app.MapGet("/public/complaints", PublicComplaintForm).AllowAnonymous();
        app.MapGet("/public/complaints/status", PublicComplaintStatusPage).AllowAnonymous().RequireRateLimiting(HostSetup.PublicRateLimit);
        app.MapPost("/public/complaints/status", PublicComplaintStatusQuery).AllowAnonymous().RequireRateLimiting(HostSetup.PublicRateLimit).DisableAntiforgery();
        app.MapGet("/rectifications", RectificationBoard).RequireAuthorization();
        app.MapGet("/inspections/new", NewInspection).RequireAuthorization();
        app.MapGet("/inspections/{id:guid}", InspectionPage).RequireAuthorization();
        app.MapGet("/rectifications/{id:guid}", RectificationPage).RequireAuthorization();
        app.MapGet("/complaints/{id:guid}", ComplaintPage).RequireAuthorization();
        app.MapGet("/documents/{number}/service", DocumentServicePage).RequireAuthorization();
        app.MapDashboardPage();
        app.MapBoardPages();
        app.MapOfficerPages();
        app.MapPortalPages();
        app.MapAnnualReportPages();
    }

    /// <summary>一公开: the published random inspection draws and their results, for anyone.</summary>
    private static async Task<IResult> PublishedDraws(ReadSessions reads, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        var draws = await session.Query<InspectionDraw>().OrderByDescending(d => d.DrawnAt).Take(50).ToListAsync(ct);
        var ids = draws.SelectMany(d => d.Selections.Select(s => s.InspectionId)).ToArray();
        var inspections = ids.Length == 0 ? new Dictionary<Guid, Inspection>() : (await session.LoadManyAsync<Inspection>(ct, ids)).ToDictionary(i => i.Id);
        return Page<PublishedDrawsPage>(new PublishedDrawsView(draws, inspections));
    }

    /// <summary>双随机抽查: the draws of the reader's jurisdiction and below; a leader draws here (inspectors and leaders only).</summary>
    private static async Task<IResult> Draws(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Roles.Inspector, Roles.Leader)) return Results.NotFound();
        var draws = await session.Query<InspectionDraw>().Where(d => d.JurisdictionPath.StartsWith(actor.JurisdictionPath))
            .OrderByDescending(d => d.DrawnAt).Take(50).ToListAsync(ct);
        return Page<DrawsPage>(new DrawsView(actor, draws, WorkingDayCalendar.BeijingToday(clock.GetUtcNow())));
    }

    /// <summary>One draw with each drawn unit's recorded weight (a risk-weighted draw) and the verification re-run.</summary>
    private static async Task<IResult> DrawPage(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var draw = await session.LoadAsync<InspectionDraw>(id, ct);
        if (draw is null || !actor.IsIn(Roles.Inspector, Roles.Leader) || !actor.Covers(draw.JurisdictionPath)) return Results.NotFound();
        var inspections = (await session.LoadManyAsync<Inspection>(ct, draw.Selections.Select(s => s.InspectionId))).ToDictionary(i => i.Id);
        var officers = (await session.LoadManyAsync<AppUser>(ct, draw.Selections.SelectMany(s => s.InspectorIds).Distinct()))
            .ToDictionary(u => u.Id, u => u.DisplayName);
        return Page<Supervision.Web.Pages.Inspections.DrawPage>(new DrawView(actor, draw, inspections, officers, await RandomDrawEndpoint.VerifyAsync(draw, session, ct)));
    }

    /// <summary>The public intake form (Art. 41): anyone may complain or report, also anonymously.</summary>
    private static IResult PublicComplaintForm() => Page<PublicComplaintPage>(new PublicComplaintView());

    /// <summary>The complainant's status page: receipt number and query code in, status and result out (no JavaScript needed).</summary>
    private static async Task<IResult> PublicComplaintStatusPage(IQuerySession session, string? receipt, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(receipt)) return Page<ComplaintStatusPage>(new ComplaintStatusView(receipt, code, false, null));
        var result = await ComplaintQueries.PublicStatus(receipt.Trim(), code, session, ct);
        var status = result is Microsoft.AspNetCore.Http.HttpResults.Ok<PublicComplaintStatus> { Value: { } s } ? s : null;
        return Page<ComplaintStatusPage>(new ComplaintStatusView(receipt, code, true, status));
    }

    /// <summary>The status form's post: receipt number and query code in the body, never in the URL (issue 15 finding 6).</summary>
    private static async Task<IResult> PublicComplaintStatusQuery(HttpContext http, IAntiforgery antiforgery, IQuerySession session, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest();
        var form = await http.Request.ReadFormAsync(ct);
        return await PublicComplaintStatusPage(session, form["receipt"].ToString(), form["code"].ToString(), ct);
    }

    /// <summary>The login form. (It no longer reads ?error= from the query: any link could have put its own text in the problem box.)</summary>
    private static IResult ShowLogin() => LoginPage();

    private static IResult LoginPage(string? error = null, string? userName = null) => Page<LoginPage>(new LoginView(error, userName));

    private static async Task<IResult> Login(HttpContext http, IAntiforgery antiforgery, IDocumentSession session, LoginService login)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.Problem(Problems.BadRequest("csrf", "页面已过期，请刷新后重新登录", "The form expired; reload and log in again"));
        var form = await http.Request.ReadFormAsync();
        var (outcome, user) = await login.CheckAsync(session, form["username"].ToString(), form["password"].ToString(), http.RequestAborted);
        if (outcome != LoginOutcome.Success)
            return LoginPage("用户名或密码错误，或账户因多次失败已临时锁定，请稍后再试", form["username"].ToString());
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(AuthSetup.IdentityFor(user!, CookieAuthenticationDefaults.AuthenticationScheme)));
        return Results.Redirect("/");
    }

    private static async Task<IResult> Workbench(ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock)
    {
        var actor = Actor.From(user);
        var inspections = await Todos.OpenInspections(session, actor).ToListAsync();
        var openQuery = session.Query<Rectification>().Where(r => r.JurisdictionPath.StartsWith(actor.JurisdictionPath) && r.Board != "closed");
        // An inspector's workbench shows the orders they signed; a leader's shows the whole jurisdiction.
        if (actor.Role == Roles.Inspector) openQuery = openQuery.Where(r => r.Inspectors.Any(x => x.UserName == actor.UserName));
        var open = await openQuery.OrderBy(r => r.DueOn).Take(100).ToListAsync();
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        // From 1 November until next year's holiday notice is published, deadlines running into it are provisional.
        int? calendarDue = actor.IsIn(Roles.Admin, Roles.Leader) && HolidayCalendars.NextYearNoticeDue(calendar, today) ? today.Year + 1 : null;
        IReadOnlyList<Complaint>? complaints = null;
        if (actor.IsIn(Roles.ComplaintHandler, Roles.Leader))
        {
            var q = session.Query<Complaint>().Where(c => c.JurisdictionPath.StartsWith(actor.JurisdictionPath) && c.Status != ComplaintStatus.Closed);
            if (actor.Role == Roles.ComplaintHandler)
            {
                // A handler's own complaints and the department's unassigned ones, each limited on its own so neither crowds out the other.
                var mine = await q.Where(c => c.HandlerId == actor.UserName).OrderBy(c => c.HandlingDueOn).Take(100).ToListAsync();
                var unassigned = await Todos.UnassignedInScope(session, actor).ToListAsync();
                complaints = [.. mine, .. unassigned];
            }
            else complaints = await q.OrderBy(c => c.HandlingDueOn).Take(100).ToListAsync();
        }
        var todos = await Todos.ForAsync(actor, session, CancellationToken.None);
        return Page<WorkbenchPage>(new WorkbenchView(actor, inspections, open, complaints, calendarDue, calendar, today, todos));
    }

    private static async Task<IResult> RectificationBoard(ClaimsPrincipal user, ReadSessions reads, WorkingDayCalendar calendar, TimeProvider clock,
        string? status, int? page, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var board = status is "open" or "overdue" or "closed" ? status : "open";
        // The same query as GET /api/rectifications, 50 to a page.
        RectificationPage result;
        try { result = await RectificationQueries.List(user, reads, board, null, null, null, Math.Max(page ?? 1, 1), 50, ct); }
        catch (RuleViolation v) // a page past the counted range of a long register (Paging.CountCap)
        {
            return Page<RefusedPage>(new RefusedView("整改台账", actor, Fmt.Message(v), $"/rectifications?status={board}", "返回第一页"), v.Status);
        }
        return Page<RectificationBoardPage>(new RectificationBoardView(actor, board, result, calendar, WorkingDayCalendar.BeijingToday(clock.GetUtcNow())));
    }

    private static async Task<IResult> NewInspection(ClaimsPrincipal user, IQuerySession session)
    {
        var actor = Actor.From(user);
        var units = await session.Query<SupervisedUnit>().Where(u => u.JurisdictionPath.StartsWith(actor.JurisdictionPath)).OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Name).ToListAsync();
        var inspectors = await session.Query<AppUser>().Where(u => u.Role == Roles.Inspector).ToListAsync();
        var eligible = inspectors.Where(u => u.IsCertifiedInspector && (JurisdictionPaths.Covers(u.JurisdictionPath, actor.JurisdictionPath) || JurisdictionPaths.Covers(actor.JurisdictionPath, u.JurisdictionPath))).ToList();
        return Page<NewInspectionPage>(new NewInspectionView(actor, units, eligible));
    }

    private static async Task<IResult> InspectionPage(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var i = await session.LoadAsync<Inspection>(id, ct);
        if (i is null || !actor.Covers(i.JurisdictionPath)) return Results.NotFound();
        var hazards = i.RectificationIds.Count == 0 ? [] : await session.LoadManyAsync<Rectification>(ct, i.RectificationIds);
        return Page<InspectionCasePage>(new InspectionView(actor, i, hazards, await CaseHistory.LoadAsync(session, i.Id, ct), Supervision.Integrity.ArchivePackage.IsClosed(i)));
    }

    private static async Task<IResult> RectificationPage(Guid id, ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var r = await session.LoadAsync<Rectification>(id, ct);
        if (r is null || !actor.Covers(r.JurisdictionPath)) return Results.NotFound();
        IReadOnlyList<AppUser> candidates = [];
        if (r.Status == RectificationStatus.Ordered && actor.IsIn(Roles.Leader))
            // R1: a leader may add certified officers to the case (e.g. for a re-inspection); recused ones are refused by the API.
            candidates = (await session.Query<AppUser>().Where(u => u.Role == Roles.Inspector && u.CertificateNumber != null).ToListAsync(ct))
                .Where(u => JurisdictionPaths.Covers(u.JurisdictionPath, r.JurisdictionPath) && r.Inspectors.All(i => i.UserName != u.Id)
                    && !r.RecusedOfficers.Contains(u.Id)).ToList();
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        // The order form previews its due date: the same calendar step as RectificationSteps uses when issuing today.
        // Stepping one working day at a time from the previous due date gives the same dates as AddWorkingDays(today, n).
        var dueDates = new List<WorkingDayResult>();
        if (r.Status == RectificationStatus.Found)
            for (WorkingDayResult d = new(today, false); dueDates.Count < RectificationSteps.MaxWorkingDays;)
            {
                var next = calendar.AddWorkingDays(d.Date, 1);
                dueDates.Add(d = next with { Provisional = d.Provisional || next.Provisional });
            }
        return Page<RectificationCasePage>(new RectificationView(actor, r, await CaseHistory.LoadAsync(session, r.Id, ct), candidates,
            calendar, today, Supervision.Integrity.ArchivePackage.IsClosed(r), dueDates, await Supervision.Documents.ServiceRecordings.OfCaseAsync(session, r.Id, ct)));
    }

    /// <summary>文书送达: the service record of a document the reader may read, with the forms when the reader may serve it.</summary>
    private static async Task<IResult> DocumentServicePage(string number, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (number.Length > 60 || await Supervision.Documents.DocumentEndpoints.Readable(session, number, actor, ct) is not { } doc) return Results.NotFound();
        var record = await session.LoadAsync<Supervision.Documents.DocumentService>(Supervision.Documents.DocumentServiceRules.StreamId(number), ct);
        var unit = await Supervision.Documents.DocumentServiceEndpoints.UnitOf(session, doc, ct);
        bool canServe;
        try { Supervision.Documents.DocumentServiceRules.CheckServable(doc, actor); canServe = true; }
        catch (RuleViolation) { canServe = false; }
        return Page<Supervision.Web.Pages.Documents.ServicePage>(new Supervision.Web.Pages.Documents.ServicePageView(actor, doc, record, unit, canServe,
            WorkingDayCalendar.BeijingToday(clock.GetUtcNow())));
    }

    private static async Task<IResult> ComplaintPage(Guid id, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var c = await session.LoadAsync<Complaint>(id, ct);
        if (c is null || !actor.Covers(c.JurisdictionPath)) return Results.NotFound();
        IReadOnlyList<AppUser> handlers = [];
        if (c.Status == ComplaintStatus.Accepted && actor.Role == Roles.Leader)
            handlers = (await session.Query<AppUser>().Where(u => u.Role == Roles.ComplaintHandler).ToListAsync(ct))
                .Where(h => JurisdictionPaths.Covers(h.JurisdictionPath, c.JurisdictionPath)).ToList();
        ExtensionView? extension = null;
        if (c.Extended)
        {
            var delivery = c.ExtensionNoticeDeliveryId is { } d ? await session.LoadAsync<NoticeDelivery>(d, ct) : null;
            extension = ExtensionView.Of(c, delivery);
        }
        // Who may assign a handler (the department's leaders), and the names of everyone the case names by login.
        var leaders = await session.Query<AppUser>().Where(u => u.Role == Roles.Leader && u.JurisdictionId == c.JurisdictionId && !u.Disabled).ToListAsync(ct);
        var logins = c.Notes.Select(n => n.AddedBy).Append(c.HandlerId).OfType<string>().Distinct().ToArray();
        var people = logins.Length == 0 ? new Dictionary<string, string>()
            : (await session.LoadManyAsync<AppUser>(ct, logins)).ToDictionary(u => u.Id, u => u.DisplayName);
        // The result exactly as the complainant will receive it, shown before it is sent.
        (string, string)? preview = c.Status == ComplaintStatus.Concluded && JurisdictionCatalogue.Find(c.JurisdictionId) is { } department
            ? ComplainantNotifications.Content(c, department, WorkingDayCalendar.BeijingToday(clock.GetUtcNow())) : null;
        return Page<ComplaintCasePage>(new ComplaintPageView(actor, c, handlers, extension, ComplaintSteps.MaySeeIdentity(c, actor),
            Supervision.Integrity.ArchivePackage.IsClosed(c), leaders, people, preview,
            Supervision.Files.CaseEvidence.Of(await Supervision.CaseRecords.CaseHistory.LoadAsync(session, c.Id, ct))));
    }
}
