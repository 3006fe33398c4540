using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Documents;

/// <summary>The public record of an issued document: who issued it and when, its hashes, and whether its SM2 seal verifies.</summary>
public sealed record DocumentRecord(string Number, string Type, string Title, string? Issuer, DateTimeOffset IssuedAt, string? Sha256, string? Sm3,
    string? SealKeyId, string? PdfSha256, bool SealValid);

/// <summary>A copy checked against the record: <c>Format</c> html or pdf; <c>Genuine</c> when its bytes are the ones issued and the seal
/// over them verifies.</summary>
public sealed record CopyVerification(DocumentRecord Record, string Format, bool Genuine, bool SameBytes, bool SealValid);

/// <summary>
/// Anyone holding a copy of a document may ask whether it is genuine (issue 13 §4): the record says who issued it and when,
/// and the department's SM2 signature over the document as issued is checked against the public key recorded with it.
/// No login, rate-limited like the other public routes; the document's content is never answered here.
/// </summary>
public static class DocumentVerification
{
    /// <summary>A PDF copy embeds its font subset: larger than the HTML.</summary>
    public const int MaxCopyBytes = 8 * 1024 * 1024;

    private static DocumentRecord Record(IssuedDocument doc) => new(doc.Id, doc.Type, DocumentTypes.Title(doc.Type),
        DepartmentSeals.DepartmentOf(doc)?.DepartmentName, doc.IssuedAt, doc.Sha256, doc.Sm3, doc.SealKeyId, doc.PdfSha256,
        doc.Content is { } content && doc.SealPublicKey is { } key && doc.SealSignature is { } signature && DepartmentSeals.Verify(key, content, signature));

    /// <summary>The record of the document with this number: issuer, date, hashes, and whether its seal verifies.</summary>
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting("public")]
    [WolverineGet("/api/documents/{number}/verify", OperationId = "VerifyDocumentRecord")]
    public static async Task<IResult> Get(string number, IDocumentSession session, DepartmentSeals seals, TimeProvider clock, CancellationToken ct)
    {
        var doc = await Frozen(number, session, seals, clock, ct);
        return doc is null ? Results.Problem(Problems.NotFound("document")) : Results.Ok(Record(doc));
    }

    /// <summary>The document, frozen (and sealed) now if nobody has opened it yet; null when unknown.</summary>
    private static async Task<IssuedDocument?> Frozen(string number, IDocumentSession session, DepartmentSeals seals, TimeProvider clock, CancellationToken ct)
    {
        var doc = number.Length > 60 ? null : await session.LoadAsync<IssuedDocument>(number, ct);
        if (doc is null) return null;
        return await IssuedDocumentContent.FreezeAsync(session, doc, clock.GetUtcNow(), ct, seals) is null ? null : doc;
    }

    /// <summary>
    /// Checks a copy (the body: the document's HTML or PDF as downloaded) against the record: genuine when its bytes are the
    /// ones issued (SHA-256) and the seal over them verifies (for a PDF, the seal over its SHA-256, recorded when it was
    /// rendered). One changed byte makes it not genuine.
    /// </summary>
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting("public")]
    [WolverinePost("/api/documents/{number}/verify", OperationId = "VerifyDocumentCopy")]
    public static async Task<IResult> Post(string number, HttpContext http, IDocumentSession session, DepartmentSeals seals, DocumentPdfs pdfs, TimeProvider clock,
        CancellationToken ct)
    {
        var doc = await Frozen(number, session, seals, clock, ct);
        if (doc?.Content is null) return Results.Problem(Problems.NotFound("document"));
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > MaxCopyBytes) return Results.Problem(Problems.Of(413, "too_large", "副本过大", "The copy is too large"));
            copy.Write(buffer, 0, read);
        }
        if (copy.Length == 0) return Results.Problem(Problems.Of(400, "field_required", "请提交要核验的文书副本", "Send the copy to check as the body"));
        if (copy.GetBuffer().AsSpan(0, (int)copy.Length).StartsWith("%PDF-"u8))
        {
            if (doc.PdfSha256 is null)
            {
                // Keep what was just frozen (if anything) first: the PDF is rendered, in its own session, from those very bytes.
                await session.SaveChangesAsync(ct);
                try { doc = await pdfs.EnsureAsync(number, ct) ?? doc; }
                catch (PdfFontMissingException) { return DocumentPdfEndpoints.FontMissing(); }
            }
            var pdfSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(copy.GetBuffer().AsSpan(0, (int)copy.Length)));
            var rendered = await DocumentPdfs.RecordedAsync(session, number, ct);
            var samePdf = doc.PdfSha256 is not null && pdfSha == doc.PdfSha256;
            var pdfSealValid = rendered is { SealPublicKey: { } pk, SealSignature: { } sig } && DepartmentSeals.Verify(pk, pdfSha, sig);
            return Results.Ok(new CopyVerification(Record(doc), "pdf", samePdf && pdfSealValid, samePdf, pdfSealValid));
        }
        var text = Encoding.UTF8.GetString(copy.ToArray());
        var sameBytes = IssuedDocumentContent.Sha256Hex(text) == doc.Sha256;
        var sealValid = doc.SealPublicKey is { } key && doc.SealSignature is { } signature && DepartmentSeals.Verify(key, text, signature);
        return Results.Ok(new CopyVerification(Record(doc), "html", sameBytes && sealValid, sameBytes, sealValid));
    }
}
