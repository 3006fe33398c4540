using Serilog.Context;

namespace Supervision.Web;

/// <summary>
/// Takes the caller's X-Correlation-Id (or makes one), echoes it, and puts it on every log line and
/// on the Marten session metadata (Wolverine reads it from the HTTP request's trace identifier).
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var id = IsSafe(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = id;
        // Set when the response starts, so it survives the exception handler clearing headers.
        context.Response.OnStarting(() => { context.Response.Headers[Header] = id; return Task.CompletedTask; });
        using (LogContext.PushProperty("CorrelationId", id))
            await next(context);
    }

    // Only short, plain ids are echoed back and logged.
    private static bool IsSafe(string s) =>
        s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
