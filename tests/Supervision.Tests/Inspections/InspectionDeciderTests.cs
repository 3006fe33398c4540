using Supervision.Inspections;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;
using static Supervision.Tests.TestSupport.InspectionEvents;

namespace Supervision.Tests.Inspections;

/// <summary>Given inspection events, when a command, then events or a refusal.</summary>
public class InspectionDeciderTests
{
    private static readonly DateTimeOffset Now = Clock.Now;
    private static readonly Guid NewId = Guid.Parse("0197a000-0000-7000-8000-00000000a0ff");
    private static readonly Guid NewRectificationId = Guid.Parse("0197a000-0000-7000-8000-00000000b0ff");

    // ---------------------------------------------------------------- planning

    private static PlanInspection Plan(
        Guid? unitId = null, string[]? focus = null, DateOnly? plannedOn = null, string[]? inspectors = null, bool noUnit = false) =>
        new(noUnit ? null : unitId ?? TestUnits.Urumqi.Id,
            focus ?? ["Art37.3", "Art37.1", "Art37.3"],
            plannedOn ?? Clock.D(2026, 2, 20),
            inspectors ?? [Staff.UrumqiInspector1.Id, Staff.UrumqiInspector2.Id]);

    /// <summary>The unit is loaded by the endpoint; <paramref name="unitFound"/> false stands for "no such unit".</summary>
    private static InspectionPlanned DecidePlan(PlanInspection c, Actor? actor = null, SupervisedUnit? unit = null, bool unitFound = true) =>
        PlanInspectionEndpoint.Decide(c, actor ?? Actors.UrumqiInspector, unitFound ? unit ?? TestUnits.Urumqi : null, Staff.All, NewId, Now);

    [Fact]
    public void Planning_by_an_inspector_records_the_unit_focus_items_and_signatories()
    {
        var e = DecidePlan(Plan());

        Assert.Equal(NewId, e.InspectionId);
        Assert.Equal(TestUnits.Urumqi.Id, e.UnitId);
        Assert.Equal(TestUnits.Urumqi.Name, e.UnitName);
        Assert.Equal("650100", e.JurisdictionId);
        Assert.Equal(Paths.Urumqi, e.JurisdictionPath);
        Assert.Equal(["Art37.1", "Art37.3"], e.FocusItems); // de-duplicated and ordered
        Assert.Equal(Clock.D(2026, 2, 20), e.PlannedOn);
        Assert.Equal(Staff.UrumqiPair, e.Inspectors);
        Assert.Equal(Actors.UrumqiInspector.UserName, e.PlannedBy);
        Assert.Equal(Now, e.PlannedAt);
    }

    [Fact]
    public void Planning_ignores_blank_and_duplicate_inspector_ids()
    {
        var e = DecidePlan(Plan(inspectors: [" ", Staff.UrumqiInspector1.Id, Staff.UrumqiInspector2.Id, Staff.UrumqiInspector1.Id]));
        Assert.Equal(["urumqi.inspector1", "urumqi.inspector2"], e.Inspectors.Select(i => i.UserName));
    }

    [Fact]
    public void Planning_without_a_unit_is_invalid() =>
        Refusal.Invalid("field_required", () => DecidePlan(Plan(noUnit: true)), "unitId");

    [Fact]
    public void Planning_for_an_unknown_unit_is_invalid() =>
        Refusal.Invalid("unknown_unit", () => DecidePlan(Plan(), unitFound: false), "unitId");

    [Fact]
    public void Planning_for_a_unit_outside_the_jurisdiction_looks_like_an_unknown_unit() =>
        Refusal.Invalid("unknown_unit", () => DecidePlan(Plan(unitId: TestUnits.Kashgar.Id), unit: TestUnits.Kashgar), "unitId");

    [Fact]
    public void A_lower_level_inspector_cannot_plan_for_a_unit_of_the_level_above() =>
        Refusal.Invalid("unknown_unit", () => DecidePlan(Plan(), Actors.TianshanInspector), "unitId");

    [Fact]
    public void A_complaint_handler_may_not_plan_inspections() =>
        Refusal.Forbidden(() => DecidePlan(Plan(), Actors.UrumqiComplaintHandler));

    [Fact]
    public void The_region_leader_may_plan_an_inspection_below()
    {
        var e = DecidePlan(Plan(unitId: TestUnits.Tianshan.Id), Actors.RegionLeader, TestUnits.Tianshan);
        Assert.Equal(Paths.Tianshan, e.JurisdictionPath);
        Assert.Equal("650102", e.JurisdictionId);
        Assert.Equal("region.leader", e.PlannedBy);
    }

    [Fact]
    public void Inspectors_of_a_higher_level_may_inspect_a_unit_below() =>
        Assert.Equal(Staff.UrumqiPair, DecidePlan(Plan(unitId: TestUnits.Tianshan.Id), unit: TestUnits.Tianshan).Inspectors);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Planning_without_focus_items_is_invalid(bool nullList) =>
        Refusal.Invalid("focus_items_required",
            () => DecidePlan(Plan() with { FocusItems = nullList ? null : [] }), "focusItems");

    [Theory]
    [InlineData("Art38.1")]  // an Art. 38 hazard, not an Art. 37 focus item
    [InlineData("Art37.6")]
    [InlineData("art37.1")]
    [InlineData("")]
    public void Planning_with_an_unknown_focus_item_is_invalid(string bad) =>
        Refusal.Invalid("unknown_focus_item", () => DecidePlan(Plan(focus: ["Art37.1", bad])), "focusItems");

    [Fact]
    public void Planning_with_a_null_focus_item_is_invalid() =>
        Refusal.Invalid("unknown_focus_item", () => DecidePlan(Plan(focus: ["Art37.1", null!])), "focusItems");

    [Fact]
    public void Planning_without_a_date_is_invalid() =>
        Refusal.Invalid("field_required", () => DecidePlan(Plan() with { PlannedOn = null }), "plannedOn");

    [Theory]
    [InlineData(2025, 2, 11)] // more than a year ago (today is 2026-02-12 in Beijing)
    [InlineData(2028, 2, 13)] // more than two years ahead
    public void Planning_too_far_from_today_is_invalid(int y, int m, int d) =>
        Refusal.Invalid("planned_on_out_of_range", () => DecidePlan(Plan(plannedOn: Clock.D(y, m, d))), "plannedOn");

    [Theory]
    [InlineData(2025, 2, 12)]
    [InlineData(2028, 2, 12)]
    public void Planning_at_the_edges_of_the_allowed_range_is_accepted(int y, int m, int d) =>
        Assert.Equal(Clock.D(y, m, d), DecidePlan(Plan(plannedOn: Clock.D(y, m, d))).PlannedOn);

    public static TheoryData<string[]?> FewerThanTwo => new()
    {
        null,
        Array.Empty<string>(),
        new[] { "urumqi.inspector1" },
        new[] { "urumqi.inspector1", "urumqi.inspector1" },
        new[] { "urumqi.inspector1", " ", "" },
    };

    [Theory]
    [MemberData(nameof(FewerThanTwo))]
    public void Fewer_than_two_inspectors_are_refused(string[]? ids) =>
        Refusal.Refused("two_inspectors_required", () => DecidePlan(Plan() with { InspectorIds = ids }), "inspectorIds");

    [Fact]
    public void More_than_ten_inspectors_are_invalid() =>
        Refusal.Invalid("too_many_inspectors",
            () => DecidePlan(Plan(inspectors: Enumerable.Range(1, PlanInspectionEndpoint.MaxInspectors + 1).Select(i => $"x{i}").ToArray())),
            "inspectorIds");

    [Theory]
    [InlineData("urumqi.trainee")]   // an inspector without a certificate number
    [InlineData("urumqi.leader")]    // a leader: has a number but is not an Inspector
    [InlineData("nobody.known")]     // not a known user
    public void An_uncertified_inspector_is_refused(string id) =>
        Refusal.Refused("inspector_not_certified", () => DecidePlan(Plan(inspectors: [Staff.UrumqiInspector1.Id, id])), "inspectorIds");

    [Theory]
    [InlineData("kashgar.inspector1")]  // a sibling prefecture
    [InlineData("tianshan.inspector1")] // the level below may not inspect a Urumqi-level unit
    public void An_inspector_outside_the_units_jurisdiction_is_refused(string id) =>
        Refusal.Refused("inspector_outside_jurisdiction",
            () => DecidePlan(Plan(inspectors: [Staff.UrumqiInspector1.Id, id])), "inspectorIds");

    [Fact]
    public void A_region_inspector_may_join_a_Urumqi_inspection() =>
        Assert.Equal(["region.inspector1", "urumqi.inspector1"],
            DecidePlan(Plan(inspectors: [Staff.RegionInspector1.Id, Staff.UrumqiInspector1.Id])).Inspectors.Select(i => i.UserName));

    // ---------------------------------------------------------------- start

    [Fact]
    public void Starting_a_planned_inspection_records_who_started_it_and_when()
    {
        var s = Given.Inspection(Planned());
        var e = InspectionSteps.Decide(s, new StartInspection(1), Actors.UrumqiInspector, Now);
        Assert.Equal(new InspectionStarted(InspectionId, "urumqi.inspector1", Now), e);

        s.Apply(e);
        Assert.Equal(InspectionStatus.InProgress, s.Status);
        Assert.Equal(Now, s.StartedAt);
    }

    [Fact]
    public void Starting_twice_is_refused() =>
        Refusal.Refused("inspection_already_started",
            () => InspectionSteps.Decide(Given.Inspection(Planned(), Started()), new StartInspection(2), Actors.UrumqiInspector, Now));

    [Fact]
    public void Starting_with_a_stale_version_is_a_conflict() =>
        Refusal.Stale(1, () => InspectionSteps.Decide(Given.Inspection(Planned()), new StartInspection(0), Actors.UrumqiInspector, Now));

    [Fact]
    public void Starting_with_a_version_from_the_future_is_a_conflict() =>
        Refusal.Stale(1, () => InspectionSteps.Decide(Given.Inspection(Planned()), new StartInspection(2), Actors.UrumqiInspector, Now));

    [Fact]
    public void A_Kashgar_inspector_does_not_see_a_Urumqi_inspection() =>
        Refusal.NotFound(() => InspectionSteps.Decide(Given.Inspection(Planned()), new StartInspection(1), Actors.KashgarInspector, Now));

    [Fact]
    public void Outside_the_jurisdiction_the_answer_is_404_even_with_a_stale_version() =>
        Refusal.NotFound(() => InspectionSteps.Decide(Given.Inspection(Planned()), new StartInspection(7), Actors.KashgarInspector, Now));

    [Fact]
    public void A_lower_level_inspector_does_not_see_an_inspection_of_the_level_above() =>
        Refusal.NotFound(() => InspectionSteps.Decide(Given.Inspection(Planned()), new StartInspection(1), Actors.TianshanInspector, Now));

    [Fact]
    public void A_complaint_handler_may_not_start_an_inspection() =>
        Refusal.Forbidden(() => InspectionSteps.Decide(Given.Inspection(Planned()), new StartInspection(1), Actors.UrumqiComplaintHandler, Now));

    [Fact]
    public void The_region_leader_may_start_an_inspection_below()
    {
        var e = InspectionSteps.Decide(Given.Inspection(Planned(TestUnits.Tianshan)), new StartInspection(1), Actors.RegionLeader, Now);
        Assert.Equal("region.leader", e.StartedBy);
    }

    [Fact]
    public void A_Urumqi_leader_may_start_an_inspection_of_Tianshan() =>
        Assert.Equal("urumqi.leader",
            InspectionSteps.Decide(Given.Inspection(Planned(TestUnits.Tianshan)), new StartInspection(1), Actors.UrumqiLeader, Now).StartedBy);

    [Fact]
    public void Starting_a_cancelled_inspection_is_refused() =>
        Refusal.Refused("inspection_closed",
            () => InspectionSteps.Decide(Given.Inspection(Planned(), Cancelled()), new StartInspection(2), Actors.UrumqiInspector, Now));

    // ---------------------------------------------------------------- obstruction

    [Fact]
    public void An_obstruction_is_recorded_with_its_trimmed_description()
    {
        var s = Given.Inspection(Planned(), Started());
        var e = InspectionSteps.Decide(s, new RecordObstruction(2, "  单位拒绝提供档案目录  "), Actors.UrumqiInspector, Now);
        Assert.Equal(new ObstructionRecorded(InspectionId, "单位拒绝提供档案目录", "urumqi.inspector1", Now), e);
    }

    [Fact]
    public void An_obstruction_before_the_start_is_refused() =>
        Refusal.Refused("inspection_not_started",
            () => InspectionSteps.Decide(Given.Inspection(Planned()), new RecordObstruction(1, "拒绝"), Actors.UrumqiInspector, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void An_obstruction_needs_a_description(string? description) =>
        Refusal.Invalid("field_required",
            () => InspectionSteps.Decide(Given.Inspection(Planned(), Started()), new RecordObstruction(2, description), Actors.UrumqiInspector, Now),
            "description");

    [Fact]
    public void An_obstruction_with_a_stale_version_is_a_conflict() =>
        Refusal.Stale(3, () => InspectionSteps.Decide(Given.Inspection(Planned(), Started(), Obstructed()),
            new RecordObstruction(2, "又拒绝"), Actors.UrumqiInspector, Now));

    [Fact]
    public void An_obstruction_on_a_concluded_inspection_is_refused() =>
        Refusal.Refused("inspection_closed", () => InspectionSteps.Decide(Given.Inspection(Planned(), Started(), Concluded()),
            new RecordObstruction(3, "拒绝"), Actors.UrumqiInspector, Now));

    [Fact]
    public void A_Kashgar_inspector_cannot_record_an_obstruction_on_a_Urumqi_inspection() =>
        Refusal.NotFound(() => InspectionSteps.Decide(Given.Inspection(Planned(), Started()),
            new RecordObstruction(2, "拒绝"), Actors.KashgarInspector, Now));

    // ---------------------------------------------------------------- conclude

    [Fact]
    public void Concluding_a_started_inspection_records_the_summary()
    {
        var s = Given.Inspection(Planned(), Started(), Obstructed());
        var e = InspectionSteps.Decide(s, new ConcludeInspection(3, " 发现隐患一处 ", Staff.UrumqiPairIds), Actors.UrumqiLeader, Now);
        Assert.Equal(new InspectionConcluded(InspectionId, "发现隐患一处", "urumqi.leader", Now), e with { Officers = null });
        Assert.Equal(Staff.UrumqiPair, e.Officers); // a leader records it for the two officers named (R1)

        s.Apply(e);
        Assert.Equal(InspectionStatus.Concluded, s.Status);
        Assert.True(s.IsClosed);
        Assert.Equal(Now, s.ClosedAt);
    }

    [Fact]
    public void Concluding_before_the_start_is_refused() =>
        Refusal.Refused("inspection_not_started",
            () => InspectionSteps.Decide(Given.Inspection(Planned()), new ConcludeInspection(1, "结论", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now));

    [Fact]
    public void Concluding_twice_is_refused() =>
        Refusal.Refused("inspection_closed", () => InspectionSteps.Decide(Given.Inspection(Planned(), Started(), Concluded()),
            new ConcludeInspection(3, "再次结论", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now));

    [Fact]
    public void Concluding_needs_a_summary() =>
        Refusal.Invalid("field_required", () => InspectionSteps.Decide(Given.Inspection(Planned(), Started()),
            new ConcludeInspection(2, "", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now), "summary");

    [Fact]
    public void A_summary_longer_than_4000_characters_is_invalid() =>
        Refusal.Invalid("field_too_long", () => InspectionSteps.Decide(Given.Inspection(Planned(), Started()),
            new ConcludeInspection(2, new string('检', 4001), Staff.UrumqiPairIds), Actors.UrumqiInspector, Now), "summary");

    [Fact]
    public void Concluding_with_a_stale_version_is_a_conflict() =>
        Refusal.Stale(2, () => InspectionSteps.Decide(Given.Inspection(Planned(), Started()),
            new ConcludeInspection(1, "结论", Staff.UrumqiPairIds), Actors.UrumqiInspector, Now));

    [Fact]
    public void A_complaint_handler_may_not_conclude() =>
        Refusal.Forbidden(() => InspectionSteps.Decide(Given.Inspection(Planned(), Started()),
            new ConcludeInspection(2, "结论", Staff.UrumqiPairIds), Actors.UrumqiComplaintHandler, Now));

    [Fact]
    public void The_region_leader_may_conclude_an_inspection_below() =>
        Assert.Equal("region.leader", InspectionSteps.Decide(Given.Inspection(Planned(TestUnits.Tianshan), Started()),
            new ConcludeInspection(2, "结论", Staff.UrumqiPairIds), Actors.RegionLeader, Now).ConcludedBy);

    // ---------------------------------------------------------------- cancel

    [Fact]
    public void Cancelling_a_planned_inspection_records_the_reason()
    {
        var s = Given.Inspection(Planned());
        var e = InspectionSteps.Decide(s, new CancelInspection(1, " 单位已撤销 "), Actors.UrumqiLeader, Now);
        Assert.Equal(new InspectionCancelled(InspectionId, "单位已撤销", "urumqi.leader", Now), e);

        s.Apply(e);
        Assert.Equal(InspectionStatus.Cancelled, s.Status);
        Assert.Equal("单位已撤销", s.CancelReason);
    }

    [Fact]
    public void Cancelling_a_started_inspection_is_refused() =>
        Refusal.Refused("inspection_in_progress",
            () => InspectionSteps.Decide(Given.Inspection(Planned(), Started()), new CancelInspection(2, "不查了"), Actors.UrumqiLeader, Now));

    [Fact]
    public void Cancelling_needs_a_reason() =>
        Refusal.Invalid("field_required",
            () => InspectionSteps.Decide(Given.Inspection(Planned()), new CancelInspection(1, null), Actors.UrumqiLeader, Now), "reason");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cancelling_a_closed_inspection_is_refused(bool concluded)
    {
        var s = concluded ? Given.Inspection(Planned(), Started(), Concluded()) : Given.Inspection(Planned(), Cancelled());
        Refusal.Refused("inspection_closed", () => InspectionSteps.Decide(s, new CancelInspection(s.Version, "取消"), Actors.UrumqiLeader, Now));
    }

    [Fact]
    public void Cancelling_with_a_stale_version_is_a_conflict() =>
        Refusal.Stale(1, () => InspectionSteps.Decide(Given.Inspection(Planned()), new CancelInspection(0, "取消"), Actors.UrumqiLeader, Now));

    [Fact]
    public void A_Kashgar_leader_cannot_cancel_a_Urumqi_inspection() =>
        Refusal.NotFound(() => InspectionSteps.Decide(Given.Inspection(Planned()), new CancelInspection(1, "取消"), Actors.KashgarLeader, Now));

    // ---------------------------------------------------------------- hazards

    private static RecordHazard HazardCommand(long version, string? item = "Art38.3", string? description = "库房漏水", string[]? evidence = null) =>
        new(version, item, description, evidence ?? ["照片-001"]);

    [Fact]
    public void A_hazard_is_recorded_on_the_inspection_and_opens_a_rectification()
    {
        var s = Given.Inspection(Planned(), Started());
        var (onInspection, onRectification) = RecordHazardEndpoint.Decide(s,
            new RecordHazard(2, "Art38.3", " 库房漏水 ", [" 照片-001 ", "", "  ", "笔录-2026-01"]), Actors.UrumqiInspector, NewRectificationId, Now);

        Assert.Equal(new HazardRecorded(InspectionId, NewRectificationId, "Art38.3", "库房漏水", "urumqi.inspector1", Now), onInspection);

        Assert.Equal(NewRectificationId, onRectification.RectificationId);
        Assert.Equal(InspectionId, onRectification.InspectionId);
        Assert.Equal(TestUnits.Urumqi.Id, onRectification.UnitId);
        Assert.Equal(TestUnits.Urumqi.Name, onRectification.UnitName);
        Assert.Equal("650100", onRectification.JurisdictionId);
        Assert.Equal(Paths.Urumqi, onRectification.JurisdictionPath);
        Assert.Equal("Art38.3", onRectification.Item);
        Assert.Equal("库房漏水", onRectification.Description);
        Assert.Equal(["照片-001", "笔录-2026-01"], onRectification.Evidence);
        Assert.Equal(Staff.UrumqiPair, onRectification.Inspectors);
        Assert.Equal("urumqi.inspector1", onRectification.RecordedBy);
        Assert.Equal(Now, onRectification.FoundAt);

        s.Apply(onInspection);
        Assert.Equal([NewRectificationId], s.RectificationIds);
    }

    [Fact]
    public void A_hazard_before_the_start_is_refused() =>
        Refusal.Refused("inspection_not_started",
            () => RecordHazardEndpoint.Decide(Given.Inspection(Planned()), HazardCommand(1), Actors.UrumqiInspector, NewRectificationId, Now));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_hazard_on_a_closed_inspection_is_refused(bool concluded)
    {
        var s = concluded ? Given.Inspection(Planned(), Started(), Concluded()) : Given.Inspection(Planned(), Cancelled());
        Refusal.Refused("inspection_closed", () => RecordHazardEndpoint.Decide(s, HazardCommand(s.Version), Actors.UrumqiInspector, NewRectificationId, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void A_hazard_needs_an_item(string? item) =>
        Refusal.Invalid("field_required", () => RecordHazardEndpoint.Decide(Given.Inspection(Planned(), Started()),
            HazardCommand(2, item: item), Actors.UrumqiInspector, NewRectificationId, Now), "item");

    [Theory]
    [InlineData("Art37.1")] // a focus item, not a hazard
    [InlineData("Art38.9")]
    [InlineData("art38.1")]
    [InlineData("Art38.1 ")]
    public void A_hazard_with_an_unknown_item_is_invalid(string item) =>
        Refusal.Invalid("unknown_hazard_item", () => RecordHazardEndpoint.Decide(Given.Inspection(Planned(), Started()),
            HazardCommand(2, item: item), Actors.UrumqiInspector, NewRectificationId, Now), "item");

    [Fact]
    public void A_hazard_needs_a_description() =>
        Refusal.Invalid("field_required", () => RecordHazardEndpoint.Decide(Given.Inspection(Planned(), Started()),
            HazardCommand(2, description: null), Actors.UrumqiInspector, NewRectificationId, Now), "description");

    public static TheoryData<string[]?> NoEvidence => new() { null, Array.Empty<string>(), new[] { "", "   " } };

    [Theory]
    [MemberData(nameof(NoEvidence))]
    public void A_hazard_without_evidence_is_invalid(string[]? evidence) =>
        Refusal.Invalid("evidence_required", () => RecordHazardEndpoint.Decide(Given.Inspection(Planned(), Started()),
            new RecordHazard(2, "Art38.3", "库房漏水", evidence), Actors.UrumqiInspector, NewRectificationId, Now), "evidence");

    [Fact]
    public void More_than_fifty_pieces_of_evidence_are_invalid() =>
        Refusal.Invalid("evidence_too_large", () => RecordHazardEndpoint.Decide(Given.Inspection(Planned(), Started()),
            HazardCommand(2, evidence: Enumerable.Range(1, RecordHazardEndpoint.MaxEvidence + 1).Select(i => $"照片-{i}").ToArray()),
            Actors.UrumqiInspector, NewRectificationId, Now), "evidence");

    [Fact]
    public void An_evidence_entry_over_1000_characters_is_invalid() =>
        Refusal.Invalid("evidence_too_large", () => RecordHazardEndpoint.Decide(Given.Inspection(Planned(), Started()),
            HazardCommand(2, evidence: [new string('证', 1001)]), Actors.UrumqiInspector, NewRectificationId, Now), "evidence");

    [Fact]
    public void A_hazard_with_a_stale_version_is_a_conflict() =>
        Refusal.Stale(3, () => RecordHazardEndpoint.Decide(Given.Inspection(Planned(), Started(), Hazard(Guid.NewGuid())),
            HazardCommand(2), Actors.UrumqiInspector, NewRectificationId, Now));

    [Fact]
    public void A_Kashgar_inspector_cannot_record_a_hazard_on_a_Urumqi_inspection() =>
        Refusal.NotFound(() => RecordHazardEndpoint.Decide(Given.Inspection(Planned(), Started()),
            HazardCommand(2), Actors.KashgarInspector, NewRectificationId, Now));

    [Fact]
    public void A_complaint_handler_may_not_record_a_hazard() =>
        Refusal.Forbidden(() => RecordHazardEndpoint.Decide(Given.Inspection(Planned(), Started()),
            HazardCommand(2), Actors.UrumqiComplaintHandler, NewRectificationId, Now));

    [Fact]
    public void The_region_leader_may_record_a_hazard_below()
    {
        var (onInspection, onRectification) = RecordHazardEndpoint.Decide(Given.Inspection(Planned(TestUnits.Tianshan), Started()),
            HazardCommand(2), Actors.RegionLeader, NewRectificationId, Now);
        Assert.Equal("region.leader", onInspection.RecordedBy);
        Assert.Equal(Paths.Tianshan, onRectification.JurisdictionPath); // the case stays in the unit's jurisdiction
    }
}
