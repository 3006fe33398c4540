using Supervision.Portal;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;

namespace Supervision.Tests.Portal;

/// <summary>Issue 17 §1: the unit portal's decisions, without a database.</summary>
public sealed class UnitPortalRulesTests
{
    private static readonly SupervisedUnit Unit = new() { Id = Guid.NewGuid(), Name = "乌鲁木齐市某档案馆", JurisdictionId = "650100", JurisdictionPath = Paths.Urumqi };
    private static readonly CreateUnitAccount Valid = new("unit.test", "古丽", "13912345678", "a@b.example");

    private static Actor UnitActor(Guid unitId) => new("unit.test", "古丽（乌鲁木齐市某档案馆）", Roles.Unit, "650100", UnitPortal.PathOf(unitId));

    [Fact]
    public void A_unit_account_speaks_for_its_unit_only_and_covers_no_jurisdiction()
    {
        var account = UnitPortal.Decide(Unit, Valid, Actors.UrumqiLeader, nameTaken: false, "ABCDEFGHJKMN");
        Assert.Equal((Roles.Unit, Unit.Id, true), (account.Role, account.UnitId, account.MustSetPassword));
        var actor = UnitActor(Unit.Id);
        Assert.Equal(Unit.Id, actor.UnitId);
        Assert.False(actor.Covers(Paths.Urumqi));
        Assert.False(actor.Covers(Paths.Region));
        Assert.Null(Actors.UrumqiLeader.UnitId); // staff are no unit
    }

    [Fact]
    public void Only_the_departments_leader_or_administrator_creates_it_with_a_valid_name_and_mobile()
    {
        Refusal.Forbidden(() => UnitPortal.Decide(Unit, Valid, Actors.UrumqiInspector, false, "X"));
        Assert.Throws<RuleViolation>(() => UnitPortal.Decide(Unit, Valid, Actors.KashgarLeader, false, "X"));
        Refusal.Invalid("invalid_user_name", () => UnitPortal.Decide(Unit, Valid with { UserName = "ab" }, Actors.UrumqiLeader, false, "X"), "userName");
        Refusal.Invalid("invalid_mobile", () => UnitPortal.Decide(Unit, Valid with { Mobile = "0991-5550000" }, Actors.UrumqiLeader, false, "X"), "mobile");
        Refusal.Invalid("invalid_email", () => UnitPortal.Decide(Unit, Valid with { Email = "not-mail" }, Actors.UrumqiLeader, false, "X"), "email");
        Refusal.Expect(409, "user_exists", () => UnitPortal.Decide(Unit, Valid, Actors.UrumqiLeader, nameTaken: true, "X"));
        Assert.Equal(12, UnitPortal.NewActivationCode().Length);
    }

    [Fact]
    public void The_first_password_replaces_the_code_and_ends_its_sessions()
    {
        var account = UnitPortal.Decide(Unit, Valid, Actors.UrumqiLeader, false, "ABCDEFGHJKMN");
        var stamp = account.SecurityStamp;
        Refusal.Refused("wrong_password", () => UnitPortal.SetPassword(account, new("WRONG", "Archives2027ok")), "currentPassword");
        Refusal.Invalid("weak_password", () => UnitPortal.SetPassword(account, new("ABCDEFGHJKMN", "onlyletters")), "newPassword");
        Refusal.Invalid("weak_password", () => UnitPortal.SetPassword(account, new("ABCDEFGHJKMN", "12345")), "newPassword");
        UnitPortal.SetPassword(account, new("ABCDEFGHJKMN", "Archives2027ok"));
        Assert.False(account.MustSetPassword);
        Assert.NotEqual(stamp, account.SecurityStamp);
        Refusal.Refused("wrong_password", () => UnitPortal.SetPassword(account, new("ABCDEFGHJKMN", "Another2027ok")), "currentPassword");
    }

    [Fact]
    public void The_department_disables_enables_and_reissues_the_code_of_its_units_account_only_recording_who_when_and_why()
    {
        var account = UnitPortal.Decide(Unit, Valid, Actors.UrumqiLeader, false, "ABCDEFGHJKMN");
        UnitPortal.SetPassword(account, new("ABCDEFGHJKMN", "Archives2027ok"));
        var stamp = account.SecurityStamp;
        var why = new UnitAccountReason("联系人已离职");

        // The same permission as creating it; another unit's account, a staff account or none: 404.
        Refusal.Forbidden(() => UnitPortal.Disable(Unit, account, why, Actors.UrumqiInspector, Clock.Now));
        Assert.Equal(404, Assert.Throws<RuleViolation>(() => UnitPortal.Disable(Unit, account, why, Actors.KashgarLeader, Clock.Now)).Status);
        var other = new SupervisedUnit { Id = Guid.NewGuid(), Name = "另一单位", JurisdictionId = "650100", JurisdictionPath = Paths.Urumqi };
        Refusal.NotFound(() => UnitPortal.Disable(other, account, why, Actors.UrumqiLeader, Clock.Now));
        Refusal.NotFound(() => UnitPortal.Disable(Unit, Staff.UrumqiInspector1, why, Actors.UrumqiLeader, Clock.Now));
        Refusal.NotFound(() => UnitPortal.Disable(Unit, null, why, Actors.UrumqiLeader, Clock.Now));
        Refusal.Invalid("field_required", () => UnitPortal.Disable(Unit, account, new(" "), Actors.UrumqiLeader, Clock.Now), "reason");

        var disabled = UnitPortal.Disable(Unit, account, why, Actors.UrumqiLeader, Clock.Now);
        Assert.True(account.Disabled);
        Assert.NotEqual(stamp, account.SecurityStamp); // enabling it again does not bring the old sessions back
        Assert.Equal(new AccountChange("disabled", "联系人已离职", "urumqi.leader", Clock.Now), disabled);
        Refusal.Expect(409, "account_disabled", () => UnitPortal.Disable(Unit, account, why, Actors.UrumqiLeader, Clock.Now));
        UnitPortal.Enable(Unit, account, new("新联系人已到岗"), Actors.UrumqiLeader, Clock.Now.AddDays(1));
        Assert.False(account.Disabled);
        Refusal.Expect(409, "account_enabled", () => UnitPortal.Enable(Unit, account, why, Actors.UrumqiLeader, Clock.Now));

        // A new code replaces the password: it must be set again, and every session ends.
        account.FailedLogins = 4;
        stamp = account.SecurityStamp;
        UnitPortal.ReissueActivationCode(Unit, account, new("遗忘密码"), Actors.UrumqiLeader, "NEWCODE23456", Clock.Now.AddDays(2));
        Assert.Equal((true, 0), (account.MustSetPassword, account.FailedLogins));
        Assert.NotEqual(stamp, account.SecurityStamp);
        Refusal.Refused("wrong_password", () => UnitPortal.SetPassword(account, new("Archives2027ok", "Another2027ok")), "currentPassword");
        UnitPortal.SetPassword(account, new("NEWCODE23456", "Another2027ok"));
        Assert.Equal(["disabled", "enabled", "activation_code_reissued"], account.AccountHistory.Select(h => h.Action));
    }

    [Fact]
    public void A_correction_report_is_the_units_own_on_an_ordered_open_case_and_changes_nothing()
    {
        var r = new Rectification { Id = Guid.NewGuid(), UnitId = Unit.Id, DocumentNumber = "乌档责改〔2026〕1号", Status = RectificationStatus.Ordered };
        var c = new SubmitUnitCorrectionReport("已安装设备");
        Refusal.NotFound(() => UnitPortal.Decide(r, c, UnitActor(Guid.NewGuid()), [], Clock.Now)); // another unit's case
        Refusal.NotFound(() => UnitPortal.Decide(new Rectification { UnitId = Unit.Id }, c, UnitActor(Unit.Id), [], Clock.Now)); // no order yet
        Refusal.Invalid("field_required", () => UnitPortal.Decide(r, c with { Description = " " }, UnitActor(Unit.Id), [], Clock.Now), "description");
        var submitted = UnitPortal.Decide(r, c, UnitActor(Unit.Id), [], Clock.Now);
        r.Apply(submitted);
        Assert.Equal((RectificationStatus.Ordered, 0, 1), (r.Status, r.CorrectionReportCount, r.UnitReports.Count));
        r.Status = RectificationStatus.Closed;
        Refusal.Refused("rectification_closed", () => UnitPortal.Decide(r, c, UnitActor(Unit.Id), [], Clock.Now));
    }

    [Fact]
    public void The_consent_is_the_units_signature_on_the_shown_text_at_an_e_mail_address()
    {
        var actor = UnitActor(Unit.Id);
        Refusal.Invalid("consent_required", () => UnitPortal.DecideConsent(Unit, new("a@b.example", false), actor, Clock.Now), "agreed");
        Refusal.Invalid("invalid_address", () => UnitPortal.DecideConsent(Unit, new("not-mail", true), actor, Clock.Now), "address");
        var consent = UnitPortal.DecideConsent(Unit, new("a@b.example", true), actor, Clock.Now);
        Assert.Equal(("a@b.example", Clock.Today, "unit.test"), (consent.Address, consent.SignedOn, consent.RecordedBy));
        Assert.Contains("同意书文本 SHA-256", consent.Proof);
        var unit = new SupervisedUnit { ElectronicServiceConsent = consent };
        Refusal.Expect(409, "already_consented", () => UnitPortal.DecideConsent(unit, new("A@B.example", true), actor, Clock.Now));
    }
}
