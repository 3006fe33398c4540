using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Supervision.Inspections;
using Supervision.Files;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Rectifications;

/// <summary>
/// Issue the order: either <see cref="WorkingDays"/> from today or an explicit <see cref="DueOn"/>. <see cref="InspectorIds"/>: the two or
/// more certified officers of the case who issue it (R1); the order prints exactly them.
/// </summary>
public sealed record OrderRectification([property: JsonPropertyName("version")] long? ExpectedVersion, int? WorkingDays, DateOnly? DueOn, string? Requirements,
    string[]? InspectorIds = null);
/// <summary>延长整改期限（领导批准） / Extend a rectification deadline (leader approval).</summary>
public sealed record ExtendDeadline([property: JsonPropertyName("version")] long? ExpectedVersion, DateOnly? NewDueOn, string? Reason);
/// <summary>报告整改情况 / Report a correction.</summary>
/// <param name="EvidenceFiles">SHA-256 of stored files (photos, scans) uploaded by an officer of the case (issue 16).</param>
public sealed record ReportCorrection([property: JsonPropertyName("version")] long? ExpectedVersion, string? Description, string[]? Evidence,
    string[]? EvidenceFiles = null);
/// <summary>复查已记录：整改复查意见书文号 / A re-inspection was recorded: its opinion's number.</summary>
public sealed record ReinspectionRecorded(Guid Id, long Version, string DocumentNumber);
/// <summary>A re-inspection; <see cref="InspectorIds"/>: the two or more certified officers of the case who did it (R1), the recorder among them.</summary>
/// <param name="EvidenceFiles">SHA-256 of stored files (photos, scans) taken at the re-inspection, uploaded by an officer of the case (issue 16).</param>
public sealed record RecordReinspection([property: JsonPropertyName("version")] long? ExpectedVersion, bool? Passed, string? Notes, string[]? InspectorIds = null,
    string[]? EvidenceFiles = null);
/// <summary>A leader assigns certified officers to the case (R1), e.g. for a re-inspection when its team cannot do it.</summary>
public sealed record AssignOfficers([property: JsonPropertyName("version")] long? ExpectedVersion, string[]? InspectorIds);

/// <summary>责令限期改正通知书已下达：文号与期限 / A rectification order was issued: its number and due date.</summary>
public sealed record OrderIssued(Guid Id, long Version, string DocumentNumber, DateOnly DueOn, bool DueOnProvisional);
/// <summary>延期已批准：新的期限 / An extension was granted: the new due date.</summary>
public sealed record ExtensionGranted(Guid Id, long Version, string NoticeNumber, DateOnly DueOn);

public static class RectificationSteps
{
    public const int MaxWorkingDays = 180;
    private static readonly string[] Inspectors = [Roles.Inspector, Roles.Leader];

    /// <param name="pendingRecusals">Officers with an undecided recusal request on the inspection the hazard was found in (R2).</param>
    private static void CheckOpenOrder(Rectification r, Actor actor, long? expectedVersion, IEnumerable<string>? pendingRecusals, params string[] roles)
    {
        Guard.CanAct(actor, r.JurisdictionPath, roles);
        // Every step is taken by the case's officers (or a leader); a recused officer is off the team (R1, R2).
        Guard.OnTeam(actor, r.Inspectors, pendingRecusals);
        Guard.Version(expectedVersion, r.Version);
        if (r.Status == RectificationStatus.Closed)
            throw RuleViolation.Refused("rectification_closed", "该整改事项已复查通过并结案", "The rectification is already closed");
        if (r.Status != RectificationStatus.Ordered)
            throw RuleViolation.Refused("order_not_issued", "尚未下达责令限期改正通知书", "No rectification order has been issued yet");
    }

    /// <summary>Checks the order and computes its deadline (working days per the official calendar).</summary>
    /// <param name="pendingRecusals">Officers with an undecided recusal request on the inspection the hazard was found in (R2).</param>
    /// <param name="users">The named officers as stored now (see <see cref="ActingOfficers.Check"/>).</param>
    public static (DateOnly DueOn, bool Provisional, string Requirements) CheckOrder(
        Rectification r, OrderRectification c, Actor actor, WorkingDayCalendar calendar, DateTimeOffset now,
        IEnumerable<string>? pendingRecusals = null, IReadOnlyCollection<AppUser>? users = null)
    {
        Guard.CanAct(actor, r.JurisdictionPath, Inspectors);
        Guard.OnTeam(actor, r.Inspectors, pendingRecusals);
        Guard.Version(c.ExpectedVersion, r.Version);
        if (r.Status != RectificationStatus.Found)
            throw RuleViolation.Refused("order_already_issued", "已下达过责令限期改正通知书", "A rectification order was already issued for this hazard");
        var requirements = Guard.Required(c.Requirements, "requirements", "整改要求");
        var deadline = Deadline(c, calendar, now);
        ActingOfficers.Check(actor, c.InspectorIds, r.Inspectors, pendingRecusals, users); // R1: who issues it
        return (deadline.DueOn, deadline.Provisional, requirements);
    }

    private static (DateOnly DueOn, bool Provisional) Deadline(OrderRectification c, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        var today = WorkingDayCalendar.BeijingToday(now);
        if (c.WorkingDays is not null && c.DueOn is not null)
            throw RuleViolation.Invalid("ambiguous_deadline", "整改期限只能填写工作日数或截止日期之一", "Give either workingDays or dueOn, not both", "workingDays");
        if (c.WorkingDays is { } n)
        {
            if (n is < 1 or > MaxWorkingDays)
                throw RuleViolation.Invalid("invalid_working_days", $"整改期限须为 1–{MaxWorkingDays} 个工作日", $"workingDays must be 1..{MaxWorkingDays}", "workingDays");
            var due = calendar.AddWorkingDays(today, n);
            return (due.Date, due.Provisional);
        }
        if (c.DueOn is { } dueOn)
        {
            if (dueOn <= today)
                throw RuleViolation.Invalid("due_on_not_future", "整改截止日期须晚于今天", "dueOn must be after today", "dueOn");
            if (dueOn > today.AddYears(1))
                throw RuleViolation.Invalid("due_on_too_far", "整改截止日期不得超过一年", "dueOn must be within one year", "dueOn");
            if (!calendar.IsWorkingDay(dueOn))
                throw RuleViolation.Invalid("due_on_not_working_day", "整改截止日期须为工作日", "dueOn must be a working day", "dueOn");
            return (dueOn, !calendar.IsLoaded(dueOn.Year));
        }
        throw RuleViolation.Invalid("deadline_required", "须填写整改期限（工作日数或截止日期）", "workingDays or dueOn is required", "workingDays");
    }

    public static RectificationOrdered DecideOrder(Rectification r, OrderRectification c, Actor actor, WorkingDayCalendar calendar,
        DateTimeOffset now, string departmentId, string documentNumber, IEnumerable<string>? pendingRecusals = null, IReadOnlyCollection<AppUser>? users = null)
    {
        var (due, provisional, requirements) = CheckOrder(r, c, actor, calendar, now, pendingRecusals, users);
        var issuedOn = WorkingDayCalendar.BeijingToday(now);
        // The order is signed by the officers who issue it, as named (R1) — not by the team as a stored default.
        var signatories = ActingOfficers.Check(actor, c.InspectorIds, r.Inspectors, pendingRecusals, users);
        return new RectificationOrdered(r.Id, documentNumber, departmentId, requirements, issuedOn, due,
            c.WorkingDays, provisional, signatories, actor.UserName, now, calendar.VersionsFor(issuedOn, due));
    }

    /// <param name="notice">The 延长整改期限通知书's number and what it prints; null while only checking (before a number is taken).</param>
    public static DeadlineExtended Decide(Rectification r, ExtendDeadline c, Actor actor, WorkingDayCalendar calendar, DateTimeOffset now,
        (string Number, ExtensionBasis Basis)? notice = null)
    {
        // R8: the extension is approved by a leader, who is the one recording it.
        CheckOpenOrder(r, actor, c.ExpectedVersion, null, Roles.Leader);
        // A lapsed deadline cannot be extended, even before the scheduled check has recorded it (R9).
        if (r.IsOverdue || now >= RectificationDeadlines.OverdueAt(r.DueOn!.Value))
            throw RuleViolation.Refused("already_overdue", "整改已逾期，不能再延期", "The order is already overdue and can no longer be extended");
        if (c.NewDueOn is not { } newDue)
            throw RuleViolation.Invalid("field_required", "新的整改截止日期不能为空", "newDueOn is required", "newDueOn");
        if (newDue <= r.DueOn)
            throw RuleViolation.Invalid("extension_not_later", "延期后的截止日期须晚于原截止日期", "newDueOn must be after the current deadline", "newDueOn");
        if (newDue > r.DueOn!.Value.AddYears(1))
            throw RuleViolation.Invalid("due_on_too_far", "延期不得超过一年", "An extension may not exceed one year", "newDueOn");
        if (!calendar.IsWorkingDay(newDue))
            throw RuleViolation.Invalid("due_on_not_working_day", "整改截止日期须为工作日", "newDueOn must be a working day", "newDueOn");
        var reason = Guard.Required(c.Reason, "reason", "延期理由");
        return new DeadlineExtended(r.Id, r.DueOn!.Value, newDue, !calendar.IsLoaded(newDue.Year), reason, actor.UserName, now,
            calendar.VersionsFor(newDue, newDue), notice?.Number, notice?.Basis);
    }

    public static CorrectionReported Decide(Rectification r, ReportCorrection c, Actor actor, DateTimeOffset now, IEnumerable<string>? pendingRecusals = null,
        EvidenceFile[]? files = null)
    {
        CheckOpenOrder(r, actor, c.ExpectedVersion, pendingRecusals, Inspectors);
        var description = Guard.Required(c.Description, "description", "整改情况");
        var evidence = (c.Evidence ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToArray();
        if (evidence.Length > RecordHazardEndpoint.MaxEvidence || evidence.Any(e => e.Length > 1000))
            throw RuleViolation.Invalid("evidence_too_large", "证据过多或过长", "Too many or too long evidence entries", "evidence");
        return new CorrectionReported(r.Id, description, evidence, actor.UserName, now, Supervision.Files.EvidenceFiles.InEvent(files));
    }

    /// <param name="documentNumber">The 整改复查意见书's number; null while only checking (before a number is taken).</param>
    /// <param name="pendingRecusals">Officers with an undecided recusal request on the inspection the hazard was found in (R2).</param>
    /// <param name="users">The named officers as stored now (see <see cref="ActingOfficers.Check"/>).</param>
    public static object Decide(Rectification r, RecordReinspection c, Actor actor, DateTimeOffset now, string? documentNumber = null,
        IEnumerable<string>? pendingRecusals = null, IReadOnlyCollection<AppUser>? users = null, EvidenceFile[]? files = null)
    {
        // The re-inspection opinion is an enforcement act: two certified officers of the case, the recorder among them (R1).
        CheckOpenOrder(r, actor, c.ExpectedVersion, pendingRecusals, Roles.Inspector);
        Guard.Certified(actor);
        if (c.Passed is null) throw RuleViolation.Invalid("field_required", "须注明复查是否通过", "passed is required", "passed");
        var notes = Guard.Required(c.Notes, "notes", "复查意见");
        var officers = ActingOfficers.Check(actor, c.InspectorIds, r.Inspectors, pendingRecusals, users);
        return c.Passed.Value
            ? new ReinspectionPassed(r.Id, notes, actor.UserName, now, Late: r.IsOverdue || RectificationDeadlines.Lapsed(r, now) is not null, documentNumber, officers,
                Supervision.Files.EvidenceFiles.InEvent(files))
            : new ReinspectionFailed(r.Id, notes, actor.UserName, now, documentNumber, officers, Supervision.Files.EvidenceFiles.InEvent(files));
    }

    /// <summary>
    /// R1: a leader assigns certified officers to the case, who then act on it with its team (e.g. a re-inspection when a
    /// team member cannot). Each holds a certificate, has jurisdiction over the unit (R3), has no recorded conflict of interest
    /// with it and is not recused on the inspection or awaiting a recusal decision there (R2).
    /// </summary>
    public static RectificationOfficersAssigned Decide(Rectification r, AssignOfficers c, Actor actor, IReadOnlyCollection<AppUser> users,
        Supervision.Units.SupervisedUnit? unit, DateTimeOffset now, IEnumerable<string>? pendingRecusals = null)
    {
        Guard.CanAct(actor, r.JurisdictionPath, Roles.Leader);
        Guard.Version(c.ExpectedVersion, r.Version);
        if (r.Status == RectificationStatus.Closed)
            throw RuleViolation.Refused("rectification_closed", "该整改事项已复查通过并结案", "The rectification is already closed");
        var ids = (c.InspectorIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct().ToArray();
        if (ids.Length == 0)
            throw RuleViolation.Invalid("field_required", "须指定执法人员", "inspectorIds is required", ActingOfficers.Field);
        if (ids.Length > ActingOfficers.Max)
            throw RuleViolation.Invalid("too_many_inspectors", $"执法人员最多 {ActingOfficers.Max} 名", $"At most {ActingOfficers.Max} officers", ActingOfficers.Field);
        var pending = pendingRecusals?.ToHashSet() ?? [];
        var officers = new List<Signatory>();
        foreach (var id in ids)
        {
            var name = id.Length <= 40 ? id : id[..40] + "…";
            var u = users.FirstOrDefault(x => x.Id == id);
            if (u is null || !u.IsCertifiedInspector)
                throw RuleViolation.Refused("inspector_not_certified", $"“{name}”不是持有执法证的检查人员", $"{name} is not a certified enforcement officer (R1)", ActingOfficers.Field);
            if (r.Inspectors.Any(i => i.UserName == id))
                throw RuleViolation.Invalid("already_on_team", $"“{u.DisplayName}”已是本案的执法人员", $"{name} is already an officer of this case", ActingOfficers.Field);
            if (!JurisdictionPaths.Covers(u.JurisdictionPath, r.JurisdictionPath))
                throw RuleViolation.Refused("inspector_outside_jurisdiction", $"“{name}”无权检查该辖区单位", $"{name} has no jurisdiction over this unit (R3)", ActingOfficers.Field);
            if (r.RecusedOfficers.Contains(id) || pending.Contains(id) || unit?.HasConflict(id) == true)
                throw RuleViolation.Refused("inspector_recused", $"“{u.DisplayName}”已回避、回避申请待决定或与被检查单位存在利害关系，不能指派",
                    $"{name} is recused, awaiting a recusal decision or has a recorded conflict of interest with the unit (R2)", ActingOfficers.Field);
            officers.Add(new Signatory(u.Id, u.DisplayName, u.CertificateNumber!));
        }
        return new RectificationOfficersAssigned(r.Id, officers.ToArray(), actor.UserName, now);
    }

    /// <summary>Officers with an undecided recusal request on the inspection the hazard was found in (R2).</summary>
    private static async Task<IReadOnlyList<string>> PendingRecusals(IQuerySession session, Rectification r, CancellationToken ct) =>
        (await session.LoadAsync<Inspection>(r.InspectionId, ct))?.PendingRecusals ?? [];

    private static async Task<IReadOnlyCollection<AppUser>> Named(IQuerySession session, string[]? ids, CancellationToken ct) =>
        ActingOfficers.Ids(ids) is { Length: > 0 } named ? (await session.LoadManyAsync<AppUser>(ct, named)).ToList() : [];

    [WolverinePost("/api/rectifications/{id}/officers", OperationId = "AssignRectificationOfficers")]
    public static async Task<(CaseUpdated, Events)> Assign(AssignOfficers c, [WriteAggregate] Rectification rectification, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var users = await Named(session, c.InspectorIds, ct);
        var unit = await session.LoadAsync<Supervision.Units.SupervisedUnit>(rectification.UnitId, ct);
        var e = Decide(rectification, c, Actor.From(user), users, unit, clock.GetUtcNow(), await PendingRecusals(session, rectification, ct));
        return (new CaseUpdated(rectification.Id, rectification.Version + 1), [e]);
    }

    [WolverinePost("/api/rectifications/{id}/order", OperationId = "IssueRectificationOrder")]
    public static async Task<(OrderIssued, Events, OutgoingMessages)> Order(OrderRectification c, [WriteAggregate] Rectification rectification,
        ClaimsPrincipal user, IDocumentSession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        var pending = await PendingRecusals(session, rectification, ct);
        var users = await Named(session, c.InspectorIds, ct);
        CheckOrder(rectification, c, actor, calendar, now, pending, users); // refuse before taking a number
        // The number belongs to the issuing department: the acting user's.
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId) ?? throw RuleViolation.Forbidden("用户未关联档案主管部门", "User has no department");
        var number = await DocumentNumbers.IssueAsync(session, department, DocumentTypes.RectificationOrder, rectification.Id, "rectification",
            rectification.JurisdictionPath, now, ct);
        var ordered = DecideOrder(rectification, c, actor, calendar, now, department.Id, number, pending, users);
        return (new OrderIssued(rectification.Id, rectification.Version + 1, number, ordered.DueOn, ordered.DueOnProvisional),
            [ordered], RectificationDeadlines.Schedule(rectification.Id, ordered.DueOn, calendar, now));
    }

    /// <summary>
    /// R8: a leader extends the deadline. The order as served stays as it was; the unit is told by its own numbered
    /// 延长整改期限通知书 (the order's number, the old and the new date, the reason) of the department that ordered.
    /// </summary>
    [WolverinePost("/api/rectifications/{id}/extensions", OperationId = "ExtendRectificationDeadline")]
    public static async Task<(ExtensionGranted, Events, OutgoingMessages)> Extend(ExtendDeadline c, [WriteAggregate] Rectification rectification,
        ClaimsPrincipal user, IDocumentSession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var actor = Actor.From(user);
        Decide(rectification, c, actor, calendar, now); // refuse before taking a number
        var department = JurisdictionCatalogue.Find(rectification.DepartmentId!)!;
        var number = await DocumentNumbers.IssueAsync(session, department, DocumentTypes.DeadlineExtensionNotice, rectification.Id, "rectification",
            rectification.JurisdictionPath, now, ct);
        var approver = await session.LoadAsync<AppUser>(actor.UserName, ct);
        var basis = new ExtensionBasis(rectification.DocumentNumber!, rectification.UnitName, department.Id, rectification.IssuedOn!.Value,
            approver?.DisplayName ?? actor.UserName);
        var extended = Decide(rectification, c, actor, calendar, now, (number, basis));
        return (new ExtensionGranted(rectification.Id, rectification.Version + 1, number, extended.NewDueOn), [extended],
            RectificationDeadlines.Schedule(rectification.Id, extended.NewDueOn, calendar, now));
    }

    [WolverinePost("/api/rectifications/{id}/correction-reports", OperationId = "ReportCorrection")]
    public static async Task<(CaseUpdated, Events)> Correct(ReportCorrection c, [WriteAggregate] Rectification rectification, ClaimsPrincipal user,
        IDocumentSession session, IFileStore files, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var actor = Actor.From(user);
        var pending = await PendingRecusals(session, rectification, ct);
        Decide(rectification, c with { EvidenceFiles = null }, actor, now, pending); // who may act, before the files are looked up
        var evidence = await EvidenceFiles.ResolveAsync(session, files, c.EvidenceFiles, rectification.Inspectors.Select(i => i.UserName).ToArray(),
            "evidenceFiles", ct);
        return WithLapse(rectification, now, Decide(rectification, c, actor, now, pending, evidence));
    }

    /// <summary>The re-inspection and its numbered 整改复查意见书 (passed or not), issued by the department that ordered the correction.</summary>
    [WolverinePost("/api/rectifications/{id}/reinspections", OperationId = "RecordReinspection")]
    public static async Task<(ReinspectionRecorded, Events)> Reinspect(RecordReinspection c, [WriteAggregate] Rectification rectification, ClaimsPrincipal user,
        IDocumentSession session, IFileStore files, TimeProvider clock, Supervision.Inspections.FullProcessRecordingOptions recording, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        var pending = await PendingRecusals(session, rectification, ct);
        var users = await Named(session, c.InspectorIds, ct);
        Decide(rectification, c, actor, now, null, pending, users); // refuse before looking up files or taking a number (only an ordered case gets here)
        // A passed re-inspection concludes the case: in block mode not while an on-site service (the order's) lacks its recording.
        if (c.Passed == true)
            Supervision.Documents.ServiceRecordings.CheckBeforeConclusion(await Supervision.Documents.ServiceRecordings.OfCaseAsync(session, rectification.Id, ct), recording.Mode);
        var evidence = await EvidenceFiles.ResolveAsync(session, files, c.EvidenceFiles, rectification.Inspectors.Select(i => i.UserName).ToArray(),
            "evidenceFiles", ct);
        var number = await DocumentNumbers.IssueAsync(session, JurisdictionCatalogue.Find(rectification.DepartmentId!)!, DocumentTypes.ReinspectionOpinion,
            rectification.Id, "rectification", rectification.JurisdictionPath, now, ct);
        var (updated, events) = WithLapse(rectification, now, Decide(rectification, c, actor, now, number, pending, users, evidence));
        return (new ReinspectionRecorded(updated.Id, updated.Version, number), events);
    }

    /// <summary>
    /// A step taken after the deadline lapsed, before the scheduled check ran, first records the
    /// lapse (R9): the history then says the order went overdue, then what happened.
    /// </summary>
    private static (CaseUpdated, Events) WithLapse(Rectification r, DateTimeOffset now, object step)
    {
        var events = new Events();
        if (RectificationDeadlines.Lapsed(r, now) is { } overdue) events.Add(overdue);
        events.Add(step);
        return (new CaseUpdated(r.Id, r.Version + events.Count), events);
    }
}
