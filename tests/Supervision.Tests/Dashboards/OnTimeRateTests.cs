using Supervision.Dashboards;
using Supervision.Rectifications;
using Supervision.Tests.TestSupport;
using static Supervision.Tests.TestSupport.RectificationEvents;

namespace Supervision.Tests.Dashboards;

public sealed class OnTimeRateTests
{
    [Fact]
    public void The_rate_is_the_share_of_settled_orders_corrected_in_time()
    {
        var totals = DashboardQueries.Sum([
            new EnforcementMonth { OrdersCorrected = 2, OrdersCorrectedOnTime = 1, OrdersOverdue = 1 },
            new EnforcementMonth { OrdersCorrected = 0, OrdersCorrectedOnTime = 0, OrdersOverdue = 1 },
        ]);
        // Settled: 1 in time + 2 that went overdue (one of them corrected late) → 1/3.
        Assert.Equal(0.3333, totals.OnTimeRectificationRate);
        Assert.Null(DashboardQueries.Sum([new EnforcementMonth { OrdersIssued = 3 }]).OnTimeRectificationRate);
    }

    [Fact]
    public void A_pass_after_the_deadline_is_marked_late()
    {
        var DueOn = Clock.D(2026, 3, 4);
        var r = Given.Rectification(Found(), Ordered(DueOn));
        var inTime = Assert.IsType<ReinspectionPassed>(RectificationSteps.Decide(r, new RecordReinspection(2, true, "整改到位", Staff.UrumqiPairIds), Actors.UrumqiInspector, Clock.Now));
        Assert.False(inTime.Late);
        var late = Assert.IsType<ReinspectionPassed>(RectificationSteps.Decide(r, new RecordReinspection(2, true, "整改到位", Staff.UrumqiPairIds), Actors.UrumqiInspector,
            RectificationDeadlines.OverdueAt(DueOn).AddHours(1)));
        Assert.True(late.Late);
    }
}
