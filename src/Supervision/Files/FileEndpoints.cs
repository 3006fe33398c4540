using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Files;

public static class FileEndpoints
{
    /// <summary>Who may upload: the staff who act on cases (not the system administrator).</summary>
    /// <summary>Who uploads evidence: the officers, and a unit's account for its own correction reports (issue 17 §1).</summary>
    public static readonly string[] Uploaders = [Roles.Inspector, Roles.ComplaintHandler, Roles.CaseOfficer, Roles.LegalReviewer, Roles.Leader, Roles.Unit];

    private static IResult Problem(int status, string code, string zh, string en) => Results.Problem(Problems.Of(status, code, zh, en));

    /// <summary>
    /// Uploads one file (multipart, field <c>file</c>). It is streamed to a temporary file while its SHA-256 is computed and its
    /// size counted, its type is told from its first bytes, and it is stored under its hash. A file becomes part of a case only
    /// when an event names that hash (e.g. the proof of a service, a hazard's photos).
    /// Optional text fields sent before the file describe its capture (issue 16): <c>capturedAt</c> (the device's time),
    /// <c>latitude</c>, <c>longitude</c>, <c>accuracy</c> (metres). Every upload records a capture by the uploader, with the
    /// server's time of receipt, the photo's EXIF time and position, and a server-made thumbnail of a JPEG or PNG photo.
    /// </summary>
    [WolverinePost("/api/files", OperationId = "UploadFile")]
    public static async Task<IResult> Upload(HttpContext http, ClaimsPrincipal user, IFileStore files, FileStoreOptions options, TimeProvider clock,
        IDocumentSession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Uploaders)) throw RuleViolation.Forbidden("当前角色不能上传文件", $"Role {actor.Role} may not upload files");
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            return Problem(400, "multipart_required", "须以 multipart/form-data 上传文件（字段 file）", "Upload the file as multipart/form-data (field file)");

        try
        {
            return await ReadAndStore(new MultipartReader(boundary, http.Request.Body), actor, files, options, clock, session, ct);
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !ct.IsCancellationRequested)
        {
            // A body that is not the multipart it claims to be (no boundary, truncated, a preamble over the reader's limits).
            return Problem(400, "invalid_multipart", "上传内容不是有效的 multipart/form-data", "The body is not valid multipart/form-data");
        }
    }

    private static async Task<IResult> ReadAndStore(MultipartReader reader, Actor actor, IFileStore files, FileStoreOptions options, TimeProvider clock,
        IDocumentSession session, CancellationToken ct)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var section = await reader.ReadNextSectionAsync(ct); section is not null; section = await reader.ReadNextSectionAsync(ct))
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            if (disposition.IsFormDisposition())
            {
                // Capture fields come before the file, so the whole upload is checked before anything is stored.
                var key = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (key is "capturedAt" or "latitude" or "longitude" or "accuracy" && fields.Count < 8)
                {
                    using var text = new StreamReader(section.Body);
                    var value = new char[64];
                    var n = await text.ReadBlockAsync(value, ct);
                    fields[key] = new string(value, 0, n);
                }
                continue;
            }
            if (!disposition.IsFileDisposition()) continue;
            var capture = EvidenceFiles.ParseCapture(fields);
            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            var temp = Path.Combine(Path.GetTempPath(), "supervision-upload-" + Guid.NewGuid().ToString("N"));
            await using var buffer = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var head = new byte[FileTypes.SniffBytes];
            var headLength = 0;
            long size = 0;
            var chunk = new byte[81920];
            int read;
            while ((read = await section.Body.ReadAsync(chunk, ct)) > 0)
            {
                size += read;
                if (size > options.MaxBytes)
                    return Problem(413, "file_too_large", $"文件超过 {options.MaxBytes / 1024 / 1024} MiB 的上限", $"The file is larger than {options.MaxBytes} bytes");
                if (headLength < head.Length)
                {
                    var n = Math.Min(read, head.Length - headLength);
                    Array.Copy(chunk, 0, head, headLength, n);
                    headLength += n;
                }
                hash.AppendData(chunk, 0, read);
                await buffer.WriteAsync(chunk.AsMemory(0, read), ct);
            }
            if (size == 0) return Problem(400, "empty_file", "文件为空", "The file is empty");
            if (FileTypes.Sniff(head.AsSpan(0, headLength)) is not { } mediaType)
                return Problem(415, "unsupported_file_type", "仅接受 PDF、JPEG、PNG、HEIC、MP3、M4A、MP4 文件（按文件内容判断）",
                    "Only PDF, JPEG, PNG, HEIC, MP3, M4A and MP4 files are accepted (told from the content)");
            buffer.Position = 0;
            var name = string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileName(fileName.Trim());
            if (name is { Length: > 255 }) name = name[..255];
            var now = clock.GetUtcNow();
            var stored = await files.SaveAsync(buffer, new StoredFile(FileTypes.Hex(hash), size, mediaType, name, actor.UserName, actor.JurisdictionPath,
                now), ct);
            var recorded = await RecordCapture(session, files, buffer, stored, capture, actor, now, ct);
            return Results.Created($"/api/files/{stored.Sha256}", new FileUploaded(stored.Sha256, stored.Size, stored.MediaType, name,
                recorded.ThumbnailSha256, recorded.ExifTakenAt, recorded.ExifLatitude, recorded.ExifLongitude,
                EvidenceFiles.ClockSkewed(recorded.DeviceTime, recorded.ReceivedAt)));
        }
        return Problem(400, "field_required", "请选择要上传的文件（字段 file）", "A file part (field file) is required");
    }

    /// <summary>
    /// Records who captured the file, when and where (the device's statement and the photo's EXIF), and stores the thumbnail of
    /// a JPEG or PNG photo as a file of its own. A later upload of the same bytes by the same user keeps the first capture.
    /// </summary>
    public static async Task<FileCapture> RecordCapture(IDocumentSession session, IFileStore files, Stream content, StoredFile stored,
        CaptureInfo capture, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var id = FileCapture.IdOf(stored.Sha256, actor.UserName);
        if (await session.LoadAsync<FileCapture>(id, ct) is { } earlier) return earlier;
        var record = new FileCapture
        {
            Id = id, Sha256 = stored.Sha256, CapturedBy = actor.UserName, JurisdictionPath = actor.JurisdictionPath, DeviceTime = capture.DeviceTime,
            ReceivedAt = now, Latitude = capture.Latitude, Longitude = capture.Longitude, AccuracyMeters = capture.AccuracyMeters,
        };
        if (stored.MediaType.StartsWith("image/", StringComparison.Ordinal))
        {
            content.Position = 0;
            (record.ExifTakenAt, record.ExifLatitude, record.ExifLongitude) = EvidenceFiles.ReadExif(content);
        }
        if (stored.MediaType is "image/jpeg" or "image/png")
        {
            content.Position = 0;
            if (EvidenceFiles.Thumbnail(content) is { } thumbnail)
            {
                var thumbSha = Convert.ToHexStringLower(SHA256.HashData(thumbnail));
                using var thumbStream = new MemoryStream(thumbnail, writable: false);
                await files.SaveAsync(thumbStream, new StoredFile(thumbSha, thumbnail.Length, "image/jpeg", null, actor.UserName, actor.JurisdictionPath, now), ct);
                record.ThumbnailSha256 = thumbSha;
            }
        }
        session.Store(record);
        await session.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>A file as uploaded, for the one who uploaded it (once part of a case, it is read through the case).</summary>
    [WolverineGet("/api/files/{sha256}", OperationId = "GetFile")]
    public static async Task<IResult> Get(string sha256, ClaimsPrincipal user, IFileStore files, HttpContext http, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!FileTypes.IsSha256(sha256) || await files.FindAsync(sha256, ct) is not { } file || file.UploadedBy != actor.UserName)
            return Results.Problem(Problems.NotFound("file"));
        await Stream(http, files, file, ct);
        return Results.Empty;
    }

    /// <summary>Streams a stored file as the response (type from its content, no sniffing by the browser).</summary>
    public static async Task Stream(HttpContext http, IFileStore files, StoredFile file, CancellationToken ct)
    {
        http.Response.ContentType = file.MediaType;
        http.Response.ContentLength = file.Size;
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers.ETag = $"\"{file.Sha256}\"";
        await files.CopyToAsync(file.Sha256, http.Response.Body, ct);
    }
}
