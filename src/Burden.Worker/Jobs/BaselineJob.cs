using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Storage;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Jobs;

/// <summary>Creates a named baseline on demand. Re-entrant: a baseline of that name already stored is left as it is.</summary>
public sealed class BaselineJob
{
    private readonly IBurdenStore _store;
    private readonly Analyser _analyser;
    private readonly ILogger<BaselineJob> _log;

    public BaselineJob(IBurdenStore store, Analyser analyser, ILogger<BaselineJob> log)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(analyser);
        ArgumentNullException.ThrowIfNull(log);
        _store = store;
        _analyser = analyser;
        _log = log;
    }

    /// <summary>A recorded baseline request (made by the API before its 202): created, then the record finished. Re-entrant.</summary>
    [JobDisplayName("Baseline (job {0})")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 300, 1800])]
    public async Task RunRecordedAsync(long jobId, CancellationToken cancellationToken)
    {
        var job = await _store.GetJobAsync(jobId, cancellationToken);
        if (job is not { Kind: JobKind.Baseline, Status: JobStatus.Queued, Name: { } name })
        {
            return;
        }
        await RunAsync(name, job.Period, job.OrgCode, cancellationToken);
        await _store.FinishJobAsync(jobId, JobStatus.Done, null, cancellationToken);
    }

    [JobDisplayName("Baseline {0}")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 300, 1800])]
    public async Task RunAsync(string name, string? period, string? orgCode, CancellationToken cancellationToken)
    {
        if (await _store.LoadBaselineAsync(name, cancellationToken) is not null)
        {
            _log.LogInformation("Baseline {Name} already exists; nothing to do", name);
            return;
        }
        var scope = new AnalysisScope(period is null ? null : ReportingPeriod.Parse(period), OrgCode.ParseOptional(orgCode), null);
        var baseline = await _analyser.CreateBaselineAsync(_store, name, scope, cancellationToken);
        _log.LogInformation("Baseline {Name}: {Count} collections", baseline.Name, baseline.Collections.Count);
    }
}
