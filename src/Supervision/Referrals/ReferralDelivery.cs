using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Marten;

namespace Supervision.Referrals;

/// <summary>Outbox message: deliver a referral (internal inbox or signed webhook). Retried; the last failure is recorded.</summary>
public sealed record DeliverReferral(Guid ReferralId, Guid AttemptId);

/// <summary>A delivery attempt failed; Wolverine retries it with the configured cooldowns.</summary>
public sealed class ReferralDeliveryException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}

/// <summary>
/// The JSON sent to a webhook: the referral's summary and document numbers, the departments, nothing
/// else — in particular no personal data of a complainant (R12).
/// </summary>
public static class ReferralPayload
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Chinese text readable as sent (markup characters are still escaped).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static byte[] Build(Referral r, Guid deliveryId) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        deliveryId,
        referralId = r.Id,
        kind = r.Kind,
        documentNumber = r.DocumentNumber,
        sender = new { jurisdictionId = r.SenderJurisdictionId, name = r.SenderDepartmentName },
        receiver = new { id = r.ReceiverId, name = r.ReceiverName },
        source = new { kind = r.Source.Kind, id = r.Source.Id },
        summary = r.Summary,
        documentNumbers = r.DocumentNumbers,
        finding = r.Finding is { } f
            ? new { kind = f.Kind, inspectionId = f.InspectionId, unitName = f.UnitName, item = f.Item, description = f.Description, rectificationId = f.RectificationId, recordedAt = f.RecordedAt }
            : null,
        sentAt = r.SentAt,
        replyDueOn = r.ReplyDueOn,
    }, Json);

    /// <summary><c>sha256=&lt;hex&gt;</c>: HMAC-SHA256 of the raw body with the department's secret.</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)).ToLowerInvariant();
}

/// <summary>POSTs the signed payload; any non-2xx answer, timeout or transport error is a <see cref="ReferralDeliveryException"/>.</summary>
public sealed class ReferralWebhookClient(HttpClient http, ReferralDeliveryOptions options)
{
    public const string SignatureHeader = "X-Supervision-Signature";
    public const string DeliveryHeader = "X-Supervision-Delivery";

    public async Task<string> PostAsync(string url, string secret, Guid deliveryId, byte[] body, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.WebhookTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, ReferralPayload.Sign(body, secret));
        request.Headers.Add(DeliveryHeader, deliveryId.ToString());
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode) throw new ReferralDeliveryException($"webhook answered {(int)response.StatusCode}");
            return $"webhook {new Uri(url).Authority} answered {(int)response.StatusCode} to delivery {deliveryId}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw new ReferralDeliveryException("webhook timed out"); }
        catch (HttpRequestException) { throw new ReferralDeliveryException("webhook unreachable"); }
    }
}

/// <summary>
/// Delivers a referral from the durable outbox. Internal: it lands in the receiving department's inbox.
/// Webhook: a signed POST, thrown back to Wolverine to retry with cooldowns until a 2xx; the last
/// attempt records <see cref="ReferralDeliveryFailed"/> and the referral stays open.
/// </summary>
public static class DeliverReferralHandler
{
    public static async Task<Events> Handle(DeliverReferral message, [WriteAggregate] Referral referral, Envelope envelope, IDocumentSession session,
        ReferralWebhookClient webhooks, ReferralDeliveryOptions options, TimeProvider clock, ILogger<DeliverReferral> logger, CancellationToken ct)
    {
        // Superseded or already settled: never deliver twice.
        if (referral.PendingDeliveryAttempt != message.AttemptId || referral.Status == ReferralStatus.Closed) return [];
        switch (referral.Delivery)
        {
            case DeliveryMethod.Internal:
                return [new ReferralDelivered(referral.Id, message.AttemptId, $"inbox of {referral.ReceiverName} ({referral.ReceiverId})", clock.GetUtcNow())];
            case DeliveryMethod.Letter:
                return [new ReferralDelivered(referral.Id, message.AttemptId, $"printable transfer letter {referral.DocumentNumber ?? referral.Id.ToString()}", clock.GetUtcNow())];
        }
        try
        {
            var department = await session.LoadAsync<ReceivingDepartment>(referral.ReceiverId, ct);
            if (department?.WebhookUrl is not { Length: > 0 } url || department.WebhookSecret is not { Length: > 0 } secret)
                throw new ReferralDeliveryException("webhook not configured");
            var proof = await webhooks.PostAsync(url, secret, message.AttemptId, ReferralPayload.Build(referral, message.AttemptId), ct);
            return [new ReferralDelivered(referral.Id, message.AttemptId, proof, clock.GetUtcNow())];
        }
        catch (ReferralDeliveryException e)
        {
            logger.LogWarning("Referral {ReferralId} delivery {AttemptId} to {ReceiverId} failed on attempt {Attempt}: {Reason}",
                referral.Id, message.AttemptId, referral.ReceiverId, envelope.Attempts, e.Reason);
            if (envelope.Attempts < options.MaxAttempts) throw; // Wolverine retries after its cooldown
            return [new ReferralDeliveryFailed(referral.Id, message.AttemptId, e.Reason, envelope.Attempts, clock.GetUtcNow())];
        }
    }
}
