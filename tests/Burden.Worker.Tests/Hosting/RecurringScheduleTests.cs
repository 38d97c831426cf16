using Burden.Core.Common;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using NSubstitute;

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
            Time = new FixedTime(new DateTimeOffset(2023, 1, 2, 6, 0, 0, TimeSpan.Zero)),
        };
        await using var host = await RunningHost.StartAsync(options, store);

        var period = await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("2022-12", period?.Label);
    }
}
