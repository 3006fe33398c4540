using System.Text.Json;
using Alba;

namespace Supervision.IntegrationTests;

/// <summary>Small helpers so tests read as the user's steps: who calls what, with which body.</summary>
public sealed class Api(AppFixture app)
{
    public async Task<(int Status, JsonElement Body)> Send(string user, HttpMethod method, string url, object? body = null)
    {
        var token = user == "" ? null : await app.TokenFor(user);
        var result = await app.Host.Scenario(s =>
        {
            if (method == HttpMethod.Get) s.Get.Url(url);
            else if (body is string raw) { s.Post.Text(raw).ToUrl(url); s.WithRequestHeader("Content-Type", "application/json"); }
            else s.Post.Json(body ?? new { }).ToUrl(url);
            if (token is not null) s.WithRequestHeader("Authorization", "Bearer " + token);
            s.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        var json = text.Length > 0 && (text[0] == '{' || text[0] == '[') ? JsonDocument.Parse(text).RootElement.Clone() : JsonSerializer.SerializeToElement(text);
        return (result.Context.Response.StatusCode, json);
    }

    public Task<(int Status, JsonElement Body)> Post(string user, string url, object? body = null) => Send(user, HttpMethod.Post, url, body);
    public Task<(int Status, JsonElement Body)> Get(string user, string url) => Send(user, HttpMethod.Get, url);

    public async Task<JsonElement> Ok(Task<(int Status, JsonElement Body)> call, int expected = 200)
    {
        var (status, body) = await call;
        Assert.True(status == expected, $"expected {expected}, got {status}: {body}");
        return body;
    }

    /// <summary>
    /// The command is refused: this status, the problem's machine-readable <c>code</c>, the named
    /// <paramref name="field"/> among its <c>errors</c> when given, and nothing written to <paramref name="stream"/>
    /// (its version, which is its event count, is the same before and after; a stream that did not exist still does
    /// not). Returns the problem body for further checks.
    /// </summary>
    public async Task<JsonElement> Refused(string user, string url, object? body, int status, string code, Guid? stream = null, string? field = null)
    {
        var before = stream is { } id ? await StreamVersion(id) : null;
        var (actual, problem) = await Post(user, url, body);
        Assert.True(actual == status, $"expected {status} {code}, got {actual}: {problem}");
        Assert.True(problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("code", out var c) && c.GetString() == code,
            $"expected code {code}: {problem}");
        if (field is not null)
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"expected an error on {field}: {problem}");
        if (stream is { } written) Assert.Equal(before, await StreamVersion(written));
        return problem;
    }

    /// <summary>
    /// A case's entry on the deadline board for the query, looked for on every page: the shared test store holds hundreds of
    /// entries sorted by due date, so a late one is not on the first page (a test that read only the first 100 failed once
    /// another test added two orders).
    /// </summary>
    public async Task<JsonElement> DeadlineOf(string user, string query, Guid caseId)
    {
        for (var page = 1; ; page++)
        {
            var items = (await Ok(Get(user, $"/api/deadlines?pageSize=200&page={page}&{query}"))).GetProperty("items").EnumerateArray().ToList();
            if (items.Count == 0) throw new Xunit.Sdk.XunitException($"no deadline of {caseId} on the board ({query})");
            if (items.SingleOrDefault(d => d.GetProperty("caseId").GetGuid() == caseId) is { ValueKind: JsonValueKind.Object } found) return found;
        }
    }

    /// <summary>The version (event count) of a stream, null when it does not exist.</summary>
    public async Task<long?> StreamVersion(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))?.Version;
    }
}

public static class JsonExtensions
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
    public static long Long(this JsonElement e, string name) => e.GetProperty(name).GetInt64();
    public static Guid Id(this JsonElement e, string name = "id") => e.GetProperty(name).GetGuid();
}
