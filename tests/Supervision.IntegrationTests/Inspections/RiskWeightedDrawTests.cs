using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Supervision.AnnualReports;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.IntegrationTests.Ui;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;
using Wolverine;

namespace Supervision.IntegrationTests.Inspections;

/// <summary>
/// Issue 17 §3: the 双随机 draw weighted by risk (rule risk-v1) through HTTP. One draw per department and plan period: each
/// test here draws for its own month (August 2026), away from RandomDrawFlowTests (May, June 2026) and the authorisation
/// matrix (February 2026).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RiskWeightedDrawTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Inspector = "urumqi.inspector1";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static string Random7() => string.Concat(Enumerable.Range(0, 7).Select(_ => CreditCode.Alphabet[System.Random.Shared.Next(CreditCode.Alphabet.Length)]));

    private async Task<Guid> NewUnit(string kind = "organ")
    {
        var random = Random7();
        var prefix = kind == "archive_service_agency" ? "91650100MA" : "11650100MB";
        return (await _api.Ok(_api.Post(Inspector, "/api/units", new
        {
            name = "乌鲁木齐加权抽取测试单位" + random, kind, jurisdictionId = "650100", creditCode = CreditCode.WithCheckDigit(prefix + random),
        }), 201)).Id();
    }

    /// <summary>An inspection of the unit finds a hazard, an order is issued and its deadline passes uncorrected.</summary>
    private async Task OverdueOrder(Guid unitId)
    {
        var inspection = (await _api.Ok(_api.Post(Inspector, "/api/inspections", new
        {
            unitId, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
        }), 201)).Id();
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/start", new { version = 1 }));
        var hazard = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/hazards", new
        {
            version = 2, item = "Art38.3", description = "档案库房无温湿度调控设备", evidence = new[] { "现场照片 IMG_0301" },
        }), 201);
        var rid = hazard.Id("rectificationId");
        var order = await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{rid}/order", new
        {
            version = 1, workingDays = 5, requirements = "配置恒温恒湿设备", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" },
        }));
        var due = DateOnly.Parse(order.Str("dueOn"));
        app.AdvanceClockTo(RectificationDeadlines.OverdueAt(due).AddMinutes(1));
        using var scope = app.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new RectificationDeadlineCheck(rid, due));
    }

    /// <summary>Two officers score the agency 55 of 100 (不合格) and the leader publishes the result.</summary>
    private async Task FailingGrade(Guid agencyId)
    {
        var scores = new Dictionary<string, int> { ["licence"] = 8, ["staff"] = 6, ["rules"] = 5, ["security"] = 10, ["quality"] = 10, ["contract"] = 10, ["complaints"] = 6 };
        var scored = await _api.Ok(_api.Post(Inspector, "/api/agency-evaluations", new
        {
            year = 2025, unitId = agencyId, scores, vetoes = new { veto_loss = false, veto_subcontract = false }, evidence = "现场检查记录",
            inspectorIds = new[] { Inspector, "urumqi.inspector2" },
        }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/agency-evaluations/{scored.Id("evaluationId")}/publication", new { version = scored.Long("version") }));
    }

    private static JsonElement WeightOf(JsonElement draw, Guid unitId) => draw.GetProperty("weights").EnumerateArray().Single(w => w.Id("unitId") == unitId);

    [Fact]
    public async Task A_risk_weighted_draw_records_the_weights_verifies_from_them_and_still_verifies_after_the_risk_changes()
    {
        app.ClockAt(new DateTimeOffset(2026, 8, 3, 10, 0, 0, Beijing));
        var overdueUnit = await NewUnit();
        var agency = await NewUnit("archive_service_agency");
        var quiet = await NewUnit();
        await OverdueOrder(overdueUnit);
        await FailingGrade(agency);

        var draw = await _api.Ok(_api.Post("urumqi.leader", "/api/inspection-draws", new
        {
            jurisdiction = "650100", unitCount = 3, focusItems = new[] { "Art37.1" }, plannedOn = "2026-08-24", weighting = "risk",
        }), 201);
        Assert.Equal(("risk-v1", "sha256-inputs-v2", "2026-08"), (draw.Str("weighting"), draw.Str("seedRule"), draw.Str("planPeriod")));
        // One weight per candidate, in candidate order.
        Assert.Equal(draw.GetProperty("candidateUnitIds").EnumerateArray().Select(e => e.GetGuid()),
            draw.GetProperty("weights").EnumerateArray().Select(w => w.Id("unitId")));
        Assert.Equal((4, "overdue:1×3"), (WeightOf(draw, overdueUnit).GetProperty("weight").GetInt32(), WeightOf(draw, overdueUnit).Str("factors")));
        Assert.Equal((5, "grade:不合格+4"), (WeightOf(draw, agency).GetProperty("weight").GetInt32(), WeightOf(draw, agency).Str("factors")));
        Assert.Equal((1, ""), (WeightOf(draw, quiet).GetProperty("weight").GetInt32(), WeightOf(draw, quiet).Str("factors")));
        var drawId = draw.Id("drawId");

        var verification = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspection-draws/{drawId}/verification"));
        Assert.True(verification.GetProperty("reproducible").GetBoolean());
        Assert.True(verification.GetProperty("seedDerived").GetBoolean());
        Assert.Equal(("risk-v1", "sha256-inputs-v2"), (verification.Str("weighting"), verification.Str("seedRule")));

        // The unit's risk changes after the draw (a second order goes overdue): the recorded weight stays, and the draw
        // still verifies because it is re-run from the weights recorded at the draw, not recomputed.
        await OverdueOrder(overdueUnit);
        var stored = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspection-draws/{drawId}"));
        Assert.Equal(4, WeightOf(stored, overdueUnit).GetProperty("weight").GetInt32());
        var again = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspection-draws/{drawId}/verification"));
        Assert.True(again.GetProperty("reproducible").GetBoolean() && again.GetProperty("seedDerived").GetBoolean());

        // 一公开: the draw is marked as weighted by rule risk-v1; the units' weights and factors are not published.
        var published = (await _api.Ok(_api.Get("", "/api/public/inspection-draws"))).EnumerateArray().Single(d => d.Id() == drawId);
        Assert.Equal("risk-v1", published.Str("weighting"));
        Assert.False(published.TryGetProperty("weights", out _));
        Assert.DoesNotContain("overdue:", published.GetRawText());
        var publicPage = (await _api.Ok(_api.Get("", "/public/inspection-draws"))).GetString()!;
        Assert.Contains("按风险加权（risk-v1）", publicPage);

        // The staff pages: the list names the weighting, the draw's page each drawn unit's weight and the verification.
        using var leader = await UiBrowser.LoggedIn(app, "urumqi.leader");
        Assert.Contains("按风险加权", await leader.GetStringAsync("/inspection-draws"));
        var page = await leader.GetStringAsync($"/inspection-draws/{drawId}");
        Assert.Contains("按风险加权（risk-v1）", page);
        Assert.Contains("结果一致", page);
        foreach (var s in draw.GetProperty("selections").EnumerateArray())
        {
            var weight = WeightOf(draw, s.Id("unitId")).GetProperty("weight").GetInt32();
            Assert.Matches($"data-unit=\"{s.Id("unitId")}\"[\\s\\S]*?<td class=\"weight\">{weight}</td>", page);
        }
    }

    [Fact]
    public async Task An_unknown_weighting_is_refused_with_a_problem_and_nothing_is_drawn()
    {
        app.ClockAt(new DateTimeOffset(2026, 9, 1, 10, 0, 0, Beijing));
        string[] drawn = ["random_draw_performed", "inspection_planned"];
        var before = await app.EventCount(drawn);
        await _api.Refused("urumqi.leader", "/api/inspection-draws",
            new { jurisdiction = "650100", unitCount = 2, focusItems = new[] { "Art37.1" }, plannedOn = "2026-09-21", weighting = "heavy" }, 400, "unknown_weighting", field: "weighting");
        Assert.Equal(before, await app.EventCount(drawn));
        // The page offers the choice to the leader.
        using var leader = await UiBrowser.LoggedIn(app, "urumqi.leader");
        var page = await leader.GetStringAsync("/inspection-draws");
        Assert.Contains("<option value=\"risk\">按风险加权</option>", page);
        using var inspector = await UiBrowser.LoggedIn(app, Inspector);
        Assert.DoesNotContain("name=\"weighting\"", await inspector.GetStringAsync("/inspection-draws"));
    }

    /// <summary>
    /// The complaints and the annual-report rounds of the rule, read for many units at once: events appended for units of a
    /// jurisdiction of their own (no page or board of another test reads it).
    /// </summary>
    [Fact]
    public async Task The_inputs_count_substantiated_complaints_and_missed_reports_of_the_last_two_years_for_all_candidates_at_once()
    {
        var now = new DateTimeOffset(2026, 8, 3, 10, 0, 0, Beijing);
        var department = "x" + Guid.NewGuid().ToString("N")[..8];
        var path = "x-draw-weights/" + department;
        SupervisedUnit Unit(string name) => new() { Id = Guid.NewGuid(), Name = name, JurisdictionId = department, JurisdictionPath = path };
        var (a, b, c) = (Unit("甲"), Unit("乙"), Unit("丙"));

        await using (var session = app.Store.LightweightSession())
        {
            void Complaint(SupervisedUnit unit, DateTimeOffset receivedAt, bool substantiated)
            {
                var id = Guid.NewGuid();
                session.Events.StartStream<Complaint>(id,
                    new ComplaintReceived(id, "DW-" + id.ToString("N")[..12], ComplaintChannel.Letter, receivedAt, true, null, [], unit.Id, unit.Name, department, path,
                        "测试", null, null, DateOnly.FromDateTime(receivedAt.Date), DateOnly.FromDateTime(receivedAt.Date), "test", receivedAt),
                    new ComplaintConcluded(id, substantiated, "查明", "结果", "test", receivedAt.AddDays(10)));
            }
            Complaint(a, now.AddYears(-1), substantiated: true);
            Complaint(a, now.AddMonths(-3), substantiated: true);
            Complaint(a, now.AddMonths(-2), substantiated: false);   // not substantiated
            Complaint(a, now.AddYears(-3), substantiated: true);     // older than two years
            Complaint(b, now.AddMonths(-6), substantiated: true);

            void Round(int year, DateOnly dueOn, params SupervisedUnit[] expected)
            {
                var id = Guid.NewGuid();
                session.Events.StartStream<AnnualReportRound>(id, new AnnualReportRoundOpened(id, department, path, year, dueOn, 1,
                    expected.Select(u => new ExpectedUnit(u.Id, u.Name, UnitKind.Organ)).ToArray(), "test", now.AddYears(-3)));
                if (expected.Contains(b))
                {
                    var report = Guid.NewGuid();
                    session.Events.StartStream<AnnualReport>(report, new AnnualReportSubmitted(report, id, department, path, year, b.Id, b.Name, 1, [], [], "paper",
                        dueOn.AddDays(-5), false, "test", now.AddYears(-3)));
                }
            }
            Round(2024, new DateOnly(2025, 3, 31), a, b);   // due in the window: a missed it, b reported
            Round(2025, new DateOnly(2026, 3, 31), a, b, c); // a and c missed it
            Round(2023, new DateOnly(2024, 3, 31), a, c);   // due more than two years before the draw
            Round(2026, new DateOnly(2026, 9, 30), a, c);   // not due yet
            await session.SaveChangesAsync();
        }

        await using var query = app.Store.QuerySession();
        var inputs = await DrawWeighting.RiskInputsAsync(query, [a, b, c], now, CancellationToken.None);
        Assert.Equal(new DrawRiskInputs(SubstantiatedComplaints: 2, MissedAnnualReports: 2), inputs[a.Id]);
        Assert.Equal(new DrawRiskInputs(SubstantiatedComplaints: 1), inputs[b.Id]);
        Assert.Equal(new DrawRiskInputs(MissedAnnualReports: 1), inputs[c.Id]);
        Assert.Equal((1 + 2 * 2 + 2 * 2, "complaints:2×2,reports:2×2"), DrawWeighting.WeighRiskV1(inputs[a.Id]));
    }
}
