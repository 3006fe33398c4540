using System.Security.Claims;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Units;

/// <summary>A supervised unit (被监督单位): archives and organisations under a department's supervision (Art. 11, 15, 39).</summary>
public sealed class SupervisedUnit
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public UnitKind Kind { get; set; }
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public string CreditCode { get; set; } = "";     // 统一社会信用代码, GB 32100
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    /// <summary>Where the unit is (issue 16 §3): its address, and its position (WGS-84) when known; its hazards are shown there.</summary>
    public string? Address { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public string RegisteredBy { get; set; } = "";
    /// <summary>R2: recorded relations between officers and this unit; such officers are not assigned.</summary>
    public List<ConflictOfInterest> ConflictsOfInterest { get; set; } = [];
    /// <summary>APL Art. 61: the unit's written consent to electronic service, with the address agreed; none until recorded.</summary>
    public Supervision.Documents.ElectronicServiceConsent? ElectronicServiceConsent { get; set; }

    public bool HasConflict(string userName) => ConflictsOfInterest.Any(c => c.UserName == userName);
}

/// <summary>利害关系登记：人员与被检查单位的关系 / A recorded conflict of interest between an officer and a unit.</summary>
public sealed record ConflictOfInterest(string UserName, string Relation, string RecordedBy, DateTimeOffset RecordedAt);
/// <summary>登记利害关系 / Record a conflict of interest.</summary>
public sealed record RecordConflict(string? UserName, string? Relation);

/// <summary>登记被监督单位 / Register a supervised unit.</summary>
public sealed record RegisterUnit(string? Name, UnitKind? Kind, string? JurisdictionId, string? CreditCode, string? ContactName, string? ContactPhone,
    string? Address = null, double? Latitude = null, double? Longitude = null);
/// <summary>被监督单位已登记 / A supervised unit was registered.</summary>
public sealed record UnitCreated(Guid Id);
/// <summary>单位列表的一页 / One page of the unit list.</summary>
public sealed record UnitPage(IReadOnlyList<SupervisedUnit> Items, long Total, int Page, int PageSize);

public static class UnitEndpoints
{
    [WolverinePost("/api/units", OperationId = "RegisterUnit")]
    public static async Task<IResult> Post(RegisterUnit c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var name = Guard.Required(c.Name, "name", "单位名称", 200);
        if (c.Kind is null || !Enum.IsDefined(c.Kind.Value))
            throw RuleViolation.Invalid("invalid_unit_kind", "单位类型无效", "kind is missing or unknown", "kind");
        var jurisdiction = JurisdictionCatalogue.Find(c.JurisdictionId)
            ?? throw RuleViolation.Invalid("unknown_jurisdiction", "行政区划代码无效", "Unknown jurisdiction code", "jurisdictionId");
        Guard.CanAct(actor, jurisdiction.Path, Roles.Inspector, Roles.Leader, Roles.Admin);
        if (CreditCode.Problem(c.CreditCode) is { } problem)
        {
            // CreditCode.Problem reads "中文 (English)".
            var split = problem.IndexOf(" (", StringComparison.Ordinal);
            var (zh, en) = split > 0 ? (problem[..split], problem[(split + 2)..].TrimEnd(')')) : (problem, problem);
            throw RuleViolation.Invalid("invalid_credit_code", zh, "Invalid unified social credit code: " + en, "creditCode");
        }
        var code = c.CreditCode!;
        var (latitude, longitude) = UnitMap.CheckPosition(c.Latitude, c.Longitude);
        var address = UnitMap.CheckAddress(c.Address);
        if (await session.Query<SupervisedUnit>().AnyAsync(u => u.CreditCode == code, ct))
            throw new RuleViolation(Problems.Conflict("duplicate_credit_code", "该统一社会信用代码已登记", "A unit with this credit code is already registered"));

        var unit = new SupervisedUnit
        {
            Id = Idempotency.NewId(http),
            Name = name,
            Kind = c.Kind.Value,
            JurisdictionId = jurisdiction.Id,
            JurisdictionPath = jurisdiction.Path,
            CreditCode = code,
            ContactName = c.ContactName?.Trim(),
            ContactPhone = c.ContactPhone?.Trim(),
            Address = address, Latitude = latitude, Longitude = longitude,
            RegisteredAt = clock.GetUtcNow(),
            RegisteredBy = actor.UserName,
        };
        session.Insert(unit); // Insert, not Store: a retried key collides instead of overwriting
        Idempotency.Remember(session, http, 201, new UnitCreated(unit.Id), unit.RegisteredAt);
        return Results.Created($"/api/units/{unit.Id}", new UnitCreated(unit.Id));
    }

    /// <summary>R2: record that an officer has a relation to the unit (kin, former employment …); a leader's act.</summary>
    [WolverinePost("/api/units/{id}/conflicts", OperationId = "RecordConflictOfInterest")]
    public static async Task<IResult> RecordConflict(Guid id, RecordConflict c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var unit = await session.LoadAsync<SupervisedUnit>(id, ct);
        if (unit is null) throw RuleViolation.NotFound("unit");
        Guard.CanAct(actor, unit.JurisdictionPath, Roles.Leader, Roles.Admin);
        var userName = Guard.Required(c.UserName, "userName", "执法人员", 100);
        var relation = Guard.Required(c.Relation, "relation", "利害关系", 500);
        if (await session.LoadAsync<AppUser>(userName, ct) is null)
            throw RuleViolation.Invalid("unknown_user", "该人员不存在", "Unknown user", "userName");
        if (!unit.HasConflict(userName))
        {
            unit.ConflictsOfInterest.Add(new ConflictOfInterest(userName, relation, actor.UserName, clock.GetUtcNow()));
            session.Store(unit);
        }
        return Results.Ok(unit);
    }

    [WolverineGet("/api/units/{id}", OperationId = "GetUnit")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var unit = await session.LoadAsync<SupervisedUnit>(id, ct);
        if (unit is null || !Actor.From(user).Covers(unit.JurisdictionPath)) return Results.Problem(Problems.NotFound("unit"));
        return Results.Ok(unit);
    }

    [WolverineGet("/api/units", OperationId = "ListUnits")]
    public static async Task<UnitPage> List(ClaimsPrincipal user, ReadSessions reads, string? jurisdiction, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await List(user, session, jurisdiction, q, page, pageSize, ct);
    }

    /// <summary>The same query on a given session (a page's read session).</summary>
    public static async Task<UnitPage> List(ClaimsPrincipal user, IQuerySession session, string? jurisdiction, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = Scope.For(Actor.From(user), jurisdiction);
        var (p, size) = Paging.Normalise(page, pageSize);
        var query = session.Query<SupervisedUnit>().Where(u => u.JurisdictionPath.StartsWith(scope));
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(u => u.Name.Contains(q) || u.CreditCode == q);
        var items = await query.OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Name).ToPagedListAsync(p, size, ct);
        return new UnitPage(items.ToList(), items.TotalItemCount, p, size);
    }
}
