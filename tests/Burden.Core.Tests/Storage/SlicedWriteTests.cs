using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Storage;
using Microsoft.Data.Sqlite;
using static Burden.Core.Tests.Storage.StoreTestData;

namespace Burden.Core.Tests.Storage;

/// <summary>
/// SQLite writes a large file in committed slices: other writers get in between, readers see nothing of the file until
/// it is whole, and an interrupted or abandoned load leaves nothing.
/// </summary>
public sealed class SlicedWriteTests : IDisposable
{
    private const int Slice = 1_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _dir = new();
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _resume = new();

    private string Db => _dir.File("burden.db");

    public void Dispose()
    {
        _resume.Set();
        _resume.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task SaveFileAsync_LargeFileLoading_ReadersSeeNothingOfItAndASmallUploadCompletesMeanwhile()
    {
        var store = await BurdenStores.OpenSqliteAsync(Db, Slice);
        var largeFile = File("large.csv", org: "RYJ");
        var large = Task.Run(() => store.SaveFileAsync(largeFile, PausedAt(5_000, Large(10_000, rejectLine: 3))));
        await WaitForCommittedSlicesAsync();

        // Slices are committed, yet nothing of the file is visible to any reader.
        Assert.True(await RawCountAsync("requests") >= Slice);
        Assert.Empty(await store.LoadRequestsAsync(new RequestQuery(null, null)));
        Assert.Empty(await store.ListFilesAsync());
        Assert.Empty(await store.ListOrganisationsAsync(null));
        Assert.Empty(await store.LoadRejectsAsync());
        Assert.Null(await store.FindFileByHashAsync(largeFile.Sha256));

        // Another writer gets the lock between slices: a small upload is stored while the large one is still loading.
        var small = await store.SaveFileAsync(File("small.csv"), Enumerable.Range(0, 3).Select(i => Accepted(Request($"Small {i}", new DateOnly(2022, 12, 1), file: "small.csv", line: i + 2))))
            .WaitAsync(Patience);
        Assert.False(large.IsCompleted);
        Assert.Equal(3, small.Accepted);
        Assert.Equal(["small.csv"], (await store.ListFilesAsync()).Select(f => f.Name));
        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);

        _resume.Set();
        var stored = await large.WaitAsync(Patience);

        Assert.Equal((10_000, 9_999, 1, 0), (stored.RowsRead, stored.Accepted, stored.Rejected, stored.AlreadyStored));
        var requests = await store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(9_999, requests.Count(r => r.SourceFile == "large.csv"));
        Assert.Equal(3, requests.Count(r => r.SourceFile == "small.csv"));
        Assert.Equal(["QMM", "RYJ"], await store.ListOrganisationsAsync(null));
        Assert.Single(await store.LoadRejectsAsync("large.csv"));
        Assert.Equal(0L, await RawCountAsync("files WHERE loading <> 0"));
    }

    [Fact]
    public async Task SaveFileAsync_AnotherDatabaseFinishesAFileWithTheSameId_TheLoadHereIsNotTakenForAbandoned()
    {
        // Two databases in one process (the service's tests, a bench, two stores): file ids are per database.
        var store = await BurdenStores.OpenSqliteAsync(Db, Slice);
        var other = await BurdenStores.OpenSqliteAsync(_dir.File("other.db"), Slice);
        var large = Task.Run(() => store.SaveFileAsync(File("large.csv", org: "RYJ"), PausedAt(5_000, Large(10_000))));
        await WaitForCommittedSlicesAsync();

        // The other database stores its first file (the same id as the paused one) in slices and finishes it.
        var elsewhere = await other.SaveFileAsync(File("large.csv", org: "RYJ"), Large(3_000)).WaitAsync(Patience);
        Assert.Equal(1L, await RawCountAsync($"files WHERE loading <> 0 AND id = {elsewhere.Id}"));

        // A small upload sweeps abandoned loads first: the paused load is this process's, and still running.
        await store.SaveFileAsync(File("small.csv"), [Accepted(Request("Small", new DateOnly(2022, 12, 1), file: "small.csv"))]).WaitAsync(Patience);
        _resume.Set();
        var stored = await large.WaitAsync(Patience);

        Assert.Equal(10_000, stored.Accepted);
        var requests = await store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(10_000, requests.Count(r => r.SourceFile == "large.csv"));
        Assert.Equal(["large.csv", "small.csv"], (await store.ListFilesAsync()).Select(f => f.Name).Order());
    }

    [Fact]
    public async Task SaveFileAsync_SameRequestInALoadingFileAndASmallOne_TheFileVisibleFirstKeepsIt()
    {
        var store = await BurdenStores.OpenSqliteAsync(Db, Slice);
        var shared = Request("Current bed position", new DateOnly(2022, 11, 1), org: "RYJ");
        var large = Task.Run(() => store.SaveFileAsync(File("large.csv", org: "RYJ"), PausedAt(5_000, Large(10_000))));
        await WaitForCommittedSlicesAsync();

        // The large file wrote the request first (line 2, slice one) but is still loading: the small file finishes first.
        var small = await store.SaveFileAsync(File("small.csv"), [Accepted(shared with { SourceFile = "small.csv", HoursSpent = 3m })]).WaitAsync(Patience);
        Assert.Equal((1, 0), (small.Accepted, small.AlreadyStored));
        var kept = Assert.Single(await store.LoadRequestsAsync(new RequestQuery(null, null)));
        Assert.Equal(("small.csv", 3m), (kept.SourceFile, kept.HoursSpent));

        _resume.Set();
        var stored = await large.WaitAsync(Patience);

        // Counted once: the large file holds it as already stored.
        Assert.Equal((10_000, 1), (stored.Accepted, stored.AlreadyStored));
        var requests = await store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(10_000, requests.Count);
        Assert.Equal("small.csv", requests.Single(r => r.Title == shared.Title).SourceFile);

        // Removing the file that kept it passes it to the large file, with the large file's line.
        var small2 = (await store.ListFilesAsync()).Single(f => f.Name == "small.csv");
        await store.RemoveFileAsync(small2.Id);
        var passed = (await store.LoadRequestsAsync(new RequestQuery(null, null))).Single(r => r.Title == shared.Title);
        Assert.Equal(("large.csv", 2), (passed.SourceFile, passed.SourceLine));
        Assert.Equal(0, (await store.GetFileAsync(stored.Id))!.AlreadyStored);
        Assert.Equal(10_000, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    [Fact]
    public async Task SaveFileAsync_ThrowAfterSlicesWereCommitted_LeavesNothingAndTheFileCanBeStoredAfter()
    {
        var store = await BurdenStores.OpenSqliteAsync(Db, Slice);
        var file = File("large.csv", org: "RYJ");

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => store.SaveFileAsync(file, ThrowAt(4_500, Large(10_000))));

        Assert.Equal("row 4500 cannot be read", thrown.Message);
        Assert.Equal(0L, await RawCountAsync("requests"));
        Assert.Equal(0L, await RawCountAsync("files"));
        var stored = await store.SaveFileAsync(file, Large(10_000));
        Assert.Equal((10_000, 0), (stored.Accepted, stored.AlreadyStored));
        Assert.Equal(10_000, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    [Fact]
    public async Task SaveFileAsync_WriteFailsWhileTheNextSliceIsGathered_LeavesNothingAndTheFileCanBeStoredAfter()
    {
        var store = await BurdenStores.OpenSqliteAsync(Db, Slice);
        var file = File("large.csv", org: "RYJ");
        // Row 4,500 holds neither a request nor its issues: writing it fails in slice five while slice six is being gathered.
        var rows = Large(10_000).Select((row, i) => i == 4_500 ? new ParsedRow { Line = row.Line } : row);

        var thrown = await Assert.ThrowsAsync<ArgumentException>(() => store.SaveFileAsync(file, rows)).WaitAsync(Patience);

        Assert.Contains("line 4502", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await RawCountAsync("requests"));
        Assert.Equal(0L, await RawCountAsync("files"));
        var stored = await store.SaveFileAsync(file, Large(10_000));
        Assert.Equal((10_000, 0), (stored.Accepted, stored.AlreadyStored));
        Assert.Equal(10_000, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    [Fact]
    public async Task OpenSqliteAsync_FileLeftLoadingByAProcessThatIsGone_IsRemovedAndItsRequestPassesToTheCopy()
    {
        var store = await BurdenStores.OpenSqliteAsync(Db, Slice);
        var request = Request("Weekly SitRep", new DateOnly(2022, 11, 7));
        var abandoned = await store.SaveFileAsync(File("abandoned.csv"), [Accepted(request with { SourceFile = "abandoned.csv" }), Accepted(Request("Only here", new DateOnly(2022, 11, 8)))]);
        var other = await store.SaveFileAsync(File("other.csv"), [Accepted(request with { SourceFile = "other.csv", SourceLine = 9 })]);
        // As a killed ingest leaves it: still loading, written by a process that no longer runs.
        await ExecuteAsync($"UPDATE files SET loading = 1, loading_by = '{Environment.MachineName}:{int.MaxValue}:0' WHERE id = {abandoned.Id}");

        var reopened = await BurdenStores.OpenSqliteAsync(Db, Slice);

        Assert.Null(await reopened.GetFileAsync(abandoned.Id));
        var kept = Assert.Single(await reopened.LoadRequestsAsync(new RequestQuery(null, null)));
        Assert.Equal(("other.csv", 9), (kept.SourceFile, kept.SourceLine));
        Assert.Equal(0, (await reopened.GetFileAsync(other.Id))!.AlreadyStored);
        Assert.Equal(1L, await RawCountAsync("requests"));
    }

    [Fact]
    public async Task SaveFileAsync_EveryColumnFilledOrEmpty_ReadsBackAsWrittenInOneTransaction()
    {
        // Slices keep their requests as encoded values until written; the same rows stored in one transaction are the reference.
        var sliced = await BurdenStores.OpenSqliteAsync(Db, Slice);
        var whole = await BurdenStores.OpenSqliteAsync(_dir.File("whole.db"), null);
        IEnumerable<ParsedRow> Rows() => Enumerable.Range(0, 3_500).Select(i => i == 1_700
            ? Rejected("varied.csv", i + 2, ("hours_spent", "lots", "not a number"))
            : Accepted(Request($"Délai d'attente {i} — 🏥 lits", new DateOnly(2022, 11, 1).AddDays(i % 40), org: i % 2 == 0 ? "RYJ" : "QMM", file: "varied.csv", line: i + 2) with
            {
                Requester = i % 3 == 0 ? "NHS England – région Est" : "CQC",
                DataItems = i % 4 == 0 ? ["Lits occupés"] : ["Beds open", "Beds occupied", $"Item {i % 7}"],
                CollectionRef = i % 5 == 0 ? null : $"REF{i % 50:000}",
                HoursSpent = i % 6 == 0 ? null : i * 0.25m,
                StaffBand = i % 7 == 0 ? null : "8a",
                Channel = i % 2 == 0 ? "email" : null,
                DueDate = i % 9 == 0 ? new DateOnly(2023, 1, 31) : null,
                Purpose = i % 11 == 0 ? "Winter planning: « bed state »" : null,
                ApprovalRef = i % 13 == 0 ? "DCB2050" : null,
            }));

        var a = await sliced.SaveFileAsync(File("varied.csv", content: "varied"), Rows()).WaitAsync(Patience);
        var b = await whole.SaveFileAsync(File("varied.csv", content: "varied"), Rows()).WaitAsync(Patience);

        Assert.Equal((3_499, 1), (a.Accepted, a.Rejected));
        Assert.Equal((b.RowsRead, b.Accepted, b.Rejected, b.AlreadyStored), (a.RowsRead, a.Accepted, a.Rejected, a.AlreadyStored));
        var expected = (await whole.LoadRequestsAsync(new RequestQuery(null, null))).OrderBy(r => r.SourceLine).ToList();
        var actual = (await sliced.LoadRequestsAsync(new RequestQuery(null, null))).OrderBy(r => r.SourceLine).ToList();
        Assert.Equal(3_499, actual.Count);
        Assert.Equal(expected.Select(Describe), actual.Select(Describe));
        Assert.Equal(
            (await whole.LoadRejectsAsync()).Select(r => (r.Issue.Line, r.Issue.Column, r.Issue.Value, r.Issue.Message)),
            (await sliced.LoadRejectsAsync()).Select(r => (r.Issue.Line, r.Issue.Column, r.Issue.Value, r.Issue.Message)));
        // The stored fingerprints are the same too: uploading the file again to either store adds nothing.
        var again = await sliced.SaveFileAsync(File("varied-again.csv"), Rows()).WaitAsync(Patience);
        Assert.Equal(3_499, again.AlreadyStored);
    }

    private static string Describe(RequestRecord r) => string.Join(" | ",
        r.OrgCode, r.ReceivedDate.ToString("O"), r.Requester, r.Title, r.Frequency, string.Join(";", r.DataItems), r.CollectionRef ?? "(null)",
        r.HoursSpent?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(null)", r.StaffBand ?? "(null)", r.Channel ?? "(null)",
        r.DueDate?.ToString("O") ?? "(null)", r.Purpose ?? "(null)", r.ApprovalRef ?? "(null)", r.SourceFile, r.SourceLine);

    [Fact]
    public async Task OpenSqliteAsync_FileLoadingInAProcessStillRunning_IsLeftAlone()
    {
        var store = await BurdenStores.OpenSqliteAsync(Db, Slice);
        var file = await store.SaveFileAsync(File("elsewhere.csv"), [Accepted(Request("Weekly SitRep", new DateOnly(2022, 11, 7)))]);
        // Another live process on this machine: pid 1 always runs; its start time is what the owner string records.
        using var init = System.Diagnostics.Process.GetProcessById(1);
        await ExecuteAsync($"UPDATE files SET loading = 1, loading_by = '{Environment.MachineName}:1:{init.StartTime.ToUniversalTime().Ticks}' WHERE id = {file.Id}");

        var reopened = await BurdenStores.OpenSqliteAsync(Db, Slice);

        Assert.NotNull(await reopened.GetFileAsync(file.Id));
        Assert.Empty(await reopened.LoadRequestsAsync(new RequestQuery(null, null)));
    }

    private static IEnumerable<ParsedRow> Large(int rows, int? rejectLine = null)
    {
        for (var i = 0; i < rows; i++)
        {
            var line = i + 2;
            yield return line == rejectLine
                ? Rejected("large.csv", line, ("received_date", "31/02/2022", "not a date"))
                : Accepted(Request(i == 0 ? "Current bed position" : $"Large {i}", new DateOnly(2022, 11, 1).AddDays(i % 28), org: "RYJ", file: "large.csv", line: line));
        }
    }

    private IEnumerable<ParsedRow> PausedAt(int index, IEnumerable<ParsedRow> rows)
    {
        var i = 0;
        foreach (var row in rows)
        {
            if (i++ == index)
            {
                // The reader thread waits here, mid-file, until the test has looked and written what it wants.
                _paused.TrySetResult();
                _resume.Wait(Patience);
            }
            yield return row;
        }
    }

    private static IEnumerable<ParsedRow> ThrowAt(int index, IEnumerable<ParsedRow> rows)
    {
        var i = 0;
        foreach (var row in rows)
        {
            if (i++ == index)
            {
                throw new InvalidDataException($"row {index} cannot be read");
            }
            yield return row;
        }
    }

    private async Task WaitForCommittedSlicesAsync()
    {
        await _paused.Task.WaitAsync(Patience);
        var deadline = DateTime.UtcNow + Patience;
        while (await RawCountAsync("requests") < Slice * 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the large file's first slices were never committed");
            await Task.Delay(50);
        }
    }

    private async Task<long> RawCountAsync(string from)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {from}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
