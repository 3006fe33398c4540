using Alba;
using Marten;
using Supervision.Inspections;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Shared;

[Collection(AppCollection.Name)]
public sealed class IdempotencyTests(AppFixture app)
{
    private readonly Scenarios _given = new(app);

    private async Task<(int Status, System.Text.Json.JsonElement Body, bool Replayed)> Post(string user, string url, object body, string key)
    {
        var token = await app.TokenFor(user);
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.WithRequestHeader("Authorization", "Bearer " + token);
            s.WithRequestHeader(Idempotency.Header, key);
            s.IgnoreStatusCode();
        });
        return (result.Context.Response.StatusCode, await result.ReadAsJsonAsync<System.Text.Json.JsonElement>(),
            result.Context.Response.Headers[Idempotency.ReplayedHeader] == "true");
    }

    [Fact]
    public async Task Retried_and_concurrent_creations_with_one_key_create_one_case_and_answer_alike()
    {
        var unit = await app.UnitIn("650100");
        var plan = new { unitId = unit.Id, focusItems = new[] { "Art37.5" }, plannedOn = app.Day(14), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } };
        var key = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Post("urumqi.inspector1", "/api/inspections", plan, key)));
        Assert.All(answers, a => Assert.Equal(201, a.Status));
        var id = Assert.Single(answers.Select(a => a.Body.Id()).Distinct());
        var again = await Post("urumqi.inspector1", "/api/inspections", plan, key);
        Assert.True(again.Replayed);
        Assert.Equal(id, again.Body.Id());

        await using var session = app.Store.QuerySession();
        Assert.Equal(1, (await session.Events.FetchStreamStateAsync(id))!.Version);
        // Another user's identical key is another request.
        var other = await Post("urumqi.inspector2", "/api/inspections", plan, key);
        Assert.NotEqual(id, other.Body.Id());
    }

    [Fact]
    public async Task A_retried_hazard_is_recorded_once()
    {
        var inspection = await _given.StartedInspection();
        var hazard = new { version = 2, item = "Art38.2", description = "库房面积严重不足", evidence = new[] { "测量记录" } };
        var key = Guid.NewGuid().ToString();
        var first = await Post("urumqi.inspector1", $"/api/inspections/{inspection}/hazards", hazard, key);
        var retry = await Post("urumqi.inspector1", $"/api/inspections/{inspection}/hazards", hazard, key);
        Assert.Equal(201, first.Status);
        Assert.Equal(201, retry.Status);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Body.Id("rectificationId"), retry.Body.Id("rectificationId"));
        await using var session = app.Store.QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(inspection)).Select(e => e.Data).OfType<HazardRecorded>());
    }
}
