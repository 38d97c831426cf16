using Microsoft.AspNetCore.Authentication;

namespace Burden.Worker.Hosting;

/// <summary>Everything <c>burden serve</c> can be told; the defaults serve the loopback address with SQLite under <c>data/</c>.</summary>
public sealed record ServeOptions
{
    /// <summary>The default address: loopback only, so it runs without authentication.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The default data folder (inbox, processed, refused, reports).</summary>
    public const string DefaultDataDir = "data";

    /// <summary>Default recurring schedule of the monthly reports: 06:00 on the 2nd, for the previous month.</summary>
    public const string DefaultMonthlyCron = "0 6 2 * *";

    /// <summary>Environment variable holding the API key.</summary>
    public const string ApiKeyVariable = "BURDEN_API_KEY";

    /// <summary>Addresses to listen on, separated by <c>;</c>.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>SQLite path, PostgreSQL connection string or URL, or SQL Server connection string; null for <c>data/burden.db</c>.</summary>
    public string? Db { get; init; }

    /// <summary>Folder holding <c>inbox/</c>, <c>processing/</c>, <c>processed/</c>, <c>refused/</c> and <c>reports/</c>.</summary>
    public string DataDir { get; init; } = DefaultDataDir;

    /// <summary>Key every request but <c>/health</c> must carry in the <c>X-Api-Key</c> header; null for none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Keys bound to one organisation each (ODS code to key, at least 16 characters): a request carrying one sees only
    /// that organisation's pages, uploads, reports and results. <see cref="ApiKey"/> stays the key to every organisation.
    /// </summary>
    public IReadOnlyDictionary<string, string> OrgApiKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>Configuration section whose children are organisation keys (<c>Burden:OrgKeys:QMM</c>, or the variable <c>Burden__OrgKeys__QMM</c>).</summary>
    public const string OrgKeysSection = "Burden:OrgKeys";

    /// <summary>
    /// The single sign-on hook: registers the organisation's authentication schemes (OpenID Connect, Negotiate, a
    /// header set by a trusted proxy). When set, an authenticated user may use everything an API key opens.
    /// </summary>
    public Action<AuthenticationBuilder>? ConfigureAuthentication { get; init; }

    /// <summary>This instance's name: the Hangfire server name and the <c>processed_by</c> of the uploads it processes (default host:pid).</summary>
    public string InstanceName { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// With a shared queue (PostgreSQL, SQL Server): how long a job taken by an instance that stopped answering stays
    /// invisible before another instance takes it. The taking instance keeps extending it while alive (sliding).
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; init; } = DefaultInvisibilityTimeout;

    /// <summary>The default <see cref="InvisibilityTimeout"/>: two minutes.</summary>
    public static readonly TimeSpan DefaultInvisibilityTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Hangfire workers in this process.</summary>
    public int WorkerCount { get; init; } = 2;

    /// <summary>How often the Hangfire server looks for scheduled and recurring jobs that are due.</summary>
    public TimeSpan SchedulePollingInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Cron expression of the monthly reports.</summary>
    public string MonthlyCron { get; init; } = DefaultMonthlyCron;

    /// <summary>Time zone the cron is read in (IANA id); UTC when the machine does not know it.</summary>
    public string TimeZone { get; init; } = "Europe/London";

    /// <summary>Baseline the monthly reports compare with; null for the most recent baseline stored, if any.</summary>
    public string? ReportBaseline { get; init; }

    /// <summary>Watch <c>DIR/inbox/</c>; with several instances sharing one data folder, let one of them do it.</summary>
    public bool WatchInbox { get; init; } = true;

    /// <summary>How often the inbox is looked at; a file is picked up once its size is unchanged across two looks.</summary>
    public TimeSpan InboxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>The loopback names <see cref="AllowedHosts"/> holds by default.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Host names the service answers to (no port; <c>*.example.nhs.uk</c> for subdomains, <c>*</c> for any); loopback names by default.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = LoopbackHosts;

    /// <summary>Below this much free space on the data folder's disk, <c>/health</c> reports degraded (default 64 MiB).</summary>
    public long MinFreeDiskBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How long an accepted upload's bytes are kept after it is read (default 30 days); refused and skipped uploads' bytes are dropped at once.</summary>
    public TimeSpan UploadRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>A <c>*.tmp</c> file under <c>reports/</c> older than this at start-up is left over from a killed run and removed (default 1 hour).</summary>
    public TimeSpan OrphanTempAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Limits on what a file can make the store keep (columns, cell length, rejects kept, message length).</summary>
    public Burden.Core.Ingest.IngestOptions Ingest { get; init; } = Burden.Core.Ingest.IngestOptions.Default;

    /// <summary>The clock (tests pin it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Log exceptions with their stack traces (<c>--verbose</c>); otherwise one line per cause.</summary>
    public bool Verbose { get; init; }

    /// <summary>Analysis settings for every report and baseline the service makes (rates, factors, thresholds, reference files).</summary>
    public Burden.Core.Analysis.AnalysisSettings AnalysisSettings { get; init; } = new();
}
