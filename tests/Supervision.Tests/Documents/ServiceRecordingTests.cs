using Supervision.Documents;
using Supervision.Files;
using Supervision.Inspections;
using Supervision.Shared;
using Supervision.Tests.TestSupport;

namespace Supervision.Tests.Documents;

/// <summary>
/// 执法全过程记录 of service (issue 16 §1): a document handed over or left at the premises is served on site and owes a
/// recording; post, e-mail and public notice owe none; 留置送达 may be photographed instead of witnessed (民事诉讼法 Art. 89).
/// </summary>
public sealed class ServiceRecordingTests
{
    private static readonly IssuedDocument Order = new()
    {
        Id = "乌档责改〔2026〕8号", Type = DocumentTypes.RectificationOrder, StreamId = Guid.NewGuid(), CaseKind = "rectification",
        JurisdictionPath = Paths.Urumqi, IssuedAt = Clock.Now.AddDays(-3),
    };

    private static EvidenceFile File(string mediaType, char fill = 'a') =>
        new(new string(fill, 64), mediaType, 2048, "送达." + mediaType.Split('/')[1], "urumqi.inspector1", null, Clock.Now, null, null, null, null, null, null, null, false);

    private static DocumentServed Served(ServiceMethod method) => new(Order.Id, Order.Type, Order.StreamId, Order.JurisdictionPath, method,
        Clock.Today, "某档案馆", "乌鲁木齐检查员甲", method == ServiceMethod.Left ? "居委会 李某" : null, null, null, "凭证", null, null, "urumqi.inspector1", Clock.Now);

    private static DocumentService Record(ServiceMethod method)
    {
        var record = new DocumentService();
        record.Apply(Served(method));
        return record;
    }

    [Fact]
    public void Only_a_service_on_site_owes_a_recording_and_a_case_lists_each_one()
    {
        var direct = Record(ServiceMethod.Direct);
        var posted = Record(ServiceMethod.Post);
        posted.Number = "乌档责延〔2026〕1号";
        var item = Assert.Single(ServiceRecordings.Checklist([direct, posted, new DocumentService { Number = "乌档复查〔2026〕1号" }]));
        Assert.Equal((ServiceRecordings.ItemCode(Order.Id), true, true), (item.Step, item.Required, item.Missing));
        Assert.Contains("直接送达", item.Name);
        Assert.Contains(Order.Id, item.Name);
        Assert.Null(ServiceRecordings.StepOf(ServiceMethod.Electronic));
        Assert.Equal(ServiceRecordings.LeftService, ServiceRecordings.StepOf(ServiceMethod.Left));
    }

    [Fact]
    public void Block_mode_keeps_the_case_open_until_the_service_is_recorded_warn_mode_does_not()
    {
        var direct = Record(ServiceMethod.Direct);
        Refusal.Refused("recording_missing", () => ServiceRecordings.CheckBeforeConclusion([direct], FullProcessRecordingMode.Block));
        ServiceRecordings.CheckBeforeConclusion([direct], FullProcessRecordingMode.Warn);

        direct.Apply(ServiceRecordings.Decide(Order, direct.Served, [File("video/mp4")], "交付通知书", Actors.UrumqiInspector, Clock.Now));
        Assert.Equal(1, Assert.Single(ServiceRecordings.Checklist([direct])).Recordings);
        ServiceRecordings.CheckBeforeConclusion([direct], FullProcessRecordingMode.Block);
        var recording = Assert.Single(ServiceRecordings.Recordings([direct]));
        Assert.Equal(ServiceRecordings.ItemCode(Order.Id), recording.Step); // keyed to the case's checklist line
    }

    [Fact]
    public void A_recording_needs_a_recorded_service_on_site_and_audio_or_video_photos_only_for_leaving_it()
    {
        Refusal.Refused("service_not_recorded", () => ServiceRecordings.Decide(Order, null, [File("video/mp4")], null, Actors.UrumqiInspector, Clock.Now));
        Refusal.Refused("recording_not_required", () => ServiceRecordings.Decide(Order, Served(ServiceMethod.Post), [File("video/mp4")], null, Actors.UrumqiInspector, Clock.Now));
        Refusal.Refused("recording_media_required", () => ServiceRecordings.Decide(Order, Served(ServiceMethod.Direct), [File("image/jpeg")], null, Actors.UrumqiInspector, Clock.Now), "recordings");
        Refusal.Invalid("field_required", () => ServiceRecordings.Decide(Order, Served(ServiceMethod.Direct), [], null, Actors.UrumqiInspector, Clock.Now), "recordings");
        var left = ServiceRecordings.Decide(Order, Served(ServiceMethod.Left), [File("image/jpeg")], null, Actors.UrumqiInspector, Clock.Now);
        Assert.Equal("left_service", left.Step);
        Refusal.Refused("recording_media_required", () => ServiceRecordings.Decide(Order, Served(ServiceMethod.Left), [File("application/pdf")], null, Actors.UrumqiInspector, Clock.Now), "recordings");
        // Another department's officer does not record this department's service.
        var outsider = Assert.Throws<RuleViolation>(() => ServiceRecordings.Decide(Order, Served(ServiceMethod.Direct), [File("video/mp4")], null, Actors.KashgarInspector, Clock.Now));
        Assert.Contains(outsider.Status, new[] { 403, 404 });
    }

    [Fact]
    public void Leaving_a_document_needs_a_witness_or_its_photos_or_video()
    {
        var record = new DocumentService();
        var left = new RecordService("left", Clock.Today, null, "某档案馆", null, null, null, "留置于门卫室", null);
        Refusal.Invalid("field_required", () => DocumentServiceRules.Decide(Order, record, left, Actors.UrumqiInspector, null, Clock.Now), "witness");
        var served = DocumentServiceRules.Decide(Order, record, left, Actors.UrumqiInspector, null, Clock.Now, recorded: true);
        Assert.Equal((ServiceMethod.Left, null), (served.Method, served.Witness));
    }
}
