using System.Text.Json;
using Marten;
using Marten.Events;
using Supervision.Complaints;
using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;
using Wolverine.Tracking;
using Xunit;

namespace Supervision.IntegrationTests.Shared;

/// <summary>
/// Publishing a year's calendar counts again the clocks of complaints, sanction cases and referrals that were counted
/// without it (issue 20 §2). Years 2036 and 2037 belong to this test class alone and are test-only schedules.
/// </summary>
[Collection("app")]
public sealed class ClockRecountTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Officer = "urumqi.officer";
    private const string Handler = "urumqi.handler";

    private async Task<List<object>> Events(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }

    private async Task<(int Status, JsonElement Body)> AndWait(Func<Task<(int, JsonElement)>> act)
    {
        (int, JsonElement) result = default;
        await app.Host.TrackActivity().Timeout(Patience)
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => result = await act()));
        return result;
    }

    private async Task<Guid> Complaint()
    {
        var unit = await app.UnitIn("650100");
        var body = await _api.Ok(_api.Post(Handler, "/api/complaints", new
        {
            channel = "letter", receivedAt = app.Clock.GetUtcNow().AddHours(-2), anonymous = true,
            unitId = unit.Id, allegation = "该单位档案库房漏雨", requestedOutcome = "责令整改",
        }), 201);
        return body.Id();
    }

    /// <summary>Opened, evidence, reported, noticed (事先告知书 issued and served today).</summary>
    private async Task<Guid> NoticedSanctionCase()
    {
        var unit = await app.UnitIn("650100");
        var id = (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = 1, description = "现场检查笔录", kind = "现场笔录" }));
        await _api.Ok(_api.Post("urumqi.inspector1", $"/api/sanction-cases/{id}/investigation-report", new
        {
            version = 2, findings = "该单位拒绝执法人员进入档案库房检查", proposedScope = "jurisdiction", severity = "ordinary", socialImpact = false,
        }));
        var notice = await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/notice", new
        {
            version = 3, facts = "拒绝执法人员进入档案库房", reasons = "拒绝、阻碍监督检查", basis = "《新疆维吾尔自治区档案管理办法》第四十条、第四十三条", signatoryIds = new[] { "urumqi.officer", "urumqi.inspector1" }, evidenceIds = new[] { "E1" },
        }));
        await _given.Served(notice.Str("documentNumber")); // received the same day: the defence period runs from it
        return id;
    }

    private async Task<Guid> Referral()
    {
        var (rid, order) = await _given.Ordered();
        var (status, created) = await AndWait(() => _api.Post(Officer, "/api/referrals", new
        {
            source = new { kind = "rectification", id = rid }, receiverId = "archives-653100", kind = "case_transfer",
            summary = "该单位的档案保管场所位于喀什地区，依法移送喀什地区档案局管辖", documentNumbers = new[] { order.Str("documentNumber") },
        }));
        Assert.True(status == 201, created.ToString());
        return created.Id();
    }

    [Fact]
    public async Task Publishing_a_year_moves_the_complaint_defence_and_referral_clocks_counted_without_it_and_the_overdue_check_follows()
    {
        app.ClockAt(new DateTimeOffset(2036, 12, 29, 10, 0, 0, Beijing), unpublishedYear: true); // Monday; 2036 and 2037 unpublished
        var complaint = await Complaint();
        var sanction = await NoticedSanctionCase();
        var referral = await Referral();

        // Counted on weekends only: acceptance 15 days → Tuesday 13 January 2037; defence 5 working days → 5 January;
        // referral reply 10 working days → 12 January.
        var c = await _api.Ok(_api.Get(Handler, $"/api/complaints/{complaint}"));
        Assert.Equal("2037-01-13", c.Str("acceptanceDueOn"));
        Assert.Equal("2037-01-05", (await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{sanction}"))).Str("defenceDeadline"));
        Assert.Equal("2037-01-12", (await _api.Ok(_api.Get(Officer, $"/api/referrals/{referral}"))).Str("replyDueOn"));
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        Assert.True((await _api.DeadlineOf(Handler, "kind=complaint_acceptance", complaint)).GetProperty("provisional").GetBoolean());

        // A test-only schedule: 1, 2 and 13 January 2037 are days off.
        var (published, body) = await AndWait(() => _api.Post("region.admin", "/api/calendar/2037", new
        {
            daysOff = new[] { "2037-01-01", "2037-01-02", "2037-01-13" }, makeUpWorkingDays = Array.Empty<string>(),
            source = "测试用节假日安排（非正式数据）", sourceDate = "2036-11-01",
        }));
        Assert.True(published == 200, body.ToString());

        // Art. 203: the acceptance period's last day is a day off → Wednesday 14 January; the handling period is unchanged.
        var acceptance = Assert.Single((await Events(complaint)).OfType<ClockRecounted>());
        Assert.Equal(("complaint_acceptance", RecalculationOutcome.Moved, new DateOnly(2037, 1, 13), new DateOnly(2037, 1, 14), 2037, 1),
            (acceptance.Clock, acceptance.Outcome, acceptance.PreviousDueOn, acceptance.DueOn, acceptance.Year, acceptance.CalendarVersion));
        Assert.Equal("2037-01-14", (await _api.Ok(_api.Get(Handler, $"/api/complaints/{complaint}"))).Str("acceptanceDueOn"));

        // The party's defence period: 30, 31 December, 5, 6, 7 January.
        var defence = Assert.Single((await Events(sanction)).OfType<ClockRecounted>());
        Assert.Equal(("defence_period", RecalculationOutcome.Moved, new DateOnly(2037, 1, 7)), (defence.Clock, defence.Outcome, defence.DueOn));
        Assert.Equal("2037-01-07", (await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{sanction}"))).Str("defenceDeadline"));

        // The reply to the referral: 30, 31 December, 5–9, 12, 14, 15 January.
        var reply = Assert.Single((await Events(referral)).OfType<ClockRecounted>());
        Assert.Equal(("referral_reply", new DateOnly(2037, 1, 15)), (reply.Clock, reply.DueOn));
        Assert.Equal("2037-01-15", (await _api.Ok(_api.Get(Officer, $"/api/referrals/{referral}"))).Str("replyDueOn"));

        // The board shows the new dates, no longer provisional.
        await app.Host.WaitForNonStaleProjectionDataAsync(Patience);
        var entry = await _api.DeadlineOf(Handler, "kind=complaint_acceptance", complaint);
        Assert.Equal(("2037-01-14", false), (entry.Str("dueOn"), entry.GetProperty("provisional").GetBoolean()));

        // Counting again with the same version finds nothing to do.
        await app.Host.InvokeMessageAndWaitAsync(new RecountComplaintClocks(complaint, 2037, 1));
        await app.Host.InvokeMessageAndWaitAsync(new RecountSanctionClocks(sanction, 2037, 1));
        await app.Host.InvokeMessageAndWaitAsync(new RecountReferralClock(referral, 2037, 1));
        Assert.Single((await Events(complaint)).OfType<ClockRecounted>());
        Assert.Single((await Events(sanction)).OfType<ClockRecounted>());
        Assert.Single((await Events(referral)).OfType<ClockRecounted>());

        // The overdue checks follow the new dates: the old timers find another date and do nothing.
        var timers = await app.ScheduledMessagesFor(complaint);
        Assert.Contains(timers, t => t.Type.EndsWith(nameof(ComplaintClockCheck)) && t.At == WorkingDayCalendar.EndOfDayBeijing(new DateOnly(2037, 1, 14)));
        Assert.Contains(await app.ScheduledMessagesFor(referral),
            t => t.Type.EndsWith(nameof(ReferralReplyCheck)) && t.At == ReferralClock.OverdueAt(new DateOnly(2037, 1, 15)));
        app.AdvanceClockTo(WorkingDayCalendar.EndOfDayBeijing(new DateOnly(2037, 1, 13)).AddMinutes(1));
        await app.Host.InvokeMessageAndWaitAsync(new ComplaintClockCheck(complaint, ComplaintClock.Acceptance, new DateOnly(2037, 1, 13)));
        await app.Host.InvokeMessageAndWaitAsync(new ReferralReplyCheck(referral, new DateOnly(2037, 1, 12)));
        Assert.Empty((await Events(complaint)).OfType<AcceptanceOverdue>());
        Assert.Empty((await Events(referral)).OfType<ReplyOverdue>());
        app.AdvanceClockTo(WorkingDayCalendar.EndOfDayBeijing(new DateOnly(2037, 1, 15)).AddMinutes(1));
        await app.Host.InvokeMessageAndWaitAsync(new ComplaintClockCheck(complaint, ComplaintClock.Acceptance, new DateOnly(2037, 1, 14)));
        await app.Host.InvokeMessageAndWaitAsync(new ComplaintClockCheck(complaint, ComplaintClock.Acceptance, new DateOnly(2037, 1, 14)));
        await app.Host.InvokeMessageAndWaitAsync(new ReferralReplyCheck(referral, new DateOnly(2037, 1, 15)));
        Assert.Equal(new DateOnly(2037, 1, 14), Assert.Single((await Events(complaint)).OfType<AcceptanceOverdue>()).DueOn);
        Assert.Equal(new DateOnly(2037, 1, 15), Assert.Single((await Events(referral)).OfType<ReplyOverdue>()).DueOn);
    }
}
