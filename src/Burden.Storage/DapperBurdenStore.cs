using System.Data;
using System.Data.Common;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Dapper;
using Burden.Core.Storage;
using Burden.Core.Review;

namespace Burden.Storage;

/// <summary>The one <see cref="IBurdenStore"/>: Dapper over a connection the <see cref="StorageProvider"/> opens, with the provider's query catalogue.</summary>
/// <remarks>Each call opens its own pooled connection, so one instance is safe to share between threads and jobs.</remarks>
internal sealed partial class DapperBurdenStore : IBurdenStore
{
    private readonly StorageProvider _provider;
    private readonly StoreQueries _q;
    private readonly TimeProvider _time;

    static DapperBurdenStore() => OrgCodeTypeHandler.Register();

    /// <summary>Creates the store over <paramref name="provider"/>; <paramref name="time"/> stamps updates and migrations.</summary>
    public DapperBurdenStore(StorageProvider provider, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(time);
        _provider = provider;
        _time = time;
        _q = StoreQueries.For(provider);
    }

    /// <summary>The provider in use.</summary>
    public StorageProvider Provider => _provider;

    /// <inheritdoc />
    /// <remarks>Applies the numbered scripts and their C# steps through <see cref="SchemaMigrator"/>; then, where files are written in slices, removes the 'loading' files a killed ingest abandoned.</remarks>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await new SchemaMigrator(_provider, _q, _time).MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (_provider.SliceRows is not null)
        {
            await RemoveAbandonedLoadsAsync(_q.All["MigrateAsync.LoadingFiles"], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<StoredFile?> FindFileByHashAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindFileAsync(connection, null, sha256, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredFile> SaveFileAsync(NewFile file, IEnumerable<ParsedRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(rows);
        if (_provider.SliceRows is { } sliceRows)
        {
            return await SaveFileInSlicesAsync(file, rows, sliceRows, cancellationToken).ConfigureAwait(false);
        }
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Disposing the transaction without a commit rolls back: any throw below, including from the enumeration, leaves nothing of the file.
        await using var transaction = await _provider.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var stored = await SaveFileInAsync(connection, transaction, file, rows, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Stores the file within <paramref name="transaction"/>, which the caller commits.</summary>
    private async Task<StoredFile> SaveFileInAsync(DbConnection connection, DbTransaction transaction, NewFile file, IEnumerable<ParsedRow> rows, CancellationToken cancellationToken)
    {
        if (await FindFileAsync(connection, transaction, file.Sha256, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            throw AlreadyStored(file, existing, null);
        }
        long fileId;
        try
        {
            fileId = await connection.ExecuteScalarAsync<long>(Command(_q.InsertFile, FileParameters(file), transaction, cancellationToken)).ConfigureAwait(false);
        }
        catch (DbException ex) when (_provider.IsUniqueViolation(ex))
        {
            throw AlreadyStored(file, null, ex);
        }

        int accepted = 0, rejected = 0, requests = 0, alreadyStored = 0;
        var fingerprints = new RequestFingerprint.Sequence();
        await using (var writer = _provider.CreateFileRowWriter(connection, transaction, fileId, _q))
        {
            // Rows are parsed and fingerprinted on a background task while this one writes them (in file order).
            await foreach (var (row, fingerprint) in ReadAhead.RunAsync(
                               rows, r => (Row: r, Fingerprint: r.Issues.Count == 0 && r.Request is { } q ? fingerprints.Next(q) : null), cancellationToken)
                               .ConfigureAwait(false))
            {
                if (((accepted + rejected) & 0x3FF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                if (row.Issues.Count > 0)
                {
                    // A row with several issues is one rejected row with several stored reasons.
                    rejected++;
                    foreach (var issue in row.KeepIssues ? row.Issues : [])
                    {
                        await writer.AddRejectAsync(issue, cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (row.Request is { } request)
                {
                    accepted++;
                    requests++;
                    await writer.AddRequestAsync(request, fingerprint!, row.Line, cancellationToken).ConfigureAwait(false);
                }
                else if (row.Catalogue is { } entry)
                {
                    accepted++;
                    await writer.AddCatalogueAsync(entry, row.Line, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    throw new ArgumentException($"{file.Name} line {row.Line}: a row must hold a request, a catalogue entry or its issues", nameof(rows));
                }
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            alreadyStored = requests - writer.RequestsStored;
        }

        var counts = new DynamicParameters();
        counts.Add("rows_read", accepted + rejected);
        counts.Add("accepted", accepted);
        counts.Add("rejected", rejected);
        counts.Add("already_stored", alreadyStored);
        counts.Add("id", fileId);
        await connection.ExecuteAsync(Command(_q.UpdateFileCounts, counts, transaction, cancellationToken)).ConfigureAwait(false);
        await SupersedeEarlierAsync(connection, transaction, file, fileId, cancellationToken).ConfigureAwait(false);
        return new StoredFile(fileId, file.Name, file.Sha256, file.Kind, file.OrgCode, accepted + rejected, accepted, rejected, file.IngestedAt)
        {
            AlreadyStored = alreadyStored,
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredFile>> ListFilesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<FileRow>(Command(_q.ListFiles, null, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToStoredFile()).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredReject>> LoadRejectsAsync(string? fileName = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new DynamicParameters();
        p.Add("file_name", fileName, DbType.String);
        var sql = fileName is null ? _q.LoadRejectsAll : _q.LoadRejectsByFile;
        var rows = await connection.QueryAsync<RejectRow>(Command(sql, p, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new StoredReject(r.FileId, new IngestIssue(r.FileName, r.Line, r.ColumnName, r.ValueText, r.Message))).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RequestRecord>> LoadRequestsAsync(RequestQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var p = new DynamicParameters();
        AddPeriod(p, query.Period);
        p.Add("org_code", query.OrgCode?.Value, DbType.String);
        var sql = (query.Period, query.OrgCode) switch
        {
            (null, null) => _q.LoadRequestsAll,
            (not null, null) => _q.LoadRequestsByPeriod,
            (null, not null) => _q.LoadRequestsByOrg,
            _ => _q.LoadRequestsByPeriodAndOrg,
        };
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Unbuffered, and repeated texts shared: a million-row log is read once into records, not twice into rows then records.
        // (Dapper's unbuffered QueryAsync disposes its command before the reader is read, which closes a SQLite reader.)
        var shared = new SharedText();
        var records = new List<RequestRecord>();
        await foreach (var row in connection.QueryUnbufferedAsync<RequestRow>(sql, p).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            records.Add(row.ToRecord(shared));
        }
        return records;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CatalogueEntry>> LoadCatalogueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CatalogueRow>(Command(_q.LoadCatalogue, null, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToEntry()).OrderBy(e => e.CollectionRef, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrgCode>> ListOrganisationsAsync(ReportingPeriod? period, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        AddPeriod(p, period);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = period is null ? _q.ListOrganisationsAll : _q.ListOrganisationsByPeriod;
        var codes = await connection.QueryAsync<string>(Command(sql, p, null, cancellationToken)).ConfigureAwait(false);
        // Codes are stored upper case (schema version 3 upper-cased older ones), so DISTINCT already gives one row per organisation.
        return codes.Select(OrgCode.FromStored).Distinct().Order().ToList();
    }

    /// <inheritdoc />
    public async Task SaveBaselineAsync(BaselineSnapshot baseline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _provider.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var p = new DynamicParameters();
        p.Add("name", baseline.Name, DbType.String);
        p.Add("period", baseline.Period, DbType.String);
        p.Add("org_code", baseline.OrgCode?.Value, DbType.String);
        p.Add("created_at", _provider.InstantValue(baseline.CreatedAt), _provider.InstantType);
        long id;
        try
        {
            id = await connection.ExecuteScalarAsync<long>(Command(_q.InsertBaseline, p, transaction, cancellationToken)).ConfigureAwait(false);
        }
        catch (DbException ex) when (_provider.IsUniqueViolation(ex))
        {
            throw new BurdenException($"A baseline named '{baseline.Name}' already exists; choose another name", ex);
        }
        var position = 0;
        foreach (var c in baseline.Collections)
        {
            var cp = new DynamicParameters();
            cp.Add("baseline_id", id);
            cp.Add("position", position++);
            cp.Add("collection_id", c.Id, DbType.String);
            cp.Add("title", c.Title, DbType.String);
            cp.Add("requester", c.Requester, DbType.String);
            cp.Add("frequency", c.Frequency.Token(), DbType.String);
            cp.Add("item_keys", StoredTokens.JoinItems(c.ItemKeys), DbType.String);
            cp.Add("respondents", c.Respondents);
            cp.Add("submissions_per_year", c.SubmissionsPerYear);
            cp.Add("hours_per_year", c.HoursPerYear);
            cp.Add("cost_gbp_per_year", c.CostGbpPerYear);
            cp.Add("output_only", _provider.BoolValue(c.OutputOnly));
            cp.Add("automatable", _provider.BoolValue(c.Automatable));
            await connection.ExecuteAsync(Command(_q.InsertBaselineCollection, cp, transaction, cancellationToken)).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<BaselineSnapshot?> LoadBaselineAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new DynamicParameters();
        p.Add("name", name, DbType.String);
        var row = await connection.QuerySingleOrDefaultAsync<BaselineRow>(Command(_q.LoadBaseline, p, null, cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }
        var cp = new DynamicParameters();
        cp.Add("baseline_id", row.Id);
        var collections = await connection.QueryAsync<BaselineCollectionRow>(Command(_q.LoadBaselineCollections, cp, null, cancellationToken)).ConfigureAwait(false);
        return row.ToSnapshot(collections.Select(c => c.ToCollection()).ToList());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BaselineSnapshot>> ListBaselinesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<BaselineRow>(Command(_q.ListBaselines, null, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToSnapshot([])).ToList();
    }

    /// <inheritdoc />
    public async Task<int> SaveReviewDecisionsAsync(IReadOnlyList<NewReviewDecision> decisions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (decisions.Count == 0)
        {
            return 0;
        }
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _provider.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var d in decisions)
        {
            var p = new DynamicParameters();
            p.Add("subject", d.Subject.Token(), DbType.String);
            p.Add("collection_a", d.CollectionA, DbType.String);
            p.Add("collection_b", d.CollectionB, DbType.String);
            p.Add("action", d.Action, DbType.String);
            p.Add("decision", d.Decision.Token(), DbType.String);
            p.Add("items_a", d.ItemsA, DbType.String);
            p.Add("items_b", d.ItemsB, DbType.String);
            p.Add("org_code", d.OrgCode?.Value, DbType.String);
            p.Add("period", d.Period, DbType.String);
            p.Add("decided_by", d.By, DbType.String);
            p.Add("decided_at", _provider.InstantValue(d.At), _provider.InstantType);
            p.Add("note", d.Note, DbType.String);
            await connection.ExecuteAsync(Command(_q.InsertReviewDecision, p, transaction, cancellationToken)).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return decisions.Count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredReviewDecision>> LoadReviewDecisionsAsync(OrgCode? orgCode = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new DynamicParameters();
        p.Add("org_code", orgCode?.Value, DbType.String);
        var rows = await connection.QueryAsync<ReviewDecisionRow>(Command(orgCode is null ? _q.LoadReviewDecisionsAll : _q.LoadReviewDecisionsByOrg, p, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToStored()).ToList();
    }

    /// <inheritdoc />
    public async Task SaveReportAsync(ReportRecord report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var p = new DynamicParameters();
        p.Add("name", report.Name, DbType.String);
        p.Add("period", report.Period, DbType.String);
        p.Add("org_code", report.OrgCode?.Value, DbType.String);
        p.Add("path", report.Path, DbType.String);
        p.Add("created_at", _provider.InstantValue(report.CreatedAt), _provider.InstantType);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(Command(_q.UpsertReport, p, null, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReportRecord>> ListReportsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReportRow>(Command(_q.ListReports, null, null, cancellationToken)).ConfigureAwait(false);
        // Instants compare by the moment they name, whatever their offset; SQLite keeps them as text, so sort here.
        return rows.Select(r => new ReportRecord(r.Name, r.Period, StoredOrg(r.OrgCode), r.Path, StorageProvider.ReadInstant(r.CreatedAt)))
            .OrderByDescending(r => r.CreatedAt)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<long> CreateUploadAsync(NewUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var p = new DynamicParameters();
        p.Add("file_name", upload.FileName, DbType.String);
        p.Add("org_code", upload.OrgCode?.Value, DbType.String);
        p.Add("kind", upload.Kind is { } kind ? StoredTokens.Kind(kind) : null, DbType.String);
        p.Add("source", upload.Source, DbType.String);
        p.Add("status", StoredTokens.Status(UploadStatus.Queued), DbType.String);
        p.Add("accepted", 0);
        p.Add("rejected", 0);
        p.Add("content", upload.Content, DbType.Binary);
        p.Add("received_at", _provider.InstantValue(upload.ReceivedAt), _provider.InstantType);
        p.Add("updated_at", _provider.InstantValue(upload.ReceivedAt), _provider.InstantType);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var id = await connection.ExecuteScalarAsync<long>(Command(_q.InsertUpload, p, null, cancellationToken)).ConfigureAwait(false);
        if (upload.ReplacesUploadId is { } replaced)
        {
            // Set before the ingest job is enqueued (the caller enqueues after this returns), so the job always sees it.
            var r = new DynamicParameters();
            r.Add("id", id);
            r.Add("replaces_upload_id", replaced);
            await connection.ExecuteAsync(Command(_q.SetUploadReplaces, r, null, cancellationToken)).ConfigureAwait(false);
        }
        return id;
    }

    /// <inheritdoc />
    public async Task<UploadRecord?> GetUploadAsync(long id, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("id", id);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<UploadRow>(Command(_q.GetUpload, p, null, cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <inheritdoc />
    public async Task<byte[]?> LoadUploadContentAsync(long id, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("id", id);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(Command(_q.LoadUploadContent, p, null, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpdateUploadAsync(long id, UploadStatus status, int accepted, int rejected, string? message, long? fileId, CancellationToken cancellationToken = default, int alreadyStored = 0, long? earlierUploadId = null)
    {
        var p = new DynamicParameters();
        p.Add("id", id);
        p.Add("status", StoredTokens.Status(status), DbType.String);
        p.Add("accepted", accepted);
        p.Add("rejected", rejected);
        p.Add("already_stored", alreadyStored);
        p.Add("message", message, DbType.String);
        p.Add("file_id", fileId, DbType.Int64);
        p.Add("updated_at", _provider.InstantValue(_time.GetUtcNow()), _provider.InstantType);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(Command(_q.UpdateUpload, p, null, cancellationToken)).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new BurdenException($"There is no upload {id} to update");
        }
        var links = new DynamicParameters();
        links.Add("id", id);
        links.Add("earlier_upload_id", earlierUploadId, DbType.Int64);
        await connection.ExecuteAsync(Command(_q.SetUploadLinks, links, null, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(IReadOnlyCollection<UploadStatus> statuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var wanted = statuses.Distinct().Select(StoredTokens.Status).ToList();
        var p = new DynamicParameters();
        for (var i = 0; i < StoreQueries.StatusParameters.Count; i++)
        {
            p.Add(StoreQueries.StatusParameters[i], i < wanted.Count ? wanted[i] : null, DbType.String);
        }
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<UploadRow>(Command(_q.ListUploads, p, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <inheritdoc />
    public async Task ClaimUploadAsync(long id, string processedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processedBy);
        var p = new DynamicParameters();
        p.Add("id", id);
        p.Add("status", StoredTokens.Status(UploadStatus.Processing), DbType.String);
        p.Add("processed_by", processedBy, DbType.String);
        p.Add("updated_at", _provider.InstantValue(_time.GetUtcNow()), _provider.InstantType);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await connection.ExecuteAsync(Command(_q.ClaimUpload, p, null, cancellationToken)).ConfigureAwait(false) == 0)
        {
            throw new BurdenException($"There is no upload {id} to claim");
        }
    }

    /// <inheritdoc />
    public async Task ReleaseUploadContentAsync(long id, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("id", id);
        p.Add("empty", Array.Empty<byte>(), DbType.Binary);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(Command(_q.ReleaseUploadContent, p, null, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> ReleaseUploadContentAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("empty", Array.Empty<byte>(), DbType.Binary);
        p.Add("done", StoredTokens.Status(UploadStatus.Done), DbType.String);
        p.Add("before", _provider.InstantValue(finishedBefore), _provider.InstantType);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(Command(_q.ReleaseUploadContentBefore, p, null, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> CreateJobAsync(NewJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var p = new DynamicParameters();
        p.Add("kind", job.Kind.ToString().ToLowerInvariant(), DbType.String);
        p.Add("period", job.Period, DbType.String);
        p.Add("org_code", job.OrgCode, DbType.String);
        p.Add("name", job.Name, DbType.String);
        p.Add("status", JobStatus.Queued.ToString().ToLowerInvariant(), DbType.String);
        p.Add("created_at", _provider.InstantValue(job.CreatedAt), _provider.InstantType);
        p.Add("updated_at", _provider.InstantValue(job.CreatedAt), _provider.InstantType);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(Command(_q.InsertJob, p, null, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobRecord?> GetJobAsync(long id, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("id", id);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(Command(_q.GetJob, p, null, cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <inheritdoc />
    public async Task FinishJobAsync(long id, JobStatus status, string? message, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("id", id);
        p.Add("status", status.ToString().ToLowerInvariant(), DbType.String);
        p.Add("message", message, DbType.String);
        p.Add("updated_at", _provider.InstantValue(_time.GetUtcNow()), _provider.InstantType);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await connection.ExecuteAsync(Command(_q.FinishJob, p, null, cancellationToken)).ConfigureAwait(false) == 0)
        {
            throw new BurdenException($"There is no job {id} to finish");
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobRecord>> ListUnfinishedJobsAsync(CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("queued", JobStatus.Queued.ToString().ToLowerInvariant(), DbType.String);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<JobRow>(Command(_q.ListUnfinishedJobs, p, null, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <inheritdoc />
    public async Task AddJobPartsAsync(long jobId, IReadOnlyList<string> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var part in parts)
        {
            var p = new DynamicParameters();
            p.Add("job_id", jobId);
            p.Add("part", part, DbType.String);
            await connection.ExecuteAsync(Command(_q.InsertJobPart, p, transaction, cancellationToken)).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListOwedJobPartsAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("job_id", jobId);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<string>(Command(_q.ListOwedJobParts, p, null, cancellationToken)).ConfigureAwait(false)).ToList();
    }

    /// <inheritdoc />
    public async Task MarkJobPartDoneAsync(long jobId, string part, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("job_id", jobId);
        p.Add("part", part, DbType.String);
        p.Add("done_at", _provider.InstantValue(_time.GetUtcNow()), _provider.InstantType);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(Command(_q.MarkJobPartDone, p, null, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<StoredFile?> FindFileAsync(DbConnection connection, DbTransaction? transaction, string sha256, CancellationToken cancellationToken)
    {
        var p = new DynamicParameters();
        p.Add("sha256", sha256, DbType.String);
        var row = await connection.QuerySingleOrDefaultAsync<FileRow>(Command(_q.FindFileByHash, p, transaction, cancellationToken)).ConfigureAwait(false);
        return row?.ToStoredFile();
    }

    private DynamicParameters FileParameters(NewFile file)
    {
        var p = new DynamicParameters();
        p.Add("name", file.Name, DbType.String);
        p.Add("sha256", file.Sha256, DbType.String);
        p.Add("kind", StoredTokens.Kind(file.Kind), DbType.String);
        p.Add("org_code", file.OrgCode?.Value, DbType.String);
        p.Add("rows_read", 0);
        p.Add("accepted", 0);
        p.Add("rejected", 0);
        p.Add("ingested_at", _provider.InstantValue(file.IngestedAt), _provider.InstantType);
        return p;
    }

    private void AddPeriod(DynamicParameters p, ReportingPeriod? period)
    {
        p.Add("period_start", _provider.DateValue(period?.Start), _provider.DateType);
        p.Add("period_end", _provider.DateValue(period?.EndExclusive), _provider.DateType);
    }

    private static BurdenException AlreadyStored(NewFile file, StoredFile? existing, Exception? inner)
    {
        var message = existing is null
            ? $"{file.Name}: a file with the same content (sha256 {file.Sha256}) is already stored; nothing was stored twice"
            : $"{file.Name}: the same content (sha256 {file.Sha256}) was already stored as {existing.Name} on {existing.IngestedAt:yyyy-MM-dd HH:mm}; nothing was stored twice";
        return inner is null ? new BurdenException(message) : new BurdenException(message, inner);
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(stored))]
    private static OrgCode? StoredOrg(string? stored) => stored is null ? null : OrgCode.FromStored(stored);

    private static CommandDefinition Command(string sql, object? parameters, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    /// <summary>One instance per distinct text (and item list) within one load; bounded so a log of unique titles cannot grow it without limit.</summary>
    private sealed class SharedText
    {
        private const int MaxEntries = 100_000;
        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<string>> _items = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OrgCode> _orgs = new(StringComparer.Ordinal);

        public OrgCode Org(string stored)
        {
            if (!_orgs.TryGetValue(stored, out var org))
            {
                org = OrgCode.FromStored(stored);
                if (_orgs.Count < MaxEntries)
                {
                    _orgs.Add(stored, org);
                }
            }
            return org;
        }

        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
        public string? Share(string? text)
        {
            if (text is null)
            {
                return null;
            }
            if (_texts.TryGetValue(text, out var shared))
            {
                return shared;
            }
            if (_texts.Count < MaxEntries)
            {
                _texts.Add(text, text);
            }
            return text;
        }

        // The lists are read-only to every consumer, so records with the same items can share one.
        public IReadOnlyList<string> Items(string text)
        {
            if (_items.TryGetValue(text, out var shared))
            {
                return shared;
            }
            var items = StoredTokens.SplitItems(text).Select(item => Share(item)).ToArray();
            if (_items.Count < MaxEntries)
            {
                _items.Add(text, items);
            }
            return items;
        }
    }

    // Dapper row shapes: columns are aliased to these names; engine-dependent values arrive as object and are read by StorageProvider.

    private sealed class FileRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? OrgCode { get; set; }
        public int RowsRead { get; set; }
        public int Accepted { get; set; }
        public int Rejected { get; set; }
        public int AlreadyStored { get; set; }
        public object? IngestedAt { get; set; }
        public long? SupersededBy { get; set; }

        public StoredFile ToStoredFile() =>
            new(Id, Name, Sha256, StoredTokens.ParseKind(Kind), StoredOrg(OrgCode), RowsRead, Accepted, Rejected, StorageProvider.ReadInstant(IngestedAt))
            {
                AlreadyStored = AlreadyStored,
                SupersededBy = SupersededBy,
            };
    }

    private sealed class RejectRow
    {
        public long FileId { get; set; }
        public string FileName { get; set; } = "";
        public int Line { get; set; }
        public string? ColumnName { get; set; }
        public string? ValueText { get; set; }
        public string Message { get; set; } = "";
    }

    private sealed class RequestRow
    {
        public string OrgCode { get; set; } = "";
        public object? ReceivedDate { get; set; }
        public string Requester { get; set; } = "";
        public string Title { get; set; } = "";
        public string Frequency { get; set; } = "";
        public string DataItems { get; set; } = "";
        public string? CollectionRef { get; set; }
        public object? HoursSpent { get; set; }
        public string? StaffBand { get; set; }
        public string? Channel { get; set; }
        public object? DueDate { get; set; }
        public string? Purpose { get; set; }
        public string? ApprovalRef { get; set; }
        public string? SourceFile { get; set; }
        public int SourceLine { get; set; }

        public RequestRecord ToRecord(SharedText shared) => new()
        {
            OrgCode = shared.Org(OrgCode),
            ReceivedDate = StorageProvider.ReadDate(ReceivedDate) ?? throw new InvalidDataException("Stored request has no received date"),
            Requester = shared.Share(Requester),
            Title = shared.Share(Title),
            Frequency = Frequencies.FromToken(Frequency),
            DataItems = shared.Items(DataItems),
            CollectionRef = shared.Share(CollectionRef),
            HoursSpent = StorageProvider.ReadDecimal(HoursSpent),
            StaffBand = shared.Share(StaffBand),
            Channel = shared.Share(Channel),
            DueDate = StorageProvider.ReadDate(DueDate),
            Purpose = shared.Share(Purpose),
            ApprovalRef = shared.Share(ApprovalRef),
            SourceFile = shared.Share(SourceFile),
            SourceLine = SourceLine,
        };
    }

    private sealed class CatalogueRow
    {
        public string CollectionRef { get; set; } = "";
        public string Title { get; set; } = "";
        public string Requester { get; set; } = "";
        public string Frequency { get; set; } = "";
        public string DataItems { get; set; } = "";
        public int Respondents { get; set; }
        public object? HoursPerSubmission { get; set; }
        public string? Purpose { get; set; }
        public string? Consumer { get; set; }
        public string? Publication { get; set; }
        public string? ApprovalRef { get; set; }
        public object? ApprovalExpiry { get; set; }
        public string? AutomatedSource { get; set; }
        public object? LastUsed { get; set; }
        public string? SourceFile { get; set; }
        public int SourceLine { get; set; }

        public CatalogueEntry ToEntry() => new()
        {
            CollectionRef = CollectionRef,
            Title = Title,
            Requester = Requester,
            Frequency = Frequencies.FromToken(Frequency),
            DataItems = StoredTokens.SplitItems(DataItems),
            Respondents = Respondents,
            HoursPerSubmission = StorageProvider.ReadDecimal(HoursPerSubmission) ?? 0m,
            Purpose = Purpose,
            Consumer = Consumer,
            Publication = Publication,
            ApprovalRef = ApprovalRef,
            ApprovalExpiry = StorageProvider.ReadDate(ApprovalExpiry),
            AutomatedSource = AutomatedSource,
            LastUsed = StorageProvider.ReadDate(LastUsed),
            SourceFile = SourceFile,
            SourceLine = SourceLine,
        };
    }

    private sealed class BaselineRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? Period { get; set; }
        public string? OrgCode { get; set; }
        public object? CreatedAt { get; set; }

        public BaselineSnapshot ToSnapshot(IReadOnlyList<BaselineCollection> collections) =>
            new(Name, Period, StoredOrg(OrgCode), StorageProvider.ReadInstant(CreatedAt), collections);
    }

    private sealed class BaselineCollectionRow
    {
        public string Id { get; set; } = "";
        public string Title { get; set; } = "";
        public string Requester { get; set; } = "";
        public string Frequency { get; set; } = "";
        public string ItemKeys { get; set; } = "";
        public int Respondents { get; set; }
        public double SubmissionsPerYear { get; set; }
        public double HoursPerYear { get; set; }
        public double CostGbpPerYear { get; set; }
        public object? OutputOnly { get; set; }
        public object? Automatable { get; set; }

        public BaselineCollection ToCollection() => new()
        {
            Id = Id,
            Title = Title,
            Requester = Requester,
            Frequency = Frequencies.FromToken(Frequency),
            ItemKeys = StoredTokens.SplitItems(ItemKeys),
            Respondents = Respondents,
            SubmissionsPerYear = SubmissionsPerYear,
            HoursPerYear = HoursPerYear,
            CostGbpPerYear = CostGbpPerYear,
            OutputOnly = StorageProvider.ReadBool(OutputOnly),
            Automatable = StorageProvider.ReadBool(Automatable),
        };
    }

    private sealed class ReviewDecisionRow
    {
        public long Id { get; set; }
        public string Subject { get; set; } = "";
        public string CollectionA { get; set; } = "";
        public string? CollectionB { get; set; }
        public string? Action { get; set; }
        public string Decision { get; set; } = "";
        public string ItemsA { get; set; } = "";
        public string? ItemsB { get; set; }
        public string? OrgCode { get; set; }
        public string? Period { get; set; }
        public string DecidedBy { get; set; } = "";
        public object? DecidedAt { get; set; }
        public string? Note { get; set; }

        public StoredReviewDecision ToStored() => new(Id, new NewReviewDecision(
            Subject == "pair" ? ReviewSubject.Pair : ReviewSubject.Recommendation, CollectionA, CollectionB, Action,
            ReviewKeys.FromToken(Decision) ?? throw new InvalidOperationException($"review_decisions row {Id}: unknown decision '{Decision}'"),
            ItemsA, ItemsB, OrgCode is null ? null : Core.Catalogue.OrgCode.FromStored(OrgCode), Period, DecidedBy, StorageProvider.ReadInstant(DecidedAt), Note));
    }

    private sealed class ReportRow
    {
        public string Name { get; set; } = "";
        public string? Period { get; set; }
        public string? OrgCode { get; set; }
        public string Path { get; set; } = "";
        public object? CreatedAt { get; set; }
    }

    private sealed class UploadRow
    {
        public long Id { get; set; }
        public string FileName { get; set; } = "";
        public string? OrgCode { get; set; }
        public string? Kind { get; set; }
        public string Source { get; set; } = "";
        public string Status { get; set; } = "";
        public int Accepted { get; set; }
        public int Rejected { get; set; }
        public int AlreadyStored { get; set; }
        public string? Message { get; set; }
        public long? FileId { get; set; }
        public object? ReceivedAt { get; set; }
        public object? UpdatedAt { get; set; }
        public long? EarlierUploadId { get; set; }
        public long? ReplacesUploadId { get; set; }
        public string? ProcessedBy { get; set; }

        public UploadRecord ToRecord() =>
            new(Id, FileName, StoredOrg(OrgCode), Kind is null ? null : StoredTokens.ParseKind(Kind), Source, StoredTokens.ParseStatus(Status),
                Accepted, Rejected, Message, FileId, StorageProvider.ReadInstant(ReceivedAt), StorageProvider.ReadInstant(UpdatedAt))
            {
                AlreadyStored = AlreadyStored,
                EarlierUploadId = EarlierUploadId,
                ReplacesUploadId = ReplacesUploadId,
                ProcessedBy = ProcessedBy,
            };
    }

    private sealed class JobRow
    {
        public long Id { get; set; }

        public string Kind { get; set; } = "";

        public string? Period { get; set; }

        public string? OrgCode { get; set; }

        public string? Name { get; set; }

        public string Status { get; set; } = "";

        public string? Message { get; set; }

        public object CreatedAt { get; set; } = "";

        public JobRecord ToRecord() =>
            new(Id, Enum.Parse<JobKind>(Kind, ignoreCase: true), Period, OrgCode, Name, Enum.Parse<JobStatus>(Status, ignoreCase: true), Message, StorageProvider.ReadInstant(CreatedAt));
    }
}
