using Burden.Core.Storage;
using Burden.Worker.Jobs;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Hosting;

/// <summary>
/// At start-up: registers the recurring monthly reports with the configured cron, removes report temp files left by a
/// killed run, drops upload bytes past their retention and, when the queue lives in memory, re-enqueues every upload
/// the store still holds as queued, processing or failed and every report, baseline and monthly job still queued (the
/// store is what is durable).
/// </summary>
public sealed class StartupRecovery : IHostedService
{
    private readonly IBurdenStore _store;
    private readonly IBackgroundJobClient _jobs;
    private readonly IRecurringJobManager _recurring;
    private readonly ServeOptions _options;
    private readonly HostStorage _storage;
    private readonly ILogger<StartupRecovery> _log;

    public StartupRecovery(IBurdenStore store, IBackgroundJobClient jobs, IRecurringJobManager recurring, ServeOptions options, HostStorage storage, ILogger<StartupRecovery> log)
    {
        _store = store;
        _jobs = jobs;
        _recurring = recurring;
        _options = options;
        _storage = storage;
        _log = log;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _recurring.AddOrUpdate<ReportJob>(ReportJob.MonthlyJobId, job => job.RunMonthlyAsync(CancellationToken.None), _options.MonthlyCron,
            new RecurringJobOptions { TimeZone = ResolveTimeZone(_options.TimeZone) });
        _log.LogInformation("Monthly reports scheduled: '{Cron}' ({TimeZone})", _options.MonthlyCron, _options.TimeZone);

        RemoveOrphanedTempFiles();
        var released = await _store.ReleaseUploadContentAsync(_options.Time.GetUtcNow() - _options.UploadRetention, cancellationToken);
        if (released > 0)
        {
            _log.LogInformation("Dropped the bytes of {Count} uploads read more than {Days} days ago (upload retention)", released, _options.UploadRetention.TotalDays);
        }
        _recurring.AddOrUpdate<UploadRetentionJob>(UploadRetentionJob.JobId, job => job.RunAsync(CancellationToken.None), "0 3 * * *",
            new RecurringJobOptions { TimeZone = ResolveTimeZone(_options.TimeZone) });

        if (!_storage.QueueInMemory)
        {
            return;
        }
        var jobs = await _store.ListUnfinishedJobsAsync(cancellationToken);
        foreach (var job in jobs)
        {
            var id = job.Id;
            _ = job.Kind switch
            {
                JobKind.Report => _jobs.Enqueue<ReportJob>(r => r.RunRecordedAsync(id, CancellationToken.None)),
                JobKind.Baseline => _jobs.Enqueue<BaselineJob>(b => b.RunRecordedAsync(id, CancellationToken.None)),
                _ => _jobs.Enqueue<ReportJob>(r => r.ContinueMonthlyAsync(id, CancellationToken.None)),
            };
        }
        if (jobs.Count > 0)
        {
            _log.LogInformation("Re-enqueued {Count} unfinished report, baseline and monthly jobs", jobs.Count);
        }
        var unfinished = await _store.ListUploadsAsync([UploadStatus.Queued, UploadStatus.Processing, UploadStatus.Failed], cancellationToken);
        foreach (var upload in unfinished)
        {
            _jobs.Enqueue<IngestUploadJob>(job => job.RunAsync(upload.Id, CancellationToken.None));
        }
        if (unfinished.Count > 0)
        {
            _log.LogInformation("Re-enqueued {Count} unfinished uploads", unfinished.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Removes <c>*.tmp</c> files under <c>reports/</c> older than <see cref="ServeOptions.OrphanTempAge"/>: a report
    /// is written to a temporary name and renamed, so one left behind is from a killed run. Younger ones may belong to
    /// another instance sharing the data folder and are left alone.
    /// </summary>
    private void RemoveOrphanedTempFiles()
    {
        var reports = Path.Combine(_options.DataDir, "reports");
        if (!Directory.Exists(reports))
        {
            return;
        }
        var cutoff = _options.Time.GetUtcNow().UtcDateTime - _options.OrphanTempAge;
        foreach (var temp in Directory.EnumerateFiles(reports, "*.tmp"))
        {
            if (File.GetLastWriteTimeUtc(temp) < cutoff)
            {
                File.Delete(temp);
                _log.LogInformation("Removed {File}, left over from a report run that did not finish", Path.GetFileName(temp));
            }
        }
    }

    internal static TimeZoneInfo ResolveTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
        catch (InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}

/// <summary>Which Hangfire storage this host uses.</summary>
/// <param name="Storage">The storage.</param>
/// <param name="QueueInMemory">True for Hangfire.InMemory (the queue is rebuilt from the store at start-up).</param>
public sealed record HostStorage(JobStorage Storage, bool QueueInMemory);
