using Supervision.Documents;
using Supervision.Shared;
using Supervision.Tests.TestSupport;
using Supervision.Units;

namespace Supervision.Tests.Documents;

/// <summary>送达 (issue 13 §2): how and when a document reached the party, checked before anything is stored.</summary>
public sealed class ServiceRulesTests
{
    private static readonly IssuedDocument Order = new()
    {
        Id = "乌档责改〔2026〕7号", Type = DocumentTypes.RectificationOrder, StreamId = Guid.NewGuid(), CaseKind = "rectification",
        JurisdictionPath = Paths.Urumqi, IssuedAt = Clock.Now.AddDays(-3), // issued Monday 9 February
    };
    private static readonly DateOnly Issued = Clock.Today.AddDays(-3);

    private static RecordService Direct(DateOnly? receivedOn = null, string? receipt = "乌档送回〔2026〕1号") =>
        new("direct", receivedOn ?? Clock.Today, null, "某档案馆 张主任", null, null, null, "签收的送达回证", receipt);

    private static DocumentService WithReceipt(string receipt = "乌档送回〔2026〕1号") => new()
    {
        ReturnReceipts = [new ReturnReceiptIssued(Order.Id, Order.Type, Order.StreamId, Order.JurisdictionPath, receipt, "责令限期改正通知书", "某档案馆", "乌鲁木齐市档案局", "urumqi.inspector1", Clock.Now)],
    };

    private static DocumentServed Serve(RecordService c, DocumentService? record = null, SupervisedUnit? unit = null, Actor? actor = null) =>
        DocumentServiceRules.Decide(Order, record ?? WithReceipt(), c, actor ?? Actors.UrumqiInspector, unit, Clock.Now);

    [Fact]
    public void A_direct_service_records_the_date_of_receipt_the_signed_return_and_who_served()
    {
        var served = Serve(Direct(Issued.AddDays(1)));
        Assert.Equal((ServiceMethod.Direct, Issued.AddDays(1), "乌档送回〔2026〕1号", "乌鲁木齐检查员甲", "urumqi.inspector1"),
            (served.Method, served.ReceivedOn, served.ReturnReceiptNumber, served.ServedBy, served.RecordedBy));
    }

    [Fact]
    public void Receipt_before_issue_or_in_the_future_is_refused()
    {
        Refusal.Refused("served_before_issue", () => Serve(Direct(Issued.AddDays(-1))), "receivedOn");
        Refusal.Refused("served_in_future", () => Serve(Direct(Clock.Today.AddDays(1))), "receivedOn");
        Assert.Equal(Issued, Serve(Direct(Issued)).ReceivedOn); // the day of issue itself is possible
    }

    [Fact]
    public void Each_method_needs_its_own_proof()
    {
        Refusal.Invalid("field_required", () => Serve(Direct(receipt: null)), "returnReceiptNumber");
        Refusal.Refused("unknown_return_receipt", () => Serve(Direct(receipt: "乌档送回〔2026〕99号")), "returnReceiptNumber");
        Refusal.Invalid("field_required", () => Serve(Direct() with { Method = "left", ReturnReceiptNumber = null }), "witness");
        Assert.Equal("居委会 李某", Serve(Direct() with { Method = "left", ReturnReceiptNumber = null, Witness = " 居委会 李某 " }).Witness);
        Refusal.Invalid("field_required", () => Serve(Direct() with { Method = "post", ReturnReceiptNumber = null }), "trackingNumber");
        Refusal.Invalid("invalid_method", () => Serve(Direct() with { Method = "pigeon" }), "method");
        Refusal.Invalid("field_required", () => Serve(Direct() with { Proof = " " }), "proof");
    }

    [Fact]
    public void Electronic_service_needs_the_partys_written_consent_given_before_the_document()
    {
        var unit = new SupervisedUnit();
        var electronic = Direct() with { Method = "electronic", ReturnReceiptNumber = null };
        Refusal.Refused("no_electronic_consent", () => Serve(electronic, unit: unit), "method");
        unit.ElectronicServiceConsent = new ElectronicServiceConsent("archives@example.cn", "张主任", Issued.AddDays(1), "同意书扫描件", "urumqi.leader", Clock.Now);
        Refusal.Refused("no_electronic_consent", () => Serve(electronic, unit: unit), "method"); // agreed only after the document
        unit.ElectronicServiceConsent = unit.ElectronicServiceConsent with { SignedOn = Issued.AddDays(-30) };
        Assert.Equal("archives@example.cn", Serve(electronic, unit: unit).ElectronicAddress);
    }

    [Fact]
    public void Public_notice_only_after_a_failed_attempt_and_deemed_received_thirty_days_after_publication()
    {
        var notice = new RecordService("public", null, Clock.Today, "某档案馆", null, null, null, "公告截图及报纸版面", null);
        Refusal.Refused("other_methods_not_tried", () => Serve(notice, new DocumentService()), "method");
        var tried = new DocumentService();
        tried.Apply(DocumentServiceRules.Decide(Order, tried, new RecordFailedService("post", Issued.AddDays(1), "查无此单位，邮件退回"), Actors.UrumqiInspector, Clock.Now));
        var served = Serve(notice, tried);
        Assert.Equal((Clock.Today, Clock.Today.AddDays(30)), (served.PublishedOn, served.ReceivedOn));
        Refusal.Invalid("invalid_method", () => DocumentServiceRules.Decide(Order, tried, new RecordFailedService("public", Clock.Today, "x"), Actors.UrumqiInspector, Clock.Now), "method");
    }

    [Fact]
    public void A_document_is_served_once_by_an_officer_of_its_department_and_only_documents_addressed_to_a_party()
    {
        var record = WithReceipt();
        record.Apply(Serve(Direct()));
        Assert.Equal(409, Assert.Throws<RuleViolation>(() => Serve(Direct(), record)).Status);
        Refusal.Forbidden(() => Serve(Direct(), actor: Actors.UrumqiComplaintHandler));
        Refusal.NotFound(() => Serve(Direct(), actor: Actors.KashgarInspector));
        Refusal.Refused("not_served_document", () => DocumentServiceRules.Decide(new IssuedDocument { Id = "乌档检录〔2026〕1号", Type = DocumentTypes.InspectionRecord, JurisdictionPath = Paths.Urumqi, IssuedAt = Clock.Now },
            null, Direct(), Actors.UrumqiInspector, null, Clock.Now));
    }

    [Fact]
    public void Each_served_document_has_its_own_fixed_stream()
    {
        Assert.Equal(DocumentServiceRules.StreamId("乌档责改〔2026〕7号"), DocumentServiceRules.StreamId("乌档责改〔2026〕7号"));
        Assert.NotEqual(DocumentServiceRules.StreamId("乌档责改〔2026〕7号"), DocumentServiceRules.StreamId("乌档责改〔2026〕8号"));
        Assert.Equal(8, DocumentServiceRules.StreamId("乌档责改〔2026〕7号").Version);
    }
}
