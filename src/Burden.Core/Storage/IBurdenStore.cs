using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Ingest;

namespace Burden.Core.Storage;

/// <summary>Everything HewittBurden keeps, in the domain's words. One Dapper implementation serves SQLite and SQL Server.</summary>
/// <remarks>It keeps the embedding cache too (<see cref="Meaning.IEmbeddingCache"/>, schema version 4), so vectors live beside the data they describe.</remarks>
public interface IBurdenStore : Meaning.IEmbeddingCache
{
    /// <summary>Creates or upgrades the schema (numbered scripts, recorded in a schema-version table). Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The stored file with this content hash, or null.</summary>
    Task<StoredFile?> FindFileByHashAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a file's accepted rows and rejects in one transaction, streaming <paramref name="rows"/>.
    /// If anything throws part-way (including the enumeration of <paramref name="rows"/>) nothing of the file is stored.
    /// </summary>
    /// <remarks>
    /// A request whose <see cref="Catalogue.RequestFingerprint"/> is already stored (from an earlier file, or an earlier
    /// line of this one) is accepted but not stored again; it is counted in <see cref="StoredFile.AlreadyStored"/>.
    /// </remarks>
    /// <exception cref="Common.BurdenException">A file with the same hash is already stored.</exception>
    Task<StoredFile> SaveFileAsync(NewFile file, IEnumerable<ParsedRow> rows, CancellationToken cancellationToken = default);

    /// <summary>All stored files, oldest first.</summary>
    Task<IReadOnlyList<StoredFile>> ListFilesAsync(CancellationToken cancellationToken = default);

    /// <summary>Stored rejects, optionally for files of one name, by file then line.</summary>
    Task<IReadOnlyList<StoredReject>> LoadRejectsAsync(string? fileName = null, CancellationToken cancellationToken = default);

    /// <summary>Stored requests matching the query, by received date then file then line.</summary>
    Task<IReadOnlyList<RequestRecord>> LoadRequestsAsync(RequestQuery query, CancellationToken cancellationToken = default);

    /// <summary>The catalogue: for each collection reference, the row from the most recently stored file.</summary>
    Task<IReadOnlyList<CatalogueEntry>> LoadCatalogueAsync(CancellationToken cancellationToken = default);

    /// <summary>Organisation codes with requests in the period (all periods when null), sorted.</summary>
    Task<IReadOnlyList<OrgCode>> ListOrganisationsAsync(Common.ReportingPeriod? period, CancellationToken cancellationToken = default);

    /// <summary>Stores a baseline.</summary>
    /// <exception cref="Common.BurdenException">A baseline of that name exists.</exception>
    Task SaveBaselineAsync(BaselineSnapshot baseline, CancellationToken cancellationToken = default);

    /// <summary>The named baseline, or null.</summary>
    Task<BaselineSnapshot?> LoadBaselineAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>All baselines without their collections, oldest first.</summary>
    Task<IReadOnlyList<BaselineSnapshot>> ListBaselinesAsync(CancellationToken cancellationToken = default);

    /// <summary>Records a written report (replacing one of the same name).</summary>
    Task SaveReportAsync(ReportRecord report, CancellationToken cancellationToken = default);

    /// <summary>Reports written, newest first.</summary>
    Task<IReadOnlyList<ReportRecord>> ListReportsAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores an upload with its bytes, status queued; returns its id.</summary>
    Task<long> CreateUploadAsync(NewUpload upload, CancellationToken cancellationToken = default);

    /// <summary>The upload's state, or null.</summary>
    Task<UploadRecord?> GetUploadAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The upload's bytes, or null.</summary>
    Task<byte[]?> LoadUploadContentAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Sets an upload's state; <paramref name="alreadyStored"/> is the part of <paramref name="accepted"/> already stored (kept once).</summary>
    /// <remarks><paramref name="earlierUploadId"/> is, for a skipped upload, the upload that stored the same content first.</remarks>
    Task UpdateUploadAsync(long id, UploadStatus status, int accepted, int rejected, string? message, long? fileId, CancellationToken cancellationToken = default, int alreadyStored = 0, long? earlierUploadId = null);

    /// <summary>Uploads in any of the given states, oldest first.</summary>
    Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(IReadOnlyCollection<UploadStatus> statuses, CancellationToken cancellationToken = default);

    /// <summary>Appends reviewers' decisions in one transaction; returns how many were stored. Decisions are never changed or removed.</summary>
    Task<int> SaveReviewDecisionsAsync(IReadOnlyList<Review.NewReviewDecision> decisions, CancellationToken cancellationToken = default);

    /// <summary>Stored decisions, oldest first; only those made on analyses of <paramref name="orgCode"/> when it is given.</summary>
    Task<IReadOnlyList<Review.StoredReviewDecision>> LoadReviewDecisionsAsync(OrgCode? orgCode = null, CancellationToken cancellationToken = default);
    /// <summary>Marks an upload processing by <paramref name="processedBy"/> (the instance that took its job), clearing earlier counts and message.</summary>
    /// <exception cref="Common.BurdenException">There is no such upload.</exception>
    Task ClaimUploadAsync(long id, string processedBy, CancellationToken cancellationToken = default);

    /// <summary>The stored file with this id, or null.</summary>
    Task<StoredFile?> GetFileAsync(long fileId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a stored file with every request, catalogue row, reject and count it brought, in one transaction; its uploads
    /// are marked <see cref="UploadStatus.Removed"/>. Baselines and reports already written are not touched.
    /// </summary>
    /// <remarks>
    /// A request another stored file also holds (row-level idempotence kept it once, under this file) is kept and passes to
    /// that file, with that file's line, so what remains is what storing only the other files would have stored.
    /// </remarks>
    /// <exception cref="Common.BurdenException">There is no such file.</exception>
    Task<FileRemoval> RemoveFileAsync(long fileId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes <paramref name="replacedFileId"/> (as <see cref="RemoveFileAsync"/>) and stores <paramref name="file"/> in its
    /// place, in one transaction: if anything throws (the new file refused part-way included) the old file stays as it was.
    /// </summary>
    /// <exception cref="Common.BurdenException">There is no such file, or the new content is already stored.</exception>
    Task<(FileRemoval Removed, StoredFile Stored)> ReplaceFileAsync(long replacedFileId, NewFile file, IEnumerable<ParsedRow> rows, CancellationToken cancellationToken = default);

    /// <summary>Stored rejects, optionally for files of one name; those of superseded files only when <paramref name="includeSuperseded"/>.</summary>
    Task<IReadOnlyList<StoredReject>> LoadRejectsAsync(string? fileName, bool includeSuperseded, CancellationToken cancellationToken = default);

    /// <summary>The rejects of one stored file, by line.</summary>
    Task<IReadOnlyList<StoredReject>> LoadFileRejectsAsync(long fileId, CancellationToken cancellationToken = default);

    /// <summary>One page of uploads, newest first, optionally of one organisation.</summary>
    Task<IReadOnlyList<UploadRecord>> ListUploadPageAsync(OrgCode? orgCode, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Uploads whose stored file is <paramref name="fileId"/>, oldest first.</summary>
    Task<IReadOnlyList<UploadRecord>> FindUploadsOfFileAsync(long fileId, CancellationToken cancellationToken = default);

    /// <summary>Drops a finished upload's bytes (its record, counts and message stay).</summary>
    Task ReleaseUploadContentAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Drops the bytes of uploads done before <paramref name="finishedBefore"/>; returns how many were released.</summary>
    Task<int> ReleaseUploadContentAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default);

    /// <summary>Records a job, status queued, before it is enqueued; returns its id.</summary>
    Task<long> CreateJobAsync(NewJob job, CancellationToken cancellationToken = default);

    /// <summary>The recorded job, or null.</summary>
    Task<JobRecord?> GetJobAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Sets a job done or failed.</summary>
    Task FinishJobAsync(long id, JobStatus status, string? message, CancellationToken cancellationToken = default);

    /// <summary>Jobs still queued, oldest first: what a restart must run.</summary>
    Task<IReadOnlyList<JobRecord>> ListUnfinishedJobsAsync(CancellationToken cancellationToken = default);

    /// <summary>Records the parts a job owes (a monthly run's workbooks), in one transaction; parts already recorded are kept as they are.</summary>
    Task AddJobPartsAsync(long jobId, IReadOnlyList<string> parts, CancellationToken cancellationToken = default);

    /// <summary>The job's parts not yet done, sorted by part.</summary>
    Task<IReadOnlyList<string>> ListOwedJobPartsAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Marks one part of a job done.</summary>
    Task MarkJobPartDoneAsync(long jobId, string part, CancellationToken cancellationToken = default);
}
