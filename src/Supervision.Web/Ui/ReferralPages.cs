using System.Security.Claims;
using Marten;
using Supervision.CaseRecords;
using Supervision.Referrals;
using Supervision.Shared;
using Supervision.Web.Pages.Referrals;
using Supervision.Web.Pages.Shared;
using static Supervision.Web.Pages.PageResults;

namespace Supervision.Web.Ui;

/// <summary>
/// 案件移送 pages (Art. 42, R23): the inbox and outbox (the queries behind GET /api/referrals/inbox and /outbox),
/// the sending form (POST /api/referrals) and the referral with the steps open to the reader's side. The pages are
/// components in Pages/Referrals.
/// </summary>
public static class ReferralPages
{
    public static void MapReferralPages(this WebApplication app)
    {
        app.MapGet("/referrals", List).RequireAuthorization();
        app.MapGet("/referrals/new", New).RequireAuthorization();
        app.MapGet("/referrals/{id:guid}", Show).RequireAuthorization();
    }

    private static async Task<IResult> List(ClaimsPrincipal user, ReadSessions reads, WorkingDayCalendar calendar, TimeProvider clock,
        int? inbox, int? outbox, bool? awaitingReply, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // the replica when configured and current (issue 18 §4)
        var actor = Actor.From(user);
        try
        {
            var received = await ReferralQueries.Inbox(user, session, awaitingReply, inbox, OfficerPages.PageSize, ct);
            var sent = await ReferralQueries.Outbox(user, session, awaitingReply, outbox, OfficerPages.PageSize, ct);
            return Page<ReferralListPage>(new ReferralListView(actor, received, sent, awaitingReply == true, calendar, WorkingDayCalendar.BeijingToday(clock.GetUtcNow())));
        }
        catch (RuleViolation v)
        {
            return Page<RefusedPage>(new RefusedView("案件移送", actor, Fmt.Message(v), "/referrals", "返回案件移送"), v.Status);
        }
    }

    private static async Task<IResult> New(ClaimsPrincipal user, IQuerySession session, string? sourceKind, Guid? sourceId, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (!actor.IsIn(Roles.CaseOfficer, Roles.Leader, Roles.Inspector))
            return Page<RefusedPage>(new RefusedView("移送案件", actor, "只有案件承办人员、领导（以及通报信息的执法检查人员）可以移送。", "/referrals", "返回案件移送"), 403);
        // The register, as GET /api/referral-departments lists it; not one's own archives department.
        var departments = (await ReceivingDepartments.List(session, ct))
            .Where(d => d.Id != ReceivingDepartments.ArchivesId(actor.JurisdictionId)).ToList();
        var kind = ReferralNames.SourceKinds.Any(s => s.Value == sourceKind) ? sourceKind! : "direct";
        return Page<NewReferralPage>(new NewReferralView(actor, departments, kind, sourceId));
    }

    private static async Task<IResult> Show(Guid id, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var r = await session.LoadAsync<Referral>(id, ct);
        // Only the sending department and the receiving archives department; anyone else: no such referral.
        if (r is null || !ReferralAccess.CanSee(r, actor)) return Results.NotFound();
        var view = ReferralView.Of(r, actor);
        return Page<ReferralCasePage>(new ReferralCaseView(actor, r, view.Side == "sender", await CaseHistory.LoadAsync(session, r.Id, ct),
            OpenSteps(r, actor, clock.GetUtcNow()), Supervision.Integrity.ArchivePackage.IsClosed(r)));
    }

    /// <summary>The steps open to the reader now, asked of <see cref="ReferralSteps"/> (the API decides again on sending).</summary>
    private static HashSet<string> OpenSteps(Referral r, Actor a, DateTimeOffset now)
    {
        var v = r.Version;
        var open = new HashSet<string>();
        if (OfficerPages.Allowed(() => ReferralSteps.Decide(r, new AcknowledgeReferral(v), a, now))) open.Add("acknowledge");
        if (OfficerPages.Allowed(() => ReferralSteps.Decide(r, new GiveFeedback(v, null, null), a, now))) open.Add("feedback");
        if (ReferralAccess.IsReceiver(r, a) && a.IsIn(Roles.CaseOfficer, Roles.Leader) && r.AcknowledgedAt is not null && r.Status != ReferralStatus.Closed)
            open.Add("open-case");
        if (OfficerPages.Allowed(() => ReferralSteps.Decide(r, new RequestReconsideration(v, null), a, now))) open.Add("reconsider");
        if (OfficerPages.Allowed(() => ReferralSteps.Decide(r, new RedeliverReferral(v), a, Guid.Empty, now))) open.Add("redeliver");
        if (OfficerPages.Allowed(() => ReferralSteps.Decide(r, new CloseReferral(v, null), a, now))) open.Add("close");
        return open;
    }
}
