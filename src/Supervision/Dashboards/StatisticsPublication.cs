using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Supervision.Shared;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Dashboards;

/// <summary>
/// R25: a department publishes its enforcement statistics of a finished year (by 31 January of the next one). The
/// figures are frozen as published, in an event; publishing again appends a revision (a correction), never an edit.
/// </summary>
public sealed record AnnualStatisticsPublished(Guid PublicationId, int Year, string JurisdictionId, string JurisdictionPath, string DepartmentName,
    AnnualStatistics Statistics, DateOnly PublishBy, bool Late, string PublishedBy, DateTimeOffset PublishedAt);

/// <summary>The statistics of one department and year as last published (inline snapshot of its stream).</summary>
public sealed class StatisticsPublication
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public int Year { get; set; }
    public string JurisdictionId { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public string DepartmentName { get; set; } = "";
    public AnnualStatistics? Statistics { get; set; }
    public DateOnly PublishBy { get; set; }
    /// <summary>The first publication came after 31 January (R25).</summary>
    public bool FirstPublishedLate { get; set; }
    public DateTimeOffset FirstPublishedAt { get; set; }
    public DateTimeOffset LastPublishedAt { get; set; }
    public int Revisions { get; set; }

    public static StatisticsPublication Create(AnnualStatisticsPublished e) => new()
    {
        Id = e.PublicationId, Year = e.Year, JurisdictionId = e.JurisdictionId, JurisdictionPath = e.JurisdictionPath, DepartmentName = e.DepartmentName,
        Statistics = e.Statistics, PublishBy = e.PublishBy, FirstPublishedLate = e.Late, FirstPublishedAt = e.PublishedAt, LastPublishedAt = e.PublishedAt, Revisions = 1,
    };

    public void Apply(AnnualStatisticsPublished e) { Statistics = e.Statistics; LastPublishedAt = e.PublishedAt; Revisions++; }

    /// <summary>One stream per department and year, with an id derived from both (so publishing twice finds it).</summary>
    public static Guid StreamId(string jurisdictionId, int year)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"statistics:{jurisdictionId}:{year}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}

/// <summary>统计数据已公开：年度、修订次数、是否逾期 / Statistics were published: year, revision, and whether late.</summary>
public sealed record PublicationRecorded(Guid Id, int Year, string Jurisdiction, int Revision, bool Late);
/// <summary>已公开的年度统计 / A published year of statistics.</summary>
public sealed record PublishedStatisticsEntry(string Jurisdiction, string DepartmentName, int Year, DateTimeOffset FirstPublishedAt,
    DateTimeOffset LastPublishedAt, int Revisions, bool FirstPublishedLate);

public static class StatisticsPublicationEndpoints
{
    /// <summary>A leader publishes the statistics of their own department (its jurisdiction and those below), for a year that is over.</summary>
    public static void Check(Actor actor, string? jurisdiction, int year, DateOnly today)
    {
        if (!actor.IsIn(Roles.Leader))
            throw RuleViolation.Forbidden("由本部门领导发布年度执法统计", "A leader of the department publishes its annual statistics (R25)");
        if (jurisdiction is not null && jurisdiction != actor.JurisdictionId)
            throw RuleViolation.Forbidden("只能发布本部门的年度执法统计", "A department publishes its own statistics only");
        if (year < AnnualStatisticsQueries.FirstYear || year >= today.Year)
            throw RuleViolation.Refused("year_not_over", "只能发布已结束年度的执法统计", "Only the statistics of a finished year can be published", "year");
    }

    [WolverinePost("/api/statistics/{year}/publication", OperationId = "PublishAnnualStatistics")]
    public static async Task<PublicationRecorded> Publish(int year, string? jurisdiction, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock,
        AnnualReports.AnnualReportOptions options, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var now = clock.GetUtcNow();
        Check(actor, jurisdiction, year, WorkingDayCalendar.BeijingToday(now));
        var statistics = await AnnualStatisticsQueries.ForYear(actor, session, clock, year, actor.JurisdictionId, options, ct);
        var department = JurisdictionCatalogue.Find(actor.JurisdictionId)!;
        var id = StatisticsPublication.StreamId(department.Id, year);
        var late = now >= WorkingDayCalendar.EndOfDayBeijing(statistics.PublishBy);
        var stream = await session.Events.FetchForWriting<StatisticsPublication>(id, ct);
        stream.AppendOne(new AnnualStatisticsPublished(id, year, department.Id, department.Path, department.DepartmentName, statistics,
            statistics.PublishBy, late, actor.UserName, now));
        return new PublicationRecorded(id, year, department.Id, (stream.Aggregate?.Revisions ?? 0) + 1, late);
    }

    /// <summary>The published statistics, newest year first: open to the public (R25).</summary>
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting("public")]
    [WolverineGet("/api/public/statistics", OperationId = "ListPublishedStatistics")]
    public static async Task<IReadOnlyList<PublishedStatisticsEntry>> List(ReadSessions reads, CancellationToken ct)
    {
        await using var session = await reads.OpenAsync(ct); // public pages read the replica when configured and current (issue 18 §4)
        return await List(session, ct);
    }

    /// <summary>The published statistics on a given session.</summary>
    public static async Task<IReadOnlyList<PublishedStatisticsEntry>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<StatisticsPublication>().OrderByDescending(p => p.Year).ThenBy(p => p.JurisdictionPath).Take(500).ToListAsync(ct))
            .Select(p => new PublishedStatisticsEntry(p.JurisdictionId, p.DepartmentName, p.Year, p.FirstPublishedAt, p.LastPublishedAt, p.Revisions, p.FirstPublishedLate))
            .ToList();

    /// <summary>One department's published statistics of a year, as last published; 404 when it was not published.</summary>
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting("public")]
    [WolverineGet("/api/public/statistics/{jurisdiction}/{year}", OperationId = "GetPublishedStatistics")]
    public static async Task<IResult> Get(string jurisdiction, int year, ReadSessions reads, CancellationToken ct)
    {
        if (jurisdiction.Length > 20 || JurisdictionCatalogue.Find(jurisdiction) is null) return Results.Problem(Problems.NotFound("statistics"));
        await using var session = await reads.OpenAsync(ct);
        var p = await session.LoadAsync<StatisticsPublication>(StatisticsPublication.StreamId(jurisdiction, year), ct);
        return p?.Statistics is null ? Results.Problem(Problems.NotFound("statistics")) : Results.Ok(p.Statistics);
    }
}
