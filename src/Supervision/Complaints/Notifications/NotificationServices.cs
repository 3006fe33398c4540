using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Supervision.Complaints.Notifications;

public static class NotificationServices
{
    /// <summary>Email and SMS senders for complainants; options from the "Smtp" and "Sms" sections.</summary>
    public static IServiceCollection AddComplainantNotifications(this IServiceCollection services, IConfiguration cfg)
    {
        services.Configure<SmtpOptions>(cfg.GetSection("Smtp"));
        services.Configure<SmsOptions>(cfg.GetSection("Sms"));
        // Concrete type, no lambda: Wolverine's codegen builds it itself.
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        // A typed HttpClient is registered by AddHttpClient through a factory lambda, which Wolverine's default
        // ServiceLocationPolicy.NotAllowed rejects in handlers; allowing service location for this one type fixes that.
        services.AddHttpClient<ISmsSender, HttpSmsSender>();
        services.ConfigureWolverine(opts => opts.CodeGeneration.AlwaysUseServiceLocationFor<ISmsSender>());
        return services;
    }
}
