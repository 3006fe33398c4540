using System.Security.Claims;
using System.Text.Json;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.IntegrationTests.Units;

/// <summary>
/// The unit profile counts in SQL (<see cref="UnitProfileFigures.QueryAsync"/>) what <see cref="UnitProfileFigures.Of"/>
/// defines over the snapshots, each reader seeing only the cases its endpoints would show. The snapshots are written in a
/// transaction that is rolled back, so that cases of every age and kind can be set up without going through years of
/// procedure, and nothing stays in the shared store.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class UnitProfileFiguresTests(AppFixture app)
{
    private const string Region = "650000", Urumqi = "650000/650100", Tianshan = "650000/650100/650102", Karamay = "650000/650200";

    private static readonly Actor[] Readers =
    [
        new("region.leader", "", Roles.Leader, "650000", Region),
        new("urumqi.leader", "", Roles.Leader, "650100", Urumqi), // a participant of one joint inspection, excluded from one Art. 44 case
        new("urumqi.inspector1", "", Roles.Inspector, "650100", Urumqi),
        new("tianshan.inspector", "", Roles.Inspector, "650102", Tianshan),
    ];

    [Fact]
    public async Task The_figures_counted_in_SQL_equal_the_definition_over_the_snapshots_for_every_reader()
    {
        var today = app.Today;
        var now = app.Clock.GetUtcNow();
        // The start of the 2-year window in Beijing, and the instants either side of it.
        var windowStart = WorkingDayCalendar.EndOfDayBeijing(UnitRisk.RecentFrom(today).AddDays(-1));
        DateTimeOffset DaysAgo(int days) => now.AddDays(-days);
        var unit = new SupervisedUnit { Id = Guid.NewGuid(), Name = "画像计数测试单位", JurisdictionId = "650102", JurisdictionPath = Tianshan, CreditCode = "TEST" + Guid.NewGuid().ToString("N")[..14] };
        var u = unit.Id;
        InspectionParticipant Archives(string jurisdiction) => new("dept-" + jurisdiction, "档案局", DepartmentKind.Archives, jurisdiction, DeliveryMethod.Internal);

        Inspection[] inspections =
        [
            new() { Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = Urumqi, Status = InspectionStatus.Concluded, PlannedAt = DaysAgo(40), StartedAt = DaysAgo(35), ClosedAt = DaysAgo(30), PlannedOn = today.AddDays(-40) }, // clean
            new() { Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = Tianshan, Status = InspectionStatus.Concluded, PlannedAt = DaysAgo(110), StartedAt = DaysAgo(100), ClosedAt = DaysAgo(99), Obstructions = ["拒绝提供档案", "拒绝进入库房"], PlannedOn = today.AddDays(-110) },
            new() { Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = Urumqi, Status = InspectionStatus.Concluded, PlannedAt = DaysAgo(910), StartedAt = DaysAgo(900), ClosedAt = DaysAgo(899), Obstructions = ["拒绝检查"], PlannedOn = today.AddDays(-910) }, // old
            new() { Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = Tianshan, Status = InspectionStatus.InProgress, PlannedAt = DaysAgo(800), StartedAt = windowStart, Obstructions = ["阻碍"], PlannedOn = today.AddDays(-800) }, // on the window's first instant
            new() { Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = Tianshan, Status = InspectionStatus.InProgress, PlannedAt = DaysAgo(800), StartedAt = windowStart.AddSeconds(-1), Obstructions = ["阻碍"], PlannedOn = today.AddDays(-801) }, // a second before it
            new() { Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = Tianshan, Status = InspectionStatus.Planned, PlannedAt = DaysAgo(5), Obstructions = ["拒绝接受检查"], PlannedOn = today.AddDays(3) }, // not started: planned counts
            new() { Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = Tianshan, Status = InspectionStatus.Concluded, PlannedAt = DaysAgo(12), StartedAt = DaysAgo(11), ClosedAt = DaysAgo(10), RectificationIds = [Guid.NewGuid()], PlannedOn = today.AddDays(-12) }, // found a hazard: not clean
            new() { Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = Karamay, Status = InspectionStatus.Concluded, PlannedAt = DaysAgo(20), StartedAt = DaysAgo(19), ClosedAt = DaysAgo(18), Obstructions = ["拒绝"], Participants = [Archives("650100")], PlannedOn = today.AddDays(-20) }, // joint: Urumqi's archives take part
            new() { Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = Karamay, Status = InspectionStatus.Concluded, PlannedAt = DaysAgo(21), StartedAt = DaysAgo(21), ClosedAt = DaysAgo(21), Participants = [Archives("650100") with { Kind = DepartmentKind.PublicSecurity }], PlannedOn = today.AddDays(-21) }, // joint, but not with an archives department
            new() { Id = Guid.NewGuid(), UnitId = Guid.NewGuid(), JurisdictionPath = Tianshan, Status = InspectionStatus.Concluded, PlannedAt = DaysAgo(3), ClosedAt = DaysAgo(2), Obstructions = ["另一单位"], PlannedOn = today.AddDays(-3) }, // another unit
        ];
        Rectification Rect(string path, string item, RectificationStatus status, bool overdue = false, string? number = null, int issuedDaysAgo = 30) => new()
        {
            Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = path, Item = item, Status = status, IsOverdue = overdue, DocumentNumber = number,
            IssuedOn = number is null ? null : today.AddDays(-issuedDaysAgo), Board = status == RectificationStatus.Closed ? "closed" : overdue ? "overdue" : "open",
        };
        Rectification[] rectifications =
        [
            Rect(Tianshan, "Art38.3", RectificationStatus.Ordered, number: "天档责改〔2026〕1号", issuedDaysAgo: 3),
            Rect(Tianshan, "Art38.3", RectificationStatus.Ordered, overdue: true, number: "天档责改〔2026〕2号", issuedDaysAgo: 40),
            Rect(Urumqi, "Art38.1", RectificationStatus.Closed, overdue: true, number: "乌档责改〔2025〕3号", issuedDaysAgo: 400),
            Rect(Urumqi, "Art38.1", RectificationStatus.Found),
            Rect(Region, "Art38.5", RectificationStatus.Ordered, number: "新档责改〔2026〕4号", issuedDaysAgo: 3),
            Rect(Karamay, "Art38.2", RectificationStatus.Ordered, overdue: true, number: "克档责改〔2026〕5号"),
        ];
        var receipt = 0;
        Complaint Comp(string path, DateTimeOffset received, bool? substantiated, AcceptanceDecision? decision, ComplaintStatus status) => new()
        {
            Id = Guid.NewGuid(), UnitId = u, JurisdictionPath = path, ReceivedAt = received, Substantiated = substantiated, Decision = decision,
            Status = status, ReceiptNumber = $"TEST-{u:N}-{++receipt}",
        };
        Complaint[] complaints =
        [
            Comp(Tianshan, DaysAgo(200), true, AcceptanceDecision.Accepted, ComplaintStatus.Closed),
            Comp(Tianshan, DaysAgo(200), false, AcceptanceDecision.Accepted, ComplaintStatus.Concluded),
            Comp(Urumqi, DaysAgo(800), true, AcceptanceDecision.Accepted, ComplaintStatus.Closed), // older than 2 years
            Comp(Urumqi, windowStart, true, AcceptanceDecision.Accepted, ComplaintStatus.Concluded), // on the window's first instant
            Comp(Tianshan, DaysAgo(5), null, null, ComplaintStatus.Received), // pending
            Comp(Tianshan, DaysAgo(6), null, AcceptanceDecision.Accepted, ComplaintStatus.Accepted), // pending
            Comp(Urumqi, DaysAgo(7), null, AcceptanceDecision.NotAccepted, ComplaintStatus.Closed),
            Comp(Region, DaysAgo(8), null, AcceptanceDecision.Transferred, ComplaintStatus.Closed),
            Comp(Karamay, DaysAgo(9), true, AcceptanceDecision.Accepted, ComplaintStatus.Concluded), // another prefecture's
        ];
        SanctionCase Sanction(string path, bool penalty, DateOnly? decided, bool revoked = false, string[]? excluded = null, int openedDaysAgo = 100) => new()
        {
            Id = Guid.NewGuid(), PartyUnitId = u, JurisdictionPath = path, PenaltyImposed = penalty, DecidedOn = decided, DecisionRevoked = revoked,
            ExcludedUserIds = excluded ?? [], OpenedAt = DaysAgo(openedDaysAgo), Violation = excluded is null ? "Art43.1" : SanctionCatalogue.Art44,
        };
        SanctionCase[] sanctions =
        [
            Sanction(Tianshan, true, today.AddDays(-60), openedDaysAgo: 90),
            Sanction(Tianshan, true, today.AddDays(-60), revoked: true, openedDaysAgo: 91),
            Sanction(Urumqi, false, today.AddDays(-60), openedDaysAgo: 92),
            Sanction(Urumqi, true, today.AddYears(-3), openedDaysAgo: 1200),
            Sanction(Urumqi, true, UnitRisk.RecentFrom(today), openedDaysAgo: 800), // decided on the window's first day
            Sanction(Urumqi, true, today.AddDays(-10), excluded: ["urumqi.leader"], openedDaysAgo: 30), // Art. 44, the leader excluded
            Sanction(Karamay, true, today.AddDays(-10), openedDaysAgo: 31),
        ];

        await using var connection = new NpgsqlConnection(AppFixture.AppRoleConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var write = app.Store.LightweightSession(SessionOptions.ForTransaction(tx)))
        {
            write.Store(unit);
            write.Store(inspections);
            write.Store(rectifications);
            write.Store(complaints);
            write.Store(sanctions);
            await write.SaveChangesAsync();
        }
        await using var read = app.Store.QuerySession(SessionOptions.ForTransaction(tx));

        var seen = new List<string>();
        foreach (var reader in Readers)
        {
            var mine = inspections.Where(i => i.UnitId == u && JointInspection.CanSee(i, reader)).ToList();
            var definition = UnitProfileFigures.Of(mine, rectifications.Where(r => reader.Covers(r.JurisdictionPath)),
                complaints.Where(c => reader.Covers(c.JurisdictionPath)), sanctions.Where(c => SanctionSteps.MaySee(c, reader)), today);
            var counted = await UnitProfileFigures.QueryAsync(read, u, reader, today, CancellationToken.None);
            Assert.Equal(Json(definition), Json(counted));
            seen.Add(Json(counted));

            // The shown pages are the newest of what the reader may see, two at a time.
            var pages = new UnitProfilePages(Inspections: 2, RectificationOrders: 2, SanctionCases: 1, PageSize: 2);
            var result = await UnitProfileQueries.Get(u, Principal(reader), read, app.Clock, pages, CancellationToken.None);
            var profile = Assert.IsType<Ok<UnitProfile>>(result).Value!;
            Assert.Equal(mine.OrderByDescending(i => i.PlannedOn).ThenByDescending(i => i.PlannedAt).Skip(2).Take(2).Select(i => i.Id),
                profile.Inspections.Select(i => i.Id));
            Assert.Equal(rectifications.Where(r => reader.Covers(r.JurisdictionPath) && r.DocumentNumber is not null)
                    .OrderByDescending(r => r.IssuedOn).ThenBy(r => r.DocumentNumber, StringComparer.Ordinal).Skip(2).Take(2).Select(r => r.Id),
                profile.RectificationOrders.Select(o => o.RectificationId));
            Assert.Equal(sanctions.Where(c => SanctionSteps.MaySee(c, reader)).OrderByDescending(c => c.OpenedAt).Take(2).Select(c => c.Id),
                profile.SanctionCases.Select(c => c.Id));
            Assert.Equal(UnitRisk.Score(definition.RiskInputs(today)).Score, profile.Risk.Score);
        }
        await tx.RollbackAsync();

        // Not a vacuous comparison: the readers see different things, and the windows' edges count.
        Assert.Equal(Readers.Length, seen.Distinct().Count()); // the Urumqi leader and inspector differ by the Art. 44 case alone
        var region = UnitProfileFigures.Of(inspections.Where(i => i.UnitId == u && JointInspection.CanSee(i, Readers[0])), rectifications,
            complaints, sanctions, today);
        Assert.Equal(2 + 1 + 1 + 1, region.RecentObstructions); // 100 days ago (2), on the window's start, the planned one, the joint one
        Assert.Equal(3, region.RecentSubstantiatedComplaints); // 200 days ago, on the window's start, Karamay's
        Assert.Equal(4, region.RecentSanctionDecisions); // 60 days ago, on the window's first day, the Art. 44 case, Karamay's
        Assert.True(region.CleanInspectionLastYear);
    }

    private static string Json(UnitProfileFigures f) => JsonSerializer.Serialize(f);

    private static ClaimsPrincipal Principal(Actor a) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, a.UserName), new Claim(ClaimTypes.Role, a.Role),
        new Claim(Actor.JurisdictionClaim, a.JurisdictionId), new Claim(Actor.JurisdictionPathClaim, a.JurisdictionPath),
    ], "test"));
}
