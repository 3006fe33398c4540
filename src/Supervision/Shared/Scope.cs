namespace Supervision.Shared;

/// <summary>The jurisdiction path a list query is limited to: the one asked for, if the actor covers it.</summary>
public static class Scope
{
    public static string For(Actor actor, string? requestedJurisdiction)
    {
        if (string.IsNullOrWhiteSpace(requestedJurisdiction)) return actor.JurisdictionPath;
        var j = JurisdictionCatalogue.Find(requestedJurisdiction)
            ?? throw RuleViolation.Invalid("unknown_jurisdiction", "行政区划代码无效", "Unknown jurisdiction code", "jurisdiction");
        // Asking for a jurisdiction one may not see is not an error that reveals anything: 404.
        if (!actor.Covers(j.Path)) throw RuleViolation.NotFound("jurisdiction");
        return j.Path;
    }
}

public static class Paging
{
    public const int MaxPageSize = 200;
    /// <summary>The last page anyone may ask for: (page - 1) × size must fit an int, or the OFFSET overflows (PostgreSQL 2201X, a 500).</summary>
    public const int MaxPage = 100_000;

    public static (int Page, int PageSize) Normalise(int? page, int? pageSize)
    {
        if (page is < 1 or > MaxPage) throw RuleViolation.Invalid("invalid_page", $"页码须在 1–{MaxPage} 之间", $"page must be 1..{MaxPage}", "page");
        if (pageSize is < 1 or > MaxPageSize) throw RuleViolation.Invalid("invalid_page_size", $"每页条数须在 1–{MaxPageSize} 之间", $"pageSize must be 1..{MaxPageSize}", "pageSize");
        return (page ?? 1, pageSize ?? 50);
    }

    /// <summary>
    /// The total and one page as two queries. For large boards this beats Marten's paged list, whose windowed
    /// count reads every matching document before the first page is taken; the count can use the indexes alone.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, int Total)> CountAndPageAsync<T>(IQueryable<T> filtered,
        Func<IQueryable<T>, IQueryable<T>> order, int page, int size, CancellationToken ct)
    {
        var total = await Marten.QueryableExtensions.CountAsync(filtered, ct);
        var items = await Marten.QueryableExtensions.ToListAsync(order(filtered).Skip((page - 1) * size).Take(size), ct);
        return (items, total);
    }
}
