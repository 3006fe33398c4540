using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;

namespace Supervision.Shared;

/// <summary>
/// Partial indexes for the workbench's to-do queues (<c>Supervision.Web/Pages/Workbench/Todos.cs</c>): each queue asks for
/// the few cases of one department in a rare state, and without them each read every snapshot's JSON (the region leader's
/// workbench 0.6 s at 1.1 M events, five such scans). The predicates are the exact SQL Marten writes for the queues' LINQ
/// conditions — PostgreSQL uses a partial index only when the query's condition contains its predicate — and
/// WorkQueueIndexTests checks with EXPLAIN that each queue still uses its index.
/// </summary>
public static class WorkQueueIndexes
{
    public static IReadOnlyList<CustomIndex> All =>
    [
        // 单位整改报告待核实: rectifications with a unit's report (issue 17).
        CustomIndex.OnDocuments<Rectification>("mt_doc_rectification_idx_queue_unit_reports",
            "((data ->> 'departmentId')) WHERE data @? '$ ? (@.unitReports[*] != null && @.unitReports[*].size() > 0)'"),
        // 回避申请: inspections with a pending recusal (R1).
        CustomIndex.OnDocuments<Inspection>("mt_doc_inspection_idx_queue_recusals",
            "((data ->> 'jurisdictionId')) WHERE data @? '$ ? (@.pendingRecusals != null && @.pendingRecusals.size() > 0)'"),
        // 执法全过程记录: inspections on site without a recording, oldest first (issue 16 §1).
        CustomIndex.OnDocuments<Inspection>("mt_doc_inspection_idx_queue_unrecorded",
            "((data ->> 'jurisdictionId'), (data ->> 'status'), {schema}.mt_immutable_timestamptz(data ->> 'startedAt'))" +
            " WHERE data @? '$ ? (@.recordings == null || @.recordings.size() == 0)'"),
        // 工作台: planned and ongoing inspections by planned date; complaints without a handler by acceptance deadline.
        CustomIndex.OnDocuments<Inspection>("mt_doc_inspection_idx_open_by_planned_on",
            "({schema}.mt_immutable_date(data ->> 'plannedOn')) WHERE (data ->> 'status' = 'Planned' OR data ->> 'status' = 'InProgress')"),
        CustomIndex.OnDocuments<Complaint>("mt_doc_complaint_idx_unassigned_by_acceptance_due",
            "({schema}.mt_immutable_date(data ->> 'acceptanceDueOn')) WHERE data ->> 'handlerId' IS NULL"),
        // 指定承办人: accepted complaints without a handler.
        CustomIndex.OnDocuments<Complaint>("mt_doc_complaint_idx_queue_unassigned",
            "((data ->> 'jurisdictionId'), (data ->> 'status')) WHERE data ->> 'handlerId' IS NULL"),
    ];
}
