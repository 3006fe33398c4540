using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Supervision.Complaints.Notifications;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Complaints;

/// <summary>Tell the complainant the result (Art. 41, R13): email/SMS go through the durable outbox; letter and phone are recorded at once.</summary>
public sealed record NotifyComplainant([property: JsonPropertyName("version")] long? ExpectedVersion, NotificationChannel? Channel, string? Notes);
/// <summary>Close an anonymous complaint that left no contact: there is nobody to tell (R13).</summary>
public sealed record CloseWithoutContact([property: JsonPropertyName("version")] long? ExpectedVersion);
/// <summary>Outbox message: deliver the result by email or SMS. Retried on failure; the last failure is recorded.</summary>
public sealed record SendComplainantNotification(Guid ComplaintId, Guid AttemptId, NotificationChannel Channel);

/// <summary>告知已受理，经发件箱发出 / A notification accepted, sent through the outbox.</summary>
public sealed record NotificationAccepted(Guid Id, long Version, Guid AttemptId, string Status, string? DocumentNumber);

/// <summary>Retry cooldowns for email/SMS delivery; attempts = cooldowns + 1.</summary>
public sealed class NotificationRetryOptions
{
    public TimeSpan[] Cooldowns { get; set; } = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];
    public int MaxAttempts => Cooldowns.Length + 1;
}

public static class ComplainantNotifications
{
    /// <summary>The result as told to the complainant. Contains no personal data beyond what they gave, and nothing for the unit.</summary>
    public static (string Subject, string Body) Content(Complaint c, Jurisdiction department, DateOnly today)
    {
        var subject = $"投诉举报处理结果告知（受理编号 {c.ReceiptNumber}）";
        var body =
            $"您好：\n您于{c.ReceivedAt.ToOffset(TimeSpan.FromHours(8)):yyyy年M月d日}反映的{c.UnitName}有关问题（受理编号：{c.ReceiptNumber}），" +
            $"经调查，{(c.Substantiated == true ? "反映情况属实" : "反映情况不属实")}。\n调查认定：{c.Findings}\n处理结果：{c.Result}\n" +
            $"如对处理结果不服，可以自收到本告知之日起三十日内向上一级档案主管部门申请复查。\n{department.DepartmentName}\n{today:yyyy年M月d日}";
        return (subject, body);
    }

    /// <summary>Sends by email or SMS to the address the complainant left; returns the delivery proof (no personal data).</summary>
    public static Task<string> SendAsync(NotificationChannel channel, ComplainantIdentity identity, string subject, string body,
        IEmailSender email, ISmsSender sms, CancellationToken ct) => channel == NotificationChannel.Email
        ? email.SendAsync(new ComplainantMessage(identity.Email!, identity.Name ?? "投诉人", subject, body), ct)
        : sms.SendAsync(new ComplainantMessage(identity.Phone!, identity.Name ?? "投诉人", subject, body), ct);

    public static string Hash(string subject, string body) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(subject + "\n" + body))).ToLowerInvariant();

    public static void CheckCanNotify(Complaint c, NotifyComplainant cmd, Actor actor)
    {
        Guard.CanAct(actor, c.JurisdictionPath, Roles.ComplaintHandler, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        if (c.IsClosed) throw RuleViolation.Refused("complaint_closed", "该投诉举报已办结", "The complaint is closed");
        if (c.Status != ComplaintStatus.Concluded)
            throw RuleViolation.Refused("not_concluded", "尚未作出处理结论，不能告知结果", "There is no conclusion to tell yet");
        if (actor.Role != Roles.Leader && c.HandlerId != actor.UserName)
            throw RuleViolation.Forbidden("只有承办人或领导可以告知处理结果", "Only the assigned handler or a leader may notify the complainant");
        if (c.PendingNotification is not null)
            throw RuleViolation.Refused("notification_pending", "上一次告知尚在发送中", "A notification is still being delivered");
        if (cmd.Channel is null || !Enum.IsDefined(cmd.Channel.Value))
            throw RuleViolation.Invalid("field_required", "须选择告知方式（email、sms、letter、phone）", "channel is required (email|sms|letter|phone)", "channel");
        if (!c.ContactChannels.Contains(cmd.Channel.Value))
            throw RuleViolation.Invalid("no_such_contact", "投诉人未留下该联系方式", "The complainant left no contact for that channel", "channel");
        if (cmd.Channel == NotificationChannel.Phone && string.IsNullOrWhiteSpace(cmd.Notes))
            throw RuleViolation.Invalid("field_required", "电话告知须记录通话情况", "notes (who answered, what was said) are required for a phone notification", "notes");
    }

    /// <summary>Letter and phone: recorded now, and the case closes.</summary>
    public static IReadOnlyList<object> DecideImmediate(Complaint c, NotifyComplainant cmd, Actor actor, string contentHash, string? letterNumber, DateTimeOffset now)
    {
        CheckCanNotify(c, cmd, actor);
        var attempt = Guid.CreateVersion7();
        var proof = cmd.Channel == NotificationChannel.Letter
            ? $"结果告知书 {letterNumber} 已由 {actor.UserName} 登记寄出"
            : $"{actor.UserName} 于 {now.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} 电话告知：{Guard.Required(cmd.Notes, "notes", "通话情况", 2000)}";
        return [new ComplainantNotified(c.Id, attempt, cmd.Channel!.Value, contentHash, proof, letterNumber, actor.UserName, now), new ComplaintClosed(c.Id, "已告知投诉人处理结果", now)];
    }

    public static ComplaintClosed Decide(Complaint c, CloseWithoutContact cmd, Actor actor, DateTimeOffset now)
    {
        Guard.CanAct(actor, c.JurisdictionPath, Roles.ComplaintHandler, Roles.Leader);
        Guard.Version(cmd.ExpectedVersion, c.Version);
        if (c.IsClosed) throw RuleViolation.Refused("complaint_closed", "该投诉举报已办结", "The complaint is closed");
        if (c.Status != ComplaintStatus.Concluded) throw RuleViolation.Refused("not_concluded", "尚未作出处理结论", "There is no conclusion yet");
        if (actor.Role != Roles.Leader && c.HandlerId != actor.UserName)
            throw RuleViolation.Forbidden("只有承办人或领导可以办结", "Only the assigned handler or a leader may close the complaint");
        if (c.ContactChannels.Length > 0)
            throw RuleViolation.Refused("contact_available", "投诉人留有联系方式，须告知处理结果", "The complainant left a contact and must be told the result");
        return new ComplaintClosed(c.Id, c.Anonymous ? "匿名投诉未留联系方式，无法告知" : "投诉人未留联系方式，无法告知", now);
    }

    [WolverinePost("/api/complaints/{id}/notifications", OperationId = "NotifyComplainant")]
    public static async Task<(IResult, Events, OutgoingMessages)> Post(NotifyComplainant cmd, [WriteAggregate] Complaint complaint, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        CheckCanNotify(complaint, cmd, actor);
        var department = JurisdictionCatalogue.Find(complaint.JurisdictionId)!;
        var (subject, body) = Content(complaint, department, WorkingDayCalendar.BeijingToday(now));
        var hash = Hash(subject, body);
        if (cmd.Channel is NotificationChannel.Email or NotificationChannel.Sms)
        {
            var attempt = Guid.CreateVersion7();
            var outgoing = new OutgoingMessages { new SendComplainantNotification(complaint.Id, attempt, cmd.Channel.Value) };
            var requested = ComplaintLapses.With(complaint, now, new NotificationRequested(complaint.Id, attempt, cmd.Channel.Value, hash, actor.UserName, now));
            return (Results.Accepted($"/api/complaints/{complaint.Id}", new NotificationAccepted(complaint.Id, complaint.Version + requested.Count, attempt, "sending", null)),
                requested, outgoing);
        }
        string? number = null;
        if (cmd.Channel == NotificationChannel.Letter)
        {
            number = await DocumentNumbers.IssueAsync(session, department, DocumentTypes.ComplaintResultLetter, complaint.Id, "complaint", complaint.JurisdictionPath, now, ct);
        }
        var events = ComplaintLapses.With(complaint, now, DecideImmediate(complaint, cmd, actor, hash, number, now));
        return (Results.Ok(new NotificationAccepted(complaint.Id, complaint.Version + events.Count, events.OfType<ComplainantNotified>().Single().AttemptId, "notified", number)),
            events, new OutgoingMessages());
    }

    [WolverinePost("/api/complaints/{id}/closure", OperationId = "CloseComplaintWithoutContact")]
    public static (ComplaintUpdated, Events) Close(CloseWithoutContact cmd, [WriteAggregate] Complaint complaint, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var events = ComplaintLapses.With(complaint, now, Decide(complaint, cmd, Actor.From(user), now));
        return (new ComplaintUpdated(complaint.Id, complaint.Version + events.Count), events);
    }
}

/// <summary>
/// Delivers an email/SMS notification from the durable outbox. A failed delivery is thrown back to
/// Wolverine to retry with cooldowns; the last attempt records <see cref="NotificationFailed"/> and the
/// case stays open. Only the reason is logged — never the address, number or text (R12).
/// </summary>
public static class SendComplainantNotificationHandler
{
    public static async Task<Events> Handle(SendComplainantNotification message, [WriteAggregate] Complaint complaint, Envelope envelope,
        PersonalDataProtector protector, IEmailSender email, ISmsSender sms, NotificationRetryOptions retry, TimeProvider clock,
        ILogger<SendComplainantNotification> logger, CancellationToken ct)
    {
        if (complaint.PendingNotification != message.AttemptId) return []; // superseded or already settled: deliver nothing twice
        var identity = protector.Unprotect(complaint.ProtectedComplainant);
        var department = JurisdictionCatalogue.Find(complaint.JurisdictionId)!;
        var now = clock.GetUtcNow();
        var (subject, body) = ComplainantNotifications.Content(complaint, department, WorkingDayCalendar.BeijingToday(now));
        try
        {
            var proof = await ComplainantNotifications.SendAsync(message.Channel, identity, subject, body, email, sms, ct);
            return ComplaintLapses.With(complaint, now,
                new ComplainantNotified(complaint.Id, message.AttemptId, message.Channel, ComplainantNotifications.Hash(subject, body), proof, null, "system", now),
                new ComplaintClosed(complaint.Id, "已告知投诉人处理结果", now));
        }
        catch (NotificationDeliveryException e)
        {
            logger.LogWarning("Notification {AttemptId} of complaint {ComplaintId} by {Channel} failed on attempt {Attempt}: {Reason}",
                message.AttemptId, complaint.Id, message.Channel, envelope.Attempts, e.Reason);
            if (envelope.Attempts < retry.MaxAttempts) throw; // Wolverine retries after its cooldown
            return [new NotificationFailed(complaint.Id, message.AttemptId, message.Channel, e.Reason, now)];
        }
    }
}
