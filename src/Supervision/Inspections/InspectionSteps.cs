using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Supervision.Referrals;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Inspections;

// Each command carries the stream version the user saw ("version"); a stale one is answered 409.
/// <summary>开始现场检查（出示证件） / Start the inspection on site.</summary>
public sealed record StartInspection([property: JsonPropertyName("version")] long? ExpectedVersion);
/// <summary>记录拒绝、阻碍检查 / Record an obstruction of the inspection.</summary>
/// <param name="EvidenceFiles">SHA-256 of stored files (photos, recordings) of the obstruction, uploaded by an officer of the inspection (issue 16).</param>
public sealed record RecordObstruction([property: JsonPropertyName("version")] long? ExpectedVersion, string? Description, string[]? EvidenceFiles = null);
/// <summary>Conclude; <see cref="InspectorIds"/>: the two or more certified officers of the team who carried out the inspection (R1).</summary>
public sealed record ConcludeInspection([property: JsonPropertyName("version")] long? ExpectedVersion, string? Summary, string[]? InspectorIds = null);
/// <summary>取消检查，须说明理由 / Cancel an inspection, with a reason.</summary>
public sealed record CancelInspection([property: JsonPropertyName("version")] long? ExpectedVersion, string? Reason);

/// <summary>案件已更新：新的版本 / A case was updated: its new version.</summary>
public sealed record CaseUpdated(Guid Id, long Version);
/// <summary>The concluded inspection and its 现场检查笔录.</summary>
public sealed record InspectionRecorded(Guid Id, long Version, string DocumentNumber);

/// <summary>The lifecycle steps of an inspection: pure deciders and their endpoints.</summary>
public static class InspectionSteps
{
    private static readonly string[] Acting = [Roles.Inspector, Roles.Leader];

    /// <summary>Common guard: visible, right role, right version, still open. A joint inspection's participants only read it (403).</summary>
    public static void CheckOpen(Inspection s, Actor actor, long? expectedVersion, string[]? roles = null)
    {
        JointInspection.NotAsParticipant(s, actor);
        Guard.CanAct(actor, s.JurisdictionPath, roles ?? Acting);
        Guard.OnTeam(actor, s.Inspectors, s.PendingRecusals);
        Guard.Version(expectedVersion, s.Version);
        if (s.IsClosed)
            throw RuleViolation.Refused("inspection_closed", "检查已结束或已取消，不能再作变更", "The inspection is concluded or cancelled");
    }

    public static InspectionStarted Decide(Inspection s, StartInspection c, Actor actor, DateTimeOffset now)
    {
        CheckOpen(s, actor, c.ExpectedVersion);
        if (s.Status != InspectionStatus.Planned)
            throw RuleViolation.Refused("inspection_already_started", "检查已开始", "The inspection has already started");
        return new InspectionStarted(s.Id, actor.UserName, now);
    }

    public static ObstructionRecorded Decide(Inspection s, RecordObstruction c, Actor actor, DateTimeOffset now, Supervision.Files.EvidenceFile[]? files = null)
    {
        CheckOpen(s, actor, c.ExpectedVersion);
        RequireStarted(s);
        var description = Guard.Required(c.Description, "description", "拒绝、阻碍检查的情况");
        return new ObstructionRecorded(s.Id, description, actor.UserName, now, Supervision.Files.EvidenceFiles.InEvent(files));
    }

    /// <param name="users">The named officers as stored now (see <see cref="ActingOfficers.Check"/>); null: the team's records.</param>
    public static InspectionConcluded Decide(Inspection s, ConcludeInspection c, Actor actor, DateTimeOffset now, string? documentNumber = null, string? departmentId = null,
        IReadOnlyCollection<AppUser>? users = null, FullProcessRecordingMode recording = FullProcessRecordingMode.Warn)
    {
        CheckOpen(s, actor, c.ExpectedVersion);
        RequireStarted(s);
        FullProcessRecording.CheckBeforeConclusion(s, recording);
        var summary = Guard.Required(c.Summary, "summary", "检查结论");
        // The 现场检查笔录 is signed by the officers who did the inspection, as named (R1), not by the team as a stored list.
        var officers = ActingOfficers.Check(actor, c.InspectorIds, s.Inspectors, s.PendingRecusals, users);
        return new InspectionConcluded(s.Id, summary, actor.UserName, now, documentNumber, departmentId, officers, s.Checklist?.Grade);
    }

    public static InspectionCancelled Decide(Inspection s, CancelInspection c, Actor actor, DateTimeOffset now)
    {
        CheckOpen(s, actor, c.ExpectedVersion);
        if (s.Status != InspectionStatus.Planned)
            throw RuleViolation.Refused("inspection_in_progress", "检查已开始，只能作出检查结论，不能取消", "A started inspection can only be concluded, not cancelled");
        var reason = Guard.Required(c.Reason, "reason", "取消原因");
        return new InspectionCancelled(s.Id, reason, actor.UserName, now);
    }

    public static void RequireStarted(Inspection s)
    {
        if (s.Status != InspectionStatus.InProgress)
            throw RuleViolation.Refused("inspection_not_started", "检查尚未开始", "The inspection has not started");
    }

    [WolverinePost("/api/inspections/{id}/start", OperationId = "StartInspection")]
    public static (CaseUpdated, Events) Start(StartInspection c, [WriteAggregate] Inspection inspection, ClaimsPrincipal user, TimeProvider clock) =>
        Updated(inspection, Decide(inspection, c, Actor.From(user), clock.GetUtcNow()));

    /// <summary>On a joint inspection the obstruction (Art. 40) is also shared with each participant, in the same transaction.</summary>
    [WolverinePost("/api/inspections/{id}/obstructions", OperationId = "RecordObstruction")]
    public static async Task<(CaseUpdated, Events, OutgoingMessages)> Obstruct(RecordObstruction c, [WriteAggregate] Inspection inspection, ClaimsPrincipal user,
        TimeProvider clock, WorkingDayCalendar calendar, IDocumentSession session, Supervision.Files.IFileStore files, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        Decide(inspection, c, actor, now); // refuse before looking up the files
        var evidence = await Supervision.Files.EvidenceFiles.ResolveAsync(session, files, c.EvidenceFiles,
            inspection.Inspectors.Select(i => i.UserName).ToArray(), "evidenceFiles", ct);
        var e = Decide(inspection, c, actor, now, evidence);
        var register = await JointFindings.LoadRegister(inspection, session, ct);
        var referrals = JointFindings.Decide(inspection, Shared(inspection, e), inspection.Version + 1, register, actor.UserName, calendar, now);
        var (updated, events) = Updated(inspection, e);
        return (updated, events, JointFindings.Start(session, referrals));
    }

    /// <summary>The obstruction as shared with the participants of a joint inspection.</summary>
    public static SharedFinding Shared(Inspection s, ObstructionRecorded e) =>
        new(FindingKind.Obstruction, s.Id, s.UnitName, null, e.Description, null, e.RecordedAt);

    /// <summary>Concluding issues the numbered 现场检查笔录 of the concluding officer's department.</summary>
    [WolverinePost("/api/inspections/{id}/conclude", OperationId = "ConcludeInspection")]
    public static async Task<(InspectionRecorded, Events)> Conclude(ConcludeInspection c, [WriteAggregate] Inspection inspection, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, FullProcessRecordingOptions recording, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        var ids = ActingOfficers.Ids(c.InspectorIds);
        IReadOnlyCollection<AppUser> users = ids.Length == 0 ? [] : (await session.LoadManyAsync<AppUser>(ct, ids)).ToList();
        Decide(inspection, c, actor, now, users: users, recording: recording.Mode); // refuse before taking a number
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId) ?? throw RuleViolation.Forbidden("用户未关联档案主管部门", "User has no department");
        var number = await DocumentNumbers.IssueAsync(session, department, DocumentTypes.InspectionRecord, inspection.Id, "inspection", inspection.JurisdictionPath, now, ct);
        return (new InspectionRecorded(inspection.Id, inspection.Version + 1, number), [Decide(inspection, c, actor, now, number, department.Id, users, recording.Mode)]);
    }

    [WolverinePost("/api/inspections/{id}/cancel", OperationId = "CancelInspection")]
    public static (CaseUpdated, Events) Cancel(CancelInspection c, [WriteAggregate] Inspection inspection, ClaimsPrincipal user, TimeProvider clock) =>
        Updated(inspection, Decide(inspection, c, Actor.From(user), clock.GetUtcNow()));

    private static (CaseUpdated, Events) Updated(Inspection s, object evt) => (new CaseUpdated(s.Id, s.Version + 1), [evt]);
}
