using Marten;
using Npgsql;
using Supervision.Shared;

namespace Supervision.Web.Auth;

/// <summary>
/// Single-statement changes to a user document. Each UPDATE works on the row as it is when the row lock is
/// taken (PostgreSQL re-reads it under concurrency), so parallel requests cannot lose each other's changes
/// the way a load-change-store does.
/// </summary>
public static class UserRecords
{
    private static string Table(IDocumentStore store) => $"{store.Options.DatabaseSchemaName}.mt_doc_appuser";

    /// <summary>Counts one failed login; the failure that reaches <paramref name="max"/> locks the account. True when it is locked now.</summary>
    public static async Task<bool> CountFailure(IDocumentStore store, string userId, int max, DateTimeOffset now, DateTimeOffset lockUntil, CancellationToken ct)
    {
        const string failures = "coalesce((data->>'failedLogins')::int, 0)";
        const string lockedNow = "coalesce((data->>'lockedUntil')::timestamptz > @now, false)";
        var sql = $"""
            update {Table(store)} set data = data || case
                when {lockedNow} then jsonb_build_object()
                when {failures} + 1 >= @max then jsonb_build_object('failedLogins', 0, 'lockedUntil', @until::text)
                else jsonb_build_object('failedLogins', {failures} + 1) end,
              mt_last_modified = now()
            where id = @id
            returning {lockedNow}
            """;
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("id", userId);
        cmd.Parameters.AddWithValue("max", max);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("until", lockUntil.ToUniversalTime().ToString("O"));
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    public static Task ClearFailures(IDocumentStore store, string userId, CancellationToken ct) =>
        Execute(store, $"update {Table(store)} set data = data || '{{\"failedLogins\":0,\"lockedUntil\":null}}'::jsonb, mt_last_modified = now() where id = @id", userId, null, ct);

    /// <summary>A new security stamp: every token and cookie issued before stops working (log out everywhere).</summary>
    public static Task NewSecurityStamp(IDocumentStore store, string userId, CancellationToken ct) =>
        Execute(store, $"update {Table(store)} set data = data || jsonb_build_object('securityStamp', @value::text), mt_last_modified = now() where id = @id",
            userId, Guid.NewGuid().ToString("N"), ct);

    private static async Task Execute(IDocumentStore store, string sql, string userId, string? value, CancellationToken ct)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("id", userId);
        if (value is not null) cmd.Parameters.AddWithValue("value", value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
