using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Supervision.Complaints.Notifications;

/// <summary>Bound from the "Sms" configuration section.</summary>
public sealed class SmsOptions
{
    public string GatewayUrl { get; set; } = "";
    public string ApiKey { get; set; } = "";
    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>SMS through an HTTP gateway: POST {"to","text"} with X-Api-Key, answer {"messageId"}.</summary>
public sealed class HttpSmsSender(HttpClient http, IOptions<SmsOptions> options) : ISmsSender
{
    public async Task<string> SendAsync(ComplainantMessage message, CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.GatewayUrl)) throw new NotificationDeliveryException("SMS gateway not configured");
        // Our own budget, independent of HttpClient.Timeout, so a hanging gateway fails fast and with a clear reason.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Post, o.GatewayUrl)
        {
            Content = JsonContent.Create(new { to = message.To, text = message.Body }),
        };
        request.Headers.Add("X-Api-Key", o.ApiKey);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new NotificationDeliveryException($"SMS gateway answered {(int)response.StatusCode}");
            var answer = await response.Content.ReadFromJsonAsync<GatewayAnswer>(timeout.Token);
            if (string.IsNullOrWhiteSpace(answer?.MessageId))
                throw new NotificationDeliveryException("SMS gateway answer has no messageId");
            return $"sms-gateway accepted message {answer.MessageId}";
        }
        // Only the caller's own cancellation passes through as cancellation; a timeout is a delivery failure.
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw new NotificationDeliveryException("SMS gateway timed out"); }
        // No inner exception: transport messages can echo the request, and exceptions tend to be logged whole.
        catch (HttpRequestException) { throw new NotificationDeliveryException("SMS gateway unreachable"); }
        catch (Exception e) when (e is JsonException or NotSupportedException) { throw new NotificationDeliveryException("SMS gateway answer is not JSON"); }
    }

    private sealed record GatewayAnswer(string? MessageId);
}
