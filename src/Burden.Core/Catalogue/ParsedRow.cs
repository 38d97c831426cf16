namespace Burden.Core.Catalogue;

/// <summary>One data row of a file: accepted as a request or catalogue entry, or rejected with its issues.</summary>
/// <remarks>Exactly one of <see cref="Request"/>, <see cref="Catalogue"/> or a non-empty <see cref="Issues"/> is set.</remarks>
public sealed record ParsedRow
{
    /// <summary>Line where the row starts (1 is the header line).</summary>
    public required int Line { get; init; }

    /// <summary>The accepted request, for a request log.</summary>
    public RequestRecord? Request { get; init; }

    /// <summary>The accepted catalogue entry, for a catalogue.</summary>
    public CatalogueEntry? Catalogue { get; init; }

    /// <summary>Why the row was rejected; empty when accepted.</summary>
    public IReadOnlyList<IngestIssue> Issues { get; init; } = [];

    /// <summary>False for a rejected row past the limit of stored rejects (the ingest options' <c>MaxStoredRejects</c>): counted as rejected, its reasons not stored.</summary>
    public bool KeepIssues { get; init; } = true;

    /// <summary>True when the row was accepted.</summary>
    public bool Accepted => Issues.Count == 0;
}
