using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Supervision.IntegrationTests.Referrals;

/// <summary>A receiving department's webhook: a real Kestrel server on 127.0.0.1 (port 0) in the test process.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(byte[] Body, string? Signature, string? DeliveryId, string? ContentType);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private int _calls;
    /// <summary>The status to answer on call n (1-based).</summary>
    public Func<int, int> Answer { get; set; }
    public string Url { get; private set; } = "";
    public IReadOnlyList<Received> Requests => _received.ToArray();

    private WebhookReceiver(Func<int, int> answer)
    {
        Answer = answer;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/referrals", async (HttpContext ctx) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            _received.Enqueue(new Received(buffer.ToArray(), ctx.Request.Headers["X-Supervision-Signature"], ctx.Request.Headers["X-Supervision-Delivery"],
                ctx.Request.ContentType));
            ctx.Response.StatusCode = Answer(Interlocked.Increment(ref _calls));
        });
    }

    public static async Task<WebhookReceiver> Start(Func<int, int> answer)
    {
        var receiver = new WebhookReceiver(answer);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/referrals";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
