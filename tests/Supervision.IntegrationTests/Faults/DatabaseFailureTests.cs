using System.Net.Sockets;
using System.Text.Json;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Supervision.Web;

namespace Supervision.IntegrationTests.Faults;

/// <summary>
/// A database outage is answered 503 database_unavailable with Retry-After, never 500 (ops/faults/db-outage.sh
/// proves it against a stopped PostgreSQL; these prove the mapping on the exceptions the driver and its wrappers throw).
/// </summary>
public sealed class DatabaseFailureTests
{
    private static PostgresException Pg(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    public static TheoryData<string, Exception> Outages() => new()
    {
        { "refused", new NpgsqlException("Failed to connect to 127.0.0.1:54329", new SocketException((int)SocketError.ConnectionRefused)) },
        { "broken stream", new NpgsqlException("Exception while reading from stream", new IOException("EOF")) },
        { "timeout", new NpgsqlException("Exception while reading from stream", new TimeoutException()) },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted") },
        { "admin shutdown 57P01", Pg("57P01") },
        { "crash shutdown 57P02", Pg("57P02") },
        { "starting up 57P03", Pg("57P03") },
        { "connection failure 08006", Pg("08006") },
        { "cannot connect 08001", Pg("08001") },
        { "too many connections 53300", Pg("53300") },
        { "socket alone", new SocketException((int)SocketError.ConnectionReset) },
        { "Marten wrapper", new MartenCommandException(new NpgsqlCommand("select 1"), Pg("57P01")) },
        { "Wolverine-style wrapper", new InvalidOperationException("Failure while executing handler", new NpgsqlException("refused", new SocketException(111))) },
        { "aggregate", new AggregateException(new InvalidOperationException("other"), Pg("08003")) },
    };

    public static TheoryData<string, Exception> Faults() => new()
    {
        { "unique violation", Pg("23505") },
        { "undefined table", Pg("42P01") },
        { "Marten wrapper of a syntax error", new MartenCommandException(new NpgsqlCommand("select"), Pg("42601")) },
        { "operation in progress", new NpgsqlOperationInProgressException(new NpgsqlCommand("select 1")) },
        { "plain bug", new NullReferenceException() },
    };

    [Theory, MemberData(nameof(Outages))]
    public void Connection_failures_are_503_database_unavailable(string _, Exception error)
    {
        var problem = ExceptionProblems.Classify(error);
        Assert.Equal(503, problem.Status);
        Assert.Equal("database_unavailable", problem.Extensions["code"]);
        Assert.Contains("数据库暂不可用", problem.Detail);
        Assert.Contains("The database is unavailable", problem.Detail);
    }

    [Theory, MemberData(nameof(Faults))]
    public void Other_database_errors_stay_500(string _, Exception error) =>
        Assert.Equal(500, ExceptionProblems.Classify(error).Status);

    [Fact]
    public async Task The_answer_has_Retry_After_and_no_stack_trace_and_does_not_touch_the_store()
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider(); // no IDocumentStore: a replay attempt would throw
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "POST";
        http.Request.Path = "/api/complaints";
        http.Request.Headers["Idempotency-Key"] = "k-1";
        http.Response.Body = new MemoryStream();
        var error = new MartenCommandException(new NpgsqlCommand("insert into secret_table values (1)"), new NpgsqlException("Failed to connect", new SocketException(111)));
        http.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature { Error = error, Path = "/api/complaints" });

        await ExceptionProblems.Write(http);

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal(DatabaseFailure.RetryAfterSeconds.ToString(), http.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", http.Response.ContentType);
        http.Response.Body.Position = 0;
        var text = await new StreamReader(http.Response.Body).ReadToEndAsync();
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("database_unavailable", body.GetProperty("code").GetString());
        Assert.Equal("服务暂不可用 / Service unavailable", body.GetProperty("title").GetString());
        Assert.DoesNotContain("secret_table", text);
        Assert.DoesNotContain(" at ", text);
    }
}
