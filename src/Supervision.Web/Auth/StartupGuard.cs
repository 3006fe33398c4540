using Marten;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Supervision.Shared;

namespace Supervision.Web.Auth;

/// <summary>
/// Outside Development the app refuses to start with the public development signing key (anyone could sign a
/// token) or with demo accounts (published user names and password). Benchmarks and fault drills that need the
/// demo accounts in a production-like process say so with Supervision:AllowDemoUsersOutsideDevelopment=true;
/// a deployment never sets it, and the signing key has no such escape.
/// </summary>
public sealed class StartupGuard(IDocumentStore store, IConfiguration cfg, IHostEnvironment env, ILogger<StartupGuard> logger) : IHostedService
{
    public const string AllowDemoUsers = "Supervision:AllowDemoUsersOutsideDevelopment";

    public static void CheckConfiguration(IConfiguration cfg, bool isDev)
    {
        if (isDev) return;
        if (cfg["Jwt:SigningKey"] is { } key && (key == AuthSetup.DevelopmentSigningKey || key.Contains("development-only", StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException("Jwt:SigningKey is the public development key; set a secret key of at least 32 bytes (outside Development the app does not start with it)");
        if (cfg.GetValue<bool>("Supervision:SeedDemoData") && !cfg.GetValue<bool>(AllowDemoUsers))
            throw new InvalidOperationException("Supervision:SeedDemoData is on outside Development: demo users have a published password; turn it off");
    }

    /// <summary>Registered as the first hosted service, so nothing (projections, message handling) starts before it.</summary>
    public static void Register(IServiceCollection services) =>
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StartupGuard>());

    public async Task StartAsync(CancellationToken ct)
    {
        if (env.IsDevelopment() || cfg.GetValue<bool>(AllowDemoUsers)) return;
        var present = await DemoAccountsWithDemoPassword(ct);
        if (present.Count > 0)
        {
            logger.LogCritical("Demo accounts with the published password exist outside Development: {Users}", string.Join(", ", present));
            throw new InvalidOperationException($"Demo accounts with the published demo password exist ({string.Join(", ", present)}): " +
                "disable them or change their passwords before starting outside Development");
        }
    }

    private async Task<List<string>> DemoAccountsWithDemoPassword(CancellationToken ct)
    {
        var table = $"{store.Options.DatabaseSchemaName}.mt_doc_appuser";
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using (var exists = new NpgsqlCommand("select to_regclass(@t) is not null", conn))
        {
            exists.Parameters.AddWithValue("t", table);
            if (await exists.ExecuteScalarAsync(ct) is not true) return []; // a new database: no users yet
        }
        await using var cmd = new NpgsqlCommand($"select id, data->>'passwordHash', coalesce((data->>'disabled')::boolean, false) from {table} where id = any(@ids)", conn);
        cmd.Parameters.AddWithValue("ids", ReferenceDataSeeder.DemoUsers.Select(u => u.Id).ToArray());
        var hasher = new PasswordHasher<AppUser>();
        var found = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var (id, hash, disabled) = (r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1), r.GetBoolean(2));
            if (!disabled && hash.Length > 0 && hasher.VerifyHashedPassword(new AppUser { Id = id }, hash, ReferenceDataSeeder.DemoPassword) != PasswordVerificationResult.Failed)
                found.Add(id);
        }
        return found;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
