using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Dashboards;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.AnnualReports;

// ---- Art. 36 第二句: 下级档案主管部门应当向上级档案主管部门报送本行政区域年度档案工作情况 (issue 17 §2) ----
// A county's or prefecture's leader submits the region's annual report to the department above: figures generated from
// the accepted unit reports of its own round and the year's enforcement statistics of its jurisdiction (frozen into the
// report as submitted), with the leader's own account of the year. The department above accepts it or returns it with
// reasons; it sees which departments below have reported and the roll-up of their figures.

[JsonConverter(typeof(JsonStringEnumConverter<RegionReportStatus>))]
public enum RegionReportStatus { Submitted, Returned, Accepted }

/// <summary>
/// A region's figures of a year: its units' reports (due, accepted, late, missing; staff, holdings, storage area summed
/// over the accepted ones) and its enforcement statistics (the department and every jurisdiction below it).
/// </summary>
public sealed record RegionFigures(int UnitsDue, int UnitReportsAccepted, int UnitReportsLate, int UnitReportsMissing,
    long StaffFullTime, long StaffPartTime, long HoldingsVolumes, long HoldingsItems, decimal HoldingsElectronicGb, decimal StorageArea,
    int InspectionsConcluded, int Obstructions, int HazardsFound, int OrdersIssued, int OrdersCorrected, int ComplaintsReceived, int PenaltiesDecided)
{
    public static readonly RegionFigures Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static RegionFigures Sum(IEnumerable<RegionFigures> all) => all.Aggregate(Zero, (a, b) => new RegionFigures(
        a.UnitsDue + b.UnitsDue, a.UnitReportsAccepted + b.UnitReportsAccepted, a.UnitReportsLate + b.UnitReportsLate, a.UnitReportsMissing + b.UnitReportsMissing,
        a.StaffFullTime + b.StaffFullTime, a.StaffPartTime + b.StaffPartTime, a.HoldingsVolumes + b.HoldingsVolumes, a.HoldingsItems + b.HoldingsItems,
        a.HoldingsElectronicGb + b.HoldingsElectronicGb, a.StorageArea + b.StorageArea, a.InspectionsConcluded + b.InspectionsConcluded,
        a.Obstructions + b.Obstructions, a.HazardsFound + b.HazardsFound, a.OrdersIssued + b.OrdersIssued, a.OrdersCorrected + b.OrdersCorrected,
        a.ComplaintsReceived + b.ComplaintsReceived, a.PenaltiesDecided + b.PenaltiesDecided));
}

/// <summary>本行政区域年度档案工作情况已报送上级 / The region's report was submitted to the department above, its figures frozen.</summary>
public sealed record RegionReportSubmitted(Guid ReportId, string DepartmentId, string ParentDepartmentId, string JurisdictionPath, int Year,
    RegionFigures Figures, string Summary, string Problems, string Plans, string SubmittedBy, DateTimeOffset SubmittedAt);
/// <summary>上级退回补正 / Returned by the department above, with reasons.</summary>
public sealed record RegionReportReturned(Guid ReportId, string Reasons, string ReviewedBy, DateTimeOffset ReviewedAt);
/// <summary>上级审核通过 / Accepted by the department above.</summary>
public sealed record RegionReportAccepted(Guid ReportId, string ReviewedBy, DateTimeOffset ReviewedAt);

/// <summary>A department's report of its region for one year (inline snapshot).</summary>
public sealed class RegionAnnualReport
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string DepartmentId { get; set; } = "";
    public string ParentDepartmentId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public int Year { get; set; }
    public RegionFigures Figures { get; set; } = RegionFigures.Zero;
    public string Summary { get; set; } = "";
    public string Problems { get; set; } = "";
    public string Plans { get; set; } = "";
    public RegionReportStatus Status { get; set; }
    public int Submissions { get; set; }
    public string SubmittedBy { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public List<RegionReportReturned> Returns { get; set; } = [];
    public string? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }

    public void Apply(RegionReportSubmitted e)
    {
        Id = e.ReportId; DepartmentId = e.DepartmentId; ParentDepartmentId = e.ParentDepartmentId; JurisdictionPath = e.JurisdictionPath; Year = e.Year;
        Figures = e.Figures; Summary = e.Summary; Problems = e.Problems; Plans = e.Plans; SubmittedBy = e.SubmittedBy; SubmittedAt = e.SubmittedAt;
        Status = RegionReportStatus.Submitted; Submissions++;
    }

    public void Apply(RegionReportReturned e) { Status = RegionReportStatus.Returned; Returns.Add(e); }
    public void Apply(RegionReportAccepted e) { Status = RegionReportStatus.Accepted; AcceptedBy = e.ReviewedBy; AcceptedAt = e.ReviewedAt; }
}

public static class RegionReportRules
{
    public static Guid ReportId(string departmentId, int year) => AnnualReportRules.DerivedId($"region-report:{departmentId}:{year}");

    /// <summary>The figures of a region from its own round's reports and its statistics. Pure.</summary>
    public static RegionFigures Figures(RoundView? round, IEnumerable<AnnualReport> reports, EnforcementTotals totals)
    {
        var accepted = reports.Where(r => r.Status == AnnualReportStatus.Accepted).ToList();
        long Count(string code) => accepted.Sum(r => long.TryParse(r.Answers.GetValueOrDefault(code), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0);
        decimal Amount(string code) => accepted.Sum(r => decimal.TryParse(r.Answers.GetValueOrDefault(code), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0);
        return new RegionFigures(round?.Due ?? 0, accepted.Count, round?.ReceivedLate ?? 0, round?.Missing ?? 0,
            Count("staff_full_time"), Count("staff_part_time"), Count("holdings_volumes"), Count("holdings_items"), Amount("holdings_electronic_gb"),
            Amount("storage_area"), totals.InspectionsConcluded, totals.Obstructions, totals.HazardsByItem.Values.Sum(), totals.OrdersIssued,
            totals.OrdersCorrected, totals.ComplaintsReceived, totals.PenaltiesDecided);
    }

    /// <summary>The department's leader submits its region's report of a past or the current year to the department above.</summary>
    public static RegionReportSubmitted Decide(SubmitRegionReport c, RegionAnnualReport? existing, RegionFigures figures, Actor actor, DateTimeOffset now)
    {
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId) ?? throw RuleViolation.Forbidden("仅档案主管部门可以报送", "Only a department reports");
        Guard.CanAct(actor, department.Path, Roles.Leader);
        if (department.ParentId is not { } parent)
            throw RuleViolation.Refused("no_department_above", "本部门没有上级档案主管部门", "The department has no department above to report to");
        var year = c.Year ?? throw RuleViolation.Invalid("field_required", "请填写报告年度", "year is required", "year");
        if (year < 2000 || year > WorkingDayCalendar.BeijingToday(now).Year)
            throw RuleViolation.Invalid("invalid_year", "报告年度须为 2000 年至今年", "year must be from 2000 to the current year", "year");
        switch (existing?.Status)
        {
            case RegionReportStatus.Submitted:
                throw new RuleViolation(Problems.Conflict("report_under_review", "报告已报送上级，正在审核", "The report is being reviewed above"));
            case RegionReportStatus.Accepted:
                throw RuleViolation.Refused("report_accepted", "报告已由上级审核通过", "The report was accepted already");
        }
        return new RegionReportSubmitted(ReportId(department.Id, year), department.Id, parent, department.Path, year, figures,
            Guard.Required(c.Summary, "summary", "本行政区域年度档案工作情况", AnnualReportForms.MaxText),
            Guard.Required(c.Problems, "problems", "存在的问题", AnnualReportForms.MaxText),
            Guard.Required(c.Plans, "plans", "下一年度工作计划", AnnualReportForms.MaxText), actor.UserName, now);
    }

    /// <summary>The department above reviews it: accepted, or returned with reasons.</summary>
    public static object Decide(RegionAnnualReport report, ReviewAnnualReport c, Actor actor, DateTimeOffset now) =>
        AnnualReportRules.Review(c, actor, report.JurisdictionPath, report.ParentDepartmentId, report.Version, report.Status == RegionReportStatus.Submitted) is { } reasons
            ? new RegionReportReturned(report.Id, reasons, actor.UserName, now)
            : new RegionReportAccepted(report.Id, actor.UserName, now);
}

/// <summary>报送本行政区域年度档案工作情况 / The region's report: the year and the leader's account (figures are generated).</summary>
public sealed record SubmitRegionReport(int? Year, string? Summary, string? Problems, string? Plans);
/// <summary>A department below and its report of the year (none: not reported).</summary>
public sealed record RegionReportLine(string DepartmentId, string DepartmentName, Guid? ReportId, string Status, RegionFigures? Figures);
/// <summary>
/// The region reports of a year as a department sees them: its own (to submit, with the generated figures) and those of the
/// departments directly below it, with the roll-up of the figures they submitted.
/// </summary>
public sealed record RegionReportsView(int Year, string DepartmentId, RegionAnnualReport? Own, RegionFigures Draft, bool HasDepartmentAbove,
    IReadOnlyList<RegionReportLine> Below, RegionFigures RollUp);

public static class RegionReportEndpoints
{
    /// <summary>The generated figures of the actor's region for the year (its round's reports and its statistics).</summary>
    public static async Task<RegionFigures> DraftAsync(IQuerySession session, Actor actor, int year, TimeProvider clock, CancellationToken ct)
    {
        var round = await AnnualReportEndpoints.ViewAsync(session, actor.JurisdictionId, year, clock, ct);
        var reports = round is null ? [] : await session.Query<AnnualReport>().Where(r => r.RoundId == round.Round.Id).ToListAsync(ct);
        var statistics = await AnnualStatisticsQueries.ForYear(actor, session, clock, year, null, ct);
        return RegionReportRules.Figures(round, reports, statistics.Totals);
    }

    [WolverinePost("/api/region-reports", OperationId = "SubmitRegionReport")]
    public static async Task<IResult> Submit(SubmitRegionReport c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var existing = c.Year is { } y ? await session.LoadAsync<RegionAnnualReport>(RegionReportRules.ReportId(actor.JurisdictionId, y), ct) : null;
        var now = clock.GetUtcNow();
        RegionReportRules.Decide(c, existing, RegionFigures.Zero, actor, now); // refuse before computing the figures
        var submitted = RegionReportRules.Decide(c, existing, await DraftAsync(session, actor, c.Year!.Value, clock, ct), actor, now);
        if (existing is null) session.Events.StartStream<RegionAnnualReport>(submitted.ReportId, submitted);
        else session.Events.Append(submitted.ReportId, existing.Version + 1, submitted);
        return Results.Ok(submitted);
    }

    [WolverinePost("/api/region-reports/{id}/review", OperationId = "ReviewRegionReport")]
    public static async Task<IResult> Review(Guid id, ReviewAnnualReport c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var report = await session.LoadAsync<RegionAnnualReport>(id, ct);
        if (report is null || !actor.Covers(report.JurisdictionPath)) throw RuleViolation.NotFound("report");
        var decided = RegionReportRules.Decide(report, c, actor, clock.GetUtcNow());
        session.Events.Append(id, report.Version + 1, decided);
        return Results.Ok(new AnnualReportReviewed(id, decided is RegionReportAccepted ? "accepted" : "returned", report.Version + 1));
    }

    /// <summary>A region report, for its department and the levels above.</summary>
    [WolverineGet("/api/region-reports/{id}", OperationId = "GetRegionReport")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var report = await session.LoadAsync<RegionAnnualReport>(id, ct);
        return report is not null && Actor.From(user).Covers(report.JurisdictionPath) ? Results.Ok(report) : Results.Problem(Problems.NotFound("report"));
    }

    /// <summary>
    /// The year's region reports for the reader's department (leaders): its own with the generated draft, and the departments
    /// directly below it with their status and the roll-up of their figures.
    /// </summary>
    [WolverineGet("/api/region-reports", OperationId = "GetRegionReports")]
    public static async Task<IResult> Year(int? year, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        Results.Ok(await ViewAsync(session, Actor.From(user), year ?? throw RuleViolation.Invalid("field_required", "请填写报告年度", "year is required", "year"), clock, ct));

    public static async Task<RegionReportsView> ViewAsync(IQuerySession session, Actor actor, int year, TimeProvider clock, CancellationToken ct)
    {
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId) ?? throw RuleViolation.NotFound("department");
        var draft = await DraftAsync(session, actor, year, clock, ct); // leaders only (the statistics' rule), 400 for a year out of range
        var own = await session.LoadAsync<RegionAnnualReport>(RegionReportRules.ReportId(department.Id, year), ct);
        var children = JurisdictionCatalogue.All.Where(j => j.ParentId == department.Id).OrderBy(j => j.Path, StringComparer.Ordinal).ToList();
        var ids = children.Select(j => RegionReportRules.ReportId(j.Id, year)).ToArray();
        var reports = ids.Length == 0 ? [] : (await session.LoadManyAsync<RegionAnnualReport>(ct, ids)).Where(r => r is not null).ToDictionary(r => r.DepartmentId);
        var lines = children.Select(j => reports.GetValueOrDefault(j.Id) is { } r
            ? new RegionReportLine(j.Id, j.DepartmentName, r.Id, r.Status.ToString().ToLowerInvariant(), r.Figures)
            : new RegionReportLine(j.Id, j.DepartmentName, null, "none", null)).ToList();
        return new RegionReportsView(year, department.Id, own, draft, department.ParentId is not null, lines,
            RegionFigures.Sum(lines.Where(l => l.Figures is not null).Select(l => l.Figures!)));
    }
}
