using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Marten;
using Marten.Linq;
using Npgsql;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Sanctions;
using Supervision.Shared;

namespace Supervision.Units;

/// <summary>
/// What the unit profile counts over the cases the reader may see, the risk score's inputs among them. One definition in
/// two forms side by side: <see cref="Of"/> over snapshots (the definition, unit-tested) and <see cref="QueryAsync"/> as
/// SQL aggregates (what the profile runs). Why SQL: a unit inspected for years has tens of thousands of cases, and loading
/// every snapshot to count it took the profile 0.3–0.8 s and left tens of MB of garbage per view (issue 18 §3).
/// <c>UnitProfileTests.The_figures_counted_in_SQL_equal_the_definition_over_the_snapshots_for_every_reader</c> keeps them equal.
/// </summary>
public sealed record UnitProfileFigures(
    int Inspections, int RecentObstructions, bool CleanInspectionLastYear,
    IReadOnlyList<UnitProfileHazards> HazardsByItem, int IssuedOrders,
    UnitProfileComplaints Complaints, int RecentSubstantiatedComplaints,
    int SanctionCases, int RecentSanctionDecisions)
{
    /// <summary>The risk score's inputs (<see cref="UnitRisk"/> explains each and its window).</summary>
    public UnitRiskInputs RiskInputs(DateOnly today, IEnumerable<(DateOnly DueOn, bool Reported)>? annualReports = null) => new(
        OpenHazards: HazardsByItem.Sum(h => h.Open + h.Overdue),
        OverdueOrders: HazardsByItem.Sum(h => h.Overdue),
        SubstantiatedComplaints: RecentSubstantiatedComplaints,
        Obstructions: RecentObstructions,
        SanctionDecisions: RecentSanctionDecisions,
        CleanInspectionLastYear: CleanInspectionLastYear,
        MissingAnnualReports: (annualReports ?? []).Count(a => !a.Reported && a.DueOn < today && a.DueOn >= UnitRisk.RecentFrom(today)));

    /// <summary>The definition: the figures of the given snapshots (already filtered to what the reader may see) on <paramref name="today"/>.</summary>
    public static UnitProfileFigures Of(IEnumerable<Inspection> inspections, IEnumerable<Rectification> rectifications,
        IEnumerable<Complaint> complaints, IEnumerable<SanctionCase> sanctions, DateOnly today)
    {
        var (recentFrom, yearFrom) = (UnitRisk.RecentFrom(today), UnitRisk.YearFrom(today));
        bool Since(DateTimeOffset? at, DateOnly from) => at is { } t && WorkingDayCalendar.BeijingToday(t) >= from;
        static bool IsOpen(Rectification r) => r.Status != RectificationStatus.Closed;

        var inspectionList = inspections.ToList();
        var rectificationList = rectifications.ToList();
        var complaintList = complaints.ToList();
        var sanctionList = sanctions.ToList();
        return new UnitProfileFigures(
            Inspections: inspectionList.Count,
            RecentObstructions: inspectionList.Where(i => Since(i.StartedAt ?? i.PlannedAt, recentFrom)).Sum(i => i.Obstructions.Count),
            CleanInspectionLastYear: inspectionList.Any(i => i.Status == InspectionStatus.Concluded && Since(i.ClosedAt, yearFrom)
                && i.RectificationIds.Count == 0 && i.Obstructions.Count == 0),
            HazardsByItem: rectificationList.GroupBy(r => r.Item)
                .Select(g => Hazards(g.Key, Open: g.Count(r => IsOpen(r) && !r.IsOverdue), Overdue: g.Count(r => IsOpen(r) && r.IsOverdue),
                    Closed: g.Count(r => !IsOpen(r))))
                .OrderBy(h => h.Item, StringComparer.Ordinal).ToList(),
            IssuedOrders: rectificationList.Count(r => r.DocumentNumber is not null),
            // Counts by outcome only: receipt numbers, allegations and anything of the complainant stay out (R12).
            Complaints: new UnitProfileComplaints(
                Total: complaintList.Count,
                Pending: complaintList.Count(c => c.Substantiated is null && !c.IsClosed && c.Decision is null or AcceptanceDecision.Accepted),
                Accepted: complaintList.Count(c => c.Decision == AcceptanceDecision.Accepted),
                NotAccepted: complaintList.Count(c => c.Decision == AcceptanceDecision.NotAccepted),
                Transferred: complaintList.Count(c => c.Decision == AcceptanceDecision.Transferred),
                Substantiated: complaintList.Count(c => c.Substantiated == true),
                NotSubstantiated: complaintList.Count(c => c.Substantiated == false),
                Closed: complaintList.Count(c => c.IsClosed)),
            RecentSubstantiatedComplaints: complaintList.Count(c => c.Substantiated == true && Since(c.ReceivedAt, recentFrom)),
            SanctionCases: sanctionList.Count,
            RecentSanctionDecisions: sanctionList.Count(c => c.PenaltyImposed && !c.DecisionRevoked && c.DecidedOn is { } d && d >= recentFrom));
    }

    private static UnitProfileHazards Hazards(string item, int Open, int Overdue, int Closed) =>
        new(item, LegalCatalogue.Find(item)?.Wording ?? item, Open, Overdue, Closed);

    // The cases of a unit the reader may see, as query filters: each the LINQ form of the rule its own endpoint applies.
    internal static IQueryable<Inspection> VisibleInspections(IQuerySession session, Guid unitId, Actor actor) =>
        session.Query<Inspection>().Where(i => i.UnitId == unitId).Where(JointInspection.SeenBy(actor));
    internal static IQueryable<Rectification> VisibleRectifications(IQuerySession session, Guid unitId, Actor actor) =>
        session.Query<Rectification>().Where(r => r.UnitId == unitId).Where(Covered<Rectification>(actor, r => r.JurisdictionPath));
    internal static IQueryable<Complaint> VisibleComplaints(IQuerySession session, Guid unitId, Actor actor) =>
        session.Query<Complaint>().Where(c => c.UnitId == unitId).Where(Covered<Complaint>(actor, c => c.JurisdictionPath));
    internal static IQueryable<SanctionCase> VisibleSanctions(IQuerySession session, Guid unitId, Actor actor) =>
        session.Query<SanctionCase>().Where(c => c.PartyUnitId == unitId).Where(SanctionSteps.SeenBy(actor)); // R22: Art. 44 cases naming the reader stay hidden

    /// <summary><see cref="Actor.Covers"/> as a filter (paths are fixed-width codes joined by '/', so a prefix is a cover).</summary>
    private static Expression<Func<T, bool>> Covered<T>(Actor actor, Expression<Func<T, string>> path)
    {
        if (actor.JurisdictionPath.Length == 0) return _ => false;
        var prefix = actor.JurisdictionPath;
        var body = Expression.Call(path.Body, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!,
            Expression.Constant(prefix));
        return Expression.Lambda<Func<T, bool>>(body, path.Parameters);
    }

    /// <summary>The same figures as <see cref="Of"/>, counted by PostgreSQL: four aggregate queries over the reader's cases.</summary>
    public static async Task<UnitProfileFigures> QueryAsync(IQuerySession session, Guid unitId, Actor actor, DateOnly today, CancellationToken ct)
    {
        // The windows as literals (computed here, never user input): the start of the day in Beijing, as Since() counts.
        var recent = Instant(UnitRisk.RecentFrom(today));
        var year = Instant(UnitRisk.YearFrom(today));
        var recentDate = $"'{UnitRisk.RecentFrom(today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'::date";

        var inspections = (await AggregateAsync<Inspection, InspectionSums>(session, VisibleInspections(session, unitId, actor), """
            coalesce((x.data ->> 'startedAt')::timestamptz, (x.data ->> 'plannedAt')::timestamptz) as started,
            x.data ->> 'status' as status, (x.data ->> 'closedAt')::timestamptz as closed_at,
            jsonb_array_length(x.data -> 'obstructions') as obstructions, jsonb_array_length(x.data -> 'rectificationIds') as hazards
            """, $"""
            jsonb_build_object('total', count(*),
              'recentObstructions', coalesce(sum(obstructions) filter (where started >= {recent}), 0),
              'cleanLastYear', coalesce(bool_or(status = 'Concluded' and closed_at >= {year} and hazards = 0 and obstructions = 0), false))
            """, "", ct)).Single();
        var hazards = await AggregateAsync<Rectification, HazardSums>(session, VisibleRectifications(session, unitId, actor), """
            x.data ->> 'item' as item, x.data ->> 'status' = 'Closed' as closed, (x.data ->> 'isOverdue')::boolean as overdue,
            x.data ->> 'documentNumber' is not null as issued
            """, """
            jsonb_build_object('item', item, 'open', count(*) filter (where not closed and not overdue),
              'overdue', count(*) filter (where not closed and overdue), 'closed', count(*) filter (where closed),
              'issued', count(*) filter (where issued))
            """, "group by item", ct);
        var complaints = (await AggregateAsync<Complaint, ComplaintSums>(session, VisibleComplaints(session, unitId, actor), """
            (x.data ->> 'substantiated')::boolean as substantiated, x.data ->> 'status' = 'Closed' as closed,
            x.data ->> 'decision' as decision, (x.data ->> 'receivedAt')::timestamptz as received_at
            """, $"""
            jsonb_build_object('total', count(*),
              'pending', count(*) filter (where substantiated is null and not closed and coalesce(decision, 'Accepted') = 'Accepted'),
              'accepted', count(*) filter (where decision = 'Accepted'), 'notAccepted', count(*) filter (where decision = 'NotAccepted'),
              'transferred', count(*) filter (where decision = 'Transferred'),
              'substantiated', count(*) filter (where substantiated), 'notSubstantiated', count(*) filter (where not substantiated),
              'closed', count(*) filter (where closed),
              'recentSubstantiated', count(*) filter (where substantiated and received_at >= {recent}))
            """, "", ct)).Single();
        var sanctions = (await AggregateAsync<SanctionCase, SanctionSums>(session, VisibleSanctions(session, unitId, actor), """
            (x.data ->> 'penaltyImposed')::boolean and not (x.data ->> 'decisionRevoked')::boolean as penalty_stands,
            (x.data ->> 'decidedOn')::date as decided_on
            """, $"""
            jsonb_build_object('total', count(*), 'recentDecisions', count(*) filter (where penalty_stands and decided_on >= {recentDate}))
            """, "", ct)).Single();

        return new UnitProfileFigures(
            inspections.Total, inspections.RecentObstructions, inspections.CleanLastYear,
            hazards.Select(h => Hazards(h.Item, h.Open, h.Overdue, h.Closed)).OrderBy(h => h.Item, StringComparer.Ordinal).ToList(),
            hazards.Sum(h => h.Issued),
            new UnitProfileComplaints(complaints.Total, complaints.Pending, complaints.Accepted, complaints.NotAccepted, complaints.Transferred,
                complaints.Substantiated, complaints.NotSubstantiated, complaints.Closed),
            complaints.RecentSubstantiated, sanctions.Total, sanctions.RecentDecisions);
    }

    private static string Instant(DateOnly beijingDay) =>
        $"'{WorkingDayCalendar.EndOfDayBeijing(beijingDay.AddDays(-1)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}'::timestamptz";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// <c>select {select} from (select {columns} from (the LINQ query's SQL) as x offset 0) as c {groupBy}</c>, each row one
    /// JSON object. The filter is Marten's own SQL for the LINQ query, so its expressions match the indexes Marten declared
    /// (the unit id, the path). The narrow columns are taken first (<c>offset 0</c> keeps PostgreSQL from flattening the
    /// subquery): grouping the whole documents sorted 20 MB on disk for one busy unit; the narrow rows halve the time.
    /// </summary>
    private static async Task<List<T>> AggregateAsync<TCase, T>(IQuerySession session, IQueryable<TCase> cases, string columns, string select,
        string groupBy, CancellationToken ct) where TCase : notnull
    {
        var linq = cases.ToCommand(FetchType.FetchMany);
        await using var command = new NpgsqlCommand(
            $"select {select} from (select {columns} from ({linq.CommandText.TrimEnd().TrimEnd(';')}) as x offset 0) as c {groupBy}");
        foreach (NpgsqlParameter p in linq.Parameters) command.Parameters.Add(p.Clone());
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), Json)!);
        return rows;
    }

    private sealed record InspectionSums(int Total, int RecentObstructions, bool CleanLastYear);
    private sealed record HazardSums(string Item, int Open, int Overdue, int Closed, int Issued);
    private sealed record ComplaintSums(int Total, int Pending, int Accepted, int NotAccepted, int Transferred, int Substantiated,
        int NotSubstantiated, int Closed, int RecentSubstantiated);
    private sealed record SanctionSums(int Total, int RecentDecisions);
}
