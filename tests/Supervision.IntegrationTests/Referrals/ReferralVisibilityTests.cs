using System.Text.Json;
using Marten.Events;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Referrals;

/// <summary>
/// Issue 12 items 11–13: a referral's source is checked like every other case; the 案件移送书 is read by the two
/// departments only, through every route; the staff named in an Art. 44 case never see a referral made from it (R22).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReferralVisibilityTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Officer = "urumqi.officer";

    private async Task<(int Status, JsonElement Body)> SendAndWait(object body)
    {
        (int, JsonElement) result = default;
        await app.Host.TrackActivity().Timeout(Patience)
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => result = await _api.Post(Officer, "/api/referrals", body)));
        return result;
    }

    private static object Referral(object source, string receiverId = "discipline-650100", string[]? documents = null) => new
    {
        source, receiverId, kind = "case_transfer", summary = "涉嫌违纪，依法移送有处分权的机关", documentNumbers = documents ?? [],
    };

    [Fact]
    public async Task A_sanction_source_must_exist_and_be_in_the_senders_jurisdiction()
    {
        var (missing, missingProblem) = await _api.Post(Officer, "/api/referrals", Referral(new { kind = "sanction", id = Guid.NewGuid() }));
        Assert.Equal((400, "unknown_source"), (missing, missingProblem.Str("code")));

        var kashgarUnit = await app.UnitIn("653100");
        var kashgarCase = (await _api.Ok(_api.Post("kashi.officer", "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = kashgarUnit.Id, violation = "Art43.1", summary = "拒绝检查",
            investigatorIds = new[] { "kashi.officer", "kashi.inspector" }, responsiblePersons = new[] { new { name = "某负责人" } },
        }), 201)).Id();
        var (foreign, foreignProblem) = await _api.Post(Officer, "/api/referrals", Referral(new { kind = "sanction", id = kashgarCase }));
        Assert.Equal((400, "unknown_source"), (foreign, foreignProblem.Str("code")));
    }

    [Fact]
    public async Task The_transfer_letter_is_read_by_the_two_departments_only_also_through_the_documents_route()
    {
        var (rid, order) = await _given.Ordered();
        var (status, created) = await SendAndWait(new
        {
            source = new { kind = "rectification", id = rid }, receiverId = "archives-653100", kind = "case_transfer",
            summary = "该单位的档案保管场所位于喀什地区，依法移送", documentNumbers = new[] { order.Str("documentNumber") },
        });
        Assert.True(status == 201, created.ToString());
        var letter = "/api/documents/" + Uri.EscapeDataString(created.Str("documentNumber"));
        Assert.Equal(200, (await _api.Get(Officer, letter)).Status);
        Assert.Equal(200, (await _api.Get("kashi.officer", letter)).Status);
        // The region above the sender does not see the referral, so not its letter either.
        Assert.Equal(404, (await _api.Get("region.leader", $"/api/referrals/{created.Id()}")).Status);
        Assert.Equal(404, (await _api.Get("region.leader", letter)).Status);
        Assert.Equal(404, (await _api.Get("region.leader", letter + "/status")).Status);
    }

    [Fact]
    public async Task Staff_named_in_an_Art44_case_see_no_referral_made_from_it_by_any_route()
    {
        var sanction = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, violation = "Art44", summary = "检查人员未履行监督检查职责",
            investigatorIds = new[] { Officer, "urumqi.inspector1" },
            responsiblePersons = new[] { new { name = "王芳", userId = "urumqi.inspector3" } },
        }), 201)).Id();
        // The named staff member cannot refer the case either: it does not exist for them.
        var (own, ownProblem) = await _api.Post("urumqi.inspector3", "/api/referrals", new
        {
            source = new { kind = "sanction", id = sanction }, receiverId = "discipline-650100", kind = "information_sharing", summary = "x", documentNumbers = Array.Empty<string>(),
        });
        Assert.Equal((400, "unknown_source"), (own, ownProblem.Str("code")));

        var (status, created) = await SendAndWait(Referral(new { kind = "sanction", id = sanction }));
        Assert.True(status == 201, created.ToString());
        var id = created.Id();
        var letter = "/api/documents/" + Uri.EscapeDataString(created.Str("documentNumber"));

        Assert.Equal(200, (await _api.Get(Officer, $"/api/referrals/{id}")).Status);
        Assert.Equal(200, (await _api.Get("urumqi.inspector1", $"/api/referrals/{id}")).Status);
        foreach (var url in new[] { $"/api/referrals/{id}", $"/api/referrals/{id}/letter", $"/api/cases/{id}/history", $"/api/cases/{id}/file", letter })
            Assert.True((await _api.Get("urumqi.inspector3", url)).Status == 404, url);
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var outbox = await _api.Ok(_api.Get("urumqi.inspector3", "/api/referrals/outbox?pageSize=200"));
        Assert.DoesNotContain(outbox.GetProperty("items").EnumerateArray(), r => r.Id() == id);
        var officerOutbox = await _api.Ok(_api.Get(Officer, "/api/referrals/outbox?pageSize=200"));
        Assert.Contains(officerOutbox.GetProperty("items").EnumerateArray(), r => r.Id() == id);
    }
}
