using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Files;
using Supervision.Inspections;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Documents;

/// <summary>
/// 执法全过程记录 of service (issue 16 §1): a document handed over (直接送达) or left at the party's premises (留置送达) is
/// served on site, and that act is recorded — by audio or video, and for 留置送达 also by photographs (民事诉讼法 Art. 89:
/// 采用拍照、录像等方式记录送达过程). Service by post, e-mail, another authority or public notice happens elsewhere and owes
/// no recording. The recordings are kept on the document's service stream; each case lists its on-site services in its
/// checklist, and in block mode (<see cref="FullProcessRecordingOptions"/>) the case is not concluded while one is missing.
/// </summary>
public static class ServiceRecordings
{
    public static readonly FullProcessRecording.Step DirectService = new("service", "直接送达（交付文书、签收过程）");
    public static readonly FullProcessRecording.Step LeftService = new("left_service", "留置送达（留置文书过程）");

    /// <summary>The step an on-site service is recorded under; null for the methods not carried out on site.</summary>
    public static FullProcessRecording.Step? StepOf(ServiceMethod method) => method switch
    {
        ServiceMethod.Direct => DirectService,
        ServiceMethod.Left => LeftService,
        _ => null,
    };

    /// <summary>The checklist code of a document's service: one line per served document.</summary>
    public static string ItemCode(string number) => "service:" + number;

    /// <summary>One checklist line per document of the case served on site, in the order of receipt.</summary>
    public static IReadOnlyList<FullProcessRecording.ChecklistItem> Checklist(IEnumerable<DocumentService> services) => services
        .Where(s => s.Served is { } served && StepOf(served.Method) is not null)
        .OrderBy(s => s.Served!.ReceivedOn).ThenBy(s => s.Number, StringComparer.Ordinal)
        .Select(s => new FullProcessRecording.ChecklistItem(ItemCode(s.Number),
            $"{StepOf(s.Served!.Method)!.Name}：{DocumentTypes.Title(s.DocumentType)} {s.Number}", Required: true, s.Recordings.Count))
        .ToList();

    /// <summary>The recordings of the case's services, keyed by their checklist line (<see cref="ItemCode"/>).</summary>
    public static IReadOnlyList<ProcessRecording> Recordings(IEnumerable<DocumentService> services) =>
        services.SelectMany(s => s.Recordings.Select(r => r with { Step = ItemCode(s.Number) })).ToList();

    /// <summary>The service records of a case's documents (those with anything recorded).</summary>
    public static async Task<IReadOnlyList<DocumentService>> OfCaseAsync(IQuerySession session, Guid caseId, CancellationToken ct) =>
        await session.Query<DocumentService>().Where(s => s.CaseId == caseId).ToListAsync(ct);

    /// <summary>The files of the case's service recordings, as the case's evidence lists them.</summary>
    public static IEnumerable<CaseEvidenceEntry> Evidence(IEnumerable<DocumentService> services) => services
        .SelectMany(s => s.Recordings.Select(r => new CaseEvidenceEntry(0, $"送达录音录像（{s.Number}）", r.RecordedAt, r.File)));

    /// <summary>Block mode: 422 recording_missing while an on-site service of the case has no recording.</summary>
    public static void CheckBeforeConclusion(IEnumerable<DocumentService> services, FullProcessRecordingMode mode) =>
        FullProcessRecording.CheckNothingMissing(Checklist(services), mode);

    /// <summary>Who attaches, and to what: an officer of the issuing department, to a document whose on-site service is recorded.</summary>
    public static FullProcessRecording.Step Check(IssuedDocument doc, DocumentServed? served, Actor actor)
    {
        DocumentServiceRules.CheckServable(doc, actor);
        if (served is null)
            throw RuleViolation.Refused("service_not_recorded", "请先记录送达，再附送达过程的录音录像", "Record the service first, then attach its recording");
        return StepOf(served.Method) ?? throw RuleViolation.Refused("recording_not_required",
            $"{DocumentServiceRules.MethodName(served.Method)}不在现场进行，无须附送达过程的录音录像",
            $"Service by {served.Method} is not carried out on site and has no recording to attach");
    }

    /// <summary>The recordings of an on-site service: audio or video; for 留置送达 photographs too. Pure.</summary>
    public static ServiceRecordingAttached Decide(IssuedDocument doc, DocumentServed? served, EvidenceFile[] files, string? note, Actor actor, DateTimeOffset now)
    {
        var step = Check(doc, served, actor);
        var checkedNote = FullProcessRecording.CheckRecording(files, note, photos: step == LeftService, field: "recordings");
        return new ServiceRecordingAttached(doc.Id, doc.Type, doc.StreamId, doc.JurisdictionPath, step.Code, files, checkedNote, actor.UserName, now);
    }

    /// <summary>The recordings named, uploaded by an officer of the case or by the one recording the service.</summary>
    public static async Task<EvidenceFile[]> ResolveAsync(IQuerySession session, IFileStore files, IssuedDocument doc, string[]? hashes, Actor actor,
        CancellationToken ct)
    {
        if (hashes is null || hashes.All(string.IsNullOrWhiteSpace)) return [];
        string[] team = doc.CaseKind switch
        {
            "rectification" => (await session.LoadAsync<Rectifications.Rectification>(doc.StreamId, ct))?.Inspectors.Select(i => i.UserName).ToArray() ?? [],
            "sanction" => await session.LoadAsync<Sanctions.SanctionCase>(doc.StreamId, ct) is { } c ? Sanctions.SanctionRecordings.Team(c) : [],
            AnnualReports.AgencyEvaluationRules.CaseKind => (await session.LoadAsync<AnnualReports.AgencyEvaluation>(doc.StreamId, ct))?.Scoring?.Officers
                .Select(o => o.UserName).ToArray() ?? [],
            _ => [],
        };
        return await EvidenceFiles.ResolveAsync(session, files, hashes, team.Append(actor.UserName).Distinct().ToArray(), "recordings", ct);
    }

    /// <summary>Attaches the recording of a document's on-site service (direct or 留置) after the service was recorded.</summary>
    [WolverinePost("/api/documents/{number}/service/recordings", OperationId = "AttachServiceRecording")]
    public static async Task<IResult> Attach(string number, AttachServiceRecording c, ClaimsPrincipal user, IDocumentSession session, IFileStore files,
        TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var (doc, record) = await DocumentServiceEndpoints.Load(session, number, actor, ct);
        Check(doc, record?.Served, actor); // refuse before looking up the files
        if (c.Recordings is null || c.Recordings.All(string.IsNullOrWhiteSpace))
            throw RuleViolation.Invalid("field_required", "请选择送达过程的录音录像或照片", "recordings are required", "recordings");
        var recordings = await ResolveAsync(session, files, doc, c.Recordings, actor, ct);
        var attached = Decide(doc, record!.Served, recordings, c.Note, actor, clock.GetUtcNow());
        DocumentServiceEndpoints.Append(session, record, number, attached);
        return Results.Ok(attached);
    }
}

/// <summary>附送达过程的录音录像 / Attach the recording of a document's on-site service.</summary>
/// <param name="Recordings">The SHA-256 of each recording (or, for 留置送达, photo) uploaded by an officer of the case.</param>
public sealed record AttachServiceRecording(string[]? Recordings, string? Note = null);

/// <summary>The recordings of a document's on-site service (执法全过程记录), on the document's service stream.</summary>
public sealed record ServiceRecordingAttached(string Number, string DocumentType, Guid CaseId, string JurisdictionPath, string Step, EvidenceFile[] Files,
    string? Note, string RecordedBy, DateTimeOffset RecordedAt);
