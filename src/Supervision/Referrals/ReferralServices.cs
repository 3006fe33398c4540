using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.ErrorHandling;

namespace Supervision.Referrals;

/// <summary>Retry cooldowns and timeout of webhook delivery; attempts = cooldowns + 1.</summary>
public sealed class ReferralDeliveryOptions
{
    public TimeSpan[] Cooldowns { get; set; } = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)];
    public int MaxAttempts => Cooldowns.Length + 1;
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public static ReferralDeliveryOptions From(IConfiguration cfg)
    {
        var o = new ReferralDeliveryOptions();
        if (cfg["Referrals:RetryCooldownsMs"] is { Length: > 0 } cooldowns)
            o.Cooldowns = cooldowns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(ms => TimeSpan.FromMilliseconds(int.Parse(ms))).ToArray();
        if (cfg["Referrals:WebhookTimeoutSeconds"] is { Length: > 0 } seconds)
            o.WebhookTimeout = TimeSpan.FromSeconds(int.Parse(seconds));
        return o;
    }
}

public static class ReferralServices
{
    /// <summary>
    /// Referrals: the register seeder, the webhook client and the delivery retry policy
    /// (<see cref="ReferralDeliveryException"/> retried with the configured cooldowns; the handler records the last failure).
    /// Call after AddMarten so the schema exists when the seeder runs.
    /// </summary>
    public static IServiceCollection AddReferrals(this IServiceCollection services, IConfiguration cfg)
    {
        var options = ReferralDeliveryOptions.From(cfg);
        services.AddSingleton(options);
        services.AddHostedService<ReceivingDepartmentSeeder>();
        // A typed HttpClient is registered through a factory lambda, which Wolverine rejects in handler
        // dependencies unless service location is allowed for that one type.
        services.AddHttpClient<ReferralWebhookClient>();
        services.ConfigureWolverine(opts =>
        {
            opts.CodeGeneration.AlwaysUseServiceLocationFor<ReferralWebhookClient>();
            opts.OnException<ReferralDeliveryException>().RetryWithCooldown(options.Cooldowns);
        });
        return services;
    }

    /// <summary>Documents, the inline write model and the async read model (inbox / awaiting reply).</summary>
    public static void ConfigureReferrals(this StoreOptions opts)
    {
        opts.Schema.For<ReceivingDepartment>().Index(d => d.JurisdictionId);
        opts.Projections.Snapshot<Referral>(SnapshotLifecycle.Inline);
        opts.Schema.For<Referral>().Index(r => r.SenderJurisdictionId).Index(r => r.ReceiverJurisdictionId);
        opts.Projections.Add<ReferralSummaryProjection>(ProjectionLifecycle.Async);
        opts.Schema.For<ReferralSummary>().Index(s => s.SenderJurisdictionId).Index(s => s.ReceiverJurisdictionId).Index(s => s.SentAt);
    }
}
