using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Supervision.Inspections;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Rectifications;

/// <summary>Issue the order: either <see cref="WorkingDays"/> from today or an explicit <see cref="DueOn"/>.</summary>
public sealed record OrderRectification([property: JsonPropertyName("version")] long? ExpectedVersion, int? WorkingDays, DateOnly? DueOn, string? Requirements);
public sealed record ExtendDeadline([property: JsonPropertyName("version")] long? ExpectedVersion, DateOnly? NewDueOn, string? Reason);
public sealed record ReportCorrection([property: JsonPropertyName("version")] long? ExpectedVersion, string? Description, string[]? Evidence);
public sealed record ReinspectionRecorded(Guid Id, long Version, string DocumentNumber);
public sealed record RecordReinspection([property: JsonPropertyName("version")] long? ExpectedVersion, bool? Passed, string? Notes);

public sealed record OrderIssued(Guid Id, long Version, string DocumentNumber, DateOnly DueOn, bool DueOnProvisional);
public sealed record ExtensionGranted(Guid Id, long Version, string NoticeNumber, DateOnly DueOn);

public static class RectificationSteps
{
    public const int MaxWorkingDays = 180;
    private static readonly string[] Inspectors = [Roles.Inspector, Roles.Leader];

    private static void CheckOpenOrder(Rectification r, Actor actor, long? expectedVersion, params string[] roles)
    {
        Guard.CanAct(actor, r.JurisdictionPath, roles);
        Guard.Version(expectedVersion, r.Version);
        if (r.Status == RectificationStatus.Closed)
            throw RuleViolation.Refused("rectification_closed", "该整改事项已复查通过并结案", "The rectification is already closed");
        if (r.Status != RectificationStatus.Ordered)
            throw RuleViolation.Refused("order_not_issued", "尚未下达责令限期改正通知书", "No rectification order has been issued yet");
    }

    /// <summary>Checks the order and computes its deadline (working days per the official calendar).</summary>
    public static (DateOnly DueOn, bool Provisional, string Requirements) CheckOrder(
        Rectification r, OrderRectification c, Actor actor, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        Guard.CanAct(actor, r.JurisdictionPath, Inspectors);
        Guard.OnTeam(actor, r.Inspectors);
        Guard.Version(c.ExpectedVersion, r.Version);
        if (r.Status != RectificationStatus.Found)
            throw RuleViolation.Refused("order_already_issued", "已下达过责令限期改正通知书", "A rectification order was already issued for this hazard");
        var requirements = Guard.Required(c.Requirements, "requirements", "整改要求");
        var today = WorkingDayCalendar.BeijingToday(now);
        if (c.WorkingDays is not null && c.DueOn is not null)
            throw RuleViolation.Invalid("ambiguous_deadline", "整改期限只能填写工作日数或截止日期之一", "Give either workingDays or dueOn, not both", "workingDays");
        if (c.WorkingDays is { } n)
        {
            if (n is < 1 or > MaxWorkingDays)
                throw RuleViolation.Invalid("invalid_working_days", $"整改期限须为 1–{MaxWorkingDays} 个工作日", $"workingDays must be 1..{MaxWorkingDays}", "workingDays");
            var due = calendar.AddWorkingDays(today, n);
            return (due.Date, due.Provisional, requirements);
        }
        if (c.DueOn is { } dueOn)
        {
            if (dueOn <= today)
                throw RuleViolation.Invalid("due_on_not_future", "整改截止日期须晚于今天", "dueOn must be after today", "dueOn");
            if (dueOn > today.AddYears(1))
                throw RuleViolation.Invalid("due_on_too_far", "整改截止日期不得超过一年", "dueOn must be within one year", "dueOn");
            if (!calendar.IsWorkingDay(dueOn))
                throw RuleViolation.Invalid("due_on_not_working_day", "整改截止日期须为工作日", "dueOn must be a working day", "dueOn");
            return (dueOn, !calendar.IsLoaded(dueOn.Year), requirements);
        }
        throw RuleViolation.Invalid("deadline_required", "须填写整改期限（工作日数或截止日期）", "workingDays or dueOn is required", "workingDays");
    }

    public static RectificationOrdered DecideOrder(Rectification r, OrderRectification c, Actor actor, WorkingDayCalendar calendar,
        DateTimeOffset now, string departmentId, string documentNumber)
    {
        var (due, provisional, requirements) = CheckOrder(r, c, actor, calendar, now);
        var issuedOn = WorkingDayCalendar.BeijingToday(now);
        return new RectificationOrdered(r.Id, documentNumber, departmentId, requirements, issuedOn, due,
            c.WorkingDays, provisional, r.Inspectors, actor.UserName, now, calendar.VersionsFor(issuedOn, due));
    }

    /// <param name="notice">The 延长整改期限通知书's number and what it prints; null while only checking (before a number is taken).</param>
    public static DeadlineExtended Decide(Rectification r, ExtendDeadline c, Actor actor, WorkingDayCalendar calendar, DateTimeOffset now,
        (string Number, ExtensionBasis Basis)? notice = null)
    {
        // R8: the extension is approved by a leader, who is the one recording it.
        CheckOpenOrder(r, actor, c.ExpectedVersion, Roles.Leader);
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

    public static CorrectionReported Decide(Rectification r, ReportCorrection c, Actor actor, DateTimeOffset now)
    {
        CheckOpenOrder(r, actor, c.ExpectedVersion, Inspectors);
        var description = Guard.Required(c.Description, "description", "整改情况");
        var evidence = (c.Evidence ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToArray();
        if (evidence.Length > RecordHazardEndpoint.MaxEvidence || evidence.Any(e => e.Length > 1000))
            throw RuleViolation.Invalid("evidence_too_large", "证据过多或过长", "Too many or too long evidence entries", "evidence");
        return new CorrectionReported(r.Id, description, evidence, actor.UserName, now);
    }

    /// <param name="documentNumber">The 整改复查意见书's number; null while only checking (before a number is taken).</param>
    public static object Decide(Rectification r, RecordReinspection c, Actor actor, DateTimeOffset now, string? documentNumber = null)
    {
        // The re-inspection opinion is an enforcement act: a certified officer of the jurisdiction (R1).
        CheckOpenOrder(r, actor, c.ExpectedVersion, Roles.Inspector);
        Guard.Certified(actor);
        if (c.Passed is null) throw RuleViolation.Invalid("field_required", "须注明复查是否通过", "passed is required", "passed");
        var notes = Guard.Required(c.Notes, "notes", "复查意见");
        return c.Passed.Value
            ? new ReinspectionPassed(r.Id, notes, actor.UserName, now, Late: r.IsOverdue || RectificationDeadlines.Lapsed(r, now) is not null, documentNumber)
            : new ReinspectionFailed(r.Id, notes, actor.UserName, now, documentNumber);
    }

    [WolverinePost("/api/rectifications/{id}/order", OperationId = "IssueRectificationOrder")]
    public static async Task<(OrderIssued, Events, OutgoingMessages)> Order(OrderRectification c, [WriteAggregate] Rectification rectification,
        ClaimsPrincipal user, IDocumentSession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        CheckOrder(rectification, c, actor, calendar, now); // refuse before taking a number
        // The number belongs to the issuing department: the acting user's.
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId) ?? throw RuleViolation.Forbidden("用户未关联档案主管部门", "User has no department");
        var number = await DocumentNumbers.IssueAsync(session, department, DocumentTypes.RectificationOrder, rectification.Id, "rectification",
            rectification.JurisdictionPath, now, ct);
        var ordered = DecideOrder(rectification, c, actor, calendar, now, department.Id, number);
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
    public static (CaseUpdated, Events) Correct(ReportCorrection c, [WriteAggregate] Rectification rectification, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return WithLapse(rectification, now, Decide(rectification, c, Actor.From(user), now));
    }

    /// <summary>The re-inspection and its numbered 整改复查意见书 (passed or not), issued by the department that ordered the correction.</summary>
    [WolverinePost("/api/rectifications/{id}/reinspections", OperationId = "RecordReinspection")]
    public static async Task<(ReinspectionRecorded, Events)> Reinspect(RecordReinspection c, [WriteAggregate] Rectification rectification, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        Decide(rectification, c, actor, now); // refuse before taking a number (and only an ordered case gets here)
        var number = await DocumentNumbers.IssueAsync(session, JurisdictionCatalogue.Find(rectification.DepartmentId!)!, DocumentTypes.ReinspectionOpinion,
            rectification.Id, "rectification", rectification.JurisdictionPath, now, ct);
        var (updated, events) = WithLapse(rectification, now, Decide(rectification, c, actor, now, number));
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
