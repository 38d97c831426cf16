using System.Security.Cryptography;
using Burden.Core.Catalogue;
using Burden.Core.Storage;

namespace Burden.Core.Ingest;

/// <summary>Reads one file and stores it whole or not at all: hash, skip if already stored, read, validate, save in one transaction.</summary>
public sealed class IngestPipeline
{
    /// <summary>How many rows pass between two progress reports.</summary>
    public const int ProgressInterval = 10_000;

    private readonly IBurdenStore _store;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a pipeline over a store.</summary>
    public IngestPipeline(IBurdenStore store, IngestOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? IngestOptions.Default;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Ingests one file. A refused file comes back as <see cref="IngestStatus.Refused"/> with the reason, never as an
    /// exception; infrastructure failures (the database) throw so a job can retry.
    /// </summary>
    /// <remarks>
    /// Accepted + rejected always equals the data rows read (blank rows are not rows). Accepted includes request rows
    /// whose request was already stored (same <see cref="Catalogue.RequestFingerprint"/>, from an earlier file or line):
    /// they are kept once and reported in <see cref="IngestOutcome.AlreadyStored"/>, so a cumulative log or a corrected
    /// file uploaded again adds only what is new. A skipped file reports the counts stored with the earlier file of the
    /// same content (and that file as <see cref="IngestOutcome.Earlier"/>), and stores nothing. The outcome holds counts
    /// and kinds only; each edge words it.
    /// </remarks>
    /// <param name="content">The bytes; not closed. Need not be seekable.</param>
    /// <param name="fileName">Name for messages and storage (a folder part is dropped).</param>
    /// <param name="orgCode">Organisation for a log without an <c>org_code</c> column (and the default for blank cells).</param>
    /// <param name="kind">Request log or catalogue; null to recognise from the headers.</param>
    /// <param name="cancellationToken">Cancels the work; nothing is stored.</param>
    /// <param name="progress">Told the number of rows read so far, every <see cref="ProgressInterval"/> rows.</param>
    public Task<IngestOutcome> IngestAsync(Stream content, string fileName, OrgCode? orgCode, LogKind? kind, CancellationToken cancellationToken = default, IProgress<long>? progress = null) =>
        IngestCoreAsync(content, fileName, orgCode, kind, null, cancellationToken, progress);

    /// <summary>
    /// Ingests a corrected file in place of the stored file <paramref name="replacedFileId"/>: the old file is removed and the
    /// new one stored in one transaction, so a refused replacement (or any failure) leaves the old file as it was.
    /// </summary>
    /// <remarks>
    /// Content identical to the file it replaces, or to another stored file, is skipped and nothing is removed. The outcome's
    /// <see cref="IngestOutcome.Replaced"/> says what was removed, and <see cref="IngestOutcome.ReplacingFileId"/> names the file
    /// it was meant to replace; a file id no longer stored is refused as <see cref="RefusalKind.NothingToReplace"/>.
    /// </remarks>
    public async Task<IngestOutcome> ReplaceAsync(long replacedFileId, Stream content, string fileName, OrgCode? orgCode, LogKind? kind, CancellationToken cancellationToken = default, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (await _store.GetFileAsync(replacedFileId, cancellationToken) is null)
        {
            var name = Path.GetFileName(fileName);
            return IngestOutcome.Refused(name, kind,
                new IngestRefusal(RefusalKind.NothingToReplace, $"there is no stored file {replacedFileId} to replace (it may have been removed already)", []))
                with { ReplacingFileId = replacedFileId };
        }
        return await IngestCoreAsync(content, fileName, orgCode, kind, replacedFileId, cancellationToken, progress);
    }

    private async Task<IngestOutcome> IngestCoreAsync(Stream content, string fileName, OrgCode? orgCode, LogKind? kind, long? replacedFileId, CancellationToken cancellationToken, IProgress<long>? progress)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        var org = orgCode;
        LogKind? knownKind = null;
        FileStream? buffered = null;
        try
        {
            string hash;
            Stream seekable;
            if (content.CanSeek)
            {
                seekable = content;
                var start = content.Position;
                if (content.Length - start > _options.MaxFileBytes)
                {
                    throw LogReader.TooLarge(name, _options.MaxFileBytes);
                }
                hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
                content.Position = start;
            }
            else
            {
                (buffered, hash) = await TempFileBuffer.CopyAsync(content, name, _options.MaxFileBytes, cancellationToken);
                seekable = buffered;
            }

            if (await _store.FindFileByHashAsync(hash, cancellationToken) is { } earlier)
            {
                return new IngestOutcome(name, IngestStatus.Skipped, earlier.Id, earlier.Kind, earlier.Accepted, earlier.Rejected)
                {
                    AlreadyStored = earlier.AlreadyStored,
                    Earlier = earlier,
                    ReplacingFileId = replacedFileId,
                };
            }

            using var log = LogReader.Open(seekable, name, kind, org, _options);
            knownKind = log.Kind;
            var counter = new RowCounter(progress, _options.MaxStoredRejects);
            var newFile = new NewFile(name, hash, log.Kind, org, _time.GetUtcNow());
            var rows = counter.Count(log.ReadRows(cancellationToken));
            FileRemoval? replaced = null;
            StoredFile stored;
            if (replacedFileId is { } replace)
            {
                (replaced, stored) = await _store.ReplaceFileAsync(replace, newFile, rows, cancellationToken);
            }
            else
            {
                stored = await _store.SaveFileAsync(newFile, rows, cancellationToken);
            }
            return new IngestOutcome(name, IngestStatus.Stored, stored.Id, log.Kind, counter.Accepted, counter.Rejected)
            {
                AlreadyStored = stored.AlreadyStored,
                SetAside = log.UnknownColumns,
                RejectsKept = counter.RejectsKept,
                Replaced = replaced,
                ReplacingFileId = replacedFileId,
            };
        }
        catch (FileRefusedException refused)
        {
            return IngestOutcome.Refused(name, knownKind, refused.ToRefusal()) with { ReplacingFileId = replacedFileId };
        }
        finally
        {
            if (buffered is not null)
            {
                await buffered.DisposeAsync();
            }
        }
    }


    /// <summary>Counts rows as the store pulls them, so the outcome's counts are exactly what was read.</summary>
    private sealed class RowCounter(IProgress<long>? progress, int maxStoredRejects)
    {
        public int Accepted { get; private set; }

        public int Rejected { get; private set; }

        /// <summary>Rejected rows whose reasons are stored: at most the limit, so a file of bad rows cannot fill the store.</summary>
        public int RejectsKept => Math.Min(Rejected, maxStoredRejects);

        public IEnumerable<ParsedRow> Count(IEnumerable<ParsedRow> rows)
        {
            foreach (var row in rows)
            {
                if (row.Accepted)
                {
                    Accepted++;
                }
                else
                {
                    Rejected++;
                }
                if (progress is not null && (Accepted + Rejected) % ProgressInterval == 0)
                {
                    progress.Report(Accepted + Rejected);
                }
                yield return !row.Accepted && Rejected > maxStoredRejects ? row with { KeepIssues = false } : row;
            }
        }
    }
}
