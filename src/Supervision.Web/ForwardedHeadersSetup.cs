using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Supervision.Web;

/// <summary>
/// Behind a reverse proxy (ops/deploy: nginx) the client address is the proxy's; the public rate limiter and the
/// request log need the client's. Off by default, so a direct client cannot pick its own address with
/// X-Forwarded-For. When on, only the configured proxies are believed (default: loopback only):
/// <code>
/// Supervision:ForwardedHeaders:Enabled = true
/// Supervision:ForwardedHeaders:KnownProxies = 10.0.0.5,10.0.0.6      (or KnownProxies:0, :1 …)
/// Supervision:ForwardedHeaders:KnownNetworks = 10.0.0.0/24            (CIDR)
/// Supervision:ForwardedHeaders:ForwardLimit = 1                       (proxies in the chain)
/// </code>
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "Supervision:ForwardedHeaders";

    public static ForwardedHeadersOptions? Options(IConfiguration cfg)
    {
        var section = cfg.GetSection(Section);
        if (!section.GetValue("Enabled", false)) return null;
        var o = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = section.GetValue("ForwardLimit", 1),
        };
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var proxy in List(section.GetSection("KnownProxies"))) o.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in List(section.GetSection("KnownNetworks"))) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        if (o.KnownProxies.Count == 0 && o.KnownIPNetworks.Count == 0)
        {
            o.KnownProxies.Add(IPAddress.Loopback);
            o.KnownProxies.Add(IPAddress.IPv6Loopback);
        }
        return o;
    }

    /// <summary>First in the pipeline, so the rate limiter, the request log and the auth cookie see the client.</summary>
    public static void UseSupervisionForwardedHeaders(this WebApplication app)
    {
        if (Options(app.Configuration) is { } options) app.UseForwardedHeaders(options);
    }

    private static IEnumerable<string> List(IConfigurationSection s) =>
        (s.Value is { Length: > 0 } v ? v.Split(',') : s.GetChildren().Select(c => c.Value ?? ""))
        .Select(x => x.Trim()).Where(x => x.Length > 0);
}
