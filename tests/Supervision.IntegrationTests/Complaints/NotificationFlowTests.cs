using Marten;
using Supervision.Complaints;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Complaints;

[Collection(AppCollection.Name)]
public sealed class NotificationFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly ComplaintFlowTests _complaints = new(app);
    private const string Handler = "urumqi.handler";

    private async Task<Guid> Concluded(object? complainant = null, bool anonymous = false)
    {
        var (id, _) = await _complaints.Registered(complainant, anonymous);
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = Handler }));
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/conclusion", new { version = 3, substantiated = true, findings = "档案存放于地下室", result = "已责令限期改正" }));
        return id;
    }

    /// <summary>Sends the command and waits until the outbox message is delivered; any handler exception fails the test.</summary>
    private Task<(int Status, System.Text.Json.JsonElement Body)> NotifyAndWait(Guid id, object body) =>
        app.AndWait(() => _api.Post(Handler, $"/api/complaints/{id}/notifications", body));

    /// <summary>
    /// Sends the command and waits for the outbox message, whose delivery fails and is retried twice
    /// (Supervision:Notifications:RetryCooldownsMs = 20,20): three executions; the last records NotificationFailed.
    /// </summary>
    private async Task<(int Status, System.Text.Json.JsonElement Body)> NotifyThroughFailures(Guid id, object body, string reason)
    {
        var result = await app.AndWaitThroughRetries<SendComplainantNotification, (int, System.Text.Json.JsonElement)>(
            () => _api.Post(Handler, $"/api/complaints/{id}/notifications", body), attempts: 3);
        for (var attempt = 1; attempt <= 3; attempt++) app.FailureLogged($"of complaint {id}", attempt, reason);
        return result;
    }

    private async Task<string> Document(string user, string number)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/documents/" + Uri.EscapeDataString(number));
            s.WithRequestHeader("Authorization", "Bearer " + app.TokenFor(user).GetAwaiter().GetResult());
        });
        return await result.ReadAsTextAsync();
    }

    private async Task<List<object>> Events(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }

    [Fact]
    public async Task Email_is_delivered_through_the_outbox_to_a_real_SMTP_server_and_closes_the_case()
    {
        var id = await Concluded();
        var before = app.Smtp.ReceivedEmailCount;
        var (status, body) = await NotifyAndWait(id, new { version = 4, channel = "email" });
        Assert.Equal(202, status);
        Assert.Equal("sending", body.Str("status"));

        var mail = app.Smtp.ReceivedEmail.Skip(before).Single(m => m.ToAddresses.Any(a => a.Address == "complainant.test@example.cn"));
        var text = mail.MessageParts[0].BodyData;
        Assert.Contains("已责令限期改正", text);
        Assert.Contains("申请复查", text);

        var events = await Events(id);
        var notified = Assert.Single(events.OfType<ComplainantNotified>());
        Assert.Equal(NotificationChannel.Email, notified.Channel);
        Assert.StartsWith("smtp:127.0.0.1", notified.DeliveryProof);
        Assert.Equal(64, notified.ContentHash.Length);
        Assert.IsType<ComplaintClosed>(events.Last());
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.Equal("closed", view.Str("status"));
    }

    [Fact]
    public async Task An_extension_notice_by_email_is_delivered_through_the_outbox_without_changing_the_complaints_version()
    {
        var (id, receipt) = await _complaints.Registered();
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = Handler }));
        var result = await app.AndWait(() => _api.Post("urumqi.leader", $"/api/complaints/{id}/extensions",
            new { version = 3, days = 20, reason = "被投诉单位档案需送专业机构鉴定", channel = "email" }));
        Assert.Equal(200, result.Status);
        Assert.Equal("sending", result.Body.Str("noticeStatus"));

        // Found by the receipt number in the subject (other tests mail the same address); decoded with MimeKit, since the
        // transfer encoding may fold a long Chinese line anywhere.
        var mail = app.Smtp.ReceivedEmail
            .Select(m => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
            .Single(m => m.Subject.Contains(receipt));
        Assert.Contains("延期办理告知", mail.Subject);
        Assert.Contains("被投诉单位档案需送专业机构鉴定", mail.TextBody);
        Assert.Contains("经本机关负责人批准", mail.TextBody);

        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.Equal(5, view.GetProperty("version").GetInt32()); // the delivery is recorded in its own stream
        var extension = view.GetProperty("extension");
        Assert.Equal("delivered", extension.Str("noticeStatus"));
        Assert.StartsWith("smtp:127.0.0.1", extension.Str("noticeProof"));
        // The handler goes on working with the version the extension answered.
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/notes", new { version = 5, note = "已送鉴定" }));
    }

    [Fact]
    public async Task When_the_extension_email_fails_the_handler_tells_the_complainant_by_phone_with_the_same_notice()
    {
        var (id, _) = await _complaints.Registered();
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = Handler }));
        app.Smtp.Stop();
        (int Status, System.Text.Json.JsonElement Body) extended = default;
        try
        {
            // The delivery fails three times (two retries), then records NoticeDeliveryFailed.
            extended = await app.AndWaitThroughRetries<DeliverNotice, (int, System.Text.Json.JsonElement)>(
                () => _api.Post("urumqi.leader", $"/api/complaints/{id}/extensions", new { version = 3, days = 20, reason = "需调取移交清册", channel = "email" }),
                attempts: 3);
        }
        finally { app.RestartSmtp(); }
        Assert.Equal(200, extended.Status);
        for (var attempt = 1; attempt <= 3; attempt++) app.FailureLogged(extended.Body.Str("noticeNumber"), attempt, "SMTP server unreachable");
        var failed = (await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"))).GetProperty("extension");
        Assert.Equal("failed", failed.Str("noticeStatus"));
        Assert.Equal("SMTP server unreachable", failed.Str("noticeFailure"));

        await _api.Refused(Handler, $"/api/complaints/{id}/extension-notice", new { version = 5, channel = "phone" }, 400, "field_required", id);
        var told = await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/extension-notice", new { version = 5, channel = "phone", notes = "本人接听，已告知延期理由" }));
        Assert.Equal(6, told.GetProperty("version").GetInt32());
        Assert.Equal(extended.Body.Str("noticeNumber"), told.Str("noticeNumber")); // the same 延期办理告知书
        var extension = (await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"))).GetProperty("extension");
        Assert.Equal("recorded", extension.Str("noticeStatus"));
        Assert.Contains("本人接听", extension.Str("noticeProof"));

        await _api.Refused(Handler, $"/api/complaints/{id}/extension-notice", new { version = 6, channel = "letter" }, 422, "extension_notice_recorded", id);
    }

    [Fact]
    public async Task A_failing_SMTP_server_is_retried_then_NotificationFailed_is_recorded_and_the_case_stays_open_until_delivery()
    {
        var id = await Concluded();
        app.Smtp.Stop();
        try
        {
            var (status, _) = await NotifyThroughFailures(id, new { version = 4, channel = "email" }, "SMTP server unreachable");
            Assert.Equal(202, status);
        }
        finally { app.RestartSmtp(); }

        var events = await Events(id);
        var failed = Assert.Single(events.OfType<NotificationFailed>());
        Assert.Equal("SMTP server unreachable", failed.Reason);
        Assert.Empty(events.OfType<ComplainantNotified>());
        var open = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.Equal("concluded", open.Str("status"));
        Assert.Equal(1, open.GetProperty("failedNotifications").GetInt32());
        Assert.Contains(app.Logs.Lines, l => l.Contains("failed on attempt 3"));

        var (again, _) = await NotifyAndWait(id, new { version = 6, channel = "email" });
        Assert.Equal(202, again);
        Assert.Single((await Events(id)).OfType<ComplainantNotified>());
        Assert.Equal("closed", (await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"))).Str("status"));
    }

    [Fact]
    public async Task Letter_renders_a_numbered_result_letter_and_phone_records_the_call()
    {
        var letterCase = await Concluded();
        var letter = await _api.Ok(_api.Post(Handler, $"/api/complaints/{letterCase}/notifications", new { version = 4, channel = "letter" }));
        Assert.Matches(@"^乌档投结〔\d{4}〕\d+号$", letter.Str("documentNumber"));
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{letterCase}"));
        Assert.Equal("closed", view.Str("status"));
        Assert.Equal(letter.Str("documentNumber"), view.Str("resultLetterNumber"));

        // The printable letter: name and address for the handler (a recorded view), masked for anyone else.
        var forHandler = await Document(Handler, letter.Str("documentNumber"));
        Assert.Contains("投诉举报处理结果告知书", forHandler);
        Assert.Contains("买买提·测试人甲", forHandler);
        Assert.Contains("已责令限期改正", forHandler);
        Assert.Contains("letter", (await Events(letterCase)).OfType<ComplainantIdentityViewed>().Select(v => v.Purpose));
        var forInspector = await Document("urumqi.inspector1", letter.Str("documentNumber"));
        Assert.DoesNotContain("买买提·测试人甲", forInspector);
        Assert.Contains("***", forInspector);
        var notice = await Document("urumqi.inspector1", view.Str("acceptanceNoticeNumber"));
        Assert.Contains("投诉举报受理告知书", notice);
        Assert.Contains("决定予以受理", notice);
        Assert.DoesNotContain("买买提·测试人甲", notice);

        var phoneCase = await Concluded();
        var problem = await _api.Refused(Handler, $"/api/complaints/{phoneCase}/notifications", new { version = 4, channel = "phone" }, 400, "field_required", phoneCase, field: "notes");
        Assert.Equal("notes", problem.GetProperty("errors").EnumerateObject().Single().Name);
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{phoneCase}/notifications", new { version = 4, channel = "phone", notes = "投诉人本人接听，已告知处理结果，无异议" }));
        var phone = (await Events(phoneCase)).OfType<ComplainantNotified>().Single();
        Assert.Contains("投诉人本人接听", phone.DeliveryProof);
        Assert.Contains(Handler, phone.DeliveryProof);
    }

    [Fact]
    public async Task Notification_needs_a_conclusion_and_a_contact_and_an_anonymous_case_without_contact_closes_with_that_reason()
    {
        var (registered, _) = await _complaints.Registered();
        await _api.Refused(Handler, $"/api/complaints/{registered}/notifications", new { version = 1, channel = "email" }, 422, "not_concluded", registered);

        var noEmail = await Concluded(new { name = "仅留电话者", phone = "0991-5551234" });
        // a landline cannot take an SMS
        await _api.Refused(Handler, $"/api/complaints/{noEmail}/notifications", new { version = 4, channel = "sms" }, 400, "no_such_contact", noEmail, field: "channel");

        var anonymous = await Concluded(new { }, anonymous: true);
        await _api.Refused(Handler, $"/api/complaints/{noEmail}/closure", new { version = 4 }, 422, "contact_available", noEmail);
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{anonymous}/closure", new { version = 4 }));
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{anonymous}"));
        Assert.Equal("closed", view.Str("status"));
        Assert.Equal("匿名投诉未留联系方式，无法告知", view.Str("closeReason"));
    }

    [Fact]
    public async Task Sms_through_an_unconfigured_gateway_fails_after_retries_and_nothing_is_lost()
    {
        var id = await Concluded();
        var (status, _) = await NotifyThroughFailures(id, new { version = 4, channel = "sms" }, "SMS gateway not configured");
        Assert.Equal(202, status);
        var failed = Assert.Single((await Events(id)).OfType<NotificationFailed>());
        Assert.Equal(NotificationChannel.Sms, failed.Channel);
        Assert.Equal("SMS gateway not configured", failed.Reason);
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/notifications", new { version = 6, channel = "letter" }));
        Assert.Equal("closed", (await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"))).Str("status"));
    }
}
