using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.CaseRecords;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Files;

/// <summary>A file named by one of a case's events: the step that named it (its event), when, and the file with its capture.</summary>
public sealed record CaseEvidenceEntry(long Version, string Step, DateTimeOffset At, EvidenceFile File);

/// <summary>
/// The files of a case (issue 16): whatever its events name — a hazard's photos, a correction report's scans, the
/// recordings of 执法全过程记录, an obstruction's, a re-inspection's, a note's or a hearing's files. Found in the events
/// themselves (every <see cref="EvidenceFile"/> or array of them an event carries), so a new step that takes files shows
/// them on its case and serves them without being listed here. A file is read through its case: whoever may see the
/// case may read the files the case names, and no other file.
/// </summary>
public static class CaseEvidence
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> FileProperties = new();

    /// <summary>The files the case's history names, in the order they were recorded (each file once, at its first naming).</summary>
    public static IReadOnlyList<CaseEvidenceEntry> Of(IEnumerable<CaseHistoryEntry> history)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<CaseEvidenceEntry>();
        foreach (var e in history)
        foreach (var file in In(e.Data))
            if (seen.Add(file.Sha256)) files.Add(new CaseEvidenceEntry(e.Version, e.EventName, e.Timestamp, file));
        return files;
    }

    /// <summary>
    /// Every file of a case: what its own events name, then the recordings of its documents' on-site services (kept on each
    /// document's service stream, <see cref="Documents.ServiceRecordings"/>).
    /// </summary>
    public static IReadOnlyList<CaseEvidenceEntry> Of(IEnumerable<CaseHistoryEntry> history, IEnumerable<Documents.DocumentService> services)
    {
        var own = Of(history);
        var seen = own.Select(f => f.File.Sha256).ToHashSet(StringComparer.Ordinal);
        return own.Concat(Documents.ServiceRecordings.Evidence(services).Where(f => seen.Add(f.File.Sha256))).ToList();
    }

    /// <summary>Every file of a case, loaded (its history and its documents' service records).</summary>
    public static async Task<IReadOnlyList<CaseEvidenceEntry>> LoadAsync(IQuerySession session, Guid caseId, CancellationToken ct) =>
        Of(await CaseHistory.LoadAsync(session, caseId, ct), await Documents.ServiceRecordings.OfCaseAsync(session, caseId, ct));

    /// <summary>The evidence files an event carries (properties typed <see cref="EvidenceFile"/> or an array of them).</summary>
    public static IEnumerable<EvidenceFile> In(object data)
    {
        var properties = FileProperties.GetOrAdd(data.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(EvidenceFile) || p.PropertyType == typeof(EvidenceFile[])).ToArray());
        foreach (var p in properties)
            switch (p.GetValue(data))
            {
                case EvidenceFile one: yield return one; break;
                case EvidenceFile[] many: foreach (var f in many) yield return f; break;
            }
    }

    public static bool IsPhoto(EvidenceFile f) => f.MediaType is "image/jpeg" or "image/png" or "image/heic";

    /// <summary>
    /// A file a case's events name, byte for byte as uploaded; with <c>thumbnail=true</c> the server-made thumbnail of a photo.
    /// 404 for a case the reader may not see (as the case itself) and for a file the case does not name.
    /// </summary>
    [WolverineGet("/api/cases/{id}/files/{sha256}", OperationId = "GetCaseEvidenceFile")]
    public static async Task<IResult> Get(Guid id, string sha256, bool? thumbnail, ClaimsPrincipal user, IQuerySession session, IFileStore files,
        HttpContext http, CancellationToken ct)
    {
        if (!FileTypes.IsSha256(sha256) || await CaseHistory.MaySee(session, id, Actor.From(user), ct) != true)
            return Results.Problem(Problems.NotFound("file"));
        var named = (await LoadAsync(session, id, ct)).FirstOrDefault(f => f.File.Sha256 == sha256)?.File;
        return await Serve(named, thumbnail, files, http, ct);
    }

    /// <summary>A file a case names (or its thumbnail), streamed; 404 when the case names none or the store lacks it.</summary>
    public static async Task<IResult> Serve(EvidenceFile? named, bool? thumbnail, IFileStore files, HttpContext http, CancellationToken ct)
    {
        var wanted = thumbnail == true ? named?.ThumbnailSha256 : named?.Sha256;
        if (wanted is null || await files.FindAsync(wanted, ct) is not { } file) return Results.Problem(Problems.NotFound("file"));
        http.Response.Headers.CacheControl = "private, max-age=31536000, immutable"; // content-addressed: never changes
        await FileEndpoints.Stream(http, files, file, ct);
        return Results.Empty;
    }
}
