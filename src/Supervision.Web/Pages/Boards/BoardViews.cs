using Supervision.CaseRecords;
using Supervision.Dashboards;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Web.Pages.Boards;

/// <summary>期限看板: the filter as asked, the page of deadlines (null when refused) and the owners' names.</summary>
public sealed record DeadlinesView(Actor Actor, string? Jurisdiction, string? Status, string? Kind, string? Owner, string? DueBefore,
    DeadlinePage? Board, IReadOnlyDictionary<string, string> Names, WorkingDayCalendar Calendar, DateOnly Today, string? Refused = null,
    IReadOnlyList<Supervision.AnnualReports.RoundSummary>? AnnualReports = null, IReadOnlyList<Supervision.AnnualReports.MissingRegionReport>? RegionReports = null);

/// <summary>The case file with one page of its timeline (<paramref name="Shown"/>, page <paramref name="Page"/>).</summary>
public sealed record CaseFilePageView(Actor Actor, Guid Id, CaseFileView File, IReadOnlyDictionary<string, string> Names,
    IReadOnlyList<Supervision.CaseRecords.CaseFileEntry> Shown, int Page)
{
    /// <summary>Entries per page: a case with thousands of events was a 2.7 MB page (issue 18 §3).</summary>
    public const int PageSize = 100;
}

public sealed record UnitsView(Actor Actor, string? Jurisdiction, string? Q, UnitPage? Units, string? Refused = null);

public sealed record UnitProfileView(Actor Actor, UnitProfile Profile, SupervisedUnit? Unit = null, IReadOnlyList<Supervision.Portal.UnitAccount>? UnitAccounts = null)
{
    public IReadOnlyList<Supervision.Portal.UnitAccount> Accounts => UnitAccounts ?? [];
}

/// <summary>The map of a jurisdiction's units and their open hazards (issue 16 §3).</summary>
/// <param name="Leaflet">The map library is vendored (ops/lib.sh ensure_web_libs): the page loads it and map.js draws the
/// interactive map over the same data; without it the server-drawn grid is the map.</param>
public sealed record MapView(Actor Actor, string? Jurisdiction, UnitMapData? Data, string? Refused = null, bool Leaflet = false);

/// <summary>年度统计: the filter, the statistics (null when refused) and, for the own department's finished year, its publication.</summary>
public sealed record StatisticsView(Actor Actor, int Year, int CurrentYear, string? Jurisdiction, AnnualStatistics? Statistics,
    bool MayPublish, StatisticsPublication? Publication, string? Refused = null);

/// <summary>执法统计公开: the list of published statistics, or one of them (null when not found).</summary>
public sealed record PublicStatisticsView(IReadOnlyList<PublishedStatisticsEntry>? List, StatisticsPublication? One);

public sealed record DrillDownView(Actor Actor, string Figure, string? Item, string? Jurisdiction, string? From, string? To, DrillDown? Result, string? Refused = null, bool Own = false);
