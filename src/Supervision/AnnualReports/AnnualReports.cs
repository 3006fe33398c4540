using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Files;
using Supervision.Shared;
using Supervision.Units;
using Wolverine.Http;

namespace Supervision.AnnualReports;

// ---- Art. 36 第一句: 国家档案馆和机关、群团组织、国有企业事业单位应当向同级档案主管部门报送本单位年度档案工作情况 (issue 17 §2) ----
// A department opens the year's reporting round for the units of its own jurisdiction that Art. 36 names, with a due date;
// each unit submits its report (portal) or the department registers a paper one; the department accepts it or returns it
// for completion with reasons, and the unit submits again. A report received after the due date is accepted but marked
// late; a unit with none after the due date is missing. One stream per round and one per report (ids derived from their keys).

[JsonConverter(typeof(JsonStringEnumConverter<AnnualReportStatus>))]
public enum AnnualReportStatus { Submitted, Returned, Accepted }

/// <summary>A unit expected to report in a round: as registered when the round was opened.</summary>
public sealed record ExpectedUnit(Guid UnitId, string Name, UnitKind Kind);

/// <summary>年度档案工作情况报送已开始 / The year's reporting round was opened, with its due date, form version and the units expected.</summary>
public sealed record AnnualReportRoundOpened(Guid RoundId, string DepartmentId, string JurisdictionPath, int Year, DateOnly DueOn, int FormVersion,
    ExpectedUnit[] Units, string OpenedBy, DateTimeOffset OpenedAt);

/// <summary>
/// 年度档案工作情况报告已报送 / A unit's report was received: through the portal or on paper (registered by staff), on
/// <see cref="ReceivedOn"/>; <see cref="Late"/> when its first submission came after the due date.
/// </summary>
public sealed record AnnualReportSubmitted(Guid ReportId, Guid RoundId, string DepartmentId, string JurisdictionPath, int Year, Guid UnitId, string UnitName,
    int FormVersion, Dictionary<string, string> Answers, EvidenceFile[] Files, string Channel, DateOnly ReceivedOn, bool Late, string SubmittedBy,
    DateTimeOffset SubmittedAt);

/// <summary>退回补正 / Returned to the unit for completion, with the reasons.</summary>
public sealed record AnnualReportReturned(Guid ReportId, string Reasons, string ReviewedBy, DateTimeOffset ReviewedAt);

/// <summary>审核通过 / Accepted by the department: its figures now feed the unit's profile.</summary>
public sealed record AnnualReportAccepted(Guid ReportId, string ReviewedBy, DateTimeOffset ReviewedAt);

/// <summary>A department's reporting round of one year (inline snapshot).</summary>
public sealed class AnnualReportRound
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string DepartmentId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public int Year { get; set; }
    public DateOnly DueOn { get; set; }
    public int FormVersion { get; set; }
    public List<ExpectedUnit> Units { get; set; } = [];
    public string OpenedBy { get; set; } = "";
    public DateTimeOffset OpenedAt { get; set; }

    public void Apply(AnnualReportRoundOpened e)
    {
        Id = e.RoundId; DepartmentId = e.DepartmentId; JurisdictionPath = e.JurisdictionPath; Year = e.Year; DueOn = e.DueOn;
        FormVersion = e.FormVersion; Units = [.. e.Units]; OpenedBy = e.OpenedBy; OpenedAt = e.OpenedAt;
    }
}

/// <summary>One unit's report of one year, through its submissions and reviews (inline snapshot).</summary>
public sealed class AnnualReport
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid RoundId { get; set; }
    public string DepartmentId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public int Year { get; set; }
    public Guid UnitId { get; set; }
    public string UnitName { get; set; } = "";
    public int FormVersion { get; set; }
    public Dictionary<string, string> Answers { get; set; } = [];
    public List<EvidenceFile> Files { get; set; } = [];
    public AnnualReportStatus Status { get; set; }
    public bool Late { get; set; }
    public DateOnly FirstReceivedOn { get; set; }
    public DateOnly LastReceivedOn { get; set; }
    public string Channel { get; set; } = "";
    public int Submissions { get; set; }
    public List<AnnualReportReturned> Returns { get; set; } = [];
    public string? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }

    public void Apply(AnnualReportSubmitted e)
    {
        if (Submissions == 0)
        {
            Id = e.ReportId; RoundId = e.RoundId; DepartmentId = e.DepartmentId; JurisdictionPath = e.JurisdictionPath; Year = e.Year;
            UnitId = e.UnitId; UnitName = e.UnitName; FirstReceivedOn = e.ReceivedOn; Late = e.Late;
        }
        FormVersion = e.FormVersion; Answers = e.Answers; Files = [.. e.Files]; Channel = e.Channel; LastReceivedOn = e.ReceivedOn;
        Status = AnnualReportStatus.Submitted; Submissions++;
    }

    public void Apply(AnnualReportReturned e) { Status = AnnualReportStatus.Returned; Returns.Add(e); }
    public void Apply(AnnualReportAccepted e) { Status = AnnualReportStatus.Accepted; AcceptedBy = e.ReviewedBy; AcceptedAt = e.ReviewedAt; }
}

public static class AnnualReportRules
{
    /// <summary>The kinds of unit Art. 36 names: 国家档案馆, 机关 (with their archives), 群团组织, 国有企业 (with their archives), 事业单位.</summary>
    public static readonly IReadOnlySet<UnitKind> ReportingKinds = new HashSet<UnitKind>
    {
        UnitKind.NationalArchives, UnitKind.Organ, UnitKind.DepartmentArchives, UnitKind.PeoplesOrganisation, UnitKind.StateOwnedEnterprise,
        UnitKind.EnterpriseArchives, UnitKind.PublicInstitution,
    };

    /// <summary>Who reviews and registers reports: the department's inspectors and leaders.</summary>
    public static readonly string[] Reviewers = [Roles.Inspector, Roles.Leader];

    public static Guid RoundId(string departmentId, int year) => DerivedId($"annual-report-round:{departmentId}:{year}");
    public static Guid ReportId(Guid roundId, Guid unitId) => DerivedId($"annual-report:{roundId}:{unitId}");

    internal static Guid DerivedId(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), variant 10
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The default due date: 31 March of the following year, or the configured month and day.</summary>
    public static DateOnly DefaultDueOn(int year, AnnualReportOptions? options = null) =>
        InYearAfter(year, options?.DueMonth ?? 3, options?.DueDay ?? 31);

    /// <summary>A configured month and day in the year after <paramref name="year"/> (a day past the month's end: its last day).</summary>
    public static DateOnly InYearAfter(int year, int month, int day) => new(year + 1, month, Math.Min(day, DateTime.DaysInMonth(year + 1, month)));

    /// <summary>A department's leader opens its round for a past or the current year; once per department and year.</summary>
    public static AnnualReportRoundOpened Decide(OpenAnnualReportRound c, Actor actor, bool exists, IEnumerable<SupervisedUnit> unitsOfJurisdiction, DateTimeOffset now,
        AnnualReportOptions? options = null)
    {
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId) ?? throw RuleViolation.Forbidden("仅档案主管部门可以开启报送", "Only a department opens a round");
        Guard.CanAct(actor, department.Path, Roles.Leader);
        var today = WorkingDayCalendar.BeijingToday(now);
        var year = c.Year ?? throw RuleViolation.Invalid("field_required", "请填写报告年度", "year is required", "year");
        if (year < 2000 || year > today.Year)
            throw RuleViolation.Invalid("invalid_year", "报告年度须为 2000 年至今年", "year must be from 2000 to the current year", "year");
        var due = c.DueOn ?? DefaultDueOn(year, options);
        if (due < today || due.Year < year)
            throw RuleViolation.Invalid("invalid_due_date", "报送截止日期不能早于今天", "dueOn is before today", "dueOn");
        if (exists) throw new RuleViolation(Problems.Conflict("round_exists", $"{year} 年度的报送已经开启", $"The {year} round is already open"));
        var units = unitsOfJurisdiction.Where(u => u.JurisdictionId == department.Id && ReportingKinds.Contains(u.Kind))
            .OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => new ExpectedUnit(u.Id, u.Name, u.Kind)).ToArray();
        return new AnnualReportRoundOpened(RoundId(department.Id, year), department.Id, department.Path, year, due, AnnualReportForms.Current, units,
            actor.UserName, now);
    }

    /// <summary>
    /// A report received for a unit the round expects: not while one is under review (409) or once accepted (422); the answers
    /// checked against the round's form version. Late when its first submission came after the due date.
    /// </summary>
    public static AnnualReportSubmitted Decide(AnnualReportRound round, AnnualReport? report, Guid unitId, IReadOnlyDictionary<string, string?>? answers,
        EvidenceFile[] files, string channel, DateOnly receivedOn, Actor actor, DateTimeOffset now)
    {
        var unit = round.Units.FirstOrDefault(u => u.UnitId == unitId)
            ?? throw RuleViolation.Refused("unit_not_expected", "该单位不在本年度报送范围内", "The unit is not among the round's units", "unitId");
        switch (report?.Status)
        {
            case AnnualReportStatus.Submitted:
                throw new RuleViolation(Problems.Conflict("report_under_review", "报告已报送，正在审核", "The report is being reviewed"));
            case AnnualReportStatus.Accepted:
                throw RuleViolation.Refused("report_accepted", "报告已审核通过，不能再次报送", "The report was accepted already");
        }
        if (receivedOn > WorkingDayCalendar.BeijingToday(now))
            throw RuleViolation.Refused("received_in_future", "收到日期不能晚于今天", "receivedOn is in the future", "receivedOn");
        if (receivedOn < WorkingDayCalendar.BeijingToday(round.OpenedAt))
            throw RuleViolation.Refused("received_before_round", "收到日期不能早于报送开启日期", "receivedOn is before the round was opened", "receivedOn");
        var checkedAnswers = AnnualReportForms.Check(round.FormVersion, answers);
        var late = report?.Late ?? receivedOn > round.DueOn;
        return new AnnualReportSubmitted(ReportId(round.Id, unitId), round.Id, round.DepartmentId, round.JurisdictionPath, round.Year, unitId, unit.Name,
            round.FormVersion, checkedAnswers, files, channel, receivedOn, late, actor.UserName, now);
    }

    /// <summary>The department reviews a submitted report: accepted, or returned with reasons.</summary>
    public static object Decide(AnnualReport report, ReviewAnnualReport c, Actor actor, DateTimeOffset now) =>
        Review(c, actor, report.JurisdictionPath, report.DepartmentId, report.Version, report.Status == AnnualReportStatus.Submitted) is { } reasons
            ? new AnnualReportReturned(report.Id, reasons, actor.UserName, now)
            : new AnnualReportAccepted(report.Id, actor.UserName, now);

    /// <summary>
    /// A review of a unit's or a region's report, by the inspectors and leaders of the department it was sent to, at the
    /// version read, while it awaits review. Null when accepted; the reasons (required) when returned.
    /// </summary>
    public static string? Review(ReviewAnnualReport c, Actor actor, string reportPath, string reviewingDepartment, long version, bool awaitingReview)
    {
        Guard.CanAct(actor, reportPath, Reviewers);
        if (actor.JurisdictionId != reviewingDepartment)
            throw RuleViolation.Forbidden("报告由接收报送的档案主管部门审核", "The department the report was sent to reviews it");
        Guard.Version(c.ExpectedVersion, version);
        if (!awaitingReview) throw RuleViolation.Refused("report_not_submitted", "报告不在待审核状态", "The report is not awaiting review");
        return c.Accepted switch
        {
            true => null,
            false => Guard.Required(c.Reasons, "reasons", "退回补正的理由", 2000),
            null => throw RuleViolation.Invalid("field_required", "请选择审核通过或退回补正", "accepted is required", "accepted"),
        };
    }

    /// <summary>Each expected unit's state in the round: reported (with status and lateness), or missing once the due date passed.</summary>
    public static IReadOnlyList<RoundUnitStatus> Status(AnnualReportRound round, IEnumerable<AnnualReport> reports, DateOnly today)
    {
        var byUnit = reports.ToDictionary(r => r.UnitId);
        return round.Units.Select(u => byUnit.TryGetValue(u.UnitId, out var r)
            ? new RoundUnitStatus(u.UnitId, u.Name, r.Id, r.Status.ToString().ToLowerInvariant(), r.Late, Missing: false, r.FirstReceivedOn, r.Channel)
            : new RoundUnitStatus(u.UnitId, u.Name, null, "none", Late: false, Missing: today > round.DueOn, null, null)).ToList();
    }
}

/// <summary>
/// The configured due dates, in the year after the one reported: the default of a units' round
/// (<c>Supervision:AnnualReports:DueMonth</c>, <c>DueDay</c>; default 31 March) and that of the region reports to the
/// department above (<c>RegionDueMonth</c>, <c>RegionDueDay</c>; default 30 April, after the units').
/// </summary>
public sealed record AnnualReportOptions(int DueMonth = 3, int DueDay = 31, int RegionDueMonth = 4, int RegionDueDay = 30);

/// <summary>开启年度报送 / Open the year's round: the year reported and the due date (default 31 March of the following year).</summary>
public sealed record OpenAnnualReportRound(int? Year, DateOnly? DueOn = null);
/// <summary>单位报送年度报告 / The unit's report: the form's answers by item code, and attachments (POST /api/files).</summary>
public sealed record SubmitAnnualReport(int? Year, Dictionary<string, string?>? Answers, string[]? EvidenceFiles = null);
/// <summary>登记纸质报告 / A paper report registered by staff: the unit, the date received, the answers.</summary>
public sealed record RegisterPaperAnnualReport(Guid? UnitId, DateOnly? ReceivedOn, Dictionary<string, string?>? Answers, string[]? EvidenceFiles = null);
/// <summary>审核年度报告 / Review: accepted, or returned with reasons.</summary>
public sealed record ReviewAnnualReport([property: JsonPropertyName("version")] long? ExpectedVersion, bool? Accepted, string? Reasons = null);

/// <summary>审核结果 / The review recorded: accepted or returned, and the report's new version.</summary>
public sealed record AnnualReportReviewed(Guid ReportId, string Status, long Version);
/// <summary>A unit of the round: its report's id, status (none / submitted / returned / accepted), lateness, and whether it is missing.</summary>
public sealed record RoundUnitStatus(Guid UnitId, string UnitName, Guid? ReportId, string Status, bool Late, bool Missing, DateOnly? ReceivedOn, string? Channel);
/// <summary>A round on the deadline board: its department and year, due date, units due, reported, late, missing, and still to report before the due date.</summary>
public sealed record RoundSummary(string DepartmentId, string DepartmentName, int Year, DateOnly DueOn, int Due, int Reported, int Late, int Missing, int Pending);
/// <summary>A round and its units' states, with the counts the statistics use.</summary>
public sealed record RoundView(AnnualReportRound Round, IReadOnlyList<RoundUnitStatus> Units, int Due, int ReceivedOnTime, int ReceivedLate, int Missing, int Accepted);

public static class AnnualReportEndpoints
{
    [WolverinePost("/api/annual-report-rounds", OperationId = "OpenAnnualReportRound")]
    public static async Task<IResult> Open(OpenAnnualReportRound c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, AnnualReportOptions options,
        CancellationToken ct)
    {
        var actor = Actor.From(user);
        var exists = c.Year is { } y && await session.LoadAsync<AnnualReportRound>(AnnualReportRules.RoundId(actor.JurisdictionId, y), ct) is not null;
        var units = await session.Query<SupervisedUnit>().Where(u => u.JurisdictionId == actor.JurisdictionId).ToListAsync(ct);
        var opened = AnnualReportRules.Decide(c, actor, exists, units, clock.GetUtcNow(), options);
        session.Events.StartStream<AnnualReportRound>(opened.RoundId, opened);
        return Results.Created($"/api/annual-report-rounds/{opened.Year}", opened);
    }

    /// <summary>The round of a year of the reader's department (or, with <c>jurisdiction</c>, of a department below it).</summary>
    [WolverineGet("/api/annual-report-rounds/{year}", OperationId = "GetAnnualReportRound")]
    public static async Task<IResult> Get(int year, string? jurisdiction, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var department = JurisdictionCatalogue.Find(jurisdiction ?? actor.JurisdictionId);
        if (department is null || !actor.Covers(department.Path)) return Results.Problem(Problems.NotFound("round"));
        return await ViewAsync(session, department.Id, year, clock, ct) is { } view ? Results.Ok(view) : Results.Problem(Problems.NotFound("round"));
    }

    public static async Task<RoundView?> ViewAsync(IQuerySession session, string departmentId, int year, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<AnnualReportRound>(AnnualReportRules.RoundId(departmentId, year), ct) is not { } round) return null;
        var reports = await session.Query<AnnualReport>().Where(r => r.RoundId == round.Id).ToListAsync(ct);
        var units = AnnualReportRules.Status(round, reports, WorkingDayCalendar.BeijingToday(clock.GetUtcNow()));
        return new RoundView(round, units, units.Count, units.Count(u => u.ReportId is not null && !u.Late), units.Count(u => u.Late),
            units.Count(u => u.Missing), units.Count(u => u.Status == "accepted"));
    }

    /// <summary>
    /// The rounds of the departments in <paramref name="scopePath"/> with units still to report (before the due date) or
    /// missing (after it), and the late ones: what the deadline board lists (at most 50 rounds, the oldest due first).
    /// </summary>
    public static async Task<IReadOnlyList<RoundSummary>> OutstandingAsync(IQuerySession session, string scopePath, DateOnly today, CancellationToken ct) =>
        (await SummariesAsync(session, scopePath, today, null, ct)).Where(s => s.Missing > 0 || s.Pending > 0).Take(50).ToList();

    /// <summary>
    /// Each round of the departments in <paramref name="scopePath"/> (of one year, or due in a period, when given) with its counts,
    /// the oldest due first.
    /// </summary>
    public static async Task<IReadOnlyList<RoundSummary>> SummariesAsync(IQuerySession session, string scopePath, DateOnly today, int? year, CancellationToken ct,
        DateOnly? dueFrom = null, DateOnly? dueTo = null)
    {
        var query = session.Query<AnnualReportRound>().Where(r => r.JurisdictionPath.StartsWith(scopePath));
        if (year is { } y) query = query.Where(r => r.Year == y);
        if (dueFrom is { } from) query = query.Where(r => r.DueOn >= from);
        if (dueTo is { } to) query = query.Where(r => r.DueOn <= to);
        var rounds = await query.OrderBy(r => r.DueOn).Take(200).ToListAsync(ct);
        if (rounds.Count == 0) return [];
        var ids = rounds.Select(r => r.Id).ToArray();
        var reports = (await session.Query<AnnualReport>().Where(r => r.RoundId.IsOneOf(ids)).ToListAsync(ct)).ToLookup(r => r.RoundId);
        return rounds.Select(r => (Round: r, Units: AnnualReportRules.Status(r, reports[r.Id], today)))
            .Select(x => new RoundSummary(x.Round.DepartmentId, JurisdictionCatalogue.Find(x.Round.DepartmentId)?.DepartmentName ?? x.Round.DepartmentId,
                x.Round.Year, x.Round.DueOn, x.Units.Count, x.Units.Count(u => u.ReportId is not null), x.Units.Count(u => u.Late),
                x.Units.Count(u => u.Missing), Pending: today <= x.Round.DueOn ? x.Units.Count(u => u.ReportId is null) : 0))
            .ToList();
    }

    /// <summary>The unit submits its report in the portal, for the round of its own department.</summary>
    [WolverinePost("/api/portal/annual-reports", OperationId = "SubmitAnnualReport")]
    public static async Task<IResult> Submit(SubmitAnnualReport c, ClaimsPrincipal user, IDocumentSession session, IFileStore files, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor.UnitId is not { } unitId || await session.LoadAsync<SupervisedUnit>(unitId, ct) is not { } unit) throw RuleViolation.NotFound("portal");
        var year = c.Year ?? throw RuleViolation.Invalid("field_required", "请填写报告年度", "year is required", "year");
        var round = await session.LoadAsync<AnnualReportRound>(AnnualReportRules.RoundId(unit.JurisdictionId, year), ct)
            ?? throw RuleViolation.Refused("round_not_open", $"{year} 年度的报送尚未开启", $"The {year} round is not open", "year");
        var now = clock.GetUtcNow();
        var report = await session.LoadAsync<AnnualReport>(AnnualReportRules.ReportId(round.Id, unitId), ct);
        var today = WorkingDayCalendar.BeijingToday(now);
        AnnualReportRules.Decide(round, report, unitId, c.Answers, [], "portal", today, actor, now); // refuse before the files
        var evidence = await EvidenceFiles.ResolveAsync(session, files, c.EvidenceFiles, [actor.UserName], "evidenceFiles", ct);
        return Append(session, report, AnnualReportRules.Decide(round, report, unitId, c.Answers, evidence, "portal", today, actor, now));
    }

    /// <summary>A paper report, registered by the department's staff with the date it was received.</summary>
    [WolverinePost("/api/annual-report-rounds/{year}/reports", OperationId = "RegisterPaperAnnualReport")]
    public static async Task<IResult> RegisterPaper(int year, RegisterPaperAnnualReport c, ClaimsPrincipal user, IDocumentSession session, IFileStore files,
        TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var round = await session.LoadAsync<AnnualReportRound>(AnnualReportRules.RoundId(actor.JurisdictionId, year), ct) ?? throw RuleViolation.NotFound("round");
        Guard.CanAct(actor, round.JurisdictionPath, AnnualReportRules.Reviewers);
        var unitId = c.UnitId ?? throw RuleViolation.Invalid("field_required", "请选择单位", "unitId is required", "unitId");
        var receivedOn = c.ReceivedOn ?? throw RuleViolation.Invalid("field_required", "请填写收到日期", "receivedOn is required", "receivedOn");
        var now = clock.GetUtcNow();
        var report = await session.LoadAsync<AnnualReport>(AnnualReportRules.ReportId(round.Id, unitId), ct);
        AnnualReportRules.Decide(round, report, unitId, c.Answers, [], "paper", receivedOn, actor, now);
        var evidence = await EvidenceFiles.ResolveAsync(session, files, c.EvidenceFiles, [actor.UserName], "evidenceFiles", ct);
        return Append(session, report, AnnualReportRules.Decide(round, report, unitId, c.Answers, evidence, "paper", receivedOn, actor, now));
    }

    private static IResult Append(IDocumentSession session, AnnualReport? report, AnnualReportSubmitted submitted)
    {
        // At the version read: two submissions at once cannot both pass the checks (the second gets 409).
        if (report is null) session.Events.StartStream<AnnualReport>(submitted.ReportId, submitted);
        else session.Events.Append(submitted.ReportId, report.Version + 1, submitted);
        return Results.Ok(submitted);
    }

    [WolverinePost("/api/annual-reports/{id}/review", OperationId = "ReviewAnnualReport")]
    public static async Task<IResult> Review(Guid id, ReviewAnnualReport c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var report = await session.LoadAsync<AnnualReport>(id, ct);
        if (report is null || !actor.Covers(report.JurisdictionPath)) throw RuleViolation.NotFound("report");
        var decided = AnnualReportRules.Decide(report, c, actor, clock.GetUtcNow());
        session.Events.Append(id, report.Version + 1, decided);
        return Results.Ok(new AnnualReportReviewed(id, decided is AnnualReportAccepted ? "accepted" : "returned", report.Version + 1));
    }

    /// <summary>A report, for its department (and the levels above) and for the unit that sent it.</summary>
    [WolverineGet("/api/annual-reports/{id}", OperationId = "GetAnnualReport")]
    public static async Task<IResult> Report(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var report = await session.LoadAsync<AnnualReport>(id, ct);
        return report is not null && MaySee(report, Actor.From(user)) ? Results.Ok(report) : Results.Problem(Problems.NotFound("report"));
    }

    /// <summary>An attachment of a report, byte for byte, for whoever may see the report.</summary>
    [WolverineGet("/api/annual-reports/{id}/files/{sha256}", OperationId = "GetAnnualReportFile")]
    public static async Task<IResult> File(Guid id, string sha256, ClaimsPrincipal user, IQuerySession session, IFileStore files, HttpContext http, CancellationToken ct)
    {
        var report = await session.LoadAsync<AnnualReport>(id, ct);
        if (report is null || !MaySee(report, Actor.From(user))) return Results.Problem(Problems.NotFound("file"));
        return await CaseEvidence.Serve(report.Files.FirstOrDefault(f => f.Sha256 == sha256), thumbnail: false, files, http, ct);
    }

    public static bool MaySee(AnnualReport report, Actor actor) => actor.UnitId is { } unit ? unit == report.UnitId : actor.Covers(report.JurisdictionPath);
}
