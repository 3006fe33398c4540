using System.Diagnostics;
using Marten;
using Supervision.Shared;

namespace Supervision.Web.Pages.Shared;

/// <summary>
/// Staff names by login, for pages: people are shown by name (赵静), never by login (issue 14 §2). A small cache of every
/// account's display name (hundreds of rows). Components render synchronously inside the renderer's synchronization
/// context (blocking on a query there deadlocks), so the cache is refreshed before a page renders
/// (<see cref="RefreshIfStaleAsync"/>, from a middleware) and <see cref="Name"/> never reads the database: a login missing
/// from it (an account made in the last minute) marks the cache stale for the next page. The cache's age runs on the
/// machine's monotonic clock, not the app's TimeProvider: it is not a domain time, and the tests' fake clock must not freeze it.
/// </summary>
public sealed class PeopleDirectory(IDocumentStore store)
{
    /// <summary>Events recorded by the system itself (clocks, deliveries) name this user.</summary>
    public const string System = "system";
    /// <summary>A complaint sent in through the public form names this "user".</summary>
    public const string Public = "public";

    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private volatile IReadOnlyDictionary<string, string> _names = new Dictionary<string, string>();
    private long _loadedAt;
    private volatile bool _stale = true;
    private readonly SemaphoreSlim _reload = new(1, 1);

    /// <summary>The person's name; the login itself only for an account not (yet) known; "—" for none.</summary>
    public string Name(string? login)
    {
        if (string.IsNullOrEmpty(login)) return "—";
        if (login == System) return "系统";
        if (login == Public) return "公众（网上提交）";
        if (_names.TryGetValue(login, out var name)) return name;
        _stale = true;
        return login;
    }

    public string Names(IEnumerable<string> logins) => string.Join("、", logins.Select(Name));

    public async Task RefreshIfStaleAsync(CancellationToken ct)
    {
        if (!IsStale) return;
        await _reload.WaitAsync(ct);
        try
        {
            if (!IsStale) return;
            await using var session = store.QuerySession();
            var users = await session.Query<AppUser>().Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
            _names = users.ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Id : u.DisplayName);
            (_loadedAt, _stale) = (Stopwatch.GetTimestamp(), false);
        }
        finally { _reload.Release(); }
    }

    private bool IsStale => _stale || Stopwatch.GetElapsedTime(Interlocked.Read(ref _loadedAt)) > MaxAge;
}
