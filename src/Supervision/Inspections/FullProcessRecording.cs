using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Supervision.Files;
using Supervision.Shared;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Inspections;

/// <summary>
/// 执法全过程记录 (issue 16 §1; 国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见):
/// the steps of an inspection that are to be recorded by audio or video, the recordings attached to them, and what is still
/// missing. Whether a missing recording only warns or blocks the conclusion is configured
/// (<c>Supervision:FullProcessRecording:Mode</c> = <c>warn</c> | <c>block</c>; default warn).
/// </summary>
public static class FullProcessRecording
{
    /// <summary>A step that must be recorded: its code (API), its name as the case shows it.</summary>
    public sealed record Step(string Code, string Name);

    public static readonly Step OnSite = new("on_site", "现场检查（进入现场、出示证件、检查过程）");
    public static readonly Step Hearing = new("hearing", "听证（全过程）");

    /// <summary>The steps of an inspection to be recorded once it has started.</summary>
    public static readonly IReadOnlyList<Step> Steps = [OnSite];

    /// <summary>The steps of a sanction case to be recorded: each hearing held.</summary>
    public static readonly IReadOnlyList<Step> SanctionSteps = [Hearing];

    /// <summary>A line of the case's checklist: the step, whether it is required now, and the recordings attached.</summary>
    public sealed record ChecklistItem(string Step, string Name, bool Required, int Recordings)
    {
        public bool Missing => Required && Recordings == 0;
    }

    public static IReadOnlyList<ChecklistItem> Checklist(Inspection s) => Steps
        .Select(step => new ChecklistItem(step.Code, step.Name, Required: s.StartedAt is not null && s.Status != InspectionStatus.Cancelled,
            s.Recordings.Count(r => r.Step == step.Code)))
        .ToList();

    /// <summary>A sanction case owes the recording of its hearing once a hearing was held.</summary>
    public static IReadOnlyList<ChecklistItem> Checklist(Supervision.Sanctions.SanctionCase c) => SanctionSteps
        .Select(step => new ChecklistItem(step.Code, step.Name, Required: c.HearingRecords.Count > 0, c.Recordings.Count(r => r.Step == step.Code)))
        .ToList();

    public static Step ParseStep(string? code) =>
        Steps.FirstOrDefault(s => s.Code == code)
        ?? throw RuleViolation.Invalid(code is null or "" ? "field_required" : "invalid_step",
            "须选择记录的执法环节（on_site：现场检查）", "step must be on_site", "step");

    /// <summary>Who may attach, to which step and when — checked before the files are looked up.</summary>
    public static Step Check(Inspection s, AttachRecording c, Actor actor)
    {
        Supervision.Inspections.InspectionSteps.CheckOpen(s, actor, c.ExpectedVersion);
        Supervision.Inspections.InspectionSteps.RequireStarted(s);
        return ParseStep(c.Step);
    }

    /// <summary>Attaching audio or video recordings to a step, by the inspection's team, while the inspection is open.</summary>
    public static ProcessRecordingAttached Decide(Inspection s, AttachRecording c, EvidenceFile[] files, Actor actor, DateTimeOffset now)
    {
        var step = Check(s, c, actor);
        var note = CheckRecording(files, c.Note);
        return new ProcessRecordingAttached(s.Id, step.Code, files, note, actor.UserName, now);
    }

    /// <summary>
    /// What any recording must be: at least one file, each audio or video (or a photograph where <paramref name="photos"/>:
    /// 留置送达 may be photographed); the note, if any, at most 1,000 characters.
    /// </summary>
    public static string? CheckRecording(EvidenceFile[] files, string? note, bool photos = false, string field = "files")
    {
        if (files.Length == 0) throw RuleViolation.Invalid("field_required", "请选择录音或录像文件", $"{field} are required", field);
        bool Allowed(EvidenceFile f) => f.MediaType.StartsWith("audio/", StringComparison.Ordinal) || f.MediaType.StartsWith("video/", StringComparison.Ordinal)
            || (photos && CaseEvidence.IsPhoto(f));
        if (files.FirstOrDefault(f => !Allowed(f)) is { } other)
            throw RuleViolation.Refused("recording_media_required",
                photos ? "送达过程记录须为照片、录音或录像文件" : "执法全过程记录须为录音或录像文件（MP3、M4A、MP4）",
                $"A full-process recording is audio or video{(photos ? " or a photograph" : "")}; {other.FileName ?? other.Sha256} is {other.MediaType}", field);
        return string.IsNullOrWhiteSpace(note) ? null : Guard.Required(note, "note", "说明", 1000);
    }

    /// <summary>In block mode the conclusion waits for every required recording (422 recording_missing); in warn mode it does not.</summary>
    public static void CheckBeforeConclusion(Inspection s, FullProcessRecordingMode mode) => CheckNothingMissing(Checklist(s), mode);

    /// <summary>Block mode: 422 recording_missing while a required recording of the checklist is missing.</summary>
    public static void CheckNothingMissing(IEnumerable<ChecklistItem> checklist, FullProcessRecordingMode mode)
    {
        if (mode != FullProcessRecordingMode.Block) return;
        var missing = checklist.Where(i => i.Missing).Select(i => i.Name).ToList();
        if (missing.Count > 0)
            throw RuleViolation.Refused("recording_missing", $"执法全过程记录缺失：{string.Join("、", missing)}，请先附上录音录像",
                $"The full-process recording is missing for: {string.Join(", ", missing)}");
    }

    [WolverinePost("/api/inspections/{id}/recordings", OperationId = "AttachInspectionRecording")]
    public static async Task<(CaseUpdated, Events)> Attach(AttachRecording c, [WriteAggregate] Inspection inspection, ClaimsPrincipal user,
        IDocumentSession session, IFileStore fileStore, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        Check(inspection, c, actor); // refuse before looking up the files
        var team = inspection.Inspectors.Select(i => i.UserName).ToArray();
        var files = await EvidenceFiles.ResolveAsync(session, fileStore, c.Files, team, "files", ct);
        return (new CaseUpdated(inspection.Id, inspection.Version + 1), [Decide(inspection, c, files, actor, clock.GetUtcNow())]);
    }
}

public enum FullProcessRecordingMode { Warn, Block }

/// <summary>The configured mode (Supervision:FullProcessRecording:Mode).</summary>
public sealed record FullProcessRecordingOptions(FullProcessRecordingMode Mode);

/// <summary><c>files</c>: the SHA-256 of each recording uploaded (POST /api/files or /api/uploads) by an officer of the team.</summary>
public sealed record AttachRecording([property: JsonPropertyName("version")] long? ExpectedVersion, string? Step, string[]? Files, string? Note = null);

/// <summary>Audio or video recordings of a step of the inspection (执法全过程记录), with their capture.</summary>
public sealed record ProcessRecordingAttached(Guid InspectionId, string Step, EvidenceFile[] Files, string? Note, string RecordedBy, DateTimeOffset RecordedAt);
