using System.Buffers.Binary;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Supervision.Units;
using Wolverine.Http;

namespace Supervision.Inspections;

/// <summary>
/// R6 双随机、一公开: units drawn at random from the register, officers drawn at random from the
/// certified officers (recused ones excluded); reproducible from the recorded seed; published.
/// The seed is not chosen by the person drawing (<see cref="Seed"/> is refused): it is derived from the draw's recorded
/// inputs and time. One draw per department and plan period (the month of <see cref="PlannedOn"/>): a second draw needs
/// <see cref="RedrawReason"/> and supersedes the first, whose inspections not yet started are cancelled.
/// <see cref="Weighting"/>: <c>uniform</c> (default: every candidate equally likely) or <c>risk</c> (weighted by rule
/// <c>risk-v1</c>, <see cref="DrawWeighting"/>).
/// </summary>
public sealed record DrawInspections(string? Jurisdiction, int? UnitCount, UnitKind[]? UnitKinds, string[]? FocusItems, DateOnly? PlannedOn, long? Seed,
    string? RedrawReason = null, string? Weighting = null);

/// <summary>One drawn unit with its two drawn officers and the inspection planned for it.</summary>
public sealed record DrawSelection(Guid UnitId, string UnitName, string[] InspectorIds, Guid InspectionId);

/// <summary>The whole draw, with its inputs, so anybody can re-run it and get the same result. <see cref="Weighting"/> and
/// <see cref="Weights"/> (one per candidate, in candidate order) only on a risk-weighted draw: null = uniform, as every earlier draw.</summary>
public sealed record RandomDrawPerformed(
    Guid DrawId, string JurisdictionId, string JurisdictionPath, long Seed, string[] FocusItems, DateOnly PlannedOn,
    UnitKind[] UnitKinds, Guid[] CandidateUnitIds, string[] CandidateInspectorIds, DrawSelection[] Selections,
    string DrawnBy, DateTimeOffset DrawnAt, string[]? Exclusions = null, // "unitId/userName" conflicts in force at the draw (R2)
    string? SeedRule = null, string? PlanPeriod = null, Guid? Supersedes = null, string? RedrawReason = null,
    string? Weighting = null, DrawWeight[]? Weights = null);

/// <summary>A later draw of the same department and plan period replaced this one, for the reason recorded.</summary>
public sealed record RandomDrawSuperseded(Guid DrawId, Guid NewDrawId, string Reason, string SupersededBy, DateTimeOffset SupersededAt);

/// <summary>双随机抽取：种子、候选、抽中的单位与检查人员 / A random draw: seed, candidates, drawn units and inspectors.</summary>
public sealed class InspectionDraw
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public long Seed { get; set; }
    public string[] FocusItems { get; set; } = [];
    public DateOnly PlannedOn { get; set; }
    public UnitKind[] UnitKinds { get; set; } = [];
    public Guid[] CandidateUnitIds { get; set; } = [];
    public string[] CandidateInspectorIds { get; set; } = [];
    public string[] Exclusions { get; set; } = [];
    public DrawSelection[] Selections { get; set; } = [];
    public string DrawnBy { get; set; } = "";
    public DateTimeOffset DrawnAt { get; set; }
    /// <summary>How the seed was made: <see cref="RandomDrawEndpoint.SeedRule"/>; null for draws whose seed was chosen by hand (before it was refused).</summary>
    public string? SeedRule { get; set; }
    /// <summary>The plan period (yyyy-MM of the planned date); null for draws recorded before periods were kept.</summary>
    public string? PlanPeriod { get; set; }
    public Guid? Supersedes { get; set; }
    public string? RedrawReason { get; set; }
    public Guid? SupersededBy { get; set; }
    public string? SupersededReason { get; set; }
    public DateTimeOffset? SupersededAt { get; set; }
    /// <summary>The weighting rule (<see cref="DrawWeighting.RiskV1"/>); null for a uniform draw.</summary>
    public string? Weighting { get; set; }
    /// <summary>The candidates' weights as recorded at the draw; null for a uniform draw.</summary>
    public DrawWeight[]? Weights { get; set; }

    public static InspectionDraw Create(RandomDrawPerformed e) => new()
    {
        Id = e.DrawId, JurisdictionId = e.JurisdictionId, JurisdictionPath = e.JurisdictionPath, Seed = e.Seed,
        FocusItems = e.FocusItems, PlannedOn = e.PlannedOn, UnitKinds = e.UnitKinds, CandidateUnitIds = e.CandidateUnitIds,
        CandidateInspectorIds = e.CandidateInspectorIds, Selections = e.Selections, DrawnBy = e.DrawnBy, DrawnAt = e.DrawnAt,
        Exclusions = e.Exclusions ?? [], SeedRule = e.SeedRule, PlanPeriod = e.PlanPeriod, Supersedes = e.Supersedes, RedrawReason = e.RedrawReason,
        Weighting = e.Weighting, Weights = e.Weights,
    };

    public void Apply(RandomDrawSuperseded e) { SupersededBy = e.NewDrawId; SupersededReason = e.Reason; SupersededAt = e.SupersededAt; }
}

/// <summary>SplitMix64: a tiny generator whose sequence is fixed by its seed on every runtime (System.Random is not promised to be).</summary>
public sealed class SeededRandom(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n) without modulo bias.</summary>
    public int Below(int n)
    {
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)n;
        ulong x;
        do x = Next(); while (x >= limit);
        return (int)(x % (ulong)n);
    }

    /// <summary>The first <paramref name="count"/> items of a Fisher–Yates shuffle of <paramref name="items"/>.</summary>
    public T[] Pick<T>(IReadOnlyList<T> items, int count)
    {
        var pool = items.ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = i + Below(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..count];
    }

    /// <summary>
    /// <paramref name="count"/> items drawn without replacement, each with a chance proportional to its weight (≥ 1), in
    /// integers only: r = Below(total of the weights left); the item whose cumulative range holds r is taken and removed;
    /// again. The same seed, items and weights always give the same items in the same order.
    /// </summary>
    public T[] PickWeighted<T>(IReadOnlyList<T> items, IReadOnlyList<int> weights, int count)
    {
        if (weights.Count != items.Count) throw new ArgumentException("One weight per item", nameof(weights));
        if (weights.Any(w => w < 1)) throw new ArgumentOutOfRangeException(nameof(weights), "Weights are at least 1");
        var pool = items.Select((item, i) => (Item: item, Weight: weights[i])).ToList();
        var total = checked(pool.Sum(p => p.Weight));
        var drawn = new T[Math.Min(count, pool.Count)];
        for (var n = 0; n < drawn.Length; n++)
        {
            var r = Below(total);
            var i = 0;
            for (var upTo = pool[0].Weight; upTo <= r; upTo += pool[i].Weight) i++;
            drawn[n] = pool[i].Item;
            total -= pool[i].Weight;
            pool.RemoveAt(i);
        }
        return drawn;
    }
}

/// <summary>A draw re-run from its recorded seed and candidates: <c>Reproducible</c> when it gives the same units and officers,
/// <c>SeedDerived</c> when the seed itself follows from the recorded inputs (null for draws from before the seed rule);
/// <c>Weighting</c>: the rule of a risk-weighted draw, re-run from the weights recorded at the draw (null: uniform).</summary>
public sealed record DrawVerification(Guid Id, long Seed, bool Reproducible, string? SeedRule, bool? SeedDerived, string? PlanPeriod,
    Guid? SupersededBy, string? SupersededReason, string? Weighting = null);

/// <summary>A published draw (一公开): the department, dates, focus items, seed and units, without staff details;
/// <c>Weighting</c> names the rule of a risk-weighted draw (the units' factors are not published), null when uniform.</summary>
public sealed record PublishedDraw(Guid Id, string? Department, DateTimeOffset DrawnAt, DateOnly PlannedOn, string[] FocusItems, long Seed,
    string? PlanPeriod, string? RedrawReason, bool Superseded, string? SupersededReason, IReadOnlyList<PublishedDrawUnit> Units, string? Weighting = null);

/// <summary>A drawn unit with its inspection's status and, once concluded, its conclusion.</summary>
public sealed record PublishedDrawUnit(string UnitName, InspectionStatus Status, string? Result);

public static class RandomDrawEndpoint
{
    public const int MaxUnits = 100;

    /// <summary>
    /// Pure: candidates are passed in sorted by id, so the same seed and candidates give the same draw.
    /// Officers are drawn per unit from the certified ones who cover the unit and have no recorded conflict with it.
    /// With <paramref name="weights"/> (one per unit, in the same order) the units are drawn by <see cref="SeededRandom.PickWeighted{T}"/>;
    /// without, by the uniform shuffle every earlier draw used.
    /// </summary>
    public static string Exclusion(Guid unitId, string userName) => $"{unitId}/{userName}";

    public static (DrawSelection[] Selections, string? Problem) Draw(long seed, IReadOnlyList<SupervisedUnit> units, IReadOnlyList<AppUser> inspectors, int unitCount,
        Func<Guid> newInspectionId, ISet<string>? exclusions = null, IReadOnlyList<int>? weights = null)
    {
        // Conflicts as recorded at the draw, so a later record does not change a re-run.
        exclusions ??= units.SelectMany(u => u.ConflictsOfInterest.Select(c => Exclusion(u.Id, c.UserName))).ToHashSet();
        var random = new SeededRandom(seed);
        var count = Math.Min(unitCount, units.Count);
        var drawn = weights is null ? random.Pick(units, count) : random.PickWeighted(units, weights, count);
        var selections = new List<DrawSelection>();
        foreach (var unit in drawn)
        {
            var eligible = inspectors.Where(i => JurisdictionPaths.Covers(i.JurisdictionPath, unit.JurisdictionPath) && !exclusions.Contains(Exclusion(unit.Id, i.Id))).ToArray();
            if (eligible.Length < 2) return ([], unit.Name);
            selections.Add(new DrawSelection(unit.Id, unit.Name, random.Pick(eligible, 2).Select(i => i.Id).ToArray(), newInspectionId()));
        }
        return (selections.ToArray(), null);
    }

    /// <summary>The rule that makes the seed from the recorded inputs (<see cref="DeriveSeed"/>); verification applies it again.</summary>
    public const string SeedRule = "sha256-inputs-v1";
    /// <summary>The seed rule of a weighted draw: v1's inputs, then the weighting rule and the recorded weights.</summary>
    public const string WeightedSeedRule = "sha256-inputs-v2";
    public const int MaxReasonLength = 500;

    /// <summary>The plan period a draw belongs to: the month of its planned inspection date.</summary>
    public static string PlanPeriodOf(DateOnly plannedOn) => plannedOn.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The seed: the first 8 bytes of SHA-256 over the draw's recorded inputs and the server time of the draw. Nobody
    /// drawing can choose it, and anybody can recompute it from the published record. Without a weighting this is rule
    /// <see cref="SeedRule"/> (v1, byte for byte as before); with one, <see cref="WeightedSeedRule"/> (v2) adds two lines: the
    /// weighting rule and the weights as <c>unitId:weight</c>, comma-joined in candidate order — so the weights, too, are
    /// fixed before anyone sees the result.
    /// </summary>
    public static long DeriveSeed(Guid drawId, string jurisdictionId, DateOnly plannedOn, IEnumerable<string> focusItems, IEnumerable<UnitKind> unitKinds,
        IEnumerable<Guid> candidateUnitIds, IEnumerable<string> candidateInspectorIds, IEnumerable<string> exclusions, DateTimeOffset drawnAt,
        string? weighting = null, IEnumerable<DrawWeight>? weights = null)
    {
        var text = string.Join("\n", drawId.ToString("D"), jurisdictionId, plannedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            string.Join(",", focusItems), string.Join(",", unitKinds), string.Join(",", candidateUnitIds), string.Join(",", candidateInspectorIds),
            string.Join(",", exclusions), drawnAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (weighting is not null)
            text += "\n" + weighting + "\n" + string.Join(",", (weights ?? []).Select(w =>
                $"{w.UnitId:D}:{w.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        return BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <param name="current">The draw in force for the same department and plan period, if any.</param>
    /// <param name="riskInputs">For a risk-weighted draw: what rule risk-v1 reads, by unit (a unit not in it weighs 1).</param>
    public static RandomDrawPerformed Decide(DrawInspections c, Actor actor, IReadOnlyList<SupervisedUnit> candidateUnits,
        IReadOnlyList<AppUser> candidateInspectors, Guid drawId, Func<Guid> newInspectionId, DateTimeOffset now, InspectionDraw? current = null,
        IReadOnlyDictionary<Guid, DrawRiskInputs>? riskInputs = null)
    {
        var jurisdiction = c.Jurisdiction is null ? JurisdictionCatalogue.Find(actor.JurisdictionId) : JurisdictionCatalogue.Find(c.Jurisdiction);
        if (jurisdiction is null) throw RuleViolation.Invalid("unknown_jurisdiction", "行政区划代码无效", "Unknown jurisdiction code", "jurisdiction");
        Guard.CanAct(actor, jurisdiction.Path, Roles.Leader);
        if (c.Seed is not null)
            throw RuleViolation.Invalid("seed_not_allowed", "随机种子由系统根据本次抽取的记录内容生成，不能指定",
                "The seed is derived from the draw's recorded inputs; it cannot be chosen", "seed");
        var weighting = DrawWeighting.Parse(c.Weighting);
        if (c.UnitCount is not (>= 1 and <= MaxUnits))
            throw RuleViolation.Invalid("invalid_unit_count", $"抽取单位数须为 1–{MaxUnits}", $"unitCount must be 1..{MaxUnits}", "unitCount");
        var focus = (c.FocusItems ?? []).Distinct().ToArray();
        if (focus.Length == 0 || focus.Any(f => !LegalCatalogue.IsFocusItem(f)))
            throw RuleViolation.Invalid("unknown_focus_item", "须列明第三十七条重点检查事项（Art37.1–Art37.5）", "focusItems must be Art37.1–Art37.5", "focusItems");
        if (c.PlannedOn is null) throw RuleViolation.Invalid("field_required", "计划检查日期不能为空", "plannedOn is required", "plannedOn");
        var reason = string.IsNullOrWhiteSpace(c.RedrawReason) ? null : c.RedrawReason.Trim();
        if (reason is { Length: > MaxReasonLength })
            throw RuleViolation.Invalid("too_long", $"重新抽取理由不能超过 {MaxReasonLength} 字", $"redrawReason is limited to {MaxReasonLength} characters", "redrawReason");
        var period = PlanPeriodOf(c.PlannedOn.Value);
        if (current is not null && reason is null)
            throw new RuleViolation(Problems.Conflict("draw_exists_for_period",
                $"{jurisdiction.DepartmentName}已对 {period} 进行过随机抽取（{WorkingDayCalendar.BeijingToday(current.DrawnAt):yyyy-MM-dd}）；重新抽取须说明理由，原抽取结果随之作废",
                $"This department already drew for {period}; a redraw needs redrawReason and supersedes the earlier draw"));
        if (current is null && reason is not null)
            throw RuleViolation.Refused("no_draw_to_replace", $"{period} 尚无抽取结果，无需重新抽取", $"There is no draw for {period} to replace", "redrawReason");
        if (candidateUnits.Count == 0)
            throw RuleViolation.Refused("no_candidate_units", "检查对象名录中没有符合条件的单位", "No unit in the register matches");

        var kinds = c.UnitKinds ?? [];
        var sortedFocus = focus.Order(StringComparer.Ordinal).ToArray();
        var unitIds = candidateUnits.Select(u => u.Id).ToArray();
        var inspectorIds = candidateInspectors.Select(i => i.Id).ToArray();
        var exclusions = candidateUnits.SelectMany(u => u.ConflictsOfInterest.Select(x => Exclusion(u.Id, x.UserName))).ToArray();
        var weights = weighting is null ? null : DrawWeighting.WeighAll(unitIds, riskInputs);
        var seed = DeriveSeed(drawId, jurisdiction.Id, c.PlannedOn.Value, sortedFocus, kinds, unitIds, inspectorIds, exclusions, now, weighting, weights);
        var (selections, short_) = Draw(seed, candidateUnits, candidateInspectors, c.UnitCount.Value, newInspectionId, weights: weights?.Select(w => w.Weight).ToArray());
        if (short_ is not null)
            throw RuleViolation.Refused("not_enough_inspectors", $"可检查“{short_}”的无利害关系持证执法人员不足两名", $"Fewer than two certified, unconflicted officers can inspect {short_}");
        return new RandomDrawPerformed(drawId, jurisdiction.Id, jurisdiction.Path, seed, sortedFocus, c.PlannedOn.Value,
            kinds, unitIds, inspectorIds, selections, actor.UserName, now, exclusions, weighting is null ? SeedRule : WeightedSeedRule, period, current?.Id, reason,
            weighting, weights);
    }

    [WolverinePost("/api/inspection-draws", OperationId = "DrawInspections")]
    public static async Task<IResult> Post(DrawInspections c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var scope = JurisdictionCatalogue.Find(c.Jurisdiction ?? actor.JurisdictionId)?.Path ?? actor.JurisdictionPath;
        var kinds = c.UnitKinds ?? [];
        var unitQuery = session.Query<SupervisedUnit>().Where(u => u.JurisdictionPath.StartsWith(scope));
        var units = (await unitQuery.ToListAsync(ct)).Where(u => kinds.Length == 0 || kinds.Contains(u.Kind)).OrderBy(u => u.Id).ToList();
        var inspectors = (await session.Query<AppUser>().Where(u => u.Role == Roles.Inspector).ToListAsync(ct))
            .Where(u => u.IsCertifiedInspector).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        var drawId = Idempotency.NewId(http);
        var now = clock.GetUtcNow();
        // The draw in force for the same department and plan period: a redraw supersedes it.
        var jurisdictionId = JurisdictionCatalogue.Find(c.Jurisdiction ?? actor.JurisdictionId)?.Id;
        var period = c.PlannedOn is { } plannedOn ? PlanPeriodOf(plannedOn) : null;
        var current = jurisdictionId is null || period is null ? null : await session.Query<InspectionDraw>()
            .Where(d => d.JurisdictionId == jurisdictionId && d.PlanPeriod == period && d.SupersededBy == null)
            .OrderByDescending(d => d.DrawnAt).FirstOrDefaultAsync(ct);
        // Rule risk-v1's inputs for every candidate at once, only when asked for (an unknown weighting is refused by Decide).
        var riskInputs = c.Weighting == DrawWeighting.Risk ? await DrawWeighting.RiskInputsAsync(session, units, now, ct) : null;
        var drawn = Decide(c, actor, units, inspectors, drawId, Guid.CreateVersion7, now, current, riskInputs);

        session.Events.StartStream<InspectionDraw>(drawId, drawn);
        if (current is not null)
        {
            // Appended at the version read: two redraws at once cannot both supersede the same draw (the second gets 409).
            session.Events.Append(current.Id, current.Version + 1, new RandomDrawSuperseded(current.Id, drawId, drawn.RedrawReason!, actor.UserName, now));
            var earlier = await session.LoadManyAsync<Inspection>(ct, current.Selections.Select(s => s.InspectionId));
            foreach (var inspection in earlier.Where(i => i.Status == InspectionStatus.Planned))
                session.Events.Append(inspection.Id, inspection.Version + 1, new InspectionCancelled(inspection.Id, $"随机抽取已重新进行，原抽取结果作废：{drawn.RedrawReason}", actor.UserName, now));
        }
        var byId = inspectors.ToDictionary(i => i.Id);
        foreach (var s in drawn.Selections)
        {
            var unit = units.First(u => u.Id == s.UnitId);
            var team = s.InspectorIds.Select(id => byId[id]).Select(i => new Signatory(i.Id, i.DisplayName, i.CertificateNumber!)).ToArray();
            session.Events.StartStream<Inspection>(s.InspectionId, new InspectionPlanned(s.InspectionId, unit.Id, unit.Name, unit.JurisdictionId,
                unit.JurisdictionPath, drawn.FocusItems, drawn.PlannedOn, team, actor.UserName, now, drawId));
        }
        Idempotency.Remember(session, http, 201, drawn, now);
        return Results.Created($"/api/inspection-draws/{drawId}", drawn);
    }

    [WolverineGet("/api/inspection-draws/{id}", OperationId = "GetInspectionDraw")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var draw = await session.LoadAsync<InspectionDraw>(id, ct);
        if (draw is null || !Actor.From(user).Covers(draw.JurisdictionPath)) return Results.Problem(Problems.NotFound("draw"));
        return Results.Ok(draw);
    }

    /// <summary>Re-runs the draw from its recorded seed and candidates (and, for a weighted draw, the weights recorded at the draw,
    /// never recomputed: the units' risk changes afterwards): anyone checking it gets the same units and officers.</summary>
    [WolverineGet("/api/inspection-draws/{id}/verification", OperationId = "VerifyInspectionDraw")]
    public static async Task<IResult> Verify(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var draw = await session.LoadAsync<InspectionDraw>(id, ct);
        if (draw is null || !Actor.From(user).Covers(draw.JurisdictionPath)) return Results.Problem(Problems.NotFound("draw"));
        return Results.Ok(await VerifyAsync(draw, session, ct));
    }

    /// <summary>The verification of a draw the reader may see (the endpoint and the draw's page).</summary>
    public static async Task<DrawVerification> VerifyAsync(InspectionDraw draw, IQuerySession session, CancellationToken ct)
    {
        var units = (await session.LoadManyAsync<SupervisedUnit>(ct, draw.CandidateUnitIds)).OrderBy(u => u.Id).ToList();
        var inspectors = (await session.LoadManyAsync<AppUser>(ct, draw.CandidateInspectorIds)).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        var ids = new Queue<Guid>(draw.Selections.Select(s => s.InspectionId));
        var recorded = RecordedWeights(draw, units);
        var again = recorded is { Ok: false } ? []
            : Draw(draw.Seed, units, inspectors, draw.Selections.Length, () => ids.Count > 0 ? ids.Dequeue() : Guid.Empty, draw.Exclusions.ToHashSet(), recorded?.Weights).Selections;
        var same = again.Length == draw.Selections.Length && again.Zip(draw.Selections).All(p => p.First.UnitId == p.Second.UnitId && p.First.InspectorIds.SequenceEqual(p.Second.InspectorIds));
        // The seed itself must come from the recorded inputs: a seed chosen by hand would reproduce too.
        bool? seedDerived = draw.SeedRule switch
        {
            SeedRule => draw.Weighting is null && DeriveSeed(draw.Id, draw.JurisdictionId, draw.PlannedOn, draw.FocusItems, draw.UnitKinds, draw.CandidateUnitIds,
                draw.CandidateInspectorIds, draw.Exclusions, draw.DrawnAt) == draw.Seed,
            WeightedSeedRule => draw.Weighting is not null && DeriveSeed(draw.Id, draw.JurisdictionId, draw.PlannedOn, draw.FocusItems, draw.UnitKinds,
                draw.CandidateUnitIds, draw.CandidateInspectorIds, draw.Exclusions, draw.DrawnAt, draw.Weighting, draw.Weights ?? []) == draw.Seed,
            _ => null,
        };
        return new DrawVerification(draw.Id, draw.Seed, same, draw.SeedRule, seedDerived, draw.PlanPeriod, draw.SupersededBy, draw.SupersededReason, draw.Weighting);
    }

    /// <summary>
    /// The recorded weights in the order of the re-run's units: null for a uniform draw; not Ok when a unit has no recorded
    /// weight or the recorded list does not match the candidates (then the draw does not verify).
    /// </summary>
    public static (bool Ok, int[] Weights)? RecordedWeights(InspectionDraw draw, IReadOnlyList<SupervisedUnit> units)
    {
        if (draw.Weighting is null) return null;
        var byUnit = new Dictionary<Guid, int>();
        foreach (var w in draw.Weights ?? [])
            if (w.Weight < 1 || !byUnit.TryAdd(w.UnitId, w.Weight)) return (false, []);
        if (byUnit.Count != draw.CandidateUnitIds.Length || units.Any(u => !byUnit.ContainsKey(u.Id))) return (false, []);
        return (true, units.Select(u => byUnit[u.Id]).ToArray());
    }

    /// <summary>一公开: the published draw results (units, date, status and conclusion), without staff details.</summary>
    [AllowAnonymous]
    [WolverineGet("/api/public/inspection-draws", OperationId = "PublishedInspectionDraws")]
    public static async Task<IResult> Published(ReadSessions reads, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // public pages read the replica when configured and current (issue 18 §4)
        var draws = await session.Query<InspectionDraw>().OrderByDescending(d => d.DrawnAt).Take(50).ToListAsync(ct);
        var inspectionIds = draws.SelectMany(d => d.Selections.Select(s => s.InspectionId)).ToArray();
        var inspections = inspectionIds.Length == 0 ? [] : (await session.LoadManyAsync<Inspection>(ct, inspectionIds)).ToDictionary(i => i.Id);
        return Results.Ok(draws.Select(d => new PublishedDraw(
            d.Id, JurisdictionCatalogue.Find(d.JurisdictionId)?.DepartmentName, d.DrawnAt, d.PlannedOn, d.FocusItems, d.Seed,
            d.PlanPeriod, d.RedrawReason, d.SupersededBy is not null, d.SupersededReason,
            d.Selections.Select(s => new PublishedDrawUnit(
                s.UnitName,
                inspections.TryGetValue(s.InspectionId, out var i) ? i.Status : InspectionStatus.Planned,
                inspections.TryGetValue(s.InspectionId, out var j) && j.Status == InspectionStatus.Concluded ? j.Summary : null)).ToList(),
            d.Weighting)).ToList());
    }
}
