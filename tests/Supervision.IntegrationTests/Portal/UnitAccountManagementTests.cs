using System.Net;
using System.Net.Http.Json;
using Supervision.IntegrationTests.Ui;
using Supervision.Shared;

namespace Supervision.IntegrationTests.Portal;

/// <summary>
/// Issue 17 §1, the department keeps its units' portal accounts through HTTP: it disables one with a reason (no login, and
/// an open session stops at its next request), enables it again, and re-issues a one-time activation code (the old password
/// and every session end; the code works once, to set a new password). Only a leader or administrator of a department
/// covering the unit (403 for other roles, 404 elsewhere), and only for an account of that unit (404 for any other name).
/// Each change is recorded on the account and shown on the unit's page.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class UnitAccountManagementTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Leader = "urumqi.leader", Password = "Archives2027ok";

    private async Task<Guid> NewUnit()
    {
        var random = string.Concat(Enumerable.Range(0, 7).Select(_ => CreditCode.Alphabet[Random.Shared.Next(CreditCode.Alphabet.Length)]));
        return (await _api.Ok(_api.Post("urumqi.inspector1", "/api/units", new
        {
            name = "乌鲁木齐市账户管理测试局" + random, kind = "organ", jurisdictionId = "650100", creditCode = CreditCode.WithCheckDigit("11650100MB" + random),
        }), 201)).Id();
    }

    /// <summary>An activated account of the unit (its password set) and a browser logged in with it.</summary>
    private async Task<(string User, HttpClient Session)> ActiveAccount(Guid unit)
    {
        var user = "unit.m" + Guid.NewGuid().ToString("N")[..10];
        var code = (await _api.Ok(_api.Post(Leader, $"/api/units/{unit}/accounts", new { userName = user, contactName = "古丽", mobile = "13912345678" }), 201)).Str("activationCode");
        using (var first = UiBrowser.New(app))
        {
            await UiBrowser.LogIn(first, user, code);
            Assert.Equal(200, (int)(await first.PostAsJsonAsync("/api/portal/password", new { currentPassword = code, newPassword = Password })).StatusCode);
        }
        var session = UiBrowser.New(app);
        await UiBrowser.LogIn(session, user, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/portal")).StatusCode);
        return (user, session);
    }

    /// <summary>The session no longer works: the API answers 401, a page sends it to the login.</summary>
    private static async Task AssertEnded(HttpClient session)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/portal")).StatusCode);
        var page = await session.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_disabled_account_cannot_log_in_and_its_open_session_stops_until_the_department_enables_it_again()
    {
        var unit = await NewUnit();
        var otherUnit = await NewUnit();
        var (user, session) = await ActiveAccount(unit);
        using var _ = session;
        var url = $"/api/units/{unit}/accounts/{user}/disable";
        var why = new { reason = "联系人已离职" };

        // Who may: the unit's department's leader or administrator (and those above); the account must be the unit's.
        await _api.Refused("urumqi.inspector1", url, why, 403, "forbidden");
        await _api.Refused("kashi.leader", url, why, 404, "not_found");
        await _api.Refused(Leader, $"/api/units/{otherUnit}/accounts/{user}/disable", why, 404, "not_found"); // another unit's account
        await _api.Refused(Leader, $"/api/units/{unit}/accounts/urumqi.inspector1/disable", why, 404, "not_found"); // a staff account
        await _api.Refused(Leader, $"/api/units/{unit}/accounts/unit.nobody/disable", why, 404, "not_found");
        await _api.Refused(Leader, url, new { }, 400, "field_required", field: "reason");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/portal")).StatusCode); // nothing refused changed it

        var disabled = await _api.Ok(_api.Post(Leader, url, why));
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        Assert.Equal(("disabled", "联系人已离职", Leader), (disabled.GetProperty("recorded").Str("action"), disabled.GetProperty("recorded").Str("reason"),
            disabled.GetProperty("recorded").Str("by")));
        await _api.Refused(Leader, url, why, 409, "account_disabled");

        // The open session stops at its next request; a new login is refused (the login form again, no cookie).
        await AssertEnded(session);
        using (var again = UiBrowser.New(app))
        {
            await UiBrowser.LogIn(again, user, Password, HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/portal")).StatusCode);
        }

        // The department sees it disabled, who did it and why; the page offers to enable it.
        var listed = (await _api.Ok(_api.Get(Leader, $"/api/units/{unit}/accounts"))).EnumerateArray().Single();
        Assert.True(listed.GetProperty("disabled").GetBoolean());
        Assert.Equal("联系人已离职", listed.GetProperty("history")[0].Str("reason"));
        using (var leader = await UiBrowser.LoggedIn(app, Leader))
        {
            var page = await leader.GetStringAsync($"/units/{unit}");
            Assert.Contains("已停用", page);
            Assert.Contains($"id=\"enable-{user}\"", page);
            Assert.DoesNotContain($"id=\"disable-{user}\"", page);
            Assert.Contains("停用：联系人已离职", page);
        }

        // Enabled again (here by the region's administrator, above): the password works again; an old session does not return.
        await _api.Refused("urumqi.inspector1", $"/api/units/{unit}/accounts/{user}/enable", new { reason = "新联系人已到岗" }, 403, "forbidden");
        await _api.Ok(_api.Post("region.admin", $"/api/units/{unit}/accounts/{user}/enable", new { reason = "新联系人已到岗" }));
        await _api.Refused(Leader, $"/api/units/{unit}/accounts/{user}/enable", new { reason = "再次启用" }, 409, "account_enabled");
        await AssertEnded(session);
        using var back = UiBrowser.New(app);
        await UiBrowser.LogIn(back, user, Password);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/api/portal")).StatusCode);
        Assert.Equal(["disabled", "enabled"], (await _api.Ok(_api.Get(Leader, $"/api/units/{unit}/accounts")))[0].GetProperty("history").EnumerateArray()
            .Select(h => h.Str("action")));
    }

    [Fact]
    public async Task A_reissued_code_ends_every_session_and_the_old_password_and_works_once_to_set_a_new_one()
    {
        var unit = await NewUnit();
        var otherUnit = await NewUnit();
        var (user, session) = await ActiveAccount(unit);
        using var _ = session;
        var url = $"/api/units/{unit}/accounts/{user}/activation-code";
        var why = new { reason = "遗忘密码" };
        await _api.Refused("urumqi.inspector1", url, why, 403, "forbidden");
        await _api.Refused("urumqi.handler", url, why, 403, "forbidden");
        await _api.Refused("kashi.leader", url, why, 404, "not_found");
        await _api.Refused(Leader, $"/api/units/{otherUnit}/accounts/{user}/activation-code", why, 404, "not_found");
        await _api.Refused(Leader, url, new { reason = "" }, 400, "field_required", field: "reason");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/portal")).StatusCode);

        var reissued = await _api.Ok(_api.Post(Leader, url, why));
        var code = reissued.Str("activationCode");
        Assert.Equal((12, false), (code.Length, reissued.GetProperty("disabled").GetBoolean()));
        Assert.DoesNotContain(code, (await _api.Ok(_api.Get(Leader, $"/api/units/{unit}/accounts"))).GetRawText()); // answered once, never listed

        // Every session ended; the old password no longer opens the account; the code does, to set a new password only.
        await AssertEnded(session);
        using (var old = UiBrowser.New(app)) await UiBrowser.LogIn(old, user, Password, HttpStatusCode.OK);
        using (var first = UiBrowser.New(app))
        {
            await UiBrowser.LogIn(first, user, code);
            var home = await first.GetAsync("/portal");
            Assert.Equal(("/portal/password", HttpStatusCode.Redirect), (home.Headers.Location!.OriginalString, home.StatusCode));
            Assert.Equal(403, (int)(await first.GetAsync("/api/portal")).StatusCode);
            Assert.Equal(200, (int)(await first.PostAsJsonAsync("/api/portal/password", new { currentPassword = code, newPassword = "Renewed2027ok" })).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await first.GetAsync("/portal")).StatusCode); // the code's session ended too
        }
        using (var codeAgain = UiBrowser.New(app)) await UiBrowser.LogIn(codeAgain, user, code, HttpStatusCode.OK); // once only
        using var renewed = UiBrowser.New(app);
        await UiBrowser.LogIn(renewed, user, "Renewed2027ok");
        Assert.Contains("单位门户", await renewed.GetStringAsync("/portal"));

        var listed = (await _api.Ok(_api.Get(Leader, $"/api/units/{unit}/accounts"))).EnumerateArray().Single();
        Assert.True(listed.GetProperty("activated").GetBoolean());
        var change = listed.GetProperty("history").EnumerateArray().Single();
        Assert.Equal(("activation_code_reissued", "遗忘密码", Leader), (change.Str("action"), change.Str("reason"), change.Str("by")));
        using var leader = await UiBrowser.LoggedIn(app, Leader);
        var page = await leader.GetStringAsync($"/units/{unit}");
        Assert.Contains($"id=\"reissue-{user}\"", page);
        Assert.Contains($"id=\"disable-{user}\"", page);
        Assert.Contains("重新发放激活码：遗忘密码", page);
    }
}
