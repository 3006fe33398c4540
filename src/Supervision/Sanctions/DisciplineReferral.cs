using Supervision.Referrals;
using Supervision.Shared;

namespace Supervision.Sanctions;

/// <summary>
/// Art. 44 (issue 12 item 10): the 处分建议书 of an Art. 44 case is sent to the body with disciplinary authority as a referral
/// (source: the sanction case; the letter: the 处分建议书 itself), which keeps the case's R22 exclusions; the body's reply,
/// recorded on the case, answers and closes that referral.
/// </summary>
public static class DisciplineReferral
{
    public static (ReferralSent Sent, IReadOnlyList<object> Events) Compose(SanctionCase c, DisciplineRecommended recommended, ReceivingDepartment receiver,
        Actor actor, Guid referralId, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        var sender = JurisdictionCatalogue.Find(c.DepartmentId)!;
        // No name in the summary: the letter (the 处分建议书) carries it, and lists show only the summary.
        var summary = $"移送处分建议书（{recommended.DocumentNumber}）：本机关工作人员涉嫌违反{SanctionCatalogue.Basis(SanctionCatalogue.Find(c.Violation)!)}，建议依法给予处分，请将处理结果书面回复本机关";
        return SendReferralEndpoint.Compose(referralId, ReferralKind.CaseTransfer, new ReferralSource(ReferralSourceKind.Sanction, c.Id), sender, receiver,
            summary, [], recommended.DocumentNumber, Guid.CreateVersion7(), actor.UserName, calendar, now,
            excluded: c.ExcludedUserIds, recommendationId: recommended.RecommendationId);
    }

    /// <summary>The body's reply on the referral: received (recorded by the sender), answered, done. Nothing on a closed referral.</summary>
    public static IReadOnlyList<object> Replied(Referral r, DisciplineReplyReceived reply)
    {
        if (r.Status == ReferralStatus.Closed) return [];
        var events = new List<object>();
        if (r.AcknowledgedAt is null) events.Add(new ReferralAcknowledged(r.Id, reply.RecordedBy, true, reply.RecordedAt));
        events.Add(new FeedbackGiven(r.Id, FeedbackOutcome.Handled, $"{reply.ReceivedOn:yyyy-MM-dd}收到书面回复：{reply.Reply}", reply.RecordedBy, true, reply.RecordedAt));
        events.Add(new ReferralClosed(r.Id, null, reply.RecordedBy, reply.RecordedAt));
        return events;
    }
}
