using System.Text.Json;
using Marten.Events;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Referrals;

/// <summary>
/// Issue 12 item 11 (R22): the staff named in an Art. 44 case do not meet a referral made from it anywhere — also not on
/// the deadline board, where the sender's department waits for the reply (R23).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReferralExclusionTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Officer = "urumqi.officer";
    private const string Named = "urumqi.inspector3";

    private async Task<List<JsonElement>> Board(string user)
    {
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var body = await _api.Ok(_api.Get(user, "/api/deadlines?pageSize=200&kind=referral"));
        var items = body.GetProperty("items").EnumerateArray().ToList();
        // The total is counted apart from the page (entries with exclusions separately): it must not count what is hidden.
        Assert.Equal(items.Count, body.GetProperty("total").GetInt64());
        return items;
    }

    [Fact]
    public async Task The_reply_clock_of_a_referral_from_an_Art44_case_is_not_on_the_named_staffs_deadline_board()
    {
        var sanction = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, violation = "Art44", summary = "检查人员未履行监督检查职责",
            investigatorIds = new[] { Officer, "urumqi.inspector1" },
            responsiblePersons = new[] { new { name = "王芳", userId = Named } },
        }), 201)).Id();
        // An archives department receives internally, so its reply clock runs on the sender's board.
        (int Status, JsonElement Body) created = default;
        await app.Host.TrackActivity().Timeout(Patience).ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ =>
            created = await _api.Post(Officer, "/api/referrals", new
            {
                source = new { kind = "sanction", id = sanction }, receiverId = "discipline-650100", kind = "case_transfer",
                summary = "涉嫌违纪，依法移送有处分权的机关", documentNumbers = Array.Empty<string>(),
            })));
        Assert.True(created.Status == 201, created.Body.ToString());
        var id = created.Body.Id();

        Assert.Contains(await Board(Officer), e => e.Id("caseId") == id);
        Assert.Contains(await Board("urumqi.inspector1"), e => e.Id("caseId") == id);
        Assert.DoesNotContain(await Board(Named), e => e.Id("caseId") == id);
    }
}
