using System.Security.Claims;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Complaints;

/// <summary>A complaint as shown to staff: the identity is always masked here (see the complainant endpoint).</summary>
public sealed record ComplaintView(
    Guid Id, int Version, string ReceiptNumber, ComplaintChannel Channel, DateTimeOffset ReceivedAt, bool Anonymous,
    ComplainantIdentity Complainant, NotificationChannel[] ContactChannels, bool IdentityVisibleToYou,
    Guid? UnitId, string UnitName, string JurisdictionId, string Allegation, string? RequestedOutcome, ComplaintStatus Status,
    AcceptanceDecision? Decision, string? DecisionReason, string? TransferTo, string? AcceptanceNoticeNumber, string? HandlerId,
    IReadOnlyList<CaseNote> Notes, IReadOnlyList<Guid> InspectionIds, DateOnly AcceptanceDueOn, DateOnly HandlingDueOn, bool Extended,
    bool? Substantiated, string? Findings, string? Result, bool NotificationPending, NotificationChannel? NotifiedBy, DateTimeOffset? NotifiedAt,
    string? ResultLetterNumber, int FailedNotifications, string? LastNotificationFailure, DateTimeOffset? ClosedAt, string? CloseReason,
    bool AcceptanceOverdue, bool HandlingOverdue, bool NotificationOverdue, ExtensionView? Extension,
    DateOnly AcceptanceStatutoryOn, DateOnly HandlingStatutoryOn, AcceptanceNoticeView? AcceptanceNotice = null, bool ContactDataMasked = false)
{
    /// <param name="delivery">The email/SMS delivery of the extension notice, when there is one.</param>
    /// <param name="acceptanceDelivery">The email/SMS delivery of the acceptance notice, when there is one.</param>
    public static ComplaintView Of(Complaint c, Actor actor, NoticeDelivery? delivery = null, NoticeDelivery? acceptanceDelivery = null) => new(
        c.Id, c.Version, c.ReceiptNumber, c.Channel, c.ReceivedAt, c.Anonymous, ComplainantIdentity.Masked, c.ContactChannels,
        ComplaintSteps.MaySeeIdentity(c, actor), c.UnitId, c.UnitName, c.JurisdictionId, c.Allegation, c.RequestedOutcome, c.Status,
        c.Decision, c.DecisionReason, c.TransferTo, c.AcceptanceNoticeNumber, c.HandlerId, c.Notes, c.InspectionIds, c.AcceptanceDueOn,
        c.HandlingDueOn, c.Extended, c.Substantiated, c.Findings, c.Result, c.PendingNotification is not null, c.NotifiedBy, c.NotifiedAt,
        c.ResultLetterNumber, c.FailedNotifications, c.LastNotificationFailure, c.ClosedAt, c.CloseReason, c.AcceptanceOverdue,
        c.HandlingOverdue, c.NotificationOverdue, ExtensionView.Of(c, delivery),
        // 法定期限 as counted; the due dates above differ when it ends on a holiday or rest day (Civil Code Art. 203).
        c.AcceptanceStatutoryOn == default ? c.AcceptanceDueOn : c.AcceptanceStatutoryOn, c.HandlingStatutoryOn == default ? c.HandlingDueOn : c.HandlingStatutoryOn,
        AcceptanceNoticeView.Of(c, acceptanceDelivery), c.ProtectedOriginalText is not null);

    /// <summary>The extension notices' deliveries of these complaints, by delivery id (one query).</summary>
    public static async Task<Dictionary<Guid, NoticeDelivery>> DeliveriesAsync(IQuerySession session, IEnumerable<Complaint> complaints, CancellationToken ct)
    {
        var ids = complaints.SelectMany(c => new[] { c.ExtensionNoticeDeliveryId, c.AcceptanceNoticeDeliveryId }).OfType<Guid>().ToArray();
        return ids.Length == 0 ? [] : (await session.LoadManyAsync<NoticeDelivery>(ct, ids)).ToDictionary(d => d.Id);
    }
}

/// <summary>
/// R11: the extension, its reason and how the complainant was told. <c>noticeStatus</c>: "recorded" (letter, phone, or
/// no contact: see <c>noticeProof</c>), or the email/SMS delivery's "sending", "delivered" or "failed".
/// </summary>
public sealed record ExtensionView(DateOnly PreviousDueOn, DateOnly NewDueOn, string Reason, string ApprovedBy, string? NoticeNumber,
    NotificationChannel? NoticeChannel, string NoticeStatus, string? NoticeProof, string? NoticeFailure)
{
    public static ExtensionView? Of(Complaint c, NoticeDelivery? delivery)
    {
        if (!c.Extended) return null;
        var status = c.ExtensionNoticeDeliveryId is null ? "recorded"
            : delivery?.Status switch { NoticeDeliveryStatus.Delivered => "delivered", NoticeDeliveryStatus.Failed => "failed", _ => "sending" };
        return new ExtensionView(c.PreviousHandlingDueOn ?? c.HandlingDueOn, c.HandlingDueOn, c.ExtensionReason ?? "", c.ExtensionApprovedBy ?? "",
            c.ExtensionNoticeNumber, c.ExtensionNoticeChannel, status, delivery?.DeliveryProof ?? c.ExtensionNoticeProof, delivery?.Failure);
    }
}

/// <summary>投诉举报列表的一页 / One page of the complaint list.</summary>
public sealed record ComplaintPage(IReadOnlyList<ComplaintView> Items, long Total, int Page, int PageSize);
/// <summary>The complainant's own view; an extension shows the new deadline and its reason (R11).</summary>
public sealed record PublicComplaintStatus(string ReceiptNumber, DateTimeOffset ReceivedAt, string Status, string? AcceptanceDecision, string? Result, DateTimeOffset? NotifiedAt,
    DateOnly? HandlingDueOn = null, string? ExtensionReason = null);

public static class ComplaintQueries
{
    [WolverineGet("/api/complaints/{id}", OperationId = "GetComplaint")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var c = await session.LoadAsync<Complaint>(id, ct);
        if (c is null || !actor.Covers(c.JurisdictionPath)) return Results.Problem(Problems.NotFound("complaint"));
        var delivery = c.ExtensionNoticeDeliveryId is { } d ? await session.LoadAsync<NoticeDelivery>(d, ct) : null;
        var acceptanceDelivery = c.AcceptanceNoticeDeliveryId is { } a ? await session.LoadAsync<NoticeDelivery>(a, ct) : null;
        return Results.Ok(ComplaintView.Of(c, actor, delivery, acceptanceDelivery));
    }

    [WolverineGet("/api/complaints", OperationId = "ListComplaints")]
    public static async Task<ComplaintPage> List(ClaimsPrincipal user, ReadSessions reads, string? status, string? jurisdiction, bool? mine,
        int? page, int? pageSize, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await List(user, session, status, jurisdiction, mine, page, pageSize, ct);
    }

    /// <summary>The same query on a given session (a page's read session).</summary>
    public static async Task<ComplaintPage> List(ClaimsPrincipal user, IQuerySession session, string? status, string? jurisdiction, bool? mine,
        int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var scope = Scope.For(actor, jurisdiction);
        var (p, size) = Paging.Normalise(page, pageSize);
        var query = session.Query<Complaint>().Where(c => c.JurisdictionPath.StartsWith(scope));
        if (status is not null)
        {
            if (!Enum.TryParse<ComplaintStatus>(status, true, out var wanted) || int.TryParse(status, out _))
                throw RuleViolation.Invalid("invalid_status", "状态无效（received、accepted、concluded、closed）", "status must be received, accepted, concluded or closed", "status");
            query = query.Where(c => c.Status == wanted);
        }
        if (mine == true) query = query.Where(c => c.HandlerId == actor.UserName);
        var items = await query.OrderBy(c => c.HandlingDueOn).ThenBy(c => c.ReceiptNumber).ToPagedListAsync(p, size, ct);
        var deliveries = await ComplaintView.DeliveriesAsync(session, items, ct);
        return new ComplaintPage(items.Select(c => ComplaintView.Of(c, actor, c.ExtensionNoticeDeliveryId is { } d ? deliveries.GetValueOrDefault(d) : null,
                c.AcceptanceNoticeDeliveryId is { } a ? deliveries.GetValueOrDefault(a) : null)).ToList(),
            items.TotalItemCount, p, size);
    }

    /// <summary>
    /// R12: the unmasked identity, for the assigned handler and the department's leader only.
    /// Every call is recorded in the case as <see cref="ComplainantIdentityViewed"/>.
    /// </summary>
    [WolverineGet("/api/complaints/{id}/complainant", OperationId = "ViewComplainant")]
    public static Task<IResult> Reveal(Guid id, ClaimsPrincipal user, IDocumentSession session, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
        RevealFor(id, "view", user, session, protector, clock, ct);

    /// <summary>A complainant's own data on their request (export), likewise recorded.</summary>
    [WolverineGet("/api/complaints/{id}/complainant/export", OperationId = "ExportComplainantData")]
    public static Task<IResult> Export(Guid id, ClaimsPrincipal user, IDocumentSession session, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
        RevealFor(id, "export", user, session, protector, clock, ct);

    private static async Task<IResult> RevealFor(Guid id, string purpose, ClaimsPrincipal user, IDocumentSession session, PersonalDataProtector protector,
        TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var c = await session.LoadAsync<Complaint>(id, ct);
        if (c is null || !actor.Covers(c.JurisdictionPath)) return Results.Problem(Problems.NotFound("complaint"));
        if (!ComplaintSteps.MaySeeIdentity(c, actor))
            return Results.Problem(Problems.Forbidden("只有承办人和本部门领导可以查看投诉人身份信息", "Only the assigned handler and the department's leader may see the complainant's identity (R12)"));
        var identity = protector.Unprotect(c.ProtectedComplainant);
        // The complaint's own words as written when its contact data were masked for everyone else (R12).
        var original = protector.UnprotectText(c.ProtectedOriginalText);
        await RecordView(session, id, actor, purpose, clock, ct);
        if (purpose == "view")
            return Results.Ok(new ComplainantDisclosure(identity.Name, identity.IdNumber, identity.Phone, identity.Email, identity.Address,
                original?.Allegation, original?.RequestedOutcome));
        return Results.Ok(new ComplainantDataExport(c.ReceiptNumber, c.ReceivedAt, c.Channel, identity, original?.Allegation ?? c.Allegation,
            original is null ? c.RequestedOutcome : original.RequestedOutcome));
    }

    /// <summary>
    /// Appends the view through FetchForWriting: with Quick append a bare Append would leave the inline
    /// snapshot without its stream version, and the next command would see a wrong version.
    /// </summary>
    public static async Task RecordView(IDocumentSession session, Guid id, Actor actor, string purpose, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Complaint>(id, ct);
        stream.AppendOne(new ComplainantIdentityViewed(id, actor.UserName, purpose, clock.GetUtcNow()));
    }

    /// <summary>
    /// The complainant's own view with the query code in the body: a URL (and with it the code) ends up in proxy logs
    /// and browser history, a body does not. Same answers and rate limit as the GET, which stays for existing links.
    /// </summary>
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting("public")]
    [WolverinePost("/api/public/complaints/status", OperationId = "QueryPublicComplaintStatus")]
    public static Task<IResult> PublicStatusByBody(PublicStatusQuery query, IQuerySession session, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(query.ReceiptNumber)
            ? Task.FromResult(Results.Problem(Problems.NotFound("complaint")))
            : PublicStatus(query.ReceiptNumber.Trim(), query.Code, session, ct);

    /// <summary>The complainant's own view: status and result, with receipt number and query code; nothing else.</summary>
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting("public")]
    [WolverineGet("/api/public/complaints/{receiptNumber}", OperationId = "PublicComplaintStatus")]
    public static async Task<IResult> PublicStatus(string receiptNumber, string? code, IQuerySession session, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || receiptNumber.Length > 40 || code.Length > 40) return Results.Problem(Problems.NotFound("complaint"));
        var c = await session.Query<Complaint>().FirstOrDefaultAsync(x => x.ReceiptNumber == receiptNumber, ct);
        var hash = RegisterComplaintEndpoint.HashCode(code.Trim().ToUpperInvariant());
        if (c?.QueryCodeHash is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Convert.FromHexString(c.QueryCodeHash), Convert.FromHexString(hash)))
            return Results.Problem(Problems.NotFound("complaint"));
        var status = c.Status switch
        {
            ComplaintStatus.Received => "已登记，待受理",
            ComplaintStatus.Accepted => "已受理，正在办理",
            ComplaintStatus.Concluded => "已作出处理结论，待告知",
            _ => "已办结",
        };
        var decision = c.Decision switch { AcceptanceDecision.Accepted => "受理", AcceptanceDecision.NotAccepted => "不予受理", AcceptanceDecision.Transferred => "转送", _ => null };
        return Results.Ok(new PublicComplaintStatus(c.ReceiptNumber, c.ReceivedAt, status, decision, c.NotifiedAt is null ? null : c.Result, c.NotifiedAt,
            c.Status == ComplaintStatus.Accepted || c.Extended ? c.HandlingDueOn : null, c.ExtensionReason));
    }
}

/// <summary>
/// The complainant's identity for those who may see it (R12) and, when the complaint's words held contact data, those words
/// as written (<see cref="OriginalAllegation"/>, <see cref="OriginalRequestedOutcome"/>; null otherwise: the case shows them).
/// </summary>
public sealed record ComplainantDisclosure(string? Name, string? IdNumber, string? Phone, string? Email, string? Address,
    string? OriginalAllegation, string? OriginalRequestedOutcome);

/// <summary>What a complainant sends to see their complaint's status (POST /api/public/complaints/status).</summary>
public sealed record PublicStatusQuery(string? ReceiptNumber, string? Code);
