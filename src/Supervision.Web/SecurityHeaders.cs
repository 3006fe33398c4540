namespace Supervision.Web;

/// <summary>
/// Security headers on every response: no framing, no MIME sniffing, scripts and styles only from this
/// site (documents keep their inline print styles), no referrer leaking case ids to other sites.
/// API answers and signed-in pages are not stored by caches (no-store). The API reference page (/api-docs) loads its viewer from a CDN and gets no CSP.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                               "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h["X-Content-Type-Options"] = "nosniff";
            h["X-Frame-Options"] = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            // Answers about cases and people (complainants' identities above all) stay out of browser and proxy caches.
            if ((context.Request.Path.StartsWithSegments("/api") || context.User.Identity?.IsAuthenticated == true) && !h.ContainsKey("Cache-Control"))
                h.CacheControl = "no-store";
            if (!context.Request.Path.StartsWithSegments("/api-docs") && !context.Request.Path.StartsWithSegments("/scalar"))
                h["Content-Security-Policy"] = Csp;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
