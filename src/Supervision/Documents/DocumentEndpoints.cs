using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Complaints;
using Supervision.Rectifications;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Units;
using Wolverine.Http;

namespace Supervision.Documents;

/// <summary>What became of an issued document: <c>Status</c> in_force, superseded, changed or revoked (with the document that did
/// it, why and when); whether it is frozen, and the hashes of the document as issued.</summary>
public sealed record DocumentStatus(string Number, string Type, DateTimeOffset IssuedAt, string Status, string? SupersededBy, string? SupersededReason,
    DateTimeOffset? SupersededAt, bool Frozen, string? Sha256, string? Sm3, DateTimeOffset? FrozenAt);

public static class DocumentEndpoints
{
    /// <summary>
    /// The printable enforcement document with this number (文号), exactly as issued: the bytes frozen at issue
    /// (<see cref="IssuedDocumentContent"/>), never the case's current state.
    /// </summary>
    [WolverineGet("/api/documents/{number}", OperationId = "GetDocument")]
    public static async Task<IResult> Get(string number, ClaimsPrincipal user, IDocumentSession session, PersonalDataProtector protector, DepartmentSeals seals,
        TimeProvider clock, CancellationToken ct)
    {
        var reader = Actor.From(user);
        if (await Readable(session, number, reader, ct) is not { } doc) return Results.Problem(Problems.NotFound("document"));

        // A result letter is frozen with the complainant masked (R12); a handler allowed to see the identity prints it with
        // the name and address filled in, and that print is a recorded view of the identity.
        if (doc.Type == DocumentTypes.ComplaintResultLetter && await session.LoadAsync<Complaint>(doc.StreamId, ct) is { } c
            && ComplaintSteps.MaySeeIdentity(c, reader))
        {
            var (letter, _) = await IssuedDocumentContent.RenderAsIssuedAsync(session, doc, protector.Unprotect(c.ProtectedComplainant), ct);
            if (letter is null) return Results.Problem(Problems.NotFound("document"));
            await ComplaintQueries.RecordView(session, c.Id, reader, "letter", clock, ct);
            await IssuedDocumentContent.FreezeAsync(session, doc, clock.GetUtcNow(), ct, seals);
            return Html(letter, doc);
        }

        var html = await IssuedDocumentContent.FreezeAsync(session, doc, clock.GetUtcNow(), ct, seals);
        return html is null ? Results.Problem(Problems.NotFound("document")) : Html(html, doc);
    }

    /// <summary>The document row if <paramref name="reader"/> may read it; null (404) otherwise.</summary>
    public static async Task<IssuedDocument?> Readable(IQuerySession session, string number, Actor reader, CancellationToken ct)
    {
        var doc = await session.LoadAsync<IssuedDocument>(number, ct);
        if (doc is null) return null;
        // A unit's account reads the documents addressed to its unit, once served on it (issue 17 §1), and nothing else.
        if (reader.Role == Roles.Unit)
            return reader.UnitId is { } unitId && doc.ServedOn is not null && Supervision.Portal.UnitPortal.PartyDocuments.Contains(doc.Type)
                && (await DocumentServiceEndpoints.UnitOf(session, doc, ct))?.Id == unitId ? doc : null;
        // Outside one's jurisdiction only what another department sent one's own with a referral (R23).
        var received = !reader.Covers(doc.JurisdictionPath);
        if (received && !await Supervision.Referrals.ReferralAccess.ReceivedDocumentAsync(session, reader, number, ct)) return null;
        // A 投诉举报处理结果告知书 names the complainant: read only where the complaint is, never by another department through
        // a referral, even one written before such letters were refused as attachments (R12).
        if (received && doc.Type == DocumentTypes.ComplaintResultLetter) return null;
        if (SanctionDocuments.Types.Contains(doc.Type))
        {
            var sc = await session.LoadAsync<SanctionCase>(doc.StreamId, ct);
            // R22: staff named in an Art. 44 case do not see its documents either.
            if (sc is null || !(received ? !sc.ExcludedUserIds.Contains(reader.UserName) : SanctionSteps.MaySee(sc, reader))) return null;
        }
        // A 案件移送书 is read by the two departments only, not by the levels above the sender (R23), and never by the
        // staff named in the Art. 44 case it comes from (R22) — the same rule as the referral itself.
        if (doc.Type == DocumentTypes.ReferralLetter
            && (await session.LoadAsync<Supervision.Referrals.Referral>(doc.StreamId, ct) is not { } referral || !Supervision.Referrals.ReferralAccess.CanSee(referral, reader)))
            return null;
        return doc;
    }

    /// <summary>
    /// What became of a document after it was issued, outside its frozen bytes: <c>in_force</c>; <c>superseded</c> with
    /// the document that replaced it (a 行政处罚事先告知书 superseded by a supplementary investigation); <c>changed</c> or
    /// <c>revoked</c> with the 变更/撤销行政处罚决定书 (a 行政处罚决定书, R19); and its hashes.
    /// </summary>
    [WolverineGet("/api/documents/{number}/status", OperationId = "GetDocumentStatus")]
    public static async Task<IResult> Status(string number, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await Readable(session, number, Actor.From(user), ct) is not { } doc) return Results.Problem(Problems.NotFound("document"));
        var status = "in_force";
        string? supersededBy = null, reason = null;
        DateTimeOffset? supersededAt = null;
        if (doc.Type == DocumentTypes.PenaltyNotice && await session.LoadAsync<SanctionCase>(doc.StreamId, ct) is { } sc
            && sc.SupersededNotices.FindIndex(n => n.Number == number) is var i and >= 0)
        {
            status = "superseded";
            supersededBy = i + 1 < sc.SupersededNotices.Count ? sc.SupersededNotices[i + 1].Number : sc.NoticeNumber;
            reason = sc.SupersededNotices[i].SupersededBecause;
            supersededAt = sc.SupersededNotices[i].SupersededAt;
        }
        // R19: a decision changed or revoked by a decision of its own (the last one says what stands).
        if (doc.Type == DocumentTypes.PenaltyDecision && await session.LoadAsync<SanctionCase>(doc.StreamId, ct) is { } decided
            && decided.DecisionChanges.LastOrDefault() is { } change)
        {
            status = change.Kind == DecisionChangeKind.Revoked ? "revoked" : "changed";
            supersededBy = change.DocumentNumber;
            reason = change.Reason;
            supersededAt = change.ChangedAt;
        }
        return Results.Ok(new DocumentStatus(doc.Id, doc.Type, doc.IssuedAt, status, supersededBy, reason, supersededAt, doc.Content is not null,
            doc.Sha256, doc.Sm3, doc.FrozenAt));
    }

    /// <summary>The page with the hashes of the document as issued (SHA-256 and SM3), so a reader can check a print against the record.</summary>
    private static IResult Html(string html, IssuedDocument doc) => new FrozenDocumentResult(html, doc.Sha256, doc.Sm3);

    private sealed class FrozenDocumentResult(string html, string? sha256, string? sm3) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            if (sha256 is not null) { http.Response.Headers.ETag = $"\"{sha256}\""; http.Response.Headers["X-Document-Sha256"] = sha256; }
            if (sm3 is not null) http.Response.Headers["X-Document-Sm3"] = sm3;
            return Results.Content(html, "text/html; charset=utf-8").ExecuteAsync(http);
        }
    }
}
