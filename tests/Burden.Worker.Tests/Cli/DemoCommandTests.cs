using System.Text.RegularExpressions;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using ClosedXML.Excel;
using Burden.Storage;

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

    private static List<string> ReportPaths(string output) =>
        Regex.Matches(output, @"^Report: (.+\.xlsx)\r?$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

    private static string BaselineLine(string output) =>
        Regex.Match(output, @"^  Against baseline .+$", RegexOptions.Multiline).Value.TrimEnd('\r');

    [Fact]
    public async Task Demo_FreshDatabase_PrintsTheReviewsCountsForTheIcb()
    {
        var (code, output, error) = await RunDemo();

        Assert.True(code == 0, error);
        Assert.Contains("icb-request-log-2022-10.csv: accepted 270, rejected 0", output);
        Assert.Contains("icb-request-log-2022-11.csv: accepted 237, rejected 0", output);
        Assert.Contains("messy-request-log.csv: accepted 5, rejected 6", output);
        Assert.Contains("3 daily, 11 weekly and 6 monthly returns, 0 other regular collections, and 97 ad hoc requests.", output);
    }

    [Fact]
    public async Task Demo_FreshDatabase_WritesBothWorkbooksWithEverySheet()
    {
        var (code, output, _) = await RunDemo();
        Assert.Equal(0, code);

        var reports = ReportPaths(output);
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
    public async Task Demo_FreshDatabase_QmmReportShowsThePlantedChangesAgainstTheOctoberBaseline()
    {
        var (code, output, error) = await RunDemo();
        Assert.True(code == 0, error);
        Assert.Contains("Baseline 'QMM-2022-10' created from QMM's 2022-10 log", output);
        Assert.StartsWith("  Against baseline QMM-2022-10 (2022-10): 4 collections added, 2 retired, 2 program changes, 2 adjustments; hours a year ", BaselineLine(output));

        var reports = ReportPaths(output);
        using var workbook = new XLWorkbook(reports[0]);
        var sheet = workbook.Worksheet("Baseline");
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == "Against baseline QMM-2022-10");
        var rows = sheet.Table("tblBaselineChanges").DataRange.Rows()
            .Select(r => (Change: r.Field("Change").GetString(), Title: r.Field("Title").GetString(), What: r.Field("What changed").GetString(),
                Before: r.Field("Hours per year before").GetDouble(), Now: r.Field("Hours per year now").GetDouble()))
            .ToList();
        (string Change, string Title, string What, double Before, double Now) Row(string title) => rows.Single(r => r.Title == title);

        Assert.Equal("Retired", Row("Critical care bed capacity and urgent operations cancelled").Change);
        Assert.Equal("Retired", Row("Weekly discharge position").Change);
        foreach (var added in new[] { "Weekly virtual ward return", "Industrial action impact return", "Corridor care position", "Winter funding spend return" })
        {
            Assert.Equal("Added", Row(added).Change);
        }
        Assert.Equal(("Program change", "frequency daily -> weekly"), (Row("Community discharge SitRep").Change, Row("Community discharge SitRep").What));
        Assert.Equal(("Program change", "items +3 -0"), (Row("Daily COVID-19 and flu hospital situation report").Change, Row("Daily COVID-19 and flu hospital situation report").What));
        foreach (var reestimated in new[] { "Waiting List Minimum Data Set (WLMDS)", "Cancer Waiting Times monthly" })
        {
            var row = Row(reestimated);
            Assert.Equal("Adjustment", row.Change);
            Assert.StartsWith("hours per year ", row.What);
            Assert.NotEqual(row.Before, row.Now);
        }
        // Nothing else was planted: every other collection matches the baseline within its 0.5 % tolerance.
        Assert.Equal(10, rows.Count);
        // The all-organisations report has no baseline and says so.
        using var national = new XLWorkbook(reports[1]);
        Assert.Contains(national.Worksheet("Baseline").CellsUsed(), c => c.GetString() == "No baseline was given");
    }

    [Fact]
    public async Task Demo_QmmReport_ListsOnlyQmmsFilesAndTheCatalogueItDrawsOnWhileTheNationalReportListsAll()
    {
        var (code, output, error) = await RunDemo();
        Assert.True(code == 0, error);
        var reports = ReportPaths(output);

        static (List<string> Files, List<string> Sources) Listed(string path)
        {
            using var workbook = new XLWorkbook(path);
            static List<string> Names(IXLWorksheet sheet, string heading)
            {
                // The table under the heading: its header row follows, then one file a row until a blank row.
                var row = sheet.CellsUsed().First(c => c.GetString() == heading).Address.RowNumber + 2;
                var names = new List<string>();
                for (; !sheet.Cell(row, 1).IsEmpty(); row++)
                {
                    names.Add(sheet.Cell(row, 1).GetString());
                }
                return names;
            }
            return (Names(workbook.Worksheet("Requests"), "Files"), Names(workbook.Worksheet("Method"), "Data sources"));
        }

        // QMM's November report: its November log, and the national catalogue its collections are described in;
        // never QUE's messy log (one organisation's uploads are not disclosed in another's report).
        var qmm = Listed(reports[0]);
        Assert.Equal(["icb-request-log-2022-11.csv", "national-catalogue.csv"], qmm.Files.Order(StringComparer.Ordinal));
        Assert.Equal(qmm.Files, qmm.Sources);
        // The national report across all organisations lists every stored file, QUE's too.
        var national = Listed(reports[1]);
        Assert.Equal(["icb-request-log-2022-10.csv", "icb-request-log-2022-11.csv", "messy-request-log.csv", "national-catalogue.csv"], national.Files.Order(StringComparer.Ordinal));
        Assert.Equal(national.Files, national.Sources);
    }

    [Fact]
    public async Task Demo_RunTwice_SkipsStoredFilesReusesTheBaselineAndCountsNothingTwice()
    {
        var (_, first, _) = await RunDemo();
        var (code, output, error) = await RunDemo();

        Assert.True(code == 0, error);
        Assert.Equal(4, Regex.Matches(output, "skipped: the same content was stored").Count);
        Assert.Contains("97 ad hoc requests.", output);
        Assert.Contains("Baseline 'QMM-2022-10' exists", output);
        Assert.Equal(BaselineLine(first), BaselineLine(output));
        var store = await BurdenStores.OpenAsync(_folder.File("burden.db"));
        Assert.Equal(270 + 237 + 5, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
        Assert.Single(await store.ListBaselinesAsync());
    }

    public void Dispose() => _folder.Dispose();
}
