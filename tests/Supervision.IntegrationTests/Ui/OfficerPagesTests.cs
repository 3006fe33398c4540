using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Ui;

/// <summary>The case officer's pages: sanction cases and referrals, read with a cookie session like a browser.</summary>
[Collection(AppCollection.Name)]
public sealed partial class OfficerPagesTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Officer = "urumqi.officer";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private HttpClient Browser() => UiBrowser.New(app);

    private Task<HttpClient> LoggedIn(string user) => UiBrowser.LoggedIn(app, user);

    private static async Task<string> Read(HttpClient browser, string url)
    {
        var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {html}");
        return html;
    }

    private static string Api(Guid id, string step) => $"data-api=\"/api/sanction-cases/{id}/{step}\"";

    /// <summary>Opened, one piece of evidence, reported, noticed (version 4): the defence period runs.</summary>
    private async Task<(Guid Id, string NoticeNumber)> NoticedCase()
    {
        var unit = await app.UnitIn("650100");
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "未建立档案工作责任制",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "现场检查笔录", kind = "现场笔录" }));
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "该单位未建立档案工作责任制", proposedScope = "jurisdiction", severity = "ordinary", socialImpact = false,
        }));
        var notice = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", new
        {
            version = 3, facts = "未建立档案工作责任制", reasons = "经责令仍未建立", basis = "《新疆维吾尔自治区档案管理办法》第四十三条", signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" }, evidenceIds = new[] { "E1" },
        }));
        await new Scenarios(app).Served(notice.Str("documentNumber")); // version 5: the defence period runs from receipt
        return (id, notice.Str("documentNumber"));
    }

    [Fact]
    public async Task Case_officer_opens_the_form_and_the_list_and_sees_a_case_with_its_notice_and_the_forms_of_its_state()
    {
        var (id, notice) = await NoticedCase();
        var officer = await LoggedIn(Officer);

        var form = await Read(officer, "/sanction-cases/new");
        Assert.Contains("data-api=\"/sanction-cases/new\"", form);
        Assert.Contains("未按照国家和自治区规定的移交范围、时限或者移交要求向有关档案馆移交档案的", form); // Art43.2, official wording
        Assert.Contains("value=\"Art44\"", form);
        Assert.Contains((await app.UnitIn("650100")).Name, form);
        Assert.Contains("value=\"urumqi.inspector1\"", form);   // certified
        Assert.DoesNotContain("name=\"investigatorIds\" data-type=\"array\" value=\"urumqi.inspector3\"", form); // not certified (R1)
        Assert.DoesNotContain("value=\"kashi.officer\"", form);  // another jurisdiction

        var list = await Read(officer, "/sanction-cases");
        Assert.Contains($"/sanction-cases/{id}", list);
        Assert.Contains("href=\"/sanction-cases\"", list); // the nav link
        Assert.Contains($"/sanction-cases/{id}", await Read(officer, "/sanction-cases?status=noticed"));
        Assert.DoesNotContain($"/sanction-cases/{id}", await Read(officer, "/sanction-cases?status=closed"));
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/sanction-cases?status=bogus")).StatusCode);

        var page = await Read(officer, $"/sanction-cases/{id}");
        Assert.Contains("已事先告知", page);
        Assert.Contains($"/api/documents/{Uri.EscapeDataString(notice)}", page);
        Assert.Contains("陈述、申辩、要求听证", page); // the defence period among the deadlines
        Assert.Contains("办案记录", page);
        Assert.Contains("立案", page);
        // The forms of a noticed case for an investigator: evidence, defence, waiver, hearing request …
        Assert.Contains(Api(id, "evidence"), page);
        Assert.Contains(Api(id, "defence"), page);
        Assert.Contains(Api(id, "defence-waiver"), page);
        Assert.Contains(Api(id, "hearing-request"), page);
        Assert.Contains("name=\"version\" data-type=\"int\" value=\"5\"", page);
        // … but not the steps already taken, nor those of other roles.
        Assert.DoesNotContain(Api(id, "investigation-report"), page);
        Assert.DoesNotContain(Api(id, "notice"), page);
        Assert.DoesNotContain(Api(id, "legal-review"), page);
        Assert.DoesNotContain(Api(id, "decision"), page);
        Assert.DoesNotContain(Api(id, "delivery"), page);
        Assert.DoesNotContain(Api(id, "close"), page);

        var legal = await Read(await LoggedIn("urumqi.legal"), $"/sanction-cases/{id}");
        Assert.Contains(Api(id, "legal-review"), legal);
        Assert.DoesNotContain(Api(id, "evidence"), legal);

        // The leader: collective discussion and no-penalty now; the decision waits for the defence period, and says so.
        var leader = await Read(await LoggedIn("urumqi.leader"), $"/sanction-cases/{id}");
        Assert.Contains(Api(id, "collective-discussion"), leader);
        Assert.Contains(Api(id, "no-penalty"), leader);
        Assert.Contains(Api(id, "supplementary-investigation"), leader); // 补充调查: the leader's decision
        Assert.DoesNotContain(Api(id, "supplementary-investigation"), page);
        Assert.DoesNotContain(Api(id, "decision"), leader);
        Assert.Contains("id=\"decision-refused\"", leader);

        // An Urumqi case does not exist for Kashgar.
        var kashgar = await LoggedIn("kashi.officer");
        Assert.Equal(HttpStatusCode.NotFound, (await kashgar.GetAsync($"/sanction-cases/{id}")).StatusCode);
        Assert.DoesNotContain(id.ToString(), await Read(kashgar, "/sanction-cases"));
    }

    [Fact]
    public async Task A_decided_case_shows_its_decision_delivery_clock_and_what_still_stands_before_closing()
    {
        var (id, _) = await NoticedCase();
        await new Scenarios(app).Waived(id, 5, Officer);
        var decision = await _api.Ok(_api.Post("urumqi.leader", $"/api/sanction-cases/{id}/decision", new
        {
            version = 6, scope = "unit", complianceRequirements = "建立档案工作责任制", correctionWorkingDays = 10, evidenceIds = new[] { "E1" }, signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" },
        }));

        var page = await Read(await LoggedIn(Officer), $"/sanction-cases/{id}");
        Assert.Contains("已作出处罚决定", page);
        Assert.Contains($"/api/documents/{Uri.EscapeDataString(decision.Str("documentNumber"))}", page);
        Assert.Contains("送达处罚决定书（七个工作日）", page);
        Assert.Contains(Api(id, "delivery"), page);
        Assert.Contains(Api(id, "criminal-transfer-proposals"), page);
        Assert.DoesNotContain(Api(id, "evidence"), page);
        Assert.DoesNotContain(Api(id, "defence"), page);
        Assert.DoesNotContain(Api(id, "close"), page); // closing is approved by a leader of the department

        var leader = await Read(await LoggedIn("urumqi.leader"), $"/sanction-cases/{id}");
        Assert.Contains("id=\"close-refused\"", leader); // what still stands before the leader may close it
        Assert.Contains(Api(id, "decision-changes"), leader);
        Assert.Contains(Api(id, "discipline-recommendations"), leader);
        Assert.DoesNotContain(Api(id, "no-penalty"), leader);
    }

    [Fact]
    public async Task The_form_opens_an_Art44_case_whose_named_staff_member_gets_404_and_never_sees_it_listed()
    {
        var officer = await LoggedIn(Officer);
        // What app.js sends for the opening form: flat fields, the staff member ticked as responsible.
        var response = await officer.PostAsJsonAsync("/sanction-cases/new", new
        {
            source = new { kind = "direct" }, partyUnitId = (Guid?)null, violation = "Art44", summary = "检查人员未履行监督检查职责",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsibleNames = Array.Empty<string>(), responsibleUserIds = new[] { "urumqi.inspector3" },
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        var id = body.Id();

        var page = await Read(officer, $"/sanction-cases/{id}");
        Assert.Contains("第四十四条", page);
        Assert.Contains("urumqi.inspector3", page);

        var named = await LoggedIn("urumqi.inspector3");
        Assert.Equal(HttpStatusCode.NotFound, (await named.GetAsync($"/sanction-cases/{id}")).StatusCode);
        Assert.DoesNotContain(id.ToString(), await Read(named, "/sanction-cases"));

        // The rules are the API's: a missing field comes back as its problem, next to the field.
        var refused = await officer.PostAsJsonAsync("/sanction-cases/new", new
        {
            source = new { kind = "direct" }, violation = "Art44", summary = "x", investigatorIds = new[] { Officer, "urumqi.inspector1" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("responsible_persons_required", (await refused.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task Kashgar_finds_an_Urumqi_referral_in_its_inbox_with_the_acknowledge_form_and_Tianshan_gets_404()
    {
        var (_, order) = await _given.Ordered();
        (int Status, JsonElement Body) sent = default;
        await app.Host.TrackActivity().Timeout(Patience)
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => sent = await _api.Post(Officer, "/api/referrals", new
            {
                source = new { kind = "direct" }, receiverId = "archives-653100", kind = "case_transfer",
                summary = "该单位的档案保管场所位于喀什地区，依法移送喀什地区档案局管辖", documentNumbers = new[] { order.Str("documentNumber") },
            })));
        Assert.True(sent.Status == 201, sent.Body.ToString());
        var id = sent.Body.Id();
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);

        var kashgar = await LoggedIn("kashi.officer");
        var inbox = await Read(kashgar, "/referrals");
        Assert.Contains($"/referrals/{id}", inbox);
        Assert.Contains("乌鲁木齐市档案局", inbox);
        var page = await Read(kashgar, $"/referrals/{id}");
        Assert.Contains($"data-api=\"/api/referrals/{id}/acknowledgement\"", page);
        Assert.Contains($"/api/referrals/{id}/letter", page);
        Assert.Contains(order.Str("documentNumber"), page);
        Assert.Contains($"/api/documents/{Uri.EscapeDataString(order.Str("documentNumber"))}", page); // sent with the referral: the receiver opens it
        Assert.DoesNotContain($"data-api=\"/api/referrals/{id}/closure\"", page); // the sender's step

        // The sender: in its outbox, awaiting a reply; no acknowledge form, the closing form instead.
        var urumqi = await LoggedIn(Officer);
        var outbox = await Read(urumqi, "/referrals?awaitingReply=true");
        Assert.Contains($"/referrals/{id}", outbox);
        Assert.Contains("待回复", outbox);
        var senderPage = await Read(urumqi, $"/referrals/{id}");
        Assert.DoesNotContain($"data-api=\"/api/referrals/{id}/acknowledgement\"", senderPage);
        Assert.Contains($"data-api=\"/api/referrals/{id}/closure\"", senderPage);

        // Neither the county below the sender nor anyone else.
        var tianshan = await LoggedIn("tianshan.leader");
        Assert.Equal(HttpStatusCode.NotFound, (await tianshan.GetAsync($"/referrals/{id}")).StatusCode);
        Assert.DoesNotContain(id.ToString(), await Read(tianshan, "/referrals"));

        // After acknowledging, the feedback form; and the way to open a case from it.
        await _api.Ok(_api.Post("kashi.officer", $"/api/referrals/{id}/acknowledgement", new { version = 2 }));
        var acknowledged = await Read(kashgar, $"/referrals/{id}");
        Assert.Contains($"data-api=\"/api/referrals/{id}/feedback\"", acknowledged);
        Assert.DoesNotContain($"data-api=\"/api/referrals/{id}/acknowledgement\"", acknowledged);
        Assert.Contains($"sourceKind=referral&amp;sourceId={id}", acknowledged);
    }

    [Fact]
    public async Task The_referral_form_lists_the_register_without_ones_own_department()
    {
        var form = await Read(await LoggedIn(Officer), "/referrals/new");
        Assert.Contains("data-api=\"/api/referrals\"", form);
        Assert.Contains("value=\"archives-653100\"", form);
        Assert.Contains("value=\"police-650100\"", form);
        Assert.DoesNotContain("value=\"archives-650100\"", form);
        Assert.Contains("value=\"case_transfer\"", form);
    }

}
