using System.Text.Json;

namespace Supervision.IntegrationTests;

/// <summary>Builds cases through the HTTP API, the way users do.</summary>
public sealed class Scenarios(AppFixture app)
{
    private readonly Api _api = new(app);

    public async Task<Guid> PlannedInspection(string user = "urumqi.inspector1", string jurisdiction = "650100", string[]? inspectors = null)
    {
        var unit = await app.UnitIn(jurisdiction);
        var body = await _api.Ok(_api.Post(user, "/api/inspections", new
        {
            unitId = unit.Id,
            focusItems = new[] { "Art37.1", "Art37.3" },
            plannedOn = app.Day(),
            inspectorIds = inspectors ?? ["urumqi.inspector1", "urumqi.inspector2"],
        }), 201);
        return body.Id();
    }

    public async Task<Guid> StartedInspection(string user = "urumqi.inspector1", string jurisdiction = "650100", string[]? inspectors = null)
    {
        var id = await PlannedInspection(user, jurisdiction, inspectors);
        await _api.Ok(_api.Post(user, $"/api/inspections/{id}/start", new { version = 1 }));
        return id;
    }

    /// <summary>A started inspection with one Art38.3 hazard; returns the rectification id.</summary>
    public async Task<(Guid InspectionId, Guid RectificationId)> Hazard(string user = "urumqi.inspector1", string jurisdiction = "650100", string[]? inspectors = null)
    {
        var id = await StartedInspection(user, jurisdiction, inspectors);
        var body = await _api.Ok(_api.Post(user, $"/api/inspections/{id}/hazards", new
        {
            version = 2, item = "Art38.3", description = "档案库房无温湿度调控设备，夏季库温超过 30℃", evidence = new[] { "现场照片 IMG_0012", "现场检查笔录 第 3 页" },
        }), 201);
        return (id, body.Id("rectificationId"));
    }

    public async Task<(Guid Id, JsonElement Order)> Ordered(int workingDays = 10, string user = "urumqi.inspector1")
    {
        var (_, rid) = await Hazard(user);
        var order = await _api.Ok(_api.Post(user, $"/api/rectifications/{rid}/order", new { version = 1, workingDays, requirements = "配置恒温恒湿设备并建立温湿度记录制度", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        return (rid, order);
    }

    /// <summary>
    /// Serves a document in person (送达): a 送达回证 is issued, signed and recorded with the date of receipt (default today).
    /// Periods "from receipt" (e.g. the defence period of a 行政处罚事先告知书) run from that day.
    /// </summary>
    public async Task<JsonElement> Served(string number, string? receivedOn = null, string user = "urumqi.officer")
    {
        var url = "/api/documents/" + Uri.EscapeDataString(number);
        var receipt = await _api.Ok(_api.Post(user, url + "/return-receipts", new { recipient = "当事人负责人" }));
        return await _api.Ok(_api.Post(user, url + "/service", new
        {
            method = "direct", receivedOn = receivedOn ?? app.Day(), recipient = "当事人负责人", proof = "签收的送达回证",
            returnReceiptNumber = receipt.Str("returnReceiptNumber"),
        }));
    }

    /// <summary>
    /// The party's written waiver of its rights (issue 12 item 8): signed an hour after the notice was issued (the business
    /// clock moves on by an hour), handed in in person.
    /// </summary>
    public async Task<JsonElement> Waived(Guid caseId, long version, string user = "urumqi.officer")
    {
        app.Clock.Advance(TimeSpan.FromHours(1));
        return await _api.Ok(_api.Post(user, $"/api/sanction-cases/{caseId}/defence-waiver", new
        {
            version, signedBy = "当事单位负责人张主任", signedAt = app.Clock.GetUtcNow().AddMinutes(-30), receivedVia = "in_person",
            statement = "本单位已收到行政处罚事先告知书，自愿放弃陈述、申辩和要求听证的权利。",
        }));
    }

    /// <summary>
    /// Users of a test's own (password Demo!2026) in a jurisdiction, so that the test's cases and counts are nobody
    /// else's: certified inspectors (执法证 numbers made up per user) unless another role is named.
    /// </summary>
    public async Task<string[]> UsersOfTheirOwn(string jurisdictionId, string prefix, int count, string role = Supervision.Shared.Roles.Inspector, bool certified = true)
    {
        var j = Supervision.Shared.JurisdictionCatalogue.Find(jurisdictionId)!;
        var ids = Enumerable.Range(1, count).Select(n => $"{prefix}.{n}").ToArray();
        await using var session = app.Store.LightweightSession();
        foreach (var (id, n) in ids.Select((id, n) => (id, n)))
        {
            var user = new Supervision.Shared.AppUser
            {
                Id = id, DisplayName = $"测试执法人员{n + 1}", Role = role, JurisdictionId = j.Id, JurisdictionPath = j.Path,
                CertificateNumber = certified ? $"{j.DocumentPrefix}执{j.Id}-{id}" : null,
            };
            user.PasswordHash = Supervision.Web.Auth.LoginService.Hash(user, "Demo!2026");
            session.Store(user);
        }
        await session.SaveChangesAsync();
        return ids;
    }
}
