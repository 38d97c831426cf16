using Burden.Core.Tests.Support;
using Burden.Worker.Cli;

namespace Burden.Worker.Tests.Cli;

public sealed class ReportCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Report_OrgAndAllOrgs_IsAUsageErrorNamingBoth()
    {
        using var temp = new TempDirectory();

        var (code, _, err) = await RunAsync("--db", temp.File("b.db"), "report", "--org", "QMM", "--all-orgs", "--out", temp.File("r.xlsx"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("give --org CODE or --all-orgs, not both", err, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("r.xlsx")));
    }

    [Fact]
    public async Task Report_OutNotXlsx_IsAUsageErrorSayingWhatIsExpected()
    {
        using var temp = new TempDirectory();

        var (code, _, err) = await RunAsync("--db", temp.File("b.db"), "report", "--out", temp.File("r.csv"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("give a path ending in .xlsx", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoOut_IsAUsageError()
    {
        var (code, _, err) = await RunAsync("report", "--period", "2022-11");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--out", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_BadPeriod_SaysWhatAPeriodLooksLike()
    {
        using var temp = new TempDirectory();

        var (code, _, err) = await RunAsync("--db", temp.File("b.db"), "report", "--period", "Nov 2022", "--out", temp.File("r.xlsx"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("'Nov 2022' is not a period (expected a month YYYY-MM", err, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("r.xlsx")));
    }
}
