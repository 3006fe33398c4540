using Supervision.Documents;
using Supervision.Web.Pages.Shared;

namespace Supervision.IntegrationTests.Ui;

/// <summary>
/// The pager of a list whose count stopped at its cap (Paging.CountCap) offers no "last page": that page would only be
/// the cap's, and its OFFSET read every skipped entry (the owner's deadline board's last page took 0.2-0.4 s at 10 M events).
/// </summary>
public sealed class PagerTests
{
    private static Task<string> Render(long total, bool capped, int page) => DocumentComponents.RenderBodyAsync<Pager>(new()
    {
        [nameof(Pager.Total)] = total, [nameof(Pager.Capped)] = capped, [nameof(Pager.Page)] = page, [nameof(Pager.Size)] = 50,
        [nameof(Pager.Url)] = (Func<int, string>)(p => $"/deadlines?page={p}"),
    });

    [Fact]
    public async Task A_capped_list_links_the_pages_around_but_not_the_last()
    {
        var capped = await Render(10_000, capped: true, page: 1);
        Assert.Contains("data-page=\"2\"", capped);
        Assert.DoesNotContain("data-page=\"200\"", capped);
        Assert.Contains("前 200 页可浏览", capped);

        var exact = await Render(10_000, capped: false, page: 1);
        Assert.Contains("data-page=\"200\"", exact);
        Assert.Contains("第 1/200 页", exact);
    }
}
