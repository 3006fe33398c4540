using Supervision.Shared;
using Xunit;

namespace Supervision.Tests.Shared;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadDefault();

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Default_calendar_holds_only_published_years()
    {
        Assert.Equal([2025, 2026], Calendar.LoadedYears);
        Assert.True(Calendar.IsLoaded(2026));
        Assert.False(Calendar.IsLoaded(2027)); // 2027 notice not published: must not be invented
    }

    [Theory]
    // Cross-check of holidays.json: 261 weekdays - 18 weekday holidays + 5 make-up days = 248 (2025);
    // 2026: 261 weekdays - 19 weekday holidays + 6 make-up days = 248.
    [InlineData(2025, 248)]
    [InlineData(2026, 248)]
    public void Working_days_per_year_match_the_notices(int year, int expected) =>
        Assert.Equal(expected, Calendar.WorkingDaysBetween(D(year - 1, 12, 31), D(year, 12, 31)));

    [Fact]
    public void Spring_Festival_2026_skips_the_break_and_counts_the_make_up_Saturday()
    {
        // Start Thu 02-12 (not counted). Fri 02-13 = 1, Sat 02-14 make-up day = 2,
        // Sun 02-15 .. Mon 02-23 holiday, Tue 02-24 = 3, Wed 02-25 = 4, Thu 02-26 = 5.
        Assert.Equal(new WorkingDayResult(D(2026, 2, 26), false), Calendar.AddWorkingDays(D(2026, 2, 12), 5));
    }

    [Fact]
    public void National_Day_2025_uses_both_make_up_days()
    {
        // Start Fri 09-26. Sat 09-27 rest, Sun 09-28 make-up = 1, Mon 09-29 = 2, Tue 09-30 = 3,
        // 10-01 .. 10-08 holiday, Thu 10-09 = 4, Fri 10-10 = 5, Sat 10-11 make-up = 6, Sun 10-12 rest, Mon 10-13 = 7.
        Assert.Equal(new WorkingDayResult(D(2025, 10, 13), false), Calendar.AddWorkingDays(D(2025, 9, 26), 7));
        Assert.Equal(D(2025, 9, 28), Calendar.AddWorkingDays(D(2025, 9, 26), 1).Date);
    }

    [Fact]
    public void Ordinary_week_skips_only_the_weekend()
    {
        // Mon 2026-03-09: Tue..Fri = 4, Sat/Sun rest, Mon 03-16 = 5.
        Assert.Equal(new WorkingDayResult(D(2026, 3, 16), false), Calendar.AddWorkingDays(D(2026, 3, 9), 5));
        Assert.Equal(D(2026, 3, 10), Calendar.AddWorkingDays(D(2026, 3, 9), 1).Date);
    }

    [Fact]
    public void Start_day_on_a_weekend_counts_from_the_next_working_day()
    {
        // Sat 2026-03-07: Sun rest, Mon 03-09 = 1.
        Assert.Equal(D(2026, 3, 9), Calendar.AddWorkingDays(D(2026, 3, 7), 1).Date);
    }

    [Fact]
    public void Deadline_crossing_into_unpublished_2027_is_provisional_and_uses_weekends_only()
    {
        // Mon 2026-12-28: Tue 29 = 1, Wed 30 = 2, Thu 31 = 3, Fri 2027-01-01 counted as a plain weekday = 4,
        // Sat/Sun rest, Mon 01-04 = 5.
        Assert.Equal(new WorkingDayResult(D(2027, 1, 4), true), Calendar.AddWorkingDays(D(2026, 12, 28), 5));
        // Ending on 12-31 never judges a 2027 day, so it is firm.
        Assert.False(Calendar.AddWorkingDays(D(2026, 12, 28), 3).Provisional);
    }

    [Fact]
    public void Subtract_across_National_Day_2026()
    {
        // Due Mon 10-12. Sun 10-11 rest, Sat 10-10 make-up = 1, Fri 10-09 = 2, Thu 10-08 = 3,
        // 10-07 .. 10-01 holiday, Wed 09-30 = 4, Tue 09-29 = 5.
        Assert.Equal(new WorkingDayResult(D(2026, 9, 29), false), Calendar.SubtractWorkingDays(D(2026, 10, 12), 5));
    }

    [Fact]
    public void Subtract_across_Spring_Festival_2025_counts_the_make_up_Sunday()
    {
        // Due Wed 02-05. 02-04 .. 01-28 holiday, Mon 01-27 = 1, Sun 01-26 make-up = 2, Sat 01-25 rest, Fri 01-24 = 3.
        Assert.Equal(new WorkingDayResult(D(2025, 1, 24), false), Calendar.SubtractWorkingDays(D(2025, 2, 5), 3));
    }

    [Fact]
    public void Subtract_into_unloaded_2024_is_provisional()
    {
        // Due Thu 2025-01-02: 01-01 holiday, Tue 2024-12-31 = 1 (2024 not loaded).
        Assert.Equal(new WorkingDayResult(D(2024, 12, 31), true), Calendar.SubtractWorkingDays(D(2025, 1, 2), 1));
    }

    [Fact]
    public void Add_and_subtract_reject_non_positive_n()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D(2026, 3, 9), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.SubtractWorkingDays(D(2026, 3, 9), -1));
    }

    [Fact]
    public void WorkingDaysBetween_counts_the_half_open_interval()
    {
        Assert.Equal(5, Calendar.WorkingDaysBetween(D(2026, 2, 12), D(2026, 2, 26))); // mirrors the Spring Festival case
        Assert.Equal(1, Calendar.WorkingDaysBetween(D(2026, 3, 9), D(2026, 3, 10)));   // `to` counted, `from` not
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(2026, 3, 10), D(2026, 3, 10)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(2026, 3, 16), D(2026, 3, 9)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(2025, 9, 30), D(2025, 10, 8)));   // whole National Day break
    }

    [Theory]
    [InlineData("2026-02-14", true)]  // Saturday make-up working day
    [InlineData("2025-10-11", true)]  // Saturday make-up working day
    [InlineData("2026-02-16", false)] // Monday inside Spring Festival
    [InlineData("2025-10-08", false)] // Wednesday inside National Day
    [InlineData("2026-03-07", false)] // ordinary Saturday
    [InlineData("2026-03-09", true)]  // ordinary Monday
    [InlineData("2027-01-01", true)]  // unloaded year: weekends-only rule, Friday
    [InlineData("2027-01-02", false)] // unloaded year: Saturday
    public void IsWorkingDay(string day, bool expected) =>
        Assert.Equal(expected, Calendar.IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "calendar": {} }""")]
    [InlineData("""{ "years": { "twenty": { "off": [], "work": [] } } }""")]
    [InlineData("""{ "years": { "2027": { "off": ["2026-12-31"], "work": [] } } }""")]        // date outside its year
    [InlineData("""{ "years": { "2027": { "off": ["2027-02-06"], "work": ["2027-02-06"] } } }""")] // both off and work
    [InlineData("""{ "years": { "2027": { "off": ["2027-13-01"], "work": [] } } }""")]        // not a date
    [InlineData("""{ "years": { "2027": { "off": ["2027-01-01"] } } }""")]                    // missing work array
    [InlineData("""{ "years": { "2027": { "off": [], "wrok": [] } } }""")]                    // typo in key
    [InlineData("""{ "years": { "2027": { "off": [], "work": ["2027-01-04"] } } }""")]        // make-up day on a Monday
    [InlineData("""{ "years": { "2027": { "off": [], "work": [] }, "2027": { "off": [], "work": [] } } }""")]
    [InlineData("""{ "years": { "0": { "off": [], "work": [] } } }""")]                         // years run 1..9999
    [InlineData("""{ "years": { "10000": { "off": [], "work": [] } } }""")]
    [InlineData("""{ "years": { "2027": { "off": [], "work": ["2026-12-26"] } } }""")]        // make-up day outside its year
    [InlineData("""{ "years": { "2027": { "off": [], "work": "2027-01-02" } } }""")]          // work not an array
    public void FromJson_rejects_a_bad_file(string json) =>
        Assert.Throws<ArgumentException>(() => WorkingDayCalendar.FromJson(json));

    [Fact]
    public void FromJson_accepts_the_first_and_last_valid_years() =>
        Assert.Equal([1, 9999], WorkingDayCalendar.FromJson("""{ "years": { "1": { "off": [], "work": [] }, "9999": { "off": [], "work": [] } } }""").LoadedYears);

    [Fact]
    public void FromJson_error_names_the_offending_date()
    {
        var ex = Assert.Throws<ArgumentException>(() => WorkingDayCalendar.FromJson(
            """{ "years": { "2027": { "off": ["2027-02-06"], "work": ["2027-02-06"] } } }"""));
        Assert.Contains("2027-02-06", ex.Message);
        Assert.Contains("both off and work", ex.Message);
    }

    [Fact]
    public void FromJson_accepts_a_hand_edited_file()
    {
        var cal = WorkingDayCalendar.FromJson("""
            {
              // comments and trailing commas are tolerated
              "years": { "2027": { "source": "test", "off": ["2027-01-01",], "work": [] } }
            }
            """);
        Assert.Equal([2027], cal.LoadedYears);
        Assert.False(cal.IsWorkingDay(D(2027, 1, 1)));
    }

    [Fact]
    public void WithYear_adds_2027_without_changing_the_original()
    {
        var with2027 = Calendar.WithYear(2027, [D(2027, 1, 1)], []);

        Assert.Equal([2025, 2026, 2027], with2027.LoadedYears);
        Assert.False(Calendar.IsLoaded(2027)); // immutable: the default calendar is untouched
        // Wed 2026-12-30: Thu 31 = 1, Fri 01-01 now a holiday, weekend, Mon 01-04 = 2, Tue 01-05 = 3.
        Assert.Equal(new WorkingDayResult(D(2027, 1, 5), false), with2027.AddWorkingDays(D(2026, 12, 30), 3));
    }

    [Fact]
    public void WithYear_replaces_an_existing_year_and_validates()
    {
        var replaced = Calendar.WithYear(2026, [], []);
        Assert.True(replaced.IsWorkingDay(D(2026, 2, 16)));  // holiday list replaced
        Assert.False(replaced.IsWorkingDay(D(2026, 2, 14))); // make-up day gone
        Assert.Throws<ArgumentException>(() => Calendar.WithYear(2027, [D(2028, 1, 1)], []));
    }

    [Fact]
    public void BeijingToday_uses_a_fixed_plus_eight_offset()
    {
        Assert.Equal(D(2026, 3, 2), WorkingDayCalendar.BeijingToday(new DateTimeOffset(2026, 3, 1, 17, 0, 0, TimeSpan.Zero)));
        Assert.Equal(D(2026, 3, 1), WorkingDayCalendar.BeijingToday(new DateTimeOffset(2026, 3, 1, 15, 59, 59, TimeSpan.Zero)));
        // Same instant as 17:00Z expressed at -08:00.
        Assert.Equal(D(2026, 3, 2), WorkingDayCalendar.BeijingToday(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(-8))));
    }

    [Fact]
    public void EndOfDayBeijing_is_next_midnight_at_plus_eight()
    {
        var end = WorkingDayCalendar.EndOfDayBeijing(D(2026, 3, 2));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.FromHours(8)), end);
        Assert.Equal(TimeSpan.FromHours(8), end.Offset);
        Assert.Equal(new DateTime(2026, 3, 2, 16, 0, 0, DateTimeKind.Utc), end.UtcDateTime);
        // Month/year rollover.
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)), WorkingDayCalendar.EndOfDayBeijing(D(2026, 12, 31)));
    }
}
