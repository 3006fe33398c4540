using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Supervision.Shared;

namespace Supervision.Web.Pages;

/// <summary>
/// Renders a page component on the server (static, no interactivity, no script) and puts it in the site's layout
/// (Ui/Html.cs, until the layout itself is a component). Pages get everything as one view model and never query.
/// </summary>
public static class ComponentHtml
{
    public static async Task<string> RenderAsync<TComponent>(IServiceProvider services, IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    public static async Task<IResult> PageAsync<TComponent>(IServiceProvider services, string title, Actor actor, object model) where TComponent : IComponent =>
        Ui.Html.Page(title, actor, await RenderAsync<TComponent>(services, new Dictionary<string, object?> { ["Model"] = model }));
}
