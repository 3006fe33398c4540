using Alba;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Supervision.Web;

namespace Supervision.IntegrationTests;

/// <summary>The idle memory trim (IdleMemoryTrim.cs): when it collects, and that the pipeline feeds it.</summary>
[Collection(AppCollection.Name)]
public sealed class IdleMemoryTrimTests(AppFixture app)
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(70), Period = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static IdleMemoryTrim Trim(TimeProvider? time = null) =>
        new(new IdleMemoryTrim.Options(Idle, Period), time ?? TimeProvider.System, NullLogger<IdleMemoryTrim>.Instance);

    [Theory]
    [InlineData(90, 0, 70, true)]   // work since the last trim, idle for the whole idle time
    [InlineData(90, 0, 69, false)]  // not idle long enough: the pools still keep their arrays
    [InlineData(90, 90, 600, false)] // idle since the last trim: nothing new to give back
    public void Trims_only_after_work_and_a_full_idle_time(long requests, long atLastTrim, int idleSeconds, bool expected) =>
        Assert.Equal(expected, IdleMemoryTrim.ShouldTrim(requests, atLastTrim, TimeSpan.FromSeconds(idleSeconds), Idle));

    [Fact]
    public void A_burst_is_followed_by_one_trim_once_idle_and_the_next_burst_by_another()
    {
        var trim = Trim();
        var collections = 0;
        void Collect() => collections++;
        bool At(long requests, int second) => trim.Check(requests, T0.AddSeconds(second), Collect);

        Assert.False(At(0, 10));   // idle from the start: nothing to give back
        Assert.False(At(40, 20));  // a burst
        Assert.False(At(90, 30));  // still going (the last activity seen at 30 s)
        Assert.False(At(90, 90));  // idle 60 s
        Assert.True(At(90, 100));  // idle 70 s: trim
        Assert.False(At(90, 200)); // still idle: not again
        Assert.False(At(91, 210)); // one more request
        Assert.False(At(91, 270)); // idle 60 s
        Assert.True(At(91, 280));  // idle 70 s: trim
        Assert.Equal(2, collections);
        Assert.Equal(2, trim.Trims);
    }

    [Fact]
    public async Task The_timer_checks_each_period_and_collects_once_the_app_has_been_idle()
    {
        var time = new FakeTimeProvider(T0); // runs the timer's callbacks inside Advance
        var trim = Trim(time);
        await trim.StartAsync(CancellationToken.None);
        trim.CountRequest("/inspections");
        time.Advance(Period); // sees the request
        for (var i = 0; i < 6; i++) time.Advance(Period);
        Assert.Equal(0, trim.Trims); // idle 60 s
        time.Advance(Period);
        Assert.Equal(1, trim.Trims); // idle 70 s: the real collector ran
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, trim.Trims); // still idle: not again
        await trim.StopAsync(CancellationToken.None);
        trim.CountRequest("/inspections");
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, trim.Trims); // stopped: no more checks
    }

    [Fact]
    public async Task Every_request_through_the_pipeline_but_the_health_probes_counts_as_activity()
    {
        var trim = app.Host.Services.GetRequiredService<IdleMemoryTrim>();
        var before = trim.Requests;
        await app.Host.Scenario(s => { s.Get.Url("/health/live"); s.StatusCodeShouldBeOk(); });
        Assert.Equal(before, trim.Requests); // a load balancer's probes every few seconds must not keep the app "busy"
        await app.Host.Scenario(s => { s.Get.Url("/api/inspections"); s.StatusCodeShouldBe(401); }); // refused ones count too
        Assert.Equal(before + 1, trim.Requests);
    }
}
