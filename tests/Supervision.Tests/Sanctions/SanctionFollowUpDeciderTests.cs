using Supervision.Referrals;
using Supervision.Sanctions;
using Supervision.Shared;
using Supervision.Tests.TestSupport;

namespace Supervision.Tests.Sanctions;

/// <summary>
/// What follows from a sanction case besides the penalty: a changed or revoked decision and the withdrawal of its
/// publication (R19), 处分建议书 and their replies (R20), the transfer of a suspected crime (R21), and opening a case
/// from a referral. Given events, when a command, then events or a refusal.
/// </summary>
public class SanctionFollowUpDeciderTests
{
    /// <summary>3 working days after Thu 2026-02-12: 02-13, 02-14 (make-up Saturday), then the Spring Festival break until 02-24.</summary>
    private static readonly DateOnly ThreeWorkingDays = Clock.D(2026, 2, 24);

    private static object[] Reported() => [S.Opened(), S.Evidence(), S.Reported()];

    private static object[] Decided(bool social = true) =>
        [S.Opened(), S.Reported(social: social), S.Noticed(), S.Waived(),
         S.Decide(S.Given(S.Opened(), S.Reported(social: social), S.Noticed(), S.Waived()), now: S.Now.AddHours(2))];

    // ---------------------------------------------------------------- 处分建议书 (R20)

    private static RecommendDiscipline Recommend(long version, DateOnly? due = null) =>
        new(version, "张主任", "办公室主任", "乌鲁木齐市某局（任免机关）", "建议给予警告处分", due);

    private static readonly Guid RecommendationId = Guid.Parse("0197a000-0000-7000-8000-0000000000d1");

    private static DisciplineRecommended Recommended(object[] events, DateOnly? due = null, DateTimeOffset? now = null) =>
        SanctionSteps.DecideRecommendation(S.Given(events), Recommend(events.Length, due), S.Leader, RecommendationId, now ?? S.Now, "乌档处建〔2026〕1号");

    [Fact]
    public void A_leader_recommends_discipline_after_the_investigation_report_with_a_30_day_reply_period()
    {
        var e = Recommended(Reported());
        Assert.Equal(RecommendationId, e.RecommendationId);
        Assert.Equal("乌档处建〔2026〕1号", e.DocumentNumber);
        Assert.Equal(("张主任", "办公室主任", "乌鲁木齐市某局（任免机关）", "建议给予警告处分"), (e.PersonName, e.Position, e.Recipient, e.Recommendation));
        Assert.Equal(Clock.Today, e.IssuedOn);
        Assert.Equal(Clock.D(2026, 3, 16), e.ReplyDueOn); // 30 calendar days end on Saturday 3-14: due Monday 3-16 (Civil Code Art. 203)
        var c = S.Given([.. Reported(), e]);
        var r = Assert.Single(c.DisciplineRecommendations);
        Assert.Equal(DisciplineReplyStatus.Awaiting, r.Status);
        Assert.Equal(Clock.D(2026, 4, 1), Recommended(Reported(), Clock.D(2026, 4, 1)).ReplyDueOn); // or the date given
    }

    [Fact]
    public void Recommending_is_refused_before_the_report_for_non_leaders_and_with_bad_input()
    {
        Refusal.Refused("investigation_report_required", () => Recommended([S.Opened(), S.Evidence()]));
        var c = S.Given(Reported());
        Refusal.Forbidden(() => SanctionSteps.CheckRecommendation(c, Recommend(3), S.Officer, S.Now));
        Refusal.NotFound(() => SanctionSteps.CheckRecommendation(c, Recommend(3), S.KashgarOfficer, S.Now));
        Refusal.Stale(3, () => SanctionSteps.CheckRecommendation(c, Recommend(2), S.Leader, S.Now));
        Refusal.Invalid("field_required", () => SanctionSteps.CheckRecommendation(c, Recommend(3) with { Recipient = " " }, S.Leader, S.Now), "recipient");
        Refusal.Invalid("field_required", () => SanctionSteps.CheckRecommendation(c, Recommend(3) with { PersonName = null }, S.Leader, S.Now), "personName");
        Refusal.Invalid("invalid_reply_due_on", () => SanctionSteps.CheckRecommendation(c, Recommend(3, Clock.Today), S.Leader, S.Now), "replyDueOn");
        Assert.Null(SanctionSteps.CheckRecommendation(c, Recommend(3) with { Position = "" }, S.Leader, S.Now).Position);
    }

    [Fact]
    public void The_written_reply_is_recorded_once_for_a_known_recommendation()
    {
        object[] events = [.. Reported(), Recommended(Reported())];
        var c = S.Given(events);
        var reply = new ReceiveDisciplineReply(4, "已给予张主任警告处分", Clock.D(2026, 3, 2));
        var later = S.Now.AddDays(20);
        Refusal.NotFound(() => SanctionSteps.Decide(c, Guid.NewGuid(), reply, S.Officer, later));
        Refusal.Invalid("invalid_received_on", () => SanctionSteps.Decide(c, RecommendationId, reply with { ReceivedOn = Clock.D(2026, 2, 11) }, S.Officer, later), "receivedOn");
        Refusal.Invalid("invalid_received_on", () => SanctionSteps.Decide(c, RecommendationId, reply with { ReceivedOn = Clock.D(2026, 3, 5) }, S.Officer, later), "receivedOn");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, RecommendationId, reply with { Reply = "" }, S.Officer, later), "reply");
        Refusal.Forbidden(() => SanctionSteps.Decide(c, RecommendationId, reply, S.Officer2, later)); // not on the case
        var e = SanctionSteps.Decide(c, RecommendationId, reply, S.Officer, later);
        Assert.Equal((RecommendationId, Clock.D(2026, 3, 2)), (e.RecommendationId, e.ReceivedOn));
        var replied = S.Given([.. events, e]);
        var r = Assert.Single(replied.DisciplineRecommendations);
        Assert.Equal((DisciplineReplyStatus.Replied, "已给予张主任警告处分"), (r.Status, r.Reply));
        Refusal.Refused("already_replied", () => SanctionSteps.Decide(replied, RecommendationId, reply with { ExpectedVersion = 5 }, S.Officer, later));
    }

    [Fact]
    public void Reply_overdue_is_raised_once_per_recommendation_at_the_end_of_the_due_date_unless_replied()
    {
        var recommended = Recommended(Reported());
        object[] events = [.. Reported(), recommended];
        var check = new SanctionClockCheck(S.CaseId, SanctionClock.DisciplineReply, recommended.ReplyDueOn, RecommendationId);
        var after = SanctionClocks.OverdueAt(recommended.ReplyDueOn).AddMinutes(1);
        Assert.Empty(SanctionClocks.Decide(S.Given(events), check, after.AddMinutes(-2)));
        var e = Assert.IsType<DisciplineReplyOverdue>(Assert.Single(SanctionClocks.Decide(S.Given(events), check, after)));
        Assert.Equal((RecommendationId, recommended.ReplyDueOn), (e.RecommendationId, e.DueOn));
        var overdue = S.Given([.. events, e]);
        Assert.Equal(DisciplineReplyStatus.Overdue, overdue.DisciplineRecommendations[0].Status);
        Assert.Empty(SanctionClocks.Decide(overdue, check, after));                                             // at most once
        Assert.Empty(SanctionClocks.Decide(S.Given(events), check with { ItemId = Guid.NewGuid() }, after));      // another recommendation
        var replied = new DisciplineReplyReceived(S.CaseId, RecommendationId, "已处分", Clock.D(2026, 3, 1), S.Officer.UserName, S.Now.AddDays(17));
        Assert.Empty(SanctionClocks.Decide(S.Given([.. events, replied]), check, after));                        // replied in time
        // A late reply after the lapse is still recorded; the record keeps that it was late.
        var late = S.Given([.. events, e, replied with { ReceivedOn = Clock.D(2026, 3, 20) }]);
        Assert.Equal((DisciplineReplyStatus.Replied, true), (late.DisciplineRecommendations[0].Status, late.DisciplineRecommendations[0].Overdue));
        // A step taken after the lapse records it first.
        Assert.IsType<DisciplineReplyOverdue>(Assert.Single(SanctionClocks.Lapsed(S.Given(events), after)));
    }

    // ---------------------------------------------------------------- suspected crime (R21)

    private static CriminalTransferProposed Proposed(object[] events, DateTimeOffset? now = null) =>
        SanctionSteps.Decide(S.Given(events), new ProposeCriminalTransfer(events.Length, "涉嫌故意损毁国家所有的档案，情节严重"), S.Inspector, S.Calendar, now ?? S.Now);

    [Fact]
    public void An_investigator_proposes_a_transfer_and_the_head_has_3_working_days_to_decide()
    {
        var e = Proposed(Reported());
        Assert.Equal(ThreeWorkingDays, e.DecisionDueOn);
        Assert.Equal("urumqi.inspector1", e.ProposedBy);
        var c = S.Given([.. Reported(), e]);
        Assert.Equal(CriminalTransferStatus.Proposed, c.CriminalTransfer);
        Refusal.Refused("transfer_proposal_pending", () => Proposed([.. Reported(), e]));
        Refusal.Forbidden(() => SanctionSteps.Decide(S.Given(Reported()), new ProposeCriminalTransfer(3, "x"), S.Officer2, S.Calendar, S.Now)); // not on the case
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(S.Given(Reported()), new ProposeCriminalTransfer(3, null), S.Officer, S.Calendar, S.Now), "grounds");
    }

    [Fact]
    public void Only_the_head_decides_a_pending_proposal_and_an_approval_gives_24_hours_for_the_letter()
    {
        object[] proposed = [.. Reported(), Proposed(Reported())];
        var c = S.Given(proposed);
        var decide = new DecideCriminalTransfer(4, true, "涉嫌犯罪，依法移送");
        Refusal.Forbidden(() => SanctionSteps.Decide(c, decide, S.Officer, S.Now.AddHours(1)));
        Refusal.Forbidden(() => SanctionSteps.Decide(c, decide, Actors.RegionLeader, S.Now.AddHours(1))); // a leader above is not the head (移送规定 Art. 5)
        Refusal.Refused("no_transfer_proposal", () => SanctionSteps.Decide(S.Given(Reported()), decide with { ExpectedVersion = 3 }, S.Leader, S.Now));
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, decide with { Approved = null }, S.Leader, S.Now), "approved");
        var approved = SanctionSteps.Decide(c, decide, S.Leader, S.Now.AddHours(1));
        Assert.True(approved.Approved);
        Assert.Equal(S.Now.AddHours(25), approved.TransferDueAt);

        var rejected = SanctionSteps.Decide(c, decide with { Approved = false, Reason = "不构成犯罪" }, S.Leader, S.Now.AddHours(1));
        Assert.Null(rejected.TransferDueAt);
        var afterRejection = S.Given([.. proposed, rejected]);
        Assert.Equal(CriminalTransferStatus.Rejected, afterRejection.CriminalTransfer);
        Refusal.Refused("transfer_not_approved", () => SanctionSteps.CheckTransfer(afterRejection, new TransferCriminalCase(5, "乌鲁木齐市公安局"), S.Officer));
        Assert.Equal(ThreeWorkingDays, Proposed([.. proposed, rejected]).DecisionDueOn); // new facts may be proposed again
    }

    [Fact]
    public void The_case_goes_to_public_security_with_a_numbered_letter_once()
    {
        object[] proposed = [.. Reported(), Proposed(Reported())];
        var approved = SanctionSteps.Decide(S.Given(proposed), new DecideCriminalTransfer(4, true, "同意移送"), S.Leader, S.Now.AddHours(1));
        object[] events = [.. proposed, approved];
        var transfer = new TransferCriminalCase(5, "乌鲁木齐市公安局");
        Refusal.Refused("transfer_already_approved", () => Proposed(events));
        Refusal.Invalid("field_required", () => SanctionSteps.CheckTransfer(S.Given(events), transfer with { PublicSecurityOrgan = "" }, S.Officer), "publicSecurityOrgan");
        Refusal.Refused("criminal_transfer_pending", () => SanctionSteps.Decide(Closable(events), new CloseSanctionCase(8), S.Leader, S.Now.AddHours(4)));
        var e = SanctionSteps.DecideTransfer(S.Given(events), transfer, S.Officer, S.Now.AddHours(2), "乌档刑移〔2026〕1号");
        Assert.Equal(("乌档刑移〔2026〕1号", "乌鲁木齐市公安局", Clock.Today), (e.DocumentNumber, e.PublicSecurityOrgan, e.TransferredOn));
        var c = S.Given([.. events, e]);
        Assert.Equal(CriminalTransferStatus.Transferred, c.CriminalTransfer);
        Refusal.Refused("already_transferred", () => SanctionSteps.CheckTransfer(c, transfer with { ExpectedVersion = 6 }, S.Officer));
    }

    /// <summary>A decided and delivered case with a transfer approved but not yet made.</summary>
    private static SanctionCase Closable(object[] transferEvents)
    {
        var decided = Decided(social: false);
        var delivered = new DecisionDelivered(S.CaseId, Clock.Today, "直接送达", "签收", S.Officer.UserName, S.Now.AddHours(3));
        return S.Given([.. decided, delivered, .. transferEvents[^2..]]);
    }

    [Fact]
    public void Transfer_clocks_raise_each_overdue_once_and_only_while_still_due()
    {
        var proposal = Proposed(Reported());
        object[] proposed = [.. Reported(), proposal];
        var decisionCheck = new SanctionClockCheck(S.CaseId, SanctionClock.TransferDecision, ThreeWorkingDays);
        var lateForDecision = SanctionClocks.OverdueAt(ThreeWorkingDays).AddMinutes(1);
        Assert.Empty(SanctionClocks.Decide(S.Given(proposed), decisionCheck, lateForDecision.AddMinutes(-2)));
        var d = Assert.IsType<TransferDecisionOverdue>(Assert.Single(SanctionClocks.Decide(S.Given(proposed), decisionCheck, lateForDecision)));
        Assert.Equal(ThreeWorkingDays, d.DueOn);
        Assert.Empty(SanctionClocks.Decide(S.Given([.. proposed, d]), decisionCheck, lateForDecision)); // once

        var decidedAt = S.Now.AddHours(5);
        var approval = SanctionSteps.Decide(S.Given(proposed), new DecideCriminalTransfer(4, true, "同意"), S.Leader, decidedAt);
        object[] approved = [.. proposed, approval];
        Assert.Empty(SanctionClocks.Decide(S.Given(approved), decisionCheck, lateForDecision));         // decided in time
        // A decision taken after the lapse records it first.
        Assert.IsType<TransferDecisionOverdue>(Assert.Single(SanctionClocks.Lapsed(S.Given(proposed), lateForDecision)));

        var letterCheck = new SanctionClockCheck(S.CaseId, SanctionClock.TransferLetter, WorkingDayCalendar.BeijingToday(decidedAt.AddHours(24)), null, decidedAt.AddHours(24));
        Assert.Equal(decidedAt.AddHours(24), SanctionClocks.OverdueAt(letterCheck));
        Assert.Empty(SanctionClocks.Decide(S.Given(approved), letterCheck, decidedAt.AddHours(24).AddSeconds(-1)));
        var l = Assert.IsType<TransferLetterOverdue>(Assert.Single(SanctionClocks.Decide(S.Given(approved), letterCheck, decidedAt.AddHours(24))));
        Assert.Equal(decidedAt.AddHours(24), l.DueAt);
        Assert.Empty(SanctionClocks.Decide(S.Given([.. approved, l]), letterCheck, decidedAt.AddHours(30)));  // once
        var transferred = SanctionSteps.DecideTransfer(S.Given(approved), new TransferCriminalCase(5, "乌鲁木齐市公安局"), S.Officer, decidedAt.AddHours(2), "乌档刑移〔2026〕1号");
        Assert.Empty(SanctionClocks.Decide(S.Given([.. approved, transferred]), letterCheck, decidedAt.AddHours(30))); // in time
    }

    // ---------------------------------------------------------------- changed or revoked decision (R19)

    private static DecisionPublished Published() => new(S.CaseId, "门户网站", S.Officer.UserName, S.Now.AddHours(3));

    [Fact]
    public void Changing_a_published_decision_owes_a_withdrawal_within_3_working_days()
    {
        object[] published = [.. Decided(), Published()];
        var c = S.Given(published);
        var change = new ChangeDecision(6, "changed", "经行政复议变更", "在当事单位内部通报批评");
        Refusal.Forbidden(() => SanctionSteps.Decide(c, change, S.Officer, S.Calendar, S.Now.AddHours(4)));
        Refusal.Invalid("invalid_change_kind", () => SanctionSteps.Decide(c, change with { Kind = "annulled" }, S.Leader, S.Calendar, S.Now.AddHours(4)), "kind");
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, change with { Reason = null }, S.Leader, S.Calendar, S.Now.AddHours(4)), "reason");
        // A change says what the decision becomes: it is printed on the 变更行政处罚决定书.
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(c, change with { Changes = " " }, S.Leader, S.Calendar, S.Now.AddHours(4)), "changes");
        Refusal.Refused("decision_required", () => SanctionSteps.Decide(S.Given(Reported()), change with { ExpectedVersion = 3 }, S.Leader, S.Calendar, S.Now));

        var e = SanctionSteps.Decide(c, change, S.Leader, S.Calendar, S.Now.AddHours(4), "乌档罚变〔2026〕1号");
        Assert.Equal((DecisionChangeKind.Changed, ThreeWorkingDays), (e.Kind, e.WithdrawalDueOn));
        Assert.Equal(("乌档罚变〔2026〕1号", "在当事单位内部通报批评", c.DecisionNumber), (e.DocumentNumber, e.Changes, e.OriginalNumber));
        Assert.Equal(DocumentTypes.DecisionChange, SanctionSteps.ChangeDocumentType(change));
        Assert.Equal(DocumentTypes.DecisionRevocation, SanctionSteps.ChangeDocumentType(change with { Kind = "revoked" }));
        var changed = S.Given([.. published, e]);
        Assert.True(changed.WithdrawalPending);
        Refusal.Refused("publication_withdrawal_required", () => SanctionSteps.Decide(
            S.Given([.. published, new DecisionDelivered(S.CaseId, Clock.Today, "直接送达", "签收", S.Officer.UserName, S.Now.AddHours(3)), e]),
            new CloseSanctionCase(8), S.Leader, S.Now.AddHours(5)));
        // A second change while the withdrawal is owed keeps the first deadline.
        Assert.Null(SanctionSteps.Decide(changed, change with { ExpectedVersion = 7 }, S.Leader, S.Calendar, S.Now.AddDays(1)).WithdrawalDueOn);
        // Not published: nothing to withdraw.
        Assert.Null(SanctionSteps.Decide(S.Given(Decided()), change with { ExpectedVersion = 5 }, S.Leader, S.Calendar, S.Now.AddHours(4)).WithdrawalDueOn);
    }

    [Fact]
    public void A_revoked_decision_is_neither_published_nor_owed_a_publication_and_cannot_change_again()
    {
        var revoked = SanctionSteps.Decide(S.Given(Decided()), new ChangeDecision(5, "revoked", "事实不清，撤销"), S.Leader, S.Calendar, S.Now.AddHours(4));
        object[] events = [.. Decided(), revoked];
        var c = S.Given(events);
        Assert.True(c.DecisionRevoked);
        Assert.False(c.PublicationRequired);
        Refusal.Refused("decision_revoked", () => SanctionSteps.Decide(c, new PublishDecision(6, "门户网站"), S.Officer, S.Now.AddHours(5)));
        Refusal.Refused("decision_revoked", () => SanctionSteps.Decide(c, new ChangeDecision(6, "changed", "x"), S.Leader, S.Calendar, S.Now.AddHours(5)));
        var publication = new SanctionClockCheck(S.CaseId, SanctionClock.Publication, c.PublicationDueOn!.Value);
        Assert.Empty(SanctionClocks.Decide(c, publication, SanctionClocks.OverdueAt(c.PublicationDueOn.Value).AddMinutes(1)));
    }

    [Fact]
    public void Withdrawal_overdue_is_raised_once_unless_the_publication_was_withdrawn()
    {
        object[] published = [.. Decided(), Published()];
        var changed = SanctionSteps.Decide(S.Given(published), new ChangeDecision(6, "revoked", "撤销"), S.Leader, S.Calendar, S.Now.AddHours(4));
        object[] events = [.. published, changed];
        var check = new SanctionClockCheck(S.CaseId, SanctionClock.PublicationWithdrawal, ThreeWorkingDays);
        var late = SanctionClocks.OverdueAt(ThreeWorkingDays).AddMinutes(1);
        Assert.Empty(SanctionClocks.Decide(S.Given(events), check, late.AddMinutes(-2)));
        var e = Assert.IsType<PublicationWithdrawalOverdue>(Assert.Single(SanctionClocks.Decide(S.Given(events), check, late)));
        Assert.Equal(ThreeWorkingDays, e.DueOn);
        Assert.Empty(SanctionClocks.Decide(S.Given([.. events, e]), check, late));                       // once
        var withdrawn = new PublicationWithdrawn(S.CaseId, "决定已撤销", S.Leader.UserName, S.Now.AddDays(1));
        Assert.Empty(SanctionClocks.Decide(S.Given([.. events, withdrawn]), check, late));                // withdrawn in time
        Assert.Empty(SanctionClocks.Decide(S.Given(published), check, late));                             // nothing changed
    }

    // ---------------------------------------------------------------- opening from a referral

    private static Referral ReferralTo(string receiverJurisdictionId, DeliveryMethod delivery = DeliveryMethod.Internal) => Referral.Create(new ReferralSent(
        Guid.Parse("0197a000-0000-7000-8000-0000000000f1"), ReferralKind.CaseTransfer, new ReferralSource(ReferralSourceKind.Direct, null),
        "653100", Paths.Kashgar, "喀什地区档案局", $"archives-{receiverJurisdictionId}", "乌鲁木齐市档案局", DepartmentKind.Archives, receiverJurisdictionId,
        delivery, "该单位档案保管场所位于乌鲁木齐市", [], "喀档移送〔2026〕1号", Clock.Today, Clock.D(2026, 3, 1), false, null, "kashi.officer", S.Now));

    [Fact]
    public void A_referral_opens_a_case_only_in_the_department_it_was_referred_to()
    {
        var referral = ReferralTo("650100");
        var cmd = S.Open(source: new SanctionSourceInput("referral", referral.Id));
        SanctionCaseOpened Open(SourceCase? source, Actor? actor = null) =>
            SanctionSteps.Decide(cmd, actor ?? S.Officer, S.Unit, source, S.Staff, S.CaseId, S.Now);

        var e = Open(SourceCase.Of(referral, S.Officer));
        Assert.Equal(new SanctionSource(SanctionSourceKind.Referral, referral.Id), e.Source);
        Refusal.Invalid("unknown_source", () => Open(null), "source.id");
        Refusal.Invalid("unknown_source", () => Open(SourceCase.Of(ReferralTo("650102"), S.Officer)), "source.id");  // referred to Tianshan
        Refusal.Invalid("unknown_source", () => Open(SourceCase.Of(ReferralTo("650100", DeliveryMethod.Letter), S.Officer)), "source.id");
        Assert.False(SourceCase.Of(referral, S.KashgarOfficer).ReferredToActor); // the sender is not the receiver
        Refusal.Invalid("field_required", () => SanctionSteps.Decide(S.Open(source: new SanctionSourceInput("referral", null)), S.Officer, S.Unit, null, S.Staff, S.CaseId, S.Now), "source.id");
    }
}
