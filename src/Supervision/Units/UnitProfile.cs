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

    public IReadOnlyList<T> Slice<T>(IEnumerable<T> all, int page) => all.Skip((page - 1) * PageSize).Take(PageSize).ToList();
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
        opts.Schema.For<Inspection>().Index(i => i.UnitId);
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

        // Each case is filtered as its own endpoint would: a case the reader may not open is not in the profile.
        var inspections = (await session.Query<Inspection>().Where(i => i.UnitId == id).ToListAsync(ct))
            .Where(i => JointInspection.CanSee(i, actor)).ToList();
        var rectifications = (await session.Query<Rectification>().Where(r => r.UnitId == id).ToListAsync(ct))
            .Where(r => actor.Covers(r.JurisdictionPath)).ToList();
        var complaints = (await session.Query<Complaint>().Where(c => c.UnitId == id).ToListAsync(ct))
            .Where(c => actor.Covers(c.JurisdictionPath)).ToList();
        var sanctions = (await session.Query<SanctionCase>().Where(c => c.PartyUnitId == id).ToListAsync(ct))
            .Where(c => SanctionSteps.MaySee(c, actor)).ToList(); // R22: Art. 44 cases naming the reader stay hidden

        var rounds = (await session.Query<AnnualReports.AnnualReportRound>().Where(r => r.DepartmentId == unit.JurisdictionId).ToListAsync(ct))
            .Where(r => r.Units.Any(u => u.UnitId == id)).ToList();
        var reports = await session.Query<AnnualReports.AnnualReport>().Where(r => r.UnitId == id).ToListAsync(ct);

        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        return Results.Ok(Build(unit, inspections, rectifications, complaints, sanctions, today, rounds, reports, pages));
    }

    /// <summary>Pure: the profile from the snapshots the reader may see.</summary>
    public static UnitProfile Build(
        SupervisedUnit unit, IReadOnlyCollection<Inspection> inspections, IReadOnlyCollection<Rectification> rectifications,
        IReadOnlyCollection<Complaint> complaints, IReadOnlyCollection<SanctionCase> sanctions, DateOnly today,
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
        static bool IsOpen(Rectification r) => r.Status != RectificationStatus.Closed;
        var hazards = rectifications
            .GroupBy(r => r.Item)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new UnitProfileHazards(g.Key, LegalCatalogue.Find(g.Key)?.Wording ?? g.Key,
                Open: g.Count(r => IsOpen(r) && !r.IsOverdue), Overdue: g.Count(r => IsOpen(r) && r.IsOverdue),
                Closed: g.Count(r => !IsOpen(r))))
            .ToList();
        var issued = rectifications.Where(r => r.DocumentNumber is not null).ToList();
        var orders = pages.Slice(issued
            .OrderByDescending(r => r.IssuedOn).ThenBy(r => r.DocumentNumber, StringComparer.Ordinal)
            .Select(r => new UnitProfileOrder(r.Id, r.Item, r.DocumentNumber!, r.IssuedOn, r.DueOn, r.ExtensionCount, r.Status, r.Board, r.IsOverdue, r.ClosedAt)),
            pages.RectificationOrders);
        // Counts by outcome only: receipt numbers, allegations and anything of the complainant stay out (R12).
        var complaintCounts = new UnitProfileComplaints(
            Total: complaints.Count,
            Pending: complaints.Count(c => c.Substantiated is null && !c.IsClosed && c.Decision is null or AcceptanceDecision.Accepted),
            Accepted: complaints.Count(c => c.Decision == AcceptanceDecision.Accepted),
            NotAccepted: complaints.Count(c => c.Decision == AcceptanceDecision.NotAccepted),
            Transferred: complaints.Count(c => c.Decision == AcceptanceDecision.Transferred),
            Substantiated: complaints.Count(c => c.Substantiated == true),
            NotSubstantiated: complaints.Count(c => c.Substantiated == false),
            Closed: complaints.Count(c => c.IsClosed));
        var jurisdiction = JurisdictionCatalogue.Find(unit.JurisdictionId);
        return new UnitProfile(
            unit.Id, unit.Name, unit.Kind, unit.CreditCode, unit.JurisdictionId, jurisdiction?.Name ?? unit.JurisdictionId, today,
            UnitRisk.Score(UnitRisk.Inputs(inspections, rectifications, complaints, sanctions, today, annual)),
            pages.Slice(inspections.OrderByDescending(i => i.PlannedOn).ThenByDescending(i => i.PlannedAt)
                .Select(i => new UnitProfileInspection(i.Id, i.Kind, i.DrawId is not null, i.PlannedOn, i.StartedAt, i.ClosedAt, i.Status,
                    i.RectificationIds.Count, i.Obstructions.Count, i.Checklist?.Grade, i.Checklist?.Percent)), pages.Inspections),
            hazards, orders, complaintCounts,
            pages.Slice(sanctions.OrderByDescending(c => c.OpenedAt)
                .Select(c => new UnitProfileSanction(c.Id, c.Violation, c.Status, c.OpenedAt, c.PenaltyImposed, c.DecisionNumber, c.DecidedOn,
                    c.DecidedScope, c.DecisionRevoked)), pages.SanctionCases),
            latest, pages, inspections.Count, issued.Count, sanctions.Count);
    }
}
