using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;
using Wolverine.Http;

namespace Supervision.Documents;

public static class DocumentEndpoints
{
    /// <summary>The printable enforcement document with this number (文号), rendered from the case's current state.</summary>
    [WolverineGet("/api/documents/{number}", OperationId = "GetDocument")]
    public static async Task<IResult> Get(string number, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var doc = await session.LoadAsync<IssuedDocument>(number, ct);
        if (doc is null || !Actor.From(user).Covers(doc.JurisdictionPath)) return Results.Problem(Problems.NotFound("document"));
        switch (doc.Type)
        {
            case DocumentTypes.RectificationOrder:
                var r = await session.LoadAsync<Rectification>(doc.StreamId, ct);
                if (r is null) return Results.Problem(Problems.NotFound("document"));
                var unit = await session.LoadAsync<SupervisedUnit>(r.UnitId, ct);
                var department = JurisdictionCatalogue.Find(r.DepartmentId)!;
                return Results.Content(RectificationOrderDocument.Render(r, unit, department), "text/html; charset=utf-8");
            default:
                return Results.Problem(Problems.NotFound("document"));
        }
    }
}
