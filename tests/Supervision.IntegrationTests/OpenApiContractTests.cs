using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Snapshooter.Xunit;

namespace Supervision.IntegrationTests;

/// <summary>
/// The HTTP contract (every route, parameter, body and answer schema) against the committed snapshot
/// <c>__snapshots__/OpenApiContractTests.The_OpenAPI_document_matches_the_committed_contract.snap</c>. A change to the
/// API fails here until the snapshot is updated on purpose: delete the .snap file, run this test once with
/// <c>SUPERVISION_ACCEPT_NEW_SNAPSHOTS=1</c> to write it again, review the diff and commit it. On a mismatch
/// Snapshooter writes what it got to <c>__snapshots__/__mismatch__/</c> (ignored by git) and fails.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiContractTests(AppFixture app)
{
    private readonly Api _api = new(app);

    [Fact]
    public async Task The_OpenAPI_document_matches_the_committed_contract()
    {
        var (status, body) = await _api.Get("", "/openapi/v1.json");
        Assert.True(status == 200, body.ToString());
        CommittedSnapshot.RequireFile(nameof(OpenApiContractTests), nameof(The_OpenAPI_document_matches_the_committed_contract));
        Snapshot.Match(Normalise(body));
    }

    /// <summary>
    /// The document as it is on any machine and date: no server URLs (the test host's address), no version of the
    /// build, object members and the top-level tags sorted by name (the order in which endpoints and schemas are
    /// discovered is not the contract). Other arrays keep their order (parameters, required members, enum values).
    /// </summary>
    public static string Normalise(JsonElement document)
    {
        var root = JsonNode.Parse(document.GetRawText())!.AsObject();
        root.Remove("servers");
        if (root["info"] is JsonObject info) info["version"] = "(normalised)";
        var sorted = Sorted(root)!.AsObject();
        // The document's tag list follows the order in which endpoint classes are discovered.
        if (sorted["tags"] is JsonArray tags)
            sorted["tags"] = new JsonArray(tags.OrderBy(t => t?["name"]?.GetValue<string>(), StringComparer.Ordinal).Select(t => t?.DeepClone()).ToArray());
        return sorted.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}

/// <summary>
/// Snapshooter writes a missing snapshot and passes, so a snapshot file lost or never committed would make its test
/// pass on every CI run. A contract snapshot must already exist unless the developer asks for new ones.
/// </summary>
public static class CommittedSnapshot
{
    public const string AcceptVariable = "SUPERVISION_ACCEPT_NEW_SNAPSHOTS";

    public static void RequireFile(string testClass, string testMethod, [CallerFilePath] string callerFile = "")
    {
        var file = Path.Combine(Path.GetDirectoryName(callerFile)!, "__snapshots__", $"{testClass}.{testMethod}.snap");
        if (File.Exists(file) || Environment.GetEnvironmentVariable(AcceptVariable) == "1") return;
        Assert.Fail($"The committed snapshot {file} is missing. Run the test once with {AcceptVariable}=1 to write it, review it and commit it.");
    }
}
