using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Reports;
using Burden.Core.Tests.Analysis;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using Burden.Storage;
using ClosedXML.Excel;

namespace Burden.Worker.Tests.Cli;

public sealed class ReviewCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> SeedAsync()
    {
        var db = _dir.File("burden.db");
        var store = await BurdenStores.OpenAsync(db);
        var now = DateTimeOffset.UtcNow;
        await store.SaveFileAsync(new NewFile("icb-request-log-2022-11.csv", new string('a', 64), LogKind.RequestLog, "QMM", now), SampleFiles.LoadLog().Select(r => new ParsedRow { Line = r.SourceLine, Request = r }));
        await store.SaveFileAsync(new NewFile("national-catalogue.csv", new string('b', 64), LogKind.Catalogue, null, now), SampleFiles.LoadCatalogue().Select(c => new ParsedRow { Line = c.SourceLine, Catalogue = c }));
        return db;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Types <paramref name="decision"/> in the Decision column of the first row of <paramref name="sheetName"/> whose Review ref starts with <paramref name="refPrefix"/>.</summary>
    private static void Mark(XLWorkbook book, string sheetName, string refPrefix, string decision)
    {
        var sheet = book.Worksheet(sheetName);
        var header = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == ReviewRef.Header));
        int Col(string name) => header.CellsUsed().First(c => c.GetString() == name).Address.ColumnNumber;
        var row = sheet.RowsUsed().First(r => r.RowNumber() > header.RowNumber() && r.Cell(Col(ReviewRef.Header)).GetString().StartsWith(refPrefix, StringComparison.Ordinal));
        row.Cell(Col("Decision")).SetValue(decision);
    }

    [Fact]
    public async Task ReviewImportListStats_MarkedUpReport_RecordsListsAndMeasures()
    {
        var db = await SeedAsync();
        var report = _dir.File("qmm.xlsx");
        Assert.Equal(ExitCodes.Ok, (await RunAsync("report", "--db", db, "--period", "2022-11", "--org", "QMM", "--out", report)).Code);
        using (var book = new XLWorkbook(report))
        {
            Mark(book, "Duplicates", "pair|RTT|WLMDS|", "confirmed");
            Mark(book, "Duplicates", "pair|DIAGWEEK|DM01|", "not a duplicate");
            Mark(book, "Collections", "rec|", "deferred");
            book.Save();
        }

        var imported = await RunAsync("review", "import", report, "--by", "Priya Shah", "--db", db);
        var listed = await RunAsync("review", "list", "--org", "QMM", "--db", db);
        var stats = await RunAsync("review", "stats", "--db", db);

        Assert.True(imported.Code == ExitCodes.Ok, imported.Err);
        Assert.Equal("qmm.xlsx: 3 decisions recorded (2 on duplicate pairs, 1 on recommendations)\n", imported.Out.Replace("\r", ""));
        Assert.Equal(3, listed.Out.Trim().Split('\n').Length);
        Assert.Contains("\tPriya Shah\tQMM\t2022-11\tpair RTT + WLMDS\tconfirmed", listed.Out, StringComparison.Ordinal);
        Assert.Contains("duplicate detector at containment 0.6: precision 50% (1 confirmed, 1 not duplicates)", stats.Out, StringComparison.Ordinal);
        Assert.Contains(": 0% agreed (0 agreed, 0 rejected, 1 deferred)", stats.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewImport_UnknownValue_RefusedWithSheetRowAndValueAndExit3()
    {
        var db = await SeedAsync();
        var report = _dir.File("qmm.xlsx");
        await RunAsync("report", "--db", db, "--period", "2022-11", "--org", "QMM", "--out", report);
        using (var book = new XLWorkbook(report))
        {
            Mark(book, "Collections", "rec|", "yes please");
            book.Save();
        }

        var (code, _, err) = await RunAsync("review", "import", report, "--by", "Priya Shah", "--db", db);

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Matches(@"qmm\.xlsx sheet Collections row \d+, column Decision: 'yes please' \(expected agreed or rejected or deferred\)", err);
        Assert.Contains("no decisions yet", (await RunAsync("review", "list", "--db", db)).Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report", "--all-orgs")]
    [InlineData("analyse", null)]
    public async Task BaselineOfAnotherScope_IsRefusedWithBothScopesExit2AndNoStackTrace(string command, string? scopeArg)
    {
        var db = await SeedAsync();
        Assert.Equal(ExitCodes.Ok, (await RunAsync("baseline", "create", "QMM-2022-11", "--period", "2022-11", "--org", "QMM", "--db", db)).Code);
        var args = new List<string> { command, "--db", db, "--period", "2022-11", "--baseline", "QMM-2022-11" };
        if (scopeArg is not null) { args.Add(scopeArg); }
        args.AddRange(command == "report" ? ["--out", _dir.File("r.xlsx")] : ["--json", _dir.File("a.json")]);

        var (code, _, err) = await RunAsync([.. args]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("burden: baseline 'QMM-2022-11' covers QMM; this analysis covers all organisations", err, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", err, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("r.xlsx")));
    }
}
