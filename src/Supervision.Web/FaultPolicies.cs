using JasperFx;
using JasperFx.Events;
using Wolverine;
using Wolverine.ErrorHandling;

namespace Supervision.Web;

/// <summary>Error policies of background (message) handlers for the faults proven by ops/faults.</summary>
public static class FaultPolicies
{
    public static void RetryTransientFailuresOfBackgroundWork(this WolverineOptions opts)
    {
        // Two scheduled checks of one case due at the same moment (a complaint registered late: both its clocks are
        // already due; or the backlog after an outage) run in parallel and race on the stream version. The loser is
        // not a failure: it reloads the case and lets the state decide again. Found by ops/faults/crash.sh.
        opts.OnException<ConcurrencyException>().Or<EventStreamUnexpectedMaxEventIdException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250),
                TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        // A deadline that fires while PostgreSQL is unreachable is tried again for about a minute rather than moved to
        // the dead letters at once (ops/faults/db-outage.sh); the message stays in the durable inbox if the process dies.
        opts.OnException(DatabaseFailure.IsUnavailable)
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
                TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
    }
}
