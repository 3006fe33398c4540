using Marten;
using Supervision.Shared;
using Supervision.Units;
using Supervision.Web.Auth;

namespace Supervision.Web;

/// <summary>
/// Seeds reference data at start-up: the jurisdictions always; demo users and units only when
/// Supervision:SeedDemoData is on (development). Idempotent: existing records are left alone.
/// </summary>
public sealed class ReferenceDataSeeder(IDocumentStore store, IConfiguration cfg, TimeProvider clock, ILogger<ReferenceDataSeeder> logger) : IHostedService
{
    public const string DemoPassword = "Demo!2026";

    public static readonly (string Id, string Name, string Role, string Jurisdiction, string? Certificate)[] DemoUsers =
    [
        ("region.leader", "阿依古丽·买买提", Roles.Leader, "650000", null),
        ("region.inspector", "张建国", Roles.Inspector, "650000", "新档执650000001"),
        ("urumqi.inspector1", "李明", Roles.Inspector, "650100", "乌档执650100001"),
        ("urumqi.inspector2", "艾克拜尔·吐尔逊", Roles.Inspector, "650100", "乌档执650100002"),
        ("urumqi.inspector3", "王芳", Roles.Inspector, "650100", null), // not certified: may not sign (R1)
        ("urumqi.handler", "赵静", Roles.ComplaintHandler, "650100", null),
        ("urumqi.officer", "刘洋", Roles.CaseOfficer, "650100", "乌档执650100003"),
        ("urumqi.officer2", "努尔古丽·吐尔洪", Roles.CaseOfficer, "650100", "乌档执650100004"),
        ("urumqi.legal", "陈思远", Roles.LegalReviewer, "650100", null),
        ("urumqi.leader", "马晓东", Roles.Leader, "650100", null),
        ("urumqi.deputy", "周海涛", Roles.Leader, "650100", null), // 副局长: a second leader for collective discussions (APL Art. 57)
        ("tianshan.inspector", "古丽娜尔·阿不都", Roles.Inspector, "650102", "天档执650102001"),
        ("tianshan.inspector2", "孙磊", Roles.Inspector, "650102", "天档执650102002"),
        ("kashi.inspector", "买买提江·艾力", Roles.Inspector, "653100", "喀档执653100001"),
        ("kashi.inspector2", "周婷", Roles.Inspector, "653100", "喀档执653100002"),
        ("kashi.leader", "吾斯曼·阿布拉", Roles.Leader, "653100", null),
        ("tianshan.leader", "杨帆", Roles.Leader, "650102", null),
        ("kashi.officer", "阿力木·买买提", Roles.CaseOfficer, "653100", "喀档执653100003"),
        ("region.admin", "系统管理员", Roles.Admin, "650000", null), // integrity checks (GET /api/admin/integrity)
    ];

    public async Task StartAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(JurisdictionCatalogue.All.ToArray());
        if (cfg.GetValue<bool>("Supervision:SeedDemoData"))
        {
            var existing = (await session.LoadManyAsync<AppUser>(ct, DemoUsers.Select(u => u.Id).ToArray())).Select(u => u.Id).ToHashSet();
            foreach (var (id, name, role, jurisdiction, certificate) in DemoUsers.Where(u => !existing.Contains(u.Id)))
            {
                var j = JurisdictionCatalogue.Find(jurisdiction)!;
                var user = new AppUser { Id = id, DisplayName = name, Role = role, JurisdictionId = j.Id, JurisdictionPath = j.Path, CertificateNumber = certificate };
                user.PasswordHash = LoginService.Hash(user, DemoPassword);
                session.Store(user);
            }
            if (!await session.Query<SupervisedUnit>().AnyAsync(ct))
            {
                var now = clock.GetUtcNow();
                foreach (var u in DemoUnits.All)
                {
                    var j = JurisdictionCatalogue.Find(u.JurisdictionId)!;
                    var position = UnitMap.DemoPosition(j.Id, u.CreditCode);
                    session.Store(new SupervisedUnit
                    {
                        Id = Guid.CreateVersion7(), Name = u.Name, Kind = u.Kind, JurisdictionId = j.Id, JurisdictionPath = j.Path,
                        CreditCode = u.CreditCode, ContactName = u.ContactName, ContactPhone = u.ContactPhone, RegisteredAt = now, RegisteredBy = "seed",
                        Latitude = position?.Latitude, Longitude = position?.Longitude,
                    });
                }
            }
            logger.LogInformation("Demo data seeded: {Users} new users", DemoUsers.Length - existing.Count);
        }
        await session.SaveChangesAsync(ct);
        if (cfg.GetValue<bool>("Supervision:SeedDemoData")) await SeedDemoUnitAccountAsync(ct);
    }

    /// <summary>The demo's unit account (issue 17 §1): 乌鲁木齐市档案馆's portal, activated, with the demo password.</summary>
    public const string DemoUnitAccount = "unit.urumqi-archives";

    private async Task SeedDemoUnitAccountAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<AppUser>(DemoUnitAccount, ct) is not null) return;
        var unit = await session.Query<SupervisedUnit>().FirstOrDefaultAsync(u => u.CreditCode == "12650100458000176K", ct);
        if (unit is null) return;
        var account = new AppUser
        {
            Id = DemoUnitAccount, DisplayName = $"{unit.ContactName}（{unit.Name}）", Role = Roles.Unit, JurisdictionId = unit.JurisdictionId,
            JurisdictionPath = Supervision.Portal.UnitPortal.PathOf(unit.Id), UnitId = unit.Id, Mobile = "13800000000", Email = "archives@urumqi.example",
        };
        account.PasswordHash = LoginService.Hash(account, DemoPassword);
        session.Store(account);
        await session.SaveChangesAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
