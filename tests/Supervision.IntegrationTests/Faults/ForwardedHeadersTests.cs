using System.Net;
using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Wolverine;
using Supervision.Web;

namespace Supervision.IntegrationTests.Faults;

/// <summary>
/// Behind nginx the public rate limiter keys on the client address from X-Forwarded-For — but only when the peer is
/// a configured proxy; anyone else's header is ignored (or a client could pick a fresh address for every request).
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.9.8.7");
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..12];
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        _host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Marten", AppFixture.ConnectionString);
            web.UseSetting("Supervision:Schema", _schema);
            web.UseSetting("Jwt:SigningKey", "integration-test-signing-key-0123456789abcdef");
            web.UseSetting("Supervision:ConsoleLogLevel", "Warning");
            web.UseSetting("Supervision:KeyDirectory", Path.Combine(Path.GetTempPath(), "supervision-test-keys", _schema));
            web.UseSetting("Supervision:PublicRateLimit:PermitLimit", "2");
            web.UseSetting("Supervision:ForwardedHeaders:Enabled", "true");
            web.UseSetting("Supervision:ForwardedHeaders:KnownProxies", Proxy.ToString());
            web.ConfigureTestServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await AppFixture.DropSchema(_schema);
    }

    private async Task<int> Status(IPAddress peer, string? forwardedFor)
    {
        var result = await _host.Scenario(s =>
        {
            s.Get.Url("/api/public/complaints/TS0000?code=X");
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = peer);
            if (forwardedFor is not null) s.WithRequestHeader("X-Forwarded-For", forwardedFor);
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }

    [Fact]
    public async Task A_spoofed_header_from_an_untrusted_peer_is_ignored_and_a_trusted_proxys_header_keys_the_limit()
    {
        // An untrusted peer inventing a new address per request still shares one bucket: its own address.
        var untrusted = IPAddress.Parse("203.0.113.9");
        var spoofed = new List<int>();
        for (var i = 0; i < 3; i++) spoofed.Add(await Status(untrusted, $"198.51.100.{i + 1}"));
        Assert.Equal([404, 404, 429], spoofed);

        // Through the trusted proxy each client has its own bucket (the proxy's own address is not the key).
        var first = new List<int>();
        for (var i = 0; i < 3; i++) first.Add(await Status(Proxy, "192.0.2.10"));
        Assert.Equal([404, 404, 429], first);
        Assert.Equal(404, await Status(Proxy, "192.0.2.11"));
        Assert.Equal(404, await Status(Proxy, "192.0.2.12"));
    }

    [Fact]
    public void Off_by_default_and_loopback_only_when_enabled_without_proxies()
    {
        Assert.Null(ForwardedHeadersSetup.Options(new ConfigurationBuilder().Build()));
        var on = ForwardedHeadersSetup.Options(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Supervision:ForwardedHeaders:Enabled"] = "true" }).Build())!;
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], on.KnownProxies);
        Assert.Empty(on.KnownIPNetworks);
        var networks = ForwardedHeadersSetup.Options(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Supervision:ForwardedHeaders:Enabled"] = "true", ["Supervision:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/24",
        }).Build())!;
        Assert.Empty(networks.KnownProxies);
        Assert.Equal("10.0.0.0/24", Assert.Single(networks.KnownIPNetworks).ToString());
    }
}
