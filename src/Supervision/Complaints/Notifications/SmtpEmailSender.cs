using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using MimeKit.Utils;

namespace Supervision.Complaints.Notifications;

/// <summary>Bound from the "Smtp" configuration section.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 25;
    public string From { get; set; } = "noreply@archives.example.cn";
    public string FromName { get; set; } = "档案主管部门";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public bool UseStartTls { get; set; }
    public int TimeoutSeconds { get; set; } = 15;
}

/// <summary>Plain-text UTF-8 email through one SMTP relay, one connection per message (messages are rare).</summary>
public sealed partial class SmtpEmailSender(IOptions<SmtpOptions> options) : IEmailSender
{
    public async Task<string> SendAsync(ComplainantMessage message, CancellationToken ct)
    {
        var o = options.Value;
        // One budget for connect + auth + send, so a dead relay cannot hold the handler.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        using var client = new SmtpClient();
        try
        {
            var mime = Build(message, o);
            await client.ConnectAsync(o.Host, o.Port, o.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, timeout.Token);
            if (!string.IsNullOrEmpty(o.UserName))
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", timeout.Token);
            var response = await client.SendAsync(mime, timeout.Token);
            await QuitQuietly(client, timeout.Token);
            return $"smtp:{o.Host}:{o.Port} accepted message-id <{mime.MessageId}>: {response}";
        }
        // Only the caller's own cancellation passes through as cancellation; everything else is a delivery failure.
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw Fail("SMTP server timed out"); }
        // Server texts often echo the recipient, so the reason is built from the status code only.
        catch (SmtpCommandException e) { throw Fail($"SMTP {(int)e.StatusCode} {Describe(e.StatusCode)}"); }
        catch (SmtpProtocolException) { throw Fail("SMTP protocol error"); }
        catch (AuthenticationException) { throw Fail("SMTP authentication failed"); }
        catch (SslHandshakeException) { throw Fail("SMTP TLS handshake failed"); }
        catch (NotSupportedException) { throw Fail("SMTP server does not support STARTTLS"); }
        catch (SocketException) { throw Fail("SMTP server unreachable"); }
        catch (Exception e) when (e is IOException or TimeoutException) { throw Fail("SMTP connection lost"); }
        catch (ParseException) { throw Fail("email address is not valid"); }
    }

    // The message is already accepted here: a failed QUIT must not make the caller send it a second time.
    private static async Task QuitQuietly(SmtpClient client, CancellationToken ct)
    {
        try { await client.DisconnectAsync(quit: true, ct); }
        catch (Exception) { }
    }

    private static MimeMessage Build(ComplainantMessage m, SmtpOptions o)
    {
        var mime = new MimeMessage { Subject = m.Subject };
        mime.From.Add(new MailboxAddress(o.FromName, o.From));
        mime.To.Add(new MailboxAddress(m.RecipientName, m.To));
        var body = new TextPart(TextFormat.Plain);
        body.SetText(Encoding.UTF8, m.Body); // explicit UTF-8 so Chinese text is never sent in a legacy charset
        if (m.Attachment is { } file)
        {
            var part = new MimePart(ContentType.Parse(file.MediaType))
            {
                Content = new MimeContent(new MemoryStream(file.Content, writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = file.FileName, // non-ASCII names are encoded per RFC 2231 by MimeKit
            };
            mime.Body = new Multipart("mixed") { body, part };
        }
        else mime.Body = body;
        mime.MessageId = MimeUtils.GenerateMessageId(); // set up front so the proof can name it
        return mime;
    }

    // "MailboxUnavailable" → "mailbox unavailable"; codes MailKit does not name become "error".
    private static string Describe(SmtpStatusCode code) =>
        Enum.IsDefined(code) ? CamelWords().Replace(code.ToString(), " $1").ToLowerInvariant() : "error";

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex CamelWords();

    // No inner exception on purpose: its text may hold the address, and exceptions tend to be logged whole.
    private static NotificationDeliveryException Fail(string reason) => new(reason);
}
