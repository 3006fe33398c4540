using Marten;
using Microsoft.Extensions.Logging;
using Supervision.Complaints.Notifications;
using Supervision.Shared;
using Wolverine;

namespace Supervision.Complaints;

// ---- R11: the complainant is told the extension and its reason (信访工作条例 Art. 34) ----

/// <summary>
/// In the complaint stream, with <see cref="HandlingExtended"/>: the 延期办理告知书 (numbered) and how the complainant
/// was told. Letter and phone are recorded at once (<see cref="DeliveryProof"/>); email and SMS go through the outbox
/// and their outcome is kept in a <see cref="NoticeDelivery"/> stream of its own (<see cref="DeliveryId"/>), so a
/// delivery arriving later does not change the complaint's version under the handler's feet.
/// A complainant who left no contact is told nothing (<see cref="Channel"/> null); the reason says so.
/// </summary>
public sealed record ExtensionNoticeIssued(Guid ComplaintId, string NoticeNumber, NotificationChannel? Channel, Guid? DeliveryId,
    string? DeliveryProof, string ContentHash, string IssuedBy, DateTimeOffset IssuedAt);

// Events of a notice delivery stream (id = DeliveryId).
/// <param name="Notice">Which notice: <see cref="AcceptanceNotices.DeliveryKind"/> for the 受理告知书; null (as in older streams) for the 延期办理告知书.</param>
public sealed record NoticeDeliveryQueued(Guid DeliveryId, Guid ComplaintId, string NoticeNumber, NotificationChannel Channel, string ContentHash, DateTimeOffset QueuedAt,
    string? Notice = null);
public sealed record NoticeDelivered(Guid DeliveryId, string ContentHash, string DeliveryProof, DateTimeOffset DeliveredAt);
public sealed record NoticeDeliveryFailed(Guid DeliveryId, string Reason, int Attempts, DateTimeOffset FailedAt);

public enum NoticeDeliveryStatus { Sending, Delivered, Failed }

/// <summary>State of one email/SMS delivery of a notice (inline snapshot; looked up by complaint).</summary>
public sealed class NoticeDelivery
{
    public Guid Id { get; set; }
    public Guid ComplaintId { get; set; }
    public string NoticeNumber { get; set; } = "";
    /// <summary>Null: the extension notice; <see cref="AcceptanceNotices.DeliveryKind"/>: the acceptance notice.</summary>
    public string? Notice { get; set; }
    public NotificationChannel Channel { get; set; }
    /// <summary>SHA-256 of the notice's subject and text, as queued (a retold notice carries the same).</summary>
    public string ContentHash { get; set; } = "";
    public NoticeDeliveryStatus Status { get; set; }
    public string? DeliveryProof { get; set; }
    public string? Failure { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? SettledAt { get; set; }

    public static NoticeDelivery Create(NoticeDeliveryQueued e) => new()
    {
        Id = e.DeliveryId, ComplaintId = e.ComplaintId, NoticeNumber = e.NoticeNumber, Channel = e.Channel, ContentHash = e.ContentHash, Notice = e.Notice,
        Status = NoticeDeliveryStatus.Sending, QueuedAt = e.QueuedAt,
    };

    public void Apply(NoticeDelivered e) { Status = NoticeDeliveryStatus.Delivered; DeliveryProof = e.DeliveryProof; SettledAt = e.DeliveredAt; }
    public void Apply(NoticeDeliveryFailed e) { Status = NoticeDeliveryStatus.Failed; Failure = e.Reason; SettledAt = e.FailedAt; }
}

/// <summary>Outbox message: deliver the notice of a <see cref="NoticeDelivery"/> stream by email or SMS.</summary>
public sealed record DeliverNotice(Guid DeliveryId);

/// <summary>
/// Tell the complainant the extension again, by another channel, after the email or SMS failed (R11). The same
/// numbered notice; the assigned handler or a leader.
/// </summary>
public sealed record RetellExtension([property: System.Text.Json.Serialization.JsonPropertyName("version")] long? ExpectedVersion, NotificationChannel? Channel, string? Notes);

public static class ExtensionNotices
{
    /// <summary>The notice as told to the complainant: receipt number, new deadline and reason; nothing for the unit (R12).</summary>
    public static (string Subject, string Body) Content(Complaint c, Jurisdiction department, DateOnly previousDueOn, DateOnly newDueOn, string reason, DateOnly today)
    {
        var subject = $"投诉举报延期办理告知（受理编号 {c.ReceiptNumber}）";
        var body =
            $"您好：\n您于{c.ReceivedAt.ToOffset(TimeSpan.FromHours(8)):yyyy年M月d日}反映的{c.UnitName}有关问题（受理编号：{c.ReceiptNumber}），" +
            $"因{reason.TrimEnd('。')}，经本机关负责人批准，办理期限由{previousDueOn:yyyy年M月d日}延长至{newDueOn:yyyy年M月d日}。办理结果将及时告知您。\n" +
            $"{department.DepartmentName}\n{today:yyyy年M月d日}";
        return (subject, body);
    }

    /// <summary>The notice of a complaint that has been extended (its state holds the reason and both deadlines).</summary>
    public static (string Subject, string Body) Content(Complaint c, Jurisdiction department, DateOnly today) =>
        Content(c, department, c.PreviousHandlingDueOn ?? c.HandlingDueOn, c.HandlingDueOn, c.ExtensionReason ?? "", today);

    /// <summary>
    /// How the complainant is told (R11), decided with the extension: the channel must be one they left; a phone call
    /// needs a note of what was said; without any contact there is nothing to choose.
    /// </summary>
    /// <summary>A delivery id for a channel that goes through the outbox (email, SMS); null for letter and phone.</summary>
    public static Guid? NewDeliveryId(NotificationChannel? channel) => channel is NotificationChannel.Email or NotificationChannel.Sms ? Guid.CreateVersion7() : null;

    /// <summary>For an email/SMS notice: opens its delivery stream and hands the message to the outbox.</summary>
    public static void QueueDelivery(IDocumentSession session, ExtensionNoticeIssued notice, OutgoingMessages outgoing)
    {
        if (notice.DeliveryId is not { } id) return;
        session.Events.StartStream<NoticeDelivery>(id, new NoticeDeliveryQueued(id, notice.ComplaintId, notice.NoticeNumber, notice.Channel!.Value, notice.ContentHash, notice.IssuedAt));
        outgoing.Add(new DeliverNotice(id));
    }

    public static ExtensionNoticeIssued Decide(Complaint c, NotificationChannel? channel, string? notes, Actor actor, string noticeNumber,
        string contentHash, Guid? deliveryId, DateTimeOffset now)
    {
        if (c.ContactChannels.Length == 0)
        {
            if (channel is not null)
                throw RuleViolation.Invalid("no_such_contact", "投诉人未留下联系方式，不能选择告知方式", "The complainant left no contact; leave channel empty", "channel");
            var noContact = c.QueryCodeHash is null
                ? "投诉人未留联系方式，无法告知"
                : "投诉人未留联系方式；延期情况可凭受理编号和查询码查询";
            return new ExtensionNoticeIssued(c.Id, noticeNumber, null, null, noContact, contentHash, actor.UserName, now);
        }
        if (channel is null || !Enum.IsDefined(channel.Value))
            throw RuleViolation.Invalid("field_required", "须选择告知投诉人的方式（email、sms、letter、phone）", "channel is required (email|sms|letter|phone): the complainant must be told (R11)", "channel");
        if (!c.ContactChannels.Contains(channel.Value))
            throw RuleViolation.Invalid("no_such_contact", "投诉人未留下该联系方式", "The complainant left no contact for that channel", "channel");
        return channel switch
        {
            NotificationChannel.Letter => new(c.Id, noticeNumber, NotificationChannel.Letter, null, $"延期办理告知书 {noticeNumber} 已由 {actor.UserName} 登记寄出", contentHash, actor.UserName, now),
            NotificationChannel.Phone => new(c.Id, noticeNumber, NotificationChannel.Phone, null,
                $"{actor.UserName} 于 {now.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} 电话告知：{Guard.Required(notes, "notes", "通话情况", 2000)}", contentHash, actor.UserName, now),
            _ => new(c.Id, noticeNumber, channel, deliveryId ?? throw new ArgumentNullException(nameof(deliveryId)), null, contentHash, actor.UserName, now),
        };
    }
}

public static class RetellExtensionEndpoint
{
    /// <summary>Only after the last email/SMS of the notice failed: a recorded or delivered notice was told, a pending one may still arrive.</summary>
    public static ExtensionNoticeIssued Decide(Complaint c, RetellExtension cmd, NoticeDelivery? lastDelivery, Actor actor, Guid? deliveryId, DateTimeOffset now)
    {
        Guard.CanAct(actor, c.JurisdictionPath, Roles.ComplaintHandler, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        if (c.IsClosed) throw RuleViolation.Refused("complaint_closed", "该投诉举报已办结", "The complaint is closed");
        if (actor.Role != Roles.Leader && c.HandlerId != actor.UserName)
            throw RuleViolation.Forbidden("只有承办人或领导可以告知投诉人", "Only the assigned handler or a leader may tell the complainant");
        if (!c.Extended || c.ExtensionNoticeNumber is null)
            throw RuleViolation.Refused("not_extended", "办理期限未延长", "The handling period was not extended");
        switch (lastDelivery?.Status)
        {
            case null: throw RuleViolation.Refused("extension_notice_recorded", "延期告知已记录", "The extension notice was already recorded (letter, phone or no contact)");
            case NoticeDeliveryStatus.Sending: throw RuleViolation.Refused("notification_pending", "上一次告知尚在发送中", "The notice is still being delivered");
            case NoticeDeliveryStatus.Delivered: throw RuleViolation.Refused("extension_notice_delivered", "延期告知已送达", "The extension notice was delivered");
        }
        return ExtensionNotices.Decide(c, cmd.Channel, cmd.Notes, actor, c.ExtensionNoticeNumber, lastDelivery!.ContentHash, deliveryId, now);
    }

    [Wolverine.Http.WolverinePost("/api/complaints/{id}/extension-notice", OperationId = "RetellComplaintExtension")]
    public static async Task<(ExtensionRecorded, Wolverine.Marten.Events, OutgoingMessages)> Post(RetellExtension cmd, [Wolverine.Marten.WriteAggregate] Complaint complaint,
        System.Security.Claims.ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var last = complaint.ExtensionNoticeDeliveryId is { } d ? await session.LoadAsync<NoticeDelivery>(d, ct) : null;
        var notice = Decide(complaint, cmd, last, Actor.From(user), ExtensionNotices.NewDeliveryId(cmd.Channel), now);
        var outgoing = new OutgoingMessages();
        ExtensionNotices.QueueDelivery(session, notice, outgoing);
        var events = ComplaintLapses.With(complaint, now, notice);
        return (new ExtensionRecorded(complaint.Id, complaint.Version + events.Count, notice.NoticeNumber, complaint.HandlingDueOn, notice.DeliveryId is null ? "recorded" : "sending"),
            events, outgoing);
    }
}

/// <summary>
/// Delivers a notice by email or SMS from the durable outbox. A failed delivery is thrown back to Wolverine to retry
/// with the notification cooldowns; the last attempt records <see cref="NoticeDeliveryFailed"/>. Only the reason is
/// logged — never the address, number or text (R12).
/// </summary>
public static class DeliverNoticeHandler
{
    public static async Task Handle(DeliverNotice message, IDocumentSession session, Envelope envelope, PersonalDataProtector protector,
        IEmailSender email, ISmsSender sms, NotificationRetryOptions retry, TimeProvider clock, ILogger<DeliverNotice> logger, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<NoticeDelivery>(message.DeliveryId, ct);
        if (stream.Aggregate is not { Status: NoticeDeliveryStatus.Sending } delivery) return; // settled already: deliver nothing twice
        var complaint = await session.LoadAsync<Complaint>(delivery.ComplaintId, ct);
        if (complaint is null) return;
        var identity = protector.Unprotect(complaint.ProtectedComplainant);
        var now = clock.GetUtcNow();
        var department = JurisdictionCatalogue.Find(complaint.JurisdictionId)!;
        var (subject, body) = delivery.Notice == AcceptanceNotices.DeliveryKind
            ? AcceptanceNotices.Content(complaint, department, WorkingDayCalendar.BeijingToday(now))
            : ExtensionNotices.Content(complaint, department, WorkingDayCalendar.BeijingToday(now));
        try
        {
            var proof = await ComplainantNotifications.SendAsync(delivery.Channel, identity, subject, body, email, sms, ct);
            stream.AppendOne(new NoticeDelivered(delivery.Id, ComplainantNotifications.Hash(subject, body), proof, now));
        }
        catch (NotificationDeliveryException e)
        {
            logger.LogWarning("Notice delivery {DeliveryId} ({NoticeNumber}) by {Channel} failed on attempt {Attempt}: {Reason}",
                delivery.Id, delivery.NoticeNumber, delivery.Channel, envelope.Attempts, e.Reason);
            if (envelope.Attempts < retry.MaxAttempts) throw; // Wolverine retries after its cooldown
            stream.AppendOne(new NoticeDeliveryFailed(delivery.Id, e.Reason, envelope.Attempts, now));
        }
    }
}
