using System.Text.RegularExpressions;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using ClosedXML.Excel;

namespace Burden.Worker.Tests.Cli;

/// <summary>The README's first command, as a new user runs it (against a temporary database and folder).</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private async Task<(int Code, string Out, string Err)> RunDemo()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["demo", "--db", _folder.File("burden.db"), "--out-dir", _folder.File("reports")], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Demo_FreshDatabase_PrintsTheReviewsCountsForTheIcb()
    {
        var (code, output, error) = await RunDemo();

        Assert.True(code == 0, error);
        Assert.Contains("icb-request-log-2022-11.csv: accepted 237, rejected 0", output);
        Assert.Contains("messy-request-log.csv: accepted 5, rejected 6", output);
        Assert.Contains("3 daily, 11 weekly and 6 monthly returns, 0 other regular collections, and 97 ad hoc requests.", output);
    }

    [Fact]
    public async Task Demo_FreshDatabase_WritesBothWorkbooksWithEverySheet()
    {
        var (code, output, _) = await RunDemo();
        Assert.Equal(0, code);

        var reports = Regex.Matches(output, @"^Report: (.+\.xlsx)\r?$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, reports.Count);
        foreach (var path in reports)
        {
            using var workbook = new XLWorkbook(path);
            Assert.Equal(
                ["Summary", "Collections", "Duplicates", "Output-only", "Automatable", "Baseline", "Requests", "Method"],
                workbook.Worksheets.Select(w => w.Name));
        }
        using var icb = new XLWorkbook(reports[0]);
        // 86 collections for QMM: one row each in the Collections sheet's table.
        Assert.Equal(86, icb.Worksheet("Collections").Tables.Single().DataRange.RowCount());
    }

    [Fact]
    public async Task Demo_RunTwice_SkipsStoredFilesAndCountsNothingTwice()
    {
        await RunDemo();
        var (code, output, _) = await RunDemo();

        Assert.Equal(0, code);
        Assert.Equal(3, Regex.Matches(output, "skipped: the same content was stored").Count);
        Assert.Contains("97 ad hoc requests.", output);
        var store = await BurdenStores.OpenAsync(_folder.File("burden.db"));
        Assert.Equal(237 + 5, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    public void Dispose() => _folder.Dispose();
}
