using Supervision.Shared;
using Xunit;

namespace Supervision.Tests.Shared;

public class PagingTests
{
    // A capped list (more than Paging.CountCap entries match) pages through its counted range only: the last page that
    // starts inside it is served, the next is refused as bad input (its OFFSET would read every skipped entry).
    [Theory]
    [InlineData(1, 50, true, true)]
    [InlineData(200, 50, true, true)]
    [InlineData(201, 50, true, false)]
    [InlineData(100_000, 200, true, false)]
    [InlineData(100_000, 200, false, true)]
    public void A_capped_list_pages_only_through_its_counted_range(int page, int size, bool capped, bool allowed)
    {
        var refused = Record.Exception(() => Paging.WithinCount(page, size, capped));
        if (allowed) Assert.Null(refused);
        else Assert.Equal((400, "page_beyond_count"), (Assert.IsType<RuleViolation>(refused).Status, (string?)((RuleViolation)refused!).Problem.Extensions["code"]));
    }
}
