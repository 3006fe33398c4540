using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Supervision.Units;
using Wolverine.Http;

namespace Supervision.AnnualReports;

// ---- Art. 39: 县级以上档案主管部门对本行政区域内开展业务的档案服务机构进行监督管理，建立健全科学的评价体系 (issue 17 §3) ----
// One evaluation per department, year and agency: the agency assesses itself in its portal; two certified officers of the
// department, without a conflict with it (R2), score it with evidence; the leader approves and the result is published.
// The agency may object within 15 days; only a review event changes a published result.

/// <summary>An indicator of the evaluation scheme: its area, what is assessed, its weight (full marks); a veto item has none.</summary>
public sealed record EvaluationIndicator(string Code, string Area, string Text, int Weight, bool Veto = false);

/// <summary>
/// The evaluation scheme (评价体系) of archive service agencies, versioned (an evaluation keeps its version). Grades by the
/// share of full marks, as the 档案检查工作办法 practice grades: 优秀 ≥ 80 %, 良好 ≥ 70 %, 合格 ≥ 60 %, 不合格 below; one failed
/// veto item makes it 不合格 whatever the score.
/// </summary>
public static class EvaluationSchemes
{
    public const int Current = 1;

    private static readonly IReadOnlyList<EvaluationIndicator> Version1 =
    [
        new("licence", "资质与人员", "依法登记，具备开展档案服务的场所、设施和条件", 10),
        new("staff", "资质与人员", "从业人员具备相应的档案专业知识和技能，持证上岗", 10),
        new("rules", "制度建设", "服务管理、质量控制和档案交接制度健全并执行", 10),
        new("security", "安全与保密", "档案实体和信息安全、保密措施落实，签订保密协议", 20),
        new("quality", "服务质量", "服务成果符合国家标准、行业标准和合同约定", 20),
        new("contract", "合同履约", "按合同约定期限和要求履约，服务过程记录完整", 20),
        new("complaints", "投诉处理", "投诉处理及时，无查证属实的投诉", 10),
        new("veto_loss", "否决项", "发生档案泄密、丢失、损毁或者擅自复制、留存档案的", 0, Veto: true),
        new("veto_subcontract", "否决项", "擅自将档案服务业务转包、分包的", 0, Veto: true),
    ];

    public static IReadOnlyList<EvaluationIndicator> Of(int version) =>
        version == 1 ? Version1 : throw new ArgumentOutOfRangeException(nameof(version), $"No evaluation scheme version {version}");

    /// <summary>The grading scale of a scheme version (configured with the scheme: a new scale is a new version).</summary>
    public static Supervision.Inspections.GradeScale ScaleOf(int version) =>
        version == 1 ? Supervision.Inspections.GradeScale.Practice : throw new ArgumentOutOfRangeException(nameof(version), $"No evaluation scheme version {version}");

    /// <summary>
    /// The scores and veto findings checked against the scheme: every scored indicator 0 to its weight, every veto item
    /// answered (a missing veto item is refused: 400), nothing the scheme lacks. Returns the percent and grade.
    /// </summary>
    public static (Dictionary<string, int> Scores, Dictionary<string, bool> Vetoes, decimal Percent, string Grade) Check(int version,
        IReadOnlyDictionary<string, int?>? scores, IReadOnlyDictionary<string, bool?>? vetoes)
    {
        var indicators = Of(version);
        scores ??= new Dictionary<string, int?>();
        vetoes ??= new Dictionary<string, bool?>();
        if (scores.Keys.Concat(vetoes.Keys).FirstOrDefault(k => indicators.All(i => i.Code != k)) is { } unknown)
            throw RuleViolation.Invalid("unknown_indicator", $"评价体系没有“{(unknown.Length > 40 ? unknown[..40] : unknown)}”一项", "Unknown indicator", "scores");
        var checkedScores = new Dictionary<string, int>();
        var checkedVetoes = new Dictionary<string, bool>();
        foreach (var i in indicators)
        {
            if (i.Veto)
            {
                checkedVetoes[i.Code] = vetoes.GetValueOrDefault(i.Code)
                    ?? throw RuleViolation.Invalid("veto_missing", $"请认定否决项：{i.Text}", $"veto item {i.Code} is not answered", "vetoes." + i.Code);
                continue;
            }
            var value = scores.GetValueOrDefault(i.Code) ?? throw RuleViolation.Invalid("field_required", $"请为“{i.Text}”评分", $"{i.Code} is not scored", "scores." + i.Code);
            if (value < 0 || value > i.Weight)
                throw RuleViolation.Invalid("score_out_of_range", $"得分须在 0–{i.Weight} 之间", $"{i.Code} must score 0–{i.Weight}", "scores." + i.Code);
            checkedScores[i.Code] = value;
        }
        var percent = Math.Round(100m * checkedScores.Values.Sum() / indicators.Sum(i => i.Weight), 1);
        var grade = checkedVetoes.Values.Any(v => v) ? "不合格" : ScaleOf(version).Grade(percent);
        return (checkedScores, checkedVetoes, percent, grade);
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<EvaluationStatus>))]
public enum EvaluationStatus { SelfAssessed, Scored, Published }

/// <summary>单位自评 / The agency's self-assessment in its portal.</summary>
public sealed record AgencySelfAssessed(Guid EvaluationId, string DepartmentId, string JurisdictionPath, int Year, Guid UnitId, string UnitName, int SchemeVersion,
    Dictionary<string, int> Scores, Dictionary<string, bool> Vetoes, decimal Percent, string Grade, string? Statement, string By, DateTimeOffset At);
/// <summary>评分 / Scored by two certified officers of the department, with the evidence.</summary>
public sealed record AgencyEvaluationScored(Guid EvaluationId, string DepartmentId, string JurisdictionPath, int Year, Guid UnitId, string UnitName, int SchemeVersion,
    Dictionary<string, int> Scores, Dictionary<string, bool> Vetoes, decimal Percent, string Grade, string Evidence, Signatory[] Officers, string By, DateTimeOffset At);
/// <summary>审批并公布 / Approved by the leader: the result is published.</summary>
/// <param name="NoticeNumber">The 档案服务机构评价结果告知书 issued with it, to be served on the agency; null on results published before it was numbered.</param>
/// <param name="ApproverName">The leader as the notice prints them.</param>
/// <param name="FollowUpInspectionId">A 不合格 result: the follow-up inspection (跟踪检查) opened in the same step.</param>
public sealed record AgencyEvaluationPublished(Guid EvaluationId, decimal Percent, string Grade, string ApprovedBy, DateTimeOffset PublishedAt,
    string? NoticeNumber = null, string? ApproverName = null, Guid? FollowUpInspectionId = null);
/// <summary>异议 / The agency objects to the published result, with its reasons.</summary>
public sealed record AgencyEvaluationObjected(Guid EvaluationId, string Reasons, string By, DateTimeOffset At);
/// <summary>复核 / The review of an objection: the result kept, or changed (new scores) — the only way a published result changes.</summary>
/// <param name="NoticeNumber">The 档案服务机构评价复核结果告知书 that tells the agency (served on it); null on reviews recorded before it was numbered.</param>
/// <param name="FollowUpInspectionId">A result changed to 不合格: the follow-up inspection opened in the same step.</param>
public sealed record AgencyEvaluationReviewed(Guid EvaluationId, bool Changed, Dictionary<string, int> Scores, Dictionary<string, bool> Vetoes, decimal Percent,
    string Grade, string Reasons, string By, DateTimeOffset At, string? NoticeNumber = null, string? ReviewerName = null, Guid? FollowUpInspectionId = null);

/// <summary>An agency's evaluation of one year by one department (inline snapshot).</summary>
public sealed class AgencyEvaluation
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string DepartmentId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public int Year { get; set; }
    public Guid UnitId { get; set; }
    public string UnitName { get; set; } = "";
    public int SchemeVersion { get; set; }
    public AgencySelfAssessed? SelfAssessment { get; set; }
    public AgencyEvaluationScored? Scoring { get; set; }
    public EvaluationStatus Status { get; set; }
    public decimal? Percent { get; set; }
    public string? Grade { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public AgencyEvaluationPublished? Publication { get; set; }
    /// <summary>The 评价结果告知书 served on the agency: its objection period runs from its receipt.</summary>
    public string? NoticeNumber => Publication?.NoticeNumber;
    /// <summary>The follow-up inspections opened by a 不合格 result (at publication or by a review that changed the grade to it).</summary>
    public List<Guid> FollowUpInspectionIds { get; set; } = [];
    public List<AgencyEvaluationObjected> Objections { get; set; } = [];
    public List<AgencyEvaluationReviewed> Reviews { get; set; } = [];
    public bool ObjectionPending => Objections.Count > Reviews.Count;

    private void Describe(string dept, string path, int year, Guid unit, string name, int scheme)
    {
        DepartmentId = dept; JurisdictionPath = path; Year = year; UnitId = unit; UnitName = name; SchemeVersion = scheme;
    }

    public void Apply(AgencySelfAssessed e)
    {
        Id = e.EvaluationId; Describe(e.DepartmentId, e.JurisdictionPath, e.Year, e.UnitId, e.UnitName, e.SchemeVersion);
        SelfAssessment = e;
        if (Scoring is null) Status = EvaluationStatus.SelfAssessed;
    }

    public void Apply(AgencyEvaluationScored e)
    {
        Id = e.EvaluationId; Describe(e.DepartmentId, e.JurisdictionPath, e.Year, e.UnitId, e.UnitName, e.SchemeVersion);
        Scoring = e; Percent = e.Percent; Grade = e.Grade; Status = EvaluationStatus.Scored;
    }

    public void Apply(AgencyEvaluationPublished e)
    {
        Status = EvaluationStatus.Published; PublishedAt = e.PublishedAt; Percent = e.Percent; Grade = e.Grade; Publication = e;
        if (e.FollowUpInspectionId is { } f) FollowUpInspectionIds.Add(f);
    }

    public void Apply(AgencyEvaluationObjected e) => Objections.Add(e);

    public void Apply(AgencyEvaluationReviewed e)
    {
        Reviews.Add(e); Percent = e.Percent; Grade = e.Grade;
        if (e.FollowUpInspectionId is { } f) FollowUpInspectionIds.Add(f);
    }
}

public static class AgencyEvaluationRules
{
    public const int ObjectionDays = 15;
    public const string CaseKind = "agency-evaluation";
    public const string Failed = "不合格";
    /// <summary>A 不合格 agency's follow-up inspection, unless the leader names another date: 30 days after the result.</summary>
    public const int FollowUpDays = 30;
    /// <summary>Art. 37 item 5 (其他需要重点监督管理的档案): the archives an agency holds for its clients, unless the leader names others.</summary>
    public static readonly string[] FollowUpFocusItems = ["Art37.5"];

    public static Guid EvaluationId(string departmentId, int year, Guid unitId) => AnnualReportRules.DerivedId($"agency-evaluation:{departmentId}:{year}:{unitId}");

    private static int CheckYear(int? year, DateTimeOffset now) => year is { } y && y >= 2000 && y <= WorkingDayCalendar.BeijingToday(now).Year ? y
        : throw RuleViolation.Invalid(year is null ? "field_required" : "invalid_year", "评价年度须为 2000 年至今年", "year must be from 2000 to the current year", "year");

    /// <summary>The agency assesses itself, before the department scores it.</summary>
    public static AgencySelfAssessed Decide(SupervisedUnit unit, AgencyEvaluation? existing, SelfAssess c, Actor actor, DateTimeOffset now)
    {
        if (actor.UnitId != unit.Id) throw RuleViolation.NotFound("portal");
        if (unit.Kind != UnitKind.ArchiveServiceAgency)
            throw RuleViolation.Refused("not_a_service_agency", "本单位不是档案服务机构，不参加第三十九条评价", "The unit is not an archive service agency (Art. 39)");
        var year = CheckYear(c.Year, now);
        if (existing?.Scoring is not null)
            throw RuleViolation.Refused("already_scored", "档案主管部门已评分，不能再自评", "The department has scored the agency already");
        var department = JurisdictionCatalogue.Find(unit.JurisdictionId)!;
        var (scores, vetoes, percent, grade) = EvaluationSchemes.Check(EvaluationSchemes.Current, c.Scores, c.Vetoes);
        var statement = string.IsNullOrWhiteSpace(c.Statement) ? null : Guard.Required(c.Statement, "statement", "自评说明", AnnualReportForms.MaxText);
        return new AgencySelfAssessed(EvaluationId(department.Id, year, unit.Id), department.Id, department.Path, year, unit.Id, unit.Name,
            EvaluationSchemes.Current, scores, vetoes, percent, grade, statement, actor.UserName, now);
    }

    /// <summary>
    /// Two or more certified officers of the evaluating department (the actor's: the agency's own or one above it, Art. 39
    /// 本行政区域内), none with a recorded conflict of interest with the agency (R2), the one recording among them, score it
    /// with evidence; not once the result is published (422: only a review changes it).
    /// </summary>
    public static AgencyEvaluationScored Decide(SupervisedUnit unit, AgencyEvaluation? existing, ScoreAgency c, Actor actor, IReadOnlyCollection<AppUser> officers,
        DateTimeOffset now)
    {
        Guard.CanAct(actor, unit.JurisdictionPath, Roles.Inspector);
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId)!;
        if (unit.Kind != UnitKind.ArchiveServiceAgency)
            throw RuleViolation.Refused("not_a_service_agency", "该单位不是档案服务机构", "The unit is not an archive service agency (Art. 39)", "unitId");
        var year = CheckYear(c.Year, now);
        if (existing?.Status == EvaluationStatus.Published)
            throw RuleViolation.Refused("result_published", "评价结果已公布，只能通过复核变更", "The result is published; only a review changes it");
        var ids = (c.InspectorIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct().ToArray();
        if (ids.Length < 2 || !ids.Contains(actor.UserName))
            throw RuleViolation.Invalid("two_officers_required", "评分须由包括本人在内的两名以上执法人员进行", "At least two officers, the one recording among them", "inspectorIds");
        var signatories = new List<Signatory>();
        foreach (var id in ids)
        {
            var u = officers.FirstOrDefault(x => x.Id == id);
            if (u is null || !u.IsCertified || u.JurisdictionId != department.Id)
                throw RuleViolation.Refused("inspector_not_certified", $"“{(id.Length > 40 ? id[..40] : id)}”不是本部门持有执法证的人员", $"{id} is not a certified officer of the department", "inspectorIds");
            if (unit.HasConflict(id))
                throw RuleViolation.Refused("inspector_recused", $"“{u.DisplayName}”与该机构存在利害关系，应当回避", $"{id} has a recorded conflict of interest with the agency (R2)", "inspectorIds");
            signatories.Add(new Signatory(u.Id, u.DisplayName, u.CertificateNumber!));
        }
        var (scores, vetoes, percent, grade) = EvaluationSchemes.Check(EvaluationSchemes.Current, c.Scores, c.Vetoes);
        var evidence = Guard.Required(c.Evidence, "evidence", "评分依据（检查记录、材料等）", AnnualReportForms.MaxText);
        return new AgencyEvaluationScored(EvaluationId(department.Id, year, unit.Id), department.Id, department.Path, year, unit.Id, unit.Name,
            EvaluationSchemes.Current, scores, vetoes, percent, grade, evidence, signatories.ToArray(), actor.UserName, now);
    }

    /// <summary>The department's leader approves the scored result, which is then published.</summary>
    public static AgencyEvaluationPublished Publish(AgencyEvaluation e, long? expectedVersion, Actor actor, DateTimeOffset now)
    {
        Guard.CanAct(actor, e.JurisdictionPath, Roles.Leader);
        if (actor.JurisdictionId != e.DepartmentId) throw RuleViolation.Forbidden("由评价部门的负责人审批", "The evaluating department's leader approves it");
        Guard.Version(expectedVersion, e.Version);
        if (e.Status != EvaluationStatus.Scored)
            throw RuleViolation.Refused(e.Status == EvaluationStatus.Published ? "result_published" : "not_scored",
                e.Status == EvaluationStatus.Published ? "评价结果已公布" : "尚未评分", "Only a scored, unpublished evaluation is approved");
        return new AgencyEvaluationPublished(e.Id, e.Scoring!.Percent, e.Scoring.Grade, actor.UserName, now, ApproverName: actor.DisplayName);
    }

    /// <summary>
    /// A result graded 不合格 opens a follow-up inspection of the agency (issue 17 §3) in the same step: by the officers who
    /// scored it unless the leader names others, on the date named or 30 days on, of Art. 37 item 5 unless others are named. The
    /// usual planning rules apply (two certified officers covering the agency, none with a conflict: R1–R3); its findings become
    /// rectification orders there, signed by the officers who find them.
    /// </summary>
    public static Supervision.Inspections.InspectionPlanned FollowUp(AgencyEvaluation e, SupervisedUnit unit, FollowUpPlan? plan, Actor actor,
        IReadOnlyCollection<AppUser> officers, Guid inspectionId, DateTimeOffset now)
    {
        var ids = plan?.InspectorIds is { Length: > 0 } named ? named : e.Scoring!.Officers.Select(o => o.UserName).ToArray();
        var on = plan?.PlannedOn ?? WorkingDayCalendar.BeijingToday(now).AddDays(FollowUpDays);
        var focus = plan?.FocusItems is { Length: > 0 } items ? items : FollowUpFocusItems;
        return Supervision.Inspections.PlanInspectionEndpoint.Decide(new Supervision.Inspections.PlanInspection(unit.Id, focus, on, ids), actor, unit, officers,
            inspectionId, now) with { FollowUpOfEvaluation = e.Id };
    }

    /// <summary>The officers a follow-up would be planned with: named in the request, or the scoring officers.</summary>
    public static string[] FollowUpOfficerIds(AgencyEvaluation e, FollowUpPlan? plan) =>
        (plan?.InspectorIds is { Length: > 0 } named ? named : e.Scoring?.Officers.Select(o => o.UserName).ToArray() ?? [])
        .Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().Take(Supervision.Inspections.PlanInspectionEndpoint.MaxInspectors + 1).ToArray();

    /// <summary>
    /// The last day of the objection period: 15 days from the day the 评价结果告知书 was received (the day of receipt not
    /// counted; a period ending on a rest day or holiday ends on the next working day). Null while the notice is not served:
    /// the period has not begun. Results published before the notice was numbered count from publication, as they did.
    /// </summary>
    public static DateOnly? ObjectionDueOn(AgencyEvaluation e, DateOnly? noticeServedOn, WorkingDayCalendar calendar) =>
        e.NoticeNumber is null
            ? e.PublishedAt is { } p ? WorkingDayCalendar.BeijingToday(p).AddDays(ObjectionDays) : null
            : noticeServedOn is { } served ? calendar.CalendarDays(served, ObjectionDays).DueOn : null;

    /// <summary>The agency objects within 15 days of receiving the result notice (<see cref="ObjectionDueOn"/>), once at a time.</summary>
    public static AgencyEvaluationObjected Object(AgencyEvaluation e, ObjectToEvaluation c, Actor actor, DateTimeOffset now, DateOnly? objectionDueOn)
    {
        if (actor.UnitId != e.UnitId) throw RuleViolation.NotFound("evaluation");
        if (e.Status != EvaluationStatus.Published) throw RuleViolation.Refused("not_published", "评价结果尚未公布", "The result is not published");
        if (objectionDueOn is { } due && WorkingDayCalendar.BeijingToday(now) > due)
            throw RuleViolation.Refused("objection_period_over", $"异议期（收到评价结果告知书之日起 {ObjectionDays} 日，至{due:yyyy年M月d日}）已过",
                $"The {ObjectionDays}-day objection period ended on {due:yyyy-MM-dd}");
        if (e.ObjectionPending) throw new RuleViolation(Problems.Conflict("objection_pending", "异议正在复核", "An objection is being reviewed"));
        return new AgencyEvaluationObjected(e.Id, Guard.Required(c.Reasons, "reasons", "异议理由", 2000), actor.UserName, now);
    }

    /// <summary>The leader reviews a pending objection: keeps the result, or changes it with new scores (the only change to a published result).</summary>
    public static AgencyEvaluationReviewed Review(AgencyEvaluation e, ReviewEvaluation c, Actor actor, DateTimeOffset now)
    {
        Guard.CanAct(actor, e.JurisdictionPath, Roles.Leader);
        if (actor.JurisdictionId != e.DepartmentId) throw RuleViolation.Forbidden("由评价部门的负责人复核", "The evaluating department's leader reviews it");
        Guard.Version(c.ExpectedVersion, e.Version);
        if (!e.ObjectionPending) throw RuleViolation.Refused("no_objection", "没有待复核的异议", "No objection awaits review");
        var reasons = Guard.Required(c.Reasons, "reasons", "复核意见", 2000);
        if (c.Change != true)
        {
            var (keptScores, keptVetoes) = e.Reviews.LastOrDefault(r => r.Changed) is { } last ? (last.Scores, last.Vetoes) : (e.Scoring!.Scores, e.Scoring.Vetoes);
            return new AgencyEvaluationReviewed(e.Id, false, keptScores, keptVetoes, e.Percent!.Value, e.Grade!, reasons, actor.UserName, now,
                ReviewerName: actor.DisplayName);
        }
        var (scores, vetoes, percent, grade) = EvaluationSchemes.Check(e.SchemeVersion, c.Scores, c.Vetoes);
        return new AgencyEvaluationReviewed(e.Id, true, scores, vetoes, percent, grade, reasons, actor.UserName, now, ReviewerName: actor.DisplayName);
    }
}

/// <summary>机构自评 / The agency's self-assessment: scores and veto findings by indicator code, and a statement.</summary>
public sealed record SelfAssess(int? Year, Dictionary<string, int?>? Scores, Dictionary<string, bool?>? Vetoes, string? Statement = null);
/// <summary>评分 / The department's scoring: the agency, scores and veto findings, the evidence, the officers (two or more).</summary>
public sealed record ScoreAgency(int? Year, Guid? UnitId, Dictionary<string, int?>? Scores, Dictionary<string, bool?>? Vetoes, string? Evidence, string[]? InspectorIds);
/// <summary>审批公布 / Approve and publish; <c>followUp</c>: how a 不合格 result's follow-up inspection is planned (defaults otherwise).</summary>
public sealed record PublishEvaluation([property: JsonPropertyName("version")] long? ExpectedVersion, FollowUpPlan? FollowUp = null);
/// <summary>跟踪检查安排 / A 不合格 result's follow-up inspection: its date, officers and Art. 37 focus items (each optional).</summary>
public sealed record FollowUpPlan(DateOnly? PlannedOn, string[]? InspectorIds, string[]? FocusItems);
/// <summary>提出异议 / The agency's objection.</summary>
public sealed record ObjectToEvaluation(string? Reasons);
/// <summary>复核 / Review an objection: keep the result, or change it with new scores.</summary>
public sealed record ReviewEvaluation([property: JsonPropertyName("version")] long? ExpectedVersion, bool? Change, string? Reasons,
    Dictionary<string, int?>? Scores = null, Dictionary<string, bool?>? Vetoes = null, FollowUpPlan? FollowUp = null);
/// <summary>A published result as the public sees it: the agency, year, score and grade, and when.</summary>
public sealed record PublishedEvaluation(string UnitName, string DepartmentName, int Year, decimal Percent, string Grade, DateTimeOffset PublishedAt, bool Reviewed);

public static class AgencyEvaluationEndpoints
{
    /// <summary>Appends at the version read (two steps at once: the second gets 409).</summary>
    private static IResult Append(IDocumentSession session, AgencyEvaluation? existing, Guid id, object e)
    {
        if (existing is null) session.Events.StartStream<AgencyEvaluation>(id, e);
        else session.Events.Append(id, existing.Version + 1, e);
        return Results.Ok(new AgencyEvaluationStep(id, (existing?.Version ?? 0) + 1, e.GetType().Name));
    }

    [WolverinePost("/api/portal/agency-evaluations/self-assessment", OperationId = "SelfAssessAgency")]
    public static async Task<IResult> SelfAssess(SelfAssess c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor.UnitId is not { } unitId || await session.LoadAsync<SupervisedUnit>(unitId, ct) is not { } unit) throw RuleViolation.NotFound("portal");
        var existing = c.Year is { } y ? await session.LoadAsync<AgencyEvaluation>(AgencyEvaluationRules.EvaluationId(unit.JurisdictionId, y, unitId), ct) : null;
        var e = AgencyEvaluationRules.Decide(unit, existing, c, actor, clock.GetUtcNow());
        return Append(session, existing, e.EvaluationId, e);
    }

    [WolverinePost("/api/agency-evaluations", OperationId = "ScoreAgency")]
    public static async Task<IResult> Score(ScoreAgency c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var unit = c.UnitId is { } id ? await session.LoadAsync<SupervisedUnit>(id, ct) : null;
        if (unit is null || !actor.Covers(unit.JurisdictionPath))
            throw RuleViolation.Invalid("unknown_unit", "请选择本辖区的档案服务机构", "unitId must be an agency of the jurisdiction", "unitId");
        var existing = c.Year is { } y ? await session.LoadAsync<AgencyEvaluation>(AgencyEvaluationRules.EvaluationId(actor.JurisdictionId, y, unit.Id), ct) : null;
        var names = (c.InspectorIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct().Take(10).ToArray();
        var officers = names.Length == 0 ? [] : (await session.LoadManyAsync<AppUser>(ct, names)).Where(u => u is not null).ToList();
        var e = AgencyEvaluationRules.Decide(unit, existing, c, actor, officers, clock.GetUtcNow());
        return Append(session, existing, e.EvaluationId, e);
    }

    private static async Task<AgencyEvaluation> Load(IQuerySession session, Guid id, Actor actor, CancellationToken ct)
    {
        var e = await session.LoadAsync<AgencyEvaluation>(id, ct);
        return e is not null && (actor.UnitId is { } unit ? unit == e.UnitId : actor.Covers(e.JurisdictionPath)) ? e : throw RuleViolation.NotFound("evaluation");
    }

    /// <summary>
    /// The leader approves and publishes the result, and the numbered 评价结果告知书 is issued with it (to be served on the
    /// agency: its objection period runs from receipt). A 不合格 result opens its follow-up inspection in the same transaction.
    /// </summary>
    [WolverinePost("/api/agency-evaluations/{id}/publication", OperationId = "PublishAgencyEvaluation")]
    public static async Task<IResult> Publish(Guid id, PublishEvaluation c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var e = await Load(session, id, actor, ct);
        var now = clock.GetUtcNow();
        var published = AgencyEvaluationRules.Publish(e, c.ExpectedVersion, actor, now);
        var followUp = published.Grade == AgencyEvaluationRules.Failed ? await PlanFollowUpAsync(session, e, c.FollowUp, actor, now, ct) : (Guid?)null;
        var number = await IssueNoticeAsync(session, e, DocumentTypes.EvaluationResultNotice, now, ct); // after every check
        return Append(session, e, id, published with { NoticeNumber = number, FollowUpInspectionId = followUp });
    }

    private static Task<string> IssueNoticeAsync(IDocumentSession session, AgencyEvaluation e, string type, DateTimeOffset now, CancellationToken ct) =>
        DocumentNumbers.IssueAsync(session, JurisdictionCatalogue.Find(e.DepartmentId)!, type, e.Id, AgencyEvaluationRules.CaseKind, e.JurisdictionPath, now, ct);

    private static async Task<Guid> PlanFollowUpAsync(IDocumentSession session, AgencyEvaluation e, FollowUpPlan? plan, Actor actor, DateTimeOffset now,
        CancellationToken ct)
    {
        var unit = await session.LoadAsync<SupervisedUnit>(e.UnitId, ct) ?? throw RuleViolation.NotFound("unit");
        var ids = AgencyEvaluationRules.FollowUpOfficerIds(e, plan);
        var officers = ids.Length == 0 ? [] : (await session.LoadManyAsync<AppUser>(ct, ids)).Where(u => u is not null).ToList();
        var inspectionId = Guid.CreateVersion7();
        session.Events.StartStream<Supervision.Inspections.Inspection>(inspectionId,
            AgencyEvaluationRules.FollowUp(e, unit, plan, actor, officers, inspectionId, now));
        return inspectionId;
    }

    /// <summary>The agency objects, within 15 days of receiving the result notice.</summary>
    [WolverinePost("/api/portal/agency-evaluations/{id}/objection", OperationId = "ObjectToAgencyEvaluation")]
    public static async Task<IResult> Objection(Guid id, ObjectToEvaluation c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock,
        WorkingDayCalendar calendar, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var e = await Load(session, id, actor, ct);
        var due = await ObjectionDueOnAsync(session, e, calendar, ct);
        return Append(session, e, id, AgencyEvaluationRules.Object(e, c, actor, clock.GetUtcNow(), due));
    }

    public static async Task<DateOnly?> ObjectionDueOnAsync(IQuerySession session, AgencyEvaluation e, WorkingDayCalendar calendar, CancellationToken ct)
    {
        var served = e.NoticeNumber is { } n ? (await session.LoadAsync<IssuedDocument>(n, ct))?.ServedOn : null;
        return AgencyEvaluationRules.ObjectionDueOn(e, served, calendar);
    }

    /// <summary>The leader reviews an objection; the 评价复核结果告知书 is issued with the review, and a grade changed to 不合格 opens a follow-up.</summary>
    [WolverinePost("/api/agency-evaluations/{id}/review", OperationId = "ReviewAgencyEvaluation")]
    public static async Task<IResult> Review(Guid id, ReviewEvaluation c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var e = await Load(session, id, actor, ct);
        var now = clock.GetUtcNow();
        var reviewed = AgencyEvaluationRules.Review(e, c, actor, now);
        var followUp = reviewed.Grade == AgencyEvaluationRules.Failed && e.Grade != AgencyEvaluationRules.Failed
            ? await PlanFollowUpAsync(session, e, c.FollowUp, actor, now, ct) : (Guid?)null;
        var number = await IssueNoticeAsync(session, e, DocumentTypes.EvaluationReviewNotice, now, ct);
        return Append(session, e, id, reviewed with { NoticeNumber = number, FollowUpInspectionId = followUp });
    }

    [WolverineGet("/api/agency-evaluations/{id}", OperationId = "GetAgencyEvaluation")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Results.Ok(await Load(session, id, Actor.From(user), ct));

    /// <summary>The published results of a year (public, like the statistics of R25): agency, department, score, grade.</summary>
    [AllowAnonymous]
    [WolverineGet("/api/public/agency-evaluations/{year}", OperationId = "GetPublishedAgencyEvaluations")]
    public static async Task<IResult> Published(int year, ReadSessions reads, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // public pages read the replica when configured and current (issue 18 §4)
        return Results.Ok(await PublishedAsync(session, year, ct));
    }

    public static async Task<IReadOnlyList<PublishedEvaluation>> PublishedAsync(IQuerySession session, int year, CancellationToken ct)
    {
        var published = await session.Query<AgencyEvaluation>().Where(e => e.Year == year && e.Status == EvaluationStatus.Published)
            .OrderBy(e => e.JurisdictionPath).ThenBy(e => e.UnitName).Take(1000).ToListAsync(ct);
        return published.Select(e => new PublishedEvaluation(e.UnitName, JurisdictionCatalogue.Find(e.DepartmentId)?.DepartmentName ?? e.DepartmentId,
            e.Year, e.Percent!.Value, e.Grade!, e.PublishedAt!.Value, e.Reviews.Any(r => r.Changed))).ToList();
    }
}

/// <summary>The step recorded on an evaluation: its id, the new version and what was recorded.</summary>
public sealed record AgencyEvaluationStep(Guid EvaluationId, long Version, string Recorded);
