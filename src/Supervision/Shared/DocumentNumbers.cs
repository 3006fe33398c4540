using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Supervision.Shared;

/// <summary>Enforcement document types with the abbreviation used in their numbers (文号).</summary>
public static class DocumentTypes
{
    public const string InspectionRecord = "检录";        // 现场检查笔录
    public const string RectificationOrder = "责改";      // 责令限期改正通知书
    public const string ReinspectionOpinion = "复查";     // 整改复查意见书
    public const string DeadlineRecalculationNotice = "期变"; // 整改期限变更告知书 (a published holiday calendar moved the deadline)
    public const string DeadlineExtensionNotice = "延期";   // 延长整改期限通知书 (a leader extended the deadline)
    public const string ComplaintReceipt = "投诉登记";    // receipt numbers of complaints (TS6501002026000012)
    public const string ComplaintAcceptanceNotice = "投受"; // 投诉举报受理告知书
    public const string ComplaintResultLetter = "投结";   // 投诉举报处理结果告知书
    public const string ComplaintExtensionNotice = "投延"; // 投诉举报延期办理告知书 (R11)
    public const string PenaltyNotice = "罚告";           // 行政处罚事先告知书
    public const string HearingNotice = "听通";           // 听证通知书 (R16)
    public const string HearingRecord = "听笔";           // 听证笔录 (R16)
    public const string FilingApproval = "立审";          // 立案审批表 (the handling department's leader approves opening the case)
    public const string ClosingApproval = "结审";         // 结案审批表 (the handling department's leader approves closing the case)
    public const string InquiryRecord = "询笔";           // 询问笔录 (APL Art. 55: an inquiry during the investigation)
    public const string PenaltyDecision = "罚决";         // 行政处罚决定书
    public const string DecisionChange = "罚变";          // 变更行政处罚决定书 (R19: a changed decision is a decision of its own)
    public const string DecisionRevocation = "罚撤";      // 撤销行政处罚决定书 (R19)
    public const string ReferralLetter = "移送";          // 案件移送书
    public const string DisciplineRecommendation = "处建"; // 处分建议书 (R20)
    public const string CriminalTransfer = "刑移";        // 涉嫌犯罪案件移送书 to public security (R21)
    public const string ReturnReceipt = "送回";           // 送达回证 (signed by the party on receipt)
    public const string EvaluationResultNotice = "评告";  // 档案服务机构评价结果告知书 (Art. 39, issued when the result is published)
    public const string EvaluationReviewNotice = "评复";  // 档案服务机构评价复核结果告知书 (the review of an objection)

    public static string Title(string type) => type switch
    {
        InspectionRecord => "现场检查笔录",
        RectificationOrder => "责令限期改正通知书",
        ReinspectionOpinion => "整改复查意见书",
        DeadlineRecalculationNotice => "整改期限变更告知书",
        DeadlineExtensionNotice => "延长整改期限通知书",
        ComplaintAcceptanceNotice => "投诉举报受理告知书",
        ComplaintResultLetter => "投诉举报处理结果告知书",
        ComplaintExtensionNotice => "投诉举报延期办理告知书",
        ReferralLetter => "案件移送书",
        PenaltyNotice => "行政处罚事先告知书",
        HearingNotice => "听证通知书",
        HearingRecord => "听证笔录",
        InquiryRecord => "询问笔录",
        ClosingApproval => "结案审批表",
        FilingApproval => "立案审批表",
        PenaltyDecision => "行政处罚决定书",
        DecisionChange => "变更行政处罚决定书",
        DecisionRevocation => "撤销行政处罚决定书",
        DisciplineRecommendation => "处分建议书",
        CriminalTransfer => "涉嫌犯罪案件移送书",
        ReturnReceipt => "送达回证",
        EvaluationResultNotice => "档案服务机构评价结果告知书",
        EvaluationReviewNotice => "档案服务机构评价复核结果告知书",
        _ => type,
    };
}

/// <summary>
/// A document that was issued, so it can be found by its number (GET /api/documents/{number}).
/// Stored in the same transaction as the event that issued it.
/// </summary>
public sealed class IssuedDocument
{
    public string Id { get; set; } = "";          // the document number, e.g. 乌档责改〔2026〕3号
    public string Type { get; set; } = "";
    public Guid StreamId { get; set; }
    public string CaseKind { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>The document as issued (HTML), kept from the first rendering on; null until frozen (see Documents/IssuedDocumentContent.cs).</summary>
    public string? Content { get; set; }
    public string? Sha256 { get; set; }
    public string? Sm3 { get; set; }
    /// <summary>The version of the case stream's event that issued it: the state it was rendered from.</summary>
    public long? StreamVersion { get; set; }
    public DateTimeOffset? FrozenAt { get; set; }
    /// <summary>The electronic seal: the issuing department's key, its public key and the SM2 signature over <see cref="Content"/>.</summary>
    public string? SealKeyId { get; set; }
    public string? SealPublicKey { get; set; }
    public string? SealSignature { get; set; }
    /// <summary>The short code printed in the seal area, with which a holder of a copy looks the document up.</summary>
    public string? VerificationCode { get; set; }
    /// <summary>The date the party received it (送达), once recorded (Documents/Service.cs); periods "from receipt" start here.</summary>
    public DateOnly? ServedOn { get; set; }
    /// <summary>The PDF rendered from <see cref="Content"/> (Documents/DocumentPdf.cs): its SHA-256 in the file store, and size.</summary>
    public string? PdfSha256 { get; set; }
    public long? PdfSize { get; set; }
    public Supervision.Documents.ServiceMethod? ServiceMethod { get; set; }
}

/// <summary>
/// Gapless, unique document numbers per department, type and year. The counter row is bumped with
/// <c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c> on the session's own connection and transaction:
/// the row lock serialises concurrent orders, and a rolled-back command gives its number back.
/// </summary>
public static class DocumentNumbers
{
    public const string TableName = "document_number_counters";

    public static Table CounterTable(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, TableName));
        table.AddColumn<string>("department").AsPrimaryKey();
        table.AddColumn<string>("doc_type").AsPrimaryKey();
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn<int>("last_number").NotNull();
        return table;
    }

    public static async Task<int> NextAsync(IDocumentSession session, string department, string docType, int year, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var cmd = session.Connection!.CreateCommand();
        cmd.CommandText =
            $"insert into {schema}.{TableName} as c (department, doc_type, year, last_number) values (@d, @t, @y, 1) " +
            "on conflict (department, doc_type, year) do update set last_number = c.last_number + 1 returning last_number";
        cmd.Parameters.Add(new NpgsqlParameter("d", department));
        cmd.Parameters.Add(new NpgsqlParameter("t", docType));
        cmd.Parameters.Add(new NpgsqlParameter("y", year));
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Issues a numbered document: takes the next number of <paramref name="department"/> for the Beijing year and
    /// records it (<see cref="IssuedDocument"/>, found by <c>GET /api/documents/{number}</c>) in the same transaction
    /// as the event that will carry the number. Call it only after every check has passed.
    /// </summary>
    public static async Task<string> IssueAsync(IDocumentSession session, Jurisdiction department, string docType, Guid streamId, string caseKind,
        string jurisdictionPath, DateTimeOffset now, CancellationToken ct)
    {
        var year = WorkingDayCalendar.BeijingToday(now).Year;
        var number = Format(department.DocumentPrefix, docType, year, await NextAsync(session, department.Id, docType, year, ct));
        session.Store(new IssuedDocument { Id = number, Type = docType, StreamId = streamId, CaseKind = caseKind, JurisdictionPath = jurisdictionPath, IssuedAt = now });
        return number;
    }

    /// <summary>The department that issued a document: the one whose prefix and the type begin its number (the longest such prefix).</summary>
    public static Jurisdiction? DepartmentOf(string number, string docType) =>
        JurisdictionCatalogue.All.Where(j => number.StartsWith(j.DocumentPrefix + docType, StringComparison.Ordinal)).MaxBy(j => j.DocumentPrefix.Length);

    public static string Format(string departmentPrefix, string docType, int year, int sequence) =>
        $"{departmentPrefix}{docType}〔{year}〕{sequence}号";
}
