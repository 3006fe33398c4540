using Supervision.Files;
using Supervision.Inspections;
using Supervision.Tests.TestSupport;
using static Supervision.Tests.TestSupport.InspectionEvents;

namespace Supervision.Tests.Inspections;

/// <summary>执法全过程记录 (issue 16 §1): what must be recorded, what is accepted as a recording, and warn or block at conclusion.</summary>
public sealed class FullProcessRecordingTests
{
    private static readonly DateTimeOffset Now = Clock.Now;

    private static EvidenceFile File(string mediaType, string name = "现场录像.mp4") =>
        new(new string('a', 64), mediaType, 1024, name, "urumqi.inspector1", Now, Now, null, null, null, null, null, null, null, false);

    private static AttachRecording Attach(long version) => new(version, "on_site", [new string('a', 64)], "进入库房前开始录像");

    [Fact]
    public void A_started_inspection_owes_its_on_site_recording_until_one_is_attached()
    {
        Assert.DoesNotContain(FullProcessRecording.Checklist(Given.Inspection(Planned())), i => i.Missing); // not started: nothing owed yet
        var started = Given.Inspection(Planned(), Started());
        Assert.Equal(["on_site"], FullProcessRecording.Checklist(started).Where(i => i.Missing).Select(i => i.Step));

        var e = FullProcessRecording.Decide(started, Attach(2), [File("video/mp4")], Actors.UrumqiInspector, Now);
        Assert.Equal(("on_site", "进入库房前开始录像", "urumqi.inspector1"), (e.Step, e.Note, e.RecordedBy));
        var recorded = Given.Inspection(Planned(), Started(), e);
        Assert.Equal(1, Assert.Single(FullProcessRecording.Checklist(recorded)).Recordings);
        Assert.DoesNotContain(FullProcessRecording.Checklist(recorded), i => i.Missing);
    }

    [Fact]
    public void Only_audio_or_video_by_the_team_of_a_started_open_inspection_is_a_recording()
    {
        var started = Given.Inspection(Planned(), Started());
        Refusal.Refused("recording_media_required", () => FullProcessRecording.Decide(started, Attach(2), [File("image/jpeg", "照片.jpg")], Actors.UrumqiInspector, Now), "files");
        FullProcessRecording.Decide(started, Attach(2), [File("audio/mp4", "询问录音.m4a")], Actors.UrumqiInspector, Now);
        Refusal.Invalid("field_required", () => FullProcessRecording.Decide(started, Attach(2), [], Actors.UrumqiInspector, Now), "files");
        Refusal.Invalid("invalid_step", () => FullProcessRecording.Decide(started, Attach(2) with { Step = "hearing" }, [File("video/mp4")], Actors.UrumqiInspector, Now), "step");
        Refusal.Refused("inspection_not_started", () => FullProcessRecording.Decide(Given.Inspection(Planned()), Attach(1), [File("video/mp4")], Actors.UrumqiInspector, Now));
        Refusal.Forbidden(() => FullProcessRecording.Decide(started, Attach(2), [File("video/mp4")], Actors.KashgarInspector with { JurisdictionId = "650100", JurisdictionPath = Paths.Urumqi }, Now));
        Refusal.Stale(2, () => FullProcessRecording.Decide(started, Attach(1), [File("video/mp4")], Actors.UrumqiInspector, Now));
    }

    [Fact]
    public void In_block_mode_an_inspection_without_its_recording_is_not_concluded_in_warn_mode_it_is()
    {
        var started = Given.Inspection(Planned(), Started());
        var conclude = new ConcludeInspection(2, "检查完毕", Staff.UrumqiPairIds);
        Refusal.Refused("recording_missing", () => InspectionSteps.Decide(started, conclude, Actors.UrumqiInspector, Now, recording: FullProcessRecordingMode.Block));
        InspectionSteps.Decide(started, conclude, Actors.UrumqiInspector, Now, recording: FullProcessRecordingMode.Warn);

        var recorded = Given.Inspection(Planned(), Started(), FullProcessRecording.Decide(started, Attach(2), [File("video/mp4")], Actors.UrumqiInspector, Now));
        InspectionSteps.Decide(recorded, conclude with { ExpectedVersion = 3 }, Actors.UrumqiInspector, Now, recording: FullProcessRecordingMode.Block);
    }
}
