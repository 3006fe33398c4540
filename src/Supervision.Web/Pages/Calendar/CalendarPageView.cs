using Marten;
using Supervision.Shared;

namespace Supervision.Web.Pages.Calendar;

/// <summary>What the 节假日安排 page shows: every published year, and whether the reader may publish.</summary>
public sealed record CalendarPageView(Actor Actor, IReadOnlyList<HolidayCalendarYear> Years, int NextYear, bool NextYearNoticeDue, bool MayPublish);

/// <summary>The official holiday calendar page: everyone signed in reads it; an administrator publishes a year and corrections.</summary>
public static class CalendarPageEndpoint
{
    public const string Route = "/admin/calendar";

    public static void Map(IEndpointRouteBuilder app) => app.MapGet(Route, async (System.Security.Claims.ClaimsPrincipal user, IQuerySession session,
        WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct) =>
    {
        var actor = Actor.From(user);
        var years = await session.Query<HolidayCalendarYear>().OrderByDescending(y => y.Year).ToListAsync(ct);
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var view = new CalendarPageView(actor, years, today.Year + 1, HolidayCalendars.NextYearNoticeDue(calendar, today), actor.IsIn(Roles.Admin));
        return PageResults.Page<CalendarPage>(view);
    }).RequireAuthorization();
}
