using Supervision.Referrals;
using Supervision.Shared;

namespace Supervision.Inspections;

// ---- Events of an inspection stream (监督检查, Art. 37, 40) ----
public sealed record InspectionPlanned(
    Guid InspectionId, Guid UnitId, string UnitName, string JurisdictionId, string JurisdictionPath,
    string[] FocusItems, DateOnly PlannedOn, Signatory[] Inspectors, string PlannedBy, DateTimeOffset PlannedAt,
    Guid? DrawId = null, // set when the unit and officers were drawn at random (R6)
    InspectionParticipant[]? Participants = null, // joint inspection (联合执法, Art. 42): participating departments
    string? LeadJurisdictionId = null, // joint inspection: the planning (lead) department, which shares the findings
    Guid? FollowUpOfEvaluation = null); // a follow-up inspection opened by an Art. 39 evaluation graded 不合格 (issue 17 §3)
public sealed record InspectionStarted(Guid InspectionId, string StartedBy, DateTimeOffset StartedAt);
/// <summary>Art. 40: the unit refused or obstructed the inspection (R5); <see cref="Files"/>: photos or recordings of it, with their capture (issue 16).</summary>
public sealed record ObstructionRecorded(Guid InspectionId, string Description, string RecordedBy, DateTimeOffset RecordedAt,
    Supervision.Files.EvidenceFile[]? Files = null);
/// <summary>An Art. 38 hazard was found; it opens rectification stream <see cref="RectificationId"/>.</summary>
public sealed record HazardRecorded(Guid InspectionId, Guid RectificationId, string Item, string Description, string RecordedBy, DateTimeOffset RecordedAt);
/// <summary>
/// The inspection ends; <see cref="DocumentNumber"/> is its 现场检查笔录, numbered by department <see cref="DepartmentId"/>.
/// <see cref="Officers"/>: the two or more certified officers who carried out the inspection, as named in the request (R1); the
/// record prints exactly them. Null on inspections concluded before officers were named.
/// </summary>
/// <param name="ChecklistGrade">The checklist grade the inspection ends with (issue 17 §4), counted in the statistics; null when not scored.</param>
public sealed record InspectionConcluded(Guid InspectionId, string Summary, string ConcludedBy, DateTimeOffset ConcludedAt,
    string? DocumentNumber = null, string? DepartmentId = null, Signatory[]? Officers = null, string? ChecklistGrade = null);
/// <summary>R2: the party asked that an officer withdraw.</summary>
public sealed record RecusalRequested(Guid InspectionId, string InspectorId, string Reason, string RecordedBy, DateTimeOffset RequestedAt);
/// <summary>R2: the leader's decision; if granted, <see cref="Replacement"/> takes the recused officer's place.</summary>
public sealed record RecusalDecided(Guid InspectionId, string InspectorId, bool Granted, string Reason, Signatory? Replacement, string DecidedBy, DateTimeOffset DecidedAt);
public sealed record InspectionCancelled(Guid InspectionId, string Reason, string CancelledBy, DateTimeOffset CancelledAt);


/// <summary>One recording of a step, as attached.</summary>
public sealed record ProcessRecording(string Step, Supervision.Files.EvidenceFile File, string? Note, string RecordedBy, DateTimeOffset RecordedAt);

public enum InspectionStatus { Planned, InProgress, Concluded, Cancelled }
/// <summary>Routine (planned), random (双随机, R6) or joint (联合执法 / 综合检查 with other departments, Art. 42).</summary>
public enum InspectionKind { Routine, Random, Joint }

/// <summary>A department taking part in a joint inspection, as the register described it when it was planned.</summary>
public sealed record InspectionParticipant(string DepartmentId, string Name, DepartmentKind Kind, string JurisdictionId, DeliveryMethod Delivery)
{
    public static InspectionParticipant Of(ReceivingDepartment d) => new(d.Id, d.Name, d.Kind, d.JurisdictionId, d.Delivery);
    /// <summary>An archives department of this deployment: it has users here and may read the inspection.</summary>
    public bool IsArchivesDepartment => Kind == DepartmentKind.Archives && Delivery == DeliveryMethod.Internal;
}

/// <summary>Current state of an inspection; an inline snapshot, rebuilt only from its events.</summary>
public sealed class Inspection
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid UnitId { get; set; }
    public string UnitName { get; set; } = "";
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public string[] FocusItems { get; set; } = [];
    public DateOnly PlannedOn { get; set; }
    public Signatory[] Inspectors { get; set; } = [];
    public string PlannedBy { get; set; } = "";
    public Guid? DrawId { get; set; }
    /// <summary>Derived, so snapshots written before joint inspections existed read correctly too.</summary>
    public InspectionKind Kind => IsJoint ? InspectionKind.Joint : DrawId is not null ? InspectionKind.Random : InspectionKind.Routine;
    /// <summary>Joint inspection: the departments each finding is shared with (a joint_enforcement referral each).</summary>
    public InspectionParticipant[] Participants { get; set; } = [];
    /// <summary>Joint inspection: the planning department's jurisdiction (the sender of the shared findings).</summary>
    public string? LeadJurisdictionId { get; set; }
    /// <summary>The Art. 39 evaluation graded 不合格 that opened this follow-up inspection (跟踪检查); null for others.</summary>
    public Guid? FollowUpOfEvaluation { get; set; }
    public DateTimeOffset PlannedAt { get; set; }
    public InspectionStatus Status { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public List<Guid> RectificationIds { get; set; } = [];
    public List<string> Obstructions { get; set; } = [];
    /// <summary>执法全过程记录: the audio and video recordings attached to the steps (see <see cref="FullProcessRecording"/>).</summary>
    public List<ProcessRecording> Recordings { get; set; } = [];
    public string? Summary { get; set; }
    /// <summary>检查清单: the last scoring on site (issue 17 §4), with its score and grade; null until scored.</summary>
    public InspectionChecklistScored? Checklist { get; set; }
    public string? RecordNumber { get; set; }
    public string? RecordDepartmentId { get; set; }
    /// <summary>The officers named on <see cref="InspectionConcluded"/> (the record's signatories); null before they were named.</summary>
    public Signatory[]? RecordOfficers { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? CancelReason { get; set; }
    /// <summary>Officers with an undecided recusal request: they may not act until it is decided.</summary>
    public List<string> PendingRecusals { get; set; } = [];

    public bool IsClosed => Status is InspectionStatus.Concluded or InspectionStatus.Cancelled;
    public bool IsJoint => Participants.Length > 0;

    /// <summary>The archives department of <paramref name="jurisdictionId"/> takes part in this joint inspection.</summary>
    public bool HasParticipatingArchives(string? jurisdictionId) =>
        !string.IsNullOrEmpty(jurisdictionId) && Participants.Any(p => p.IsArchivesDepartment && p.JurisdictionId == jurisdictionId);

    public static Inspection Create(InspectionPlanned e) => new()
    {
        Id = e.InspectionId, UnitId = e.UnitId, UnitName = e.UnitName, JurisdictionId = e.JurisdictionId,
        JurisdictionPath = e.JurisdictionPath, FocusItems = e.FocusItems, PlannedOn = e.PlannedOn,
        Inspectors = e.Inspectors, PlannedBy = e.PlannedBy, PlannedAt = e.PlannedAt, Status = InspectionStatus.Planned, DrawId = e.DrawId,
        Participants = e.Participants ?? [], LeadJurisdictionId = e.Participants is { Length: > 0 } ? e.LeadJurisdictionId : null,
        FollowUpOfEvaluation = e.FollowUpOfEvaluation,
    };

    public void Apply(InspectionStarted e) { Status = InspectionStatus.InProgress; StartedAt = e.StartedAt; }
    public void Apply(ObstructionRecorded e) => Obstructions.Add(e.Description);
    public void Apply(ProcessRecordingAttached e) => Recordings.AddRange(e.Files.Select(f => new ProcessRecording(e.Step, f, e.Note, e.RecordedBy, e.RecordedAt)));
    public void Apply(HazardRecorded e) => RectificationIds.Add(e.RectificationId);
    public void Apply(InspectionChecklistScored e) => Checklist = e;

    public void Apply(InspectionConcluded e)
    {
        Status = InspectionStatus.Concluded; Summary = e.Summary; ClosedAt = e.ConcludedAt;
        RecordNumber = e.DocumentNumber; RecordDepartmentId = e.DepartmentId; RecordOfficers = e.Officers;
    }
    public void Apply(RecusalRequested e) => PendingRecusals.Add(e.InspectorId);

    public void Apply(RecusalDecided e)
    {
        PendingRecusals.Remove(e.InspectorId);
        if (e.Granted && e.Replacement is not null)
            Inspectors = Inspectors.Select(i => i.UserName == e.InspectorId ? e.Replacement : i).ToArray();
    }

    public void Apply(InspectionCancelled e) { Status = InspectionStatus.Cancelled; CancelReason = e.Reason; ClosedAt = e.CancelledAt; }
}
