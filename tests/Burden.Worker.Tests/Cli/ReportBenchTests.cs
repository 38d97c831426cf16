using System.CommandLine;
using Burden.Core.Reports;
using Burden.Worker.Cli;

namespace Burden.Worker.Tests.Cli;

public sealed class ReportBenchTests
{
    [Fact]
    public async Task BenchReport_SmallRun_PrintsBaselineRatiosAndVerdicts()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, TimeProvider.System);
        var root = new RootCommand { BenchReport.Build(context) };

        var code = await root.Parse(["report", "--collections", "300", "--requests", "900", "--request-row-cap", "500"]).InvokeAsync();

        Assert.Equal(ExitCodes.Ok, code);
        var output = stdout.ToString();
        Assert.Contains("burden bench report: 300 collections, 900 requests, row cap 500", output, StringComparison.Ordinal);
        Assert.Matches(@"baseline  same cells as CSV: +\d+\.\d\d s, peak working set +[\d,]+ MB", output);
        Assert.Matches(@"report    workbook \+ spill CSV: +\d+\.\d\d s", output);
        Assert.Matches(@"ratio     report / CSV: time \d+\.\d x, peak memory \d+\.\d x", output);
        Assert.Matches(@"time      (PASS|MISS) ", output);
        Assert.Matches(@"memory    (PASS|MISS) ", output);
    }

    [Fact]
    public void Synthetic_Scale_HasTheAskedCountsAndEveryKindOfRow()
    {
        var input = BenchReport.Synthetic(1000, 5000, DateTimeOffset.UnixEpoch);

        Assert.Equal(1000, input.Analysis.Collections.Count);
        Assert.Equal(5000, input.Requests.Count);
        var model = ReportModelBuilder.Build(input, new ReportOptions { RequestRowCap = 10_000 });
        Assert.All(["Collections", "Duplicates", "OutputOnly", "Automatable", "BaselineChanges", "Requests"], id => Assert.NotEmpty(model.Table(id).Rows));
    }
}
