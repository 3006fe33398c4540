using Wolverine.Tracking;

namespace Supervision.IntegrationTests;

/// <summary>
/// Runs an HTTP call and waits until every message it cascaded (outbox deliveries and their retries) was handled.
/// A handler exception that escapes the error policies (a message moved to the dead letters) fails the test:
/// never add DoNotAssertOnExceptionsDetected to hide one. A delivery failure that the error policy retries is not
/// an escaped exception (Wolverine's tracking records only dead-lettered failures); a test about one counts the
/// attempts with <see cref="AndWaitThroughRetries{TMessage,T}"/> and reads the failure the handler logged with
/// <see cref="FailureLogged"/>.
/// </summary>
public static class Tracked
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The call and its cascaded messages; any escaped handler exception fails the test (Wolverine's default).</summary>
    public static async Task<T> AndWait<T>(this AppFixture app, Func<Task<T>> call)
    {
        T result = default!;
        await app.Host.TrackActivity().Timeout(Patience)
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => result = await call()));
        return result;
    }

    /// <summary>
    /// The call and its cascaded messages, where <typeparamref name="TMessage"/> was executed exactly
    /// <paramref name="attempts"/> times: every attempt but the last threw and was retried by the error policy.
    /// Any exception that escaped the retries still fails the test.
    /// </summary>
    public static async Task<T> AndWaitThroughRetries<TMessage, T>(this AppFixture app, Func<Task<T>> call, int attempts)
    {
        T result = default!;
        var session = await app.Host.TrackActivity().Timeout(Patience)
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => result = await call()));
        var executions = session.AllRecordsInOrder(MessageEventType.ExecutionFinished).Count(r => r.Message is TMessage);
        Assert.True(executions == attempts, $"expected {attempts} executions of {typeof(TMessage).Name}, saw {executions}");
        return result;
    }

    /// <summary>The log line a delivery handler writes when an attempt fails with its delivery exception (type and reason).</summary>
    public static void FailureLogged(this AppFixture app, string about, int attempt, string reason) =>
        Assert.Contains(app.Logs.Lines, l => l.Contains(about) && l.Contains($"failed on attempt {attempt}:") && l.Contains(reason));
}
