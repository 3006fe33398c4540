using System.Globalization;
using System.Security.Claims;
using Marten;
using Supervision.Files;
using Supervision.Rectifications;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Units;

/// <summary>A unit's address and position on the map (issue 16 §3); either may be cleared by sending null.</summary>
public sealed record SetUnitLocation(string? Address, double? Latitude, double? Longitude);

/// <summary>A unit on the map: where it is, and its open hazards (rectifications not closed), which are where the unit is.</summary>
public sealed record MapUnit(Guid Id, string Name, string JurisdictionId, string? Address, double? Latitude, double? Longitude, int OpenHazards, int OverdueHazards);

/// <summary>A unit's open and overdue orders, counted in SQL.</summary>
internal sealed record UnitLoad(Guid UnitId, int Open, int Overdue);

/// <summary>The units of a jurisdiction and below for the map, with the extent their positions cover.</summary>
public sealed record UnitMapData(string Jurisdiction, IReadOnlyList<MapUnit> Units, double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude);

/// <summary>
/// Where units are (issue 16 §3): an address and an optional position per unit, set when registering it or afterwards, and
/// the map of a jurisdiction's units with their open hazards. No map tiles (none are reachable here): the page draws the
/// positions on a coordinate grid (Pages/Boards/MapPage.razor), and every page works without it.
/// </summary>
public static class UnitMap
{
    public const int MaxAddress = 200;

    /// <summary>A position must be given whole and lie in the region (the same bounds as a photo's GPS, <see cref="EvidenceFiles"/>).</summary>
    public static (double? Latitude, double? Longitude) CheckPosition(double? latitude, double? longitude)
    {
        if (latitude is null && longitude is null) return (null, null);
        if (latitude is not { } lat || longitude is not { } lon)
            throw RuleViolation.Invalid("invalid_position", "经纬度须同时填写", "latitude and longitude go together", latitude is null ? "latitude" : "longitude");
        if (!double.IsFinite(lat) || !double.IsFinite(lon) || lat < EvidenceFiles.MinLatitude || lat > EvidenceFiles.MaxLatitude
            || lon < EvidenceFiles.MinLongitude || lon > EvidenceFiles.MaxLongitude)
            throw RuleViolation.Invalid("invalid_position", "位置不在本自治区范围内", "The position is outside the region", "latitude");
        return (Math.Round(lat, 6), Math.Round(lon, 6));
    }

    /// <summary>An address is optional (blank is none) and at most <see cref="MaxAddress"/> characters.</summary>
    public static string? CheckAddress(string? address)
    {
        var trimmed = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
        if (trimmed is { Length: > MaxAddress })
            throw RuleViolation.Invalid("field_too_long", $"地址不超过 {MaxAddress} 字", $"address is at most {MaxAddress} characters", "address");
        return trimmed;
    }

    [WolverinePost("/api/units/{id}/location", OperationId = "SetUnitLocation")]
    public static async Task<SupervisedUnit> SetLocation(Guid id, SetUnitLocation c, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var unit = await session.LoadAsync<SupervisedUnit>(id, ct);
        if (unit is null || !actor.Covers(unit.JurisdictionPath)) throw RuleViolation.NotFound("unit");
        Guard.CanAct(actor, unit.JurisdictionPath, Roles.Inspector, Roles.Leader, Roles.Admin);
        (unit.Latitude, unit.Longitude) = CheckPosition(c.Latitude, c.Longitude);
        unit.Address = CheckAddress(c.Address);
        session.Store(unit);
        return unit;
    }

    /// <summary>The map's data: the scope's units (at most 2,000), each with its open and overdue hazards.</summary>
    [WolverineGet("/api/units/map", OperationId = "GetUnitMap")]
    public static async Task<UnitMapData> Get(ClaimsPrincipal user, ReadSessions reads, string? jurisdiction, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await Get(user, session, jurisdiction, ct);
    }

    /// <summary>The same query on a given session (a page's read session).</summary>
    public static async Task<UnitMapData> Get(ClaimsPrincipal user, IQuerySession session, string? jurisdiction, CancellationToken ct)
    {
        var scope = Scope.For(Actor.From(user), jurisdiction);
        var units = await session.Query<SupervisedUnit>().Where(u => u.JurisdictionPath.StartsWith(scope))
            .OrderBy(u => u.JurisdictionPath).ThenBy(u => u.Name).Take(2000).ToListAsync(ct);
        // Counted in SQL for the units shown, from the indexes on the duplicated board, path and unit columns alone: a region
        // has tens of thousands of open orders, and reading each snapshot to count it here took the map 0.2–0.4 s at 1.1 M events.
        var rectifications = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(Rectification)).TableName.QualifiedName;
        var loads = await session.AdvancedSql.QueryAsync<UnitLoad>(
            "select jsonb_build_object('unitId', unit_id, 'open', count(*), 'overdue', count(*) filter (where board = 'overdue')) " +
            $"from {rectifications} where board in ('open', 'overdue') and jurisdiction_path like ? and unit_id = any(?) group by unit_id",
            ct, scope + "%", units.Select(u => u.Id).ToArray());
        var byUnit = loads.ToDictionary(l => l.UnitId, l => (l.Open, l.Overdue));
        var items = units.Select(u =>
        {
            var (o, d) = byUnit.GetValueOrDefault(u.Id);
            return new MapUnit(u.Id, u.Name, u.JurisdictionId, u.Address, u.Latitude, u.Longitude, o, d);
        }).ToList();
        var placed = items.Where(u => u.Latitude is not null).ToList();
        // The extent of the placed units with a margin; the whole region when none is placed.
        var (minLat, maxLat, minLon, maxLon) = placed.Count == 0
            ? (EvidenceFiles.MinLatitude + 1, EvidenceFiles.MaxLatitude - 1, EvidenceFiles.MinLongitude + 1, EvidenceFiles.MaxLongitude - 1)
            : (placed.Min(u => u.Latitude!.Value) - 0.05, placed.Max(u => u.Latitude!.Value) + 0.05, placed.Min(u => u.Longitude!.Value) - 0.05, placed.Max(u => u.Longitude!.Value) + 0.05);
        var scopeId = JurisdictionCatalogue.All.First(j => j.Path == scope).Id;
        return new UnitMapData(scopeId, items, minLat, maxLat, minLon, maxLon);
    }

    /// <summary>
    /// Demo positions: the seat of each demo jurisdiction (approximate city centres), with each unit a little apart
    /// (from its credit code, so the same unit is always in the same place). Demo data only.
    /// </summary>
    public static (double Latitude, double Longitude)? DemoPosition(string jurisdictionId, string creditCode)
    {
        (double, double)? seat = jurisdictionId switch
        {
            "650000" or "650100" => (43.825, 87.617),
            "650102" => (43.794, 87.631),
            "650103" => (43.801, 87.576),
            "650200" => (45.579, 84.889),
            "650202" => (44.328, 84.887),
            "653100" or "653101" => (39.470, 75.989),
            "654000" or "654002" => (43.909, 81.278),
            _ => null,
        };
        if (seat is not { } s) return null;
        var h = creditCode.Aggregate(17, (a, ch) => unchecked(a * 31 + ch));
        return (Math.Round(s.Item1 + (h % 100) / 2500.0, 6), Math.Round(s.Item2 + (h / 100 % 100) / 2000.0, 6));
    }

    public static string Degrees(double latitude, double longitude) =>
        string.Create(CultureInfo.InvariantCulture, $"北纬{latitude:0.0000}° 东经{longitude:0.0000}°");
}
