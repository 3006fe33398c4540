using Supervision.Shared;

namespace Supervision.Web.Pages.Shared;

public sealed record RefusedView(string Title, Actor? Actor, string Message, string? Back = "/", string BackText = "返回工作台");
