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
        // The document as served, for ops/test.sh's linters (redocly, spectral).
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "openapi.json"), body.GetRawText());
        CommittedSnapshot.RequireFile(nameof(OpenApiContractTests), nameof(The_OpenAPI_document_matches_the_committed_contract));
        Snapshot.Match(Normalise(body));
    }

    [Fact]
    public async Task Every_operation_is_described_for_integrators_in_chinese_and_english_with_its_problems()
    {
        var (_, document) = await _api.Get("", "/openapi/v1.json");
        var tags = document.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("description").GetString()!);
        Assert.All(tags.Values, d => Assert.False(string.IsNullOrWhiteSpace(d)));
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
        {
            operations++;
            var where = $"{op.Name.ToUpperInvariant()} {path.Name}";
            var summary = op.Value.TryGetProperty("summary", out var s) ? s.GetString()! : "";
            // "中文 / English": a Chinese part and an English part, never the generated handler name.
            Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}.* / [A-Z]", summary);
            Assert.DoesNotContain("_api_", summary + op.Value.GetProperty("description").GetString());
            var tag = Assert.Single(op.Value.GetProperty("tags").EnumerateArray()).GetString()!;
            Assert.True(tags.ContainsKey(tag), $"{where}: tag {tag} is not described");
            var responses = op.Value.GetProperty("responses");
            foreach (var status in new[] { "400", "404" })
                Assert.True(responses.TryGetProperty(status, out var problem)
                    && problem.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{where}: no {status} problem");
            if (responses.TryGetProperty("201", out var created))
                Assert.True(created.GetProperty("headers").TryGetProperty("Location", out _), $"{where}: 201 without Location");
        }
        Assert.True(operations > 100);
        // No answer is the bare IResult interface or an object without members: handlers answering IResult have their type,
        // media or status in the catalogue, and answer named records rather than anonymous objects.
        Assert.DoesNotContain("#/components/schemas/IResult", document.GetRawText());
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
        foreach (var response in op.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
            if (response.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json))
            {
                var schema = json.GetProperty("schema");
                var typed = schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("items", out _) || schema.TryGetProperty("properties", out _)
                    || schema.TryGetProperty("type", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String && t.GetString() != "object";
                Assert.True(typed, $"{op.Name.ToUpperInvariant()} {path.Name} {response.Name}: the answer has no members ({schema.GetRawText()})");
            }
        // Schemas say what they are (their XML comment) and their fields what they mean (comment or ApiGlossary).
        var schemas = document.GetProperty("components").GetProperty("schemas").EnumerateObject().ToList();
        var undescribed = schemas.Where(x => !x.Value.TryGetProperty("description", out _) && !x.Value.TryGetProperty("enum", out _)).Select(x => x.Name).ToList();
        Assert.True(undescribed.Count == 0, "schemas without a description: " + string.Join(", ", undescribed));
        var properties = schemas.SelectMany(x => x.Value.TryGetProperty("properties", out var p) ? p.EnumerateObject() : Enumerable.Empty<System.Text.Json.JsonProperty>()).ToList();
        var describedShare = properties.Count(p => p.Value.TryGetProperty("description", out _)) / (double)properties.Count;
        Assert.True(describedShare >= 0.75, $"only {describedShare:P0} of the properties are described");
        foreach (var common in new[] { "version", "jurisdictionId", "documentNumber", "dueOn" })
            Assert.All(properties.Where(p => p.Name == common), p => Assert.True(p.Value.TryGetProperty("description", out _), common));
        var paths = document.GetProperty("paths");
        Assert.Equal("#/components/schemas/SanctionCase", paths.GetProperty("/api/sanction-cases/{id}").GetProperty("get").GetProperty("responses")
            .GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(paths.GetProperty("/api/documents/{number}.pdf").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").TryGetProperty("application/pdf", out _));
        Assert.True(paths.GetProperty("/api/documents/{number}/electronic-service").GetProperty("post").GetProperty("responses").TryGetProperty("202", out _));
        // The creations answer 201 with Location (as the handlers do).
        Assert.True(document.GetProperty("paths").GetProperty("/api/sanction-cases").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
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
