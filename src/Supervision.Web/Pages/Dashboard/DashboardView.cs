using Supervision.Dashboards;
using Supervision.Shared;

namespace Supervision.Web.Pages.Dashboard;

/// <summary>执法统计: the filter as asked and the dashboard (null when refused, with the reason).</summary>
public sealed record DashboardView(Actor Actor, string? Jurisdiction, string? From, string? To, Supervision.Dashboards.Dashboard? Dashboard, string? Refused = null);
