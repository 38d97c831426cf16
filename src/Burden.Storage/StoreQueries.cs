using System.Collections.Concurrent;
using Burden.Core.Storage;

namespace Burden.Storage;

/// <summary>Every query text the store runs, built once per provider and cached (as Hangfire.SqlServer caches its text per schema).</summary>
/// <remarks>Keys are <c>StoreMethod.Purpose</c>, so tests can enumerate the texts and check each store method has its queries.</remarks>
internal sealed partial class StoreQueries
{
    private static readonly ConcurrentDictionary<string, StoreQueries> Cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _all = new(StringComparer.Ordinal);

    /// <summary>Columns of <c>files</c> written on insert.</summary>
    public static readonly string[] FileColumns = ["name", "sha256", "kind", "org_code", "rows_read", "accepted", "rejected", "ingested_at"];

    /// <summary>Columns of <c>requests</c>, in bulk-insert order (from <see cref="StoredColumns.Requests"/>).</summary>
    public static readonly string[] RequestColumns = StoredColumns.Names(StoredColumns.Requests);

    /// <summary>Columns of <c>catalogue_entries</c>, in bulk-insert order (from <see cref="StoredColumns.Catalogue"/>).</summary>
    public static readonly string[] CatalogueColumns = StoredColumns.Names(StoredColumns.Catalogue);

    /// <summary>Columns of <c>rejects</c>, in bulk-insert order (from <see cref="StoredColumns.Rejects"/>).</summary>
    public static readonly string[] RejectColumns = StoredColumns.Names(StoredColumns.Rejects);

    private static readonly string[] BaselineColumns = ["name", "period", "org_code", "created_at"];

    private static readonly string[] BaselineCollectionColumns =
        ["baseline_id", "position", "collection_id", "title", "requester", "frequency", "item_keys", "respondents",
         "submissions_per_year", "hours_per_year", "cost_gbp_per_year", "output_only", "automatable"];

    private static readonly string[] ReportColumns = ["name", "period", "org_code", "path", "created_at"];

    private static readonly string[] ReviewDecisionColumns =
        ["subject", "collection_a", "collection_b", "action", "decision", "items_a", "items_b", "org_code", "period", "decided_by", "decided_at", "note"];

    private static readonly string[] UploadColumns =
        ["file_name", "org_code", "kind", "source", "status", "accepted", "rejected", "content", "received_at", "updated_at"];

    /// <summary>The queries for <paramref name="provider"/>, built on first use.</summary>
    public static StoreQueries For(StorageProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Cache.GetOrAdd(provider.Name, _ => new StoreQueries(provider));
    }

    private StoreQueries(StorageProvider d)
    {
        var files = d.Table("files");
        var requests = d.Table("requests");
        var catalogue = d.Table("catalogue_entries");
        var rejects = d.Table("rejects");
        var baselines = d.Table("baselines");
        var baselineCollections = d.Table("baseline_collections");
        var reports = d.Table("reports");
        var uploads = d.Table("uploads");
        var schemaVersion = d.Table("schema_version");
        var reviewDecisions = d.Table("review_decisions");

        const string fileSelect =
            "f.id AS Id, f.name AS Name, f.sha256 AS Sha256, f.kind AS Kind, f.org_code AS OrgCode, f.rows_read AS RowsRead, " +
            "f.accepted AS Accepted, f.rejected AS Rejected, f.already_stored AS AlreadyStored, f.ingested_at AS IngestedAt, f.superseded_by AS SupersededBy";

        EnsureSchemaVersionTable = Add("MigrateAsync.EnsureSchemaVersionTable", d.EnsureSchemaVersionTable);
        MigrationLock = d.MigrationLock is { } migrationLock ? Add("MigrateAsync.Lock", migrationLock) : null;
        AppliedVersions = Add("MigrateAsync.AppliedVersions", $"SELECT version FROM {schemaVersion}");
        RecordVersion = Add("MigrateAsync.RecordVersion",
            $"INSERT INTO {schemaVersion} (version, script, applied_at) VALUES (@version, @script, @applied_at)");
        // Backfill for version 2: requests stored before it get their fingerprints in C#; a later copy of a request is removed and counted as already stored.
        UnfingerprintedRequests = Add("MigrateAsync.UnfingerprintedRequests", d.SelectFirst(BackfillPage,
            "r.id AS Id, r.file_id AS FileId, r.org_code AS OrgCode, r.received_date AS ReceivedDate, r.requester AS Requester, r.title AS Title, " +
            $"r.frequency AS Frequency, r.data_items AS DataItems, r.collection_ref AS CollectionRef FROM {requests} r " +
            "WHERE r.fingerprint IS NULL AND r.id > @after ORDER BY r.id"));
        SetFingerprint = Add("MigrateAsync.SetFingerprint",
            $"UPDATE {requests} SET fingerprint = @fingerprint WHERE id = @id AND NOT EXISTS (SELECT 1 FROM {requests} o WHERE o.received_date = @received_date AND o.org_code = @org_code AND o.fingerprint = @fingerprint)");
        DropDuplicateRequest = Add("MigrateAsync.DropDuplicateRequest", $"DELETE FROM {requests} WHERE id = @id");
        CountDuplicate = Add("MigrateAsync.CountDuplicate", $"UPDATE {files} SET already_stored = already_stored + 1 WHERE id = @file_id");
        // Step after version 3, for tables a later script made before it ran: every code once more upper case (idempotent).
        UpperCaseJobOrgCodes = Add("MigrateAsync.UpperCaseJobOrgCodes",
            $"UPDATE {d.Table("jobs")} SET org_code = UPPER(LTRIM(RTRIM(org_code))) WHERE org_code IS NOT NULL");
        UpperCaseCopyOrgCodes = Add("MigrateAsync.UpperCaseCopyOrgCodes",
            $"UPDATE {d.Table("request_copies")} SET org_code = UPPER(LTRIM(RTRIM(org_code)))");

        FindFileByHash = Add("FindFileByHashAsync.Select", d.SelectFirst(1, $"{fileSelect} FROM {files} f WHERE f.sha256 = @sha256"));

        InsertFile = Add("SaveFileAsync.InsertFile", d.InsertReturningId(files, FileColumns));
        // SQLite prepares these once per file; SQL Server bulk-copies the same columns instead.
        InsertRequest = Add("SaveFileAsync.InsertRequest", d.InsertUnlessFingerprintStored(requests, RequestColumns));
        CreateRequestStaging = d.CreateRequestStaging(requests) is { } staging ? Add("SaveFileAsync.CreateRequestStaging", staging) : null;
        MoveStagedRequests = d.MoveStagedRequests(requests, RequestColumns) is { } move ? Add("SaveFileAsync.MoveStagedRequests", move) : null;
        InsertCatalogue = Add("SaveFileAsync.InsertCatalogue", PlainInsert(catalogue, CatalogueColumns));
        InsertReject = Add("SaveFileAsync.InsertReject", PlainInsert(rejects, RejectColumns));
        UpdateFileCounts = Add("SaveFileAsync.UpdateCounts",
            $"UPDATE {files} SET rows_read = @rows_read, accepted = @accepted, rejected = @rejected, already_stored = @already_stored WHERE id = @id");

        ListFiles = Add("ListFilesAsync.Select", $"SELECT {fileSelect} FROM {files} f ORDER BY f.id");

        const string rejectSelect =
            "SELECT r.file_id AS FileId, f.name AS FileName, r.line AS Line, r.column_name AS ColumnName, r.value_text AS ValueText, r.message AS Message";
        LoadRejectsAll = Add("LoadRejectsAsync.All",
            $"{rejectSelect} FROM {rejects} r JOIN {files} f ON f.id = r.file_id ORDER BY r.file_id, r.line, r.id");
        LoadRejectsByFile = Add("LoadRejectsAsync.ByFile",
            $"{rejectSelect} FROM {rejects} r JOIN {files} f ON f.id = r.file_id WHERE f.name = @file_name ORDER BY r.file_id, r.line, r.id");

        var requestSelect = $"SELECT {StoredColumns.RequestSelectList("r")}, f.name AS SourceFile FROM {requests} r JOIN {files} f ON f.id = r.file_id";
        const string requestOrder = " ORDER BY r.received_date, r.file_id, r.line";
        const string inPeriod = "r.received_date >= @period_start AND r.received_date < @period_end";
        LoadRequestsAll = Add("LoadRequestsAsync.All", requestSelect + requestOrder);
        LoadRequestsByPeriod = Add("LoadRequestsAsync.ByPeriod", $"{requestSelect} WHERE {inPeriod}{requestOrder}");
        LoadRequestsByOrg = Add("LoadRequestsAsync.ByOrg", $"{requestSelect} WHERE r.org_code = @org_code{requestOrder}");
        LoadRequestsByPeriodAndOrg = Add("LoadRequestsAsync.ByPeriodAndOrg",
            $"{requestSelect} WHERE {inPeriod} AND r.org_code = @org_code{requestOrder}");

        // The most recently stored file wins for each reference; within one file, the last line.
        LoadCatalogue = Add("LoadCatalogueAsync.Latest",
            "SELECT x.CollectionRef, x.Title, x.Requester, x.Frequency, x.DataItems, x.Respondents, x.HoursPerSubmission, x.Purpose, x.Consumer, " +
            "x.Publication, x.ApprovalRef, x.ApprovalExpiry, x.AutomatedSource, x.LastUsed, x.SourceFile, x.SourceLine FROM (" +
            "SELECT c.collection_ref AS CollectionRef, c.title AS Title, c.requester AS Requester, c.frequency AS Frequency, c.data_items AS DataItems, " +
            "c.respondents AS Respondents, c.hours_per_submission AS HoursPerSubmission, c.purpose AS Purpose, c.consumer AS Consumer, " +
            "c.publication AS Publication, c.approval_ref AS ApprovalRef, c.approval_expiry AS ApprovalExpiry, c.automated_source AS AutomatedSource, " +
            "c.last_used AS LastUsed, f.name AS SourceFile, c.line AS SourceLine, " +
            "ROW_NUMBER() OVER (PARTITION BY c.collection_ref ORDER BY c.file_id DESC, c.line DESC) AS Recency " +
            $"FROM {catalogue} c JOIN {files} f ON f.id = c.file_id) x WHERE x.Recency = 1 ORDER BY x.CollectionRef");

        ListOrganisationsAll = Add("ListOrganisationsAsync.All", $"SELECT DISTINCT r.org_code FROM {requests} r");
        ListOrganisationsByPeriod = Add("ListOrganisationsAsync.ByPeriod",
            $"SELECT DISTINCT r.org_code FROM {requests} r WHERE {inPeriod}");

        InsertBaseline = Add("SaveBaselineAsync.InsertBaseline", d.InsertReturningId(baselines, BaselineColumns));
        InsertBaselineCollection = Add("SaveBaselineAsync.InsertCollection", PlainInsert(baselineCollections, BaselineCollectionColumns));

        const string baselineSelect = "b.id AS Id, b.name AS Name, b.period AS Period, b.org_code AS OrgCode, b.created_at AS CreatedAt";
        LoadBaseline = Add("LoadBaselineAsync.Baseline", d.SelectFirst(1, $"{baselineSelect} FROM {baselines} b WHERE b.name = @name"));
        LoadBaselineCollections = Add("LoadBaselineAsync.Collections",
            "SELECT c.collection_id AS Id, c.title AS Title, c.requester AS Requester, c.frequency AS Frequency, c.item_keys AS ItemKeys, " +
            "c.respondents AS Respondents, c.submissions_per_year AS SubmissionsPerYear, c.hours_per_year AS HoursPerYear, " +
            "c.cost_gbp_per_year AS CostGbpPerYear, c.output_only AS OutputOnly, c.automatable AS Automatable " +
            $"FROM {baselineCollections} c WHERE c.baseline_id = @baseline_id ORDER BY c.position");
        ListBaselines = Add("ListBaselinesAsync.Select", $"SELECT {baselineSelect} FROM {baselines} b ORDER BY b.id");

        UpsertReport = Add("SaveReportAsync.Upsert", d.Upsert(reports, "name", ReportColumns));
        ListReports = Add("ListReportsAsync.Select",
            $"SELECT r.name AS Name, r.period AS Period, r.org_code AS OrgCode, r.path AS Path, r.created_at AS CreatedAt FROM {reports} r ORDER BY r.id DESC");

        const string uploadSelect =
            "u.id AS Id, u.file_name AS FileName, u.org_code AS OrgCode, u.kind AS Kind, u.source AS Source, u.status AS Status, " +
            "u.accepted AS Accepted, u.rejected AS Rejected, u.already_stored AS AlreadyStored, u.message AS Message, u.file_id AS FileId, u.received_at AS ReceivedAt, u.updated_at AS UpdatedAt, u.processed_by AS ProcessedBy, " +
            "u.earlier_upload_id AS EarlierUploadId, u.replaces_upload_id AS ReplacesUploadId";
        InsertUpload = Add("CreateUploadAsync.Insert", d.InsertReturningId(uploads, UploadColumns));
        GetUpload = Add("GetUploadAsync.Select", $"SELECT {uploadSelect} FROM {uploads} u WHERE u.id = @id");
        LoadUploadContent = Add("LoadUploadContentAsync.Select", $"SELECT u.content FROM {uploads} u WHERE u.id = @id");
        UpdateUpload = Add("UpdateUploadAsync.Update",
            $"UPDATE {uploads} SET status = @status, accepted = @accepted, rejected = @rejected, already_stored = @already_stored, message = @message, file_id = @file_id, " +
            "updated_at = @updated_at WHERE id = @id");
        ClaimUpload = Add("ClaimUploadAsync.Update",
            $"UPDATE {uploads} SET status = @status, accepted = 0, rejected = 0, already_stored = 0, message = NULL, processed_by = @processed_by, updated_at = @updated_at WHERE id = @id");
        // One parameter per status (unused ones null, which IN never matches) keeps the text plain SQL on both engines.
        ListUploads = Add("ListUploadsAsync.ByStatus",
            $"SELECT {uploadSelect} FROM {uploads} u WHERE u.status IN ({string.Join(", ", StatusParameters.Select(p => "@" + p))}) ORDER BY u.id");
        InsertReviewDecision = Add("SaveReviewDecisionsAsync.Insert", PlainInsert(reviewDecisions, ReviewDecisionColumns));
        const string decisionSelect =
            "SELECT d.id AS Id, d.subject AS Subject, d.collection_a AS CollectionA, d.collection_b AS CollectionB, d.action AS Action, d.decision AS Decision, " +
            "d.items_a AS ItemsA, d.items_b AS ItemsB, d.org_code AS OrgCode, d.period AS Period, d.decided_by AS DecidedBy, d.decided_at AS DecidedAt, d.note AS Note";
        LoadReviewDecisionsAll = Add("LoadReviewDecisionsAsync.All", $"{decisionSelect} FROM {reviewDecisions} d ORDER BY d.id");
        LoadReviewDecisionsByOrg = Add("LoadReviewDecisionsAsync.ByOrg", $"{decisionSelect} FROM {reviewDecisions} d WHERE d.org_code = @org_code ORDER BY d.id");
        ReleaseUploadContent = Add("ReleaseUploadContentAsync.One", $"UPDATE {uploads} SET content = @empty WHERE id = @id");
        ReleaseUploadContentBefore = Add("ReleaseUploadContentAsync.DoneBefore",
            $"UPDATE {uploads} SET content = @empty WHERE status = @done AND updated_at < @before");

        var jobs = d.Table("jobs");
        var jobParts = d.Table("job_parts");
        const string jobSelect =
            "j.id AS Id, j.kind AS Kind, j.period AS Period, j.org_code AS OrgCode, j.name AS Name, j.status AS Status, j.message AS Message, j.created_at AS CreatedAt";
        InsertJob = Add("CreateJobAsync.Insert", d.InsertReturningId(jobs, JobColumns));
        GetJob = Add("GetJobAsync.Select", $"SELECT {jobSelect} FROM {jobs} j WHERE j.id = @id");
        FinishJob = Add("FinishJobAsync.Update", $"UPDATE {jobs} SET status = @status, message = @message, updated_at = @updated_at WHERE id = @id");
        ListUnfinishedJobs = Add("ListUnfinishedJobsAsync.Select", $"SELECT {jobSelect} FROM {jobs} j WHERE j.status = @queued ORDER BY j.id");
        InsertJobPart = Add("AddJobPartsAsync.Insert",
            $"INSERT INTO {jobParts} (job_id, part, done_at) SELECT @job_id, @part, NULL WHERE NOT EXISTS (SELECT 1 FROM {jobParts} p WHERE p.job_id = @job_id AND p.part = @part)");
        ListOwedJobParts = Add("ListOwedJobPartsAsync.Select", $"SELECT p.part FROM {jobParts} p WHERE p.job_id = @job_id AND p.done_at IS NULL ORDER BY p.part");
        MarkJobPartDone = Add("MarkJobPartDoneAsync.Update", $"UPDATE {jobParts} SET done_at = @done_at WHERE job_id = @job_id AND part = @part");

        AddWorkflowQueries(d, uploadSelect, fileSelect, rejectSelect);
    }

    private static readonly string[] JobColumns = ["kind", "period", "org_code", "name", "status", "created_at", "updated_at"];

    /// <summary>Empties one upload's bytes.</summary>
    public string ReleaseUploadContent { get; }
    /// <summary>Empties the bytes of uploads done before <c>@before</c>.</summary>
    public string ReleaseUploadContentBefore { get; }
    /// <summary>Inserts a job, returning its id.</summary>
    public string InsertJob { get; }
    /// <summary>One job.</summary>
    public string GetJob { get; }
    /// <summary>Sets a job's status and message.</summary>
    public string FinishJob { get; }
    /// <summary>Jobs still queued.</summary>
    public string ListUnfinishedJobs { get; }
    /// <summary>Records one part a job owes, unless recorded.</summary>
    public string InsertJobPart { get; }
    /// <summary>A job's parts not yet done.</summary>
    public string ListOwedJobParts { get; }
    /// <summary>Marks a part done.</summary>
    public string MarkJobPartDone { get; }

    /// <summary>Parameter names used by <see cref="ListUploads"/>, one per <see cref="UploadStatus"/>.</summary>
    public static IReadOnlyList<string> StatusParameters { get; } = Enum.GetValues<UploadStatus>().Select((_, i) => $"status{i}").ToArray();

    /// <summary>Every query text, keyed <c>StoreMethod.Purpose</c>.</summary>
    public IReadOnlyDictionary<string, string> All => _all;

    /// <summary>Creates the schema-version table when missing.</summary>
    public string EnsureSchemaVersionTable { get; }
    /// <summary>Serialises migrations across processes, or null when the write transaction does.</summary>
    public string? MigrationLock { get; }
    /// <summary>Versions already applied.</summary>
    public string AppliedVersions { get; }
    /// <summary>Records an applied version.</summary>
    public string RecordVersion { get; }
    /// <summary>Requests stored before version 2 (no fingerprint yet), one page after <c>@after</c>.</summary>
    public string UnfingerprintedRequests { get; }
    /// <summary>Sets a request's fingerprint unless another row already has it (0 rows changed then).</summary>
    public string SetFingerprint { get; }
    /// <summary>Removes a later copy of an already stored request.</summary>
    public string DropDuplicateRequest { get; }
    /// <summary>Counts one more already-stored row against a file.</summary>
    public string CountDuplicate { get; }
    /// <summary>Upper-cases the organisation codes of recorded jobs (version 3's step).</summary>
    public string UpperCaseJobOrgCodes { get; }
    /// <summary>Upper-cases the organisation codes of request copies (version 3's step).</summary>
    public string UpperCaseCopyOrgCodes { get; }
    /// <summary>Creates the per-transaction staging table for bulk-copied requests, or null when rows are inserted one by one.</summary>
    public string? CreateRequestStaging { get; }
    /// <summary>Moves staged requests not already stored into <c>requests</c> (first line wins within the batch) and empties the staging table.</summary>
    public string? MoveStagedRequests { get; }
    /// <summary>A file by hash.</summary>
    public string FindFileByHash { get; }
    /// <summary>Inserts a file row, returning its id.</summary>
    public string InsertFile { get; }
    /// <summary>Inserts one request row unless its fingerprint is already stored (0 rows changed then).</summary>
    public string InsertRequest { get; }
    /// <summary>Inserts one catalogue row.</summary>
    public string InsertCatalogue { get; }
    /// <summary>Inserts one reject row.</summary>
    public string InsertReject { get; }
    /// <summary>Sets a file's counts.</summary>
    public string UpdateFileCounts { get; }
    /// <summary>All files.</summary>
    public string ListFiles { get; }
    /// <summary>All rejects.</summary>
    public string LoadRejectsAll { get; }
    /// <summary>Rejects of files with one name.</summary>
    public string LoadRejectsByFile { get; }
    /// <summary>All requests.</summary>
    public string LoadRequestsAll { get; }
    /// <summary>Requests in a period.</summary>
    public string LoadRequestsByPeriod { get; }
    /// <summary>Requests of one organisation.</summary>
    public string LoadRequestsByOrg { get; }
    /// <summary>Requests of one organisation in a period.</summary>
    public string LoadRequestsByPeriodAndOrg { get; }
    /// <summary>The latest catalogue row per reference.</summary>
    public string LoadCatalogue { get; }
    /// <summary>All organisation codes.</summary>
    public string ListOrganisationsAll { get; }
    /// <summary>Organisation codes with requests in a period.</summary>
    public string ListOrganisationsByPeriod { get; }
    /// <summary>Inserts a baseline, returning its id.</summary>
    public string InsertBaseline { get; }
    /// <summary>Inserts one baseline collection.</summary>
    public string InsertBaselineCollection { get; }
    /// <summary>A baseline by name.</summary>
    public string LoadBaseline { get; }
    /// <summary>A baseline's collections.</summary>
    public string LoadBaselineCollections { get; }
    /// <summary>All baselines.</summary>
    public string ListBaselines { get; }
    /// <summary>Inserts or replaces a report by name.</summary>
    public string UpsertReport { get; }
    /// <summary>All reports.</summary>
    public string ListReports { get; }
    /// <summary>Inserts an upload, returning its id.</summary>
    public string InsertUpload { get; }
    /// <summary>An upload's state.</summary>
    public string GetUpload { get; }
    /// <summary>An upload's bytes.</summary>
    public string LoadUploadContent { get; }
    /// <summary>Sets an upload's state.</summary>
    public string UpdateUpload { get; }
    /// <summary>Marks an upload processing by an instance.</summary>
    public string ClaimUpload { get; }
    /// <summary>Uploads in given states.</summary>
    public string ListUploads { get; }

    /// <summary>Appends one review decision.</summary>
    public string InsertReviewDecision { get; }
    /// <summary>All review decisions.</summary>
    public string LoadReviewDecisionsAll { get; }
    /// <summary>Review decisions made on one organisation's analyses.</summary>
    public string LoadReviewDecisionsByOrg { get; }

    /// <summary>Rows read per page by the fingerprint backfill.</summary>
    public const int BackfillPage = 2000;

    private static string PlainInsert(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";

    private string Add(string key, string sql)
    {
        _all.Add(key, sql);
        return sql;
    }
}
