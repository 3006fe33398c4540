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
}

/// <summary>
/// <c>dotnet run --project src/Supervision.Web -- verify [--stream id] [--json]</c>: recomputes every event hash
/// chain from the stored events and reports the first broken link per stream; exit code 1 when anything is broken.
/// Uses the app's configuration (connection string, schema) without starting it.
/// </summary>
[Description("Verify the event hash chains (every stream, or --stream <id>); exit code 1 when a chain is broken", Name = "verify")]
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
        var report = await ChainVerifier.VerifyAsync(store, stream, TimeProvider.System, CancellationToken.None);
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
