using Supervision.IntegrationTests.Files;
using System.Net.Http.Headers;
using System.Text.Json;
using Supervision.IntegrationTests.Ui;

namespace Supervision.IntegrationTests.Inspections;

/// <summary>
/// 执法全过程记录 (issue 16 §1) through HTTP: a started inspection shows its on-site recording as missing on its page and on
/// the leader's 待办; a video uploaded by an officer of the team is attached (a photo is not a recording); then it is present.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FullProcessRecordingFlowTests(AppFixture app)
{
    private readonly Api _api = new(app);
    private readonly Scenarios _given = new(app);
    private const string Inspector = "urumqi.inspector1";

    private Task<string> Upload(byte[] bytes, string name, string user = Inspector) => TestFiles.Upload(app, user, bytes, name);
    private static byte[] Video() => TestFiles.Video();
    private static byte[] Photo() => TestFiles.Photo();

    private async Task<string> Page(string user, string url)
    {
        using var browser = await UiBrowser.LoggedIn(app, user);
        return await browser.GetStringAsync(url);
    }

    [Fact]
    public async Task An_obstruction_keeps_the_photo_taken_of_it_with_its_capture_in_its_event()
    {
        var id = await _given.StartedInspection();
        var photo = await Upload([0xFF, 0xD8, 0xFF, 0xE0, .. Guid.NewGuid().ToByteArray()], "拒绝开门.jpg");
        // A file nobody of the team uploaded is refused, and nothing is recorded.
        await _api.Refused(Inspector, $"/api/inspections/{id}/obstructions", new { version = 2, description = "拒绝开启库房", evidenceFiles = new[] { new string('c', 64) } },
            422, "unknown_file", id);
        await _api.Ok(_api.Post(Inspector, $"/api/inspections/{id}/obstructions", new { version = 2, description = "拒绝开启库房", evidenceFiles = new[] { photo } }));
        await using var session = app.Store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<Supervision.Inspections.ObstructionRecorded>().Single();
        var file = Assert.Single(recorded.Files!);
        Assert.Equal((photo, "image/jpeg", "拒绝开门.jpg", Inspector), (file.Sha256, file.MediaType, file.FileName, file.CapturedBy));
        Assert.Contains("name=\"evidenceFiles\" data-type=\"files\"", await Page(Inspector, $"/inspections/{id}"));
    }

    /// <summary>The leader's 待办 table of the workbench.</summary>
    private async Task<string> Todos()
    {
        var page = await Page("urumqi.leader", "/");
        var start = page.IndexOf("id=\"todos\"", StringComparison.Ordinal);
        return start < 0 ? "" : page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task A_started_inspection_owes_its_on_site_recording_until_a_video_is_attached()
    {
        var id = await _given.StartedInspection();
        var page = await Page(Inspector, $"/inspections/{id}");
        Assert.Contains("执法全过程记录", page);
        Assert.Contains("缺少录音录像", page);
        Assert.Contains("data-type=\"files\"", page); // the form uploads the files, then names them
        var todos = await Todos();
        Assert.Contains($"/inspections/{id}", todos);
        Assert.Contains("执法全过程记录缺失", todos);

        // A photo is evidence, not a recording of the procedure; nothing is stored.
        var photo = await Upload([0xFF, 0xD8, 0xFF, 0xE0, .. Guid.NewGuid().ToByteArray()], "现场照片.jpg");
        await _api.Refused(Inspector, $"/api/inspections/{id}/recordings", new { version = 2, step = "on_site", files = new[] { photo } },
            422, "recording_media_required", id);

        var video = await Upload(Video(), "进入库房.mp4");
        var attached = await _api.Ok(_api.Post(Inspector, $"/api/inspections/{id}/recordings",
            new { version = 2, step = "on_site", files = new[] { video }, note = "出示执法证件后开始录像" }));
        Assert.Equal(3, attached.Long("version"));
        var inspection = await _api.Ok(_api.Get("urumqi.leader", $"/api/inspections/{id}"));
        var recording = Assert.Single(inspection.GetProperty("recordings").EnumerateArray());
        Assert.Equal(("on_site", video, "video/mp4"), (recording.Str("step"), recording.GetProperty("file").Str("sha256"), recording.GetProperty("file").Str("mediaType")));

        page = await Page(Inspector, $"/inspections/{id}");
        Assert.DoesNotContain("缺少录音录像", page);
        Assert.Contains("已附 1 个文件", page);
        Assert.Contains("进入库房.mp4", page);
        Assert.DoesNotContain($"/inspections/{id}", await Todos());
        // The recording is part of the case's record: the history names the step.
        Assert.Contains("附执法全过程记录", (await _api.Get("urumqi.leader", $"/api/cases/{id}/history")).Body.GetRawText());
    }
}
