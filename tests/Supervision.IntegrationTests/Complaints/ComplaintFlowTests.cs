using System.Net;
using Marten;
using Npgsql;
using Supervision.Complaints;
using Supervision.Shared;
using Wolverine.Tracking;

namespace Supervision.IntegrationTests.Complaints;

[Collection(AppCollection.Name)]
public sealed class ComplaintFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Handler = "urumqi.handler";

    // A distinctive identity, so that any leak into logs, events or responses is found.
    public static object Identity(string name = "买买提·测试人甲") => new
    {
        name, idNumber = ResidentId.WithCheckChar("65010219900307123"), phone = "13899912345", email = "complainant.test@example.cn", address = "乌鲁木齐市天山区测试路 1 号",
    };

    public async Task<(Guid Id, string Receipt)> Registered(object? complainant = null, bool anonymous = false)
    {
        var unit = await app.UnitIn("650100");
        var body = await _api.Ok(_api.Post(Handler, "/api/complaints", new
        {
            channel = "letter", receivedAt = app.Clock.GetUtcNow().AddHours(-2), anonymous, complainant = complainant ?? Identity(),
            unitId = unit.Id, allegation = "该单位将永久保存的档案堆放在地下室，已有霉变", requestedOutcome = "责令整改",
        }), 201);
        return (body.Id(), body.Str("receiptNumber"));
    }

    public async Task<Guid> Accepted()
    {
        var (id, _) = await Registered();
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = Handler }));
        return id;
    }

    [Fact]
    public async Task Registration_gives_a_receipt_number_and_the_case_shows_only_masked_identity()
    {
        var (id, receipt) = await Registered();
        Assert.Matches(@"^TS650100\d{4}\d{6}$", receipt);
        var view = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/complaints/{id}"));
        Assert.Equal("***", view.GetProperty("complainant").Str("name"));
        Assert.Equal("***", view.GetProperty("complainant").Str("phone"));
        Assert.False(view.GetProperty("identityVisibleToYou").GetBoolean());
        Assert.DoesNotContain("13899912345", view.ToString());
        Assert.Contains("email", view.GetProperty("contactChannels").EnumerateArray().Select(c => c.GetString()));
        var (kashgar, _) = await _api.Get("kashi.inspector", $"/api/complaints/{id}");
        Assert.Equal(404, kashgar);
    }

    [Fact]
    public async Task Personal_data_is_encrypted_in_the_event_store_and_never_logged()
    {
        var name = "热合曼·独特测试名";
        var (id, _) = await Registered(Identity(name));
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select string_agg(data::text, '') from {app.Schema}.mt_events where stream_id = @id", conn);
        cmd.Parameters.AddWithValue("id", id);
        var raw = (string)(await cmd.ExecuteScalarAsync())!;
        Assert.Contains("protectedComplainant", raw);
        Assert.DoesNotContain(name, raw);
        Assert.DoesNotContain("13899912345", raw);
        Assert.DoesNotContain("complainant.test@example.cn", raw);

        // Reveal it once (the handler) so the decrypted path also runs, then search every log line.
        var accepted = await Accepted();
        await _api.Ok(_api.Get(Handler, $"/api/complaints/{accepted}/complainant"));
        var (bad, _) = await _api.Post(Handler, "/api/complaints", new { channel = "letter", receivedAt = app.Clock.GetUtcNow(), complainant = new { name, phone = "12345" }, unitName = "某单位", allegation = "x" });
        Assert.Equal(400, bad);
        Assert.NotEmpty(app.Logs.Lines);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(name) || l.Contains("买买提·测试人甲") || l.Contains("13899912345") || l.Contains("650102199003071") || l.Contains("complainant.test@example.cn"));
    }

    [Fact]
    public async Task Only_the_assigned_handler_and_the_departments_leader_see_the_identity_and_each_view_is_recorded()
    {
        var id = await Accepted();
        var identity = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}/complainant"));
        Assert.Equal("买买提·测试人甲", identity.Str("name"));
        Assert.Equal("13899912345", identity.Str("phone"));
        await _api.Ok(_api.Get("urumqi.leader", $"/api/complaints/{id}/complainant"));
        var export = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}/complainant/export"));
        Assert.Equal("complainant.test@example.cn", export.GetProperty("complainant").Str("email"));

        foreach (var other in new[] { "urumqi.inspector1", "urumqi.officer", "region.leader" })
        {
            var (status, body) = await _api.Get(other, $"/api/complaints/{id}/complainant");
            Assert.True(status == 403, $"{other}: {status}");
            Assert.DoesNotContain("13899912345", body.ToString());
        }
        // Views are events, so the version moves on; the case stays consistent for the next command.
        var current = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.Equal(6, current.Long("version"));
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/notes", new { version = 6, note = "查看身份后继续调查" }));
        await using var session = app.Store.QuerySession();
        Assert.Equal(7, (await session.Events.FetchStreamStateAsync(id))!.Version);
        var views = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<ComplainantIdentityViewed>().ToList();
        Assert.Equal([(Handler, "view"), ("urumqi.leader", "view"), (Handler, "export")], views.Select(v => (v.ViewedBy, v.Purpose)));
    }

    [Fact]
    public async Task Bad_input_gets_400_naming_the_field_and_stores_nothing()
    {
        var unit = await app.UnitIn("650100");
        await using var before = app.Store.QuerySession();
        var count = await before.Query<Complaint>().CountAsync();
        var cases = new (object Body, string Field)[]
        {
            (new { channel = "letter", receivedAt = app.Clock.GetUtcNow(), complainant = Identity(), unitId = unit.Id }, "allegation"),
            (new { channel = "letter", receivedAt = app.Clock.GetUtcNow(), complainant = Identity(), unitId = Guid.NewGuid(), allegation = "x" }, "unitId"),
            (new { channel = "letter", receivedAt = app.Clock.GetUtcNow(), complainant = new { name = "张三", phone = "12345" }, unitId = unit.Id, allegation = "x" }, "complainant.phone"),
            (new { channel = "letter", receivedAt = app.Clock.GetUtcNow(), complainant = new { name = "张三", email = "not-an-email" }, unitId = unit.Id, allegation = "x" }, "complainant.email"),
            (new { channel = "letter", receivedAt = app.Clock.GetUtcNow(), complainant = new { name = "张三", idNumber = "650102199003071230" }, unitId = unit.Id, allegation = "x" }, "complainant.idNumber"),
            (new { channel = "letter", receivedAt = app.Clock.GetUtcNow(), complainant = new { phone = "13800000000" }, unitId = unit.Id, allegation = "x" }, "complainant.name"),
            (new { channel = "letter", receivedAt = app.Clock.GetUtcNow().AddDays(3), complainant = Identity(), unitId = unit.Id, allegation = "x" }, "receivedAt"),
            (new { receivedAt = app.Clock.GetUtcNow(), complainant = Identity(), unitId = unit.Id, allegation = "x" }, "channel"),
        };
        foreach (var (body, field) in cases)
        {
            var (status, problem) = await _api.Post(Handler, "/api/complaints", body);
            Assert.True(status == 400, $"{field}: {status} {problem}");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        var (wrongRole, _) = await _api.Post("urumqi.inspector1", "/api/complaints", new { channel = "letter", receivedAt = app.Clock.GetUtcNow(), complainant = Identity(), unitId = unit.Id, allegation = "x" });
        Assert.Equal(403, wrongRole);
        await using var after = app.Store.QuerySession();
        Assert.Equal(count, await after.Query<Complaint>().CountAsync());
    }

    [Fact]
    public async Task Acceptance_issues_a_numbered_notice_and_not_accepted_closes_the_case()
    {
        var (id, _) = await Registered();
        var accepted = await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        Assert.Matches(@"^乌档投受〔\d{4}〕\d+号$", accepted.Str("noticeNumber"));
        var (twice, twiceBody) = await _api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 2, decision = "accepted", reason = "x" });
        Assert.Equal(422, twice);
        Assert.Equal("acceptance_already_decided", twiceBody.Str("code"));

        var (other, _) = await Registered();
        var refused = await _api.Ok(_api.Post(Handler, $"/api/complaints/{other}/acceptance", new { version = 1, decision = "transferred", reason = "属于市场监管部门职责", transferTo = "乌鲁木齐市市场监督管理局" }));
        Assert.Equal(3, refused.Long("version"));
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{other}"));
        Assert.Equal("closed", view.Str("status"));
        Assert.Equal("transferred", view.Str("decision"));
        var (noTarget, _) = await _api.Post(Handler, $"/api/complaints/{(await Registered()).Id}/acceptance", new { version = 1, decision = "transferred", reason = "x" });
        Assert.Equal(400, noTarget);
    }

    [Fact]
    public async Task Handler_investigates_links_an_inspection_and_concludes_only_when_assigned()
    {
        var id = await Accepted();
        var (notAssigned, _) = await _api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 3, handlerId = "urumqi.inspector1" });
        Assert.Equal(400, notAssigned);
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/notes", new { version = 3, note = "电话联系被投诉单位档案室负责人，确认地下室存放档案" }));
        var inspection = await new Scenarios(app).PlannedInspection();
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/inspections", new { version = 4, inspectionId = inspection }));
        var concluded = await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/conclusion", new { version = 5, substantiated = true, findings = "档案存放于地下室，有霉变", result = "已责令该单位限期改正" }));
        Assert.Equal(6, concluded.Long("version"));
        var view = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/complaints/{id}"));
        Assert.Equal("concluded", view.Str("status"));
        Assert.Equal(inspection, view.GetProperty("inspectionIds")[0].GetGuid());
    }

    [Fact]
    public async Task A_leader_opens_an_inspection_of_the_unit_from_the_complaint_without_the_complainants_data()
    {
        var id = await Accepted();
        var body = new { version = 3, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(14), inspectorIds = new[] { "urumqi.inspector1", "urumqi.inspector2" } };
        var (byHandler, _) = await _api.Post(Handler, $"/api/complaints/{id}/inspections/new", body);
        Assert.Equal(403, byHandler);
        var opened = await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/inspections/new", body), 201);
        var inspectionId = opened.Id("inspectionId");
        var inspection = await _api.Ok(_api.Get("urumqi.inspector1", $"/api/inspections/{inspectionId}"));
        Assert.Equal("planned", inspection.Str("status"));
        Assert.DoesNotContain("买买提", inspection.ToString());
        var complaint = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.Equal(inspectionId, complaint.GetProperty("inspectionIds")[0].GetGuid());
        var (single, singleBody) = await _api.Post("urumqi.leader", $"/api/complaints/{id}/inspections/new", body with { version = 4, inspectorIds = new[] { "urumqi.inspector1" } });
        Assert.Equal(422, single);
        Assert.Equal("two_inspectors_required", singleBody.Str("code"));
    }

    [Fact]
    public async Task Handling_can_be_extended_once_by_a_leader()
    {
        var id = await Accepted();
        var before = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        var due = DateOnly.Parse(before.Str("handlingDueOn"));
        var (byHandler, _) = await _api.Post(Handler, $"/api/complaints/{id}/extensions", new { version = 3, reason = "需现场核查" });
        Assert.Equal(403, byHandler);
        var extended = await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/extensions", new { version = 3, days = 30, reason = "涉及多个单位，需现场核查", channel = "letter" }));
        Assert.Equal(5, extended.GetProperty("version").GetInt64()); // the extension and its notice
        Assert.Equal("recorded", extended.Str("noticeStatus"));
        var after = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        // Received Thursday 5 February 2026: 60 days end on Monday 6 April, a Qingming holiday, so the period ends on
        // Tuesday 7 April (Civil Code Art. 203). The 30 more days run from 6 April, the last day as counted: 6 May, a
        // working day (the May Day holiday is 1–5 May). Counted from the moved day it would be 7 May.
        Assert.Equal(("2026-04-07", "2026-04-06"), (due.ToString("yyyy-MM-dd"), before.Str("handlingStatutoryOn")));
        Assert.Equal(("2026-05-06", "2026-05-06"), (after.Str("handlingDueOn"), after.Str("handlingStatutoryOn")));
        var (again, body) = await _api.Post("urumqi.leader", $"/api/complaints/{id}/extensions", new { version = 5, days = 10, reason = "再延", channel = "letter" });
        Assert.Equal(422, again);
        Assert.Equal("already_extended", body.Str("code"));
        var (tooLong, _) = await _api.Post("urumqi.leader", $"/api/complaints/{(await Accepted())}/extensions", new { version = 3, days = 31, reason = "x", channel = "letter" });
        Assert.Equal(400, tooLong);
    }

    [Fact]
    public async Task An_extension_by_letter_issues_a_numbered_notice_with_the_reason_and_the_complainant_can_see_it()
    {
        var unit = await app.UnitIn("650100");
        var ip = IPAddress.Parse("10.1.0.7");
        var intake = await Public(ip, HttpMethod.Post, "/api/public/complaints", new { anonymous = false, complainant = Identity("延期告知测试人"), unitId = unit.Id, allegation = "该单位档案库房漏雨" });
        Guid id;
        await using (var session = app.Store.QuerySession()) // the public answer carries no internal id
            id = (await session.Query<Complaint>().SingleAsync(c => c.ReceiptNumber == intake.Body.Str("receiptNumber"))).Id;
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{id}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/assignment", new { version = 2, handlerId = Handler }));

        var extended = await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{id}/extensions", new { version = 3, days = 15, reason = "需调取其他部门的档案移交记录", channel = "letter" }));
        var number = extended.Str("noticeNumber");
        Assert.Matches(@"^.+投延〔\d{4}〕\d+号$", number);

        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        var extension = view.GetProperty("extension");
        Assert.Equal("需调取其他部门的档案移交记录", extension.Str("reason"));
        Assert.Equal(number, extension.Str("noticeNumber"));
        Assert.Equal("letter", extension.Str("noticeChannel"));
        Assert.Equal("recorded", extension.Str("noticeStatus"));
        Assert.Contains(number, extension.Str("noticeProof"));

        var document = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/documents/" + Uri.EscapeDataString(number));
            s.WithRequestHeader("Authorization", "Bearer " + app.TokenFor(Handler).GetAwaiter().GetResult());
        });
        var html = await document.ReadAsTextAsync();
        Assert.Contains("投诉举报延期办理告知书", html);
        Assert.Contains("需调取其他部门的档案移交记录", html);
        Assert.Contains(intake.Body.Str("receiptNumber"), html);
        Assert.DoesNotContain("延期告知测试人", html); // addressed by receipt number only (R12)

        var status = await Public(ip, HttpMethod.Get, $"/api/public/complaints/{intake.Body.Str("receiptNumber")}?code={intake.Body.Str("queryCode")}");
        Assert.Equal("需调取其他部门的档案移交记录", status.Body.Str("extensionReason"));
        Assert.Equal(extension.Str("newDueOn"), status.Body.Str("handlingDueOn"));
    }

    [Fact]
    public async Task An_extension_without_a_usable_channel_is_refused_and_changes_nothing()
    {
        var id = await Accepted(); // the complainant left phone, email and address
        var phoneOnly = (await Registered(new { name = "仅留电话者", phone = "0991-5551234" })).Id;
        await _api.Ok(_api.Post(Handler, $"/api/complaints/{phoneOnly}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        async Task<int> Documents()
        {
            await using var session = app.Store.QuerySession();
            return await session.Query<IssuedDocument>().CountAsync(d => d.Type == DocumentTypes.ComplaintExtensionNotice);
        }
        // The counter row itself, not only the documents stored in the same transaction as the number.
        Task<int?> Counter() => IntegrationTests.Documents.DocumentCounter.Read(app, "650100", DocumentTypes.ComplaintExtensionNotice, app.Today.Year);
        var documentsBefore = await Documents();
        var counterBefore = await Counter();

        foreach (var (complaint, body, field) in new (Guid, object, string)[]
        {
            (id, new { version = 3, days = 10, reason = "需现场核查" }, "channel"),                                   // no channel
            (id, new { version = 3, days = 10, reason = "需现场核查", channel = "phone" }, "notes"),                  // a call without notes
            (phoneOnly, new { version = 2, days = 10, reason = "需现场核查", channel = "email" }, "channel"),          // not a contact they left
        })
        {
            var (status, problem) = await _api.Post("urumqi.leader", $"/api/complaints/{complaint}/extensions", body);
            Assert.Equal(400, status);
            Assert.Contains(field, problem.ToString());
        }
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.Equal(3, view.GetProperty("version").GetInt32());
        Assert.False(view.GetProperty("extended").GetBoolean());
        Assert.Equal(documentsBefore, await Documents());
        Assert.Equal(counterBefore, await Counter()); // no number was taken
    }

    [Fact]
    public async Task Acceptance_and_handling_clocks_append_their_overdue_events_once()
    {
        var (id, _) = await Registered();
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        var acceptanceDue = DateOnly.Parse(view.Str("acceptanceDueOn"));
        var handlingDue = DateOnly.Parse(view.Str("handlingDueOn"));
        // Received Thursday 5 February 2026. 15 days end on Friday 20 February, inside the Spring Festival holiday (15–23
        // February): the period ends on the next working day, Tuesday 24 February (Civil Code Art. 203). 60 days end on
        // Monday 6 April (Qingming, off 4–6 April): Tuesday 7 April. Both the statutory day and the due day are shown.
        Assert.Equal(new DateOnly(2026, 2, 5), app.Today);
        Assert.Equal(("2026-02-24", "2026-02-20"), (view.Str("acceptanceDueOn"), view.Str("acceptanceStatutoryOn")));
        Assert.Equal(("2026-04-07", "2026-04-06"), (view.Str("handlingDueOn"), view.Str("handlingStatutoryOn")));

        app.AdvanceClockTo(WorkingDayCalendar.EndOfDayBeijing(acceptanceDue).AddMinutes(1));
        await app.Host.InvokeMessageAndWaitAsync(new ComplaintClockCheck(id, ComplaintClock.Acceptance, acceptanceDue));
        await app.Host.InvokeMessageAndWaitAsync(new ComplaintClockCheck(id, ComplaintClock.Acceptance, acceptanceDue));
        app.AdvanceClockTo(WorkingDayCalendar.EndOfDayBeijing(handlingDue).AddMinutes(1));
        await app.Host.InvokeMessageAndWaitAsync(new ComplaintClockCheck(id, ComplaintClock.Handling, handlingDue));
        await app.Host.InvokeMessageAndWaitAsync(new ComplaintClockCheck(id, ComplaintClock.Handling, handlingDue));

        await using var session = app.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
        Assert.Single(events.OfType<AcceptanceOverdue>());
        Assert.Single(events.OfType<HandlingOverdue>());
        var after = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.True(after.GetProperty("acceptanceOverdue").GetBoolean());
    }

    [Fact]
    public async Task Registering_a_complaint_stores_its_two_clocks_as_durable_scheduled_messages()
    {
        // By a handler: received Thursday 5 February 2026, acceptance due Tuesday 24 February, handling Tuesday 7 April
        // (the holiday rule is proved above); each check is due at the end of its day, Beijing time.
        var (id, _) = await Registered();
        await AssertClocks(id, new DateOnly(2026, 2, 24), new DateOnly(2026, 4, 7));

        // By the public form (the other route into the same registration).
        var unit = await app.UnitIn("650100");
        var intake = await Public(IPAddress.Parse("10.1.0.33"), HttpMethod.Post, "/api/public/complaints",
            new { anonymous = false, complainant = Identity("计时测试人"), unitId = unit.Id, allegation = "该单位档案库房无消防设施" });
        Assert.Equal(201, intake.Status);
        Guid online;
        await using (var session = app.Store.QuerySession())
            online = (await session.Query<Complaint>().SingleAsync(c => c.ReceiptNumber == intake.Body.Str("receiptNumber"))).Id;
        await AssertClocks(online, new DateOnly(2026, 2, 24), new DateOnly(2026, 4, 7));
    }

    /// <summary>
    /// Exactly the two checks of this complaint are stored in wolverine_incoming_envelopes (status Scheduled, so they
    /// survive a restart): the acceptance check due at the end of <paramref name="acceptance"/> and the handling check at
    /// the end of <paramref name="handling"/>, each carrying its clock and due day.
    /// </summary>
    private async Task AssertClocks(Guid id, DateOnly acceptance, DateOnly handling)
    {
        var view = await _api.Ok(_api.Get(Handler, $"/api/complaints/{id}"));
        Assert.Equal((acceptance.ToString("yyyy-MM-dd"), handling.ToString("yyyy-MM-dd")), (view.Str("acceptanceDueOn"), view.Str("handlingDueOn")));

        var scheduled = (await app.ScheduledMessagesFor(id)).Where(m => m.Type.EndsWith(nameof(ComplaintClockCheck))).OrderBy(m => m.At).ToList();
        Assert.Equal([WorkingDayCalendar.EndOfDayBeijing(acceptance), WorkingDayCalendar.EndOfDayBeijing(handling)], scheduled.Select(m => m.At));

        // The stored message bodies name the clock and the due day the check will compare with the case's.
        await using var conn = new NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select body from {app.Schema}.wolverine_incoming_envelopes where status = 'Scheduled' " +
            "and message_type like '%ComplaintClockCheck' and position(convert_to(@id, 'UTF8') in body) > 0 order by execution_time", conn);
        cmd.Parameters.AddWithValue("id", id.ToString());
        var bodies = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) bodies.Add(System.Text.Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(0))); // an envelope: binary headers around the JSON message
        Assert.Equal(2, bodies.Count);
        Assert.Contains(acceptance.ToString("yyyy-MM-dd"), bodies[0]);
        Assert.Contains(handling.ToString("yyyy-MM-dd"), bodies[1]);
    }

    [Fact]
    public async Task Public_intake_returns_a_receipt_and_a_query_code_that_shows_status_and_nothing_else()
    {
        var unit = await app.UnitIn("650100");
        var ip = IPAddress.Parse("10.1.0.1");
        var receipt = await Public(ip, HttpMethod.Post, "/api/public/complaints", new { anonymous = false, complainant = Identity("网上投诉人乙"), unitId = unit.Id, allegation = "该单位拒绝提供档案查阅" });
        Assert.Equal(201, receipt.Status);
        var number = receipt.Body.Str("receiptNumber");
        var code = receipt.Body.Str("queryCode");
        Assert.Equal(10, code.Length);

        var status = await Public(ip, HttpMethod.Get, $"/api/public/complaints/{number}?code={code}");
        Assert.Equal(200, status.Status);
        Assert.Equal("已登记，待受理", status.Body.Str("status"));
        Assert.DoesNotContain("网上投诉人乙", status.Body.ToString());
        Assert.DoesNotContain("allegation", status.Body.ToString());
        Assert.Equal(404, (await Public(ip, HttpMethod.Get, $"/api/public/complaints/{number}?code=WRONGCODE1")).Status);

        // The same, as a page that needs no JavaScript.
        var page = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/public/complaints/status?receipt={number}&code={code}");
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Parse("10.1.0.2"));
        });
        var html = await page.ReadAsTextAsync();
        Assert.Contains("已登记，待受理", html);
        Assert.DoesNotContain("网上投诉人乙", html);

        // The page's own form posts the code in the body (issue 15 finding 6: never in a URL, even without JavaScript).
        var browser = Ui.UiBrowser.New(app);
        var form = await browser.GetStringAsync("/public/complaints/status");
        Assert.Contains("<form method=\"post\" action=\"/public/complaints/status\"", form);
        var posted = await browser.PostAsync("/public/complaints/status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Ui.UiBrowser.AntiforgeryToken().Match(form).Groups[1].Value, ["receipt"] = number, ["code"] = code,
        }));
        var postedHtml = await posted.Content.ReadAsStringAsync();
        Assert.Contains("已登记，待受理", postedHtml);
        Assert.DoesNotContain(code, postedHtml); // not echoed back into the page either

        var anonymous = await Public(ip, HttpMethod.Post, "/api/public/complaints", new { anonymous = true, unitName = "某区某局", jurisdictionId = "650102", allegation = "档案随意堆放" });
        Assert.Equal(201, anonymous.Status);
        var (staffView, _) = await _api.Get("tianshan.inspector", "/api/complaints?jurisdiction=650102");
        Assert.Equal(200, staffView);
    }

    [Fact]
    public async Task Public_endpoints_are_rate_limited_per_client()
    {
        var ip = IPAddress.Parse("10.1.0.99");
        var statuses = new List<int>();
        for (var i = 0; i < 12; i++) statuses.Add((await Public(ip, HttpMethod.Get, "/api/public/complaints/TS0000?code=X")).Status);
        Assert.Equal(10, statuses.Count(s => s == 404));
        Assert.Equal(429, statuses.Last());
        var other = await Public(IPAddress.Parse("10.1.0.100"), HttpMethod.Get, "/api/public/complaints/TS0000?code=X");
        Assert.Equal(404, other.Status);
    }

    private async Task<(int Status, System.Text.Json.JsonElement Body)> Public(IPAddress ip, HttpMethod method, string url, object? body = null)
    {
        var result = await app.Host.Scenario(s =>
        {
            if (method == HttpMethod.Get) s.Get.Url(url); else s.Post.Json(body!).ToUrl(url);
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = ip);
            s.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        return (result.Context.Response.StatusCode, text.StartsWith('{') ? System.Text.Json.JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
