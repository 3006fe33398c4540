using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Supervision.Documents;
using Supervision.Files;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;
using Wolverine.Http;

namespace Supervision.Portal;

/// <summary>
/// The portal of supervised units (issue 17 §1). A department creates an account for a registered unit (its contact
/// person, mobile, e-mail) and hands over a one-time activation code; the first login sets the password. A unit account
/// (role <see cref="Roles.Unit"/>, path <c>unit:{id}</c>) sees only its own unit: its open orders and deadlines, the documents
/// served on it, its consent to electronic service (given and signed here), and it submits correction reports with files.
/// Nothing a unit submits changes a case: it is recorded as an event on the case for the officers to act on.
/// Every other route answers 404 to a unit account (UnitPortalGate in the web host).
/// </summary>
public static partial class UnitPortal
{
    public const int MinPasswordLength = 10;
    private static readonly PasswordHasher<AppUser> Hasher = new();

    /// <summary>The documents a department addresses to the party, which the unit reads once they were served on it.</summary>
    public static readonly IReadOnlySet<string> PartyDocuments = new HashSet<string>
    {
        DocumentTypes.RectificationOrder, DocumentTypes.DeadlineExtensionNotice, DocumentTypes.DeadlineRecalculationNotice,
        DocumentTypes.ReinspectionOpinion, DocumentTypes.PenaltyNotice, DocumentTypes.PenaltyDecision, DocumentTypes.DecisionChange,
        DocumentTypes.DecisionRevocation, DocumentTypes.HearingNotice,
        DocumentTypes.EvaluationResultNotice, DocumentTypes.EvaluationReviewNotice,
    };

    /// <summary>The consent to electronic service as the unit signs it in the portal (APL Art. 61); its hash goes into the record.</summary>
    public const string ConsentText =
        "本单位同意档案主管部门以电子方式向本单位送达行政执法文书（包括责令限期改正通知书、行政处罚事先告知书、行政处罚决定书等），" +
        "送达地址为本单位在此确认的电子邮件地址；文书到达该地址之日为送达日期。本单位将及时查收，地址变更时及时告知。";

    public static string PathOf(Guid unitId) => Actor.UnitPathPrefix + unitId.ToString("D");

    [GeneratedRegex("^[a-z][a-z0-9._-]{2,39}$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex(@"^1\d{10}$")]
    private static partial Regex MobilePattern();

    /// <summary>The unit account a department creates. Pure: the caller loads the unit and whether the name is taken.</summary>
    public static AppUser Decide(SupervisedUnit unit, CreateUnitAccount c, Actor actor, bool nameTaken, string activationCode)
    {
        Guard.CanAct(actor, unit.JurisdictionPath, Roles.Leader, Roles.Admin);
        var userName = (c.UserName ?? "").Trim().ToLowerInvariant();
        if (userName.Length == 0) throw RuleViolation.Invalid("field_required", "用户名不能为空", "userName is required", "userName");
        if (!UserNamePattern().IsMatch(userName))
            throw RuleViolation.Invalid("invalid_user_name", "用户名须为 3–40 个小写字母、数字或 . _ -，以字母开头", "userName: 3–40 of a-z 0-9 . _ -, starting with a letter", "userName");
        if (nameTaken) throw new RuleViolation(Problems.Conflict("user_exists", "该用户名已被使用", "The user name is taken"));
        var contact = Guard.Required(c.ContactName, "contactName", "联系人", 50);
        var mobile = (c.Mobile ?? "").Trim();
        if (!MobilePattern().IsMatch(mobile))
            throw RuleViolation.Invalid(mobile.Length == 0 ? "field_required" : "invalid_mobile", "联系人手机号须为 11 位数字", "mobile must be an 11-digit mobile number", "mobile");
        var email = string.IsNullOrWhiteSpace(c.Email) ? null : c.Email.Trim();
        if (email is not null && (email.Length > 200 || !System.Net.Mail.MailAddress.TryCreate(email, out _)))
            throw RuleViolation.Invalid("invalid_email", "电子邮件地址无效", "email is not an e-mail address", "email");
        var user = new AppUser
        {
            Id = userName, DisplayName = $"{contact}（{unit.Name}）", Role = Roles.Unit, JurisdictionId = unit.JurisdictionId,
            JurisdictionPath = PathOf(unit.Id), UnitId = unit.Id, Mobile = mobile, Email = email, MustSetPassword = true,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        user.PasswordHash = Hasher.HashPassword(user, activationCode);
        return user;
    }

    // ---- The department keeps its units' accounts: disable (with a reason), enable again, re-issue the activation code ----
    // Same permission as creating one (a leader or administrator of a department covering the unit). Each change is
    // recorded on the account (AccountHistory: who, when, why); unit accounts are documents, not event streams.

    /// <summary>What a change to an account records: <see cref="AccountChange.Action"/>.</summary>
    public const string ActionDisabled = "disabled", ActionEnabled = "enabled", ActionCodeReissued = "activation_code_reissued";

    /// <summary>The unit's account named in the route, for its department (404 for any other: staff, another unit's, none).</summary>
    private static AppUser AccountOf(SupervisedUnit unit, AppUser? account, Actor actor)
    {
        Guard.CanAct(actor, unit.JurisdictionPath, Roles.Leader, Roles.Admin);
        if (account is null || account.Role != Roles.Unit || account.UnitId != unit.Id) throw RuleViolation.NotFound("account");
        return account;
    }

    private static AccountChange Record(AppUser account, string action, string reason, Actor actor, DateTimeOffset now)
    {
        var change = new AccountChange(action, reason, actor.UserName, now);
        account.AccountHistory.Add(change);
        return change;
    }

    /// <summary>
    /// 停用: the account can no longer log in, and its open sessions stop at their next request (a disabled user fails the
    /// per-request check). A new security stamp as well, so that enabling it again does not bring the old sessions back.
    /// </summary>
    public static AccountChange Disable(SupervisedUnit unit, AppUser? account, UnitAccountReason c, Actor actor, DateTimeOffset now)
    {
        var a = AccountOf(unit, account, actor);
        var reason = Guard.Required(c.Reason, "reason", "停用理由", 500);
        if (a.Disabled) throw new RuleViolation(Problems.Conflict("account_disabled", "该账户已停用", "The account is disabled already"));
        a.Disabled = true;
        a.SecurityStamp = Guid.NewGuid().ToString("N");
        return Record(a, ActionDisabled, reason, actor, now);
    }

    /// <summary>启用: a disabled account may log in again (with its password, or its activation code if it never set one).</summary>
    public static AccountChange Enable(SupervisedUnit unit, AppUser? account, UnitAccountReason c, Actor actor, DateTimeOffset now)
    {
        var a = AccountOf(unit, account, actor);
        var reason = Guard.Required(c.Reason, "reason", "启用理由", 500);
        if (!a.Disabled) throw new RuleViolation(Problems.Conflict("account_enabled", "该账户未停用", "The account is not disabled"));
        a.Disabled = false;
        return Record(a, ActionEnabled, reason, actor, now);
    }

    /// <summary>
    /// 重新发放激活码 (the contact changed, the password was forgotten): the new one-time code replaces the password, so the
    /// old password no longer works; the account must set a new one at its next login (as a new account does); every
    /// session ends (a new security stamp, as when the first password is set); failed logins and a lockout are cleared.
    /// A disabled account stays disabled.
    /// </summary>
    public static AccountChange ReissueActivationCode(SupervisedUnit unit, AppUser? account, UnitAccountReason c, Actor actor, string activationCode, DateTimeOffset now)
    {
        var a = AccountOf(unit, account, actor);
        var reason = Guard.Required(c.Reason, "reason", "重新发放激活码的理由", 500);
        a.PasswordHash = Hasher.HashPassword(a, activationCode);
        a.MustSetPassword = true;
        a.SecurityStamp = Guid.NewGuid().ToString("N");
        a.FailedLogins = 0;
        a.LockedUntil = null;
        return Record(a, ActionCodeReissued, reason, actor, now);
    }

    /// <summary>12 characters without 0/O/1/I/L: read over the phone or sent by SMS by the department.</summary>
    public static string NewActivationCode()
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        return string.Concat(RandomNumberGenerator.GetBytes(12).Select(b => alphabet[b % alphabet.Length]));
    }

    /// <summary>A new password: checks the current one (or the activation code), then the rules. Pure but for the hash.</summary>
    public static void SetPassword(AppUser user, SetPortalPassword c)
    {
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, c.CurrentPassword ?? "") == PasswordVerificationResult.Failed)
            throw RuleViolation.Refused("wrong_password", "当前密码或激活码不正确", "The current password or activation code is wrong", "currentPassword");
        var password = c.NewPassword ?? "";
        if (password.Length < MinPasswordLength || password.Length > 128 || !password.Any(char.IsLetter) || !password.Any(char.IsDigit))
            throw RuleViolation.Invalid("weak_password", $"新密码须为 {MinPasswordLength}–128 位，且同时包含字母和数字",
                $"The new password needs {MinPasswordLength}–128 characters with letters and digits", "newPassword");
        if (password == c.CurrentPassword)
            throw RuleViolation.Invalid("password_unchanged", "新密码不能与当前密码或激活码相同", "The new password must differ from the current one", "newPassword");
        user.PasswordHash = Hasher.HashPassword(user, password);
        user.MustSetPassword = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N"); // every session with the code ends
    }

    /// <summary>The unit of a unit account, or 404: staff have no portal.</summary>
    private static async Task<(Actor Actor, SupervisedUnit Unit)> UnitOf(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor.UnitId is not { } id || await session.LoadAsync<SupervisedUnit>(id, ct) is not { } unit) throw RuleViolation.NotFound("portal");
        return (actor, unit);
    }

    /// <summary>创建单位账户：返回一次性激活码 / Create a unit's account; the one-time activation code is answered once.</summary>
    [WolverinePost("/api/units/{id}/accounts", OperationId = "CreateUnitAccount")]
    public static async Task<IResult> CreateAccount(Guid id, CreateUnitAccount c, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var unit = await session.LoadAsync<SupervisedUnit>(id, ct);
        if (unit is null || !actor.Covers(unit.JurisdictionPath)) throw RuleViolation.NotFound("unit");
        var name = (c.UserName ?? "").Trim().ToLowerInvariant();
        var taken = name.Length > 0 && await session.LoadAsync<AppUser>(name, ct) is not null;
        var code = NewActivationCode();
        var account = Decide(unit, c, actor, taken, code);
        session.Insert(account); // a second creation of the same name at once fails on the key (409)
        return Results.Created($"/api/units/{unit.Id}/accounts", new UnitAccountCreated(account.Id, unit.Id, account.DisplayName, code,
            "激活码只显示这一次，请当面或以短信交给联系人；首次登录须设置新密码。"));
    }

    /// <summary>The unit's accounts (no secrets), for the department.</summary>
    [WolverineGet("/api/units/{id}/accounts", OperationId = "ListUnitAccounts")]
    public static async Task<IResult> Accounts(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var unit = await session.LoadAsync<SupervisedUnit>(id, ct);
        if (unit is null || !actor.Covers(unit.JurisdictionPath)) return Results.Problem(Problems.NotFound("unit"));
        return Results.Ok(await AccountsAsync(session, id, ct));
    }

    public static async Task<IReadOnlyList<UnitAccount>> AccountsAsync(IQuerySession session, Guid unitId, CancellationToken ct) =>
        (await session.Query<AppUser>().Where(u => u.UnitId == unitId).OrderBy(u => u.Id).ToListAsync(ct))
        .Select(a => new UnitAccount(a.Id, a.DisplayName, a.Mobile, a.Email, Activated: !a.MustSetPassword, a.Disabled, a.AccountHistory)).ToList();

    /// <summary>The unit (404 outside the caller's jurisdictions) and the account named in the route (null: none by that name).</summary>
    private static async Task<(Actor Actor, SupervisedUnit Unit, AppUser? Account)> AccountInRoute(Guid id, string userName, ClaimsPrincipal user,
        IDocumentSession session, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var unit = await session.LoadAsync<SupervisedUnit>(id, ct);
        if (unit is null || !actor.Covers(unit.JurisdictionPath)) throw RuleViolation.NotFound("unit");
        var name = userName.Trim().ToLowerInvariant();
        return (actor, unit, name.Length is > 0 and <= 40 ? await session.LoadAsync<AppUser>(name, ct) : null);
    }

    /// <summary>停用单位账户 / Disable a unit's account, with the reason: no login, and its sessions end at once.</summary>
    [WolverinePost("/api/units/{id}/accounts/{userName}/disable", OperationId = "DisableUnitAccount")]
    public static async Task<IResult> DisableAccount(Guid id, string userName, UnitAccountReason c, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var (actor, unit, account) = await AccountInRoute(id, userName, user, session, ct);
        return Changed(session, unit, account, Disable(unit, account, c, actor, clock.GetUtcNow()));
    }

    private static IResult Changed(IDocumentSession session, SupervisedUnit unit, AppUser? account, AccountChange change)
    {
        session.Store(account!);
        return Results.Ok(new UnitAccountChanged(account!.Id, unit.Id, account.Disabled, !account.MustSetPassword, change));
    }

    /// <summary>启用单位账户 / Enable a disabled unit's account again, with the reason.</summary>
    [WolverinePost("/api/units/{id}/accounts/{userName}/enable", OperationId = "EnableUnitAccount")]
    public static async Task<IResult> EnableAccount(Guid id, string userName, UnitAccountReason c, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var (actor, unit, account) = await AccountInRoute(id, userName, user, session, ct);
        return Changed(session, unit, account, Enable(unit, account, c, actor, clock.GetUtcNow()));
    }

    /// <summary>重新发放激活码 / Re-issue a one-time activation code (answered once): the old password and every session end.</summary>
    [WolverinePost("/api/units/{id}/accounts/{userName}/activation-code", OperationId = "ReissueUnitActivationCode")]
    public static async Task<IResult> ReissueCode(Guid id, string userName, UnitAccountReason c, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var (actor, unit, account) = await AccountInRoute(id, userName, user, session, ct);
        var code = NewActivationCode();
        var change = ReissueActivationCode(unit, account, c, actor, code, clock.GetUtcNow());
        session.Store(account!);
        return Results.Ok(new UnitActivationCodeReissued(account!.Id, unit.Id, account.DisplayName, code, account.Disabled, change,
            "新激活码只显示这一次，请当面或以短信交给联系人；原密码已失效，已登录的会话均已结束，下次登录须设置新密码。"
            + (account.Disabled ? "该账户仍处于停用状态，启用后方可登录。" : "")));
    }

    /// <summary>设置密码（首次登录以激活码设置）/ Set the account's password (at first login, with the activation code).</summary>
    [WolverinePost("/api/portal/password", OperationId = "SetPortalPassword")]
    public static async Task<IResult> Password(SetPortalPassword c, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        var (actor, _) = await UnitOf(user, session, ct);
        var account = await session.LoadAsync<AppUser>(actor.UserName, ct) ?? throw RuleViolation.NotFound("portal");
        SetPassword(account, c);
        session.Store(account);
        return Results.Ok(new PortalPasswordSet(account.Id, "密码已设置，请用新密码重新登录。"));
    }

    /// <summary>单位门户概览：整改事项、已送达文书、电子送达同意 / The unit's orders, documents served on it and its consent.</summary>
    [WolverineGet("/api/portal", OperationId = "GetPortal")]
    public static async Task<IResult> Overview(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, WorkingDayCalendar calendar, CancellationToken ct)
    {
        var (_, unit) = await UnitOf(user, session, ct);
        return Results.Ok(await OverviewAsync(session, unit, clock, calendar, ct));
    }

    public static async Task<PortalOverview> OverviewAsync(IQuerySession session, SupervisedUnit unit, TimeProvider clock, WorkingDayCalendar calendar,
        CancellationToken ct)
    {
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var rectifications = await session.Query<Rectification>().Where(r => r.UnitId == unit.Id && r.DocumentNumber != null)
            .OrderBy(r => r.DueOn).Take(200).ToListAsync(ct);
        var sanctionIds = (await session.Query<Sanctions.SanctionCase>().Where(s => s.PartyUnitId == unit.Id).Select(s => s.Id).ToListAsync(ct)).ToArray();
        var caseIds = rectifications.Select(r => r.Id).Concat(sanctionIds).ToArray();
        var types = PartyDocuments.ToArray();
        var documents = caseIds.Length == 0 ? [] : await session.Query<IssuedDocument>()
            .Where(d => d.StreamId.IsOneOf(caseIds) && d.ServedOn != null && d.Type.IsOneOf(types)).OrderByDescending(d => d.IssuedAt).Take(200).ToListAsync(ct);
        // Art. 36: the rounds of the unit's department that expect it, and its report in each (issue 17 §2).
        var rounds = (await session.Query<AnnualReports.AnnualReportRound>().Where(r => r.DepartmentId == unit.JurisdictionId).ToListAsync(ct))
            .Where(r => r.Units.Any(u => u.UnitId == unit.Id)).OrderByDescending(r => r.Year).Take(5).ToList();
        var reports = (await session.Query<AnnualReports.AnnualReport>().Where(r => r.UnitId == unit.Id).ToListAsync(ct)).ToDictionary(r => r.RoundId);
        var annual = rounds.Select(r => reports.GetValueOrDefault(r.Id) is { } report
            ? new PortalAnnualReport(r.Year, r.DueOn, r.FormVersion, report.Id, report.Status.ToString().ToLowerInvariant(), report.Late, report.Returns.LastOrDefault()?.Reasons)
            : new PortalAnnualReport(r.Year, r.DueOn, r.FormVersion, null, "none", false, null)).ToList();
        // Art. 39: an archive service agency's evaluations (issue 17 §3).
        var evaluations = new List<PortalEvaluation>();
        if (unit.Kind == UnitKind.ArchiveServiceAgency)
            foreach (var e in await session.Query<AnnualReports.AgencyEvaluation>().Where(e => e.UnitId == unit.Id).OrderByDescending(e => e.Year).Take(10).ToListAsync(ct))
            {
                var due = await AnnualReports.AgencyEvaluationEndpoints.ObjectionDueOnAsync(session, e, calendar, ct);
                evaluations.Add(new PortalEvaluation(e.Id, e.Year, e.DepartmentId, e.Status.ToString().ToLowerInvariant(), e.SelfAssessment?.Grade, e.Percent, e.Grade,
                    e.PublishedAt, e.ObjectionPending, e.Status == AnnualReports.EvaluationStatus.Published && (due is null || today <= due), e.NoticeNumber, due));
            }
        return new PortalOverview(unit.Id, unit.Name,
            rectifications.Where(r => r.Status != RectificationStatus.Closed).Select(r => new PortalOrder(r.Id, r.Item, r.Description, r.DocumentNumber, r.Requirements,
                r.DueOn, r.IsOverdue || (r.DueOn is { } due && due < today), r.UnitReports.Count, r.UnitReports.LastOrDefault()?.SubmittedAt)).ToList(),
            rectifications.Count(r => r.Status == RectificationStatus.Closed),
            documents.Select(d => new PortalDocument(d.Id, DocumentTypes.Title(d.Type), d.IssuedAt, d.ServedOn,
                d.ServiceMethod is { } m ? DocumentServiceRules.MethodName(m) : null)).ToList(),
            unit.ElectronicServiceConsent, annual, unit.Kind == UnitKind.ArchiveServiceAgency, evaluations);
    }

    /// <summary>The consent to electronic service, given and signed in the portal by the unit's contact (APL Art. 61).</summary>
    public static ElectronicServiceConsent DecideConsent(SupervisedUnit unit, GiveElectronicServiceConsent c, Actor actor, DateTimeOffset now)
    {
        if (c.Agreed != true)
            throw RuleViolation.Invalid("consent_required", "请阅读并勾选同意电子送达", "agreed must be true: the unit agrees to the text shown", "agreed");
        var address = Guard.Required(c.Address, "address", "接收电子送达的电子邮件地址", 200);
        if (!System.Net.Mail.MailAddress.TryCreate(address, out _))
            throw RuleViolation.Invalid("invalid_address", "电子送达地址须为有效的电子邮件地址", "address must be an e-mail address", "address");
        if (unit.ElectronicServiceConsent is { } given && string.Equals(given.Address, address, StringComparison.OrdinalIgnoreCase))
            throw new RuleViolation(Problems.Conflict("already_consented", "本单位已同意以该地址接收电子送达", "The unit already agreed to electronic service at this address"));
        var textHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ConsentText)));
        return new ElectronicServiceConsent(address, actor.DisplayName, WorkingDayCalendar.BeijingToday(now),
            $"单位门户电子签署：账户 {actor.UserName}，{now:yyyy-MM-dd HH:mm:ss} UTC；同意书文本 SHA-256 {textHash}", actor.UserName, now);
    }

    [WolverinePost("/api/portal/electronic-service-consent", OperationId = "GivePortalElectronicServiceConsent")]
    public static async Task<IResult> Consent(GiveElectronicServiceConsent c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var (actor, unit) = await UnitOf(user, session, ct);
        unit.ElectronicServiceConsent = DecideConsent(unit, c, actor, clock.GetUtcNow());
        session.Store(unit);
        return Results.Ok(unit.ElectronicServiceConsent);
    }

    /// <summary>A correction report from the unit: recorded on the case for its officers; it changes nothing by itself.</summary>
    public static UnitCorrectionReportSubmitted Decide(Rectification r, SubmitUnitCorrectionReport c, Actor actor, EvidenceFile[] files, DateTimeOffset now)
    {
        if (actor.UnitId != r.UnitId) throw RuleViolation.NotFound("rectification");
        if (r.DocumentNumber is null) throw RuleViolation.NotFound("rectification"); // no order: nothing the unit was told
        if (r.Status == RectificationStatus.Closed)
            throw RuleViolation.Refused("rectification_closed", "该整改事项已复查通过并结案", "The rectification is already closed");
        var description = Guard.Required(c.Description, "description", "整改情况", 4000);
        return new UnitCorrectionReportSubmitted(r.Id, r.UnitId, description, files, actor.UserName, actor.DisplayName, now);
    }

    [WolverinePost("/api/portal/rectifications/{id}/correction-reports", OperationId = "SubmitUnitCorrectionReport")]
    public static async Task<IResult> SubmitCorrection(Guid id, SubmitUnitCorrectionReport c, ClaimsPrincipal user, IDocumentSession session, IFileStore files,
        TimeProvider clock, CancellationToken ct)
    {
        var (actor, _) = await UnitOf(user, session, ct);
        var r = await session.LoadAsync<Rectification>(id, ct) ?? throw RuleViolation.NotFound("rectification");
        var now = clock.GetUtcNow();
        Decide(r, c, actor, [], now); // refuse before looking up files
        var evidence = await EvidenceFiles.ResolveAsync(session, files, c.EvidenceFiles, [actor.UserName], "evidenceFiles", ct);
        var submitted = Decide(r, c, actor, evidence, now);
        session.Events.Append(r.Id, submitted);
        return Results.Ok(submitted);
    }
}

/// <summary>创建单位账户 / Create a unit's account: its user name, contact person, mobile and e-mail.</summary>
public sealed record CreateUnitAccount(string? UserName, string? ContactName, string? Mobile, string? Email = null);
/// <summary>单位账户已创建：一次性激活码 / The account and its one-time activation code (shown once).</summary>
public sealed record UnitAccountCreated(string UserName, Guid UnitId, string DisplayName, string ActivationCode, string Note);
/// <summary>单位账户 / A unit's account, without secrets: activated (its own password set), disabled, and its department's changes to it.</summary>
public sealed record UnitAccount(string UserName, string DisplayName, string? Mobile, string? Email, bool Activated, bool Disabled,
    IReadOnlyList<AccountChange>? History = null);
/// <summary>停用、启用或重新发放激活码的理由 / Why the department disables, enables or re-issues the code of a unit's account.</summary>
public sealed record UnitAccountReason(string? Reason);
/// <summary>账户已停用或启用 / The account's state after the change, and the change recorded.</summary>
public sealed record UnitAccountChanged(string UserName, Guid UnitId, bool Disabled, bool Activated, AccountChange Recorded);
/// <summary>已重新发放激活码 / The new one-time activation code (shown once), whether the account is still disabled, the change recorded.</summary>
public sealed record UnitActivationCodeReissued(string UserName, Guid UnitId, string DisplayName, string ActivationCode, bool Disabled, AccountChange Recorded, string Note);
/// <summary>设置密码 / Set the password: the current one (or the activation code) and the new one.</summary>
public sealed record SetPortalPassword(string? CurrentPassword, string? NewPassword);
/// <summary>密码已设置 / The password was set; log in again with it.</summary>
public sealed record PortalPasswordSet(string UserName, string Note);
/// <summary>同意电子送达 / The unit's consent to electronic service: the address, and that it agrees to the text shown.</summary>
public sealed record GiveElectronicServiceConsent(string? Address, bool? Agreed);
/// <summary>提交整改报告 / The unit's correction report, with files it uploaded (POST /api/files).</summary>
public sealed record SubmitUnitCorrectionReport(string? Description, string[]? EvidenceFiles = null);

/// <summary>单位提交的整改报告 / A correction report the unit submitted in the portal: for the case's officers to act on.</summary>
public sealed record UnitCorrectionReportSubmitted(Guid RectificationId, Guid UnitId, string Description, EvidenceFile[] Files, string SubmittedBy,
    string SubmittedByName, DateTimeOffset SubmittedAt);

/// <summary>单位门户概览 / The unit's portal: its open orders, how many are closed, the documents served on it, its consent.</summary>
public sealed record PortalOverview(Guid UnitId, string UnitName, IReadOnlyList<PortalOrder> Orders, int ClosedOrders,
    IReadOnlyList<PortalDocument> Documents, ElectronicServiceConsent? Consent, IReadOnlyList<PortalAnnualReport> AnnualReports,
    bool IsServiceAgency = false, IReadOnlyList<PortalEvaluation>? Evaluations = null);
/// <summary>An Art. 39 evaluation of the agency: its status, its own grade, the department's (once scored), publication, objection.</summary>
/// <summary>An Art. 39 evaluation of the agency: status, grades, the result notice and the last day to object (null while the notice is not served).</summary>
public sealed record PortalEvaluation(Guid Id, int Year, string DepartmentId, string Status, string? SelfGrade, decimal? Percent, string? Grade,
    DateTimeOffset? PublishedAt, bool ObjectionPending, bool MayObject, string? NoticeNumber = null, DateOnly? ObjectionDueOn = null);
/// <summary>An Art. 36 round that expects the unit: the year, due date, form version, and its report's status (none / submitted / returned / accepted).</summary>
public sealed record PortalAnnualReport(int Year, DateOnly DueOn, int FormVersion, Guid? ReportId, string Status, bool Late, string? ReturnReasons);
/// <summary>An open order: the hazard, the order's number and requirements, its deadline, and the unit's reports so far.</summary>
public sealed record PortalOrder(Guid Id, string Item, string Description, string? DocumentNumber, string? Requirements, DateOnly? DueOn, bool Overdue,
    int ReportsSubmitted, DateTimeOffset? LastReportAt);
/// <summary>A document served on the unit: number, title, issue, the date of receipt and how it was served.</summary>
public sealed record PortalDocument(string Number, string Title, DateTimeOffset IssuedAt, DateOnly? ServedOn, string? ServiceMethod);
