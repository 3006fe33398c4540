using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Integrity;

public static class IntegrityEndpoints
{
    /// <summary>
    /// Checks the event hash chains (every stream, or one with <c>?streamId=</c>) and reports the first broken
    /// link per stream; the same report as <c>dotnet run -- verify</c>. System administrators only: the report
    /// spans every jurisdiction (stream ids only, no case data). Leaders check their own closed cases through
    /// the archival package instead.
    /// </summary>
    [WolverineGet("/api/admin/integrity", OperationId = "GetIntegrityReport")]
    public static async Task<IResult> Get(Guid? streamId, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Roles.Admin))
            return Results.Problem(Problems.Forbidden("仅系统管理员可以检查事件哈希链", "Only a system administrator may check the event hash chains"));
        if (streamId == Guid.Empty) return Results.Problem(Problems.NotFound("stream"));
        return Results.Ok(await ChainVerifier.VerifyAsync(store, streamId, clock, ct));
    }
}
