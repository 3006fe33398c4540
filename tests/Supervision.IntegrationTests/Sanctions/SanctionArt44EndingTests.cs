using System.Text.Json;
using Marten;
using Marten.Events;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Sanctions;

/// <summary>
/// Issue 12 item 10, through HTTP: an Art. 44 case ends lawfully — by a 处分建议书 addressed and sent (as a referral) to the body
/// with disciplinary authority, whose recorded reply closes it, or by a leader's reasoned finding of no misconduct; never by
/// 不予处罚. The staff named in the case meet neither the 处分建议书, nor the referral, its letter or its place in the lists (R22).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SanctionArt44EndingTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Officer = "urumqi.officer";
    private const string Leader = "urumqi.leader";
    private const string Named = "urumqi.inspector3"; // 王芳

    private async Task<long> StreamVersion(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))!.Version;
    }

    private async Task Refused(Guid id, string user, string step, object body, int status, string code)
    {
        var before = await StreamVersion(id);
        var (actual, problem) = await _api.Post(user, $"/api/sanction-cases/{id}/{step}", body);
        Assert.True(actual == status, $"{step} by {user}: expected {status} {code}, got {actual}: {problem}");
        Assert.Equal(code, problem.Str("code"));
        Assert.Equal(before, await StreamVersion(id));
    }

    /// <summary>An Art. 44 case naming 王芳, with evidence (version 2); reported when asked (version 3).</summary>
    private async Task<Guid> Art44Case(bool reported = true)
    {
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, violation = "Art44", summary = "检查人员发现档案安全隐患后未依法处理",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "王芳", userId = Named } },
        }), 201)).Id();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "监督检查工作记录：隐患未登记", kind = "书证" }));
        if (reported)
            await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/investigation-report", new
            {
                version = 2, findings = "检查人员发现隐患后未责令改正", proposedScope = "jurisdiction", severity = "ordinary", socialImpact = false,
            }));
        return id;
    }

    private static object Recommendation(long version, string? receiverId, string person = "王芳") => new
    {
        version, personName = person, position = "监督检查科科员", recipient = "乌鲁木齐市档案局", receiverId, recommendation = "建议给予警告处分",
    };

    [Fact]
    public async Task The_case_page_offers_the_disciplinary_bodies_with_authority_over_the_department_not_a_free_text_recipient()
    {
        var id = await Art44Case();
        using var browser = await Supervision.IntegrationTests.Ui.UiBrowser.LoggedIn(app, Leader);
        var html = await browser.GetStringAsync($"/sanction-cases/{id}");
        var form = html[html.IndexOf("制作处分建议书", StringComparison.Ordinal)..];
        Assert.Contains("name=\"receiverId\"", form);
        Assert.Contains("value=\"discipline-650100\"", form);
        Assert.DoesNotContain("value=\"discipline-653100\"", form); // another prefecture's body has no authority here
        Assert.DoesNotContain("name=\"recipient\"", form[..form.IndexOf("</form>", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task An_Art44_case_ends_by_a_recommendation_sent_to_the_disciplinary_body_as_a_referral_whose_reply_closes_it()
    {
        var id = await Art44Case();
        // Not the penalty law's forms: no 不予处罚, no plain close.
        await Refused(id, Leader, "no-penalty", new { version = 3, reason = "情节轻微" }, 422, "art44_discipline_only");
        await Refused(id, Leader, "close", new { version = 3 }, 422, "art44_ending_required");

        // The 处分建议书 goes to a body with disciplinary authority over the department's staff, never to the department itself.
        await Refused(id, Leader, "discipline-recommendations", Recommendation(3, null), 400, "field_required");
        await Refused(id, Leader, "discipline-recommendations", Recommendation(3, "archives-650100"), 422, "recipient_not_disciplinary_body");
        await Refused(id, Leader, "discipline-recommendations", Recommendation(3, "police-650100"), 422, "recipient_not_disciplinary_body");
        await Refused(id, Leader, "discipline-recommendations", Recommendation(3, "discipline-653100"), 422, "recipient_outside_jurisdiction");
        await Refused(id, Leader, "discipline-recommendations", Recommendation(3, "no-such-body"), 400, "unknown_receiver");
        await Refused(id, Leader, "discipline-recommendations", Recommendation(3, "discipline-650100", "张三"), 422, "person_not_named");

        (int Status, JsonElement Body) issued = default;
        await app.Host.TrackActivity().Timeout(Patience).ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ =>
            issued = await _api.Post(Leader, $"/api/sanction-cases/{id}/discipline-recommendations", Recommendation(3, "discipline-650100"))));
        Assert.True(issued.Status == 200, issued.Body.ToString());
        var number = issued.Body.Str("documentNumber");
        var referralId = issued.Body.Id("referralId");
        var recommendationId = issued.Body.Id("recommendationId");

        // Addressed to the body, printed as such; the referral carries it (its letter is the 处分建议书).
        var (docStatus, doc) = await _api.Get(Officer, "/api/documents/" + Uri.EscapeDataString(number));
        Assert.Equal(200, docStatus);
        Assert.Contains("<p>乌鲁木齐市纪委监委：</p>", doc.GetString());
        Assert.DoesNotContain("<p>乌鲁木齐市档案局：</p>", doc.GetString());
        var referral = await _api.Ok(_api.Get(Officer, $"/api/referrals/{referralId}"));
        Assert.Equal(("sanction", id), (referral.GetProperty("source").Str("kind"), referral.GetProperty("source").Id("id")));
        Assert.Equal(("discipline-650100", number), (referral.Str("receiverId"), referral.Str("documentNumber")));
        var (letterStatus, letter) = await _api.Get(Officer, $"/api/referrals/{referralId}/letter");
        Assert.Equal(200, letterStatus);
        Assert.Contains("处分建议书", letter.GetString());
        Assert.Contains("建议给予警告处分", letter.GetString());

        // R22: the named staff member meets none of it.
        foreach (var route in new[] { $"/api/referrals/{referralId}", $"/api/referrals/{referralId}/letter", "/api/documents/" + Uri.EscapeDataString(number), $"/api/cases/{referralId}/history" })
        {
            var (status, _) = await _api.Get(Named, route);
            Assert.True(status == 404, $"{Named} {route}: {status}");
        }
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        Assert.Contains((await _api.Ok(_api.Get(Officer, "/api/referrals/outbox?pageSize=200"))).GetProperty("items").EnumerateArray(), r => r.Id() == referralId);
        Assert.DoesNotContain((await _api.Ok(_api.Get(Named, "/api/referrals/outbox?pageSize=200"))).GetProperty("items").EnumerateArray(), r => r.Id() == referralId);

        // The reply is recorded once, on the case; a finding of no misconduct no longer fits.
        var (fb, fbProblem) = await _api.Post(Officer, $"/api/referrals/{referralId}/feedback", new { version = referral.GetProperty("version").GetInt64(), outcome = "handled", note = "已处分" });
        Assert.Equal((422, "reply_on_sanction_case"), (fb, fbProblem.Str("code")));
        await Refused(id, Leader, "no-misconduct-finding", new { version = 4, reason = "未发现" }, 422, "discipline_recommended");

        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/discipline-recommendations/{recommendationId}/reply", new
        {
            version = 4, reply = "经研究，决定给予王芳警告处分", receivedOn = app.Day(),
        }));
        var c = await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{id}"));
        Assert.Equal("closed", c.Str("status"));
        Assert.Equal("replied", c.GetProperty("disciplineRecommendations")[0].Str("status"));
        var answered = await _api.Ok(_api.Get(Officer, $"/api/referrals/{referralId}"));
        Assert.Equal("closed", answered.Str("status"));
        Assert.Contains("经研究，决定给予王芳警告处分", answered.GetProperty("feedback")[0].Str("note"));
    }

    [Fact]
    public async Task An_Art44_case_ends_by_a_leaders_reasoned_finding_of_no_misconduct()
    {
        var id = await Art44Case(reported: false);
        await Refused(id, Leader, "no-misconduct-finding", new { version = 2, reason = "经调查，隐患已由他人登记" }, 422, "investigation_report_required");
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "隐患已于当日由其他检查人员登记并责令改正", proposedScope = "unit", severity = "ordinary", socialImpact = false,
        }));
        await Refused(id, Officer, "no-misconduct-finding", new { version = 3, reason = "未发现" }, 403, "forbidden");
        await Refused(id, "region.leader", "no-misconduct-finding", new { version = 3, reason = "未发现" }, 403, "forbidden");
        await Refused(id, Named, "no-misconduct-finding", new { version = 3, reason = "未发现" }, 404, "not_found");
        await Refused(id, Leader, "no-misconduct-finding", new { version = 3 }, 400, "field_required");
        await Refused(id, Leader, "no-misconduct-finding", new { version = 2, reason = "未发现" }, 409, "stale_version");
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/no-misconduct-finding", new { version = 3, reason = "隐患已由其他检查人员依法处理，王芳不负有责任" }));

        var c = await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{id}"));
        Assert.Equal(("closed", "隐患已由其他检查人员依法处理，王芳不负有责任"), (c.Str("status"), c.Str("noMisconductReason")));
        var history = await _api.Ok(_api.Get(Officer, $"/api/cases/{id}/history"));
        Assert.Contains(history.EnumerateArray(), e => e.Str("eventName") == "负责人认定未发现违纪违法行为（结案）");
        await Refused(id, Leader, "no-misconduct-finding", new { version = 5, reason = "再次" }, 422, "case_closed");
    }

    [Fact]
    public async Task Only_an_Art44_case_ends_by_a_finding_of_no_misconduct_and_others_still_close_after_delivery()
    {
        var unit = await app.UnitIn("650100");
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        await Refused(id, Leader, "no-misconduct-finding", new { version = 1, reason = "未发现" }, 422, "not_art44");
        await Refused(id, Leader, "close", new { version = 1 }, 422, "decision_required");
        await _api.Ok(_api.Post(Leader, $"/api/sanction-cases/{id}/no-penalty", new { version = 1, reason = "违法行为轻微并及时改正" }));
    }
}
