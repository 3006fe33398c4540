using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Supervision.Complaints;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Sanctions;

namespace Supervision.Dashboards;

/// <summary>
/// Async projection (Marten daemon) from the case streams to <see cref="DeadlineEntry"/> rows, one per case × clock.
/// The grouping routes each event to the entries it touches and hands it over together with the facts of its
/// case, read from the case's inline snapshot (one load per case type per batch); <see cref="DeadlineBoard.Apply"/>
/// then decides, purely, what the event does to the entry.
/// </summary>
public partial class DeadlineBoardProjection : MultiStreamProjection<DeadlineEntry, string>
{
    public DeadlineBoardProjection()
    {
        foreach (var type in DeadlineBoard.EventTypes) IncludeType(type);
        CustomGrouping(async (session, events, grouping) =>
        {
            var relevant = events.Where(e => DeadlineBoard.CaseKindOf(e.Data) is not null).ToList();
            if (relevant.Count == 0) return;
            var facts = await FactsOf(session, relevant);
            foreach (var e in relevant)
            {
                if (!facts.TryGetValue(e.StreamId, out var caseFacts)) continue; // no snapshot: not a case stream
                foreach (var id in DeadlineBoard.EntriesFor(e.StreamId, e.Data))
                    grouping.AddEvent(id, Wrap(e, new DeadlineInput(caseFacts, e.Data)));
            }
        });
    }

    private static async Task<Dictionary<Guid, DeadlineCaseFacts>> FactsOf(IQuerySession session, IReadOnlyList<IEvent> events)
    {
        Guid[] Ids(string kind) => events.Where(e => DeadlineBoard.CaseKindOf(e.Data) == kind).Select(e => e.StreamId).Distinct().ToArray();
        var facts = new Dictionary<Guid, DeadlineCaseFacts>();
        if (Ids(DeadlineCaseKinds.Rectification) is { Length: > 0 } rectifications)
            foreach (var r in await session.LoadManyAsync<Rectification>(rectifications)) facts[r.Id] = DeadlineCaseFacts.Of(r);
        if (Ids(DeadlineCaseKinds.Complaint) is { Length: > 0 } complaints)
            foreach (var c in await session.LoadManyAsync<Complaint>(complaints)) facts[c.Id] = DeadlineCaseFacts.Of(c);
        if (Ids(DeadlineCaseKinds.Sanction) is { Length: > 0 } sanctions)
            foreach (var c in await session.LoadManyAsync<SanctionCase>(sanctions)) facts[c.Id] = DeadlineCaseFacts.Of(c);
        if (Ids(DeadlineCaseKinds.Referral) is { Length: > 0 } referrals)
            foreach (var r in await session.LoadManyAsync<Referral>(referrals)) facts[r.Id] = DeadlineCaseFacts.Of(r);
        return facts;
    }

    /// <summary>The same event (same sequence, stream and time) carrying its case's facts.</summary>
    private static IEvent Wrap(IEvent e, DeadlineInput input) => new Event<DeadlineInput>(input)
    {
        Id = e.Id, Sequence = e.Sequence, Version = e.Version, StreamId = e.StreamId, StreamKey = e.StreamKey, Timestamp = e.Timestamp,
        TenantId = e.TenantId, EventTypeName = e.EventTypeName, DotNetTypeName = e.DotNetTypeName, UserName = e.UserName,
        CausationId = e.CausationId, CorrelationId = e.CorrelationId,
    };

    public override DeadlineEntry? Evolve(DeadlineEntry? snapshot, string id, IEvent e) =>
        e.Data is DeadlineInput input ? DeadlineBoard.Apply(snapshot, id, input.Facts, input.Event) : snapshot;
}

public static class DeadlineBoardConfiguration
{
    /// <summary>The deadline board's projection and the indexes of the columns its endpoint filters and sorts on.</summary>
    public static void ConfigureDeadlineBoard(this StoreOptions opts)
    {
        opts.Projections.Add<DeadlineBoardProjection>(ProjectionLifecycle.Async);
        // Every board query filters on status and jurisdiction and sorts by due date: real (indexed) columns, so the
        // count of a region's open deadlines does not parse each entry's JSON (~0.3 s → tens of ms at 1M events).
        opts.Schema.For<DeadlineEntry>()
            .Duplicate(d => d.Status).Duplicate(d => d.JurisdictionPath).Duplicate(d => d.DueOn).Duplicate(d => d.HasExclusions)
            .Index(d => d.CaseKind).Index(d => d.Clock)
            // Covers the board's count of the entries without exclusions (DeadlineBoardQueries.List): an index-only scan.
            .Index([d => d.Status, d => d.HasExclusions, d => d.JurisdictionPath], i => i.Name = "mt_doc_deadlineentry_idx_board_count");
        // The board by owner reads its own table (DeadlineOwners). No GIN index on the JSON: it served only the owner filter,
        // and the Art. 44 test is a NOT containment, which a GIN index cannot answer; every board write updated it.
        opts.AddDeadlineOwners();
    }
}
