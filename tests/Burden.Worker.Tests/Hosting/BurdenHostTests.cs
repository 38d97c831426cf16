using Burden.Worker.Hosting;

namespace Burden.Worker.Tests.Hosting;

public class BurdenHostTests
{
    [Theory]
    [InlineData("0 6 2 * *", 15)]
    [InlineData("*/10 * * * * *", 1)]
    public void SchedulePolling_Cron_LoweredOnlyForSecondsField(string cron, int expectedSeconds)
    {
        var options = new ServeOptions { MonthlyCron = cron, SchedulePollingInterval = TimeSpan.FromSeconds(15) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), BurdenHost.SchedulePolling(options));
    }
}
