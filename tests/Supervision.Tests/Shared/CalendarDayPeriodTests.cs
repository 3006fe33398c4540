using Supervision.Shared;

namespace Supervision.Tests.Shared;

/// <summary>Civil Code Art. 203: a period counted in calendar days whose last day is a public holiday or rest day ends on the next working day.</summary>
public class CalendarDayPeriodTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadDefault();
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData("2026-02-05", 15, "2026-02-20", "2026-02-24")] // Spring Festival 2026 (off 15–23 February)
    [InlineData("2026-02-05", 60, "2026-04-06", "2026-04-07")] // Qingming 2026 (off 4–6 April)
    [InlineData("2026-02-05", 30, "2026-03-07", "2026-03-09")] // a Saturday
    [InlineData("2026-02-06", 30, "2026-03-08", "2026-03-09")] // a Sunday
    [InlineData("2026-01-15", 30, "2026-02-14", "2026-02-14")] // a Saturday that is a make-up working day: nothing moves
    [InlineData("2026-02-10", 15, "2026-02-25", "2026-02-25")] // a working day
    public void A_period_ending_on_a_day_off_ends_on_the_next_working_day(string start, int days, string statutory, string due)
    {
        var p = Calendar.CalendarDays(DateOnly.Parse(start), days);
        Assert.Equal((DateOnly.Parse(statutory), DateOnly.Parse(due), false), (p.StatutoryDate, p.DueOn, p.Provisional));
        Assert.Equal(statutory != due, p.Extended);
    }

    [Fact]
    public void A_period_ending_in_an_unpublished_year_is_provisional()
    {
        var p = Calendar.CalendarDays(D(2026, 12, 20), 15); // 4 January 2027: no 2027 calendar is shipped
        Assert.True(p.Provisional);
        Assert.Equal(D(2027, 1, 4), p.DueOn); // a Monday, on weekends only
    }

    [Fact]
    public void Versions_name_every_year_of_a_span_and_zero_for_unpublished_ones()
    {
        Assert.Equal(new Dictionary<int, int> { [2026] = 1, [2027] = 0 }, Calendar.VersionsFor(D(2026, 12, 20), D(2027, 1, 4)));
        Assert.Equal(2, Calendar.WithYear(2027, [], [], version: 2).VersionOf(2027));
        Assert.Equal("国办发明电〔2024〕12号", Calendar.SourceOf(2025));
    }

    [Fact]
    public void A_copy_follows_a_publication_and_the_shipped_default_does_not()
    {
        var copy = Calendar.Copy();
        copy.ReplaceWith(Calendar.WithYear(2027, [D(2027, 1, 1)], []));
        Assert.True(copy.IsLoaded(2027));
        Assert.False(WorkingDayCalendar.LoadDefault().IsLoaded(2027));
    }

    [Fact]
    public void A_period_moved_past_the_end_of_a_published_year_into_an_unpublished_one_is_provisional()
    {
        var only2030 = WorkingDayCalendar.Empty.WithYear(2030, [D(2030, 12, 31)], []); // a test-only schedule
        var p = only2030.EndingOn(D(2030, 12, 31)); // a day off: the next working day is in 2031, not published
        Assert.Equal((D(2031, 1, 1), true), (p.DueOn, p.Provisional));
        Assert.False(only2030.EndingOn(D(2030, 12, 30)).Provisional);
    }

    [Fact]
    public void A_period_has_at_least_one_day_and_versions_cover_a_span_given_either_way_round()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.CalendarDays(D(2026, 3, 2), 0));
        Assert.Equal(Calendar.VersionsFor(D(2025, 12, 30), D(2026, 1, 5)), Calendar.VersionsFor(D(2026, 1, 5), D(2025, 12, 30)));
        Assert.Equal([2025, 2026], Calendar.VersionsFor(D(2026, 1, 5), D(2025, 12, 30)).Keys.Order());
    }

    [Fact]
    public void A_years_days_are_listed_in_order_for_recording_them()
    {
        Assert.Equal(D(2026, 1, 1), Calendar.DaysOff(2026).First());
        Assert.Equal(D(2026, 10, 7), Calendar.DaysOff(2026).Last());
        Assert.Equal([D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)], Calendar.MakeUpWorkingDays(2026));
        Assert.Empty(Calendar.DaysOff(2027));
    }
}
