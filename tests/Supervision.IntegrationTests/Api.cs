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
}

public static class JsonExtensions
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
    public static long Long(this JsonElement e, string name) => e.GetProperty(name).GetInt64();
    public static Guid Id(this JsonElement e, string name = "id") => e.GetProperty(name).GetGuid();
}
