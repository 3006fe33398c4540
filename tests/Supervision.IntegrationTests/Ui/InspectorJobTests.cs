using System.Net;
using System.Text.RegularExpressions;

namespace Supervision.IntegrationTests.Ui;

/// <summary>
/// Issue 14 §2, the inspector's job without dead ends: the next step of a hazard is on the inspection page, the order form
/// previews its due date, the re-inspection has no default conclusion, and cancelling is a destructive step with a reason.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class InspectorJobTests(AppFixture app)
{
    private readonly Scenarios _given = new(app);
    private readonly Api _api = new(app);

    [Fact]
    public async Task A_hazard_waiting_for_its_order_carries_the_order_action_on_the_inspection_page_until_the_order_is_issued()
    {
        var (inspection, rectification) = await _given.Hazard();
        using var inspector = await UiBrowser.LoggedIn(app, "urumqi.inspector1");
        var page = await inspector.GetStringAsync($"/inspections/{inspection}");
        var row = HazardRow(page, rectification);
        Assert.Matches($"<a class=\"button order-action\" href=\"/rectifications/{rectification}#order\">下达责令限期改正通知书</a>", row);
        // The link lands on the order form.
        Assert.Contains("<form class=\"api\" id=\"order\"", await inspector.GetStringAsync($"/rectifications/{rectification}"));

        // Someone who does not issue orders sees the hazard, not the action.
        using var handler = await UiBrowser.LoggedIn(app, "urumqi.handler");
        Assert.DoesNotContain("order-action", HazardRow(await handler.GetStringAsync($"/inspections/{inspection}"), rectification));

        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/rectifications/{rectification}/order",
            new { version = 1, workingDays = 10, requirements = "配置恒温恒湿设备", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        Assert.DoesNotContain("order-action", HazardRow(await inspector.GetStringAsync($"/inspections/{inspection}"), rectification));
    }

    [Fact]
    public async Task The_order_form_previews_the_due_date_the_order_then_carries()
    {
        var (_, rectification) = await _given.Hazard();
        using var inspector = await UiBrowser.LoggedIn(app, "urumqi.inspector1");
        var page = await inspector.GetStringAsync($"/rectifications/{rectification}");
        var dates = DueDates().Match(page).Groups[1].Value.Split(',');
        Assert.Equal(Supervision.Rectifications.RectificationSteps.MaxWorkingDays, dates.Length);
        // Without JavaScript the default (15 working days) is previewed in words.
        var fifteen = DateOnly.Parse(dates[14].TrimEnd('?'));
        Assert.Contains($"按 15 个工作日计算，今日下达的整改截止日期为 {fifteen.Year}年{fifteen.Month}月{fifteen.Day}日", page);

        var order = await _api.Ok(_api.Post("urumqi.inspector1", $"/api/rectifications/{rectification}/order",
            new { version = 1, workingDays = 10, requirements = "配置恒温恒湿设备", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        Assert.Equal(order.Str("dueOn"), dates[9].TrimEnd('?'));
    }

    [Fact]
    public async Task The_reinspection_conclusion_has_no_default_and_a_missing_one_is_refused()
    {
        var (rectification, _) = await _given.Ordered();
        using var inspector = await UiBrowser.LoggedIn(app, "urumqi.inspector1");
        var page = await inspector.GetStringAsync($"/rectifications/{rectification}");
        var select = Regex.Match(page, "<select name=\"passed\"[^>]*>.*?</select>", RegexOptions.Singleline).Value;
        Assert.Contains("required", Regex.Match(select, "<select[^>]*>").Value);
        Assert.True(Regex.IsMatch(select, "^<select[^>]*><option value(=\"\")? selected>请选择</option>"), select); // an empty value renders as a bare attribute
        Assert.DoesNotMatch("value=\"(true|false)\" selected", select);

        // What app.js sends for "请选择" (null): refused next to the field, nothing recorded.
        var (status, body) = await _api.Post("urumqi.inspector1", $"/api/rectifications/{rectification}/reinspections",
            new { version = 2, passed = (bool?)null, notes = "已整改", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } });
        Assert.Equal(400, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("passed", out _));
    }

    [Fact]
    public async Task Cancelling_a_planned_inspection_is_a_destructive_step_behind_a_disclosure_that_asks_for_a_reason()
    {
        var id = await _given.PlannedInspection();
        using var inspector = await UiBrowser.LoggedIn(app, "urumqi.inspector1");
        var page = await inspector.GetStringAsync($"/inspections/{id}");
        var zone = Regex.Match(page, "<details class=\"danger-zone\" id=\"cancel-inspection\">.*?</details>", RegexOptions.Singleline).Value;
        Assert.NotEmpty(zone);
        Assert.Contains($"data-api=\"/api/inspections/{id}/cancel\"", zone);
        Assert.Matches("<textarea name=\"reason\"[^>]*required", zone);
        Assert.Contains("<button type=\"submit\" class=\"danger\">确认取消检查</button>", zone);
        // The start form is not inside the disclosure.
        Assert.DoesNotContain("/start", zone);

        var (status, body) = await _api.Post("urumqi.inspector1", $"/api/inspections/{id}/cancel", new { version = 1, reason = "" });
        Assert.Equal(400, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("reason", out _));
    }

    private static string HazardRow(string page, Guid rectification) =>
        Regex.Match(page, $"<tr data-rectification=\"{rectification}\">.*?</tr>", RegexOptions.Singleline).Value is { Length: > 0 } row
            ? row : throw new Xunit.Sdk.XunitException("no hazard row");

    [GeneratedRegex("data-due-dates=\"([^\"]+)\"")]
    private static partial Regex DueDates();
}
