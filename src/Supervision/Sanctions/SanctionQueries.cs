using System.Security.Claims;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Sanctions;

/// <summary>行政处罚案件列表的一页 / One page of the sanction case list.</summary>
public sealed record SanctionCasePage(IReadOnlyList<SanctionCase> Items, long Total, int Page, int PageSize);

public static class SanctionQueries
{
    /// <summary>The case; 404 outside the jurisdiction and for staff named in an Art. 44 case (R22).</summary>
    [WolverineGet("/api/sanction-cases/{id}", OperationId = "GetSanctionCase")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var c = await session.LoadAsync<SanctionCase>(id, ct);
        if (c is null || !SanctionSteps.MaySee(c, Actor.From(user))) return Results.Problem(Problems.NotFound("sanction case"));
        return Results.Ok(c);
    }

    /// <summary>Sanction cases in a jurisdiction and below, newest first; Art. 44 cases naming the caller are left out.</summary>
    [WolverineGet("/api/sanction-cases", OperationId = "ListSanctionCases")]
    public static async Task<SanctionCasePage> List(ClaimsPrincipal user, ReadSessions reads, string? status, string? jurisdiction,
        Guid? unitId, int? page, int? pageSize, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await List(user, session, status, jurisdiction, unitId, page, pageSize, ct);
    }

    /// <summary>The same query on a given session (a page's read session).</summary>
    public static async Task<SanctionCasePage> List(ClaimsPrincipal user, IQuerySession session, string? status, string? jurisdiction,
        Guid? unitId, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var scope = Scope.For(actor, jurisdiction);
        var (p, size) = Paging.Normalise(page, pageSize);
        SanctionStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<SanctionStatus>(status, true, out var parsed) || int.TryParse(status, out _))
                throw RuleViolation.Invalid("invalid_status", "状态无效（investigating、reported、noticed、decided、closed）",
                    "status must be investigating, reported, noticed, decided or closed", "status");
            wanted = parsed;
        }
        var me = actor.UserName;
        var query = session.Query<SanctionCase>().Where(c => c.JurisdictionPath.StartsWith(scope) && !c.ExcludedUserIds.Contains(me));
        if (wanted is not null) query = query.Where(c => c.Status == wanted);
        if (unitId is not null) query = query.Where(c => c.PartyUnitId == unitId);
        var items = await query.OrderByDescending(c => c.OpenedAt).ToPagedListAsync(p, size, ct);
        return new SanctionCasePage(items.ToList(), items.TotalItemCount, p, size);
    }
}
