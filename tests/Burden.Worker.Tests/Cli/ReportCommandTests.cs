using System.Text.Json;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;

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

    private static async Task<string> IngestSamplesAsync(TempDirectory temp)
    {
        var db = temp.File("burden.db");
        foreach (var (file, extra) in new[] { ("icb-request-log-2022-11.csv", ""), ("national-catalogue.csv", "catalogue"), ("messy-request-log.csv", "") })
        {
            string[] args = extra.Length == 0
                ? ["--db", db, "ingest", Repo.Path("samples", file)]
                : ["--db", db, "ingest", "--kind", extra, Repo.Path("samples", file)];
            var (code, _, err) = await RunAsync(args);
            Assert.True(code == 0, err);
        }
        return db;
    }

    private static IXLCell Label(IXLWorksheet sheet, string text) =>
        sheet.CellsUsed().First(c => c.DataType == XLDataType.Text && c.GetString() == text);

    [Fact]
    public async Task Report_SampleIcb_ShowsTheSameFiguresAsAnalyseJson()
    {
        using var temp = new TempDirectory();
        var db = await IngestSamplesAsync(temp);
        var (analyseCode, _, analyseErr) = await RunAsync("--db", db, "analyse", "--period", "2022-11", "--org", "QMM", "--json", temp.File("a.json"));
        Assert.True(analyseCode == 0, analyseErr);

        var (code, output, err) = await RunAsync("--db", db, "report", "--period", "2022-11", "--org", "QMM", "--out", temp.File("out/nov.xlsx"));

        Assert.True(code == 0, err);
        Assert.Equal(temp.File("out/nov.xlsx") + Environment.NewLine, output);
        using var json = JsonDocument.Parse(File.ReadAllText(temp.File("a.json")));
        var totals = json.RootElement.GetProperty("totals");
        using var workbook = new XLWorkbook(temp.File("out/nov.xlsx"));
        var summary = workbook.Worksheet("Summary");
        Assert.Equal(totals.GetProperty("collections").GetInt32(), Label(summary, "Collections").CellRight().GetDouble());
        Assert.Equal(totals.GetProperty("requests").GetInt32(), Label(summary, "Requests received").CellRight().GetDouble());
        Assert.Equal(totals.GetProperty("hours").GetDouble(), Label(summary, "Hours in the period").CellRight().GetDouble(), 6);
        Assert.Equal(totals.GetProperty("hours_per_year").GetDouble(), Label(summary, "Hours per year").CellRight().GetDouble(), 6);
        Assert.Equal(totals.GetProperty("cost_gbp_per_year").GetDouble(), Label(summary, "Cost per year").CellRight().GetDouble(), 6);
        Assert.Contains(summary.CellsUsed(), c => c.GetString() == "In 2022-11: 3 daily, 11 weekly, 6 monthly returns and 97 ad hoc requests.");
        var collections = workbook.Worksheet("Collections").Tables.Single();
        Assert.Equal(json.RootElement.GetProperty("collections").GetArrayLength(), collections.DataRange.RowCount());
        Assert.Equal(totals.GetProperty("requests").GetInt32(), workbook.Worksheet("Requests").Tables.Single().DataRange.RowCount());
    }

    [Fact]
    public async Task Report_AllOrgsWithBaseline_ComparesOrganisationsCountsRejectsAndDrawsTheBaselineChart()
    {
        using var temp = new TempDirectory();
        var db = await IngestSamplesAsync(temp);
        var (baselineCode, _, baselineErr) = await RunAsync("--db", db, "baseline", "create", "nov-reset", "--period", "2022-11");
        Assert.True(baselineCode == 0, baselineErr);

        var (code, _, err) = await RunAsync("--db", db, "report", "--period", "2022-11", "--all-orgs", "--baseline", "nov-reset", "--out", temp.File("all.xlsx"));

        Assert.True(code == 0, err);
        using (var workbook = new XLWorkbook(temp.File("all.xlsx")))
        {
            var summary = workbook.Worksheet("Summary");
            Assert.StartsWith("nov-reset", Label(summary, "Baseline").CellRight().GetString(), StringComparison.Ordinal);
            var compared = Label(summary, "Organisations compared");
            Assert.Equal(["QMM", "QUE"], new[] { summary.Cell(compared.Address.RowNumber + 2, 1).GetString(), summary.Cell(compared.Address.RowNumber + 3, 1).GetString() }.Order().ToArray());
            Assert.Equal("Organisations", workbook.Worksheet("Collections").Tables.Single().HeadersRow().Cell(1).GetString());
            Assert.Equal("Against baseline nov-reset", workbook.Worksheet("Baseline").Cell(1, 1).GetString());
            var requests = workbook.Worksheet("Requests");
            var messy = Label(requests, "messy-request-log.csv");
            var rejected = Label(requests, "Rejected rows");
            Assert.True(rejected.Address.RowNumber < messy.Address.RowNumber);
            Assert.Equal(6, requests.Cell(messy.Address.RowNumber, rejected.Address.ColumnNumber).GetDouble());
        }
        using var document = SpreadsheetDocument.Open(temp.File("all.xlsx"), false);
        Assert.Equal(4, document.WorkbookPart!.WorksheetParts.Sum(w => w.DrawingsPart?.ChartParts.Count() ?? 0));
    }

    [Fact]
    public async Task Report_OverRowCap_PrintsTheSpillCsvToo()
    {
        using var temp = new TempDirectory();
        var db = await IngestSamplesAsync(temp);

        var (code, output, err) = await RunAsync("--db", db, "report", "--period", "2022-11", "--org", "QMM", "--request-row-cap", "100", "--out", temp.File("nov.xlsx"));

        Assert.True(code == 0, err);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(temp.File("nov.xlsx"), lines[0]);
        Assert.StartsWith(temp.File("nov-requests.csv"), lines[1], StringComparison.Ordinal);
        Assert.Equal(237 + 1, File.ReadAllLines(temp.File("nov-requests.csv")).Length);
    }
}
