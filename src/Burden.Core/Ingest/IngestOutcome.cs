using Burden.Core.Storage;

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

/// <summary>Why a file was refused, as data: each edge words it (and adds its own hint, such as how to give an organisation code).</summary>
/// <param name="Kind">What kind of refusal.</param>
/// <param name="Reason">What was wrong with the file and what was expected, without the file name.</param>
/// <param name="MissingColumns">For <see cref="RefusalKind.MissingColumns"/>, the required columns missing (<c>org_code</c>); otherwise empty.</param>
public sealed record IngestRefusal(RefusalKind Kind, string Reason, IReadOnlyList<string> MissingColumns)
{
    /// <summary>True when the only way to accept the file is an organisation code given for the whole file.</summary>
    public bool NeedsOrgCode => MissingColumns.Contains(Columns.Name(Column.OrgCode));
}

/// <summary>The result of ingesting one file: counts and kinds; the CLI, the job, the page and the API each write their own sentence.</summary>
/// <param name="File">File name (no folder).</param>
/// <param name="Status">Stored, skipped or refused.</param>
/// <param name="FileId">The stored file's id (the earlier one when skipped); null when refused.</param>
/// <param name="Kind">What the file held; null when refused before the header was read.</param>
/// <param name="Accepted">Rows accepted, including <see cref="AlreadyStored"/> ones (for a skip, the earlier file's).</param>
/// <param name="Rejected">Rows rejected (for a skip, the earlier file's).</param>
public sealed record IngestOutcome(string File, IngestStatus Status, long? FileId, LogKind? Kind, int Accepted, int Rejected)
{
    /// <summary>Of <see cref="Accepted"/>, request rows already stored (by an earlier file or line): kept once, not counted twice.</summary>
    public int AlreadyStored { get; init; }

    /// <summary>For a replacement that was stored, what removing the replaced file took away; otherwise null.</summary>
    public FileRemoval? Replaced { get; init; }

    /// <summary>For <see cref="IngestPipeline.ReplaceAsync"/>, the stored file the upload was meant to replace (replaced only when <see cref="Replaced"/> is set); otherwise null.</summary>
    public long? ReplacingFileId { get; init; }

    /// <summary>Header cells of columns not recognised, set aside (kept out of the stored rows), in file order.</summary>
    public IReadOnlyList<string> SetAside { get; init; } = [];

    /// <summary>Rejected rows whose reasons were stored: all of them unless more than <see cref="IngestOptions.MaxStoredRejects"/> were rejected.</summary>
    public int RejectsKept { get; init; } = int.MaxValue;

    /// <summary>For <see cref="IngestStatus.Refused"/>, why; otherwise null.</summary>
    public IngestRefusal? Refusal { get; init; }

    /// <summary>For <see cref="IngestStatus.Skipped"/>, the file stored earlier with the same content; otherwise null.</summary>
    public StoredFile? Earlier { get; init; }

    /// <summary>An outcome for a refused file.</summary>
    public static IngestOutcome Refused(string file, LogKind? kind, IngestRefusal refusal) =>
        new(file, IngestStatus.Refused, null, kind, 0, 0) { Refusal = refusal };
}
