using System.Runtime.CompilerServices;
using Supervision.Dashboards;
using Supervision.Inspections;
using Supervision.Rectifications;
using Supervision.Referrals;
using Xunit;

namespace Supervision.Tests.Dashboards;

/// <summary>
/// The async projections load only the event types they list (Marten's IncludeType). A type missing from a list would be
/// skipped silently, live and on every rebuild: each list must be exactly the types the projection's rules read.
/// </summary>
public sealed class ProjectionEventTypesTests
{
    /// <summary>An instance of every concrete class of the domain assembly, fields unset (the rules match on type only).</summary>
    private static IEnumerable<object> Samples() =>
        typeof(DeadlineBoard).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && !t.IsDefined(typeof(CompilerGeneratedAttribute), false))
            .Select(t => { try { return RuntimeHelpers.GetUninitializedObject(t); } catch (Exception) { return null; } })
            .OfType<object>();

    [Fact]
    public void The_deadline_board_loads_exactly_the_events_its_rules_read()
    {
        var read = Samples().Where(o => DeadlineBoard.CaseKindOf(o) is not null).Select(o => o.GetType()).ToHashSet();
        Assert.True(read.Count > 40, $"{read.Count} types");
        Assert.Equal(read.OrderBy(t => t.Name), DeadlineBoard.EventTypes.Distinct().OrderBy(t => t.Name));
    }

    [Fact]
    public void The_dashboard_loads_what_it_counts_the_referrals_and_the_events_that_place_a_case()
    {
        var places = new[] { typeof(InspectionPlanned), typeof(HazardFound), typeof(Supervision.Complaints.ComplaintReceived), typeof(Supervision.Sanctions.SanctionCaseOpened) };
        var read = Samples().Where(o => EnforcementMonthProjection.Counts(o) || o is ReferralSent).Select(o => o.GetType()).Concat(places).ToHashSet();
        Assert.True(read.Count > 20, $"{read.Count} types");
        Assert.Equal(read.OrderBy(t => t.Name), EnforcementMonthProjection.EventTypes.Distinct().OrderBy(t => t.Name));
    }
}
