using Supervision.Files;
using Supervision.Shared;

namespace Supervision.Tests.Files;

/// <summary>Issue 16 §1: the capture an upload states (device time, GPS) is checked, and a wrong device clock is flagged, not trusted.</summary>
public sealed class CaptureTests
{
    private static CaptureInfo Parse(params (string Key, string Value)[] fields) => EvidenceFiles.ParseCapture(fields.ToDictionary(f => f.Key, f => f.Value));

    [Fact]
    public void A_position_in_the_region_with_its_accuracy_and_the_device_time_are_kept()
    {
        var c = Parse(("capturedAt", "2026-12-03T10:15:00+08:00"), ("latitude", "43.825"), ("longitude", "87.617"), ("accuracy", "12.5"));
        Assert.Equal(new CaptureInfo(new DateTimeOffset(2026, 12, 3, 10, 15, 0, TimeSpan.FromHours(8)), 43.825, 87.617, 12.5), c);
        Assert.Equal(new CaptureInfo(null, null, null, null), Parse());
    }

    [Theory]
    [InlineData("latitude", "39.9", "longitude", "116.4")]   // Beijing: outside the region
    [InlineData("latitude", "33.4", "longitude", "80")]      // just south of the region's extent
    [InlineData("latitude", "45", "longitude", "97.6")]      // just east of it
    [InlineData("latitude", "45", "longitude", "NaN")]
    [InlineData("latitude", "45", "accuracy", "5")]          // half a position
    [InlineData("accuracy", "5", "capturedAt", "")]          // accuracy without a position
    [InlineData("capturedAt", "yesterday", "accuracy", "")]
    public void Implausible_positions_and_unreadable_times_are_refused(string k1, string v1, string k2, string v2)
    {
        var e = Assert.Throws<RuleViolation>(() => Parse((k1, v1), (k2, v2)));
        Assert.Equal(400, e.Problem.Status);
        Assert.StartsWith("invalid_", (string)e.Problem.Extensions["code"]!);
    }

    [Fact]
    public void A_device_clock_more_than_a_day_off_either_way_is_flagged()
    {
        var server = new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
        Assert.False(EvidenceFiles.ClockSkewed(null, server));
        Assert.False(EvidenceFiles.ClockSkewed(server.AddHours(-24), server));
        Assert.True(EvidenceFiles.ClockSkewed(server.AddHours(-24).AddSeconds(-1), server));
        Assert.True(EvidenceFiles.ClockSkewed(server.AddHours(25), server));
    }
}
