using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Web.Auth;

public sealed record TokenRequest(string? Username, string? Password);
public sealed record TokenResponse(string access_token, string token_type, int expires_in);

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
            // Locked and wrong answer alike, so the answer does not tell which user names exist.
            _ => Results.Problem(Problems.Of(401, "login_refused", "用户名或密码错误，或账户因多次失败已临时锁定", "Wrong user name or password, or the account is locked after repeated failures")),
        };
    }

    private static TokenResponse ToResponse((string Token, int ExpiresIn) t) => new(t.Token, "Bearer", t.ExpiresIn);
}
