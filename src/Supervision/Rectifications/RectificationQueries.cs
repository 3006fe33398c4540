using System.Security.Claims;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http;
using Supervision.Files;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Rectifications;

/// <summary>整改台账的一页 / One page of the rectification register.</summary>
/// <param name="TotalCapped">more than <c>Total</c> (10,000) match: the count stops there, and pages past it are refused</param>
public sealed record RectificationPage(IReadOnlyList<Rectification> Items, long Total, int Page, int PageSize, bool TotalCapped = false);

public static class RectificationQueries
{
    [WolverineGet("/api/rectifications/{id}", OperationId = "GetRectification")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var r = await session.LoadAsync<Rectification>(id, ct);
        if (r is null || !Actor.From(user).Covers(r.JurisdictionPath)) return Results.Problem(Problems.NotFound("rectification"));
        return Results.Ok(r);
    }

    /// <summary>
    /// A file the case's events name (hazard photos, correction scans), byte for byte as uploaded; with <c>thumbnail=true</c>
    /// the server-made thumbnail of a photo. Readable by whoever may read the case; 404 for a file the case does not name.
    /// </summary>
    [WolverineGet("/api/rectifications/{id}/files/{sha256}", OperationId = "GetRectificationFile")]
    public static async Task<IResult> File(Guid id, string sha256, bool? thumbnail, ClaimsPrincipal user, IQuerySession session, IFileStore files,
        HttpContext http, CancellationToken ct)
    {
        var r = await session.LoadAsync<Rectification>(id, ct);
        if (r is null || !Actor.From(user).Covers(r.JurisdictionPath)) return Results.Problem(Problems.NotFound("rectification"));
        // The rectification keeps its files in its snapshot: no need to read its events (GET /api/cases/{id}/files does).
        return await CaseEvidence.Serve(r.Files.FirstOrDefault(f => f.Sha256 == sha256), thumbnail, files, http, ct);
    }

    /// <summary>The rectification board: open, overdue or closed orders in a jurisdiction and below, soonest deadline first.</summary>
    [WolverineGet("/api/rectifications", OperationId = "ListRectifications")]
    public static async Task<RectificationPage> List(ClaimsPrincipal user, ReadSessions reads, string? status, string? jurisdiction,
        Guid? unitId, Guid? inspectionId, int? page, int? pageSize, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await List(user, session, status, jurisdiction, unitId, inspectionId, page, pageSize, ct);
    }

    /// <summary>The same query on a given session (a page's read session).</summary>
    public static async Task<RectificationPage> List(ClaimsPrincipal user, IQuerySession session, string? status, string? jurisdiction,
        Guid? unitId, Guid? inspectionId, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = Scope.For(Actor.From(user), jurisdiction);
        var (p, size) = Paging.Normalise(page, pageSize);
        if (status is not (null or "open" or "overdue" or "closed"))
            throw RuleViolation.Invalid("invalid_status", "状态须为 open、overdue 或 closed", "status must be open, overdue or closed", "status");
        var query = session.Query<Rectification>().Where(r => r.JurisdictionPath.StartsWith(scope));
        if (status is not null) query = query.Where(r => r.Board == status);
        if (unitId is not null) query = query.Where(r => r.UnitId == unitId);
        if (inspectionId is not null) query = query.Where(r => r.InspectionId == inspectionId);
        var (items, total, capped) = await Paging.CountAndPageAsync(session, query, q => q.OrderBy(r => r.DueOn).ThenBy(r => r.FoundAt), p, size, ct);
        return new RectificationPage(items, total, p, size, capped);
    }
}
