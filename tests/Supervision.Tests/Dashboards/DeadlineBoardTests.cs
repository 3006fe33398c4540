using Supervision.Complaints;
using Supervision.Dashboards;
using Supervision.Rectifications;
using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Tests.TestSupport;

namespace Supervision.Tests.Dashboards;

/// <summary>The pure rules of the deadline board: which entries an event touches and what it does to them.</summary>
public sealed class DeadlineBoardTests
{
    private static readonly Guid CaseId = Guid.Parse("0196a000-0000-7000-8000-000000000001");
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Due = new(2026, 12, 10);

    private static readonly DeadlineCaseFacts Rectification = new(DeadlineCaseKinds.Rectification, "乌鲁木齐市某档案馆",
        ["urumqi.inspector1", "urumqi.inspector2"], "650100", Paths.Urumqi, []);
    private static readonly DeadlineCaseFacts Complaint = new(DeadlineCaseKinds.Complaint, "乌鲁木齐市某单位", ["urumqi.handler"], "650100", Paths.Urumqi, []);
    private static readonly DeadlineCaseFacts Art44Case = new(DeadlineCaseKinds.Sanction, "乌鲁木齐市档案局",
        ["urumqi.officer", "urumqi.inspector1"], "650100", Paths.Urumqi, ["urumqi.inspector3"]);

    private static string Id(string clock, Guid? item = null) => DeadlineClocks.EntryId(CaseId, clock, item);

    /// <summary>Runs events through the board the way the projection does: each event to each entry it touches.</summary>
    private static Dictionary<string, DeadlineEntry> Board(DeadlineCaseFacts facts, params object[] events)
    {
        var board = new Dictionary<string, DeadlineEntry>();
        foreach (var e in events)
            foreach (var id in DeadlineBoard.EntriesFor(CaseId, e))
            {
                var entry = DeadlineBoard.Apply(board.GetValueOrDefault(id), id, facts, e);
                if (entry is not null) board[id] = entry;
            }
        return board;
    }

    private static RectificationOrdered Ordered(DateOnly due) =>
        new(CaseId, "乌档责改〔2026〕3号", "650100", "配置恒温恒湿设备", Due.AddDays(-14), due, 10, false, [], "urumqi.inspector1", Now);

    [Fact]
    public void A_rectification_order_opens_its_deadline_for_the_inspectors_with_unit_and_document_number()
    {
        var entry = Board(Rectification, Ordered(Due))[Id(DeadlineClocks.RectificationDeadline)];
        Assert.Equal(DeadlineStatuses.Open, entry.Status);
        Assert.Equal(Due, entry.DueOn);
        Assert.Equal(DeadlineCaseKinds.Rectification, entry.CaseKind);
        Assert.Equal(CaseId, entry.CaseId);
        Assert.Equal("整改期限", entry.ClockName);
        Assert.Equal("乌鲁木齐市某档案馆 乌档责改〔2026〕3号", entry.Title);
        Assert.Equal(["urumqi.inspector1", "urumqi.inspector2"], entry.Owners);
        Assert.Equal(("650100", Paths.Urumqi), (entry.JurisdictionId, entry.JurisdictionPath));
    }

    [Fact]
    public void A_found_hazard_without_an_order_has_no_deadline()
    {
        var found = new HazardFound(CaseId, Guid.NewGuid(), Guid.NewGuid(), "某馆", "650100", Paths.Urumqi, "Art38.3", "x", [], [], "u", Now);
        Assert.Null(DeadlineBoard.CaseKindOf(found));
        Assert.Empty(Board(Rectification, found));
    }

    [Fact]
    public void An_extension_moves_the_due_date_a_passed_reinspection_settles_it_and_overdue_is_marked()
    {
        var later = Due.AddDays(10);
        var extended = Board(Rectification, Ordered(Due), new DeadlineExtended(CaseId, Due, later, false, "采购周期长", "urumqi.leader", Now))
            [Id(DeadlineClocks.RectificationDeadline)];
        Assert.Equal((later, DeadlineStatuses.Open), (extended.DueOn, extended.Status));

        var overdueAt = Now.AddDays(20);
        var overdue = Board(Rectification, Ordered(Due), new RectificationOverdue(CaseId, Due, overdueAt))[Id(DeadlineClocks.RectificationDeadline)];
        Assert.Equal((DeadlineStatuses.Overdue, overdueAt), (overdue.Status, overdue.OverdueSince));

        // Corrected after going overdue: settled.
        var passed = Board(Rectification, Ordered(Due), new RectificationOverdue(CaseId, Due, overdueAt), new ReinspectionPassed(CaseId, "合格", "urumqi.inspector2", overdueAt.AddDays(1)))
            [Id(DeadlineClocks.RectificationDeadline)];
        Assert.Equal(DeadlineStatuses.Done, passed.Status);
    }

    [Fact]
    public void A_late_overdue_never_reopens_a_settled_deadline()
    {
        var entry = Board(Rectification, Ordered(Due), new ReinspectionPassed(CaseId, "合格", "u", Now), new RectificationOverdue(CaseId, Due, Now.AddDays(30)))
            [Id(DeadlineClocks.RectificationDeadline)];
        Assert.Equal(DeadlineStatuses.Done, entry.Status);
        Assert.Null(entry.OverdueSince);
    }

    private static ComplaintReceived Received() => new(CaseId, "TS6501002026000001", ComplaintChannel.Letter, Now, false, "enc", [NotificationChannel.Email],
        null, "乌鲁木齐市某单位", "650100", Paths.Urumqi, "档案霉变", null, null, new DateOnly(2026, 12, 11), new DateOnly(2027, 1, 25), "urumqi.handler", Now);

    [Fact]
    public void A_complaint_opens_its_acceptance_and_handling_clocks_and_the_decision_settles_acceptance()
    {
        var board = Board(Complaint, Received());
        var acceptance = board[Id(DeadlineClocks.ComplaintAcceptance)];
        Assert.Equal((new DateOnly(2026, 12, 11), DeadlineStatuses.Open), (acceptance.DueOn, acceptance.Status));
        Assert.Equal("乌鲁木齐市某单位 TS6501002026000001", acceptance.Title);
        Assert.Equal(["urumqi.handler"], acceptance.Owners);
        Assert.Equal(new DateOnly(2027, 1, 25), board[Id(DeadlineClocks.ComplaintHandling)].DueOn);

        board = Board(Complaint, Received(), new AcceptanceDecided(CaseId, AcceptanceDecision.Accepted, "属于职责", null, "N1", "urumqi.handler", Now));
        Assert.Equal(DeadlineStatuses.Done, board[Id(DeadlineClocks.ComplaintAcceptance)].Status);
        Assert.Equal(DeadlineStatuses.Open, board[Id(DeadlineClocks.ComplaintHandling)].Status);
    }

    [Fact]
    public void A_complaint_not_accepted_closes_both_clocks_and_overdue_acceptance_is_marked()
    {
        var board = Board(Complaint, Received(), new AcceptanceOverdue(CaseId, new DateOnly(2026, 12, 11), Now.AddDays(16)));
        Assert.Equal(DeadlineStatuses.Overdue, board[Id(DeadlineClocks.ComplaintAcceptance)].Status);

        board = Board(Complaint, Received(), new AcceptanceDecided(CaseId, AcceptanceDecision.NotAccepted, "不属于职责", null, "N1", "urumqi.handler", Now),
            new ComplaintClosed(CaseId, "不予受理", Now));
        Assert.All(board.Values, e => Assert.Equal(DeadlineStatuses.Done, e.Status));
    }

    [Fact]
    public void Handling_is_extended_concluded_and_settled_when_the_complainant_is_told()
    {
        var newDue = new DateOnly(2027, 2, 24);
        var assigned = Complaint with { Owners = ["urumqi.handler2"] }; // the facts come from the snapshot: the assigned handler
        var board = Board(assigned, Received(), new ComplaintAssigned(CaseId, "urumqi.handler2", "urumqi.leader", Now),
            new HandlingExtended(CaseId, new DateOnly(2027, 1, 25), newDue, "情况复杂", "urumqi.leader", Now),
            new ComplaintConcluded(CaseId, true, "属实", "已责令整改", "urumqi.handler2", Now));
        var handling = board[Id(DeadlineClocks.ComplaintHandling)];
        Assert.Equal((newDue, DeadlineStatuses.Open), (handling.DueOn, handling.Status));
        Assert.Equal(["urumqi.handler2"], handling.Owners);
        Assert.Equal("已作出处理结论，待告知投诉人", handling.Note);

        var told = DeadlineBoard.Apply(handling, handling.Id, assigned,
            new ComplainantNotified(CaseId, Guid.NewGuid(), NotificationChannel.Email, "h", "250 OK", null, "system", Now))!;
        Assert.Equal(DeadlineStatuses.Done, told.Status);
    }

    private static SanctionCaseOpened Opened() => new(CaseId, new SanctionSource(SanctionSourceKind.Direct, null), null, "乌鲁木齐市档案局", null, "650100",
        "650100", Paths.Urumqi, SanctionCatalogue.Art44, "未履行监督检查职责", [], [new ResponsiblePerson("王芳", "urumqi.inspector3")], new DateOnly(2027, 2, 24),
        "urumqi.officer", Now);

    private static PenaltyDecided Decided(DateOnly? publishBy) => new(CaseId, "乌档罚决〔2026〕1号", "乌鲁木齐市档案局", null, "事实", [], PenaltyScope.Public, "依据", "改正",
        null, "救济", "650100", "乌鲁木齐市档案局", new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 12), publishBy, "urumqi.leader", Now);

    [Fact]
    public void A_sanction_case_runs_its_decision_defence_delivery_and_publication_clocks_and_keeps_the_Art44_exclusions()
    {
        var notice = new PenaltyNoticeIssued(CaseId, "乌档罚告〔2026〕1号", "事实", "理由", "依据", PenaltyScope.Public, new DateOnly(2026, 12, 1),
            new DateOnly(2026, 12, 8), false, "权利", [], "urumqi.officer", Now);
        var board = Board(Art44Case, Opened(), notice);
        Assert.Equal(new DateOnly(2027, 2, 24), board[Id(DeadlineClocks.Decision)].DueOn);
        Assert.Equal("乌鲁木齐市档案局", board[Id(DeadlineClocks.Decision)].Title);
        var defence = board[Id(DeadlineClocks.DefencePeriod)];
        Assert.Equal((new DateOnly(2026, 12, 8), "乌鲁木齐市档案局 乌档罚告〔2026〕1号"), (defence.DueOn, defence.Title));
        Assert.All(board.Values, e => Assert.Equal(["urumqi.inspector3"], e.ExcludedUserIds));
        Assert.All(board.Values, e => Assert.Equal(["urumqi.officer", "urumqi.inspector1"], e.Owners));

        board = Board(Art44Case, Opened(), notice, Decided(new DateOnly(2027, 1, 14)));
        Assert.Equal(DeadlineStatuses.Done, board[Id(DeadlineClocks.Decision)].Status);
        Assert.Equal(DeadlineStatuses.Done, board[Id(DeadlineClocks.DefencePeriod)].Status);
        Assert.Equal((new DateOnly(2027, 1, 12), DeadlineStatuses.Open), (board[Id(DeadlineClocks.Delivery)].DueOn, board[Id(DeadlineClocks.Delivery)].Status));
        Assert.Equal(new DateOnly(2027, 1, 14), board[Id(DeadlineClocks.Publication)].DueOn);

        board = Board(Art44Case, Opened(), notice, Decided(new DateOnly(2027, 1, 14)),
            new DecisionDelivered(CaseId, new DateOnly(2027, 1, 6), "直接送达", "签收", "urumqi.officer", Now),
            new PublicationOverdue(CaseId, new DateOnly(2027, 1, 14), Now.AddDays(50)));
        Assert.Equal(DeadlineStatuses.Done, board[Id(DeadlineClocks.Delivery)].Status);
        Assert.Equal(DeadlineStatuses.Overdue, board[Id(DeadlineClocks.Publication)].Status);
    }

    [Fact]
    public void A_decision_without_publication_has_no_publication_clock_and_closing_settles_only_clocks_that_ran()
    {
        var board = Board(Art44Case, Opened(), Decided(null), new SanctionCaseClosed(CaseId, "urumqi.officer", Now));
        Assert.Equal([Id(DeadlineClocks.Decision), Id(DeadlineClocks.Delivery)], board.Keys.Order());
        Assert.All(board.Values, e => Assert.Equal(DeadlineStatuses.Done, e.Status));
    }

    [Fact]
    public void Decision_overdue_withdrawal_discipline_reply_and_criminal_transfer_clocks()
    {
        var rid = Guid.Parse("0196a000-0000-7000-8000-0000000000aa");
        var letterDueAt = new DateTimeOffset(2027, 1, 8, 3, 0, 0, TimeSpan.Zero);
        var board = Board(Art44Case, Opened(), new DecisionOverdue(CaseId, new DateOnly(2027, 2, 24), Now.AddDays(91)),
            new DecisionChanged(CaseId, DecisionChangeKind.Changed, "复议变更", new DateOnly(2027, 3, 3), "urumqi.leader", Now),
            new DisciplineRecommended(CaseId, rid, "乌档处建〔2026〕1号", "王芳", "科员", "某单位", "建议给予处分", new DateOnly(2027, 1, 4), new DateOnly(2027, 2, 3), "urumqi.officer", Now),
            new DisciplineReplyOverdue(CaseId, rid, new DateOnly(2027, 2, 3), Now.AddDays(70)),
            new CriminalTransferProposed(CaseId, "涉嫌犯罪", new DateOnly(2027, 1, 7), "urumqi.officer", Now),
            new CriminalTransferDecided(CaseId, true, "同意移送", letterDueAt, "urumqi.leader", Now));
        Assert.Equal(DeadlineStatuses.Overdue, board[Id(DeadlineClocks.Decision)].Status);
        Assert.Equal(new DateOnly(2027, 3, 3), board[Id(DeadlineClocks.PublicationWithdrawal)].DueOn);
        var reply = board[Id(DeadlineClocks.DisciplineReply, rid)];
        Assert.Equal((rid, DeadlineStatuses.Overdue, "乌档处建〔2026〕1号"), (reply.ItemId, reply.Status, reply.DocumentNumber));
        Assert.Equal(DeadlineStatuses.Done, board[Id(DeadlineClocks.TransferDecision)].Status);
        var letter = board[Id(DeadlineClocks.TransferLetter)];
        Assert.Equal((letterDueAt, WorkingDayCalendar.BeijingToday(letterDueAt), DeadlineStatuses.Open), (letter.DueAt, letter.DueOn, letter.Status));
        Assert.False(board.ContainsKey(Id(DeadlineClocks.Delivery))); // a change of a decision never made starts nothing

        var transferred = DeadlineBoard.Apply(letter, letter.Id, Art44Case, new CriminalCaseTransferred(CaseId, "乌档移〔2027〕1号", "乌鲁木齐市公安局", new DateOnly(2027, 1, 7), "urumqi.officer", Now))!;
        Assert.Equal(DeadlineStatuses.Done, transferred.Status);
    }

    [Fact]
    public void A_referral_reply_is_the_senders_and_settles_on_acknowledgement()
    {
        var facts = new DeadlineCaseFacts(DeadlineCaseKinds.Referral, "乌鲁木齐市公安局", ["urumqi.inspector1"], "650100", Paths.Urumqi, []);
        var sent = new ReferralSent(CaseId, ReferralKind.CaseTransfer, new ReferralSource(ReferralSourceKind.Direct, null), "650100", Paths.Urumqi, "乌鲁木齐市档案局",
            "police", "乌鲁木齐市公安局", DepartmentKind.PublicSecurity, "650100", DeliveryMethod.Letter, "摘要", [], "乌档移〔2026〕2号",
            new DateOnly(2026, 11, 26), new DateOnly(2026, 12, 10), false, null, "urumqi.inspector1", Now);
        var entry = Board(facts, sent)[Id(DeadlineClocks.ReferralReply)];
        Assert.Equal((new DateOnly(2026, 12, 10), "乌鲁木齐市公安局 乌档移〔2026〕2号", DeadlineStatuses.Open), (entry.DueOn, entry.Title, entry.Status));
        Assert.Equal(DeadlineStatuses.Overdue, Board(facts, sent, new ReplyOverdue(CaseId, new DateOnly(2026, 12, 10), Now.AddDays(15)))[entry.Id].Status);
        Assert.Equal(DeadlineStatuses.Done, Board(facts, sent, new ReferralAcknowledged(CaseId, "police", true, Now))[entry.Id].Status);
    }

    [Fact]
    public void Facts_of_the_snapshots_name_the_owners_and_the_jurisdiction()
    {
        var complaint = new Supervision.Complaints.Complaint { Id = CaseId, UnitName = "某单位", RegisteredBy = "urumqi.handler", JurisdictionId = "650100", JurisdictionPath = Paths.Urumqi };
        Assert.Equal(["urumqi.handler"], DeadlineCaseFacts.Of(complaint).Owners);
        complaint.HandlerId = "urumqi.handler2";
        Assert.Equal(["urumqi.handler2"], DeadlineCaseFacts.Of(complaint).Owners);
        var sanction = SanctionCase.Create(Opened());
        Assert.Equal(["urumqi.inspector3"], DeadlineCaseFacts.Of(sanction).ExcludedUserIds);
        var referral = new Referral { SentBy = "urumqi.inspector1", SenderJurisdictionId = "650100", SenderJurisdictionPath = Paths.Urumqi, ReceiverName = "公安局" };
        Assert.Equal(["urumqi.inspector1"], DeadlineCaseFacts.Of(referral).Owners);
        Assert.Equal(Paths.Urumqi, DeadlineCaseFacts.Of(referral).JurisdictionPath);
    }
}
