using System.Text;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Jobs;
using Burden.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Burden.Storage;

namespace Burden.Worker.Tests.Jobs;

/// <summary>The ingest job against a real SQLite store: running it again never counts twice.</summary>
public class IngestUploadJobReentrancyTests
{
    [Fact]
    public async Task Run_SameUploadTwiceEvenAfterCrashBeforeStatus_CountsOnce()
    {
        using var dir = new TempDirectory();
        var store = await BurdenStores.OpenAsync(dir.File("burden.db"));
        var job = new IngestUploadJob(store, new IngestPipeline(store), NullLogger<IngestUploadJob>.Instance);
        var id = await store.CreateUploadAsync(new NewUpload("november.csv", "QMM", null, Encoding.UTF8.GetBytes(SampleLogs.NovemberWithOneBadDate), "api", DateTimeOffset.UtcNow));

        await job.RunAsync(id, CancellationToken.None);
        // As if the worker died after the rows were stored but before the status was: the job runs again in full.
        await store.UpdateUploadAsync(id, UploadStatus.Processing, 0, 0, null, null);
        await job.RunAsync(id, CancellationToken.None);
        await job.RunAsync(id, CancellationToken.None);

        Assert.Single(await store.ListFilesAsync());
        Assert.Equal(2, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
        var upload = (await store.GetUploadAsync(id))!;
        Assert.Equal(UploadStatus.Done, upload.Status);
        Assert.Equal(2, upload.Accepted);
        Assert.Equal(1, upload.Rejected);
    }

    [Fact]
    public async Task Run_SecondUploadOfSameContent_SkippedWithNoCountsNamingTheEarlierUpload()
    {
        using var dir = new TempDirectory();
        var store = await BurdenStores.OpenAsync(dir.File("burden.db"));
        var job = new IngestUploadJob(store, new IngestPipeline(store), NullLogger<IngestUploadJob>.Instance);
        var bytes = Encoding.UTF8.GetBytes(SampleLogs.NovemberAllGood);
        var first = await store.CreateUploadAsync(new NewUpload("rxh.csv", "RXH", null, bytes, "page", DateTimeOffset.UtcNow));
        var second = await store.CreateUploadAsync(new NewUpload("rxh-again.csv", "RXH", null, bytes, "inbox", DateTimeOffset.UtcNow));

        await job.RunAsync(first, CancellationToken.None);
        await job.RunAsync(second, CancellationToken.None);

        Assert.Single(await store.ListFilesAsync());
        Assert.Equal(2, (await store.LoadRequestsAsync(new RequestQuery(null, "RXH"))).Count);
        var again = (await store.GetUploadAsync(second))!;
        Assert.Equal(UploadStatus.Skipped, again.Status);
        Assert.Equal((0, 0, 0), (again.Accepted, again.Rejected, again.AlreadyStored));
        Assert.Equal(first, again.EarlierUploadId);
        Assert.Null(again.FileId);
        Assert.Equal($"rxh-again.csv: skipped: the same content was stored by upload {first} (rxh.csv, received {(await store.GetUploadAsync(first))!.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC); nothing stored or counted again", again.Message);
    }

    [Fact]
    public async Task Run_RunningLogUploadedAgainWithOneMoreRow_StoresOnlyTheNewRowAndRecordsTheRest()
    {
        using var dir = new TempDirectory();
        var store = await BurdenStores.OpenAsync(dir.File("burden.db"));
        var job = new IngestUploadJob(store, new IngestPipeline(store), NullLogger<IngestUploadJob>.Instance);
        var first = await store.CreateUploadAsync(new NewUpload("rxh.csv", "RXH", null, Encoding.UTF8.GetBytes(SampleLogs.NovemberAllGood), "page", DateTimeOffset.UtcNow));
        var longer = SampleLogs.NovemberAllGood + "2022-12-01,UKHSA,Flu vaccination uptake,weekly,staff vaccinated against flu,0.5\n";
        var second = await store.CreateUploadAsync(new NewUpload("rxh.csv", "RXH", null, Encoding.UTF8.GetBytes(longer), "page", DateTimeOffset.UtcNow));

        await job.RunAsync(first, CancellationToken.None);
        await job.RunAsync(second, CancellationToken.None);

        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, "RXH"))).Count);
        var again = (await store.GetUploadAsync(second))!;
        Assert.Equal((UploadStatus.Done, 3, 0, 2), (again.Status, again.Accepted, again.Rejected, again.AlreadyStored));
        Assert.Equal("rxh.csv: accepted 3 (2 already stored, kept once), rejected 0", again.Message);
    }
}
