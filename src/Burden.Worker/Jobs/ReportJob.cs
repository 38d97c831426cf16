using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Reports;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Jobs;

/// <summary>Writes report workbooks under <c>DIR/reports/</c> and lists them in the store: the monthly run and reports on demand.</summary>
public sealed class ReportJob
{
    /// <summary>Recurring job id of the monthly reports.</summary>
    public const string MonthlyJobId = "burden-monthly-reports";

    /// <summary>Hangfire set holding the months whose monthly reports are written (shared by every instance on one storage).</summary>
    public const string MonthlyWrittenSet = "burden-monthly-reports:written";

    /// <summary>The monthly run's part for the workbook across all organisations (organisation codes are letters and digits only).</summary>
    public const string AllOrganisationsPart = "*";

    private readonly IBurdenStore _store;
    private readonly ReportService _reports;
    private readonly DataFolders _folders;
    private readonly ServeOptions _options;
    private readonly ILogger<ReportJob> _log;
    private readonly JobStorage _jobs;

    public ReportJob(IBurdenStore store, ReportService reports, DataFolders folders, ServeOptions options, ILogger<ReportJob> log, JobStorage jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        _jobs = jobs;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        _store = store;
        _reports = reports;
        _folders = folders;
        _options = options;
        _log = log;
    }

    /// <summary>The file name of a report: <c>burden-QMM-2022-11.xlsx</c>, <c>burden-ALL-2025-26.xlsx</c>.</summary>
    public static string NameOf(ReportingPeriod period, OrgCode? orgCode)
    {
        ArgumentNullException.ThrowIfNull(period);
        // A code stored before version 3 was not checked when read back; only letters and digits reach the file name.
        var org = orgCode is null ? "ALL" : new string(orgCode.Value.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return $"burden-{org}-{period.Label.Replace('/', '-')}.xlsx";
    }

    /// <summary>
    /// The monthly run: the month before today, one workbook per organisation with requests in it plus one across all.
    /// Recorded as a job whose parts are the workbooks it owes; a run already recorded for the month and not finished
    /// (a crash, or Hangfire retrying) is continued, so a workbook already written is not written again.
    /// </summary>
    /// <remarks>
    /// Once per month however many instances share the queue and however often it is triggered: runs never overlap (a
    /// Hangfire distributed lock), and a month whose run finished is recorded in <see cref="MonthlyWrittenSet"/> and skipped.
    /// A report on demand (<c>POST /api/reports</c>) rewrites a month's workbook.
    /// </remarks>
    [JobDisplayName("Monthly reports")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 600, 3600])]
    [DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
    public async Task RunMonthlyAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_options.Time.GetUtcNow().UtcDateTime);
        var period = ReportingPeriod.PreviousMonth(today);
        using var jobs = _jobs.GetConnection();
        if (jobs.GetAllItemsFromSet(MonthlyWrittenSet).Contains(period.Label))
        {
            _log.LogInformation("Monthly reports for {Period} were already written by an earlier run; nothing written", period.Label);
            return;
        }
        var unfinished = (await _store.ListUnfinishedJobsAsync(cancellationToken)).FirstOrDefault(j => j.Kind == JobKind.Monthly && j.Period == period.Label);
        var jobId = unfinished?.Id ?? await _store.CreateJobAsync(new NewJob(JobKind.Monthly, period.Label, null, null, _options.Time.GetUtcNow()), cancellationToken);
        await ContinueMonthlyAsync(jobId, cancellationToken);
        if ((await _store.ListOrganisationsAsync(period, cancellationToken)).Count > 0)
        {
            using var written = jobs.CreateWriteTransaction();
            written.AddToSet(MonthlyWrittenSet, period.Label);
            written.Commit();
        }
    }

    /// <summary>Writes the workbooks a recorded monthly run still owes, marking each done as it is listed, then finishes the run.</summary>
    [JobDisplayName("Monthly reports (run {0})")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 600, 3600])]
    public async Task ContinueMonthlyAsync(long jobId, CancellationToken cancellationToken)
    {
        var job = await _store.GetJobAsync(jobId, cancellationToken);
        if (job is not { Kind: JobKind.Monthly, Status: JobStatus.Queued, Period: { } label })
        {
            return;
        }
        var period = ReportingPeriod.Parse(label);
        var orgs = await _store.ListOrganisationsAsync(period, cancellationToken);
        if (orgs.Count > 0)
        {
            // Parts already recorded keep their state; an organisation whose first upload arrived since is added.
            await _store.AddJobPartsAsync(jobId, [.. orgs.Select(o => o.Value), AllOrganisationsPart], cancellationToken);
        }
        var owed = (await _store.ListOwedJobPartsAsync(jobId, cancellationToken)).OrderBy(p => p == AllOrganisationsPart).ToList();
        if (owed.Count > 0)
        {
            foreach (var part in owed)
            {
                var org = part == AllOrganisationsPart ? null : OrgCode.FromStored(part);
                await WriteAsync(period, org, await BaselineToCompareAsync(org, cancellationToken), cancellationToken);
                await _store.MarkJobPartDoneAsync(jobId, part, cancellationToken);
            }
        }
        await _store.FinishJobAsync(jobId, JobStatus.Done, null, cancellationToken);
        if (orgs.Count == 0)
        {
            _log.LogInformation("No requests stored for {Period}; no monthly reports written", period.Label);
            return;
        }
        _log.LogInformation("Monthly reports for {Period}: {Written} written now of {Count} organisations and all organisations, by {Instance}", period.Label, owed.Count, orgs.Count, _options.InstanceName);
    }

    /// <summary>A recorded report request (made by the API before its 202): written, then the record finished. Re-entrant.</summary>
    [JobDisplayName("Report (job {0})")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 300, 1800])]
    public async Task RunRecordedAsync(long jobId, CancellationToken cancellationToken)
    {
        var job = await _store.GetJobAsync(jobId, cancellationToken);
        if (job is not { Kind: JobKind.Report, Status: JobStatus.Queued, Period: { } period })
        {
            return;
        }
        await RunAsync(period, job.OrgCode, cancellationToken);
        await _store.FinishJobAsync(jobId, JobStatus.Done, null, cancellationToken);
    }

    /// <summary>A report on demand for a period, one organisation or (org null) all of them.</summary>
    [JobDisplayName("Report {0} {1}")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 300, 1800])]
    public async Task RunAsync(string period, string? orgCode, CancellationToken cancellationToken)
    {
        var org = OrgCode.ParseOptional(orgCode);
        if (org is not null)
        {
            var orgs = await _store.ListOrganisationsAsync(null, cancellationToken);
            if (!orgs.Contains(org))
            {
                // An empty workbook would say the organisation has no burden; skipping says nothing was there to report.
                _log.LogWarning("No requests are stored for {Org}; no report written for {Period} (organisations with data: {Orgs})",
                    org.Value, period, orgs.Count == 0 ? "none" : string.Join(", ", orgs));
                return;
            }
        }
        await WriteAsync(ReportingPeriod.Parse(period), org, await BaselineToCompareAsync(org, cancellationToken), cancellationToken);
    }

    /// <summary>A report on demand compared with a named baseline; refused, and not retried, when the baseline covers another organisation scope.</summary>
    [JobDisplayName("Report {0} {1} against {2}")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 300, 1800], ExceptOn = [typeof(BaselineScopeException)])]
    public async Task RunWithBaselineAsync(string period, string? orgCode, string baseline, CancellationToken cancellationToken)
    {
        await WriteAsync(ReportingPeriod.Parse(period), OrgCode.ParseOptional(orgCode), baseline, cancellationToken);
    }

    private async Task WriteAsync(ReportingPeriod period, OrgCode? orgCode, string? baseline, CancellationToken cancellationToken)
    {
        var name = NameOf(period, orgCode);
        var path = Path.Combine(_folders.Reports, name);
        Directory.CreateDirectory(_folders.Reports);
        // The service records the report (name, period, organisation, path, when) as it writes it.
        await _reports.WriteAsync(new ReportRequest(period, orgCode, orgCode is null, baseline), path, cancellationToken);
    }

    /// <summary>
    /// The configured baseline when it covers this scope, else the most recent baseline that does, else none: a baseline
    /// of another organisation scope is never compared (an organisation against all of them means nothing).
    /// </summary>
    private async Task<string?> BaselineToCompareAsync(OrgCode? orgCode, CancellationToken cancellationToken)
    {
        var baselines = await _store.ListBaselinesAsync(cancellationToken);
        if (_options.ReportBaseline is { Length: > 0 } named)
        {
            var configured = baselines.FirstOrDefault(b => b.Name == named);
            if (configured is null || BaselineScope.Matches(configured, orgCode))
            {
                return named;
            }
            _log.LogInformation("Baseline {Baseline} covers {BaselineScope}, not {Scope}: that report is compared with a baseline of its own scope, if any",
                named, BaselineScope.Describe(configured.OrgCode), BaselineScope.Describe(orgCode));
        }
        return baselines.LastOrDefault(b => BaselineScope.Matches(b, orgCode))?.Name;
    }
}
