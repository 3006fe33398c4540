using System.Threading.RateLimiting;

namespace Supervision.Web.Auth;

/// <summary>
/// Limits failed logins per client address and per user name (System.Threading.RateLimiting, the limiter under
/// ASP.NET Core's rate-limiting middleware). Only failures count, so a busy office behind one address that logs in
/// correctly is never held up; once a window's failures are used up, every further attempt from that address or
/// for that name is refused without checking the password until the window ends. The limit per name applies to
/// names that do not exist too, so a refusal says nothing about which names exist.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly PartitionedRateLimiter<string> _perName;

    public LoginThrottle(IConfiguration cfg)
    {
        var window = TimeSpan.FromSeconds(cfg.GetValue("Supervision:LoginRateLimit:WindowSeconds", 900));
        _perAddress = Limiter(cfg.GetValue("Supervision:LoginRateLimit:FailuresPerAddress", 30), window);
        _perName = Limiter(cfg.GetValue("Supervision:LoginRateLimit:FailuresPerUserName", 10), window);
    }

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true,
        }));

    /// <summary>Whether both the address and the name have failures left in this window (asking for 0 permits takes none).</summary>
    public bool MayTry(string address, string userName)
    {
        using var a = _perAddress.AttemptAcquire(address, 0);
        using var n = _perName.AttemptAcquire(Key(userName), 0);
        return a.IsAcquired && n.IsAcquired;
    }

    public void Failed(string address, string userName)
    {
        _perAddress.AttemptAcquire(address).Dispose();
        _perName.AttemptAcquire(Key(userName)).Dispose();
    }

    private static string Key(string userName) => userName.ToLowerInvariant();

    public void Dispose()
    {
        _perAddress.Dispose();
        _perName.Dispose();
    }
}
