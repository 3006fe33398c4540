using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supervision.Complaints;
using Supervision.Rectifications;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Documents;

/// <summary>
/// Issued means frozen: a numbered document is rendered once, from its case as it stood when the event that issued it
/// was recorded, and those bytes (with their SHA-256 and SM3) are kept on its <see cref="IssuedDocument"/> row and answered
/// for ever. A later change of the case (an extension, a new notice, a recalculation) never alters them: it issues its own
/// document. Freezing runs right after the issuing transaction (<see cref="DocumentFreezeService"/>) or at the first read,
/// whichever comes first; both render the stream up to the issuing event, so they give the same bytes.
/// </summary>
public static class IssuedDocumentContent
{
    /// <summary>The version of the first event of the stream that names <paramref name="number"/>: the event that issued it.</summary>
    public static long? IssuingVersion(IEnumerable<IEvent> events, string number) =>
        events.FirstOrDefault(e => Mentions(e.Data, number))?.Version;

    private static bool Mentions(object data, string number) =>
        data.GetType().GetProperties().Any(p => p.PropertyType == typeof(string) && p.GetIndexParameters().Length == 0 && (string?)p.GetValue(data) == number);

    /// <summary>An 8-character code (no 0/O/1/I) printed in the seal area.</summary>
    private static string VerificationCode()
    {
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        return string.Concat(RandomNumberGenerator.GetBytes(8).Select(b => alphabet[b % alphabet.Length]));
    }

    public static string Sha256Hex(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>SM3 (GB/T 32905-2016), the national hash expected of electronic records (DA/T 97).</summary>
    public static string Sm3Hex(string content)
    {
        var digest = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        var bytes = Encoding.UTF8.GetBytes(content);
        digest.BlockUpdate(bytes, 0, bytes.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// The frozen content, freezing it now if nobody has yet. Null when the case cannot render it (never issued). With
    /// <paramref name="seals"/>, the seal area (department, key id, verification code) is printed into the page and the
    /// department signs the final bytes (SM2 with SM3).
    /// <para>
    /// First writer wins: two readers, or a reader and the background freezer, may render at the same moment (each with
    /// its own random verification code). The freeze is written at once, in its own statement, only where the row has no
    /// content yet; whoever finds it already frozen takes the stored bytes, so every copy handed out is the one kept.
    /// Only the frozen fields are written (a concurrent write of the row, such as a recorded service, is not undone).
    /// </para>
    /// </summary>
    public static async Task<string?> FreezeAsync(IDocumentSession session, IssuedDocument doc, DateTimeOffset now, CancellationToken ct,
        DepartmentSeals? seals = null)
    {
        if (doc.Content is not null) return doc.Content;
        var (html, version) = await RenderAsIssuedAsync(session, doc, ComplainantIdentity.Masked, ct);
        if (html is null) return null;
        var frozen = new FrozenFields { Content = html, StreamVersion = version, FrozenAt = now };
        if (seals is not null && DepartmentSeals.DepartmentOf(doc) is { } department)
        {
            var code = VerificationCode();
            var keyId = seals.KeyIdOf(department.Id);
            var area = "<div class=\"seal-area\">电子印章：" + DocumentPage.H(department.DepartmentName) + "　密钥 " + keyId + "　核验码 " + code
                + "<br><small>核验：/api/documents/（文号）/verify</small></div>\n";
            html = html.Replace("</body>", area + "</body>", StringComparison.Ordinal);
            var seal = seals.Sign(department.Id, html);
            (frozen.Content, frozen.SealKeyId, frozen.SealPublicKey, frozen.SealSignature, frozen.VerificationCode) =
                (html, seal.KeyId, seal.PublicKeyHex, seal.SignatureHex, code);
        }
        (frozen.Sha256, frozen.Sm3) = (Sha256Hex(frozen.Content), Sm3Hex(frozen.Content));

        var store = session.DocumentStore;
        var serializer = store.Options.Serializer();
        var table = store.Options.Schema.For<IssuedDocument>();
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using (var write = conn.CreateCommand())
        {
            write.CommandText = $"update {table} set data = data || @patch::jsonb where id = @id and data->>'content' is null";
            write.Parameters.AddWithValue("patch", serializer.ToJson(frozen));
            write.Parameters.AddWithValue("id", doc.Id);
            if (await write.ExecuteNonQueryAsync(ct) == 1)
            {
                frozen.CopyTo(doc);
                return doc.Content;
            }
        }
        // Frozen by someone else meanwhile: theirs is the document.
        await using var read = conn.CreateCommand();
        read.CommandText = $"select data from {table} where id = @id";
        read.Parameters.AddWithValue("id", doc.Id);
        var stored = serializer.FromJson<FrozenFields>(new MemoryStream(Encoding.UTF8.GetBytes((string)(await read.ExecuteScalarAsync(ct))!)));
        stored.CopyTo(doc);
        return doc.Content;
    }

    /// <summary>The fields of <see cref="IssuedDocument"/> that freezing sets, serialized as the document row spells them.</summary>
    private sealed class FrozenFields
    {
        public string Content { get; set; } = "";
        public string? Sha256 { get; set; }
        public string? Sm3 { get; set; }
        public long? StreamVersion { get; set; }
        public DateTimeOffset? FrozenAt { get; set; }
        public string? SealKeyId { get; set; }
        public string? SealPublicKey { get; set; }
        public string? SealSignature { get; set; }
        public string? VerificationCode { get; set; }

        public void CopyTo(IssuedDocument d) =>
            (d.Content, d.Sha256, d.Sm3, d.StreamVersion, d.FrozenAt, d.SealKeyId, d.SealPublicKey, d.SealSignature, d.VerificationCode) =
            (Content, Sha256, Sm3, StreamVersion, FrozenAt, SealKeyId, SealPublicKey, SealSignature, VerificationCode);
    }

    /// <summary>
    /// Renders the document from its case as it stood at the issuing event. <paramref name="addressee"/> is printed on a
    /// complaint result letter: the frozen letter carries the masked identity (R12); the complainant's name and address are
    /// filled in only for a handler allowed to see them, when printing.
    /// </summary>
    public static async Task<(string? Html, long? Version)> RenderAsIssuedAsync(IQuerySession session, IssuedDocument doc, ComplainantIdentity addressee,
        CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(doc.StreamId, token: ct);
        if (events.Count == 0) return (null, null);
        var version = IssuingVersion(events, doc.Id) ?? events[^1].Version;
        async Task<T?> At<T>() where T : class => await session.Events.AggregateStreamAsync<T>(doc.StreamId, version, token: ct);

        string? html = null;
        switch (doc.Type)
        {
            case DocumentTypes.RectificationOrder:
                if (await At<Rectification>() is { } r)
                    html = RectificationOrderDocument.Render(r, await session.LoadAsync<SupervisedUnit>(r.UnitId, ct), JurisdictionCatalogue.Find(r.DepartmentId)!);
                break;
            case DocumentTypes.DeadlineRecalculationNotice:
                if ((await At<Rectification>())?.Recalculations.FirstOrDefault(e => e.NoticeNumber == doc.Id) is { Basis: not null } recalculation)
                    html = await DocumentComponents.RenderAsync<DeadlineRecalculationNotice>(recalculation.NoticeNumber + " 整改期限变更告知书",
                        new() { [nameof(DeadlineRecalculationNotice.Recalculation)] = recalculation });
                break;
            case DocumentTypes.DeadlineExtensionNotice:
                if ((await At<Rectification>())?.Extensions.FirstOrDefault(e => e.NoticeNumber == doc.Id) is { Basis: not null } extension)
                    html = await DocumentComponents.RenderAsync<DeadlineExtensionNotice>(extension.NoticeNumber + " 延长整改期限通知书",
                        new() { [nameof(DeadlineExtensionNotice.Extension)] = extension });
                break;
            case DocumentTypes.ReturnReceipt:
                if ((await At<DocumentService>())?.ReturnReceipts.FirstOrDefault(e => e.ReturnReceiptNumber == doc.Id) is { } receipt)
                    html = await DocumentComponents.RenderAsync<ReturnReceipt>(receipt.ReturnReceiptNumber + " 送达回证",
                        new() { [nameof(ReturnReceipt.Receipt)] = receipt },
                        "table.receipt { width: 100%; border-collapse: collapse; } table.receipt th, table.receipt td { border: 1px solid #000; padding: .6em; } table.receipt th { width: 30%; font-weight: normal; } td.blank { height: 4em; vertical-align: bottom; text-align: right; }");
                break;
            case DocumentTypes.InspectionRecord:
                if (await At<Supervision.Inspections.Inspection>() is { RecordDepartmentId: not null } inspected)
                {
                    var found = (await session.LoadManyAsync<Rectification>(ct, inspected.RectificationIds)).ToList();
                    html = Supervision.Inspections.InspectionRecordDocument.Render(inspected, found, JurisdictionCatalogue.Find(inspected.RecordDepartmentId)!);
                }
                break;
            case DocumentTypes.ReinspectionOpinion:
                if (await At<Rectification>() is { } reinspected)
                {
                    var recorder = reinspected.Reinspections.FirstOrDefault(o => o.DocumentNumber == doc.Id) is { Officers: null } old
                        ? await session.LoadAsync<AppUser>(old.InspectedBy, ct) : null; // only for re-inspections recorded before officers were named
                    html = ReinspectionOpinionDocument.Render(reinspected, doc.Id, await session.LoadAsync<SupervisedUnit>(reinspected.UnitId, ct),
                        JurisdictionCatalogue.Find(reinspected.DepartmentId!)!, recorder);
                }
                break;
            case DocumentTypes.ComplaintAcceptanceNotice or DocumentTypes.ComplaintResultLetter or DocumentTypes.ComplaintExtensionNotice:
                if (await At<Complaint>() is { } c)
                {
                    var department = JurisdictionCatalogue.Find(c.JurisdictionId)!;
                    html = doc.Type switch
                    {
                        DocumentTypes.ComplaintAcceptanceNotice => ComplaintDocuments.AcceptanceNotice(c, department, doc.IssuedAt),
                        DocumentTypes.ComplaintExtensionNotice => ComplaintDocuments.ExtensionNotice(c, department, doc.IssuedAt),
                        _ => ComplaintDocuments.ResultLetter(c, department, addressee, doc.IssuedAt),
                    };
                }
                break;
            case var t when SanctionDocuments.Types.Contains(t):
                if (await At<SanctionCase>() is { } sc)
                    html = SanctionDocuments.Render(sc, JurisdictionCatalogue.Find(sc.DepartmentId)!, doc.Type, doc.Id);
                break;
            case DocumentTypes.EvaluationResultNotice or DocumentTypes.EvaluationReviewNotice:
                if (await At<Supervision.AnnualReports.AgencyEvaluation>() is { } evaluated)
                    html = Supervision.AnnualReports.AgencyEvaluationNotices.Render(evaluated, JurisdictionCatalogue.Find(evaluated.DepartmentId)!, doc.Id);
                break;
            case DocumentTypes.ReferralLetter:
                if (await At<Supervision.Referrals.Referral>() is { } referral) html = Supervision.Referrals.ReferralDocument.Render(referral);
                break;
        }
        return (html, version);
    }
}

/// <summary>Freezes documents soon after they are issued, so that what was issued is kept even if nobody opens it.</summary>
public sealed class DocumentFreezeService(IDocumentStore store, TimeProvider clock, DepartmentSeals seals, DocumentPdfs pdfs, ILogger<DocumentFreezeService> logger)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const int Batch = 50;
    private bool _fontReported;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try { await FreezePendingAsync(stop); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Freezing issued documents failed; trying again"); }
            // Then the PDF of each frozen document (issue 13 §4), rendered once and stored.
            try { await pdfs.RenderPendingAsync(stop); }
            catch (PdfFontMissingException e) { if (!_fontReported) logger.LogError("{Message}", e.Message); _fontReported = true; }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Rendering documents as PDF failed; trying again"); }
        }
    }

    public async Task<int> FreezePendingAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var pending = await session.Query<IssuedDocument>().Where(d => d.Content == null).OrderBy(d => d.IssuedAt).Take(Batch).ToListAsync(ct);
        var frozen = 0;
        foreach (var doc in pending)
            if (await IssuedDocumentContent.FreezeAsync(session, doc, clock.GetUtcNow(), ct, seals) is not null) frozen++;
        await session.SaveChangesAsync(ct);
        if (frozen > 0) logger.LogInformation("Froze {Count} issued documents", frozen);
        return frozen;
    }
}
