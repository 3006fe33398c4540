using System.Security.Claims;
using Supervision.Shared;

namespace Supervision.Web.Auth;

/// <summary>
/// Deny by default for unit accounts (issue 17 §1): a signed-in unit (role Unit) reaches its portal (/portal, /api/portal),
/// the documents served on it (GET /api/documents/{number}[.pdf], which check the unit), file uploads for its reports, login
/// and logout, and the static files — every other route answers 404 as for anything that does not exist for it. Until the
/// activation code was replaced by a password, only the password page and its API are open. Staff are not affected.
/// </summary>
public static class UnitPortalGate
{
    public const string PasswordClaim = "must_set_password";

    private static readonly HashSet<string> DocumentRoutes = ["/api/documents/{number}", "/api/documents/{number}.pdf"];

    public static bool IsUnit(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.FindFirstValue("role") == Roles.Unit;

    public static bool Allows(HttpRequest request, bool mustSetPassword)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/login") || path.StartsWithSegments("/logout") || path.StartsWithSegments("/api/auth")) return true;
        if (path.StartsWithSegments("/portal/password") || path.StartsWithSegments("/api/portal/password")) return true;
        // What anybody may reach without a login (public complaints, published draws, verifying a document), a unit may too.
        if (request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null) return true;
        // Static files (scripts, styles, icons) are the same for everybody.
        if (HttpMethods.IsGet(request.Method) && !path.StartsWithSegments("/api") && Path.HasExtension(path.Value)) return true;
        if (mustSetPassword) return false;
        if (path.StartsWithSegments("/portal") || path.StartsWithSegments("/api/portal")) return true;
        // The documents served on it, as issued (DocumentEndpoints.Readable checks the unit) — by the route matched, not the path's shape.
        if (HttpMethods.IsGet(request.Method) && request.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route }
            && DocumentRoutes.Contains("/" + route.TrimStart('/'))) return true;
        return HttpMethods.IsPost(request.Method) && (path.StartsWithSegments("/api/files") || path.StartsWithSegments("/api/uploads"))
            || HttpMethods.IsPut(request.Method) && path.StartsWithSegments("/api/uploads");
    }

    public static async Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        if (!IsUnit(http.User)) { await next(); return; }
        var mustSetPassword = http.User.FindFirstValue(PasswordClaim) == "true";
        if (Allows(http.Request, mustSetPassword)) { await next(); return; }
        if (mustSetPassword && !http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.Redirect("/portal/password");
            return;
        }
        if (http.Request.Path == "/" ) { http.Response.Redirect("/portal"); return; }
        http.Response.StatusCode = mustSetPassword ? 403 : 404; // the status-code page writes the problem
        if (mustSetPassword)
            await http.Response.WriteAsJsonAsync(Problems.Of(403, "password_not_set", "请先设置密码", "Set the password first (POST /api/portal/password)"),
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
