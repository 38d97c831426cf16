using Burden.Core.Common;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using NSubstitute;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Worker.Tests.Hosting;

[Collection(HostCollection.Name)]
public class RecurringScheduleTests
{
    [Fact]
    public async Task Start_SubMinuteCron_MonthlyJobFiresOnItsOwn()
    {
        using var dir = new TempDirectory();
        var store = Substitute.For<IBurdenStore>();
        store.ListUploadsAsync(default!, default).ReturnsForAnyArgs(Array.Empty<UploadRecord>());
        store.ListUnfinishedJobsAsync(default).ReturnsForAnyArgs(Array.Empty<JobRecord>());
        // The monthly run records itself as a job first and then reads that record back.
        NewJob? recorded = null;
        store.CreateJobAsync(default!, default).ReturnsForAnyArgs(call =>
        {
            recorded = call.Arg<NewJob>();
            return 7L;
        });
        store.GetJobAsync(7, default).ReturnsForAnyArgs(_ => recorded is null
            ? null
            : new JobRecord(7, recorded.Kind, recorded.Period, recorded.OrgCode, recorded.Name, JobStatus.Queued, null, recorded.CreatedAt));
        var asked = new TaskCompletionSource<ReportingPeriod?>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.ListOrganisationsAsync(default, default).ReturnsForAnyArgs(call =>
        {
            asked.TrySetResult(call.Arg<ReportingPeriod?>());
            return Array.Empty<Burden.Core.Catalogue.OrgCode>();
        });
        var options = RunningHost.OptionsFor(dir) with
        {
            Db = null,
            MonthlyCron = "*/2 * * * * *",
            SchedulePollingInterval = TimeSpan.FromSeconds(15),
            Time = new FakeTimeProvider(new DateTimeOffset(2023, 1, 2, 6, 0, 0, TimeSpan.Zero)),
        };
        await using var host = await RunningHost.StartAsync(options, store);

        var period = await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("2022-12", period?.Label);
    }
}
