using Supervision.Dashboards;
using Supervision.Shared;

namespace Supervision.Tests.Dashboards;

/// <summary>Issue 12 item 16 (R25): the computed statistics clock and its place among the stored board entries.</summary>
public class StatisticsPublicationClockTests
{
    private static readonly Jurisdiction Urumqi = JurisdictionCatalogue.Find("650100")!;
    private static readonly DateTimeOffset EndOfDueDay = WorkingDayCalendar.EndOfDayBeijing(new DateOnly(2026, 1, 31));

    private static StatisticsPublication Published(bool late) => new() { JurisdictionId = "650100", Year = 2025, FirstPublishedLate = late };

    [Fact]
    public void The_previous_years_statistics_are_due_on_31_January_open_until_its_end_then_overdue()
    {
        Assert.Equal(2025, StatisticsPublicationClock.YearDue(new DateOnly(2026, 2, 5)));
        var open = Assert.Single(StatisticsPublicationClock.Entries([Urumqi], 2025, new Dictionary<string, StatisticsPublication>(),
            new Dictionary<string, string[]> { ["650100"] = ["urumqi.leader"] }, EndOfDueDay.AddTicks(-1)));
        Assert.Equal((new DateOnly(2026, 1, 31), DeadlineStatuses.Open, "statistics_publication"), (open.DueOn, open.Status, open.Clock));
        Assert.Equal(["urumqi.leader"], open.Owners);
        var overdue = Assert.Single(StatisticsPublicationClock.Entries([Urumqi], 2025, new Dictionary<string, StatisticsPublication>(), new Dictionary<string, string[]>(), EndOfDueDay));
        Assert.Equal((DeadlineStatuses.Overdue, EndOfDueDay), (overdue.Status, overdue.OverdueSince));
    }

    [Fact]
    public void A_publication_settles_the_clock_and_a_late_one_says_so()
    {
        var onTime = Assert.Single(StatisticsPublicationClock.Entries([Urumqi], 2025, new Dictionary<string, StatisticsPublication> { ["650100"] = Published(false) }, new Dictionary<string, string[]>(), EndOfDueDay.AddDays(3)));
        Assert.Equal((DeadlineStatuses.Done, "已发布"), (onTime.Status, onTime.Note));
        var late = Assert.Single(StatisticsPublicationClock.Entries([Urumqi], 2025, new Dictionary<string, StatisticsPublication> { ["650100"] = Published(true) }, new Dictionary<string, string[]>(), EndOfDueDay.AddDays(3)));
        Assert.Equal("逾期发布", late.Note);
    }

    [Fact]
    public void Every_page_of_the_merged_board_is_the_same_as_paging_the_whole_sorted_list()
    {
        static DeadlineEntry E(string id, int day) => new() { Id = id, DueOn = new DateOnly(2026, 1, day) };
        var stored = Enumerable.Range(1, 23).Select(i => E($"s{i:D2}", i)).ToList();
        var computed = new[] { E("c1", 1), E("c2", 12), E("c3", 12), E("c4", 30) }.ToList();
        var all = stored.Concat(computed).OrderBy(d => d.DueOn).ThenBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Id).ToList();
        foreach (var size in new[] { 1, 2, 3, 5, 7, 10, 30 })
            for (var offset = 0; offset <= all.Count + size; offset += size)
            {
                var from = Math.Max(0, offset - computed.Count);
                var window = stored.Skip(from).Take(offset + size - from).ToList();
                var page = DeadlineBoardQueries.MergePage(window, from, computed, offset, size).Select(d => d.Id);
                Assert.Equal(all.Skip(offset).Take(size), page);
            }
    }
}
