using Microsoft.Extensions.Configuration;
using Supervision.Referrals;
using Supervision.Shared;
using Supervision.Tests.TestSupport;

namespace Supervision.Tests.Referrals;

/// <summary>Referrals between departments (Art. 42, R23): sending, receiver and sender steps, the reply clock.</summary>
public class ReferralDeciderTests
{
    private static readonly Guid Id = Guid.Parse("0197a000-0000-7000-8000-00000000c001");
    private static readonly Guid Attempt = Guid.Parse("0197a000-0000-7000-8000-00000000c0a1");
    private static readonly DateTimeOffset Now = Clock.Now; // Thu 2026-02-12 10:00 Beijing
    private static readonly Actor UrumqiOfficer = new("urumqi.officer", "刘洋", Roles.CaseOfficer, "650100", Paths.Urumqi, true);
    private static readonly Actor KashgarOfficer = new("kashi.officer", "阿力木", Roles.CaseOfficer, "653100", Paths.Kashgar, true);
    private static readonly Actor TianshanLeader = new("tianshan.leader", "杨帆", Roles.Leader, "650102", Paths.Tianshan);

    private static readonly ReceivingDepartment KashgarArchives = new()
        { Id = "archives-653100", Name = "喀什地区档案局", Kind = DepartmentKind.Archives, JurisdictionId = "653100", Delivery = DeliveryMethod.Internal };
    private static readonly ReceivingDepartment UrumqiArchives = new()
        { Id = "archives-650100", Name = "乌鲁木齐市档案局", Kind = DepartmentKind.Archives, JurisdictionId = "650100", Delivery = DeliveryMethod.Internal };
    private static readonly ReceivingDepartment UrumqiDiscipline = new()
        { Id = "discipline-650100", Name = "乌鲁木齐市纪委监委", Kind = DepartmentKind.DisciplineInspection, JurisdictionId = "650100", Delivery = DeliveryMethod.Letter };

    private static readonly IssuedDocument Order = new() { Id = "乌档责改〔2026〕1号", Type = DocumentTypes.RectificationOrder, JurisdictionPath = Paths.Urumqi };
    private static readonly IssuedDocument KashgarOrder = new() { Id = "喀档责改〔2026〕1号", Type = DocumentTypes.RectificationOrder, JurisdictionPath = Paths.Kashgar };
    private static readonly IssuedDocument ResultLetter = new() { Id = "乌档投结〔2026〕1号", Type = DocumentTypes.ComplaintResultLetter, JurisdictionPath = Paths.Urumqi };

    private static SendContext Ctx(ReceivingDepartment? receiver = null, string? sourcePath = Paths.Urumqi, params IssuedDocument[] docs) =>
        new(receiver ?? KashgarArchives, (docs.Length == 0 ? [Order, KashgarOrder, ResultLetter] : docs).ToDictionary(d => d.Id), sourcePath);

    private static SendReferral Command(ReferralKind? kind = ReferralKind.CaseTransfer, string? receiver = "archives-653100", string? summary = "该单位档案涉及喀什地区，移送管辖",
        string[]? docs = null, ReferralSourceInput? source = null) =>
        new(source ?? new ReferralSourceInput(ReferralSourceKind.Rectification, Guid.NewGuid()), receiver, kind, summary, docs ?? ["乌档责改〔2026〕1号"]);

    private static (ReferralSent Sent, IReadOnlyList<object> Events) Send(SendReferral c, Actor? actor = null, SendContext? ctx = null) =>
        SendReferralEndpoint.Decide(c, actor ?? UrumqiOfficer, ctx ?? Ctx(), Id, Attempt, "乌档移送〔2026〕1号", Clock.Calendar, Now);

    private static Referral Given(ReceivingDepartment? receiver = null, params object[] more)
    {
        var (sent, events) = Send(Command(receiver: (receiver ?? KashgarArchives).Id), ctx: Ctx(receiver));
        var r = Referral.Create(sent);
        foreach (var e in events.Skip(1).Concat(more))
        {
            switch (e)
            {
                case ReferralDelivered x: r.Apply(x); break;
                case ReferralDeliveryFailed x: r.Apply(x); break;
                case ReferralRedeliveryRequested x: r.Apply(x); break;
                case ReferralAcknowledged x: r.Apply(x); break;
                case FeedbackGiven x: r.Apply(x); break;
                case ReconsiderationRequested x: r.Apply(x); break;
                case ReferralClosed x: r.Apply(x); break;
                case ReplyOverdue x: r.Apply(x); break;
                default: throw new ArgumentException(e.GetType().Name);
            }
        }
        r.Version = events.Count + more.Length;
        return r;
    }

    private static ReferralDelivered Delivered() => new(Id, Attempt, "inbox", Now.AddMinutes(1));
    private static ReferralAcknowledged Acknowledged() => new(Id, KashgarOfficer.UserName, false, Now.AddDays(1));
    private static FeedbackGiven Feedback() => new(Id, FeedbackOutcome.CaseOpened, "已立案", KashgarOfficer.UserName, false, Now.AddDays(5));

    // ---------------------------------------------------------------- sending

    [Fact]
    public void A_case_transfer_to_another_archives_department_is_sent_for_delivery_with_a_ten_working_day_reply_clock()
    {
        var (sent, events) = Send(Command());
        Assert.Single(events);
        Assert.Equal("650100", sent.SenderJurisdictionId);
        Assert.Equal("653100", sent.ReceiverJurisdictionId);
        Assert.Equal(DeliveryMethod.Internal, sent.Delivery);
        Assert.Equal("乌档移送〔2026〕1号", sent.DocumentNumber);
        Assert.Equal(Attempt, sent.DeliveryAttemptId);
        // Thu 02-12: 02-13 = 1, Sat 02-14 (make-up) = 2, Spring Festival off, 02-24..02-28 = 3..7, 03-02..03-04 = 8..10.
        Assert.Equal(Clock.D(2026, 3, 4), sent.ReplyDueOn);
        Assert.False(sent.ReplyDueProvisional);
    }

    [Fact]
    public void A_referral_by_letter_is_delivered_at_once_with_the_printable_letter_as_proof()
    {
        var (sent, events) = Send(Command(receiver: UrumqiDiscipline.Id), ctx: Ctx(UrumqiDiscipline));
        Assert.Null(sent.DeliveryAttemptId);
        var delivered = Assert.IsType<ReferralDelivered>(events[1]);
        Assert.Equal("printable transfer letter 乌档移送〔2026〕1号", delivered.Proof);
    }

    [Fact]
    public void An_inspector_may_share_information_but_not_transfer_a_case()
    {
        var inspector = Actors.UrumqiInspector;
        Refusal.Forbidden(() => Send(Command(), inspector));
        var (sent, _) = Send(Command(ReferralKind.InformationSharing), inspector);
        Assert.Equal(ReferralKind.InformationSharing, sent.Kind);
        Refusal.Forbidden(() => Send(Command(ReferralKind.InformationSharing), Actors.UrumqiComplaintHandler));
    }

    [Fact]
    public void Refusals_when_sending()
    {
        Refusal.Invalid("field_required", () => Send(Command(kind: null)), "kind");
        Refusal.Invalid("field_required", () => Send(Command(receiver: null)), "receiverId");
        Refusal.Invalid("unknown_receiver", () => SendReferralEndpoint.Decide(Command(receiver: "nope"), UrumqiOfficer,
            new SendContext(null, new Dictionary<string, IssuedDocument>(), Paths.Urumqi), Id, Attempt, null, Clock.Calendar, Now), "receiverId");
        Refusal.Refused("self_referral", () => Send(Command(receiver: UrumqiArchives.Id), ctx: Ctx(UrumqiArchives)), "receiverId");
        Refusal.Invalid("field_required", () => Send(Command(summary: " ")), "summary");
        Refusal.Invalid("field_required", () => Send(Command(source: new ReferralSourceInput(null, null))), "source");
        Refusal.Invalid("field_required", () => Send(Command(source: new ReferralSourceInput(ReferralSourceKind.Complaint, null))), "source");
        Refusal.Invalid("unexpected_source_id", () => Send(Command(source: new ReferralSourceInput(ReferralSourceKind.Direct, Guid.NewGuid()))), "source");
        Refusal.Invalid("unknown_source", () => Send(Command(), ctx: Ctx(sourcePath: null)), "source");
        Refusal.Invalid("unknown_source", () => Send(Command(), ctx: Ctx(sourcePath: Paths.Kashgar)), "source");
        Refusal.Invalid("unknown_document", () => Send(Command(docs: ["乌档责改〔2026〕99号"])), "documentNumbers");
        Refusal.Invalid("unknown_document", () => Send(Command(docs: ["喀档责改〔2026〕1号"])), "documentNumbers"); // not visible to Urumqi
        Refusal.Refused("personal_data_document", () => Send(Command(docs: ["乌档投结〔2026〕1号"])), "documentNumbers");
        Refusal.Invalid("documents_required", () => Send(Command(docs: [], source: new ReferralSourceInput(ReferralSourceKind.Direct, null))), "documentNumbers");
        Refusal.Invalid("too_many_documents", () => Send(Command(docs: Enumerable.Range(1, 21).Select(i => $"乌档责改〔2026〕{i}号").ToArray())), "documentNumbers");
        Refusal.Forbidden(() => Send(Command(), new Actor("nobody", "", Roles.CaseOfficer, "", "")));
    }

    [Theory]
    [InlineData("投诉人电话 13912345678，请联系")]
    [InlineData("投诉人邮箱 someone@example.cn")]
    [InlineData("投诉人身份证 11010519491231002X")]
    public void The_summary_may_not_carry_personal_data(string summary) =>
        Refusal.Invalid("personal_data_in_summary", () => Send(Command(summary: summary)), "summary");

    [Fact]
    public void Document_numbers_and_credit_codes_are_not_mistaken_for_personal_data()
    {
        Assert.False(SendReferralEndpoint.ContainsPersonalData("见乌档责改〔2026〕12号，单位统一社会信用代码 13650103458203870U，电话 0991-5550404", Clock.Today));
        Assert.True(SendReferralEndpoint.ContainsPersonalData("身份证 11010519491231002x", Clock.Today));
    }

    // ---------------------------------------------------------------- receiver steps

    [Fact]
    public void The_receiving_department_acknowledges_then_gives_feedback()
    {
        var r = Given(null, Delivered());
        var ack = Assert.IsType<ReferralAcknowledged>(Assert.Single(ReferralSteps.Decide(r, new AcknowledgeReferral(2), KashgarOfficer, Now.AddDays(1))));
        Assert.False(ack.RecordedBySender);
        r = Given(null, Delivered(), Acknowledged());
        var fb = ReferralSteps.Decide(r, new GiveFeedback(3, FeedbackOutcome.NoCase, "不构成违法"), KashgarOfficer, Now.AddDays(2));
        Assert.Equal(FeedbackOutcome.NoCase, fb.Outcome);
    }

    [Fact]
    public void Refusals_of_receiver_steps()
    {
        var delivered = Given(null, Delivered());
        Refusal.NotFound(() => ReferralSteps.Decide(delivered, new AcknowledgeReferral(2), TianshanLeader, Now));
        Refusal.NotFound(() => ReferralSteps.Decide(delivered, new AcknowledgeReferral(2), Actors.RegionLeader, Now));
        Refusal.Forbidden(() => ReferralSteps.Decide(delivered, new AcknowledgeReferral(2), UrumqiOfficer, Now)); // the sender, for an internal receiver
        Refusal.Forbidden(() => ReferralSteps.Decide(delivered, new AcknowledgeReferral(2), Actors.KashgarInspector, Now));
        Refusal.Invalid("version_required", () => ReferralSteps.Decide(delivered, new AcknowledgeReferral(null), KashgarOfficer, Now));
        Refusal.Stale(2, () => ReferralSteps.Decide(delivered, new AcknowledgeReferral(1), KashgarOfficer, Now));
        Refusal.Refused("not_delivered", () => ReferralSteps.Decide(Given(), new AcknowledgeReferral(1), KashgarOfficer, Now));
        var acknowledged = Given(null, Delivered(), Acknowledged());
        Refusal.Refused("already_acknowledged", () => ReferralSteps.Decide(acknowledged, new AcknowledgeReferral(3), KashgarOfficer, Now));
        Refusal.Refused("not_acknowledged", () => ReferralSteps.Decide(delivered, new GiveFeedback(2, FeedbackOutcome.Handled, "x"), KashgarOfficer, Now));
        Refusal.Invalid("field_required", () => ReferralSteps.Decide(acknowledged, new GiveFeedback(3, null, "x"), KashgarOfficer, Now), "outcome");
        Refusal.Invalid("field_required", () => ReferralSteps.Decide(acknowledged, new GiveFeedback(3, FeedbackOutcome.Other, ""), KashgarOfficer, Now), "note");
        var closed = Given(null, Delivered(), Acknowledged(), Feedback(), new ReferralClosed(Id, null, UrumqiOfficer.UserName, Now.AddDays(6)));
        Refusal.Refused("referral_closed", () => ReferralSteps.Decide(closed, new GiveFeedback(5, FeedbackOutcome.Other, "x"), KashgarOfficer, Now));
    }

    [Fact]
    public void For_an_external_department_the_sender_records_its_acknowledgement_and_feedback()
    {
        var r = Given(UrumqiDiscipline);
        Assert.Equal(ReferralStatus.Delivered, r.Status);
        var ack = Assert.IsType<ReferralAcknowledged>(Assert.Single(ReferralSteps.Decide(r, new AcknowledgeReferral(2), UrumqiOfficer, Now)));
        Assert.True(ack.RecordedBySender);
        Refusal.NotFound(() => ReferralSteps.Decide(r, new AcknowledgeReferral(2), KashgarOfficer, Now));
    }

    // ---------------------------------------------------------------- sender steps

    [Fact]
    public void The_sender_may_ask_for_reconsideration_after_feedback_and_close()
    {
        var withFeedback = Given(null, Delivered(), Acknowledged(), Feedback());
        Refusal.Forbidden(() => ReferralSteps.Decide(withFeedback, new RequestReconsideration(4, "证据充分"), KashgarOfficer, Now));
        Refusal.NotFound(() => ReferralSteps.Decide(withFeedback, new RequestReconsideration(4, "证据充分"), TianshanLeader, Now));
        Refusal.Invalid("field_required", () => ReferralSteps.Decide(withFeedback, new RequestReconsideration(4, ""), UrumqiOfficer, Now), "reason");
        var asked = ReferralSteps.Decide(withFeedback, new RequestReconsideration(4, "证据充分，请复议"), UrumqiOfficer, Now);
        var reconsidering = Given(null, Delivered(), Acknowledged(), Feedback(), asked);
        Assert.Equal(ReferralStatus.ReconsiderationRequested, reconsidering.Status);
        // The receiver answers again.
        Assert.Equal("复议后立案", ReferralSteps.Decide(reconsidering, new GiveFeedback(5, FeedbackOutcome.CaseOpened, "复议后立案"), KashgarOfficer, Now).Note);
        Refusal.Refused("no_feedback", () => ReferralSteps.Decide(reconsidering, new RequestReconsideration(5, "again"), UrumqiOfficer, Now));
        Refusal.Refused("no_feedback", () => ReferralSteps.Decide(Given(null, Delivered()), new RequestReconsideration(2, "x"), UrumqiOfficer, Now));

        var closed = ReferralSteps.Decide(withFeedback, new CloseReferral(4, null), UrumqiOfficer, Now);
        Assert.Null(closed.Reason);
        Refusal.Invalid("reason_required", () => ReferralSteps.Decide(Given(null, Delivered()), new CloseReferral(2, null), UrumqiOfficer, Now), "reason");
        Assert.Equal("撤回", ReferralSteps.Decide(Given(null, Delivered()), new CloseReferral(2, "撤回"), UrumqiOfficer, Now).Reason);
        Refusal.Forbidden(() => ReferralSteps.Decide(withFeedback, new CloseReferral(4, null), Actors.UrumqiInspector, Now));
        Refusal.Stale(4, () => ReferralSteps.Decide(withFeedback, new CloseReferral(3, null), UrumqiOfficer, Now));
    }

    private static ReferralClosed Closed() => new(Id, "撤回", UrumqiOfficer.UserName, Now.AddDays(6));

    [Fact]
    public void Every_step_checks_the_version_and_that_the_referral_is_still_open()
    {
        Refusal.Refused("referral_closed", () => ReferralSteps.Decide(Given(null, Delivered(), Closed()), new AcknowledgeReferral(3), KashgarOfficer, Now));
        Refusal.Stale(3, () => ReferralSteps.Decide(Given(null, Delivered(), Acknowledged()), new GiveFeedback(2, FeedbackOutcome.Handled, "已处理"), KashgarOfficer, Now));
        Refusal.Stale(4, () => ReferralSteps.Decide(Given(null, Delivered(), Acknowledged(), Feedback()), new RequestReconsideration(3, "请复议"), UrumqiOfficer, Now));
        Refusal.Refused("referral_closed", () => ReferralSteps.Decide(Given(null, Delivered(), Acknowledged(), Feedback(), Closed()), new RequestReconsideration(5, "请复议"), UrumqiOfficer, Now));
        Refusal.Refused("referral_closed", () => ReferralSteps.Decide(Given(null, Delivered(), Closed()), new CloseReferral(3, null), UrumqiOfficer, Now));
        var failed = new ReferralDeliveryFailed(Id, Attempt, "webhook answered 500", 3, Now);
        Refusal.Stale(2, () => ReferralSteps.Decide(Given(null, failed), new RedeliverReferral(1), UrumqiOfficer, Guid.NewGuid(), Now));
        Refusal.Refused("referral_closed", () => ReferralSteps.Decide(Given(null, failed, Closed()), new RedeliverReferral(3), UrumqiOfficer, Guid.NewGuid(), Now));
    }

    [Fact]
    public void Only_the_sender_sends_again_and_a_closing_reason_has_at_most_2000_characters()
    {
        Refusal.Forbidden(() => ReferralSteps.Decide(Given(null, new ReferralDeliveryFailed(Id, Attempt, "x", 3, Now)), new RedeliverReferral(2), KashgarOfficer, Guid.NewGuid(), Now));
        Refusal.Invalid("field_too_long", () => ReferralSteps.Decide(Given(null, Delivered()), new CloseReferral(2, new string('撤', 2001)), UrumqiOfficer, Now), "reason");
    }

    [Fact]
    public void An_account_without_a_department_is_neither_sender_nor_receiver()
    {
        var noDepartment = new Actor("orphan", "未分配部门", Roles.CaseOfficer, "", "", true);
        var (sent, _) = Send(Command());
        Assert.False(ReferralAccess.IsSender(Referral.Create(sent with { SenderJurisdictionId = "" }), noDepartment));
        Assert.False(ReferralAccess.IsReceiver(Referral.Create(sent with { ReceiverJurisdictionId = "" }), noDepartment));
    }

    [Fact]
    public void Only_a_failed_delivery_can_be_sent_again()
    {
        var failed = Given(null, new ReferralDeliveryFailed(Id, Attempt, "webhook answered 500", 3, Now));
        Assert.Null(failed.PendingDeliveryAttempt);
        var again = ReferralSteps.Decide(failed, new RedeliverReferral(2), UrumqiOfficer, Guid.NewGuid(), Now);
        Assert.Equal(ReferralStatus.Sent, Given(null, new ReferralDeliveryFailed(Id, Attempt, "x", 3, Now), again).Status);
        Refusal.Refused("not_failed", () => ReferralSteps.Decide(Given(null, Delivered()), new RedeliverReferral(2), UrumqiOfficer, Guid.NewGuid(), Now));
    }

    // ---------------------------------------------------------------- reply clock

    private static readonly DateOnly Due = Clock.D(2026, 3, 4);
    private static readonly DateTimeOffset EndOfDueDay = new(2026, 3, 4, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_reply_clock_raises_ReplyOverdue_once_after_the_due_day_without_acknowledgement()
    {
        var r = Given(null, Delivered());
        var check = new ReferralReplyCheck(Id, Due);
        Assert.Equal(EndOfDueDay, ReferralClock.OverdueAt(Due));
        Assert.Empty(ReferralClock.Decide(r, check, EndOfDueDay.AddSeconds(-1)));
        var overdue = Assert.IsType<ReplyOverdue>(Assert.Single(ReferralClock.Decide(r, check, EndOfDueDay)));
        Assert.Empty(ReferralClock.Decide(Given(null, Delivered(), overdue), check, EndOfDueDay.AddHours(1)));
        Assert.Empty(ReferralClock.Decide(Given(null, Delivered(), Acknowledged()), check, EndOfDueDay));
        Assert.Empty(ReferralClock.Decide(Given(null, Delivered(), new ReferralClosed(Id, "撤回", "urumqi.officer", Now)), check, EndOfDueDay));
        Assert.Empty(ReferralClock.Decide(r, new ReferralReplyCheck(Id, Due.AddDays(-1)), EndOfDueDay)); // a stale timer
    }

    [Fact]
    public void An_acknowledgement_after_the_lapse_but_before_the_timer_records_the_lapse_first()
    {
        var r = Given(null, Delivered());
        var events = ReferralSteps.Decide(r, new AcknowledgeReferral(2), KashgarOfficer, EndOfDueDay.AddHours(2));
        Assert.IsType<ReplyOverdue>(events[0]);
        Assert.IsType<ReferralAcknowledged>(events[1]);
        Assert.Null(ReferralClock.Lapsed(r, EndOfDueDay.AddSeconds(-1)));
    }

    // ---------------------------------------------------------------- register and payload

    [Fact]
    public void The_register_has_every_archives_department_internal_and_webhooks_only_with_url_and_secret()
    {
        var cfg = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Referrals:Webhooks:police-650100"] = "https://police.example/referrals",
            ["Referrals:WebhookSecrets:police-650100"] = "s3cret",
            ["Referrals:Webhooks:police-653100"] = "https://police.example/kashgar", // no secret: by letter
        }).Build();
        var register = ReceivingDepartments.Build(cfg);
        Assert.All(JurisdictionCatalogue.All, j => Assert.Contains(register, d => d.Id == $"archives-{j.Id}" && d.Delivery == DeliveryMethod.Internal));
        Assert.Equal(register.Count, register.Select(d => d.Id).Distinct().Count());
        var police = register.Single(d => d.Id == "police-650100");
        Assert.Equal(("乌鲁木齐市公安局", DeliveryMethod.Webhook, "s3cret"), (police.Name, police.Delivery, police.WebhookSecret));
        Assert.Equal(DeliveryMethod.Letter, register.Single(d => d.Id == "police-653100").Delivery);
        Assert.Equal(DeliveryMethod.Letter, register.Single(d => d.Id == "discipline-650100").Delivery);
        Assert.Equal("乌鲁木齐市市场监督管理局", register.Single(d => d.Id == "market-650100").Name);
    }

    [Fact]
    public void The_webhook_signature_is_HMAC_SHA256_of_the_raw_body()
    {
        // The well-known example vector (Wikipedia, HMAC): key "key", "The quick brown fox jumps over the lazy dog".
        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            ReferralPayload.Sign("The quick brown fox jumps over the lazy dog"u8.ToArray(), "key"));
        var json = System.Text.Encoding.UTF8.GetString(ReferralPayload.Build(Given(), Attempt));
        Assert.Contains("\"kind\":\"case_transfer\"", json);
        Assert.Contains("乌档责改〔2026〕1号", json);
    }
}
