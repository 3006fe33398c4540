using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;
using Supervision.CaseRecords;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Integrity;

public sealed record PackageStream(string Kind, Guid Id, string Title, bool Closed, string File, long Events, long HeadVersion, string HeadHash);
public sealed record PackageFile(string Path, string Sha256, long Bytes);
public sealed record PackageManifest(
    string Format, Guid CaseId, string CaseKind, DateTimeOffset ExportedAt, string ExportedBy, string ExportedByName,
    IReadOnlyList<PackageStream> Streams, IReadOnlyList<PackageFile> Files, string HashChain, string PersonalData);

/// <summary>
/// A package checked and described, ready to be written: its manifest (and the manifest's SHA-256) are known before a byte of
/// the zip is sent, so a refusal (open case, broken chain) never leaves half a package. <see cref="WriteToAsync"/> writes the
/// zip to any stream; the originals of the evidence files are copied from the file store entry by entry, never held in memory.
/// </summary>
public sealed class ArchiveExport(PackageManifest manifest, byte[] manifestBytes, IReadOnlyList<(string Path, byte[] Bytes)> files,
    IReadOnlyList<(string Path, string Sha256, long Size)> evidence, Files.IFileStore? fileStore)
{
    public PackageManifest Manifest => manifest;
    public string ManifestSha256 { get; } = ArchivePackage.Sha256(manifestBytes);

    public async Task WriteToAsync(Stream output, CancellationToken ct)
    {
        // The output may be an HTTP response, where synchronous writes are refused; a zip entry's stream still writes its last
        // deflate block synchronously when disposed, so those few bytes are held and sent with the next asynchronous write.
        await using var target = new SyncWritesDeferred(output);
        await WriteZipAsync(target, ct);
        await target.FlushAsync(ct);
    }

    private async Task WriteZipAsync(Stream output, CancellationToken ct)
    {
        await using var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        foreach (var (path, bytes) in files.Prepend((ArchivePackage.ManifestPath, manifestBytes)))
        {
            var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
            entry.LastWriteTime = manifest.ExportedAt;
            await using var s = await entry.OpenAsync(ct);
            await s.WriteAsync(bytes, ct);
        }
        // The originals, streamed from the file store (photos and videos are compressed already).
        foreach (var (path, sha, _) in evidence)
        {
            var entry = zip.CreateEntry(path, CompressionLevel.NoCompression);
            entry.LastWriteTime = manifest.ExportedAt;
            await using var s = await entry.OpenAsync(ct);
            await fileStore!.CopyToAsync(sha, s, ct);
        }
    }

    /// <summary>A write-only stream that keeps synchronous writes in memory and sends them, in order, on the next asynchronous write or flush.</summary>
    private sealed class SyncWritesDeferred(Stream inner) : Stream
    {
        private readonly MemoryStream _held = new();
        private long _position;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) { _held.Write(buffer, offset, count); _position += count; }
        public override void Write(ReadOnlySpan<byte> buffer) { _held.Write(buffer); _position += buffer.Length; }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            await SendHeldAsync(ct);
            await inner.WriteAsync(buffer, ct);
            _position += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async Task FlushAsync(CancellationToken ct)
        {
            await SendHeldAsync(ct);
            await inner.FlushAsync(ct);
        }

        private async Task SendHeldAsync(CancellationToken ct)
        {
            if (_held.Length == 0) return;
            await inner.WriteAsync(_held.GetBuffer().AsMemory(0, (int)_held.Length), ct);
            _held.SetLength(0);
        }

        public override void Flush() { } // the held bytes go out with the next asynchronous write or FlushAsync
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The whole zip in memory (tests and small packages).</summary>
    public async Task<byte[]> ToArrayAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await WriteToAsync(buffer, ct);
        return buffer.ToArray();
    }
}

/// <summary>
/// The archival package (归档包) of a closed case: a zip with one JSON-lines file per linked stream (every
/// stored event column the hash covers, with its hash), the case's enforcement documents as printable HTML,
/// and <c>manifest.json</c> (case, streams with their chain heads, SHA-256 of every file, export time and
/// exporter). <see cref="ArchivePackageVerifier"/> checks a package offline.
/// </summary>
public static class ArchivePackage
{
    public const string Format = "supervision-archive/1";
    public const string ManifestPath = "manifest.json";
    public const string CaseFilePath = "case-file.pdf";

    public const string HashChainNote =
        "SHA-256 chain per stream (genesis = 64 zeros); hash = SHA-256(UTF-8 of \"sv1\" + f(prevHash) + f(seq) + f(id) + f(streamId) + " +
        "f(version) + f(type) + f(timestamp in microseconds since 1970-01-01 UTC) + f(tenantId) + f(userName) + f(correlationId) + " +
        "f(causationId) + f(headers) + f(data) + f(binaryData)), f(null) = \"~\", f(s) = UTF-8 byte length of s + \":\" + s. " +
        "data and headers are the stored JSON text exactly as PostgreSQL returns it (jsonb::text).";

    public const string PersonalDataNote =
        "投诉人身份信息在事件中以加密形式保存（ASP.NET Core Data Protection），本归档包按原样收录密文，未解密；文书中的投诉人信息已遮蔽。" +
        "解密需要系统的数据保护密钥（不在包内）。 / The complainant's identity is stored encrypted in the events (ASP.NET Core Data " +
        "Protection) and is included as stored (ciphertext), never decrypted into this package; documents show it masked. " +
        "Decryption needs the system's data-protection keys, which are not in the package.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsClosed(object aggregate) => aggregate switch
    {
        Inspection i => i.IsClosed,
        Rectification r => r.Status == RectificationStatus.Closed,
        Complaint c => c.IsClosed,
        SanctionCase s => s.Status == SanctionStatus.Closed,
        Referral f => f.Status == ReferralStatus.Closed,
        _ => false,
    };

    private static async Task<object?> LoadCase(IQuerySession s, Guid id, CancellationToken ct) =>
        (object?)await s.LoadAsync<Inspection>(id, ct) ?? (object?)await s.LoadAsync<Rectification>(id, ct)
        ?? (object?)await s.LoadAsync<Complaint>(id, ct) ?? (object?)await s.LoadAsync<SanctionCase>(id, ct)
        ?? await s.LoadAsync<Referral>(id, ct);

    /// <summary>Builds the package. Refuses (RuleViolation) an open case and a case whose stored chain is broken.</summary>
    /// <remarks>
    /// With <paramref name="pdfs"/> and <paramref name="files"/> the package also holds the case file (<c>case-file.pdf</c>: cover,
    /// 卷内目录 and the documents in the statutory order) and each document's frozen PDF (<c>documents/{number}.pdf</c>, the bytes
    /// whose hash its DocumentPdfRendered event names); without a Chinese font the PDFs are left out, not the package.
    /// </remarks>
    public static async Task<ArchiveExport> ExportAsync(IQuerySession session, Guid id, Actor actor, TimeProvider clock, CancellationToken ct,
        Documents.DocumentPdfs? pdfs = null, Files.IFileStore? fileStore = null)
    {
        if (await CaseHistory.MaySee(session, id, actor, ct) != true || await LoadCase(session, id, ct) is not { } root)
            throw RuleViolation.NotFound();
        if (!IsClosed(root))
            throw new RuleViolation(Problems.Conflict("case_open", "案件尚未办结，不能归档", "The case is not closed yet; only closed cases are archived"));

        var cases = await CaseFile.LinkedCasesAsync(session, id, actor, ct);
        var files = new List<(string Path, byte[] Bytes)>();
        var streams = new List<PackageStream>();
        foreach (var c in cases)
        {
            var (lines, count, version, head) = await EventLines(session, c.Id, ct);
            var path = $"events/{c.Kind}-{c.Id}.jsonl";
            files.Add((path, lines));
            var state = await LoadCase(session, c.Id, ct);
            streams.Add(new PackageStream(c.Kind, c.Id, c.Title, state is not null && IsClosed(state), path, count, version, head));
            // An email/SMS delivery of a complaint's extension notice (R11) is a stream of its own, and part of the record.
            if (state is Complaint { ExtensionNoticeDeliveryId: { } deliveryId })
            {
                var (dLines, dCount, dVersion, dHead) = await EventLines(session, deliveryId, ct);
                var dPath = $"events/notice-delivery-{deliveryId}.jsonl";
                files.Add((dPath, dLines));
                var delivery = await session.LoadAsync<NoticeDelivery>(deliveryId, ct);
                streams.Add(new PackageStream("notice-delivery", deliveryId, $"{((Complaint)state).ExtensionNoticeNumber} 送达",
                    delivery is not null && delivery.Status != NoticeDeliveryStatus.Sending, dPath, dCount, dVersion, dHead));
            }
            // The service (送达) of each of the case's documents is a stream of its own: the date of receipt every period
            // "from receipt" runs from, the return receipts, failed attempts and the recordings of an on-site service.
            foreach (var service in (await Documents.ServiceRecordings.OfCaseAsync(session, c.Id, ct)).OrderBy(x => x.Number, StringComparer.Ordinal))
            {
                var (sLines, sCount, sVersion, sHead) = await EventLines(session, service.Id, ct);
                var sPath = $"events/document-service-{service.Id}.jsonl";
                files.Add((sPath, sLines));
                streams.Add(new PackageStream("document-service", service.Id, $"{service.Number} 送达", service.Served is not null, sPath, sCount, sVersion, sHead));
            }
        }

        var ids = cases.Select(c => c.Id).ToArray();
        var documents = await session.Query<IssuedDocument>().Where(d => d.StreamId.IsOneOf(ids)).ToListAsync(ct);
        byte[]? caseFile = null;
        if (pdfs is not null && fileStore is not null)
        {
            try { caseFile = await Documents.CaseFilePdf.ForArchiveAsync(session, id, actor, pdfs, fileStore, ct); }
            catch (Documents.PdfFontMissingException) { } // the events and the documents as issued are the record; the PDFs are their print
        }
        foreach (var doc in documents.OrderBy(d => d.IssuedAt).ThenBy(d => d.Id))
        {
            if (await RenderAsync(session, doc, ct) is { } html)
                files.Add(($"documents/{SafeName(doc.Id)}.html", Encoding.UTF8.GetBytes(html)));
            // Each document's frozen PDF, rendered now if nobody has yet (documents of the linked cases are not in the case file).
            if (caseFile is not null && (doc.PdfSha256 ?? (await pdfs!.EnsureAsync(doc.Id, ct))?.PdfSha256) is { } pdfSha)
            {
                using var pdf = new MemoryStream();
                if (await fileStore!.CopyToAsync(pdfSha, pdf, ct)) files.Add(($"documents/{SafeName(doc.Id)}.pdf", pdf.ToArray()));
            }
        }
        if (caseFile is not null) files.Add((CaseFilePath, caseFile));
        var evidence = fileStore is null ? [] : await EvidenceOf(session, fileStore, cases.Select(c => c.Id), ct);

        var manifest = new PackageManifest(Format, id, cases[0].Kind, clock.GetUtcNow(), actor.UserName, actor.DisplayName, streams,
            files.Select(f => new PackageFile(f.Path, Sha256(f.Bytes), f.Bytes.Length))
                .Concat(evidence.Select(e => new PackageFile(e.Path, e.Sha256, e.Size))).ToList(), HashChainNote, PersonalDataNote);
        return new ArchiveExport(manifest, JsonSerializer.SerializeToUtf8Bytes(manifest, Json), files, evidence, fileStore);
    }

    /// <summary>The stream's events as JSON lines, checking the stored chain on the way (a broken chain is not archived).</summary>
    private static async Task<(byte[] Lines, long Count, long Version, string Head)> EventLines(IQuerySession session, Guid stream, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        await using var conn = session.DocumentStore.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"select {EventHashChain.SelectColumns}, h.hash from {schema}.mt_events e left join {schema}.{EventHashChain.TableName} h " +
            "on h.stream_id = e.stream_id and h.version = e.version where e.stream_id = @s order by e.version", conn);
        cmd.Parameters.AddWithValue("s", stream);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        using var output = new MemoryStream();
        var prev = EventHashChain.Genesis;
        long count = 0, version = 0;
        while (await reader.ReadAsync(ct))
        {
            var e = EventHashChain.Read(reader);
            var stored = reader.IsDBNull(13) ? null : reader.GetString(13);
            var expected = EventHashChain.Compute(prev, e);
            if (stored != expected)
                throw new RuleViolation(Problems.Conflict("chain_broken", $"事件哈希链校验失败（流 {stream}，版本 {e.Version}），不能归档",
                    $"The event hash chain is broken (stream {stream}, version {e.Version}); the case cannot be archived"));
            WriteLine(output, e, prev, expected);
            prev = expected;
            count++;
            version = e.Version;
        }
        return (output.ToArray(), count, version, prev);
    }

    private static void WriteLine(Stream output, EventHashChain.EventRow e, string prev, string hash)
    {
        using (var w = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("seq", e.Sequence);
            w.WriteString("id", e.Id);
            w.WriteString("streamId", e.StreamId);
            w.WriteNumber("version", e.Version);
            w.WriteString("type", e.Type);
            w.WriteString("timestamp", e.Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("tenantId", e.TenantId);
            w.WriteString("userName", e.UserName);
            w.WriteString("correlationId", e.CorrelationId);
            w.WriteString("causationId", e.CausationId);
            w.WriteString("headers", e.Headers);
            w.WriteString("data", e.Data);
            w.WriteString("binaryData", e.BinaryData);
            w.WriteString("prevHash", prev);
            w.WriteString("hash", hash);
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    /// <summary>Reads one event line back (the inverse of <see cref="WriteLine"/>).</summary>
    public static (EventHashChain.EventRow Event, string PrevHash, string Hash) ReadLine(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        string? S(string name) => r.GetProperty(name).ValueKind == JsonValueKind.Null ? null : r.GetProperty(name).GetString();
        var e = new EventHashChain.EventRow(r.GetProperty("seq").GetInt64(), r.GetProperty("id").GetGuid(), r.GetProperty("streamId").GetGuid(),
            r.GetProperty("version").GetInt64(), S("type")!, DateTimeOffset.ParseExact(S("timestamp")!, "O", CultureInfo.InvariantCulture),
            S("tenantId"), S("userName"), S("correlationId"), S("causationId"), S("headers"), S("data")!, S("binaryData"));
        return (e, S("prevHash")!, S("hash")!);
    }

    /// <summary>The document as issued (its frozen copy, or rendered as of its issuing event), never with the complainant's identity.</summary>
    private static async Task<string?> RenderAsync(IQuerySession session, IssuedDocument doc, CancellationToken ct) =>
        doc.Content ?? (await Documents.IssuedDocumentContent.RenderAsIssuedAsync(session, doc, ComplainantIdentity.Masked, ct)).Html;

    /// <summary>A file name from a document number (乌档责改〔2026〕3号 stays readable; path characters go).</summary>
    /// <summary>
    /// The evidence files the cases' events name (issue 16: photos, scans, recordings), each once, as <c>files/{sha256}.{ext}</c>:
    /// byte for byte as uploaded, so the manifest's hash of each is its name. A file missing from the store is left out.
    /// </summary>
    private static async Task<List<(string Path, string Sha256, long Size)>> EvidenceOf(IQuerySession session, Files.IFileStore fileStore,
        IEnumerable<Guid> caseIds, CancellationToken ct)
    {
        var result = new List<(string Path, string Sha256, long Size)>();
        foreach (var caseId in caseIds)
        foreach (var entry in await Files.CaseEvidence.LoadAsync(session, caseId, ct))
        {
            if (result.Any(e => e.Sha256 == entry.File.Sha256) || await fileStore.FindAsync(entry.File.Sha256, ct) is not { } stored) continue;
            result.Add(($"files/{stored.Sha256}{Files.FileTypes.Extension(stored.MediaType)}", stored.Sha256, stored.Size));
        }
        return result;
    }

    public static string SafeName(string number) =>
        new(number.Select(ch => char.IsLetterOrDigit(ch) || ch is '〔' or '〕' or '-' or '_' ? ch : '_').ToArray());

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>One problem found in a package: where (file, line) and what.</summary>
public sealed record PackageProblem(string Path, int? Line, string Problem, string Detail)
{
    public override string ToString() => $"{Path}{(Line is { } l ? $" line {l}" : "")}: {Problem} — {Detail}";
}

public sealed record PackageReport(bool Ok, Guid? CaseId, int Streams, long Events, int Files, IReadOnlyList<PackageProblem> Problems)
{
    public string Summary() => Ok
        ? $"OK: case {CaseId}, {Streams} streams with {Events} events and {Files} files; every hash chain and file hash verified"
        : $"BROKEN: first broken item: {Problems[0]}" + (Problems.Count > 1 ? $" (and {Problems.Count - 1} more:" + string.Concat(Problems.Skip(1).Select(p => "\n  " + p)) + ")" : "");
}

/// <summary>Checks an archival package without any database: every event hash chain and every file hash.</summary>
public static class ArchivePackageVerifier
{
    public static PackageReport Verify(Stream zipStream)
    {
        var problems = new List<PackageProblem>();
        ZipArchive zip;
        try { zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException ex) { return Fail("(zip)", "not_a_zip", ex.Message); }
        using (zip)
        {
            if (zip.GetEntry(ArchivePackage.ManifestPath) is not { } manifestEntry)
                return Fail(ArchivePackage.ManifestPath, "manifest_missing", "the package has no manifest.json");
            PackageManifest? manifest;
            try
            {
                using var m = manifestEntry.Open();
                manifest = JsonSerializer.Deserialize<PackageManifest>(m, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException) { return Fail(ArchivePackage.ManifestPath, "manifest_unreadable", ex.Message); }
            if (manifest is null || manifest.Format != ArchivePackage.Format || manifest.Streams is null || manifest.Files is null)
                return Fail(ArchivePackage.ManifestPath, "manifest_unreadable", $"not a {ArchivePackage.Format} manifest");

            // Every entry hashed as it is read; only the event files are kept (a video of 500 MiB is never held in memory).
            var eventFiles = manifest.Streams.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/') && e.FullName != ArchivePackage.ManifestPath))
            {
                try
                {
                    using var s = entry.Open();
                    if (eventFiles.Contains(entry.FullName))
                    {
                        using var m = new MemoryStream();
                        s.CopyTo(m);
                        entries[entry.FullName] = m.ToArray();
                        hashes[entry.FullName] = ArchivePackage.Sha256(entries[entry.FullName]);
                    }
                    else hashes[entry.FullName] = Convert.ToHexStringLower(SHA256.HashData(s));
                }
                catch (InvalidDataException ex) { problems.Add(new PackageProblem(entry.FullName, null, "unreadable_entry", ex.Message)); }
            }

            long events = 0;
            // 1. Event chains, line by line: names the first changed event of each stream.
            foreach (var stream in manifest.Streams)
            {
                if (!entries.TryGetValue(stream.File, out var bytes)) continue; // reported below as a missing file
                var lines = Encoding.UTF8.GetString(bytes).Split('\n');
                var prev = EventHashChain.Genesis;
                long version = 0;
                PackageProblem? broken = null;
                for (var i = 0; i < lines.Length && broken is null; i++)
                {
                    if (lines[i].Length == 0 && i == lines.Length - 1) break;
                    try
                    {
                        var (e, storedPrev, stored) = ArchivePackage.ReadLine(lines[i]);
                        var expected = EventHashChain.Compute(prev, e);
                        if (e.StreamId != stream.Id)
                            broken = new PackageProblem(stream.File, i + 1, "wrong_stream", $"event of stream {e.StreamId} in the file of stream {stream.Id}");
                        else if (storedPrev != prev || stored != expected)
                            broken = new PackageProblem(stream.File, i + 1, "hash_mismatch", $"stream {e.StreamId} version {e.Version} (seq {e.Sequence}): expected {expected}, stored {stored}");
                        prev = expected;
                        version = e.Version;
                        events++;
                    }
                    catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
                    {
                        broken = new PackageProblem(stream.File, i + 1, "unreadable_event", ex.Message);
                    }
                }
                if (broken is null && (version != stream.HeadVersion || prev != stream.HeadHash))
                    broken = new PackageProblem(stream.File, null, "head_mismatch",
                        $"stream {stream.Id}: the events end at version {version} with hash {prev}; the manifest says version {stream.HeadVersion}, hash {stream.HeadHash}");
                if (broken is not null) problems.Add(broken);
            }
            // 2. Every file against its SHA-256 in the manifest, and nothing in the zip that the manifest does not list.
            foreach (var file in manifest.Files)
            {
                if (!hashes.TryGetValue(file.Path, out var actual)) problems.Add(new PackageProblem(file.Path, null, "file_missing", "listed in the manifest, not in the package"));
                else if (actual != file.Sha256)
                    problems.Add(new PackageProblem(file.Path, null, "file_hash_mismatch", $"expected SHA-256 {file.Sha256}, found {actual}"));
            }
            foreach (var path in hashes.Keys.Where(p => manifest.Files.All(f => f.Path != p)))
                problems.Add(new PackageProblem(path, null, "file_not_listed", "in the package but not in the manifest"));
            foreach (var stream in manifest.Streams.Where(s => manifest.Files.All(f => f.Path != s.File)))
                problems.Add(new PackageProblem(stream.File, null, "file_not_listed", $"the events of stream {stream.Id} are not listed in the manifest's files"));

            return new PackageReport(problems.Count == 0, manifest.CaseId, manifest.Streams.Count, events, manifest.Files.Count, problems);
        }

        PackageReport Fail(string path, string code, string detail) => new(false, null, 0, 0, 0, [new PackageProblem(path, null, code, detail)]);
    }
}
