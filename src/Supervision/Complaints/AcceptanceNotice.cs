using System.Text.Json.Serialization;
using Marten;
using Supervision.Shared;
using Wolverine;

namespace Supervision.Complaints;

// ---- R10: the 受理告知书 reaches the complainant, and how and when is part of the case (信访工作条例 Art. 23) ----

/// <summary>
/// In the complaint stream, after <see cref="AcceptanceDecided"/>: how the complainant was told the acceptance decision
/// (its 投诉举报受理告知书 <see cref="NoticeNumber"/>). Letter and phone are recorded at once (<see cref="DeliveryProof"/>);
/// email and SMS go through the outbox and their outcome is kept in a <see cref="NoticeDelivery"/> stream of its own
/// (<see cref="DeliveryId"/>), as for the extension notice. Without any contact <see cref="Channel"/> is null and the proof says so.
/// </summary>
public sealed record AcceptanceNoticeSent(Guid ComplaintId, string NoticeNumber, NotificationChannel? Channel, Guid? DeliveryId,
    string? DeliveryProof, string ContentHash, string SentBy, DateTimeOffset SentAt);

/// <summary>Tell the complainant the acceptance decision (when not told with the decision), or again after a failed email/SMS.</summary>
public sealed record SendAcceptanceNotice([property: JsonPropertyName("version")] long? ExpectedVersion, NotificationChannel? Channel, string? Notes);

/// <summary>受理告知书已记录：文号与送达状态 / An acceptance notice was recorded: its number and delivery status.</summary>
public sealed record AcceptanceNoticeRecorded(Guid Id, long Version, string NoticeNumber, string NoticeStatus);

/// <summary>
/// How the 受理告知书 reached the complainant. <c>status</c>: <c>not_sent</c> (nothing recorded yet), <c>recorded</c> (letter,
/// phone or no contact: see <c>proof</c>), or the email/SMS delivery's <c>sending</c>, <c>delivered</c>, <c>failed</c>.
/// </summary>
public sealed record AcceptanceNoticeView(string Number, NotificationChannel? Channel, string Status, string? Proof, string? Failure, DateTimeOffset? SentAt)
{
    public static AcceptanceNoticeView? Of(Complaint c, NoticeDelivery? delivery)
    {
        if (c.AcceptanceNoticeNumber is null) return null;
        if (c.AcceptanceNoticeSentAt is null) return new(c.AcceptanceNoticeNumber, null, "not_sent", null, null, null);
        var status = c.AcceptanceNoticeDeliveryId is null ? "recorded"
            : delivery?.Status switch { NoticeDeliveryStatus.Delivered => "delivered", NoticeDeliveryStatus.Failed => "failed", _ => "sending" };
        return new(c.AcceptanceNoticeNumber, c.AcceptanceNoticeChannel, status, delivery?.DeliveryProof ?? c.AcceptanceNoticeProof, delivery?.Failure,
            c.AcceptanceNoticeSentAt);
    }
}

public static class AcceptanceNotices
{
    public const string DeliveryKind = "acceptance";

    /// <summary>The decision as the 受理告知书 states it (plain text; the document escapes it).</summary>
    public static string DecisionText(Complaint c, DateTimeOffset issuedAt) =>
        DecisionText(c, c.Decision, c.DecisionReason, c.TransferTo, c.DecidedAt ?? issuedAt);

    /// <summary>
    /// R10/R11: a decision taken within the 15 days promises the 60-day period as always. A late one says so and states the
    /// period as it really stands — the day the case will be handled by, or that the 60 days have already run out — never
    /// a period that is over (issue 12 item 14).
    /// </summary>
    public static string DecisionText(Complaint c, AcceptanceDecision? decision, string? reason, string? transferTo, DateTimeOffset decidedAt)
    {
        var late = c.AcceptanceOverdue || decidedAt >= WorkingDayCalendar.EndOfDayBeijing(c.AcceptanceDueOn);
        var handlingOver = c.HandlingOverdue || decidedAt >= WorkingDayCalendar.EndOfDayBeijing(c.HandlingDueOn);
        var accepted = !late
            ? "决定予以受理。本机关将自收到之日起六十日内办结，并将处理结果告知你。"
            : handlingOver
                ? $"决定予以受理。本机关未能在收到之日起十五日内（{c.AcceptanceDueOn:yyyy年M月d日}前）告知受理情况；自收到之日起六十日的办理期限已于{c.HandlingDueOn:yyyy年M月d日}届满。本机关将尽快办结，并将处理结果告知你。"
                : $"决定予以受理。本机关未能在收到之日起十五日内（{c.AcceptanceDueOn:yyyy年M月d日}前）告知受理情况。本机关将于{c.HandlingDueOn:yyyy年M月d日}前办结（自收到之日起六十日），并将处理结果告知你。";
        return decision switch
        {
            AcceptanceDecision.Accepted => accepted,
            AcceptanceDecision.NotAccepted => $"决定不予受理。理由：{reason}",
            _ => $"该事项不属于本机关职责范围，已转送{transferTo}处理。",
        };
    }

    /// <summary>The notice as told by email or SMS: receipt number and decision; nothing for the unit (R12).</summary>
    /// <param name="decided">The decision when told with it (not yet in <paramref name="c"/>); otherwise the complaint's own.</param>
    public static (string Subject, string Body) Content(Complaint c, Jurisdiction department, DateOnly today, AcceptanceDecided? decided = null)
    {
        var text = decided is null ? DecisionText(c, DateTimeOffset.MinValue) : DecisionText(c, decided.Decision, decided.Reason, decided.TransferTo, decided.DecidedAt);
        var number = decided?.NoticeNumber ?? c.AcceptanceNoticeNumber;
        var subject = $"投诉举报受理告知（受理编号 {c.ReceiptNumber}）";
        var body =
            $"您好：\n您于{c.ReceivedAt.ToOffset(TimeSpan.FromHours(8)):yyyy年M月d日}反映的{c.UnitName}有关问题（受理编号：{c.ReceiptNumber}），本机关已收悉。" +
            $"经审查，{text}受理告知书文号：{number}。\n" +
            $"{department.DepartmentName}\n{today:yyyy年M月d日}";
        return (subject, body);
    }

    /// <summary>How the complainant is told: a channel they left (phone with a note of what was said); none without contact.</summary>
    public static AcceptanceNoticeSent Decide(Complaint c, NotificationChannel? channel, string? notes, Actor actor, string noticeNumber,
        string contentHash, Guid? deliveryId, DateTimeOffset now)
    {
        if (c.ContactChannels.Length == 0)
        {
            if (channel is not null)
                throw RuleViolation.Invalid("no_such_contact", "投诉人未留下联系方式，不能选择告知方式", "The complainant left no contact; leave channel empty", "channel");
            var noContact = c.QueryCodeHash is null ? "投诉人未留联系方式，无法告知" : "投诉人未留联系方式；受理情况可凭受理编号和查询码查询";
            return new AcceptanceNoticeSent(c.Id, noticeNumber, null, null, noContact, contentHash, actor.UserName, now);
        }
        if (channel is null || !Enum.IsDefined(channel.Value))
            throw RuleViolation.Invalid("field_required", "须选择告知投诉人的方式（email、sms、letter、phone）", "channel is required (email|sms|letter|phone): the complainant must be told (R10)", "channel");
        if (!c.ContactChannels.Contains(channel.Value))
            throw RuleViolation.Invalid("no_such_contact", "投诉人未留下该联系方式", "The complainant left no contact for that channel", "channel");
        return channel switch
        {
            NotificationChannel.Letter => new(c.Id, noticeNumber, NotificationChannel.Letter, null, $"受理告知书 {noticeNumber} 已由 {actor.UserName} 登记寄出", contentHash, actor.UserName, now),
            NotificationChannel.Phone => new(c.Id, noticeNumber, NotificationChannel.Phone, null,
                $"{actor.UserName} 于 {now.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} 电话告知：{Guard.Required(notes, "notes", "通话情况", 2000)}", contentHash, actor.UserName, now),
            _ => new(c.Id, noticeNumber, channel, deliveryId ?? throw new ArgumentNullException(nameof(deliveryId)), null, contentHash, actor.UserName, now),
        };
    }

    /// <summary>Told once; again only after the last email/SMS failed (a pending one may still arrive).</summary>
    public static void CheckMayTell(Complaint c, NoticeDelivery? lastDelivery)
    {
        if (c.Decision is null || c.AcceptanceNoticeNumber is null)
            throw RuleViolation.Refused("acceptance_not_decided", "尚未作出受理决定", "There is no acceptance decision to tell yet");
        if (c.AcceptanceNoticeSentAt is null) return;
        switch (lastDelivery?.Status)
        {
            case null: throw RuleViolation.Refused("acceptance_notice_recorded", "受理告知已记录", "The acceptance notice was already recorded (letter, phone or no contact)");
            case NoticeDeliveryStatus.Sending: throw RuleViolation.Refused("notification_pending", "上一次告知尚在发送中", "The notice is still being delivered");
            case NoticeDeliveryStatus.Delivered: throw RuleViolation.Refused("acceptance_notice_delivered", "受理告知已送达", "The acceptance notice was delivered");
        }
    }

    /// <summary>The notice event, its content hash included; <paramref name="decided"/> when told with the decision.</summary>
    public static AcceptanceNoticeSent Compose(Complaint c, NotificationChannel? channel, string? notes, Actor actor, DateTimeOffset now,
        AcceptanceDecided? decided = null)
    {
        var department = JurisdictionCatalogue.Find(c.JurisdictionId)!;
        var (subject, body) = Content(c, department, WorkingDayCalendar.BeijingToday(now), decided);
        return Decide(c, channel, notes, actor, decided?.NoticeNumber ?? c.AcceptanceNoticeNumber!, ComplainantNotifications.Hash(subject, body),
            ExtensionNotices.NewDeliveryId(channel), now);
    }

    /// <summary>For an email/SMS notice: opens its delivery stream and hands the message to the outbox.</summary>
    public static void QueueDelivery(IDocumentSession session, AcceptanceNoticeSent notice, OutgoingMessages outgoing)
    {
        if (notice.DeliveryId is not { } id) return;
        session.Events.StartStream<NoticeDelivery>(id,
            new NoticeDeliveryQueued(id, notice.ComplaintId, notice.NoticeNumber, notice.Channel!.Value, notice.ContentHash, notice.SentAt, DeliveryKind));
        outgoing.Add(new DeliverNotice(id));
    }
}

public static class SendAcceptanceNoticeEndpoint
{
    public static AcceptanceNoticeSent Decide(Complaint c, SendAcceptanceNotice cmd, NoticeDelivery? lastDelivery, Actor actor, DateTimeOffset now)
    {
        // A refusal or a transfer closes the case at once, and is still told: the notice is the answer (R10).
        Guard.CanAct(actor, c.JurisdictionPath, Roles.ComplaintHandler, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        AcceptanceNotices.CheckMayTell(c, lastDelivery);
        return AcceptanceNotices.Compose(c, cmd.Channel, cmd.Notes, actor, now);
    }

    [Wolverine.Http.WolverinePost("/api/complaints/{id}/acceptance-notice", OperationId = "SendComplaintAcceptanceNotice")]
    public static async Task<(AcceptanceNoticeRecorded, Wolverine.Marten.Events, OutgoingMessages)> Post(SendAcceptanceNotice cmd,
        [Wolverine.Marten.WriteAggregate] Complaint complaint, System.Security.Claims.ClaimsPrincipal user, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var last = complaint.AcceptanceNoticeDeliveryId is { } d ? await session.LoadAsync<NoticeDelivery>(d, ct) : null;
        var notice = Decide(complaint, cmd, last, Actor.From(user), now);
        var outgoing = new OutgoingMessages();
        AcceptanceNotices.QueueDelivery(session, notice, outgoing);
        var events = ComplaintLapses.With(complaint, now, notice);
        return (new AcceptanceNoticeRecorded(complaint.Id, complaint.Version + events.Count, notice.NoticeNumber, notice.DeliveryId is null ? "recorded" : "sending"),
            events, outgoing);
    }
}
