using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Supervision.Files;
using Supervision.Inspections;
using Supervision.Shared;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Sanctions;

/// <summary>
/// 执法全过程记录 of a sanction case (issue 16 §1): the audio or video recording of each hearing, attached by the case's
/// officers or the hearing's chair; a case with a hearing held and no recording is not closed in block mode
/// (<see cref="FullProcessRecording"/>, <c>Supervision:FullProcessRecording:Mode</c>).
/// </summary>
public static class SanctionRecordings
{
    /// <summary>Who may attach, to which step and when — checked before the files are looked up.</summary>
    public static FullProcessRecording.Step Check(SanctionCase c, AttachSanctionRecording cmd, Actor actor)
    {
        SanctionSteps.CheckCanAct(c, actor, Roles.CaseOfficer, Roles.Inspector, Roles.Leader);
        if (actor.UserName != c.HearingChairId) Guard.OnTeam(actor, c.Investigators);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        SanctionSteps.CheckNotClosed(c);
        var step = FullProcessRecording.SanctionSteps.FirstOrDefault(s => s.Code == cmd.Step)
            ?? throw RuleViolation.Invalid(cmd.Step is null or "" ? "field_required" : "invalid_step", "须选择记录的执法环节（hearing：听证）", "step must be hearing", "step");
        if (c.HearingRecords.Count == 0)
            throw RuleViolation.Refused("hearing_not_held", "尚未举行听证", "No hearing has been held yet");
        return step;
    }

    public static SanctionRecordingAttached Decide(SanctionCase c, AttachSanctionRecording cmd, EvidenceFile[] files, Actor actor, DateTimeOffset now)
    {
        var step = Check(c, cmd, actor);
        var note = FullProcessRecording.CheckRecording(files, cmd.Note);
        return new SanctionRecordingAttached(c.Id, step.Code, files, note, actor.UserName, now);
    }

    /// <summary>
    /// In block mode a case whose hearing, or an on-site service of one of its documents, was not recorded is not closed
    /// (422 recording_missing, naming every missing one).
    /// </summary>
    public static void CheckBeforeClosing(SanctionCase c, FullProcessRecordingMode mode, IEnumerable<Documents.DocumentService>? services = null) =>
        FullProcessRecording.CheckNothingMissing(Checklist(c, services ?? []), mode);

    /// <summary>The case's checklist: its hearing, then the on-site services of its documents.</summary>
    public static IReadOnlyList<FullProcessRecording.ChecklistItem> Checklist(SanctionCase c, IEnumerable<Documents.DocumentService> services) =>
        FullProcessRecording.Checklist(c).Concat(Documents.ServiceRecordings.Checklist(services)).ToList();

    /// <summary>Who may have uploaded a case's files: its investigators and the hearing's chair.</summary>
    public static string[] Team(SanctionCase c) =>
        c.Investigators.Select(i => i.UserName).Append(c.HearingChairId ?? "").Where(u => u.Length > 0).Distinct().ToArray();

    [WolverinePost("/api/sanction-cases/{id}/recordings", OperationId = "AttachSanctionRecording")]
    public static async Task<(SanctionCaseUpdated, Events)> Attach(AttachSanctionRecording cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        IDocumentSession session, IFileStore fileStore, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        Check(sanctionCase, cmd, actor); // refuse before looking up the files
        var files = await EvidenceFiles.ResolveAsync(session, fileStore, cmd.Files, Team(sanctionCase), "files", ct);
        var now = clock.GetUtcNow();
        var attached = Decide(sanctionCase, cmd, files, actor, now);
        return (new SanctionCaseUpdated(sanctionCase.Id, sanctionCase.Version + 1), [attached]);
    }
}

/// <summary><c>files</c>: the SHA-256 of each recording uploaded by an officer of the case or the hearing's chair.</summary>
public sealed record AttachSanctionRecording([property: JsonPropertyName("version")] long? ExpectedVersion, string? Step, string[]? Files, string? Note = null);

/// <summary>Audio or video recordings of a step of the sanction case (the hearing), with their capture.</summary>
public sealed record SanctionRecordingAttached(Guid CaseId, string Step, EvidenceFile[] Files, string? Note, string RecordedBy, DateTimeOffset RecordedAt);
