using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Tests.TestSupport;

namespace Supervision.Tests.Sanctions;

/// <summary>How an Art. 44 case ends (issue 12 item 10): a 处分建议书 to the disciplinary body, whose reply closes it, or a finding of no misconduct.</summary>
public class SanctionArt44EndingTests
{
    private static readonly ResponsiblePerson[] Named = [new("王芳", "urumqi.inspector3")];
    private static readonly ReceivingDepartment Discipline = new() { Id = "discipline-650100", Name = "乌鲁木齐市纪委监委", Kind = DepartmentKind.DisciplineInspection, JurisdictionId = "650100", Delivery = DeliveryMethod.Letter };
    private static readonly ReceivingDepartment KashgarDiscipline = new() { Id = "discipline-653100", Name = "喀什地区纪委监委", Kind = DepartmentKind.DisciplineInspection, JurisdictionId = "653100", Delivery = DeliveryMethod.Letter };
    private static readonly ReceivingDepartment Archives = new() { Id = "archives-650100", Name = "乌鲁木齐市档案局", Kind = DepartmentKind.Archives, JurisdictionId = "650100", Delivery = DeliveryMethod.Internal };
    private static readonly Guid ReferralId = Guid.Parse("0197a000-0000-7000-8000-00000000f001");

    private static SanctionCase Reported(params object[] more) => S.Given([S.Opened("Art44", Named), S.Reported(), .. more]);
    private static RecommendDiscipline Recommend(long version, string? receiverId = "discipline-650100", string person = "王芳") =>
        new(version, person, "科员", null, "建议给予警告处分", null, receiverId);

    private static DisciplineRecommended Recommended(SanctionCase c, Guid id) =>
        SanctionSteps.DecideRecommendation(c, Recommend(c.Version), S.Leader, id, S.Now, $"乌档处建〔2026〕{c.DisciplineRecommendations.Count + 1}号", S.Calendar, Discipline, ReferralId);

    [Fact]
    public void An_Art44_case_has_neither_a_no_penalty_decision_nor_a_plain_close()
    {
        Refusal.Refused("art44_discipline_only", () => SanctionSteps.Decide(Reported(), new DecideNoPenalty(2, "轻微"), S.Leader, S.Now));
        Refusal.Refused("art44_ending_required", () => SanctionSteps.Decide(Reported(), new CloseSanctionCase(2), S.Leader, S.Now));
        // Other cases as before.
        SanctionSteps.Decide(S.Given(S.Opened(), S.Reported()), new DecideNoPenalty(2, "轻微"), S.Leader, S.Now);
        Refusal.Refused("decision_required", () => SanctionSteps.Decide(S.Given(S.Opened(), S.Reported()), new CloseSanctionCase(2), S.Leader, S.Now));
    }

    [Fact]
    public void The_recommendation_of_an_Art44_case_is_addressed_to_the_disciplinary_body_over_the_named_staff()
    {
        var c = Reported();
        Refusal.Invalid("field_required", () => SanctionSteps.CheckRecommendation(c, Recommend(2, null), S.Leader, S.Now, S.Calendar, null), "receiverId");
        Refusal.Invalid("unknown_receiver", () => SanctionSteps.CheckRecommendation(c, Recommend(2, "x"), S.Leader, S.Now, S.Calendar, null), "receiverId");
        Refusal.Refused("recipient_not_disciplinary_body", () => SanctionSteps.CheckRecommendation(c, Recommend(2, Archives.Id), S.Leader, S.Now, S.Calendar, Archives), "receiverId");
        Refusal.Refused("recipient_outside_jurisdiction", () => SanctionSteps.CheckRecommendation(c, Recommend(2, KashgarDiscipline.Id), S.Leader, S.Now, S.Calendar, KashgarDiscipline), "receiverId");
        Refusal.Refused("person_not_named", () => SanctionSteps.CheckRecommendation(c, Recommend(2, person: "张三"), S.Leader, S.Now, S.Calendar, Discipline), "personName");

        var e = Recommended(c, Guid.NewGuid());
        Assert.Equal(("乌鲁木齐市纪委监委", "discipline-650100", (Guid?)ReferralId), (e.Recipient, e.ReceiverId, e.ReferralId));
        // An ordinary case keeps its free-text recipient and no referral.
        var ordinary = S.Given(S.Opened(), S.Reported());
        var plain = SanctionSteps.DecideRecommendation(ordinary, new RecommendDiscipline(2, "张主任", null, "某单位", "建议处分", null), S.Leader, Guid.NewGuid(), S.Now, "乌档处建〔2026〕9号", S.Calendar, null, ReferralId);
        Assert.Equal(("某单位", (string?)null, (Guid?)null), (plain.Recipient, plain.ReceiverId, plain.ReferralId));
    }

    [Fact]
    public void The_last_reply_closes_an_Art44_case_and_its_referral_records_the_answer()
    {
        var c = Reported();
        var first = Recommended(c, Guid.NewGuid());
        c = Reported(first);
        var second = Recommended(c, Guid.NewGuid());
        c = Reported(first, second);
        var reply1 = SanctionSteps.Decide(c, first.RecommendationId, new ReceiveDisciplineReply(4, "警告", Clock.Today), S.Officer, S.Now.AddHours(1));
        Assert.Null(SanctionSteps.ClosedByReply(c, reply1));
        c = Reported(first, second, reply1);
        var reply2 = SanctionSteps.Decide(c, second.RecommendationId, new ReceiveDisciplineReply(5, "记过", Clock.Today), S.Officer, S.Now.AddHours(2));
        Assert.NotNull(SanctionSteps.ClosedByReply(c, reply2));
        Assert.Null(SanctionSteps.ClosedByReply(S.Given(S.Opened(), S.Reported(), first), reply1 with { RecommendationId = first.RecommendationId }));

        var (sent, events) = DisciplineReferral.Compose(c, first, Discipline, S.Leader, ReferralId, S.Calendar, S.Now);
        Assert.Equal((ReferralSourceKind.Sanction, (Guid?)S.CaseId, first.DocumentNumber, (Guid?)first.RecommendationId), (sent.Source.Kind, sent.Source.Id, sent.DocumentNumber, sent.RecommendationId));
        Assert.Equal(["urumqi.inspector3"], sent.ExcludedUserIds!);
        Assert.DoesNotContain("王芳", sent.Summary);
        Assert.IsType<ReferralDelivered>(events[1]); // by letter: delivered at once
        var referral = Referral.Create(sent);
        referral.Apply((ReferralDelivered)events[1]);
        var answered = DisciplineReferral.Replied(referral, reply1);
        Assert.Equal([typeof(ReferralAcknowledged), typeof(FeedbackGiven), typeof(ReferralClosed)], answered.Select(e => e.GetType()));
        referral.Apply((ReferralClosed)answered[2]);
        Assert.Empty(DisciplineReferral.Replied(referral, reply1));
    }

    [Fact]
    public void A_leader_of_the_handling_department_finds_no_misconduct_with_reasons_and_the_case_closes()
    {
        Refusal.Refused("investigation_report_required", () => SanctionSteps.Decide(S.Given(S.Opened("Art44", Named)), new FindNoMisconduct(1, "无"), S.Leader, S.Now));
        Refusal.Refused("not_art44", () => SanctionSteps.Decide(S.Given(S.Opened(), S.Reported()), new FindNoMisconduct(2, "无"), S.Leader, S.Now));
        Refusal.Forbidden(() => SanctionSteps.Decide(Reported(), new FindNoMisconduct(2, "无"), S.Officer, S.Now));
        Refusal.Forbidden(() => SanctionSteps.Decide(Reported(), new FindNoMisconduct(2, "无"), Actors.RegionLeader, S.Now));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(Reported(), new FindNoMisconduct(2, " "), S.Leader, S.Now), "reason");
        Refusal.Refused("discipline_recommended", () => SanctionSteps.Decide(Reported(Recommended(Reported(), Guid.NewGuid())), new FindNoMisconduct(3, "无"), S.Leader, S.Now));

        var found = SanctionSteps.Decide(Reported(), new FindNoMisconduct(2, "隐患已由他人处理"), S.Leader, S.Now);
        var c = Reported(found);
        Assert.Equal((SanctionStatus.Closed, "隐患已由他人处理"), (c.Status, c.NoMisconductReason));
    }
}
