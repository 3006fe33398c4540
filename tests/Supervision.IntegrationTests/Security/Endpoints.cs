using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Http;

namespace Supervision.IntegrationTests.Security;

/// <summary>One Wolverine HTTP endpoint of the running app, as the router knows it.</summary>
public sealed record ApiEndpoint(string Method, string Pattern, Type? RequestType, string[] RouteParameters, (string Name, Type Type)[] QueryParameters)
{
    public string Key => $"{Method} {Pattern}";
    public override string ToString() => Key;
}

public static class Endpoints
{
    /// <summary>
    /// Every Wolverine HTTP endpoint the running app serves, read from its EndpointDataSource: a new
    /// endpoint shows up here (and so in the fuzz test and the authorisation matrix) without any edit.
    /// </summary>
    public static IReadOnlyList<ApiEndpoint> Of(IServiceProvider services)
    {
        var result = new Dictionary<string, ApiEndpoint>();
        foreach (var source in services.GetServices<EndpointDataSource>())
        foreach (var e in source.Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<HttpChain>() is not { } chain) continue;
            var routeParams = e.RoutePattern.Parameters.Select(p => p.Name).ToArray();
            var query = chain.Method.Method.GetParameters()
                .Where(p => !routeParams.Contains(p.Name, StringComparer.OrdinalIgnoreCase) && IsSimple(p.ParameterType) && p.ParameterType != typeof(CancellationToken))
                .Select(p => (p.Name!, p.ParameterType)).ToArray();
            foreach (var method in e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var ep = new ApiEndpoint(method, e.RoutePattern.RawText!, chain.RequestType, routeParams, query);
                result.TryAdd(ep.Key, ep);
            }
        }
        return result.Values.OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method).ToList();
    }

    public static bool IsSimple(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(DateOnly) || t == typeof(DateTime)
               || t == typeof(DateTimeOffset) || t == typeof(decimal) || t == typeof(TimeOnly);
    }
}
