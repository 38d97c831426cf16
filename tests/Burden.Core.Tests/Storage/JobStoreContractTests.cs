using Burden.Core.Storage;
using static Burden.Core.Tests.Storage.StoreTestData;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Storage;

/// <summary>The store's durable job records and upload byte release, on every engine (SQL Server when configured).</summary>
public abstract class JobStoreContractTests<TProvider> : IAsyncLifetime
    where TProvider : StoreProvider, new()
{
    protected TProvider Provider { get; } = new();

    protected FakeTimeProvider Time { get; } = new(Noon);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Provider.DisposeAsync();

    private async Task<IBurdenStore> NewStoreAsync() => await Provider.OpenAsync(await Provider.CreateDatabaseAsync(), Time);

    [SkippableFact]
    public async Task CreateJobAsync_ReportAndBaseline_ListedUnfinishedUntilFinished()
    {
        var store = await NewStoreAsync();
        var report = await store.CreateJobAsync(new NewJob(JobKind.Report, "2022-11", "QMM", null, Noon));
        var baseline = await store.CreateJobAsync(new NewJob(JobKind.Baseline, null, null, "start-2025", Noon));

        var before = await store.ListUnfinishedJobsAsync();
        await store.FinishJobAsync(report, JobStatus.Done, null);
        var after = await store.ListUnfinishedJobsAsync();

        Assert.Equal([report, baseline], before.Select(j => j.Id));
        Assert.Equal(new JobRecord(report, JobKind.Report, "2022-11", "QMM", null, JobStatus.Queued, null, Noon), before[0]);
        Assert.Equal("start-2025", before[1].Name);
        Assert.Equal(baseline, Assert.Single(after).Id);
        Assert.Equal(JobStatus.Done, (await store.GetJobAsync(report))!.Status);
    }

    [SkippableFact]
    public async Task AddJobPartsAsync_SomeDoneThenAddedAgain_OwesOnlyTheOthers()
    {
        var store = await NewStoreAsync();
        var monthly = await store.CreateJobAsync(new NewJob(JobKind.Monthly, "2022-11", null, null, Noon));
        await store.AddJobPartsAsync(monthly, ["QMM", "RXH", "*"]);
        await store.MarkJobPartDoneAsync(monthly, "QMM");

        // A restart records the parts again, with an organisation that arrived since: QMM stays done.
        await store.AddJobPartsAsync(monthly, ["QMM", "RXH", "RYJ", "*"]);

        Assert.Equal(["*", "RXH", "RYJ"], await store.ListOwedJobPartsAsync(monthly));
    }

    [SkippableFact]
    public async Task ReleaseUploadContentAsync_OneAndDoneBeforeCutoff_BytesDroppedRecordsKept()
    {
        var store = await NewStoreAsync();
        var refused = await store.CreateUploadAsync(new NewUpload("refused.csv", "QMM", null, [1, 2, 3], "api", Noon));
        var old = await store.CreateUploadAsync(new NewUpload("old.csv", "QMM", null, [4, 5, 6], "api", Noon));
        var queued = await store.CreateUploadAsync(new NewUpload("queued.csv", "QMM", null, [7, 8, 9], "api", Noon));
        await store.UpdateUploadAsync(refused, UploadStatus.Refused, 0, 0, "refused: no header", null);
        await store.UpdateUploadAsync(old, UploadStatus.Done, 3, 0, "accepted 3", null);

        await store.ReleaseUploadContentAsync(refused);
        var released = await store.ReleaseUploadContentAsync(Noon.AddSeconds(1));

        Assert.Equal(1, released);
        Assert.Empty((await store.LoadUploadContentAsync(refused))!);
        Assert.Empty((await store.LoadUploadContentAsync(old))!);
        Assert.Equal([7, 8, 9], await store.LoadUploadContentAsync(queued));
        Assert.Equal("accepted 3", (await store.GetUploadAsync(old))!.Message);
    }

    [SkippableFact]
    public async Task ReleaseUploadContentAsync_DoneAfterCutoff_BytesKept()
    {
        var store = await NewStoreAsync();
        var recent = await store.CreateUploadAsync(new NewUpload("recent.csv", "QMM", null, [1, 2, 3], "api", Noon));
        await store.UpdateUploadAsync(recent, UploadStatus.Done, 3, 0, "accepted 3", null);

        var released = await store.ReleaseUploadContentAsync(Noon.AddDays(-30));

        Assert.Equal(0, released);
        Assert.Equal([1, 2, 3], await store.LoadUploadContentAsync(recent));
    }
}

/// <summary>Job records on a real SQLite file.</summary>
public sealed class SqliteJobStoreTests : JobStoreContractTests<SqliteStoreProvider>
{
}

/// <summary>Job records on SQL Server, when BURDEN_TEST_SQLSERVER names one; skipped otherwise.</summary>
public sealed class SqlServerJobStoreTests : JobStoreContractTests<SqlServerStoreProvider>
{
}

/// <summary>Job records on PostgreSQL, when BURDEN_TEST_POSTGRES names a server; skipped otherwise.</summary>
public sealed class PostgresJobStoreTests : JobStoreContractTests<PostgresStoreProvider>
{
}
