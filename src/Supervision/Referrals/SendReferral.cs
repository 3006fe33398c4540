using System.Security.Claims;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Complaints;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;

namespace Supervision.Referrals;

/// <summary>移送的来源案件 / The case a referral comes from.</summary>
public sealed record ReferralSourceInput(ReferralSourceKind? Kind, Guid? Id);
/// <summary>Refer a case or share information with another department (R23).</summary>
public sealed record SendReferral(ReferralSourceInput? Source, string? ReceiverId, ReferralKind? Kind, string? Summary, string[]? DocumentNumbers);
/// <summary>移送已发出：文号 / A referral was sent: its number.</summary>
public sealed record ReferralCreated(Guid Id, long Version, string? DocumentNumber, string Status);

/// <summary>What the sender's request was checked against, loaded before the pure decision.</summary>
/// <param name="SourcePath">The jurisdiction path of the source case, or null when not found.</param>
/// <param name="SourceExcluded">R22: the staff named in an Art. 44 source case; they may not refer it, nor see the referral.</param>
public sealed record SendContext(ReceivingDepartment? Receiver, IReadOnlyDictionary<string, IssuedDocument> Documents, string? SourcePath,
    string[]? SourceExcluded = null);

public static partial class SendReferralEndpoint
{
    public const int ReplyWorkingDays = 10;
    public const int MaxDocuments = 20;

    /// <summary>Checks everything; returns the sender's department. Throws <see cref="RuleViolation"/> on refusal.</summary>
    public static Jurisdiction Check(SendReferral c, Actor actor, SendContext ctx, DateTimeOffset now)
    {
        var sender = JurisdictionCatalogue.Find(actor.JurisdictionId)
            ?? throw RuleViolation.Forbidden("用户未关联档案主管部门", "User has no department");
        if (c.Kind is null || !Enum.IsDefined(c.Kind.Value))
            throw RuleViolation.Invalid("field_required", "须选择移送类型（case_transfer、information_sharing、joint_enforcement、comprehensive_inspection）",
                "kind is required", "kind");
        // Case officers and leaders refer; an inspector may share information.
        string[] roles = c.Kind == ReferralKind.InformationSharing ? [Roles.CaseOfficer, Roles.Leader, Roles.Inspector] : [Roles.CaseOfficer, Roles.Leader];
        Guard.CanAct(actor, sender.Path, roles);
        if (string.IsNullOrWhiteSpace(c.ReceiverId))
            throw RuleViolation.Invalid("field_required", "须选择接收部门", "receiverId is required", "receiverId");
        var receiver = ctx.Receiver ?? throw RuleViolation.Invalid("unknown_receiver", "接收部门不存在", "Unknown receiving department", "receiverId");
        if (receiver.Delivery == DeliveryMethod.Internal && receiver.JurisdictionId == sender.Id)
            throw RuleViolation.Refused("self_referral", "不能向本部门移送", "A department cannot refer to itself", "receiverId");
        CheckSource(c.Source, actor, ctx.SourcePath, ctx.SourceExcluded ?? []);
        var summary = Guard.Required(c.Summary, "summary", "移送事由", 4000);
        if (ContainsPersonalData(summary, WorkingDayCalendar.BeijingToday(now)))
            throw RuleViolation.Invalid("personal_data_in_summary", "移送事由不得包含身份证号、手机号或电子邮箱等个人信息",
                "The summary must not contain personal data (resident id, mobile number, email)", "summary");
        var numbers = (c.DocumentNumbers ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct().ToArray();
        if (numbers.Length > MaxDocuments)
            throw RuleViolation.Invalid("too_many_documents", $"随附文书最多 {MaxDocuments} 份", $"At most {MaxDocuments} documents", "documentNumbers");
        foreach (var n in numbers)
        {
            // A number one may not see does not exist for them.
            if (!ctx.Documents.TryGetValue(n, out var doc) || !actor.Covers(doc.JurisdictionPath))
                throw RuleViolation.Invalid("unknown_document", $"文书 {n} 不存在或不在本辖区", $"Document {n} was not found or is outside your jurisdiction", "documentNumbers");
            // The result letter carries the complainant's name and address: it never leaves the department (R12).
            if (doc.Type == DocumentTypes.ComplaintResultLetter)
                throw RuleViolation.Refused("personal_data_document", $"文书 {n} 含投诉人个人信息，不得移送",
                    $"Document {n} carries the complainant's personal data and may not be sent", "documentNumbers");
        }
        if (c.Kind == ReferralKind.CaseTransfer && numbers.Length == 0 && c.Source?.Kind is null or ReferralSourceKind.Direct)
            throw RuleViolation.Invalid("documents_required", "案件移送须随附案件材料（文书编号）", "A case transfer needs at least one document", "documentNumbers");
        return sender;
    }

    private static void CheckSource(ReferralSourceInput? source, Actor actor, string? sourcePath, string[] excluded)
    {
        if (source?.Kind is not { } kind || !Enum.IsDefined(kind))
            throw RuleViolation.Invalid("field_required", "须注明来源（inspection、rectification、complaint、sanction、direct）", "source.kind is required", "source");
        if (kind == ReferralSourceKind.Direct)
        {
            if (source.Id is not null) throw RuleViolation.Invalid("unexpected_source_id", "直接移送不应填写来源编号", "A direct referral has no source id", "source");
            return;
        }
        if (source.Id is null) throw RuleViolation.Invalid("field_required", "须填写来源案件编号", "source.id is required", "source");
        // Every source case must exist and be visible to the sender (a staff member named in an Art. 44 case does not see it, R22).
        if (sourcePath is null || !actor.Covers(sourcePath) || excluded.Contains(actor.UserName))
            throw RuleViolation.Invalid("unknown_source", "来源案件不存在或不在本辖区", "The source case was not found or is outside your jurisdiction", "source");
    }

    public static bool ContainsPersonalData(string text, DateOnly today) => PersonalDataText.Contains(text, today);

    public static (ReferralSent Sent, IReadOnlyList<object> Events) Decide(SendReferral c, Actor actor, SendContext ctx, Guid id, Guid attemptId,
        string? documentNumber, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        var sender = Check(c, actor, ctx, now);
        var numbers = (c.DocumentNumbers ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct().ToArray();
        return Compose(id, c.Kind!.Value, new ReferralSource(c.Source!.Kind!.Value, c.Source.Id), sender, ctx.Receiver!, c.Summary!.Trim(), numbers,
            documentNumber, attemptId, actor.UserName, calendar, now, excluded: ctx.SourceExcluded);
    }

    /// <summary>
    /// The events opening a referral stream once everything was checked: <see cref="ReferralSent"/> with its reply
    /// date, and for a letter the delivery at once. Shared by <see cref="Decide"/> and the findings of joint inspections.
    /// </summary>
    public static (ReferralSent Sent, IReadOnlyList<object> Events) Compose(Guid id, ReferralKind kind, ReferralSource source, Jurisdiction sender,
        ReceivingDepartment receiver, string summary, string[] documentNumbers, string? documentNumber, Guid attemptId, string sentBy,
        WorkingDayCalendar calendar, DateTimeOffset now, SharedFinding? finding = null, string[]? excluded = null, Guid? recommendationId = null)
    {
        var today = WorkingDayCalendar.BeijingToday(now);
        var due = calendar.AddWorkingDays(today, ReplyWorkingDays);
        var byLetter = receiver.Delivery == DeliveryMethod.Letter;
        var sent = new ReferralSent(id, kind, source, sender.Id, sender.Path, sender.DepartmentName,
            receiver.Id, receiver.Name, receiver.Kind, receiver.JurisdictionId, receiver.Delivery, summary, documentNumbers, documentNumber,
            today, due.Date, due.Provisional, byLetter ? null : attemptId, sentBy, now, finding, excluded is { Length: > 0 } ? excluded : null, recommendationId);
        if (!byLetter) return (sent, [sent]);
        // By letter: the printable letter is the delivery, recorded at once.
        var proof = $"printable transfer letter {documentNumber ?? id.ToString()}";
        return (sent, [sent, new ReferralDelivered(id, attemptId, proof, now)]);
    }

    /// <summary>What the outbox carries with a new referral: the reply clock and, unless by letter, the delivery.</summary>
    public static OutgoingMessages Outgoing(ReferralSent sent)
    {
        var outgoing = ReferralClock.Schedule(sent);
        if (sent.DeliveryAttemptId is { } attempt) outgoing.Add(new DeliverReferral(sent.ReferralId, attempt));
        return outgoing;
    }

    public static async Task<SendContext> LoadContext(SendReferral c, IQuerySession session, CancellationToken ct)
    {
        var receiver = string.IsNullOrWhiteSpace(c.ReceiverId) ? null : await session.LoadAsync<ReceivingDepartment>(c.ReceiverId.Trim(), ct);
        var numbers = (c.DocumentNumbers ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct().Take(MaxDocuments + 1).ToArray();
        var docs = numbers.Length == 0 ? [] : await session.LoadManyAsync<IssuedDocument>(ct, numbers);
        string? sourcePath = null;
        string[]? excluded = null;
        if (c.Source?.Id is { } sourceId)
        {
            sourcePath = c.Source.Kind switch
            {
                ReferralSourceKind.Inspection => (await session.LoadAsync<Inspection>(sourceId, ct))?.JurisdictionPath,
                ReferralSourceKind.Rectification => (await session.LoadAsync<Rectification>(sourceId, ct))?.JurisdictionPath,
                ReferralSourceKind.Complaint => (await session.LoadAsync<Complaint>(sourceId, ct))?.JurisdictionPath,
                _ => null,
            };
            if (c.Source.Kind == ReferralSourceKind.Sanction && await session.LoadAsync<Sanctions.SanctionCase>(sourceId, ct) is { } sc)
                (sourcePath, excluded) = (sc.JurisdictionPath, sc.ExcludedUserIds);
        }
        return new SendContext(receiver, docs.ToDictionary(d => d.Id), sourcePath, excluded);
    }

    [WolverinePost("/api/referrals", OperationId = "SendReferral")]
    public static async Task<(IResult, OutgoingMessages)> Post(SendReferral c, ClaimsPrincipal user, IDocumentSession session,
        WorkingDayCalendar calendar, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        var ctx = await LoadContext(c, session, ct);
        var sender = Check(c, actor, ctx, now); // refuse before taking a number
        var id = Idempotency.NewId(http); // a retried Idempotency-Key collides on the stream id: nothing is sent twice
        var attemptId = Guid.CreateVersion7();
        string? number = null;
        if (c.Kind == ReferralKind.CaseTransfer)
        {
            number = await DocumentNumbers.IssueAsync(session, sender, DocumentTypes.ReferralLetter, id, "referral", sender.Path, now, ct);
        }
        var (sent, events) = Decide(c, actor, ctx, id, attemptId, number, calendar, now);
        session.Events.StartStream<Referral>(id, events.ToArray());
        var outgoing = Outgoing(sent);
        var created = new ReferralCreated(id, events.Count, number, events.Count > 1 ? "delivered" : "sent");
        Idempotency.Remember(session, http, 201, created, now);
        return (Results.Created($"/api/referrals/{id}", created), outgoing);
    }
}
