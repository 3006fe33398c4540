using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Supervision.Units;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Complaints;

/// <summary>Register a complaint or report on receipt (R10). Either <see cref="UnitId"/> (a registered unit) or <see cref="UnitName"/>.</summary>
public sealed record RegisterComplaint(ComplaintChannel? Channel, DateTimeOffset? ReceivedAt, bool? Anonymous, ComplainantIdentity? Complainant,
    Guid? UnitId, string? UnitName, string? JurisdictionId, string? Allegation, string? RequestedOutcome);

/// <summary>The public intake form (online channel, received now).</summary>
public sealed record SubmitComplaint(bool? Anonymous, ComplainantIdentity? Complainant, Guid? UnitId, string? UnitName, string? JurisdictionId,
    string? Allegation, string? RequestedOutcome);

/// <summary>投诉举报已登记：受理编号 / A complaint was registered: its receipt number.</summary>
/// <param name="ContactDataMasked">The complaint's words held contact data (R12): they are shown masked, the original is kept encrypted.</param>
public sealed record ComplaintRegistered(Guid Id, long Version, string ReceiptNumber, bool ContactDataMasked = false);
/// <summary>公众投诉的回执：受理编号与查询码（只显示一次） / The public receipt: receipt number and query code (shown once).</summary>
public sealed record PublicReceipt(string ReceiptNumber, string QueryCode, string Notice);
/// <summary>The complainant's own data, exported on their request (the export is recorded in the case like a view).</summary>
public sealed record ComplainantDataExport(string ReceiptNumber, DateTimeOffset ReceivedAt, ComplaintChannel Channel, ComplainantIdentity Complainant,
    string Allegation, string? RequestedOutcome);
/// <summary>The complaint's new version after linking, and the inspection opened from it.</summary>
public sealed record InspectionOpenedFromComplaint(Guid Id, long Version, Guid InspectionId);

public static class RegisterComplaintEndpoint
{
    public const int AcceptanceDays = 15;   // R10 (信访工作条例 Art. 23)
    public const int HandlingDays = 60;     // R11 (Art. 34)

    /// <summary>Where the complaint is handled: the unit's jurisdiction, or the one named, or the receiving user's.</summary>
    public static Jurisdiction ResolveJurisdiction(Guid? unitId, SupervisedUnit? unit, string? jurisdictionId, Actor? actor)
    {
        if (unitId is not null)
        {
            if (unit is null || (actor is not null && !actor.Covers(unit.JurisdictionPath)))
                throw RuleViolation.Invalid("unknown_unit", "被投诉单位不存在或不在本辖区", "Unknown unit, or outside your jurisdiction", "unitId");
            return JurisdictionCatalogue.Find(unit.JurisdictionId)!;
        }
        var j = JurisdictionCatalogue.Find(jurisdictionId ?? actor?.JurisdictionId)
            ?? throw RuleViolation.Invalid("unknown_jurisdiction", "请选择受理的档案主管部门（行政区划）", "jurisdictionId is required when the unit is not registered", "jurisdictionId");
        if (actor is not null && !actor.Covers(j.Path)) throw RuleViolation.NotFound("jurisdiction");
        return j;
    }

    public static ComplaintReceived Decide(RegisterComplaint c, Actor? actor, SupervisedUnit? unit, Jurisdiction jurisdiction, Guid id,
        string receiptNumber, Func<ComplainantIdentity, string> protect, string? queryCodeHash, DateTimeOffset now, WorkingDayCalendar? calendar = null,
        Func<OriginalComplaintText, string>? protectText = null)
    {
        calendar ??= WorkingDayCalendar.LoadDefault();
        if (actor is not null) Guard.CanAct(actor, jurisdiction.Path, Roles.ComplaintHandler, Roles.Leader);
        if (c.Channel is null || !Enum.IsDefined(c.Channel.Value))
            throw RuleViolation.Invalid("field_required", "须注明投诉举报渠道（letter、visit、phone、online）", "channel is required (letter|visit|phone|online)", "channel");
        if (c.ReceivedAt is not { } received || received > now.AddMinutes(5) || received < now.AddYears(-1))
            throw RuleViolation.Invalid("invalid_received_at", "收到日期须在一年内且不晚于当前时间", "receivedAt must be within the last year and not in the future", "receivedAt");
        var allegation = Guard.Required(c.Allegation, "allegation", "投诉举报事项", 5000);
        var unitName = unit?.Name ?? Guard.Required(c.UnitName, "unitName", "被投诉单位名称", 200);
        var anonymous = c.Anonymous ?? false;
        var identity = PersonalDataRules.Validate(c.Complainant, anonymous, WorkingDayCalendar.BeijingToday(now));
        var hasAnyData = identity != new ComplainantIdentity(null, null, null, null, null);
        var receivedOn = WorkingDayCalendar.BeijingToday(received);
        // Calendar days from receipt; a period ending on a public holiday or rest day ends on the next working day (Civil Code Art. 203).
        var acceptance = calendar.CalendarDays(receivedOn, AcceptanceDays);
        var handling = calendar.CalendarDays(receivedOn, HandlingDays);
        var outcome = string.IsNullOrWhiteSpace(c.RequestedOutcome) ? null : Guard.Required(c.RequestedOutcome, "requestedOutcome", "诉求", 2000);
        // R12: contact data written into the complaint's own words would reach everyone who reads the case (and its history,
        // documents and referrals); they read a masked text, the original is encrypted like the identity.
        var today = WorkingDayCalendar.BeijingToday(now);
        string? protectedOriginal = null;
        if (PersonalDataText.Contains(allegation, today) || PersonalDataText.Contains(outcome, today))
        {
            protectedOriginal = (protectText ?? (_ => ""))(new OriginalComplaintText(allegation, outcome));
            allegation = PersonalDataText.Mask(allegation, today);
            outcome = outcome is null ? null : PersonalDataText.Mask(outcome, today);
        }
        return new ComplaintReceived(id, receiptNumber, c.Channel.Value, received, anonymous, hasAnyData ? protect(identity) : null,
            identity.ContactChannels(), unit?.Id, unitName, jurisdiction.Id, jurisdiction.Path, allegation, outcome,
            queryCodeHash, acceptance.DueOn, handling.DueOn, actor?.UserName ?? "public", now, acceptance.StatutoryDate, handling.StatutoryDate,
            protectedOriginal);
    }

    public static string HashCode(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private static async Task<(ComplaintReceived, OutgoingMessages)> Register(RegisterComplaint c, Actor? actor, IDocumentSession session,
        PersonalDataProtector protector, TimeProvider clock, WorkingDayCalendar calendar, string? queryCodeHash, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var unit = c.UnitId is { } unitId ? await session.LoadAsync<SupervisedUnit>(unitId, ct) : null;
        var jurisdiction = ResolveJurisdiction(c.UnitId, unit, c.JurisdictionId, actor);
        // Validate fully before taking a receipt number (a refused request must not use one up).
        Decide(c, actor, unit, jurisdiction, id, "", _ => "", queryCodeHash, now, calendar);
        var year = WorkingDayCalendar.BeijingToday(now).Year;
        var sequence = await DocumentNumbers.NextAsync(session, jurisdiction.Id, DocumentTypes.ComplaintReceipt, year, ct);
        var received = Decide(c, actor, unit, jurisdiction, id, $"TS{jurisdiction.Id}{year}{sequence:D6}", protector.Protect, queryCodeHash, now, calendar,
            protector.ProtectText);
        session.Events.StartStream<Complaint>(id, received);
        return (received, ComplaintClocks.Schedule(received));
    }

    [WolverinePost("/api/complaints", OperationId = "RegisterComplaint")]
    public static async Task<(IResult, OutgoingMessages)> Post(RegisterComplaint c, ClaimsPrincipal user, IDocumentSession session,
        PersonalDataProtector protector, TimeProvider clock, WorkingDayCalendar calendar, HttpContext http, CancellationToken ct)
    {
        var (received, clocks) = await Register(c, Actor.From(user), session, protector, clock, calendar, null, Idempotency.NewId(http), ct);
        var created = new ComplaintRegistered(received.ComplaintId, 1, received.ReceiptNumber, received.ProtectedOriginalText is not null);
        Idempotency.Remember(session, http, 201, created, received.RegisteredAt);
        return (Results.Created($"/api/complaints/{received.ComplaintId}", created), clocks);
    }

    /// <summary>Public intake (rate-limited): returns the receipt number and a query code shown once.</summary>
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting("public")]
    [WolverinePost("/api/public/complaints", OperationId = "SubmitComplaint")]
    public static async Task<(IResult, OutgoingMessages)> PostPublic(SubmitComplaint c, IDocumentSession session, PersonalDataProtector protector,
        TimeProvider clock, WorkingDayCalendar calendar, CancellationToken ct)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I
        var code = RandomNumberGenerator.GetString(alphabet, 10);
        var command = new RegisterComplaint(ComplaintChannel.Online, clock.GetUtcNow(), c.Anonymous, c.Complainant, c.UnitId, c.UnitName,
            c.JurisdictionId, c.Allegation, c.RequestedOutcome);
        // No Idempotency-Key for anonymous callers: a guessed key must not replay someone's query code.
        var (received, clocks) = await Register(command, null, session, protector, clock, calendar, HashCode(code), Guid.CreateVersion7(), ct);
        return (Results.Created($"/api/public/complaints/{received.ReceiptNumber}",
            new PublicReceipt(received.ReceiptNumber, code, "请妥善保存受理编号和查询码，凭此查询办理进度和结果。")), clocks);
    }
}
