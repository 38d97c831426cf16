using System.Globalization;
using System.Security.Cryptography;
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
    /// same content, and stores nothing. The outcome's message is one line starting with the file name:
    /// <c>log.csv: accepted 240 (233 already stored, kept once), rejected 1; …</c>, <c>log.csv: skipped: …</c>,
    /// <c>log.csv: refused: …</c>.
    /// </remarks>
    /// <param name="content">The bytes; not closed. Need not be seekable.</param>
    /// <param name="fileName">Name for messages and storage (a folder part is dropped).</param>
    /// <param name="orgCode">Organisation for a log without an <c>org_code</c> column (and the default for blank cells).</param>
    /// <param name="kind">Request log or catalogue; null to recognise from the headers.</param>
    /// <param name="cancellationToken">Cancels the work; nothing is stored.</param>
    /// <param name="progress">Told the number of rows read so far, every <see cref="ProgressInterval"/> rows.</param>
    public async Task<IngestOutcome> IngestAsync(Stream content, string fileName, string? orgCode, LogKind? kind, CancellationToken cancellationToken = default, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        var org = string.IsNullOrWhiteSpace(orgCode) ? null : orgCode.Trim();
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
                (buffered, hash) = await BufferAndHashAsync(content, name, cancellationToken);
                seekable = buffered;
            }

            if (await _store.FindFileByHashAsync(hash, cancellationToken) is { } earlier)
            {
                var when = earlier.IngestedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                return new IngestOutcome(name, IngestStatus.Skipped, earlier.Id, earlier.Kind, earlier.Accepted, earlier.Rejected,
                    $"{name}: skipped: the same content was stored on {when} UTC as {earlier.Name} (file {earlier.Id}); nothing counted again")
                {
                    AlreadyStored = earlier.AlreadyStored,
                };
            }

            using var log = LogReader.Open(seekable, name, kind, org, _options);
            knownKind = log.Kind;
            var counter = new RowCounter(progress, _options.MaxStoredRejects);
            var stored = await _store.SaveFileAsync(
                new NewFile(name, hash, log.Kind, org, _time.GetUtcNow()),
                counter.Count(log.ReadRows(cancellationToken)),
                cancellationToken);
            return new IngestOutcome(name, IngestStatus.Stored, stored.Id, log.Kind, counter.Accepted, counter.Rejected,
                _options.Cap(Describe(name, counter, stored.AlreadyStored, log.UnknownColumns)))
            {
                AlreadyStored = stored.AlreadyStored,
            };
        }
        catch (FileRefusedException refused)
        {
            return new IngestOutcome(name, IngestStatus.Refused, null, knownKind, 0, 0, _options.Cap(refused.Message));
        }
        finally
        {
            if (buffered is not null)
            {
                await buffered.DisposeAsync();
            }
        }
    }

    private static string Describe(string name, RowCounter counter, int alreadyStored, IReadOnlyList<string> unknownColumns)
    {
        var line = alreadyStored > 0
            ? $"{name}: accepted {counter.Accepted} ({alreadyStored} already stored, kept once), rejected {counter.Rejected}"
            : $"{name}: accepted {counter.Accepted}, rejected {counter.Rejected}";
        if (counter.Rejected > counter.RejectsKept)
        {
            line += $" (reasons kept for the first {counter.RejectsKept:N0} rejected rows)";
        }
        if (counter.Rejected > 0)
        {
            line += $"; reasons: burden rejects --file {name}";
        }
        if (unknownColumns.Count > 0)
        {
            const int shown = 20;
            var listed = string.Join(", ", unknownColumns.Take(shown).Select(c => IngestOptions.Cap(c, 40)));
            line += $"; columns set aside: {listed}{(unknownColumns.Count > shown ? $" and {unknownColumns.Count - shown:N0} more" : "")}";
        }
        return line;
    }

    /// <summary>Copies a forward-only stream to a delete-on-close temporary file, hashing on the way and refusing it past the size limit.</summary>
    private async Task<(FileStream File, string Sha256)> BufferAndHashAsync(Stream content, string name, CancellationToken cancellationToken)
    {
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var complete = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > _options.MaxFileBytes)
                {
                    throw LogReader.TooLarge(name, _options.MaxFileBytes);
                }
                hash.AppendData(buffer, 0, read);
                await temp.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            temp.Position = 0;
            complete = true;
            return (temp, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            if (!complete)
            {
                await temp.DisposeAsync();
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
