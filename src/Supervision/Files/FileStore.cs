using System.Security.Cryptography;
using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Supervision.Files;

/// <summary>A file kept by the system: content-addressed by its SHA-256; the name is metadata only.</summary>
public sealed record StoredFile(string Sha256, long Size, string MediaType, string? FileName, string UploadedBy, string UploaderJurisdictionPath,
    DateTimeOffset UploadedAt);

/// <summary>Limits of uploads (<c>Supervision:Files:MaxBytes</c>, default 20 MiB).</summary>
public sealed record FileStoreOptions(long MaxBytes)
{
    public const long DefaultMaxBytes = 20 * 1024 * 1024;
}

/// <summary>
/// One store for every file the system keeps (signed returns, consents, scans; evidence next). Content-addressed and
/// deduplicated; streamed in and out. This implementation keeps the bytes in PostgreSQL (so backups and restores carry
/// them); an S3-compatible store would implement the same three calls with the hash as object key (docs/architecture.md).
/// </summary>
public interface IFileStore
{
    Task<StoredFile?> FindAsync(string sha256, CancellationToken ct);

    /// <summary>Stores <paramref name="content"/> (positioned at its start) under its hash; a second upload of the same bytes keeps the first record.</summary>
    Task<StoredFile> SaveAsync(Stream content, StoredFile file, CancellationToken ct);

    /// <summary>Copies the bytes to <paramref name="destination"/> without holding the file in memory; false when unknown.</summary>
    Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken ct);
}

public sealed class PostgresFileStore(IDocumentStore store) : IFileStore
{
    public const string TableName = "stored_files";

    public static Table Table(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, TableName));
        table.AddColumn<string>("sha256").AsPrimaryKey();
        table.AddColumn<long>("size").NotNull();
        table.AddColumn<string>("media_type").NotNull();
        table.AddColumn<string>("file_name");
        table.AddColumn<string>("uploaded_by").NotNull();
        table.AddColumn<string>("uploader_path").NotNull();
        table.AddColumn<DateTimeOffset>("uploaded_at").NotNull();
        table.AddColumn("content", "bytea").NotNull();
        return table;
    }

    private string Name => $"{store.Options.DatabaseSchemaName}.{TableName}";

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    public async Task<StoredFile?> FindAsync(string sha256, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"select sha256, size, media_type, file_name, uploaded_by, uploader_path, uploaded_at from {Name} where sha256 = @h", connection);
        cmd.Parameters.AddWithValue("h", sha256);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new StoredFile(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6));
    }

    public async Task<StoredFile> SaveAsync(Stream content, StoredFile file, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"insert into {Name} (sha256, size, media_type, file_name, uploaded_by, uploader_path, uploaded_at, content) " +
            "values (@h, @s, @m, @n, @b, @p, @a, @c) on conflict (sha256) do nothing", connection);
        cmd.Parameters.AddWithValue("h", file.Sha256);
        cmd.Parameters.AddWithValue("s", file.Size);
        cmd.Parameters.AddWithValue("m", file.MediaType);
        cmd.Parameters.AddWithValue("n", (object?)file.FileName ?? DBNull.Value);
        cmd.Parameters.AddWithValue("b", file.UploadedBy);
        cmd.Parameters.AddWithValue("p", file.UploaderJurisdictionPath);
        cmd.Parameters.AddWithValue("a", file.UploadedAt);
        // A Stream parameter is sent in chunks by Npgsql, so the file is never held in memory as a whole — but only as a plain
        // NpgsqlParameter<Stream> of a seekable stream: with NpgsqlDbType.Bytea and Size set, Npgsql 10 buffers the whole value
        // (32 MiB allocated for a 10 MiB file; tested in FileStoreTests).
        cmd.Parameters.Add(new NpgsqlParameter<Stream>("c", content));
        await cmd.ExecuteNonQueryAsync(ct);
        return await FindAsync(file.Sha256, ct) ?? file;
    }

    public async Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"select content from {Name} where sha256 = @h", connection);
        cmd.Parameters.AddWithValue("h", sha256);
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        if (!await reader.ReadAsync(ct)) return false;
        await using var stream = await reader.GetStreamAsync(0, ct);
        await stream.CopyToAsync(destination, ct);
        return true;
    }
}

/// <summary>What a file is, told from its first bytes (never from its name or the declared type).</summary>
public static class FileTypes
{
    public const int SniffBytes = 16;

    /// <summary>The media type of an allowed file (PDF, JPEG, PNG, HEIC, MP3, M4A, MP4), or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "image/jpeg";
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return "image/png";
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(head[8..12]);
            return brand switch
            {
                "heic" or "heix" or "hevc" or "heim" or "heis" or "mif1" or "msf1" => "image/heic",
                "M4A " => "audio/mp4",
                "isom" or "iso2" or "mp41" or "mp42" or "avc1" or "dash" or "MSNV" or "qt  " => "video/mp4",
                _ => null,
            };
        }
        if (head.StartsWith("ID3"u8)) return "audio/mpeg";
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0) return "audio/mpeg"; // MPEG audio frame sync, a layer set
        return null;
    }

    /// <summary>The usual file name extension of an accepted media type (for files written out, e.g. in an archival package).</summary>
    public static string Extension(string mediaType) => mediaType switch
    {
        "application/pdf" => ".pdf",
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/heic" => ".heic",
        "audio/mp4" => ".m4a",
        "audio/mpeg" => ".mp3",
        "video/mp4" => ".mp4",
        _ => "",
    };

    public static bool IsSha256(string? s) => s is { Length: 64 } && s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public static string Hex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());
}
