using Marten;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Sanctions;
using Supervision.Rectifications;
using Supervision.Shared;

namespace Supervision.Web.Pages.Workbench;

/// <summary>One step waiting for the signed-in user (待办): what, on which case, since when.</summary>
public sealed record TodoItem(string Kind, string Title, string Href, DateTimeOffset Since);

/// <summary>
/// The 待办 list: steps that only this user's role in this department can take, oldest first. A leader assigns handlers,
/// decides recusals (inspections and sanction cases), decides penalties after an approving legal review and decides
/// criminal transfers; a legal reviewer reviews noticed cases. Only the user's own department: a region's leader does not
/// decide a county's steps.
/// </summary>
public static class Todos
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    // The queues of one department in a rare state. Each has a partial index whose predicate is the SQL Marten writes for
    // its condition (Supervision.Shared.WorkQueueIndexes): change a condition here and WorkQueueIndexTests says whether the
    // index still serves it.
    public static IQueryable<Complaint> UnassignedComplaints(IQuerySession session, string dept) => session.Query<Complaint>()
        .Where(c => c.JurisdictionId == dept && c.Status == ComplaintStatus.Accepted && c.HandlerId == null).Take(100);

    public static IQueryable<Inspection> PendingRecusals(IQuerySession session, string dept) => session.Query<Inspection>()
        .Where(i => i.JurisdictionId == dept && i.PendingRecusals.Any()).Take(100);

    public static IQueryable<Inspection> Unrecorded(IQuerySession session, string dept) => session.Query<Inspection>()
        .Where(i => i.JurisdictionId == dept && i.Status == InspectionStatus.InProgress && !i.Recordings.Any())
        .OrderBy(i => i.StartedAt).Take(50);

    public static IQueryable<Rectification> WithUnitReports(IQuerySession session, string dept) => session.Query<Rectification>()
        .Where(r => r.DepartmentId == dept && r.Status != RectificationStatus.Closed && r.UnitReports.Any()).Take(200);

    // The workbench's own lists, also served by partial indexes (WorkQueueIndexes): in the jurisdiction's order of dates the
    // open few come after years of closed cases (at 10 M events the open inspections' list walked 393,000 concluded ones
    // by planned date, 0.45-0.6 s for every workbench; the unassigned complaints 130,000 assigned ones, 0.46 s).

    /// <summary>Planned and ongoing inspections of the actor's jurisdiction (an inspector's own), earliest first.</summary>
    public static IQueryable<Inspection> OpenInspections(IQuerySession session, Actor actor)
    {
        var query = session.Query<Inspection>()
            .Where(i => i.JurisdictionPath.StartsWith(actor.JurisdictionPath) && (i.Status == InspectionStatus.Planned || i.Status == InspectionStatus.InProgress));
        // An inspector sees their own inspections: filtered in the query, before the page limit, or a busy
        // jurisdiction's first 50 could leave theirs out.
        if (actor.Role == Roles.Inspector) query = query.Where(i => i.Inspectors.Any(x => x.UserName == actor.UserName));
        return query.OrderBy(i => i.PlannedOn).Take(50);
    }

    /// <summary>Complaints of the actor's jurisdiction and below still without a handler, by acceptance deadline.</summary>
    public static IQueryable<Complaint> UnassignedInScope(IQuerySession session, Actor actor) => session.Query<Complaint>()
        .Where(c => c.JurisdictionPath.StartsWith(actor.JurisdictionPath) && c.Status != ComplaintStatus.Closed && c.HandlerId == null)
        .OrderBy(c => c.AcceptanceDueOn).Take(50);

    public static async Task<IReadOnlyList<TodoItem>> ForAsync(Actor actor, IQuerySession session, CancellationToken ct)
    {
        var dept = actor.JurisdictionId;
        var items = new List<TodoItem>();
        if (actor.Role == Roles.Leader)
        {
            var unassigned = await UnassignedComplaints(session, dept).ToListAsync(ct);
            items.AddRange(unassigned.Select(c => new TodoItem("指定承办人", $"投诉举报 {c.ReceiptNumber}（{c.UnitName}）", $"/complaints/{c.Id}", c.DecidedAt ?? c.ReceivedAt)));

            var inspections = await PendingRecusals(session, dept).ToListAsync(ct);
            items.AddRange(inspections.Select(i => new TodoItem("回避申请", $"检查 {i.UnitName}（{i.PendingRecusals.Count} 人申请回避）", $"/inspections/{i.Id}",
                new DateTimeOffset(i.PlannedOn.ToDateTime(TimeOnly.MinValue), Beijing))));

            // 执法全过程记录: inspections on site whose required recording is missing, before they can be concluded (issue 16 §1).
            var unrecorded = await Unrecorded(session, dept).ToListAsync(ct);
            foreach (var i in unrecorded)
                if (FullProcessRecording.Checklist(i).Where(x => x.Missing).Select(x => x.Name).ToList() is { Count: > 0 } missing)
                    items.Add(new TodoItem("执法全过程记录缺失", $"检查 {i.UnitName}：{string.Join("、", missing)}", $"/inspections/{i.Id}", i.StartedAt ?? i.PlannedAt));

            // 执法全过程记录: documents of this department served on site (direct, 留置) without a recording of the service.
            // The department's own documents in SQL (numbers start with its prefix): a region's leader does not page through
            // every county's services to find the region's few.
            var prefix = JurisdictionCatalogue.Find(dept)?.DocumentPrefix ?? dept;
            var unrecordedServices = await session.Query<Supervision.Documents.DocumentService>()
                .Where(s => s.Number.StartsWith(prefix) && s.JurisdictionPath.StartsWith(actor.JurisdictionPath) && s.Served != null && !s.Recordings.Any())
                .Take(500).ToListAsync(ct);
            foreach (var s in unrecordedServices.Where(s => Supervision.Documents.ServiceRecordings.StepOf(s.Served!.Method) is not null
                         && DocumentNumbers.DepartmentOf(s.Number, s.DocumentType)?.Id == dept).OrderBy(s => s.Served!.RecordedAt).Take(50))
                items.Add(new TodoItem("执法全过程记录缺失", $"{DocumentTypes.Title(s.DocumentType)} {s.Number}：{Supervision.Documents.ServiceRecordings.StepOf(s.Served!.Method)!.Name}未附录音录像",
                    $"/documents/{Uri.EscapeDataString(s.Number)}/service", s.Served!.RecordedAt));

            var cases = await session.Query<SanctionCase>()
                .Where(c => c.DepartmentId == dept && c.Status != SanctionStatus.Closed &&
                            (c.FilingApproval == null || c.PendingRecusals.Any() || c.CriminalTransfer == CriminalTransferStatus.Proposed ||
                             (c.HearingRecords.Any() && !c.Recordings.Any()) ||
                             (c.Status == SanctionStatus.Noticed && c.LegalReviewApproved == true)))
                .Take(200).ToListAsync(ct);
            foreach (var c in cases)
            {
                var href = $"/sanction-cases/{c.Id}";
                // 执法全过程记录: a hearing held without its recording (issue 16 §1).
                if (FullProcessRecording.Checklist(c).Any(x => x.Missing))
                    items.Add(new TodoItem("执法全过程记录缺失", $"行政处罚案件 {c.PartyName}：听证未附录音录像", href,
                        new DateTimeOffset(c.HearingRecords[^1].HeldOn.ToDateTime(TimeOnly.MinValue), Beijing)));
                if (c.FilingApproval is null)
                    items.Add(new TodoItem("立案审批", $"行政处罚案件 {c.PartyName}：待批准立案", href, c.OpenedAt));
                if (c.PendingRecusals.Count > 0)
                    items.Add(new TodoItem("回避申请", $"行政处罚案件 {c.PartyName}（{c.PendingRecusals.Count} 人申请回避）", href,
                        new DateTimeOffset(c.PendingRecusals.Min(r => r.ReceivedOn).ToDateTime(TimeOnly.MinValue), Beijing)));
                if (c.CriminalTransfer == CriminalTransferStatus.Proposed)
                    items.Add(new TodoItem("移送审批", $"行政处罚案件 {c.PartyName}：涉嫌犯罪移送公安机关", href, c.TransferProposedAt ?? c.OpenedAt));
                if (c.Status == SanctionStatus.Noticed && c.LegalReviewApproved == true)
                    items.Add(new TodoItem("处罚决定", $"行政处罚案件 {c.PartyName}（{c.NoticeNumber}）：法制审核已通过，待作出决定", href, c.OpenedAt));
            }
        }
        if (actor.IsIn(Roles.Inspector, Roles.Leader))
        {
            // Issue 17: what units and the departments below submitted, for this department to act on.
            var unitReports = await WithUnitReports(session, dept).ToListAsync(ct);
            foreach (var r in unitReports.Where(r => r.UnitReportAwaitsOfficers && (actor.Role == Roles.Leader || r.Inspectors.Any(i => i.UserName == actor.UserName))))
                items.Add(new TodoItem("单位整改报告待核实", $"{r.UnitName}：{r.DocumentNumber}", $"/rectifications/{r.Id}", r.UnitReports[^1].SubmittedAt));
            var annual = await session.Query<Supervision.AnnualReports.AnnualReport>()
                .Where(r => r.DepartmentId == dept && r.Status == Supervision.AnnualReports.AnnualReportStatus.Submitted).Take(100).ToListAsync(ct);
            items.AddRange(annual.Select(r => new TodoItem("年度报告待审核", $"{r.Year} 年度 {r.UnitName}", $"/annual-reports/{r.Id}",
                new DateTimeOffset(r.LastReceivedOn.ToDateTime(TimeOnly.MinValue), Beijing))));
            var regions = await session.Query<Supervision.AnnualReports.RegionAnnualReport>()
                .Where(r => r.ParentDepartmentId == dept && r.Status == Supervision.AnnualReports.RegionReportStatus.Submitted).Take(100).ToListAsync(ct);
            items.AddRange(regions.Select(r => new TodoItem("区域年报待审核", $"{r.Year} 年度 {JurisdictionCatalogue.Find(r.DepartmentId)?.DepartmentName}",
                $"/region-reports/{r.Id}", r.SubmittedAt)));
        }
        if (actor.Role == Roles.LegalReviewer)
        {
            var reviews = await session.Query<SanctionCase>()
                .Where(c => c.DepartmentId == dept && c.Status == SanctionStatus.Noticed && c.LegalReviewApproved == null).Take(100).ToListAsync(ct);
            items.AddRange(reviews.Select(c => new TodoItem("法制审核", $"行政处罚案件 {c.PartyName}（{c.NoticeNumber}）", $"/sanction-cases/{c.Id}", c.OpenedAt)));
        }
        return items.OrderBy(i => i.Since).ToList();
    }
}
