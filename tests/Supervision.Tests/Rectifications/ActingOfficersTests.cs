using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using static Supervision.Tests.TestSupport.RectificationEvents;

namespace Supervision.Tests.Rectifications;

/// <summary>R1/R2: acts name the officers who did them; a recusal on the inspection reaches its rectifications.</summary>
public class ActingOfficersTests
{
    private static readonly DateTimeOffset Now = Clock.Now;
    private static readonly DateOnly DueOn = Clock.D(2026, 3, 4);
    private static readonly Signatory Region = new(Staff.RegionInspector1.Id, Staff.RegionInspector1.DisplayName, Staff.RegionInspector1.CertificateNumber!);
    private static readonly Actor RegionInspector = new(Staff.RegionInspector1.Id, Staff.RegionInspector1.DisplayName, Roles.Inspector, "650000", Paths.Region, Certified: true);

    private static RuleViolation Expect403(string code, Action when) => Refusal.Expect(403, code, when);

    [Fact]
    public void At_least_two_officers_are_named_the_recorder_among_them_each_on_the_team()
    {
        var team = Staff.UrumqiPair;
        Refusal.Invalid("two_officers_required", () => ActingOfficers.Check(Actors.UrumqiInspector, null, team), "inspectorIds");
        Refusal.Invalid("two_officers_required", () => ActingOfficers.Check(Actors.UrumqiInspector, ["urumqi.inspector1", " urumqi.inspector1 "], team), "inspectorIds");
        Expect403("recorder_not_named", () => ActingOfficers.Check(RegionInspector, Staff.UrumqiPairIds, team));
        Expect403("not_on_team", () => ActingOfficers.Check(Actors.UrumqiInspector, ["urumqi.inspector1", Region.UserName], team));
        Expect403("recusal_pending", () => ActingOfficers.Check(Actors.UrumqiInspector, Staff.UrumqiPairIds, team, ["urumqi.inspector2"]));
        Refusal.Refused("inspector_not_certified", () => ActingOfficers.Check(Actors.UrumqiInspector, ["urumqi.inspector1", "urumqi.trainee"],
            [.. team, new Signatory("urumqi.trainee", "乌鲁木齐见习员", "XJ-0199")], null, [Staff.UrumqiInspector1, Staff.UrumqiUncertified]), "inspectorIds");

        // A leader records for the two officers; the order named is kept.
        Assert.Equal([team[1], team[0]], ActingOfficers.Check(Actors.UrumqiLeader, ["urumqi.inspector2", "urumqi.inspector1"], team));
    }

    [Fact]
    public void A_reinspection_records_the_officers_named_and_its_opinion_prints_exactly_them()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn), new RectificationOfficersAssigned(RectificationId, [Region], Actors.UrumqiLeader.UserName, Now));
        Assert.Equal(["urumqi.inspector1", "urumqi.inspector2", Region.UserName], r.Inspectors.Select(i => i.UserName));

        var e = Assert.IsType<ReinspectionFailed>(RectificationSteps.Decide(r, new RecordReinspection(3, false, "设备未安装", [Region.UserName, "urumqi.inspector2"]),
            RegionInspector, Now, "乌档复查〔2026〕1号"));
        Assert.Equal([Region, Staff.UrumqiPair[1]], e.Officers);
        r.Apply(e);
        Assert.Equal([Region, Staff.UrumqiPair[1]], ReinspectionOpinionDocument.Officers(r, r.Reinspections[0]));
    }

    [Fact]
    public void An_old_reinspection_without_named_officers_prints_its_recorder_not_the_orders_signatories()
    {
        // Recorded before officers were named: it implied only that its recorder re-inspected.
        var r = Given.Rectification(Found(), Ordered(DueOn), new ReinspectionFailed(RectificationId, "仍未整改", "urumqi.inspector2", Now, "乌档复查〔2026〕1号"));
        Assert.Equal([Staff.UrumqiPair[1]], ReinspectionOpinionDocument.Officers(r, r.Reinspections[0]));
        var outsider = Given.Rectification(Found(), Ordered(DueOn), new ReinspectionFailed(RectificationId, "仍未整改", Region.UserName, Now, "乌档复查〔2026〕2号"));
        Assert.Equal([Region], ReinspectionOpinionDocument.Officers(outsider, outsider.Reinspections[0], Staff.RegionInspector1));
    }

    [Fact]
    public void The_order_is_signed_by_the_officers_named_not_by_the_team()
    {
        var r = Given.Rectification(Found(), new RectificationOfficersAssigned(RectificationId, [Region], Actors.UrumqiLeader.UserName, Now));
        var e = RectificationSteps.DecideOrder(r, new OrderRectification(2, 10, null, "整改", ["urumqi.inspector1", Region.UserName]),
            Actors.UrumqiInspector, Clock.Calendar, Now, "650100", "乌档责改〔2026〕9号");
        Assert.Equal([Staff.UrumqiPair[0], Region], e.Signatories);
    }

    [Fact]
    public void A_granted_recusal_reaches_the_open_rectifications_of_the_inspection_and_the_replacement_takes_the_place()
    {
        var decided = new RecusalDecided(InspectionEvents.InspectionId, "urumqi.inspector1", true, "属实", Region, Actors.UrumqiLeader.UserName, Now);
        var open = Given.Rectification(Found(), Ordered(DueOn));
        var closed = Given.Rectification(Found(), Ordered(DueOn), Passed());
        var recused = Assert.Single(RecusalSteps.ToRectifications(decided, [open, closed]));
        Assert.Empty(RecusalSteps.ToRectifications(decided with { Granted = false, Replacement = null }, [open]));

        open.Apply(recused);
        Assert.Equal([Region.UserName, "urumqi.inspector2"], open.Inspectors.Select(i => i.UserName));
        Assert.Equal(["urumqi.inspector1"], open.RecusedOfficers);
        open.Version++;
        Refusal.Forbidden(() => RectificationSteps.Decide(open, new ReportCorrection(open.Version, "已整改", null), Actors.UrumqiInspector, Now));
        Expect403("not_on_team", () => RectificationSteps.Decide(open,
            new RecordReinspection(open.Version, true, "整改到位", Staff.UrumqiPairIds), Actors.UrumqiInspector with { UserName = "urumqi.inspector2" }, Now));
        Refusal.Refused("inspector_recused", () => RectificationSteps.Decide(open, new AssignOfficers(open.Version, ["urumqi.inspector1"]),
            Actors.UrumqiLeader, Staff.All, TestUnits.Urumqi, Now));
    }

    [Fact]
    public void While_a_recusal_is_pending_on_the_inspection_the_officer_takes_no_step_on_its_rectifications()
    {
        var r = Given.Rectification(Found(), Ordered(DueOn));
        Refusal.Forbidden(() => RectificationSteps.Decide(r, new ReportCorrection(2, "已整改", null), Actors.UrumqiInspector, Now, ["urumqi.inspector1"]));
    }

    [Fact]
    public void The_inspection_record_is_signed_by_the_officers_named_at_conclusion()
    {
        var s = Given.Inspection(InspectionEvents.Planned(), InspectionEvents.Started());
        var e = InspectionSteps.Decide(s, new ConcludeInspection(2, "检查完毕", ["urumqi.inspector2", "urumqi.inspector1"]), Actors.UrumqiInspector, Now);
        Assert.Equal([Staff.UrumqiPair[1], Staff.UrumqiPair[0]], e.Officers);
        s.Apply(e);
        Assert.Equal(e.Officers, InspectionRecordDocument.Officers(s));
        // Concluded before officers were named: the team at that moment, as it printed then.
        var old = Given.Inspection(InspectionEvents.Planned(), InspectionEvents.Started(), InspectionEvents.Concluded());
        Assert.Equal(Staff.UrumqiPair, InspectionRecordDocument.Officers(old));
    }
}
