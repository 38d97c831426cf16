using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Worker.Cli;
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
        if (upload.Status is UploadStatus.Done or UploadStatus.Refused or UploadStatus.Skipped or UploadStatus.Removed)
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
                outcome = upload.ReplacesUploadId is { } replaces
                    ? await ReplaceAsync(upload, replaces, stream, cancellationToken)
                    : await _pipeline.IngestAsync(stream, upload.FileName, upload.OrgCode, upload.Kind, cancellationToken);
            }
            catch (FileRefusedException refused)
            {
                outcome = IngestOutcome.Refused(upload.FileName, upload.Kind, refused.ToRefusal());
            }
            var message = IngestWording.Upload.Line(outcome, upload.FileName);
            if (outcome.Status == IngestStatus.Skipped && outcome.Earlier is { } file)
            {
                // The pipeline's outcome already holds the earlier file: no second hash or look-up of it.
                var holders = (await _store.FindUploadsOfFileAsync(file.Id, cancellationToken)).Where(u => u.Id != uploadId).ToList();
                if (holders.Count == 0 && file.IngestedAt >= upload.ReceivedAt)
                {
                    // No other upload stored it and it was stored after this upload arrived: this upload's own earlier run
                    // stored it and died before recording so. It is done, with what it stored.
                    var own = IngestWording.Upload.Line(
                        new IngestOutcome(upload.FileName, IngestStatus.Stored, file.Id, file.Kind, file.Accepted, file.Rejected) { AlreadyStored = file.AlreadyStored },
                        upload.FileName);
                    await _store.UpdateUploadAsync(uploadId, UploadStatus.Done, file.Accepted, file.Rejected, own, file.Id, cancellationToken, file.AlreadyStored);
                    _log.LogInformation("Upload {UploadId}: {Message}", uploadId, own);
                    return;
                }
                var earlierUpload = holders.FirstOrDefault(u => u.Status == UploadStatus.Done) ?? holders.FirstOrDefault();
                // Nothing of this upload was stored or counted: it says so, and names the upload that stored the content.
                message = earlierUpload is null
                    ? message
                    : $"{upload.FileName}: skipped: the same content was stored by upload {earlierUpload.Id} ({earlierUpload.FileName}, received {earlierUpload.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC); nothing stored or counted again";
                await _store.UpdateUploadAsync(uploadId, UploadStatus.Skipped, 0, 0, message, null, cancellationToken, 0, earlierUpload?.Id);
                // Nothing of these bytes is needed again: the same content is stored under the earlier upload.
                await _store.ReleaseUploadContentAsync(uploadId, cancellationToken);
                _log.LogInformation("Upload {UploadId}: {Message}", uploadId, message);
                return;
            }
            var status = outcome.Status == IngestStatus.Refused ? UploadStatus.Refused : UploadStatus.Done;
            await _store.UpdateUploadAsync(uploadId, status, outcome.Accepted, outcome.Rejected, message, outcome.FileId, cancellationToken, outcome.AlreadyStored);
            if (outcome.Status is IngestStatus.Refused or IngestStatus.Skipped)
            {
                // The outcome is recorded; nothing of these bytes is stored or needed again.
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

    /// <summary>Stores the upload in place of the file of upload <paramref name="replacesUploadId"/>; refused when that upload holds no stored file.</summary>
    private async Task<IngestOutcome> ReplaceAsync(UploadRecord upload, long replacesUploadId, Stream stream, CancellationToken cancellationToken)
    {
        var replaced = await _store.GetUploadAsync(replacesUploadId, cancellationToken);
        if (replaced?.Status == UploadStatus.Removed)
        {
            // Already replaced: by this upload's own earlier run (which then finds its content stored), or removed since.
            return await _pipeline.IngestAsync(stream, upload.FileName, upload.OrgCode, upload.Kind, cancellationToken);
        }
        if (replaced?.FileId is not { } fileId)
        {
            var why = replaced is null ? "does not exist" : $"has no stored file (it is {ApiStatus(replaced.Status)})";
            return IngestOutcome.Refused(upload.FileName, upload.Kind,
                new IngestRefusal(RefusalKind.NothingToReplace, $"upload {replacesUploadId}, which it was to replace, {why}", []));
        }
        return await _pipeline.ReplaceAsync(fileId, stream, upload.FileName, upload.OrgCode, upload.Kind, cancellationToken);
    }

    private static string ApiStatus(UploadStatus status) => status.ToString().ToLowerInvariant();

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
