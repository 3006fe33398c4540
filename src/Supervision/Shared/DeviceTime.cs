using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http;

namespace Supervision.Shared;

/// <summary>
/// A step recorded offline and sent later (issue 16 §2) says when the device recorded it, in the header
/// <c>X-Device-Time</c> (ISO 8601). The events it appends carry that as their event header <c>deviceTime</c>, covered by the
/// hash chain like the rest of the event; their own timestamp stays the server's time of receipt, and every period counts
/// from that. The device's time is not trusted for anything: shown on the case, flagged when more than 24 hours off.
/// </summary>
public static class DeviceTime
{
    public const string Header = "X-Device-Time";
    public const string EventHeader = "deviceTime";

    /// <summary>Wolverine HTTP middleware on the commands (HostSetup): records the device time on the session's events.</summary>
    public static void Before(HttpContext http, IDocumentSession session)
    {
        var value = http.Request.Headers[Header].ToString();
        if (value.Length == 0) return;
        if (value.Length > 40 || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            throw RuleViolation.Invalid("invalid_device_time", "X-Device-Time 须为 ISO 8601 格式的时间", "X-Device-Time must be an ISO 8601 time", Header);
        session.SetHeader(EventHeader, time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
    }

    /// <summary>The device time an event carries, if it was recorded offline.</summary>
    public static DateTimeOffset? Of(IReadOnlyDictionary<string, object>? headers) =>
        headers is not null && headers.TryGetValue(EventHeader, out var v) && v?.ToString() is { } s
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    public static bool Skewed(DateTimeOffset device, DateTimeOffset server) => (device - server).Duration() > Files.EvidenceFiles.AllowedClockSkew;
}
