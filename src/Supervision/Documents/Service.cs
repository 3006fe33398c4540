using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Supervision.Units;
using Wolverine.Http;

namespace Supervision.Documents;

// ---- 送达 (service of documents): how and when a document addressed to a party reached it (issue 13 §2) ----
// Periods "from receipt" (RULES.md, opening paragraph) run from the date of receipt recorded here. Each served
// document has its own stream (id derived from its number), so recording a service never changes the case's version.

[JsonConverter(typeof(JsonStringEnumConverter<ServiceMethod>))]
public enum ServiceMethod
{
    /// <summary>直接送达: handed to the party, who signs the 送达回证.</summary>
    Direct,
    /// <summary>留置送达: the party refused to sign; left at its premises before a witness (民事诉讼法 Art. 89).</summary>
    Left,
    /// <summary>邮寄送达: by post; the date on the return receipt is the date of receipt (Art. 91).</summary>
    Post,
    /// <summary>委托送达: another authority serves it on this department's behalf (Art. 91).</summary>
    Entrusted,
    /// <summary>电子送达: to an address the party agreed to in writing beforehand (APL Art. 61).</summary>
    Electronic,
    /// <summary>公告送达: only after the other methods failed; deemed received 30 days after publication (Art. 95).</summary>
    Public,
}

/// <summary>文书已送达：方式、收到日期、送达人与凭证 / A document was served: method, date of receipt, server and proof.</summary>
/// <param name="Proof">What proves it: the signed 送达回证, the postal receipt, the photo of 留置送达, the e-mail server's receipt.</param>
/// <param name="ReturnReceiptNumber">The numbered 送达回证 the party signed (direct and 留置 service).</param>
/// <param name="PublishedOn">公告送达: the day of publication; <see cref="ReceivedOn"/> is then 30 days later.</param>
public sealed record DocumentServed(string Number, string DocumentType, Guid CaseId, string JurisdictionPath, ServiceMethod Method,
    DateOnly ReceivedOn, string Recipient, string ServedBy, string? Witness, string? TrackingNumber, string? ElectronicAddress,
    string Proof, string? ReturnReceiptNumber, DateOnly? PublishedOn, string RecordedBy, DateTimeOffset RecordedAt, string? ProofFileSha256 = null);

/// <summary>A way of serving that did not reach the party (needed before 公告送达).</summary>
public sealed record ServiceAttemptFailed(string Number, string DocumentType, Guid CaseId, string JurisdictionPath, ServiceMethod Method,
    DateOnly AttemptedOn, string Reason, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// 电子送达 started (ElectronicService.cs): the document goes by email to the address the party agreed to in writing,
/// through the durable outbox; the message that reached the address records <see cref="DocumentServed"/>, or, after the
/// retries, a <see cref="ServiceAttemptFailed"/>.
/// </summary>
public sealed record ElectronicServiceSent(string Number, string DocumentType, Guid CaseId, string JurisdictionPath, Guid AttemptId, string Address,
    string Recipient, string SentBy, DateTimeOffset SentAt);

/// <summary>A 送达回证 was issued for the document, to be signed by the party on receipt.</summary>
public sealed record ReturnReceiptIssued(string Number, string DocumentType, Guid CaseId, string JurisdictionPath, string ReturnReceiptNumber,
    string DocumentTitle, string Recipient, string DepartmentName, string IssuedBy, DateTimeOffset IssuedAt);

/// <summary>The service record of one document (inline snapshot of its service stream).</summary>
public sealed class DocumentService
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Number { get; set; } = "";
    public string DocumentType { get; set; } = "";
    public Guid CaseId { get; set; }
    public string JurisdictionPath { get; set; } = "";
    public DocumentServed? Served { get; set; }
    public List<ServiceAttemptFailed> FailedAttempts { get; set; } = [];
    public List<ReturnReceiptIssued> ReturnReceipts { get; set; } = [];
    /// <summary>The electronic service under way (sent to the outbox, not yet delivered or given up).</summary>
    public ElectronicServiceSent? PendingElectronic { get; set; }
    /// <summary>执法全过程记录 of an on-site service (direct, 留置): its recordings (<see cref="ServiceRecordings"/>).</summary>
    public List<Supervision.Inspections.ProcessRecording> Recordings { get; set; } = [];

    private void Describe(string number, string type, Guid caseId, string path) { Number = number; DocumentType = type; CaseId = caseId; JurisdictionPath = path; }
    public void Apply(DocumentServed e) { Describe(e.Number, e.DocumentType, e.CaseId, e.JurisdictionPath); Served = e; PendingElectronic = null; }
    public void Apply(ServiceAttemptFailed e) { Describe(e.Number, e.DocumentType, e.CaseId, e.JurisdictionPath); FailedAttempts.Add(e); if (e.Method == ServiceMethod.Electronic) PendingElectronic = null; }
    public void Apply(ElectronicServiceSent e) { Describe(e.Number, e.DocumentType, e.CaseId, e.JurisdictionPath); PendingElectronic = e; }
    public void Apply(ReturnReceiptIssued e) { Describe(e.Number, e.DocumentType, e.CaseId, e.JurisdictionPath); ReturnReceipts.Add(e); }
    public void Apply(ServiceRecordingAttached e)
    {
        Describe(e.Number, e.DocumentType, e.CaseId, e.JurisdictionPath);
        Recordings.AddRange(e.Files.Select(f => new Supervision.Inspections.ProcessRecording(e.Step, f, e.Note, e.RecordedBy, e.RecordedAt)));
    }
}

/// <summary>A unit's written consent to electronic service (APL Art. 61), kept on the unit's register entry.</summary>
public sealed record ElectronicServiceConsent(string Address, string SignedBy, DateOnly SignedOn, string Proof, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>记录送达 / Record a service.</summary>
/// <param name="ProofFile">The SHA-256 of the uploaded scan or photo that proves it (POST /api/files), optional.</param>
/// <param name="Recordings">执法全过程记录 of a direct or 留置 service: the SHA-256 of each recording (or, for 留置送达, photo) uploaded
/// by an officer of the case; optional here, attachable later (POST /api/documents/{number}/service/recordings).</param>
public sealed record RecordService(string? Method, DateOnly? ReceivedOn, DateOnly? PublishedOn, string? Recipient, string? ServedBy, string? Witness,
    string? TrackingNumber, string? Proof, string? ReturnReceiptNumber, string? ProofFile = null, string[]? Recordings = null);
/// <summary>记录送达未果 / Record a failed service attempt.</summary>
public sealed record RecordFailedService(string? Method, DateOnly? AttemptedOn, string? Reason);
/// <summary>制作送达回证 / Issue a return receipt.</summary>
public sealed record IssueReturnReceipt(string? Recipient);
/// <summary>记录当事人同意电子送达 / Record the party's consent to electronic service.</summary>
public sealed record RecordElectronicConsent(string? Address, string? SignedBy, DateOnly? SignedOn, string? Proof);

public static class DocumentServiceRules
{
    /// <summary>Deemed receipt of a 公告送达 (民事诉讼法 Art. 95: 自发出公告之日起，经过三十日，即视为送达).</summary>
    public const int PublicServiceDays = 30;
    /// <summary>The deadline board lists a document issued but not served after this many working days.</summary>
    public const int UnservedWorkingDays = 3;

    /// <summary>
    /// The documents addressed to a party (or another body) that are served and whose periods run from receipt. The
    /// complaint notices and the referral letter have their own delivery records (notification proof, outbox delivery);
    /// the 送达回证 itself is not served. A 行政处罚决定书 served here is also the sanction case's delivery (R19).
    /// </summary>
    public static readonly IReadOnlySet<string> Served = new HashSet<string>
    {
        DocumentTypes.RectificationOrder, DocumentTypes.DeadlineExtensionNotice, DocumentTypes.DeadlineRecalculationNotice,
        DocumentTypes.ReinspectionOpinion, DocumentTypes.PenaltyNotice, DocumentTypes.PenaltyDecision, DocumentTypes.DecisionChange,
        DocumentTypes.DecisionRevocation, DocumentTypes.HearingNotice,
        DocumentTypes.DisciplineRecommendation, DocumentTypes.CriminalTransfer,
        DocumentTypes.EvaluationResultNotice, DocumentTypes.EvaluationReviewNotice,
    };

    /// <summary>Who serves: the officers of the department that issued the document.</summary>
    public static readonly string[] Servers = [Roles.Inspector, Roles.CaseOfficer, Roles.Leader];

    public static Guid StreamId(string number)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("document-service:" + number));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), variant 10
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public static ServiceMethod ParseMethod(string? method) => method switch
    {
        "direct" => ServiceMethod.Direct, "left" => ServiceMethod.Left, "post" => ServiceMethod.Post, "entrusted" => ServiceMethod.Entrusted,
        "electronic" => ServiceMethod.Electronic, "public" => ServiceMethod.Public,
        null or "" => throw RuleViolation.Invalid("field_required", "送达方式不能为空", "method is required", "method"),
        _ => throw RuleViolation.Invalid("invalid_method", "送达方式无效（direct、left、post、entrusted、electronic、public）",
            "method must be direct, left, post, entrusted, electronic or public", "method"),
    };

    /// <summary>The method named in Chinese (as the sanction case's delivery step records it), or null for other wording.</summary>
    public static ServiceMethod? ParseMethodName(string? name) =>
        Enum.GetValues<ServiceMethod>().Select(m => (ServiceMethod?)m).FirstOrDefault(m => MethodName(m!.Value) == name?.Trim());

    public static string MethodName(ServiceMethod m) => m switch
    {
        ServiceMethod.Direct => "直接送达", ServiceMethod.Left => "留置送达", ServiceMethod.Post => "邮寄送达",
        ServiceMethod.Entrusted => "委托送达", ServiceMethod.Electronic => "电子送达", _ => "公告送达",
    };

    public static void CheckServable(IssuedDocument doc, Actor actor)
    {
        Guard.CanAct(actor, doc.JurisdictionPath, Servers);
        if (!Served.Contains(doc.Type))
            throw RuleViolation.Refused("not_served_document", $"{DocumentTypes.Title(doc.Type)}不通过本程序送达", $"A {doc.Type} document is not served through this route");
    }

    /// <summary>
    /// Records how and when the document reached the party. Pure: the caller loads the document, its record, the unit.
    /// <paramref name="recorded"/>: the service's photos or video come with it (a 留置送达 may then do without a witness).
    /// </summary>
    public static DocumentServed Decide(IssuedDocument doc, DocumentService? record, RecordService c, Actor actor, SupervisedUnit? unit, DateTimeOffset now,
        bool recorded = false)
    {
        CheckServable(doc, actor);
        if (record?.Served is not null)
            throw new RuleViolation(Problems.Conflict("already_served", "该文书已记录送达", "The document's service is already recorded"));
        var method = ParseMethod(c.Method);
        var issuedOn = WorkingDayCalendar.BeijingToday(doc.IssuedAt);
        var today = WorkingDayCalendar.BeijingToday(now);
        var recipient = Guard.Required(c.Recipient, "recipient", "受送达人", 200);
        var servedBy = Guard.Required(c.ServedBy ?? actor.DisplayName, "servedBy", "送达人", 100);
        var proof = Guard.Required(c.Proof, "proof", "送达凭证（送达回证、邮件回执、照片等）", 2000);
        string? Optional(string? v, string field, string zh, int max) =>
            string.IsNullOrWhiteSpace(v) ? null : v.Trim().Length > max ? throw RuleViolation.Invalid("too_long", $"{zh}过长", $"{field} is too long", field) : v.Trim();
        var witness = Optional(c.Witness, "witness", "见证人", 200);
        var tracking = Optional(c.TrackingNumber, "trackingNumber", "邮件号码", 60);
        var receipt = Optional(c.ReturnReceiptNumber, "returnReceiptNumber", "送达回证文号", 60);

        DateOnly received;
        DateOnly? published = null;
        string? address = null;
        if (method == ServiceMethod.Public)
        {
            // Only after the other ways failed (recorded), deemed received 30 days after publication.
            if (record is null || record.FailedAttempts.Count == 0)
                throw RuleViolation.Refused("other_methods_not_tried", "公告送达须在其他方式无法送达后进行，请先记录送达未果的情况",
                    "Service by public notice needs a recorded failed attempt by another method first", "method");
            published = c.PublishedOn ?? throw RuleViolation.Invalid("field_required", "公告日期不能为空", "publishedOn is required", "publishedOn");
            if (published < issuedOn) throw RuleViolation.Refused("served_before_issue", "公告日期早于文书作出日期", "publishedOn is before the document was issued", "publishedOn");
            if (published > today) throw RuleViolation.Refused("served_in_future", "公告日期不能晚于今天", "publishedOn is in the future", "publishedOn");
            received = published.Value.AddDays(PublicServiceDays);
        }
        else
        {
            received = c.ReceivedOn ?? throw RuleViolation.Invalid("field_required", "送达（签收）日期不能为空", "receivedOn is required", "receivedOn");
            if (received < issuedOn) throw RuleViolation.Refused("served_before_issue", "送达日期早于文书作出日期", "receivedOn is before the document was issued", "receivedOn");
            if (received > today) throw RuleViolation.Refused("served_in_future", "送达日期不能晚于今天", "receivedOn is in the future", "receivedOn");
        }
        switch (method)
        {
            case ServiceMethod.Direct when receipt is null:
                throw RuleViolation.Invalid("field_required", "直接送达须有受送达人签收的送达回证", "returnReceiptNumber is required for direct service", "returnReceiptNumber");
            // 民事诉讼法 Art. 89: a witness signs, or the leaving is photographed or filmed.
            case ServiceMethod.Left when witness is null && !recorded:
                throw RuleViolation.Invalid("field_required", "留置送达须记录见证人，或附拍照、录像记录送达过程",
                    "witness is required for service left at the premises, unless it is photographed or filmed (recordings)", "witness");
            case ServiceMethod.Post when tracking is null:
                throw RuleViolation.Invalid("field_required", "邮寄送达须记录邮件号码", "trackingNumber is required for service by post", "trackingNumber");
            case ServiceMethod.Electronic:
                // APL Art. 61: only to an address the party agreed to in writing beforehand.
                if (unit?.ElectronicServiceConsent is not { } consent || consent.SignedOn > issuedOn)
                    throw RuleViolation.Refused("no_electronic_consent", "当事人未事先书面同意电子送达，不能电子送达",
                        "The party has not agreed in writing beforehand to electronic service (APL Art. 61)", "method");
                address = consent.Address;
                break;
        }
        if (receipt is not null && record?.ReturnReceipts.All(r => r.ReturnReceiptNumber != receipt) != false)
            throw RuleViolation.Refused("unknown_return_receipt", "该送达回证不是为本文书出具的", "That 送达回证 was not issued for this document", "returnReceiptNumber");
        return new DocumentServed(doc.Id, doc.Type, doc.StreamId, doc.JurisdictionPath, method, received, recipient, servedBy, witness, tracking, address,
            proof, receipt, published, actor.UserName, now, c.ProofFile);
    }

    public static ServiceAttemptFailed Decide(IssuedDocument doc, DocumentService? record, RecordFailedService c, Actor actor, DateTimeOffset now)
    {
        CheckServable(doc, actor);
        if (record?.Served is not null)
            throw new RuleViolation(Problems.Conflict("already_served", "该文书已记录送达", "The document's service is already recorded"));
        var method = ParseMethod(c.Method);
        if (method == ServiceMethod.Public)
            throw RuleViolation.Invalid("invalid_method", "公告送达不记录为送达未果", "A public notice is not a failed attempt", "method");
        var attempted = c.AttemptedOn ?? throw RuleViolation.Invalid("field_required", "送达日期不能为空", "attemptedOn is required", "attemptedOn");
        if (attempted < WorkingDayCalendar.BeijingToday(doc.IssuedAt))
            throw RuleViolation.Refused("served_before_issue", "送达日期早于文书作出日期", "attemptedOn is before the document was issued", "attemptedOn");
        if (attempted > WorkingDayCalendar.BeijingToday(now))
            throw RuleViolation.Refused("served_in_future", "送达日期不能晚于今天", "attemptedOn is in the future", "attemptedOn");
        var reason = Guard.Required(c.Reason, "reason", "未能送达的原因", 1000);
        return new ServiceAttemptFailed(doc.Id, doc.Type, doc.StreamId, doc.JurisdictionPath, method, attempted, reason, actor.UserName, now);
    }
}

/// <summary>A document's service record: the service (once recorded), the failed attempts and the return receipts made for it.</summary>
public sealed record DocumentServiceView(string Number, string Type, DateTimeOffset IssuedAt, DocumentServed? Served,
    IReadOnlyList<ServiceAttemptFailed> FailedAttempts, IReadOnlyList<ReturnReceiptIssued> ReturnReceipts);

/// <summary>A document not served by <c>ServeBy</c> (three working days after its issue), and the case it belongs to.</summary>
public sealed record UnservedDocument(string Number, string Type, string TypeName, Guid CaseId, DateTimeOffset IssuedAt, DateOnly ServeBy);

/// <summary>The documents issued and not served in time, oldest first (at most 500 are looked at).</summary>
public sealed record UnservedDocuments(IReadOnlyList<UnservedDocument> Items, int Total);

public static class DocumentServiceEndpoints
{
    internal static async Task<(IssuedDocument Doc, DocumentService? Record)> Load(IQuerySession session, string number, Actor actor, CancellationToken ct)
    {
        var doc = await session.LoadAsync<IssuedDocument>(number, ct);
        if (doc is null || !actor.Covers(doc.JurisdictionPath)) throw RuleViolation.NotFound("document");
        return (doc, await session.LoadAsync<DocumentService>(DocumentServiceRules.StreamId(number), ct));
    }

    internal static void Append(IDocumentSession session, DocumentService? record, string number, params object[] events)
    {
        // At the version read: two clerks recording the same service at once cannot both succeed (the second gets 409).
        var id = DocumentServiceRules.StreamId(number);
        if (record is null) session.Events.StartStream<DocumentService>(id, events);
        else session.Events.Append(id, record.Version + events.Length, events);
    }

    /// <summary>Records the service (送达) of an issued document; the date of receipt starts the periods "from receipt".</summary>
    [WolverinePost("/api/documents/{number}/service", OperationId = "RecordDocumentService")]
    public static async Task<IResult> Serve(string number, RecordService c, ClaimsPrincipal user, IDocumentSession session, WorkingDayCalendar calendar,
        Files.IFileStore files, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var (doc, record) = await Load(session, number, actor, ct);
        var unit = await UnitOf(session, doc, ct);
        // A proof file becomes part of the case through this event: it must be in the store already.
        if (c.ProofFile is not null && (!Files.FileTypes.IsSha256(c.ProofFile) || await files.FindAsync(c.ProofFile, ct) is null))
            throw RuleViolation.Refused("unknown_file", "送达凭证文件不存在，请先上传", "The proof file was not found; upload it first", "proofFile");
        if (doc.Type == DocumentTypes.PenaltyDecision && await session.LoadAsync<Sanctions.SanctionCase>(doc.StreamId, ct) is { DeliveredOn: { } on })
            throw new RuleViolation(Problems.Conflict("already_delivered", $"该决定书已于{on:yyyy年M月d日}记录送达（办案送达步骤）",
                $"The decision's delivery on {on:yyyy-MM-dd} is already recorded by the case's delivery step"));
        var now = clock.GetUtcNow();
        DocumentServiceRules.Decide(doc, record, c, actor, unit, now, recorded: c.Recordings?.Any(r => !string.IsNullOrWhiteSpace(r)) == true); // refuse before the files
        var recordings = await ServiceRecordings.ResolveAsync(session, files, doc, c.Recordings, actor, ct);
        var served = DocumentServiceRules.Decide(doc, record, c, actor, unit, now, recorded: recordings.Length > 0);
        if (recordings.Length == 0) Append(session, record, number, served);
        else Append(session, record, number, served, ServiceRecordings.Decide(doc, served, recordings, null, actor, now));
        await AfterServedAsync(session, doc, served, calendar, actor.UserName, ct);
        return Results.Ok(served);
    }

    /// <summary>
    /// What a recorded service changes besides its own stream, in the same transaction: the periods "from receipt" of the case
    /// start (the defence period of the notice in force), and the document row shows the date of receipt.
    /// </summary>
    internal static async Task AfterServedAsync(IDocumentSession session, IssuedDocument doc, DocumentServed served, WorkingDayCalendar calendar,
        string recordedBy, CancellationToken ct)
    {
        if (doc.Type == DocumentTypes.PenaltyNotice)
        {
            var stream = await session.Events.FetchForWriting<Sanctions.SanctionCase>(doc.StreamId, ct);
            if (stream.Aggregate is { } sc && sc.NoticeNumber == doc.Id && sc.Status != Sanctions.SanctionStatus.Closed)
                stream.AppendOne(Sanctions.SanctionSteps.NoticeServed(sc, doc.Id, served.ReceivedOn, calendar, recordedBy, served.RecordedAt));
        }
        else if (doc.Type == DocumentTypes.PenaltyDecision)
        {
            var stream = await session.Events.FetchForWriting<Sanctions.SanctionCase>(doc.StreamId, ct);
            if (stream.Aggregate is { DeliveredOn: null } sc && sc.DecisionNumber == doc.Id)
                stream.AppendOne(Sanctions.SanctionSteps.DecisionServed(sc, served.ReceivedOn, DocumentServiceRules.MethodName(served.Method),
                    ServiceProof(served), calendar, recordedBy, served.RecordedAt));
        }
        doc.ServedOn = served.ReceivedOn;
        doc.ServiceMethod = served.Method;
        MarkServed(session, doc.Id, served.ReceivedOn, served.Method);
    }

    /// <summary>
    /// Shows the date of receipt on the document's row (lists, the unserved board), in the session's transaction. Only the
    /// service's fields of the row: a whole-row write could undo a freeze made meanwhile (first writer wins there).
    /// </summary>
    public static void MarkServed(IDocumentSession session, string number, DateOnly receivedOn, ServiceMethod? method)
    {
        var table = session.DocumentStore.Options.Schema.For<IssuedDocument>();
        session.QueueSqlCommand($"update {table} set data = data || ?::jsonb where id = ?",
            session.DocumentStore.Options.Serializer().ToJson(new ServedFields(receivedOn, method)), number);
    }

    /// <summary>The proof as the case's delivery step records it: the recipient, the 送达回证's number and what proves receipt.</summary>
    private static string ServiceProof(DocumentServed s) =>
        string.Join("；", new[] { $"受送达人：{s.Recipient}", s.ReturnReceiptNumber is { } n ? $"送达回证：{n}" : null, s.Proof }.Where(x => !string.IsNullOrEmpty(x)));

    [WolverinePost("/api/documents/{number}/service-attempts", OperationId = "RecordFailedService")]
    public static async Task<IResult> Failed(string number, RecordFailedService c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var (doc, record) = await Load(session, number, actor, ct);
        var failed = DocumentServiceRules.Decide(doc, record, c, actor, clock.GetUtcNow());
        Append(session, record, number, failed);
        return Results.Ok(failed);
    }

    /// <summary>Issues a numbered 送达回证 for the document, printed for the party to sign on receipt.</summary>
    [WolverinePost("/api/documents/{number}/return-receipts", OperationId = "IssueReturnReceipt")]
    public static async Task<IResult> ReturnReceipt(string number, IssueReturnReceipt c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var (doc, record) = await Load(session, number, actor, ct);
        DocumentServiceRules.CheckServable(doc, actor);
        if (record?.Served is not null)
            throw new RuleViolation(Problems.Conflict("already_served", "该文书已记录送达", "The document's service is already recorded"));
        var recipient = Guard.Required(c.Recipient, "recipient", "受送达人", 200);
        // The department that issued the document (its number starts with that department's prefix and the type).
        var department = DocumentNumbers.DepartmentOf(number, doc.Type) ?? throw RuleViolation.NotFound("document");
        var now = clock.GetUtcNow();
        var receiptNumber = await DocumentNumbers.IssueAsync(session, department, DocumentTypes.ReturnReceipt, DocumentServiceRules.StreamId(number), "service",
            doc.JurisdictionPath, now, ct);
        var issued = new ReturnReceiptIssued(number, doc.Type, doc.StreamId, doc.JurisdictionPath, receiptNumber, DocumentTypes.Title(doc.Type), recipient,
            department.DepartmentName, actor.UserName, now);
        Append(session, record, number, issued);
        return Results.Ok(issued);
    }

    [WolverineGet("/api/documents/{number}/service", OperationId = "GetDocumentService")]
    public static async Task<IResult> Get(string number, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var (doc, record) = await Load(session, number, Actor.From(user), ct);
        return Results.Ok(new DocumentServiceView(doc.Id, doc.Type, doc.IssuedAt, record?.Served, record?.FailedAttempts ?? [], record?.ReturnReceipts ?? []));
    }

    /// <summary>The file proving the service (signed return, postal receipt, photo), for whoever may read the document's service.</summary>
    [WolverineGet("/api/documents/{number}/service/proof", OperationId = "GetServiceProof")]
    public static async Task<IResult> Proof(string number, ClaimsPrincipal user, IQuerySession session, Files.IFileStore files, HttpContext http, CancellationToken ct)
    {
        var (_, record) = await Load(session, number, Actor.From(user), ct);
        if (record?.Served?.ProofFileSha256 is not { } sha || await files.FindAsync(sha, ct) is not { } file) return Results.Problem(Problems.NotFound("file"));
        await Files.FileEndpoints.Stream(http, files, file, ct);
        return Results.Empty;
    }

    /// <summary>Documents issued and not served after <see cref="DocumentServiceRules.UnservedWorkingDays"/> working days, oldest first.</summary>
    [WolverineGet("/api/documents/unserved", OperationId = "ListUnservedDocuments")]
    public static async Task<IResult> Unserved(ClaimsPrincipal user, IQuerySession session, WorkingDayCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var today = WorkingDayCalendar.BeijingToday(clock.GetUtcNow());
        var types = DocumentServiceRules.Served.ToArray();
        var open = await session.Query<IssuedDocument>()
            .Where(d => d.JurisdictionPath.StartsWith(actor.JurisdictionPath) && d.ServedOn == null && types.Contains(d.Type))
            .OrderBy(d => d.IssuedAt).Take(500).ToListAsync(ct);
        var late = open.Select(d => new UnservedDocument(d.Id, d.Type, DocumentTypes.Title(d.Type), d.StreamId, d.IssuedAt,
                calendar.AddWorkingDays(WorkingDayCalendar.BeijingToday(d.IssuedAt), DocumentServiceRules.UnservedWorkingDays).Date))
            .Where(d => d.ServeBy < today).ToList();
        return Results.Ok(new UnservedDocuments(late, late.Count));
    }

    /// <summary>APL Art. 61: the unit's written consent to electronic service, and the address it agreed to.</summary>
    [WolverinePost("/api/units/{id}/electronic-service-consent", OperationId = "RecordElectronicServiceConsent")]
    public static async Task<IResult> Consent(Guid id, RecordElectronicConsent c, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var unit = await session.LoadAsync<SupervisedUnit>(id, ct);
        if (unit is null || !actor.Covers(unit.JurisdictionPath)) throw RuleViolation.NotFound("unit");
        Guard.CanAct(actor, unit.JurisdictionPath, DocumentServiceRules.Servers);
        var address = Guard.Required(c.Address, "address", "同意接收电子送达的地址", 200);
        if (!System.Net.Mail.MailAddress.TryCreate(address, out _))
            throw RuleViolation.Invalid("invalid_address", "电子送达地址须为有效的电子邮件地址", "address must be an e-mail address", "address");
        var signedBy = Guard.Required(c.SignedBy, "signedBy", "签署人", 100);
        var signedOn = c.SignedOn ?? throw RuleViolation.Invalid("field_required", "签署日期不能为空", "signedOn is required", "signedOn");
        var now = clock.GetUtcNow();
        if (signedOn > WorkingDayCalendar.BeijingToday(now)) throw RuleViolation.Refused("signed_in_future", "签署日期不能晚于今天", "signedOn is in the future", "signedOn");
        var proof = Guard.Required(c.Proof, "proof", "书面同意书（扫描件编号或存放位置）", 2000);
        unit.ElectronicServiceConsent = new ElectronicServiceConsent(address, signedBy, signedOn, proof, actor.UserName, now);
        session.Store(unit);
        return Results.Ok(unit.ElectronicServiceConsent);
    }

    /// <summary>The unit a document is addressed to, for its consent to electronic service (null when the case has none).</summary>
    public static async Task<SupervisedUnit?> UnitOf(IQuerySession session, IssuedDocument doc, CancellationToken ct)
    {
        Guid? unitId = doc.CaseKind switch
        {
            "rectification" => (await session.LoadAsync<Rectifications.Rectification>(doc.StreamId, ct))?.UnitId,
            "sanction" => (await session.LoadAsync<Sanctions.SanctionCase>(doc.StreamId, ct))?.PartyUnitId,
            AnnualReports.AgencyEvaluationRules.CaseKind => (await session.LoadAsync<AnnualReports.AgencyEvaluation>(doc.StreamId, ct))?.UnitId,
            _ => null,
        };
        return unitId is { } u ? await session.LoadAsync<SupervisedUnit>(u, ct) : null;
    }
}

/// <summary>The fields of <see cref="IssuedDocument"/> a recorded service sets, serialized as the document row spells them.</summary>
internal sealed record ServedFields(DateOnly? ServedOn, ServiceMethod? ServiceMethod);
