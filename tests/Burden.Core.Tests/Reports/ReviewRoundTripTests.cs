using System.Diagnostics;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Rationalise;
using Burden.Core.Reports;
using Burden.Core.Review;
using Burden.Core.Storage;
using Burden.Core.Tests.Analysis;
using Burden.Core.Tests.Support;
using Burden.Storage;
using ClosedXML.Excel;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Reports;

/// <summary>The review loop on real files: write the report, mark it up as a spreadsheet program would, import it, analyse again.</summary>
public sealed class ReviewRoundTripTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string BedPosition(AnalysisResult r) => r.Collections.Single(c => c.Title == "Current bed position").Id;

    private async Task<IBurdenStore> StoreAsync()
    {
        var store = await BurdenStores.OpenAsync(_dir.File("burden.db"));
        await SaveLogAsync(store, "icb-request-log-2022-11.csv", SampleFiles.LoadLog());
        var catalogue = SampleFiles.LoadCatalogue();
        await store.SaveFileAsync(new NewFile("national-catalogue.csv", new string('b', 64), LogKind.Catalogue, null, Now), catalogue.Select(c => new ParsedRow { Line = c.SourceLine, Catalogue = c }));
        return store;
    }

    private static Task SaveLogAsync(IBurdenStore store, string name, IReadOnlyList<RequestRecord> log) =>
        store.SaveFileAsync(new NewFile(name, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))).ToLowerInvariant(), LogKind.RequestLog, "QMM", Now),
            log.Select(r => new ParsedRow { Line = r.SourceLine, Request = r with { SourceFile = name } }));

    /// <summary>The November log moved on by <paramref name="months"/>, optionally with one item added to the daily SitRep.</summary>
    private static List<RequestRecord> LaterMonth(int months, bool changeSitRep) =>
        [.. SampleFiles.LoadLog().Select(r => r with
        {
            ReceivedDate = r.ReceivedDate.AddMonths(months),
            DataItems = changeSitRep && r.CollectionRef == "UECSITREP" ? [.. r.DataItems, "Mental health patients waiting in ED over 24 hours"] : r.DataItems,
        })];

    private static Task<AnalysisResult> AnalyseAsync(IBurdenStore store, string period) =>
        new Analyser(new FakeTimeProvider(Now)).AnalyseAsync(store, new AnalysisScope(ReportingPeriod.Parse(period), "QMM", null));

    /// <summary>Types a decision and note beside the row whose Review ref satisfies <paramref name="which"/>, as a person would in Excel.</summary>
    private static void Decide(IXLWorksheet sheet, Func<string, bool> which, string decision, string? note = null)
    {
        var header = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == ReviewRef.Header));
        int Col(string name) => header.CellsUsed().First(c => c.GetString() == name).Address.ColumnNumber;
        var row = sheet.RowsUsed().First(r => r.RowNumber() > header.RowNumber() && which(r.Cell(Col(ReviewRef.Header)).GetString()));
        row.Cell(Col("Decision")).SetValue(decision);
        if (note is not null)
        {
            row.Cell(Col("Note")).SetValue(note);
        }
    }

    private async Task<(string Workbook, AnalysisResult Before)> ReviewedWorkbookAsync(IBurdenStore store, string automateId)
    {
        var path = _dir.File("burden-QMM-2022-11.xlsx");
        var written = await new ReportService(store, new Analyser(new FakeTimeProvider(Now))).WriteAsync(new ReportRequest(ReportingPeriod.Parse("2022-11"), "QMM", false, null), path);
        var bed = BedPosition(written.Analysis);
        using (var book = new XLWorkbook(path))
        {
            Decide(book.Worksheet("Duplicates"), r => r.Contains($"|{Uri.EscapeDataString(bed)}|", StringComparison.Ordinal) && r.Contains("|UECSITREP|", StringComparison.Ordinal),
                "not a duplicate", "Asked once by the region during a surge");
            Decide(book.Worksheet("Duplicates"), r => r.StartsWith("pair|RTT|WLMDS|", StringComparison.Ordinal), "confirmed");
            Decide(book.Worksheet("Collections"), r => r.StartsWith($"rec|{automateId}|automate|", StringComparison.Ordinal), "agreed", "Take it from the dataset from April");
            book.Save();
        }
        return (path, written.Analysis);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Import_MarkedUpWorkbook_ChangesTheNextAnalysis(bool resavedByLibreOffice)
    {
        var store = await StoreAsync();
        var before = await AnalyseAsync(store, "2022-11");
        var automate = before.Collections.First(c => c.Recommendation == Recommendation.Automate);
        var bed = BedPosition(before);
        Assert.Equal(Recommendation.Merge, before.Collections.Single(c => c.Id == bed).Recommendation);
        var (workbook, _) = await ReviewedWorkbookAsync(store, automate.Id);
        if (resavedByLibreOffice)
        {
            workbook = await ResaveWithLibreOfficeAsync(workbook);
        }

        ReviewImportOutcome outcome;
        await using (var stream = File.OpenRead(workbook))
        {
            outcome = await ReviewImport.ImportAsync(store, stream, Path.GetFileName(workbook), "Priya Shah", Now);
        }
        var after = await AnalyseAsync(store, "2022-11");

        Assert.Equal((3, 2, 1), (outcome.Recorded, outcome.Pairs, outcome.Recommendations));
        Assert.DoesNotContain(after.DuplicatePairs, p => (p.A == bed || p.B == bed) && (p.A == "UECSITREP" || p.B == "UECSITREP"));
        var dismissed = Assert.Single(after.DismissedPairs);
        Assert.Equal(("Priya Shah", "Asked once by the region during a surge"), (dismissed.Review.By, dismissed.Review.Note));
        Assert.DoesNotContain(after.DuplicateGroups, g => g.Collections.Contains(bed));
        var bedNow = after.Collections.Single(c => c.Id == bed);
        Assert.NotEqual(Recommendation.Merge, bedNow.Recommendation);
        Assert.Null(bedNow.DuplicateGroup);
        var confirmed = after.DuplicatePairs.Single(p => p.A == "RTT" && p.B == "WLMDS");
        Assert.Equal(new ReviewMark(ReviewVerdict.Confirmed, "Priya Shah", Now, null, false), confirmed.Review);
        var agreed = after.Collections.Single(c => c.Id == automate.Id);
        Assert.Equal(ReviewVerdict.Agreed, agreed.Review?.Decision);
        Assert.Equal(agreed.HoursSavedPerYear, after.Totals.HoursSavedAgreedPerYear, 1);
        Assert.Equal(1.0, after.ReviewStats.Precision!.Value * 2, 3);
    }

    [Fact]
    public async Task Import_SameWorkbookTwice_RecordsEachDecisionOnce()
    {
        var store = await StoreAsync();
        var before = await AnalyseAsync(store, "2022-11");
        var (workbook, _) = await ReviewedWorkbookAsync(store, before.Collections.First(c => c.Recommendation == Recommendation.Automate).Id);

        await using (var first = File.OpenRead(workbook)) { await ReviewImport.ImportAsync(store, first, "w.xlsx", "Priya Shah", Now); }
        ReviewImportOutcome again;
        await using (var second = File.OpenRead(workbook)) { again = await ReviewImport.ImportAsync(store, second, "w.xlsx", "Priya Shah", Now.AddHours(1)); }

        Assert.Equal((0, 3), (again.Recorded, again.Unchanged));
        Assert.Equal(3, (await store.LoadReviewDecisionsAsync()).Count);
    }

    [Fact]
    public async Task Analyse_LaterMonths_KeepTheDecisionWhileTheItemsStayAndShowItStaleWhenTheyChange()
    {
        var store = await StoreAsync();
        var before = await AnalyseAsync(store, "2022-11");
        var (workbook, _) = await ReviewedWorkbookAsync(store, before.Collections.First(c => c.Recommendation == Recommendation.Automate).Id);
        await using (var stream = File.OpenRead(workbook)) { await ReviewImport.ImportAsync(store, stream, "w.xlsx", "Priya Shah", Now); }
        await SaveLogAsync(store, "icb-request-log-2022-12.csv", LaterMonth(1, changeSitRep: false));
        await SaveLogAsync(store, "icb-request-log-2023-01.csv", LaterMonth(2, changeSitRep: true));
        var bed = BedPosition(before);

        var december = await AnalyseAsync(store, "2022-12");
        var january = await AnalyseAsync(store, "2023-01");

        Assert.Single(december.DismissedPairs);
        Assert.DoesNotContain(december.DuplicatePairs, p => p.A == bed || p.B == bed);
        Assert.Empty(january.DismissedPairs);
        var raisedAgain = january.DuplicatePairs.Single(p => (p.A == bed || p.B == bed) && (p.A == "UECSITREP" || p.B == "UECSITREP"));
        Assert.Equal(ReviewVerdict.NotDuplicate, raisedAgain.Review?.Decision);
        Assert.True(raisedAgain.Review!.Stale);
        Assert.False(january.DuplicatePairs.Single(p => p.A == "RTT" && p.B == "WLMDS").Review!.Stale);
    }

    [Fact]
    public async Task Import_UnknownDecision_RecordsNothingAndNamesSheetRowAndValue()
    {
        var store = await StoreAsync();
        var path = _dir.File("r.xlsx");
        await new ReportService(store, new Analyser(new FakeTimeProvider(Now))).WriteAsync(new ReportRequest(ReportingPeriod.Parse("2022-11"), "QMM", false, null), path);
        int row;
        using (var book = new XLWorkbook(path))
        {
            var sheet = book.Worksheet("Duplicates");
            Decide(sheet, r => r.StartsWith("pair|RTT|WLMDS|", StringComparison.Ordinal), "confirmed");
            Decide(sheet, r => r.StartsWith("pair|", StringComparison.Ordinal) && !r.StartsWith("pair|RTT|WLMDS|", StringComparison.Ordinal), "maybe");
            row = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == "maybe")).RowNumber();
            book.Save();
        }

        await using var stream = File.OpenRead(path);
        var refused = await Assert.ThrowsAsync<ReviewImportException>(() => ReviewImport.ImportAsync(store, stream, "r.xlsx", "Priya Shah", Now));

        Assert.Contains($"r.xlsx sheet Duplicates row {row}, column Decision: 'maybe' (expected confirmed or not a duplicate)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await store.LoadReviewDecisionsAsync());
    }

    [Fact]
    public async Task Write_Report_OffersTheDecisionsAsADropDown()
    {
        var store = await StoreAsync();
        var path = _dir.File("r.xlsx");
        await new ReportService(store, new Analyser(new FakeTimeProvider(Now))).WriteAsync(new ReportRequest(ReportingPeriod.Parse("2022-11"), "QMM", false, null), path);

        using var book = new XLWorkbook(path);
        var pairs = book.Worksheet("Duplicates").DataValidations.Single(v => v.AllowedValues == XLAllowedValues.List);
        var recs = book.Worksheet("Collections").DataValidations.Single(v => v.AllowedValues == XLAllowedValues.List);
        Assert.Equal("\"confirmed,not a duplicate\"", pairs.Value);
        Assert.Equal("\"agreed,rejected,deferred\"", recs.Value);
    }

    private async Task<string> ResaveWithLibreOfficeAsync(string workbook)
    {
        var soffice = Tools.Require("LibreOffice", "apt-get install -y libreoffice-calc", "soffice", "libreoffice");
        var outDir = Directory.CreateDirectory(_dir.File("resaved")).FullName;
        var profile = Path.Combine(_dir.Path, "lo-profile-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo(soffice) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = outDir };
        foreach (var arg in new[] { "--headless", "--norestore", $"-env:UserInstallation=file://{profile}", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir, workbook })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var resaved = Path.Combine(outDir, Path.GetFileName(workbook));
        Assert.True(process.ExitCode == 0 && File.Exists(resaved), $"LibreOffice did not re-save the workbook: {await stderr}");
        return resaved;
    }
}
