namespace Burden.Core.Ingest;

/// <summary>Limits and defaults for reading files.</summary>
public sealed record IngestOptions
{
    /// <summary>Largest file accepted, in bytes (default 256 MiB).</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest total uncompressed size of an XLSX's parts, in bytes (default 1 GiB).</summary>
    public long MaxUncompressedBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Largest uncompressed/compressed ratio of any XLSX part (default 200); zip bombs run to thousands.</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Default settings.</summary>
    public static IngestOptions Default { get; } = new();
}
