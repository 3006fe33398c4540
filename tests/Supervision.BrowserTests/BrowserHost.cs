using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Npgsql;
using Wolverine;

namespace Supervision.BrowserTests;

/// <summary>
/// The real app on a real loopback port (Kestrel, not the in-memory test server) with its own schema
/// (t_…, dropped at the end), and the system's Chromium driven by Playwright (no browser download:
/// ops/test.sh installs <c>chromium</c> and <c>fonts-noto-cjk</c> when missing).
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    public const string Password = "Demo!2026";

    /// <summary>An API client holding <paramref name="user"/>'s token: tests set up cases the way the app's clients do.</summary>
    public async Task<HttpClient> Api(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/auth/token", new { username = user, password = Password });
        token.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        return http;
    }

    /// <summary>The body of a successful answer (the test fails with the problem otherwise).</summary>
    public static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }
    public const string ChromiumPath = "/usr/bin/chromium";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SUPERVISION_TEST_CONNECTION")
        ?? "Host=127.0.0.1;Port=54329;Database=supervision_test;Username=supervision;Password=supervision_dev;Maximum Pool Size=100";

    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..12];
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _app.Services;
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();
    public IBrowser Browser { get; private set; } = null!;
    /// <summary>
    /// Where screenshots go: docs/screenshots when SUPERVISION_UPDATE_SCREENSHOTS=1 (to refresh the README's
    /// pictures), otherwise .data/screenshots, so a normal test run leaves the checkout unchanged.
    /// </summary>
    public string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("SUPERVISION_UPDATE_SCREENSHOTS") == "1"
        ? Path.Combine(RepoRoot(), "docs", "screenshots")
        : Path.Combine(RepoRoot(), ".data", "screenshots");

    /// <summary>
    /// The business clock, fixed at Thursday 5 February 2026 10:00 Beijing (as the integration tests' TestClock):
    /// the pages never depend on the machine's date. Sign-in cookies run on the wall clock.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 2, 5, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());

    /// <summary>A day relative to the business clock's today (Beijing), as forms and the API write dates.</summary>
    public string Day(int daysFromToday = 0) =>
        DateOnly.FromDateTime(Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime).AddDays(daysFromToday).ToString("yyyy-MM-dd");

    private App _app = null!;
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        _app = new App(Schema, Clock);
        _app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ops/test.sh (it installs chromium and fonts-noto-cjk) or apt-get install -y chromium fonts-noto-cjk");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser profile (own cookies), Chinese locale and Beijing time.</summary>
    /// <summary>
    /// A phone whose browser keeps its profile in <paramref name="profile"/> (cookies, service worker, IndexedDB): closing the
    /// returned context closes that browser, and opening the same profile again is the phone restarted.
    /// </summary>
    public Task<IBrowserContext> Phone(string profile) => _playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        BaseURL = BaseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
        ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
    });

    public Task<IBrowserContext> NewContext() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseUrl,
        Locale = "zh-CN",
        TimezoneId = "Asia/Shanghai",
        ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
    });

    public async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"drop schema if exists {Schema} cascade", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Supervision.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <summary>The same settings as the integration tests' AppFixture (demo users and units seeded).</summary>
    private sealed class App(string schema, TimeProvider clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder web)
        {
            web.UseSetting("ConnectionStrings:Marten", ConnectionString);
            web.UseSetting("Supervision:Schema", schema);
            web.UseSetting("Supervision:SeedDemoData", "true");
            web.UseSetting("Jwt:SigningKey", "integration-test-signing-key-0123456789abcdef");
            web.UseSetting("Serilog:MinimumLevel:Default", "Information");
            web.UseSetting("Supervision:ConsoleLogLevel", "Warning");
            web.UseSetting("Supervision:KeyDirectory", Path.Combine(Path.GetTempPath(), "supervision-test-keys", schema));
            web.UseSetting("Supervision:PublicRateLimit:PermitLimit", "10");
            web.UseSetting("Smtp:Host", "127.0.0.1");
            web.UseSetting("Smtp:Port", "25");
            web.UseSetting("Smtp:TimeoutSeconds", "5");
            web.UseSetting("Supervision:Notifications:RetryCooldownsMs", "20,20");
            web.UseSetting("Referrals:RetryCooldownsMs", "20,20");
            web.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
                services.RunWolverineInSoloMode();
                // Stored deadline checks never fire by themselves (the wall clock is not the business clock; 40 days is the
                // longest first delay a .NET timer takes).
                services.ConfigureWolverine(o => o.Durability.ScheduledJobFirstExecution = TimeSpan.FromDays(40));
                services.DisableAllExternalWolverineTransports();
            });
        }
    }
}

/// <summary>Navigation for the browser tests.</summary>
public static class PageNavigation
{
    /// <summary>
    /// Opens a page: returns once the document is parsed (its deferred scripts have run), then waits up to 15 s for the load
    /// event. In three fresh-clone runs a navigation early in the suite reached network idle with the document complete but
    /// its load event never came (not within 90 s either), which failed the test in <c>GotoAsync</c> before anything was
    /// checked. What the tests check is on the page; they go on without the load event rather than fail for it.
    /// </summary>
    public static async Task<Microsoft.Playwright.IResponse?> Open(this IPage page, string url)
    {
        var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        try { await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 15_000 }); }
        catch (TimeoutException) { }
        return response;
    }
}
