using System.Security.Cryptography;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Hangfire;
using Burden.Worker.Hosting;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Jobs;

/// <summary>
/// Ingests one stored upload. Re-entrant: a finished upload (done or refused) is left alone, and the pipeline skips
/// content whose hash is already stored, so a second run never counts rows twice.
/// </summary>
public sealed class IngestUploadJob
{
    private readonly IBurdenStore _store;
    private readonly IngestPipeline _pipeline;
    private readonly ILogger<IngestUploadJob> _log;
    private readonly string _instance;

    public IngestUploadJob(IBurdenStore store, IngestPipeline pipeline, ILogger<IngestUploadJob> log)
        : this(store, pipeline, log, new ServeOptions())
    {
    }

    /// <summary>Runs as the instance <paramref name="options"/> names, which the upload's status then shows as <c>processed_by</c>.</summary>
    public IngestUploadJob(IBurdenStore store, IngestPipeline pipeline, ILogger<IngestUploadJob> log, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _instance = options.InstanceName;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(log);
        _store = store;
        _pipeline = pipeline;
        _log = log;
    }

    [JobDisplayName("Ingest upload {0}")]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [10, 30, 120, 600, 1800], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(long uploadId, CancellationToken cancellationToken)
    {
        var upload = await _store.GetUploadAsync(uploadId, cancellationToken);
        if (upload is null)
        {
            _log.LogWarning("Upload {UploadId} does not exist; nothing to ingest", uploadId);
            return;
        }
        if (upload.Status is UploadStatus.Done or UploadStatus.Refused)
        {
            _log.LogInformation("Upload {UploadId} ({File}) is already {Status}; nothing to do", uploadId, upload.FileName, upload.Status);
            return;
        }

        try
        {
            await _store.ClaimUploadAsync(uploadId, _instance, cancellationToken);
            var content = await _store.LoadUploadContentAsync(uploadId, cancellationToken)
                ?? throw new InvalidOperationException($"upload {uploadId} ({upload.FileName}) has no stored content");
            using var stream = new MemoryStream(content, writable: false);
            IngestOutcome outcome;
            try
            {
                outcome = await _pipeline.IngestAsync(stream, upload.FileName, upload.OrgCode, upload.Kind, cancellationToken);
            }
            catch (FileRefusedException refused)
            {
                outcome = new IngestOutcome(upload.FileName, IngestStatus.Refused, null, upload.Kind, 0, 0, IngestOptions.Cap(refused.Message, IngestOptions.Default.MaxMessageChars));
            }
            var (accepted, rejected, alreadyStored) = (outcome.Accepted, outcome.Rejected, outcome.AlreadyStored);
            if (outcome.Status == IngestStatus.Skipped)
            {
                // Nothing was counted again; the upload still shows what its content holds (and its rejects), which
                // is also what a re-run after a crash between storing and recording must show.
                var earlier = await _store.FindFileByHashAsync(Convert.ToHexStringLower(SHA256.HashData(content)), cancellationToken);
                (accepted, rejected, alreadyStored) = earlier is null ? (accepted, rejected, alreadyStored) : (earlier.Accepted, earlier.Rejected, earlier.AlreadyStored);
            }
            var status = outcome.Status == IngestStatus.Refused ? UploadStatus.Refused : UploadStatus.Done;
            // The pipeline's pointer to the CLI's rejects command means nothing here: the page and the API list them.
            var message = outcome.Message.Replace($"; reasons: burden rejects --file {upload.FileName}", "", StringComparison.Ordinal);
            message = message.StartsWith(upload.FileName, StringComparison.Ordinal) ? message : $"{upload.FileName}: {message}";
            await _store.UpdateUploadAsync(uploadId, status, accepted, rejected, message, outcome.FileId, cancellationToken, alreadyStored);
            if (outcome.Status is IngestStatus.Refused or IngestStatus.Skipped)
            {
                // The outcome is recorded; nothing of these bytes is stored or needed again (a skipped file's content is
                // already stored under its earlier upload).
                await _store.ReleaseUploadContentAsync(uploadId, cancellationToken);
            }
            _log.LogInformation("Upload {UploadId}: {Message}", uploadId, message);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The job boundary: record the reason where the page and the API show it, then rethrow so Hangfire retries
            // and the dashboard shows the failure.
            await MarkFailedAsync(uploadId, failure);
            throw;
        }
    }

    private async Task MarkFailedAsync(long uploadId, Exception failure)
    {
        try
        {
            await _store.UpdateUploadAsync(uploadId, UploadStatus.Failed, 0, 0,
                IngestOptions.Cap($"ingest failed ({failure.GetType().Name}: {failure.Message}); it is retried automatically", IngestOptions.Default.MaxMessageChars), null, CancellationToken.None);
        }
        catch (Exception storeDown)
        {
            // The store is likely the failure itself; the original exception is the one worth rethrowing.
            _log.LogWarning(storeDown, "Could not mark upload {UploadId} failed", uploadId);
        }
    }
}
