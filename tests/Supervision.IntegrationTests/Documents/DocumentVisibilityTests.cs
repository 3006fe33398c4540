using Supervision.Referrals;

namespace Supervision.IntegrationTests.Documents;

/// <summary>
/// Issue 12 item 12: GET /api/documents/{number} applies each kind's own rule. A 投诉举报处理结果告知书 names the
/// complainant and is read only where the complaint is (R12): never by another department, even if an older referral
/// (from before such letters were refused as attachments) lists it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DocumentVisibilityTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Handler = "urumqi.handler";

    [Fact]
    public async Task A_complaint_result_letter_is_never_read_by_another_department_through_a_referral()
    {
        var (id, _) = await new Complaints.ComplaintFlowTests(app).Registered();
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = Handler }));
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/conclusion", new { version = 3, substantiated = true, findings = "档案存放于地下室", result = "已责令限期改正" }));
        var told = await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/notifications", new { version = 4, channel = "letter" }));
        var letter = "/api/documents/" + Uri.EscapeDataString(told.Str("documentNumber"));
        Assert.Equal(200, (await _api.Get(Handler, letter)).Status);

        // A referral stream as an older version could write it: the letter among the documents sent to Kashgar.
        var referralId = Guid.CreateVersion7();
        var now = app.Clock.GetUtcNow();
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream<Referral>(referralId, new ReferralSent(referralId, ReferralKind.InformationSharing,
                new ReferralSource(ReferralSourceKind.Complaint, id), "650100", "650000/650100", "乌鲁木齐市档案局",
                "archives-653100", "喀什地区档案局", DepartmentKind.Archives, "653100", DeliveryMethod.Internal, "信息通报",
                [told.Str("documentNumber")], null, app.Today, app.Today.AddDays(14), false, null, "urumqi.officer", now));
            await session.SaveChangesAsync();
        }
        Assert.Equal(404, (await _api.Get("kashi.officer", letter)).Status);
        Assert.Equal(404, (await _api.Get("kashi.officer", letter + "/status")).Status);
    }
}
