using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;
using static Supervision.Tests.TestSupport.ComplaintEvents;

namespace Supervision.Tests.Complaints;

/// <summary>Given complaint events, when a command, then events or a refusal (Art. 41; R10–R13).</summary>
public class ComplaintDeciderTests
{
    private static readonly DateTimeOffset Now = Clock.Now;            // Thu 2026-02-12 10:00 Beijing
    private static readonly Guid NewId = Guid.Parse("0197a000-0000-7000-8000-00000000c0ff");
    private static readonly Jurisdiction Urumqi = JurisdictionCatalogue.Find("650100")!;
    private static readonly PersonalDataProtector Protector = new(new EphemeralDataProtectionProvider());

    private static readonly Actor Handler = ComplaintActors.UrumqiHandler;
    private static readonly Actor OtherHandler = ComplaintActors.UrumqiHandler2;
    private static readonly Actor Leader = ComplaintActors.UrumqiLeader;
    private static readonly Actor Inspector = ComplaintActors.UrumqiInspector;

    private static DateOnly D(int y, int m, int d) => Clock.D(y, m, d);

    /// <summary>A valid resident ID number (born 1990-03-07) and the same number with a wrong check character.</summary>
    private static readonly string ValidId = ResidentId.WithCheckChar("65010219900307123");
    private static readonly string WrongCheckCharId = ValidId[..17] + (ValidId[17] == '0' ? '1' : '0');

    // ================================================================ registration (R10, R12)

    private static ComplainantIdentity Person(string? name = "张三", string? id = null, string? phone = "13912345678", string? email = null, string? address = null) =>
        new(name, id, phone, email, address);

    private static RegisterComplaint Register(
        ComplainantIdentity? complainant = null, bool? anonymous = false, DateTimeOffset? receivedAt = null, bool noReceivedAt = false,
        ComplaintChannel? channel = ComplaintChannel.Letter, string? allegation = "  档案馆擅自销毁未到保管期限的档案  ", string? unitName = null,
        string? requestedOutcome = "依法查处") =>
        new(channel, noReceivedAt ? null : receivedAt ?? Now, anonymous, complainant ?? Person(), null, unitName ?? "乌鲁木齐市某公司", null,
            allegation, requestedOutcome);

    private static ComplaintReceived DecideRegistration(RegisterComplaint c, Actor? actor = null, bool publicIntake = false, SupervisedUnit? unit = null,
        Jurisdiction? jurisdiction = null, Func<ComplainantIdentity, string>? protect = null, DateTimeOffset? now = null) =>
        RegisterComplaintEndpoint.Decide(c, publicIntake ? null : actor ?? Handler, unit, jurisdiction ?? Urumqi, NewId, "TS6501002026000001",
            protect ?? Protector.Protect, publicIntake ? "QUERYHASH" : null, now ?? Now);

    [Fact]
    public void Registration_records_the_complaint_with_acceptance_due_in_15_and_handling_in_60_days_of_the_Beijing_receipt_date()
    {
        var receivedAt = new DateTimeOffset(2026, 2, 10, 3, 0, 0, TimeSpan.Zero); // Tue 2026-02-10 11:00 Beijing
        var e = DecideRegistration(Register(receivedAt: receivedAt));

        Assert.Equal(NewId, e.ComplaintId);
        Assert.Equal("TS6501002026000001", e.ReceiptNumber);
        Assert.Equal(ComplaintChannel.Letter, e.Channel);
        Assert.Equal(receivedAt, e.ReceivedAt);
        Assert.False(e.Anonymous);
        Assert.Null(e.UnitId);
        Assert.Equal("乌鲁木齐市某公司", e.UnitName);
        Assert.Equal("650100", e.JurisdictionId);
        Assert.Equal(Paths.Urumqi, e.JurisdictionPath);
        Assert.Equal("档案馆擅自销毁未到保管期限的档案", e.Allegation);
        Assert.Equal("依法查处", e.RequestedOutcome);
        Assert.Null(e.QueryCodeHash);
        Assert.Equal(D(2026, 2, 25), e.AcceptanceDueOn);   // 02-10 + 15
        // 02-10 + 60 = Saturday 04-11: the period ends on the next working day, Monday 04-13 (Civil Code Art. 203).
        Assert.Equal((D(2026, 4, 13), D(2026, 4, 11)), (e.HandlingDueOn, e.HandlingStatutoryOn));
        Assert.Equal(D(2026, 2, 25), e.AcceptanceStatutoryOn); // a working day: nothing moves
        Assert.Equal(Handler.UserName, e.RegisteredBy);
        Assert.Equal(Now, e.RegisteredAt);

        var c = Given.Complaint(e);
        Assert.Equal(ComplaintStatus.Received, c.Status);
        Assert.Null(c.Decision);
        Assert.Equal(1, c.Version);
    }

    [Fact]
    public void A_registered_unit_gives_its_id_and_name()
    {
        var e = DecideRegistration(Register(unitName: "ignored"), unit: TestUnits.Urumqi);
        Assert.Equal(TestUnits.Urumqi.Id, e.UnitId);
        Assert.Equal(TestUnits.Urumqi.Name, e.UnitName);
    }

    [Fact]
    public void A_receipt_late_in_the_UTC_day_counts_from_the_next_Beijing_day()
    {
        var lateUtc = new DateTimeOffset(2026, 2, 12, 16, 30, 0, TimeSpan.Zero);    // Fri 2026-02-13 00:30 Beijing
        var e = DecideRegistration(Register(receivedAt: lateUtc), now: lateUtc.AddHours(1));
        Assert.Equal(D(2026, 2, 28), e.AcceptanceDueOn);
        Assert.Equal(D(2026, 4, 14), e.HandlingDueOn);

        var beforeMidnight = new DateTimeOffset(2026, 2, 12, 15, 59, 0, TimeSpan.Zero); // Thu 2026-02-12 23:59 Beijing
        var same = DecideRegistration(Register(receivedAt: beforeMidnight), now: lateUtc.AddHours(1));
        Assert.Equal(D(2026, 2, 27), same.AcceptanceDueOn);
        Assert.Equal(D(2026, 4, 13), same.HandlingDueOn);
    }

    [Fact]
    public void Public_intake_is_registered_by_public_with_the_query_code_hash()
    {
        var e = DecideRegistration(Register(channel: ComplaintChannel.Online), publicIntake: true);
        Assert.Equal("public", e.RegisteredBy);
        Assert.Equal("QUERYHASH", e.QueryCodeHash);
        Assert.Equal(ComplaintChannel.Online, e.Channel);
    }

    [Fact]
    public void A_blank_requested_outcome_is_not_recorded() =>
        Assert.Null(DecideRegistration(Register(requestedOutcome: "   ")).RequestedOutcome);

    [Theory]
    [InlineData("zhang@example.cn", null, null, "Email")]
    [InlineData(null, "13912345678", null, "Sms,Phone")]
    [InlineData(null, "199 1234 5678", null, "Sms,Phone")]            // spaces removed
    [InlineData(null, "0991-4567890", null, "Phone")]                 // landline: no SMS
    [InlineData(null, "09914567890", null, "Phone")]
    [InlineData(null, null, "乌鲁木齐市天山区解放北路1号", "Letter")]
    [InlineData("zhang@example.cn", "13912345678", "乌鲁木齐市天山区解放北路1号", "Email,Sms,Phone,Letter")]
    [InlineData(null, null, null, "")]                                // a name only: nobody to write to
    public void Contact_channels_follow_from_what_the_complainant_left(string? email, string? phone, string? address, string expected)
    {
        var e = DecideRegistration(Register(Person(phone: phone, email: email, address: address)));
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(',').Select(Enum.Parse<NotificationChannel>).ToArray(), e.ContactChannels);
    }

    [Fact]
    public void An_anonymous_complaint_without_any_data_stores_no_identity_and_has_no_channel()
    {
        var e = DecideRegistration(Register(new ComplainantIdentity(" ", null, "", null, null), anonymous: true),
            protect: _ => throw new Xunit.Sdk.XunitException("nothing to protect"));

        Assert.True(e.Anonymous);
        Assert.Null(e.ProtectedComplainant);
        Assert.Empty(e.ContactChannels);
    }

    [Fact]
    public void An_anonymous_complaint_without_a_complainant_object_is_accepted_too()
    {
        var c = new RegisterComplaint(ComplaintChannel.Phone, Now, true, null, null, "某公司", null, "销毁档案", null);
        var e = DecideRegistration(c, protect: _ => throw new Xunit.Sdk.XunitException("nothing to protect"));
        Assert.Null(e.ProtectedComplainant);
        Assert.Empty(e.ContactChannels);
    }

    [Fact]
    public void An_anonymous_complaint_with_a_phone_number_keeps_it_encrypted_and_can_be_told_by_phone()
    {
        var e = DecideRegistration(Register(Person(name: null), anonymous: true));
        Assert.True(e.Anonymous);
        Assert.NotNull(e.ProtectedComplainant);
        Assert.Equal([NotificationChannel.Sms, NotificationChannel.Phone], e.ContactChannels);
        Assert.Equal(new ComplainantIdentity(null, null, "13912345678", null, null), Protector.Unprotect(e.ProtectedComplainant));
    }

    [Fact]
    public void The_identity_is_in_the_event_only_encrypted_and_round_trips()
    {
        var e = DecideRegistration(Register(new ComplainantIdentity("  张三 ", ValidId, "13912345678", "zhang@example.cn", "乌鲁木齐市天山区解放北路1号")));

        Assert.NotNull(e.ProtectedComplainant);
        foreach (var clear in new[] { "张三", ValidId, "13912345678", "zhang@example.cn", "解放北路" })
            Assert.DoesNotContain(clear, e.ProtectedComplainant);
        Assert.Equal(new ComplainantIdentity("张三", ValidId, "13912345678", "zhang@example.cn", "乌鲁木齐市天山区解放北路1号"),
            Protector.Unprotect(e.ProtectedComplainant));
        // Nothing else in the event carries it.
        Assert.DoesNotContain("张三", e.ToString().Replace(e.ProtectedComplainant!, ""));
        Assert.DoesNotContain("13912345678", e.ToString().Replace(e.ProtectedComplainant!, ""));
    }

    [Fact]
    public void A_lower_case_x_check_character_is_stored_upper_case()
    {
        // Find a sequence number whose check character is X.
        var withX = Enumerable.Range(100, 900).Select(n => ResidentId.WithCheckChar($"65010219900307{n}")).First(id => id[17] == 'X');
        var e = DecideRegistration(Register(Person(id: withX.ToLowerInvariant())));
        Assert.Equal(withX, Protector.Unprotect(e.ProtectedComplainant).IdNumber);
    }

    // ---------------------------------------------------------------- registration refusals

    [Fact]
    public void Registration_without_allegation_is_refused() =>
        Refusal.Invalid("field_required", () => DecideRegistration(Register(allegation: "  ")), "allegation");

    [Fact]
    public void Registration_without_channel_is_refused()
    {
        Refusal.Invalid("field_required", () => DecideRegistration(Register(channel: null)), "channel");
        Refusal.Invalid("field_required", () => DecideRegistration(Register(channel: (ComplaintChannel)42)), "channel");
    }

    [Fact]
    public void Registration_without_unit_name_or_unit_is_refused() =>
        Refusal.Invalid("field_required", () => DecideRegistration(new RegisterComplaint(ComplaintChannel.Letter, Now, false, Person(), null, " ", null, "销毁档案", null)), "unitName");

    [Fact]
    public void A_receipt_date_in_the_future_is_refused_beyond_five_minutes_of_clock_skew()
    {
        Refusal.Invalid("invalid_received_at", () => DecideRegistration(Register(receivedAt: Now.AddMinutes(5).AddSeconds(1))), "receivedAt");
        Assert.Equal(Now.AddMinutes(5), DecideRegistration(Register(receivedAt: Now.AddMinutes(5))).ReceivedAt);
    }

    [Fact]
    public void A_receipt_more_than_a_year_ago_is_refused()
    {
        Refusal.Invalid("invalid_received_at", () => DecideRegistration(Register(receivedAt: Now.AddYears(-1).AddMinutes(-1))), "receivedAt");
        Assert.Equal(Now.AddYears(-1), DecideRegistration(Register(receivedAt: Now.AddYears(-1))).ReceivedAt);
    }

    [Fact]
    public void A_missing_receipt_date_is_refused() =>
        Refusal.Invalid("invalid_received_at", () => DecideRegistration(Register(noReceivedAt: true)), "receivedAt");

    [Theory]
    [InlineData("12912345678")]      // no mobile prefix 12x
    [InlineData("1391234567")]       // 10 digits
    [InlineData("+8613912345678")]
    [InlineData("991-4567890")]      // landline without trunk 0
    [InlineData("abc")]
    public void A_malformed_phone_number_is_refused_without_repeating_it(string phone)
    {
        var v = Refusal.Invalid("invalid_phone", () => DecideRegistration(Register(Person(phone: phone))), "complainant.phone");
        Assert.DoesNotContain(phone, v.Message);
    }

    /// <summary>
    /// The phone patterns use <c>\d</c>, which in .NET matches any Unicode decimal digit, so a number typed
    /// partly with full-width (IME) or other non-ASCII digits passes, is stored, and is offered for SMS and
    /// phone although no gateway can dial it. ResidentId guards against exactly this (char.IsAsciiDigit).
    /// </summary>
    [Theory]
    [InlineData("13\uFF1912345678")]     // full-width ９
    [InlineData("0991-\uFF14567890")]    // full-width ４
    [InlineData("1391234\u0665678")]     // Arabic-Indic ٥
    public void A_phone_number_with_non_ASCII_digits_is_refused(string phone) =>
        Refusal.Invalid("invalid_phone", () => DecideRegistration(Register(Person(phone: phone))), "complainant.phone");

    [Theory]
    [InlineData("zhang@")]
    [InlineData("zhang@example")]          // no dot in the domain
    [InlineData("张三 <zhang@example.cn>")] // a display name is not an address
    [InlineData("zhang.example.cn")]
    public void A_malformed_email_is_refused(string email)
    {
        var v = Refusal.Invalid("invalid_email", () => DecideRegistration(Register(Person(email: email))), "complainant.email");
        Assert.DoesNotContain(email, v.Message);
    }

    [Fact]
    public void An_id_number_with_a_wrong_check_character_is_refused()
    {
        Assert.True(ResidentId.IsValid(ValidId, Clock.Today));
        var v = Refusal.Invalid("invalid_id_number", () => DecideRegistration(Register(Person(id: WrongCheckCharId))), "complainant.idNumber");
        Assert.DoesNotContain(WrongCheckCharId, v.Message);
        Assert.NotNull(DecideRegistration(Register(Person(id: ValidId))).ProtectedComplainant);
    }

    [Fact]
    public void An_id_number_born_after_today_is_refused() =>
        Refusal.Invalid("invalid_id_number", () => DecideRegistration(Register(Person(id: ResidentId.WithCheckChar("65010220300101123")))), "complainant.idNumber");

    [Fact]
    public void A_named_complaint_without_a_name_is_refused()
    {
        Refusal.Invalid("field_required", () => DecideRegistration(Register(Person(name: "  "), anonymous: false)), "complainant.name");
        Refusal.Invalid("field_required", () => DecideRegistration(Register(Person(name: null), anonymous: null)), "complainant.name"); // not anonymous by default
        Refusal.Invalid("field_required", () => DecideRegistration(new RegisterComplaint(ComplaintChannel.Letter, Now, false, null, null, "某公司", null, "销毁档案", null)), "complainant.name");
    }

    [Fact]
    public void An_inspector_may_not_register_a_complaint() =>
        Refusal.Forbidden(() => DecideRegistration(Register(), actor: Inspector));

    [Fact]
    public void A_leader_may_register_a_complaint() =>
        Assert.Equal(Leader.UserName, DecideRegistration(Register(), actor: Leader).RegisteredBy);

    [Fact]
    public void Nobody_registers_into_a_jurisdiction_outside_their_own() =>
        Refusal.NotFound(() => DecideRegistration(Register(), actor: ComplaintActors.KashgarHandler));

    // ---------------------------------------------------------------- where it is handled

    [Fact]
    public void A_registered_unit_is_handled_in_its_own_jurisdiction()
    {
        Assert.Equal("650102", RegisterComplaintEndpoint.ResolveJurisdiction(TestUnits.Tianshan.Id, TestUnits.Tianshan, "653100", Handler).Id);
        Assert.Equal("653100", RegisterComplaintEndpoint.ResolveJurisdiction(TestUnits.Kashgar.Id, TestUnits.Kashgar, null, Actors.RegionLeader).Id);
        Assert.Equal("650100", RegisterComplaintEndpoint.ResolveJurisdiction(TestUnits.Urumqi.Id, TestUnits.Urumqi, null, null).Id); // public intake
    }

    [Fact]
    public void An_unknown_unit_is_refused() =>
        Refusal.Invalid("unknown_unit", () => RegisterComplaintEndpoint.ResolveJurisdiction(Guid.NewGuid(), null, "650100", Handler), "unitId");

    [Fact]
    public void A_unit_outside_the_actors_jurisdiction_looks_unknown() =>
        Refusal.Invalid("unknown_unit", () => RegisterComplaintEndpoint.ResolveJurisdiction(TestUnits.Urumqi.Id, TestUnits.Urumqi, null, ComplaintActors.KashgarHandler), "unitId");

    [Fact]
    public void Without_a_registered_unit_the_named_jurisdiction_or_the_actors_own_is_used()
    {
        Assert.Equal("650102", RegisterComplaintEndpoint.ResolveJurisdiction(null, null, "650102", Handler).Id);
        Assert.Equal("650100", RegisterComplaintEndpoint.ResolveJurisdiction(null, null, null, Handler).Id);
        Assert.Equal("653100", RegisterComplaintEndpoint.ResolveJurisdiction(null, null, "653100", null).Id); // public intake names it
    }

    [Fact]
    public void A_named_jurisdiction_outside_the_actors_is_not_found() =>
        Refusal.NotFound(() => RegisterComplaintEndpoint.ResolveJurisdiction(null, null, "653100", Handler));

    [Fact]
    public void Public_intake_must_name_an_existing_jurisdiction()
    {
        Refusal.Invalid("unknown_jurisdiction", () => RegisterComplaintEndpoint.ResolveJurisdiction(null, null, null, null), "jurisdictionId");
        Refusal.Invalid("unknown_jurisdiction", () => RegisterComplaintEndpoint.ResolveJurisdiction(null, null, "659999", null), "jurisdictionId");
    }

    // ================================================================ acceptance (R10)

    private static IReadOnlyList<object> Accept(Complaint c, AcceptanceDecision? decision, string? transferTo = null, Actor? actor = null, long? version = null,
        string? reason = "属于本局管辖") =>
        ComplaintSteps.Decide(c, new DecideAcceptance(version ?? c.Version, decision, reason, transferTo), actor ?? Handler, "乌档受告〔2026〕3号", Now);

    [Fact]
    public void Accepting_records_only_the_decision_with_its_notice_number()
    {
        var c = Given.Complaint(Received());
        var e = Assert.IsType<AcceptanceDecided>(Assert.Single(Accept(c, AcceptanceDecision.Accepted, transferTo: "ignored")));

        Assert.Equal(new AcceptanceDecided(ComplaintId, AcceptanceDecision.Accepted, "属于本局管辖", null, "乌档受告〔2026〕3号", Handler.UserName, Now), e);
        c.Apply(e);
        Assert.Equal(ComplaintStatus.Accepted, c.Status);
        Assert.Equal("乌档受告〔2026〕3号", c.AcceptanceNoticeNumber);
    }

    [Fact]
    public void Not_accepting_closes_the_complaint()
    {
        var c = Given.Complaint(Received());
        var events = Accept(c, AcceptanceDecision.NotAccepted, reason: "不属于档案违法行为");

        Assert.Equal(2, events.Count);
        var decided = Assert.IsType<AcceptanceDecided>(events[0]);
        Assert.Equal(AcceptanceDecision.NotAccepted, decided.Decision);
        Assert.Null(decided.TransferTo);
        Assert.Equal(new ComplaintClosed(ComplaintId, "不予受理", Now), Assert.IsType<ComplaintClosed>(events[1]));

        c.Apply(decided); c.Apply((ComplaintClosed)events[1]);
        Assert.True(c.IsClosed);
        Assert.Equal(AcceptanceDecision.NotAccepted, c.Decision);
    }

    [Fact]
    public void Transferring_names_the_receiving_authority_and_closes_the_complaint()
    {
        var events = Accept(Given.Complaint(Received()), AcceptanceDecision.Transferred, transferTo: "  乌鲁木齐市市场监督管理局 ", reason: "不属于本局职责");

        Assert.Equal(2, events.Count);
        var decided = Assert.IsType<AcceptanceDecided>(events[0]);
        Assert.Equal(AcceptanceDecision.Transferred, decided.Decision);
        Assert.Equal("乌鲁木齐市市场监督管理局", decided.TransferTo);
        Assert.Equal("已转送乌鲁木齐市市场监督管理局", Assert.IsType<ComplaintClosed>(events[1]).Reason);
    }

    [Fact]
    public void Transferring_without_saying_where_is_refused() =>
        Refusal.Invalid("field_required", () => Accept(Given.Complaint(Received()), AcceptanceDecision.Transferred, transferTo: " "), "transferTo");

    [Fact]
    public void An_acceptance_decision_needs_a_decision_and_a_reason()
    {
        Refusal.Invalid("field_required", () => Accept(Given.Complaint(Received()), null), "decision");
        Refusal.Invalid("field_required", () => Accept(Given.Complaint(Received()), (AcceptanceDecision)9), "decision");
        Refusal.Invalid("field_required", () => Accept(Given.Complaint(Received()), AcceptanceDecision.Accepted, reason: ""), "reason");
    }

    [Fact]
    public void Acceptance_is_decided_once() =>
        Refusal.Refused("acceptance_already_decided", () => Accept(Given.Complaint(Received(), Accepted()), AcceptanceDecision.Accepted));

    [Fact]
    public void An_inspector_may_not_decide_acceptance() =>
        Refusal.Forbidden(() => Accept(Given.Complaint(Received()), AcceptanceDecision.Accepted, actor: Inspector));

    [Fact]
    public void Another_jurisdiction_does_not_see_the_complaint() =>
        Refusal.NotFound(() => Accept(Given.Complaint(Received()), AcceptanceDecision.Accepted, actor: ComplaintActors.KashgarHandler));

    [Fact]
    public void A_leader_above_may_decide_acceptance() =>
        Assert.Equal(Actors.RegionLeader.UserName, Assert.IsType<AcceptanceDecided>(Assert.Single(
            Accept(Given.Complaint(Received()), AcceptanceDecision.Accepted, actor: Actors.RegionLeader))).DecidedBy);

    // ================================================================ assignment

    private static ComplaintAssigned Assign(Complaint c, AppUser? handler, Actor? actor = null, long? version = null) =>
        ComplaintSteps.Decide(c, new AssignComplaint(version ?? c.Version, handler?.Id), actor ?? Leader, handler, Now);

    [Fact]
    public void An_accepted_complaint_is_assigned_to_a_complaint_handler_of_its_jurisdiction()
    {
        var c = Given.Complaint(Received(), Accepted());
        var e = Assign(c, ComplaintStaff.UrumqiHandler);

        Assert.Equal(new ComplaintAssigned(ComplaintId, "urumqi.handler1", Leader.UserName, Now), e);
        c.Apply(e);
        Assert.Equal("urumqi.handler1", c.HandlerId);
    }

    [Fact]
    public void A_handler_may_assign_a_colleague() =>
        Assert.Equal("urumqi.handler2", Assign(Given.Complaint(Received(), Accepted()), ComplaintStaff.UrumqiHandler2, actor: Handler).HandlerId);

    [Fact]
    public void Only_a_complaint_handler_of_the_jurisdiction_can_be_assigned()
    {
        var c = Given.Complaint(Received(), Accepted());
        Refusal.Invalid("invalid_handler", () => Assign(c, Staff.UrumqiInspector1), "handlerId");      // wrong role
        Refusal.Invalid("invalid_handler", () => Assign(c, Staff.UrumqiLeader), "handlerId");          // a leader is not a handler
        Refusal.Invalid("invalid_handler", () => Assign(c, ComplaintStaff.TianshanHandler), "handlerId"); // a district below
        Refusal.Invalid("invalid_handler", () => Assign(c, ComplaintStaff.KashgarHandler), "handlerId");  // elsewhere
        Refusal.Invalid("invalid_handler", () => Assign(c, null), "handlerId");                          // no such user
    }

    [Fact]
    public void A_complaint_is_assigned_only_after_acceptance() =>
        Refusal.Refused("complaint_not_in_handling", () => Assign(Given.Complaint(Received()), ComplaintStaff.UrumqiHandler));

    [Fact]
    public void A_concluded_complaint_is_not_reassigned() =>
        Refusal.Refused("complaint_not_in_handling", () => Assign(Given.Complaint(Received(), Accepted(), Assigned(), Concluded()), ComplaintStaff.UrumqiHandler2));

    [Fact]
    public void An_inspector_may_not_assign() =>
        Refusal.Forbidden(() => Assign(Given.Complaint(Received(), Accepted()), ComplaintStaff.UrumqiHandler, actor: Inspector));

    // ================================================================ notes, linked inspections, conclusion

    private static InvestigationNoteAdded Note(Complaint c, Actor actor, string? note = "  已调取销毁清册  ", long? version = null) =>
        ComplaintSteps.Decide(c, new AddInvestigationNote(version ?? c.Version, note), actor, Now);

    private static InspectionLinked Link(Complaint c, Actor actor, Inspection? inspection) =>
        ComplaintSteps.Decide(c, new LinkInspection(c.Version, inspection?.Id), actor, inspection, Now);

    private static ComplaintConcluded Conclude(Complaint c, Actor actor, bool? substantiated = true, string? findings = "确有擅自销毁档案 12 卷",
        string? result = "责令限期改正") =>
        ComplaintSteps.Decide(c, new ConcludeComplaint(c.Version, substantiated, findings, result), actor, Now);

    private static Complaint InHandling() => Given.Complaint(Received(), Accepted(), Assigned(Handler));

    [Fact]
    public void The_assigned_handler_adds_a_note()
    {
        var c = InHandling();
        var e = Note(c, Handler);
        Assert.Equal(new InvestigationNoteAdded(ComplaintId, "已调取销毁清册", Handler.UserName, Now), e);
        c.Apply(e);
        Assert.Equal([new CaseNote("已调取销毁清册", Handler.UserName, Now)], c.Notes);
    }

    [Fact]
    public void A_leader_adds_a_note_without_being_assigned()
    {
        Assert.Equal(Leader.UserName, Note(Given.Complaint(Received(), Accepted()), Leader).AddedBy);
        Assert.Equal(Actors.RegionLeader.UserName, Note(InHandling(), Actors.RegionLeader).AddedBy);
    }

    [Fact]
    public void Another_handler_may_not_add_notes_link_or_conclude()
    {
        var c = InHandling();
        var inspection = Given.Inspection(InspectionEvents.Planned());
        Refusal.Forbidden(() => Note(c, OtherHandler));
        Refusal.Forbidden(() => Link(c, OtherHandler, inspection));
        Refusal.Forbidden(() => Conclude(c, OtherHandler));
    }

    [Fact]
    public void A_handler_of_an_unassigned_complaint_may_not_work_on_it() =>
        Refusal.Forbidden(() => Note(Given.Complaint(Received(), Accepted()), Handler));

    [Fact]
    public void An_inspector_may_not_add_notes() =>
        Refusal.Forbidden(() => Note(InHandling(), Inspector));

    [Fact]
    public void An_empty_note_is_refused() =>
        Refusal.Invalid("field_required", () => Note(InHandling(), Handler, note: " "), "note");

    [Fact]
    public void Notes_need_an_accepted_unconcluded_complaint()
    {
        Refusal.Refused("complaint_not_in_handling", () => Note(Given.Complaint(Received()), Leader));
        Refusal.Refused("complaint_not_in_handling", () => Note(Given.Complaint(Received(), Accepted(), Assigned(), Concluded()), Handler));
    }

    [Fact]
    public void The_assigned_handler_links_an_inspection_of_the_jurisdiction_once()
    {
        var c = InHandling();
        var inspection = Given.Inspection(InspectionEvents.Planned());
        var e = Link(c, Handler, inspection);
        Assert.Equal(new InspectionLinked(ComplaintId, InspectionEvents.InspectionId, Handler.UserName, Now), e);

        c.Apply(e); c.Version++;
        Assert.Equal([InspectionEvents.InspectionId], c.InspectionIds);
        Refusal.Invalid("already_linked", () => Link(c, Handler, inspection), "inspectionId");
    }

    [Fact]
    public void An_unknown_or_foreign_inspection_is_not_linked()
    {
        Refusal.Invalid("unknown_inspection", () => Link(InHandling(), Handler, null), "inspectionId");
        Refusal.Invalid("unknown_inspection", () => Link(InHandling(), Handler, Given.Inspection(InspectionEvents.Planned(TestUnits.Kashgar))), "inspectionId");
    }

    [Fact]
    public void The_assigned_handler_concludes()
    {
        var c = InHandling();
        var e = Conclude(c, Handler, substantiated: false, findings: " 未发现销毁行为 ", result: " 不予处理 ");
        Assert.Equal(new ComplaintConcluded(ComplaintId, false, "未发现销毁行为", "不予处理", Handler.UserName, Now), e);

        c.Apply(e);
        Assert.Equal(ComplaintStatus.Concluded, c.Status);
        Assert.False(c.Substantiated);
    }

    [Fact]
    public void A_conclusion_needs_substantiated_findings_and_result()
    {
        Refusal.Invalid("field_required", () => Conclude(InHandling(), Handler, substantiated: null), "substantiated");
        Refusal.Invalid("field_required", () => Conclude(InHandling(), Handler, findings: ""), "findings");
        Refusal.Invalid("field_required", () => Conclude(InHandling(), Handler, result: null), "result");
    }

    [Fact]
    public void A_complaint_is_concluded_once() =>
        Refusal.Refused("complaint_not_in_handling", () => Conclude(Given.Complaint(Received(), Accepted(), Assigned(), Concluded()), Handler));

    // ================================================================ extension (R11)

    private static HandlingExtended Extend(Complaint c, Actor? actor = null, int? days = 20, string? reason = "需现场检查", DateTimeOffset? now = null, long? version = null) =>
        ComplaintSteps.Decide(c, new ExtendHandling(version ?? c.Version, days, reason), actor ?? Leader, now ?? Now);

    [Fact]
    public void A_leader_extends_the_handling_period_from_the_old_due_date()
    {
        var c = InHandling();
        var e = Extend(c, days: 20);

        // 04-13 + 20 = Sunday 05-03, inside the May Day holiday (1–5 May): it ends on Wednesday 05-06 (Civil Code Art. 203).
        Assert.Equal(new HandlingExtended(ComplaintId, D(2026, 4, 13), D(2026, 5, 6), "需现场检查", Leader.UserName, Now, D(2026, 5, 3)), e);
        c.Apply(e);
        Assert.Equal((D(2026, 5, 6), D(2026, 5, 3)), (c.HandlingDueOn, c.HandlingStatutoryOn));
        Assert.True(c.Extended);
    }

    [Fact]
    public void Without_days_the_extension_is_the_maximum_of_30_days() =>
        Assert.Equal(D(2026, 5, 13), Extend(InHandling(), days: null).NewDueOn);

    [Fact]
    public void The_extension_is_1_to_30_days()
    {
        Assert.Equal(D(2026, 5, 13), Extend(InHandling(), days: 30).NewDueOn);
        Assert.Equal(D(2026, 4, 14), Extend(InHandling(), days: 1).NewDueOn);
        Refusal.Invalid("invalid_extension_days", () => Extend(InHandling(), days: 31), "days");
        Refusal.Invalid("invalid_extension_days", () => Extend(InHandling(), days: 0), "days");
        Refusal.Invalid("invalid_extension_days", () => Extend(InHandling(), days: -5), "days");
    }

    [Fact]
    public void An_extension_needs_a_reason() =>
        Refusal.Invalid("field_required", () => Extend(InHandling(), reason: "  "), "reason");

    [Fact]
    public void Only_a_leader_extends()
    {
        Refusal.Forbidden(() => Extend(InHandling(), actor: Handler));
        Refusal.Forbidden(() => Extend(InHandling(), actor: Inspector));
    }

    [Fact]
    public void The_handling_period_is_extended_only_once() =>
        Refusal.Refused("already_extended", () => Extend(Given.Complaint(Received(), Accepted(), Assigned(), Extended(10))));

    [Fact]
    public void No_extension_once_the_handling_period_has_ended()
    {
        var endOfDueDay = new DateTimeOffset(2026, 4, 13, 16, 0, 0, TimeSpan.Zero); // 2026-04-14 00:00 Beijing
        Refusal.Refused("handling_deadline_passed", () => Extend(InHandling(), now: endOfDueDay));
        Refusal.Refused("handling_deadline_passed", () => Extend(InHandling(), now: endOfDueDay.AddDays(3)));
        Assert.Equal(D(2026, 5, 6), Extend(InHandling(), now: endOfDueDay.AddTicks(-1)).NewDueOn); // the last moment of the due day
    }

    [Fact]
    public void Only_an_accepted_unconcluded_complaint_is_extended()
    {
        Refusal.Refused("complaint_not_in_handling", () => Extend(Given.Complaint(Received())));
        Refusal.Refused("complaint_not_in_handling", () => Extend(Given.Complaint(Received(), Accepted(), Assigned(), Concluded())));
    }

    // ---------------------------------------------------------------- R11: the complainant is told the extension and why

    private static ExtensionNoticeIssued Notice(Complaint c, NotificationChannel? channel, string? notes = null, Guid? deliveryId = null)
    {
        var cmd = new ExtendHandling(c.Version, 20, "需现场检查", channel, notes);
        ComplaintSteps.Decide(c, cmd, Leader, Now);
        return ExtensionNotices.Decide(c, cmd.Channel, cmd.Notes, Leader, "乌档投延〔2026〕1号", new string('b', 64), deliveryId, Now);
    }

    [Fact]
    public void A_letter_or_a_phone_call_is_recorded_with_the_extension_and_its_proof()
    {
        var letter = Notice(InHandling(), NotificationChannel.Letter);
        Assert.Equal(NotificationChannel.Letter, letter.Channel);
        Assert.Null(letter.DeliveryId);
        Assert.Contains("乌档投延〔2026〕1号", letter.DeliveryProof);
        var phone = Notice(InHandling(), NotificationChannel.Phone, notes: "本人接听，已说明延期理由");
        Assert.Contains("本人接听，已说明延期理由", phone.DeliveryProof);
        Refusal.Invalid("field_required", () => Notice(InHandling(), NotificationChannel.Phone, notes: " "), "notes");
    }

    [Fact]
    public void An_sms_notice_goes_out_through_a_delivery_of_its_own()
    {
        var id = Guid.CreateVersion7();
        var sms = Notice(InHandling(), NotificationChannel.Sms, deliveryId: id);
        Assert.Equal(id, sms.DeliveryId);
        Assert.Null(sms.DeliveryProof); // the proof comes from the gateway, in the delivery's stream
    }

    [Fact]
    public void The_channel_must_be_one_the_complainant_left()
    {
        Refusal.Invalid("field_required", () => Notice(InHandling(), null), "channel");
        Refusal.Invalid("no_such_contact", () => Notice(InHandling(), NotificationChannel.Email), "channel"); // mobile and address only
        Refusal.Invalid("field_required", () => Notice(InHandling(), (NotificationChannel)42), "channel");
    }

    [Fact]
    public void Without_any_contact_the_notice_is_filed_and_says_why_nobody_was_told()
    {
        var c = Given.Complaint(ReceivedAnonymously(), Accepted(), Assigned(Handler));
        var filed = Notice(c, null);
        Assert.Null(filed.Channel);
        Assert.Contains("未留联系方式", filed.DeliveryProof);
        Refusal.Invalid("no_such_contact", () => Notice(c, NotificationChannel.Letter), "channel");
    }

    private static NoticeDelivery Delivery(NoticeDeliveryStatus status) => new()
    {
        Id = Guid.CreateVersion7(), ComplaintId = ComplaintId, NoticeNumber = "乌档投延〔2026〕1号", Channel = NotificationChannel.Sms,
        ContentHash = new string('c', 64), Status = status,
    };

    private static Complaint ExtendedBySms()
    {
        var c = InHandling();
        c.Apply(Extended(20));
        c.Apply(new ExtensionNoticeIssued(ComplaintId, "乌档投延〔2026〕1号", NotificationChannel.Sms, Guid.CreateVersion7(), null, new string('c', 64), Leader.UserName, Now));
        c.Version += 2;
        return c;
    }

    [Fact]
    public void After_a_failed_sms_the_extension_is_told_again_by_another_channel_with_the_same_notice()
    {
        var c = ExtendedBySms();
        var again = RetellExtensionEndpoint.Decide(c, new RetellExtension(c.Version, NotificationChannel.Phone, "本人接听"), Delivery(NoticeDeliveryStatus.Failed), Handler, null, Now);
        Assert.Equal(("乌档投延〔2026〕1号", NotificationChannel.Phone, new string('c', 64)), (again.NoticeNumber, again.Channel, again.ContentHash));
        Assert.Contains("本人接听", again.DeliveryProof);
    }

    [Fact]
    public void The_extension_is_told_again_only_after_a_failed_delivery()
    {
        var c = ExtendedBySms();
        RetellExtension Cmd() => new(c.Version, NotificationChannel.Letter, null);
        Refusal.Refused("notification_pending", () => RetellExtensionEndpoint.Decide(c, Cmd(), Delivery(NoticeDeliveryStatus.Sending), Handler, null, Now));
        Refusal.Refused("extension_notice_delivered", () => RetellExtensionEndpoint.Decide(c, Cmd(), Delivery(NoticeDeliveryStatus.Delivered), Handler, null, Now));
        Refusal.Refused("extension_notice_recorded", () => RetellExtensionEndpoint.Decide(c, Cmd(), null, Handler, null, Now));
        Refusal.Refused("not_extended", () => RetellExtensionEndpoint.Decide(InHandling(), new RetellExtension(3, NotificationChannel.Letter, null), null, Handler, null, Now));
        Refusal.Forbidden(() => RetellExtensionEndpoint.Decide(c, Cmd(), Delivery(NoticeDeliveryStatus.Failed), Inspector, null, Now));
    }

    [Fact]
    public void The_notice_states_the_receipt_number_both_deadlines_and_the_reason_and_nothing_of_the_complainant()
    {
        var c = InHandling();
        var department = JurisdictionCatalogue.Find("650100")!;
        var (subject, body) = ExtensionNotices.Content(c, department, D(2026, 4, 13), D(2026, 5, 3), "需现场检查。", D(2026, 4, 1));
        Assert.Contains(ReceiptNumber, subject);
        Assert.Contains("因需现场检查，", body);
        Assert.Contains("由2026年4月13日延长至2026年5月3日", body);
        Assert.DoesNotContain(ProtectedIdentity, body);
        c.Apply(new HandlingExtended(c.Id, D(2026, 4, 13), D(2026, 5, 3), "需现场检查。", Leader.UserName, Now));
        Assert.Equal(body, ExtensionNotices.Content(c, department, D(2026, 4, 1)).Body); // the same text from the case's state (for email/SMS)
    }

    // ================================================================ version and closed cases

    [Fact]
    public void A_stale_version_is_refused_with_the_current_version()
    {
        var c = InHandling(); // version 3
        Refusal.Stale(3, () => Note(c, Handler, version: 2));
        Refusal.Stale(3, () => Extend(c, version: 4));
        Refusal.Stale(3, () => Assign(c, ComplaintStaff.UrumqiHandler2, version: 1));
        Refusal.Stale(1, () => Accept(Given.Complaint(Received()), AcceptanceDecision.Accepted, version: 0));
    }

    [Fact]
    public void A_missing_version_is_refused()
    {
        var c = InHandling();
        Refusal.Invalid("version_required", () => ComplaintSteps.Decide(c, new AddInvestigationNote(null, "记录"), Handler, Now), "version");
        Refusal.Invalid("version_required", () => ComplaintSteps.Decide(Given.Complaint(Received()),
            new DecideAcceptance(null, AcceptanceDecision.Accepted, "理由", null), Handler, "N", Now), "version");
    }

    [Fact]
    public void Nothing_more_happens_on_a_closed_complaint()
    {
        var notAccepted = Given.Complaint(Received(), NotAccepted(), Closed("不予受理"));
        Refusal.Refused("complaint_closed", () => Accept(notAccepted, AcceptanceDecision.Accepted));
        Refusal.Refused("complaint_closed", () => Assign(notAccepted, ComplaintStaff.UrumqiHandler));
        Refusal.Refused("complaint_closed", () => Note(notAccepted, Leader));

        var told = Given.Complaint(Received(), Accepted(), Assigned(), Concluded(), Notified(), Closed());
        Refusal.Refused("complaint_closed", () => Note(told, Handler));
        Refusal.Refused("complaint_closed", () => Extend(told));
        Refusal.Refused("complaint_closed", () => Conclude(told, Handler));
    }

    // ================================================================ who may see the identity (R12)

    [Fact]
    public void The_assigned_handler_and_the_leader_of_the_handling_department_may_see_the_identity()
    {
        var c = InHandling();
        Assert.True(ComplaintSteps.MaySeeIdentity(c, Handler));
        Assert.True(ComplaintSteps.MaySeeIdentity(c, Leader));
    }

    [Fact]
    public void Nobody_else_sees_the_identity()
    {
        var c = InHandling();
        Assert.False(ComplaintSteps.MaySeeIdentity(c, OtherHandler));
        Assert.False(ComplaintSteps.MaySeeIdentity(c, Actors.RegionLeader));
        Assert.False(ComplaintSteps.MaySeeIdentity(c, Inspector));
        Assert.False(ComplaintSteps.MaySeeIdentity(c, Actors.KashgarLeader));
        Assert.False(ComplaintSteps.MaySeeIdentity(Given.Complaint(Received(), Accepted()), Handler)); // not assigned (yet)
    }

    // ================================================================ telling the complainant (Art. 41, R13)

    private static readonly DateTimeOffset TellAt = Now.AddDays(41);  // Wed 2026-03-25 10:00 Beijing

    private static Complaint ConcludedCase(NotificationChannel[]? contacts = null, params object[] more) =>
        Given.Complaint([Received(contacts), Accepted(), Assigned(Handler), Concluded(), .. more]);

    private static NotifyComplainant Tell(Complaint c, NotificationChannel? channel, string? notes = null, long? version = null) =>
        new(version ?? c.Version, channel, notes);

    private static void CheckCanNotify(Complaint c, NotificationChannel? channel, Actor? actor = null, string? notes = null) =>
        ComplainantNotifications.CheckCanNotify(c, Tell(c, channel, notes), actor ?? Handler);

    /// <summary>"Then allowed": the check passes (SMS and email go on through the outbox, so there is no event to look at here).</summary>
    private static void AllowedToNotify(Complaint c, NotificationChannel channel, Actor? actor = null) =>
        Assert.Null(Record.Exception(() => CheckCanNotify(c, channel, actor)));

    /// <summary>Letter and phone are recorded at once: the complainant is told by that channel and the case closes.</summary>
    private static void ToldAndClosed(Complaint c, NotificationChannel channel, Actor? actor = null)
    {
        var events = ComplainantNotifications.DecideImmediate(c, Tell(c, channel, "本人接听"), actor ?? Handler, new string('d', 64), "乌档结告〔2026〕5号", TellAt);
        Assert.Equal(channel, Assert.IsType<ComplainantNotified>(events[0]).Channel);
        Assert.IsType<ComplaintClosed>(events[1]);
    }

    [Fact]
    public void The_assigned_handler_or_a_leader_may_tell_the_complainant_by_any_channel_they_left()
    {
        var c = ConcludedCase();
        AllowedToNotify(c, NotificationChannel.Sms);
        ToldAndClosed(c, NotificationChannel.Letter);
        ToldAndClosed(c, NotificationChannel.Phone);
        AllowedToNotify(c, NotificationChannel.Sms, actor: Leader);
        ToldAndClosed(c, NotificationChannel.Letter, actor: Leader);
    }

    [Fact]
    public void Nothing_is_told_before_a_conclusion()
    {
        Refusal.Refused("not_concluded", () => CheckCanNotify(InHandling(), NotificationChannel.Sms));
        Refusal.Refused("not_concluded", () => CheckCanNotify(Given.Complaint(Received()), NotificationChannel.Sms, actor: Leader));
    }

    [Fact]
    public void Nothing_is_told_while_a_notification_is_being_delivered() =>
        Refusal.Refused("notification_pending", () => CheckCanNotify(ConcludedCase(null, NotificationRequested()), NotificationChannel.Letter));

    [Fact]
    public void After_a_failed_delivery_the_complainant_can_be_told_again()
    {
        var failed = ConcludedCase(null, NotificationRequested(), NotificationFailed());
        AllowedToNotify(failed, NotificationChannel.Sms);
        ToldAndClosed(failed, NotificationChannel.Letter);
    }

    [Fact]
    public void Only_a_channel_the_complainant_left_can_be_used()
    {
        var emailOnly = ConcludedCase([NotificationChannel.Email]);
        Refusal.Invalid("no_such_contact", () => CheckCanNotify(emailOnly, NotificationChannel.Sms), "channel");
        Refusal.Invalid("no_such_contact", () => CheckCanNotify(emailOnly, NotificationChannel.Letter), "channel");
        Refusal.Invalid("no_such_contact", () => CheckCanNotify(ConcludedCase([NotificationChannel.Phone]), NotificationChannel.Sms), "channel"); // landline
        Refusal.Invalid("field_required", () => CheckCanNotify(emailOnly, null), "channel");
    }

    [Fact]
    public void A_phone_notification_needs_notes_of_the_call() =>
        Refusal.Invalid("field_required", () => CheckCanNotify(ConcludedCase(), NotificationChannel.Phone, notes: " "), "notes");

    [Fact]
    public void Only_the_assigned_handler_or_a_leader_may_tell()
    {
        Refusal.Forbidden(() => CheckCanNotify(ConcludedCase(), NotificationChannel.Sms, actor: OtherHandler));
        Refusal.Forbidden(() => CheckCanNotify(ConcludedCase(), NotificationChannel.Sms, actor: Inspector));
        // Concluded by a leader without anyone assigned: a handler is not the assigned one.
        var unassigned = Given.Complaint(Received(), Accepted(), Concluded());
        Refusal.Forbidden(() => CheckCanNotify(unassigned, NotificationChannel.Sms));
        AllowedToNotify(unassigned, NotificationChannel.Sms, actor: Leader);
    }

    [Fact]
    public void A_closed_or_stale_case_is_not_told()
    {
        Refusal.Refused("complaint_closed", () => CheckCanNotify(ConcludedCase(null, Notified(), Closed()), NotificationChannel.Sms));
        var c = ConcludedCase();
        Refusal.Stale(4, () => ComplainantNotifications.CheckCanNotify(c, Tell(c, NotificationChannel.Sms, version: 3), Handler));
        Refusal.Invalid("version_required", () => ComplainantNotifications.CheckCanNotify(c, new NotifyComplainant(null, NotificationChannel.Sms, null), Handler), "version");
    }

    [Fact]
    public void A_result_letter_is_recorded_with_its_number_and_closes_the_case()
    {
        var c = ConcludedCase();
        var hash = new string('b', 64);
        var events = ComplainantNotifications.DecideImmediate(c, Tell(c, NotificationChannel.Letter), Handler, hash, "乌档结告〔2026〕2号", TellAt);

        Assert.Equal(2, events.Count);
        var told = Assert.IsType<ComplainantNotified>(events[0]);
        Assert.Equal(ComplaintId, told.ComplaintId);
        Assert.NotEqual(Guid.Empty, told.AttemptId);
        Assert.Equal(NotificationChannel.Letter, told.Channel);
        Assert.Equal(hash, told.ContentHash);
        Assert.Contains("乌档结告〔2026〕2号", told.DeliveryProof);
        Assert.Contains(Handler.UserName, told.DeliveryProof);
        Assert.Equal("乌档结告〔2026〕2号", told.DocumentNumber);
        Assert.Equal(Handler.UserName, told.RecordedBy);
        Assert.Equal(TellAt, told.NotifiedAt);
        Assert.Equal(new ComplaintClosed(ComplaintId, "已告知投诉人处理结果", TellAt), Assert.IsType<ComplaintClosed>(events[1]));

        c.Apply(told); c.Apply((ComplaintClosed)events[1]);
        Assert.Equal("乌档结告〔2026〕2号", c.ResultLetterNumber);
        Assert.Equal(NotificationChannel.Letter, c.NotifiedBy);
        Assert.True(c.IsClosed);
    }

    [Fact]
    public void A_phone_call_is_recorded_with_who_when_and_what_was_said_and_closes_the_case()
    {
        var c = ConcludedCase();
        var events = ComplainantNotifications.DecideImmediate(c, Tell(c, NotificationChannel.Phone, "  本人接听，已告知处理结果  "), Handler,
            new string('c', 64), null, TellAt);

        Assert.Equal(2, events.Count);
        var told = Assert.IsType<ComplainantNotified>(events[0]);
        Assert.Equal(NotificationChannel.Phone, told.Channel);
        Assert.Equal("urumqi.handler1 于 2026-03-25 10:00 电话告知：本人接听，已告知处理结果", told.DeliveryProof);
        Assert.Null(told.DocumentNumber);
        Assert.IsType<ComplaintClosed>(events[1]);
    }

    [Fact]
    public void An_immediate_notification_is_refused_like_any_other() =>
        Refusal.Forbidden(() => ComplainantNotifications.DecideImmediate(ConcludedCase(), Tell(ConcludedCase(), NotificationChannel.Letter), OtherHandler,
            new string('b', 64), "乌档结告〔2026〕2号", TellAt));

    // ---------------------------------------------------------------- what is told

    private static Complaint ConcludedWithRealIdentity(bool substantiated = true, string result = "责令限期改正并予以通报")
    {
        var received = Received() with { ProtectedComplainant = Protector.Protect(new ComplainantIdentity("张三", ValidId, "13912345678", null, "解放北路1号")) };
        return Given.Complaint(received, Accepted(), Assigned(), Concluded(substantiated, result));
    }

    [Fact]
    public void The_content_names_the_receipt_number_and_the_result_but_not_the_complainant()
    {
        var c = ConcludedWithRealIdentity();
        var (subject, body) = ComplainantNotifications.Content(c, Urumqi, D(2026, 3, 25));

        Assert.Contains(ReceiptNumber, subject);
        Assert.Contains(ReceiptNumber, body);
        Assert.Contains("2026年2月12日", body);                    // received, Beijing date
        Assert.Contains(TestUnits.Urumqi.Name, body);
        Assert.Contains("反映情况属实", body);
        Assert.Contains("确有擅自销毁档案 12 卷", body);
        Assert.Contains("处理结果：责令限期改正并予以通报", body);
        Assert.Contains("乌鲁木齐市档案局", body);
        Assert.Contains("2026年3月25日", body);
        foreach (var personal in new[] { "张三", ValidId, "13912345678", "解放北路" })
        {
            Assert.DoesNotContain(personal, subject);
            Assert.DoesNotContain(personal, body);
        }
    }

    [Fact]
    public void An_unsubstantiated_complaint_is_told_so() =>
        Assert.Contains("反映情况不属实", ComplainantNotifications.Content(ConcludedWithRealIdentity(substantiated: false), Urumqi, D(2026, 3, 25)).Body);

    [Fact]
    public void The_content_hash_is_lower_case_SHA256_hex_and_follows_the_result()
    {
        var (s1, b1) = ComplainantNotifications.Content(ConcludedWithRealIdentity(), Urumqi, D(2026, 3, 25));
        var (s2, b2) = ComplainantNotifications.Content(ConcludedWithRealIdentity(result: "予以警告"), Urumqi, D(2026, 3, 25));
        var h1 = ComplainantNotifications.Hash(s1, b1);

        Assert.Matches(new Regex("^[0-9a-f]{64}$"), h1);
        Assert.Equal(h1, ComplainantNotifications.Hash(s1, b1));
        Assert.NotEqual(h1, ComplainantNotifications.Hash(s2, b2));
        Assert.NotEqual(h1, ComplainantNotifications.Hash(s1, b1 + " "));
    }

    // ---------------------------------------------------------------- nobody to tell

    private static ComplaintClosed CloseWithoutContact(Complaint c, Actor? actor = null) =>
        ComplainantNotifications.Decide(c, new CloseWithoutContact(c.Version), actor ?? Handler, TellAt);

    private static Complaint ConcludedAnonymous() => Given.Complaint(ReceivedAnonymously(), Accepted(), Assigned(), Concluded());

    [Fact]
    public void An_anonymous_complaint_without_contact_closes_with_that_reason()
    {
        var c = ConcludedAnonymous();
        var e = CloseWithoutContact(c);
        Assert.Equal(new ComplaintClosed(ComplaintId, "匿名投诉未留联系方式，无法告知", TellAt), e);
        c.Apply(e);
        Assert.True(c.IsClosed);
    }

    [Fact]
    public void A_complainant_who_left_a_contact_must_be_told() =>
        Refusal.Refused("contact_available", () => CloseWithoutContact(ConcludedCase([NotificationChannel.Letter])));

    [Fact]
    public void Closing_without_contact_needs_a_conclusion_and_an_open_case()
    {
        Refusal.Refused("not_concluded", () => CloseWithoutContact(Given.Complaint(ReceivedAnonymously(), Accepted(), Assigned())));
        var closed = Given.Complaint(ReceivedAnonymously(), Accepted(), Assigned(), Concluded(), Closed("匿名投诉未留联系方式，无法告知"));
        Refusal.Refused("complaint_closed", () => CloseWithoutContact(closed));
        Refusal.Forbidden(() => CloseWithoutContact(ConcludedAnonymous(), Inspector));
    }

    [Fact]
    public void A_leader_may_close_without_contact() =>
        Assert.IsType<ComplaintClosed>(CloseWithoutContact(ConcludedAnonymous(), Leader));

    /// <summary>
    /// Every other step on an accepted case (notes, link, conclude, notify) is for the assigned handler or a
    /// leader; closing without contact — the step that ends the case — is open to any complaint handler of the
    /// jurisdiction.
    /// </summary>
    [Fact]
    public void Another_handler_may_not_close_without_contact() =>
        Refusal.Forbidden(() => CloseWithoutContact(ConcludedAnonymous(), OtherHandler));
}
