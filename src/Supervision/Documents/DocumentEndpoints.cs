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

public static class DocumentEndpoints
{
    /// <summary>The printable enforcement document with this number (文号), rendered from the case's current state.</summary>
    [WolverineGet("/api/documents/{number}", OperationId = "GetDocument")]
    public static async Task<IResult> Get(string number, ClaimsPrincipal user, IDocumentSession session, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var doc = await session.LoadAsync<IssuedDocument>(number, ct);
        if (doc is null) return Results.Problem(Problems.NotFound("document"));
        var reader = Actor.From(user);
        // Outside one's jurisdiction only what another department sent one's own with a referral (R23).
        var received = !reader.Covers(doc.JurisdictionPath);
        if (received && !await Supervision.Referrals.ReferralAccess.ReceivedDocumentAsync(session, reader, number, ct))
            return Results.Problem(Problems.NotFound("document"));
        switch (doc.Type)
        {
            case DocumentTypes.RectificationOrder:
                var r = await session.LoadAsync<Rectification>(doc.StreamId, ct);
                if (r is null) return Results.Problem(Problems.NotFound("document"));
                var unit = await session.LoadAsync<SupervisedUnit>(r.UnitId, ct);
                var department = JurisdictionCatalogue.Find(r.DepartmentId)!;
                return Html(RectificationOrderDocument.Render(r, unit, department));
            case DocumentTypes.DeadlineRecalculationNotice:
                var moved = await session.LoadAsync<Rectification>(doc.StreamId, ct);
                if (moved?.Recalculations.FirstOrDefault(e => e.NoticeNumber == doc.Id) is not { Basis: not null } recalculation)
                    return Results.Problem(Problems.NotFound("document"));
                return Html(await DocumentComponents.RenderAsync<DeadlineRecalculationNotice>(recalculation.NoticeNumber + " 整改期限变更告知书",
                    new() { [nameof(DeadlineRecalculationNotice.Recalculation)] = recalculation }));
            case DocumentTypes.InspectionRecord:
                var inspected = await session.LoadAsync<Supervision.Inspections.Inspection>(doc.StreamId, ct);
                if (inspected?.RecordDepartmentId is null) return Results.Problem(Problems.NotFound("document"));
                var found = (await session.LoadManyAsync<Rectification>(ct, inspected.RectificationIds)).ToList();
                return Supervision.Inspections.InspectionRecordDocument.Render(inspected, found, JurisdictionCatalogue.Find(inspected.RecordDepartmentId)!) is { } record
                    ? Html(record) : Results.Problem(Problems.NotFound("document"));
            case DocumentTypes.ReinspectionOpinion:
                var reinspected = await session.LoadAsync<Rectification>(doc.StreamId, ct);
                if (reinspected is null) return Results.Problem(Problems.NotFound("document"));
                return ReinspectionOpinionDocument.Render(reinspected, doc.Id, await session.LoadAsync<SupervisedUnit>(reinspected.UnitId, ct),
                    JurisdictionCatalogue.Find(reinspected.DepartmentId!)!) is { } opinion ? Html(opinion) : Results.Problem(Problems.NotFound("document"));
            case DocumentTypes.ComplaintAcceptanceNotice or DocumentTypes.ComplaintResultLetter or DocumentTypes.ComplaintExtensionNotice:
                var c = await session.LoadAsync<Complaint>(doc.StreamId, ct);
                if (c is null) return Results.Problem(Problems.NotFound("document"));
                var dept = JurisdictionCatalogue.Find(c.JurisdictionId)!;
                if (doc.Type == DocumentTypes.ComplaintAcceptanceNotice)
                    return Html(ComplaintDocuments.AcceptanceNotice(c, dept, doc.IssuedAt));
                if (doc.Type == DocumentTypes.ComplaintExtensionNotice)
                    return Html(ComplaintDocuments.ExtensionNotice(c, dept, doc.IssuedAt));
                var actor = Actor.From(user);
                var addressee = ComplainantIdentity.Masked;
                if (ComplaintSteps.MaySeeIdentity(c, actor))
                {
                    // Printing the letter with the name and address is a view of the identity (R12).
                    addressee = protector.Unprotect(c.ProtectedComplainant);
                    await ComplaintQueries.RecordView(session, c.Id, actor, "letter", clock, ct);
                }
                return Html(ComplaintDocuments.ResultLetter(c, dept, addressee, doc.IssuedAt));
            case DocumentTypes.PenaltyNotice or DocumentTypes.HearingNotice or DocumentTypes.HearingRecord or DocumentTypes.PenaltyDecision or DocumentTypes.DisciplineRecommendation or DocumentTypes.CriminalTransfer:
                var sc = await session.LoadAsync<SanctionCase>(doc.StreamId, ct);
                // R22: staff named in an Art. 44 case do not see its documents either.
                if (sc is null || !(received ? !sc.ExcludedUserIds.Contains(reader.UserName) : SanctionSteps.MaySee(sc, reader)))
                    return Results.Problem(Problems.NotFound("document"));
                var issuer = JurisdictionCatalogue.Find(sc.DepartmentId)!;
                return SanctionDocuments.Render(sc, issuer, doc.Type, doc.Id) is { } page ? Html(page) : Results.Problem(Problems.NotFound("document"));
            case DocumentTypes.ReferralLetter:
                var referral = await session.LoadAsync<Supervision.Referrals.Referral>(doc.StreamId, ct);
                if (referral is null) return Results.Problem(Problems.NotFound("document"));
                return Html(Supervision.Referrals.ReferralDocument.Render(referral));
            default:
                return Results.Problem(Problems.NotFound("document"));
        }
    }

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");
}
