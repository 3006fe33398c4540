using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Supervision.Shared;
using Weasel.Postgresql.Tables;
using Wolverine.Http;

namespace Supervision.Files;

/// <summary>Declares a resumable upload (issue 16): the whole file's size and SHA-256, its name and its capture.</summary>
public sealed record StartUpload(string? FileName, long? Size, string? Sha256, string? CapturedAt, double? Latitude, double? Longitude, double? Accuracy);

/// <summary>分块上传的进度：已收到的字节数、是否完成 / A chunked upload's progress.</summary>
public sealed record UploadStatus(Guid Id, long Size, long Offset, bool Complete, string? Sha256, int MaxChunkBytes);

/// <summary>
/// Resumable uploads for recordings and large scans, sent from the site over a weak mobile network: the file is declared
/// (size, SHA-256), then sent in chunks of at most <see cref="MaxChunkBytes"/>, each with its own SHA-256 and its offset.
/// Chunks are kept in PostgreSQL, so an upload survives a dropped connection, a restart of the app or a switch to the other
/// node: the client asks for the offset and goes on. A chunk out of order or with a wrong hash is refused (400) and changes
/// nothing, so the client simply sends it again. When the last byte arrives the chunks are joined, the whole is checked
/// against the declared hash and stored in the file store like a multipart upload (with its capture and thumbnail).
/// </summary>
public static class ChunkedUploads
{
    public const int MaxChunkBytes = 8 * 1024 * 1024;
    /// <summary>Audio and video (执法全过程记录) up to 500 MiB; photos and scans keep the store's own limit (20 MiB).</summary>
    public const long MaxMediaBytes = 500L * 1024 * 1024;
    public const string SessionsTable = "upload_sessions", ChunksTable = "upload_chunks";

    public static IEnumerable<Table> Tables(string schema)
    {
        var sessions = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, SessionsTable));
        sessions.AddColumn<Guid>("id").AsPrimaryKey();
        sessions.AddColumn<string>("uploaded_by").NotNull();
        sessions.AddColumn<string>("uploader_path").NotNull();
        sessions.AddColumn<string>("file_name");
        sessions.AddColumn<long>("size").NotNull();
        sessions.AddColumn<string>("sha256").NotNull();
        sessions.AddColumn<long>("received").NotNull();
        sessions.AddColumn<string>("media_type");
        sessions.AddColumn("capture", "jsonb").NotNull();
        sessions.AddColumn<DateTimeOffset>("started_at").NotNull();
        sessions.AddColumn<bool>("complete").NotNull();
        yield return sessions;
        var chunks = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, ChunksTable));
        chunks.AddColumn<Guid>("upload_id").AsPrimaryKey();
        chunks.AddColumn<long>("chunk_offset").AsPrimaryKey();
        chunks.AddColumn("content", "bytea").NotNull();
        yield return chunks;
    }

    private static readonly string[] Uploaders = FileEndpoints.Uploaders;

    private sealed record Session(Guid Id, string UploadedBy, string UploaderPath, string? FileName, long Size, string Sha256, long Received,
        string? MediaType, CaptureInfo Capture, bool Complete);

    private static string Name(IDocumentStore store, string table) => $"{store.Options.DatabaseSchemaName}.{table}";

    private static async Task<NpgsqlConnection> OpenAsync(IDocumentStore store, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task<Session?> LoadAsync(NpgsqlConnection connection, IDocumentStore store, Guid id, string userName, CancellationToken ct,
        NpgsqlTransaction? tx = null, bool forUpdate = false)
    {
        await using var cmd = new NpgsqlCommand(
            $"select id, uploaded_by, uploader_path, file_name, size, sha256, received, media_type, capture::text, complete from {Name(store, SessionsTable)} " +
            "where id = @id and uploaded_by = @u" + (forUpdate ? " for update" : ""), connection, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("u", userName);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new Session(r.GetGuid(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4), r.GetString(5),
            r.GetInt64(6), r.IsDBNull(7) ? null : r.GetString(7), System.Text.Json.JsonSerializer.Deserialize<CaptureInfo>(r.GetString(8))!, r.GetBoolean(9));
    }

    private static UploadStatus Status(Session s) => new(s.Id, s.Size, s.Received, s.Complete, s.Complete ? s.Sha256 : null, MaxChunkBytes);

    private static IResult Problem(int status, string code, string zh, string en, long? expectedOffset = null)
    {
        var problem = Problems.Of(status, code, zh, en);
        if (expectedOffset is { } o) problem.Extensions["expectedOffset"] = o;
        return Results.Problem(problem);
    }

    [WolverinePost("/api/uploads", OperationId = "StartUpload")]
    public static async Task<IResult> Start(StartUpload c, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Uploaders)) throw RuleViolation.Forbidden("当前角色不能上传文件", $"Role {actor.Role} may not upload files");
        if (c.Size is not { } size || size <= 0) return Problem(400, "empty_file", "须声明文件大小（字节，大于 0）", "size must be a positive number of bytes");
        if (size > MaxMediaBytes) return Problem(413, "file_too_large", "文件超过 500 MiB 的上限", $"The file is larger than {MaxMediaBytes} bytes");
        var sha = c.Sha256?.Trim().ToLowerInvariant();
        if (!FileTypes.IsSha256(sha)) return Problem(400, "invalid_sha256", "须声明整个文件的 SHA-256（64 位十六进制）", "sha256 must be the file's SHA-256 in hex");
        var fields = new Dictionary<string, string>();
        if (c.CapturedAt is not null) fields["capturedAt"] = c.CapturedAt;
        if (c.Latitude is { } la) fields["latitude"] = la.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (c.Longitude is { } lo) fields["longitude"] = lo.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (c.Accuracy is { } ac) fields["accuracy"] = ac.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var capture = EvidenceFiles.ParseCapture(fields);
        var name = string.IsNullOrWhiteSpace(c.FileName) ? null : Path.GetFileName(c.FileName.Trim());
        if (name is { Length: > 255 }) name = name[..255];

        var id = Guid.CreateVersion7();
        await using var connection = await OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand(
            $"insert into {Name(store, SessionsTable)} (id, uploaded_by, uploader_path, file_name, size, sha256, received, media_type, capture, started_at, complete) " +
            "values (@id, @u, @p, @n, @s, @h, 0, null, @c::jsonb, @t, false)", connection);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("u", actor.UserName);
        cmd.Parameters.AddWithValue("p", actor.JurisdictionPath);
        cmd.Parameters.AddWithValue("n", (object?)name ?? DBNull.Value);
        cmd.Parameters.AddWithValue("s", size);
        cmd.Parameters.AddWithValue("h", sha!);
        cmd.Parameters.AddWithValue("c", System.Text.Json.JsonSerializer.Serialize(capture));
        cmd.Parameters.AddWithValue("t", clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
        return Results.Created($"/api/uploads/{id}", new UploadStatus(id, size, 0, false, null, MaxChunkBytes));
    }

    /// <summary>How far an upload got: the offset to send next (only for the one who started it; 404 for everyone else).</summary>
    [WolverineGet("/api/uploads/{id}", OperationId = "GetUpload")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IDocumentStore store, CancellationToken ct)
    {
        await using var connection = await OpenAsync(store, ct);
        return await LoadAsync(connection, store, id, Actor.From(user).UserName, ct) is { } s ? Results.Ok(Status(s)) : Results.Problem(Problems.NotFound("upload"));
    }

    /// <summary>
    /// One chunk at <paramref name="offset"/> (the body, <c>application/octet-stream</c>), with header <c>Chunk-Sha256</c>.
    /// 200 with the next offset; 201 with the stored file when it was the last one.
    /// </summary>
    [WolverinePut("/api/uploads/{id}", OperationId = "SendUploadChunk")]
    public static async Task<IResult> Chunk(Guid id, long? offset, HttpContext http, ClaimsPrincipal user, IDocumentStore store, IFileStore files,
        FileStoreOptions options, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        // The chunk is read whole (at most 8 MiB) into a pooled buffer and checked before anything is written. Pooled: a new
        // 8 MiB array per chunk (and a growing MemoryStream's copies) left ~90 MB of garbage on the large-object heap during a
        // 500 MiB upload; the pool's arrays are reused.
        var pooled = System.Buffers.ArrayPool<byte>.Shared.Rent(MaxChunkBytes + 1);
        try
        {
            var length = 0;
            int got;
            while ((got = await http.Request.Body.ReadAsync(pooled.AsMemory(length, MaxChunkBytes + 1 - length), ct)) > 0)
            {
                length += got;
                if (length > MaxChunkBytes)
                    return Problem(413, "chunk_too_large", $"每块不超过 {MaxChunkBytes / 1024 / 1024} MiB", $"A chunk is at most {MaxChunkBytes} bytes");
            }
            return await Store(id, offset, new ArraySegment<byte>(pooled, 0, length), http, actor, store, files, options, session, clock, ct);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    private static async Task<IResult> Store(Guid id, long? offset, ArraySegment<byte> chunk, HttpContext http, Actor actor, IDocumentStore store,
        IFileStore files, FileStoreOptions options, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var buffer = new byte[81920];
        int read;

        await using var connection = await OpenAsync(store, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var s = await LoadAsync(connection, store, id, actor.UserName, ct, tx, forUpdate: true);
        if (s is null) return Results.Problem(Problems.NotFound("upload"));
        if (s.Complete) return Problem(409, "upload_complete", "该上传已完成", "The upload is already complete");
        if (chunk.Count == 0) return Problem(400, "empty_chunk", "数据块为空", "The chunk is empty");
        if (offset != s.Received)
            return Problem(400, "chunk_out_of_order", $"数据块须从第 {s.Received} 字节续传", $"The next chunk starts at byte {s.Received}", s.Received);
        if (s.Received + chunk.Count > s.Size)
            return Problem(400, "chunk_too_long", "数据块超出声明的文件大小", "The chunk goes beyond the declared size", s.Received);
        var declared = http.Request.Headers["Chunk-Sha256"].ToString().Trim().ToLowerInvariant();
        if (!FileTypes.IsSha256(declared) || Convert.ToHexStringLower(SHA256.HashData(chunk.AsSpan())) != declared)
            return Problem(400, "chunk_hash_mismatch", "数据块的 SHA-256 不符（Chunk-Sha256），请重新发送该块", "The chunk's SHA-256 does not match Chunk-Sha256; send it again", s.Received);
        var mediaType = s.MediaType;
        if (s.Received == 0)
        {
            mediaType = FileTypes.Sniff(chunk.AsSpan(0, Math.Min(chunk.Count, FileTypes.SniffBytes)));
            if (mediaType is null)
                return Problem(415, "unsupported_file_type", "仅接受 PDF、JPEG、PNG、HEIC、MP3、M4A、MP4 文件（按文件内容判断）",
                    "Only PDF, JPEG, PNG, HEIC, MP3, M4A and MP4 files are accepted (told from the content)");
            if (!mediaType.StartsWith("audio/", StringComparison.Ordinal) && !mediaType.StartsWith("video/", StringComparison.Ordinal) && s.Size > options.MaxBytes)
                return Problem(413, "file_too_large", $"照片和扫描件不超过 {options.MaxBytes / 1024 / 1024} MiB", $"Photos and scans are at most {options.MaxBytes} bytes");
        }
        await using (var insert = new NpgsqlCommand(
            $"insert into {Name(store, ChunksTable)} (upload_id, chunk_offset, content) values (@id, @o, @c); " +
            $"update {Name(store, SessionsTable)} set received = received + @n, media_type = @m where id = @id", connection, tx))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("o", s.Received);
            insert.Parameters.Add(new NpgsqlParameter<ArraySegment<byte>>("c", NpgsqlTypes.NpgsqlDbType.Bytea) { TypedValue = chunk });
            insert.Parameters.AddWithValue("n", (long)chunk.Count);
            insert.Parameters.AddWithValue("m", mediaType!);
            await insert.ExecuteNonQueryAsync(ct);
        }
        var received = s.Received + chunk.Count;
        if (received < s.Size)
        {
            await tx.CommitAsync(ct);
            return Results.Ok(new UploadStatus(id, s.Size, received, false, null, MaxChunkBytes));
        }

        // The last chunk: join the chunks into a temporary file while hashing, check the whole, store it, drop the chunks.
        var temp = Path.Combine(Path.GetTempPath(), "supervision-upload-" + Guid.NewGuid().ToString("N"));
        await using var joined = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var select = new NpgsqlCommand($"select content from {Name(store, ChunksTable)} where upload_id = @id order by chunk_offset", connection, tx))
        {
            select.Parameters.AddWithValue("id", id);
            await using var reader = await select.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            while (await reader.ReadAsync(ct))
            {
                await using var part = await reader.GetStreamAsync(0, ct);
                while ((read = await part.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await joined.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
        }
        if (FileTypes.Hex(hash) != s.Sha256)
        {
            // The chunks each matched their own hash but not the declared whole: start again from the first byte.
            await tx.RollbackAsync(ct);
            await using var reset = new NpgsqlCommand(
                $"delete from {Name(store, ChunksTable)} where upload_id = @id; update {Name(store, SessionsTable)} set received = 0, media_type = null where id = @id", connection);
            reset.Parameters.AddWithValue("id", id);
            await reset.ExecuteNonQueryAsync(ct);
            return Problem(400, "file_hash_mismatch", "整个文件的 SHA-256 与声明不符，请从头重新上传", "The whole file's SHA-256 differs from the declared one; upload it again from byte 0", 0);
        }
        await using (var done = new NpgsqlCommand(
            $"delete from {Name(store, ChunksTable)} where upload_id = @id; update {Name(store, SessionsTable)} set complete = true where id = @id", connection, tx))
        {
            done.Parameters.AddWithValue("id", id);
            await done.ExecuteNonQueryAsync(ct);
        }
        joined.Position = 0;
        var now = clock.GetUtcNow();
        var stored = await files.SaveAsync(joined, new StoredFile(s.Sha256, s.Size, mediaType!, s.FileName, actor.UserName, actor.JurisdictionPath, now), ct);
        var capture = await FileEndpoints.RecordCapture(session, files, joined, stored, s.Capture, actor, now, ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/files/{stored.Sha256}", new
        {
            sha256 = stored.Sha256, size = stored.Size, mediaType = stored.MediaType, fileName = stored.FileName,
            thumbnailSha256 = capture.ThumbnailSha256, clockSkewFlagged = EvidenceFiles.ClockSkewed(capture.DeviceTime, capture.ReceivedAt),
        });
    }
}
