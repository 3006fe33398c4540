using System.Text.Json;
using Marten;
using Marten.Events;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Dashboards;

[Collection(AppCollection.Name)]
public sealed class DashboardTests(AppFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    private async Task<JsonElement> Dashboard(string user, string jurisdiction)
    {
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var month = Supervision.Shared.WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).ToString("yyyy-MM");
        return (await _api.Ok(_api.Get(user, $"/api/dashboard?jurisdiction={jurisdiction}&from=2025-01&to={month}"))).GetProperty("totals");
    }

    private static int Count(JsonElement totals, string name) => totals.GetProperty(name).GetInt32();
    private static int Hazards(JsonElement totals, string item) => totals.GetProperty("hazardsByItem").TryGetProperty(item, out var v) ? v.GetInt32() : 0;

    [Fact]
    public async Task The_dashboard_counts_the_cases_of_a_jurisdiction_and_those_below_once_the_projection_catches_up()
    {
        await _given.PlannedInspection(); // the daemon's wait needs some event activity to wait for
        var urumqiBefore = await Dashboard("urumqi.leader", "650100");
        var regionBefore = await Dashboard("region.leader", "650000");
        var kashgarBefore = await Dashboard("kashi.leader", "653100");

        var (_, order) = await _given.Ordered(workingDays: 10);          // plan + start + Art38.3 hazard + order
        await _given.Hazard("tianshan.inspector", "650102", ["tianshan.inspector", "tianshan.inspector2"]); // a county below Urumqi
        await new Complaints.ComplaintFlowTests(app).Registered();

        var urumqi = await Dashboard("urumqi.leader", "650100");
        Assert.Equal(Count(urumqiBefore, "inspectionsPlanned") + 2, Count(urumqi, "inspectionsPlanned"));
        Assert.Equal(Hazards(urumqiBefore, "Art38.3") + 2, Hazards(urumqi, "Art38.3"));
        Assert.Equal(Count(urumqiBefore, "ordersIssued") + 1, Count(urumqi, "ordersIssued"));
        Assert.Equal(Count(urumqiBefore, "complaintsReceived") + 1, Count(urumqi, "complaintsReceived"));

        var region = await Dashboard("region.leader", "650000");
        Assert.Equal(Count(regionBefore, "inspectionsPlanned") + 2, Count(region, "inspectionsPlanned"));
        var kashgar = await Dashboard("kashi.leader", "653100");
        Assert.Equal(Count(kashgarBefore, "inspectionsPlanned"), Count(kashgar, "inspectionsPlanned"));

        // Every figure drills down to the cases behind it: the same number of cases as the figure.
        var month = Supervision.Shared.WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).ToString("yyyy-MM");
        var hazards = await _api.Ok(_api.Get("urumqi.leader", $"/api/dashboard/cases?jurisdiction=650100&from=2025-01&to={month}&figure=hazards&item=Art38.3"));
        Assert.Equal(Hazards(urumqi, "Art38.3"), hazards.GetProperty("items").GetArrayLength());
        // own=true: the city's own hazards only, without the county's below it (the row of the per-jurisdiction table).
        var ownHazards = await _api.Ok(_api.Get("urumqi.leader", $"/api/dashboard/cases?jurisdiction=650100&own=true&from=2025-01&to={month}&figure=hazards&item=Art38.3"));
        var countys = hazards.GetProperty("items").EnumerateArray().Count(i => i.Str("jurisdictionId") == "650102");
        Assert.True(countys >= 1);
        Assert.All(ownHazards.GetProperty("items").EnumerateArray(), i => Assert.Equal("650100", i.Str("jurisdictionId")));
        Assert.Equal(hazards.GetProperty("items").GetArrayLength() - countys, ownHazards.GetProperty("items").GetArrayLength());
        // Another item's drill-down does not list these.
        var otherItem = await _api.Ok(_api.Get("urumqi.leader", $"/api/dashboard/cases?jurisdiction=650100&from=2025-01&to={month}&figure=hazards&item=Art38.7"));
        Assert.Equal(Hazards(urumqi, "Art38.7"), otherItem.GetProperty("items").GetArrayLength());
        var orders = await _api.Ok(_api.Get("urumqi.leader", $"/api/dashboard/cases?jurisdiction=650100&from=2025-01&to={month}&figure=ordersIssued"));
        Assert.Equal(Count(urumqi, "ordersIssued"), orders.GetProperty("items").GetArrayLength());
        Assert.Contains(orders.GetProperty("items").EnumerateArray(), i => i.Str("title").Contains(order.Str("documentNumber")));
        var complaintsList = await _api.Ok(_api.Get("urumqi.leader", $"/api/dashboard/cases?jurisdiction=650100&from=2025-01&to={month}&figure=complaintsReceived"));
        Assert.Equal(Count(urumqi, "complaintsReceived"), complaintsList.GetProperty("items").GetArrayLength());
        var (unknownFigure, figureProblem) = await _api.Get("urumqi.leader", "/api/dashboard/cases?figure=everything");
        Assert.Equal((400, "unknown_figure"), (unknownFigure, figureProblem.Str("code")));

        var (denied, deniedProblem) = await _api.Get("kashi.leader", "/api/dashboard?jurisdiction=650100");
        Assert.Equal((404, "not_found"), (denied, deniedProblem.Str("code")));
        var (badMonth, problem) = await _api.Get("urumqi.leader", "/api/dashboard?from=2026-13");
        Assert.Equal(400, badMonth);
        Assert.Equal("invalid_month", problem.Str("code"));
    }

    [Fact]
    public async Task Sanction_decisions_and_referrals_count_for_the_deciding_sending_and_receiving_departments()
    {
        await _given.PlannedInspection();
        var urumqiBefore = await Dashboard("urumqi.leader", "650100");
        var kashgarBefore = await Dashboard("kashi.leader", "653100");

        // A sanction case of Urumqi, from opening to a published decision.
        var unit = await app.UnitIn("650100");
        const string officer = "urumqi.officer";
        var id = (await _api.Ok(_api.Post(officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        await _api.Ok(_api.Post(officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "现场检查笔录", kind = "现场笔录" }));
        await _api.Ok(_api.Post(officer, $"/api/sanction-cases/{id}/investigation-report", new { version = 2, findings = "拒绝检查", proposedScope = "unit", severity = "ordinary", socialImpact = false }));
        var notice = await _api.Ok(_api.Post(officer, $"/api/sanction-cases/{id}/notice", new { version = 3, facts = "拒绝检查", reasons = "拒绝、阻碍监督检查", basis = "第四十三条", signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" }, evidenceIds = new[] { "E1" } }));
        await new Scenarios(app).Served(notice.Str("documentNumber"));
        await new Scenarios(app).Waived(id, 5, officer);
        await _api.Ok(_api.Post("urumqi.leader", $"/api/sanction-cases/{id}/decision", new { version = 6, scope = "unit", complianceRequirements = "配合监督检查", correctionWorkingDays = 10, evidenceIds = new[] { "E1" }, signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" } }));

        // A referral from Urumqi to Kashgar's archives department.
        await app.Host.TrackActivity().Timeout(Patience).ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(_ =>
            _api.Ok(_api.Post(officer, "/api/referrals", new
            {
                source = new { kind = "direct" }, receiverId = "archives-653100", kind = "information_sharing", summary = "该单位在喀什设有档案库房", documentNumbers = Array.Empty<string>(),
            }), 201)));

        var urumqi = await Dashboard("urumqi.leader", "650100");
        Assert.Equal(Count(urumqiBefore, "sanctionCasesOpened") + 1, Count(urumqi, "sanctionCasesOpened"));
        Assert.Equal(Count(urumqiBefore, "penaltiesDecided") + 1, Count(urumqi, "penaltiesDecided"));
        Assert.Equal(Count(urumqiBefore, "referralsSent") + 1, Count(urumqi, "referralsSent"));
        Assert.Equal(Count(urumqiBefore, "referralsReceived"), Count(urumqi, "referralsReceived"));
        // The figures drill down to the cases behind them.
        var month = Supervision.Shared.WorkingDayCalendar.BeijingToday(app.Clock.GetUtcNow()).ToString("yyyy-MM");
        foreach (var figure in new[] { "sanctionCasesOpened", "penaltiesDecided" })
        {
            var cases = await _api.Ok(_api.Get("urumqi.leader", $"/api/dashboard/cases?jurisdiction=650100&from=2025-01&to={month}&figure={figure}"));
            Assert.Equal(Count(urumqi, figure), cases.GetProperty("items").GetArrayLength());
            Assert.Contains(cases.GetProperty("items").EnumerateArray(), i => i.Str("link") == $"/sanction-cases/{id}");
        }
        var kashgar = await Dashboard("kashi.leader", "653100");
        Assert.Equal(Count(kashgarBefore, "referralsReceived") + 1, Count(kashgar, "referralsReceived"));
        Assert.Equal(Count(kashgarBefore, "referralsSent"), Count(kashgar, "referralsSent"));
        Assert.Equal(Count(kashgarBefore, "penaltiesDecided"), Count(kashgar, "penaltiesDecided"));
    }
}
