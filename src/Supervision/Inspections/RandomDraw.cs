using System.Security.Claims;
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
/// </summary>
public sealed record DrawInspections(string? Jurisdiction, int? UnitCount, UnitKind[]? UnitKinds, string[]? FocusItems, DateOnly? PlannedOn, long? Seed);

/// <summary>One drawn unit with its two drawn officers and the inspection planned for it.</summary>
public sealed record DrawSelection(Guid UnitId, string UnitName, string[] InspectorIds, Guid InspectionId);

/// <summary>The whole draw, with its inputs, so anybody can re-run it and get the same result.</summary>
public sealed record RandomDrawPerformed(
    Guid DrawId, string JurisdictionId, string JurisdictionPath, long Seed, string[] FocusItems, DateOnly PlannedOn,
    UnitKind[] UnitKinds, Guid[] CandidateUnitIds, string[] CandidateInspectorIds, DrawSelection[] Selections,
    string DrawnBy, DateTimeOffset DrawnAt, string[]? Exclusions = null); // "unitId/userName" conflicts in force at the draw (R2)

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

    public static InspectionDraw Create(RandomDrawPerformed e) => new()
    {
        Id = e.DrawId, JurisdictionId = e.JurisdictionId, JurisdictionPath = e.JurisdictionPath, Seed = e.Seed,
        FocusItems = e.FocusItems, PlannedOn = e.PlannedOn, UnitKinds = e.UnitKinds, CandidateUnitIds = e.CandidateUnitIds,
        CandidateInspectorIds = e.CandidateInspectorIds, Selections = e.Selections, DrawnBy = e.DrawnBy, DrawnAt = e.DrawnAt,
        Exclusions = e.Exclusions ?? [],
    };
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
}

public static class RandomDrawEndpoint
{
    public const int MaxUnits = 100;

    /// <summary>
    /// Pure: candidates are passed in sorted by id, so the same seed and candidates give the same draw.
    /// Officers are drawn per unit from the certified ones who cover the unit and have no recorded conflict with it.
    /// </summary>
    public static string Exclusion(Guid unitId, string userName) => $"{unitId}/{userName}";

    public static (DrawSelection[] Selections, string? Problem) Draw(long seed, IReadOnlyList<SupervisedUnit> units, IReadOnlyList<AppUser> inspectors, int unitCount,
        Func<Guid> newInspectionId, ISet<string>? exclusions = null)
    {
        // Conflicts as recorded at the draw, so a later record does not change a re-run.
        exclusions ??= units.SelectMany(u => u.ConflictsOfInterest.Select(c => Exclusion(u.Id, c.UserName))).ToHashSet();
        var random = new SeededRandom(seed);
        var drawn = random.Pick(units, Math.Min(unitCount, units.Count));
        var selections = new List<DrawSelection>();
        foreach (var unit in drawn)
        {
            var eligible = inspectors.Where(i => JurisdictionPaths.Covers(i.JurisdictionPath, unit.JurisdictionPath) && !exclusions.Contains(Exclusion(unit.Id, i.Id))).ToArray();
            if (eligible.Length < 2) return ([], unit.Name);
            selections.Add(new DrawSelection(unit.Id, unit.Name, random.Pick(eligible, 2).Select(i => i.Id).ToArray(), newInspectionId()));
        }
        return (selections.ToArray(), null);
    }

    public static RandomDrawPerformed Decide(DrawInspections c, Actor actor, IReadOnlyList<SupervisedUnit> candidateUnits,
        IReadOnlyList<AppUser> candidateInspectors, Guid drawId, Func<Guid> newInspectionId, long generatedSeed, DateTimeOffset now)
    {
        var jurisdiction = c.Jurisdiction is null ? JurisdictionCatalogue.Find(actor.JurisdictionId) : JurisdictionCatalogue.Find(c.Jurisdiction);
        if (jurisdiction is null) throw RuleViolation.Invalid("unknown_jurisdiction", "行政区划代码无效", "Unknown jurisdiction code", "jurisdiction");
        Guard.CanAct(actor, jurisdiction.Path, Roles.Leader);
        if (c.UnitCount is not (>= 1 and <= MaxUnits))
            throw RuleViolation.Invalid("invalid_unit_count", $"抽取单位数须为 1–{MaxUnits}", $"unitCount must be 1..{MaxUnits}", "unitCount");
        var focus = (c.FocusItems ?? []).Distinct().ToArray();
        if (focus.Length == 0 || focus.Any(f => !LegalCatalogue.IsFocusItem(f)))
            throw RuleViolation.Invalid("unknown_focus_item", "须列明第三十七条重点检查事项（Art37.1–Art37.5）", "focusItems must be Art37.1–Art37.5", "focusItems");
        if (c.PlannedOn is null) throw RuleViolation.Invalid("field_required", "计划检查日期不能为空", "plannedOn is required", "plannedOn");
        if (candidateUnits.Count == 0)
            throw RuleViolation.Refused("no_candidate_units", "检查对象名录中没有符合条件的单位", "No unit in the register matches");
        var seed = c.Seed ?? generatedSeed;
        var (selections, short_) = Draw(seed, candidateUnits, candidateInspectors, c.UnitCount.Value, newInspectionId);
        if (short_ is not null)
            throw RuleViolation.Refused("not_enough_inspectors", $"可检查“{short_}”的无利害关系持证执法人员不足两名", $"Fewer than two certified, unconflicted officers can inspect {short_}");
        return new RandomDrawPerformed(drawId, jurisdiction.Id, jurisdiction.Path, seed, focus.Order(StringComparer.Ordinal).ToArray(), c.PlannedOn.Value,
            c.UnitKinds ?? [], candidateUnits.Select(u => u.Id).ToArray(), candidateInspectors.Select(i => i.Id).ToArray(), selections,
            actor.UserName, now, candidateUnits.SelectMany(u => u.ConflictsOfInterest.Select(x => Exclusion(u.Id, x.UserName))).ToArray());
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
        var drawn = Decide(c, actor, units, inspectors, drawId, Guid.CreateVersion7, Random.Shared.NextInt64(), now);

        session.Events.StartStream<InspectionDraw>(drawId, drawn);
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

    /// <summary>Re-runs the draw from its recorded seed and candidates: anyone checking it gets the same units and officers.</summary>
    [WolverineGet("/api/inspection-draws/{id}/verification", OperationId = "VerifyInspectionDraw")]
    public static async Task<IResult> Verify(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var draw = await session.LoadAsync<InspectionDraw>(id, ct);
        if (draw is null || !Actor.From(user).Covers(draw.JurisdictionPath)) return Results.Problem(Problems.NotFound("draw"));
        var units = (await session.LoadManyAsync<SupervisedUnit>(ct, draw.CandidateUnitIds)).OrderBy(u => u.Id).ToList();
        var inspectors = (await session.LoadManyAsync<AppUser>(ct, draw.CandidateInspectorIds)).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        var ids = new Queue<Guid>(draw.Selections.Select(s => s.InspectionId));
        var (again, _) = Draw(draw.Seed, units, inspectors, draw.Selections.Length, () => ids.Count > 0 ? ids.Dequeue() : Guid.Empty, draw.Exclusions.ToHashSet());
        var same = again.Length == draw.Selections.Length && again.Zip(draw.Selections).All(p => p.First.UnitId == p.Second.UnitId && p.First.InspectorIds.SequenceEqual(p.Second.InspectorIds));
        return Results.Ok(new { id, seed = draw.Seed, reproducible = same });
    }

    /// <summary>一公开: the published draw results (units, date, status and conclusion), without staff details.</summary>
    [AllowAnonymous]
    [WolverineGet("/api/public/inspection-draws", OperationId = "PublishedInspectionDraws")]
    public static async Task<IResult> Published(IQuerySession session, CancellationToken ct)
    {
        var draws = await session.Query<InspectionDraw>().OrderByDescending(d => d.DrawnAt).Take(50).ToListAsync(ct);
        var inspectionIds = draws.SelectMany(d => d.Selections.Select(s => s.InspectionId)).ToArray();
        var inspections = inspectionIds.Length == 0 ? [] : (await session.LoadManyAsync<Inspection>(ct, inspectionIds)).ToDictionary(i => i.Id);
        return Results.Ok(draws.Select(d => new
        {
            d.Id, department = JurisdictionCatalogue.Find(d.JurisdictionId)?.DepartmentName, d.DrawnAt, d.PlannedOn, d.FocusItems, d.Seed,
            units = d.Selections.Select(s => new
            {
                s.UnitName,
                status = inspections.TryGetValue(s.InspectionId, out var i) ? i.Status : InspectionStatus.Planned,
                result = inspections.TryGetValue(s.InspectionId, out var j) && j.Status == InspectionStatus.Concluded ? j.Summary : null,
            }),
        }));
    }
}
