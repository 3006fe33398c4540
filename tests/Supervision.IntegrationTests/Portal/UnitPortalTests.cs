using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Supervision.IntegrationTests.Ui;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Portal;

/// <summary>
/// Issue 17 §1, the unit portal through HTTP: a department creates a unit's account with a one-time activation code; the
/// first login sets the password; the unit sees its own open order and deadline, consents to electronic service, reads the
/// order once served on it, and submits a correction report with a photo — which the officers see and which changes nothing
/// by itself. Everything else is 404 to the unit: staff pages and APIs, another unit's case and documents.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class UnitPortalTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Inspector = "urumqi.inspector1";

    private async Task<Guid> NewUnit()
    {
        var random = string.Concat(Enumerable.Range(0, 7).Select(_ => CreditCode.Alphabet[Random.Shared.Next(CreditCode.Alphabet.Length)]));
        return (await _api.Ok(_api.Post(Inspector, "/api/units", new
        {
            name = "乌鲁木齐市门户测试档案馆" + random, kind = "organ", jurisdictionId = "650100", creditCode = CreditCode.WithCheckDigit("11650100MB" + random),
            contactName = "古丽", contactPhone = "0991-5550000",
        }), 201)).Id();
    }

    private async Task<(Guid Rectification, string Order)> OrderedHazard(Guid unitId)
    {
        var inspection = (await _api.Ok(_api.Post(Inspector, "/api/inspections", new
        {
            unitId, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = new[] { Inspector, "urumqi.inspector2" },
        }), 201)).Id();
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/start", new { version = 1 }));
        var hazard = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection}/hazards", new
        {
            version = 2, item = "Art38.3", description = "档案库房无温湿度调控设备", evidence = new[] { "现场照片 IMG_0101" },
        }), 201);
        var rid = hazard.Id("rectificationId");
        var order = await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{rid}/order", new
        {
            version = 1, workingDays = 10, requirements = "配置恒温恒湿设备", inspectorIds = new[] { Inspector, "urumqi.inspector2" },
        }));
        return (rid, order.Str("documentNumber"));
    }

    /// <summary>A unit account created through the API, its activation code and user name.</summary>
    private async Task<(string User, string Code)> Account(Guid unitId)
    {
        var name = "unit.t" + Guid.NewGuid().ToString("N")[..10];
        var created = await _api.Ok(_api.Post("urumqi.leader", $"/api/units/{unitId}/accounts", new { userName = name, contactName = "古丽", mobile = "13912345678", email = "a@b.example" }), 201);
        Assert.Equal(name, created.Str("userName"));
        return (name, created.Str("activationCode"));
    }

    private static async Task<HttpResponseMessage> PostJson(HttpClient browser, string url, object body) => await browser.PostAsJsonAsync(url, body);

    /// <summary>The leader's 待办 table.</summary>
    private async Task<string> Todos()
    {
        using var leader = await UiBrowser.LoggedIn(app, "urumqi.leader");
        var page = await leader.GetStringAsync("/");
        var start = page.IndexOf("id=\"todos\"", StringComparison.Ordinal);
        return start < 0 ? "" : page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task A_unit_account_is_made_by_its_department_and_its_first_login_sets_the_password()
    {
        var unit = await NewUnit();
        // Only a leader or administrator of a jurisdiction covering the unit; the rules of the account's fields.
        await _api.Refused(Inspector, $"/api/units/{unit}/accounts", new { userName = "unit.x1", contactName = "古丽", mobile = "13912345678" }, 403, "forbidden");
        Assert.Equal(404, (await _api.Post("kashi.leader", $"/api/units/{unit}/accounts", new { userName = "unit.x2", contactName = "古丽", mobile = "13912345678" })).Status);
        await _api.Refused("urumqi.leader", $"/api/units/{unit}/accounts", new { userName = "Unit X", contactName = "古丽", mobile = "13912345678" }, 400, "invalid_user_name", field: "userName");
        await _api.Refused("urumqi.leader", $"/api/units/{unit}/accounts", new { userName = "unit.x3", contactName = "古丽", mobile = "0991555" }, 400, "invalid_mobile", field: "mobile");
        await _api.Refused("urumqi.leader", $"/api/units/{unit}/accounts", new { userName = "urumqi.inspector1", contactName = "古丽", mobile = "13912345678" }, 409, "user_exists");

        var (user, code) = await Account(unit);
        var accounts = await _api.Ok(_api.Get("urumqi.leader", $"/api/units/{unit}/accounts"));
        var listed = Assert.Single(accounts.EnumerateArray());
        Assert.False(listed.GetProperty("activated").GetBoolean());
        Assert.DoesNotContain(code, accounts.GetRawText()); // the code is answered once, never listed

        // First login with the code: everything but the password page is closed.
        using var browser = UiBrowser.New(app);
        await UiBrowser.LogIn(browser, user, code);
        var home = await browser.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/portal/password", home.Headers.Location!.OriginalString);
        Assert.Contains("设置密码", await browser.GetStringAsync("/portal/password"));
        Assert.Equal(403, (int)(await browser.GetAsync("/api/portal")).StatusCode);
        // A weak password or a wrong code is refused; then the password is set and the code's session ends.
        var weak = await PostJson(browser, "/api/portal/password", new { currentPassword = code, newPassword = "short1" });
        Assert.Equal(400, (int)weak.StatusCode);
        var wrong = await PostJson(browser, "/api/portal/password", new { currentPassword = "WRONGCODE123", newPassword = "Archives2027ok" });
        Assert.Equal(422, (int)wrong.StatusCode);
        var set = await PostJson(browser, "/api/portal/password", new { currentPassword = code, newPassword = "Archives2027ok" });
        Assert.Equal(200, (int)set.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/portal")).StatusCode); // to the login: the old session ended
        using var again = UiBrowser.New(app);
        await UiBrowser.LogIn(again, user, code, HttpStatusCode.OK); // the code no longer opens it (the login page again)
        await UiBrowser.LogIn(again, user, "Archives2027ok");
        Assert.Contains("单位门户", await again.GetStringAsync("/portal"));
        Assert.True((await _api.Ok(_api.Get("urumqi.leader", $"/api/units/{unit}/accounts")))[0].GetProperty("activated").GetBoolean());
    }

    [Fact]
    public async Task A_unit_sees_its_order_consents_to_e_service_reads_the_served_order_and_reports_its_correction_which_the_officers_act_on()
    {
        var unit = await NewUnit();
        var (rid, number) = await OrderedHazard(unit);
        var (user, code) = await Account(unit);
        using var browser = UiBrowser.New(app);
        await UiBrowser.LogIn(browser, user, code);
        Assert.Equal(200, (int)(await PostJson(browser, "/api/portal/password", new { currentPassword = code, newPassword = "Archives2027ok" })).StatusCode);
        using var portal = UiBrowser.New(app);
        await UiBrowser.LogIn(portal, user, "Archives2027ok");

        // The open order and its deadline; the order itself only once it was served on the unit.
        var overview = JsonDocument.Parse(await portal.GetStringAsync("/api/portal")).RootElement;
        var order = Assert.Single(overview.GetProperty("orders").EnumerateArray());
        Assert.Equal((rid, number), (order.Id(), order.Str("documentNumber")));
        Assert.False(string.IsNullOrEmpty(order.Str("dueOn")));
        var docUrl = "/api/documents/" + Uri.EscapeDataString(number);
        Assert.Equal(404, (int)(await portal.GetAsync(docUrl)).StatusCode);
        var page = await portal.GetStringAsync("/portal");
        Assert.Contains(number, page);
        Assert.Contains("配置恒温恒湿设备", page);

        // Consent to electronic service, signed in the portal: the unit's record carries it.
        Assert.Equal(400, (int)(await PostJson(portal, "/api/portal/electronic-service-consent", new { address = "dangan@unit.example", agreed = false })).StatusCode);
        var consent = await PostJson(portal, "/api/portal/electronic-service-consent", new { address = "dangan@unit.example", agreed = true });
        Assert.Equal(200, (int)consent.StatusCode);
        var unitRecord = await _api.Ok(_api.Get("urumqi.leader", $"/api/units/{unit}"));
        var recorded = unitRecord.GetProperty("electronicServiceConsent");
        Assert.Equal(("dangan@unit.example", user), (recorded.Str("address"), recorded.Str("recordedBy")));
        Assert.Contains("同意书文本 SHA-256", recorded.Str("proof"));

        // Served in person: now the unit reads it, and it is listed.
        var receipt = await _api.Ok(_api.Post(Inspector, docUrl + "/return-receipts", new { recipient = "古丽" }));
        await _api.Ok(_api.Post(Inspector, docUrl + "/service", new
        {
            method = "direct", receivedOn = app.Day(), recipient = "古丽", proof = "签收的送达回证", returnReceiptNumber = receipt.Str("returnReceiptNumber"),
        }));
        var read = await portal.GetAsync(docUrl);
        Assert.Equal(200, (int)read.StatusCode);
        Assert.Contains("责令限期改正通知书", await read.Content.ReadAsStringAsync());
        overview = JsonDocument.Parse(await portal.GetStringAsync("/api/portal")).RootElement;
        Assert.Equal(number, Assert.Single(overview.GetProperty("documents").EnumerateArray()).Str("number"));
        Assert.Equal(404, (int)(await portal.GetAsync(docUrl + "/service")).StatusCode); // the service record is the department's

        // A correction report with a photo the unit uploaded: an event on the case, the state unchanged.
        var before = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"));
        using var photo = new MultipartFormDataContent { { new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, .. Guid.NewGuid().ToByteArray()]), "file", "恒温恒湿设备.jpg" } };
        var uploaded = await portal.PostAsync("/api/files", photo);
        Assert.Equal(201, (int)uploaded.StatusCode);
        var sha = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.Str("sha256");
        Assert.Equal(400, (int)(await PostJson(portal, $"/api/portal/rectifications/{rid}/correction-reports", new { description = " " })).StatusCode);
        var report = await PostJson(portal, $"/api/portal/rectifications/{rid}/correction-reports", new { description = "已购置并安装恒温恒湿设备", evidenceFiles = new[] { sha } });
        Assert.Equal(200, (int)report.StatusCode);
        var after = await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"));
        Assert.Equal(before.Str("status"), after.Str("status"));
        Assert.Equal(0, after.GetProperty("correctionReportCount").GetInt32());
        var unitReport = Assert.Single(after.GetProperty("unitReports").EnumerateArray());
        Assert.Equal(("已购置并安装恒温恒湿设备", user), (unitReport.Str("description"), unitReport.Str("submittedBy")));
        var casePage = await (await UiBrowser.LoggedIn(app, Inspector)).GetStringAsync($"/rectifications/{rid}");
        Assert.Contains("单位通过门户提交的整改报告", casePage);
        Assert.Contains($"/api/cases/{rid}/files/{sha}", casePage); // the photo is one of the case's files
        Assert.Contains("单位通过门户提交整改报告", (await _api.Get(Inspector, $"/api/cases/{rid}/history")).Body.GetRawText());
        // On the officers' 待办 until they record a correction report of their own.
        Assert.Contains($"<tr><td>单位整改报告待核实</td><td><a href=\"/rectifications/{rid}\">", await Todos());
        await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{rid}/correction-reports", new { version = after.Long("version"), description = "已核实单位报告", evidence = new[] { "现场核实" } }));
        Assert.DoesNotContain($"/rectifications/{rid}", await Todos());
    }

    [Fact]
    public async Task Everything_outside_its_own_portal_is_404_to_a_unit()
    {
        var unit = await NewUnit();
        var other = await NewUnit();
        var (otherCase, otherNumber) = await OrderedHazard(other);
        var (user, code) = await Account(unit);
        using var setup = UiBrowser.New(app);
        await UiBrowser.LogIn(setup, user, code);
        await PostJson(setup, "/api/portal/password", new { currentPassword = code, newPassword = "Archives2027ok" });
        using var portal = UiBrowser.New(app);
        await UiBrowser.LogIn(portal, user, "Archives2027ok");

        Assert.Equal("/portal", (await portal.GetAsync("/")).Headers.Location!.OriginalString);
        foreach (var url in new[] { "/rectifications", "/units", "/deadlines", "/map", "/api/rectifications", $"/api/rectifications/{otherCase}",
                     $"/api/cases/{otherCase}/history", $"/rectifications/{otherCase}", "/api/units", $"/api/units/{unit}", "/api/documents/unserved",
                     "/api/documents/" + Uri.EscapeDataString(otherNumber), "/dashboard", "/api/dashboard" })
            Assert.True((await portal.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        Assert.Equal(404, (int)(await PostJson(portal, $"/api/portal/rectifications/{otherCase}/correction-reports", new { description = "别人的" })).StatusCode);
        Assert.Equal(404, (int)(await PostJson(portal, "/api/inspections", new { unitId = unit })).StatusCode);
        Assert.Equal(404, (int)(await PostJson(portal, $"/api/units/{unit}/accounts", new { userName = "unit.self", contactName = "x", mobile = "13912345678" })).StatusCode);
        // Staff have no portal.
        Assert.Equal(404, (await _api.Get(Inspector, "/api/portal")).Status);
    }
}
