using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Supervision.Shared;

namespace Supervision.Web;

/// <summary>
/// Tells "the database cannot be reached right now" (answered 503 <c>database_unavailable</c> with Retry-After)
/// from a fault of ours (500). Looks through the wrappers Marten and Wolverine put around the driver's exception.
/// </summary>
public static class DatabaseFailure
{
    public const int RetryAfterSeconds = 5;

    public static ProblemDetails Problem() =>
        Problems.Of(503, "database_unavailable", "数据库暂不可用，请稍后重试", "The database is unavailable; retry shortly");

    /// <summary>SQLSTATEs meaning the server is going away, not there yet, or refusing connections.</summary>
    public static bool IsConnectionState(string? sqlState) => sqlState is not null &&
        (sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception class
         || sqlState is "57P01" or "57P02" or "57P03" // admin / crash shutdown, cannot connect now (starting up)
         || sqlState is "53300"); // too many connections

    public static bool IsUnavailable(Exception? error) => Cause(error) is not null;

    /// <summary>A short reason for the log: exception type and SQLSTATE, never the SQL or parameters.</summary>
    public static string Reason(Exception? error) => Cause(error) switch
    {
        PostgresException pg => $"{nameof(PostgresException)} {pg.SqlState}",
        { } e => e.GetType().Name,
        null => "-",
    };

    private static Exception? Cause(Exception? error)
    {
        var seen = 0;
        var pending = new Stack<Exception>();
        if (error is not null) pending.Push(error);
        while (pending.Count > 0 && seen++ < 32)
        {
            var e = pending.Pop();
            switch (e)
            {
                // A server-side error is an outage only for the connection classes (a constraint violation is not).
                case PostgresException pg:
                    if (IsConnectionState(pg.SqlState)) return pg;
                    continue;
                case NpgsqlOperationInProgressException: continue; // a programming error, not an outage
                // Any other driver exception is about the connection: refused, broken, timed out, pool exhausted.
                case NpgsqlException npgsql: return npgsql;
                case SocketException or TimeoutException: return e;
                case AggregateException agg:
                    foreach (var inner in agg.InnerExceptions) pending.Push(inner);
                    continue;
            }
            if (e.InnerException is { } next) pending.Push(next);
        }
        return null;
    }
}
