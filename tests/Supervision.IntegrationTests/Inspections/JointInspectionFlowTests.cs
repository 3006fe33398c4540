using System.Text.Json;
using Marten;
using Marten.Events;
using Supervision.Referrals;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Inspections;

/// <summary>
/// Joint inspections (Art. 42): Urumqi inspects with Kashgar's archives department and the Urumqi market regulator;
/// the findings reach both as joint_enforcement referrals, written with the finding and delivered through the outbox.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class JointInspectionFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Inspector = "urumqi.inspector1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] Participants = ["archives-653100", "market-650100"];

    private async Task<(int Status, JsonElement Body)> Plan(string[]? participants, string user = Inspector)
    {
        var unit = await app.UnitIn("650100");
        return await _api.Post(user, "/api/inspections", new
        {
            unitId = unit.Id, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(),
            inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" }, participantIds = participants,
        });
    }

    private async Task<Guid> Started(string[]? participants)
    {
        var id = (await _api.Ok(Plan(participants), 201)).Id();
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{id}/start", new { version = 1 }));
        return id;
    }

    /// <summary>Posts and waits until the outbox messages it cascaded (the referral deliveries) were handled.</summary>
    private Task<(int Status, JsonElement Body)> PostAndWait(string user, string url, object body) =>
        app.AndWait(() => _api.Post(user, url, body));

    private async Task<IReadOnlyList<Referral>> ReferralsFrom(Guid inspectionId)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<Referral>().Where(r => r.Source.Id == inspectionId).OrderBy(r => r.ReceiverId).ToListAsync();
    }

    private static JsonElement? Find(JsonElement page, Guid id) =>
        page.GetProperty("items").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(i => i!.Value.Id() == id);

    [Fact]
    public async Task A_hazard_on_Urumqis_joint_inspection_reaches_Kashgars_inbox_and_the_market_regulator_and_Kashgar_reads_but_cannot_act()
    {
        var id = await Started(Participants);
        var inspection = await _api.Ok(_api.Get(Inspector, $"/api/inspections/{id}"));
        Assert.Equal("joint", inspection.Str("kind"));
        Assert.Equal(Participants, inspection.GetProperty("participants").EnumerateArray().Select(p => p.Str("departmentId")));

        var (status, hazard) = await PostAndWait(Inspector, $"/api/inspections/{id}/hazards", new
        {
            version = 2, item = "Art38.3", description = "档案库房无温湿度调控设备，夏季库温超过 30℃", evidence = new[] { "现场照片 IMG_0012" },
        });
        Assert.True(status == 201, hazard.ToString());
        var rectificationId = hazard.Id("rectificationId");

        // Written with the finding: one referral per participant, ids stable per finding and participant.
        var referrals = await ReferralsFrom(id);
        Assert.Equal(Participants, referrals.Select(r => r.ReceiverId));
        Assert.All(referrals, r => Assert.Equal(ReferralKind.JointEnforcement, r.Kind));
        Assert.Equal(JointFindings.ReferralId(id, 3, "archives-653100"), referrals[0].Id);
        Assert.Equal(ReferralStatus.Delivered, referrals[0].Status);
        Assert.Contains("archives-653100", referrals[0].DeliveryProof);
        Assert.Equal(DeliveryMethod.Letter, referrals[1].Delivery); // the market regulator: printable letter
        Assert.StartsWith("printable transfer letter", referrals[1].DeliveryProof);
        Assert.All(referrals, r => Assert.DoesNotContain("IMG_0012", JsonSerializer.Serialize(r)));

        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var inbox = await _api.Ok(_api.Get("kashi.officer", "/api/referrals/inbox"));
        var item = Find(inbox, referrals[0].Id) ?? throw new Xunit.Sdk.XunitException("not in Kashgar's inbox: " + inbox);
        Assert.Equal("joint_enforcement", item.Str("kind"));
        Assert.Equal("delivered", item.Str("status"));
        Assert.Equal("乌鲁木齐市档案局", item.Str("senderDepartmentName"));
        var finding = item.GetProperty("finding");
        Assert.Equal("hazard", finding.Str("kind"));
        Assert.Equal("Art38.3", finding.Str("item"));
        Assert.Equal("档案库房无温湿度调控设备，夏季库温超过 30℃", finding.Str("description"));
        Assert.Equal(id, finding.Id("inspectionId"));
        Assert.Equal(rectificationId, finding.Id("rectificationId"));
        Assert.Contains("档案库房无温湿度调控设备", item.Str("summary"));
        var outbox = await _api.Ok(_api.Get(Inspector, "/api/referrals/outbox?awaitingReply=true"));
        Assert.NotNull(Find(outbox, referrals[0].Id));
        Assert.NotNull(Find(outbox, referrals[1].Id));

        // Kashgar reads the joint inspection and acknowledges the referral, but may not act on the inspection.
        var seen = await _api.Ok(_api.Get("kashi.inspector", $"/api/inspections/{id}"));
        Assert.Equal(3, seen.Long("version"));
        await _api.Ok(_api.Post("kashi.officer", $"/api/referrals/{referrals[0].Id}/acknowledgement", new { version = 2 }));
        var (refused, problem) = await _api.Post("kashi.inspector", $"/api/inspections/{id}/hazards",
            new { version = 3, item = "Art38.1", description = "未建立档案安全制度", evidence = new[] { "笔录" } });
        Assert.True(refused == 403, problem.ToString()); // visible to a participant, so refused rather than hidden
        var (leaderRefused, _) = await _api.Post("kashi.leader", $"/api/inspections/{id}/conclude", new { version = 3, summary = "结束" });
        Assert.Equal(403, leaderRefused);
        // Other departments still do not see it.
        Assert.Equal(404, (await _api.Get("tianshan.leader", $"/api/inspections/{id}")).Status);
        Assert.Equal(3, (await _api.Ok(_api.Get(Inspector, $"/api/inspections/{id}"))).Long("version"));
    }

    [Fact]
    public async Task An_obstruction_on_a_joint_inspection_is_shared_with_each_participant()
    {
        var id = await Started(Participants);
        var (status, body) = await PostAndWait(Inspector, $"/api/inspections/{id}/obstructions", new { version = 2, description = "档案室负责人拒绝提供库房钥匙" });
        Assert.True(status == 200, body.ToString());
        var referrals = await ReferralsFrom(id);
        Assert.Equal(2, referrals.Count);
        Assert.All(referrals, r =>
        {
            Assert.Equal(FindingKind.Obstruction, r.Finding!.Kind);
            Assert.Null(r.Finding.RectificationId);
            Assert.Contains("档案室负责人拒绝提供库房钥匙", r.Summary);
        });
    }

    [Fact]
    public async Task A_finding_on_an_inspection_that_is_not_joint_creates_no_referral()
    {
        var id = await Started(null);
        var inspection = await _api.Ok(_api.Get(Inspector, $"/api/inspections/{id}"));
        Assert.Equal("routine", inspection.Str("kind"));
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{id}/hazards",
            new { version = 2, item = "Art38.5", description = "电子档案系统无操作日志", evidence = new[] { "系统截图" } }), 201);
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{id}/obstructions", new { version = 3, description = "拒绝提供系统账号" }));
        Assert.Empty(await ReferralsFrom(id));
        Assert.Equal(404, (await _api.Get("kashi.inspector", $"/api/inspections/{id}")).Status);
    }

    [Fact]
    public async Task A_finding_with_personal_data_is_refused_on_a_joint_inspection_and_nothing_is_written()
    {
        var id = await Started(Participants);
        await _api.Refused(Inspector, $"/api/inspections/{id}/hazards",
            new { version = 2, item = "Art38.3", description = "举报人（手机 13912345678）反映库房漏水，经查属实", evidence = new[] { "照片" } },
            400, "personal_data_in_finding", id);
        Assert.Empty(await ReferralsFrom(id));
        var inspection = await _api.Ok(_api.Get(Inspector, $"/api/inspections/{id}"));
        Assert.Equal(2, inspection.Long("version"));
        Assert.Empty(inspection.GetProperty("rectificationIds").EnumerateArray());
    }

    [Theory]
    [InlineData(new[] { "nowhere-650100" }, 400, "unknown_participant")]
    [InlineData(new[] { "archives-650100" }, 422, "own_department_participant")]
    [InlineData(new[] { "market-650100", "market-650100" }, 400, "duplicate_participant")]
    [InlineData(new[] { "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11" }, 400, "too_many_participants")]
    public async Task Planning_refuses_bad_participants(string[] participants, int status, string code)
    {
        var (actual, problem) = await Plan(participants);
        Assert.Equal((status, code), (actual, problem.Str("code")));
        Assert.Contains("participantIds", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }
}
