using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Worker.Jobs;

namespace Burden.Worker.Tests.Jobs;

public class ReportJobTests
{
    [Theory]
    [InlineData("2022-11", "QMM", "burden-QMM-2022-11.xlsx")]
    [InlineData("2022-11", null, "burden-ALL-2022-11.xlsx")]
    [InlineData("2025/26", "RXH", "burden-RXH-2025-26.xlsx")]
    [InlineData("2022-11", "../../etc", "burden-______ETC-2022-11.xlsx")]
    public void NameOf_PeriodAndOrg_FileNameWithoutFolders(string period, string? org, string expected)
    {
        // A code stored before schema version 3 is read back without the check, so the name still guards itself.
        Assert.Equal(expected, ReportJob.NameOf(ReportingPeriod.Parse(period), org is null ? null : OrgCode.FromStored(org)));
    }
}
