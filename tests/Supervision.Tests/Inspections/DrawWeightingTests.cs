using Supervision.Inspections;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;

namespace Supervision.Tests.Inspections;

/// <summary>
/// Issue 17 §3: the 双随机 draw weighted by risk — rule risk-v1, the weighted pick (integers only, reproducible), the seed
/// rule v2 over the weights, and verification from the weights recorded at the draw. Uniform draws stay as they were.
/// </summary>
public sealed class DrawWeightingTests
{
    private static readonly AppUser[] Officers = [Staff.RegionInspector1, Staff.UrumqiInspector1, Staff.UrumqiInspector2, Staff.TianshanInspector1, Staff.KashgarInspector1];

    private static SupervisedUnit[] Units(int n) =>
        Enumerable.Range(1, n).Select(i => new SupervisedUnit
        {
            Id = Guid.Parse($"0197a000-0000-7000-8000-{i:D12}"), Name = $"单位{i}", JurisdictionId = "650100", JurisdictionPath = Paths.Urumqi,
        }).ToArray();

    private static Func<Guid> Ids() { var n = 0; return () => Guid.Parse($"0197b000-0000-7000-8000-{++n:D12}"); }

    private static readonly DrawInspections Request = new("650100", 2, null, ["Art37.1"], Clock.Today, null);

    // ------------------------------------------------------------------ rule risk-v1

    [Fact]
    public void A_unit_with_nothing_recorded_weighs_the_base_weight()
    {
        Assert.Equal((1, ""), DrawWeighting.WeighRiskV1(new DrawRiskInputs()));
    }

    [Theory]
    [InlineData("不合格", 5)]
    [InlineData("合格", 3)]
    [InlineData("良好", 2)]
    [InlineData("优秀", 1)]
    public void The_latest_published_grade_adds_its_points(string grade, int weight)
    {
        Assert.Equal((weight, $"grade:{grade}+{weight - 1}"), DrawWeighting.WeighRiskV1(new DrawRiskInputs(Grade: grade)));
    }

    [Fact]
    public void Each_signal_counts_up_to_its_cap_and_the_factors_say_what_was_counted()
    {
        Assert.Equal((1 + 4 + 2 * 3, "grade:不合格+4,overdue:2×3"), DrawWeighting.WeighRiskV1(new DrawRiskInputs("不合格", OverdueOrders: 2)));
        Assert.Equal((1 + 4 * 3, "overdue:4×3"), DrawWeighting.WeighRiskV1(new DrawRiskInputs(OverdueOrders: 9)));
        Assert.Equal((1 + 3 * 2, "complaints:3×2"), DrawWeighting.WeighRiskV1(new DrawRiskInputs(SubstantiatedComplaints: 5)));
        Assert.Equal((1 + 2 * 2, "reports:2×2"), DrawWeighting.WeighRiskV1(new DrawRiskInputs(MissedAnnualReports: 3)));
        Assert.Equal((1 + 1 * 2, "complaints:1×2"), DrawWeighting.WeighRiskV1(new DrawRiskInputs(SubstantiatedComplaints: 1)));
        // Everything at its cap: 1 + 4 + 12 + 6 + 4.
        var (max, factors) = DrawWeighting.WeighRiskV1(new DrawRiskInputs("不合格", 100, 100, 100));
        Assert.Equal((27, "grade:不合格+4,overdue:4×3,complaints:3×2,reports:2×2"), (max, factors));
    }

    [Fact]
    public void The_candidates_are_weighed_in_their_order_a_unit_without_inputs_at_the_base_weight()
    {
        var units = Units(3);
        var weights = DrawWeighting.WeighAll(units.Select(u => u.Id), new Dictionary<Guid, DrawRiskInputs> { [units[1].Id] = new(OverdueOrders: 1) });
        Assert.Equal([(units[0].Id, 1, ""), (units[1].Id, 4, "overdue:1×3"), (units[2].Id, 1, "")], weights.Select(w => (w.UnitId, w.Weight, w.Factors)));
    }

    [Fact]
    public void The_weighting_is_uniform_or_risk_anything_else_is_refused()
    {
        Assert.Null(DrawWeighting.Parse(null));
        Assert.Null(DrawWeighting.Parse("uniform"));
        Assert.Equal("risk-v1", DrawWeighting.Parse("risk"));
        foreach (var bad in new[] { "Risk", "risk-v1", "", "random" })
            Refusal.Invalid("unknown_weighting", () => DrawWeighting.Parse(bad), "weighting");
        Refusal.Invalid("unknown_weighting", () => RandomDrawEndpoint.Decide(Request with { Weighting = "heavy" }, Actors.UrumqiLeader, Units(3), Officers, Guid.NewGuid(), Ids(), Clock.Now), "weighting");
    }

    // ------------------------------------------------------------------ the weighted pick

    [Fact]
    public void The_same_seed_and_weights_give_the_same_units_in_the_same_order()
    {
        var items = Enumerable.Range(0, 50).ToArray();
        var weights = items.Select(i => 1 + i % 7).ToArray();
        Assert.Equal(new SeededRandom(2026).PickWeighted(items, weights, 10), new SeededRandom(2026).PickWeighted(items, weights, 10));
        Assert.Equal(10, new SeededRandom(2026).PickWeighted(items, weights, 10).Distinct().Count()); // without replacement
        Assert.NotEqual(new SeededRandom(2026).PickWeighted(items, weights, 10), new SeededRandom(2027).PickWeighted(items, weights, 10));
        // Pinned: a change of the algorithm would make recorded weighted draws unverifiable.
        Assert.Equal([4, 5, 2], new SeededRandom(20261126).PickWeighted(Enumerable.Range(0, 8).ToArray(), [1, 2, 3, 4, 5, 6, 7, 8], 3));
        // Asking for more than there are gives them all.
        Assert.Equal([0, 1, 2], new SeededRandom(1).PickWeighted([0, 1, 2], [1, 1, 5], 9).Order());
    }

    [Fact]
    public void The_range_of_each_item_is_its_weight()
    {
        // Weights 1 and 3: r = 0 takes the first item, r = 1..3 the second; over many seeds about a quarter and three quarters.
        var first = Enumerable.Range(0, 8_000).Count(seed => new SeededRandom(seed).PickWeighted(["a", "b"], [1, 3], 1)[0] == "a");
        Assert.InRange(first, 1_700, 2_300);
    }

    [Fact]
    public void A_heavier_unit_is_drawn_more_often_but_every_unit_keeps_a_chance()
    {
        // Ten units, one of weight 10 (an overdue order and a 不合格 grade would give 8): drawing 1 of them over 2,000
        // seeds, the heavy one is expected in 10/19 ≈ 53 % of the draws, each other one in 1/19 ≈ 5 %.
        var units = Enumerable.Range(0, 10).ToArray();
        int[] weights = [1, 1, 1, 10, 1, 1, 1, 1, 1, 1];
        var counts = new int[10];
        for (var seed = 0; seed < 2_000; seed++) counts[new SeededRandom(seed).PickWeighted(units, weights, 1)[0]]++;
        Assert.InRange(counts[3], 900, 1_200);
        Assert.All(counts.Where((_, i) => i != 3), c => Assert.InRange(c, 40, 200));
        // Drawing 3: the heavy unit is in most draws (about 88 %), far more than under the uniform shuffle (30 %).
        var heavyIn = Enumerable.Range(0, 2_000).Count(seed => new SeededRandom(seed).PickWeighted(units, weights, 3).Contains(3));
        var uniformIn = Enumerable.Range(0, 2_000).Count(seed => new SeededRandom(seed).Pick(units, 3).Contains(3));
        Assert.InRange(heavyIn, 1_600, 1_900);
        Assert.InRange(uniformIn, 480, 720);
    }

    [Fact]
    public void Weights_below_one_or_not_one_per_item_are_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeededRandom(1).PickWeighted([1, 2], [1, 0], 1));
        Assert.Throws<ArgumentException>(() => new SeededRandom(1).PickWeighted([1, 2], [1], 1));
    }

    // ------------------------------------------------------------------ uniform draws unchanged

    [Fact]
    public void A_uniform_draw_is_exactly_the_draw_it_was()
    {
        // The uniform shuffle's units for seed 99 (pinned, computed by an independent SplitMix64 + Fisher–Yates), also with weighting "uniform".
        var units = Units(20);
        var (before, _) = RandomDrawEndpoint.Draw(99, units, Officers, 5, Ids());
        Assert.Equal(new SeededRandom(99).Pick(units, 5).Select(u => u.Id), before.Select(s => s.UnitId));
        Assert.Equal(new[] { 4, 12, 10, 18, 9 }, before.Select(s => units.ToList().FindIndex(u => u.Id == s.UnitId) + 1));

        var id = Guid.Parse("0197c000-0000-7000-8000-000000000001");
        var plain = RandomDrawEndpoint.Decide(Request, Actors.UrumqiLeader, Units(3), Officers, id, Ids(), Clock.Now);
        var uniform = RandomDrawEndpoint.Decide(Request with { Weighting = "uniform" }, Actors.UrumqiLeader, Units(3), Officers, id, Ids(), Clock.Now);
        Assert.Equal((RandomDrawEndpoint.SeedRule, null, null), (plain.SeedRule, plain.Weighting, (DrawWeight[]?)plain.Weights));
        Assert.Equal((plain.Seed, plain.SeedRule, null), (uniform.Seed, uniform.SeedRule, uniform.Weighting));
        Assert.Equal(plain.Selections.Select(s => s.UnitId), uniform.Selections.Select(s => s.UnitId));
    }

    [Fact]
    public void Seed_rule_v1_is_byte_for_byte_the_documented_one_and_v2_adds_the_weights()
    {
        // Computed independently (SHA-256 over the newline-joined inputs, first 8 bytes big-endian), as docs/api.md describes.
        var units = Units(3).Select(u => u.Id).ToArray();
        var drawId = Guid.Parse("0197c000-0000-7000-8000-000000000001");
        string[] officers = ["region.inspector1", "urumqi.inspector1"];
        Assert.Equal(8793455054253127453L, RandomDrawEndpoint.DeriveSeed(drawId, "650100", Clock.Today, ["Art37.1"], [], units, officers, [], Clock.Now));
        DrawWeight[] weights = [new(units[0], 3, "overdue:1×3"), new(units[1], 1, ""), new(units[2], 5, "grade:不合格+4")];
        Assert.Equal(6525440672822266003L, RandomDrawEndpoint.DeriveSeed(drawId, "650100", Clock.Today, ["Art37.1"], [], units, officers, [], Clock.Now, "risk-v1", weights));
        // Another weight, another seed; the factors are explanation only.
        Assert.NotEqual(6525440672822266003L, RandomDrawEndpoint.DeriveSeed(drawId, "650100", Clock.Today, ["Art37.1"], [], units, officers, [], Clock.Now, "risk-v1",
            [weights[0] with { Weight = 4 }, weights[1], weights[2]]));
        Assert.Equal(6525440672822266003L, RandomDrawEndpoint.DeriveSeed(drawId, "650100", Clock.Today, ["Art37.1"], [], units, officers, [], Clock.Now, "risk-v1",
            weights.Select(w => w with { Factors = "" })));
    }

    // ------------------------------------------------------------------ the weighted draw, recorded and verified

    [Fact]
    public void A_risk_weighted_draw_records_the_rule_the_weights_and_a_seed_over_them()
    {
        var units = Units(4);
        var id = Guid.Parse("0197c000-0000-7000-8000-000000000002");
        var inputs = new Dictionary<Guid, DrawRiskInputs> { [units[2].Id] = new("不合格", OverdueOrders: 2) };
        var drawn = RandomDrawEndpoint.Decide(Request with { Weighting = "risk" }, Actors.UrumqiLeader, units, Officers, id, Ids(), Clock.Now, riskInputs: inputs);

        Assert.Equal(("risk-v1", RandomDrawEndpoint.WeightedSeedRule), (drawn.Weighting, drawn.SeedRule));
        Assert.Equal(drawn.CandidateUnitIds, drawn.Weights!.Select(w => w.UnitId));
        Assert.Equal([1, 1, 11, 1], drawn.Weights!.Select(w => w.Weight));
        Assert.Equal("grade:不合格+4,overdue:2×3", drawn.Weights![2].Factors);
        Assert.Equal(RandomDrawEndpoint.DeriveSeed(id, "650100", Clock.Today, ["Art37.1"], [], drawn.CandidateUnitIds, drawn.CandidateInspectorIds, [], Clock.Now,
            "risk-v1", drawn.Weights), drawn.Seed);
        var units2 = new SeededRandom(drawn.Seed).PickWeighted(units, [1, 1, 11, 1], 2);
        Assert.Equal(units2.Select(u => u.Id), drawn.Selections.Select(s => s.UnitId));

        var document = InspectionDraw.Create(drawn);
        Assert.Equal(("risk-v1", 11), (document.Weighting, document.Weights![2].Weight));
        // An event from before weighting: uniform.
        var old = InspectionDraw.Create(drawn with { Weighting = null, Weights = null, SeedRule = RandomDrawEndpoint.SeedRule });
        Assert.Null(old.Weighting);
        Assert.Null(RandomDrawEndpoint.RecordedWeights(old, units));
    }

    [Fact]
    public void A_re_run_uses_the_weights_recorded_at_the_draw_and_a_record_that_does_not_match_the_candidates_does_not_verify()
    {
        var units = Units(6);
        var inputs = new Dictionary<Guid, DrawRiskInputs> { [units[0].Id] = new(OverdueOrders: 4), [units[5].Id] = new("合格") };
        var drawn = RandomDrawEndpoint.Decide(Request with { Weighting = "risk", UnitCount = 3 }, Actors.UrumqiLeader, units, Officers, Guid.NewGuid(), Ids(), Clock.Now,
            riskInputs: inputs);
        var draw = InspectionDraw.Create(drawn);

        var (ok, weights) = RandomDrawEndpoint.RecordedWeights(draw, units)!.Value;
        Assert.True(ok);
        Assert.Equal([13, 1, 1, 1, 1, 3], weights);
        var (again, _) = RandomDrawEndpoint.Draw(draw.Seed, units, Officers, 3, Ids(), draw.Exclusions.ToHashSet(), weights);
        Assert.Equal(drawn.Selections.Select(s => (s.UnitId, string.Join(",", s.InspectorIds))), again.Select(s => (s.UnitId, string.Join(",", s.InspectorIds))));

        // A record with a unit's weight missing, doubled or below 1 does not give weights to re-run with.
        Assert.False(RandomDrawEndpoint.RecordedWeights(new InspectionDraw { Weighting = "risk-v1", CandidateUnitIds = draw.CandidateUnitIds, Weights = draw.Weights![1..] }, units)!.Value.Ok);
        Assert.False(RandomDrawEndpoint.RecordedWeights(new InspectionDraw { Weighting = "risk-v1", CandidateUnitIds = draw.CandidateUnitIds, Weights = [.. draw.Weights!, draw.Weights![0]] }, units)!.Value.Ok);
        Assert.False(RandomDrawEndpoint.RecordedWeights(new InspectionDraw { Weighting = "risk-v1", CandidateUnitIds = draw.CandidateUnitIds,
            Weights = [draw.Weights![0] with { Weight = 0 }, .. draw.Weights![1..]] }, units)!.Value.Ok);
    }
}
