using Microsoft.AspNetCore.Mvc;

namespace Supervision.Shared;

/// <summary>
/// RFC 7807 problem bodies in Chinese and English. <c>title</c>/<c>detail</c> carry both languages;
/// <c>detail_zh</c>/<c>detail_en</c> and the machine-readable <c>code</c> let clients pick one.
/// </summary>
public static class Problems
{
    public static ProblemDetails Of(int status, string code, string zh, string en, string? field = null)
    {
        var p = new ProblemDetails
        {
            Status = status,
            Type = $"https://supervision.local/problems/{code}",
            Title = TitleFor(status),
            Detail = $"{zh} ({en})",
        };
        p.Extensions["code"] = code;
        p.Extensions["detail_zh"] = zh;
        p.Extensions["detail_en"] = en;
        if (field is not null)
            p.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [$"{zh} ({en})"] };
        return p;
    }

    public static ProblemDetails BadRequest(string code, string zh, string en, string? field = null) => Of(400, code, zh, en, field);
    public static ProblemDetails Unprocessable(string code, string zh, string en, string? field = null) => Of(422, code, zh, en, field);
    public static ProblemDetails Conflict(string code, string zh, string en) => Of(409, code, zh, en);
    public static ProblemDetails NotFound(string what = "case") => Of(404, "not_found", "未找到该记录，或您无权查看", $"The {what} was not found or you may not see it");
    public static ProblemDetails Forbidden(string zh, string en) => Of(403, "forbidden", zh, en);

    public static string TitleFor(int status) => status switch
    {
        400 => "请求无效 / Bad request",
        401 => "未登录 / Unauthorized",
        403 => "无权操作 / Forbidden",
        404 => "未找到 / Not found",
        405 => "不支持的请求方法 / Method not allowed",
        409 => "冲突 / Conflict",
        413 => "请求内容过大 / Payload too large",
        415 => "不支持的内容类型 / Unsupported media type",
        422 => "不符合办案规则 / Rule violated",
        429 => "请求过多 / Too many requests",
        503 => "服务暂不可用 / Service unavailable",
        _ => "服务器错误 / Server error",
    };
}
