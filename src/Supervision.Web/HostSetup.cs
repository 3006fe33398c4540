using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Daemon;
using Weasel.Core;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Formatting.Compact;
using Supervision;
using Supervision.Shared;
using Supervision.Web.Auth;
using Supervision.Web.Ui;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Web;

/// <summary>Service registration and the HTTP pipeline, kept out of Program.cs so tests and tools share them.</summary>
public static class HostSetup
{
    public const string PublicRateLimit = "public";
    public const long MaxRequestBodyBytes = 1024 * 1024;
    public sealed record RequestBodyLimit(long Bytes);

    public static void AddSupervisionHost(this WebApplicationBuilder builder)
    {
        var cfg = builder.Configuration;
        var isDev = builder.Environment.IsDevelopment();
        var connectionString = cfg.GetConnectionString("Marten")
            ?? throw new InvalidOperationException("ConnectionStrings:Marten is not configured");
        var schema = cfg["Supervision:Schema"] ?? "supervision";
        var retry = new Supervision.Complaints.NotificationRetryOptions();
        if (cfg["Supervision:Notifications:RetryCooldownsMs"] is { Length: > 0 } cooldowns)
            retry.Cooldowns = cooldowns.Split(',').Select(ms => TimeSpan.FromMilliseconds(int.Parse(ms))).ToArray();

        // Logging: readable console in development, compact JSON in production.
        var consoleLevel = cfg.GetValue("Supervision:ConsoleLogLevel", Serilog.Events.LogEventLevel.Verbose);
        builder.Services.AddSerilog((sp, lc) =>
        {
            lc.ReadFrom.Configuration(cfg).Enrich.FromLogContext().Enrich.WithProperty("app", "supervision")
                // Wolverine logs unreadable request bodies as errors; they are answered with a 400 problem.
                .Filter.ByExcluding(e => e.MessageTemplate.Text.StartsWith("Error trying to deserialize JSON", StringComparison.Ordinal))
                .Filter.ByExcluding(ExpectedFaults.IsVersionConflictNoise); // a lost race is answered 409, not a fault
            if (isDev)
                lc.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {CorrelationId}{NewLine}{Exception}", restrictedToMinimumLevel: consoleLevel);
            else
                lc.WriteTo.Console(new RenderedCompactJsonFormatter(), restrictedToMinimumLevel: consoleLevel);
            // Extra sinks registered in DI (tests capture every line to prove no personal data is logged).
            foreach (var sink in sp.GetServices<Serilog.Core.ILogEventSink>()) lc.WriteTo.Sink(sink);
        }, preserveStaticLogger: true); // each host its own logger (tests start several hosts in one process)

        builder.Services.TryAddSingleton(TimeProvider.System);
        // The official calendar ships with the release; an administrator can point at a newer file
        // (e.g. when the State Council publishes next year's holidays) without a new release.
        var calendarFile = cfg["Supervision:HolidayCalendarFile"];
        var shipped = string.IsNullOrWhiteSpace(calendarFile) ? WorkingDayCalendar.LoadDefault() : WorkingDayCalendar.FromJson(File.ReadAllText(calendarFile));
        builder.Services.AddSingleton(new StartupHolidayCalendar(shipped));
        // The app's own calendar follows what administrators publish (HolidayCalendars.cs): a copy, never the shared default.
        builder.Services.AddSingleton(shipped.Copy());

        var multiNode = NodeMode.IsMulti(cfg); // several processes: Wolverine distributes projections (NodeMode.cs)
        var marten = builder.Services.AddMarten(opts => opts.ConfigureSupervisionStore(connectionString, schema))
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        builder.Services.ConfigureMarten((sp, opts) => opts.Events.TimeProvider = sp.GetRequiredService<TimeProvider>());
        if (!multiNode) marten.AddAsyncDaemon(DaemonMode.Solo);
        marten.IntegrateWithWolverine(w => { w.MessageStorageSchemaName = schema; w.UseWolverineManagedEventSubscriptionDistribution = multiNode; });
        // Registered after Marten so the schema exists when it runs.
        builder.Services.AddHostedService<ReferenceDataSeeder>();
        builder.Services.AddHostedService<HolidayCalendarSync>();
        builder.Services.AddSingleton<Supervision.Documents.DocumentFreezeService>();
        builder.Services.AddSingleton<Supervision.Web.Pages.Shared.PeopleDirectory>(); // names instead of logins on pages
        // Compress the static assets (scripts, styles, icons): not the HTML pages, which carry an
        // antiforgery token beside text a user can make the page reflect (BREACH), nor the API answers (tokens, personal data).
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"];
        });
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Supervision.Documents.DocumentFreezeService>());
        builder.Services.AddSingleton(IdleMemoryTrim.Options.From(cfg));
        builder.Services.AddSingleton<IdleMemoryTrim>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdleMemoryTrim>());
        Supervision.Referrals.ReferralServices.AddReferrals(builder.Services, cfg);

        builder.Host.UseWolverine(opts =>
        {
            // The web assembly holds the pre-generated handler code; the domain assembly holds most handlers.
            opts.ApplicationAssembly = typeof(HostSetup).Assembly;
            opts.Discovery.IncludeAssembly(typeof(SupervisionMarker).Assembly);
            opts.ServiceName = "supervision";
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.AlwaysMakeScheduledMessagesDurable();
            NodeMode.Apply(opts, cfg); // Solo, or Balanced for several nodes (NodeMode.cs)
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(500);
            opts.EnableRelayOfUserName = true;
            // A clock that fires is the system's act: record `system`, not the user relayed on its envelope (SystemActs.cs).
            opts.Policies.AddMiddleware(typeof(SystemActMiddleware), chain => chain.MessageType.IsAssignableTo(typeof(ISystemAct)));
            // Handler and endpoint code is pre-generated (`codegen write` → Internal/Generated, checked by ops/test.sh):
            // production loads it as is (fast start, no Roslyn); development and tests fall back to runtime
            // compilation for anything not pre-generated.
            opts.CodeGeneration.TypeLoadMode = isDev ? TypeLoadMode.Auto : TypeLoadMode.Static;
            // Email/SMS delivery to complainants: retried with cooldowns; the handler records the final failure.
            opts.OnException<Supervision.Complaints.Notifications.NotificationDeliveryException>().RetryWithCooldown(retry.Cooldowns);
            opts.RetryTransientFailuresOfBackgroundWork(); // FaultPolicies.cs
        });

        builder.Services.AddWolverineHttp();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        });

        // Data protection keys (cookies, antiforgery, and the complainants' personal data in the event
        // payloads) live outside the database: a database dump alone reveals nobody (R12).
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("supervision");
        if (cfg["Supervision:KeyDirectory"] is { Length: > 0 } keyDirectory)
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keyDirectory));
        builder.Services.AddSingleton<Supervision.Complaints.PersonalDataProtector>();
        // The departments' electronic seals (SM2): keys beside the data-protection keys, outside the database.
        builder.Services.AddSingleton(new Supervision.Documents.DepartmentSeals(cfg["Supervision:KeyDirectory"]));
        // Documents as PDF (PDFsharp, a TrueType CJK font from a Debian package; Supervision:PdfFontFile names another).
        builder.Services.AddSingleton(new Supervision.Documents.DocumentPdfOptions(cfg["Supervision:PdfFontFile"]));
        builder.Services.AddSingleton<Supervision.Documents.DocumentPdfs>();
        // Signed integrity checkpoints (hourly and at archival exports) to a file outside the database (Integrity/Checkpoints.cs).
        Supervision.Integrity.IntegrityServices.AddIntegrityCheckpoints(builder.Services, cfg);
        Supervision.Complaints.Notifications.NotificationServices.AddComplainantNotifications(builder.Services, cfg);
        builder.Services.AddSingleton(retry);

        // Public complaint intake and status queries are open to anyone: limit them per client address.
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = 429;
            o.AddPolicy(PublicRateLimit, http => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = cfg.GetValue("Supervision:PublicRateLimit:PermitLimit", 10),
                    Window = TimeSpan.FromSeconds(cfg.GetValue("Supervision:PublicRateLimit:WindowSeconds", 600)),
                }));
            o.OnRejected = async (ctx, ct) =>
            {
                var problem = Problems.Of(429, "rate_limited", "请求过于频繁，请稍后再试", "Too many requests; try again later");
                problem.Extensions["correlationId"] = ctx.HttpContext.TraceIdentifier;
                await ctx.HttpContext.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", ct);
            };
        });

        // Request bodies: the largest legitimate one (50 evidence items of 1000 characters) is far below 1 MiB.
        var maxBody = cfg.GetValue<long>("Supervision:MaxRequestBodyBytes", MaxRequestBodyBytes);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);
        builder.Services.AddSingleton(new RequestBodyLimit(maxBody));
        // The file store: uploads have their own, larger limit (configurable; default 20 MiB).
        var fileLimit = cfg.GetValue<long>("Supervision:Files:MaxBytes", Supervision.Files.FileStoreOptions.DefaultMaxBytes);
        builder.Services.AddSingleton(new Supervision.Files.FileStoreOptions(fileLimit));
        // Art. 36: the default due date of a year's unit reports, and the due date of the region reports to the level above (issue 17 §2).
        builder.Services.AddSingleton(new Supervision.AnnualReports.AnnualReportOptions(
            Math.Clamp(cfg.GetValue("Supervision:AnnualReports:DueMonth", 3), 1, 12), Math.Clamp(cfg.GetValue("Supervision:AnnualReports:DueDay", 31), 1, 31),
            Math.Clamp(cfg.GetValue("Supervision:AnnualReports:RegionDueMonth", 4), 1, 12), Math.Clamp(cfg.GetValue("Supervision:AnnualReports:RegionDueDay", 30), 1, 31)));
        // 执法全过程记录: a missing recording warns (default) or blocks the inspection's conclusion (issue 16 §1).
        builder.Services.AddSingleton(new Supervision.Inspections.FullProcessRecordingOptions(
            cfg.GetValue("Supervision:FullProcessRecording:Mode", "warn")?.Equals("block", StringComparison.OrdinalIgnoreCase) == true
                ? Supervision.Inspections.FullProcessRecordingMode.Block : Supervision.Inspections.FullProcessRecordingMode.Warn));
        builder.Services.AddSingleton<Supervision.Files.IFileStore, Supervision.Files.PostgresFileStore>();
        // Reads beyond one server (issue 18 §4): boards, statistics, lists and public pages on a streaming replica
        // (ConnectionStrings:MartenReads) while it is within Reads:MaxLagSeconds of the primary (Shared/ReadSessions.cs).
        builder.Services.AddReadSessions(cfg, connectionString);

        builder.Services.AddSupervisionAuth(cfg, isDev);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemBodies.Customize);
        builder.Services.AddOpenApi(o =>
        {
        // The API only: the HTML pages (/login, /inspections/{id}, …) are not part of the contract integrators read (issue 14 §4).
        o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        o.AddDocumentTransformer((doc, _, _) =>
        {
            // Tell API clients (and the /api-docs page) how to authenticate.
            doc.Info.Title = "档案监督执法案件系统 API";
            doc.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes["Bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "POST /api/auth/token {username, password} → access_token",
            };
            doc.Security = [new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("Bearer", doc)] = [] }];
            return Task.CompletedTask;
        });
        Supervision.Web.OpenApi.ApiDescriptionTransformers.Configure(o); // summaries, tags, problems, 201 (OpenApi/)
        });
        builder.Services.AddAntiforgery();
        Pages.PageResults.AddSupervisionPages(builder.Services); // pages as Razor components (Pages/PageResults.cs)

        builder.Services.AddHealthChecks()
            .AddNpgSql(connectionString, name: "postgresql", tags: ["ready"])
            .AddMartenHighWaterHealthCheck(staleThreshold: TimeSpan.FromSeconds(60))
            .AddCheck<ReadSideHealthCheck>("reads", tags: ["ready"]); // never unhealthy: a lost replica means reads on the primary
        // The high-water check registers itself without our tag; keep readiness = db + daemon.

        // OpenTelemetry: traces and metrics, exported over OTLP only when an endpoint is configured.
        var otlp = cfg["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("supervision"))
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                    .AddNpgsql().AddSource("Marten").AddSource("Wolverine").AddOtlpExporter())
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter("Marten").AddMeter("Wolverine").AddMeter("Npgsql").AddOtlpExporter());
        }
    }

    public static void UseSupervisionPipeline(this WebApplication app)
    {
        app.UseSupervisionForwardedHeaders(); // off unless Supervision:ForwardedHeaders:Enabled (ForwardedHeadersSetup.cs)
        var idleTrim = app.Services.GetRequiredService<IdleMemoryTrim>();
        app.Use((http, next) => { idleTrim.CountRequest(http.Request.Path); return next(http); }); // the idle trim's activity signal
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseResponseCompression();
        // Request logging sits outside the exception handler so it logs the final status of refusals.
        app.UseSerilogRequestLogging(o =>
        {
            o.EnrichDiagnosticContext = (diag, http) =>
            {
                diag.Set("CorrelationId", http.TraceIdentifier);
                diag.Set("UserName", http.User.Identity?.Name ?? "-");
            };
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = ExceptionProblems.Write,
            // Refusals by rule, lost version races and outages are answered, not faults: no error log with a stack trace.
            SuppressDiagnosticsCallback = ctx => ExpectedFaults.IsAnswered(ctx.Exception),
        });
        app.UseStatusCodePages(StatusCodeProblems.Write);
        // Kestrel refuses a longer body while it is read; a declared Content-Length over the limit is
        // refused before anything runs (also under a server without Kestrel's limit, e.g. the test host).
        var maxBody = app.Services.GetRequiredService<RequestBodyLimit>().Bytes;
        var maxUpload = app.Services.GetRequiredService<Supervision.Files.FileStoreOptions>().MaxBytes + 64 * 1024; // the file and its multipart envelope
        app.Use(async (http, next) =>
        {
            var limit = maxBody;
            if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals("/api/files", StringComparison.OrdinalIgnoreCase))
                limit = maxUpload;
            else if (HttpMethods.IsPut(http.Request.Method) && http.Request.Path.StartsWithSegments("/api/uploads", StringComparison.OrdinalIgnoreCase))
                limit = Supervision.Files.ChunkedUploads.MaxChunkBytes; // one chunk of a resumable upload
            if (limit != maxBody && http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = limit;
            if (http.Request.ContentLength > limit)
            {
                var problem = Problems.Of(413, "too_large", "请求内容过大", "The request body is too large");
                problem.Extensions["correlationId"] = http.TraceIdentifier;
                http.Response.StatusCode = 413;
                await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
                return;
            }
            await next(http);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        // A unit's account reaches its portal only: every other route is 404 to it (issue 17 §1).
        app.Use((http, next) => Auth.UnitPortalGate.InvokeAsync(http, () => next(http)));
        app.UseRateLimiter();
        // Pages show people by name: refresh the name cache before a page renders (components cannot wait for a query).
        var people = app.Services.GetRequiredService<Supervision.Web.Pages.Shared.PeopleDirectory>();
        app.Use(async (http, next) =>
        {
            if (HttpMethods.IsGet(http.Request.Method) && !http.Request.Path.StartsWithSegments("/api")) await people.RefreshIfStaleAsync(http.RequestAborted);
            await next(http);
        });
        // The empty GUID is never a case id, and Marten throws on it as a stream id (a 500 where an
        // unknown id is 404): answer 404 before any endpoint loads it.
        app.Use(async (http, next) =>
        {
            if (http.Request.RouteValues.Values.Any(v => v is string s && Guid.TryParse(s, out var g) && g == Guid.Empty))
            {
                http.Response.StatusCode = 404; // the status-code page writes the not_found problem
                return;
            }
            await next(http);
        });
        // A creating request repeated with the same Idempotency-Key gets the first answer again.
        app.Use(async (http, next) =>
        {
            if (HttpMethods.IsPost(http.Request.Method) && http.Request.Headers.ContainsKey(Idempotency.Header))
            {
                await using var session = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
                if (await Idempotency.TryReplay(http, session)) return;
            }
            await next(http);
        });
        // A body that is only the JSON literal null reaches Wolverine endpoints as a null command (a 500):
        // refuse it as an unreadable body.
        app.Use(async (http, next) =>
        {
            if (HttpMethods.IsPost(http.Request.Method) && await JsonNullBody.Is(http.Request))
            {
                var problem = Problems.BadRequest("malformed_json", "请求体不是有效的 JSON，或字段类型不正确", "The body is not valid JSON or a field has the wrong type");
                problem.Extensions["correlationId"] = http.TraceIdentifier;
                http.Response.StatusCode = 400;
                await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
                return;
            }
            await next(http);
        });
        // NUL in any text input: 400 before it reaches PostgreSQL, which cannot store it (TextInputGuard.cs).
        app.Use(async (http, next) =>
        {
            if (await TextInputGuard.NulField(http.Request) is { } field) await TextInputGuard.Refuse(http, field);
            else await next(http);
        });
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api-docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json").WithTitle("档案监督执法案件系统 API"));

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = _ => true, ResponseWriter = ReadSideHealthCheck.WriteReport }).AllowAnonymous();

        app.MapWolverineEndpoints(o =>
        {
            // Concurrency failures reach ExceptionProblems (409 stale_version with the current version).
            o.RejectUnparseableQueryValues = true; // ?page=abc is a 400, not page = 0
            o.RequireAuthorizeOnAll(); // deny by default; public endpoints say [AllowAnonymous]
            // A command replayed from the offline queue records the device's time beside the server's (DeviceTime.cs).
            o.AddMiddleware(typeof(DeviceTime), chain => chain.HttpMethods.Contains("POST") && chain.RoutePattern?.RawText is { } route
                && route.StartsWith("/api/", StringComparison.Ordinal) && !route.StartsWith("/api/public/", StringComparison.Ordinal)
                && !route.StartsWith("/api/auth/", StringComparison.Ordinal) && route != "/api/files" && !route.StartsWith("/api/uploads", StringComparison.Ordinal)
                && !route.EndsWith("/verify", StringComparison.Ordinal));
        });
        app.MapSupervisionUi();
    }
}

/// <summary>Tells a JSON body that is just <c>null</c> (with any whitespace) from every other body, then rewinds it.</summary>
public static class JsonNullBody
{
    public static async Task<bool> Is(HttpRequest request)
    {
        var type = request.ContentType;
        if (!(string.IsNullOrEmpty(type) || request.HasJsonContentType()) || request.ContentLength == 0) return false;
        request.EnableBuffering();
        var buffer = new byte[4096];
        var seen = 0; // bytes of "null" matched so far
        var result = true;
        int read;
        while (result && (read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            for (var i = 0; i < read && result; i++)
            {
                var b = buffer[i];
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') result = seen is 0 or 4;
                else result = seen < 4 && b == "null"[seen] && ++seen > 0;
            }
        request.Body.Position = 0;
        return result && seen == 4;
    }
}
