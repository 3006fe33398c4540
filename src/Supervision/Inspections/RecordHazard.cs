using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Files;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Inspections;

/// <summary>Record an Art. 38 hazard found during an inspection (R7). Opens a rectification stream.</summary>
/// <param name="EvidenceFiles">SHA-256 of stored files (photos, recordings) uploaded by an officer of the inspection (issue 16).</param>
public sealed record RecordHazard([property: JsonPropertyName("version")] long? ExpectedVersion, string? Item, string? Description, string[]? Evidence,
    string[]? EvidenceFiles = null);

/// <summary><see cref="Version"/> is the inspection's new version; the new rectification starts at version 1.</summary>
public sealed record HazardCreated(Guid RectificationId, Guid InspectionId, long Version, long RectificationVersion);

public static class RecordHazardEndpoint
{
    public const int MaxEvidence = 50;

    /// <param name="files">The files <see cref="RecordHazard.EvidenceFiles"/> names, as resolved from the file store.</param>
    public static (HazardRecorded OnInspection, HazardFound OnRectification) Decide(Inspection s, RecordHazard c, Actor actor, Guid rectificationId, DateTimeOffset now,
        EvidenceFile[]? files = null)
    {
        InspectionSteps.CheckOpen(s, actor, c.ExpectedVersion);
        InspectionSteps.RequireStarted(s);
        if (string.IsNullOrWhiteSpace(c.Item))
            throw RuleViolation.Invalid("field_required", "须注明隐患所属的第三十八条事项", "item is required (Art38.1–Art38.8)", "item");
        if (!LegalCatalogue.IsHazardItem(c.Item))
            throw RuleViolation.Invalid("unknown_hazard_item", "隐患类别须为第三十八条第（一）至（八）项（Art38.1–Art38.8）", "item must be one of Art38.1–Art38.8", "item");
        var description = Guard.Required(c.Description, "description", "隐患情况");
        var evidence = (c.Evidence ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToArray();
        if (evidence.Length == 0 && (files ?? []).Length == 0)
            throw RuleViolation.Invalid("evidence_required", "须附至少一项证据（照片、笔录编号等）", "At least one piece of evidence is required (R7)", "evidence");
        if (evidence.Length > MaxEvidence || evidence.Any(e => e.Length > 1000))
            throw RuleViolation.Invalid("evidence_too_large", $"证据最多 {MaxEvidence} 项，每项不超过 1000 字", $"At most {MaxEvidence} evidence entries of 1000 characters", "evidence");

        return (new HazardRecorded(s.Id, rectificationId, c.Item, description, actor.UserName, now),
            new HazardFound(rectificationId, s.Id, s.UnitId, s.UnitName, s.JurisdictionId, s.JurisdictionPath, c.Item, description,
                evidence, s.Inspectors, actor.UserName, now, Supervision.Files.EvidenceFiles.InEvent(files)));
    }

    /// <summary>The finding as shared with the participants of a joint inspection (no evidence).</summary>
    public static SharedFinding Shared(Inspection s, HazardRecorded e) =>
        new(FindingKind.Hazard, s.Id, s.UnitName, e.Item, e.Description, e.RectificationId, e.RecordedAt);

    /// <summary>
    /// On a joint inspection the hazard also opens a joint_enforcement referral to each participant, in the same
    /// transaction (Art. 42); their delivery and reply clocks go through the outbox.
    /// </summary>
    [WolverinePost("/api/inspections/{id}/hazards", OperationId = "RecordHazard")]
    public static async Task<(IResult, Events, IStartStream, OutgoingMessages)> Post(RecordHazard c, [WriteAggregate] Inspection inspection, ClaimsPrincipal user,
        TimeProvider clock, WorkingDayCalendar calendar, IDocumentSession session, IFileStore files, HttpContext http, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        var rectificationId = Idempotency.NewId(http);
        InspectionSteps.CheckOpen(inspection, actor, c.ExpectedVersion); // who may act, before the files are looked up
        var evidenceFiles = await Supervision.Files.EvidenceFiles.ResolveAsync(session, files, c.EvidenceFiles,
            inspection.Inspectors.Select(i => i.UserName).ToArray(), "evidenceFiles", ct);
        var (onInspection, onRectification) = Decide(inspection, c, actor, rectificationId, now, evidenceFiles);
        var register = await JointFindings.LoadRegister(inspection, session, ct);
        var referrals = JointFindings.Decide(inspection, Shared(inspection, onInspection), inspection.Version + 1, register, actor.UserName, calendar, now);
        var outgoing = JointFindings.Start(session, referrals);
        var created = new HazardCreated(rectificationId, inspection.Id, inspection.Version + 1, 1);
        Idempotency.Remember(session, http, 201, created, onInspection.RecordedAt);
        return (Results.Created($"/api/rectifications/{rectificationId}", created),
            [onInspection], MartenOps.StartStream<Rectification>(rectificationId, onRectification), outgoing);
    }
}
