using System.Text.Json;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Complaints;

/// <summary>
/// Issue 12 item 15 (R10): how and when the 投诉举报受理告知书 reached the complainant is part of the case, as for the
/// extension notice and the result: letter and phone recorded at once, email and SMS through the outbox with their proof.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AcceptanceNoticeTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly ComplaintFlowTests _complaints = new(app);
    private const string Handler = "urumqi.handler";

    private async Task<(int Status, JsonElement Body)> PostAndWait(string url, object body)
    {
        (int, JsonElement) result = default;
        await app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60)).DoNotAssertOnExceptionsDetected()
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => result = await _api.Post(Handler, url, body)));
        return result;
    }

    private async Task<JsonElement> Notice(Guid id) => (await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"))).GetProperty("acceptanceNotice");

    [Fact]
    public async Task A_notice_sent_by_email_with_the_decision_is_delivered_through_the_outbox_and_its_proof_is_kept()
    {
        var (id, receipt) = await _complaints.Registered();
        var (status, accepted) = await PostAndWait($"/api/complaints/{id}/acceptance",
            new { version = 1, decision = "accepted", reason = "属于本部门职责", channel = "email" });
        Assert.True(status == 200, accepted.ToString());
        Assert.Equal(3, accepted.GetProperty("version").GetInt32()); // the decision and how it is told
        Assert.Equal("sending", accepted.Str("noticeStatus"));

        var mail = app.Smtp.ReceivedEmail
            .Select(m => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
            .Single(m => m.Subject.Contains(receipt));
        Assert.Contains("受理告知", mail.Subject);
        Assert.Contains("决定予以受理", mail.TextBody);

        var notice = await Notice(id);
        Assert.Equal(accepted.Str("noticeNumber"), notice.Str("number"));
        Assert.Equal("email", notice.Str("channel"));
        Assert.Equal("delivered", notice.Str("status"));
        Assert.StartsWith("smtp:127.0.0.1", notice.Str("proof"));
        Assert.True(notice.TryGetProperty("sentAt", out var sentAt) && sentAt.ValueKind == JsonValueKind.String);
        Assert.Equal(3, (await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"))).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_notice_not_yet_sent_shows_so_and_is_recorded_once_when_posted_by_letter()
    {
        var (id, _) = await _complaints.Registered();
        var accepted = await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        Assert.Equal(2, accepted.GetProperty("version").GetInt32());
        Assert.Equal("not_sent", (await Notice(id)).Str("status"));

        var told = await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance-notice", new { version = 2, channel = "letter" }));
        Assert.Equal(3, told.GetProperty("version").GetInt32());
        Assert.Equal(accepted.Str("noticeNumber"), told.Str("noticeNumber"));
        var notice = await Notice(id);
        Assert.Equal(("letter", "recorded"), (notice.Str("channel"), notice.Str("status")));
        Assert.Contains(accepted.Str("noticeNumber"), notice.Str("proof"));

        var (again, problem) = await _api.Post(Handler, $"/api/complaints/{id}/acceptance-notice", new { version = 3, channel = "phone", notes = "x" });
        Assert.Equal((422, "acceptance_notice_recorded"), (again, problem.Str("code")));
    }

    [Fact]
    public async Task A_refusal_is_told_too_and_the_case_still_closes()
    {
        var (id, _) = await _complaints.Registered();
        var (noNotes, problem) = await _api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "not_accepted", reason = "不属于档案违法行为", channel = "phone" });
        Assert.Equal((400, "field_required"), (noNotes, problem.Str("code")));
        var refused = await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance",
            new { version = 1, decision = "not_accepted", reason = "不属于档案违法行为", channel = "phone", notes = "本人接听，已告知不予受理的理由" }));
        Assert.Equal(4, refused.GetProperty("version").GetInt32());
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.Equal("closed", view.Str("status"));
        var notice = view.GetProperty("acceptanceNotice");
        Assert.Equal(("phone", "recorded"), (notice.Str("channel"), notice.Str("status")));
        Assert.Contains("本人接听", notice.Str("proof"));
    }

    [Fact]
    public async Task A_complainant_without_contact_is_recorded_as_such_and_a_channel_they_did_not_leave_is_refused()
    {
        var (anonymous, _) = await _complaints.Registered(new { }, anonymous: true);
        var (wrong, problem) = await _api.Post(Handler, $"/api/complaints/{anonymous}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责", channel = "sms" });
        Assert.Equal((400, "no_such_contact"), (wrong, problem.Str("code")));
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{anonymous}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{anonymous}/acceptance-notice", new { version = 2 }));
        var notice = await Notice(anonymous);
        Assert.Equal(JsonValueKind.Null, notice.GetProperty("channel").ValueKind);
        Assert.Equal("recorded", notice.Str("status"));
        Assert.Contains("未留联系方式", notice.Str("proof"));
    }
}
