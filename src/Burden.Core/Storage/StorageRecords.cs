using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;

namespace Burden.Core.Storage;

/// <summary>A file about to be stored.</summary>
/// <param name="Name">File name, no folder.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="Kind">Request log or catalogue.</param>
/// <param name="OrgCode">Organisation it was ingested for, if given.</param>
/// <param name="IngestedAt">When.</param>
public sealed record NewFile(string Name, string Sha256, LogKind Kind, OrgCode? OrgCode, DateTimeOffset IngestedAt);

/// <summary>A stored file and its counts.</summary>
/// <param name="Id">Database id.</param>
/// <param name="Name">File name.</param>
/// <param name="Sha256">Content hash.</param>
/// <param name="Kind">Request log or catalogue.</param>
/// <param name="OrgCode">Organisation it was ingested for, if given.</param>
/// <param name="RowsRead">Data rows read; always <paramref name="Accepted"/> + <paramref name="Rejected"/>.</param>
/// <param name="Accepted">Rows accepted as valid, including <see cref="AlreadyStored"/> ones.</param>
/// <param name="Rejected">Rows rejected.</param>
/// <param name="IngestedAt">When.</param>
public sealed record StoredFile(long Id, string Name, string Sha256, LogKind Kind, OrgCode? OrgCode, int RowsRead, int Accepted, int Rejected, DateTimeOffset IngestedAt)
{
    /// <summary>Accepted request rows whose request (same <see cref="Catalogue.RequestFingerprint"/>) was already stored, by an earlier file or an earlier line: kept once, not stored again.</summary>
    public int AlreadyStored { get; init; }

    /// <summary>The later file of the same name for the same organisation that superseded this one (its rejects are then history), or null.</summary>
    public long? SupersededBy { get; init; }
}

/// <summary>A stored reason a row was rejected.</summary>
/// <param name="FileId">Stored file id.</param>
/// <param name="Issue">Where and why.</param>
public sealed record StoredReject(long FileId, IngestIssue Issue);

/// <summary>Which requests to load.</summary>
/// <param name="Period">Received within this period; null for all.</param>
/// <param name="OrgCode">For this organisation; null for all.</param>
public sealed record RequestQuery(ReportingPeriod? Period, OrgCode? OrgCode);

/// <summary>A report workbook written and kept.</summary>
/// <param name="Name">File name, unique (<c>burden-QMM-2022-11.xlsx</c>).</param>
/// <param name="Period">Period label, or null.</param>
/// <param name="OrgCode">Organisation, or null for all.</param>
/// <param name="Path">Where it is on disk.</param>
/// <param name="CreatedAt">When.</param>
public sealed record ReportRecord(string Name, string? Period, OrgCode? OrgCode, string Path, DateTimeOffset CreatedAt);

/// <summary>Where an upload is in its life.</summary>
public enum UploadStatus
{
    /// <summary>Received, waiting for the ingest job.</summary>
    Queued,
    /// <summary>The ingest job is reading it.</summary>
    Processing,
    /// <summary>Stored (or skipped as already stored).</summary>
    Done,
    /// <summary>Refused whole; nothing stored.</summary>
    Refused,
    /// <summary>Failed for a reason other than the file (database down); retried by the job.</summary>
    Failed,
    /// <summary>The same content was stored before (by <see cref="UploadRecord.EarlierUploadId"/>): nothing stored, nothing counted.</summary>
    Skipped,
    /// <summary>Its file was removed (or replaced): its requests, rejects and counts are no longer stored.</summary>
    Removed,
}

/// <summary>An upload received from the page, the API or the inbox.</summary>
/// <param name="FileName">Name as sent (never used as a path).</param>
/// <param name="OrgCode">Organisation it is for.</param>
/// <param name="Kind">Request log or catalogue, or null to recognise from the headers.</param>
/// <param name="Content">The bytes.</param>
/// <param name="Source"><c>page</c>, <c>api</c> or <c>inbox</c>.</param>
/// <param name="ReceivedAt">When.</param>
public sealed record NewUpload(string FileName, OrgCode? OrgCode, LogKind? Kind, byte[] Content, string Source, DateTimeOffset ReceivedAt)
{
    /// <summary>The upload whose stored file this one replaces once it is stored (nothing is removed if it is refused), or null.</summary>
    public long? ReplacesUploadId { get; init; }
}

/// <summary>An upload and its state.</summary>
/// <param name="Id">Upload id.</param>
/// <param name="FileName">Name as sent.</param>
/// <param name="OrgCode">Organisation.</param>
/// <param name="Kind">Kind, or null to recognise.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Accepted">Rows accepted.</param>
/// <param name="Rejected">Rows rejected.</param>
/// <param name="Message">Outcome line or failure reason.</param>
/// <param name="FileId">Stored file id once ingested.</param>
/// <param name="ReceivedAt">When received.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record UploadRecord(long Id, string FileName, OrgCode? OrgCode, LogKind? Kind, string Source, UploadStatus Status, int Accepted, int Rejected, string? Message, long? FileId, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Of <see cref="Accepted"/>, rows whose request was already stored (kept once).</summary>
    public int AlreadyStored { get; init; }

    /// <summary>For a skipped upload, the earlier upload that stored the same content (null when that was not an upload, such as <c>burden ingest</c>).</summary>
    public long? EarlierUploadId { get; init; }

    /// <summary>The instance that last began processing it (<c>burden serve --instance</c>); null until one has.</summary>
    public string? ProcessedBy { get; init; }

    /// <summary>The upload whose file this one replaces, or null.</summary>
    public long? ReplacesUploadId { get; init; }

    /// <summary>When the upload reached a final state (done, skipped, refused, removed), or null while it is still waiting or being read.</summary>
    public DateTimeOffset? FinishedAt => Status is UploadStatus.Queued or UploadStatus.Processing or UploadStatus.Failed ? null : UpdatedAt;
}

/// <summary>What removing a stored file took away.</summary>
/// <param name="File">The file as it was stored.</param>
/// <param name="RequestsRemoved">Requests no other stored file holds: no longer stored.</param>
/// <param name="RequestsKept">Requests another stored file also holds: kept once, now under that file.</param>
/// <param name="CatalogueRowsRemoved">Catalogue rows removed.</param>
/// <param name="RejectsRemoved">Reject reasons removed.</param>
/// <param name="UploadsMarkedRemoved">Uploads whose file this was, now marked removed.</param>
public sealed record FileRemoval(StoredFile File, int RequestsRemoved, int RequestsKept, int CatalogueRowsRemoved, int RejectsRemoved, int UploadsMarkedRemoved);

/// <summary>What a recorded job does.</summary>
public enum JobKind
{
    /// <summary>One report on demand (period, optional organisation).</summary>
    Report,
    /// <summary>One named baseline on demand.</summary>
    Baseline,
    /// <summary>The monthly run: a workbook per organisation and one across all; its workbooks are recorded as parts.</summary>
    Monthly,
}

/// <summary>Where a recorded job stands.</summary>
public enum JobStatus
{
    /// <summary>Accepted and not finished: enqueued again at start-up.</summary>
    Queued,
    /// <summary>Finished.</summary>
    Done,
    /// <summary>Given up; the message says why.</summary>
    Failed,
}

/// <summary>A job to record before it is enqueued.</summary>
/// <param name="Kind">Report, baseline or monthly run.</param>
/// <param name="Period">Reporting period label (<c>2022-11</c>, <c>2025/26</c>), or null.</param>
/// <param name="OrgCode">Organisation, or null for all.</param>
/// <param name="Name">The baseline's name, or null.</param>
/// <param name="CreatedAt">When it was accepted.</param>
public sealed record NewJob(JobKind Kind, string? Period, string? OrgCode, string? Name, DateTimeOffset CreatedAt);

/// <summary>A recorded job.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Kind">Report, baseline or monthly run.</param>
/// <param name="Period">Reporting period label, or null.</param>
/// <param name="OrgCode">Organisation, or null for all.</param>
/// <param name="Name">The baseline's name, or null.</param>
/// <param name="Status">Queued, done or failed.</param>
/// <param name="Message">Why it failed, or null.</param>
/// <param name="CreatedAt">When it was accepted.</param>
public sealed record JobRecord(long Id, JobKind Kind, string? Period, string? OrgCode, string? Name, JobStatus Status, string? Message, DateTimeOffset CreatedAt);
