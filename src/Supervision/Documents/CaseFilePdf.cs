using System.Globalization;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using Supervision.CaseRecords;
using Supervision.Complaints;
using Supervision.Files;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Documents;

/// <summary>One entry of the 卷内目录: the document, its place in the file and its first and last page.</summary>
public sealed record CaseFileItem(int Sequence, string Number, string Title, DateOnly IssuedOn, int FirstPage, int LastPage);

/// <summary>What the 案卷封面 shows.</summary>
public sealed record CaseFileCover(string Kind, string Heading, string Department, string Name, string? Number, string Parties, DateOnly OpenedOn,
    DateOnly? ClosedOn, string? ArchiveNumber, string Retention);

/// <summary>
/// The case file (案卷) as one PDF (issue 13 §5): 案卷封面, 卷内目录 with each document's pages, then the documents — each
/// the pages of its frozen PDF, unchanged, stamped with the file's page number (页号) at the top right. Order: for a
/// sanction case the binding order of 行政处罚案卷 (<see cref="SanctionRank"/>; docs/glossary.md), otherwise chronological;
/// a 送达回证 follows the document it served.
/// </summary>
public static class CaseFilePdf
{
    /// <summary>
    /// The place of a document in a sanction case's file, after the common 行政处罚案卷立卷规范 (正卷): 立案审批表; 行政处罚决定书
    /// (with its 送达回证); the other documents addressed to the party (事先告知书, 听证通知书, 处分建议书, 移送书 …); evidence
    /// (询问笔录, 检查笔录); the hearing (听证笔录); legal review and collective discussion; 结案审批表; anything else. Told by the
    /// document's title, so kinds added later (立案审批表, 询问笔录, 结案审批表) fall into place.
    /// </summary>
    public static int SanctionRank(string type)
    {
        var title = DocumentTypes.Title(type);
        return type switch
        {
            _ when title.Contains("立案") => 0,
            DocumentTypes.PenaltyDecision => 1,
            _ when title.Contains("决定书") => 1,
            DocumentTypes.PenaltyNotice or DocumentTypes.HearingNotice or DocumentTypes.DisciplineRecommendation or DocumentTypes.CriminalTransfer
                or DocumentTypes.ReferralLetter => 2,
            _ when title.Contains("告知书") || title.Contains("通知书") || title.Contains("建议书") || title.Contains("移送书") => 2,
            _ when title.Contains("询问笔录") || title.Contains("检查笔录") || title.Contains("调查") || title.Contains("证据") => 3,
            DocumentTypes.HearingRecord => 4,
            _ when title.Contains("听证") => 4,
            _ when title.Contains("审核") || title.Contains("集体讨论") || title.Contains("审批") && !title.Contains("结案") => 5,
            _ when title.Contains("结案") => 6,
            _ => 7,
        };
    }

    /// <summary>The documents in the file's order: ranked (sanction cases) or by issue time, each followed by its 送达回证.</summary>
    public static List<IssuedDocument> Order(string caseKind, IReadOnlyList<IssuedDocument> documents, IReadOnlyDictionary<string, List<IssuedDocument>> receiptsOf)
    {
        // Issued at the same instant (one request, or a stopped clock): the order of the issuing events on the case's stream.
        var ordered = documents.OrderBy(d => caseKind == "sanction" ? SanctionRank(d.Type) : 0).ThenBy(d => d.IssuedAt)
            .ThenBy(d => d.StreamVersion ?? long.MaxValue).ThenBy(d => d.Id, StringComparer.Ordinal);
        var result = new List<IssuedDocument>();
        foreach (var d in ordered)
        {
            result.Add(d);
            if (receiptsOf.TryGetValue(d.Id, out var receipts)) result.AddRange(receipts.OrderBy(r => r.IssuedAt));
        }
        return result;
    }

    /// <summary>Retention (保管期限) after 国家档案局令第8号: a case ending in an administrative penalty is kept permanently, others 30 years.</summary>
    public static string Retention(string kind, object aggregate) =>
        kind == "sanction" && aggregate is SanctionCase { DecisionNumber: not null } ? "永久" : "30年";

    private static DateOnly Beijing(DateTimeOffset t) => WorkingDayCalendar.BeijingToday(t);

    private static async Task<(string Kind, object Aggregate, string JurisdictionId, DateTimeOffset? ClosedAt)?> LoadAsync(IQuerySession s, Guid id, CancellationToken ct)
    {
        if (await s.LoadAsync<SanctionCase>(id, ct) is { } sc) return ("sanction", sc, sc.JurisdictionId, sc.Status == SanctionStatus.Closed ? sc.ClosedAt : null);
        if (await s.LoadAsync<Inspection>(id, ct) is { } i) return ("inspection", i, i.JurisdictionId, i.IsClosed ? i.ClosedAt : null);
        if (await s.LoadAsync<Rectification>(id, ct) is { } r) return ("rectification", r, r.JurisdictionId, r.Status == RectificationStatus.Closed ? r.ClosedAt : null);
        if (await s.LoadAsync<Complaint>(id, ct) is { } c) return ("complaint", c, c.JurisdictionId, c.IsClosed ? c.ClosedAt : null);
        if (await s.LoadAsync<Referral>(id, ct) is { } f) return ("referral", f, f.SenderJurisdictionId, f.Status == ReferralStatus.Closed ? f.ClosedAt : null);
        return null;
    }

    /// <summary>
    /// 归档号: the year the case was closed (Beijing) and its place among the cases of the same kind the same department closed
    /// that year (0001 on), so it never changes once the case is closed; none while it is open.
    /// </summary>
    private static async Task<string?> ArchiveNumberAsync(IQuerySession s, string kind, string jurisdictionId, DateTimeOffset? closedAt, CancellationToken ct)
    {
        if (closedAt is not { } closed) return null;
        var year = Beijing(closed).Year;
        var from = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        int serial = kind switch
        {
            "sanction" => await s.Query<SanctionCase>().CountAsync(x => x.JurisdictionId == jurisdictionId && x.Status == SanctionStatus.Closed && x.ClosedAt >= from && x.ClosedAt <= closed, ct),
            "inspection" => await s.Query<Inspection>().CountAsync(x => x.JurisdictionId == jurisdictionId && x.ClosedAt >= from && x.ClosedAt <= closed, ct),
            "rectification" => await s.Query<Rectification>().CountAsync(x => x.JurisdictionId == jurisdictionId && x.Status == RectificationStatus.Closed && x.ClosedAt >= from && x.ClosedAt <= closed, ct),
            "complaint" => await s.Query<Complaint>().CountAsync(x => x.JurisdictionId == jurisdictionId && x.Status == ComplaintStatus.Closed && x.ClosedAt >= from && x.ClosedAt <= closed, ct),
            _ => await s.Query<Referral>().CountAsync(x => x.SenderJurisdictionId == jurisdictionId && x.Status == ReferralStatus.Closed && x.ClosedAt >= from && x.ClosedAt <= closed, ct),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{year}{Math.Max(serial, 1):D4}");
    }

    private static CaseFileCover Cover(string kind, object aggregate, string department, string name, DateOnly openedOn, DateOnly? closedOn, string? archiveNumber) =>
        aggregate switch
        {
            SanctionCase sc => new(kind, "行政处罚案卷", department, name, sc.DecisionNumber ?? sc.NoticeNumber, sc.PartyName, openedOn, closedOn, archiveNumber, Retention(kind, sc)),
            Inspection i => new(kind, "监督检查案卷", department, name, i.RecordNumber, i.UnitName, openedOn, closedOn, archiveNumber, Retention(kind, i)),
            Rectification r => new(kind, "责令限期改正案卷", department, name, r.DocumentNumber, r.UnitName, openedOn, closedOn, archiveNumber, Retention(kind, r)),
            // The complainant is never named on the cover (R12): the party is the unit complained about.
            Complaint c => new(kind, "投诉举报案卷", department, name, c.ReceiptNumber, c.UnitName is { Length: > 0 } u ? u : "（未指明单位）", openedOn, closedOn,
                archiveNumber, Retention(kind, c)),
            Referral f => new(kind, "案件移送案卷", department, name, null, f.ReceiverName, openedOn, closedOn, archiveNumber, Retention(kind, f)),
            _ => throw new InvalidOperationException(),
        };

    [WolverineGet("/api/cases/{id}/file.pdf", OperationId = "GetCaseFilePdf")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, DocumentPdfs pdfs, IFileStore files, TimeProvider clock,
        CancellationToken ct)
    {
        var actor = Actor.From(user);
        // The case's own visibility: jurisdiction, the Art. 44 exclusion (R22), the referral's two sides (R23).
        if (await CaseHistory.MaySee(session, id, actor, ct) != true || await LoadAsync(session, id, ct) is not { } c)
            return Results.Problem(Problems.NotFound("case"));
        try
        {
            var pdf = await BuildAsync(session, id, c, actor, pdfs, files, ct);
            return new CaseFileResult(pdf, $"{id}.pdf");
        }
        catch (PdfFontMissingException) { return DocumentPdfEndpoints.FontMissing(); }
    }

    /// <summary>The case file PDF for the archival package (issue 13 §5); null for an unknown case.</summary>
    public static async Task<byte[]?> ForArchiveAsync(IQuerySession session, Guid id, Actor actor, DocumentPdfs pdfs, IFileStore files, CancellationToken ct) =>
        await LoadAsync(session, id, ct) is { } c ? await BuildAsync(session, id, c, actor, pdfs, files, ct) : null;

    /// <summary>The case's documents that <paramref name="actor"/> may read, in the file's order.</summary>
    /// <remarks>Each is frozen with its PDF first (if nobody has yet): the file holds the frozen PDFs, and freezing records the issuing
    /// event's version, which orders documents issued at the same instant.</remarks>
    public static async Task<List<IssuedDocument>> DocumentsAsync(IQuerySession session, Guid id, string kind, Actor actor, DocumentPdfs pdfs, CancellationToken ct)
    {
        var own = (await session.Query<IssuedDocument>().Where(d => d.StreamId == id).ToListAsync(ct)).ToList();
        // 送达回证 live on the served document's service stream; the service records name the case.
        var receiptNumbers = (await session.Query<DocumentService>().Where(s => s.CaseId == id).ToListAsync(ct))
            .SelectMany(s => s.ReturnReceipts.Select(r => (r.Number, r.ReturnReceiptNumber))).ToList();
        var receiptDocs = receiptNumbers.Count == 0 ? [] : (await session.LoadManyAsync<IssuedDocument>(ct, receiptNumbers.Select(r => r.ReturnReceiptNumber).ToArray())).ToList();
        var receiptsOf = receiptNumbers.Join(receiptDocs, r => r.ReturnReceiptNumber, d => d.Id, (r, d) => (r.Number, d))
            .GroupBy(x => x.Number).ToDictionary(g => g.Key, g => g.Select(x => x.d).ToList());
        var readable = new List<IssuedDocument>();
        // Each document's own rule as well (a sanction document and R22, a result letter and R12).
        foreach (var d in own)
            if (await DocumentEndpoints.Readable(session, d.Id, actor, ct) is not null && await Rendered(d) is { } done) readable.Add(done);
        foreach (var receipts in receiptsOf.Values)
            for (var i = receipts.Count - 1; i >= 0; i--)
                if (await Rendered(receipts[i]) is { } done) receipts[i] = done; else receipts.RemoveAt(i);
        return Order(kind, readable, receiptsOf);

        async Task<IssuedDocument?> Rendered(IssuedDocument d) => d.PdfSha256 is not null ? d : await pdfs.EnsureAsync(d.Id, ct) is { PdfSha256: not null } r ? r : null;
    }

    private static async Task<byte[]> BuildAsync(IQuerySession session, Guid id, (string Kind, object Aggregate, string JurisdictionId, DateTimeOffset? ClosedAt) c,
        Actor actor, DocumentPdfs pdfs, IFileStore files, CancellationToken ct)
    {
        _ = pdfs.Font; // fails early (503) without a font
        var documents = await DocumentsAsync(session, id, c.Kind, actor, pdfs, ct);

        // Each document's frozen PDF (rendered now if nobody has yet), opened for import.
        var parts = new List<(IssuedDocument Doc, PdfDocument Pdf)>();
        foreach (var doc in documents)
        {
            var bytes = new MemoryStream(checked((int)(doc.PdfSize ?? 0)));
            if (!await files.CopyToAsync(doc.PdfSha256!, bytes, ct)) continue;
            bytes.Position = 0;
            parts.Add((doc, PdfReader.Open(bytes, PdfDocumentOpenMode.Import)));
        }

        var entries = new List<CaseFileItem>();
        var page = 1;
        foreach (var (doc, pdf) in parts)
        {
            entries.Add(new CaseFileItem(entries.Count + 1, doc.Id, DocumentTypes.Title(doc.Type), Beijing(doc.IssuedAt), page, page + pdf.PageCount - 1));
            page += pdf.PageCount;
        }

        // The case's photos after its documents (issue 16): the server-made thumbnails, four a page, each with its capture and
        // the SHA-256 of the original, which the archival package carries byte for byte.
        var photos = (await CaseEvidence.LoadAsync(session, id, ct))
            .Where(f => CaseEvidence.IsPhoto(f.File) && f.File.ThumbnailSha256 is not null).ToList();
        var photoPages = (photos.Count + PhotosPerPage - 1) / PhotosPerPage;
        if (photoPages > 0)
        {
            entries.Add(new CaseFileItem(entries.Count + 1, "—", $"证据照片（{photos.Count}张）", Beijing(photos[^1].At), page, page + photoPages - 1));
            page += photoPages;
        }

        var history = await session.Events.FetchStreamAsync(id, token: ct);
        var openedOn = Beijing(history.Count > 0 ? history[0].Timestamp : DateTimeOffset.UtcNow);
        var department = JurisdictionCatalogue.Find(c.JurisdictionId)?.DepartmentName ?? "";
        var name = (await CaseFile.LinkedCasesAsync(session, id, actor, ct)).FirstOrDefault()?.Title ?? "";
        var cover = Cover(c.Kind, c.Aggregate, department, name, openedOn, c.ClosedAt is { } closed ? Beijing(closed) : null,
            await ArchiveNumberAsync(session, c.Kind, c.JurisdictionId, c.ClosedAt, ct));

        using var composer = new PdfComposer(numberPages: false);
        DrawCover(composer, cover, entries.Count, page - 1);
        DrawContents(composer, entries);
        composer.EndPage();
        foreach (var (entry, (_, pdf)) in entries.Zip(parts))
            for (var p = 0; p < pdf.PageCount; p++)
                StampPageNumber(composer.Pdf.AddPage(pdf.Pages[p]), entry.FirstPage + p);
        if (photoPages > 0) await DrawPhotosAsync(composer, photos, entries[^1].FirstPage, files, session, ct);
        DocumentPdfs.Describe(composer.Pdf, cover.Heading + "：" + cover.Name, cover.ArchiveNumber ?? cover.Number ?? id.ToString(), department,
            history.Count > 0 ? history[^1].Timestamp : DateTimeOffset.UtcNow);
        using var output = new MemoryStream();
        composer.Pdf.Save(output, false);
        foreach (var (_, pdf) in parts) pdf.Dispose();
        return output.ToArray();
    }

    private static string D(DateOnly? d) => DocumentPage.Date(d);

    private const int PhotosPerPage = 4;

    /// <summary>Photo pages: two by two, each thumbnail fitted in its cell above its caption; the file's page number on each.</summary>
    private static async Task DrawPhotosAsync(PdfComposer composer, IReadOnlyList<CaseEvidenceEntry> photos, int firstPage, IFileStore files,
        IQuerySession session, CancellationToken ct)
    {
        var people = (await session.LoadManyAsync<AppUser>(ct, photos.Select(p => p.File.CapturedBy).Distinct().ToArray()))
            .ToDictionary(u => u.Id, u => u.DisplayName);
        var cellWidth = PdfComposer.Width / 2;
        var cellHeight = (PdfComposer.Height - PdfComposer.Pitch * 2) / 2;
        const double captionSize = 9, captionPitch = 12;
        for (var i = 0; i < photos.Count; i += PhotosPerPage)
        {
            composer.NewPage();
            composer.Centered(i == 0 ? "证据照片" : "证据照片（续）", PdfComposer.TitleSize, bold: true, pitch: PdfComposer.Pitch * 2);
            var top = composer.Y;
            foreach (var (photo, k) in photos.Skip(i).Take(PhotosPerPage).Select((p, k) => (p, k)))
            {
                var f = photo.File;
                var x = PdfComposer.Left + k % 2 * cellWidth;
                var y = top + k / 2 * cellHeight;
                var imageBox = (Width: cellWidth - 12, Height: cellHeight - captionPitch * 5 - 8);
                using var bytes = new MemoryStream();
                if (await files.CopyToAsync(f.ThumbnailSha256!, bytes, ct))
                {
                    bytes.Position = 0;
                    using var image = XImage.FromStream(bytes);
                    var scale = Math.Min(imageBox.Width / image.PointWidth, imageBox.Height / image.PointHeight);
                    composer.G.DrawImage(image, x, y, image.PointWidth * scale, image.PointHeight * scale);
                }
                var where = f.Latitude is { } lat && f.Longitude is { } lon ? $"北纬{lat:0.0000}° 东经{lon:0.0000}°"
                    : f.ExifLatitude is { } elat && f.ExifLongitude is { } elon ? $"北纬{elat:0.0000}° 东经{elon:0.0000}°（照片记录）" : "位置未记录";
                string[] caption =
                [
                    $"{photo.Step}（{f.FileName ?? "照片"}）",
                    $"拍摄：{people.GetValueOrDefault(f.CapturedBy, f.CapturedBy)}  {Time(f.DeviceTime ?? f.ExifTakenAt ?? f.ReceivedAt)}",
                    where + (f.ClockSkewFlagged ? "  设备时间偏差超过24小时" : ""),
                    "原件SHA-256：" + f.Sha256[..32],
                    "　　　　　　" + f.Sha256[32..],
                ];
                var font = PdfComposer.Font(captionSize);
                for (var l = 0; l < caption.Length; l++)
                    composer.G.DrawString(caption[l], font, XBrushes.Black, x, y + imageBox.Height + 8 + (l + 1) * captionPitch);
            }
            var number = (firstPage + i / PhotosPerPage).ToString(CultureInfo.InvariantCulture);
            composer.G.DrawString(number, PdfComposer.Font(14), XBrushes.Black, PdfComposer.Left + PdfComposer.Width - PdfComposer.TextWidth(number, 14),
                PdfComposer.Top - XUnit.FromMillimeter(15).Point);
        }
        composer.EndPage();
    }

    private static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static void DrawCover(PdfComposer composer, CaseFileCover cover, int documents, int pages)
    {
        composer.NewPage();
        composer.Space(PdfComposer.Pitch * 2);
        composer.Centered(cover.Department, PdfComposer.TitleSize, bold: true, pitch: PdfComposer.TitleSize * 1.8);
        composer.Centered(cover.Heading, 32, bold: true, pitch: 32 * 2);
        composer.Space(PdfComposer.Pitch * 2);
        composer.Table(
        [
            ["案件名称", cover.Name],
            ["案号", cover.Number ?? "—"],
            ["当事人", cover.Parties],
            ["立案日期", D(cover.OpenedOn)],
            ["结案日期", cover.ClosedOn is { } c ? D(c) : "（未结案）"],
            ["归档号", cover.ArchiveNumber ?? "（结案后编号）"],
            ["保管期限", cover.Retention],
            ["卷内文件", $"{documents}件，共{pages}页"],
            ["立卷单位", cover.Department],
        ], [0.25, 0.75], PdfComposer.BodySize);
    }

    private static void DrawContents(PdfComposer composer, IReadOnlyList<CaseFileItem> entries)
    {
        composer.NewPage();
        composer.Centered("卷内目录", PdfComposer.TitleSize, bold: true, pitch: PdfComposer.TitleSize * 2);
        var rows = new List<IReadOnlyList<string>> { new[] { "序号", "文号", "题名", "日期", "页号" } };
        rows.AddRange(entries.Select(e => (IReadOnlyList<string>)
        [
            e.Sequence.ToString(CultureInfo.InvariantCulture), e.Number, e.Title, D(e.IssuedOn),
            e.FirstPage == e.LastPage ? e.FirstPage.ToString(CultureInfo.InvariantCulture) : $"{e.FirstPage}–{e.LastPage}",
        ]));
        if (entries.Count == 0) rows.Add(["", "（无）", "", "", ""]);
        composer.Table(rows, [0.08, 0.3, 0.3, 0.2, 0.12], 12, headerBold: true);
    }

    /// <summary>The file's page number (页号) at the top right of each document page, outside the type area.</summary>
    private static void StampPageNumber(PdfPage page, int number)
    {
        using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
        var text = number.ToString(CultureInfo.InvariantCulture);
        var font = PdfComposer.Font(14);
        g.DrawString(text, font, XBrushes.Black, PdfComposer.Left + PdfComposer.Width - PdfComposer.TextWidth(text, 14), PdfComposer.Top - XUnit.FromMillimeter(15).Point);
    }

    private sealed class CaseFileResult(byte[] pdf, string fileName) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = DocumentPdfs.MediaType;
            http.Response.ContentLength = pdf.Length;
            http.Response.Headers["X-Content-Type-Options"] = "nosniff";
            http.Response.Headers.ContentDisposition = "inline; filename*=UTF-8''" + Uri.EscapeDataString(fileName);
            return http.Response.Body.WriteAsync(pdf, http.RequestAborted).AsTask();
        }
    }
}
