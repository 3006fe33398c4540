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
// the accepted unit reports and the year's enforcement statistics of its whole region (frozen into the report as
// submitted; see the roll-up rule below), with the leader's own account of the year. The department above accepts it or returns it with
// reasons; it sees every department directly below with its status (reported, late, missing or still pending) and the
// roll-up of their figures, and — through each of them — whether the departments two levels down reported to it.
//
// Due date: 30 April of the following year by default (Supervision:AnnualReports:RegionDueMonth/RegionDueDay), after the
// units' 31 March, so that a department reports its region once its units have. The due date and the lateness are
// recorded in the submission event. Lateness is that of the FIRST submission, as for unit reports: a report first
// submitted on time, returned for completion and submitted again after the due date stays on time (the department met
// the deadline; the return is the reviewer's doing); one first submitted late stays late whatever follows.
//
// Not double counting (the rule of the roll-up): every figure of a department's report covers its whole administrative
// region — the department's jurisdiction and every one below it. The unit-report figures sum the rounds of every
// department in that region (its own and those below), the enforcement figures are the statistics of that region
// (AnnualStatisticsQueries.ForYear over its path). So a prefecture's report already contains its counties' figures, and
// the roll-up a department sees sums the reports of the departments DIRECTLY below it only; the reports two levels down
// (the counties' to their prefecture) are shown as status counts per department below, never added again.
// (Reports submitted before this rule froze the unit-report figures of the department's own round only; being frozen in
// their events, they are not recomputed.)

[JsonConverter(typeof(JsonStringEnumConverter<RegionReportStatus>))]
public enum RegionReportStatus { Submitted, Returned, Accepted }

/// <summary>
/// A region's figures of a year, all over the department's jurisdiction and every one below it: the units' reports of
/// the rounds of those departments (due, accepted, late, missing; staff, holdings, storage area summed over the accepted
/// ones) and the enforcement statistics of the same region. A prefecture's figures thus include its counties'.
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

/// <summary>
/// 本行政区域年度档案工作情况已报送上级 / The region's report was submitted to the department above, its figures frozen;
/// with the due date that applied and whether the report is late (that of the first submission). Both null in events
/// recorded before due dates existed.
/// </summary>
/// <param name="DueOn">报送截止日期（报告年度的次年，默认 4 月 30 日） / Due date (in the year after the one reported; default 30 April).</param>
public sealed record RegionReportSubmitted(Guid ReportId, string DepartmentId, string ParentDepartmentId, string JurisdictionPath, int Year,
    RegionFigures Figures, string Summary, string Problems, string Plans, string SubmittedBy, DateTimeOffset SubmittedAt,
    DateOnly? DueOn = null, bool? Late = null);
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
    /// <summary>When it was first submitted: its lateness is that of this submission.</summary>
    public DateTimeOffset? FirstSubmittedAt { get; set; }
    /// <summary>The due date recorded with the first submission (null for a report submitted before due dates were recorded).</summary>
    public DateOnly? DueOn { get; set; }
    /// <summary>Late as recorded with the first submission (null: not recorded, judged by the first submission's date).</summary>
    public bool? Late { get; set; }
    public List<RegionReportReturned> Returns { get; set; } = [];
    public string? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }

    public void Apply(RegionReportSubmitted e)
    {
        Id = e.ReportId; DepartmentId = e.DepartmentId; ParentDepartmentId = e.ParentDepartmentId; JurisdictionPath = e.JurisdictionPath; Year = e.Year;
        Figures = e.Figures; Summary = e.Summary; Problems = e.Problems; Plans = e.Plans; SubmittedBy = e.SubmittedBy; SubmittedAt = e.SubmittedAt;
        if (Submissions == 0) { FirstSubmittedAt = e.SubmittedAt; DueOn = e.DueOn; Late = e.Late; }
        Status = RegionReportStatus.Submitted; Submissions++;
    }

    public void Apply(RegionReportReturned e) { Status = RegionReportStatus.Returned; Returns.Add(e); }
    public void Apply(RegionReportAccepted e) { Status = RegionReportStatus.Accepted; AcceptedBy = e.ReviewedBy; AcceptedAt = e.ReviewedAt; }
}

public static class RegionReportRules
{
    public static Guid ReportId(string departmentId, int year) => AnnualReportRules.DerivedId($"region-report:{departmentId}:{year}");

    /// <summary>
    /// The figures of a region from the units of every round in it (the department's own and those below: each unit's
    /// state, and the reports) and the statistics of the same region. Pure.
    /// </summary>
    public static RegionFigures Figures(IReadOnlyCollection<RoundUnitStatus> units, IEnumerable<AnnualReport> reports, EnforcementTotals totals)
    {
        var accepted = reports.Where(r => r.Status == AnnualReportStatus.Accepted).ToList();
        long Count(string code) => accepted.Sum(r => long.TryParse(r.Answers.GetValueOrDefault(code), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0);
        decimal Amount(string code) => accepted.Sum(r => decimal.TryParse(r.Answers.GetValueOrDefault(code), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0);
        return new RegionFigures(units.Count, accepted.Count, units.Count(u => u.Late), units.Count(u => u.Missing),
            Count("staff_full_time"), Count("staff_part_time"), Count("holdings_volumes"), Count("holdings_items"), Amount("holdings_electronic_gb"),
            Amount("storage_area"), totals.InspectionsConcluded, totals.Obstructions, totals.HazardsByItem.Values.Sum(), totals.OrdersIssued,
            totals.OrdersCorrected, totals.ComplaintsReceived, totals.PenaltiesDecided);
    }

    /// <summary>The due date of a year's region reports: 30 April of the following year, or the configured month and day.</summary>
    public static DateOnly DueOn(int year, AnnualReportOptions? options = null) =>
        AnnualReportRules.InYearAfter(year, options?.RegionDueMonth ?? 4, options?.RegionDueDay ?? 30);

    /// <summary>Late when submitted (Beijing date) after the due date.</summary>
    public static bool IsLate(DateTimeOffset submittedAt, DateOnly dueOn) => WorkingDayCalendar.BeijingToday(submittedAt) > dueOn;

    /// <summary>
    /// A report's lateness: as recorded with its first submission; for one recorded before that, judged by its first
    /// submission against its recorded or else the given due date.
    /// </summary>
    public static bool LateOf(RegionAnnualReport report, DateOnly dueOn) =>
        report.Late ?? IsLate(report.FirstSubmittedAt ?? report.SubmittedAt, report.DueOn ?? dueOn);

    /// <summary>
    /// The department's leader submits its region's report of a past or the current year to the department above. The
    /// due date and lateness are those of the first submission: a resubmission after a return keeps them.
    /// </summary>
    public static RegionReportSubmitted Decide(SubmitRegionReport c, RegionAnnualReport? existing, RegionFigures figures, Actor actor, DateTimeOffset now,
        AnnualReportOptions? options = null)
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
        var first = existing is { Submissions: > 0 } ? existing : null;
        var due = first?.DueOn ?? DueOn(year, options);
        var late = first is not null ? LateOf(first, due) : IsLate(now, due);
        return new RegionReportSubmitted(ReportId(department.Id, year), department.Id, parent, department.Path, year, figures,
            Guard.Required(c.Summary, "summary", "本行政区域年度档案工作情况", AnnualReportForms.MaxText),
            Guard.Required(c.Problems, "problems", "存在的问题", AnnualReportForms.MaxText),
            Guard.Required(c.Plans, "plans", "下一年度工作计划", AnnualReportForms.MaxText), actor.UserName, now, due, late);
    }

    /// <summary>The departments directly below a department (those that report to it), in path order.</summary>
    public static IReadOnlyList<Jurisdiction> Below(string departmentId) =>
        JurisdictionCatalogue.All.Where(j => j.ParentId == departmentId).OrderBy(j => j.Path, StringComparer.Ordinal).ToList();

    /// <summary>
    /// A department's state for a year: its report's status (submitted / returned / accepted) with its lateness, or, with
    /// none, missing once the due date passed and pending until then. Pure.
    /// </summary>
    public static RegionReportStatusLine State(Jurisdiction department, RegionAnnualReport? report, DateOnly dueOn, DateOnly today) => report is { Submissions: > 0 }
        ? new RegionReportStatusLine(department.Id, department.DepartmentName, report.Id, report.Status.ToString().ToLowerInvariant(), LateOf(report, dueOn),
            WorkingDayCalendar.BeijingToday(report.FirstSubmittedAt ?? report.SubmittedAt))
        : new RegionReportStatusLine(department.Id, department.DepartmentName, null, today > dueOn ? Missing : Pending, false, null);

    public const string Missing = "missing", Pending = "pending";

    /// <summary>How many departments were due, reported (on time, late), are missing or pending, and where their reports stand. Pure.</summary>
    public static RegionReportCounts Count(IReadOnlyCollection<RegionReportStatusLine> states)
    {
        var reported = states.Where(s => s.ReportId is not null).ToList();
        return new RegionReportCounts(states.Count, reported.Count, reported.Count(s => !s.Late), reported.Count(s => s.Late),
            states.Count(s => s.Status == Missing), states.Count(s => s.Status == Pending),
            reported.Count(s => s.Status == "submitted"), reported.Count(s => s.Status == "returned"), reported.Count(s => s.Status == "accepted"));
    }

    /// <summary>The latest year whose region reports are due already (the deadline board's year). Pure.</summary>
    public static int LastDueYear(DateOnly today, AnnualReportOptions? options = null) =>
        today > DueOn(today.Year - 1, options) ? today.Year - 1 : today.Year - 2;

    /// <summary>The department above reviews it: accepted, or returned with reasons.</summary>
    public static object Decide(RegionAnnualReport report, ReviewAnnualReport c, Actor actor, DateTimeOffset now) =>
        AnnualReportRules.Review(c, actor, report.JurisdictionPath, report.ParentDepartmentId, report.Version, report.Status == RegionReportStatus.Submitted) is { } reasons
            ? new RegionReportReturned(report.Id, reasons, actor.UserName, now)
            : new RegionReportAccepted(report.Id, actor.UserName, now);
}

/// <summary>报送本行政区域年度档案工作情况 / The region's report: the year and the leader's account (figures are generated).</summary>
public sealed record SubmitRegionReport(int? Year, string? Summary, string? Problems, string? Plans);
/// <summary>
/// A department expected to report a year: its report's status (submitted / returned / accepted) and lateness, or missing
/// (the due date passed without one) / pending (not due yet); the date it was first submitted.
/// </summary>
public sealed record RegionReportStatusLine(string DepartmentId, string DepartmentName, Guid? ReportId, string Status, bool Late, DateOnly? SubmittedOn);
/// <summary>The departments due to report to one department: how many reported (on time, late), are missing, pending; under review, returned, accepted.</summary>
/// <param name="Due">应报部门数 / Departments due to report.</param>
/// <param name="Reported">已报送部门数 / Departments that reported.</param>
/// <param name="OnTime">按期报送数 / Reported on time.</param>
/// <param name="Late">逾期报送数 / Reported after the due date.</param>
/// <param name="Missing">逾期未报数 / None after the due date.</param>
/// <param name="Pending">未到截止日期尚未报送数 / None yet, not due yet.</param>
/// <param name="UnderReview">待审核数 / Awaiting review.</param>
/// <param name="Returned">已退回补正数 / Returned for completion.</param>
/// <param name="Accepted">已审核通过数 / Accepted.</param>
public sealed record RegionReportCounts(int Due, int Reported, int OnTime, int Late, int Missing, int Pending, int UnderReview, int Returned, int Accepted);
/// <summary>
/// A department directly below and its report of the year (status as in <see cref="RegionReportStatusLine"/>; figures null
/// when it has not reported), and the departments below IT: whether they reported to it (counts and each one's state).
/// </summary>
public sealed record RegionReportLine(string DepartmentId, string DepartmentName, Guid? ReportId, string Status, bool Late, DateOnly? SubmittedOn,
    RegionFigures? Figures, RegionReportCounts? BelowCounts, IReadOnlyList<RegionReportStatusLine> BelowLines);
/// <summary>
/// The region reports of a year as a department sees them: its own (to submit, with the generated figures; its status
/// and lateness, or missing / pending; null without a department above), the due date, and the departments directly below
/// it with their counts and the roll-up of the figures they submitted (theirs only: each covers the levels below it).
/// </summary>
/// <param name="DueOn">报送截止日期（报告年度的次年，默认 4 月 30 日） / Due date (in the year after the one reported; default 30 April).</param>
public sealed record RegionReportsView(int Year, string DepartmentId, RegionAnnualReport? Own, RegionFigures Draft, bool HasDepartmentAbove,
    IReadOnlyList<RegionReportLine> Below, RegionFigures RollUp, DateOnly DueOn, string? OwnStatus, bool OwnLate, RegionReportCounts BelowCounts);
/// <summary>The region reports one department received for a year from those directly below it (annual statistics).</summary>
/// <param name="DueOn">报送截止日期（报告年度的次年，默认 4 月 30 日） / Due date (in the year after the one reported; default 30 April).</param>
public sealed record RegionReportSummary(string DepartmentId, string DepartmentName, int Year, DateOnly DueOn, RegionReportCounts Counts);
/// <summary>A region report missing: the department, the one it reports to, the year and its due date (deadline board).</summary>
/// <param name="DueOn">报送截止日期（报告年度的次年，默认 4 月 30 日） / Due date (in the year after the one reported; default 30 April).</param>
public sealed record MissingRegionReport(string DepartmentId, string DepartmentName, string ParentDepartmentId, int Year, DateOnly DueOn);

public static class RegionReportEndpoints
{
    /// <summary>
    /// The generated figures of the actor's region for the year: the rounds of its own department and of every one below
    /// it, and the enforcement statistics of the same region (see the rule at the top of this file).
    /// </summary>
    public static async Task<RegionFigures> DraftAsync(IQuerySession session, Actor actor, int year, TimeProvider clock, AnnualReportOptions options, CancellationToken ct)
    {
        var statistics = await AnnualStatisticsQueries.ForYear(actor, session, clock, year, null, options, ct); // leaders only; 400 for a year out of range
        var rounds = await session.Query<AnnualReportRound>().Where(r => r.Year == year && r.JurisdictionPath.StartsWith(actor.JurisdictionPath)).ToListAsync(ct);
        var ids = rounds.Select(r => r.Id).ToArray();
        var reports = ids.Length == 0 ? [] : await session.Query<AnnualReport>().Where(r => r.RoundId.IsOneOf(ids)).ToListAsync(ct);
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var units = rounds.SelectMany(r => AnnualReportRules.Status(r, reports.Where(x => x.RoundId == r.Id), today)).ToList();
        return RegionReportRules.Figures(units, reports, statistics.Totals);
    }

    [WolverinePost("/api/region-reports", OperationId = "SubmitRegionReport")]
    public static async Task<IResult> Submit(SubmitRegionReport c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, AnnualReportOptions options,
        CancellationToken ct)
    {
        var actor = Actor.From(user);
        var existing = c.Year is { } y ? await session.LoadAsync<RegionAnnualReport>(RegionReportRules.ReportId(actor.JurisdictionId, y), ct) : null;
        var now = clock.GetUtcNow();
        RegionReportRules.Decide(c, existing, RegionFigures.Zero, actor, now, options); // refuse before computing the figures
        var submitted = RegionReportRules.Decide(c, existing, await DraftAsync(session, actor, c.Year!.Value, clock, options, ct), actor, now, options);
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
    /// The year's region reports for the reader's department (leaders): its own with the generated draft, and every
    /// department directly below it with its status (reported, late, missing, pending), the roll-up of their figures, and
    /// whether the departments below each of them reported to it.
    /// </summary>
    [WolverineGet("/api/region-reports", OperationId = "GetRegionReports")]
    public static async Task<IResult> Year(int? year, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, AnnualReportOptions options, CancellationToken ct) =>
        Results.Ok(await ViewAsync(session, Actor.From(user),
            year ?? throw RuleViolation.Invalid("field_required", "请填写报告年度", "year is required", "year"), clock, options, ct));

    public static async Task<RegionReportsView> ViewAsync(IQuerySession session, Actor actor, int year, TimeProvider clock, AnnualReportOptions options,
        CancellationToken ct)
    {
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId) ?? throw RuleViolation.NotFound("department");
        var draft = await DraftAsync(session, actor, year, clock, options, ct); // leaders only (the statistics' rule), 400 for a year out of range
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var due = RegionReportRules.DueOn(year, options);
        // Two levels: the departments directly below, and those below each of them (what they received).
        var children = RegionReportRules.Below(department.Id);
        var grandchildren = children.ToDictionary(j => j.Id, j => RegionReportRules.Below(j.Id));
        var reports = await ReportsAsync(session, [department, .. children, .. grandchildren.Values.SelectMany(g => g)], year, ct);
        RegionReportStatusLine State(Jurisdiction j) => RegionReportRules.State(j, reports.GetValueOrDefault(j.Id), due, today);
        var lines = children.Select(j =>
        {
            var state = State(j);
            var below = grandchildren[j.Id].Select(State).ToList();
            return new RegionReportLine(j.Id, j.DepartmentName, state.ReportId, state.Status, state.Late, state.SubmittedOn, reports.GetValueOrDefault(j.Id)?.Figures,
                below.Count == 0 ? null : RegionReportRules.Count(below), below);
        }).ToList();
        var own = reports.GetValueOrDefault(department.Id);
        var ownState = department.ParentId is null ? null : State(department);
        // The roll-up sums the reports of the departments directly below only: each already covers the levels below it.
        return new RegionReportsView(year, department.Id, own, draft, department.ParentId is not null, lines,
            RegionFigures.Sum(lines.Where(l => l.Figures is not null).Select(l => l.Figures!)), due, ownState?.Status, ownState?.Late ?? false,
            RegionReportRules.Count(lines.Select(l => new RegionReportStatusLine(l.DepartmentId, l.DepartmentName, l.ReportId, l.Status, l.Late, l.SubmittedOn)).ToList()));
    }

    /// <summary>The reports of a year of the given departments, by department (one primary-key read each, in one round trip).</summary>
    private static async Task<Dictionary<string, RegionAnnualReport>> ReportsAsync(IQuerySession session, IEnumerable<Jurisdiction> departments, int year, CancellationToken ct)
    {
        var ids = departments.Select(j => RegionReportRules.ReportId(j.Id, year)).Distinct().ToArray();
        return ids.Length == 0 ? [] : (await session.LoadManyAsync<RegionAnnualReport>(ct, ids)).Where(r => r is not null).ToDictionary(r => r.DepartmentId);
    }

    /// <summary>
    /// The annual statistics' counts: for each department in <paramref name="scopePath"/> that has departments below it, the
    /// reports of the year it received from them — due, on time, late, missing, pending.
    /// </summary>
    public static async Task<IReadOnlyList<RegionReportSummary>> SummariesAsync(IQuerySession session, string scopePath, int year, DateOnly today,
        AnnualReportOptions options, CancellationToken ct)
    {
        var receivers = JurisdictionCatalogue.All.Where(j => JurisdictionPaths.Covers(scopePath, j.Path)).OrderBy(j => j.Path, StringComparer.Ordinal)
            .Select(j => (Department: j, Below: RegionReportRules.Below(j.Id))).Where(x => x.Below.Count > 0).ToList();
        var reports = await ReportsAsync(session, receivers.SelectMany(x => x.Below), year, ct);
        var due = RegionReportRules.DueOn(year, options);
        return receivers.Select(x => new RegionReportSummary(x.Department.Id, x.Department.DepartmentName, year, due,
            RegionReportRules.Count(x.Below.Select(j => RegionReportRules.State(j, reports.GetValueOrDefault(j.Id), due, today)).ToList()))).ToList();
    }

    /// <summary>
    /// The deadline board's list: the departments directly below <paramref name="departmentId"/> whose report of the latest
    /// year already due is missing. Earlier years stay on the region reports page and in the statistics.
    /// </summary>
    public static async Task<IReadOnlyList<MissingRegionReport>> MissingBelowAsync(IQuerySession session, string departmentId, DateOnly today,
        AnnualReportOptions options, CancellationToken ct)
    {
        var below = RegionReportRules.Below(departmentId);
        var year = RegionReportRules.LastDueYear(today, options);
        var due = RegionReportRules.DueOn(year, options);
        var reports = await ReportsAsync(session, below, year, ct);
        return below.Select(j => RegionReportRules.State(j, reports.GetValueOrDefault(j.Id), due, today)).Where(s => s.Status == RegionReportRules.Missing)
            .Select(s => new MissingRegionReport(s.DepartmentId, s.DepartmentName, departmentId, year, due)).ToList();
    }
}
