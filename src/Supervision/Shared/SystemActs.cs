using Marten;
using Wolverine;

namespace Supervision.Shared;

/// <summary>
/// A message whose handling is the system's own act, not a user's: a deadline clock that fires (overdue, reminder) or a
/// deadline counted again when a holiday calendar is published. Its events are recorded as <see cref="SystemActor.UserName"/>
/// (R24: every event says who acted), although the scheduled envelope was stored by a user's command and Wolverine relays
/// that user's name on it (<c>EnableRelayOfUserName</c>). Mark each clock message with this interface.
/// </summary>
public interface ISystemAct;

public static class SystemActor
{
    /// <summary>The user name recorded for the system's acts (event metadata, history, case file, archive package).</summary>
    public const string UserName = "system";
}

/// <summary>
/// Wolverine middleware for the handlers of <see cref="ISystemAct"/> messages (registered in HostSetup): the Marten session
/// records the events as <c>system</c>, and messages cascaded from the handler (a check scheduled again) carry <c>system</c>
/// too, instead of the user name relayed on the envelope. Runs before the handler appends anything.
/// </summary>
public static class SystemActMiddleware
{
    public static void Before(IMessageContext context, IDocumentSession session)
    {
        context.UserName = SystemActor.UserName;
        session.LastModifiedBy = SystemActor.UserName;
    }
}
