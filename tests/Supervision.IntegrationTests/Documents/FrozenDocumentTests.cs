using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Documents;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.IntegrationTests.Documents;

/// <summary>Issue 13 §1: a document, once issued, never changes — whatever happens to the case or the register afterwards.</summary>
[Collection(AppCollection.Name)]
public sealed class FrozenDocumentTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Inspector = "urumqi.inspector1";

    /// <summary>An order for a unit of this test alone (its register entry is changed below).</summary>
    private async Task<(Guid UnitId, Guid RectificationId, string Number)> OrderForOwnUnit()
    {
        var random = string.Concat(Enumerable.Range(0, 7).Select(_ => CreditCode.Alphabet[Random.Shared.Next(CreditCode.Alphabet.Length)]));
        var unit = await _api.Ok(_api.Post("urumqi.leader", "/api/units", new
        {
            name = "乌鲁木齐市文书冻结测试档案馆" + random, kind = "organ", jurisdictionId = "650100", creditCode = CreditCode.WithCheckDigit("11650100MB" + random),
        }), 201);
        var inspection = await _api.Ok(_api.Post(Inspector, "/api/inspections", new
        {
            unitId = unit.Id(), focusItems = new[] { "Art37.1" }, plannedOn = app.Day(), inspectorIds = new[] { Inspector, "urumqi.inspector2" },
        }), 201);
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection.Id()}/start", new { version = 1 }));
        var hazard = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{inspection.Id()}/hazards", new
        {
            version = 2, item = "Art38.3", description = "档案库房无温湿度调控设备", evidence = new[] { "现场照片 IMG_0012" },
        }), 201);
        var rid = hazard.Id("rectificationId");
        var order = await _api.Ok(_api.Post(Inspector, $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 10, requirements = "配置恒温恒湿设备", inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } }));
        return (unit.Id(), rid, order.Str("documentNumber"));
    }

    private async Task Rename(Guid unitId, string name)
    {
        await using var session = app.Store.LightweightSession();
        var unit = (await session.LoadAsync<SupervisedUnit>(unitId))!;
        unit.Name = name;
        session.Store(unit);
        await session.SaveChangesAsync();
    }

    private async Task<(string Html, string? Sha256, string? Sm3)> Read(string number)
    {
        var token = await app.TokenFor(Inspector);
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/documents/" + Uri.EscapeDataString(number));
            s.WithRequestHeader("Authorization", "Bearer " + token);
        });
        var headers = result.Context.Response.Headers;
        return (await result.ReadAsTextAsync(), headers["X-Document-Sha256"].FirstOrDefault(), headers["X-Document-Sm3"].FirstOrDefault());
    }

    [Fact]
    public async Task The_order_read_after_the_register_and_the_deadline_changed_is_byte_for_byte_the_order_first_read_with_its_hashes()
    {
        var (unitId, rid, number) = await OrderForOwnUnit();
        var (issued, sha256, sm3) = await Read(number);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issued))), sha256);
        Assert.Equal(IssuedDocumentContent.Sm3Hex(issued), sm3);
        Assert.Equal(64, sm3!.Length);

        // The register is corrected and the deadline extended: the order as issued does not move.
        await Rename(unitId, "改名后的单位");
        var version = (await _api.Ok(_api.Get(Inspector, $"/api/rectifications/{rid}"))).GetProperty("version").GetInt64();
        var extension = await _api.Ok(_api.Post("urumqi.leader", $"/api/rectifications/{rid}/extensions", new { version, newDueOn = app.Day(61), reason = "设备到货延迟" }));
        var (again, shaAgain, _) = await Read(number);
        Assert.Equal(issued, again);
        Assert.Equal(sha256, shaAgain);
        Assert.DoesNotContain("改名后的单位", again);
        Assert.DoesNotContain("2026年4月7日", again);

        // The extension is its own numbered document, naming the order it changes, the old and the new date, the reason and who approved.
        var noticeNumber = extension.Str("noticeNumber");
        Assert.Matches(@"^乌档延期〔2026〕\d+号$", noticeNumber);
        Assert.Equal("2026-04-07", extension.Str("dueOn"));
        var (notice, _, _) = await Read(noticeNumber);
        Assert.Contains("延长整改期限通知书", notice);
        Assert.Contains(number, notice);
        Assert.Contains("2026年4月7日", notice);
        Assert.Contains("设备到货延迟", notice);
        Assert.Contains("批准人：", notice);

        var status = await _api.Ok(_api.Get(Inspector, "/api/documents/" + Uri.EscapeDataString(number) + "/status"));
        Assert.Equal(("in_force", true, sha256), (status.Str("status"), status.GetProperty("frozen").GetBoolean(), status.Str("sha256")));
    }

    [Fact]
    public async Task A_document_nobody_opened_is_frozen_right_after_issue_so_a_later_change_of_the_register_does_not_reach_it()
    {
        var (unitId, _, number) = await OrderForOwnUnit();
        var unitName = (await app.Store.QuerySession().LoadAsync<SupervisedUnit>(unitId))!.Name;
        // The background freezer's pass, run here instead of waiting for its timer.
        await app.Host.Services.GetRequiredService<DocumentFreezeService>().FreezePendingAsync(CancellationToken.None);
        await using (var session = app.Store.QuerySession())
        {
            var row = (await session.LoadAsync<IssuedDocument>(number))!;
            Assert.NotNull(row.Content);
            Assert.Equal(IssuedDocumentContent.Sha256Hex(row.Content!), row.Sha256);
            Assert.NotNull(row.StreamVersion);
        }

        await Rename(unitId, "冻结后改名的单位");
        var (html, _, _) = await Read(number);
        Assert.Contains(unitName, html);
        Assert.DoesNotContain("冻结后改名的单位", html);
    }

    [Fact]
    public async Task Readers_and_the_freezer_racing_on_a_fresh_document_all_get_the_one_copy_that_is_kept()
    {
        // Each rendering prints its own random verification code: a lost race would hand out a copy that is not the one kept.
        var (_, _, number) = await OrderForOwnUnit();
        var freezer = app.Host.Services.GetRequiredService<DocumentFreezeService>();
        var reads = Enumerable.Range(0, 6).Select(_ => Read(number)).ToList();
        var freezes = Enumerable.Range(0, 2).Select(_ => freezer.FreezePendingAsync(CancellationToken.None)).ToList();
        var copies = await Task.WhenAll(reads);
        await Task.WhenAll(freezes);

        await using var session = app.Store.QuerySession();
        var kept = (await session.LoadAsync<IssuedDocument>(number))!;
        Assert.All(copies, c => Assert.Equal(kept.Content, c.Html));
        Assert.All(copies, c => Assert.Equal(kept.Sha256, c.Sha256));
        Assert.Contains(kept.VerificationCode!, kept.Content);
        var verified = await _api.Ok(_api.Get(Inspector, "/api/documents/" + Uri.EscapeDataString(number) + "/verify"));
        Assert.Equal(kept.Sha256, verified.Str("sha256"));
    }
}
