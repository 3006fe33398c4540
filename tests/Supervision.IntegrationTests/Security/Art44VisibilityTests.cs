using System.Text.Json;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Security;

/// <summary>
/// R22: an Art. 44 case concerns the department's own staff; the staff named in it can neither see nor act on it.
/// Two routes apply the rule with a filter of their own, not through the case's read model: the dashboard drill-down
/// (<c>GET /api/dashboard/cases</c>, Dashboards/DashboardDrillDown.cs) and the documents route
/// (<c>GET /api/documents/{number}</c>, Documents/DocumentEndpoints.cs). The named member of staff is an inspector of
/// the case's own department, so jurisdiction alone would let them in; a colleague not named sees everything.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class Art44VisibilityTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Officer = "urumqi.officer";
    private const string Named = "urumqi.inspector3";
    private static readonly string[] NotNamed = ["urumqi.officer2", "urumqi.inspector1", "urumqi.leader", "region.leader"];

    /// <summary>
    /// An Art. 44 case naming <see cref="Named"/>, investigated and reported, with the numbered 处分建议书 it leads to
    /// (Art. 44 ends in discipline, not a penalty decision).
    /// </summary>
    private async Task<(Guid Id, string Recommendation)> ReportedArt44Case()
    {
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, violation = "Art44", summary = "检查人员未履行监督检查职责，对发现的档案安全隐患未予处理",
            investigatorIds = new[] { Officer, "urumqi.inspector1" },
            responsiblePersons = new[] { new { name = "王芳", userId = Named } },
        }), 201)).Id();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "监督检查工作记录：隐患未登记", kind = "书证" }));
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "检查人员发现隐患后未责令改正", proposedScope = "jurisdiction", severity = "ordinary", socialImpact = false,
        }));
        var recommendation = await _api.Ok(_api.Post("urumqi.leader", $"/api/sanction-cases/{id}/discipline-recommendations", new
        {
            version = 3, personName = "王芳", position = "监督检查科科员", receiverId = "discipline-650100", recommendation = "建议给予警告处分",
        }));
        return (id, recommendation.Str("documentNumber"));
    }

    [Fact]
    public async Task The_documents_of_an_Art44_case_are_404_for_the_staff_it_names_and_readable_by_the_others()
    {
        var (_, number) = await ReportedArt44Case();
        {
            var url = "/api/documents/" + Uri.EscapeDataString(number);
            foreach (var route in new[] { url, url + "/status" })
            {
                var (status, problem) = await _api.Get(Named, route);
                Assert.True(status == 404, $"{Named} {route}: {status}");
                Assert.Equal("not_found", problem.Str("code"));
                Assert.DoesNotContain("王芳", problem.ToString());
            }
            foreach (var user in NotNamed)
            {
                var (status, body) = await _api.Get(user, url);
                Assert.True(status == 200, $"{user} {number}: {status}");
                Assert.Contains(number, body.GetString());
            }
        }
    }

    [Fact]
    public async Task The_dashboard_drill_down_leaves_an_Art44_case_out_for_the_staff_it_names()
    {
        var (id, _) = await ReportedArt44Case();
        // Opened in February 2026. (penaltiesDecided filters the same way, but an Art. 44 case is never decided with a
        // penalty: the decision is refused with art44_discipline_only, so no such row can be made through the API.)
        var url = "/api/dashboard/cases?jurisdiction=650100&figure=sanctionCasesOpened&from=2026-01&to=2026-03";
        // A case of the same month that does not name them: they see that one (so it is R22 that hides the other).
        var unit = await app.UnitIn("650100");
        var ordinary = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        var hidden = await _api.Ok(_api.Get(Named, url));
        Assert.DoesNotContain(Items(hidden), i => i.Id() == id);
        Assert.Contains(Items(hidden), i => i.Id() == ordinary);
        foreach (var user in NotNamed)
            Assert.True(Items(await _api.Ok(_api.Get(user, url))).Any(i => i.Id() == id), $"{user} does not see the case");
        // The same from the region's level down (another path to the same rows).
        var regional = await _api.Ok(_api.Get("region.leader", "/api/dashboard/cases?jurisdiction=650000&figure=sanctionCasesOpened&from=2026-01&to=2026-03"));
        Assert.Contains(Items(regional), i => i.Id() == id);
    }

    private static IEnumerable<JsonElement> Items(JsonElement drillDown) => drillDown.GetProperty("items").EnumerateArray();
}
