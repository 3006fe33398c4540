using System.Security.Claims;
using Marten;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Sanctions;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Dashboards;

public sealed record DrillDownItem(string CaseKind, Guid Id, string Title, string JurisdictionId, DateTimeOffset At, string Link);
public sealed record DrillDown(string Figure, string Jurisdiction, string From, string To, IReadOnlyList<DrillDownItem> Items);

/// <summary>
/// The cases behind a dashboard figure, from the cases' own snapshots, dated as the projection dates
/// them (the event that counts, in Beijing months).
/// </summary>
public static class DashboardDrillDown
{
    public static readonly string[] Figures =
    [
        "inspectionsPlanned", "inspectionsConcluded", "hazards", "ordersIssued", "ordersCorrected", "ordersOverdue",
        "complaintsReceived", "complaintsAccepted", "complaintsClosed", "sanctionCasesOpened", "penaltiesDecided",
    ];

    [WolverineGet("/api/dashboard/cases", OperationId = "GetDashboardCases")]
    public static async Task<DrillDown> Get(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, string? figure, string? item,
        string? jurisdiction, string? from, string? to, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var scope = Scope.For(actor, jurisdiction);
        if (figure is null || !Figures.Contains(figure))
            throw RuleViolation.Invalid("unknown_figure", "统计项无效", $"figure must be one of {string.Join(", ", Figures)}", "figure");
        if (item is not null && !LegalCatalogue.IsHazardItem(item))
            throw RuleViolation.Invalid("unknown_hazard_item", "隐患类别须为 Art38.1–Art38.8", "item must be Art38.1..Art38.8", "item");
        var thisMonth = WorkingDayCalendar.BeijingToday(clock.GetUtcNow()).ToString("yyyy-MM");
        var (fromMonth, toMonth) = DashboardQueries.Range(from, to, thisMonth);
        // Month bounds in Beijing time.
        var start = new DateTimeOffset(int.Parse(fromMonth[..4]), int.Parse(fromMonth[5..]), 1, 0, 0, 0, TimeSpan.FromHours(8));
        var endMonth = new DateTimeOffset(int.Parse(toMonth[..4]), int.Parse(toMonth[5..]), 1, 0, 0, 0, TimeSpan.FromHours(8)).AddMonths(1);
        const int limit = 500;

        var me = actor.UserName; // R22: an Art. 44 case does not exist for the staff named in it, here either
        IReadOnlyList<DrillDownItem> items = figure switch
        {
            "sanctionCasesOpened" => (await session.Query<SanctionCase>().Where(c => c.JurisdictionPath.StartsWith(scope) && !c.ExcludedUserIds.Contains(me) && c.OpenedAt >= start && c.OpenedAt < endMonth).Take(limit).ToListAsync(ct))
                .Select(c => new DrillDownItem("sanction", c.Id, $"{c.PartyName} {c.Violation}", c.JurisdictionId, c.OpenedAt, $"/sanction-cases/{c.Id}")).ToList(),
            "penaltiesDecided" => (await session.Query<SanctionCase>().Where(c => c.JurisdictionPath.StartsWith(scope) && !c.ExcludedUserIds.Contains(me) && c.DecisionNumber != null && c.OpenedAt < endMonth).Take(limit * 4).ToListAsync(ct))
                .Where(c => c.DecidedOn is { } d && Within(d, start, endMonth))
                .Select(c => new DrillDownItem("sanction", c.Id, $"{c.PartyName} {c.DecisionNumber}", c.JurisdictionId, new DateTimeOffset(c.DecidedOn!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)), $"/sanction-cases/{c.Id}")).Take(limit).ToList(),
            "inspectionsPlanned" => (await session.Query<Inspection>().Where(i => i.JurisdictionPath.StartsWith(scope) && i.PlannedAt >= start && i.PlannedAt < endMonth).Take(limit).ToListAsync(ct))
                .Select(i => new DrillDownItem("inspection", i.Id, i.UnitName, i.JurisdictionId, i.PlannedAt, $"/inspections/{i.Id}")).ToList(),
            "inspectionsConcluded" => (await session.Query<Inspection>().Where(i => i.JurisdictionPath.StartsWith(scope) && i.Status == InspectionStatus.Concluded && i.ClosedAt >= start && i.ClosedAt < endMonth).Take(limit).ToListAsync(ct))
                .Select(i => new DrillDownItem("inspection", i.Id, i.UnitName, i.JurisdictionId, i.ClosedAt!.Value, $"/inspections/{i.Id}")).ToList(),
            "hazards" => (await session.Query<Rectification>().Where(r => r.JurisdictionPath.StartsWith(scope) && r.FoundAt >= start && r.FoundAt < endMonth && (item == null || r.Item == item)).Take(limit).ToListAsync(ct))
                .Select(r => new DrillDownItem("rectification", r.Id, $"{r.UnitName} {r.Item}", r.JurisdictionId, r.FoundAt, $"/rectifications/{r.Id}")).ToList(),
            "ordersIssued" => (await session.Query<Rectification>().Where(r => r.JurisdictionPath.StartsWith(scope) && r.DocumentNumber != null && r.FoundAt < endMonth).Take(limit * 4).ToListAsync(ct))
                .Where(r => r.IssuedOn is { } d && Within(d, start, endMonth))
                .Select(r => new DrillDownItem("rectification", r.Id, $"{r.UnitName} {r.DocumentNumber}", r.JurisdictionId, new DateTimeOffset(r.IssuedOn!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)), $"/rectifications/{r.Id}")).Take(limit).ToList(),
            "ordersCorrected" => (await session.Query<Rectification>().Where(r => r.JurisdictionPath.StartsWith(scope) && r.Status == RectificationStatus.Closed && r.ClosedAt >= start && r.ClosedAt < endMonth).Take(limit).ToListAsync(ct))
                .Select(r => new DrillDownItem("rectification", r.Id, $"{r.UnitName} {r.DocumentNumber}", r.JurisdictionId, r.ClosedAt!.Value, $"/rectifications/{r.Id}")).ToList(),
            "ordersOverdue" => (await session.Query<Rectification>().Where(r => r.JurisdictionPath.StartsWith(scope) && r.IsOverdue && r.OverdueAt >= start && r.OverdueAt < endMonth).Take(limit).ToListAsync(ct))
                .Select(r => new DrillDownItem("rectification", r.Id, $"{r.UnitName} {r.DocumentNumber}", r.JurisdictionId, r.OverdueAt!.Value, $"/rectifications/{r.Id}")).ToList(),
            "complaintsReceived" => (await session.Query<Complaint>().Where(c => c.JurisdictionPath.StartsWith(scope) && c.RegisteredAt >= start && c.RegisteredAt < endMonth).Take(limit).ToListAsync(ct))
                .Select(c => new DrillDownItem("complaint", c.Id, $"{c.ReceiptNumber} {c.UnitName}", c.JurisdictionId, c.RegisteredAt, $"/complaints/{c.Id}")).ToList(),
            "complaintsAccepted" => (await session.Query<Complaint>().Where(c => c.JurisdictionPath.StartsWith(scope) && c.Decision == AcceptanceDecision.Accepted && c.DecidedAt >= start && c.DecidedAt < endMonth).Take(limit).ToListAsync(ct))
                .Select(c => new DrillDownItem("complaint", c.Id, $"{c.ReceiptNumber} {c.UnitName}", c.JurisdictionId, c.DecidedAt!.Value, $"/complaints/{c.Id}")).ToList(),
            _ => (await session.Query<Complaint>().Where(c => c.JurisdictionPath.StartsWith(scope) && c.Status == ComplaintStatus.Closed && c.ClosedAt >= start && c.ClosedAt < endMonth).Take(limit).ToListAsync(ct))
                .Select(c => new DrillDownItem("complaint", c.Id, $"{c.ReceiptNumber} {c.UnitName}", c.JurisdictionId, c.ClosedAt!.Value, $"/complaints/{c.Id}")).ToList(),
        };
        return new DrillDown(figure, JurisdictionCatalogue.All.First(j => j.Path == scope).Id, fromMonth, toMonth, items.OrderBy(i => i.At).ToList());
    }

    private static bool Within(DateOnly day, DateTimeOffset start, DateTimeOffset end)
    {
        var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        return at >= start && at < end;
    }
}
