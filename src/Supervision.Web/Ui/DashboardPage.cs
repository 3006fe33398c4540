using System.Security.Claims;
using Marten;
using Supervision.Dashboards;
using Supervision.Shared;
using Supervision.Web.Pages.Dashboard;
using Supervision.Web.Pages.Shared;
using static Supervision.Web.Pages.PageResults;

namespace Supervision.Web.Ui;

/// <summary>
/// 执法统计 (GET /dashboard): the leader's view of the enforcement dashboard. It calls the very query behind
/// GET /api/dashboard (<see cref="DashboardQueries.Get"/>), so the page and the API always show the same numbers.
/// The page is Pages/Dashboard/DashboardPage.razor: cards, a breakdown per jurisdiction and server-rendered SVG charts.
/// </summary>
public static class DashboardPage
{
    public static void MapDashboardPage(this WebApplication app) =>
        app.MapGet("/dashboard", Render).RequireAuthorization();

    private static async Task<IResult> Render(ClaimsPrincipal user, ReadSessions reads, TimeProvider clock,
        string? jurisdiction, string? from, string? to, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor.Role != Roles.Leader)
            return Page<RefusedPage>(new RefusedView("执法统计", actor, "执法统计仅供领导查看。如需查看，请联系本部门领导。"), 403);
        try
        {
            var d = await DashboardQueries.Get(user, reads, clock, jurisdiction, from, to, ct);
            return Page<Pages.Dashboard.DashboardPage>(new DashboardView(actor, d.Jurisdiction, d.From, d.To, d));
        }
        catch (RuleViolation v)
        {
            // The API answers 404 for a jurisdiction outside the leader's (it reveals nothing); the page says why.
            var refused = v.Status == 404;
            var message = refused ? "无权查看该辖区的执法统计：领导只能查看本辖区及下级辖区的数据。" : Fmt.Message(v);
            return Page<Pages.Dashboard.DashboardPage>(new DashboardView(actor, jurisdiction, from, to, null, message), refused ? 403 : v.Status);
        }
    }
}
