using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Supervision.Complaints;
using Supervision.Complaints.Notifications;
using Supervision.Files;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;

namespace Supervision.Documents;

// 电子送达 through the outbox (issue 13 §2; 行政处罚法 Art. 61: only to an address the party agreed to in writing
// beforehand). The request records ElectronicServiceSent and puts the delivery message in Wolverine's durable outbox in
// the same transaction; the handler emails the document (its frozen PDF attached) to the agreed address, and when the SMTP
// server has accepted it records DocumentServed with the Beijing date of that moment as the date of receipt. Exactly once
// in the record: the handler acts only for the attempt still pending on the service stream, and appends at the version it
// read (a second run finds the document served and does nothing). The email itself is at least once: if the process
// dies between the server's acceptance and the commit, the retry sends it again, and the record still shows one service.

/// <summary>电子送达文书 / Serve a document electronically.</summary>
/// <param name="Recipient">受送达人 as printed on the service record; the unit's registered name when left out.</param>
public sealed record SendElectronicService(string? Recipient);

/// <summary>Outbox message: deliver the document to the agreed address.</summary>
public sealed record DeliverDocumentElectronically(string Number, Guid AttemptId);

/// <summary>电子送达已受理，经发件箱发出 / Electronic service accepted, sent through the outbox.</summary>
public sealed record ElectronicServiceAccepted(string Number, Guid AttemptId, string Address, string Status);

public static class ElectronicServiceEndpoint
{
    [WolverinePost("/api/documents/{number}/electronic-service", OperationId = "SendDocumentElectronically")]
    public static async Task<(IResult, OutgoingMessages)> Send(string number, SendElectronicService c, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var (doc, record) = await DocumentServiceEndpoints.Load(session, number, actor, ct);
        DocumentServiceRules.CheckServable(doc, actor);
        if (record?.Served is not null)
            throw new RuleViolation(Problems.Conflict("already_served", "该文书已记录送达", "The document's service is already recorded"));
        if (record?.PendingElectronic is not null)
            throw new RuleViolation(Problems.Conflict("electronic_service_pending", "该文书正在电子送达中", "An electronic service of the document is under way"));
        var unit = await DocumentServiceEndpoints.UnitOf(session, doc, ct);
        // APL Art. 61: consent in writing, given before the document was issued.
        if (unit?.ElectronicServiceConsent is not { } consent || consent.SignedOn > WorkingDayCalendar.BeijingToday(doc.IssuedAt))
            throw RuleViolation.Refused("no_electronic_consent", "当事人未事先书面同意电子送达，不能电子送达",
                "The party has not agreed in writing beforehand to electronic service (APL Art. 61)", "method");
        var recipient = string.IsNullOrWhiteSpace(c.Recipient) ? unit.Name : Guard.Required(c.Recipient, "recipient", "受送达人", 200);
        var now = clock.GetUtcNow();
        var sent = new ElectronicServiceSent(doc.Id, doc.Type, doc.StreamId, doc.JurisdictionPath, Guid.CreateVersion7(), consent.Address, recipient,
            actor.UserName, now);
        DocumentServiceEndpoints.Append(session, record, number, sent);
        return (Results.Accepted($"/api/documents/{Uri.EscapeDataString(number)}/service", new ElectronicServiceAccepted(number, sent.AttemptId, consent.Address, "sending")),
            new OutgoingMessages { new DeliverDocumentElectronically(number, sent.AttemptId) });
    }
}

/// <summary>Delivers a document served electronically; retried on SMTP failure, the last failure recorded (the document stays unserved).</summary>
public static class DeliverDocumentElectronicallyHandler
{
    public static async Task Handle(DeliverDocumentElectronically message, IDocumentSession session, Envelope envelope, IEmailSender email,
        DocumentPdfs pdfs, IFileStore files, DepartmentSeals seals, NotificationRetryOptions retry, WorkingDayCalendar calendar, TimeProvider clock,
        ILogger<DeliverDocumentElectronically> logger, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<DocumentService>(DocumentServiceRules.StreamId(message.Number), ct);
        if (stream.Aggregate?.PendingElectronic is not { } pending || pending.AttemptId != message.AttemptId) return; // settled: nothing twice
        var doc = await session.LoadAsync<IssuedDocument>(message.Number, ct);
        if (doc is null) return;
        var department = DocumentNumbers.DepartmentOf(doc.Id, doc.Type);
        var title = DocumentTypes.Title(doc.Type);
        var now = clock.GetUtcNow();
        try
        {
            var attachment = await AttachmentAsync(doc, pdfs, files, seals, session, clock, ct);
            var frozen = await session.LoadAsync<IssuedDocument>(doc.Id, ct) ?? doc; // the freeze may have happened just now
            var body = $"{pending.Recipient}：\n{department?.DepartmentName ?? "本部门"}依据您单位事先书面同意的电子送达方式，向您送达{title}（{doc.Id}）。" +
                $"文书见附件，自本邮件到达之日视为送达。\n核验文书真伪：/api/documents/{Uri.EscapeDataString(doc.Id)}/verify" +
                (frozen.VerificationCode is { } code ? $"（核验码 {code}）" : "") + "\n\n本邮件由系统发送，请勿直接回复。";
            var proof = await email.SendAsync(new ComplainantMessage(pending.Address, pending.Recipient, $"{title}（{doc.Id}）", body, attachment), ct);
            now = clock.GetUtcNow(); // reached the address when the server accepted it
            var served = new DocumentServed(doc.Id, doc.Type, doc.StreamId, doc.JurisdictionPath, ServiceMethod.Electronic, WorkingDayCalendar.BeijingToday(now),
                pending.Recipient, "电子送达（系统）", null, null, pending.Address, proof, null, null, SystemActor.UserName, now);
            stream.AppendOne(served);
            await DocumentServiceEndpoints.AfterServedAsync(session, doc, served, calendar, SystemActor.UserName, ct);
            logger.LogInformation("Document {Number} served electronically (attempt {AttemptId})", doc.Id, message.AttemptId);
        }
        catch (NotificationDeliveryException e)
        {
            // The reason only: never the address (it is the party's).
            logger.LogWarning("Electronic service of {Number} (attempt {AttemptId}) failed on attempt {Attempt}: {Reason}",
                doc.Id, message.AttemptId, envelope.Attempts, e.Reason);
            if (envelope.Attempts < retry.MaxAttempts) throw; // Wolverine retries after its cooldown
            stream.AppendOne(new ServiceAttemptFailed(doc.Id, doc.Type, doc.StreamId, doc.JurisdictionPath, ServiceMethod.Electronic,
                WorkingDayCalendar.BeijingToday(now), $"电子送达失败：{DeliveryFailureText.Chinese(e.Reason)}", SystemActor.UserName, now));
        }
    }

    /// <summary>The document as issued: its frozen PDF, or (no Chinese font on this machine) the frozen HTML.</summary>
    private static async Task<MessageAttachment> AttachmentAsync(IssuedDocument doc, DocumentPdfs pdfs, IFileStore files, DepartmentSeals seals, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        try
        {
            if (await pdfs.EnsureAsync(doc.Id, ct) is { PdfSha256: { } sha })
            {
                using var pdf = new MemoryStream();
                if (await files.CopyToAsync(sha, pdf, ct)) return new MessageAttachment(doc.Id + ".pdf", DocumentPdfs.MediaType, pdf.ToArray());
            }
        }
        catch (PdfFontMissingException) { }
        var html = await IssuedDocumentContent.FreezeAsync(session, doc, clock.GetUtcNow(), ct, seals) ?? "";
        return new MessageAttachment(doc.Id + ".html", "text/html; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(html));
    }
}
