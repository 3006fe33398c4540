using System.Globalization;
using CsCheck;
using Supervision.Shared;

namespace Supervision.Tests.Shared;

/// <summary>
/// Properties of the official working-day calendar for 2025–2026 (CsCheck). The generators mix uniform start
/// dates with every off-day and make-up day of holidays.md (and the days either side of them), so each
/// holiday break is crossed by some sample; <see cref="Every_holiday_and_make_up_day_as_a_start_for_every_n"/>
/// then walks all of those starts with every n exhaustively.
/// </summary>
public class WorkingDayCalendarPropertyTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadDefault();
    private static readonly DateOnly FirstStart = new(2025, 1, 1);
    private static readonly DateOnly LastStart = new(2026, 12, 10);
    private static readonly DateOnly LastLoaded = new(2026, 12, 31);
    private const int MaxN = 60;
    private const long Iterations = 5_000;

    // ---- holidays.md (/work/shared/domain/holidays.md), copied here by hand so that holidays.json is checked against it.

    private static readonly DateOnly[] OffDays =
    [
        .. Days("2025-01-01"), .. Range("2025-01-28", "2025-02-04"), .. Range("2025-04-04", "2025-04-06"), .. Range("2025-05-01", "2025-05-05"),
        .. Range("2025-05-31", "2025-06-02"), .. Range("2025-10-01", "2025-10-08"),
        .. Range("2026-01-01", "2026-01-03"), .. Range("2026-02-15", "2026-02-23"), .. Range("2026-04-04", "2026-04-06"), .. Range("2026-05-01", "2026-05-05"),
        .. Range("2026-06-19", "2026-06-21"), .. Range("2026-09-25", "2026-09-27"), .. Range("2026-10-01", "2026-10-07"),
    ];

    private static readonly DateOnly[] MakeUpDays =
        Days("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10");

    /// <summary>Every off-day and make-up day with the day before and after it, within the start range.</summary>
    private static readonly DateOnly[] SpecialStarts = OffDays.Concat(MakeUpDays)
        .SelectMany(d => new[] { d.AddDays(-1), d, d.AddDays(1) })
        .Where(d => d >= FirstStart && d <= LastStart).Distinct().Order().ToArray();

    private static readonly Gen<DateOnly> Start = Gen.Frequency(
        (3, (IGen<DateOnly>)Gen.DateOnly[FirstStart, LastStart]),
        (1, Gen.OneOf(SpecialStarts)));

    private static readonly Gen<int> N = Gen.Int[1, MaxN];

    /// <summary>Start and n whose result stays inside the loaded years (the domain of the properties below).</summary>
    private static readonly Gen<(DateOnly, int)> StartAndN = Gen.Select(Start, N).Where((s, n) => Calendar.AddWorkingDays(s, n).Date <= LastLoaded);

    // ---- the model: holidays.md read literally, independent of holidays.json and of the calendar's code.

    private static readonly HashSet<DateOnly> Off = [.. OffDays];
    private static readonly HashSet<DateOnly> Work = [.. MakeUpDays];

    private static bool ModelIsWorkingDay(DateOnly d) =>
        !Off.Contains(d) && (Work.Contains(d) || d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    private static DateOnly LastWorkingDayAtOrBefore(DateOnly d)
    {
        while (!ModelIsWorkingDay(d)) d = d.AddDays(-1);
        return d;
    }

    // ---- properties

    [Fact]
    public void The_embedded_calendar_is_holidays_md_for_every_day_of_2025_and_2026()
    {
        for (var d = new DateOnly(2025, 1, 1); d <= LastLoaded; d = d.AddDays(1))
            Assert.True(ModelIsWorkingDay(d) == Calendar.IsWorkingDay(d), $"{d:yyyy-MM-dd}: holidays.md says {(ModelIsWorkingDay(d) ? "working" : "rest")} day");
    }

    [Fact]
    public void The_generators_reach_every_off_day_and_make_up_day()
    {
        // The off-days and make-up days inside the start range are all among the special starts...
        Assert.All(OffDays.Concat(MakeUpDays).Where(d => d <= LastStart), d => Assert.Contains(d, SpecialStarts));
        // ...and 2026's late holidays are crossed from starts before them (the last start is 2026-12-10).
        Assert.Contains(new DateOnly(2026, 10, 10), SpecialStarts);
    }

    /// <summary>All the add properties for one start and n (result inside the loaded years).</summary>
    private static void AddProperties(DateOnly start, int n)
    {
        var result = Calendar.AddWorkingDays(start, n);
        var due = result.Date;
        Assert.True(due > start);
        Assert.True(Calendar.IsWorkingDay(due), $"{due:yyyy-MM-dd} is not a working day");
        Assert.Equal(n, Calendar.WorkingDaysBetween(start, due));
        // The n-th working day, not a later one: the day before has only n - 1 working days since the start.
        Assert.Equal(n - 1, Calendar.WorkingDaysBetween(start, due.AddDays(-1)));
        // Never provisional inside the loaded years.
        Assert.False(result.Provisional, $"{start:yyyy-MM-dd} + {n}");

        // The inverse: n working days back from the result is the last working day at or before the start
        // (the start itself when it is a working day; else the working day before the break it falls in).
        // It is provisional only when that day lies in unloaded 2024 (a start on 2025-01-01).
        var back = Calendar.SubtractWorkingDays(due, n);
        Assert.Equal(LastWorkingDayAtOrBefore(start), back.Date);
        Assert.Equal(back.Date.Year < 2025, back.Provisional);
        // And forward again from there gives the same result.
        Assert.Equal(due, Calendar.AddWorkingDays(back.Date, n).Date);
    }

    [Fact]
    public void Adding_lands_on_the_nth_working_day_and_subtracting_gives_back_the_last_working_day_at_or_before_the_start() =>
        StartAndN.Sample(AddProperties, iter: Iterations);

    [Fact]
    public void Every_holiday_and_make_up_day_as_a_start_for_every_n()
    {
        foreach (var start in SpecialStarts)
            for (var n = 1; n <= MaxN && Calendar.AddWorkingDays(start, n).Date <= LastLoaded; n++)
                AddProperties(start, n);
    }

    [Fact]
    public void Adding_agrees_with_holidays_md() =>
        StartAndN.Sample((start, n) =>
        {
            var expected = start;
            for (var counted = 0; counted < n;) if (ModelIsWorkingDay(expected = expected.AddDays(1))) counted++;
            Assert.Equal(expected, Calendar.AddWorkingDays(start, n).Date);
        }, iter: Iterations);

    [Fact]
    public void Adding_is_strictly_increasing_in_n() =>
        StartAndN.Where((s, n) => n < MaxN && Calendar.AddWorkingDays(s, n + 1).Date <= LastLoaded)
            .Sample((start, n) => Assert.True(Calendar.AddWorkingDays(start, n).Date < Calendar.AddWorkingDays(start, n + 1).Date), iter: Iterations);

    [Fact]
    public void Adding_is_non_decreasing_in_the_start() =>
        Gen.Select(Start, N, Gen.Int[0, 20])
            .Where((s, n, k) => s.AddDays(k) <= LastStart && Calendar.AddWorkingDays(s.AddDays(k), n).Date <= LastLoaded)
            .Sample((start, n, k) =>
            {
                var earlier = Calendar.AddWorkingDays(start, n).Date;
                var later = Calendar.AddWorkingDays(start.AddDays(k), n).Date;
                Assert.True(earlier <= later, $"{start:yyyy-MM-dd}+{n} = {earlier:yyyy-MM-dd} but {start.AddDays(k):yyyy-MM-dd}+{n} = {later:yyyy-MM-dd}");
                // Equal only when no working day lies between the two starts (both in the same weekend or break).
                Assert.Equal(Calendar.WorkingDaysBetween(start, start.AddDays(k)) == 0, earlier == later);
            }, iter: Iterations);

    [Fact]
    public void A_deadline_that_runs_into_unloaded_2027_is_provisional_and_counts_weekends_only() =>
        Gen.Select(Gen.DateOnly[new DateOnly(2026, 10, 1), LastLoaded], N).Sample((start, n) =>
        {
            var result = Calendar.AddWorkingDays(start, n);
            Assert.Equal(result.Date.Year == 2027, result.Provisional);
            Assert.Equal(n, Calendar.WorkingDaysBetween(start, result.Date));
            if (result.Provisional) Assert.True(result.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        }, iter: Iterations);

    private static DateOnly[] Days(params string[] days) =>
        days.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();

    private static DateOnly[] Range(string first, string last)
    {
        var (a, b) = (Days(first)[0], Days(last)[0]);
        return Enumerable.Range(0, b.DayNumber - a.DayNumber + 1).Select(a.AddDays).ToArray();
    }
}
