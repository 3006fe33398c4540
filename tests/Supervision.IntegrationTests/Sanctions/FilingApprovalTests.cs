using System.Text.RegularExpressions;
using Supervision.IntegrationTests.Ui;

namespace Supervision.IntegrationTests.Sanctions;

/// <summary>
/// 立案审批表 (issue 13 §1): a leader of the handling department approves the opening of a case, once, and the numbered,
/// frozen 立案审批表 prints the proposal as recorded at opening and the approval by the person who gave it. Until then the
/// case is on the leader's 待办.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FilingApprovalTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Officer = "urumqi.officer";

    [Fact]
    public async Task A_leader_of_the_department_approves_the_opening_once_and_the_form_prints_who_proposed_and_who_approved()
    {
        var unit = await app.UnitIn("650100");
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "检查组到达后当事单位拒不开放档案库房",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        var url = $"/api/sanction-cases/{id}/filing-approval";

        // On the leader's 待办 until approved.
        using (var leaderBrowser = await UiBrowser.LoggedIn(app, "urumqi.leader"))
        {
            var workbench = await leaderBrowser.GetStringAsync("/");
            Assert.Contains($"href=\"/sanction-cases/{id}\"", Regex.Match(workbench, "<table[^>]*id=\"todos\".*?</table>", RegexOptions.Singleline).Value);
            Assert.Contains("id=\"filing-approval\"", await leaderBrowser.GetStringAsync($"/sanction-cases/{id}"));
        }

        await _api.Refused(Officer, url, new { version = 1 }, 403, "forbidden", id);          // not a leader
        await _api.Refused("region.leader", url, new { version = 1 }, 403, "forbidden", id);  // a leader above, not of the department
        var approved = await _api.Ok(_api.Post("urumqi.leader", url, new { version = 1, opinion = "同意立案，由李明、王强承办。" }));
        var number = approved.Str("documentNumber");
        Assert.Matches(@"^乌档立审〔\d{4}〕\d+号$", number);
        await _api.Refused("urumqi.leader", url, new { version = 2 }, 409, "filing_already_approved", id);

        var form = (await _api.Ok(_api.Get(Officer, "/api/documents/" + Uri.EscapeDataString(number)))).GetString()!;
        Assert.Contains("立案审批表", form);
        Assert.Contains("检查组到达后当事单位拒不开放档案库房", form);
        Assert.Contains("同意立案，由李明、王强承办。", form);
        Assert.Contains("审批人：马晓东", form);           // urumqi.leader, who approved
        Assert.Contains("第四十三条第（一）项", form);
    }
}
