using System.Security.Claims;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Referrals;

/// <summary>移送（按读者一方显示） / A referral, as its reader's side sees it.</summary>
public sealed record ReferralView(
    Guid Id, int Version, ReferralKind Kind, ReferralSource Source, string SenderJurisdictionId, string SenderDepartmentName,
    string ReceiverId, string ReceiverName, DepartmentKind ReceiverKind, DeliveryMethod Delivery, string Summary, string[] DocumentNumbers,
    string? DocumentNumber, DateOnly SentOn, DateOnly ReplyDueOn, bool ReplyDueProvisional, string SentBy, DateTimeOffset SentAt,
    ReferralStatus Status, bool DeliveryPending, DateTimeOffset? DeliveredAt, string? DeliveryProof, int DeliveryFailures, string? LastDeliveryFailure,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, FeedbackEntry[] Feedback, int Reconsiderations, string? LastReconsiderationReason,
    bool ReplyOverdue, DateTimeOffset? ClosedAt, string Side, SharedFinding? Finding = null, Guid? RecommendationId = null)
{
    public static ReferralView Of(Referral r, Actor actor) => new(
        r.Id, r.Version, r.Kind, r.Source, r.SenderJurisdictionId, r.SenderDepartmentName, r.ReceiverId, r.ReceiverName, r.ReceiverKind,
        r.Delivery, r.Summary, r.DocumentNumbers, r.DocumentNumber, r.SentOn, r.ReplyDueOn, r.ReplyDueProvisional, r.SentBy, r.SentAt, r.Status,
        r.PendingDeliveryAttempt is not null, r.DeliveredAt, r.DeliveryProof, r.DeliveryFailures, r.LastDeliveryFailure, r.AcknowledgedAt,
        r.AcknowledgedBy, r.Feedback, r.Reconsiderations, r.LastReconsiderationReason, r.ReplyOverdue, r.ClosedAt,
        ReferralAccess.IsSender(r, actor) ? "sender" : "receiver", r.Finding, r.RecommendationId);
}

/// <summary>移送列表的一页 / One page of the referral list.</summary>
public sealed record ReferralPage(IReadOnlyList<ReferralSummary> Items, long Total, int Page, int PageSize);

public static class ReferralQueries
{
    /// <summary>The referral, for the sending department or the receiving archives department only; anyone else gets 404.</summary>
    [WolverineGet("/api/referrals/{id}", OperationId = "GetReferral")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var r = await session.LoadAsync<Referral>(id, ct);
        if (r is null || !ReferralAccess.CanSee(r, actor)) return Results.Problem(Problems.NotFound("referral"));
        return Results.Ok(ReferralView.Of(r, actor));
    }

    /// <summary>The printable 案件移送书 (or referral letter), for both sides.</summary>
    [WolverineGet("/api/referrals/{id}/letter", OperationId = "GetReferralLetter")]
    public static async Task<IResult> Letter(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var r = await session.LoadAsync<Referral>(id, ct);
        if (r is null || !ReferralAccess.CanSee(r, Actor.From(user))) return Results.Problem(Problems.NotFound("referral"));
        // A referral carrying a 处分建议书 has that document as its letter (addressed to the disciplinary body).
        if (r.RecommendationId is not null && r.DocumentNumber is { } number && r.Source.Id is { } caseId
            && await session.LoadAsync<Sanctions.SanctionCase>(caseId, ct) is { } sc && JurisdictionCatalogue.Find(sc.DepartmentId) is { } department
            && Sanctions.SanctionDocuments.Render(sc, department, DocumentTypes.DisciplineRecommendation, number) is { } letter)
            return Results.Content(letter, "text/html; charset=utf-8");
        return Results.Content(ReferralDocument.Render(r), "text/html; charset=utf-8");
    }

    /// <summary>Referrals delivered to the actor's archives department (async read model).</summary>
    [WolverineGet("/api/referrals/inbox", OperationId = "ReferralInbox")]
    public static async Task<ReferralPage> Inbox(ClaimsPrincipal user, ReadSessions reads, bool? awaitingReply, int? page, int? pageSize, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await Inbox(user, session, awaitingReply, page, pageSize, ct);
    }

    /// <summary>The same query on a given session (a page's read session).</summary>
    public static async Task<ReferralPage> Inbox(ClaimsPrincipal user, IQuerySession session, bool? awaitingReply, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var (p, size) = Paging.Normalise(page, pageSize);
        var query = session.Query<ReferralSummary>()
            .Where(s => s.ReceiverInternal && s.ReceiverJurisdictionId == actor.JurisdictionId && s.Delivered
                && (!s.HasExclusions || !s.ExcludedUserIds.Contains(actor.UserName)));
        if (awaitingReply == true) query = query.Where(s => s.AwaitingReply);
        var items = await query.OrderBy(s => s.DueOn).ThenByDescending(s => s.SentAt).ToPagedListAsync(p, size, ct);
        return new ReferralPage(items.ToList(), items.TotalItemCount, p, size);
    }

    /// <summary>Referrals sent by the actor's department; <c>awaitingReply=true</c> is the sender's deadline board (R23).</summary>
    [WolverineGet("/api/referrals/outbox", OperationId = "ReferralOutbox")]
    public static async Task<ReferralPage> Outbox(ClaimsPrincipal user, ReadSessions reads, bool? awaitingReply, int? page, int? pageSize, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await Outbox(user, session, awaitingReply, page, pageSize, ct);
    }

    /// <summary>The same query on a given session (a page's read session).</summary>
    public static async Task<ReferralPage> Outbox(ClaimsPrincipal user, IQuerySession session, bool? awaitingReply, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var (p, size) = Paging.Normalise(page, pageSize);
        var query = session.Query<ReferralSummary>().Where(s => s.SenderJurisdictionId == actor.JurisdictionId
            && (!s.HasExclusions || !s.ExcludedUserIds.Contains(actor.UserName)));
        if (awaitingReply == true) query = query.Where(s => s.AwaitingReply);
        var items = await query.OrderBy(s => s.DueOn).ThenByDescending(s => s.SentAt).ToPagedListAsync(p, size, ct);
        return new ReferralPage(items.ToList(), items.TotalItemCount, p, size);
    }
}
