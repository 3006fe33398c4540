using System.Security.Claims;
using Marten;
using Supervision.Portal;
using Supervision.Shared;
using Supervision.Units;
using Supervision.Web.Pages.Portal;
using static Supervision.Web.Pages.PageResults;

namespace Supervision.Web.Ui;

/// <summary>The unit portal's pages (issue 17 §1); the API and its rules are Portal/UnitPortal.cs.</summary>
public static class PortalPages
{
    public static void MapPortalPages(this WebApplication app)
    {
        app.MapGet("/portal", Home).RequireAuthorization();
        app.MapGet("/portal/password", (ClaimsPrincipal user) =>
            Actor.From(user) is { Role: Roles.Unit } a ? (IResult)Page<PasswordPage>(a) : Results.NotFound()).RequireAuthorization();
    }

    private static async Task<IResult> Home(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, WorkingDayCalendar calendar, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor.UnitId is not { } id || await session.LoadAsync<SupervisedUnit>(id, ct) is not { } unit) return Results.NotFound();
        var account = await session.LoadAsync<AppUser>(actor.UserName, ct);
        return Page<PortalPage>(new PortalPageView(actor, await UnitPortal.OverviewAsync(session, unit, clock, calendar, ct), account?.Email,
            WorkingDayCalendar.BeijingToday(clock.GetUtcNow())));
    }
}
