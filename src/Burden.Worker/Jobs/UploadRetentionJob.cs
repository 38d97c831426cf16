using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Jobs;

/// <summary>Daily: drops the bytes of uploads read longer ago than <see cref="ServeOptions.UploadRetention"/> (their records stay).</summary>
public sealed class UploadRetentionJob
{
    /// <summary>Recurring job id.</summary>
    public const string JobId = "burden-upload-retention";

    private readonly IBurdenStore _store;
    private readonly ServeOptions _options;
    private readonly ILogger<UploadRetentionJob> _log;

    public UploadRetentionJob(IBurdenStore store, ServeOptions options, ILogger<UploadRetentionJob> log)
    {
        _store = store;
        _options = options;
        _log = log;
    }

    [JobDisplayName("Upload retention")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var released = await _store.ReleaseUploadContentAsync(_options.Time.GetUtcNow() - _options.UploadRetention, cancellationToken);
        _log.LogInformation("Upload retention: dropped the bytes of {Count} uploads", released);
    }
}
