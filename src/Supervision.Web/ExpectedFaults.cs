using JasperFx;
using Npgsql;
using Serilog.Events;
using Supervision.Shared;

namespace Supervision.Web;

/// <summary>
/// Answers that are not faults of the system: a refusal by rule, a lost race on a case version (409), a database
/// outage (503, logged once as a warning by <see cref="ExceptionProblems"/>). ASP.NET Core and Marten would
/// otherwise log each of them as an error with a stack trace (ops/faults/contention.sh counts error lines).
/// </summary>
public static class ExpectedFaults
{
    public static bool IsAnswered(Exception? error) =>
        error is RuleViolation or ConcurrencyException || DatabaseFailure.IsUnavailable(error);

    /// <summary>
    /// Marten's own error line for the version race that the 409 answers: the stream-version check (SQLSTATE MT003)
    /// or the unique (stream, version) key of the events table when two appends reach the insert together.
    /// </summary>
    public static bool IsVersionConflictNoise(LogEvent e) =>
        e.Level == LogEventLevel.Error
        && e.Exception is PostgresException pg
        && (pg.SqlState == "MT003" || pg.SqlState == "23505" && (pg.ConstraintName ?? pg.MessageText).Contains("mt_events_stream_and_version"))
        && e.Properties.TryGetValue("SourceContext", out var source) && source.ToString().Contains("Marten");
}
