namespace Supervision.IntegrationTests.Shared;

[Collection(AppCollection.Name)]
public sealed class CaseFileTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    [Fact]
    public async Task The_case_file_joins_inspection_rectification_complaint_and_sanction_case_in_one_timeline()
    {
        var (inspection, rectification) = await _given.Hazard();
        var complaints = new Complaints.ComplaintFlowTests(app);
        var complaint = await complaints.Accepted();
        await _api.Ok(_api.Post("urumqi.handler", $"/api/complaints/{complaint}/inspections", new { version = 3, inspectionId = inspection }));
        var unit = await app.UnitIn("650100");
        var sanction = (await _api.Ok(_api.Post("urumqi.officer", "/api/sanction-cases", new
        {
            source = new { kind = "inspection", id = inspection }, partyUnitId = unit.Id, violation = "Art43.1", summary = "未建立档案工作责任制",
            investigatorIds = new[] { "urumqi.officer", "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();

        var file = await _api.Ok(_api.Get("urumqi.leader", $"/api/cases/{rectification}/file"));
        var cases = file.GetProperty("cases").EnumerateArray().Select(c => (c.Str("kind"), c.Id())).ToList();
        Assert.Contains(("rectification", rectification), cases);
        Assert.Contains(("inspection", inspection), cases);
        Assert.Contains(("complaint", complaint), cases);
        Assert.Contains(("sanction", sanction), cases);
        var timeline = file.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(timeline.Select(e => e.GetProperty("timestamp").GetDateTimeOffset()).Order(), timeline.Select(e => e.GetProperty("timestamp").GetDateTimeOffset()));
        Assert.Contains(timeline, e => e.Str("eventName") == "立案");
        Assert.Contains(timeline, e => e.Str("eventName") == "记录档案安全隐患");
        Assert.DoesNotContain("买买提", file.ToString()); // the complaint's identity never appears

        var (kashgar, _) = await _api.Get("kashi.leader", $"/api/cases/{rectification}/file");
        Assert.Equal(404, kashgar);
    }
}
