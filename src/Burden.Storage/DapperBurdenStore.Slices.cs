using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Dapper;

namespace Burden.Storage;

/// <summary>
/// Writing a large file in committed slices (SQLite): other writers get the lock between slices, readers see the file
/// only once its last slice makes it 'stored', and a killed ingest leaves a 'loading' file that is removed before the next.
/// </summary>
/// <remarks>
/// <para>The file row is inserted with <c>loading = 1</c> with the first slice and names the process writing it (<c>loading_by</c>).
/// Every reader query joins <c>files</c> on <c>loading = 0</c>, so nothing of a loading file is visible: not its
/// requests, catalogue rows or rejects, not the organisations only it mentions, not the file itself. The last slice's
/// transaction sets the counts, takes over requests (below), marks earlier files superseded and flips the status: a
/// file's rows become visible together.</para>
/// <para>Rows are gathered for a slice before its transaction begins, so the write lock is held for writing only, never
/// while the file is parsed. A gathered request is kept as its encoded values (<see cref="GatheredSlice"/>), not as parsed
/// records, so holding a slice costs the garbage collector nothing. A file that fits in one slice is written in one
/// transaction, 'stored' from the start.</para>
/// <para>Row idempotence across files loading at once: the unique key is on every stored row, loading or not, so the
/// first file to write a request holds its row and a later file records a copy. The file that becomes visible first
/// keeps the request: when a file is made visible, each request it holds a copy of whose row belongs to a file still
/// loading passes to it (the loading file's version becomes that file's copy and counts as already stored there).</para>
/// <para>A throw part way (a refused row, cancellation, a database error) removes what was written, as removing the file
/// would, and rethrows. A killed process cannot: its 'loading' file is abandoned, and is removed (with its requests passed
/// on to any copies) before the next sliced ingest and when the store opens, once the process named by
/// <c>loading_by</c> is gone.</para>
/// </remarks>
internal sealed partial class DapperBurdenStore
{
    /// <summary>Files this process is loading right now, by database and file id (ids are per database, and one process
    /// may hold stores on several): never abandoned, whatever their owner string says.</summary>
    private static readonly ConcurrentDictionary<(string Database, long FileId), byte> LoadingHere = new();

    /// <summary>The database this store writes, as <see cref="LoadingHere"/> keys it.</summary>
    private string LoadingDatabase => _provider is SqliteProvider sqlite ? Path.GetFullPath(sqlite.FilePath) : _provider.Describe;

    /// <summary>This process, as written to <c>files.loading_by</c>: machine, pid and start time (a pid can be reused).</summary>
    private static readonly string ThisProcess = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}:{Environment.ProcessId}:{Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks}");

    private async Task<StoredFile> SaveFileInSlicesAsync(NewFile file, IEnumerable<ParsedRow> rows, int sliceRows, CancellationToken cancellationToken)
    {
        await RemoveAbandonedLoadsAsync(_q.LoadingFiles, cancellationToken).ConfigureAwait(false);
        var fingerprints = new RequestFingerprint.Sequence();
        var counts = new FileCounts();
        // Two slices: one is written while the next is gathered.
        var slice = new GatheredSlice(Math.Min(sliceRows, 65_536));
        var next = new GatheredSlice(Math.Min(sliceRows, 65_536));
        long? fileId = null;
        var loading = false;
        var finished = false;
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_provider.BeforeSlices is { } before)
        {
            await connection.ExecuteAsync(Command(before, null, null, cancellationToken)).ConfigureAwait(false);
        }
        // Rows are parsed and fingerprinted on a background task while slices are written (in file order).
        using var stopGathering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var source = ReadAhead.RunAsync(
            rows, r => (Row: r, Fingerprint: r.Issues.Count == 0 && r.Request is { } q ? fingerprints.Next(q) : null), stopGathering.Token);
        await using var pending = source.GetAsyncEnumerator(stopGathering.Token);
        Task<bool>? gathering = null;
        try
        {
            var more = await FillAsync(pending, slice, sliceRows, _provider, stopGathering.Token).ConfigureAwait(false);
            while (true)
            {
                await using var transaction = await _provider.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                if (fileId is null)
                {
                    fileId = await InsertFileRowAsync(connection, transaction, file, cancellationToken).ConfigureAwait(false);
                    if (more)
                    {
                        LoadingHere.TryAdd((LoadingDatabase, fileId.Value), 0);
                        var mark = new DynamicParameters();
                        mark.Add("id", fileId.Value);
                        mark.Add("loading_by", ThisProcess, DbType.String);
                        await connection.ExecuteAsync(Command(_q.MarkLoading, mark, transaction, cancellationToken)).ConfigureAwait(false);
                    }
                }
                if (more)
                {
                    // The next slice is gathered on another task while this one is written, so parsing keeps pace with
                    // writing (gathering it after the commit would leave the writer idle for a slice's parse each time).
                    // Its rows are only read here; they are written in the next slice's own transaction.
                    var into = next;
                    gathering = Task.Run(() => FillAsync(pending, into, sliceRows, _provider, stopGathering.Token), CancellationToken.None);
                }
                await using (var writer = _provider.CreateFileRowWriter(connection, transaction, fileId.Value, _q))
                {
                    await WriteSliceAsync(writer, file, slice, counts, cancellationToken).ConfigureAwait(false);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    counts.Inserted += writer.RequestsStored;
                }
                slice.Clear();
                if (!more)
                {
                    var stored = await FinishFileAsync(connection, transaction, file, fileId.Value, counts, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    finished = true;
                    return stored;
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                loading = true;
                // Another writer takes the lock here, while the rest of the next slice is gathered.
                more = await gathering!.ConfigureAwait(false);
                gathering = null;
                (slice, next) = (next, slice);
            }
        }
        catch when (loading)
        {
            await StopGatheringAsync(stopGathering, gathering).ConfigureAwait(false);
            // Committed slices of a file that will not be finished: remove them (a killed process leaves them to the next sweep).
            try
            {
                await RemoveLoadingFileAsync(fileId!.Value).ConfigureAwait(false);
            }
            catch (DbException)
            {
                // Left 'loading' (invisible): the next sweep removes it. The original failure is the one to report.
            }
            throw;
        }
        finally
        {
            // The enumerator is disposed after this, and must not be in use by a gathering task then.
            await StopGatheringAsync(stopGathering, gathering).ConfigureAwait(false);
            if (_provider.AfterSlices is { } after)
            {
                // Not cancellable: the pooled connection goes back as it came.
                try
                {
                    await connection.ExecuteAsync(Command(after, null, null, CancellationToken.None)).ConfigureAwait(false);
                }
                catch (DbException) when (!finished)
                {
                    // The write already failed (this is its unwinding); that failure is the one to report.
                }
            }
            if (fileId is { } id)
            {
                LoadingHere.TryRemove((LoadingDatabase, id), out _);
            }
        }
    }

    /// <summary>Stops a gathering task the write loop no longer wants and waits for it to end, so the enumerator it reads is free to dispose.</summary>
    /// <remarks>The write loop has already failed or finished; whatever the gathering met after that (its cancellation, a row it refused) is not the failure to report.</remarks>
    private static async Task StopGatheringAsync(CancellationTokenSource stop, Task<bool>? gathering)
    {
        if (gathering is null)
        {
            return;
        }
        if (!gathering.IsCompleted)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
        // WhenAny waits without rethrowing; reading Exception marks a failure as observed.
        await Task.WhenAny(gathering).ConfigureAwait(false);
        _ = gathering.Exception;
    }

    /// <summary>Gathers up to <paramref name="sliceRows"/> rows; false when the file has no rows after them.</summary>
    private static async Task<bool> FillAsync(IAsyncEnumerator<(ParsedRow Row, byte[]? Fingerprint)> pending, GatheredSlice slice, int sliceRows, StorageProvider provider, CancellationToken cancellationToken)
    {
        while (slice.Count < sliceRows)
        {
            if ((slice.Count & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (!await pending.MoveNextAsync().ConfigureAwait(false))
            {
                return false;
            }
            slice.Add(pending.Current.Row, pending.Current.Fingerprint, provider);
        }
        return true;
    }

    /// <summary>Writes a gathered slice through <paramref name="writer"/> in file order and counts its rows.</summary>
    private static async ValueTask WriteSliceAsync(IFileRowWriter writer, NewFile file, GatheredSlice slice, FileCounts counts, CancellationToken cancellationToken)
    {
        var requests = writer as IGatheredRequestWriter
            ?? throw new InvalidOperationException($"{writer.GetType().Name} cannot write a gathered slice's requests");
        for (var i = 0; i < slice.Count; i++)
        {
            if (slice.Row(i) is { } row)
            {
                await WriteRowAsync(writer, file, row, null, counts, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                AddGatheredRequest(requests, slice, i, counts, cancellationToken);
            }
        }
    }

    private static void AddGatheredRequest(IGatheredRequestWriter writer, GatheredSlice slice, int index, FileCounts counts, CancellationToken cancellationToken)
    {
        if (((counts.Accepted + counts.Rejected) & 0x3FF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        counts.Accepted++;
        counts.Requests++;
        writer.AddGatheredRequest(slice.Request(index));
    }

    private async Task<long> InsertFileRowAsync(DbConnection connection, DbTransaction transaction, NewFile file, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.ExecuteScalarAsync<long>(Command(_q.InsertFile, FileParameters(file), transaction, cancellationToken)).ConfigureAwait(false);
        }
        catch (DbException ex) when (_provider.IsUniqueViolation(ex))
        {
            // The same content is stored, or is being loaded by another ingest right now (which will store it).
            throw AlreadyStored(file, await FindFileAsync(connection, transaction, file.Sha256, cancellationToken).ConfigureAwait(false), ex);
        }
    }

    /// <summary>The last slice's work: counts, requests taken over from files still loading, supersession, and the status that makes the file visible.</summary>
    private async Task<StoredFile> FinishFileAsync(DbConnection connection, DbTransaction transaction, NewFile file, long fileId, FileCounts counts, CancellationToken cancellationToken)
    {
        var id = new DynamicParameters();
        id.Add("file_id", fileId);
        var held = (await connection.QueryAsync<CopyRow>(Command(_q.CopiesHeldByLoading, id, transaction, cancellationToken)).ConfigureAwait(false)).ToList();
        foreach (var copy in held)
        {
            var request = new DynamicParameters();
            request.Add("id", copy.RequestId);
            await connection.ExecuteAsync(Command(_q.KeepLoadingVersion, request, transaction, cancellationToken)).ConfigureAwait(false);
            var pass = new DynamicParameters();
            pass.Add("id", copy.RequestId);
            pass.Add("copy_id", copy.CopyId);
            await connection.ExecuteAsync(Command(_q.PassRequest, pass, transaction, cancellationToken)).ConfigureAwait(false);
            var drop = new DynamicParameters();
            drop.Add("id", copy.CopyId);
            await connection.ExecuteAsync(Command(_q.DropCopy, drop, transaction, cancellationToken)).ConfigureAwait(false);
            // The loading file now holds a copy: one more of its rows is already stored (its finishing adds the rest).
            var owner = new DynamicParameters();
            owner.Add("file_id", copy.FileId);
            await connection.ExecuteAsync(Command(_q.CountDuplicate, owner, transaction, cancellationToken)).ConfigureAwait(false);
        }
        counts.Inserted += held.Count;

        var alreadyStored = counts.Requests - counts.Inserted;
        var p = new DynamicParameters();
        p.Add("rows_read", counts.Accepted + counts.Rejected);
        p.Add("accepted", counts.Accepted);
        p.Add("rejected", counts.Rejected);
        p.Add("already_stored", alreadyStored);
        p.Add("id", fileId);
        await connection.ExecuteAsync(Command(_q.UpdateFileCounts, p, transaction, cancellationToken)).ConfigureAwait(false);
        await SupersedeEarlierAsync(connection, transaction, file, fileId, cancellationToken).ConfigureAwait(false);
        var finish = new DynamicParameters();
        finish.Add("id", fileId);
        await connection.ExecuteAsync(Command(_q.FinishLoading, finish, transaction, cancellationToken)).ConfigureAwait(false);
        // Requests another file took over while this one was loading were counted on this file's row already.
        var row = await GetFileInAsync(connection, transaction, fileId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"File {fileId} vanished while it was being stored");
        return row;
    }

    /// <summary>Removes every 'loading' file whose process is gone, each in its own transaction, as removing the file would.</summary>
    private async Task RemoveAbandonedLoadsAsync(string loadingFiles, CancellationToken cancellationToken)
    {
        List<LoadingRow> loading;
        await using (var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            loading = (await connection.QueryAsync<LoadingRow>(Command(loadingFiles, null, null, cancellationToken)).ConfigureAwait(false)).ToList();
        }
        foreach (var file in loading.Where(f => IsAbandoned(LoadingDatabase, f.Id, f.LoadingBy)))
        {
            await RemoveLoadingFileAsync(file.Id).ConfigureAwait(false);
        }
    }

    private async Task RemoveLoadingFileAsync(long fileId)
    {
        // Not cancellable: this undoes a file that must not stay half-written.
        await using var connection = await _provider.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await _provider.BeginWriteAsync(connection, CancellationToken.None).ConfigureAwait(false);
        await RemoveFileInAsync(connection, transaction, fileId, _q.RemovedFile, CancellationToken.None).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>True when the process that began loading <paramref name="fileId"/> is gone (on this machine); another machine's loads are left alone.</summary>
    private static bool IsAbandoned(string database, long fileId, string? loadingBy)
    {
        if (LoadingHere.ContainsKey((database, fileId)))
        {
            return false;
        }
        var parts = (loadingBy ?? "").Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid) || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var started))
        {
            return true;
        }
        if (!string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal))
        {
            return false;
        }
        if (pid == Environment.ProcessId)
        {
            // This process, but not loading it now: a load that failed and could not undo itself.
            return true;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || process.StartTime.ToUniversalTime().Ticks != started;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return true;
        }
    }

    /// <summary>Writes one parsed row through <paramref name="writer"/> and counts it.</summary>
    private static async ValueTask WriteRowAsync(IFileRowWriter writer, NewFile file, ParsedRow row, byte[]? fingerprint, FileCounts counts, CancellationToken cancellationToken)
    {
        if (((counts.Accepted + counts.Rejected) & 0x3FF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        if (row.Issues.Count > 0)
        {
            // A row with several issues is one rejected row with several stored reasons.
            counts.Rejected++;
            foreach (var issue in row.KeepIssues ? row.Issues : [])
            {
                await writer.AddRejectAsync(issue, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (row.Request is { } request)
        {
            counts.Accepted++;
            counts.Requests++;
            await writer.AddRequestAsync(request, fingerprint!, row.Line, cancellationToken).ConfigureAwait(false);
        }
        else if (row.Catalogue is { } entry)
        {
            counts.Accepted++;
            await writer.AddCatalogueAsync(entry, row.Line, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new ArgumentException($"{file.Name} line {row.Line}: a row must hold a request, a catalogue entry or its issues", nameof(row));
        }
    }

    /// <summary>A file's running counts across its slices.</summary>
    private sealed class FileCounts
    {
        public int Accepted { get; set; }

        public int Rejected { get; set; }

        public int Requests { get; set; }

        /// <summary>Requests this file's rows hold (inserted, or taken over from a file still loading).</summary>
        public int Inserted { get; set; }
    }

    private sealed class LoadingRow
    {
        public long Id { get; set; }

        public string? LoadingBy { get; set; }
    }
}
