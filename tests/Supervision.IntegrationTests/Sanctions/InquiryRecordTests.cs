using System.Text.Json;
using Supervision.Sanctions;

namespace Supervision.IntegrationTests.Sanctions;

/// <summary>
/// 询问笔录 (issue 13 §1, APL Art. 55): an inquiry recorded by two officers of the case issues a numbered, frozen record with
/// the questions and answers as recorded and the signature block, and becomes evidence the decision can cite; bad input is
/// refused and stores nothing.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class InquiryRecordTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private const string Officer = "urumqi.officer";

    private async Task<Guid> OpenCase()
    {
        var unit = await app.UnitIn("650100");
        return (await _api.Ok(_api.Post(Officer, "/api/sanction-cases", new
        {
            source = new { kind = "direct" }, partyUnitId = unit.Id, violation = "Art43.1", summary = "拒绝、阻碍档案监督检查",
            investigatorIds = new[] { Officer, "urumqi.inspector1" }, responsiblePersons = new[] { new { name = "张主任" } },
        }), 201)).Id();
    }

    private object Inquiry(long version, DateTimeOffset? started = null, DateTimeOffset? ended = null, bool rights = true, string[]? officers = null,
        object[]? answers = null) => new
    {
        version, person = "王档案员", position = "当事单位档案室管理员", place = "当事单位会议室",
        startedAt = started ?? app.Clock.GetUtcNow().AddHours(-2), endedAt = ended ?? app.Clock.GetUtcNow().AddHours(-1),
        investigatorIds = officers ?? new[] { Officer, "urumqi.inspector1" }, rightsExplained = rights,
        answers = answers ?? new object[]
        {
            new { question = "检查组到达时，是谁决定不开放档案库房？", answer = "是单位负责人张主任让我锁门的。" },
            new { question = "你是否知道拒绝检查的后果？", answer = "当时不知道。" },
        },
    };

    [Fact]
    public async Task An_inquiry_issues_a_frozen_numbered_record_with_the_answers_and_signatures_and_becomes_citable_evidence()
    {
        var id = await OpenCase();
        app.AdvanceClockTo(app.Clock.GetUtcNow().AddHours(3)); // the inquiry took place after the case was opened
        var url = $"/api/sanction-cases/{id}/inquiries";

        // Refused, nothing stored: the end before the start, rights not explained, a signer not on the case, no answers.
        await _api.Refused(Officer, url, Inquiry(1, started: app.Clock.GetUtcNow().AddHours(-1), ended: app.Clock.GetUtcNow().AddHours(-2)), 400, "ended_before_started", id, "endedAt");
        await _api.Refused(Officer, url, Inquiry(1, ended: app.Clock.GetUtcNow().AddHours(1)), 422, "inquiry_in_future", id);
        await _api.Refused(Officer, url, Inquiry(1, started: app.Clock.GetUtcNow().AddHours(-5)), 422, "inquiry_before_opening", id);
        await _api.Refused(Officer, url, Inquiry(1, rights: false), 422, "rights_not_explained", id);
        await _api.Refused(Officer, url, Inquiry(1, officers: [Officer, "urumqi.inspector2"]), 422, "signatory_not_on_team", id);
        await _api.Refused(Officer, url, Inquiry(1, answers: [new { question = " ", answer = "" }]), 400, "answers_required", id);
        await _api.Refused("urumqi.handler", url, Inquiry(1), 403, "forbidden", id);
        Assert.Equal(404, (await _api.Post("kashi.leader", url, Inquiry(1))).Status);

        var issued = await _api.Ok(_api.Post(Officer, url, Inquiry(1)));
        var number = issued.Str("documentNumber");
        Assert.Matches(@"^乌档询笔〔\d{4}〕\d+号$", number);
        var document = (await _api.Ok(_api.Get(Officer, "/api/documents/" + Uri.EscapeDataString(number)))).GetString()!;
        Assert.Contains("询问笔录", document);
        Assert.Contains("问：检查组到达时，是谁决定不开放档案库房？", document);
        Assert.Contains("答：是单位负责人张主任让我锁门的。", document);
        Assert.Contains("被询问人签名", document);
        Assert.Contains("申请回避的权利", document);

        // Evidence of the case, citable by its id.
        var sanction = await _api.Ok(_api.Get(Officer, $"/api/sanction-cases/{id}"));
        var evidence = sanction.GetProperty("evidence").EnumerateArray().Single(e => e.Str("kind") == "询问笔录");
        Assert.Contains(number, evidence.Str("description"));

        // Frozen: a later step of the case leaves the record as issued.
        await _api.Ok(_api.Post(Officer, $"/api/sanction-cases/{id}/evidence", new { version = sanction.Long("version"), description = "现场照片", kind = "视听资料" }));
        Assert.Equal(document, (await _api.Ok(_api.Get(Officer, "/api/documents/" + Uri.EscapeDataString(number)))).GetString());
    }
}
