using System.Security.Claims;
using Marten;
using Supervision.CaseRecords;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Units;
using Supervision.Web.Pages.Sanctions;
using Supervision.Web.Pages.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using static Supervision.Web.Pages.PageResults;

namespace Supervision.Web.Ui;

/// <summary>The case officer's pages: sanction cases (通报批评, R14–R22) and referrals between departments (R23).</summary>
public static class OfficerPages
{
    public const int PageSize = 50;

    public static void MapOfficerPages(this WebApplication app)
    {
        app.MapSanctionPages();
        app.MapReferralPages();
    }

    /// <summary>
    /// Whether a step is open to the actor now, asked of the step's own decider (so no rule is repeated here):
    /// the decider accepts it, or refuses only the (empty) input fields (400). Refusals by state or role hide the form.
    /// </summary>
    public static bool Allowed(Action decide) => Refusal(decide) is null;

    /// <summary>Null when the step is open (see <see cref="Allowed"/>); otherwise the refusal.</summary>
    public static RuleViolation? Refusal(Action decide)
    {
        try { decide(); return null; }
        catch (RuleViolation v) when (v.Status == 400) { return null; }
        catch (RuleViolation v) { return v; }
    }
}

/// <summary>
/// 行政处罚案件 pages: the list (GET /api/sanction-cases), the opening form and the case with the forms its
/// current state allows (components in Pages/Sanctions). Which forms show is asked of the deciders in
/// <see cref="SanctionSteps"/> themselves.
/// </summary>
public static class SanctionPages
{
    public static void MapSanctionPages(this WebApplication app)
    {
        app.MapGet("/sanction-cases", List).RequireAuthorization();
        app.MapGet("/sanction-cases/new", New).RequireAuthorization();
        app.MapGet("/sanction-cases/{id:guid}", CasePage).RequireAuthorization();
    }

    private static async Task<IResult> List(ClaimsPrincipal user, ReadSessions reads, string? status, int? page, CancellationToken ct)
    {
        var actor = Actor.From(user);
        try
        {
            var result = await SanctionQueries.List(user, reads, string.IsNullOrEmpty(status) ? null : status, null, null, page, OfficerPages.PageSize, ct);
            return Page<SanctionListPage>(new SanctionListView(actor, status, result));
        }
        catch (RuleViolation v)
        {
            return Page<RefusedPage>(new RefusedView("行政处罚案件", actor, Fmt.Message(v), "/sanction-cases", "返回案件列表"), v.Status);
        }
    }

    private static async Task<IResult> New(ClaimsPrincipal user, IQuerySession session, string? sourceKind, Guid? sourceId, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Roles.CaseOfficer, Roles.Leader))
            return Page<RefusedPage>(new RefusedView("立案", actor, "只有案件承办人员和领导可以立案。", "/sanction-cases", "返回案件列表"), 403);
        var units = await session.Query<SupervisedUnit>().Where(u => u.JurisdictionPath.StartsWith(actor.JurisdictionPath))
            .OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Name).ToListAsync(ct);
        var staff = (await session.Query<AppUser>().ToListAsync(ct))
            .Where(u => u.Role != Roles.Admin && actor.Covers(u.JurisdictionPath)).OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Id).ToList();
        // R1: certified officers (case officers, inspectors) of the jurisdiction; those above it supervise it too.
        var investigators = (await session.Query<AppUser>().Where(u => u.Role == Roles.CaseOfficer || u.Role == Roles.Inspector).ToListAsync(ct))
            .Where(u => u.IsCertified && (JurisdictionPaths.Covers(u.JurisdictionPath, actor.JurisdictionPath) || actor.Covers(u.JurisdictionPath)))
            .OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Id).ToList();
        var kind = SanctionNames.SourceKinds.Any(s => s.Value == sourceKind) ? sourceKind! : "direct";
        return Page<OpenSanctionPage>(new OpenSanctionView(actor, units, staff, investigators, kind, sourceId));
    }

    private static async Task<IResult> CasePage(Guid id, ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock,
        Supervision.Inspections.FullProcessRecordingOptions recording, CancellationToken ct)
    {
        var a = Actor.From(user);
        var c = await session.LoadAsync<SanctionCase>(id, ct);
        // Outside the jurisdiction, or named in an Art. 44 case (R22): the case does not exist for the actor.
        if (c is null || !SanctionSteps.MaySee(c, a)) return Results.NotFound();
        var now = clock.GetUtcNow();
        var today = WorkingDayCalendar.BeijingToday(now);
        var v = c.Version;
        var open = new HashSet<string>();
        void Ask(string form, Action decide) { if (OfficerPages.Allowed(decide)) open.Add(form); }

        Ask("evidence", () => SanctionSteps.Decide(c, new AddEvidence(v, null, null), a, now));
        Ask("report", () => SanctionSteps.Decide(c, new ReportInvestigation(v, null, null, null, null), a, now));
        Ask("notice", () => SanctionSteps.CheckNotice(c, new IssuePenaltyNotice(v, null, null, null), a, calendar, now));
        Ask("heavier", () => SanctionSteps.Decide(c, new JustifyHeavierPenalty(v, null, null), a, now));
        Ask("defence", () => SanctionSteps.Decide(c, new RecordDefence(v, null), a, now));
        Ask("waiver", () => SanctionSteps.Decide(c, new WaiveDefence(v), a, now));
        Ask("hearing-request", () => SanctionSteps.Decide(c, new RequestHearing(v), a, now));
        var earliest = calendar.AddWorkingDays(today, SanctionSteps.HearingNoticeWorkingDays).Date;
        Ask("hearing", () => SanctionSteps.Decide(c, new ScheduleHearing(v, earliest, null), a, null, calendar, now));
        Ask("hearing-held", () => SanctionSteps.Decide(c, new RecordHearing(v, null), a, now));
        Ask("recording", () => SanctionRecordings.Decide(c, new AttachSanctionRecording(v, "hearing", null), [], a, now));
        Ask("legal-review", () => SanctionSteps.Decide(c, new CompleteLegalReview(v, null, null), a, now));
        Ask("discussion", () => SanctionSteps.Decide(c, new RecordCollectiveDiscussion(v, null, null), a, now));
        string? decisionRefused = null;
        if (a.Role == Roles.Leader && c.NoticeNumber is not null && c.Status == SanctionStatus.Noticed)
        {
            var refusal = OfficerPages.Refusal(() => SanctionSteps.CheckDecision(c, new DecidePenalty(v, SanctionNames.ScopeCode(c.NoticedScope), "probe", 10,
                c.NoticeEvidenceIds.Length > 0 ? c.NoticeEvidenceIds : c.Evidence.Select(e => e.Id).Take(1).ToArray(), c.Investigators.Select(i => i.UserName).ToArray()), a, now));
            if (refusal is null) open.Add("decision");
            else decisionRefused = Fmt.Message(refusal);
        }
        Ask("supplementary", () => SanctionSteps.Decide(c, new OpenSupplementaryInvestigation(v, null), a, now));
        Ask("no-penalty", () => SanctionSteps.Decide(c, new DecideNoPenalty(v, null), a, now));
        Ask("delivery", () => SanctionSteps.Decide(c, new DeliverDecision(v, null, null, null), a, now));
        Ask("publication", () => SanctionSteps.Decide(c, new PublishDecision(v, null), a, now));
        Ask("withdrawal", () => SanctionSteps.Decide(c, new WithdrawPublication(v, null), a, now));
        Ask("decision-change", () => SanctionSteps.Decide(c, new ChangeDecision(v, null, null), a, calendar, now));
        Ask("recommendation", () => SanctionSteps.CheckRecommendation(c, new RecommendDiscipline(v, null, null, null, null, null), a, now));
        var replies = c.DisciplineRecommendations.Where(r => OfficerPages.Allowed(() => SanctionSteps.Decide(c, r.Id, new ReceiveDisciplineReply(v, null, null), a, now))).ToList();
        Ask("transfer-proposal", () => SanctionSteps.Decide(c, new ProposeCriminalTransfer(v, null), a, calendar, now));
        Ask("filing-approval", () => SanctionSteps.Decide(c, new ApproveCaseFiling(v), a, now));
        Ask("transfer-decision", () => SanctionSteps.Decide(c, new DecideCriminalTransfer(v, null, null), a, now));
        Ask("transfer", () => SanctionSteps.CheckTransfer(c, new TransferCriminalCase(v, null), a));
        // Closing: shown to the team once decided, with what still stands in the way.
        string? closeRefused = null;
        var services = await Supervision.Documents.ServiceRecordings.OfCaseAsync(session, c.Id, ct);
        if (c.Status == SanctionStatus.Decided)
        {
            var refusal = OfficerPages.Refusal(() => SanctionSteps.Decide(c, new CloseSanctionCase(v), a, now, recording: recording.Mode, services: services));
            if (refusal is null) open.Add("close");
            else if (refusal.Status == 422) closeRefused = Fmt.Message(refusal);
        }

        // R16: the chair did not investigate; R22: nor is named in the case.
        IReadOnlyList<AppUser> chairs = !open.Contains("hearing") ? [] : (await session.Query<AppUser>().ToListAsync(ct))
            .Where(u => u.Role != Roles.Admin && JurisdictionPaths.Covers(u.JurisdictionPath, c.JurisdictionPath)
                && c.Investigators.All(i => i.UserName != u.Id) && !c.ExcludedUserIds.Contains(u.Id))
            .OrderBy(u => u.Id).ToList();
        // APL Art. 57: the leaders of the department that decides the case.
        IReadOnlyList<AppUser> leaders = !open.Contains("discussion") ? [] :
            (await session.Query<AppUser>().Where(u => u.Role == Roles.Leader && u.JurisdictionId == c.DepartmentId).ToListAsync(ct))
            .OrderBy(u => u.Id, StringComparer.Ordinal).ToList();

        // Art. 44: the 处分建议书 goes to a 纪委监委 with authority over the department's staff (SanctionSteps.DisciplinaryBody).
        IReadOnlyList<Supervision.Referrals.ReceivingDepartment> bodies = !(open.Contains("recommendation") && c.IsArt44) ? [] :
            (await session.Query<Supervision.Referrals.ReceivingDepartment>().ToListAsync(ct))
            .Where(d => d.Kind == Supervision.Referrals.DepartmentKind.DisciplineInspection && JurisdictionCatalogue.Find(d.JurisdictionId) is { } area
                && JurisdictionCatalogue.Find(c.DepartmentId) is { } department && JurisdictionPaths.Covers(area.Path, department.Path))
            .OrderByDescending(d => d.JurisdictionId.Length).ToList();

        return Page<SanctionPage>(new SanctionCaseView(a, c, await CaseHistory.LoadAsync(session, c.Id, ct), Supervision.Integrity.ArchivePackage.IsClosed(c),
            calendar, now, today, open, earliest, chairs, leaders, decisionRefused, closeRefused, replies, bodies, services));
    }
}
