using System.Data;
using System.Data.Common;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Dapper;

namespace Burden.Storage;

/// <summary>The upload workflow: removing and replacing a stored file, superseded rejects, upload history.</summary>
internal sealed partial class DapperBurdenStore
{
    /// <inheritdoc />
    public async Task<StoredFile?> GetFileAsync(long fileId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetFileInAsync(connection, null, fileId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FileRemoval> RemoveFileAsync(long fileId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _provider.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var removal = await RemoveFileInAsync(connection, transaction, fileId, _q.RemovedFile, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removal;
    }

    /// <inheritdoc />
    public async Task<(FileRemoval Removed, StoredFile Stored)> ReplaceFileAsync(long replacedFileId, NewFile file, IEnumerable<ParsedRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One transaction: a throw while the new file is read rolls the removal back too.
        await using var transaction = await _provider.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var removal = await RemoveFileInAsync(connection, transaction, replacedFileId, _q.ReplacedFile, cancellationToken).ConfigureAwait(false);
        var stored = await SaveFileInAsync(connection, transaction, file, rows, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (removal, stored);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredReject>> LoadRejectsAsync(string? fileName, bool includeSuperseded, CancellationToken cancellationToken = default)
    {
        if (includeSuperseded)
        {
            return await LoadRejectsAsync(fileName, cancellationToken).ConfigureAwait(false);
        }
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new DynamicParameters();
        p.Add("file_name", fileName, DbType.String);
        var sql = fileName is null ? _q.LoadRejectsCurrent : _q.LoadRejectsCurrentByFile;
        var rows = await connection.QueryAsync<RejectRow>(Command(sql, p, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToReject).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredReject>> LoadFileRejectsAsync(long fileId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new DynamicParameters();
        p.Add("file_id", fileId);
        var rows = await connection.QueryAsync<RejectRow>(Command(_q.LoadRejectsOfFile, p, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToReject).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UploadRecord>> ListUploadPageAsync(OrgCode? orgCode, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        var p = new DynamicParameters();
        p.Add("org_code", orgCode?.Value, DbType.String);
        p.Add("skip", skip);
        p.Add("take", take);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = orgCode is null ? _q.ListUploadsNewest : _q.ListUploadsNewestByOrg;
        var rows = await connection.QueryAsync<UploadRow>(Command(sql, p, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UploadRecord>> FindUploadsOfFileAsync(long fileId, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("file_id", fileId);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<UploadRow>(Command(_q.UploadsOfFile, p, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private async Task<StoredFile?> GetFileInAsync(DbConnection connection, DbTransaction? transaction, long fileId, CancellationToken cancellationToken, string? sql = null)
    {
        var p = new DynamicParameters();
        p.Add("file_id", fileId);
        var row = await connection.QuerySingleOrDefaultAsync<FileRow>(Command(sql ?? _q.FileById, p, transaction, cancellationToken)).ConfigureAwait(false);
        return row?.ToStoredFile();
    }

    private async Task<FileRemoval> RemoveFileInAsync(DbConnection connection, DbTransaction transaction, long fileId, string fileQuery, CancellationToken cancellationToken)
    {
        var file = await GetFileInAsync(connection, transaction, fileId, cancellationToken, fileQuery).ConfigureAwait(false)
            ?? throw new BurdenException($"There is no stored file {fileId} (see 'burden files list')");
        var id = new DynamicParameters();
        id.Add("file_id", fileId);

        // A request this file holds that other files also hold passes to the first of them, with that file's line.
        var kept = 0;
        long lastRequest = -1;
        var held = await connection.QueryAsync<CopyRow>(Command(_q.CopiesHeldElsewhere, id, transaction, cancellationToken)).ConfigureAwait(false);
        foreach (var copy in held.ToList())
        {
            if (copy.RequestId == lastRequest)
            {
                continue;
            }
            lastRequest = copy.RequestId;
            var p = new DynamicParameters();
            p.Add("id", copy.RequestId);
            p.Add("copy_id", copy.CopyId);
            p.Add("new_file_id", copy.FileId);
            await connection.ExecuteAsync(Command(_q.PassRequest, p, transaction, cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(Command(_q.UncountCopy, p, transaction, cancellationToken)).ConfigureAwait(false);
            var drop = new DynamicParameters();
            drop.Add("id", copy.CopyId);
            await connection.ExecuteAsync(Command(_q.DropCopy, drop, transaction, cancellationToken)).ConfigureAwait(false);
            kept++;
        }

        await connection.ExecuteAsync(Command(_q.DeleteCopiesOfFile, id, transaction, cancellationToken)).ConfigureAwait(false);
        var requests = await connection.ExecuteAsync(Command(_q.DeleteRequestsOfFile, id, transaction, cancellationToken)).ConfigureAwait(false);
        var catalogue = await connection.ExecuteAsync(Command(_q.DeleteCatalogueOfFile, id, transaction, cancellationToken)).ConfigureAwait(false);
        var rejects = await connection.ExecuteAsync(Command(_q.DeleteRejectsOfFile, id, transaction, cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(Command(_q.PassSupersession, id, transaction, cancellationToken)).ConfigureAwait(false);
        var release = new DynamicParameters();
        release.Add("file_id", fileId);
        release.Add("status", StoredTokens.Status(UploadStatus.Removed), DbType.String);
        release.Add("updated_at", _provider.InstantValue(_time.GetUtcNow()), _provider.InstantType);
        var uploads = await connection.ExecuteAsync(Command(_q.ReleaseUploads, release, transaction, cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(Command(_q.DeleteFile, id, transaction, cancellationToken)).ConfigureAwait(false);
        return new FileRemoval(file, requests, kept, catalogue, rejects, uploads);
    }

    private async Task SupersedeEarlierAsync(DbConnection connection, DbTransaction transaction, NewFile file, long fileId, CancellationToken cancellationToken)
    {
        var p = new DynamicParameters();
        p.Add("id", fileId);
        p.Add("name", file.Name, DbType.String);
        p.Add("org_code", file.OrgCode?.Value, DbType.String);
        await connection.ExecuteAsync(Command(_q.SupersedeEarlier, p, transaction, cancellationToken)).ConfigureAwait(false);
    }

    private static StoredReject ToReject(RejectRow r) => new(r.FileId, new IngestIssue(r.FileName, r.Line, r.ColumnName, r.ValueText, r.Message));

    private sealed class CopyRow
    {
        public long RequestId { get; set; }
        public long CopyId { get; set; }
        public long FileId { get; set; }
    }
}
