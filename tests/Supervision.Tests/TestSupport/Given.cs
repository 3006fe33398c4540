using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Tests.TestSupport;

/// <summary>Jurisdiction paths used by the tests (see JurisdictionCatalogue).</summary>
public static class Paths
{
    public const string Region = "650000";
    public const string Urumqi = "650000/650100";
    public const string Tianshan = "650000/650100/650102";
    public const string Kashgar = "650000/653100";
}

/// <summary>Who acts in the tests.</summary>
public static class Actors
{
    public static readonly Actor UrumqiInspector = new("urumqi.inspector1", "乌鲁木齐检查员甲", Roles.Inspector, "650100", Paths.Urumqi, Certified: true);
    public static readonly Actor UrumqiLeader = new("urumqi.leader", "乌鲁木齐局长", Roles.Leader, "650100", Paths.Urumqi);
    public static readonly Actor UrumqiComplaintHandler = new("urumqi.complaints", "乌鲁木齐投诉受理员", Roles.ComplaintHandler, "650100", Paths.Urumqi);
    public static readonly Actor TianshanInspector = new("tianshan.inspector1", "天山区检查员", Roles.Inspector, "650102", Paths.Tianshan, Certified: true);
    public static readonly Actor KashgarInspector = new("kashgar.inspector1", "喀什检查员", Roles.Inspector, "653100", Paths.Kashgar, Certified: true);
    public static readonly Actor KashgarLeader = new("kashgar.leader", "喀什局长", Roles.Leader, "653100", Paths.Kashgar);
    public static readonly Actor RegionLeader = new("region.leader", "自治区局长", Roles.Leader, "650000", Paths.Region);
}

/// <summary>Staff records (AppUser) that planning looks inspectors up in.</summary>
public static class Staff
{
    public static readonly AppUser UrumqiInspector1 = User("urumqi.inspector1", "乌鲁木齐检查员甲", Roles.Inspector, "650100", Paths.Urumqi, "XJ-0101");
    public static readonly AppUser UrumqiInspector2 = User("urumqi.inspector2", "乌鲁木齐检查员乙", Roles.Inspector, "650100", Paths.Urumqi, "XJ-0102");
    public static readonly AppUser UrumqiUncertified = User("urumqi.trainee", "乌鲁木齐见习员", Roles.Inspector, "650100", Paths.Urumqi, null);
    /// <summary>Holds a certificate number but is not an Inspector: cannot be one of the inspectors.</summary>
    public static readonly AppUser UrumqiLeader = User("urumqi.leader", "乌鲁木齐局长", Roles.Leader, "650100", Paths.Urumqi, "XJ-0100");
    public static readonly AppUser TianshanInspector1 = User("tianshan.inspector1", "天山区检查员", Roles.Inspector, "650102", Paths.Tianshan, "XJ-0201");
    public static readonly AppUser KashgarInspector1 = User("kashgar.inspector1", "喀什检查员", Roles.Inspector, "653100", Paths.Kashgar, "XJ-3101");
    public static readonly AppUser RegionInspector1 = User("region.inspector1", "自治区检查员", Roles.Inspector, "650000", Paths.Region, "XJ-0001");

    public static readonly IReadOnlyCollection<AppUser> All =
        [UrumqiInspector1, UrumqiInspector2, UrumqiUncertified, UrumqiLeader, TianshanInspector1, KashgarInspector1, RegionInspector1];

    /// <summary>The user names of <see cref="UrumqiPair"/>, as a request names the officers who act (R1).</summary>
    public static readonly string[] UrumqiPairIds = ["urumqi.inspector1", "urumqi.inspector2"];

    public static readonly Signatory[] UrumqiPair =
    [
        new(UrumqiInspector1.Id, UrumqiInspector1.DisplayName, UrumqiInspector1.CertificateNumber!),
        new(UrumqiInspector2.Id, UrumqiInspector2.DisplayName, UrumqiInspector2.CertificateNumber!),
    ];

    private static AppUser User(string id, string name, string role, string jurisdictionId, string path, string? certificate) => new()
    {
        Id = id, DisplayName = name, Role = role, JurisdictionId = jurisdictionId, JurisdictionPath = path, CertificateNumber = certificate,
    };
}

/// <summary>Supervised units, one per jurisdiction level used.</summary>
public static class TestUnits
{
    public static readonly SupervisedUnit Urumqi = Unit("0197a000-0000-7000-8000-000000000101", "乌鲁木齐市档案馆", "650100", Paths.Urumqi);
    public static readonly SupervisedUnit Tianshan = Unit("0197a000-0000-7000-8000-000000000102", "乌鲁木齐市天山区教育局", "650102", Paths.Tianshan);
    public static readonly SupervisedUnit Kashgar = Unit("0197a000-0000-7000-8000-000000003101", "喀什地区档案馆", "653100", Paths.Kashgar);

    private static SupervisedUnit Unit(string id, string name, string jurisdictionId, string path) => new()
    {
        Id = Guid.Parse(id), Name = name, Kind = UnitKind.Organ, JurisdictionId = jurisdictionId, JurisdictionPath = path,
    };
}

/// <summary>Fixed time and the official calendar: no wall clock in these tests.</summary>
public static class Clock
{
    /// <summary>Thursday 2026-02-12, 10:00 Beijing time; the day before the Spring Festival break's last working days.</summary>
    public static readonly DateTimeOffset Now = new(2026, 2, 12, 2, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = new(2026, 2, 12);
    public static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadDefault();

    public static DateOnly D(int y, int m, int d) => new(y, m, d);
}

/// <summary>Event builders for an inspection stream (defaults: a Urumqi unit inspected by two Urumqi inspectors).</summary>
public static class InspectionEvents
{
    public static readonly Guid InspectionId = Guid.Parse("0197a000-0000-7000-8000-00000000a001");

    public static InspectionPlanned Planned(SupervisedUnit? unit = null)
    {
        unit ??= TestUnits.Urumqi;
        return new(InspectionId, unit.Id, unit.Name, unit.JurisdictionId, unit.JurisdictionPath, ["Art37.1"], Clock.Today,
            Staff.UrumqiPair, Actors.UrumqiLeader.UserName, Clock.Now.AddDays(-1));
    }

    public static InspectionStarted Started() => new(InspectionId, Actors.UrumqiInspector.UserName, Clock.Now.AddHours(-1));
    public static ObstructionRecorded Obstructed() => new(InspectionId, "拒绝进入库房", Actors.UrumqiInspector.UserName, Clock.Now.AddMinutes(-50));
    public static HazardRecorded Hazard(Guid rectificationId) =>
        new(InspectionId, rectificationId, "Art38.3", "库房无温湿度控制设备", Actors.UrumqiInspector.UserName, Clock.Now.AddMinutes(-30));
    public static InspectionConcluded Concluded() => new(InspectionId, "检查完毕", Actors.UrumqiInspector.UserName, Clock.Now.AddMinutes(-10));
    public static InspectionCancelled Cancelled() => new(InspectionId, "单位搬迁", Actors.UrumqiLeader.UserName, Clock.Now.AddMinutes(-10));
}

/// <summary>Event builders for a rectification stream.</summary>
public static class RectificationEvents
{
    public static readonly Guid RectificationId = Guid.Parse("0197a000-0000-7000-8000-00000000b001");

    public static HazardFound Found(SupervisedUnit? unit = null)
    {
        unit ??= TestUnits.Urumqi;
        return new(RectificationId, InspectionEvents.InspectionId, unit.Id, unit.Name, unit.JurisdictionId, unit.JurisdictionPath,
            "Art38.3", "库房无温湿度控制设备", ["照片-001"], Staff.UrumqiPair, Actors.UrumqiInspector.UserName, Clock.Now.AddDays(-1));
    }

    public static RectificationOrdered Ordered(DateOnly dueOn, int? workingDays = null) =>
        new(RectificationId, "乌档责改〔2026〕1号", "650100", "配置温湿度控制设备", Clock.Today, dueOn, workingDays, false,
            Staff.UrumqiPair, Actors.UrumqiInspector.UserName, Clock.Now);

    public static DeadlineExtended Extended(DateOnly from, DateOnly to) =>
        new(RectificationId, from, to, false, "设备采购周期长", Actors.UrumqiLeader.UserName, Clock.Now.AddDays(1));

    public static CorrectionReported Corrected() =>
        new(RectificationId, "已购置除湿机", ["发票-01"], Actors.UrumqiInspector.UserName, Clock.Now.AddDays(2));

    public static ReinspectionPassed Passed() => new(RectificationId, "整改到位", Actors.UrumqiInspector.UserName, Clock.Now.AddDays(3));
    public static ReinspectionFailed Failed() => new(RectificationId, "仍未整改", Actors.UrumqiInspector.UserName, Clock.Now.AddDays(3));
    public static RectificationDeadlineApproaching Approaching(DateOnly dueOn) => new(RectificationId, dueOn, Clock.Now.AddDays(4));
    public static RectificationOverdue Overdue(DateOnly dueOn) => new(RectificationId, dueOn, RectificationDeadlines.OverdueAt(dueOn));
}

/// <summary>
/// Builds an aggregate from its events, as Marten would: Create from the first, Apply the rest,
/// Version = number of events.
/// </summary>
public static class Given
{
    public static Inspection Inspection(params object[] events)
    {
        if (events is not [InspectionPlanned first, ..]) throw new ArgumentException("An inspection stream starts with InspectionPlanned");
        var s = Supervision.Inspections.Inspection.Create(first);
        foreach (var e in events[1..])
        {
            switch (e)
            {
                case InspectionStarted x: s.Apply(x); break;
                case ObstructionRecorded x: s.Apply(x); break;
                case HazardRecorded x: s.Apply(x); break;
                case InspectionConcluded x: s.Apply(x); break;
                case InspectionCancelled x: s.Apply(x); break;
                case RecusalRequested x: s.Apply(x); break;
                case RecusalDecided x: s.Apply(x); break;
                case ProcessRecordingAttached x: s.Apply(x); break;
                default: throw new ArgumentException($"Not an inspection event: {e.GetType().Name}");
            }
        }
        s.Version = events.Length;
        return s;
    }

    public static Rectification Rectification(params object[] events)
    {
        if (events is not [HazardFound first, ..]) throw new ArgumentException("A rectification stream starts with HazardFound");
        var r = Supervision.Rectifications.Rectification.Create(first);
        foreach (var e in events[1..])
        {
            switch (e)
            {
                case RectificationOrdered x: r.Apply(x); break;
                case DeadlineExtended x: r.Apply(x); break;
                case CorrectionReported x: r.Apply(x); break;
                case ReinspectionPassed x: r.Apply(x); break;
                case ReinspectionFailed x: r.Apply(x); break;
                case RectificationDeadlineApproaching x: r.Apply(x); break;
                case RectificationOverdue x: r.Apply(x); break;
                case RectificationOfficersAssigned x: r.Apply(x); break;
                case RectificationOfficerRecused x: r.Apply(x); break;
                default: throw new ArgumentException($"Not a rectification event: {e.GetType().Name}");
            }
        }
        r.Version = events.Length;
        return r;
    }
}

/// <summary>"Then refused": the decider throws a RuleViolation with this status and code.</summary>
public static class Refusal
{
    public static RuleViolation Expect(int status, string code, Action when, string? field = null)
    {
        var violation = Assert.Throws<RuleViolation>(when);
        Assert.Equal(status, violation.Status);
        Assert.Equal(code, Assert.IsType<string>(violation.Problem.Extensions["code"]));
        if (field is not null)
        {
            var errors = Assert.IsType<Dictionary<string, string[]>>(violation.Problem.Extensions["errors"]);
            Assert.Equal([field], errors.Keys);
        }
        return violation;
    }

    public static RuleViolation Invalid(string code, Action when, string? field = null) => Expect(400, code, when, field);
    public static RuleViolation Forbidden(Action when) => Expect(403, "forbidden", when);
    public static RuleViolation NotFound(Action when) => Expect(404, "not_found", when);
    public static RuleViolation Refused(string code, Action when, string? field = null) => Expect(422, code, when, field);

    public static RuleViolation Stale(long currentVersion, Action when)
    {
        var violation = Expect(409, "stale_version", when);
        Assert.Equal(currentVersion, Assert.IsType<long>(violation.Problem.Extensions["currentVersion"]));
        return violation;
    }
}
