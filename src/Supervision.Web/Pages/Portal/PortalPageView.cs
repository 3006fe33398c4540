using Supervision.Portal;
using Supervision.Shared;

namespace Supervision.Web.Pages.Portal;

/// <summary>The unit portal's home: the overview the API answers, and the account's e-mail (the consent form's default address).</summary>
public sealed record PortalPageView(Actor Actor, PortalOverview Overview, string? Email, DateOnly Today);
