using System.Security.Claims;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Inspections;

/// <summary>检查列表的一页 / One page of the inspection list.</summary>
public sealed record InspectionPage(IReadOnlyList<Inspection> Items, long Total, int Page, int PageSize);

public static class InspectionQueries
{
    [WolverineGet("/api/inspections/{id}", OperationId = "GetInspection")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var i = await session.LoadAsync<Inspection>(id, ct);
        // Visible to the jurisdiction path (R3) and, for a joint inspection, to the participating archives departments.
        if (i is null || !JointInspection.CanSee(i, Actor.From(user))) return Results.Problem(Problems.NotFound("inspection"));
        return Results.Ok(i);
    }

    [WolverineGet("/api/inspections", OperationId = "ListInspections")]
    public static async Task<InspectionPage> List(ClaimsPrincipal user, ReadSessions reads, string? status, string? jurisdiction,
        Guid? unitId, string? inspector, int? page, int? pageSize, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await List(user, session, status, jurisdiction, unitId, inspector, page, pageSize, ct);
    }

    /// <summary>The same query on a given session (a page's read session).</summary>
    public static async Task<InspectionPage> List(ClaimsPrincipal user, IQuerySession session, string? status, string? jurisdiction,
        Guid? unitId, string? inspector, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = Scope.For(Actor.From(user), jurisdiction);
        var (p, size) = Paging.Normalise(page, pageSize);
        InspectionStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<InspectionStatus>(status.Replace("_", ""), true, out var parsed) || int.TryParse(status, out _))
                throw RuleViolation.Invalid("invalid_status", "状态无效（planned、in_progress、concluded、cancelled）", "status must be planned, in_progress, concluded or cancelled", "status");
            wanted = parsed;
        }
        var query = session.Query<Inspection>().Where(i => i.JurisdictionPath.StartsWith(scope));
        if (wanted is not null) query = query.Where(i => i.Status == wanted);
        if (unitId is not null) query = query.Where(i => i.UnitId == unitId);
        if (!string.IsNullOrWhiteSpace(inspector)) query = query.Where(i => i.Inspectors.Any(x => x.UserName == inspector));
        var items = await query.OrderByDescending(i => i.PlannedOn).ThenByDescending(i => i.PlannedAt).ToPagedListAsync(p, size, ct);
        return new InspectionPage(items.ToList(), items.TotalItemCount, p, size);
    }
}
