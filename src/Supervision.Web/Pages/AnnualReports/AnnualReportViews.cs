using Supervision.AnnualReports;
using Supervision.Shared;

namespace Supervision.Web.Pages.AnnualReports;

/// <summary>A department's Art. 36 round of a year (null: not opened yet), for its staff (issue 17 §2).</summary>
/// <param name="CanOpen">The reader is a leader of the department and the round is not open.</param>
public sealed record RoundPageView(Actor Actor, int Year, string DepartmentName, RoundView? Round, bool CanOpen, bool CanRegister, DateOnly Today, DateOnly DefaultDueOn);

/// <summary>One unit's report with its review form when the reader reviews it.</summary>
public sealed record ReportPageView(Actor Actor, AnnualReport Report, AnnualReportRound Round, bool CanReview);

/// <summary>The region reports of a year for the reader's department (issue 17 §2, Art. 36 第二句).</summary>
public sealed record RegionReportsPageView(Actor Actor, RegionReportsView View, DateOnly Today);

/// <summary>One region report, with the review form for the department above; its due date and lateness.</summary>
public sealed record RegionReportPageView(Actor Actor, RegionAnnualReport Report, bool CanReview, DateOnly DueOn, bool Late);

/// <summary>The agencies of the reader's region with the department's evaluation of the year (null: none yet), and the officers who may score.</summary>
public sealed record EvaluationsPageView(Actor Actor, int Year, IReadOnlyList<(Supervision.Units.SupervisedUnit Unit, AgencyEvaluation? Evaluation)> Agencies,
    IReadOnlyList<AppUser> Officers, DateOnly Today);

/// <summary>The published results of a year (public page).</summary>
public sealed record PublishedEvaluationsView(int Year, IReadOnlyList<PublishedEvaluation> Results);
