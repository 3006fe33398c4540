using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Inspections;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Complaints;

/// <summary>作出受理决定 / Decide whether to accept a complaint.</summary>
/// <param name="Channel">How the complainant is told the decision (R10), when told with it; otherwise later at /acceptance-notice.</param>
public sealed record DecideAcceptance([property: JsonPropertyName("version")] long? ExpectedVersion, AcceptanceDecision? Decision, string? Reason, string? TransferTo,
    NotificationChannel? Channel = null, string? Notes = null);
/// <summary>指定承办人 / Assign a complaint handler.</summary>
public sealed record AssignComplaint([property: JsonPropertyName("version")] long? ExpectedVersion, string? HandlerId);
/// <summary>记录调查情况（投诉举报） / Add an investigation note to a complaint.</summary>
/// <param name="EvidenceFiles">SHA-256 of stored files the note refers to, uploaded by its writer or the assigned handler (issue 16).</param>
public sealed record AddInvestigationNote([property: JsonPropertyName("version")] long? ExpectedVersion, string? Note, string[]? EvidenceFiles = null);
/// <summary>关联已有检查 / Link an existing inspection.</summary>
public sealed record LinkInspection([property: JsonPropertyName("version")] long? ExpectedVersion, Guid? InspectionId);
/// <summary>R11: extend once, with a reason, and tell the complainant by one of the contacts they left (phone: notes of the call).</summary>
public sealed record ExtendHandling([property: JsonPropertyName("version")] long? ExpectedVersion, int? Days, string? Reason, NotificationChannel? Channel = null, string? Notes = null);
/// <summary>办理结论（属实、部分属实、不属实） / Conclude a complaint (substantiated or not).</summary>
public sealed record ConcludeComplaint([property: JsonPropertyName("version")] long? ExpectedVersion, bool? Substantiated, string? Findings, string? Result);

/// <summary>投诉举报已更新：新的版本 / A complaint was updated: its new version.</summary>
public sealed record ComplaintUpdated(Guid Id, long Version);
/// <summary>受理决定已记录，及其告知书文号 / The acceptance decision was recorded, with its notice number.</summary>
/// <param name="NoticeStatus">How the notice was told: null when not yet, "recorded" (letter, phone, no contact) or "sending" (email/SMS).</param>
public sealed record AcceptanceRecorded(Guid Id, long Version, string NoticeNumber, string? NoticeStatus = null);
/// <summary>The extension and its notice: <c>noticeStatus</c> is "sending" while an email/SMS is in the outbox.</summary>
public sealed record ExtensionRecorded(Guid Id, long Version, string NoticeNumber, DateOnly HandlingDueOn, string NoticeStatus);

public static class ComplaintSteps
{
    public const int MaxExtensionDays = 30; // R11
    private static readonly string[] Handlers = [Roles.ComplaintHandler, Roles.Leader];

    /// <summary>R12: the assigned handler and the leader of the department handling it.</summary>
    public static bool MaySeeIdentity(Complaint c, Actor actor) =>
        (actor.Role == Roles.ComplaintHandler && c.HandlerId == actor.UserName) ||
        (actor.Role == Roles.Leader && actor.JurisdictionId == c.JurisdictionId);

    private static void CheckOpen(Complaint c, Actor actor, long? expectedVersion, params string[] roles)
    {
        Guard.CanAct(actor, c.JurisdictionPath, roles.Length == 0 ? Handlers : roles);
        Guard.Version(expectedVersion, c.Version);
        if (c.IsClosed) throw RuleViolation.Refused("complaint_closed", "该投诉举报已办结", "The complaint is closed");
    }

    /// <summary>Work on an accepted complaint is done by its assigned handler (or a leader).</summary>
    private static void CheckHandling(Complaint c, Actor actor, long? expectedVersion)
    {
        CheckOpen(c, actor, expectedVersion);
        if (c.Status != ComplaintStatus.Accepted)
            throw RuleViolation.Refused("complaint_not_in_handling", "投诉举报尚未受理或已作出办理结论", "The complaint is not accepted, or already concluded");
        if (actor.Role != Roles.Leader && c.HandlerId != actor.UserName)
            throw RuleViolation.Forbidden("只有承办人或领导可以办理", "Only the assigned handler or a leader may do this");
    }

    public static IReadOnlyList<object> Decide(Complaint c, DecideAcceptance cmd, Actor actor, string noticeNumber, DateTimeOffset now)
    {
        CheckOpen(c, actor, cmd.ExpectedVersion);
        if (c.Decision is not null) throw RuleViolation.Refused("acceptance_already_decided", "已作出受理决定", "Acceptance was already decided");
        if (cmd.Decision is null || !Enum.IsDefined(cmd.Decision.Value))
            throw RuleViolation.Invalid("field_required", "须作出受理决定（accepted、not_accepted、transferred）", "decision is required (accepted|not_accepted|transferred)", "decision");
        var reason = Guard.Required(cmd.Reason, "reason", "受理决定理由", 2000);
        string? transferTo = null;
        if (cmd.Decision == AcceptanceDecision.Transferred)
            transferTo = Guard.Required(cmd.TransferTo, "transferTo", "转送机关", 200);
        var decided = new AcceptanceDecided(c.Id, cmd.Decision.Value, reason, transferTo, noticeNumber, actor.UserName, now);
        // Not accepted or transferred: the notice to the complainant ends the case here.
        return cmd.Decision == AcceptanceDecision.Accepted
            ? [decided]
            : [decided, new ComplaintClosed(c.Id, cmd.Decision == AcceptanceDecision.Transferred ? $"已转送{transferTo}" : "不予受理", now)];
    }

    public static ComplaintAssigned Decide(Complaint c, AssignComplaint cmd, Actor actor, AppUser? handler, DateTimeOffset now)
    {
        CheckOpen(c, actor, cmd.ExpectedVersion);
        if (c.Status != ComplaintStatus.Accepted)
            throw RuleViolation.Refused("complaint_not_in_handling", "投诉举报尚未受理或已作出办理结论", "The complaint is not accepted, or already concluded");
        if (handler is null || handler.Role != Roles.ComplaintHandler || !JurisdictionPaths.Covers(handler.JurisdictionPath, c.JurisdictionPath))
            throw RuleViolation.Invalid("invalid_handler", "承办人须为本辖区的投诉举报处理人员", "The handler must be a complaint handler of this jurisdiction", "handlerId");
        return new ComplaintAssigned(c.Id, handler.Id, actor.UserName, now);
    }

    public static InvestigationNoteAdded Decide(Complaint c, AddInvestigationNote cmd, Actor actor, DateTimeOffset now, Supervision.Files.EvidenceFile[]? files = null)
    {
        CheckHandling(c, actor, cmd.ExpectedVersion);
        return new InvestigationNoteAdded(c.Id, Guard.Required(cmd.Note, "note", "调查记录", 5000), actor.UserName, now, Supervision.Files.EvidenceFiles.InEvent(files));
    }

    public static InspectionLinked Decide(Complaint c, LinkInspection cmd, Actor actor, Inspection? inspection, DateTimeOffset now)
    {
        CheckHandling(c, actor, cmd.ExpectedVersion);
        if (inspection is null || !actor.Covers(inspection.JurisdictionPath))
            throw RuleViolation.Invalid("unknown_inspection", "检查不存在或不在本辖区", "Unknown inspection, or outside your jurisdiction", "inspectionId");
        if (c.InspectionIds.Contains(inspection.Id))
            throw RuleViolation.Invalid("already_linked", "该检查已关联", "That inspection is already linked", "inspectionId");
        return new InspectionLinked(c.Id, inspection.Id, actor.UserName, now);
    }

    /// <summary>
    /// R11: at most 30 more days, counted from the last day of the 60-day period as counted (not from a later working
    /// day it was moved to: the complainant is answered as early as the law requires), the end moved by Art. 203.
    /// </summary>
    public static HandlingExtended Decide(Complaint c, ExtendHandling cmd, Actor actor, DateTimeOffset now, WorkingDayCalendar? calendar = null)
    {
        CheckOpen(c, actor, cmd.ExpectedVersion, Roles.Leader);
        if (c.Status != ComplaintStatus.Accepted)
            throw RuleViolation.Refused("complaint_not_in_handling", "只有受理后、办结前的投诉举报可以延期", "Only an accepted, unconcluded complaint can be extended");
        if (c.Extended) throw RuleViolation.Refused("already_extended", "办理期限只能延长一次", "The handling period can be extended only once (R11)");
        if (now >= WorkingDayCalendar.EndOfDayBeijing(c.HandlingDueOn))
            throw RuleViolation.Refused("handling_deadline_passed", "办理期限已届满，不能再延期", "The handling period has already ended");
        var days = cmd.Days ?? MaxExtensionDays;
        if (days is < 1 or > MaxExtensionDays)
            throw RuleViolation.Invalid("invalid_extension_days", $"延长期限须为 1–{MaxExtensionDays} 日", $"days must be 1..{MaxExtensionDays}", "days");
        var reason = Guard.Required(cmd.Reason, "reason", "延期理由", 2000);
        var period = (calendar ?? WorkingDayCalendar.LoadDefault()).CalendarDays(c.HandlingStatutoryOn == default ? c.HandlingDueOn : c.HandlingStatutoryOn, days);
        return new HandlingExtended(c.Id, c.HandlingDueOn, period.DueOn, reason, actor.UserName, now, period.StatutoryDate);
    }

    public static ComplaintConcluded Decide(Complaint c, ConcludeComplaint cmd, Actor actor, DateTimeOffset now)
    {
        CheckHandling(c, actor, cmd.ExpectedVersion);
        if (cmd.Substantiated is null) throw RuleViolation.Invalid("field_required", "须注明投诉举报事项是否属实", "substantiated is required", "substantiated");
        return new ComplaintConcluded(c.Id, cmd.Substantiated.Value, Guard.Required(cmd.Findings, "findings", "调查认定的事实", 5000),
            Guard.Required(cmd.Result, "result", "处理结果", 5000), actor.UserName, now);
    }

    private static ComplaintUpdated Updated(Complaint c, int events = 1) => new(c.Id, c.Version + events);

    /// <summary>A step's events after the lapses it found (<see cref="ComplaintLapses"/>), with the version they lead to.</summary>
    private static (ComplaintUpdated, Events) Step(Complaint c, DateTimeOffset now, object step)
    {
        var events = ComplaintLapses.With(c, now, step);
        return (Updated(c, events.Count), events);
    }

    [WolverinePost("/api/complaints/{id}/acceptance", OperationId = "DecideComplaintAcceptance")]
    public static async Task<(AcceptanceRecorded, Events, OutgoingMessages)> Accept(DecideAcceptance cmd, [WriteAggregate] Complaint complaint, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        // Refuse before taking a number: the decision, and the way of telling it when given (R10).
        var draft = (AcceptanceDecided)Decide(complaint, cmd, actor, "", now)[0];
        if (cmd.Channel is not null || cmd.Notes is not null) AcceptanceNotices.Compose(complaint, cmd.Channel, cmd.Notes, actor, now, draft);
        var number = await DocumentNumbers.IssueAsync(session, JurisdictionCatalogue.Find(complaint.JurisdictionId)!, DocumentTypes.ComplaintAcceptanceNotice,
            complaint.Id, "complaint", complaint.JurisdictionPath, now, ct);
        var decided = Decide(complaint, cmd, actor, number, now).ToList();
        var outgoing = new OutgoingMessages();
        string? noticeStatus = null;
        if (cmd.Channel is not null || cmd.Notes is not null)
        {
            // Told with the decision: recorded right after it, before a refusal closes the case.
            var notice = AcceptanceNotices.Compose(complaint, cmd.Channel, cmd.Notes, actor, now, (AcceptanceDecided)decided[0]);
            AcceptanceNotices.QueueDelivery(session, notice, outgoing);
            decided.Insert(1, notice);
            noticeStatus = notice.DeliveryId is null ? "recorded" : "sending";
        }
        var events = ComplaintLapses.With(complaint, now, decided);
        return (new AcceptanceRecorded(complaint.Id, complaint.Version + events.Count, number, noticeStatus), events, outgoing);
    }

    [WolverinePost("/api/complaints/{id}/assignment", OperationId = "AssignComplaint")]
    public static async Task<(ComplaintUpdated, Events)> Assign(AssignComplaint cmd, [WriteAggregate] Complaint complaint, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var handler = string.IsNullOrWhiteSpace(cmd.HandlerId) || cmd.HandlerId.Length > 100 ? null : await session.LoadAsync<AppUser>(cmd.HandlerId, ct);
        var now = clock.GetUtcNow();
        return Step(complaint, now, Decide(complaint, cmd, Actor.From(user), handler, now));
    }

    [WolverinePost("/api/complaints/{id}/notes", OperationId = "AddInvestigationNote")]
    public static async Task<(ComplaintUpdated, Events)> Note(AddInvestigationNote cmd, [WriteAggregate] Complaint complaint, ClaimsPrincipal user, TimeProvider clock,
        IDocumentSession session, Supervision.Files.IFileStore files, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var actor = Actor.From(user);
        Decide(complaint, cmd, actor, now); // who may write, before the files are looked up
        var evidence = await Supervision.Files.EvidenceFiles.ResolveAsync(session, files, cmd.EvidenceFiles,
            new[] { actor.UserName, complaint.HandlerId }.OfType<string>().Distinct().ToArray(), "evidenceFiles", ct);
        return Step(complaint, now, Decide(complaint, cmd, actor, now, evidence));
    }

    [WolverinePost("/api/complaints/{id}/inspections", OperationId = "LinkInspectionToComplaint")]
    public static async Task<(ComplaintUpdated, Events)> Link(LinkInspection cmd, [WriteAggregate] Complaint complaint, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var inspection = cmd.InspectionId is { } iid ? await session.LoadAsync<Inspection>(iid, ct) : null;
        var now = clock.GetUtcNow();
        return Step(complaint, now, Decide(complaint, cmd, Actor.From(user), inspection, now));
    }

    [WolverinePost("/api/complaints/{id}/extensions", OperationId = "ExtendComplaintHandling")]
    public static async Task<(ExtensionRecorded, Events, OutgoingMessages)> Extend(ExtendHandling cmd, [WriteAggregate] Complaint complaint, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, WorkingDayCalendar calendar, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        var extended = Decide(complaint, cmd, actor, now, calendar);
        ExtensionNotices.Decide(complaint, cmd.Channel, cmd.Notes, actor, "", "", Guid.Empty, now); // refuse a bad channel before taking a number
        var department = JurisdictionCatalogue.Find(complaint.JurisdictionId)!;
        var today = WorkingDayCalendar.BeijingToday(now);
        var number = await DocumentNumbers.IssueAsync(session, department, DocumentTypes.ComplaintExtensionNotice, complaint.Id, "complaint", complaint.JurisdictionPath, now, ct);
        var (subject, body) = ExtensionNotices.Content(complaint, department, extended.PreviousDueOn, extended.NewDueOn, extended.Reason, today);
        var hash = ComplainantNotifications.Hash(subject, body);
        var outgoing = ComplaintClocks.ScheduleHandling(complaint.Id, extended.NewDueOn);
        var notice = ExtensionNotices.Decide(complaint, cmd.Channel, cmd.Notes, actor, number, hash, ExtensionNotices.NewDeliveryId(cmd.Channel), now);
        ExtensionNotices.QueueDelivery(session, notice, outgoing);
        var events = ComplaintLapses.With(complaint, now, extended, notice);
        return (new ExtensionRecorded(complaint.Id, complaint.Version + events.Count, number, extended.NewDueOn, notice.DeliveryId is null ? "recorded" : "sending"),
            events, outgoing);
    }

    [WolverinePost("/api/complaints/{id}/conclusion", OperationId = "ConcludeComplaint")]
    public static (ComplaintUpdated, Events) Conclude(ConcludeComplaint cmd, [WriteAggregate] Complaint complaint, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return Step(complaint, now, Decide(complaint, cmd, Actor.From(user), now));
    }
}

/// <summary>Open an inspection of the unit complained about and link it to the complaint (a leader's decision).</summary>
public sealed record OpenInspectionFromComplaint([property: JsonPropertyName("version")] long? ExpectedVersion, string[]? FocusItems, DateOnly? PlannedOn, string[]? InspectorIds);

public static class OpenInspectionFromComplaintEndpoint
{
    public static (InspectionLinked Link, InspectionPlanned Plan) Decide(Complaint c, OpenInspectionFromComplaint cmd, Actor actor,
        Units.SupervisedUnit? unit, IReadOnlyCollection<AppUser> inspectors, Guid inspectionId, DateTimeOffset now)
    {
        Guard.CanSee(actor, c.JurisdictionPath); // 404 before 403: a complaint outside the caller's scope does not exist for them
        if (actor.Role != Roles.Leader)
            throw RuleViolation.Forbidden("由领导决定对被投诉单位开展检查", "A leader decides to open an inspection from a complaint");
        var link = ComplaintSteps.Decide(c, new LinkInspection(cmd.ExpectedVersion, inspectionId), actor, FakeInspectionFor(c, inspectionId), now);
        if (c.UnitId is null || unit is null)
            throw RuleViolation.Refused("unit_not_registered", "被投诉单位未在名录中登记，请先登记单位", "The unit complained about is not registered; register it first");
        // The inspection gets the unit only: nothing of the complainant goes with it (R12).
        var plan = PlanInspectionEndpoint.Decide(new PlanInspection(unit.Id, cmd.FocusItems, cmd.PlannedOn, cmd.InspectorIds), actor, unit, inspectors, inspectionId, now);
        return (link, plan);
    }

    // The link check needs an inspection in the complaint's jurisdiction; the new one will be exactly that.
    private static Inspection FakeInspectionFor(Complaint c, Guid id) => new() { Id = id, JurisdictionPath = c.JurisdictionPath };

    [WolverinePost("/api/complaints/{id}/inspections/new", OperationId = "OpenInspectionFromComplaint")]
    public static async Task<(IResult, Events, IStartStream)> Post(OpenInspectionFromComplaint cmd, [WriteAggregate] Complaint complaint, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var unit = complaint.UnitId is { } unitId ? await session.LoadAsync<Units.SupervisedUnit>(unitId, ct) : null;
        var ids = (cmd.InspectorIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().Take(PlanInspectionEndpoint.MaxInspectors + 1).ToArray();
        var inspectors = ids.Length == 0 ? [] : await session.LoadManyAsync<AppUser>(ct, ids);
        var inspectionId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var (link, plan) = Decide(complaint, cmd, Actor.From(user), unit, inspectors.ToList(), inspectionId, now);
        var events = ComplaintLapses.With(complaint, now, link);
        return (Results.Created($"/api/inspections/{inspectionId}", new InspectionOpenedFromComplaint(complaint.Id, complaint.Version + events.Count, inspectionId)),
            events, MartenOps.StartStream<Inspection>(inspectionId, plan));
    }
}
