using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http;

namespace Supervision.Shared;

/// <summary>The first answer to a creating request with an Idempotency-Key, stored with the case it created.</summary>
public sealed class IdempotentResponse
{
    public string Id { get; set; } = "";
    public int Status { get; set; }
    public string Body { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Creating commands accept an <c>Idempotency-Key</c> (DESIGN §4): the new stream's id is derived from
/// the user, the route and the key, and the first answer is stored in the same transaction. A retry is
/// answered from the store; a retry racing the first request collides on the id and is answered the same
/// way. Nothing is created twice, even across a crash between the two.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    private const string RecordItem = "supervision.idempotency.record";
    private const string KeyItem = "supervision.idempotency.key";

    /// <summary>The record id for this request, or null when it carries no key (or no authenticated user).</summary>
    public static string? RecordId(HttpContext http)
    {
        var key = http.Request.Headers[Header].ToString();
        var user = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null;
        if (key.Length == 0 || user is null) return null;
        if (key.Length > 200) throw RuleViolation.Invalid("invalid_idempotency_key", "Idempotency-Key 过长", "Idempotency-Key is longer than 200 characters", Header);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\n{http.Request.Method}\n{http.Request.Path}\n{key}")));
    }

    /// <summary>The id for the stream this request creates: derived from the key when there is one.</summary>
    public static Guid NewId(HttpContext http)
    {
        var record = RecordId(http);
        if (record is null) return Guid.CreateVersion7();
        http.Items[RecordItem] = record;
        var bytes = Convert.FromHexString(record)[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), so it never looks like a v7
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Stores the answer with the command's transaction (Insert: a concurrent twin fails on the id).</summary>
    public static void Remember(IDocumentSession session, HttpContext http, int status, object body, DateTimeOffset now)
    {
        if (http.Items[RecordItem] is not string record) return;
        session.Insert(new IdempotentResponse { Id = record, Status = status, Body = JsonSerializer.Serialize(body, JsonSerializerOptions.Web), At = now });
    }

    /// <summary>Answers a repeated request from the store; true when it did.</summary>
    public static async Task<bool> TryReplay(HttpContext http, IQuerySession session)
    {
        var record = http.Items[RecordItem] as string ?? (http.Request.Method == "POST" ? RecordId(http) : null);
        if (record is null) return false;
        var stored = await session.LoadAsync<IdempotentResponse>(record);
        if (stored is null) return false;
        http.Response.StatusCode = stored.Status;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers[ReplayedHeader] = "true";
        await http.Response.WriteAsync(stored.Body);
        return true;
    }
}
