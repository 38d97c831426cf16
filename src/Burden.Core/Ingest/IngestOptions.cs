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

    /// <summary>Most columns a header row may have (default 1,000); a wider file is refused.</summary>
    public int MaxColumns { get; init; } = 1_000;

    /// <summary>Longest cell, in characters (default 32,767, Excel's own limit); a row with a longer cell is rejected, naming line and column.</summary>
    public int MaxCellChars { get; init; } = 32_767;

    /// <summary>Rejected rows per file whose reasons are stored in full (default 100); later rejected rows are counted only.</summary>
    public int MaxStoredRejects { get; init; } = 100;

    /// <summary>Longest stored message or rejected value, in characters (default 2,000); longer ones are cut with an ellipsis.</summary>
    public int MaxMessageChars { get; init; } = 2_000;

    /// <summary><paramref name="text"/> cut to <see cref="MaxMessageChars"/> with an ellipsis that says how much was left out.</summary>
    public string Cap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cap(text, MaxMessageChars);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="limit"/> characters, ending "… (N more characters)".</summary>
    public static string Cap(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= limit)
        {
            return text;
        }
        var suffix = $"… ({text.Length - limit:N0} more characters)";
        return text[..Math.Max(0, limit - suffix.Length)] + suffix;
    }

    /// <summary>Default settings.</summary>
    public static IngestOptions Default { get; } = new();
}
