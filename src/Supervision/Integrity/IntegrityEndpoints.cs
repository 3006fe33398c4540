using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using Supervision.Documents;
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

    /// <summary>
    /// The archival package of a closed case (zip: events of the linked streams with their hashes, documents as issued and
    /// their PDFs, the case file PDF, manifest.json). Whoever may see the case file may export it; an open case is refused (409 case_open).
    /// The manifest's SHA-256 is returned in <c>X-Archive-Manifest-SHA256</c>, to be recorded with the package. Every export
    /// also writes a signed checkpoint of the whole store (its root in <c>X-Integrity-Checkpoint-Root</c>).
    /// </summary>
    [WolverineGet("/api/cases/{id}/archive", OperationId = "GetCaseArchive")]
    public static async Task<IResult> Archive(Guid id, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, HttpResponse response,
        DepartmentSeals seals, CheckpointOptions checkpoints, ILogger<IntegrityCheckpointService> log, Supervision.Documents.DocumentPdfs pdfs,
        Supervision.Files.IFileStore files, CancellationToken ct)
    {
        var export = await ArchivePackage.ExportAsync(session, id, Actor.From(user), clock, ct, pdfs, files);
        response.Headers["X-Archive-Manifest-SHA256"] = export.ManifestSha256;
        try
        {
            var checkpoint = await IntegrityCheckpoints.WriteAsync(session.DocumentStore, seals, checkpoints, $"archive:{id}", clock, log, ct);
            response.Headers["X-Integrity-Checkpoint-Root"] = checkpoint.Root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException)
        {
            // The package itself is complete and verifiable; a missing anchor is an operations problem, logged loudly.
            log.LogError(e, "Integrity checkpoint at the archival export of {CaseId} failed", id);
        }
        // Streamed: the evidence originals (videos up to 500 MiB) go from the file store to the client entry by entry.
        return Results.Stream(body => export.WriteToAsync(body, ct), "application/zip", $"archive-{export.Manifest.CaseKind}-{id}.zip");
    }
}
