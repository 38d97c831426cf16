using Burden.Core.Common;
using Burden.Worker.Jobs;

namespace Burden.Worker.Tests.Jobs;

public class ReportJobTests
{
    [Theory]
    [InlineData("2022-11", "QMM", "burden-QMM-2022-11.xlsx")]
    [InlineData("2022-11", null, "burden-ALL-2022-11.xlsx")]
    [InlineData("2025/26", "RXH", "burden-RXH-2025-26.xlsx")]
    [InlineData("2022-11", "../../etc", "burden-______etc-2022-11.xlsx")]
    public void NameOf_PeriodAndOrg_FileNameWithoutFolders(string period, string? org, string expected)
    {
        Assert.Equal(expected, ReportJob.NameOf(ReportingPeriod.Parse(period), org));
    }
}
