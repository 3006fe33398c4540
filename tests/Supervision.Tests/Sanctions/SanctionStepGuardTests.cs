using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;

namespace Supervision.Tests.Sanctions;

/// <summary>
/// The guards every sanction step shares (team, version, closed, decided, notice) and the limits and boundaries
/// of each step's input, one step after the other. Found by mutation testing (docs/testing.md): each refusal
/// here is a check whose removal, or an off-by-one in it, the other tests did not notice.
/// </summary>
public class SanctionStepGuardTests
{
    private static readonly DateOnly Today = Clock.Today; // Thu 2026-02-12

    private static object[] Noticed() => [S.Opened(), S.Reported(), S.Noticed()];

    /// <summary>Decided on Thu 2026-02-12 (version 5).</summary>
    private static object[] Decided(bool social = false) =>
        [S.Opened(), S.Reported(social: social), S.Noticed(), S.Waived(),
         S.Decide(S.Given(S.Opened(), S.Reported(social: social), S.Noticed(), S.Waived()), now: S.Now.AddHours(2))];

    /// <summary>Closed by a decision not to penalise, after the given events.</summary>
    private static SanctionCase ClosedAfter(params object[] events) =>
        S.Given([.. events, new NoPenaltyDecided(S.CaseId, "证据不足", S.Leader.UserName, S.Now.AddHours(1))]);

    private static string Chars(int n) => new('档', n);

    // ---------------------------------------------------------------- parsing

    [Fact]
    public void Every_listed_value_parses_and_a_blank_one_is_missing_rather_than_unknown()
    {
        Assert.Equal([PenaltyScope.Unit, PenaltyScope.Jurisdiction, PenaltyScope.Public], new[] { "unit", "jurisdiction", "public" }.Select(v => SanctionSteps.ParseScope(v, "scope")));
        Assert.Equal([CaseSeverity.Ordinary, CaseSeverity.Major, CaseSeverity.Complex], new[] { "ordinary", "major", "complex" }.Select(SanctionSteps.ParseSeverity));
        Assert.Equal([SanctionSourceKind.Inspection, SanctionSourceKind.Rectification, SanctionSourceKind.Complaint, SanctionSourceKind.Referral, SanctionSourceKind.Direct],
            new[] { "inspection", "rectification", "complaint", "referral", "direct" }.Select(SanctionSteps.ParseSourceKind));
        Assert.Equal([DecisionChangeKind.Changed, DecisionChangeKind.Revoked], new[] { "changed", "revoked" }.Select(SanctionSteps.ParseChangeKind));
        foreach (var blank in new[] { null, "" })
        {
            Refusal.Invalid("field_required", () => SanctionSteps.ParseScope(blank, "proposedScope"), "proposedScope");
            Refusal.Invalid("field_required", () => SanctionSteps.ParseSeverity(blank), "severity");
            Refusal.Invalid("field_required", () => SanctionSteps.ParseSourceKind(blank), "source.kind");
            Refusal.Invalid("field_required", () => SanctionSteps.ParseChangeKind(blank), "kind");
        }
    }

    // ---------------------------------------------------------------- opening

    private static SanctionCaseOpened Open(OpenSanctionCase c, Actor? actor = null, SupervisedUnit? unit = null, IReadOnlyCollection<AppUser>? staff = null) =>
        SanctionSteps.Decide(c, actor ?? S.Officer, c.PartyUnitId is null ? null : unit ?? S.Unit, null, staff ?? S.Staff, S.CaseId, S.Now);

    [Fact]
    public void A_case_belongs_to_the_party_units_jurisdiction_and_the_openers_department()
    {
        // A Urumqi leader opens a case against a unit of Tianshan district (below Urumqi).
        var e = Open(S.Open(unitId: TestUnits.Tianshan.Id), S.Leader, TestUnits.Tianshan);
        Assert.Equal((Paths.Tianshan, "650102", "650100"), (e.JurisdictionPath, e.JurisdictionId, e.DepartmentId));
    }

    [Fact]
    public void Opening_needs_a_violation_and_a_summary()
    {
        Refusal.Invalid("field_required", () => Open(S.Open() with { Violation = null }), "violation");
        Refusal.Invalid("field_required", () => Open(S.Open() with { Summary = " " }), "summary");
    }

    [Fact]
    public void At_most_20_responsible_persons_each_with_a_name_of_at_most_100_characters()
    {
        ResponsiblePersonInput[] Persons(int n) => Enumerable.Range(1, n).Select(i => new ResponsiblePersonInput($"责任人{i}", null)).ToArray();
        Assert.Equal(20, Open(S.Open(persons: Persons(20))).ResponsiblePersons.Length);
        Refusal.Invalid("too_many_responsible_persons", () => Open(S.Open(persons: Persons(21))), "responsiblePersons");
        Assert.Equal(Chars(100), Open(S.Open(persons: [new(Chars(100), null)])).ResponsiblePersons.Single().Name);
        Refusal.Invalid("field_required", () => Open(S.Open(persons: [new(Chars(101), null)])), "responsiblePersons");
    }

    [Fact]
    public void A_responsible_member_of_staff_keeps_the_name_given_and_must_be_known()
    {
        var e = Open(S.Open(violation: "Art44", noUnit: true, persons: [new(" 王芳 ", "urumqi.inspector3")]));
        Assert.Equal([new ResponsiblePerson("王芳", "urumqi.inspector3")], e.ResponsiblePersons);
        Refusal.Invalid("unknown_staff", () => Open(S.Open(violation: "Art44", noUnit: true, persons: [new("某人", "nobody")])), "responsiblePersons");
    }

    [Fact]
    public void Only_an_Art44_case_excludes_the_staff_it_names()
    {
        // In an Art43 case a person named with a user id is only recorded: the officer may still open and act.
        var e = Open(S.Open(persons: [new("刘洋", "urumqi.officer")]));
        Assert.Equal([new ResponsiblePerson("刘洋", "urumqi.officer")], e.ResponsiblePersons);
        Assert.Empty(SanctionCase.Create(e).ExcludedUserIds);
    }

    [Fact]
    public void Investigators_must_be_named_known_and_at_most_ten()
    {
        Refusal.Refused("two_investigators_required", () => Open(S.Open() with { InvestigatorIds = null }), "investigatorIds");
        Refusal.Refused("investigator_not_certified", () => Open(S.Open(investigators: ["urumqi.officer", "nobody"])), "investigatorIds");
        var officers = Enumerable.Range(1, 11).Select(i => S.User($"urumqi.officer{i:D2}", Roles.CaseOfficer, Paths.Urumqi, $"乌档执6501009{i:D2}")).ToArray();
        var ids = officers.Select(o => o.Id).ToArray();
        Assert.Equal(10, Open(S.Open(investigators: ids[..10]), staff: officers).Investigators.Length);
        Refusal.Invalid("too_many_investigators", () => Open(S.Open(investigators: ids), staff: officers), "investigatorIds");
    }

    // ---------------------------------------------------------------- investigation and notice

    [Fact]
    public void Evidence_is_closed_by_the_decision_and_names_its_kind()
    {
        Refusal.Refused("already_decided", () => SanctionSteps.Decide(S.Given(Decided()), new AddEvidence(5, "补充证据", "书证"), S.Officer, S.Now.AddHours(3)));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(S.Given(S.Opened()), new AddEvidence(1, "现场照片", " "), S.Officer, S.Now), "kind");
    }

    [Fact]
    public void The_report_is_written_by_the_team_before_the_notice_with_findings_and_social_impact()
    {
        var report = new ReportInvestigation(1, "未建立制度", "unit", "ordinary", false);
        Refusal.Forbidden(() => SanctionSteps.Decide(S.Given(S.Opened()), report, S.Officer2, S.Now));
        Refusal.Refused("notice_already_issued", () => SanctionSteps.Decide(S.Given(Noticed()), report with { ExpectedVersion = 3 }, S.Officer, S.Now));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(S.Given(S.Opened()), report with { Findings = "" }, S.Officer, S.Now), "findings");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(S.Given(S.Opened()), report with { SocialImpact = null }, S.Officer, S.Now), "socialImpact");
    }

    [Fact]
    public void The_notice_states_facts_reasons_and_basis()
    {
        var reported = S.Given(S.Opened(), S.Reported());
        var notice = new IssuePenaltyNotice(2, "事实", "理由", "依据", S.Signers, S.Cited);
        Refusal.Invalid("field_required", () => SanctionSteps.CheckNotice(reported, notice with { Facts = " " }, S.Officer, S.Calendar, S.Now), "facts");
        Refusal.Invalid("field_required", () => SanctionSteps.CheckNotice(reported, notice with { Reasons = " " }, S.Officer, S.Calendar, S.Now), "reasons");
        Refusal.Invalid("field_required", () => SanctionSteps.CheckNotice(reported, notice with { Basis = " " }, S.Officer, S.Calendar, S.Now), "basis");
    }

    [Fact]
    public void A_leaders_step_between_notice_and_decision_checks_the_version_and_that_the_case_is_open()
    {
        Refusal.Stale(3, () => SanctionSteps.Decide(S.Given(Noticed()), new OpenSupplementaryInvestigation(2, "新的事实"), S.Leader, S.Now));
        Refusal.Refused("case_closed", () => SanctionSteps.Decide(ClosedAfter(Noticed()), new OpenSupplementaryInvestigation(4, "新的事实"), S.Leader, S.Now.AddHours(2)));
        Refusal.Refused("case_closed", () => SanctionSteps.Decide(ClosedAfter(Noticed()), new RecordCollectiveDiscussion(4, ["甲", "乙"], "同意"), S.Leader, S.Now.AddHours(2)));
    }

    // ---------------------------------------------------------------- defence and hearing request

    [Fact]
    public void Defence_is_recorded_by_the_team_on_a_noticed_undecided_case_before_the_end_of_the_period()
    {
        var c = S.Given(Noticed());
        Refusal.Forbidden(() => SanctionSteps.Decide(c, new RecordDefence(3, "申辩"), S.Officer2, S.Now));
        Refusal.Refused("already_decided", () => SanctionSteps.Decide(S.Given(Decided()), new RecordDefence(5, "申辩"), S.Officer, S.Now.AddHours(3)));
        Refusal.Refused("notice_required", () => SanctionSteps.Decide(S.Given(S.Opened(), S.Reported()), new RecordDefence(2, "申辩"), S.Officer, S.Now));
        Refusal.Refused("defence_period_over", () => SanctionSteps.Decide(c, new RecordDefence(3, "申辩"), S.Officer, SanctionSteps.DefenceEndsAt(c)));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, new RecordDefence(3, " "), S.Officer, S.Now), "statement");
    }

    [Fact]
    public void The_rights_are_waived_once_and_only_before_they_were_exercised()
    {
        var c = S.Given(Noticed());
        Assert.Equal(S.Officer.UserName, SanctionSteps.Decide(c, S.Waiver(3), S.Officer, S.Now.AddHours(1)).RecordedBy);
        Refusal.Refused("defence_waived", () => SanctionSteps.Decide(S.Given([.. Noticed(), S.Waived()]), new WaiveDefence(4), S.Officer, S.Now));
        Refusal.Refused("defence_already_exercised", () => SanctionSteps.Decide(S.Given([.. Noticed(), S.HearingAsked()]), new WaiveDefence(4), S.Officer, S.Now));
        Refusal.Refused("defence_waived", () => SanctionSteps.Decide(S.Given([.. Noticed(), S.Waived()]), new RequestHearing(4), S.Officer, S.Now));
    }

    // ---------------------------------------------------------------- hearing

    private static readonly DateOnly Earliest = Clock.D(2026, 2, 28); // 7 working days after Thu 2026-02-12

    private static HearingScheduled Schedule(SanctionCase c, ScheduleHearing cmd, Actor? actor = null) =>
        SanctionSteps.Decide(c, cmd, actor ?? S.Officer, S.Staff.FirstOrDefault(u => u.Id == cmd.ChairId), S.Calendar, S.Now);

    [Fact]
    public void A_hearing_is_scheduled_once_by_the_team_before_the_decision_with_a_date_and_a_chair()
    {
        var asked = S.Given([.. Noticed(), S.HearingAsked()]);
        var cmd = new ScheduleHearing(4, Earliest, "urumqi.officer2", null, S.Signers);
        Refusal.Forbidden(() => Schedule(asked, cmd, S.Officer2));
        Refusal.Refused("already_decided", () => Schedule(S.Given(Decided()), cmd with { ExpectedVersion = 5 }));
        Refusal.Refused("hearing_already_scheduled", () => Schedule(S.Given([.. Noticed(), S.HearingAsked(), S.HearingSet(Earliest)]), cmd with { ExpectedVersion = 5 }));
        Refusal.Invalid("field_required", () => Schedule(asked, cmd with { HearingOn = null }), "hearingOn");
        Refusal.Invalid("field_required", () => Schedule(asked, cmd with { ChairId = " " }), "chairId");
    }

    [Fact]
    public void The_hearing_place_defaults_is_trimmed_and_has_at_most_200_characters()
    {
        var asked = S.Given([.. Noticed(), S.HearingAsked()]);
        var cmd = new ScheduleHearing(4, Earliest, "urumqi.officer2", null, S.Signers);
        Assert.Equal(SanctionSteps.DefaultHearingPlace, Schedule(asked, cmd).Place);
        Assert.Equal("第二会议室", Schedule(asked, cmd with { Place = " 第二会议室 " }).Place);
        Assert.Equal(Chars(200), Schedule(asked, cmd with { Place = Chars(200) }).Place);
        Refusal.Invalid("field_too_long", () => Schedule(asked, cmd with { Place = Chars(201) }), "place");
    }

    [Fact]
    public void The_hearing_record_checks_visibility_version_an_open_case_a_schedule_and_the_minutes()
    {
        var on = Clock.D(2026, 3, 2);
        var thatDay = WorkingDayCalendar.EndOfDayBeijing(on).AddHours(-10);
        object[] scheduled = [.. Noticed(), S.HearingAsked(), S.HearingSet(on)];
        Refusal.NotFound(() => SanctionSteps.Decide(S.Given(scheduled), new RecordHearing(5, "笔录"), S.KashgarOfficer, thatDay));
        Refusal.Stale(5, () => SanctionSteps.Decide(S.Given(scheduled), new RecordHearing(4, "笔录"), S.Officer2, thatDay));
        Refusal.Refused("case_closed", () => SanctionSteps.Decide(ClosedAfter(scheduled), new RecordHearing(6, "笔录"), S.Officer2, thatDay));
        Refusal.Refused("hearing_not_scheduled", () => SanctionSteps.Decide(S.Given([.. Noticed(), S.HearingAsked()]), new RecordHearing(4, "笔录"), S.Leader, thatDay));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(S.Given(scheduled), new RecordHearing(5, " "), S.Officer2, thatDay), "minutes");
        // After the decision nothing is recorded any more, not even a hearing that was held.
        object[] heard = [.. scheduled, S.Heard(), S.Reviewed()];
        var decided = S.Given([.. heard, S.Decide(S.Given(heard), now: thatDay)]);
        Refusal.Refused("already_decided", () => SanctionSteps.Decide(decided, new RecordHearing(8, "笔录"), S.Officer2, thatDay));
    }

    // ---------------------------------------------------------------- legal review, collective discussion

    [Fact]
    public void Legal_review_checks_version_open_undecided_noticed_and_an_opinion()
    {
        var review = new CompleteLegalReview(3, "同意", true);
        Refusal.Stale(3, () => SanctionSteps.Decide(S.Given(Noticed()), review with { ExpectedVersion = 2 }, S.Legal, S.Now));
        Refusal.Refused("case_closed", () => SanctionSteps.Decide(ClosedAfter(Noticed()), review with { ExpectedVersion = 4 }, S.Legal, S.Now.AddHours(2)));
        Refusal.Refused("already_decided", () => SanctionSteps.Decide(S.Given(Decided()), review with { ExpectedVersion = 5 }, S.Legal, S.Now.AddHours(3)));
        Refusal.Refused("notice_required", () => SanctionSteps.Decide(S.Given(S.Opened(), S.Reported()), review with { ExpectedVersion = 2 }, S.Legal, S.Now));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(S.Given(Noticed()), review with { Opinion = "" }, S.Legal, S.Now), "opinion");
    }

    [Fact]
    public void A_collective_discussion_names_2_to_30_participants_of_at_most_100_characters_and_a_conclusion()
    {
        var c = S.Given(Noticed());
        RecordCollectiveDiscussion With(params string[]? participants) => new(3, participants, "同意", participants?.FirstOrDefault());
        string[] People(int n) => Enumerable.Range(1, n).Select(i => $"leader{i}").ToArray();
        // Every name a leader of the deciding department (APL Art. 57), so only the counts and lengths are tested here.
        AppUser[] Staff(params string[] ids) => ids.Select(id => S.User(id, Roles.Leader, Paths.Urumqi, null)).ToArray();
        CollectiveDiscussionHeld Decide(RecordCollectiveDiscussion cmd) => SanctionSteps.Decide(c, cmd, S.Leader, S.Now, Staff(cmd.Participants ?? []));
        Refusal.Invalid("participants_required", () => Decide(With(null)), "participants");
        Assert.Equal(30, Decide(With(People(30))).Participants.Length);
        Refusal.Invalid("participants_too_large", () => Decide(With(People(31))), "participants");
        Assert.Equal(Chars(100), Decide(With("甲", Chars(100))).ParticipantIds![1]);
        Refusal.Invalid("participants_too_large", () => Decide(With("甲", Chars(101))), "participants");
        Refusal.Invalid("field_required", () => Decide(With("甲", "乙") with { Conclusion = null }), "conclusion");
    }

    // ---------------------------------------------------------------- decision

    [Fact]
    public void The_decision_is_refused_on_a_closed_case_and_needs_a_scope()
    {
        Refusal.Refused("case_closed", () => SanctionSteps.CheckDecision(ClosedAfter(Noticed()), new DecidePenalty(4, "unit", "改正", 10, S.Cited, S.Signers), S.Leader, S.AfterDefence));
        Refusal.Invalid("field_required", () => SanctionSteps.CheckDecision(S.Given([.. Noticed(), S.Waived()]), new DecidePenalty(4, "", "改正", 10, S.Cited, S.Signers), S.Leader, S.Now), "scope");
    }

    [Fact]
    public void The_order_to_correct_has_a_deadline_of_1_to_250_working_days_from_receipt()
    {
        var c = S.Given([S.Opened(), S.Evidence(), S.Reported(), S.Noticed(), S.Waived()]);
        DecidePenalty Within(int? days) => new(5, "unit", "建立档案工作责任制", days, S.Cited, S.Signers);
        Refusal.Invalid("field_required", () => SanctionSteps.CheckDecision(c, Within(null), S.Leader, S.Now), "correctionWorkingDays");
        Refusal.Invalid("invalid_correction_working_days", () => SanctionSteps.CheckDecision(c, Within(0), S.Leader, S.Now), "correctionWorkingDays");
        Assert.Equal(1, SanctionSteps.CheckDecision(c, Within(1), S.Leader, S.Now).CorrectionWorkingDays);
        Assert.Equal(250, SanctionSteps.CheckDecision(c, Within(250), S.Leader, S.Now).CorrectionWorkingDays);
        Refusal.Invalid("invalid_correction_working_days", () => SanctionSteps.CheckDecision(c, Within(251), S.Leader, S.Now), "correctionWorkingDays");
    }

    [Fact]
    public void The_decision_may_be_taken_from_the_first_instant_after_the_defence_deadline_day() =>
        Assert.Equal(Clock.D(2026, 2, 27), S.Decide(S.Given(Noticed()), now: WorkingDayCalendar.EndOfDayBeijing(S.DefenceDeadline)).DecidedOn);

    [Fact]
    public void Not_penalising_checks_version_open_undecided_and_a_reason()
    {
        var reported = S.Given(S.Opened(), S.Reported());
        Refusal.Stale(2, () => SanctionSteps.Decide(reported, new DecideNoPenalty(1, "证据不足"), S.Leader, S.Now));
        Refusal.Refused("case_closed", () => SanctionSteps.Decide(ClosedAfter(S.Opened(), S.Reported()), new DecideNoPenalty(3, "证据不足"), S.Leader, S.Now));
        Refusal.Refused("already_decided", () => SanctionSteps.Decide(S.Given(Decided()), new DecideNoPenalty(5, "证据不足"), S.Leader, S.Now.AddHours(3)));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(reported, new DecideNoPenalty(2, " "), S.Leader, S.Now), "reason");
    }

    // ---------------------------------------------------------------- delivery, publication, withdrawal, closing

    [Fact]
    public void Delivery_is_recorded_by_the_team_after_the_decision_with_its_date_method_and_receipt()
    {
        var decided = S.Given(Decided());
        var later = S.Now.AddHours(3);
        var cmd = new DeliverDecision(5, Today, "直接送达", "当事人签收");
        Refusal.Forbidden(() => SanctionSteps.Decide(decided, cmd, S.Officer2, later));
        Refusal.Refused("decision_required", () => SanctionSteps.Decide(S.Given([.. Noticed(), S.Waived()]), cmd with { ExpectedVersion = 4 }, S.Officer, later));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(decided, cmd with { DeliveredOn = null }, S.Officer, later), "deliveredOn");
        Refusal.Invalid("invalid_delivered_on", () => SanctionSteps.Decide(decided, cmd with { DeliveredOn = Today.AddDays(-1) }, S.Officer, later), "deliveredOn");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(decided, cmd with { Method = "" }, S.Officer, later), "method");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(decided, cmd with { ReceiptNote = "" }, S.Officer, later), "receiptNote");
        Assert.Equal(Today, SanctionSteps.Decide(decided, cmd, S.Officer, later).DeliveredOn); // the decision day itself
    }

    [Fact]
    public void Publication_is_by_the_team_after_the_decision_and_says_where()
    {
        var decided = S.Given(Decided(social: true));
        var cmd = new PublishDecision(5, "门户网站");
        Refusal.Forbidden(() => SanctionSteps.Decide(decided, cmd, S.Officer2, S.Now.AddDays(1)));
        Refusal.Refused("decision_required", () => SanctionSteps.Decide(S.Given([.. Noticed(), S.Waived()]), cmd with { ExpectedVersion = 4 }, S.Officer, S.Now));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(decided, cmd with { Where = " " }, S.Officer, S.Now.AddDays(1)), "where");
    }

    [Fact]
    public void A_publication_is_withdrawn_by_a_leader_at_the_current_version_with_a_reason()
    {
        var published = S.Given([.. Decided(social: true), new DecisionPublished(S.CaseId, "门户网站", S.Officer.UserName, S.Now.AddHours(3))]);
        var cmd = new WithdrawPublication(6, "决定被撤销");
        Refusal.Forbidden(() => SanctionSteps.Decide(published, cmd, S.Officer, S.Now.AddDays(1)));
        Refusal.Stale(6, () => SanctionSteps.Decide(published, cmd with { ExpectedVersion = 5 }, S.Leader, S.Now.AddDays(1)));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(published, cmd with { Reason = "" }, S.Leader, S.Now.AddDays(1)), "reason");
    }

    [Fact]
    public void Opening_is_approved_once_by_a_leader_of_the_handling_department()
    {
        var c = S.Given(S.Opened());
        Refusal.Forbidden(() => SanctionSteps.Decide(c, new ApproveCaseFiling(1), S.Officer, S.Now));
        Refusal.Forbidden(() => SanctionSteps.Decide(c, new ApproveCaseFiling(1), Actors.RegionLeader, S.Now));
        var approved = SanctionSteps.Decide(c, new ApproveCaseFiling(1, "  同意立案调查。 "), S.Leader, S.Now, "乌档立审〔2026〕1号");
        Assert.Equal(("urumqi.leader", "同意立案调查。", "乌档立审〔2026〕1号"), (approved.ApprovedBy, approved.Opinion, approved.DocumentNumber));
        Assert.Equal("同意立案。", SanctionSteps.Decide(c, new ApproveCaseFiling(1), S.Leader, S.Now).Opinion);
        Refusal.Expect(409, "filing_already_approved", () => SanctionSteps.Decide(S.Given(S.Opened(), approved), new ApproveCaseFiling(2), S.Leader, S.Now));
    }

    [Fact]
    public void Closing_is_approved_by_a_leader_of_the_handling_department_after_the_decision()
    {
        // 结案审批: the case's own officers do not close it alone, and a leader of another department does not approve it.
        Refusal.Forbidden(() => SanctionSteps.Decide(S.Given(Decided()), new CloseSanctionCase(5), S.Officer, S.Now.AddDays(1)));
        Refusal.Forbidden(() => SanctionSteps.Decide(S.Given(Decided()), new CloseSanctionCase(5), S.Officer2, S.Now.AddDays(1)));
        Refusal.Forbidden(() => SanctionSteps.Decide(S.Given(Decided()), new CloseSanctionCase(5), Actors.RegionLeader, S.Now.AddDays(1)));
        Refusal.Refused("decision_required", () => SanctionSteps.Decide(S.Given([.. Noticed(), S.Waived()]), new CloseSanctionCase(4), S.Leader, S.Now));
    }

    [Fact]
    public void A_decision_change_checks_the_version() =>
        Refusal.Stale(5, () => SanctionSteps.Decide(S.Given(Decided()), new ChangeDecision(4, "changed", "复议变更", "本单位内通报批评"), S.Leader, S.Calendar, S.Now.AddHours(4)));

    // ---------------------------------------------------------------- 处分建议书 (R20)

    private static RecommendDiscipline Recommend(long version, DateOnly? due = null) =>
        new(version, "张主任", "办公室主任", "乌鲁木齐市某局（任免机关）", "建议给予警告处分", due);

    private static DisciplineRecommended Recommended(int i) =>
        new(S.CaseId, Guid.Parse($"0197a000-0000-7000-8000-0000000d{i:D4}"), $"乌档处建〔2026〕{i}号", "张主任", null, "某局", "警告",
            Today, Today.AddDays(30), S.Leader.UserName, S.Now);

    [Fact]
    public void At_most_50_recommendations_on_an_open_case()
    {
        object[] reported = [S.Opened(), S.Reported()];
        object[] With(int n) => [.. reported, .. Enumerable.Range(1, n).Select(Recommended)];
        Assert.Equal("张主任", SanctionSteps.CheckRecommendation(S.Given(With(49)), Recommend(51), S.Leader, S.Now).PersonName);
        Refusal.Refused("too_many_recommendations", () => SanctionSteps.CheckRecommendation(S.Given(With(50)), Recommend(52), S.Leader, S.Now));
        Refusal.Refused("case_closed", () => SanctionSteps.CheckRecommendation(ClosedAfter(reported), Recommend(3), S.Leader, S.Now));
    }

    [Fact]
    public void A_recommendation_names_what_is_recommended_and_a_reply_date_at_most_a_year_ahead()
    {
        var c = S.Given(S.Opened(), S.Reported());
        Refusal.Invalid("field_required", () => SanctionSteps.CheckRecommendation(c, Recommend(2) with { Recommendation = " " }, S.Leader, S.Now), "recommendation");
        Refusal.Invalid("field_too_long", () => SanctionSteps.CheckRecommendation(c, Recommend(2) with { Position = Chars(101) }, S.Leader, S.Now), "position");
        Assert.Equal(Today.AddYears(1), SanctionSteps.CheckRecommendation(c, Recommend(2, Today.AddYears(1)), S.Leader, S.Now).ReplyDueOn);
    }

    [Fact]
    public void A_reply_is_recorded_by_the_team_at_the_current_version_and_dated_from_the_issue_day_to_today()
    {
        var recommended = Recommended(1);
        var c = S.Given(S.Opened(), S.Reported(), recommended);
        var later = S.Now.AddDays(20); // Wed 2026-03-04
        var reply = new ReceiveDisciplineReply(3, "已给予警告处分", Today);
        Refusal.NotFound(() => SanctionSteps.Decide(c, recommended.RecommendationId, reply, S.KashgarOfficer, later));
        Refusal.Stale(3, () => SanctionSteps.Decide(c, recommended.RecommendationId, reply with { ExpectedVersion = 2 }, S.Officer, later));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, recommended.RecommendationId, reply with { ReceivedOn = null }, S.Officer, later), "receivedOn");
        Assert.Equal(Today, SanctionSteps.Decide(c, recommended.RecommendationId, reply, S.Officer, later).ReceivedOn);        // the issue day
        Assert.Equal(Clock.D(2026, 3, 4), SanctionSteps.Decide(c, recommended.RecommendationId, reply with { ReceivedOn = Clock.D(2026, 3, 4) }, S.Officer, later).ReceivedOn); // today
    }

    // ---------------------------------------------------------------- criminal transfer (R21)

    [Fact]
    public void The_transfer_decision_checks_the_version_an_open_case_and_a_reason()
    {
        var proposal = new CriminalTransferProposed(S.CaseId, "涉嫌犯罪", Clock.D(2026, 2, 24), S.Inspector.UserName, S.Now);
        object[] proposed = [S.Opened(), S.Reported(), proposal];
        var decide = new DecideCriminalTransfer(3, true, "同意移送");
        Refusal.Stale(3, () => SanctionSteps.Decide(S.Given(proposed), decide with { ExpectedVersion = 2 }, S.Leader, S.Now));
        Refusal.Refused("case_closed", () => SanctionSteps.Decide(ClosedAfter(proposed), decide with { ExpectedVersion = 4 }, S.Leader, S.Now.AddHours(2)));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(S.Given(proposed), decide with { Reason = "" }, S.Leader, S.Now), "reason");
    }

    [Fact]
    public void The_transfer_letter_is_sent_by_the_team()
    {
        object[] approved = [S.Opened(), S.Reported(),
            new CriminalTransferProposed(S.CaseId, "涉嫌犯罪", Clock.D(2026, 2, 24), S.Inspector.UserName, S.Now),
            new CriminalTransferDecided(S.CaseId, true, "同意", S.Now.AddHours(25), S.Leader.UserName, S.Now.AddHours(1))];
        Refusal.Forbidden(() => SanctionSteps.CheckTransfer(S.Given(approved), new TransferCriminalCase(4, "乌鲁木齐市公安局"), S.Officer2));
    }
}
