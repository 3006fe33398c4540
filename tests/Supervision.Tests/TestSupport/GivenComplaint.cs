using Supervision.Complaints;
using Supervision.Shared;

namespace Supervision.Tests.TestSupport;

/// <summary>Who acts on complaints in the tests (besides <see cref="Actors.UrumqiLeader"/> and <see cref="Actors.RegionLeader"/>).</summary>
public static class ComplaintActors
{
    public static readonly Actor UrumqiHandler = new("urumqi.handler1", "乌鲁木齐投诉处理员甲", Roles.ComplaintHandler, "650100", Paths.Urumqi);
    public static readonly Actor UrumqiHandler2 = new("urumqi.handler2", "乌鲁木齐投诉处理员乙", Roles.ComplaintHandler, "650100", Paths.Urumqi);
    public static readonly Actor KashgarHandler = new("kashgar.handler1", "喀什投诉处理员", Roles.ComplaintHandler, "653100", Paths.Kashgar);
    public static readonly Actor UrumqiInspector = Actors.UrumqiInspector;
    public static readonly Actor UrumqiLeader = Actors.UrumqiLeader;
    public static readonly Actor RegionLeader = Actors.RegionLeader;
}

/// <summary>Staff records (AppUser) that assignment looks handlers up in.</summary>
public static class ComplaintStaff
{
    public static readonly AppUser UrumqiHandler = User(ComplaintActors.UrumqiHandler);
    public static readonly AppUser UrumqiHandler2 = User(ComplaintActors.UrumqiHandler2);
    public static readonly AppUser TianshanHandler = User(new("tianshan.handler1", "天山区投诉处理员", Roles.ComplaintHandler, "650102", Paths.Tianshan));
    public static readonly AppUser KashgarHandler = User(ComplaintActors.KashgarHandler);

    private static AppUser User(Actor a) => new()
    {
        Id = a.UserName, DisplayName = a.DisplayName, Role = a.Role, JurisdictionId = a.JurisdictionId, JurisdictionPath = a.JurisdictionPath,
    };
}

/// <summary>
/// Event builders for a complaint stream. Defaults: a Urumqi complaint received by letter on
/// Thu 2026-02-12 10:00 Beijing (<see cref="Clock.Now"/>), with a mobile number and a postal address,
/// acceptance due 2026-02-27 and handling due 2026-04-13.
/// </summary>
public static class ComplaintEvents
{
    public static readonly Guid ComplaintId = Guid.Parse("0197a000-0000-7000-8000-00000000c001");
    public const string ReceiptNumber = "TS6501002026000007";
    public const string ProtectedIdentity = "CfDJ8-protected-identity";
    public static readonly DateOnly AcceptanceDueOn = Clock.D(2026, 2, 27);
    public static readonly DateOnly HandlingDueOn = Clock.D(2026, 4, 13);
    public static readonly NotificationChannel[] MobileAndAddress = [NotificationChannel.Sms, NotificationChannel.Phone, NotificationChannel.Letter];

    public static ComplaintReceived Received(NotificationChannel[]? contacts = null, bool anonymous = false) =>
        new(ComplaintId, ReceiptNumber, ComplaintChannel.Letter, Clock.Now, anonymous,
            anonymous && contacts is [] ? null : ProtectedIdentity, contacts ?? MobileAndAddress, TestUnits.Urumqi.Id, TestUnits.Urumqi.Name,
            "650100", Paths.Urumqi, "档案馆擅自销毁未到保管期限的档案", "依法查处", null,
            AcceptanceDueOn, HandlingDueOn, ComplaintActors.UrumqiHandler.UserName, Clock.Now);

    /// <summary>Anonymous, nothing to reach the complainant by.</summary>
    public static ComplaintReceived ReceivedAnonymously() => Received([], anonymous: true);

    public static AcceptanceDecided Accepted() =>
        new(ComplaintId, AcceptanceDecision.Accepted, "属于本局管辖", null, "乌档受告〔2026〕1号", ComplaintActors.UrumqiHandler.UserName, Clock.Now.AddDays(1));

    public static AcceptanceDecided NotAccepted() =>
        new(ComplaintId, AcceptanceDecision.NotAccepted, "不属于档案违法行为", null, "乌档受告〔2026〕1号", ComplaintActors.UrumqiHandler.UserName, Clock.Now.AddDays(1));

    public static ComplaintAssigned Assigned(Actor? handler = null) =>
        new(ComplaintId, (handler ?? ComplaintActors.UrumqiHandler).UserName, Actors.UrumqiLeader.UserName, Clock.Now.AddDays(1));

    public static InvestigationNoteAdded Noted() =>
        new(ComplaintId, "已调取销毁清册", ComplaintActors.UrumqiHandler.UserName, Clock.Now.AddDays(2));

    public static HandlingExtended Extended(int days = 30) =>
        new(ComplaintId, HandlingDueOn, HandlingDueOn.AddDays(days), "需现场检查", Actors.UrumqiLeader.UserName, Clock.Now.AddDays(30));

    public static ComplaintConcluded Concluded(bool substantiated = true, string result = "责令限期改正并予以通报") =>
        new(ComplaintId, substantiated, "确有擅自销毁档案 12 卷", result, ComplaintActors.UrumqiHandler.UserName, Clock.Now.AddDays(40));

    public static readonly Guid AttemptId = Guid.Parse("0197a000-0000-7000-8000-00000000c0a1");

    public static NotificationRequested NotificationRequested(NotificationChannel channel = NotificationChannel.Sms) =>
        new(ComplaintId, AttemptId, channel, new string('a', 64), ComplaintActors.UrumqiHandler.UserName, Clock.Now.AddDays(41));

    public static NotificationFailed NotificationFailed(NotificationChannel channel = NotificationChannel.Sms) =>
        new(ComplaintId, AttemptId, channel, "gateway timeout", Clock.Now.AddDays(41).AddMinutes(3));

    public static ComplainantNotified Notified(NotificationChannel channel = NotificationChannel.Sms) =>
        new(ComplaintId, AttemptId, channel, new string('a', 64), "sms-receipt-1", null, "system", Clock.Now.AddDays(41).AddMinutes(1));

    public static ComplaintClosed Closed(string reason = "已告知投诉人处理结果") => new(ComplaintId, reason, Clock.Now.AddDays(41).AddMinutes(1));

    public static AcceptanceOverdue AcceptanceWentOverdue() => new(ComplaintId, AcceptanceDueOn, WorkingDayCalendar.EndOfDayBeijing(AcceptanceDueOn));
    public static HandlingOverdue HandlingWentOverdue() => new(ComplaintId, HandlingDueOn, WorkingDayCalendar.EndOfDayBeijing(HandlingDueOn));
    public static NotificationOverdue NotificationWentOverdue() => new(ComplaintId, HandlingDueOn, WorkingDayCalendar.EndOfDayBeijing(HandlingDueOn));
}

/// <summary>
/// <c>Given.Complaint(...)</c>: builds a complaint from its events as Marten would — Create from the
/// first, Apply the rest, Version = number of events. (A C# 14 static extension of <see cref="Given"/>,
/// so Given.cs stays as it is.)
/// </summary>
public static class GivenComplaint
{
    extension(Given)
    {
        public static Complaint Complaint(params object[] events)
        {
            if (events is not [ComplaintReceived first, ..]) throw new ArgumentException("A complaint stream starts with ComplaintReceived");
            var c = Supervision.Complaints.Complaint.Create(first);
            foreach (var e in events[1..])
            {
                switch (e)
                {
                    case AcceptanceDecided x: c.Apply(x); break;
                    case ComplaintAssigned x: c.Apply(x); break;
                    case InvestigationNoteAdded x: c.Apply(x); break;
                    case InspectionLinked x: c.Apply(x); break;
                    case HandlingExtended x: c.Apply(x); break;
                    case ComplaintConcluded x: c.Apply(x); break;
                    case NotificationRequested x: c.Apply(x); break;
                    case ComplainantNotified x: c.Apply(x); break;
                    case NotificationFailed x: c.Apply(x); break;
                    case ComplaintClosed x: c.Apply(x); break;
                    case ComplainantIdentityViewed x: c.Apply(x); break;
                    case AcceptanceOverdue x: c.Apply(x); break;
                    case HandlingOverdue x: c.Apply(x); break;
                    case NotificationOverdue x: c.Apply(x); break;
                    default: throw new ArgumentException($"Not a complaint event: {e.GetType().Name}");
                }
            }
            c.Version = events.Length;
            return c;
        }
    }
}
