using System.Security.Claims;
using Marten;
using Marten.Linq.MatchesSql;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Sanctions;
using Supervision.Shared;
using JasperFx.Events;
using Marten.Events;
using Supervision.Referrals;
using Wolverine.Http;

namespace Supervision.Dashboards;

/// <summary>被统计的一条事件及其案件 / One counted event and its case.</summary>
public sealed record DrillDownItem(string CaseKind, Guid Id, string Title, string JurisdictionId, DateTimeOffset At, string Link);
/// <summary>看板数字背后的案件 / The cases behind a dashboard figure.</summary>
public sealed record DrillDown(string Figure, string Jurisdiction, string From, string To, IReadOnlyList<DrillDownItem> Items);

/// <summary>
/// The cases behind a dashboard figure: the very events the monthly projection counts (<see cref="EnforcementMonthProjection"/>),
/// found by type and time, placed by their case's snapshot and shown at the time they were recorded. One row per counted
/// event, so a figure and its drill-down always agree.
/// </summary>
public static class DashboardDrillDown
{
    /// <summary>What a figure counts: the event type, a filter on its data (the same as the projection's), and the case it belongs to.</summary>
    private sealed record FigureSource(string CaseKind, Type Event, Func<object, bool>? Counts = null, Func<IEvent, Guid>? CaseId = null);

    private static readonly Dictionary<string, FigureSource> Sources = new()
    {
        ["inspectionsPlanned"] = new("inspection", typeof(InspectionPlanned)),
        ["inspectionsDrawnAtRandom"] = new("inspection", typeof(InspectionPlanned), e => ((InspectionPlanned)e).DrawId is not null),
        ["inspectionsConcluded"] = new("inspection", typeof(InspectionConcluded)),
        ["inspectionsCancelled"] = new("inspection", typeof(InspectionCancelled)),
        ["obstructions"] = new("inspection", typeof(ObstructionRecorded)),
        // A hazard is recorded on the inspection and counted there; the row leads to the rectification it opened.
        ["hazards"] = new("rectification", typeof(HazardRecorded), CaseId: e => ((HazardRecorded)e.Data).RectificationId),
        ["ordersIssued"] = new("rectification", typeof(RectificationOrdered)),
        ["ordersCorrected"] = new("rectification", typeof(ReinspectionPassed)),
        ["ordersCorrectedOnTime"] = new("rectification", typeof(ReinspectionPassed), e => !((ReinspectionPassed)e).Late),
        ["ordersOverdue"] = new("rectification", typeof(RectificationOverdue)),
        ["complaintsReceived"] = new("complaint", typeof(ComplaintReceived)),
        ["complaintsAccepted"] = new("complaint", typeof(AcceptanceDecided), e => ((AcceptanceDecided)e).Decision == AcceptanceDecision.Accepted),
        ["complaintsNotAccepted"] = new("complaint", typeof(AcceptanceDecided), e => ((AcceptanceDecided)e).Decision == AcceptanceDecision.NotAccepted),
        ["complaintsTransferred"] = new("complaint", typeof(AcceptanceDecided), e => ((AcceptanceDecided)e).Decision is not (AcceptanceDecision.Accepted or AcceptanceDecision.NotAccepted)),
        ["complaintsClosed"] = new("complaint", typeof(ComplaintClosed)),
        ["complaintsNotified"] = new("complaint", typeof(ComplainantNotified)),
        ["complaintAcceptanceOverdue"] = new("complaint", typeof(AcceptanceOverdue)),
        ["complaintHandlingOverdue"] = new("complaint", typeof(HandlingOverdue)),
        ["complaintNotificationOverdue"] = new("complaint", typeof(NotificationOverdue)),
        ["sanctionCasesOpened"] = new("sanction", typeof(SanctionCaseOpened)),
        ["penaltiesDecided"] = new("sanction", typeof(PenaltyDecided)),
        ["penaltiesPublished"] = new("sanction", typeof(DecisionPublished)),
        ["noPenaltyDecisions"] = new("sanction", typeof(NoPenaltyDecided)),
        ["decisionsChanged"] = new("sanction", typeof(DecisionChanged)),
        ["disciplineRecommendations"] = new("sanction", typeof(DisciplineRecommended)),
        ["criminalTransfers"] = new("sanction", typeof(CriminalCaseTransferred)),
        ["referralsSent"] = new("referral", typeof(ReferralSent)),
        ["referralsReceived"] = new("referral", typeof(ReferralSent), e => ((ReferralSent)e).Delivery == DeliveryMethod.Internal),
    };

    public static readonly string[] Figures = [.. Sources.Keys];

    private const int Limit = 500;

    [WolverineGet("/api/dashboard/cases", OperationId = "GetDashboardCases")]
    public static async Task<DrillDown> Get(ClaimsPrincipal user, ReadSessions reads, TimeProvider clock, string? figure, string? item,
        string? jurisdiction, string? from, string? to, bool? own, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        var actor = Actor.From(user);
        var scope = Scope.For(actor, jurisdiction);
        // own=true: the jurisdiction's own cases only, as a row of the dashboard's per-jurisdiction table counts them.
        var ownOnly = own == true ? JurisdictionCatalogue.All.First(j => j.Path == scope).Id : null;
        if (figure is null || !Sources.TryGetValue(figure, out var source))
            throw RuleViolation.Invalid("unknown_figure", "统计项无效", $"figure must be one of {string.Join(", ", Figures)}", "figure");
        if (item is not null && !LegalCatalogue.IsHazardItem(item))
            throw RuleViolation.Invalid("unknown_hazard_item", "隐患类别须为 Art38.1–Art38.8", "item must be Art38.1..Art38.8", "item");
        var thisMonth = WorkingDayCalendar.BeijingToday(clock.GetUtcNow()).ToString("yyyy-MM");
        var (fromMonth, toMonth) = DashboardQueries.Range(from, to, thisMonth);
        // Month bounds in Beijing time, as the projection files events into months.
        var start = new DateTimeOffset(int.Parse(fromMonth[..4]), int.Parse(fromMonth[5..]), 1, 0, 0, 0, TimeSpan.FromHours(8));
        var end = new DateTimeOffset(int.Parse(toMonth[..4]), int.Parse(toMonth[5..]), 1, 0, 0, 0, TimeSpan.FromHours(8)).AddMonths(1);

        (start, end) = (start.ToUniversalTime(), end.ToUniversalTime()); // Npgsql writes timestamptz parameters in UTC only
        // Read the events in order, a chunk at a time, until the page is full: on a store of a million events a figure over
        // several years has tens of thousands of them, and reading them all to show the first 500 took 1.5 s.
        var items = new List<DrillDownItem>();
        long after = 0;
        while (items.Count < Limit)
        {
            IQueryable<IEvent> query;
            if (source.CaseKind == "referral") // referrals are few, and their places are in the events themselves
                query = session.Events.QueryAllRawEvents()
                    .Where(e => e.EventTypesAre(source.Event) && e.Timestamp >= start && e.Timestamp < end && e.Sequence > after);
            else
            {
                // The hazards of one item come from their own table, with their places (HazardPlaces).
                var byItem = item is not null && source.Event == typeof(HazardRecorded);
                var sql = byItem
                    ? $"d.seq_id in ({HazardPlaces.ChunkSql(session.DocumentStore.Options, ownOnly is not null, Chunk)})"
                    : ChunkInScope(session, source, ownOnly is not null);
                object[] parameters = [byItem ? item! : EventTypeExtensions.GetEventTypeName(source.Event), start, end, after,
                    ownOnly is null ? scope + "%" : scope];
                query = session.Events.QueryAllRawEvents().Where(e => e.MatchesSql(sql, parameters));
            }
            var chunk = await query.OrderBy(e => e.Sequence).Take(Chunk).ToListAsync(ct);
            if (chunk.Count == 0) break;
            after = chunk[^1].Sequence;
            var events = chunk
                .Where(e => source.Counts?.Invoke(e.Data) ?? true) // the item is already a condition in SQL
                .ToList();
            var rows = source.CaseKind == "referral"
                ? Referrals(events, figure, scope, actor.UserName)
                : await Cases(session, source, events, scope, actor.UserName, ct);
            items.AddRange(ownOnly is null ? rows : rows.Where(i => i.JurisdictionId == ownOnly));
            if (chunk.Count < Chunk) break;
        }
        return new DrillDown(figure, JurisdictionCatalogue.All.First(j => j.Path == scope).Id, fromMonth, toMonth, items.Take(Limit).ToList());
    }

    // A page's worth: with the scope, the own-cases condition and the hazard item in SQL nearly every event read is shown
    // (a region's first chunk of 1,000 deserialised twice the events and loaded twice the cases it showed).
    private const int Chunk = Limit;

    /// <summary>
    /// The sequence numbers of the next chunk of a figure's events in the scope, chosen from indexes alone: the events'
    /// (type, seq_id) index covers the time and the stream (<see cref="EventTableIndexes"/>), and each case table's
    /// (id, jurisdiction_path) index answers whether a case is in the scope, so only the chunk's own rows are read from the
    /// heap. A county's figure probes some 20,000 events for a page of 500: reading each event and each case took 0.25–0.5 s
    /// at 1.1 M events, 70 ms this way. A case is the jurisdiction's own when its path is the jurisdiction's path.
    /// Parameters: event type, start, end, after, the path (pattern).
    /// </summary>
    private static string ChunkInScope(IQuerySession session, FigureSource source, bool ownOnly)
    {
        // A hazard is appended to its inspection's stream; the other figures' events to their own case.
        var caseType = source.Event == typeof(HazardRecorded) ? typeof(Inspection) : source.CaseKind switch
        {
            "inspection" => typeof(Inspection),
            "rectification" => typeof(Rectification),
            "complaint" => typeof(Complaint),
            _ => typeof(SanctionCase),
        };
        var options = session.DocumentStore.Options;
        var cases = options.FindOrResolveDocumentType(caseType).TableName.QualifiedName;
        var events = $"{options.Events.DatabaseSchemaName}.mt_events";
        return $"d.seq_id in (select e.seq_id from {events} e where e.type = ? and e.timestamp >= ? and e.timestamp < ? and e.seq_id > ?" +
               $" and exists (select 1 from {cases} c where c.id = e.stream_id and c.jurisdiction_path {(ownOnly ? "=" : "like")} ?)" +
               $" order by e.seq_id limit {Chunk})";
    }

    /// <summary>A case's place and what its row shows; null when the reader may not see it (R22: staff named in an Art. 44 case).</summary>
    private sealed record CaseRow(string JurisdictionId, string JurisdictionPath, string Title, string Link);

    private static async Task<List<DrillDownItem>> Cases(IQuerySession session, FigureSource source, List<IEvent> events, string scope, string me, CancellationToken ct)
    {
        var caseOf = source.CaseId ?? (e => e.StreamId);
        var ids = events.Select(caseOf).Distinct().ToArray();
        var rows = new Dictionary<Guid, CaseRow>();
        switch (source.CaseKind)
        {
            case "inspection":
                foreach (var i in await session.LoadManyAsync<Inspection>(ct, ids))
                    rows[i.Id] = new(i.JurisdictionId, i.JurisdictionPath, i.UnitName, $"/inspections/{i.Id}");
                break;
            case "rectification":
                foreach (var r in await session.LoadManyAsync<Rectification>(ct, ids))
                    rows[r.Id] = new(r.JurisdictionId, r.JurisdictionPath, $"{r.UnitName} {r.DocumentNumber ?? r.Item}", $"/rectifications/{r.Id}");
                break;
            case "complaint":
                foreach (var c in await session.LoadManyAsync<Complaint>(ct, ids))
                    rows[c.Id] = new(c.JurisdictionId, c.JurisdictionPath, $"{c.ReceiptNumber} {c.UnitName}", $"/complaints/{c.Id}");
                break;
            default:
                foreach (var c in await session.LoadManyAsync<SanctionCase>(ct, ids))
                    if (!c.ExcludedUserIds.Contains(me)) // R22: an Art. 44 case does not exist for the staff named in it, here either
                        rows[c.Id] = new(c.JurisdictionId, c.JurisdictionPath, $"{c.PartyName} {c.DecisionNumber ?? c.Violation}", $"/sanction-cases/{c.Id}");
                break;
        }
        return events
            .Select(e => (At: e.Timestamp, Row: rows.GetValueOrDefault(caseOf(e)), Id: caseOf(e)))
            .Where(x => x.Row is not null && x.Row.JurisdictionPath.StartsWith(scope, StringComparison.Ordinal))
            .Select(x => new DrillDownItem(source.CaseKind, x.Id, x.Row!.Title, x.Row.JurisdictionId, x.At, x.Row.Link))
            .ToList();
    }

    /// <summary>A referral counts for its sender, and for its receiver when that is an archives department here.</summary>
    private static List<DrillDownItem> Referrals(List<IEvent> events, string figure, string scope, string me) =>
        events.Select(e => (Event: e, Sent: (ReferralSent)e.Data))
            .Where(x => !(x.Sent.ExcludedUserIds ?? []).Contains(me))
            .Select(x => (x.Event, x.Sent, Place: figure == "referralsSent" ? x.Sent.SenderJurisdictionId : x.Sent.ReceiverJurisdictionId))
            .Where(x => JurisdictionCatalogue.Find(x.Place)?.Path is { } path && path.StartsWith(scope, StringComparison.Ordinal))
            .Select(x => new DrillDownItem("referral", x.Sent.ReferralId,
                figure == "referralsSent" ? $"{x.Sent.ReceiverName} {x.Sent.DocumentNumber}" : $"{x.Sent.SenderDepartmentName} {x.Sent.DocumentNumber}",
                x.Place, x.Event.Timestamp, $"/referrals/{x.Sent.ReferralId}"))
            .ToList();
}
