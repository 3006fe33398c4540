using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PdfSharp.Pdf;
using Supervision.Files;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Documents;

/// <summary>
/// The PDF of an issued document was rendered from its frozen content and stored in the file store under
/// <see cref="Sha256"/>. Recorded on the document's own PDF stream (<see cref="DocumentPdfs.StreamId"/>), so the hash chain
/// covers it and the case's version is untouched; the department's seal (SM2) signs the PDF's SHA-256.
/// </summary>
public sealed record DocumentPdfRendered(string Number, string DocumentType, Guid CaseId, string JurisdictionPath, string Sha256, string Sm3,
    long Size, int Pages, string ContentSha256, string? SealKeyId, string? SealPublicKey, string? SealSignature, string Font, DateTimeOffset RenderedAt);

/// <summary><c>Supervision:PdfFontFile</c>: the TrueType font to embed; null searches <see cref="DocumentPdfFonts.Candidates"/>.</summary>
public sealed record DocumentPdfOptions(string? FontFile);

/// <summary>No Chinese TrueType font was found (install fonts-arphic-uming, or set Supervision:PdfFontFile).</summary>
public sealed class PdfFontMissingException(string message) : Exception(message);

/// <summary>
/// Every issued document as PDF (issue 13 §4): rendered once from the frozen HTML (never from the case), stored in the file
/// store, its hash recorded in <see cref="DocumentPdfRendered"/>, and served byte for byte afterwards. Rendering runs
/// right after freezing (<see cref="DocumentFreezeService"/>) or at the first request, whichever comes first; the stream can
/// be started once only, so when two race the second takes the first one's PDF.
/// </summary>
public sealed class DocumentPdfs(IDocumentStore store, IFileStore files, DepartmentSeals seals, TimeProvider clock, DocumentPdfOptions options,
    ILogger<DocumentPdfs> logger)
{
    public const string MediaType = "application/pdf";
    private const int Batch = 20;

    public static Guid StreamId(string number)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("document-pdf:" + number));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), variant 10
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public string Font
    {
        get
        {
            if (DocumentPdfFonts.Installed is { } installed) return installed;
            var path = DocumentPdfFonts.Locate(options.FontFile)
                ?? throw new PdfFontMissingException(options.FontFile is { Length: > 0 } f ? $"Supervision:PdfFontFile {f} does not exist"
                    : "No Chinese TrueType font found: install fonts-arphic-uming or set Supervision:PdfFontFile");
            DocumentPdfFonts.Install(path);
            return path;
        }
    }

    /// <summary>The PDF of a frozen document: A4 after GB/T 9704, the font embedded, metadata from the record.</summary>
    public (byte[] Pdf, int Pages) Render(IssuedDocument doc)
    {
        _ = Font;
        using var composer = new PdfComposer();
        composer.Document(PdfBlocks.Parse(doc.Content ?? throw new InvalidOperationException("Not frozen: " + doc.Id)));
        composer.EndPage();
        Describe(composer.Pdf, DocumentTypes.Title(doc.Type), doc.Id, DepartmentSeals.DepartmentOf(doc)?.DepartmentName, doc.IssuedAt);
        var pages = composer.PageCount; // before saving: a saved document is closed
        using var output = new MemoryStream();
        composer.Pdf.Save(output, false);
        return (output.ToArray(), pages);
    }

    /// <summary>Title, number (subject and keywords), issuer (author), and the issue time as the creation date.</summary>
    public static void Describe(PdfDocument pdf, string title, string number, string? issuer, DateTimeOffset issuedAt)
    {
        pdf.Info.Title = title;
        pdf.Info.Subject = number;
        pdf.Info.Keywords = number;
        if (issuer is not null) pdf.Info.Author = issuer;
        pdf.Info.Creator = "档案行政执法监督系统";
        pdf.Info.CreationDate = issuedAt.UtcDateTime;
        pdf.Info.ModificationDate = issuedAt.UtcDateTime;
    }

    /// <summary>The rendering recorded for the document, if any.</summary>
    public static async Task<DocumentPdfRendered?> RecordedAsync(IQuerySession session, string number, CancellationToken ct) =>
        (await session.Events.FetchStreamAsync(StreamId(number), token: ct)).Select(e => e.Data).OfType<DocumentPdfRendered>().FirstOrDefault();

    /// <summary>
    /// The document with its PDF: freezes it if nobody has, renders and stores the PDF once. Null when the number is unknown or the
    /// document cannot be rendered (never issued).
    /// </summary>
    public async Task<IssuedDocument?> EnsureAsync(string number, CancellationToken ct, bool retry = true)
    {
        await using var session = store.LightweightSession();
        var doc = await session.LoadAsync<IssuedDocument>(number, ct);
        if (doc is null || doc.PdfSha256 is not null) return doc;
        if (await RecordedAsync(session, number, ct) is { } recorded)
        {
            // Rendered, but the row was written over by a concurrent write of an older copy: the event is the record.
            SetPdf(session, number, recorded.Sha256, recorded.Size);
            await session.SaveChangesAsync(ct);
            (doc.PdfSha256, doc.PdfSize) = (recorded.Sha256, recorded.Size);
            return doc;
        }
        var now = clock.GetUtcNow();
        if (await IssuedDocumentContent.FreezeAsync(session, doc, now, ct, seals) is null) return null;

        var (pdf, pages) = Render(doc);
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        await using (var content = new MemoryStream(pdf, writable: false))
            await files.SaveAsync(content, new StoredFile(sha, pdf.Length, MediaType, doc.Id + ".pdf", SystemActor.UserName, doc.JurisdictionPath, now), ct);
        var seal = DepartmentSeals.DepartmentOf(doc) is { } department ? seals.Sign(department.Id, sha) : null;
        session.Events.StartStream(StreamId(number), new DocumentPdfRendered(doc.Id, doc.Type, doc.StreamId, doc.JurisdictionPath, sha,
            Sm3Hex(pdf), pdf.Length, pages, doc.Sha256!, seal?.KeyId, seal?.PublicKeyHex, seal?.SignatureHex, Path.GetFileName(Font), now));
        (doc.PdfSha256, doc.PdfSize) = (sha, pdf.Length);
        // Only the PDF's fields (the freeze wrote its own, in its own statement), so a concurrent write of the row is not undone.
        SetPdf(session, number, sha, pdf.Length);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (retry && (e is Marten.Exceptions.ExistingStreamIdCollisionException
                                            || e.InnerException is Marten.Exceptions.ExistingStreamIdCollisionException))
        {
            return await EnsureAsync(number, ct, retry: false); // rendered by another request or node meanwhile: take that one
        }
        logger.LogInformation("Rendered the PDF of {Number} ({Size} bytes)", number, pdf.Length);
        return doc;
    }

    /// <summary>Sets only the PDF's fields of the document row, in the session's transaction (jsonb_set: no other field is rewritten).</summary>
    private void SetPdf(IDocumentSession session, string number, string sha, long size)
    {
        var table = store.Options.Schema.For<IssuedDocument>();
        session.QueueSqlCommand(
            $"update {table} set data = jsonb_set(jsonb_set(data, '{{pdfSha256}}', to_jsonb(?::text)), '{{pdfSize}}', to_jsonb(?::bigint)) where id = ?",
            sha, size, number);
    }

    /// <summary>Renders the PDFs of frozen documents that have none yet (documents issued before PDFs, or frozen just now).</summary>
    public async Task<int> RenderPendingAsync(CancellationToken ct)
    {
        List<string> pending;
        await using (var session = store.QuerySession())
            pending = (await session.Query<IssuedDocument>().Where(d => d.Content != null && d.PdfSha256 == null)
                .OrderBy(d => d.IssuedAt).Select(d => d.Id).Take(Batch).ToListAsync(ct)).ToList();
        var rendered = 0;
        foreach (var number in pending)
            if (await EnsureAsync(number, ct) is { PdfSha256: not null }) rendered++;
        return rendered;
    }

    public static string Sm3Hex(byte[] bytes)
    {
        var digest = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        digest.BlockUpdate(bytes, 0, bytes.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return Convert.ToHexStringLower(hash);
    }
}

public static class DocumentPdfEndpoints
{
    /// <summary>
    /// The document as PDF, exactly as rendered once from the frozen document (the same visibility as the HTML). A complaint
    /// result letter is the frozen, masked letter (R12): the name and address are filled in only on the HTML print.
    /// </summary>
    [WolverineGet("/api/documents/{number}.pdf", OperationId = "GetDocumentPdf")]
    public static async Task<IResult> Get(string number, ClaimsPrincipal user, IQuerySession session, DocumentPdfs pdfs, IFileStore files, CancellationToken ct)
    {
        if (await DocumentEndpoints.Readable(session, number, Actor.From(user), ct) is not { } doc) return Results.Problem(Problems.NotFound("document"));
        if (doc.PdfSha256 is null)
        {
            try { doc = await pdfs.EnsureAsync(number, ct); }
            catch (PdfFontMissingException) { return FontMissing(); }
            if (doc?.PdfSha256 is null) return Results.Problem(Problems.NotFound("document"));
        }
        return new PdfResult(files, doc.PdfSha256, doc.PdfSize, doc.Id + ".pdf");
    }

    public static IResult FontMissing() => Results.Problem(Problems.Of(503, "pdf_font_missing", "服务器未安装中文字体，暂不能生成PDF",
        "No Chinese font is installed on the server; the PDF cannot be rendered"));

    /// <summary>Streams a stored PDF from the file store (never whole in memory), with its hash as ETag.</summary>
    public sealed class PdfResult(IFileStore files, string sha256, long? size, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            if (size is null && await files.FindAsync(sha256, http.RequestAborted) is { } stored) size = stored.Size;
            http.Response.ContentType = DocumentPdfs.MediaType;
            if (size is { } n) http.Response.ContentLength = n;
            http.Response.Headers.ETag = $"\"{sha256}\"";
            http.Response.Headers["X-Document-Pdf-Sha256"] = sha256;
            http.Response.Headers["X-Content-Type-Options"] = "nosniff";
            http.Response.Headers.ContentDisposition = "inline; filename*=UTF-8''" + Uri.EscapeDataString(fileName);
            if (!await files.CopyToAsync(sha256, http.Response.Body, http.RequestAborted) && !http.Response.HasStarted)
                http.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
