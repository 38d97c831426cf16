using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Worker.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Burden.Worker.Tests.Jobs;

public class IngestUploadJobTests
{
    private static UploadRecord Upload(UploadStatus status) =>
        new(3, "log.csv", "QMM", null, "api", status, 4, 1, "stored", 9, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(UploadStatus.Done)]
    [InlineData(UploadStatus.Refused)]
    public async Task Run_UploadAlreadyFinished_LeavesItAsItIs(UploadStatus status)
    {
        var store = Substitute.For<IBurdenStore>();
        store.GetUploadAsync(3, Arg.Any<CancellationToken>()).Returns(Upload(status));
        var job = new IngestUploadJob(store, new IngestPipeline(store), NullLogger<IngestUploadJob>.Instance);

        await job.RunAsync(3, CancellationToken.None);

        await store.DidNotReceiveWithAnyArgs().LoadUploadContentAsync(default, default);
        await store.DidNotReceiveWithAnyArgs().UpdateUploadAsync(default, default, default, default, default, default, default);
    }

    [Fact]
    public async Task Run_StoreFailsReadingContent_MarksFailedAndRethrowsForRetry()
    {
        var store = Substitute.For<IBurdenStore>();
        store.GetUploadAsync(3, Arg.Any<CancellationToken>()).Returns(Upload(UploadStatus.Queued));
        store.LoadUploadContentAsync(3, Arg.Any<CancellationToken>()).Returns<byte[]?>(_ => throw new TimeoutException("database busy"));
        var job = new IngestUploadJob(store, new IngestPipeline(store), NullLogger<IngestUploadJob>.Instance);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => job.RunAsync(3, CancellationToken.None));

        Assert.Equal("database busy", failure.Message);
        await store.Received(1).UpdateUploadAsync(3, UploadStatus.Failed, 0, 0, Arg.Is<string>(m => m.Contains("database busy") && m.Contains("retried")), null, Arg.Any<CancellationToken>());
    }
}
