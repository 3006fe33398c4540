using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Marten.Events;
using Supervision.Referrals;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Referrals;

/// <summary>Referrals between departments (Art. 42, R23) through the real HTTP pipeline, outbox and async daemon.</summary>
[Collection(AppCollection.Name)]
public sealed class ReferralFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _scenarios = new(app);
    private const string Sender = "urumqi.officer";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Sends and waits until the outbox delivery is done; any handler exception fails the test.</summary>
    private Task<(int Status, JsonElement Body)> SendAndWait(string user, string url, object body) =>
        app.AndWait(() => _api.Post(user, url, body));

    /// <summary>
    /// Sends and waits until the outbox delivery and its retries are done: the delivery was executed
    /// <paramref name="attempts"/> times, each failed attempt logged with <paramref name="reason"/> (the
    /// ReferralDeliveryException's), and no exception escaped the retries (Referrals:RetryCooldownsMs = 20,20).
    /// </summary>
    private async Task<(int Status, JsonElement Body)> SendThroughFailures(string user, string url, object body, string reason, int failed, int attempts)
    {
        var result = await app.AndWaitThroughRetries<DeliverReferral, (int, JsonElement)>(() => _api.Post(user, url, body), attempts);
        Assert.True(result.Item1 == 201, result.Item2.ToString());
        for (var attempt = 1; attempt <= failed; attempt++) app.FailureLogged($"Referral {result.Item2.Id()} delivery", attempt, reason);
        return result;
    }

    private async Task<List<object>> Events(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }

    private static JsonElement? Find(JsonElement page, Guid id) =>
        page.GetProperty("items").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(i => i!.Value.Id() == id);

    private async Task<string> WebhookDepartment(string url, string secret)
    {
        var id = "police-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var session = app.Store.LightweightSession();
        session.Store(new ReceivingDepartment
        {
            Id = id, Name = "测试公安局", Kind = DepartmentKind.PublicSecurity, JurisdictionId = "650100",
            Delivery = DeliveryMethod.Webhook, WebhookUrl = url, WebhookSecret = secret,
        });
        await session.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task Urumqi_transfers_a_case_to_Kashgar_which_finds_it_in_its_inbox_acknowledges_and_answers_and_nobody_else_sees_it()
    {
        var (rid, order) = await _scenarios.Ordered();
        var (status, created) = await SendAndWait(Sender, "/api/referrals", new
        {
            source = new { kind = "rectification", id = rid }, receiverId = "archives-653100", kind = "case_transfer",
            summary = "该单位的档案保管场所位于喀什地区，依法移送喀什地区档案局管辖", documentNumbers = new[] { order.Str("documentNumber") },
        });
        Assert.True(status == 201, created.ToString());
        var id = created.Id();
        Assert.Matches(@"^乌档移送〔\d{4}〕\d+号$", created.Str("documentNumber"));

        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var inbox = await _api.Ok(_api.Get("kashi.officer", "/api/referrals/inbox"));
        var item = Find(inbox, id) ?? throw new Xunit.Sdk.XunitException("not in Kashgar's inbox: " + inbox);
        Assert.Equal("delivered", item.Str("status"));
        Assert.Equal("乌鲁木齐市档案局", item.Str("senderDepartmentName"));
        Assert.Equal(2, item.GetProperty("version").GetInt32());
        var proof = (await Events(id)).OfType<ReferralDelivered>().Single().Proof;
        Assert.Contains("archives-653100", proof);

        // Nobody but the two departments: a county below the sender, the region above, the sender's own inbox.
        Assert.Equal(404, (await _api.Get("tianshan.leader", $"/api/referrals/{id}")).Status);
        Assert.Equal(404, (await _api.Get("region.leader", $"/api/referrals/{id}")).Status);
        Assert.Null(Find(await _api.Ok(_api.Get("tianshan.leader", "/api/referrals/inbox")), id));
        Assert.Null(Find(await _api.Ok(_api.Get(Sender, "/api/referrals/inbox")), id));
        Assert.Null(Find(await _api.Ok(_api.Get("kashi.officer", "/api/referrals/outbox")), id));
        await _api.Refused("tianshan.leader", $"/api/referrals/{id}/acknowledgement", new { version = 2 }, 404, "not_found", id);
        await _api.Refused(Sender, $"/api/referrals/{id}/acknowledgement", new { version = 2 }, 403, "forbidden", id);

        var receiverView = await _api.Ok(_api.Get("kashi.officer", $"/api/referrals/{id}"));
        Assert.Equal("receiver", receiverView.Str("side"));
        var acked = await _api.Ok(_api.Post("kashi.officer", $"/api/referrals/{id}/acknowledgement", new { version = 2 }));
        Assert.Equal(3, acked.Long("version"));

        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var outbox = await _api.Ok(_api.Get(Sender, "/api/referrals/outbox?awaitingReply=true"));
        var sent = Find(outbox, id) ?? throw new Xunit.Sdk.XunitException("not on Urumqi's board: " + outbox);
        Assert.Equal("acknowledged", sent.Str("status"));
        Assert.True(sent.GetProperty("awaitingReply").GetBoolean()); // feedback still owed

        await _api.Ok(_api.Post("kashi.officer", $"/api/referrals/{id}/feedback", new { version = 3, outcome = "case_opened", note = "已立案调查" }));
        await _api.Ok(_api.Post(Sender, $"/api/referrals/{id}/closure", new { version = 4 }));
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        Assert.Null(Find(await _api.Ok(_api.Get(Sender, "/api/referrals/outbox?awaitingReply=true")), id));
        Assert.Equal("closed", Find(await _api.Ok(_api.Get(Sender, "/api/referrals/outbox")), id)!.Value.Str("status"));

        // The numbered 案件移送书, and the letter for the receiver.
        var doc = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/documents/" + Uri.EscapeDataString(created.Str("documentNumber")));
            s.WithRequestHeader("Authorization", "Bearer " + app.TokenFor(Sender).GetAwaiter().GetResult());
        });
        var html = await doc.ReadAsTextAsync();
        Assert.Contains("案件移送书", html);
        Assert.Contains("喀什地区档案局", html);
        Assert.Contains(order.Str("documentNumber"), html);
        var (letterStatus, _) = await _api.Get("kashi.officer", $"/api/referrals/{id}/letter");
        Assert.Equal(200, letterStatus);

        // The receiver opens what was sent to it: the attached order and the 案件移送书; a third department does not.
        async Task<int> DocumentStatus(string user, string number) => (await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/documents/" + Uri.EscapeDataString(number));
            s.WithRequestHeader("Authorization", "Bearer " + app.TokenFor(user).GetAwaiter().GetResult());
            s.IgnoreStatusCode();
        })).Context.Response.StatusCode;
        Assert.Equal(200, await DocumentStatus("kashi.officer", order.Str("documentNumber")));
        Assert.Equal(200, await DocumentStatus("kashi.officer", created.Str("documentNumber")));
        Assert.Equal(200, await DocumentStatus("kashi.leader", order.Str("documentNumber"))); // the receiving department, any role
        Assert.Equal(404, await DocumentStatus("tianshan.leader", order.Str("documentNumber"))); // neither sender nor receiver
    }

    [Fact]
    public async Task Sending_is_refused_for_an_unknown_receiver_oneself_and_a_document_one_cannot_see()
    {
        var body = (string receiver, string[] docs) => new { source = new { kind = "direct" }, receiverId = receiver, kind = "information_sharing", summary = "通报", documentNumbers = docs };
        var (unknown, p1) = await _api.Post(Sender, "/api/referrals", body("nowhere", []));
        Assert.Equal((400, "unknown_receiver"), (unknown, p1.Str("code")));
        var (self, p2) = await _api.Post(Sender, "/api/referrals", body("archives-650100", []));
        Assert.Equal((422, "self_referral"), (self, p2.Str("code")));
        var (_, kashgarOrder) = await KashgarOrder();
        var (hidden, p3) = await _api.Post(Sender, "/api/referrals", body("archives-653100", [kashgarOrder]));
        Assert.Equal((400, "unknown_document"), (hidden, p3.Str("code")));
        await _api.Refused("urumqi.handler", "/api/referrals", body("archives-653100", []), 403, "forbidden");
        var (personal, p4) = await _api.Post(Sender, "/api/referrals", new
            { source = new { kind = "direct" }, receiverId = "archives-653100", kind = "information_sharing", summary = "投诉人手机 13912345678" });
        Assert.Equal((400, "personal_data_in_summary"), (personal, p4.Str("code")));
        var unknownReferral = Guid.NewGuid();
        await _api.Refused("kashi.officer", $"/api/referrals/{unknownReferral}/acknowledgement", new { version = 1 }, 404, "not_found", unknownReferral);
        Assert.Equal(404, (await _api.Get("kashi.officer", $"/api/referrals/{Guid.NewGuid()}")).Status);
    }

    private async Task<(Guid, string)> KashgarOrder()
    {
        var (_, rid) = await _scenarios.Hazard("kashi.inspector", "653100", ["kashi.inspector", "kashi.inspector2"]);
        var order = await _api.Ok(_api.Post("kashi.inspector", $"/api/rectifications/{rid}/order", new { version = 1, workingDays = 10, requirements = "整改", inspectorIds = new[] { "kashi.inspector", "kashi.inspector2" } }));
        return (rid, order.Str("documentNumber"));
    }

    [Fact]
    public async Task A_referral_repeated_with_the_same_Idempotency_Key_is_sent_once()
    {
        var key = Guid.NewGuid().ToString();
        async Task<(Guid Id, string? Replayed)> Send()
        {
            var token = await app.TokenFor(Sender);
            var result = await app.Host.Scenario(s =>
            {
                s.Post.Json(new { source = new { kind = "direct" }, receiverId = "market-650100", kind = "information_sharing", summary = "通报某公司档案外包服务资质问题" })
                    .ToUrl("/api/referrals");
                s.WithRequestHeader("Authorization", "Bearer " + token);
                s.WithRequestHeader("Idempotency-Key", key);
                s.StatusCodeShouldBe(201);
            });
            var body = JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement;
            return (body.Id(), result.Context.Response.Headers["Idempotency-Replayed"].FirstOrDefault());
        }
        var first = await Send();
        var second = await Send();
        Assert.Equal(first.Id, second.Id);
        Assert.Null(first.Replayed);
        Assert.Equal("true", second.Replayed);
        Assert.Single((await Events(first.Id)).OfType<ReferralSent>());
    }

    [Fact]
    public async Task The_register_lists_departments_without_their_secrets()
    {
        var list = await _api.Ok(_api.Get(Sender, "/api/referral-departments"));
        var ids = list.EnumerateArray().Select(d => d.Str("id")).ToList();
        Assert.Contains("archives-653100", ids);
        Assert.Contains("discipline-650100", ids);
        Assert.Contains("police-650100", ids);
        Assert.Contains("market-650100", ids);
        Assert.DoesNotContain("webhookSecret", list.ToString());
        Assert.DoesNotContain("webhookUrl", list.ToString());
    }

    [Fact]
    public async Task A_letter_referral_is_delivered_at_once_with_the_printable_letter_as_proof()
    {
        var created = await _api.Ok(_api.Post(Sender, "/api/referrals", new
        {
            source = new { kind = "direct" }, receiverId = "discipline-650100", kind = "information_sharing",
            summary = "检查中发现有关人员涉嫌擅自销毁档案，通报线索",
        }), 201);
        Assert.Equal("delivered", created.Str("status"));
        Assert.Equal(2, created.Long("version"));
        var delivered = (await Events(created.Id())).OfType<ReferralDelivered>().Single();
        Assert.StartsWith("printable transfer letter", delivered.Proof);
        // The external department has no users here: the sender records its acknowledgement.
        await _api.Ok(_api.Post(Sender, $"/api/referrals/{created.Id()}/acknowledgement", new { version = 2 }));
        Assert.True((await Events(created.Id())).OfType<ReferralAcknowledged>().Single().RecordedBySender);
    }

    [Fact]
    public async Task A_webhook_that_fails_twice_is_retried_until_it_answers_2xx_with_a_verifiable_signature_and_delivery_is_recorded_once()
    {
        const string secret = "webhook-secret-for-the-test";
        await using var receiver = await WebhookReceiver.Start(call => call <= 2 ? 500 : 200);
        var department = await WebhookDepartment(receiver.Url, secret);
        var (status, created) = await SendThroughFailures(Sender, "/api/referrals", new
        {
            source = new { kind = "direct" }, receiverId = department, kind = "joint_enforcement", summary = "拟于下月联合检查某单位涉密档案管理情况",
        }, "webhook answered 500", failed: 2, attempts: 3);
        Assert.True(status == 201, created.ToString());
        Assert.Equal("sent", created.Str("status"));
        var id = created.Id();

        Assert.Equal(3, receiver.Requests.Count);
        var events = await Events(id);
        var delivered = Assert.Single(events.OfType<ReferralDelivered>());
        Assert.Empty(events.OfType<ReferralDeliveryFailed>());
        Assert.All(receiver.Requests, r =>
        {
            var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), r.Body)).ToLowerInvariant();
            Assert.Equal(expected, r.Signature);
            Assert.Equal(delivered.AttemptId.ToString(), r.DeliveryId);
            Assert.StartsWith("application/json", r.ContentType);
        });
        var payload = JsonDocument.Parse(receiver.Requests.Last().Body).RootElement;
        Assert.Equal(id, payload.GetProperty("referralId").GetGuid());
        Assert.Equal("joint_enforcement", payload.Str("kind"));
        Assert.Equal("拟于下月联合检查某单位涉密档案管理情况", payload.Str("summary"));
        Assert.Contains("answered 200", delivered.Proof);
        var view = await _api.Ok(_api.Get(Sender, $"/api/referrals/{id}"));
        Assert.Equal("delivered", view.Str("status"));
    }

    [Fact]
    public async Task A_webhook_that_always_fails_records_ReferralDeliveryFailed_after_the_retries_and_the_referral_can_be_sent_again()
    {
        await using var receiver = await WebhookReceiver.Start(_ => 503);
        var department = await WebhookDepartment(receiver.Url, "another-secret");
        var (status, created) = await SendThroughFailures(Sender, "/api/referrals", new
        {
            source = new { kind = "direct" }, receiverId = department, kind = "information_sharing", summary = "通报某单位档案数据外泄风险",
        }, "webhook answered 503", failed: 3, attempts: 3); // the third failure records ReferralDeliveryFailed instead of throwing
        Assert.Equal(201, status);
        var id = created.Id();
        Assert.Equal(3, receiver.Requests.Count); // 1 + 2 retries (Referrals:RetryCooldownsMs = 20,20)
        var events = await Events(id);
        var failed = Assert.Single(events.OfType<ReferralDeliveryFailed>());
        Assert.Equal("webhook answered 503", failed.Reason);
        Assert.Equal(3, failed.Attempts);
        Assert.Empty(events.OfType<ReferralDelivered>());
        var view = await _api.Ok(_api.Get(Sender, $"/api/referrals/{id}"));
        Assert.Equal("delivery_failed", view.Str("status"));
        Assert.Equal(JsonValueKind.Null, view.GetProperty("closedAt").ValueKind); // stays open

        receiver.Answer = _ => 204;
        var (again, _) = await SendAndWait(Sender, $"/api/referrals/{id}/redelivery", new { version = view.Long("version") });
        Assert.Equal(200, again);
        Assert.Single((await Events(id)).OfType<ReferralDelivered>());
    }
}
