namespace Supervision.Web.Pages.Account;

/// <summary>The login form: after a refusal, why and the user name typed (never the password).</summary>
public sealed record LoginView(string? Error = null, string? UserName = null);
