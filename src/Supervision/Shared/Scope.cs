using Marten;
using Marten.Linq;
using Npgsql;

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
    public const int DefaultPageSize = 50;
    /// <summary>The last page anyone may ask for: (page - 1) × size must fit an int, or the OFFSET overflows (PostgreSQL 2201X, a 500).</summary>
    public const int MaxPage = 100_000;

    public static (int Page, int PageSize) Normalise(int? page, int? pageSize) => (Page(page), Size(pageSize));

    /// <summary>A page number from the query (1 when absent); out of range is a 400 naming <paramref name="field"/>.</summary>
    public static int Page(int? page, string field = "page") => page is null or (>= 1 and <= MaxPage) ? page ?? 1
        : throw RuleViolation.Invalid("invalid_page", $"页码须在 1–{MaxPage} 之间", $"{field} must be 1..{MaxPage}", field);

    /// <summary>A page size from the query (<see cref="DefaultPageSize"/> when absent); out of range is a 400.</summary>
    public static int Size(int? pageSize) => pageSize is null or (>= 1 and <= MaxPageSize) ? pageSize ?? DefaultPageSize
        : throw RuleViolation.Invalid("invalid_page_size", $"每页条数须在 1–{MaxPageSize} 之间", $"pageSize must be 1..{MaxPageSize}", "pageSize");

    /// <summary>
    /// How far a list counts exactly. A region's deadline board or register holds up to a million entries at 10 M events, and
    /// counting them took 0.3–0.5 s however well indexed (issue 18 §3), while nobody pages through more than a few hundred:
    /// past this many the list says "more than 10,000" and asks for a narrower filter, as search engines do.
    /// </summary>
    public const int CountCap = 10_000;

    /// <summary>
    /// What <paramref name="query"/> matches, counted up to <paramref name="cap"/> (cost bounded by the cap, not the table):
    /// <c>select count(*) from (… limit cap + 1)</c>. <c>Capped</c> when more match; the count is then the cap.
    /// </summary>
    public static async Task<(long Count, bool Capped)> CountUpToAsync<T>(IQuerySession session, IQueryable<T> query, int cap, CancellationToken ct)
    {
        var select = query.Take(cap + 1).ToCommand(FetchType.FetchMany);
        await using var count = new NpgsqlCommand($"select count(*) from ({select.CommandText.TrimEnd().TrimEnd(';')}) as capped");
        foreach (NpgsqlParameter p in select.Parameters) count.Parameters.Add(p.Clone());
        await using var reader = await session.ExecuteReaderAsync(count, ct);
        await reader.ReadAsync(ct);
        var n = reader.GetInt64(0);
        return n > cap ? (cap, true) : (n, false);
    }

    /// <summary>
    /// A page past the counted range of a capped list is refused (its OFFSET would read the skipped entries: seconds at
    /// 10 M events): the filters must narrow the list first.
    /// </summary>
    public static void WithinCount(int page, int size, bool capped)
    {
        if (capped && (long)(page - 1) * size >= CountCap)
            throw RuleViolation.Invalid("page_beyond_count", $"只能浏览前 {CountCap:N0} 项，请用筛选条件缩小范围",
                $"only the first {CountCap:N0} entries can be paged through; narrow the filters", "page");
    }

    /// <summary>
    /// The total and one page as two queries. For large boards this beats Marten's paged list, whose windowed
    /// count reads every matching document before the first page is taken; the count can use the indexes alone.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, long Total, bool Capped)> CountAndPageAsync<T>(IQuerySession session, IQueryable<T> filtered,
        Func<IQueryable<T>, IQueryable<T>> order, int page, int size, CancellationToken ct)
    {
        var (total, capped) = await CountUpToAsync(session, filtered, CountCap, ct);
        WithinCount(page, size, capped);
        var items = await Marten.QueryableExtensions.ToListAsync(order(filtered).Skip((page - 1) * size).Take(size), ct);
        return (items, total, capped);
    }
}
