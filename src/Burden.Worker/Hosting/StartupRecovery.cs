using Burden.Core.Storage;
using Burden.Worker.Jobs;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Hosting;

/// <summary>
/// At start-up: registers the recurring monthly reports with the configured cron and, when the queue lives in memory,
/// re-enqueues every upload the store still holds as queued, processing or failed (the store is what is durable).
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

        if (!_storage.QueueInMemory)
        {
            return;
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
