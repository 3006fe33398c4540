using System.Text.Json;
using Supervision.Shared;

namespace Supervision.Web;

/// <summary>
/// Refuses a NUL character in any text input — path, query string, JSON string (escaped as \u0000) or form field
/// (%00) — with 400 <c>nul_character</c>. PostgreSQL cannot store NUL in text or jsonb (22021 / 22P05), so such a
/// value otherwise reaches the database and fails there as a 500; no legitimate text holds one.
/// </summary>
public static class TextInputGuard
{
    public static async Task<string?> NulField(HttpRequest request)
    {
        if (request.Path.Value?.Contains('\0') == true) return "path";
        foreach (var (key, values) in request.Query)
            if (key.Contains('\0') || values.Any(v => v?.Contains('\0') == true)) return key.Replace("\0", "");
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))) return null;
        if (request.ContentLength == 0) return null;
        if (request.HasJsonContentType() || string.IsNullOrEmpty(request.ContentType)) return await InJson(request);
        if (request.HasFormContentType && request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return await InForm(request);
        return null;
    }

    /// <summary>The first property (or "body") whose string holds NUL; malformed JSON is left to the model binder's 400.</summary>
    private static async Task<string?> InJson(HttpRequest request)
    {
        var bytes = await Buffered(request);
        if (bytes.AsSpan().IndexOf("\\u0000"u8) < 0) return null; // the common case: nothing to parse
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        var property = "body";
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped) continue;
                var text = reader.GetString();
                if (text?.Contains('\0') == true) return reader.TokenType == JsonTokenType.PropertyName ? "body" : property;
                if (reader.TokenType == JsonTokenType.PropertyName) property = text ?? "body";
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null; // not JSON: the endpoint refuses it as malformed
        }
        return null;
    }

    private static async Task<string?> InForm(HttpRequest request)
    {
        var bytes = await Buffered(request);
        // In a URL-encoded form a NUL is always written %00 (a literal "%00" in the text would be %2500).
        return bytes.AsSpan().IndexOf("%00"u8) >= 0 ? "form" : null;
    }

    private static async Task<byte[]> Buffered(HttpRequest request)
    {
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return copy.ToArray();
    }

    public static async Task Refuse(HttpContext http, string field)
    {
        var problem = Problems.BadRequest("nul_character", "输入内容含有不允许的空字符（NUL）", "The input holds a NUL character, which is not allowed", field);
        problem.Extensions["correlationId"] = http.TraceIdentifier;
        http.Response.StatusCode = 400;
        await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
    }
}
