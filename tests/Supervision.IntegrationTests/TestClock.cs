using System.Collections.Concurrent;
using System.Reflection;
using Supervision.Shared;
using Xunit.Sdk;

[assembly: Supervision.IntegrationTests.BusinessClockPerTest]

namespace Supervision.IntegrationTests;

/// <summary>
/// The business clock of the integration tests. It never reads the machine's date: every test starts at
/// <see cref="Default"/> (reset before and after each test by <see cref="BusinessClockPerTestAttribute"/>), and a
/// test that needs another day sets it with <see cref="AppFixture.ClockAt"/>. So no test depends on the real date
/// or on which tests ran before it, and the suite passes with the machine's clock set to any date.
/// </summary>
public static class TestClock
{
    /// <summary>
    /// Thursday 5 February 2026, 10:00 Beijing: a working day just before Spring Festival 2026 (off 15–23 February,
    /// make-up working days Saturday 14 and Saturday 28 February), so every deadline of a few working days or weeks
    /// crosses the holiday and is wrong by days if the official calendar were not applied.
    /// </summary>
    public static readonly DateTimeOffset Default = new(2026, 2, 5, 10, 0, 0, TimeSpan.FromHours(8));

    // The shared app's clocks: reset around every test of the "app" collection, whose tests run one at a time.
    // Other collections run in parallel with it and own their clocks (one per test class instance).
    private static readonly ConcurrentDictionary<BusinessClock, byte> SharedClocks = new();

    /// <summary>A business clock at <see cref="Default"/>.</summary>
    public static BusinessClock Create() => new(Default);

    /// <summary>The clock of the app shared by the "app" collection: reset to <see cref="Default"/> around each of its tests.</summary>
    public static BusinessClock CreateShared()
    {
        var clock = Create();
        SharedClocks[clock] = 0;
        return clock;
    }

    public static void Release(BusinessClock clock) => SharedClocks.TryRemove(clock, out _);

    internal static void ResetShared(MethodInfo test)
    {
        if (test.ReflectedType is not { } testClass || !IsAppCollection(testClass)) return;
        foreach (var clock in SharedClocks.Keys) clock.SetUtcNow(Default);
    }

    private static bool IsAppCollection(Type testClass) =>
        testClass.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CollectionAttribute)
            && a.ConstructorArguments.Count == 1 && Equals(a.ConstructorArguments[0].Value, AppCollection.Name));

    /// <summary>
    /// Sets a business clock. Refuses a day in a year whose official holiday calendar is not loaded (unless the
    /// test is about such a year): its deadlines would silently be computed on weekends only.
    /// </summary>
    public static void Set(BusinessClock clock, DateTimeOffset when, WorkingDayCalendar calendar, bool unpublishedYear = false)
    {
        var year = WorkingDayCalendar.BeijingToday(when).Year;
        if (!unpublishedYear && !calendar.IsLoaded(year))
            throw new InvalidOperationException($"The official holiday calendar of {year} is not loaded: a test at {when:O} would compute provisional deadlines.");
        clock.SetUtcNow(when);
    }
}

/// <summary>
/// The app's TimeProvider in tests: "now" is whatever the test set, in UTC like TimeProvider.System (Npgsql writes
/// timestamptz from UTC only). Unlike FakeTimeProvider it may be set back, so each test of a shared app starts at
/// its own date; timers and timestamps stay on the machine's clocks (nothing in the app waits on business time).
/// </summary>
public sealed class BusinessClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void SetUtcNow(DateTimeOffset when) => Interlocked.Exchange(ref _utcTicks, when.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}

/// <summary>Before and after every test of the shared app: its business clock goes back to <see cref="TestClock.Default"/>.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BusinessClockPerTestAttribute : BeforeAfterTestAttribute
{
    // xunit constructs the test class before Before(): resetting after each test too means a constructor that reads
    // the clock also sees the default, never the previous test's time.
    public override void Before(MethodInfo methodUnderTest) => TestClock.ResetShared(methodUnderTest);
    public override void After(MethodInfo methodUnderTest) => TestClock.ResetShared(methodUnderTest);
}
