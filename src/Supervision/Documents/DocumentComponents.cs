using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Documents;

/// <summary>
/// Renders Razor components to HTML on the server: documents (into the printable <see cref="DocumentPage"/>) and the
/// web pages' bodies (Supervision.Web/Pages/ComponentHtml.cs). A component takes everything it shows as parameters and
/// uses no services, so a document renders the same bytes whenever it is opened.
/// </summary>
public static class DocumentComponents
{
    // Chinese as text, markup characters encoded (the same encoder as DocumentPage.H).
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

    public static async Task<string> RenderBodyAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    public static async Task<string> RenderAsync<TDocument>(string title, Dictionary<string, object?> parameters, string? extraStyle = null)
        where TDocument : IComponent =>
        DocumentPage.Render(title, await RenderBodyAsync<TDocument>(parameters), extraStyle);
}
