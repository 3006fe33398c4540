using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Supervision.Shared;

namespace Supervision.Web;

/// <summary>Turns exceptions into problem bodies without stack traces or SQL.</summary>
public static class ExceptionProblems
{
    public static async Task Write(HttpContext context)
    {
        var feature = context.Features.Get<IExceptionHandlerFeature>();
        var error = feature?.Error;
        // The twin of a request that just committed: answer as the first one was answered.
        // (Not when the database is down: the replay would fail the same way.)
        if (error is not RuleViolation && !DatabaseFailure.IsUnavailable(error) && context.Request.Headers.ContainsKey(Idempotency.Header))
        {
            await using var session = context.RequestServices.GetRequiredService<Marten.IDocumentStore>().QuerySession();
            if (await Idempotency.TryReplay(context, session)) return;
        }
        var problem = Classify(error);
        // The stream is named by the exception or, when Marten does not say, by the case id in the route.
        if (error is ConcurrencyException concurrency &&
            (concurrency.Id as Guid? ?? (Guid.TryParse(feature?.RouteValues?["id"]?.ToString(), out var routeId) ? routeId : null)) is { } streamId)
            await AddCurrentVersion(context, problem, streamId);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Supervision.Errors");
        // Refusals are normal business; only real faults are errors (messages only: no request bodies, no personal data).
        if (problem.Status == 503) // an outage is logged once per request without the stack (the driver logs the cause)
            logger.LogWarning("Database unavailable on {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, DatabaseFailure.Reason(error));
        else if (problem.Status >= 500)
            logger.LogError(error, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        else
            logger.LogInformation("Refused {Method} {Path}: {Code}", context.Request.Method, context.Request.Path, problem.Extensions["code"]);
        problem.Extensions["correlationId"] = context.TraceIdentifier;
        if (problem.Status == 503) context.Response.Headers.RetryAfter = DatabaseFailure.RetryAfterSeconds.ToString();
        context.Response.StatusCode = problem.Status ?? 500;
        await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    // A race lost at append time: tell the client which version won, as for a stale version.
    private static async Task AddCurrentVersion(HttpContext context, ProblemDetails problem, Guid streamId)
    {
        try
        {
            await using var session = context.RequestServices.GetRequiredService<Marten.IDocumentStore>().QuerySession();
            if (await session.Events.FetchStreamStateAsync(streamId) is { } state) problem.Extensions["currentVersion"] = state.Version;
        }
        catch (Exception) { /* the 409 stands without it */ }
    }

    public static ProblemDetails Classify(Exception? error) => error switch
    {
        RuleViolation violation => violation.Problem,
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException =>
            Problems.Conflict("stale_version", "案件已被他人修改，请刷新后重试", "The case was changed by someone else; reload and retry"),
        BadHttpRequestException bad when bad.StatusCode == 413 =>
            Problems.Of(413, "too_large", "请求内容过大", "The request body is too large"),
        BadHttpRequestException or System.Text.Json.JsonException or FormatException =>
            Problems.BadRequest("malformed_request", "请求格式无效", "The request body could not be read"),
        _ when DatabaseFailure.IsUnavailable(error) => DatabaseFailure.Problem(),
        _ => Problems.Of(500, "server_error", "服务器内部错误", "Internal server error"),
    };
}

/// <summary>Bodies for bare status codes (401 from auth, 404 for unknown routes, 405 ...).</summary>
public static class StatusCodeProblems
{
    public static async Task Write(StatusCodeContext ctx)
    {
        var http = ctx.HttpContext;
        if (http.Response.HasStarted || http.Response.ContentLength > 0) return;
        var status = http.Response.StatusCode;
        var problem = status switch
        {
            401 => Problems.Of(401, "unauthenticated", "请先登录", "Authentication required"),
            403 => Problems.Of(403, "forbidden", "无权执行此操作", "You may not do this"),
            404 => Problems.NotFound("resource"),
            405 => Problems.Of(405, "method_not_allowed", "不支持该请求方法", "Method not allowed"),
            415 => Problems.Of(415, "unsupported_media_type", "请使用 application/json", "Use application/json"),
            _ => Problems.Of(status, "http_" + status, "请求失败", "Request failed"),
        };
        problem.Extensions["correlationId"] = http.TraceIdentifier;
        await http.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}

/// <summary>
/// Every problem written through ASP.NET Core's problem-details service (ours, and Wolverine's own
/// 400 for unreadable JSON) gets the correlation id and, where it has none, the bilingual fields.
/// </summary>
public static class ProblemBodies
{
    public static void Customize(ProblemDetailsContext ctx)
    {
        var p = ctx.ProblemDetails;
        p.Extensions["correlationId"] = ctx.HttpContext.TraceIdentifier;
        p.Extensions.Remove("traceId");
        if (p.Extensions.ContainsKey("code")) return;
        var status = p.Status ?? ctx.HttpContext.Response.StatusCode;
        var (code, zh, en) = p.Title == "Invalid JSON format"
            ? ("malformed_json", "请求体不是有效的 JSON，或字段类型不正确", "The body is not valid JSON or a field has the wrong type")
            : ("http_" + status, "请求无法处理", p.Detail ?? p.Title ?? "Request failed");
        var technical = p.Detail;
        p.Title = Problems.TitleFor(status);
        p.Type = $"https://supervision.local/problems/{code}";
        p.Detail = $"{zh} ({en})";
        p.Extensions["code"] = code;
        p.Extensions["detail_zh"] = zh;
        p.Extensions["detail_en"] = en;
        if (technical is not null && code == "malformed_json") p.Extensions["reason"] = technical;
        p.Extensions.Remove("traceId");
    }
}
