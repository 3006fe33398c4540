namespace Supervision.Shared;

public enum RecalculationOutcome
{
    /// <summary>The published calendar gives another date and the deadline follows it (a party's deadline only ever later).</summary>
    Moved,
    /// <summary>The published calendar gives an earlier date (make-up working days) for a deadline already told to someone: it stands.</summary>
    Kept,
    /// <summary>The same date: it is no longer provisional.</summary>
    Confirmed,
}

/// <summary>How a clock's date was counted, so that a newly published calendar can count it again from the same start.</summary>
public abstract record ClockRule
{
    public abstract CalendarCount Count(WorkingDayCalendar calendar);

    /// <summary>The years whose calendar this date depends on (from the start to the date as counted).</summary>
    public abstract bool Touches(int year, DateOnly dueOn);
}

/// <summary>The counted date and whether it relied on a year not yet published.</summary>
public sealed record CalendarCount(DateOnly DueOn, bool Provisional);

/// <summary>N working days from <see cref="Start"/> (the day of the act, not counted).</summary>
public sealed record WorkingDaysFrom(DateOnly Start, int Days) : ClockRule
{
    public override CalendarCount Count(WorkingDayCalendar calendar)
    {
        var r = calendar.AddWorkingDays(Start, Days);
        return new(r.Date, r.Provisional);
    }

    public override bool Touches(int year, DateOnly dueOn) => Start.Year <= year && year <= dueOn.Year;
}

/// <summary>A period counted in calendar days whose last day is <see cref="StatutoryOn"/>; Civil Code Art. 203 moves it off a rest day.</summary>
public sealed record CalendarDaysEnding(DateOnly StatutoryOn) : ClockRule
{
    public override CalendarCount Count(WorkingDayCalendar calendar)
    {
        var p = calendar.EndingOn(StatutoryOn);
        return new(p.DueOn, p.Provisional);
    }

    public override bool Touches(int year, DateOnly dueOn) => StatutoryOn.Year <= year && year <= dueOn.Year;
}

/// <summary>
/// One open clock of a case as a recount sees it. <see cref="Told"/>: the date was printed in a document to the party or to
/// another body (告知书, 处分建议书, 移送函), so it never becomes earlier; the department's own duties follow the calendar both ways.
/// </summary>
public sealed record OpenClock(string Clock, Guid? ItemId, DateOnly DueOn, ClockRule Rule, bool Told);

/// <summary>
/// A clock of a complaint, sanction case or referral was counted again with the calendar version <see cref="CalendarVersion"/>
/// of <see cref="Year"/>, by its own rule from its own start (<see cref="PreviousDueOn"/> → <see cref="DueOn"/>;
/// <see cref="ComputedOn"/> is what the published calendar gives). <see cref="Clock"/> is the deadline board's clock name.
/// </summary>
/// <remarks>
/// One event type per kind of case: Marten's inline snapshots apply an event type to every stream that has it, so a shared
/// type would make a complaint snapshot of a referral stream.
/// </remarks>
public abstract record ClockRecounted
{
    public Guid CaseId { get; init; }
    public string Clock { get; init; } = "";
    public Guid? ItemId { get; init; }
    public int Year { get; init; }
    public int CalendarVersion { get; init; }
    public string CalendarSource { get; init; } = "";
    public RecalculationOutcome Outcome { get; init; }
    public DateOnly PreviousDueOn { get; init; }
    public DateOnly ComputedOn { get; init; }
    public DateOnly DueOn { get; init; }
    public bool Provisional { get; init; }
    public DateTimeOffset RecountedAt { get; init; }

    /// <summary>Identifies the recount of one clock with one calendar version: recorded once.</summary>
    public string Key => RecountKey(Clock, ItemId, Year, CalendarVersion);

    public static string RecountKey(string clock, Guid? itemId, int year, int version) => $"{clock}:{itemId}:{year}:{version}";
}

public sealed record ComplaintClockRecounted : ClockRecounted;
public sealed record SanctionClockRecounted : ClockRecounted;
public sealed record ReferralClockRecounted : ClockRecounted;

/// <summary>
/// Counts the open clocks of one case again when a year's calendar is published or corrected (issue: provisional
/// deadlines). Pure: the handlers of each case kind list the case's open clocks and append what this returns.
/// A clock already counted with this version, or whose span does not touch the year, is left alone; a date that comes
/// out the same is not recorded (it simply stops being provisional: the board asks the calendar).
/// </summary>
public static class ClockRecount
{
    public static IReadOnlyList<T> Decide<T>(Guid caseId, IEnumerable<OpenClock> clocks, IReadOnlyCollection<string> recorded,
        int year, WorkingDayCalendar calendar, DateTimeOffset now) where T : ClockRecounted, new()
    {
        var version = calendar.VersionOf(year);
        if (version == 0) return [];
        var recounts = new List<T>();
        foreach (var clock in clocks)
        {
            if (recorded.Contains(ClockRecounted.RecountKey(clock.Clock, clock.ItemId, year, version))) continue;
            var computed = clock.Rule.Count(calendar);
            if (!clock.Rule.Touches(year, clock.DueOn) && !clock.Rule.Touches(year, computed.DueOn)) continue;
            if (computed.DueOn == clock.DueOn) continue;
            var outcome = computed.DueOn > clock.DueOn || !clock.Told ? RecalculationOutcome.Moved : RecalculationOutcome.Kept;
            var due = outcome == RecalculationOutcome.Moved ? computed.DueOn : clock.DueOn;
            recounts.Add(new T
            {
                CaseId = caseId, Clock = clock.Clock, ItemId = clock.ItemId, Year = year, CalendarVersion = version,
                CalendarSource = calendar.SourceOf(year) ?? "", Outcome = outcome, PreviousDueOn = clock.DueOn, ComputedOn = computed.DueOn,
                DueOn = due, Provisional = outcome == RecalculationOutcome.Moved ? computed.Provisional : !calendar.IsLoaded(due.Year), RecountedAt = now,
            });
        }
        return recounts;
    }
}
