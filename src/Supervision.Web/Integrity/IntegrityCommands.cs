using JasperFx.CommandLine;
using Marten;
using Supervision.Integrity;

namespace Supervision.Web.Integrity;

public sealed class VerifyInput : NetCoreInput
{
    [Description("Check this stream only (a case id)")]
    public string? StreamFlag { get; set; }

    [Description("Print the report as JSON")]
    public bool JsonFlag { get; set; }

    [Description("A checkpoint file (JSON lines): check every line's link and signature, and the store against each line's Merkle root")]
    public string? CheckpointFlag { get; set; }

    [Description("The region's SM2 public key (hex, comma-separated for several); default: derived from the key directory")]
    public string? PublicKeyFlag { get; set; }
}

/// <summary>
/// <c>dotnet run --project src/Supervision.Web -- verify [--stream id] [--json] [--checkpoint file [--public-key hex]]</c>:
/// recomputes both event hash chains from the stored events, checks each stream against its recorded version and each
/// issued document against its hashes, and reports the first broken link per stream; with a checkpoint file, proves
/// that nothing before each checkpoint was changed or removed. Exit code 1 when anything is broken.
/// Uses the app's configuration (connection string, schema, key directory) without starting it.
/// </summary>
[Description("Verify the event hash chains (every stream, or --stream <id>; --checkpoint <file> against signed checkpoints); exit code 1 when broken", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        Guid? stream = null;
        if (input.StreamFlag is { Length: > 0 } s)
        {
            if (!Guid.TryParse(s, out var g)) { Console.Error.WriteLine($"not a stream id: {s}"); return false; }
            stream = g;
        }
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        IntegrityReport report;
        if (input.CheckpointFlag is { Length: > 0 } file)
        {
            if (stream is not null) { Console.Error.WriteLine("--checkpoint covers every stream; leave out --stream"); return false; }
            if (!File.Exists(file)) { Console.Error.WriteLine($"no such file: {file}"); return false; }
            var keys = (input.PublicKeyFlag ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var keyDirectory = host.Services.GetRequiredService<IConfiguration>()["Supervision:KeyDirectory"];
            report = await ChainVerifier.VerifyAgainstCheckpointsAsync(store, file, keys, keyDirectory, TimeProvider.System, CancellationToken.None);
        }
        else report = await ChainVerifier.VerifyAsync(store, stream, TimeProvider.System, CancellationToken.None);
        Console.WriteLine(input.JsonFlag
            ? System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true })
            : report.Summary());
        return report.Ok;
    }
}

public sealed class VerifyPackageInput
{
    [Description("The archival package (zip) exported by GET /api/cases/{id}/archive")]
    public string File { get; set; } = "";
}

/// <summary>
/// <c>dotnet run --project src/Supervision.Web -- verify-package case.zip</c>: checks an archival package offline
/// (no database, no configuration): every event hash chain and every file hash; exit code 1 naming the first
/// broken item otherwise.
/// </summary>
[Description("Verify an archival package offline (hash chains and file hashes); exit code 1 when anything is broken", Name = "verify-package")]
public sealed class VerifyPackageCommand : JasperFxCommand<VerifyPackageInput>
{
    public override bool Execute(VerifyPackageInput input) => Verify(input.File);

    /// <summary>Called by Program.cs before any host is built (so no configuration is needed); exit code 0 or 1.</summary>
    public static int Run(string[] args)
    {
        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: verify-package <file.zip>");
            return 2;
        }
        return Verify(args[0]) ? 0 : 1;
    }

    private static bool Verify(string path)
    {
        if (!System.IO.File.Exists(path)) { Console.Error.WriteLine($"no such file: {path}"); return false; }
        using var file = System.IO.File.OpenRead(path);
        var report = ArchivePackageVerifier.Verify(file);
        Console.WriteLine(report.Summary());
        return report.Ok;
    }
}


public sealed class CheckpointInput : NetCoreInput
{
    [Description("Why (recorded in the checkpoint)")]
    public string ReasonFlag { get; set; } = "manual";
}

/// <summary>
/// <c>dotnet run --project src/Supervision.Web -- checkpoint</c>: seals the SM3 chain, signs a checkpoint with the region's
/// key, appends it to <c>Supervision:Integrity:CheckpointFile</c> and prints it (e.g. before a backup or an upgrade).
/// </summary>
[Description("Write a signed integrity checkpoint now (to the checkpoint file and stdout)", Name = "checkpoint")]
public sealed class CheckpointCommand : JasperFxAsyncCommand<CheckpointInput>
{
    public override async Task<bool> Execute(CheckpointInput input)
    {
        using var host = input.BuildHost();
        var sp = host.Services;
        var checkpoint = await IntegrityCheckpoints.WriteAsync(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<Supervision.Documents.DepartmentSeals>(),
            sp.GetRequiredService<CheckpointOptions>(), input.ReasonFlag, TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Supervision.Integrity"), CancellationToken.None);
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(checkpoint, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        Console.WriteLine($"written to {sp.GetRequiredService<CheckpointOptions>().File ?? "(no file configured: log only)"}");
        return true;
    }
}

public sealed class GrantInput : NetCoreInput
{
    [Description("The app's database role (default supervision_app)")]
    public string RoleFlag { get; set; } = "supervision_app";
}

/// <summary>
/// <c>dotnet run --project src/Supervision.Web -- db-grant [--role supervision_app]</c>, run as the owner after <c>db-apply</c>:
/// the app's role may read and write documents and Wolverine's tables, but only read and append events and hashes.
/// </summary>
[Description("Grant the app's database role its rights on the schema (append-only on events and hashes); run as the owner after db-apply", Name = "db-grant")]
public sealed class GrantCommand : JasperFxAsyncCommand<GrantInput>
{
    public override async Task<bool> Execute(GrantInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(DatabaseRoles.GrantSql(schema, input.RoleFlag), conn);
        await cmd.ExecuteNonQueryAsync();
        Console.WriteLine($"granted {input.RoleFlag} on schema {schema}: read and append only on {string.Join(", ", DatabaseRoles.AppendOnly)}");
        return true;
    }
}
