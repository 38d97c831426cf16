namespace Burden.Storage;

/// <summary>The queries of the upload workflow: listing uploads, removing and replacing a file, superseded rejects.</summary>
internal sealed partial class StoreQueries
{
    /// <summary>Columns of <c>request_copies</c>, in insert order: those of <c>requests</c>.</summary>
    public static IReadOnlyList<string> CopyColumns => RequestColumns;

    private void AddWorkflowQueries(StorageProvider d, string uploadSelect, string fileSelect, string rejectSelect)
    {
        var files = d.Table("files");
        var requests = d.Table("requests");
        var copies = d.Table("request_copies");
        var catalogue = d.Table("catalogue_entries");
        var rejects = d.Table("rejects");
        var uploads = d.Table("uploads");

        InsertCopy = Add("SaveFileAsync.InsertCopy", PlainInsert(copies, CopyColumns));
        // Files of one name count as one organisation's when both have no organisation, too.
        SupersedeEarlier = Add("SaveFileAsync.SupersedeEarlier",
            $"UPDATE {files} SET superseded_by = @id WHERE name = @name AND id <> @id AND superseded_by IS NULL " +
            "AND ((org_code IS NULL AND @org_code IS NULL) OR org_code = @org_code)");

        // Sliced writes (SQLite): a file is 'loading', invisible to every reader, until its last slice makes it 'stored'.
        MarkLoading = Add("SaveFileAsync.MarkLoading", $"UPDATE {files} SET loading = 1, loading_by = @loading_by WHERE id = @id");
        FinishLoading = Add("SaveFileAsync.FinishLoading", $"UPDATE {files} SET loading = 0, loading_by = NULL WHERE id = @id");
        const string loading = "f.id AS Id, f.loading_by AS LoadingBy";
        LoadingFiles = Add("SaveFileAsync.LoadingFiles", $"SELECT {loading} FROM {files} f WHERE f.loading = 1 ORDER BY f.id");
        Add("MigrateAsync.LoadingFiles", LoadingFiles);
        // The first file to become visible keeps a request: each request this file holds a copy of whose row belongs to a file still loading.
        CopiesHeldByLoading = Add("SaveFileAsync.CopiesHeldByLoading",
            $"SELECT r.id AS RequestId, c.id AS CopyId, r.file_id AS FileId FROM {copies} c JOIN {requests} r " +
            "ON r.received_date = c.received_date AND r.org_code = c.org_code AND r.fingerprint = c.fingerprint " +
            $"JOIN {files} o ON o.id = r.file_id AND o.loading = 1 WHERE c.file_id = @file_id AND r.file_id <> @file_id ORDER BY c.id");
        KeepLoadingVersion = Add("SaveFileAsync.KeepLoadingVersion",
            $"INSERT INTO {copies} ({string.Join(", ", CopyColumns)}) SELECT {string.Join(", ", RequestColumns)} FROM {requests} WHERE id = @id");
        FileById = Add("GetFileAsync.Select", $"SELECT {fileSelect} FROM {files} f WHERE f.id = @file_id");
        // Removing and replacing read the file inside their write transaction, so what they report is what they removed.
        RemovedFile = Add("RemoveFileAsync.File", $"SELECT {fileSelect} FROM {files} f WHERE f.id = @file_id");
        ReplacedFile = Add("ReplaceFileAsync.File", $"SELECT {fileSelect} FROM {files} f WHERE f.id = @file_id");
        // Each request of the file that another file also holds, with every such copy; the store passes it to the first copy.
        CopiesHeldElsewhere = Add("RemoveFileAsync.CopiesHeldElsewhere",
            $"SELECT r.id AS RequestId, c.id AS CopyId, c.file_id AS FileId FROM {requests} r JOIN {copies} c " +
            "ON c.received_date = r.received_date AND c.org_code = r.org_code AND c.fingerprint = r.fingerprint " +
            "WHERE r.file_id = @file_id AND c.file_id <> @file_id ORDER BY r.id, c.file_id, c.line");
        // Every column from the copy (one scalar subquery each keeps it plain SQL on every engine).
        PassRequest = Add("RemoveFileAsync.PassRequest",
            $"UPDATE {requests} SET {string.Join(", ", RequestColumns.Select(c => $"{c} = (SELECT c.{c} FROM {copies} c WHERE c.id = @copy_id)"))} WHERE id = @id");
        DropCopy = Add("RemoveFileAsync.DropCopy", $"DELETE FROM {copies} WHERE id = @id");
        UncountCopy = Add("RemoveFileAsync.UncountCopy", $"UPDATE {files} SET already_stored = already_stored - 1 WHERE id = @new_file_id");
        DeleteCopiesOfFile = Add("RemoveFileAsync.DeleteCopies", $"DELETE FROM {copies} WHERE file_id = @file_id");
        DeleteRequestsOfFile = Add("RemoveFileAsync.DeleteRequests", $"DELETE FROM {requests} WHERE file_id = @file_id");
        DeleteCatalogueOfFile = Add("RemoveFileAsync.DeleteCatalogue", $"DELETE FROM {catalogue} WHERE file_id = @file_id");
        DeleteRejectsOfFile = Add("RemoveFileAsync.DeleteRejects", $"DELETE FROM {rejects} WHERE file_id = @file_id");
        // An earlier file this one superseded is superseded by whatever superseded this one, or is current again.
        PassSupersession = Add("RemoveFileAsync.PassSupersession",
            $"UPDATE {files} SET superseded_by = (SELECT x.superseded_by FROM {files} x WHERE x.id = @file_id) WHERE superseded_by = @file_id");
        ReleaseUploads = Add("RemoveFileAsync.ReleaseUploads",
            $"UPDATE {uploads} SET status = @status, file_id = NULL, updated_at = @updated_at WHERE file_id = @file_id");
        DeleteFile = Add("RemoveFileAsync.DeleteFile", $"DELETE FROM {files} WHERE id = @file_id");

        LoadRejectsCurrent = Add("LoadRejectsAsync.Current",
            $"{rejectSelect} FROM {rejects} r JOIN {files} f ON f.id = r.file_id AND f.loading = 0 WHERE f.superseded_by IS NULL ORDER BY r.file_id, r.line, r.id");
        LoadRejectsCurrentByFile = Add("LoadRejectsAsync.CurrentByFile",
            $"{rejectSelect} FROM {rejects} r JOIN {files} f ON f.id = r.file_id AND f.loading = 0 WHERE f.name = @file_name AND f.superseded_by IS NULL ORDER BY r.file_id, r.line, r.id");
        LoadRejectsOfFile = Add("LoadFileRejectsAsync.Select",
            $"{rejectSelect} FROM {rejects} r JOIN {files} f ON f.id = r.file_id AND f.loading = 0 WHERE r.file_id = @file_id ORDER BY r.line, r.id");

        ListUploadsNewest = Add("ListUploadPageAsync.All", d.Page($"SELECT {uploadSelect} FROM {uploads} u ORDER BY u.id DESC"));
        ListUploadsNewestByOrg = Add("ListUploadPageAsync.ByOrg", d.Page($"SELECT {uploadSelect} FROM {uploads} u WHERE u.org_code = @org_code ORDER BY u.id DESC"));
        UploadsOfFile = Add("FindUploadsOfFileAsync.Select", $"SELECT {uploadSelect} FROM {uploads} u WHERE u.file_id = @file_id ORDER BY u.id");
        SetUploadLinks = Add("UpdateUploadAsync.Links",
            $"UPDATE {uploads} SET earlier_upload_id = @earlier_upload_id WHERE id = @id");
        SetUploadReplaces = Add("CreateUploadAsync.Replaces", $"UPDATE {uploads} SET replaces_upload_id = @replaces_upload_id WHERE id = @id");
    }

    /// <summary>Records an accepted request row whose request another row already holds.</summary>
    public string InsertCopy { get; private set; } = "";
    /// <summary>Marks earlier files of the same name and organisation superseded by a new one.</summary>
    public string SupersedeEarlier { get; private set; } = "";
    /// <summary>Marks a file 'loading' (invisible) and names the process writing it.</summary>
    public string MarkLoading { get; private set; } = "";
    /// <summary>Makes a loading file 'stored' (visible).</summary>
    public string FinishLoading { get; private set; } = "";
    /// <summary>Files still loading, with the process writing each.</summary>
    public string LoadingFiles { get; private set; } = "";
    /// <summary>Requests a file holds copies of whose row belongs to another file still loading.</summary>
    public string CopiesHeldByLoading { get; private set; } = "";
    /// <summary>Keeps a loading file's version of a request as its copy before another file takes the request.</summary>
    public string KeepLoadingVersion { get; private set; } = "";
    /// <summary>A file by id.</summary>
    public string FileById { get; private set; } = "";
    /// <summary>The file about to be removed.</summary>
    public string RemovedFile { get; private set; } = "";
    /// <summary>The file about to be replaced.</summary>
    public string ReplacedFile { get; private set; } = "";
    /// <summary>Requests of a file that other files also hold, with the copies.</summary>
    public string CopiesHeldElsewhere { get; private set; } = "";
    /// <summary>Gives a request to another file (the copy's file and line).</summary>
    public string PassRequest { get; private set; } = "";
    /// <summary>Removes one copy row.</summary>
    public string DropCopy { get; private set; } = "";
    /// <summary>A file holds one fewer already-stored row (its copy now stores the request).</summary>
    public string UncountCopy { get; private set; } = "";
    /// <summary>Removes a file's copy rows.</summary>
    public string DeleteCopiesOfFile { get; private set; } = "";
    /// <summary>Removes a file's requests.</summary>
    public string DeleteRequestsOfFile { get; private set; } = "";
    /// <summary>Removes a file's catalogue rows.</summary>
    public string DeleteCatalogueOfFile { get; private set; } = "";
    /// <summary>Removes a file's rejects.</summary>
    public string DeleteRejectsOfFile { get; private set; } = "";
    /// <summary>Passes a removed file's supersession on to the files it superseded.</summary>
    public string PassSupersession { get; private set; } = "";
    /// <summary>Marks the uploads of a removed file removed.</summary>
    public string ReleaseUploads { get; private set; } = "";
    /// <summary>Removes the file row.</summary>
    public string DeleteFile { get; private set; } = "";
    /// <summary>Rejects of files not superseded.</summary>
    public string LoadRejectsCurrent { get; private set; } = "";
    /// <summary>Rejects of files of one name not superseded.</summary>
    public string LoadRejectsCurrentByFile { get; private set; } = "";
    /// <summary>Rejects of one file.</summary>
    public string LoadRejectsOfFile { get; private set; } = "";
    /// <summary>One page of uploads, newest first.</summary>
    public string ListUploadsNewest { get; private set; } = "";
    /// <summary>One page of one organisation's uploads, newest first.</summary>
    public string ListUploadsNewestByOrg { get; private set; } = "";
    /// <summary>Uploads whose file is the given one.</summary>
    public string UploadsOfFile { get; private set; } = "";
    /// <summary>Sets the upload a skipped upload matches.</summary>
    public string SetUploadLinks { get; private set; } = "";
    /// <summary>Sets the upload a replacement replaces.</summary>
    public string SetUploadReplaces { get; private set; } = "";
}
