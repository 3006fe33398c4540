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

public sealed record DeadlinePage(IReadOnlyList<DeadlineView> Items, long Total, int Page, int PageSize);

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
    public static async Task<DeadlinePage> List(ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, string? jurisdiction, string? owner, string? status,
        string? kind, string? dueBefore, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var scope = Scope.For(actor, jurisdiction);
        var (p, size) = Paging.Normalise(page, pageSize);
        var statuses = Statuses(status);
        var ownerName = Owner(owner, actor);
        var due = DueBefore(dueBefore);
        if (kind is not null && !DeadlineCaseKinds.All.Contains(kind) && !DeadlineClocks.Names.ContainsKey(kind))
            throw RuleViolation.Invalid("invalid_kind", "类型无效（rectification、complaint、sanction、referral 或期限名称）",
                "kind must be rectification, complaint, sanction, referral or a clock such as complaint_acceptance", "kind");

        var me = actor.UserName;
        var query = session.Query<DeadlineEntry>()
            .Where(d => d.JurisdictionPath.StartsWith(scope) && statuses.Contains(d.Status) && (!d.HasExclusions || !d.ExcludedUserIds.Contains(me)));
        if (ownerName is not null) query = query.Where(d => d.Owners.Contains(ownerName));
        if (kind is not null)
            query = DeadlineCaseKinds.All.Contains(kind) ? query.Where(d => d.CaseKind == kind) : query.Where(d => d.Clock == kind);
        if (due is not null) query = query.Where(d => d.DueOn <= due);
        var (items, total) = await Paging.CountAndPageAsync(query, q => q.OrderBy(d => d.DueOn).ThenBy(d => d.Id), p, size, ct);
        return new DeadlinePage(items.Select(d => DeadlineView.Of(d, calendar)).ToList(), total, p, size);
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
