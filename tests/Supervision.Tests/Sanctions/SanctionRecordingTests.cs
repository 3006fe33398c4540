using Supervision.Files;
using Supervision.Inspections;
using Supervision.Sanctions;
using Supervision.Tests.TestSupport;

namespace Supervision.Tests.Sanctions;

/// <summary>执法全过程记录 of a hearing (issue 16 §1): owed once a hearing was held; in block mode the case does not close without it.</summary>
public sealed class SanctionRecordingTests
{
    private static readonly EvidenceFile Video = new(new string('b', 64), "video/mp4", 2048, "听证录像.mp4", "urumqi.officer2", null, Clock.Now, null, null,
        null, null, null, null, null, false);

    private static SanctionCase Heard() => new()
    {
        HearingRecords = [new HearingRecord("乌档听笔〔2026〕1号", Clock.Today, "努尔古丽", "会议室", "笔录", "urumqi.officer2")],
    };

    [Fact]
    public void A_hearing_held_owes_its_recording_and_block_mode_keeps_the_case_open_until_it_is_attached()
    {
        Assert.DoesNotContain(FullProcessRecording.Checklist(new SanctionCase()), i => i.Missing); // no hearing: nothing owed
        var heard = Heard();
        Assert.Equal(["hearing"], FullProcessRecording.Checklist(heard).Where(i => i.Missing).Select(i => i.Step));
        Refusal.Refused("recording_missing", () => SanctionRecordings.CheckBeforeClosing(heard, FullProcessRecordingMode.Block));
        SanctionRecordings.CheckBeforeClosing(heard, FullProcessRecordingMode.Warn);

        heard.Apply(new SanctionRecordingAttached(heard.Id, "hearing", [Video], null, "urumqi.officer2", Clock.Now));
        Assert.DoesNotContain(FullProcessRecording.Checklist(heard), i => i.Missing);
        SanctionRecordings.CheckBeforeClosing(heard, FullProcessRecordingMode.Block);
    }
}
