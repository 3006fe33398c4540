using Marten;
using Supervision.Shared;
using Wolverine;
using Wolverine.Marten;

namespace Supervision.Rectifications;

/// <summary>Count one order's deadline again with the calendar version <see cref="CalendarVersion"/> of <see cref="Year"/>.</summary>
/// <remarks>The id is named after the aggregate so that Wolverine's [WriteAggregate] finds it.</remarks>
public sealed record RecalculateRectificationDeadline(Guid RectificationId, int Year, int CalendarVersion) : ISystemAct;

/// <summary>
/// When a year's holiday calendar is published (or corrected), an open order whose deadline was counted without it
/// (provisional, weekends only) or with an older version is counted again by the same rule from the same start:
/// n working days from the day of issue, or the date the order or the last extension named (moved to the next working
/// day if it turns out to be a day off). A later date moves the deadline, the overdue check follows it and the unit is
/// told by a numbered 整改期限变更告知书; an earlier date never shortens a served deadline; the same date is confirmed.
/// Publishing the same version again finds nothing to do.
/// </summary>
public static class RectificationDeadlineRecalculation
{
    public const string System = "system";

    /// <summary>Open orders whose deadline runs from, into or through <paramref name="year"/>.</summary>
    public static async Task<IReadOnlyList<Guid>> OpenDeadlinesTouching(IQuerySession session, int year, CancellationToken ct)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        return await session.Query<Rectification>()
            .Where(r => r.Status == RectificationStatus.Ordered && !r.IsOverdue && r.DueOn >= first && r.IssuedOn <= last)
            .Select(r => r.Id).ToListAsync(ct);
    }

    /// <summary>The version of <paramref name="year"/>'s calendar the current deadline was counted with (0: not published then).</summary>
    public static int CountedWith(Rectification r, int year) =>
        r.CalendarVersions is { } versions ? versions.GetValueOrDefault(year) : r.DueOnProvisional ? 0 : 1; // before versions were recorded

    /// <param name="noticeNumber">The 整改期限变更告知书's number for a moved deadline; null while only deciding whether one is needed.</param>
    public static RectificationDeadlineRecalculated? Decide(Rectification r, int year, WorkingDayCalendar calendar, DateTimeOffset now, string? noticeNumber)
    {
        var version = calendar.VersionOf(year);
        if (r.Status != RectificationStatus.Ordered || r.IsOverdue || r.DueOn is not { } served || r.IssuedOn is not { } issuedOn) return null;
        if (version == 0 || CountedWith(r, year) >= version) return null; // counted with this version already (idempotent)
        if (year < issuedOn.Year || year > served.Year) return null;      // the year does not touch this deadline

        WorkingDayResult computed;
        if (r.DueWorkingDays is { } n) computed = calendar.AddWorkingDays(issuedOn, n);
        else
        {
            var named = calendar.EndingOn(r.DueBasisDate ?? served);
            computed = new WorkingDayResult(named.DueOn, named.Provisional);
        }
        var outcome = computed.Date > served ? RecalculationOutcome.Moved
            : computed.Date < served ? RecalculationOutcome.Kept
            : RecalculationOutcome.Confirmed;
        var due = outcome == RecalculationOutcome.Moved ? computed.Date : served;
        return new RectificationDeadlineRecalculated(r.Id, year, version, calendar.SourceOf(year) ?? "", outcome, served, computed.Date, due,
            // A kept date is provisional no more: the published calendar says it is later than the law requires.
            outcome == RecalculationOutcome.Kept ? !calendar.IsLoaded(served.Year) : computed.Provisional,
            calendar.VersionsFor(issuedOn, due), outcome == RecalculationOutcome.Moved ? noticeNumber : null, System, now,
            new RecalculationBasis(r.DocumentNumber!, r.UnitName, r.DepartmentId!, issuedOn, r.DueWorkingDays, r.DueWorkingDays is null ? r.DueBasisDate ?? served : null));
    }
}

public static class RecalculateRectificationDeadlineHandler
{
    public static async Task<(Events, OutgoingMessages)> Handle(RecalculateRectificationDeadline m, [WriteAggregate] Rectification rectification,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        // The calendar as stored, not this node's copy: a message recovered by another node must count with the published version.
        var calendar = await HolidayCalendars.LoadAsync(session, ct);
        var now = clock.GetUtcNow();
        if (calendar.VersionOf(m.Year) < m.CalendarVersion) return ([], []); // not visible yet: cannot happen after the publishing commit
        var decided = RectificationDeadlineRecalculation.Decide(rectification, m.Year, calendar, now, null);
        if (decided is null) return ([], []);
        if (decided.Outcome != RecalculationOutcome.Moved) return ([decided], []);

        // The unit is told of the later deadline by a numbered notice of the department that ordered the correction.
        var number = await DocumentNumbers.IssueAsync(session, JurisdictionCatalogue.Find(rectification.DepartmentId!)!, DocumentTypes.DeadlineRecalculationNotice,
            rectification.Id, "rectification", rectification.JurisdictionPath, now, ct);
        var moved = RectificationDeadlineRecalculation.Decide(rectification, m.Year, calendar, now, number)!;
        // The overdue check and the reminder follow the new date; the old timer finds another date and does nothing.
        return ([moved], RectificationDeadlines.Schedule(rectification.Id, moved.DueOn, calendar, now));
    }
}
