using Supervision.Shared;
using Wolverine;
using Wolverine.Marten;

namespace Supervision.Referrals;

/// <summary>Durable scheduled check at the end of the reply day (Beijing time).</summary>
public sealed record ReferralReplyCheck(Guid ReferralId, DateOnly DueOn) : ISystemAct;

/// <summary>
/// The reply clock (R23): the receiver acknowledges within <see cref="SendReferralEndpoint.ReplyWorkingDays"/>
/// working days of sending. The timer is never cancelled; when it fires the state decides, so
/// <see cref="ReplyOverdue"/> is appended at most once.
/// </summary>
public static class ReferralClock
{
    public static DateTimeOffset OverdueAt(DateOnly dueOn) => WorkingDayCalendar.EndOfDayBeijing(dueOn);

    public static OutgoingMessages Schedule(ReferralSent e)
    {
        var outgoing = new OutgoingMessages();
        outgoing.Schedule(new ReferralReplyCheck(e.ReferralId, e.ReplyDueOn), OverdueAt(e.ReplyDueOn));
        return outgoing;
    }

    public static IReadOnlyList<object> Decide(Referral r, ReferralReplyCheck m, DateTimeOffset now)
    {
        if (r.AcknowledgedAt is not null || r.Status == ReferralStatus.Closed || r.ReplyOverdue || r.ReplyDueOn != m.DueOn) return [];
        if (now < OverdueAt(m.DueOn)) return []; // fired early (clock skew): the handler schedules it again
        return [new ReplyOverdue(r.Id, m.DueOn, now)];
    }

    /// <summary>The overdue event if the reply period has passed unanswered and nobody recorded it yet; else null.</summary>
    public static ReplyOverdue? Lapsed(Referral r, DateTimeOffset now) =>
        r.AcknowledgedAt is null && r.Status != ReferralStatus.Closed && !r.ReplyOverdue && now >= OverdueAt(r.ReplyDueOn)
            ? new ReplyOverdue(r.Id, r.ReplyDueOn, now)
            : null;
}

public static class ReferralReplyCheckHandler
{
    public static (Events, OutgoingMessages) Handle(ReferralReplyCheck message, [WriteAggregate] Referral referral, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var again = new OutgoingMessages();
        if (now < ReferralClock.OverdueAt(message.DueOn) && referral.ReplyDueOn == message.DueOn && referral.AcknowledgedAt is null)
            again.Schedule(message, ReferralClock.OverdueAt(message.DueOn));
        return (new Events(ReferralClock.Decide(referral, message, now)), again);
    }
}

/// <summary>Count the referral's reply clock again with the calendar version <see cref="CalendarVersion"/> of <see cref="Year"/>.</summary>
/// <remarks>The id is named after the aggregate so that Wolverine's [WriteAggregate] finds it.</remarks>
public sealed record RecountReferralClock(Guid ReferralId, int Year, int CalendarVersion) : ISystemAct;

public static class ReferralClockRecount
{
    /// <summary>The reply date is printed in the 移送函 the receiving department holds: it may move later, never earlier.</summary>
    public static IEnumerable<OpenClock> OpenClocks(Referral r)
    {
        if (r.AcknowledgedAt is null && r.Status != ReferralStatus.Closed && !r.ReplyOverdue)
            yield return new OpenClock(Dashboards.DeadlineClocks.ReferralReply, null, r.ReplyDueOn,
                new WorkingDaysFrom(r.SentOn, SendReferralEndpoint.ReplyWorkingDays), Told: true);
    }
}

public static class RecountReferralClockHandler
{
    public static async Task<(Events, OutgoingMessages)> Handle(RecountReferralClock m, [WriteAggregate] Referral referral,
        Marten.IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        // The calendar as stored, not this node's copy: a message recovered by another node counts with the published version.
        var calendar = await HolidayCalendars.LoadAsync(session, ct);
        var recounts = ClockRecount.Decide<ReferralClockRecounted>(referral.Id, ReferralClockRecount.OpenClocks(referral), referral.RecountedClocks, m.Year, calendar, clock.GetUtcNow());
        var outgoing = new OutgoingMessages();
        foreach (var r in recounts.Where(r => r.Outcome == RecalculationOutcome.Moved))
            outgoing.Schedule(new ReferralReplyCheck(referral.Id, r.DueOn), ReferralClock.OverdueAt(r.DueOn));
        return (new Events(recounts), outgoing);
    }
}
