using Supervision.Inspections;
using Supervision.Referrals;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using static Supervision.Tests.TestSupport.InspectionEvents;

namespace Supervision.Tests.Inspections;

/// <summary>Joint inspections (Art. 42): who may take part, who may see, and how findings flow to the participants.</summary>
public class JointInspectionTests
{
    private static readonly Guid NewId = Guid.Parse("0197a000-0000-7000-8000-00000000a0ff");
    private static readonly Guid RectificationId = Guid.Parse("0197a000-0000-7000-8000-00000000b0ff");

    private static readonly ReceivingDepartment KashgarArchives = new()
        { Id = "archives-653100", Name = "喀什地区档案局", Kind = DepartmentKind.Archives, JurisdictionId = "653100", Delivery = DeliveryMethod.Internal };
    private static readonly ReceivingDepartment UrumqiArchives = new()
        { Id = "archives-650100", Name = "乌鲁木齐市档案局", Kind = DepartmentKind.Archives, JurisdictionId = "650100", Delivery = DeliveryMethod.Internal };
    private static readonly ReceivingDepartment TianshanArchives = new()
        { Id = "archives-650102", Name = "乌鲁木齐市天山区档案局", Kind = DepartmentKind.Archives, JurisdictionId = "650102", Delivery = DeliveryMethod.Internal };
    private static readonly ReceivingDepartment UrumqiMarket = new()
        { Id = "market-650100", Name = "乌鲁木齐市市场监督管理局", Kind = DepartmentKind.MarketRegulation, JurisdictionId = "650100", Delivery = DeliveryMethod.Letter };
    private static readonly ReceivingDepartment UrumqiPolice = new()
    {
        Id = "police-650100", Name = "乌鲁木齐市公安局", Kind = DepartmentKind.PublicSecurity, JurisdictionId = "650100", Delivery = DeliveryMethod.Webhook,
        WebhookUrl = "https://police.example/hook", WebhookSecret = "s",
    };

    private static readonly ReceivingDepartment[] Register = [KashgarArchives, UrumqiArchives, TianshanArchives, UrumqiMarket, UrumqiPolice];

    private static PlanInspection Plan(params string[]? participants) =>
        new(TestUnits.Urumqi.Id, ["Art37.1"], Clock.D(2026, 2, 20), [Staff.UrumqiInspector1.Id, Staff.UrumqiInspector2.Id], participants);

    private static InspectionPlanned DecidePlan(PlanInspection c, Actor? actor = null) =>
        PlanInspectionEndpoint.Decide(c, actor ?? Actors.UrumqiInspector, TestUnits.Urumqi, Staff.All, NewId, Clock.Now, Register);

    // ---------------------------------------------------------------- participants

    [Fact]
    public void Planning_with_participants_records_them_and_the_lead_department_and_the_inspection_is_joint()
    {
        var e = DecidePlan(Plan("archives-653100", "market-650100"));

        Assert.Equal(["archives-653100", "market-650100"], e.Participants!.Select(p => p.DepartmentId));
        Assert.Equal(new InspectionParticipant("archives-653100", "喀什地区档案局", DepartmentKind.Archives, "653100", DeliveryMethod.Internal), e.Participants![0]);
        Assert.Equal("650100", e.LeadJurisdictionId);
        var s = Inspection.Create(e);
        Assert.Equal(InspectionKind.Joint, s.Kind);
        Assert.True(s.IsJoint);
        Assert.Equal("650100", s.LeadJurisdictionId);
    }

    [Fact]
    public void Planning_without_participants_is_not_joint()
    {
        foreach (var c in new[] { Plan(null), Plan() })
        {
            var e = DecidePlan(c);
            Assert.Null(e.Participants);
            Assert.Null(e.LeadJurisdictionId);
            Assert.Equal(InspectionKind.Routine, Inspection.Create(e).Kind);
        }
    }

    [Fact]
    public void A_participant_must_be_in_the_register() =>
        Refusal.Invalid("unknown_participant", () => DecidePlan(Plan("archives-653100", "nowhere-1")), "participantIds");

    [Fact]
    public void A_blank_participant_is_unknown() =>
        Refusal.Invalid("unknown_participant", () => DecidePlan(Plan(" ")), "participantIds");

    [Fact]
    public void The_planners_own_department_cannot_take_part() =>
        Refusal.Refused("own_department_participant", () => DecidePlan(Plan("archives-650100")), "participantIds");

    [Fact]
    public void A_lower_departments_planner_may_name_the_higher_one_but_not_itself()
    {
        Assert.Equal(["archives-650100"], JointInspection.CheckParticipants(["archives-650100"], Actors.TianshanInspector, Register).Select(p => p.DepartmentId));
        Refusal.Refused("own_department_participant", () => JointInspection.CheckParticipants(["archives-650102"], Actors.TianshanInspector, Register));
    }

    [Fact]
    public void A_participant_may_not_be_named_twice() =>
        Refusal.Invalid("duplicate_participant", () => DecidePlan(Plan("market-650100", "archives-653100", "market-650100")), "participantIds");

    [Fact]
    public void At_most_ten_participants()
    {
        var many = Enumerable.Range(1, JointInspection.MaxParticipants + 1).Select(i => $"dept-{i}").ToArray();
        var register = many.Select(id => new ReceivingDepartment { Id = id, Name = id, Kind = DepartmentKind.MarketRegulation, JurisdictionId = "650100" }).ToArray();
        Refusal.Invalid("too_many_participants", () => JointInspection.CheckParticipants(many, Actors.UrumqiInspector, register), "participantIds");
        Assert.Equal(JointInspection.MaxParticipants, JointInspection.CheckParticipants(many[..^1], Actors.UrumqiInspector, register).Length);
    }

    // ---------------------------------------------------------------- visibility

    private static InspectionPlanned JointPlanned() =>
        Planned() with
        {
            Participants = [InspectionParticipant.Of(KashgarArchives), InspectionParticipant.Of(UrumqiMarket), InspectionParticipant.Of(UrumqiPolice)],
            LeadJurisdictionId = "650100",
        };

    [Fact]
    public void A_participating_archives_department_sees_the_joint_inspection_but_may_not_act_on_it()
    {
        var s = Given.Inspection(JointPlanned(), Started());
        Assert.True(JointInspection.CanSee(s, Actors.KashgarInspector));
        Assert.True(JointInspection.CanSee(s, Actors.UrumqiInspector));
        Assert.False(JointInspection.CanSee(s, Actors.TianshanInspector)); // below the unit's path and not a participant
        Refusal.Forbidden(() => RecordHazardEndpoint.Decide(s, Hazard(s.Version), Actors.KashgarLeader, RectificationId, Clock.Now));
        Refusal.Forbidden(() => InspectionSteps.Decide(s, new ConcludeInspection(s.Version, "结论", Staff.UrumqiPairIds), Actors.KashgarInspector, Clock.Now));
        // Not joint: Kashgar does not exist for it (404), as before.
        var routine = Given.Inspection(Planned(), Started());
        Assert.False(JointInspection.CanSee(routine, Actors.KashgarInspector));
        Refusal.NotFound(() => RecordHazardEndpoint.Decide(routine, Hazard(routine.Version), Actors.KashgarLeader, RectificationId, Clock.Now));
    }

    // ---------------------------------------------------------------- the flow of findings

    private static RecordHazard Hazard(long version, string description = "档案库房无温湿度调控设备") => new(version, "Art38.3", description, ["现场照片 IMG_0012"]);

    private static IReadOnlyList<(ReferralSent Sent, IReadOnlyList<object> Events)> Flow(Inspection s, string description = "档案库房无温湿度调控设备",
        IReadOnlyDictionary<string, ReceivingDepartment>? register = null)
    {
        var (onInspection, _) = RecordHazardEndpoint.Decide(s, Hazard(s.Version, description), Actors.UrumqiInspector, RectificationId, Clock.Now);
        return JointFindings.Decide(s, RecordHazardEndpoint.Shared(s, onInspection), s.Version + 1, register ?? Register.ToDictionary(d => d.Id),
            Actors.UrumqiInspector.UserName, Clock.Calendar, Clock.Now);
    }

    [Fact]
    public void A_hazard_on_a_joint_inspection_becomes_a_joint_enforcement_referral_to_each_participant_carrying_the_finding()
    {
        var s = Given.Inspection(JointPlanned(), Started());
        var referrals = Flow(s);

        Assert.Equal(["archives-653100", "market-650100", "police-650100"], referrals.Select(r => r.Sent.ReceiverId));
        Assert.All(referrals, r =>
        {
            var sent = r.Sent;
            Assert.Equal(ReferralKind.JointEnforcement, sent.Kind);
            Assert.Equal(new ReferralSource(ReferralSourceKind.Inspection, InspectionId), sent.Source);
            Assert.Equal(("650100", Paths.Urumqi, "乌鲁木齐市档案局"), (sent.SenderJurisdictionId, sent.SenderJurisdictionPath, sent.SenderDepartmentName));
            Assert.Equal(new SharedFinding(FindingKind.Hazard, InspectionId, TestUnits.Urumqi.Name, "Art38.3", "档案库房无温湿度调控设备", RectificationId, Clock.Now), sent.Finding);
            Assert.Contains("档案库房无温湿度调控设备", sent.Summary);
            Assert.Contains(RectificationId.ToString(), sent.Summary);
            Assert.Contains(InspectionId.ToString(), sent.Summary);
            Assert.DoesNotContain("IMG_0012", sent.Summary); // evidence stays with the case
            Assert.Empty(sent.DocumentNumbers);
            Assert.Null(sent.DocumentNumber);
            Assert.Equal(Actors.UrumqiInspector.UserName, sent.SentBy);
            Assert.Equal(Clock.Calendar.AddWorkingDays(Clock.Today, SendReferralEndpoint.ReplyWorkingDays).Date, sent.ReplyDueOn); // as any referral
            Assert.Same(sent, r.Events[0]);
        });
        // Internal and webhook: delivered through the outbox; a letter: delivered at once.
        Assert.Single(referrals[0].Events);
        Assert.NotNull(referrals[0].Sent.DeliveryAttemptId);
        Assert.IsType<ReferralDelivered>(referrals[1].Events[1]);
        Assert.Null(referrals[1].Sent.DeliveryAttemptId);
        Assert.Equal(DeliveryMethod.Webhook, referrals[2].Sent.Delivery);
        Assert.Single(referrals[2].Events);
    }

    [Fact]
    public void Referral_ids_are_stable_per_finding_and_participant()
    {
        var s = Given.Inspection(JointPlanned(), Started());
        Assert.Equal(Flow(s).Select(r => r.Sent.ReferralId), Flow(s).Select(r => r.Sent.ReferralId));
        Assert.Equal(3, Flow(s).Select(r => r.Sent.ReferralId).Distinct().Count());
        var later = Given.Inspection(JointPlanned(), Started(), InspectionEvents.Hazard(Guid.NewGuid()));
        Assert.Empty(Flow(s).Select(r => r.Sent.ReferralId).Intersect(Flow(later).Select(r => r.Sent.ReferralId)));
    }

    [Fact]
    public void An_obstruction_on_a_joint_inspection_is_shared_too()
    {
        var s = Given.Inspection(JointPlanned(), Started());
        var e = InspectionSteps.Decide(s, new RecordObstruction(s.Version, "单位负责人拒绝提供库房钥匙"), Actors.UrumqiInspector, Clock.Now);
        var referrals = JointFindings.Decide(s, InspectionSteps.Shared(s, e), s.Version + 1, Register.ToDictionary(d => d.Id), "urumqi.inspector1", Clock.Calendar, Clock.Now);
        Assert.Equal(3, referrals.Count);
        var finding = referrals[0].Sent.Finding!;
        Assert.Equal((FindingKind.Obstruction, (string?)null, (Guid?)null), (finding.Kind, finding.Item, finding.RectificationId));
        Assert.Contains("拒绝、阻碍", referrals[0].Sent.Summary);
        Assert.Contains("单位负责人拒绝提供库房钥匙", referrals[0].Sent.Summary);
    }

    [Fact]
    public void A_finding_on_an_inspection_that_is_not_joint_flows_nowhere()
    {
        var s = Given.Inspection(Planned(), Started());
        Assert.Empty(Flow(s));
        Assert.Empty(Flow(s, "联系人手机 13912345678")); // nothing is shared, so nothing to refuse
    }

    [Fact]
    public void Personal_data_never_flows_the_finding_is_refused_instead()
    {
        var s = Given.Inspection(JointPlanned(), Started());
        Refusal.Invalid("personal_data_in_finding", () => Flow(s, "举报人手机 13912345678 反映库房漏水"), "description");
        Refusal.Invalid("personal_data_in_finding", () => Flow(s, "联系 someone@example.com"), "description");
    }

    [Fact]
    public void The_current_register_decides_delivery_and_a_removed_external_participant_gets_the_letter()
    {
        var s = Given.Inspection(JointPlanned(), Started());
        var register = new Dictionary<string, ReceivingDepartment> { [KashgarArchives.Id] = KashgarArchives };
        var referrals = Flow(s, register: register);
        Assert.Equal([DeliveryMethod.Internal, DeliveryMethod.Letter, DeliveryMethod.Letter], referrals.Select(r => r.Sent.Delivery));
        Assert.Equal("乌鲁木齐市公安局", referrals[2].Sent.ReceiverName);
    }
}
