using Supervision.Inspections;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;

namespace Supervision.Tests.Inspections;

/// <summary>R6 双随机: reproducible from the seed, officers drawn among the eligible, recused ones excluded.</summary>
public sealed class RandomDrawTests
{
    private static readonly AppUser[] Officers = [Staff.RegionInspector1, Staff.UrumqiInspector1, Staff.UrumqiInspector2, Staff.TianshanInspector1, Staff.KashgarInspector1];

    private static SupervisedUnit[] Units(int n, string jurisdictionId = "650100", string path = Paths.Urumqi) =>
        Enumerable.Range(1, n).Select(i => new SupervisedUnit
        {
            Id = Guid.Parse($"0197a000-0000-7000-8000-{i:D12}"), Name = $"单位{i}", JurisdictionId = jurisdictionId, JurisdictionPath = path,
        }).ToArray();

    private static Func<Guid> Ids() { var n = 0; return () => Guid.Parse($"0197b000-0000-7000-8000-{++n:D12}"); }

    [Fact]
    public void The_generator_is_fixed_by_its_seed()
    {
        Assert.Equal(new SeededRandom(42).Pick(Enumerable.Range(0, 100).ToArray(), 10), new SeededRandom(42).Pick(Enumerable.Range(0, 100).ToArray(), 10));
        Assert.NotEqual(new SeededRandom(42).Pick(Enumerable.Range(0, 100).ToArray(), 10), new SeededRandom(43).Pick(Enumerable.Range(0, 100).ToArray(), 10));
        // Pinned values: a change of algorithm would make recorded draws unverifiable.
        Assert.Equal([2, 6, 3], new SeededRandom(20261126).Pick(Enumerable.Range(0, 8).ToArray(), 3));
        // SplitMix64's published reference output for seed 0.
        Assert.Equal(0xE220A8397B1DCDAFUL, new SeededRandom(0).Next());
    }

    [Fact]
    public void Below_is_roughly_uniform()
    {
        var random = new SeededRandom(7);
        var counts = new int[5];
        for (var i = 0; i < 50_000; i++) counts[random.Below(5)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Same_seed_and_candidates_give_the_same_units_and_officers()
    {
        var units = Units(20);
        var (first, _) = RandomDrawEndpoint.Draw(99, units, Officers, 5, Ids());
        var (second, _) = RandomDrawEndpoint.Draw(99, units, Officers, 5, Ids());
        Assert.Equal(5, first.Length);
        Assert.Equal(first.Select(s => (s.UnitId, string.Join(",", s.InspectorIds))), second.Select(s => (s.UnitId, string.Join(",", s.InspectorIds))));
        Assert.Equal(5, first.Select(s => s.UnitId).Distinct().Count());
    }

    [Fact]
    public void Officers_are_drawn_from_those_who_cover_the_unit_and_have_no_conflict()
    {
        var units = Units(10);
        units[0].ConflictsOfInterest.Add(new ConflictOfInterest(Staff.UrumqiInspector1.Id, "亲属", "urumqi.leader", Clock.Now));
        for (var seed = 0; seed < 200; seed++)
        {
            var (selections, problem) = RandomDrawEndpoint.Draw(seed, units, Officers, 10, Ids());
            Assert.Null(problem);
            foreach (var s in selections)
            {
                Assert.Equal(2, s.InspectorIds.Distinct().Count());
                Assert.All(s.InspectorIds, id => Assert.Contains(id, new[] { Staff.RegionInspector1.Id, Staff.UrumqiInspector1.Id, Staff.UrumqiInspector2.Id }));
                if (s.UnitId == units[0].Id) Assert.DoesNotContain(Staff.UrumqiInspector1.Id, s.InspectorIds);
            }
        }
    }

    [Fact]
    public void A_unit_without_two_eligible_officers_stops_the_draw()
    {
        var kashgarUnits = Units(1, "653100", Paths.Kashgar);
        kashgarUnits[0].ConflictsOfInterest.Add(new ConflictOfInterest(Staff.RegionInspector1.Id, "曾任职", "x", Clock.Now));
        var (selections, problem) = RandomDrawEndpoint.Draw(1, kashgarUnits, Officers, 1, Ids());
        Assert.Empty(selections);
        Assert.Equal("单位1", problem);
    }

    [Fact]
    public void A_re_run_uses_the_conflicts_recorded_at_the_draw_not_the_units_current_ones()
    {
        var units = Units(10); // no conflict recorded on the units any more...
        var recorded = new HashSet<string> { RandomDrawEndpoint.Exclusion(units[0].Id, Staff.UrumqiInspector1.Id) }; // ...but there was one at the draw
        for (var seed = 0; seed < 50; seed++)
        {
            var (selections, _) = RandomDrawEndpoint.Draw(seed, units, Officers, 10, Ids(), recorded);
            Assert.DoesNotContain(Staff.UrumqiInspector1.Id, selections.Single(s => s.UnitId == units[0].Id).InspectorIds);
        }
    }

    [Fact]
    public void The_draw_document_keeps_the_recorded_exclusions()
    {
        var drawn = RandomDrawEndpoint.Decide(new DrawInspections(null, 1, null, ["Art37.1"], Clock.Today, null), Actors.UrumqiLeader, Units(1), Officers, Guid.NewGuid(), Ids(), Clock.Now);
        Assert.Empty(InspectionDraw.Create(drawn with { Exclusions = null }).Exclusions); // drawn before exclusions were recorded
        Assert.Equal(["u/x"], InspectionDraw.Create(drawn with { Exclusions = ["u/x"] }).Exclusions);
    }

    private static readonly DrawInspections KashgarDraw = new("653100", 1, null, ["Art37.1"], Clock.Today, null);

    [Fact]
    public void A_draw_is_refused_when_a_drawn_unit_has_fewer_than_two_unconflicted_officers()
    {
        // Kashgar units are covered by the Kashgar and the regional inspector: exactly two, enough.
        var drawn = RandomDrawEndpoint.Decide(KashgarDraw, Actors.KashgarLeader, Units(1, "653100", Paths.Kashgar), Officers, Guid.NewGuid(), Ids(), Clock.Now);
        Assert.Equal([Staff.KashgarInspector1.Id, Staff.RegionInspector1.Id], drawn.Selections.Single().InspectorIds.Order());
        // A conflict with one of them leaves one: nothing is drawn.
        var conflicted = Units(1, "653100", Paths.Kashgar);
        conflicted[0].ConflictsOfInterest.Add(new ConflictOfInterest(Staff.RegionInspector1.Id, "曾任职", "kashgar.leader", Clock.Now));
        Refusal.Refused("not_enough_inspectors", () => RandomDrawEndpoint.Decide(KashgarDraw, Actors.KashgarLeader, conflicted, Officers, Guid.NewGuid(), Ids(), Clock.Now));
    }

    [Fact]
    public void A_draw_needs_at_least_one_candidate_unit()
    {
        Refusal.Refused("no_candidate_units", () => RandomDrawEndpoint.Decide(KashgarDraw, Actors.KashgarLeader, [], Officers, Guid.NewGuid(), Ids(), Clock.Now));
        // One candidate is enough, even when more units are asked for.
        var one = Units(1, "653100", Paths.Kashgar);
        Assert.Equal([one[0].Id], RandomDrawEndpoint.Decide(KashgarDraw with { UnitCount = 3 }, Actors.KashgarLeader, one, Officers, Guid.NewGuid(), Ids(), Clock.Now)
            .Selections.Select(s => s.UnitId));
    }

    [Fact]
    public void Only_a_leader_of_the_jurisdiction_draws()
    {
        var request = new DrawInspections("650100", 2, null, ["Art37.1"], Clock.Today, null);
        Refusal.Forbidden(() => RandomDrawEndpoint.Decide(request, Actors.UrumqiInspector, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now));
        Refusal.NotFound(() => RandomDrawEndpoint.Decide(request, Actors.KashgarLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now));
        Refusal.Invalid("invalid_unit_count", () => RandomDrawEndpoint.Decide(request with { UnitCount = 0 }, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now), "unitCount");
        var drawn = RandomDrawEndpoint.Decide(request, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now);
        Assert.Equal(2, drawn.Selections.Length);
    }

    [Fact]
    public void The_draw_is_recorded_with_the_leaders_jurisdiction_ordered_focus_items_and_the_unit_kinds()
    {
        var request = new DrawInspections(null, 2, null, ["Art37.3", "Art37.1", "Art37.3"], Clock.Today, null);
        var drawn = RandomDrawEndpoint.Decide(request, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now);
        Assert.Equal(("650100", Paths.Urumqi), (drawn.JurisdictionId, drawn.JurisdictionPath)); // none given: the leader's own
        Assert.Equal(["Art37.1", "Art37.3"], drawn.FocusItems);                                  // distinct, in order
        Assert.Empty(drawn.UnitKinds);
        Assert.Equal([UnitKind.Organ], RandomDrawEndpoint.Decide(request with { UnitKinds = [UnitKind.Organ] }, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now).UnitKinds);
    }

    [Fact]
    public void A_draw_request_is_validated()
    {
        var request = new DrawInspections("650100", 2, null, ["Art37.1"], Clock.Today, null);
        RandomDrawPerformed Draw(DrawInspections r) => RandomDrawEndpoint.Decide(r, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now);
        Refusal.Invalid("unknown_jurisdiction", () => Draw(request with { Jurisdiction = "659999" }), "jurisdiction");
        Assert.Single(Draw(request with { UnitCount = 1 }).Selections);
        Assert.Equal(3, Draw(request with { UnitCount = RandomDrawEndpoint.MaxUnits }).Selections.Length); // all three candidates
        Refusal.Invalid("invalid_unit_count", () => Draw(request with { UnitCount = RandomDrawEndpoint.MaxUnits + 1 }), "unitCount");
        Refusal.Invalid("unknown_focus_item", () => Draw(request with { FocusItems = null }), "focusItems");
        Refusal.Invalid("unknown_focus_item", () => Draw(request with { FocusItems = [] }), "focusItems");
        Refusal.Invalid("unknown_focus_item", () => Draw(request with { FocusItems = ["Art37.1", "Art38.1"] }), "focusItems");
        Refusal.Invalid("field_required", () => Draw(request with { PlannedOn = null }), "plannedOn");
    }

    // ------------------------------------------------------------------ issue 12 item 17: draws that cannot be repeated until they suit

    [Fact]
    public void The_seed_cannot_be_chosen_it_is_derived_from_the_recorded_inputs_and_time()
    {
        var request = new DrawInspections("650100", 2, null, ["Art37.1"], Clock.Today, null);
        Refusal.Invalid("seed_not_allowed", () => RandomDrawEndpoint.Decide(request with { Seed = 7 }, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now), "seed");

        var id = Guid.Parse("0197c000-0000-7000-8000-000000000001");
        var drawn = RandomDrawEndpoint.Decide(request, Actors.UrumqiLeader, Units(3), Officers, id, Ids(), Clock.Now);
        Assert.Equal((RandomDrawEndpoint.SeedRule, "2026-02"), (drawn.SeedRule, drawn.PlanPeriod));
        Assert.Equal(RandomDrawEndpoint.DeriveSeed(id, "650100", Clock.Today, ["Art37.1"], [], drawn.CandidateUnitIds, drawn.CandidateInspectorIds, [], Clock.Now), drawn.Seed);
        // The same inputs give the same seed; a millisecond later, another draw id or other candidates give another one.
        Assert.Equal(drawn.Seed, RandomDrawEndpoint.Decide(request, Actors.UrumqiLeader, Units(3), Officers, id, Ids(), Clock.Now).Seed);
        Assert.NotEqual(drawn.Seed, RandomDrawEndpoint.Decide(request, Actors.UrumqiLeader, Units(3), Officers, id, Ids(), Clock.Now.AddMilliseconds(1)).Seed);
        Assert.NotEqual(drawn.Seed, RandomDrawEndpoint.Decide(request, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now).Seed);
        Assert.NotEqual(drawn.Seed, RandomDrawEndpoint.Decide(request, Actors.UrumqiLeader, Units(4), Officers, id, Ids(), Clock.Now).Seed);
    }

    [Fact]
    public void A_second_draw_for_the_same_plan_period_needs_a_reason_and_names_the_draw_it_supersedes()
    {
        var request = new DrawInspections("650100", 2, null, ["Art37.1"], Clock.Today, null);
        var first = InspectionDraw.Create(RandomDrawEndpoint.Decide(request, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now));
        var conflict = Assert.Throws<RuleViolation>(() => RandomDrawEndpoint.Decide(request, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now, first));
        Assert.Equal((409, "draw_exists_for_period"), (conflict.Status, conflict.Problem.Extensions["code"]?.ToString()));
        Refusal.Invalid("too_long", () => RandomDrawEndpoint.Decide(request with { RedrawReason = new string('理', 501) }, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now, first), "redrawReason");
        Refusal.Refused("no_draw_to_replace", () => RandomDrawEndpoint.Decide(request with { RedrawReason = "名录有误" }, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now), "redrawReason");

        var again = RandomDrawEndpoint.Decide(request with { RedrawReason = "  检查对象名录漏列两家单位  " }, Actors.UrumqiLeader, Units(5), Officers, Guid.NewGuid(), Ids(), Clock.Now, first);
        Assert.Equal((first.Id, "检查对象名录漏列两家单位"), (again.Supersedes, again.RedrawReason));
    }

    [Fact]
    public void The_plan_period_is_the_month_of_the_planned_date()
    {
        Assert.Equal("2026-12", RandomDrawEndpoint.PlanPeriodOf(new DateOnly(2026, 12, 31)));
        Assert.Equal("2027-01", RandomDrawEndpoint.PlanPeriodOf(new DateOnly(2027, 1, 1)));
    }
}
