using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Wolverine.Tracking;
using Supervision.Shared;
using Xunit.Abstractions;

namespace Supervision.IntegrationTests.Security;

/// <summary>
/// Issue 7, security: every Wolverine endpoint × every demo user (a role in a jurisdiction that is the
/// case's own, its parent, a sibling or a child) × anonymous, against cases created in Urumqi (650100).
/// The expectations are an explicit table: an endpoint the app serves without an entry here fails the
/// test (deny by default), and so does an entry for an endpoint that no longer exists.
///
/// Bodies never succeed: steps on an existing case are sent without <c>version</c> (400
/// <c>version_required</c> once the caller passed jurisdiction, role and R1), creations carry a body that
/// passes the jurisdiction and role checks and is refused on a later field. So "allow" means "got past
/// authorisation" (any status but 401, 403 and 404, and never a 5xx: a server error fails the cell whatever the
/// table expects), and the matrix writes nothing but the recorded views of the complainant's identity by the two
/// people allowed to see it (R12: each view is an event).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AuthorizationMatrixTests(AppFixture app, ITestOutputHelper output)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);

    public enum Rel { Own, Parent, Sibling, Child }
    /// <summary><see cref="ServerError"/> is never expected: a 5xx is a mismatch in every cell.</summary>
    public enum Outcome { Allow, Forbidden, NotFound, Unauthenticated, UnknownTarget, ServerError }
    public sealed record User(string Name, string Role, string Jurisdiction, Rel Rel);

    /// <summary>The demo users, each one cell of role × relation to Urumqi (650100).</summary>
    public static readonly User[] Users =
    [
        new("urumqi.inspector1", Roles.Inspector, "650100", Rel.Own),      // named on the Urumqi inspection and sanction case
        new("urumqi.inspector3", Roles.Inspector, "650100", Rel.Own),      // not named anywhere
        new("urumqi.handler", Roles.ComplaintHandler, "650100", Rel.Own),  // assigned to the Urumqi complaint
        new("urumqi.officer", Roles.CaseOfficer, "650100", Rel.Own),       // named investigator of the sanction case
        new("urumqi.officer2", Roles.CaseOfficer, "650100", Rel.Own),      // not named
        new("urumqi.legal", Roles.LegalReviewer, "650100", Rel.Own),
        new("urumqi.leader", Roles.Leader, "650100", Rel.Own),
        new("region.inspector", Roles.Inspector, "650000", Rel.Parent),
        new("region.leader", Roles.Leader, "650000", Rel.Parent),
        new("kashi.inspector", Roles.Inspector, "653100", Rel.Sibling),
        new("kashi.officer", Roles.CaseOfficer, "653100", Rel.Sibling),
        new("kashi.leader", Roles.Leader, "653100", Rel.Sibling),
        new("tianshan.inspector", Roles.Inspector, "650102", Rel.Child),
        new("tianshan.leader", Roles.Leader, "650102", Rel.Child),
        new("region.admin", Roles.Admin, "650000", Rel.Parent),         // system administrator
        // A unit's portal account (issue 17 §1), not the party of the table's cases: 404 everywhere but its portal (UnitAnswer).
        new(Supervision.Web.ReferenceDataSeeder.DemoUnitAccount, Roles.Unit, "650100", Rel.Own),
    ];

    private static readonly string[] InspectionTeam = ["urumqi.inspector1", "urumqi.inspector2"];
    private static readonly string[] SanctionTeam = ["urumqi.officer", "urumqi.inspector1"];
    private const string Inspector = Roles.Inspector, Handler = Roles.ComplaintHandler, Officer = Roles.CaseOfficer, Legal = Roles.LegalReviewer, Leader = Roles.Leader;

    /// <summary>Who gets past authorisation, and how the others are refused.</summary>
    public enum Kind
    {
        Public,      // anonymous allowed
        List,        // any signed-in user; lists are limited to the caller's scope
        Read,        // a Urumqi record: own and parent see it (with one of Roles, when given; else 403), sibling and child get 404
        Write,       // a step on a Urumqi case: 404 outside scope, then role (403), then R1 team (403) when Team is set
        Create,      // a creation aimed at Urumqi: outside scope → Outside, then role (403)
        OwnDept,     // acts for the caller's own department (a referral is sent from it): role only
        Sender,      // a Urumqi referral to an external receiver: only Urumqi sees it (404 for every other department); Roles null = any role
        Identity,    // R12: the assigned handler and the Leader of the complaint's own department; others in scope 403
        Admin,       // system administration (integrity checks): the Admin role, wherever; everyone else 403
        DeptHead,    // a decision of the Urumqi department's own head: its Leader; a Leader above gets 403
        NobodyElse,  // something only its owner reads and the table's users do not own (a file they did not upload): 404 for everyone
    }

    /// <param name="Answer">What "allowed" looks like when it is not a plain success (a public lookup with a wrong code is 404 for all).</param>
    /// <param name="UnitAnswer">What a unit's account gets (role Unit): 404 on every route but its portal's (UnitPortalGate).</param>
    public sealed record Rule(Kind Kind, string Url, string[]? Roles = null, string[]? Team = null, object? Body = null,
        Outcome Outside = Outcome.NotFound, Outcome Answer = Outcome.Allow, Outcome UnitAnswer = Outcome.NotFound);

    private sealed record Ids(Guid Unit, Guid Inspection, Guid Rectification, string Document, Guid Draw, Guid Complaint, string Receipt, Guid Sanction, Guid Referral,
        string UnitAccount);

    /// <summary>
    /// The expectation table: one entry per endpoint, written out (no defaults). Role lists are those
    /// of the deciders' Guard.CanAct calls.
    /// </summary>
    private static Dictionary<string, Rule> Table(Ids x, Guid unitInUrumqi) => new()
    {
        // Public
        ["POST /api/auth/token"] = new(Kind.Public, "/api/auth/token", Body: new { }),
        // Any signed-in user, for their own sessions (without confirm: true it is refused, so the table's tokens live on)
        ["POST /api/auth/logout-everywhere"] = new(Kind.List, "/api/auth/logout-everywhere", Body: new { }, UnitAnswer: Outcome.Allow),
        ["POST /api/public/complaints"] = new(Kind.Public, "/api/public/complaints", Body: new { }),
        // a wrong query code is 404 for everyone (a real receipt number, so nothing is told apart)
        ["GET /api/public/complaints/{receiptNumber}"] = new(Kind.Public, $"/api/public/complaints/{x.Receipt}?code=WRONGCODE1", Answer: Outcome.NotFound),
        ["POST /api/public/complaints/status"] = new(Kind.Public, "/api/public/complaints/status", Body: new { receiptNumber = x.Receipt, code = "WRONGCODE1" }, Answer: Outcome.NotFound),
        ["GET /api/public/inspection-draws"] = new(Kind.Public, "/api/public/inspection-draws"),
        ["GET /api/public/statistics"] = new(Kind.Public, "/api/public/statistics"),
        ["GET /api/public/statistics/{jurisdiction}/{year}"] = new(Kind.Public, "/api/public/statistics/650100/2001", Answer: Outcome.NotFound),

        // Lists and reference data
        ["GET /api/units"] = new(Kind.List, "/api/units"),
        ["GET /api/inspections"] = new(Kind.List, "/api/inspections"),
        ["GET /api/rectifications"] = new(Kind.List, "/api/rectifications"),
        ["GET /api/complaints"] = new(Kind.List, "/api/complaints"),
        ["GET /api/sanction-cases"] = new(Kind.List, "/api/sanction-cases"),
        ["GET /api/referral-departments"] = new(Kind.List, "/api/referral-departments"),
        ["GET /api/referrals/inbox"] = new(Kind.List, "/api/referrals/inbox"),
        ["GET /api/referrals/outbox"] = new(Kind.List, "/api/referrals/outbox"),

        // Reads of Urumqi records (and Urumqi-scoped boards)
        ["GET /api/units/{id}"] = new(Kind.Read, $"/api/units/{x.Unit}"),
        ["GET /api/units/{id}/profile"] = new(Kind.Read, $"/api/units/{x.Unit}/profile"),
        ["GET /api/units/map"] = new(Kind.List, "/api/units/map"),
        ["GET /api/inspections/{id}"] = new(Kind.Read, $"/api/inspections/{x.Inspection}"),
        ["GET /api/inspection-draws/{id}"] = new(Kind.Read, $"/api/inspection-draws/{x.Draw}"),
        ["GET /api/inspection-draws/{id}/verification"] = new(Kind.Read, $"/api/inspection-draws/{x.Draw}/verification"),
        ["GET /api/rectifications/{id}"] = new(Kind.Read, $"/api/rectifications/{x.Rectification}"),
        ["GET /api/complaints/{id}"] = new(Kind.Read, $"/api/complaints/{x.Complaint}"),
        ["GET /api/sanction-cases/{id}"] = new(Kind.Read, $"/api/sanction-cases/{x.Sanction}"),
        ["GET /api/cases/{id}/history"] = new(Kind.Read, $"/api/cases/{x.Inspection}/history"),
        ["GET /api/cases/{id}/file"] = new(Kind.Read, $"/api/cases/{x.Rectification}/file"),
        ["GET /api/cases/{id}/file.pdf"] = new(Kind.Read, $"/api/cases/{x.Rectification}/file.pdf"),
        ["GET /api/documents/{number}"] = new(Kind.Read, $"/api/documents/{Uri.EscapeDataString(x.Document)}"),
        ["GET /api/documents/{number}.pdf"] = new(Kind.Read, $"/api/documents/{Uri.EscapeDataString(x.Document)}.pdf"),
        ["GET /api/documents/{number}/status"] = new(Kind.Read, $"/api/documents/{Uri.EscapeDataString(x.Document)}/status"),
        // 送达 (service of documents): the officers of the issuing department
        ["GET /api/documents/{number}/service"] = new(Kind.Read, $"/api/documents/{Uri.EscapeDataString(x.Document)}/service"),
        ["POST /api/documents/{number}/service"] = new(Kind.Write, $"/api/documents/{Uri.EscapeDataString(x.Document)}/service", [Inspector, Officer, Leader], Body: new { }),
        ["POST /api/documents/{number}/service-attempts"] = new(Kind.Write, $"/api/documents/{Uri.EscapeDataString(x.Document)}/service-attempts", [Inspector, Officer, Leader], Body: new { }),
        ["POST /api/documents/{number}/electronic-service"] = new(Kind.Write, $"/api/documents/{Uri.EscapeDataString(x.Document)}/electronic-service", [Inspector, Officer, Leader], Body: new { }),
        ["POST /api/documents/{number}/service/recordings"] = new(Kind.Write, $"/api/documents/{Uri.EscapeDataString(x.Document)}/service/recordings", [Inspector, Officer, Leader], Body: new { }),
        ["POST /api/documents/{number}/return-receipts"] = new(Kind.Write, $"/api/documents/{Uri.EscapeDataString(x.Document)}/return-receipts", [Inspector, Officer, Leader], Body: new { }),
        ["GET /api/documents/unserved"] = new(Kind.List, "/api/documents/unserved"),
        // Anyone holding a copy may check it (no login): the record and the seal, never the content.
        ["GET /api/documents/{number}/verify"] = new(Kind.Public, $"/api/documents/{Uri.EscapeDataString(x.Document)}/verify"),
        ["POST /api/documents/{number}/verify"] = new(Kind.Public, $"/api/documents/{Uri.EscapeDataString(x.Document)}/verify", Body: new { }),
        // The file store: any staff role uploads (an empty JSON body is refused as not multipart); a file is read by its uploader or through its case.
        ["POST /api/files"] = new(Kind.OwnDept, "/api/files", [Inspector, Handler, Officer, Legal, Leader], Body: new { }, UnitAnswer: Outcome.Allow),
        ["GET /api/files/{sha256}"] = new(Kind.NobodyElse, "/api/files/" + new string('a', 64)),
        ["POST /api/uploads"] = new(Kind.OwnDept, "/api/uploads", [Inspector, Handler, Officer, Legal, Leader], Body: new { }, UnitAnswer: Outcome.Allow),
        // The unit portal (issue 17 §1): staff have none (404); the unit's account reaches its own.
        ["GET /api/portal"] = new(Kind.NobodyElse, "/api/portal", UnitAnswer: Outcome.Allow),
        ["POST /api/portal/password"] = new(Kind.NobodyElse, "/api/portal/password", Body: new { }, UnitAnswer: Outcome.Allow),
        ["POST /api/portal/electronic-service-consent"] = new(Kind.NobodyElse, "/api/portal/electronic-service-consent", Body: new { }, UnitAnswer: Outcome.Allow),
        ["POST /api/portal/rectifications/{id}/correction-reports"] = new(Kind.NobodyElse, $"/api/portal/rectifications/{x.Rectification}/correction-reports", Body: new { }),
        // Art. 36 annual reports (issue 17 §2): the round of the caller's own department; a report of the table's unit does not exist.
        ["POST /api/annual-report-rounds"] = new(Kind.OwnDept, "/api/annual-report-rounds", [Leader], Body: new { }),
        ["GET /api/annual-report-rounds/{year}"] = new(Kind.NobodyElse, "/api/annual-report-rounds/2019?jurisdiction=650100"), // no 2019 round
        ["POST /api/annual-report-rounds/{year}/reports"] = new(Kind.NobodyElse, "/api/annual-report-rounds/2019/reports", Body: new { }),
        ["POST /api/portal/annual-reports"] = new(Kind.NobodyElse, "/api/portal/annual-reports", Body: new { }, UnitAnswer: Outcome.Allow),
        ["POST /api/annual-reports/{id}/review"] = new(Kind.NobodyElse, $"/api/annual-reports/{Guid.NewGuid()}/review", Body: new { }),
        ["GET /api/annual-reports/{id}"] = new(Kind.NobodyElse, $"/api/annual-reports/{Guid.NewGuid()}"),
        ["GET /api/annual-reports/{id}/files/{sha256}"] = new(Kind.NobodyElse, $"/api/annual-reports/{Guid.NewGuid()}/files/{new string('a', 64)}"),
        // Art. 36 第二句: a department's leader reports its region (the table's users' own); reports named by id do not exist here.
        ["POST /api/region-reports"] = new(Kind.OwnDept, "/api/region-reports", [Leader], Body: new { }),
        ["GET /api/region-reports"] = new(Kind.OwnDept, "/api/region-reports?year=2019", [Leader]),
        ["POST /api/region-reports/{id}/review"] = new(Kind.NobodyElse, $"/api/region-reports/{Guid.NewGuid()}/review", Body: new { }),
        ["GET /api/region-reports/{id}"] = new(Kind.NobodyElse, $"/api/region-reports/{Guid.NewGuid()}"),
        // Art. 39 evaluations (issue 17 §3): scoring an agency needs one; an evaluation named by id does not exist here.
        ["POST /api/agency-evaluations"] = new(Kind.Create, "/api/agency-evaluations", [Inspector], Body: new { unitId = x.Unit }, Outside: Outcome.UnknownTarget),
        ["POST /api/portal/agency-evaluations/self-assessment"] = new(Kind.NobodyElse, "/api/portal/agency-evaluations/self-assessment", Body: new { }, UnitAnswer: Outcome.Allow),
        ["POST /api/agency-evaluations/{id}/publication"] = new(Kind.NobodyElse, $"/api/agency-evaluations/{Guid.NewGuid()}/publication", Body: new { }),
        ["POST /api/portal/agency-evaluations/{id}/objection"] = new(Kind.NobodyElse, $"/api/portal/agency-evaluations/{Guid.NewGuid()}/objection", Body: new { }),
        ["POST /api/agency-evaluations/{id}/review"] = new(Kind.NobodyElse, $"/api/agency-evaluations/{Guid.NewGuid()}/review", Body: new { }),
        ["GET /api/agency-evaluations/{id}"] = new(Kind.NobodyElse, $"/api/agency-evaluations/{Guid.NewGuid()}"),
        ["GET /api/public/agency-evaluations/{year}"] = new(Kind.Public, "/api/public/agency-evaluations/2025"),
        ["POST /api/units/{id}/accounts"] = new(Kind.Write, $"/api/units/{x.Unit}/accounts", [Leader, Roles.Admin], Body: new { }),
        ["GET /api/units/{id}/accounts"] = new(Kind.Read, $"/api/units/{x.Unit}/accounts"),
        // The department keeps the unit's account (issue 17 §1): same permission as creating it; without a reason each is refused (400).
        ["POST /api/units/{id}/accounts/{userName}/disable"] = new(Kind.Write, $"/api/units/{x.Unit}/accounts/{x.UnitAccount}/disable", [Leader, Roles.Admin], Body: new { }),
        ["POST /api/units/{id}/accounts/{userName}/enable"] = new(Kind.Write, $"/api/units/{x.Unit}/accounts/{x.UnitAccount}/enable", [Leader, Roles.Admin], Body: new { }),
        ["POST /api/units/{id}/accounts/{userName}/activation-code"] = new(Kind.Write, $"/api/units/{x.Unit}/accounts/{x.UnitAccount}/activation-code", [Leader, Roles.Admin], Body: new { }),
        ["GET /api/uploads/{id}"] = new(Kind.NobodyElse, $"/api/uploads/{Guid.NewGuid()}"),
        ["PUT /api/uploads/{id}"] = new(Kind.NobodyElse, $"/api/uploads/{Guid.NewGuid()}?offset=0", Body: new { }),
        // A file the case does not name (the matrix's case has no files): 404 for everyone; EvidenceFileTests covers the named ones.
        ["GET /api/rectifications/{id}/files/{sha256}"] = new(Kind.NobodyElse, $"/api/rectifications/{x.Rectification}/files/{new string('a', 64)}"),
        ["GET /api/cases/{id}/files/{sha256}"] = new(Kind.NobodyElse, $"/api/cases/{x.Rectification}/files/{new string('a', 64)}"),
        ["GET /api/documents/{number}/service/proof"] = new(Kind.NobodyElse, $"/api/documents/{Uri.EscapeDataString(x.Document)}/service/proof"),
        ["POST /api/units/{id}/electronic-service-consent"] = new(Kind.Write, $"/api/units/{x.Unit}/electronic-service-consent", [Inspector, Officer, Leader], Body: new { }),
        ["GET /api/dashboard"] = new(Kind.Read, "/api/dashboard?jurisdiction=650100"),
        ["GET /api/dashboard/cases"] = new(Kind.Read, "/api/dashboard/cases?jurisdiction=650100&figure=inspectionsPlanned"),
        ["GET /api/deadlines"] = new(Kind.Read, "/api/deadlines?jurisdiction=650100"),
        // R25: annual statistics, Leaders of the jurisdiction or above only
        ["GET /api/statistics/{year}"] = new(Kind.Read, $"/api/statistics/{TestClock.Default.Year}?jurisdiction=650100", [Leader]),
        // the running year: past the leader check it is refused (422 year_not_over). A finished year would really publish,
        // and the next publication test would find its revision 1 taken.
        ["POST /api/statistics/{year}/publication"] = new(Kind.OwnDept, $"/api/statistics/{TestClock.Default.Year}/publication", [Leader]),
        ["GET /api/statistics/{year}.csv"] = new(Kind.Read, $"/api/statistics/{TestClock.Default.Year}.csv?jurisdiction=650100", [Leader]),
        ["GET /api/statistics/{year}.xlsx"] = new(Kind.Read, $"/api/statistics/{TestClock.Default.Year}.xlsx?jurisdiction=650100", [Leader]),

        // R12: complainant identity
        ["GET /api/complaints/{id}/complainant"] = new(Kind.Identity, $"/api/complaints/{x.Complaint}/complainant"),
        ["GET /api/complaints/{id}/complainant/export"] = new(Kind.Identity, $"/api/complaints/{x.Complaint}/complainant/export"),

        // Units
        ["POST /api/units"] = new(Kind.Create, "/api/units", [Inspector, Leader, Roles.Admin],
            Body: new { name = "矩阵测试单位", kind = "organ", jurisdictionId = "650100", creditCode = "bad" }),
        ["POST /api/units/{id}/conflicts"] = new(Kind.Write, $"/api/units/{x.Unit}/conflicts", [Leader, Roles.Admin], Body: new { }),
        ["POST /api/units/{id}/location"] = new(Kind.Write, $"/api/units/{x.Unit}/location", [Inspector, Leader, Roles.Admin], Body: new { }),

        // Inspections
        ["POST /api/inspections"] = new(Kind.Create, "/api/inspections", [Inspector, Leader],
            Body: new { unitId = unitInUrumqi, focusItems = Array.Empty<string>() }, Outside: Outcome.UnknownTarget),
        ["POST /api/inspections/{id}/start"] = new(Kind.Write, $"/api/inspections/{x.Inspection}/start", [Inspector, Leader], InspectionTeam),
        ["POST /api/inspections/{id}/obstructions"] = new(Kind.Write, $"/api/inspections/{x.Inspection}/obstructions", [Inspector, Leader], InspectionTeam),
        ["POST /api/inspections/{id}/hazards"] = new(Kind.Write, $"/api/inspections/{x.Inspection}/hazards", [Inspector, Leader], InspectionTeam),
        ["POST /api/inspections/{id}/recordings"] = new(Kind.Write, $"/api/inspections/{x.Inspection}/recordings", [Inspector, Leader], InspectionTeam),
        ["POST /api/inspections/{id}/checklist"] = new(Kind.Write, $"/api/inspections/{x.Inspection}/checklist", [Inspector, Leader], InspectionTeam),
        ["POST /api/inspections/{id}/conclude"] = new(Kind.Write, $"/api/inspections/{x.Inspection}/conclude", [Inspector, Leader], InspectionTeam),
        ["POST /api/inspections/{id}/cancel"] = new(Kind.Write, $"/api/inspections/{x.Inspection}/cancel", [Inspector, Leader], InspectionTeam),
        ["POST /api/inspections/{id}/recusal-requests"] = new(Kind.Write, $"/api/inspections/{x.Inspection}/recusal-requests", [Inspector, Leader], InspectionTeam),
        ["POST /api/inspections/{id}/recusal-decisions"] = new(Kind.Write, $"/api/inspections/{x.Inspection}/recusal-decisions", [Leader]),
        ["POST /api/inspection-draws"] = new(Kind.Create, "/api/inspection-draws", [Leader], Body: new { jurisdiction = "650100", unitCount = 0 }),

        // Rectifications
        ["POST /api/rectifications/{id}/order"] = new(Kind.Write, $"/api/rectifications/{x.Rectification}/order", [Inspector, Leader], InspectionTeam),
        ["POST /api/rectifications/{id}/extensions"] = new(Kind.Write, $"/api/rectifications/{x.Rectification}/extensions", [Leader]),
        ["POST /api/rectifications/{id}/correction-reports"] = new(Kind.Write, $"/api/rectifications/{x.Rectification}/correction-reports", [Inspector, Leader], InspectionTeam),
        ["POST /api/rectifications/{id}/reinspections"] = new(Kind.Write, $"/api/rectifications/{x.Rectification}/reinspections", [Inspector], InspectionTeam),
        ["POST /api/rectifications/{id}/officers"] = new(Kind.Write, $"/api/rectifications/{x.Rectification}/officers", [Leader]),

        // Complaints (the assigned-handler check comes after version and state, so not reached here)
        ["POST /api/complaints"] = new(Kind.Create, "/api/complaints", [Handler, Leader], Body: new { jurisdictionId = "650100" }),
        ["POST /api/complaints/{id}/acceptance"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/acceptance", [Handler, Leader]),
        ["POST /api/complaints/{id}/acceptance-notice"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/acceptance-notice", [Handler, Leader]),
        ["POST /api/complaints/{id}/assignment"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/assignment", [Handler, Leader]),
        ["POST /api/complaints/{id}/notes"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/notes", [Handler, Leader]),
        ["POST /api/complaints/{id}/inspections"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/inspections", [Handler, Leader]),
        ["POST /api/complaints/{id}/inspections/new"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/inspections/new", [Leader]),
        ["POST /api/complaints/{id}/extensions"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/extensions", [Leader]),
        ["POST /api/complaints/{id}/extension-notice"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/extension-notice", [Handler, Leader]),
        ["POST /api/complaints/{id}/conclusion"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/conclusion", [Handler, Leader]),
        ["POST /api/complaints/{id}/notifications"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/notifications", [Handler, Leader]),
        ["POST /api/complaints/{id}/closure"] = new(Kind.Write, $"/api/complaints/{x.Complaint}/closure", [Handler, Leader]),

        // Sanction cases: Team = CaseOfficer, Inspector, Leader and R1 (named investigators or a Leader)
        ["POST /api/sanction-cases"] = new(Kind.Create, "/api/sanction-cases", [Officer, Leader],
            Body: new { violation = "Art43.1", partyUnitId = unitInUrumqi, source = new { kind = "no_such_source" } }, Outside: Outcome.UnknownTarget),
        // The officer pages' form for the same command (a browser route: anonymous is sent to /login)
        ["POST /sanction-cases/new"] = new(Kind.Create, "/sanction-cases/new", [Officer, Leader],
            Body: new { violation = "Art43.1", partyUnitId = unitInUrumqi, source = new { kind = "no_such_source" } }, Outside: Outcome.UnknownTarget),
        ["POST /api/sanction-cases/{id}/evidence"] = Team(x, "evidence"),
        ["POST /api/sanction-cases/{id}/inquiries"] = Signer(x, "inquiries"),
        ["POST /api/sanction-cases/{id}/recordings"] = Team(x, "recordings"),
        ["POST /api/sanction-cases/{id}/investigation-report"] = Team(x, "investigation-report"),
        // R1: documents the actor signs (notice, hearing notice): the certified officers named on the case, never a leader without a 执法证
        ["POST /api/sanction-cases/{id}/notice"] = Signer(x, "notice"),
        ["POST /api/sanction-cases/{id}/heavier-penalty-justification"] = LeaderOnly(x, "heavier-penalty-justification"),
        ["POST /api/sanction-cases/{id}/supplementary-investigation"] = LeaderOnly(x, "supplementary-investigation"),
        ["POST /api/sanction-cases/{id}/defence"] = Team(x, "defence"),
        ["POST /api/sanction-cases/{id}/defence-waiver"] = Team(x, "defence-waiver"),
        ["POST /api/sanction-cases/{id}/hearing-request"] = Team(x, "hearing-request"),
        ["POST /api/sanction-cases/{id}/hearing"] = Signer(x, "hearing"),
        // the hearing chair (none scheduled on this case) or a Leader
        ["POST /api/sanction-cases/{id}/hearing/held"] = LeaderOnly(x, "hearing/held"),
        ["POST /api/sanction-cases/{id}/delivery"] = Team(x, "delivery"),
        ["POST /api/sanction-cases/{id}/publication"] = Team(x, "publication"),
        ["POST /api/sanction-cases/{id}/close"] = new(Kind.DeptHead, $"/api/sanction-cases/{x.Sanction}/close", [Leader]),
        ["POST /api/sanction-cases/{id}/filing-approval"] = new(Kind.DeptHead, $"/api/sanction-cases/{x.Sanction}/filing-approval", [Leader]),
        ["POST /api/sanction-cases/{id}/criminal-transfer-proposals"] = Team(x, "criminal-transfer-proposals"),
        ["POST /api/sanction-cases/{id}/criminal-transfers"] = Team(x, "criminal-transfers"),
        ["POST /api/sanction-cases/{id}/discipline-recommendations/{recommendationId}/reply"] =
            new(Kind.Write, $"/api/sanction-cases/{x.Sanction}/discipline-recommendations/{Guid.NewGuid()}/reply", [Officer, Inspector, Leader], SanctionTeam),
        ["POST /api/sanction-cases/{id}/legal-review"] = new(Kind.Write, $"/api/sanction-cases/{x.Sanction}/legal-review", [Legal]),
        ["POST /api/sanction-cases/{id}/collective-discussion"] = LeaderOnly(x, "collective-discussion"),
        ["POST /api/sanction-cases/{id}/decision"] = LeaderOnly(x, "decision"),
        ["POST /api/sanction-cases/{id}/no-penalty"] = LeaderOnly(x, "no-penalty"),
        ["POST /api/sanction-cases/{id}/publication/withdrawal"] = LeaderOnly(x, "publication/withdrawal"),
        ["POST /api/sanction-cases/{id}/decision-changes"] = LeaderOnly(x, "decision-changes"),
        ["POST /api/sanction-cases/{id}/discipline-recommendations"] = LeaderOnly(x, "discipline-recommendations"),
        // 移送规定 Art. 5: the head of the Urumqi department that handles the case, not a leader above it
        ["POST /api/sanction-cases/{id}/recusal-requests"] = Signer(x, "recusal-requests"), // recorded by an investigator of the case (R2)
        ["POST /api/sanction-cases/{id}/no-misconduct-finding"] = new(Kind.DeptHead, $"/api/sanction-cases/{x.Sanction}/no-misconduct-finding", [Leader]),
        ["POST /api/sanction-cases/{id}/recusal-decisions"] = new(Kind.DeptHead, $"/api/sanction-cases/{x.Sanction}/recusal-decisions", [Leader]),
        ["POST /api/sanction-cases/{id}/criminal-transfer-decisions"] = new(Kind.DeptHead, $"/api/sanction-cases/{x.Sanction}/criminal-transfer-decisions", [Leader]),

        // Referrals: sent from Urumqi to an external receiver, so only Urumqi's department sees it
        ["POST /api/referrals"] = new(Kind.OwnDept, "/api/referrals", [Officer, Leader], Body: new { kind = "case_transfer" }),
        ["GET /api/referrals/{id}"] = new(Kind.Sender, $"/api/referrals/{x.Referral}"),
        ["GET /api/referrals/{id}/letter"] = new(Kind.Sender, $"/api/referrals/{x.Referral}/letter"),
        ["POST /api/referrals/{id}/acknowledgement"] = new(Kind.Sender, $"/api/referrals/{x.Referral}/acknowledgement", [Officer, Leader], Body: new { }),
        ["POST /api/referrals/{id}/feedback"] = new(Kind.Sender, $"/api/referrals/{x.Referral}/feedback", [Officer, Leader], Body: new { }),
        ["POST /api/referrals/{id}/reconsideration"] = new(Kind.Sender, $"/api/referrals/{x.Referral}/reconsideration", [Officer, Leader], Body: new { }),
        ["POST /api/referrals/{id}/closure"] = new(Kind.Sender, $"/api/referrals/{x.Referral}/closure", [Officer, Leader], Body: new { }),
        // Integrity (issue 7)
        ["GET /api/admin/integrity"] = new(Kind.Admin, $"/api/admin/integrity?streamId={x.Inspection}"),
        // The official holiday calendar: everyone signed in reads it; an administrator publishes (the body here is refused as incomplete).
        ["GET /api/calendar"] = new(Kind.List, "/api/calendar"),
        ["GET /api/calendar/{year}"] = new(Kind.List, $"/api/calendar/{TestClock.Default.Year}"),
        ["POST /api/calendar/{year}"] = new(Kind.Admin, $"/api/calendar/{TestClock.Default.Year}", Body: new { }),
        ["POST /api/calendar/{year}/corrections"] = new(Kind.Admin, $"/api/calendar/{TestClock.Default.Year}/corrections", Body: new { }),
        // the archival package: whoever may see the case file (an open case is then refused with 409)
        ["GET /api/cases/{id}/archive"] = new(Kind.Read, $"/api/cases/{x.Rectification}/archive"),

        ["POST /api/referrals/{id}/redelivery"] = new(Kind.Sender, $"/api/referrals/{x.Referral}/redelivery", [Officer, Leader], Body: new { }),
    };

    private static Rule Team(Ids x, string step) => new(Kind.Write, $"/api/sanction-cases/{x.Sanction}/{step}", [Officer, Inspector, Leader], SanctionTeam);
    private static Rule Signer(Ids x, string step) => new(Kind.Write, $"/api/sanction-cases/{x.Sanction}/{step}", [Officer, Inspector], SanctionTeam);
    private static Rule LeaderOnly(Ids x, string step) => new(Kind.Write, $"/api/sanction-cases/{x.Sanction}/{step}", [Leader]);

    public static Outcome Expected(Rule rule, User? user)
    {
        if (user is null) return rule.Kind == Kind.Public ? rule.Answer : Outcome.Unauthenticated;
        if (user.Role == Roles.Unit) return rule.Kind == Kind.Public ? rule.Answer : rule.UnitAnswer;
        var inScope = user.Rel is Rel.Own or Rel.Parent;
        var hasRole = rule.Roles is null || rule.Roles.Contains(user.Role);
        return rule.Kind switch
        {
            Kind.Public => rule.Answer,
            Kind.List => Outcome.Allow,
            Kind.Read => !inScope ? Outcome.NotFound : hasRole ? Outcome.Allow : Outcome.Forbidden,
            Kind.Write => !inScope ? Outcome.NotFound
                : !hasRole ? Outcome.Forbidden
                : rule.Team is { } team && user.Role != Leader && !team.Contains(user.Name) ? Outcome.Forbidden
                : Outcome.Allow,
            Kind.Create => !inScope ? rule.Outside : hasRole ? Outcome.Allow : Outcome.Forbidden,
            Kind.OwnDept => hasRole ? Outcome.Allow : Outcome.Forbidden,
            Kind.Sender => user.Rel != Rel.Own ? Outcome.NotFound : hasRole ? Outcome.Allow : Outcome.Forbidden,
            Kind.Identity => !inScope ? Outcome.NotFound
                : user.Name == "urumqi.handler" || (user.Role == Leader && user.Jurisdiction == "650100") ? Outcome.Allow
                : Outcome.Forbidden,
            Kind.Admin => user.Role == Roles.Admin ? Outcome.Allow : Outcome.Forbidden,
            Kind.NobodyElse => Outcome.NotFound,
            Kind.DeptHead => !inScope ? Outcome.NotFound : user.Role == Leader && user.Jurisdiction == "650100" ? Outcome.Allow : Outcome.Forbidden,
            _ => throw new InvalidOperationException(rule.Kind.ToString()),
        };
    }

    private static Outcome Observed(int status, JsonElement body, string url, string? location) => status switch
    {
        >= 500 => Outcome.ServerError,
        401 => Outcome.Unauthenticated,
        // Browser routes outside /api send an anonymous caller to the login page; /api routes never redirect.
        302 when !url.StartsWith("/api/") && location is not null && new Uri(new Uri("http://localhost"), location).AbsolutePath == "/login" => Outcome.Unauthenticated,
        403 => Outcome.Forbidden,
        404 => Outcome.NotFound,
        400 when body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) && c.GetString() == "unknown_unit" => Outcome.UnknownTarget,
        _ => Outcome.Allow,
    };

    [Fact]
    public async Task Every_endpoint_every_role_every_jurisdiction_gets_the_expected_allow_or_deny()
    {
        var x = await Setup();
        var table = Table(x, x.Unit);
        var endpoints = Endpoints.Of(app.Host.Services);
        Assert.True(endpoints.Count >= 80, $"only {endpoints.Count} endpoints found");

        // Deny by default: every endpoint needs an entry, and every entry an endpoint.
        var missing = endpoints.Select(e => e.Key).Where(k => !table.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Endpoints without an entry in the authorisation table (add one with the expected allow/deny):\n" + string.Join("\n", missing));
        var stale = table.Keys.Except(endpoints.Select(e => e.Key)).ToList();
        Assert.True(stale.Count == 0, "Entries for endpoints that no longer exist:\n" + string.Join("\n", stale));

        foreach (var u in Users) await TokenFor(u.Name);
        var before = await LastSequence();

        var failures = new List<string>();
        var cells = 0;
        var ip = 0;
        var identityViews = 0;
        foreach (var ep in endpoints)
        {
            var rule = table[ep.Key];
            foreach (var user in Users.Cast<User?>().Prepend(null))
            {
                var (status, body, location) = await Send(ep.Method, rule, user?.Name, IPAddress.Parse($"127.77.{ip / 250 % 250}.{ip++ % 250 + 1}"));
                var expected = Expected(rule, user);
                var observed = Observed(status, body, rule.Url, location);
                cells++;
                if (rule.Kind == Kind.Identity && observed == Outcome.Allow) identityViews++;
                if (observed != expected)
                    failures.Add($"{ep.Key} as {user?.Name ?? "anonymous"} ({user?.Role}, {user?.Rel}): expected {expected}, got {status} {Trim(body)}");
            }
        }
        output.WriteLine($"{endpoints.Count} endpoints × {Users.Length + 1} principals = {cells} cells, {failures.Count} mismatches");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cells} cells differ from the table:\n" + string.Join("\n", failures));

        // Nothing was written by any request of the matrix, refused or allowed-then-rejected, except the R12 views.
        var written = await EventsAfter(before);
        output.WriteLine($"events written by the matrix: {written.Count} ({identityViews} identity views allowed)");
        Assert.True(identityViews == 4, $"expected the handler and the leader to view and export the identity once each, got {identityViews}");
        // A document's PDF is rendered once, by the background pass or the first download, and recorded (issue 13 §4): the system
        // keeping what was issued, not a write of the request.
        written = written.Where(e => e.Type != "document_pdf_rendered").ToList();
        var unexpected = written.Where(e => !(e.Type == "complainant_identity_viewed" && e.Stream == x.Complaint)).ToList();
        Assert.True(unexpected.Count == 0, "the matrix wrote events:\n" + string.Join("\n", unexpected));
        Assert.Equal(identityViews, written.Count);
    }

    private async Task<long> LastSequence()
    {
        await using var conn = new Npgsql.NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"select coalesce(max(seq_id), 0) from {app.Schema}.mt_events", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Every event stored after <paramref name="sequence"/> (Marten's tombstones of failed appends left out): type, stream, user.</summary>
    private async Task<List<(string Type, Guid Stream, string? User)>> EventsAfter(long sequence)
    {
        await using var conn = new Npgsql.NpgsqlConnection(AppFixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            $"select type, stream_id, user_name from {app.Schema}.mt_events where seq_id > @s and type <> 'tombstone' order by seq_id", conn);
        cmd.Parameters.AddWithValue("s", sequence);
        var rows = new List<(string, Guid, string?)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add((r.GetString(0), r.GetGuid(1), r.IsDBNull(2) ? null : r.GetString(2)));
        return rows;
    }

    [Fact]
    public async Task Anonymous_gets_401_on_every_endpoint_that_is_not_public()
    {
        var publicOnes = new HashSet<string> { "POST /api/auth/token", "POST /api/public/complaints", "GET /api/public/complaints/{receiptNumber}", "POST /api/public/complaints/status", "GET /api/public/inspection-draws",
            "GET /api/public/statistics", "GET /api/public/statistics/{jurisdiction}/{year}", "GET /api/public/agency-evaluations/{year}",
            "GET /api/documents/{number}/verify", "POST /api/documents/{number}/verify" }; // a copy's holder checks it without an account
        var failures = new List<string>();
        var endpoints = Endpoints.Of(app.Host.Services);
        foreach (var ep in endpoints.Where(e => !publicOnes.Contains(e.Key)))
        {
            var url = string.Join("/", ep.Pattern.Split('/').Select(s => s.StartsWith('{') ? Guid.NewGuid().ToString() : s.Contains('{') ? "2026" + s[s.IndexOf('}')..][1..] : s));
            var (status, body, location) = await Send(ep.Method, new Rule(Kind.List, url, Body: new { }), null, IPAddress.Loopback);
            var refused = url.StartsWith("/api/")
                ? status == 401 && body.ValueKind == JsonValueKind.Object && body.GetProperty("code").GetString() == "unauthenticated"
                : Observed(status, body, url, location) == Outcome.Unauthenticated;
            if (!refused) failures.Add($"{ep.Key} → {status} {location} {Trim(body)}");
        }
        foreach (var (path, method) in new[] { ("/health/live", "GET"), ("/health/ready", "GET"), ("/openapi/v1.json", "GET") })
        {
            var (status, _, _) = await Send(method, new Rule(Kind.Public, path), null, IPAddress.Loopback);
            if (status != 200) failures.Add($"{method} {path} (public) → {status}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Trim(JsonElement body)
    {
        var s = body.ToString();
        return s.Length > 300 ? s[..300] + "…" : s;
    }

    /// <summary>Tokens from POST /api/auth/token.</summary>
    private Task TokenFor(string user) => app.TokenFor(user);

    private async Task<(int Status, JsonElement Body, string? Location)> Send(string method, Rule rule, string? user, IPAddress ip)
    {
        var token = user is null ? null : await app.TokenFor(user);
        var result = await app.Host.Scenario(s =>
        {
            if (method == "GET") s.Get.Url(rule.Url);
            else if (method == "PUT") s.Put.Json(rule.Body ?? new { }).ToUrl(rule.Url);
            else s.Post.Json(rule.Body ?? new { }).ToUrl(rule.Url);
            if (token is not null) s.WithRequestHeader("Authorization", "Bearer " + token);
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = ip); // public routes are rate-limited per address
            s.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        JsonElement json;
        try { json = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : JsonSerializer.SerializeToElement(text.Length > 80 ? text[..80] : text); }
        catch (JsonException) { json = JsonSerializer.SerializeToElement(text.Length > 80 ? text[..80] : text); }
        return (result.Context.Response.StatusCode, json, result.Context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null);
    }

    /// <summary>One record of each kind in Urumqi, with known named officers.</summary>
    private async Task<Ids> Setup()
    {
        var unit = await app.UnitIn("650100");
        // Planned inspection (team urumqi.inspector1/2) and, from another one, a rectification with an order (a document number).
        var inspection = await _given.PlannedInspection();
        var (rectification, order) = await _given.Ordered();
        var draw = await _api.Ok(_api.Post("urumqi.leader", "/api/inspection-draws",
            new { jurisdiction = "650100", unitCount = 1, focusItems = new[] { "Art37.1" }, plannedOn = app.Day(10) }), 201);
        var complaint = await _api.Ok(_api.Post("urumqi.handler", "/api/complaints", new
        {
            channel = "letter", receivedAt = app.Clock.GetUtcNow().AddHours(-2), anonymous = false,
            complainant = Complaints.ComplaintFlowTests.Identity("矩阵测试人"), unitId = unit.Id, allegation = "档案库房漏水", requestedOutcome = "责令整改",
        }), 201);
        var complaintId = complaint.Id();
        await _api.Ok(_api.Post("urumqi.handler", $"/api/complaints/{complaintId}/acceptance", new { version = 1, decision = "accepted", reason = "属于本部门职责" }));
        await _api.Ok(_api.Post("urumqi.leader", $"/api/complaints/{complaintId}/assignment", new { version = 2, handlerId = "urumqi.handler" }));
        var sanction = await _api.Ok(_api.Post("urumqi.officer", "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "矩阵测试",
            investigatorIds = SanctionTeam, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201);
        var referral = await _api.Ok(_api.Post("urumqi.officer", "/api/referrals", new
        {
            source = new { kind = "direct" }, receiverId = "market-650100", kind = "information_sharing", summary = "通报某公司档案外包服务资质问题",
        }), 201);
        var account = await _api.Ok(_api.Post("urumqi.leader", $"/api/units/{unit.Id}/accounts", new
        {
            userName = "matrix." + Guid.NewGuid().ToString("N")[..10], contactName = "矩阵测试联系人", mobile = "13912345678",
        }), 201);
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return new Ids(unit.Id, inspection, rectification, order.Str("documentNumber"), draw.Id("drawId"), complaintId,
            complaint.Str("receiptNumber"), sanction.Id(), referral.Id(), account.Str("userName"));
    }
}
