using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Sanctions;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Units;

/// <summary>
/// The enforcement history of one supervised unit and its risk score, for whoever may see the unit. Complaints appear
/// as counts by outcome only: nothing of a complainant (nor the allegation) is in the profile (R12).
/// The three case lists are paged (newest first); the score, the hazard counts and the complaint counts always cover
/// the whole history.
/// </summary>
// Why paged: a unit inspected for years has thousands of cases; listed whole, one profile of the benchmark's store was a
// 5 MB page whose rendering left 200 MB of buffers in the shared array pools (issue 18 §3).
public sealed record UnitProfile(
    Guid UnitId, string Name, UnitKind Kind, string CreditCode, string JurisdictionId, string JurisdictionName, DateOnly AsOf,
    UnitRiskScore Risk,
    IReadOnlyList<UnitProfileInspection> Inspections,
    IReadOnlyList<UnitProfileHazards> HazardsByItem,
    IReadOnlyList<UnitProfileOrder> RectificationOrders,
    UnitProfileComplaints Complaints,
    IReadOnlyList<UnitProfileSanction> SanctionCases,
    UnitProfileAnnualReport? LatestAnnualReport,
    UnitProfilePages Pages,
    int InspectionsTotal, int RectificationOrdersTotal, int SanctionCasesTotal);

/// <summary>Which page of each case list the profile shows (1-based; a page past the end is empty), and the page size.</summary>
public sealed record UnitProfilePages(int Inspections = 1, int RectificationOrders = 1, int SanctionCases = 1, int PageSize = Paging.DefaultPageSize)
{
    /// <summary>From the query: each page 1–<see cref="Paging.MaxPage"/>, the size 1–<see cref="Paging.MaxPageSize"/> (else 400).</summary>
    public static UnitProfilePages From(int? inspectionsPage, int? ordersPage, int? sanctionsPage, int? pageSize) =>
        new(Paging.Page(inspectionsPage, "inspectionsPage"), Paging.Page(ordersPage, "ordersPage"), Paging.Page(sanctionsPage, "sanctionsPage"),
            Paging.Size(pageSize));

    /// <summary>How many entries come before <paramref name="page"/>.</summary>
    public int Skip(int page) => (page - 1) * PageSize;
}

/// <summary>The figures of the unit's last accepted Art. 36 annual report (issue 17 §2): staff, holdings, storage area.</summary>
public sealed record UnitProfileAnnualReport(Guid ReportId, int Year, DateTimeOffset AcceptedAt, long? StaffFullTime, long? StaffPartTime,
    long? HoldingsVolumes, long? HoldingsItems, decimal? HoldingsElectronicGb, decimal? StorageArea, decimal? DigitisedPercent);

public sealed record UnitProfileInspection(
    Guid Id, InspectionKind Kind, bool DrawnAtRandom, DateOnly PlannedOn, DateTimeOffset? StartedAt, DateTimeOffset? ClosedAt,
    InspectionStatus Status, int Hazards, int Obstructions, string? ChecklistGrade = null, decimal? ChecklistPercent = null);

/// <summary>Hazards of one Art. 38 item. Disjoint: open (not corrected, within deadline), overdue (not corrected, past it), closed.</summary>
public sealed record UnitProfileHazards(string Item, string Wording, int Open, int Overdue, int Closed);

public sealed record UnitProfileOrder(
    Guid RectificationId, string Item, string DocumentNumber, DateOnly? IssuedOn, DateOnly? DueOn, int Extensions,
    RectificationStatus Status, string Board, bool WentOverdue, DateTimeOffset? ClosedAt);

/// <summary>Counts only. Pending = not yet concluded (or closed without a finding).</summary>
public sealed record UnitProfileComplaints(
    int Total, int Pending, int Accepted, int NotAccepted, int Transferred, int Substantiated, int NotSubstantiated, int Closed);

public sealed record UnitProfileSanction(
    Guid Id, string Violation, SanctionStatus Status, DateTimeOffset OpenedAt, bool PenaltyImposed, string? DecisionNumber,
    DateOnly? DecidedOn, PenaltyScope? DecidedScope, bool DecisionRevoked);

public static class UnitProfileQueries
{
    /// <summary>Indexes for the profile's look-ups by unit (the snapshots are already indexed on JurisdictionPath).</summary>
    public static void ConfigureUnitProfile(this StoreOptions opts)
    {
        // The unit's inspections newest first, read in index order: a page of a unit with 25,000 inspections was a backward
        // scan of every inspection by date, filtered by unit (150 ms at 1 M events); this index also serves the unit's look-up.
        opts.Schema.For<Inspection>().Index([i => i.UnitId, i => i.PlannedOn, i => i.PlannedAt], i => i.Name = "mt_doc_inspection_idx_unit_planned");
        // Rectification.UnitId is a duplicated column with its own index (MartenConfiguration: the unit map counts from it).
        opts.Schema.For<Complaint>().Index(c => c.UnitId);
        opts.Schema.For<SanctionCase>().Index(c => c.PartyUnitId);
    }

    /// <summary>
    /// GET /api/units/{id}/profile — 404 when the unit is unknown or outside the reader's jurisdiction. The case lists are
    /// paged by <c>inspectionsPage</c>, <c>ordersPage</c>, <c>sanctionsPage</c> and <c>pageSize</c> (default 50).
    /// </summary>
    [WolverineGet("/api/units/{id}/profile", OperationId = "GetUnitProfile")]
    public static Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, TimeProvider clock,
        int? inspectionsPage, int? ordersPage, int? sanctionsPage, int? pageSize, CancellationToken ct) =>
        Get(id, user, session, clock, UnitProfilePages.From(inspectionsPage, ordersPage, sanctionsPage, pageSize), ct);

    /// <summary>The same query with the pages already read (the profile page's).</summary>
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, UnitProfilePages pages, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var unit = await session.LoadAsync<SupervisedUnit>(id, ct);
        if (unit is null || !actor.Covers(unit.JurisdictionPath)) return Results.Problem(Problems.NotFound("unit"));
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        // Counted in SQL over the cases the reader may see (each filtered as its own endpoint would); only a page of each list is loaded.
        var figures = await UnitProfileFigures.QueryAsync(session, id, actor, today, ct);
        var inspections = await UnitProfileFigures.VisibleInspections(session, id, actor)
            .OrderByDescending(i => i.PlannedOn).ThenByDescending(i => i.PlannedAt).Skip(pages.Skip(pages.Inspections)).Take(pages.PageSize).ToListAsync(ct);
        var orders = await UnitProfileFigures.VisibleRectifications(session, id, actor).Where(r => r.DocumentNumber != null)
            .OrderByDescending(r => r.IssuedOn).ThenBy(r => r.DocumentNumber).Skip(pages.Skip(pages.RectificationOrders)).Take(pages.PageSize).ToListAsync(ct);
        var sanctions = await UnitProfileFigures.VisibleSanctions(session, id, actor)
            .OrderByDescending(c => c.OpenedAt).Skip(pages.Skip(pages.SanctionCases)).Take(pages.PageSize).ToListAsync(ct);

        var rounds = (await session.Query<AnnualReports.AnnualReportRound>().Where(r => r.DepartmentId == unit.JurisdictionId).ToListAsync(ct))
            .Where(r => r.Units.Any(u => u.UnitId == id)).ToList();
        var reports = await session.Query<AnnualReports.AnnualReport>().Where(r => r.UnitId == id).ToListAsync(ct);

        return Results.Ok(Build(unit, figures, inspections, orders, sanctions, today, rounds, reports, pages));
    }

    /// <summary>
    /// Pure: the profile from its figures and the shown page of each list (<paramref name="inspections"/> newest first,
    /// <paramref name="orders"/> the issued rectification orders newest first, <paramref name="sanctions"/> newest first).
    /// </summary>
    public static UnitProfile Build(
        SupervisedUnit unit, UnitProfileFigures figures, IEnumerable<Inspection> inspections, IEnumerable<Rectification> orders,
        IEnumerable<SanctionCase> sanctions, DateOnly today,
        IReadOnlyCollection<AnnualReports.AnnualReportRound>? rounds = null, IReadOnlyCollection<AnnualReports.AnnualReport>? reports = null,
        UnitProfilePages? pages = null)
    {
        reports ??= [];
        pages ??= new UnitProfilePages();
        var annual = (rounds ?? []).Select(r => (r.DueOn, Reported: reports.Any(x => x.RoundId == r.Id))).ToList();
        var accepted = reports.Where(r => r.Status == AnnualReports.AnnualReportStatus.Accepted).MaxBy(r => r.Year);
        long? Count(string code) => accepted?.Answers.GetValueOrDefault(code) is { } v && long.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        decimal? Amount(string code) => accepted?.Answers.GetValueOrDefault(code) is { } v && decimal.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        var latest = accepted is null ? null : new UnitProfileAnnualReport(accepted.Id, accepted.Year, accepted.AcceptedAt!.Value, Count("staff_full_time"),
            Count("staff_part_time"), Count("holdings_volumes"), Count("holdings_items"), Amount("holdings_electronic_gb"), Amount("storage_area"),
            Amount("digitised_percent"));
        var jurisdiction = JurisdictionCatalogue.Find(unit.JurisdictionId);
        return new UnitProfile(
            unit.Id, unit.Name, unit.Kind, unit.CreditCode, unit.JurisdictionId, jurisdiction?.Name ?? unit.JurisdictionId, today,
            UnitRisk.Score(figures.RiskInputs(today, annual)),
            inspections.Select(i => new UnitProfileInspection(i.Id, i.Kind, i.DrawId is not null, i.PlannedOn, i.StartedAt, i.ClosedAt, i.Status,
                i.RectificationIds.Count, i.Obstructions.Count, i.Checklist?.Grade, i.Checklist?.Percent)).ToList(),
            figures.HazardsByItem,
            orders.Select(r => new UnitProfileOrder(r.Id, r.Item, r.DocumentNumber!, r.IssuedOn, r.DueOn, r.ExtensionCount, r.Status, r.Board, r.IsOverdue, r.ClosedAt)).ToList(),
            figures.Complaints,
            sanctions.Select(c => new UnitProfileSanction(c.Id, c.Violation, c.Status, c.OpenedAt, c.PenaltyImposed, c.DecisionNumber, c.DecidedOn,
                c.DecidedScope, c.DecisionRevoked)).ToList(),
            latest, pages, figures.Inspections, figures.IssuedOrders, figures.SanctionCases);
    }
}
