using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;

namespace Supervision.Dashboards;

/// <summary>
/// Enforcement figures of one jurisdiction (its own cases, not those below) in one month (Beijing time).
/// Dashboards add these rows up over a jurisdiction path prefix and a month range, so nothing is
/// recomputed from events per request.
/// </summary>
public sealed class EnforcementMonth
{
    public string Id { get; set; } = "";            // "650100:2026-11"
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public string Month { get; set; } = "";          // "2026-11"

    public int InspectionsPlanned { get; set; }
    public int InspectionsDrawnAtRandom { get; set; }
    public int InspectionsConcluded { get; set; }
    public int InspectionsCancelled { get; set; }
    public int Obstructions { get; set; }
    public Dictionary<string, int> FocusItems { get; set; } = new();
    public Dictionary<string, int> HazardsByItem { get; set; } = new();
    /// <summary>Inspections concluded, by their checklist grade (优秀/良好/合格/不合格; issue 17 §4); unscored ones are not here.</summary>
    public Dictionary<string, int> InspectionGrades { get; set; } = new();
    public int OrdersIssued { get; set; }
    public int OrdersCorrected { get; set; }
    public int OrdersCorrectedOnTime { get; set; }
    public int OrdersOverdue { get; set; }
    public int ComplaintsReceived { get; set; }
    public int ComplaintsAccepted { get; set; }
    public int ComplaintsNotAccepted { get; set; }
    public int ComplaintsTransferred { get; set; }
    public int ComplaintsClosed { get; set; }
    public int ComplaintsNotified { get; set; }
    public int ComplaintAcceptanceOverdue { get; set; }
    public int ComplaintHandlingOverdue { get; set; }
    public int ComplaintNotificationOverdue { get; set; }
    // Sanction cases (Art. 43, 44) and referrals (Art. 42)
    public int SanctionCasesOpened { get; set; }
    public int PenaltiesDecided { get; set; }
    public int PenaltiesPublished { get; set; }
    public int NoPenaltyDecisions { get; set; }
    public int DecisionsChanged { get; set; }
    public int DisciplineRecommendations { get; set; }
    public int CriminalTransfers { get; set; }
    public int ReferralsSent { get; set; }
    /// <summary>Referrals another archives department sent to this one (internal delivery).</summary>
    public int ReferralsReceived { get; set; }

    public static string Key(string jurisdictionId, DateTimeOffset at) => $"{jurisdictionId}:{WorkingDayCalendar.BeijingToday(at):yyyy-MM}";
}

/// <summary>
/// Async projection (Marten daemon) from the case streams to <see cref="EnforcementMonth"/> rows. Events that
/// do not carry their jurisdiction are placed by the case's inline snapshot, loaded once per batch.
/// </summary>
public partial class EnforcementMonthProjection : MultiStreamProjection<EnforcementMonth, string>
{
    public EnforcementMonthProjection()
    {
        foreach (var type in EventTypes) IncludeType(type);
        CustomGrouping(async (session, events, grouping) =>
        {
            var places = new Dictionary<Guid, string>();
            foreach (var e in events)
                switch (e.Data)
                {
                    case InspectionPlanned p: places[e.StreamId] = p.JurisdictionId; break;
                    case HazardFound h: places[e.StreamId] = h.JurisdictionId; break;
                    case ComplaintReceived c: places[e.StreamId] = c.JurisdictionId; break;
                    case SanctionCaseOpened o: places[e.StreamId] = o.JurisdictionId; break;
                }
            var unknown = events.Select(e => e.StreamId).Where(id => !places.ContainsKey(id)).Distinct().ToArray();
            if (unknown.Length > 0)
            {
                // The four case kinds in one round trip per batch of events.
                var batch = session.CreateBatchQuery();
                var inspections = batch.LoadMany<Inspection>().ById(unknown);
                var rectifications = batch.LoadMany<Rectification>().ById(unknown);
                var complaints = batch.LoadMany<Complaint>().ById(unknown);
                var sanctions = batch.LoadMany<SanctionCase>().ById(unknown);
                await batch.Execute();
                foreach (var i in await inspections) places[i.Id] = i.JurisdictionId;
                foreach (var r in await rectifications) places[r.Id] = r.JurisdictionId;
                foreach (var c in await complaints) places[c.Id] = c.JurisdictionId;
                foreach (var c in await sanctions) places[c.Id] = c.JurisdictionId;
            }
            foreach (var e in events)
            {
                // A referral counts twice: sent by one department, received by another (when it is an archives department here).
                if (e.Data is ReferralSent r)
                {
                    grouping.AddEvent(EnforcementMonth.Key(r.SenderJurisdictionId, e.Timestamp), e);
                    if (r.Delivery == DeliveryMethod.Internal) grouping.AddEvent(EnforcementMonth.Key(r.ReceiverJurisdictionId, e.Timestamp), e);
                }
                else if (places.TryGetValue(e.StreamId, out var jurisdiction) && Counts(e.Data))
                    grouping.AddEvent(EnforcementMonth.Key(jurisdiction, e.Timestamp), e);
            }
        });
    }

    public static bool Counts(object data) => data is InspectionPlanned or InspectionConcluded or InspectionCancelled or ObstructionRecorded
        or HazardRecorded or RectificationOrdered or ReinspectionPassed or RectificationOverdue or ComplaintReceived or AcceptanceDecided
        or ComplaintClosed or ComplainantNotified or AcceptanceOverdue or HandlingOverdue or NotificationOverdue
        or SanctionCaseOpened or PenaltyDecided or DecisionPublished or NoPenaltyDecided or DecisionChanged or DisciplineRecommended
        or CriminalCaseTransferred;

    /// <summary>
    /// The event types the dashboard reads: those it counts (<see cref="Counts"/>), referrals, and those that carry a case's
    /// place. The projection loads only these: without the list Marten's daemon reads and deserialises every event of the
    /// store (a unit test keeps the list and <see cref="Counts"/> in step).
    /// </summary>
    public static readonly Type[] EventTypes =
    [
        typeof(InspectionPlanned), typeof(InspectionConcluded), typeof(InspectionCancelled), typeof(ObstructionRecorded), typeof(HazardRecorded),
        typeof(HazardFound), typeof(RectificationOrdered), typeof(ReinspectionPassed), typeof(RectificationOverdue),
        typeof(ComplaintReceived), typeof(AcceptanceDecided), typeof(ComplaintClosed), typeof(ComplainantNotified), typeof(AcceptanceOverdue),
        typeof(HandlingOverdue), typeof(NotificationOverdue),
        typeof(SanctionCaseOpened), typeof(PenaltyDecided), typeof(DecisionPublished), typeof(NoPenaltyDecided), typeof(DecisionChanged),
        typeof(DisciplineRecommended), typeof(CriminalCaseTransferred),
        typeof(ReferralSent),
    ];

    private static void Add(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    public override EnforcementMonth Evolve(EnforcementMonth? snapshot, string id, IEvent e)
    {
        var m = snapshot ?? New(id);
        switch (e.Data)
        {
            case InspectionPlanned p:
                m.InspectionsPlanned++;
                if (p.DrawId is not null) m.InspectionsDrawnAtRandom++;
                foreach (var f in p.FocusItems) Add(m.FocusItems, f);
                break;
            case InspectionConcluded concluded:
                m.InspectionsConcluded++;
                if (concluded.ChecklistGrade is { } grade) Add(m.InspectionGrades, grade);
                break;
            case InspectionCancelled: m.InspectionsCancelled++; break;
            case ObstructionRecorded: m.Obstructions++; break;
            case HazardRecorded h: Add(m.HazardsByItem, h.Item); break;
            case RectificationOrdered: m.OrdersIssued++; break;
            case RectificationOverdue: m.OrdersOverdue++; break;
            case ReinspectionPassed passed:
                m.OrdersCorrected++;
                if (!passed.Late) m.OrdersCorrectedOnTime++;
                break;
            case ComplaintReceived: m.ComplaintsReceived++; break;
            case AcceptanceDecided a:
                if (a.Decision == AcceptanceDecision.Accepted) m.ComplaintsAccepted++;
                else if (a.Decision == AcceptanceDecision.NotAccepted) m.ComplaintsNotAccepted++;
                else m.ComplaintsTransferred++;
                break;
            case ComplaintClosed: m.ComplaintsClosed++; break;
            case ComplainantNotified: m.ComplaintsNotified++; break;
            case AcceptanceOverdue: m.ComplaintAcceptanceOverdue++; break;
            case HandlingOverdue: m.ComplaintHandlingOverdue++; break;
            case NotificationOverdue: m.ComplaintNotificationOverdue++; break;
            case SanctionCaseOpened: m.SanctionCasesOpened++; break;
            case PenaltyDecided: m.PenaltiesDecided++; break;
            case DecisionPublished: m.PenaltiesPublished++; break;
            case NoPenaltyDecided: m.NoPenaltyDecisions++; break;
            case DecisionChanged: m.DecisionsChanged++; break;
            case DisciplineRecommended: m.DisciplineRecommendations++; break;
            case CriminalCaseTransferred: m.CriminalTransfers++; break;
            case ReferralSent r when r.SenderJurisdictionId == m.JurisdictionId: m.ReferralsSent++; break;
            case ReferralSent: m.ReferralsReceived++; break;
        }
        return m;
    }

    private static EnforcementMonth New(string id)
    {
        var parts = id.Split(':');
        return new EnforcementMonth
        {
            Id = id, JurisdictionId = parts[0], Month = parts[1],
            JurisdictionPath = JurisdictionCatalogue.Find(parts[0])?.Path ?? parts[0],
        };
    }
}
