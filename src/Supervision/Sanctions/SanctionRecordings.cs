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
        if (!SanctionSteps.MaySee(c, actor)) throw RuleViolation.NotFound("sanction case");
        Guard.CanAct(actor, c.JurisdictionPath, Roles.CaseOfficer, Roles.Inspector, Roles.Leader);
        if (c.RecusedOfficers.Contains(actor.UserName))
            throw new RuleViolation(Problems.Of(403, "investigator_recused", "您已被决定回避，不能再参与本案", "Your recusal from this case was granted (R2, APL Art. 43)"));
        if (actor.UserName != c.HearingChairId) Guard.OnTeam(actor, c.Investigators);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        if (c.Status == SanctionStatus.Closed) throw RuleViolation.Refused("case_closed", "案件已结案", "The case is closed");
        var step = FullProcessRecording.SanctionSteps.FirstOrDefault(s => s.Code == cmd.Step)
            ?? throw RuleViolation.Invalid(cmd.Step is null or "" ? "field_required" : "invalid_step", "须选择记录的执法环节（hearing：听证）", "step must be hearing", "step");
        if (c.HearingRecords.Count == 0)
            throw RuleViolation.Refused("hearing_not_held", "尚未举行听证", "No hearing has been held yet");
        return step;
    }

    public static SanctionRecordingAttached Decide(SanctionCase c, AttachSanctionRecording cmd, EvidenceFile[] files, Actor actor, DateTimeOffset now)
    {
        var step = Check(c, cmd, actor);
        if (files.Length == 0) throw RuleViolation.Invalid("field_required", "请选择录音或录像文件", "files are required", "files");
        if (files.FirstOrDefault(f => !f.MediaType.StartsWith("audio/", StringComparison.Ordinal) && !f.MediaType.StartsWith("video/", StringComparison.Ordinal)) is { } other)
            throw RuleViolation.Refused("recording_media_required", "执法全过程记录须为录音或录像文件（MP3、M4A、MP4）",
                $"A full-process recording is audio or video; {other.FileName ?? other.Sha256} is {other.MediaType}", "files");
        var note = string.IsNullOrWhiteSpace(cmd.Note) ? null : Guard.Required(cmd.Note, "note", "说明", 1000);
        return new SanctionRecordingAttached(c.Id, step.Code, files, note, actor.UserName, now);
    }

    /// <summary>In block mode a case whose hearing was not recorded is not closed (422 recording_missing).</summary>
    public static void CheckBeforeClosing(SanctionCase c, FullProcessRecordingMode mode)
    {
        if (mode != FullProcessRecordingMode.Block) return;
        var missing = FullProcessRecording.Checklist(c).Where(i => i.Missing).Select(i => i.Name).ToList();
        if (missing.Count > 0)
            throw RuleViolation.Refused("recording_missing", $"执法全过程记录缺失：{string.Join("、", missing)}，请先附上录音录像",
                $"The full-process recording is missing for: {string.Join(", ", missing)}");
    }

    [WolverinePost("/api/sanction-cases/{id}/recordings", OperationId = "AttachSanctionRecording")]
    public static async Task<(SanctionCaseUpdated, Events)> Attach(AttachSanctionRecording cmd, [WriteAggregate] SanctionCase sanctionCase, ClaimsPrincipal user,
        IDocumentSession session, IFileStore fileStore, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        Check(sanctionCase, cmd, actor); // refuse before looking up the files
        var team = sanctionCase.Investigators.Select(i => i.UserName).Append(sanctionCase.HearingChairId ?? "").Where(u => u.Length > 0).ToArray();
        var files = await EvidenceFiles.ResolveAsync(session, fileStore, cmd.Files, team, "files", ct);
        var now = clock.GetUtcNow();
        var attached = Decide(sanctionCase, cmd, files, actor, now);
        return (new SanctionCaseUpdated(sanctionCase.Id, sanctionCase.Version + 1), [attached]);
    }
}

/// <summary><c>files</c>: the SHA-256 of each recording uploaded by an officer of the case or the hearing's chair.</summary>
public sealed record AttachSanctionRecording([property: JsonPropertyName("version")] long? ExpectedVersion, string? Step, string[]? Files, string? Note = null);

/// <summary>Audio or video recordings of a step of the sanction case (the hearing), with their capture.</summary>
public sealed record SanctionRecordingAttached(Guid CaseId, string Step, EvidenceFile[] Files, string? Note, string RecordedBy, DateTimeOffset RecordedAt);
