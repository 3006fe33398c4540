using Supervision.Files;
using Supervision.Shared;

namespace Supervision.Rectifications;

// ---- Events of a rectification stream (责令限期改正, Art. 38; one stream per hazard finding) ----
/// <summary>Opens the stream: the Art. 38 hazard as found during an inspection (R7).</summary>
public sealed record HazardFound(
    Guid RectificationId, Guid InspectionId, Guid UnitId, string UnitName, string JurisdictionId, string JurisdictionPath,
    string Item, string Description, string[] Evidence, Signatory[] Inspectors, string RecordedBy, DateTimeOffset FoundAt,
    EvidenceFile[]? Files = null);
/// <summary>The rectification order (责令限期改正通知书) was issued with its number and deadline.</summary>
/// <param name="Signatories">The officers who issued it, as named in the request (R1); the order prints exactly them. Orders issued
/// before officers were named carry the case's team at the time, which is what they printed.</param>
/// <param name="CalendarVersions">The holiday calendar version of each year the deadline was counted over (0: not published yet).</param>
public sealed record RectificationOrdered(
    Guid RectificationId, string DocumentNumber, string DepartmentId, string Requirements, DateOnly IssuedOn, DateOnly DueOn, int? WorkingDays,
    bool DueOnProvisional, Signatory[] Signatories, string IssuedBy, DateTimeOffset IssuedAt, Dictionary<int, int>? CalendarVersions = null);
/// <summary>R8: the deadline was extended; the earlier one stays in the history.</summary>
/// <param name="NoticeNumber">The 延长整改期限通知书 that tells the unit; null for extensions recorded before it was issued.</param>
/// <param name="Basis">What the notice prints about the order it changes (so it renders from this event alone).</param>
public sealed record DeadlineExtended(Guid RectificationId, DateOnly PreviousDueOn, DateOnly NewDueOn, bool NewDueOnProvisional, string Reason, string ApprovedBy,
    DateTimeOffset ApprovedAt, Dictionary<int, int>? CalendarVersions = null, string? NoticeNumber = null, ExtensionBasis? Basis = null);

/// <summary>The order an extension changes, as the 延长整改期限通知书 names it.</summary>
public sealed record ExtensionBasis(string OrderNumber, string UnitName, string DepartmentId, DateOnly OrderIssuedOn, string ApproverName);

/// <summary>
/// A deadline counted while its year's holiday calendar was not published (or under an older version) was counted
/// again, with the same rule from the same start, when <see cref="Year"/>'s calendar version <see cref="CalendarVersion"/>
/// was published. A deadline never shrinks to the party's detriment (<see cref="RecalculationOutcome.Kept"/>).
/// <see cref="NoticeNumber"/>: the 整改期限变更告知书 that tells the unit of a moved deadline. Recorded by <c>system</c>.
/// <see cref="Basis"/> is what the notice prints about the order, so the notice reads the same whatever the case does later.
/// </summary>
public sealed record RectificationDeadlineRecalculated(Guid RectificationId, int Year, int CalendarVersion, string CalendarSource,
    RecalculationOutcome Outcome, DateOnly PreviousDueOn, DateOnly ComputedDueOn, DateOnly DueOn, bool DueOnProvisional,
    Dictionary<int, int> CalendarVersions, string? NoticeNumber, string RecordedBy, DateTimeOffset RecordedAt, RecalculationBasis? Basis = null);

/// <summary>The order a recalculation counted from: its number, unit and department, the day of issue and the rule.</summary>
/// <param name="WorkingDays">n working days from <see cref="IssuedOn"/>; null when the order or an extension named <see cref="NamedDate"/>.</param>
public sealed record RecalculationBasis(string OrderNumber, string UnitName, string DepartmentId, DateOnly IssuedOn, int? WorkingDays, DateOnly? NamedDate);
/// <summary>The unit reports what it corrected (整改报告).</summary>
/// <param name="Files">Files the report names (photos, scans), with their capture (issue 16); null on reports recorded before.</param>
public sealed record CorrectionReported(Guid RectificationId, string Description, string[] Evidence, string RecordedBy, DateTimeOffset ReportedAt,
    EvidenceFile[]? Files = null);
/// <summary>
/// Re-inspection passed; closes the order. <see cref="Late"/>: the deadline had passed (the order went overdue first).
/// <see cref="DocumentNumber"/>: the 整改复查意见书 issued with it (null before it was numbered). <see cref="Officers"/>: the two or
/// more certified officers who re-inspected, as named in the request (R1); null on events recorded before they were named.
/// </summary>
public sealed record ReinspectionPassed(Guid RectificationId, string Notes, string InspectedBy, DateTimeOffset InspectedAt, bool Late = false, string? DocumentNumber = null,
    Signatory[]? Officers = null, EvidenceFile[]? Files = null);
/// <summary>A re-inspection found the correction not done; <c>Files</c>: photos or scans taken at it (issue 16).</summary>
public sealed record ReinspectionFailed(Guid RectificationId, string Notes, string InspectedBy, DateTimeOffset InspectedAt, string? DocumentNumber = null,
    Signatory[]? Officers = null, EvidenceFile[]? Files = null);
/// <summary>One re-inspection and its 整改复查意见书; <see cref="Officers"/> null for re-inspections recorded before officers were named.</summary>
public sealed record ReinspectionOpinion(string? DocumentNumber, bool Passed, string Notes, string InspectedBy, DateTimeOffset InspectedAt, Signatory[]? Officers = null);
/// <summary>A leader assigned certified officers to the case (R1): they may then act on it with its team.</summary>
public sealed record RectificationOfficersAssigned(Guid RectificationId, Signatory[] Officers, string AssignedBy, DateTimeOffset AssignedAt);
/// <summary>
/// R2: a recusal granted on the inspection the hazard was found in reaches this case too, recorded with the same decision:
/// <see cref="InspectorId"/> leaves the team and may take no further step; <see cref="Replacement"/> takes his place.
/// </summary>
public sealed record RectificationOfficerRecused(Guid RectificationId, Guid InspectionId, string InspectorId, Signatory? Replacement, string Reason,
    string DecidedBy, DateTimeOffset DecidedAt);
/// <summary>Raised 3 working days before the deadline.</summary>
public sealed record RectificationDeadlineApproaching(Guid RectificationId, DateOnly DueOn, DateTimeOffset RaisedAt);
/// <summary>R9: the deadline passed without a passed re-inspection. Appended at most once per stream.</summary>
public sealed record RectificationOverdue(Guid RectificationId, DateOnly DueOn, DateTimeOffset DetectedAt);

public enum RectificationStatus { Found, Ordered, Closed }

/// <summary>Current state of a rectification; an inline snapshot.</summary>
public sealed class Rectification
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid InspectionId { get; set; }
    public Guid UnitId { get; set; }
    public string UnitName { get; set; } = "";
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public string Item { get; set; } = "";
    public string Description { get; set; } = "";
    public string[] Evidence { get; set; } = [];
    /// <summary>Every file the case's steps named (hazard, correction reports), in order; their bytes are read through the case.</summary>
    public List<EvidenceFile> Files { get; set; } = [];
    /// <summary>Files whose device clock was more than 24 hours off the server's when uploaded: accepted, flagged here.</summary>
    public int ClockSkewedFiles { get; set; }
    /// <summary>The case's team: the inspection's officers when the hazard was found, recusals applied, plus officers a leader assigned.</summary>
    public Signatory[] Inspectors { get; set; } = [];
    /// <summary>Officers recused on the inspection (R2): off the team for good.</summary>
    public List<string> RecusedOfficers { get; set; } = [];
    public DateTimeOffset FoundAt { get; set; }
    public RectificationStatus Status { get; set; }
    public string? DocumentNumber { get; set; }
    public string? DepartmentId { get; set; }
    public string? Requirements { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public DateOnly? OriginalDueOn { get; set; }
    public DateOnly? DueOn { get; set; }
    public bool DueOnProvisional { get; set; }
    public bool OriginalDueOnProvisional { get; set; }
    /// <summary>How the deadline is counted, to count it again when a calendar is published: n working days from
    /// <see cref="IssuedOn"/>, or (null) the date given by the order or the last extension, <see cref="DueBasisDate"/>.</summary>
    public int? DueWorkingDays { get; set; }
    public DateOnly? DueBasisDate { get; set; }
    /// <summary>The calendar version of each year the deadline was counted with; null for orders recorded before versions were.</summary>
    public Dictionary<int, int>? CalendarVersions { get; set; }
    public List<RectificationDeadlineRecalculated> Recalculations { get; set; } = [];
    /// <summary>The extensions granted, each with its 延长整改期限通知书.</summary>
    public List<DeadlineExtended> Extensions { get; set; } = [];
    public Signatory[] Signatories { get; set; } = [];
    public int ExtensionCount { get; set; }
    public int CorrectionReportCount { get; set; }
    public string? LastCorrection { get; set; }
    public DateTimeOffset? LastCorrectionAt { get; set; }
    public int FailedReinspections { get; set; }
    public List<ReinspectionOpinion> Reinspections { get; set; } = [];
    public bool ReminderRaised { get; set; }
    public bool IsOverdue { get; set; }
    public DateTimeOffset? OverdueAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Correction reports the unit submitted in its portal (issue 17 §1): for the officers to verify and record; they change no state.</summary>
    public List<Supervision.Portal.UnitCorrectionReportSubmitted> UnitReports { get; set; } = [];
    /// <summary>The unit reported after the officers last recorded a correction report: theirs to verify (their 待办).</summary>
    public bool UnitReportAwaitsOfficers => UnitReports.Count > 0 && Status != RectificationStatus.Closed
        && UnitReports[^1].SubmittedAt > (LastCorrectionAt ?? DateTimeOffset.MinValue);
    /// <summary>open / overdue / closed, as filtered by the list endpoint.</summary>
    public string Board { get; set; } = "open";

    public static Rectification Create(HazardFound e) => new()
    {
        Id = e.RectificationId, InspectionId = e.InspectionId, UnitId = e.UnitId, UnitName = e.UnitName,
        JurisdictionId = e.JurisdictionId, JurisdictionPath = e.JurisdictionPath, Item = e.Item,
        Description = e.Description, Evidence = e.Evidence, Inspectors = e.Inspectors, FoundAt = e.FoundAt,
        Status = RectificationStatus.Found,
        Files = [.. e.Files ?? []], ClockSkewedFiles = (e.Files ?? []).Count(f => f.ClockSkewFlagged),
    };

    public void Apply(RectificationOrdered e)
    {
        Status = RectificationStatus.Ordered;
        DocumentNumber = e.DocumentNumber; DepartmentId = e.DepartmentId; Requirements = e.Requirements; IssuedOn = e.IssuedOn;
        OriginalDueOn = e.DueOn; DueOn = e.DueOn; DueOnProvisional = e.DueOnProvisional; OriginalDueOnProvisional = e.DueOnProvisional;
        Signatories = e.Signatories;
        DueWorkingDays = e.WorkingDays; DueBasisDate = e.WorkingDays is null ? e.DueOn : null; CalendarVersions = e.CalendarVersions;
    }

    public void Apply(DeadlineExtended e)
    {
        DueOn = e.NewDueOn; DueOnProvisional = e.NewDueOnProvisional; ExtensionCount++; ReminderRaised = false; Extensions.Add(e);
        DueWorkingDays = null; DueBasisDate = e.NewDueOn; CalendarVersions = e.CalendarVersions;
    }

    public void Apply(RectificationDeadlineRecalculated e)
    {
        if (e.DueOn != DueOn) ReminderRaised = false;
        DueOn = e.DueOn; DueOnProvisional = e.DueOnProvisional; CalendarVersions = e.CalendarVersions;
        Recalculations.Add(e);
    }

    public void Apply(Supervision.Portal.UnitCorrectionReportSubmitted e) => UnitReports.Add(e);

    public void Apply(CorrectionReported e)
    {
        CorrectionReportCount++; LastCorrection = e.Description; LastCorrectionAt = e.ReportedAt;
        Files.AddRange(e.Files ?? []); ClockSkewedFiles += (e.Files ?? []).Count(f => f.ClockSkewFlagged);
    }
    public void Apply(ReinspectionPassed e)
    {
        Status = RectificationStatus.Closed; ClosedAt = e.InspectedAt; Board = "closed";
        Reinspections.Add(new ReinspectionOpinion(e.DocumentNumber, true, e.Notes, e.InspectedBy, e.InspectedAt, e.Officers));
        AddFiles(e.Files);
    }

    public void Apply(ReinspectionFailed e)
    {
        FailedReinspections++;
        Reinspections.Add(new ReinspectionOpinion(e.DocumentNumber, false, e.Notes, e.InspectedBy, e.InspectedAt, e.Officers));
        AddFiles(e.Files);
    }

    private void AddFiles(EvidenceFile[]? files)
    {
        Files.AddRange(files ?? []); ClockSkewedFiles += (files ?? []).Count(f => f.ClockSkewFlagged);
    }

    public void Apply(RectificationOfficersAssigned e) =>
        Inspectors = Inspectors.Concat(e.Officers.Where(o => Inspectors.All(i => i.UserName != o.UserName))).ToArray();

    public void Apply(RectificationOfficerRecused e)
    {
        var kept = Inspectors.Where(i => i.UserName != e.InspectorId);
        if (e.Replacement is { } r && Inspectors.All(i => i.UserName != r.UserName))
            kept = Inspectors.Select(i => i.UserName == e.InspectorId ? r : i);
        Inspectors = kept.Where(i => i.UserName != e.InspectorId).ToArray();
        if (!RecusedOfficers.Contains(e.InspectorId)) RecusedOfficers.Add(e.InspectorId);
    }
    public void Apply(RectificationDeadlineApproaching e) => ReminderRaised = true;
    public void Apply(RectificationOverdue e) { IsOverdue = true; OverdueAt = e.DetectedAt; if (Status != RectificationStatus.Closed) Board = "overdue"; }
}
