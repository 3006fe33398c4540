using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;

namespace Supervision.Tests.Sanctions;

/// <summary>Builders for a sanction-case stream (a Urumqi unit; investigated by a case officer and an inspector).</summary>
internal static class S
{
    public static readonly Guid CaseId = Guid.Parse("0197a000-0000-7000-8000-00000000c001");
    public static readonly DateTimeOffset Now = Clock.Now;                 // Thu 2026-02-12 10:00 Beijing
    public static readonly WorkingDayCalendar Calendar = Clock.Calendar;
    /// <summary>5 working days after Thu 2026-02-12: 02-13, 02-14 (make-up Saturday), 02-24, 02-25, 02-26.</summary>
    public static readonly DateOnly DefenceDeadline = Clock.D(2026, 2, 26);
    public static readonly DateTimeOffset AfterDefence = WorkingDayCalendar.EndOfDayBeijing(DefenceDeadline).AddMinutes(1);

    public static readonly Actor Officer = new("urumqi.officer", "刘洋", Roles.CaseOfficer, "650100", Paths.Urumqi, Certified: true);
    public static readonly Actor Officer2 = new("urumqi.officer2", "努尔古丽", Roles.CaseOfficer, "650100", Paths.Urumqi, Certified: true);
    public static readonly Actor Inspector = Actors.UrumqiInspector;
    public static readonly Actor Leader = Actors.UrumqiLeader;
    public static readonly Actor Legal = new("urumqi.legal", "陈思远", Roles.LegalReviewer, "650100", Paths.Urumqi);
    public static readonly Actor KashgarOfficer = new("kashi.officer", "阿力木", Roles.CaseOfficer, "653100", Paths.Kashgar, Certified: true);
    public static readonly Actor UncertifiedInspector = new("urumqi.inspector3", "王芳", Roles.Inspector, "650100", Paths.Urumqi);

    public static AppUser User(string id, string role, string path, string? cert, string jurisdictionId = "650100") =>
        new() { Id = id, DisplayName = id, Role = role, JurisdictionId = jurisdictionId, JurisdictionPath = path, CertificateNumber = cert };

    public static readonly AppUser[] Staff =
    [
        User("urumqi.officer", Roles.CaseOfficer, Paths.Urumqi, "乌档执650100003"),
        User("urumqi.officer2", Roles.CaseOfficer, Paths.Urumqi, "乌档执650100004"),
        User("urumqi.inspector1", Roles.Inspector, Paths.Urumqi, "乌档执650100001"),
        User("urumqi.inspector3", Roles.Inspector, Paths.Urumqi, null),
        User("urumqi.legal", Roles.LegalReviewer, Paths.Urumqi, null),
        User("urumqi.leader", Roles.Leader, Paths.Urumqi, null),
        User("kashi.officer", Roles.CaseOfficer, Paths.Kashgar, "喀档执653100003", "653100"),
    ];

    public static readonly Signatory[] Team =
    [
        new("urumqi.officer", "urumqi.officer", "乌档执650100003"),
        new("urumqi.inspector1", "urumqi.inspector1", "乌档执650100001"),
    ];

    public static SupervisedUnit Unit => TestUnits.Urumqi;
    /// <summary>The two officers of the team who sign (R1) and the evidence cited (E1, the first added).</summary>
    public static readonly string[] Signers = ["urumqi.officer", "urumqi.inspector1"];
    public static readonly string[] Cited = ["E1"];

    public static OpenSanctionCase Open(string violation = "Art43.1", Guid? unitId = null, string[]? investigators = null,
        ResponsiblePersonInput[]? persons = null, SanctionSourceInput? source = null, bool noUnit = false) =>
        new(source ?? new SanctionSourceInput("direct", null), noUnit ? null : unitId ?? Unit.Id, violation, "拒不建立档案工作责任制",
            investigators ?? ["urumqi.officer", "urumqi.inspector1"], persons);

    public static SanctionCaseOpened Opened(string violation = "Art43.1", ResponsiblePerson[]? persons = null) =>
        new(CaseId, new SanctionSource(SanctionSourceKind.Direct, null), Unit.Id, Unit.Name, null, "650100", "650100", Paths.Urumqi,
            violation, "拒不建立档案工作责任制", Team, persons ?? [], Clock.Today.AddDays(90), Officer.UserName, Now.AddDays(-10));

    public static EvidenceAdded Evidence() => new(CaseId, "现场检查笔录", "书证", Officer.UserName, Now.AddDays(-9));
    public static InvestigationReported Reported(PenaltyScope scope = PenaltyScope.Jurisdiction, CaseSeverity severity = CaseSeverity.Ordinary, bool social = false) =>
        new(CaseId, "该单位未建立档案工作责任制", scope, severity, social, Officer.UserName, Now.AddDays(-1));
    public static PenaltyNoticeIssued Noticed(PenaltyScope scope = PenaltyScope.Jurisdiction) =>
        new(CaseId, "乌档罚告〔2026〕1号", "未建立档案工作责任制", "经责令仍未改正", "《新疆维吾尔自治区档案管理办法》第四十三条", scope,
            Clock.Today, DefenceDeadline, false, SanctionSteps.RightsText, Team, Officer.UserName, Now);
    public static SupplementaryInvestigationOpened Supplementary() => new(CaseId, "乌档罚告〔2026〕1号", "当事人提出新的事实，需补充调查", Leader.UserName, Now.AddDays(1));
    public static PenaltyNoticeIssued Renoticed(PenaltyScope scope) =>
        new(CaseId, "乌档罚告〔2026〕2号", "未建立档案工作责任制且销毁档案", "经责令仍未改正", "《新疆维吾尔自治区档案管理办法》第四十三条", scope,
            Clock.Today.AddDays(3), DefenceDeadline.AddDays(7), false, SanctionSteps.RightsText, Team, Officer.UserName, Now.AddDays(3));
    public static DefenceReceived Defended() => new(CaseId, "我单位已着手建立制度", Officer.UserName, Now.AddHours(1));
    /// <summary>The party's written waiver, signed half an hour after the notice was issued (at <see cref="Now"/>).</summary>
    public static WaiveDefence Waiver(long version, DateTimeOffset? signedAt = null) => new(version, "张主任", signedAt ?? Now.AddMinutes(30), "in_person");
    public static HeavierPenaltyJustified Justified(PenaltyScope scope, params string[] evidence) =>
        new(CaseId, scope, evidence, "新证据证明情节更重", Leader.UserName, Now.AddDays(2));
    public static DefenceWaived Waived() => new(CaseId, Officer.UserName, Now.AddHours(1));
    public static HearingRequested HearingAsked() => new(CaseId, Officer.UserName, Now.AddHours(1));
    public static HearingScheduled HearingSet(DateOnly on) => new(CaseId, on, "urumqi.officer2", "努尔古丽", Officer.UserName, Now.AddHours(2));
    public static HearingHeld Heard() => new(CaseId, "听证笔录", Officer2.UserName, AfterDefence);
    public static LegalReviewCompleted Reviewed(bool approved = true) => new(CaseId, "事实清楚，证据确凿", approved, Legal.UserName, Now.AddHours(3));
    public static CollectiveDiscussionHeld Discussed() => new(CaseId, ["马晓东", "张副局长"], "同意通报批评", Leader.UserName, Now.AddHours(4));

    public static SanctionCase Given(params object[] events)
    {
        if (events is not [SanctionCaseOpened first, ..]) throw new ArgumentException("A sanction case starts with SanctionCaseOpened");
        var c = SanctionCase.Create(first);
        foreach (var e in events[1..])
        {
            switch (e)
            {
                case EvidenceAdded x: c.Apply(x); break;
                case InvestigationReported x: c.Apply(x); break;
                // Handed over the day it was issued (the common case); tests of the unserved state clear NoticeServedOn.
                case PenaltyNoticeIssued x:
                    c.Apply(x);
                    c.Apply(new PenaltyNoticeServed(x.CaseId, x.DocumentNumber, x.IssuedOn, x.DefenceDeadline, x.DefenceDeadlineProvisional, x.IssuedBy, x.IssuedAt));
                    break;
                case PenaltyNoticeServed x: c.Apply(x); break;
                case SupplementaryInvestigationOpened x: c.Apply(x); break;
                case DefenceReceived x: c.Apply(x); break;
                case DefenceWaived x: c.Apply(x); break;
                case HearingRequested x: c.Apply(x); break;
                case HearingScheduled x: c.Apply(x); break;
                case HearingHeld x: c.Apply(x); break;
                case HeavierPenaltyJustified x: c.Apply(x); break;
                case LegalReviewCompleted x: c.Apply(x); break;
                case CollectiveDiscussionHeld x: c.Apply(x); break;
                case PenaltyDecided x: c.Apply(x); break;
                case NoPenaltyDecided x: c.Apply(x); break;
                case DecisionDelivered x: c.Apply(x); break;
                case DecisionPublished x: c.Apply(x); break;
                case PublicationWithdrawn x: c.Apply(x); break;
                case SanctionCaseClosed x: c.Apply(x); break;
                case DecisionOverdue x: c.Apply(x); break;
                case DeliveryOverdue x: c.Apply(x); break;
                case PublicationOverdue x: c.Apply(x); break;
                case DecisionChanged x: c.Apply(x); break;
                case PublicationWithdrawalOverdue x: c.Apply(x); break;
                case DisciplineRecommended x: c.Apply(x); break;
                case DisciplineReplyReceived x: c.Apply(x); break;
                case DisciplineReplyOverdue x: c.Apply(x); break;
                case CriminalTransferProposed x: c.Apply(x); break;
                case CriminalTransferDecided x: c.Apply(x); break;
                case CriminalCaseTransferred x: c.Apply(x); break;
                case TransferDecisionOverdue x: c.Apply(x); break;
                case TransferLetterOverdue x: c.Apply(x); break;
                case SanctionRecusalRequested x: c.Apply(x); break;
                case SanctionRecusalDecided x: c.Apply(x); break;
                case NoMisconductFound x: c.Apply(x); break;
                case CaseFilingApproved x: c.Apply(x); break;
                case SanctionRecordingAttached x: c.Apply(x); break;
                default: throw new ArgumentException($"Not a sanction event: {e.GetType().Name}");
            }
        }
        c.Version = events.Length;
        return c;
    }

    /// <summary>
    /// The decision, citing E1. Streams built without evidence (the shorter ones of the step tests) get it in their state
    /// only, so their version numbers stay those of the events listed.
    /// </summary>
    public static PenaltyDecided Decide(SanctionCase c, string scope = "jurisdiction", Actor? actor = null, DateTimeOffset? now = null)
    {
        if (c.Evidence.Count == 0) c.Apply(Evidence());
        return SanctionSteps.DecidePenalty(c, new DecidePenalty(c.Version, scope, "建立档案工作责任制", 10, S.Cited, S.Signers), actor ?? Leader, Calendar, now ?? AfterDefence, "乌档罚决〔2026〕1号");
    }
}

/// <summary>Given sanction-case events, when a command, then events or a refusal.</summary>
public class SanctionDeciderTests
{
    private static SanctionCaseOpened Open(OpenSanctionCase c, Actor? actor = null, SupervisedUnit? unit = null, SourceCase? source = null) =>
        SanctionSteps.Decide(c, actor ?? S.Officer, c.PartyUnitId is null ? null : unit ?? S.Unit, source, S.Staff, S.CaseId, S.Now);

    // ---------------------------------------------------------------- open

    [Fact]
    public void Opening_names_two_certified_investigators_and_a_90_day_decision_deadline()
    {
        var e = Open(S.Open());
        Assert.Equal(S.CaseId, e.CaseId);
        Assert.Equal(S.Unit.Id, e.PartyUnitId);
        Assert.Equal(S.Unit.Name, e.PartyName);
        Assert.Equal(Paths.Urumqi, e.JurisdictionPath);
        Assert.Equal("650100", e.DepartmentId);
        Assert.Equal(["urumqi.officer", "urumqi.inspector1"], e.Investigators.Select(i => i.UserName));
        Assert.Equal(Clock.D(2026, 5, 13), e.DecisionDueOn); // 2026-02-12 + 90 days
        var c = SanctionCase.Create(e);
        Assert.Equal(SanctionStatus.Investigating, c.Status);
        Assert.Empty(c.ExcludedUserIds);
    }

    [Fact]
    public void Leader_may_open_but_an_inspector_may_not() =>
        Refusal.Forbidden(() => Open(S.Open(), S.Inspector));

    [Fact]
    public void Party_is_required_for_Art43() => Refusal.Invalid("field_required", () => Open(S.Open(noUnit: true)), "partyUnitId");

    [Fact]
    public void Unknown_violation_is_refused() => Refusal.Invalid("unknown_violation", () => Open(S.Open(violation: "Art38.1")), "violation");

    [Fact]
    public void Unit_outside_the_jurisdiction_is_unknown() =>
        Refusal.Invalid("unknown_unit", () => Open(S.Open(unitId: TestUnits.Kashgar.Id), unit: TestUnits.Kashgar), "partyUnitId");

    [Fact]
    public void One_investigator_is_not_enough() =>
        Refusal.Refused("two_investigators_required", () => Open(S.Open(investigators: ["urumqi.officer"])), "investigatorIds");

    [Fact]
    public void An_uncertified_inspector_cannot_investigate() =>
        Refusal.Refused("investigator_not_certified", () => Open(S.Open(investigators: ["urumqi.officer", "urumqi.inspector3"])), "investigatorIds");

    [Fact]
    public void A_legal_reviewer_cannot_investigate() =>
        Refusal.Refused("investigator_not_certified", () => Open(S.Open(investigators: ["urumqi.officer", "urumqi.legal"])), "investigatorIds");

    [Fact]
    public void An_officer_of_another_jurisdiction_cannot_investigate() =>
        Refusal.Refused("investigator_outside_jurisdiction", () => Open(S.Open(investigators: ["urumqi.officer", "kashi.officer"])), "investigatorIds");

    /// <summary>The party unit as registered, with a conflict of interest recorded against one officer (R2).</summary>
    private static SupervisedUnit UnitConflictedWith(string userName)
    {
        var unit = new SupervisedUnit { Id = S.Unit.Id, Name = S.Unit.Name, Kind = S.Unit.Kind, JurisdictionId = S.Unit.JurisdictionId, JurisdictionPath = S.Unit.JurisdictionPath };
        unit.ConflictsOfInterest.Add(new ConflictOfInterest(userName, "配偶在该单位任职", S.Leader.UserName, S.Now.AddDays(-30)));
        return unit;
    }

    [Fact]
    public void An_officer_with_a_recorded_conflict_of_interest_with_the_party_cannot_investigate()
    {
        Refusal.Refused("investigator_recused", () => Open(S.Open(), unit: UnitConflictedWith("urumqi.inspector1")), "investigatorIds");
        // The conflict is personal: the same unit is investigated by two officers without one.
        var e = Open(S.Open(investigators: ["urumqi.officer", "urumqi.officer2"]), unit: UnitConflictedWith("urumqi.inspector1"));
        Assert.Equal(["urumqi.officer", "urumqi.officer2"], e.Investigators.Select(i => i.UserName));
    }

    [Fact]
    public void A_source_inspection_must_exist_and_be_in_the_jurisdiction()
    {
        var id = Guid.NewGuid();
        var cmd = S.Open(source: new SanctionSourceInput("inspection", id));
        Refusal.Invalid("unknown_source", () => Open(cmd), "source.id");
        Refusal.Invalid("unknown_source", () => Open(cmd, source: new SourceCase(id, Paths.Kashgar, TestUnits.Kashgar.Id)), "source.id");
        Refusal.Invalid("source_unit_mismatch", () => Open(cmd, source: new SourceCase(id, Paths.Urumqi, Guid.NewGuid())), "partyUnitId");
        Refusal.Invalid("field_required", () => Open(S.Open(source: new SanctionSourceInput("rectification", null))), "source.id");
        Refusal.Invalid("invalid_source_kind", () => Open(S.Open(source: new SanctionSourceInput("rumour", null))), "source.kind");
        var e = Open(cmd, source: new SourceCase(id, Paths.Urumqi, S.Unit.Id));
        Assert.Equal(new SanctionSource(SanctionSourceKind.Inspection, id), e.Source);
    }

    [Fact]
    public void Art44_case_may_name_the_department_as_party_and_excludes_the_named_staff()
    {
        var e = Open(S.Open(violation: "Art44", noUnit: true, persons: [new(null, "urumqi.inspector3")]));
        Assert.Null(e.PartyUnitId);
        Assert.Equal("乌鲁木齐市档案局", e.PartyName);
        Assert.Equal([new ResponsiblePerson("urumqi.inspector3", "urumqi.inspector3")], e.ResponsiblePersons);
        var c = SanctionCase.Create(e);
        Assert.Equal(["urumqi.inspector3"], c.ExcludedUserIds);
        Assert.False(SanctionSteps.MaySee(c, S.UncertifiedInspector));
        Assert.True(SanctionSteps.MaySee(c, S.Officer));
    }

    [Fact]
    public void An_Art44_case_is_not_decided_as_public_criticism()
    {
        var c = SanctionCase.Create(Open(S.Open(violation: "Art44", noUnit: true, persons: [new(null, "urumqi.inspector3")])));
        c.Version = 1;
        Refusal.Refused("art44_discipline_only", () => SanctionSteps.CheckDecision(c, new DecidePenalty(1, "unit", "改正", 10, S.Cited, S.Signers), S.Leader, S.AfterDefence), "scope");
    }

    [Fact]
    public void Art44_needs_staff_named_by_user_id_not_the_actor_nor_an_investigator()
    {
        Refusal.Invalid("responsible_persons_required", () => Open(S.Open(violation: "Art44", noUnit: true)), "responsiblePersons");
        Refusal.Invalid("responsible_user_required", () => Open(S.Open(violation: "Art44", noUnit: true, persons: [new("张三", null)])), "responsiblePersons");
        Refusal.Invalid("unknown_staff", () => Open(S.Open(violation: "Art44", noUnit: true, persons: [new("x", "kashi.officer")])), "responsiblePersons");
        Refusal.Forbidden(() => Open(S.Open(violation: "Art44", noUnit: true, persons: [new("刘洋", "urumqi.officer")])));
        Refusal.Refused("investigator_is_responsible",
            () => Open(S.Open(violation: "Art44", noUnit: true, persons: [new("李明", "urumqi.inspector1")]), S.Leader), "investigatorIds");
    }

    [Fact]
    public void Art44_staff_named_in_the_case_cannot_act_on_it()
    {
        var c = S.Given(S.Opened("Art44", [new ResponsiblePerson("王芳", "urumqi.inspector3")]));
        Refusal.NotFound(() => SanctionSteps.Decide(c, new AddEvidence(1, "x", "书证"), S.UncertifiedInspector, S.Now));
        var leaderNamed = S.Given(S.Opened("Art44", [new ResponsiblePerson("马晓东", "urumqi.leader")]));
        Refusal.NotFound(() => SanctionSteps.Decide(leaderNamed, new DecideNoPenalty(1, "x"), S.Leader, S.Now));
    }

    // ---------------------------------------------------------------- investigation

    [Fact]
    public void Only_the_investigators_or_a_leader_add_evidence_and_the_version_must_match()
    {
        var c = S.Given(S.Opened());
        Refusal.Forbidden(() => SanctionSteps.Decide(c, new AddEvidence(1, "x", "书证"), S.Officer2, S.Now));
        Refusal.NotFound(() => SanctionSteps.Decide(c, new AddEvidence(1, "x", "书证"), S.KashgarOfficer, S.Now));
        Refusal.Stale(1, () => SanctionSteps.Decide(c, new AddEvidence(0, "x", "书证"), S.Officer, S.Now));
        Refusal.Invalid("version_required", () => SanctionSteps.Decide(c, new AddEvidence(null, "x", "书证"), S.Officer, S.Now), "version");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, new AddEvidence(1, " ", "书证"), S.Officer, S.Now), "description");
        Assert.Equal("x", SanctionSteps.Decide(c, new AddEvidence(1, "x", "书证"), S.Leader, S.Now).Description);
    }

    [Fact]
    public void The_report_sets_scope_severity_and_social_impact()
    {
        var c = S.Given(S.Opened());
        Refusal.Invalid("invalid_scope", () => SanctionSteps.Decide(c, new ReportInvestigation(1, "f", "nationwide", "ordinary", false), S.Officer, S.Now), "proposedScope");
        Refusal.Invalid("invalid_severity", () => SanctionSteps.Decide(c, new ReportInvestigation(1, "f", "unit", "huge", false), S.Officer, S.Now), "severity");
        var e = SanctionSteps.Decide(c, new ReportInvestigation(1, "f", "public", "major", true), S.Officer, S.Now);
        Assert.Equal((PenaltyScope.Public, CaseSeverity.Major, true), (e.ProposedScope, e.Severity, e.SocialImpact));
    }

    // ---------------------------------------------------------------- notice

    /// <summary>The notice, citing E1 (streams built without evidence get it in their state only, as in <see cref="S.Decide"/>).</summary>
    private static PenaltyNoticeIssued Notice(SanctionCase c, Actor? actor = null, string[]? signers = null, string[]? evidence = null)
    {
        if (c.Evidence.Count == 0) c.Apply(S.Evidence());
        return SanctionSteps.DecideNotice(c, new IssuePenaltyNotice(c.Version, "未建立制度", "经责令仍未改正", "第四十三条第（一）项", signers ?? S.Signers, evidence ?? S.Cited),
            actor ?? S.Officer, S.Calendar, S.Now, "乌档罚告〔2026〕9号");
    }

    [Fact]
    public void The_notice_is_issued_and_signed_by_certified_officers_of_the_case_and_prints_exactly_them()
    {
        var c = S.Given(S.Opened(), S.Evidence(), S.Reported());
        // A leader without a 执法证 (R1) cannot issue it, whatever officers are named.
        Refusal.Forbidden(() => Notice(c, S.Leader));
        Refusal.Invalid("two_signatories_required", () => Notice(c, signers: ["urumqi.officer"]), "signatoryIds");
        Refusal.Refused("signatory_not_on_team", () => Notice(c, signers: ["urumqi.officer", "urumqi.officer2"]), "signatoryIds");
        var ofThree = S.Given(S.Opened() with { Investigators = [.. S.Team, new("urumqi.officer2", "urumqi.officer2", "乌档执650100004")] }, S.Evidence(), S.Reported());
        Refusal.Refused("actor_must_sign", () => Notice(ofThree, S.Officer2, signers: ["urumqi.officer", "urumqi.inspector1"]), "signatoryIds");
        Assert.Equal(["urumqi.officer2", "urumqi.inspector1"], Notice(ofThree, S.Officer2, signers: ["urumqi.officer2", "urumqi.inspector1"]).Signatories.Select(x => x.UserName));
        Refusal.Invalid("evidence_required", () => Notice(c, evidence: []), "evidenceIds");
        Refusal.Invalid("unknown_evidence", () => Notice(c, evidence: ["E9"]), "evidenceIds");
        var e = Notice(c);
        Assert.Equal(["urumqi.officer", "urumqi.inspector1"], e.Signatories.Select(x => x.UserName));
        Assert.Equal(["E1"], e.EvidenceIds);
        var html = SanctionDocuments.PenaltyNotice(S.Given(S.Opened(), S.Evidence(), S.Reported(), e), JurisdictionCatalogue.Find("650100")!,
            new SupersededNotice(e.DocumentNumber, e.Facts, e.Reasons, e.Basis, e.ProposedScope, e.IssuedOn, e.DefenceDeadline, e.Rights, false, 1, "", "", default, e.Signatories, e.EvidenceIds), null);
        Assert.Contains("书证：现场检查笔录", html);
    }

    [Fact]
    public void The_decision_cites_evidence_orders_correction_in_working_days_from_receipt_and_names_the_reconsideration_organ()
    {
        var c = S.Given(S.Opened(), S.Evidence(), S.Reported(), S.Noticed(), S.Waived());
        DecidePenalty Cmd(string[]? evidence = null, string[]? signers = null, int? days = 10) => new(5, "jurisdiction", "建立制度", days, evidence ?? S.Cited, signers ?? S.Signers);
        Refusal.Invalid("evidence_required", () => SanctionSteps.CheckDecision(c, Cmd(evidence: []), S.Leader, S.AfterDefence), "evidenceIds");
        Refusal.Invalid("unknown_evidence", () => SanctionSteps.CheckDecision(c, Cmd(evidence: ["E2"]), S.Leader, S.AfterDefence), "evidenceIds");
        Refusal.Invalid("field_required", () => SanctionSteps.CheckDecision(c, Cmd(days: null), S.Leader, S.AfterDefence), "correctionWorkingDays");
        Refusal.Invalid("two_signatories_required", () => SanctionSteps.CheckDecision(c, Cmd(signers: []), S.Leader, S.AfterDefence), "signatoryIds");
        var e = SanctionSteps.DecidePenalty(c, Cmd(), S.Leader, S.Calendar, S.AfterDefence, "乌档罚决〔2026〕1号");
        Assert.Equal(["E1"], e.EvidenceIds!);
        Assert.Equal((10, "乌鲁木齐市人民政府"), (e.CorrectionWorkingDays, e.ReconsiderationOrgan));
        Assert.Contains("乌鲁木齐市人民政府", e.Remedies);
        Assert.Contains("人民法院", e.Remedies);
        // Delivered on Fri 2026-02-27: 10 working days from receipt (make-up Saturday 28 Feb counts) end on Thu 12 March.
        var decided = S.Given(S.Opened(), S.Evidence(), S.Reported(), S.Noticed(), S.Waived(), e);
        var delivered = SanctionSteps.Decide(decided, new DeliverDecision(6, Clock.D(2026, 2, 27), "直接送达", "签收"), S.Officer, S.AfterDefence.AddDays(2), S.Calendar);
        Assert.Equal(S.Calendar.AddWorkingDays(Clock.D(2026, 2, 27), 10).Date, delivered.ComplyBy);
    }

    [Theory]
    [InlineData("650000", "新疆维吾尔自治区人民政府")]
    [InlineData("650102", "乌鲁木齐市天山区人民政府")]
    [InlineData("653100", "喀什地区行政公署")]
    [InlineData("653101", "喀什市人民政府")]
    public void The_reconsideration_organ_is_the_government_at_the_same_level(string department, string organ) =>
        Assert.Equal(organ, SanctionSteps.ReconsiderationOrgan(JurisdictionCatalogue.Find(department)!));

    [Fact]
    public void A_waiver_is_the_partys_written_statement_signed_after_the_notice_was_issued()
    {
        var c = S.Given(S.Opened(), S.Evidence(), S.Reported(), S.Noticed());
        var later = S.Now.AddHours(1);
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, new WaiveDefence(4), S.Officer, later), "signedBy");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, new WaiveDefence(4, "张主任", null, "in_person"), S.Officer, later), "signedAt");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, new WaiveDefence(4, "张主任", S.Now.AddMinutes(5)), S.Officer, later), "receivedVia");
        Refusal.Invalid("invalid_received_via", () => SanctionSteps.Decide(c, new WaiveDefence(4, "张主任", S.Now.AddMinutes(5), "pigeon"), S.Officer, later), "receivedVia");
        // Not at the instant of issue, nor before it, nor in the future.
        Refusal.Refused("waiver_predates_notice", () => SanctionSteps.Decide(c, S.Waiver(4, S.Now), S.Officer, S.Now), "signedAt");
        Refusal.Refused("waiver_predates_notice", () => SanctionSteps.Decide(c, S.Waiver(4, S.Now.AddDays(-1)), S.Officer, later), "signedAt");
        Refusal.Invalid("invalid_signed_at", () => SanctionSteps.Decide(c, S.Waiver(4, later.AddMinutes(1)), S.Officer, later), "signedAt");
        var e = SanctionSteps.Decide(c, S.Waiver(4, S.Now.AddSeconds(1)), S.Officer, later);
        Assert.Equal(("张主任", S.Now.AddSeconds(1), "in_person"), (e.SignedBy, e.SignedAt, e.ReceivedVia));
    }

    [Fact]
    public void The_notice_requires_a_report_and_carries_the_proposed_scope_the_rights_and_a_5_working_day_deadline()
    {
        Refusal.Refused("investigation_report_required", () => Notice(S.Given(S.Opened(), S.Evidence())));
        var e = Notice(S.Given(S.Opened(), S.Reported(PenaltyScope.Unit)));
        Assert.Equal("乌档罚告〔2026〕9号", e.DocumentNumber);
        Assert.Equal(PenaltyScope.Unit, e.ProposedScope);
        Assert.Equal(S.DefenceDeadline, e.DefenceDeadline); // across the Spring Festival break
        Assert.Contains("五个工作日", e.Rights);
        Assert.Contains("听证", e.Rights);
        Assert.Equal(S.Team, e.Signatories);
        Refusal.Refused("notice_already_issued", () => Notice(S.Given(S.Opened(), S.Reported(), S.Noticed())));
        Refusal.Forbidden(() => Notice(S.Given(S.Opened(), S.Reported()), S.Officer2)); // not an investigator (R1)
        // Issue 12 item 1a: a leader without a 执法证 no longer issues it in the investigators' names; the signatories are those acting.
        Refusal.Forbidden(() => Notice(S.Given(S.Opened(), S.Reported()), S.Leader));
    }

    // ---------------------------------------------------------------- defence and hearing

    [Fact]
    public void Defence_and_hearing_requests_are_accepted_until_the_end_of_the_deadline_day()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed());
        var lastMinute = WorkingDayCalendar.EndOfDayBeijing(S.DefenceDeadline).AddMinutes(-1);
        Assert.Equal("申辩", SanctionSteps.Decide(c, new RecordDefence(3, "申辩"), S.Officer, lastMinute).Statement);
        Assert.Equal(lastMinute, SanctionSteps.Decide(c, new RequestHearing(3), S.Officer, lastMinute).RequestedAt);
        Refusal.Refused("defence_period_over", () => SanctionSteps.Decide(c, new RecordDefence(3, "申辩"), S.Officer, S.AfterDefence));
        Refusal.Refused("defence_period_over", () => SanctionSteps.Decide(c, new RequestHearing(3), S.Officer, S.AfterDefence));
        Refusal.Refused("defence_period_over", () => SanctionSteps.Decide(c, new WaiveDefence(3), S.Officer, S.AfterDefence));
    }

    [Fact]
    public void A_waiver_excludes_later_defence_and_cannot_follow_one()
    {
        var waived = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Waived());
        Refusal.Refused("defence_waived", () => SanctionSteps.Decide(waived, new RecordDefence(4, "x"), S.Officer, S.Now));
        var defended = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Defended());
        Refusal.Refused("defence_already_exercised", () => SanctionSteps.Decide(defended, new WaiveDefence(4), S.Officer, S.Now));
    }

    private static HearingScheduled Schedule(SanctionCase c, DateOnly on, string chair) =>
        SanctionSteps.Decide(c, new ScheduleHearing(c.Version, on, chair, null, S.Signers), S.Officer, S.Staff.FirstOrDefault(u => u.Id == chair), S.Calendar, S.Now);

    [Fact]
    public void A_hearing_is_only_scheduled_on_request_7_working_days_ahead_and_not_chaired_by_an_investigator()
    {
        // 7 working days after Thu 2026-02-12: 02-13, 02-14, 02-24, 02-25, 02-26, 02-27, 02-28 (make-up Saturday).
        var earliest = Clock.D(2026, 2, 28);
        Refusal.Refused("hearing_not_requested", () => Schedule(S.Given(S.Opened(), S.Reported(), S.Noticed()), earliest, "urumqi.officer2"));
        var asked = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.HearingAsked());
        Refusal.Refused("hearing_too_soon", () => Schedule(asked, earliest.AddDays(-1), "urumqi.officer2"), "hearingOn");
        Refusal.Refused("chair_is_investigator", () => Schedule(asked, earliest, "urumqi.inspector1"), "chairId");
        Refusal.Invalid("unknown_chair", () => Schedule(asked, earliest, "kashi.officer"), "chairId");
        var e = Schedule(asked, earliest, "urumqi.officer2");
        Assert.Equal(("urumqi.officer2", earliest), (e.ChairId, e.HearingOn));
    }

    [Fact]
    public void A_hearing_is_held_within_a_year_of_the_earliest_date()
    {
        var asked = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.HearingAsked());
        var limit = Clock.D(2027, 2, 28); // the earliest date (2026-02-28) plus one year
        Assert.Equal(limit, Schedule(asked, limit, "urumqi.officer2").HearingOn);
        Refusal.Invalid("hearing_too_far", () => Schedule(asked, limit.AddDays(1), "urumqi.officer2"), "hearingOn");
    }

    [Fact]
    public void In_an_Art44_case_a_member_of_staff_named_in_it_cannot_chair_the_hearing()
    {
        // urumqi.officer2 is not an investigator, but is one of the staff the case is about (R22).
        var asked = S.Given(S.Opened("Art44", [new ResponsiblePerson("努尔古丽", "urumqi.officer2")]), S.Reported(), S.Noticed(), S.HearingAsked());
        var earliest = Clock.D(2026, 2, 28);
        Refusal.Refused("chair_is_responsible", () => Schedule(asked, earliest, "urumqi.officer2"), "chairId");
        Assert.Equal("urumqi.leader", Schedule(asked, earliest, "urumqi.leader").ChairId);
    }

    [Fact]
    public void A_hearing_is_requested_once()
    {
        var asked = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.HearingAsked());
        Refusal.Refused("hearing_already_requested", () => SanctionSteps.Decide(asked, new RequestHearing(4), S.Officer, S.Now.AddHours(2)));
    }

    [Fact]
    public void The_hearing_is_recorded_by_its_chair_on_or_after_its_day()
    {
        var on = Clock.D(2026, 3, 2);
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.HearingAsked(), S.HearingSet(on));
        var thatDay = WorkingDayCalendar.EndOfDayBeijing(on).AddHours(-10);
        Refusal.Forbidden(() => SanctionSteps.Decide(c, new RecordHearing(5, "笔录"), S.Officer, thatDay));
        Refusal.Refused("hearing_not_yet_due", () => SanctionSteps.Decide(c, new RecordHearing(5, "笔录"), S.Officer2, S.Now));
        Assert.Equal("笔录", SanctionSteps.Decide(c, new RecordHearing(5, "笔录"), S.Officer2, thatDay).Minutes);
    }

    [Fact]
    public void A_hearing_is_recorded_once()
    {
        var on = Clock.D(2026, 3, 2);
        var heard = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.HearingAsked(), S.HearingSet(on), S.Heard());
        var nextDay = WorkingDayCalendar.EndOfDayBeijing(on).AddHours(2);
        Refusal.Refused("hearing_already_held", () => SanctionSteps.Decide(heard, new RecordHearing(6, "第二份笔录"), S.Officer2, nextDay));
    }

    // ---------------------------------------------------------------- legal review, discussion

    [Fact]
    public void Legal_review_is_by_a_legal_reviewer_who_did_not_investigate()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed());
        Refusal.Forbidden(() => SanctionSteps.Decide(c, new CompleteLegalReview(3, "同意", true), S.Officer, S.Now));
        var investigatorAsReviewer = S.Legal with { UserName = "urumqi.officer" };
        Refusal.Refused("reviewer_is_investigator", () => SanctionSteps.Decide(c, new CompleteLegalReview(3, "同意", true), investigatorAsReviewer, S.Now));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, new CompleteLegalReview(3, "同意", null), S.Legal, S.Now), "approved");
        Assert.True(SanctionSteps.Decide(c, new CompleteLegalReview(3, "同意", true), S.Legal, S.Now).Approved);
    }

    [Fact]
    public void Collective_discussion_is_recorded_by_a_leader()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed());
        AppUser[] staff =
        [
            S.User("urumqi.leader", Roles.Leader, Paths.Urumqi, null), S.User("urumqi.deputy", Roles.Leader, Paths.Urumqi, null),
            S.User("region.leader", Roles.Leader, Paths.Region, null, "650000"), S.User("urumqi.officer", Roles.CaseOfficer, Paths.Urumqi, "乌档执650100003"),
        ];
        CollectiveDiscussionHeld Decide(string[] who, string? presided = "urumqi.leader", Actor? actor = null) =>
            SanctionSteps.Decide(c, new RecordCollectiveDiscussion(3, who, "同意", presided), actor ?? S.Leader, S.Now, staff);
        Refusal.Forbidden(() => Decide(["urumqi.leader", "urumqi.deputy"], actor: S.Officer));
        Refusal.Invalid("participants_required", () => Decide(["urumqi.leader"]), "participants");
        // Made-up names, a leader above the department and a non-leader of it are not the department's leaders (APL Art. 57).
        Refusal.Refused("participant_not_department_leader", () => Decide(["张三", "李四"]), "participants");
        Refusal.Refused("participant_not_department_leader", () => Decide(["urumqi.leader", "region.leader"]), "participants");
        Refusal.Refused("participant_not_department_leader", () => Decide(["urumqi.leader", "urumqi.officer"]), "participants");
        Refusal.Invalid("field_required", () => Decide(["urumqi.leader", "urumqi.deputy"], presided: null), "presidedBy");
        Refusal.Refused("presiding_not_participant", () => Decide(["urumqi.leader", "urumqi.deputy"], presided: "region.leader"), "presidedBy");
        var held = Decide(["urumqi.leader", "urumqi.deputy"]);
        Assert.Equal(["urumqi.leader", "urumqi.deputy"], held.ParticipantIds!);
        Assert.Equal(["urumqi.leader", "urumqi.deputy"], held.Participants); // the display names (here equal to the ids)
        Assert.Equal("urumqi.leader", held.PresidedBy);
    }

    // ---------------------------------------------------------------- decision guards (R15–R18)

    [Fact]
    public void Decision_before_the_defence_period_ended_without_waiver_is_refused()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed());
        Refusal.Refused("defence_period_open", () => S.Decide(c, now: S.Now.AddHours(2)));
        Refusal.Refused("defence_period_open", () => S.Decide(c, now: WorkingDayCalendar.EndOfDayBeijing(S.DefenceDeadline).AddMinutes(-1)));
        Assert.Equal(Clock.D(2026, 2, 27), S.Decide(c, now: S.AfterDefence).DecidedOn); // the first minute after the deadline day
    }

    [Fact]
    public void Before_the_notice_is_served_its_period_has_not_begun_no_decision_and_a_late_defence_is_still_heard()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Waived());
        c.NoticeServedOn = null; // issued, not yet received
        Refusal.Refused("not_served", () => S.Decide(c, now: S.AfterDefence.AddDays(30)));
        Assert.Equal(DateTimeOffset.MaxValue, SanctionSteps.DefenceEndsAt(c));
    }

    [Fact]
    public void The_defence_period_runs_five_working_days_from_receipt_not_from_issue()
    {
        // Issued Thursday 12 February 2026, received by post on Friday 13 February: the Spring Festival (15–23 February)
        // does not count, Saturday 14 February is a working day.
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed());
        var served = SanctionSteps.NoticeServed(c, c.NoticeNumber!, Clock.D(2026, 2, 13), Clock.Calendar, "urumqi.officer", S.Now.AddDays(1));
        Assert.Equal(Clock.Calendar.AddWorkingDays(Clock.D(2026, 2, 13), 5).Date, served.DefenceDeadline);
        c.Apply(served);
        Assert.Equal((Clock.D(2026, 2, 13), served.DefenceDeadline), (c.NoticeServedOn, c.DefenceDeadline));
        Assert.True(served.DefenceDeadline > S.DefenceDeadline);
        // The service of a superseded notice does not start the renewed notice's period.
        var renewed = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Supplementary(), S.Reported(), S.Renoticed(PenaltyScope.Jurisdiction));
        var before = renewed.DefenceDeadline;
        renewed.Apply(served with { DefenceDeadline = Clock.D(2026, 12, 31) });
        Assert.Equal(before, renewed.DefenceDeadline);
    }

    [Fact]
    public void A_waiver_allows_deciding_at_once() =>
        Assert.Equal(Clock.Today, S.Decide(S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Waived()), now: S.Now.AddHours(2)).DecidedOn);

    [Fact]
    public void A_requested_hearing_must_be_held_first()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.HearingAsked(), S.HearingSet(Clock.D(2026, 3, 2)));
        Refusal.Refused("hearing_pending", () => S.Decide(c));
    }

    [Fact]
    public void A_heard_case_needs_an_approving_legal_review()
    {
        var heard = new object[] { S.Opened(), S.Reported(), S.Noticed(), S.HearingAsked(), S.HearingSet(Clock.D(2026, 3, 2)), S.Heard() };
        Refusal.Refused("legal_review_required", () => S.Decide(S.Given(heard)));
        Refusal.Refused("legal_review_required", () => S.Decide(S.Given([.. heard, S.Reviewed(approved: false)])));
        Assert.Equal(PenaltyScope.Jurisdiction, S.Decide(S.Given([.. heard, S.Reviewed()])).Scope);
    }

    [Theory]
    [InlineData(CaseSeverity.Major)]
    [InlineData(CaseSeverity.Complex)]
    public void Major_and_complex_cases_need_an_approving_legal_review(CaseSeverity severity)
    {
        var c = S.Given(S.Opened(), S.Reported(severity: severity), S.Noticed(), S.Waived(), S.Discussed());
        Refusal.Refused("legal_review_required", () => S.Decide(c));
    }

    [Fact]
    public void The_last_review_counts()
    {
        var c = S.Given(S.Opened(), S.Reported(severity: CaseSeverity.Complex), S.Noticed(), S.Waived(), S.Reviewed(), S.Reviewed(approved: false));
        Refusal.Refused("legal_review_required", () => S.Decide(c));
    }

    [Fact]
    public void Major_cases_need_a_collective_discussion()
    {
        var c = S.Given(S.Opened(), S.Reported(severity: CaseSeverity.Major), S.Noticed(), S.Waived(), S.Reviewed());
        Refusal.Refused("collective_discussion_required", () => S.Decide(c));
        Assert.Equal(PenaltyScope.Jurisdiction, S.Decide(S.Given(S.Opened(), S.Reported(severity: CaseSeverity.Major), S.Noticed(), S.Waived(), S.Reviewed(), S.Discussed())).Scope);
    }

    [Fact]
    public void The_penalty_may_not_be_raised_after_the_party_defended_itself()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed(PenaltyScope.Jurisdiction), S.Defended());
        Refusal.Refused("heavier_penalty_after_defence", () => S.Decide(c, "public"), "scope");
        Assert.Equal(PenaltyScope.Unit, S.Decide(c, "unit").Scope);        // lighter is fine
        Assert.Equal(PenaltyScope.Jurisdiction, S.Decide(c, "jurisdiction").Scope);
    }

    [Fact]
    public void The_penalty_may_not_be_raised_after_a_hearing_either()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed(PenaltyScope.Unit), S.HearingAsked(), S.HearingSet(Clock.D(2026, 3, 2)), S.Heard(), S.Reviewed());
        Refusal.Refused("heavier_penalty_after_defence", () => S.Decide(c, "jurisdiction"), "scope");
    }

    // ---------------------------------------------------------------- 补充调查 and a renewed notice (R15)

    private static SupplementaryInvestigationOpened Supplement(SanctionCase c, Actor? actor = null, string? reason = "当事人提出新的事实，需补充调查") =>
        SanctionSteps.Decide(c, new OpenSupplementaryInvestigation(c.Version, reason), actor ?? S.Leader, S.Now.AddDays(1));

    [Fact]
    public void A_leader_sends_a_noticed_case_back_and_the_notice_with_its_defence_is_superseded()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed(PenaltyScope.Unit), S.Defended(), S.HearingAsked());
        var e = Supplement(c);
        Assert.Equal("乌档罚告〔2026〕1号", e.SupersededNoticeNumber);
        c.Apply(e);
        Assert.Equal(SanctionStatus.Investigating, c.Status);
        Assert.Null(c.NoticeNumber);
        Assert.Null(c.DefenceDeadline);
        Assert.False(c.PartyDefended);      // the new notice brings a new defence period
        Assert.False(c.HearingRequested);
        var old = Assert.Single(c.SupersededNotices);
        Assert.Equal(("乌档罚告〔2026〕1号", PenaltyScope.Unit, true), (old.Number, old.Scope, old.PartyDefended));
        // A new report and a new notice follow; the decision waits for the new defence period.
        c.Apply(S.Reported(PenaltyScope.Unit)); c.Version++;
        Assert.Equal("乌档罚告〔2026〕9号", Notice(c).DocumentNumber);
    }

    [Fact]
    public void Only_a_leader_opens_a_supplementary_investigation_with_a_reason_and_only_between_notice_and_decision()
    {
        var noticed = S.Given(S.Opened(), S.Reported(), S.Noticed());
        Refusal.Forbidden(() => Supplement(noticed, S.Officer));
        Refusal.Invalid("field_required", () => Supplement(noticed, reason: " "), "reason");
        Refusal.Refused("notice_required", () => Supplement(S.Given(S.Opened(), S.Reported())));
        Refusal.Refused("already_decided", () => Supplement(S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Waived(), S.Decide(S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Waived())))));
    }

    [Fact]
    public void After_the_party_defended_itself_a_heavier_renewed_notice_needs_new_evidence_it_cites_and_a_leaders_reason()
    {
        object[] Defended(params object[] more) =>
            [S.Opened(), S.Evidence(), S.Reported(PenaltyScope.Unit), S.Noticed(PenaltyScope.Unit), S.Defended(), S.Supplementary(), .. more];
        var newEvidence = new EvidenceAdded(S.CaseId, "无", "书证", S.Officer.UserName, S.Now.AddDays(2)); // E2, after the defence
        Refusal.Refused("heavier_penalty_after_defence", () => Notice(S.Given(Defended(S.Reported(PenaltyScope.Public)))), "proposedScope");
        // More evidence is not enough: the count changed, but nobody said why it, not the defence, makes the penalty heavier.
        var reported = S.Given(Defended(newEvidence, S.Reported(PenaltyScope.Public)));
        Refusal.Refused("heavier_penalty_after_defence", () => Notice(reported, evidence: ["E1", "E2"]), "proposedScope");

        // The leader's reason, on evidence added after the defence.
        JustifyHeavierPenalty Why(string[] evidence, string reason = "监控录像证明负责人下令拒绝检查") => new(reported.Version, evidence, reason);
        var at = S.Now.AddDays(3);
        Refusal.Forbidden(() => SanctionSteps.Decide(reported, Why(["E2"]), S.Officer, at));
        Refusal.Refused("evidence_not_new", () => SanctionSteps.Decide(reported, Why(["E1", "E2"]), S.Leader, at), "evidenceIds");
        Refusal.Invalid("evidence_required", () => SanctionSteps.Decide(reported, Why([]), S.Leader, at), "evidenceIds");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(reported, Why(["E2"], " "), S.Leader, at), "reason");
        Refusal.Refused("not_heavier_after_defence", () => SanctionSteps.Decide(S.Given(Defended(newEvidence, S.Reported(PenaltyScope.Unit))), Why(["E2"]), S.Leader, at));
        var justified = SanctionSteps.Decide(reported, Why(["E2"]), S.Leader, at);
        Assert.Equal(PenaltyScope.Public, justified.Scope);
        Assert.Equal(["E2"], justified.EvidenceIds);

        // The renewed notice cites that new evidence.
        var withReason = S.Given(Defended(newEvidence, S.Reported(PenaltyScope.Public), justified));
        Refusal.Refused("heavier_penalty_after_defence", () => Notice(withReason, evidence: ["E1"]), "evidenceIds");
        Assert.Equal(PenaltyScope.Public, Notice(withReason, evidence: ["E1", "E2"]).ProposedScope);
        // A reason recorded for another scope does not carry over to a report that changed since.
        var changed = S.Given(Defended(newEvidence, S.Reported(PenaltyScope.Jurisdiction), S.Justified(PenaltyScope.Public, "E2")));
        Refusal.Refused("heavier_penalty_after_defence", () => Notice(changed, evidence: ["E2"]), "proposedScope");
        // Without any defence, the renewed notice may propose what the new report says.
        var undefended = S.Given(S.Opened(), S.Evidence(), S.Reported(PenaltyScope.Unit), S.Noticed(PenaltyScope.Unit), S.Supplementary(), S.Reported(PenaltyScope.Public));
        Assert.Equal(PenaltyScope.Public, Notice(undefended).ProposedScope);
    }

    [Fact]
    public void The_decision_follows_the_renewed_notice_and_its_own_defence_period()
    {
        var c = S.Given(S.Opened(), S.Reported(PenaltyScope.Unit), S.Noticed(PenaltyScope.Unit), S.Supplementary(), S.Reported(PenaltyScope.Public), S.Renoticed(PenaltyScope.Public));
        Refusal.Refused("defence_period_open", () => S.Decide(c, "public")); // AfterDefence is within the new period
        var after = WorkingDayCalendar.EndOfDayBeijing(S.DefenceDeadline.AddDays(7)).AddMinutes(1);
        Assert.Equal(PenaltyScope.Public, S.Decide(c, "public", now: after).Scope);
    }

    [Fact]
    public void A_superseded_notice_still_renders_by_its_number_and_says_what_replaced_it()
    {
        var c = S.Given(S.Opened(), S.Reported(PenaltyScope.Unit), S.Noticed(PenaltyScope.Unit), S.Supplementary(), S.Reported(PenaltyScope.Public), S.Renoticed(PenaltyScope.Public));
        var department = JurisdictionCatalogue.Find("650100")!;
        var old = SanctionDocuments.Render(c, department, DocumentTypes.PenaltyNotice, "乌档罚告〔2026〕1号")!;
        Assert.Contains(SanctionDocuments.ScopeText(PenaltyScope.Unit), old);
        Assert.Contains("因补充调查作废", old);
        Assert.Contains("以乌档罚告〔2026〕2号重新告知", old);
        var current = SanctionDocuments.Render(c, department, DocumentTypes.PenaltyNotice, "乌档罚告〔2026〕2号")!;
        Assert.Contains(SanctionDocuments.ScopeText(PenaltyScope.Public), current);
        Assert.DoesNotContain("作废", current);
        Assert.Null(SanctionDocuments.Render(c, department, DocumentTypes.PenaltyNotice, "乌档罚告〔2026〕7号"));
    }

    [Fact]
    public void Without_defence_a_heavier_penalty_than_noticed_needs_a_new_notice() =>
        Refusal.Refused("penalty_not_noticed", () => S.Decide(S.Given(S.Opened(), S.Reported(), S.Noticed(PenaltyScope.Unit)), "public"), "scope");

    [Fact]
    public void Only_a_leader_decides_and_only_after_a_notice()
    {
        var c = S.Given(S.Opened(), S.Reported(), S.Noticed(), S.Waived());
        Refusal.Forbidden(() => S.Decide(c, actor: S.Officer));
        Refusal.Refused("notice_required", () => S.Decide(S.Given(S.Opened(), S.Reported())));
        Refusal.Stale(4, () => SanctionSteps.CheckDecision(c, new DecidePenalty(3, "unit", "x", 10, S.Cited, S.Signers), S.Leader, S.AfterDefence));
        Refusal.Invalid("field_required", () => SanctionSteps.CheckDecision(c, new DecidePenalty(4, "unit", "", 10, S.Cited, S.Signers), S.Leader, S.AfterDefence), "complianceRequirements");
    }

    [Fact]
    public void The_decision_states_the_six_statutory_items_and_the_delivery_and_publication_deadlines()
    {
        var c = S.Given(S.Opened(), S.Evidence(), S.Reported(social: true), S.Noticed(), S.Waived());
        var at = S.Now.AddHours(2); // Thu 2026-02-12
        var e = SanctionSteps.DecidePenalty(c, new DecidePenalty(5, "jurisdiction", "建立档案工作责任制", 10, S.Cited, S.Signers), S.Leader, S.Calendar, at, "乌档罚决〔2026〕3号");
        Assert.Equal(S.Unit.Name, e.PartyName);                                          // party
        Assert.Equal("未建立档案工作责任制", e.Facts);                                    // facts
        Assert.Equal(["书证：现场检查笔录"], e.Evidence);                                 // and evidence
        Assert.Equal(PenaltyScope.Jurisdiction, e.Scope);                                // penalty
        Assert.Contains("第四十三条第（一）项", e.Basis);                                  // and basis
        Assert.Equal(("建立档案工作责任制", 10), (e.ComplianceRequirements, e.CorrectionWorkingDays)); // how and by when (from receipt)
        Assert.Contains(SanctionSteps.RemediesShort, e.Remedies);                         // remedies
        Assert.Equal(("650100", "乌鲁木齐市档案局", Clock.Today), (e.DepartmentId, e.DepartmentName, e.DecidedOn)); // department and date
        Assert.Equal(Clock.D(2026, 2, 28), e.DeliveryDueOn);                             // 7 working days (APL Art. 85)
        Assert.Equal(Clock.D(2026, 2, 28), e.PublicationDueOn);
        Assert.Null(S.Decide(S.Given(S.Opened(), S.Reported(social: false), S.Noticed(), S.Waived())).PublicationDueOn);
        var decided = S.Given(S.Opened(), S.Evidence(), S.Reported(social: true), S.Noticed(), S.Waived(), e);
        Refusal.Refused("already_decided", () => S.Decide(decided));
    }

    [Fact]
    public void No_penalty_closes_the_case()
    {
        var c = S.Given(S.Opened(), S.Reported());
        Refusal.Forbidden(() => SanctionSteps.Decide(c, new DecideNoPenalty(2, "证据不足"), S.Officer, S.Now));
        var e = SanctionSteps.Decide(c, new DecideNoPenalty(2, "证据不足"), S.Leader, S.Now);
        c.Apply(e);
        Assert.Equal(SanctionStatus.Closed, c.Status);
        c.Version = 3;
        Refusal.Refused("case_closed", () => SanctionSteps.Decide(c, new AddEvidence(3, "x", "y"), S.Officer, S.Now));
    }

    // ---------------------------------------------------------------- delivery, publication, closing

    private static object[] Decided(bool social) =>
        [S.Opened(), S.Reported(social: social), S.Noticed(), S.Waived(), S.Decide(S.Given(S.Opened(), S.Reported(social: social), S.Noticed(), S.Waived()), now: S.Now.AddHours(2))];

    [Fact]
    public void Closing_needs_delivery_and_publication_when_the_decision_has_social_impact()
    {
        var events = Decided(social: true);
        Refusal.Refused("delivery_required", () => SanctionSteps.Decide(S.Given(events), new CloseSanctionCase(5), S.Leader, S.Now.AddDays(1)));
        var delivered = SanctionSteps.Decide(S.Given(events), new DeliverDecision(5, Clock.Today, "直接送达", "当事人签收"), S.Officer, S.Now.AddHours(3));
        Refusal.Invalid("invalid_delivered_on", () => SanctionSteps.Decide(S.Given(events), new DeliverDecision(5, Clock.Today.AddDays(1), "直接送达", "签收"), S.Officer, S.Now.AddHours(3)), "deliveredOn");
        Refusal.Refused("publication_required", () => SanctionSteps.Decide(S.Given([.. events, delivered]), new CloseSanctionCase(6), S.Leader, S.Now.AddDays(1)));
        var published = SanctionSteps.Decide(S.Given([.. events, delivered]), new PublishDecision(6, "门户网站"), S.Officer, S.Now.AddDays(1));
        var closed = SanctionSteps.Decide(S.Given([.. events, delivered, published]), new CloseSanctionCase(7), S.Leader, S.Now.AddDays(1));
        var c = S.Given([.. events, delivered, published, closed]);
        Assert.Equal(SanctionStatus.Closed, c.Status);
        // A publication can still be withdrawn (R19) by a leader.
        Assert.Equal("决定被撤销", SanctionSteps.Decide(c, new WithdrawPublication(8, "决定被撤销"), S.Leader, S.Now.AddDays(2)).Reason);
    }

    [Fact]
    public void Without_social_impact_delivery_is_enough_to_close()
    {
        var events = Decided(social: false);
        var delivered = SanctionSteps.Decide(S.Given(events), new DeliverDecision(5, Clock.Today, "邮寄送达", "回执"), S.Officer, S.Now.AddHours(3));
        var closed = SanctionSteps.Decide(S.Given([.. events, delivered]), new CloseSanctionCase(6), S.Leader, S.Now.AddDays(1));
        Assert.Equal(SanctionStatus.Closed, S.Given([.. events, delivered, closed]).Status);
    }

    private static DecisionDelivered Delivered() => new(S.CaseId, Clock.Today, "直接送达", "当事人签收", S.Officer.UserName, S.Now.AddHours(3));
    private static DecisionPublished Published() => new(S.CaseId, "门户网站", S.Officer.UserName, S.Now.AddHours(4));

    [Fact]
    public void The_decision_is_delivered_once()
    {
        var delivered = S.Given([.. Decided(social: false), Delivered()]);
        Refusal.Refused("already_delivered", () => SanctionSteps.Decide(delivered, new DeliverDecision(6, Clock.Today, "邮寄送达", "回执"), S.Officer, S.Now.AddDays(1)));
    }

    [Fact]
    public void The_decision_is_published_once()
    {
        var published = S.Given([.. Decided(social: true), Delivered(), Published()]);
        Refusal.Refused("already_published", () => SanctionSteps.Decide(published, new PublishDecision(7, "政务公开栏"), S.Officer, S.Now.AddDays(1)));
    }

    [Fact]
    public void Only_a_publication_in_force_can_be_withdrawn()
    {
        var events = Decided(social: true);
        Refusal.Refused("not_published", () => SanctionSteps.Decide(S.Given(events), new WithdrawPublication(5, "决定被撤销"), S.Leader, S.Now.AddDays(1)));
        // Once withdrawn, it is not published any more: a second withdrawal is refused too.
        var withdrawn = new PublicationWithdrawn(S.CaseId, "决定被撤销", S.Leader.UserName, S.Now.AddDays(2));
        Refusal.Refused("not_published", () => SanctionSteps.Decide(S.Given([.. events, Published(), withdrawn]), new WithdrawPublication(7, "再次撤回"), S.Leader, S.Now.AddDays(3)));
    }

    // ---------------------------------------------------------------- clocks (R19)

    private static readonly DateOnly DecisionDue = Clock.D(2026, 5, 13);

    [Fact]
    public void Decision_overdue_is_raised_once_after_90_days_unless_decided()
    {
        var check = new SanctionClockCheck(S.CaseId, SanctionClock.Decision, DecisionDue);
        var after = SanctionClocks.OverdueAt(DecisionDue).AddMinutes(1);
        var open = S.Given(S.Opened(), S.Reported());
        Assert.Empty(SanctionClocks.Decide(open, check, SanctionClocks.OverdueAt(DecisionDue).AddMinutes(-1)));
        var e = Assert.IsType<DecisionOverdue>(Assert.Single(SanctionClocks.Decide(open, check, after)));
        Assert.Equal(DecisionDue, e.DueOn);
        Assert.Empty(SanctionClocks.Decide(S.Given(S.Opened(), S.Reported(), e), check, after));       // at most once
        Assert.Empty(SanctionClocks.Decide(S.Given(Decided(social: false)), check, after));           // decided in time
        Assert.Empty(SanctionClocks.Decide(open, check with { DueOn = DecisionDue.AddDays(-1) }, after)); // stale message
    }

    [Fact]
    public void Delivery_and_publication_overdue_are_raised_once_and_only_when_still_due()
    {
        var events = Decided(social: true);
        var c = S.Given(events);
        var delivery = new SanctionClockCheck(S.CaseId, SanctionClock.Delivery, c.DeliveryDueOn!.Value);
        var publication = new SanctionClockCheck(S.CaseId, SanctionClock.Publication, c.PublicationDueOn!.Value);
        var late = SanctionClocks.OverdueAt(c.DeliveryDueOn.Value).AddMinutes(1);
        var d = Assert.IsType<DeliveryOverdue>(Assert.Single(SanctionClocks.Decide(c, delivery, late)));
        var p = Assert.IsType<PublicationOverdue>(Assert.Single(SanctionClocks.Decide(c, publication, late)));
        Assert.Empty(SanctionClocks.Decide(S.Given([.. events, d, p]), delivery, late));
        Assert.Empty(SanctionClocks.Decide(S.Given([.. events, d, p]), publication, late));
        var delivered = new DecisionDelivered(S.CaseId, Clock.Today, "直接送达", "签收", S.Officer.UserName, S.Now.AddHours(3));
        var published = new DecisionPublished(S.CaseId, "门户网站", S.Officer.UserName, S.Now.AddHours(3));
        Assert.Empty(SanctionClocks.Decide(S.Given([.. events, delivered, published]), delivery, late));
        Assert.Empty(SanctionClocks.Decide(S.Given([.. events, delivered, published]), publication, late));
        Assert.Empty(SanctionClocks.Decide(S.Given(Decided(social: false)), publication, late));
    }

    [Fact]
    public void A_step_after_a_lapsed_deadline_records_the_lapse_first()
    {
        var c = S.Given(S.Opened(), S.Reported());
        var lapsed = SanctionClocks.Lapsed(c, SanctionClocks.OverdueAt(DecisionDue).AddHours(1));
        Assert.IsType<DecisionOverdue>(Assert.Single(lapsed));
        Assert.Empty(SanctionClocks.Lapsed(c, S.Now));
    }
}
