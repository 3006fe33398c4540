using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;
using Wolverine.Http;

namespace Supervision.CaseRecords;

/// <summary>One entry of a case's legal record (R24): what happened, when, by whom, in which request.</summary>
/// <param name="DeviceTime">When the device recorded the step, for a step recorded offline and sent later (<see cref="Shared.DeviceTime"/>);
/// <paramref name="Timestamp"/> is always the server's time of receipt.</param>
public sealed record CaseHistoryEntry(long Version, string Event, string EventName, DateTimeOffset Timestamp, string? UserName,
    string? CorrelationId, string? CausationId, object Data, DateTimeOffset? DeviceTime = null);

public static class CaseHistory
{
    /// <summary>Chinese names of the events, as shown in the case record.</summary>
    public static readonly IReadOnlyDictionary<string, string> EventNames = new Dictionary<string, string>
    {
        [nameof(InspectionPlanned)] = "制定检查计划",
        [nameof(InspectionStarted)] = "开始现场检查",
        [nameof(ObstructionRecorded)] = "记录拒绝、阻碍检查",
        [nameof(ProcessRecordingAttached)] = "附执法全过程记录（录音录像）",
        [nameof(InspectionChecklistScored)] = "检查清单评分",
        [nameof(Supervision.Portal.UnitCorrectionReportSubmitted)] = "单位通过门户提交整改报告",
        [nameof(HazardRecorded)] = "记录档案安全隐患",
        [nameof(RecusalRequested)] = "当事人申请回避",
        [nameof(RecusalDecided)] = "作出回避决定",
        [nameof(InspectionConcluded)] = "作出检查结论",
        [nameof(InspectionCancelled)] = "取消检查",
        [nameof(HazardFound)] = "发现档案安全隐患",
        [nameof(RectificationOrdered)] = "下达责令限期改正通知书",
        [nameof(DeadlineExtended)] = "批准延长整改期限",
        [nameof(RectificationDeadlineRecalculated)] = "依公布的节假日安排重新计算整改期限",
        [nameof(ComplaintClockRecounted)] = "依公布的节假日安排重新计算期限",
        [nameof(SanctionClockRecounted)] = "依公布的节假日安排重新计算期限",
        [nameof(ReferralClockRecounted)] = "依公布的节假日安排重新计算期限",
        [nameof(RectificationOfficersAssigned)] = "指派执法人员",
        [nameof(RectificationOfficerRecused)] = "执法人员回避（检查中准予回避）",
        [nameof(CorrectionReported)] = "单位报告整改情况",
        [nameof(ReinspectionPassed)] = "复查通过",
        [nameof(ReinspectionFailed)] = "复查未通过",
        [nameof(RectificationDeadlineApproaching)] = "整改期限即将届满提醒",
        [nameof(RectificationOverdue)] = "逾期未改正",
        [nameof(RandomDrawPerformed)] = "随机抽取检查对象和执法人员",
        [nameof(RandomDrawSuperseded)] = "重新抽取，原抽取结果作废",
        [nameof(ComplaintReceived)] = "登记投诉举报",
        [nameof(AcceptanceDecided)] = "作出受理决定",
        [nameof(ComplaintAssigned)] = "指定承办人",
        [nameof(InvestigationNoteAdded)] = "记录调查情况",
        [nameof(InspectionLinked)] = "关联监督检查",
        [nameof(HandlingExtended)] = "批准延长办理期限",
        [nameof(ExtensionNoticeIssued)] = "告知投诉人延期及理由",
        [nameof(AcceptanceNoticeSent)] = "告知投诉人受理决定",
        [nameof(ComplaintConcluded)] = "作出处理结论",
        [nameof(NotificationRequested)] = "发送处理结果告知",
        [nameof(ComplainantNotified)] = "告知投诉人处理结果",
        [nameof(NotificationFailed)] = "告知发送失败",
        [nameof(ComplaintClosed)] = "办结",
        [nameof(ComplainantIdentityViewed)] = "查看投诉人身份信息",
        [nameof(AcceptanceOverdue)] = "受理逾期",
        [nameof(HandlingOverdue)] = "办理逾期",
        [nameof(NotificationOverdue)] = "告知逾期",
        ["SanctionCaseOpened"] = "立案",
        ["EvidenceAdded"] = "收集证据",
        ["InvestigationReported"] = "提交调查终结报告",
        ["PenaltyNoticeIssued"] = "作出行政处罚事先告知书",
        ["PenaltyNoticeServed"] = "行政处罚事先告知书送达当事人",
        ["SupplementaryInvestigationOpened"] = "补充调查（原事先告知书作废）",
        ["DefenceReceived"] = "收到陈述申辩",
        ["DefenceWaived"] = "当事人放弃陈述申辩",
        ["HearingRequested"] = "当事人申请听证",
        ["HearingScheduled"] = "发出听证通知",
        ["HearingHeld"] = "举行听证",
        [nameof(Supervision.Sanctions.SanctionRecordingAttached)] = "附听证全过程录音录像",
        ["LegalReviewCompleted"] = "法制审核",
        ["CollectiveDiscussionHeld"] = "集体讨论",
        ["PenaltyDecided"] = "作出行政处罚决定",
        ["NoPenaltyDecided"] = "决定不予处罚",
        ["DecisionDelivered"] = "送达处罚决定书",
        ["DecisionPublished"] = "公开处罚决定",
        ["PublicationWithdrawn"] = "撤回公开",
        ["SanctionCaseClosed"] = "结案",
        ["DecisionOverdue"] = "处罚决定逾期",
        ["DeliveryOverdue"] = "送达逾期",
        ["PublicationOverdue"] = "公开逾期",
        ["DecisionChanged"] = "变更或撤销处罚决定",
        ["PublicationWithdrawalOverdue"] = "撤回公开逾期",
        ["DisciplineRecommended"] = "发出处分建议书",
        ["DisciplineReplyReceived"] = "收到处分建议书面回复",
        ["DisciplineReplyOverdue"] = "处分建议回复逾期",
        ["SanctionRecusalRequested"] = "当事人申请回避",
        ["SanctionRecusalDecided"] = "作出回避决定",
        ["NoMisconductFound"] = "负责人认定未发现违纪违法行为（结案）",
        ["CriminalTransferProposed"] = "提出涉嫌犯罪案件移送建议",
        ["CriminalTransferDecided"] = "负责人作出移送决定",
        ["CriminalCaseTransferred"] = "移送公安机关",
        ["TransferDecisionOverdue"] = "移送决定逾期",
        ["TransferLetterOverdue"] = "移送公安机关逾期",
        ["ReferralSent"] = "移送/通报",
        ["ReferralDelivered"] = "送达接收部门",
        ["ReferralDeliveryFailed"] = "送达失败",
        ["ReferralRedeliveryRequested"] = "重新送达",
        ["ReferralAcknowledged"] = "接收部门签收",
        ["FeedbackGiven"] = "接收部门反馈",
        ["ReconsiderationRequested"] = "请求复议",
        ["ReferralClosed"] = "办结",
        ["ReplyOverdue"] = "回复逾期",
    };

    /// <summary>Whether the actor may see this case, by the rules of its own feature (null: no such case).</summary>
    public static async Task<bool?> MaySee(IQuerySession session, Guid id, Actor actor, CancellationToken ct)
    {
        if (await session.LoadAsync<Inspection>(id, ct) is { } i) return actor.Covers(i.JurisdictionPath);
        if (await session.LoadAsync<Rectification>(id, ct) is { } r) return actor.Covers(r.JurisdictionPath);
        if (await session.LoadAsync<InspectionDraw>(id, ct) is { } d) return actor.Covers(d.JurisdictionPath);
        if (await session.LoadAsync<Complaint>(id, ct) is { } c) return actor.Covers(c.JurisdictionPath);
        if (await session.LoadAsync<Sanctions.SanctionCase>(id, ct) is { } s) return Sanctions.SanctionSteps.MaySee(s, actor); // R22
        if (await session.LoadAsync<Referrals.Referral>(id, ct) is { } f) return Referrals.ReferralAccess.CanSee(f, actor);
        return null;
    }

    public static async Task<IReadOnlyList<CaseHistoryEntry>> LoadAsync(IQuerySession session, Guid id, CancellationToken ct) =>
        (await session.Events.FetchStreamAsync(id, token: ct)).Select(e => new CaseHistoryEntry(
            e.Version, e.EventTypeName, EventNames.GetValueOrDefault(e.Data.GetType().Name, e.Data.GetType().Name), e.Timestamp,
            e.UserName, e.CorrelationId, e.CausationId, e.Data, Shared.DeviceTime.Of(e.Headers))).ToList();

    /// <summary>The full, unaltered event history of a case: its legal record.</summary>
    [WolverineGet("/api/cases/{id}/history", OperationId = "GetCaseHistory")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await MaySee(session, id, Actor.From(user), ct) != true) return Results.Problem(Problems.NotFound("case"));
        return Results.Ok((await LoadAsync(session, id, ct)).Select(ForView).ToList());
    }

    /// <summary>
    /// The history as shown to everyone in scope: the complainant's encrypted identity and the query code's hash stay
    /// in the stored event (the record is unaltered) but are not sent — the identity is only for the assigned handler
    /// and the leader, through the recorded identity view (R12).
    /// </summary>
    public static CaseHistoryEntry ForView(CaseHistoryEntry e) => e.Data is Complaints.ComplaintReceived r
        ? e with { Data = r with { ProtectedComplainant = r.ProtectedComplainant is null ? null : "[protected]", QueryCodeHash = r.QueryCodeHash is null ? null : "[hashed]",
            ProtectedOriginalText = r.ProtectedOriginalText is null ? null : "[protected]" } }
        : e;
}
