namespace Burden.Core.Ingest;

/// <summary>What happened to one file.</summary>
public enum IngestStatus
{
    /// <summary>Read and stored: every row accepted or rejected.</summary>
    Stored,
    /// <summary>The same content (SHA-256) was stored before; nothing was counted again.</summary>
    Skipped,
    /// <summary>Refused whole; nothing stored.</summary>
    Refused,
}

/// <summary>The result of ingesting one file.</summary>
/// <param name="File">File name (no folder).</param>
/// <param name="Status">Stored, skipped or refused.</param>
/// <param name="FileId">The stored file's id (the earlier one when skipped); null when refused.</param>
/// <param name="Kind">What the file held; null when refused before the header was read.</param>
/// <param name="Accepted">Rows accepted, including <see cref="AlreadyStored"/> ones.</param>
/// <param name="Rejected">Rows rejected.</param>
/// <param name="Message">One line for the user.</param>
public sealed record IngestOutcome(string File, IngestStatus Status, long? FileId, LogKind? Kind, int Accepted, int Rejected, string Message)
{
    /// <summary>Of <see cref="Accepted"/>, request rows already stored (by an earlier file or line): kept once, not counted twice.</summary>
    public int AlreadyStored { get; init; }

    /// <summary>For a replacement that was stored, what removing the replaced file took away; otherwise null.</summary>
    public Storage.FileRemoval? Replaced { get; init; }
}
