using System.Text.Json;
using Marten;
using Marten.Events;

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
        var orders = await _api.Ok(_api.Get("urumqi.leader", $"/api/dashboard/cases?jurisdiction=650100&from=2025-01&to={month}&figure=ordersIssued"));
        Assert.Equal(Count(urumqi, "ordersIssued"), orders.GetProperty("items").GetArrayLength());
        Assert.Contains(orders.GetProperty("items").EnumerateArray(), i => i.Str("title").Contains(order.Str("documentNumber")));
        var complaintsList = await _api.Ok(_api.Get("urumqi.leader", $"/api/dashboard/cases?jurisdiction=650100&from=2025-01&to={month}&figure=complaintsReceived"));
        Assert.Equal(Count(urumqi, "complaintsReceived"), complaintsList.GetProperty("items").GetArrayLength());
        var (unknownFigure, _) = await _api.Get("urumqi.leader", "/api/dashboard/cases?figure=everything");
        Assert.Equal(400, unknownFigure);

        var (denied, _) = await _api.Get("kashi.leader", "/api/dashboard?jurisdiction=650100");
        Assert.Equal(404, denied);
        var (badMonth, problem) = await _api.Get("urumqi.leader", "/api/dashboard?from=2026-13");
        Assert.Equal(400, badMonth);
        Assert.Equal("invalid_month", problem.Str("code"));
    }
}
