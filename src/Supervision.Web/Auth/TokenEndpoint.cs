using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Web.Auth;

/// <summary>登录：用户名与密码 / Log in: user name and password.</summary>
public sealed record TokenRequest(string? Username, string? Password);
/// <summary>访问令牌 / An access token.</summary>
public sealed record TokenResponse(string access_token, string token_type, int expires_in);
/// <summary>退出全部设备（须确认） / Log out on every device (confirm).</summary>
/// <param name="Confirm">must be true: ending every session is not done by a stray request</param>
public sealed record LogOutEverywhereRequest(bool? Confirm);

public static class TokenEndpoint
{
    [AllowAnonymous]
    [WolverinePost("/api/auth/token", OperationId = "IssueToken")]
    [ProducesResponseType<TokenResponse>(200)]
    public static async Task<IResult> Post(TokenRequest request, IDocumentSession session, LoginService login, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Username) || string.IsNullOrEmpty(request.Password))
            return Results.Problem(Problems.BadRequest("credentials_missing", "请输入用户名和密码", "username and password are required", "username"));
        var (outcome, user) = await login.CheckAsync(session, request.Username, request.Password, ct);
        return outcome switch
        {
            LoginOutcome.Success => Results.Ok(ToResponse(login.IssueToken(user!))),
            LoginOutcome.RateLimited => Results.Problem(Problems.Of(429, "rate_limited", "登录失败次数过多，请稍后再试", "Too many failed logins; try again later")),
            // Locked and wrong answer alike, so the answer does not tell which user names exist.
            _ => Results.Problem(Problems.Of(401, "login_refused", "用户名或密码错误，或账户因多次失败已临时锁定", "Wrong user name or password, or the account is locked after repeated failures")),
        };
    }

    /// <summary>
    /// Log out everywhere: a new security stamp ends every token and cookie issued to the caller so far (UserCheck.cs),
    /// e.g. after a lost laptop or a leaked token. The caller logs in again for a new one.
    /// </summary>
    [WolverinePost("/api/auth/logout-everywhere", OperationId = "LogOutEverywhere")]
    [ProducesResponseType(204)]
    public static async Task<IResult> LogOutEverywhere(LogOutEverywhereRequest request, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (request.Confirm != true)
            return Results.Problem(Problems.BadRequest("confirmation_required", "请确认退出所有设备上的登录（confirm: true）", "Send confirm: true to end every session", "confirm"));
        var actor = Actor.From(http.User);
        await UserRecords.NewSecurityStamp(store, actor.UserName, ct);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.NoContent();
    }

    private static TokenResponse ToResponse((string Token, int ExpiresIn) t) => new(t.Token, "Bearer", t.ExpiresIn);
}
