using Burden.Core.Storage;

namespace Burden.Core.Ingest;

/// <summary>Reads one file and stores it whole or not at all: hash, skip if already stored, read, validate, save in one transaction.</summary>
public sealed class IngestPipeline
{
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
    /// <param name="content">The bytes; not closed. Need not be seekable.</param>
    /// <param name="fileName">Name for messages and storage (a folder part is dropped).</param>
    /// <param name="orgCode">Organisation for a log without an <c>org_code</c> column (and the default for blank cells).</param>
    /// <param name="kind">Request log or catalogue; null to recognise from the headers.</param>
    /// <param name="cancellationToken">Cancels the work; nothing is stored.</param>
    public Task<IngestOutcome> IngestAsync(Stream content, string fileName, string? orgCode, LogKind? kind, CancellationToken cancellationToken = default)
    {
        _ = (_store, _options, _time, content, fileName, orgCode, kind, cancellationToken);
        throw new NotImplementedException("ingest pipeline: foundation helper");
    }
}
