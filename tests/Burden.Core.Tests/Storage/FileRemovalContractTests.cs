using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using static Burden.Core.Tests.Storage.StoreTestData;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Storage;

/// <summary>Removing and replacing a stored file, and superseded rejects, on every engine (SQLite always; SQL Server when configured).</summary>
public abstract class FileRemovalContractTests<TProvider> : IAsyncLifetime
    where TProvider : StoreProvider, new()
{
    protected TProvider Provider { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Provider.DisposeAsync();

    private async Task<IBurdenStore> NewStoreAsync() => await Provider.OpenAsync(await Provider.CreateDatabaseAsync(), new FakeTimeProvider(Noon));

    private static readonly DateOnly Nov1 = new(2022, 11, 1);

    [SkippableFact]
    public async Task RemoveFileAsync_FileWithRequestsAndRejects_LeavesNothingOfIt()
    {
        var store = await NewStoreAsync();
        var keep = await store.SaveFileAsync(File("other.csv"), Requests("other.csv", 2, "Other"));
        var wrong = await store.SaveFileAsync(File("wrong.csv"), Requests("wrong.csv", 3).Append(Rejected("wrong.csv", 5, ("received_date", "x", "bad date"))));
        var upload = await store.CreateUploadAsync(new NewUpload("wrong.csv", "QMM", null, [1], "api", Noon));
        await store.UpdateUploadAsync(upload, UploadStatus.Done, 3, 1, "wrong.csv: accepted 3, rejected 1", wrong.Id);

        var removal = await store.RemoveFileAsync(wrong.Id);

        Assert.Equal((3, 0, 1, 1), (removal.RequestsRemoved, removal.RequestsKept, removal.RejectsRemoved, removal.UploadsMarkedRemoved));
        Assert.Equal([keep.Id], (await store.ListFilesAsync()).Select(f => f.Id));
        Assert.All(await store.LoadRequestsAsync(new RequestQuery(null, null)), r => Assert.Equal("other.csv", r.SourceFile));
        Assert.Empty(await store.LoadRejectsAsync(null, includeSuperseded: true));
        var after = (await store.GetUploadAsync(upload))!;
        Assert.Equal((UploadStatus.Removed, (long?)null), (after.Status, after.FileId));
        Assert.Null(await store.GetFileAsync(wrong.Id));
    }

    [SkippableFact]
    public async Task RemoveFileAsync_RequestAnotherFileAlsoHolds_KeptUnderThatFile()
    {
        var store = await NewStoreAsync();
        var shared = Request("Weekly SitRep", Nov1, file: "first.csv", line: 2) with { HoursSpent = 2m };
        var first = await store.SaveFileAsync(File("first.csv"), [Accepted(shared), Accepted(Request("Only in first", Nov1, file: "first.csv", line: 3))]);
        var second = await store.SaveFileAsync(File("second.csv"), [Accepted(shared with { Title = "weekly sitrep", HoursSpent = 5m, StaffBand = "7", SourceFile = "second.csv", SourceLine = 7 })]);
        Assert.Equal(1, second.AlreadyStored);

        var removal = await store.RemoveFileAsync(first.Id);

        Assert.Equal((1, 1), (removal.RequestsRemoved, removal.RequestsKept));
        var left = Assert.Single(await store.LoadRequestsAsync(new RequestQuery(null, null)));
        // As the second file gave it: its wording, hours and band, its line.
        Assert.Equal(("weekly sitrep", 5m, "7", "second.csv", 7), (left.Title, left.HoursSpent, left.StaffBand, left.SourceFile, left.SourceLine));
        // The second file now stores it itself: nothing of it counts as already stored any more.
        Assert.Equal(0, (await store.GetFileAsync(second.Id))!.AlreadyStored);
        // And removing the second file as well now takes it away.
        Assert.Equal(1, (await store.RemoveFileAsync(second.Id)).RequestsRemoved);
        Assert.Empty(await store.LoadRequestsAsync(new RequestQuery(null, null)));
    }

    [SkippableFact]
    public async Task RemoveFileAsync_NoSuchFile_Throws()
    {
        var store = await NewStoreAsync();
        var failure = await Assert.ThrowsAsync<BurdenException>(() => store.RemoveFileAsync(99));
        Assert.Contains("no stored file 99", failure.Message);
    }

    [SkippableFact]
    public async Task ReplaceFileAsync_NewFileFailsPartWay_OldFileStaysWhole()
    {
        var store = await NewStoreAsync();
        var old = await store.SaveFileAsync(File("log.csv"), Requests("log.csv", 3));

        await Assert.ThrowsAsync<FileRefusedException>(() => store.ReplaceFileAsync(old.Id, File("log.csv"), FailAfterOne()));

        Assert.Equal([old.Id], (await store.ListFilesAsync()).Select(f => f.Id));
        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    [SkippableFact]
    public async Task ReplaceFileAsync_CorrectedFile_OnlyTheCorrectedRowsRemain()
    {
        var store = await NewStoreAsync();
        var old = await store.SaveFileAsync(File("log.csv"), Requests("log.csv", 3, "Old"));

        var (removed, stored) = await store.ReplaceFileAsync(old.Id, File("log.csv"), Requests("log.csv", 2, "New"));

        Assert.Equal(3, removed.RequestsRemoved);
        Assert.Equal([stored.Id], (await store.ListFilesAsync()).Select(f => f.Id));
        Assert.All(await store.LoadRequestsAsync(new RequestQuery(null, null)), r => Assert.StartsWith("New", r.Title));
    }

    [SkippableFact]
    public async Task SaveFileAsync_LaterFileOfSameNameAndOrg_SupersedesEarlierRejects()
    {
        var store = await NewStoreAsync();
        var first = await store.SaveFileAsync(File("log.csv"), Requests("log.csv", 1).Append(Rejected("log.csv", 3, ("staff_band", "12", "not a band"))));
        await store.SaveFileAsync(File("log.csv", org: "QUE"), [Rejected("log.csv", 2, ("received_date", "x", "QUE's own reject"))]);
        var corrected = await store.SaveFileAsync(File("log.csv"), Requests("log.csv", 2));

        var current = await store.LoadRejectsAsync(null, includeSuperseded: false);
        var all = await store.LoadRejectsAsync(null, includeSuperseded: true);

        Assert.Equal(["QUE's own reject"], current.Select(r => r.Issue.Message));
        Assert.Equal(2, all.Count);
        Assert.Equal(corrected.Id, (await store.GetFileAsync(first.Id))!.SupersededBy);
        // Removing the corrected file makes the earlier one current again.
        await store.RemoveFileAsync(corrected.Id);
        Assert.Equal(2, (await store.LoadRejectsAsync("log.csv", includeSuperseded: false)).Count);
    }

    [SkippableFact]
    public async Task ListUploadPageAsync_ManyUploads_NewestFirstPagedAndFiltered()
    {
        var store = await NewStoreAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await store.CreateUploadAsync(new NewUpload($"u{i}.csv", i % 2 == 0 ? "QMM" : "QUE", null, [1], "api", Noon.AddMinutes(i))));
        }

        var firstPage = await store.ListUploadPageAsync(null, 0, 2);
        var secondPage = await store.ListUploadPageAsync(null, 2, 2);
        var que = await store.ListUploadPageAsync("QUE", 0, 10);

        Assert.Equal([ids[4], ids[3]], firstPage.Select(u => u.Id));
        Assert.Equal([ids[2], ids[1]], secondPage.Select(u => u.Id));
        Assert.Equal([ids[3], ids[1]], que.Select(u => u.Id));
    }

    private static IEnumerable<ParsedRow> FailAfterOne()
    {
        yield return Accepted(Request("New", Nov1, file: "log.csv", line: 2));
        throw new FileRefusedException("log.csv", RefusalKind.Damaged, "the workbook ends part-way");
    }
}

/// <summary>File removal on a real SQLite file.</summary>
public sealed class SqliteFileRemovalTests : FileRemovalContractTests<SqliteStoreProvider>
{
}

/// <summary>File removal on SQL Server, when BURDEN_TEST_SQLSERVER names one.</summary>
public sealed class SqlServerFileRemovalTests : FileRemovalContractTests<SqlServerStoreProvider>
{
}
