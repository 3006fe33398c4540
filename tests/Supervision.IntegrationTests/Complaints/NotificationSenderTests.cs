using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using netDumbster.smtp;
using Supervision.Complaints.Notifications;

namespace Supervision.IntegrationTests.Complaints;

/// <summary>
/// The senders against real servers on loopback (an in-process SMTP server, a Kestrel stand-in for the SMS gateway).
/// No app host and no database: the senders are built directly.
/// </summary>
public sealed class NotificationSenderTests
{
    private static readonly ComplainantMessage Email = new(
        "zhang.san@example.cn", "张三", "关于您投诉事项的处理结果告知", "张三您好：您反映的档案违法问题已立案调查，特此告知。");
    private static readonly ComplainantMessage Sms = new(
        "13800138000", "张三", "处理结果", "【档案主管部门】您的投诉已受理，案件编号 TS-2025-001。");

    [Fact]
    public async Task Email_arrives_with_the_right_recipient_subject_and_utf8_chinese_body()
    {
        using var server = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
        // The server's own event, so the test waits exactly as long as delivery takes (bounded below).
        var received = new TaskCompletionSource<SmtpMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.MessageReceived += (_, e) => received.TrySetResult(e.Message);
        var port = server.Configuration.Port;

        var proof = await SmtpSender(port).SendAsync(Email, CancellationToken.None);

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var mime = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(message.Data)));
        Assert.Equal(Email.To, Assert.Single(message.ToAddresses).Address); // the SMTP envelope
        Assert.Equal(Email.To, Assert.Single(mime.To.Mailboxes).Address);
        Assert.Equal("张三", mime.To.Mailboxes.Single().Name);
        Assert.Equal(Email.Subject, mime.Subject);
        Assert.Equal(Email.Body, mime.TextBody?.TrimEnd());
        Assert.Equal("utf-8", Assert.IsType<TextPart>(mime.Body).ContentType.Charset, ignoreCase: true);
        Assert.Equal("档案主管部门", mime.From.Mailboxes.Single().Name);
        Assert.StartsWith($"smtp:127.0.0.1:{port} accepted message-id <{mime.MessageId}>: ", proof);
    }

    [Fact]
    public async Task A_server_refusing_the_recipient_gives_a_reason_without_address_or_body()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = RefuseEveryRecipient(listener);

        var e = await Assert.ThrowsAsync<NotificationDeliveryException>(
            () => SmtpSender(((IPEndPoint)listener.LocalEndpoint).Port).SendAsync(Email, CancellationToken.None));

        await server.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("SMTP 550 mailbox unavailable", e.Reason);
        AssertHoldsNoPersonalData(e, Email);
    }

    [Fact]
    public async Task An_unreachable_smtp_server_gives_a_short_reason()
    {
        var e = await Assert.ThrowsAsync<NotificationDeliveryException>(
            () => SmtpSender(ClosedPort()).SendAsync(Email, CancellationToken.None));

        Assert.Equal("SMTP server unreachable", e.Reason);
        AssertHoldsNoPersonalData(e, Email);
    }

    [Fact]
    public async Task Sms_is_posted_with_the_api_key_and_the_gateway_message_id_is_the_proof()
    {
        var requests = new List<(string ApiKey, JsonElement Body)>();
        await using var gateway = await StartGateway(StatusCodes.Status200OK, requests);

        var proof = await SmsSender(gateway.Urls.Single() + "/sms").SendAsync(Sms, CancellationToken.None);

        Assert.Equal("sms-gateway accepted message m-1", proof);
        var (apiKey, body) = Assert.Single(requests);
        Assert.Equal("test-key", apiKey);
        Assert.Equal(Sms.To, body.GetProperty("to").GetString());
        Assert.Equal(Sms.Body, body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_gateway_answering_503_gives_a_reason_with_the_status()
    {
        await using var gateway = await StartGateway(StatusCodes.Status503ServiceUnavailable, []);

        var e = await Assert.ThrowsAsync<NotificationDeliveryException>(
            () => SmsSender(gateway.Urls.Single() + "/sms").SendAsync(Sms, CancellationToken.None));

        Assert.Equal("SMS gateway answered 503", e.Reason);
        AssertHoldsNoPersonalData(e, Sms);
    }

    [Fact]
    public async Task An_unconfigured_gateway_is_a_delivery_failure()
    {
        var e = await Assert.ThrowsAsync<NotificationDeliveryException>(
            () => SmsSender("").SendAsync(Sms, CancellationToken.None));

        Assert.Equal("SMS gateway not configured", e.Reason);
    }

    private static SmtpEmailSender SmtpSender(int port) =>
        new(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, TimeoutSeconds = 10 }));

    private static HttpSmsSender SmsSender(string url) =>
        new(new HttpClient(), Options.Create(new SmsOptions { GatewayUrl = url, ApiKey = "test-key", TimeoutSeconds = 10 }));

    // Reasons are stored and logged, so neither they nor anything chained to them may carry personal data.
    private static void AssertHoldsNoPersonalData(NotificationDeliveryException e, ComplainantMessage m)
    {
        var text = e.ToString();
        Assert.DoesNotContain(m.To, text);
        Assert.DoesNotContain(m.Body, text);
        Assert.DoesNotContain(m.RecipientName, text);
    }

    // A port that was just free: connecting to it is refused.
    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    // A minimal SMTP peer that refuses every recipient with 550, echoing the address as real servers do.
    private static async Task RefuseEveryRecipient(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\r\n" };
        try
        {
            await writer.WriteLineAsync("220 localhost ESMTP test");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                await writer.WriteLineAsync(verb switch
                {
                    "RCPT" => $"550 5.1.1 {line["RCPT TO:".Length..]}: mailbox unavailable",
                    "QUIT" => "221 bye",
                    _ => "250 ok",
                });
                if (verb == "QUIT") return;
            }
        }
        catch (IOException) { } // the sender may drop the connection after the refusal
    }

    // Kestrel on a free loopback port, standing in for the SMS gateway and recording each request.
    private static async Task<WebApplication> StartGateway(int status, List<(string, JsonElement)> requests)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapPost("/sms", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            lock (requests) requests.Add((request.Headers["X-Api-Key"].ToString(), body.RootElement.Clone()));
            return status == StatusCodes.Status200OK ? Results.Json(new { messageId = "m-1" }) : Results.StatusCode(status);
        });
        await app.StartAsync();
        return app; // app.Urls now holds the bound address with the real port
    }
}
