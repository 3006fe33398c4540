using System.Security.Cryptography;
using System.Text;
using Marten;
using Supervision.Inspections;
using Supervision.Shared;
using Wolverine;

namespace Supervision.Referrals;

/// <summary>
/// The findings of a joint inspection (联合执法 / 综合检查, Art. 42, R23) flow to each participating department
/// as a <see cref="ReferralKind.JointEnforcement"/> referral: one referral stream per participant, opened with
/// the ordinary <see cref="ReferralSent"/> (and reply clock, outbox delivery) in the same transaction as the
/// finding. What flows is the finding only — item, description, unit, inspection and rectification ids —
/// never evidence, and never personal data (R12): a description with personal data is refused.
/// </summary>
public static class JointFindings
{
    /// <summary>Pure decision: one referral (its opening events) per participant; none for an inspection that is not joint.</summary>
    /// <param name="findingVersion">The inspection's version after the finding: with the participant, it makes the referral id.</param>
    /// <param name="register">The current register entries of the participants (a removed one is sent by letter).</param>
    public static IReadOnlyList<(ReferralSent Sent, IReadOnlyList<object> Events)> Decide(Inspection s, SharedFinding finding, long findingVersion,
        IReadOnlyDictionary<string, ReceivingDepartment> register, string sharedBy, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        if (!s.IsJoint) return [];
        if (SendReferralEndpoint.ContainsPersonalData(finding.Description, WorkingDayCalendar.BeijingToday(now)))
            throw RuleViolation.Invalid("personal_data_in_finding", "联合检查的发现将通报参与部门，情况描述不得包含身份证号、手机号或电子邮箱等个人信息",
                "A joint inspection's finding is shared with the participants: the description must not contain personal data (resident id, mobile number, email)",
                "description");
        var sender = JurisdictionCatalogue.Find(s.LeadJurisdictionId) ?? JurisdictionCatalogue.Find(s.JurisdictionId)
            ?? throw new InvalidOperationException($"Inspection {s.Id} has no known lead department");
        var summary = Summary(finding);
        var referrals = new List<(ReferralSent, IReadOnlyList<object>)>();
        foreach (var p in s.Participants)
        {
            var receiver = register.TryGetValue(p.DepartmentId, out var current) ? current : Fallback(p);
            var id = ReferralId(s.Id, findingVersion, p.DepartmentId);
            referrals.Add(SendReferralEndpoint.Compose(id, ReferralKind.JointEnforcement, new ReferralSource(ReferralSourceKind.Inspection, s.Id), sender,
                receiver, summary, [], null, AttemptId(id), sharedBy, calendar, now, finding));
        }
        return referrals;
    }

    /// <summary>The shared text (the referral's summary and the letter): unit, what was found, the ids to quote in reply.</summary>
    public static string Summary(SharedFinding f)
    {
        var what = f.Kind == FindingKind.Hazard
            ? $"发现档案安全隐患（{(LegalCatalogue.Find(f.Item) is { } item ? $"{LegalCatalogue.Citation(item)}：{item.Wording}" : f.Item)}）"
            : "被检查单位拒绝、阻碍监督检查（第四十条）";
        var ids = f.RectificationId is { } rid ? $"检查编号 {f.InspectionId}，整改编号 {rid}" : $"检查编号 {f.InspectionId}";
        return $"联合检查{f.UnitName}时{what}：{f.Description}（{ids}）";
    }

    /// <summary>Stable per finding and participant: a retried or concurrent twin collides instead of sending twice.</summary>
    public static Guid ReferralId(Guid inspectionId, long findingVersion, string departmentId) =>
        NameBased($"joint-finding\n{inspectionId}\n{findingVersion}\n{departmentId}");

    private static Guid AttemptId(Guid referralId) => NameBased($"joint-finding-delivery\n{referralId}");

    private static Guid NameBased(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>A participant no longer in the register: internal archives departments stay internal; others get the letter.</summary>
    private static ReceivingDepartment Fallback(InspectionParticipant p) => new()
    {
        Id = p.DepartmentId, Name = p.Name, Kind = p.Kind, JurisdictionId = p.JurisdictionId,
        Delivery = p.Delivery == DeliveryMethod.Internal ? DeliveryMethod.Internal : DeliveryMethod.Letter,
    };

    /// <summary>The participants' current register entries (nothing to load for an inspection that is not joint).</summary>
    public static async Task<IReadOnlyDictionary<string, ReceivingDepartment>> LoadRegister(Inspection s, IQuerySession session, CancellationToken ct)
    {
        if (!s.IsJoint) return new Dictionary<string, ReceivingDepartment>();
        var found = await session.LoadManyAsync<ReceivingDepartment>(ct, s.Participants.Select(p => p.DepartmentId).ToArray());
        return found.ToDictionary(d => d.Id);
    }

    /// <summary>Opens the referral streams in the caller's session (same transaction) and returns their outbox messages.</summary>
    public static OutgoingMessages Start(IDocumentSession session, IReadOnlyList<(ReferralSent Sent, IReadOnlyList<object> Events)> referrals)
    {
        var outgoing = new OutgoingMessages();
        foreach (var (sent, events) in referrals)
        {
            session.Events.StartStream<Referral>(sent.ReferralId, events.ToArray());
            outgoing.AddRange(SendReferralEndpoint.Outgoing(sent));
        }
        return outgoing;
    }
}
