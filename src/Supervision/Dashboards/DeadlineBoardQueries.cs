using System.Globalization;
using System.Security.Claims;
using Marten;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Dashboards;

/// <summary>A board entry as shown to staff (without the Art. 44 exclusion list).</summary>
public sealed record DeadlineView(
    string Id, string CaseKind, Guid CaseId, string Clock, Guid? ItemId, string ClockName, string Subject, string? DocumentNumber,
    string Title, DateOnly DueOn, DateTimeOffset? DueAt, string Status, DateTimeOffset? OverdueSince, string? Note, string[] Owners,
    string JurisdictionId, string JurisdictionName, bool Provisional)
{
    /// <summary>Provisional: counted without the official calendar of a year it runs into, or due in a year not yet published.</summary>
    public static DeadlineView Of(DeadlineEntry d, WorkingDayCalendar calendar) => new(
        d.Id, d.CaseKind, d.CaseId, d.Clock, d.ItemId, d.ClockName, d.Subject, d.DocumentNumber, d.Title, d.DueOn, d.DueAt, d.Status,
        d.OverdueSince, d.Note, d.Owners, d.JurisdictionId, JurisdictionCatalogue.Find(d.JurisdictionId)?.Name ?? d.JurisdictionId,
        d.Status != DeadlineStatuses.Done && (d.Provisional || !calendar.IsLoaded(d.DueOn.Year)));
}

/// <summary>期限看板的一页 / One page of the deadline board.</summary>
/// <param name="TotalCapped">more than <c>Total</c> (10,000) match: the count stops there, and pages past it are refused</param>
public sealed record DeadlinePage(IReadOnlyList<DeadlineView> Items, long Total, int Page, int PageSize, bool TotalCapped = false);

public static class DeadlineBoardQueries
{
    public const int MaxOwnerLength = 100;

    /// <summary>
    /// GET /api/deadlines — everything due or overdue in a jurisdiction and below, soonest first (async read model).
    /// <c>owner=me</c> is the caller; <c>status</c> open, overdue or done (default open and overdue); <c>kind</c> a case kind
    /// (rectification, complaint, sanction, referral) or a clock (e.g. complaint_acceptance); <c>dueBefore</c> keeps what is due
    /// on or before that day. Art. 44 cases are never shown to the staff they name (R22).
    /// </summary>
    [WolverineGet("/api/deadlines", OperationId = "ListDeadlines")]
    public static async Task<DeadlinePage> List(ClaimsPrincipal user, ReadSessions reads, WorkingDayCalendar calendar, TimeProvider clock, string? jurisdiction,
        string? owner, string? status, string? kind, string? dueBefore, int? page, int? pageSize, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await List(user, session, calendar, clock, jurisdiction, owner, status, kind, dueBefore, page, pageSize, ct);
    }

    /// <summary>The board on a given session (the page reads the board and its names on one read session).</summary>
    public static async Task<DeadlinePage> List(ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock, string? jurisdiction,
        string? owner, string? status, string? kind, string? dueBefore, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var scope = Scope.For(actor, jurisdiction);
        var (p, size) = Paging.Normalise(page, pageSize);
        var statuses = Statuses(status);
        var ownerName = Owner(owner, actor);
        var due = DueBefore(dueBefore);
        if (kind is not null && !DeadlineCaseKinds.All.Contains(kind) && !DeadlineClocks.Names.ContainsKey(kind))
            throw RuleViolation.Invalid("invalid_kind", "类型无效（rectification、complaint、sanction、referral、statistics 或期限名称）",
                "kind must be rectification, complaint, sanction, referral, statistics or a clock such as complaint_acceptance", "kind");

        var me = actor.UserName;
        var filtered = session.Query<DeadlineEntry>().Where(d => d.JurisdictionPath.StartsWith(scope) && statuses.Contains(d.Status));
        if (kind is not null)
            filtered = DeadlineCaseKinds.All.Contains(kind) ? filtered.Where(d => d.CaseKind == kind) : filtered.Where(d => d.Clock == kind);
        if (due is not null) filtered = filtered.Where(d => d.DueOn <= due);
        var query = filtered.Where(d => !d.HasExclusions || !d.ExcludedUserIds.Contains(me)); // Art. 44 / R22: not to those excluded

        // R25: the statistics clocks are computed, not stored; a few per scope, merged into the stored entries' order.
        var computed = (await StatisticsClocks(session, scope, clock.GetUtcNow(), ct))
            .Where(d => statuses.Contains(d.Status) && (ownerName is null || d.Owners.Contains(ownerName)) && (due is null || d.DueOn <= due)
                && (kind is null || kind == DeadlineCaseKinds.Statistics || kind == DeadlineClocks.StatisticsPublication))
            .OrderBy(d => d.DueOn).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        // Counted in two parts: the entries without exclusions from the covering index alone (an index-only scan), the few
        // with exclusions from their documents. One count with the OR read every open entry's document: 105 ms for the
        // region's 72,748 open entries at 1.1 M events, against ~20 ms split (issue 18 §3). Both stop at the cap: the region's
        // ~0.55 M open entries at 10 M events took 0.3–0.45 s to count even from the index.
        // An owner's entries come from their own index (DeadlineOwners), not from the region's entries filtered in JSON.
        var byOwner = ownerName is null ? null : new DeadlineOwners.Filter(ownerName, me, scope, statuses, kind, due);
        var (plain, plainCapped) = byOwner is not null
            ? await DeadlineOwners.CountUpToAsync(session, byOwner, Paging.CountCap, ct)
            : await Paging.CountUpToAsync(session, filtered.Where(d => !d.HasExclusions), Paging.CountCap, ct);
        var (excluding, excludingCapped) = byOwner is not null ? (0L, false)
            : await Paging.CountUpToAsync(session, filtered.Where(d => d.HasExclusions && !d.ExcludedUserIds.Contains(me)), Paging.CountCap, ct);
        var total = plain + excluding + computed.Count;
        var capped = plainCapped || excludingCapped || total > Paging.CountCap;
        Paging.WithinCount(p, size, capped);
        var offset = (p - 1) * size;
        var storedFrom = Math.Max(0, offset - computed.Count);
        var stored = byOwner is not null
            ? await DeadlineOwners.PageAsync(session, byOwner, storedFrom, offset + size - storedFrom, ct)
            : await Marten.QueryableExtensions.ToListAsync(query.OrderBy(d => d.DueOn).ThenBy(d => d.Id).Skip(storedFrom).Take(offset + size - storedFrom), ct);
        var items = MergePage(stored, storedFrom, computed, offset, size);
        return new DeadlinePage(items.Select(d => DeadlineView.Of(d, calendar)).ToList(), capped ? Paging.CountCap : total, p, size, capped);
    }

    /// <summary>The R25 clocks of every department in <paramref name="scope"/> for the year now due.</summary>
    private static async Task<IReadOnlyList<DeadlineEntry>> StatisticsClocks(IQuerySession session, string scope, DateTimeOffset now, CancellationToken ct)
    {
        var year = StatisticsPublicationClock.YearDue(WorkingDayCalendar.BeijingToday(now));
        var departments = JurisdictionCatalogue.All.Where(j => JurisdictionPaths.Covers(scope, j.Path)).ToList();
        var ids = departments.Select(d => StatisticsPublication.StreamId(d.Id, year)).ToArray();
        var published = (await session.LoadManyAsync<StatisticsPublication>(ct, ids)).ToDictionary(x => x.JurisdictionId);
        var leaders = (await Marten.QueryableExtensions.ToListAsync(
                session.Query<AppUser>().Where(u => u.Role == Roles.Leader && u.JurisdictionPath.StartsWith(scope)), ct))
            .GroupBy(u => u.JurisdictionId).ToDictionary(g => g.Key, g => g.Select(u => u.Id).Order(StringComparer.Ordinal).ToArray());
        return StatisticsPublicationClock.Entries(departments, year, published, leaders, now);
    }

    /// <summary>
    /// The page at <paramref name="offset"/> of the stored entries merged with the computed ones (both sorted by due day,
    /// then id). <paramref name="stored"/> starts at position <paramref name="storedFrom"/> of the stored order, at most
    /// <paramref name="computed"/>.Count before the page, so every computed entry that sorts before it is counted.
    /// </summary>
    public static List<DeadlineEntry> MergePage(IReadOnlyList<DeadlineEntry> stored, int storedFrom, IReadOnlyList<DeadlineEntry> computed, int offset, int size)
    {
        static int Compare(DeadlineEntry a, DeadlineEntry b) =>
            a.DueOn != b.DueOn ? a.DueOn.CompareTo(b.DueOn) : string.CompareOrdinal(a.Id, b.Id);
        // Computed entries before the first stored one fetched are before the window when stored rows were skipped.
        var before = storedFrom == 0 || stored.Count == 0 ? 0 : computed.Count(c => Compare(c, stored[0]) < 0);
        var rest = storedFrom == 0 || stored.Count == 0 ? computed : computed.Where(c => Compare(c, stored[0]) >= 0).ToList();
        if (storedFrom > 0 && stored.Count == 0) before = computed.Count; // past the stored entries: all computed ones came earlier
        if (storedFrom > 0 && stored.Count == 0) rest = [];
        var merged = new List<DeadlineEntry>(stored.Count + rest.Count);
        int i = 0, j = 0;
        while (i < stored.Count || j < rest.Count)
            merged.Add(j >= rest.Count || (i < stored.Count && Compare(stored[i], rest[j]) <= 0) ? stored[i++] : rest[j++]);
        var start = offset - (storedFrom + before);
        return merged.Skip(Math.Max(0, start)).Take(size).ToList();
    }

    public static string[] Statuses(string? status)
    {
        if (status is null) return [DeadlineStatuses.Open, DeadlineStatuses.Overdue];
        if (!DeadlineStatuses.All.Contains(status))
            throw RuleViolation.Invalid("invalid_status", "状态须为 open、overdue 或 done", "status must be open, overdue or done", "status");
        return [status];
    }

    public static string? Owner(string? owner, Actor actor)
    {
        if (owner is null) return null;
        var name = owner.Trim();
        if (name.Length == 0 || name.Length > MaxOwnerLength)
            throw RuleViolation.Invalid("invalid_owner", $"承办人须为 me 或用户名（最多 {MaxOwnerLength} 字）", $"owner must be me or a user name (at most {MaxOwnerLength} characters)", "owner");
        return name == "me" ? actor.UserName : name;
    }

    public static DateOnly? DueBefore(string? value)
    {
        if (value is null) return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw RuleViolation.Invalid("invalid_date", "日期格式应为 yyyy-MM-dd", "dueBefore must be yyyy-MM-dd", "dueBefore");
        return day;
    }
}
