using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Tests.TestSupport;

namespace Supervision.Tests.Sanctions;

/// <summary>Recusal in sanction cases (R2, APL Art. 43, issue 12 item 2): the request, the leader's decision, and what a grant changes.</summary>
public class SanctionRecusalDeciderTests
{
    private static readonly Guid RequestId = Guid.Parse("0197a000-0000-7000-8000-00000000e001");
    private static readonly AppUser Inspector2 = S.User("urumqi.inspector2", Roles.Inspector, Paths.Urumqi, "乌档执650100002");
    private static readonly AppUser Deputy = S.User("urumqi.deputy", Roles.Leader, Paths.Urumqi, null);

    private static RequestSanctionRecusal Request(long version, params string[] officers) =>
        new(version, officers, "张主任", "与当事单位负责人系近亲属", "post", Clock.Today);

    private static SanctionRecusalRequested Requested(params string[] officers) =>
        SanctionSteps.Decide(S.Given(S.Opened(), S.Reported(), S.Noticed(), S.HearingAsked(), S.HearingSet(Clock.Today.AddDays(20))),
            Request(5, officers), S.Officer, RequestId, S.Now.AddHours(3));

    private static object[] Pending(params string[] officers) =>
        [S.Opened(), S.Reported(), S.Noticed(), S.HearingAsked(), S.HearingSet(Clock.Today.AddDays(20)), Requested(officers)];

    private static DecideSanctionRecusal Grant(long version, string officer, string replacement) => new(version, officer, true, "存在近亲属关系", replacement);

    [Fact]
    public void The_request_names_investigators_or_the_chair_with_their_roles_and_is_recorded_by_an_investigator()
    {
        var e = Requested("urumqi.inspector1", "urumqi.officer2");
        Assert.Equal([RecusalRole.Investigator, RecusalRole.Chair], e.Officers.Select(o => o.Role));
        Assert.Equal(("张主任", "post", Clock.Today), (e.RequestedBy, e.ReceivedVia, e.ReceivedOn));

        var c = S.Given(S.Opened(), S.Reported());
        Refusal.Forbidden(() => SanctionSteps.Decide(c, Request(2, "urumqi.inspector1"), S.Leader, RequestId, S.Now));
        Refusal.NotFound(() => SanctionSteps.Decide(c, Request(2, "urumqi.inspector1"), S.KashgarOfficer, RequestId, S.Now));
        Refusal.Refused("not_on_case", () => SanctionSteps.Decide(c, Request(2, "urumqi.officer2"), S.Officer, RequestId, S.Now), "officerIds");
        Refusal.Invalid("invalid_received_on", () => SanctionSteps.Decide(c, Request(2, "urumqi.inspector1") with { ReceivedOn = Clock.Today.AddDays(1) }, S.Officer, RequestId, S.Now), "receivedOn");
        Refusal.Refused("received_before_opening", () => SanctionSteps.Decide(c, Request(2, "urumqi.inspector1") with { ReceivedOn = Clock.Today.AddDays(-11) }, S.Officer, RequestId, S.Now), "receivedOn");
        Refusal.Invalid("invalid_received_via", () => SanctionSteps.Decide(c, Request(2, "urumqi.inspector1") with { ReceivedVia = "phone" }, S.Officer, RequestId, S.Now), "receivedVia");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, Request(2), S.Officer, RequestId, S.Now), "officerIds");
        Refusal.Refused("recusal_pending", () => SanctionSteps.Decide(S.Given(Pending("urumqi.inspector1")), Request(6, "urumqi.inspector1"), S.Officer, RequestId, S.Now), "officerIds");
    }

    [Fact]
    public void A_pending_request_blocks_the_decisions_but_not_the_investigation()
    {
        var c = S.Given(Pending("urumqi.inspector1"));
        SanctionSteps.Decide(c, new AddEvidence(6, "门禁记录", "书证"), S.Inspector, S.Now.AddHours(4)); // APL Art. 43: 不停止调查
        Refusal.Refused("recusal_pending", () => SanctionSteps.Decide(c, new DecideNoPenalty(6, "情节轻微"), S.Leader, S.Now.AddHours(4)));
        Refusal.Refused("recusal_pending", () => SanctionSteps.CheckDecision(c, new DecidePenalty(6, "jurisdiction", "改正", 10, S.Cited, S.Signers), S.Leader, S.AfterDefence));
        var chair = S.Given(Pending("urumqi.officer2"));
        Refusal.Refused("recusal_pending", () => SanctionSteps.Decide(chair, new RecordHearing(6, "笔录"), S.Officer2, S.AfterDefence));
    }

    [Fact]
    public void Only_a_leader_of_the_handling_department_decides_and_the_replacement_meets_the_rules_of_the_role()
    {
        var c = S.Given(Pending("urumqi.inspector1", "urumqi.officer2"));
        Refusal.Forbidden(() => SanctionSteps.Decide(c, Grant(6, "urumqi.inspector1", Inspector2.Id), S.Officer, Inspector2, null, S.Now));
        Refusal.Forbidden(() => SanctionSteps.Decide(c, Grant(6, "urumqi.inspector1", Inspector2.Id), Actors.RegionLeader, Inspector2, null, S.Now));
        Refusal.Stale(6, () => SanctionSteps.Decide(c, Grant(5, "urumqi.inspector1", Inspector2.Id), S.Leader, Inspector2, null, S.Now));
        Refusal.Invalid("replacement_required", () => SanctionSteps.Decide(c, Grant(6, "urumqi.inspector1", ""), S.Leader, null, null, S.Now), "replacementId");
        Refusal.Refused("investigator_not_certified", () => SanctionSteps.Decide(c, Grant(6, "urumqi.inspector1", "urumqi.inspector3"), S.Leader, S.Staff[3], null, S.Now), "replacementId");
        Refusal.Refused("replacement_not_of_department", () => SanctionSteps.Decide(c, Grant(6, "urumqi.inspector1", "kashi.officer"), S.Leader, S.Staff[6], null, S.Now), "replacementId");
        Refusal.Refused("investigator_recused", () => SanctionSteps.Decide(c, Grant(6, "urumqi.inspector1", "urumqi.inspector1"), S.Leader, S.Staff[2], null, S.Now), "replacementId");
        Refusal.Refused("recusal_pending", () => SanctionSteps.Decide(c, Grant(6, "urumqi.inspector1", "urumqi.officer2"), S.Leader, S.Staff[1], null, S.Now), "replacementId");
        Refusal.Refused("already_on_case", () => SanctionSteps.Decide(c, Grant(6, "urumqi.inspector1", "urumqi.officer"), S.Leader, S.Staff[0], null, S.Now), "replacementId");
        Refusal.Refused("chair_is_investigator", () => SanctionSteps.Decide(c, Grant(6, "urumqi.officer2", "urumqi.officer"), S.Leader, S.Staff[0], null, S.Now), "replacementId");
        Refusal.Refused("no_recusal_request", () => SanctionSteps.Decide(c, Grant(6, "urumqi.officer", Inspector2.Id), S.Leader, Inspector2, null, S.Now), "officerId");

        var art44 = S.Given(S.Opened("Art44", [new ResponsiblePerson("艾克拜尔", Inspector2.Id)]), Requested("urumqi.inspector1") with { });
        Refusal.Refused("replacement_is_responsible", () => SanctionSteps.Decide(art44, Grant(2, "urumqi.inspector1", Inspector2.Id), S.Leader, Inspector2, null, S.Now), "replacementId");
    }

    [Fact]
    public void A_granted_recusal_replaces_the_officer_who_then_takes_no_step_and_signs_nothing()
    {
        var granted = SanctionSteps.Decide(S.Given(Pending("urumqi.inspector1", "urumqi.officer2")), Grant(6, "urumqi.inspector1", Inspector2.Id), S.Leader, Inspector2, null, S.Now.AddHours(4));
        var c = S.Given([.. Pending("urumqi.inspector1", "urumqi.officer2"), granted]);
        Assert.Equal(["urumqi.officer", "urumqi.inspector2"], c.Investigators.Select(i => i.UserName));
        Assert.Equal(["urumqi.inspector1"], c.RecusedOfficers);

        var chair = SanctionSteps.Decide(c, Grant(7, "urumqi.officer2", Deputy.Id), S.Leader, Deputy, null, S.Now.AddHours(5));
        c = S.Given([.. Pending("urumqi.inspector1", "urumqi.officer2"), granted, chair]);
        Assert.Equal(("urumqi.deputy", "urumqi.deputy"), (c.HearingChairId, c.HearingChairName));
        Assert.Empty(c.PendingRecusals);
        Assert.Equal(2, c.Recusals.Count);

        var recused = S.Inspector with { UserName = "urumqi.inspector1" };
        Refusal.Expect(403, "investigator_recused", () => SanctionSteps.Decide(c, new AddEvidence(8, "x", "书证"), recused, S.Now.AddHours(6)));
        Refusal.Expect(403, "investigator_recused", () => SanctionSteps.Decide(c, new RecordHearing(8, "笔录"), S.Officer2, S.AfterDefence));
        Refusal.Refused("investigator_recused", () => SanctionSteps.Signatories(c, S.Officer, ["urumqi.officer", "urumqi.inspector1"], actorSigns: true), "signatoryIds");
        Assert.Equal(["urumqi.officer", "urumqi.inspector2"], SanctionSteps.Signatories(c, S.Officer, ["urumqi.officer", "urumqi.inspector2"], actorSigns: true).Select(s => s.UserName));
    }
}
