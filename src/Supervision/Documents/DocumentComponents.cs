using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Documents;

/// <summary>
/// Renders a document written as a Razor component into the printable page (<see cref="DocumentPage"/>). A document
/// component takes everything it prints as parameters (the recorded event), uses no HttpContext or services, and so
/// renders the same bytes whenever it is opened.
/// </summary>
public static class DocumentComponents
{
    // Chinese as text, markup characters encoded (the same encoder as DocumentPage.H).
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance)
        .BuildServiceProvider();

    public static async Task<string> RenderAsync<TDocument>(string title, Dictionary<string, object?> parameters) where TDocument : IComponent
    {
        await using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        var body = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TDocument>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return DocumentPage.Render(title, body);
    }
}
