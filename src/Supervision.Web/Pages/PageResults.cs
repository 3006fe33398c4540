using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Supervision.Web.Pages;

/// <summary>
/// Pages are Razor components rendered on the server (static SSR, no interactivity, no script of Blazor's): the
/// endpoints (same routes and methods as ever) load the data, build one view model and return the page component
/// through <see cref="Page{TPage}"/>. Components never query; no <c>@page</c> / MapRazorComponents (see /work PAGES.md:
/// it would claim GET and POST on the routes the endpoints own).
/// </summary>
public static class PageResults
{
    /// <summary>The services the renderer needs, and an encoder that writes Chinese as text (markup characters encoded).</summary>
    public static IServiceCollection AddSupervisionPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        return services;
    }

    /// <summary>The page component with its view model, at the given status; rendered whole (no streaming: it would need a script).</summary>
    public static RazorComponentResult Page<TPage>(object model, int status = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(new Dictionary<string, object?> { ["Model"] = model })
        {
            StatusCode = status,
            ContentType = "text/html; charset=utf-8",
            PreventStreamingRendering = true,
        };
}
