using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Http;

namespace Supervision.Shared;

// ---- The official holiday calendar as data: one event stream per year, each publication a version ----

/// <summary>
/// A year's schedule of the State Council's holiday notice, as an administrator published it (or, for the years
/// shipped with the release, as the embedded file has it: version 1 published by <c>system</c>). A correction is a
/// new version with its reason; nothing is edited.
/// </summary>
public sealed record HolidayCalendarPublished(int Year, int Version, DateOnly[] DaysOff, DateOnly[] MakeUpWorkingDays,
    string Source, DateOnly? SourceDate, string? Reason, string PublishedBy, DateTimeOffset PublishedAt);

/// <summary>One published version of a year, for the list of versions.</summary>
public sealed record HolidayCalendarVersion(int Version, string Source, DateOnly? SourceDate, string? Reason, string PublishedBy, DateTimeOffset PublishedAt,
    int DaysOff, int MakeUpWorkingDays);

/// <summary>A year's schedule as last published (inline snapshot of its stream).</summary>
public sealed class HolidayCalendarYear
{
    public Guid Id { get; set; }
    public int Year { get; set; }
    public int Version { get; set; }
    public DateOnly[] DaysOff { get; set; } = [];
    public DateOnly[] MakeUpWorkingDays { get; set; } = [];
    public string Source { get; set; } = "";
    public DateOnly? SourceDate { get; set; }
    public string PublishedBy { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
    public List<HolidayCalendarVersion> Versions { get; set; } = [];

    public static HolidayCalendarYear Create(HolidayCalendarPublished e)
    {
        var year = new HolidayCalendarYear { Id = StreamId(e.Year), Year = e.Year };
        year.Apply(e);
        return year;
    }

    public void Apply(HolidayCalendarPublished e)
    {
        Version = e.Version; DaysOff = e.DaysOff; MakeUpWorkingDays = e.MakeUpWorkingDays; Source = e.Source; SourceDate = e.SourceDate;
        PublishedBy = e.PublishedBy; PublishedAt = e.PublishedAt;
        Versions.Add(new HolidayCalendarVersion(e.Version, e.Source, e.SourceDate, e.Reason, e.PublishedBy, e.PublishedAt, e.DaysOff.Length, e.MakeUpWorkingDays.Length));
    }

    /// <summary>One stream per year with a readable id: 00000000-0000-0000-0000-000000002027.</summary>
    public static Guid StreamId(int year) => Guid.Parse($"00000000-0000-0000-0000-{year:D12}");

    public bool SameScheduleAs(IEnumerable<DateOnly> off, IEnumerable<DateOnly> work) =>
        DaysOff.ToHashSet().SetEquals(off) && MakeUpWorkingDays.ToHashSet().SetEquals(work);
}

/// <summary>A year was published (first version or a correction): open clocks computed with an older version may move.</summary>
public sealed record HolidayCalendarChanged(int Year, int Version);

/// <summary>POST body: the notice's days off and make-up working days (调休上班), and where they come from.</summary>
public sealed record PublishHolidayCalendar(DateOnly[]? DaysOff, DateOnly[]? MakeUpWorkingDays, string? Source, DateOnly? SourceDate, string? Reason,
    [property: JsonPropertyName("version")] long? ExpectedVersion = null);

/// <summary>节假日日历已发布：年度与版本 / A holiday calendar was published: year and version.</summary>
public sealed record HolidayCalendarPublication(int Year, int Version, bool Changed);

/// <summary>某年度节假日日历的概要 / One year of the holiday calendar, in brief.</summary>
public sealed record HolidayCalendarEntry(int Year, int Version, string Source, DateOnly? SourceDate, string PublishedBy, DateTimeOffset PublishedAt,
    int DaysOff, int MakeUpWorkingDays);

/// <summary>已发布的节假日日历及下一年度通知情况 / The published holiday calendars and whether next year is published.</summary>
public sealed record HolidayCalendarList(IReadOnlyList<HolidayCalendarEntry> Years, bool NextYearPublished, bool NextYearNoticeDue, int NextYear);

public static class HolidayCalendars
{
    public const int MaxSourceLength = 200;

    /// <summary>From 1 November the next year's notice is expected; until it is published, deadlines running into it are provisional.</summary>
    public static bool NextYearNoticeDue(WorkingDayCalendar calendar, DateOnly today) =>
        today.Month >= 11 && !calendar.IsLoaded(today.Year + 1);

    /// <summary>The calendar of every published year, as stored (the app's shared calendar follows it).</summary>
    public static async Task<WorkingDayCalendar> LoadAsync(IQuerySession session, CancellationToken ct)
    {
        var calendar = WorkingDayCalendar.Empty;
        foreach (var y in await session.Query<HolidayCalendarYear>().ToListAsync(ct))
            calendar = calendar.WithYear(y.Year, y.DaysOff, y.MakeUpWorkingDays, y.Version, y.Source);
        return calendar;
    }

    /// <summary>Checks a publication; returns the schedule as sets (duplicates dropped).</summary>
    public static (DateOnly[] Off, DateOnly[] Work, string Source) Check(Actor actor, int year, PublishHolidayCalendar c, DateOnly today, bool correction)
    {
        if (!actor.IsIn(Roles.Admin))
            throw RuleViolation.Forbidden("由系统管理员公布节假日安排", "An administrator publishes the official holiday calendar");
        if (year < 2000 || year > today.Year + 1)
            throw RuleViolation.Invalid("invalid_year", $"年度须在 2000–{today.Year + 1} 之间", $"year must be 2000..{today.Year + 1}", "year");
        if (c.DaysOff is null) throw RuleViolation.Invalid("field_required", "须填写放假日期（daysOff）", "daysOff is required", "daysOff");
        var source = Guard.Required(c.Source, "source", "节假日安排通知的文号", MaxSourceLength);
        if (correction && string.IsNullOrWhiteSpace(c.Reason))
            throw RuleViolation.Invalid("field_required", "更正须说明理由（reason）", "A correction needs a reason", "reason");
        var off = c.DaysOff.Distinct().Order().ToArray();
        var work = (c.MakeUpWorkingDays ?? []).Distinct().Order().ToArray();
        if (First(off.Concat(work), d => d.Year != year) is { } outside)
            throw RuleViolation.Invalid("date_outside_year", $"日期 {outside:yyyy-MM-dd} 不在 {year} 年", $"{outside:yyyy-MM-dd} is not in {year}",
                off.Contains(outside) ? "daysOff" : "makeUpWorkingDays");
        if (First(off.Intersect(work), _ => true) is { } both)
            throw RuleViolation.Refused("day_off_and_working_day", $"{both:yyyy-MM-dd} 不能既放假又上班", $"{both:yyyy-MM-dd} is listed as a day off and as a working day", "makeUpWorkingDays");
        if (First(work, d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) is { } weekday)
            throw RuleViolation.Refused("make_up_day_not_weekend", $"调休上班日 {weekday:yyyy-MM-dd} 须为星期六或星期日",
                $"The make-up working day {weekday:yyyy-MM-dd} is not a Saturday or Sunday", "makeUpWorkingDays");
        return (off, work, source);
    }

    private static DateOnly? First(IEnumerable<DateOnly> days, Func<DateOnly, bool> match) =>
        days.Where(match).Select(d => (DateOnly?)d).FirstOrDefault();

    /// <summary>Publishes a year that has no schedule yet. Publishing the very same schedule again changes nothing.</summary>
    [WolverinePost("/api/calendar/{year}", OperationId = "PublishHolidayCalendar")]
    public static Task<(HolidayCalendarPublication, OutgoingMessages)> Publish(int year, PublishHolidayCalendar c, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Append(year, c, user, session, clock, correction: false, ct);

    /// <summary>A corrected schedule of a published year: a new version with its reason (the earlier one stays in the history).</summary>
    [WolverinePost("/api/calendar/{year}/corrections", OperationId = "CorrectHolidayCalendar")]
    public static Task<(HolidayCalendarPublication, OutgoingMessages)> Correct(int year, PublishHolidayCalendar c, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Append(year, c, user, session, clock, correction: true, ct);

    private static async Task<(HolidayCalendarPublication, OutgoingMessages)> Append(int year, PublishHolidayCalendar c, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, bool correction, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        var (off, work, source) = Check(actor, year, c, WorkingDayCalendar.BeijingToday(now), correction);
        var current = await session.LoadAsync<HolidayCalendarYear>(HolidayCalendarYear.StreamId(year), ct);
        if (current is not null && current.SameScheduleAs(off, work) && current.Source == source)
            return (new HolidayCalendarPublication(year, current.Version, false), []); // the same again: nothing to record
        if (!correction && current is not null)
            throw RuleViolation.Refused("calendar_already_published", $"{year} 年节假日安排已公布（第 {current.Version} 版），如需更正请提交更正",
                $"The {year} calendar is already published (version {current.Version}); send a correction instead", "year");
        if (correction && current is null) throw RuleViolation.NotFound("calendar");
        if (correction) Guard.Version(c.ExpectedVersion, current!.Version);

        var version = (current?.Version ?? 0) + 1;
        var published = new HolidayCalendarPublished(year, version, off, work, source, c.SourceDate, correction ? c.Reason!.Trim() : null, actor.UserName, now);
        if (current is null) session.Events.StartStream<HolidayCalendarYear>(HolidayCalendarYear.StreamId(year), published);
        else session.Events.Append(HolidayCalendarYear.StreamId(year), version, published);
        return (new HolidayCalendarPublication(year, version, true), [new HolidayCalendarChanged(year, version)]);
    }

    [WolverineGet("/api/calendar", OperationId = "ListHolidayCalendars")]
    public static async Task<HolidayCalendarList> List(IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var years = await session.Query<HolidayCalendarYear>().OrderBy(y => y.Year).ToListAsync(ct);
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        return new HolidayCalendarList(
            years.Select(y => new HolidayCalendarEntry(y.Year, y.Version, y.Source, y.SourceDate, y.PublishedBy, y.PublishedAt, y.DaysOff.Length, y.MakeUpWorkingDays.Length)).ToList(),
            years.Any(y => y.Year == today.Year + 1), NextYearNoticeDue(calendar, today), today.Year + 1);
    }

    [WolverineGet("/api/calendar/{year}", OperationId = "GetHolidayCalendar")]
    public static async Task<IResult> Get(int year, IQuerySession session, CancellationToken ct) =>
        year is < 1 or > 9999 || await session.LoadAsync<HolidayCalendarYear>(HolidayCalendarYear.StreamId(year), ct) is not { } y
            ? Results.Problem(Problems.NotFound("calendar"))
            : Results.Ok(y);
}

/// <summary>A publication's follow-up (a message handler: Wolverine finds handlers by the Handler suffix).</summary>
public static class HolidayCalendarChangedHandler
{
    /// <summary>
    /// Runs on the node that handles the publication: the shared calendar takes the new version at once, and every
    /// open rectification deadline that the published year may move is recalculated, and every open complaint, sanction
    /// case and referral counts its clocks again, each case in its own transaction.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(HolidayCalendarChanged changed, IDocumentSession session, WorkingDayCalendar calendar, CancellationToken ct)
    {
        calendar.ReplaceWith(await HolidayCalendars.LoadAsync(session, ct));
        var outgoing = new OutgoingMessages();
        foreach (var id in await Rectifications.RectificationDeadlineRecalculation.OpenDeadlinesTouching(session, changed.Year, ct))
            outgoing.Add(new Rectifications.RecalculateRectificationDeadline(id, changed.Year, changed.Version));
        // The other clocks: every case still open whose dates may run into the year; each case decides which clock moves.
        var first = new DateOnly(changed.Year, 1, 1).AddDays(-7); // a period ending on 31 Dec may move into January
        foreach (var id in await session.Query<Complaints.Complaint>()
                     .Where(c => c.Status != Complaints.ComplaintStatus.Closed && c.NotifiedAt == null && c.HandlingDueOn >= first)
                     .Select(c => c.Id).ToListAsync(ct))
            outgoing.Add(new Complaints.RecountComplaintClocks(id, changed.Year, changed.Version));
        foreach (var id in await session.Query<Sanctions.SanctionCase>()
                     .Where(c => c.Status != Sanctions.SanctionStatus.Closed).Select(c => c.Id).ToListAsync(ct))
            outgoing.Add(new Sanctions.RecountSanctionClocks(id, changed.Year, changed.Version));
        foreach (var id in await session.Query<Referrals.Referral>()
                     .Where(r => r.Status != Referrals.ReferralStatus.Closed && r.AcknowledgedAt == null && !r.ReplyOverdue && r.ReplyDueOn >= first)
                     .Select(r => r.Id).ToListAsync(ct))
            outgoing.Add(new Referrals.RecountReferralClock(id, changed.Year, changed.Version));
        return outgoing;
    }
}

/// <summary>
/// At start-up, records the years shipped with the release (or in Supervision:HolidayCalendarFile) that the store does
/// not hold yet as their version 1, then keeps the shared calendar equal to the store: every few seconds it looks for a
/// newer version, so every node uses a publication without a restart.
/// </summary>
public sealed class HolidayCalendarSync(IDocumentStore store, WorkingDayCalendar calendar, StartupHolidayCalendar shipped, TimeProvider clock,
    ILogger<HolidayCalendarSync> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    public override async Task StartAsync(CancellationToken ct)
    {
        await SeedShippedYears(ct);
        await Refresh(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try { await Refresh(stop); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Holiday calendar refresh failed; trying again"); }
        }
    }

    private async Task SeedShippedYears(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stored = (await session.Query<HolidayCalendarYear>().Select(y => y.Year).ToListAsync(ct)).ToHashSet();
        foreach (var year in shipped.Calendar.LoadedYears.Where(y => !stored.Contains(y)))
            session.Events.StartStream<HolidayCalendarYear>(HolidayCalendarYear.StreamId(year), new HolidayCalendarPublished(year, 1,
                shipped.Calendar.DaysOff(year).ToArray(), shipped.Calendar.MakeUpWorkingDays(year).ToArray(),
                shipped.Calendar.SourceOf(year) ?? "随系统发布的节假日安排", null, null, "system", clock.GetUtcNow()));
        try { await session.SaveChangesAsync(ct); }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException || e.InnerException is Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            logger.LogInformation("Another node recorded the shipped holiday calendar first");
        }
    }

    private async Task Refresh(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var latest = await HolidayCalendars.LoadAsync(session, ct);
        if (latest.LoadedYears.Any(y => latest.VersionOf(y) != calendar.VersionOf(y)) || latest.LoadedYears.Count != calendar.LoadedYears.Count)
        {
            calendar.ReplaceWith(latest);
            logger.LogInformation("Holiday calendar now {Years}", string.Join(", ", latest.LoadedYears.Select(y => $"{y} v{latest.VersionOf(y)}")));
        }
    }
}

/// <summary>The calendar the release ships (or the configured file): the first version of its years.</summary>
public sealed record StartupHolidayCalendar(WorkingDayCalendar Calendar);
