using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.Referrals;

/// <summary>接收部门类别（纪检监察、公安、网信、保密、市场监管、档案） / The kind of receiving department.</summary>
public enum DepartmentKind { DisciplineInspection, PublicSecurity, CyberspaceData, Secrecy, MarketRegulation, Archives }
/// <summary>移送方式：系统内、外部送达 / How a referral travels: within the system or outside it.</summary>
public enum DeliveryMethod { Internal, Webhook, Letter }

/// <summary>
/// A department a referral can be sent to (reference data, id e.g. "archives-653100", "police-650100").
/// The archives departments of this deployment receive internally (their inbox); others by signed
/// webhook or by printable letter. The secret never leaves the server.
/// </summary>
public sealed class ReceivingDepartment
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public DepartmentKind Kind { get; set; }
    public string JurisdictionId { get; set; } = "";
    public DeliveryMethod Delivery { get; set; }
    public string? WebhookUrl { get; set; }
    public string? WebhookSecret { get; set; }
}

/// <summary>What clients see of a receiving department: no webhook address, no secret.</summary>
public sealed record ReceivingDepartmentView(string Id, string Name, DepartmentKind Kind, string JurisdictionId, DeliveryMethod Delivery)
{
    public static ReceivingDepartmentView Of(ReceivingDepartment d) => new(d.Id, d.Name, d.Kind, d.JurisdictionId, d.Delivery);
}

public static class ReceivingDepartments
{
    public static string ArchivesId(string jurisdictionId) => $"archives-{jurisdictionId}";

    private static readonly (string Prefix, DepartmentKind Kind, string Suffix, bool WebhookCapable)[] ExternalPerPrefecture =
    [
        ("discipline", DepartmentKind.DisciplineInspection, "纪委监委", false),
        ("police", DepartmentKind.PublicSecurity, "公安局", true),
        ("market", DepartmentKind.MarketRegulation, "市场监督管理局", false),
    ];

    /// <summary>
    /// The register as configured: every archives department of <see cref="JurisdictionCatalogue"/> (internal),
    /// discipline inspection, public security and market regulation per prefecture, and the region's
    /// cyberspace and secrecy offices. A department receives by webhook only when both
    /// <c>Referrals:Webhooks:&lt;id&gt;</c> (URL) and <c>Referrals:WebhookSecrets:&lt;id&gt;</c> are set; otherwise by letter.
    /// </summary>
    public static IReadOnlyList<ReceivingDepartment> Build(IConfiguration cfg)
    {
        var list = new List<ReceivingDepartment>();
        foreach (var j in JurisdictionCatalogue.All)
            list.Add(new ReceivingDepartment { Id = ArchivesId(j.Id), Name = j.DepartmentName, Kind = DepartmentKind.Archives, JurisdictionId = j.Id, Delivery = DeliveryMethod.Internal });
        foreach (var j in JurisdictionCatalogue.All.Where(j => j.Level == 2))
            foreach (var (prefix, kind, suffix, webhookCapable) in ExternalPerPrefecture)
                list.Add(External($"{prefix}-{j.Id}", j.Name + suffix, kind, j.Id, webhookCapable, cfg));
        list.Add(External("cyberspace-650000", "新疆维吾尔自治区党委网信办", DepartmentKind.CyberspaceData, "650000", true, cfg));
        list.Add(External("secrecy-650000", "新疆维吾尔自治区国家保密局", DepartmentKind.Secrecy, "650000", false, cfg));
        return list;
    }

    private static ReceivingDepartment External(string id, string name, DepartmentKind kind, string jurisdictionId, bool webhookCapable, IConfiguration cfg)
    {
        var url = cfg[$"Referrals:Webhooks:{id}"];
        var secret = cfg[$"Referrals:WebhookSecrets:{id}"];
        var webhook = webhookCapable && !string.IsNullOrWhiteSpace(url) && !string.IsNullOrWhiteSpace(secret)
            && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);
        return new ReceivingDepartment
        {
            Id = id, Name = name, Kind = kind, JurisdictionId = jurisdictionId,
            Delivery = webhook ? DeliveryMethod.Webhook : DeliveryMethod.Letter,
            WebhookUrl = webhook ? url : null, WebhookSecret = webhook ? secret : null,
        };
    }

    [WolverineGet("/api/referral-departments", OperationId = "ListReferralDepartments")]
    public static async Task<IReadOnlyList<ReceivingDepartmentView>> List(ReadSessions reads, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        return await List(session, ct);
    }

    /// <summary>The same query on a given session (a page's read session).</summary>
    public static async Task<IReadOnlyList<ReceivingDepartmentView>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<ReceivingDepartment>().OrderBy(d => d.JurisdictionId).ThenBy(d => d.Id).ToListAsync(ct))
            .Select(ReceivingDepartmentView.Of).ToList();
}

/// <summary>Seeds the register at start-up. Configured entries are written every time, so a changed webhook applies on restart.</summary>
public sealed class ReceivingDepartmentSeeder(IDocumentStore store, IConfiguration cfg, ILogger<ReceivingDepartmentSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var departments = ReceivingDepartments.Build(cfg);
        await using var session = store.LightweightSession();
        session.Store(departments.ToArray());
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Referral register: {Count} receiving departments, {Webhooks} by webhook",
            departments.Count, departments.Count(d => d.Delivery == DeliveryMethod.Webhook));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
