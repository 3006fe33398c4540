using Microsoft.AspNetCore.Components;
using Supervision.Documents;
using Supervision.Shared;

namespace Supervision.Web.Pages;

/// <summary>
/// A page component (static server rendering, no interactivity, no script) in the site's layout (Ui/Html.cs, until the
/// layout itself is a component). Pages get everything as one view model <c>Model</c> and never query.
/// </summary>
public static class ComponentHtml
{
    public static async Task<IResult> PageAsync<TComponent>(string title, Actor actor, object model) where TComponent : IComponent =>
        Ui.Html.Page(title, actor, await DocumentComponents.RenderBodyAsync<TComponent>(new() { ["Model"] = model }));
}
