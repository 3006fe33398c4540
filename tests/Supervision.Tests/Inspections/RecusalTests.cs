using Supervision.Inspections;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using static Supervision.Tests.TestSupport.InspectionEvents;

namespace Supervision.Tests.Inspections;

/// <summary>R2: recusal (回避) — recorded conflicts bar assignment; the party's request suspends the officer until a leader decides.</summary>
public sealed class RecusalTests
{
    private static readonly DateTimeOffset Now = Clock.Now;
    private static string Member => Staff.UrumqiPair[1].UserName;
    private static RecusalRequested Requested() => new(InspectionId, Member, "检查人员系该单位负责人近亲属", Actors.UrumqiInspector.UserName, Now.AddMinutes(-5));

    [Fact]
    public void The_party_request_is_recorded_and_suspends_that_officer()
    {
        var s = Given.Inspection(Planned(), Started());
        var e = RecusalSteps.Decide(s, new RequestRecusal(2, Member, "近亲属"), Actors.UrumqiInspector, Now);
        Assert.Equal(Member, e.InspectorId);
        s.Apply(e); s.Version = 3;
        var suspended = Actors.UrumqiInspector with { UserName = Member };
        Refusal.Forbidden(() => InspectionSteps.Decide(s, new ConcludeInspection(3, "结论", Staff.UrumqiPairIds), suspended, Now));
    }

    [Fact]
    public void A_request_must_name_an_officer_of_the_inspection_and_not_twice() 
    {
        Refusal.Invalid("not_on_team", () => RecusalSteps.Decide(Given.Inspection(Planned()), new RequestRecusal(1, "kashgar.inspector1", "x"), Actors.UrumqiInspector, Now), "inspectorId");
        Refusal.Refused("recusal_pending", () => RecusalSteps.Decide(Given.Inspection(Planned(), Requested()), new RequestRecusal(2, Member, "x"), Actors.UrumqiInspector, Now));
    }

    [Fact]
    public void Only_a_leader_decides_and_a_granted_recusal_replaces_the_officer()
    {
        var s = Given.Inspection(Planned(), Requested());
        var replacement = Staff.RegionInspector1;
        Refusal.Forbidden(() => RecusalSteps.Decide(s, new DecideRecusal(2, Member, true, "理由成立", replacement.Id), Actors.UrumqiInspector, replacement, TestUnits.Urumqi, Now));
        var e = RecusalSteps.Decide(s, new DecideRecusal(2, Member, true, "理由成立", replacement.Id), Actors.UrumqiLeader, replacement, TestUnits.Urumqi, Now);
        Assert.True(e.Granted);
        s.Apply(e);
        Assert.DoesNotContain(s.Inspectors, i => i.UserName == Member);
        Assert.Contains(s.Inspectors, i => i.UserName == replacement.Id);
        Assert.Equal(2, s.Inspectors.Length);
        Assert.Empty(s.PendingRecusals);
    }

    [Fact]
    public void A_refused_request_keeps_the_team_and_lifts_the_suspension()
    {
        var s = Given.Inspection(Planned(), Requested());
        var e = RecusalSteps.Decide(s, new DecideRecusal(2, Member, false, "理由不成立", null), Actors.UrumqiLeader, null, TestUnits.Urumqi, Now);
        s.Apply(e);
        Assert.Equal(Staff.UrumqiPair.Select(p => p.UserName), s.Inspectors.Select(p => p.UserName));
        Assert.Empty(s.PendingRecusals);
    }

    [Fact]
    public void A_granted_recusal_needs_a_certified_unconflicted_replacement_not_already_on_the_team()
    {
        var s = Given.Inspection(Planned(), Requested());
        DecideRecusal Grant(string? id) => new(2, Member, true, "理由成立", id);
        Refusal.Invalid("replacement_required", () => RecusalSteps.Decide(s, Grant(null), Actors.UrumqiLeader, null, TestUnits.Urumqi, Now), "replacementId");
        Refusal.Refused("inspector_not_certified", () => RecusalSteps.Decide(s, Grant(Staff.UrumqiUncertified.Id), Actors.UrumqiLeader, Staff.UrumqiUncertified, TestUnits.Urumqi, Now), "replacementId");
        Refusal.Invalid("already_on_team", () => RecusalSteps.Decide(s, Grant(Staff.UrumqiInspector1.Id), Actors.UrumqiLeader, Staff.UrumqiInspector1, TestUnits.Urumqi, Now), "replacementId");
        Refusal.Refused("inspector_outside_jurisdiction", () => RecusalSteps.Decide(s, Grant(Staff.KashgarInspector1.Id), Actors.UrumqiLeader, Staff.KashgarInspector1, TestUnits.Urumqi, Now), "replacementId");
        var u = TestUnits.Urumqi;
        var conflicted = new Supervision.Units.SupervisedUnit
        {
            Id = u.Id, Name = u.Name, JurisdictionId = u.JurisdictionId, JurisdictionPath = u.JurisdictionPath,
            ConflictsOfInterest = [new(Staff.RegionInspector1.Id, "曾在该单位任职", "urumqi.leader", Now)],
        };
        Refusal.Refused("inspector_recused", () => RecusalSteps.Decide(s, Grant(Staff.RegionInspector1.Id), Actors.UrumqiLeader, Staff.RegionInspector1, conflicted, Now), "replacementId");
        Refusal.Refused("no_recusal_request", () => RecusalSteps.Decide(Given.Inspection(Planned()), Grant(Staff.RegionInspector1.Id) with { ExpectedVersion = 1 }, Actors.UrumqiLeader, Staff.RegionInspector1, TestUnits.Urumqi, Now));
    }
}
