using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Wolverine;

namespace Supervision.IntegrationTests.Auth;

/// <summary>
/// Issue 15, finding 4: outside Development the app does not start with the public development signing key, nor
/// with demo accounts that still have the published password (here: the test fixture's database, which has them).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class StartupGuardTests(AppFixture app)
{
    private const string DevelopmentKey = "development-only-signing-key-change-me-0123456789abcdef";

    [Fact]
    public async Task Production_with_the_development_signing_key_does_not_start()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => Start("Production", DevelopmentKey, seedDemoData: false));
        Assert.Contains("development key", Flatten(e));
    }

    [Fact]
    public async Task Production_that_would_seed_demo_users_does_not_start()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => Start("Production", "a-real-secret-signing-key-0123456789abcdef-xyz", seedDemoData: true));
        Assert.Contains("SeedDemoData", Flatten(e));
    }

    [Fact]
    public async Task Production_on_a_database_with_demo_accounts_does_not_start()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => Start("Production", "a-real-secret-signing-key-0123456789abcdef-xyz", seedDemoData: false));
        Assert.Contains("Demo accounts", Flatten(e));
    }

    private static string Flatten(Exception e) => e is AggregateException a ? string.Join(" | ", a.Flatten().InnerExceptions.Select(x => x.Message)) : e.ToString();

    private async Task Start(string environment, string key, bool seedDemoData)
    {
        JasperFxEnvironment.AutoStartHost = true;
        await using var host = await AlbaHost.For<Program>(web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("ConnectionStrings:Marten", AppFixture.ConnectionString);
            web.UseSetting("Supervision:Schema", app.Schema);
            web.UseSetting("Supervision:SeedDemoData", seedDemoData ? "true" : "false");
            web.UseSetting("Jwt:SigningKey", key);
            web.UseSetting("Supervision:ConsoleLogLevel", "Fatal");
            web.UseSetting("Supervision:KeyDirectory", AppFixture.KeyDirectory(app.Schema));
            web.ConfigureTestServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
        Assert.Fail("the host started");
    }
}
