namespace Supervision.Complaints.Notifications;

/// <summary>One message to a complainant. <c>To</c> is an email address or a mobile number, depending on the channel.</summary>
/// <param name="Attachment">A file sent with it (a document served electronically carries the document itself).</param>
public sealed record ComplainantMessage(string To, string RecipientName, string Subject, string Body, MessageAttachment? Attachment = null);

/// <summary>A file attached to an email.</summary>
public sealed record MessageAttachment(string FileName, string MediaType, byte[] Content);

/// <summary>Thrown when delivery failed. <see cref="Reason"/> is safe to store and log: it never holds the address, number or body.</summary>
public sealed class NotificationDeliveryException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    public string Reason => Message;
}

/// <summary>Sends by email; returns a delivery proof to keep in the case record.</summary>
public interface IEmailSender
{
    Task<string> SendAsync(ComplainantMessage message, CancellationToken ct);
}

/// <summary>Sends by SMS; returns a delivery proof to keep in the case record.</summary>
public interface ISmsSender
{
    Task<string> SendAsync(ComplainantMessage message, CancellationToken ct);
}
