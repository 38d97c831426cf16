using Burden.Worker.Meaning;
using Burden.Core.Analysis;
using Burden.Core.Ingest;
using Burden.Core.Reports;
using Burden.Core.Storage;
using Burden.Worker.Inbox;
using Burden.Worker.Jobs;
using Burden.Worker.Web;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Burden.Storage;

namespace Burden.Worker.Hosting;

/// <summary>Builds the <c>burden serve</c> web application: pages, API, dashboard, Hangfire server, inbox watcher.</summary>
public static class BurdenHost
{
    /// <summary>Schema of Hangfire's own tables when the store is SQL Server or PostgreSQL.</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Checks the binding, opens and migrates the store, and builds the application (not started). Tests pass
    /// <paramref name="store"/> to run against a substitute; otherwise the store named by <see cref="ServeOptions.Db"/>
    /// is opened (default <c>DIR/burden.db</c>).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(ServeOptions options, IBurdenStore? store = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(BurdenHost).Assembly.GetName().Name });
        // Organisation keys may also come from configuration (Burden:OrgKeys:QMM, Burden__OrgKeys__QMM); checked before anything is bound.
        options = options with { OrgApiKeys = OrgKeys.WithConfigured(options.OrgApiKeys, builder.Configuration) };
        OrgKeys.Check(options);
        BindingGuard.Check(options);
        var folders = new DataFolders(options.DataDir);
        folders.EnsureCreated();
        var db = options.Db ?? Path.Combine(options.DataDir, "burden.db");
        var sqlServer = options.Db is not null && BurdenStores.IsSqlServer(options.Db);
        var postgres = options.Db is not null && BurdenStores.IsPostgres(options.Db);
        store ??= await BurdenStores.OpenAsync(db, cancellationToken);

        builder.WebHost.UseUrls(options.Urls);
        // Kestrel endpoint settings (appsettings*.json, Kestrel__Endpoints__* variables) override --urls: refuse them
        // before anything is bound; BoundAddressGuard checks what was really bound after start-up.
        BindingGuard.Check(options, BindingGuard.ConfiguredEndpoints(builder.Configuration), " (configured under Kestrel:Endpoints)");
        // Leave room for the multipart envelope around the largest file accepted. Kestrel's limit trips first, chunked
        // or not, with a 413; the form reader's own limit is set above it so it never turns an oversize body into a 500.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes + (1024 * 1024));
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxUploadBytes + (2 * 1024 * 1024));

        if (!options.Verbose)
        {
            // No stack trace reaches the console without --verbose, start-up failures included.
            builder.Logging.AddConsole(console => console.FormatterName = OneLineExceptionFormatter.FormatterName)
                .AddConsoleFormatter<OneLineExceptionFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        }

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(folders);
        services.AddSingleton(store);
        services.AddSingleton(options.Time);
        services.AddSingleton(new AccessPolicy(options));
        services.AddSingleton(new StorageHealth(options.Time));
        services.AddSingleton<BoundAddressGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<BoundAddressGuard>());
        // Registered before AddHangfire so its TryAdd keeps these: this host's storage and activator, not the process-wide ones.
        // The storage is made after Hangfire's configuration is applied, so it logs through this host's logger factory.
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return sqlServer ? CreateSqlServerStorage(options.Db!, options)
                : postgres ? CreatePostgresStorage(options.Db!, options)
                : new InMemoryStorage(new InMemoryStorageOptions());
        });
        services.AddSingleton(sp => new HostStorage(sp.GetRequiredService<JobStorage>(), QueueInMemory: !sqlServer && !postgres));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer((_, server) =>
        {
            server.WorkerCount = Math.Max(1, options.WorkerCount);
            server.SchedulePollingInterval = SchedulePolling(options);
            server.Queues = ["default"];
            server.ShutdownTimeout = TimeSpan.FromSeconds(10);
            server.ServerName = options.InstanceName;
        });

        services.AddSingleton(new IngestPipeline(store, options.Ingest with { MaxFileBytes = options.MaxUploadBytes }, options.Time));
        services.AddSingleton(new Analyser(options.Time, options.AnalysisSettings, encoder: Meaning.BundledEncoders.For(options.AnalysisSettings)));
        services.AddSingleton(sp => new ReportService(store, sp.GetRequiredService<Analyser>()));
        services.AddTransient<IngestUploadJob>();
        services.AddTransient<ReportJob>();
        services.AddTransient<BaselineJob>();
        services.AddTransient<UploadRetentionJob>();
        services.AddSingleton<UploadIntake>();
        services.AddHostedService<StartupRecovery>();
        services.AddSingleton<InboxWatcher>();
        if (options.WatchInbox)
        {
            services.AddHostedService(sp => sp.GetRequiredService<InboxWatcher>());
        }

        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "burden_antiforgery");
        if (options.ConfigureAuthentication is not null)
        {
            options.ConfigureAuthentication(services.AddAuthentication());
            services.AddAuthorization();
        }

        var app = builder.Build();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<FailureResponses>();
        app.UseMiddleware<HostFilter>();
        app.UseMiddleware<CrossSiteGuard>();
        if (options.ConfigureAuthentication is not null)
        {
            app.UseAuthentication();
        }
        app.UseMiddleware<AccessGate>();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new DashboardAccessFilter(app.Services.GetRequiredService<AccessPolicy>())],
            AppPath = "/",
            DashboardTitle = "HewittBurden jobs",
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());
        HealthEndpoint.Map(app);
        HtmlPage.Map(app);
        PageEndpoints.Map(app);
        ApiEndpoints.Map(app);
        ReviewEndpoints.Map(app);
        ResultsPage.Map(app);
        return app;
    }

    /// <summary>The configured polling interval, lowered to one second when the cron has a seconds field (six parts).</summary>
    internal static TimeSpan SchedulePolling(ServeOptions options)
    {
        var subMinute = options.MonthlyCron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
        return subMinute && options.SchedulePollingInterval > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.SchedulePollingInterval;
    }

    /// <summary>
    /// Hangfire.PostgreSql in schema <c>hangfire</c> of the same database: every instance shares its queues, recurring jobs and
    /// distributed locks. A job an instance has taken stays invisible to the others while that instance keeps extending it
    /// (sliding); if the instance dies, another takes the job once <see cref="ServeOptions.InvisibilityTimeout"/> has passed.
    /// </summary>
    private static PostgreSqlStorage CreatePostgresStorage(string db, ServeOptions options)
    {
        var connectionString = BurdenStores.PostgresConnectionString(db);
        // The storage installs its tables when it is built. Two instances starting at once would create them side by
        // side ("could not find tuple"), so the install runs under a session advisory lock: the second waits, then
        // finds the tables there.
        using var guard = new Npgsql.NpgsqlConnection(connectionString);
        guard.Open();
        using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({HangfireInstallLockKey})", guard))
        {
            take.ExecuteNonQuery();
        }
        try
        {
            return new(new NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions
            {
                SchemaName = HangfireSchema,
                PrepareSchemaIfNecessary = true,
                InvisibilityTimeout = options.InvisibilityTimeout,
                UseSlidingInvisibilityTimeout = true,
                // LISTEN/NOTIFY wakes a waiting worker when a job is enqueued; the poll is the fallback.
                EnableLongPolling = true,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                DistributedLockTimeout = TimeSpan.FromMinutes(1),
            });
        }
        finally
        {
            using var release = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({HangfireInstallLockKey})", guard);
            release.ExecuteNonQuery();
        }
    }

    /// <summary>The advisory lock key under which an instance installs Hangfire's tables (not the store's migration key).</summary>
    private const long HangfireInstallLockKey = 0x4842_4846_0001;

    private static SqlServerStorage CreateSqlServerStorage(string connectionString, ServeOptions options) => new(connectionString, new SqlServerStorageOptions
    {
        SchemaName = HangfireSchema,
        PrepareSchemaIfNecessary = true,
        // Recommended for 1.8: sliding invisibility and no polling delay, so several instances share the queue promptly.
        SlidingInvisibilityTimeout = options.InvisibilityTimeout,
        QueuePollInterval = TimeSpan.Zero,
        UseRecommendedIsolationLevel = true,
        DisableGlobalLocks = true,
    });
}
