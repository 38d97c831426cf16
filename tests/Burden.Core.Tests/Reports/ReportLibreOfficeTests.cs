using System.Diagnostics;
using Burden.Core.Reports;
using Burden.Core.Tests.Support;

namespace Burden.Core.Tests.Reports;

/// <summary>Opens the written workbook in a real spreadsheet program: LibreOffice converts it to PDF without a repair.</summary>
public sealed class ReportLibreOfficeTests
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_Sample_LibreOfficeConvertsItToPdf(bool streamed)
    {
        var soffice = Tools.Require("LibreOffice", "apt-get install -y libreoffice-calc", "soffice", "libreoffice");
        using var temp = new TempDirectory();
        var output = ReportFiles.Write(ReportSamples.Input(allOrgs: true), temp.File("sample.xlsx"), new ReportOptions { StreamRowThreshold = streamed ? 1 : 2_000 });

        var pdf = await ConvertToPdfAsync(soffice, output.WorkbookPath, temp.Path);

        var bytes = await File.ReadAllBytesAsync(pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        // Eight sheets with tables and three charts: far more than an empty or error page.
        Assert.True(bytes.Length > 20_000, $"the PDF is only {bytes.Length} bytes");
        if (Tools.Find("pdftotext") is { } pdftotext)
        {
            var text = await RunAsync(pdftotext, ["-layout", pdf, "-"], temp.Path);
            Assert.Contains("Data-collection burden report", text, StringComparison.Ordinal);
            Assert.Contains("Hours in the period by frequency", text, StringComparison.Ordinal);
            Assert.Contains(ReportSamples.FormulaTitle, text, StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_ManyCollections_PrintsOnA4WithTheListHeaderOnEveryPage(bool streamed)
    {
        var soffice = Tools.Require("LibreOffice", "apt-get install -y libreoffice-calc", "soffice", "libreoffice");
        var pdfinfo = Tools.Require("pdfinfo", "apt-get install -y poppler-utils", "pdfinfo");
        var pdftotext = Tools.Require("pdftotext", "apt-get install -y poppler-utils", "pdftotext");
        using var temp = new TempDirectory();
        // 150 collections: the Collections list runs over several pages down and across.
        var input = ReportSamples.Input(allOrgs: true);
        var template = input.Analysis.Collections[1];
        input = input with
        {
            Analysis = input.Analysis with
            {
                Collections = [.. input.Analysis.Collections, .. Enumerable.Range(1, 150).Select(i => template with { Id = $"extra-{i:000}", Title = $"Extra weekly return {i}" })],
            },
        };
        var output = ReportFiles.Write(input, temp.File("many.xlsx"), new ReportOptions { StreamRowThreshold = streamed ? 1 : 2_000 });

        var pdf = await ConvertToPdfAsync(soffice, output.WorkbookPath, temp.Path);

        var info = await RunAsync(pdfinfo, ["-f", "1", "-l", "10000", pdf], temp.Path);
        var sizes = System.Text.RegularExpressions.Regex.Matches(info, @"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts").Select(m => (W: double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), H: double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var pages = int.Parse(System.Text.RegularExpressions.Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(pages, sizes.Count);
        // A4 is 595 x 842 points, either way round; US Letter (612 x 792) would fail.
        Assert.All(sizes, s => Assert.True(Math.Abs(Math.Min(s.W, s.H) - 595.3) < 1 && Math.Abs(Math.Max(s.W, s.H) - 841.9) < 1, $"a page is {s.W} x {s.H} pt, not A4"));

        var collectionPages = new List<string>();
        for (var page = 1; page <= pages; page++)
        {
            var text = await RunAsync(pdftotext, ["-layout", "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), pdf, "-"], temp.Path);
            // The footer names the sheet and numbers the page.
            Assert.Matches($@"Page {page} of {pages}", text);
            if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^\s*Collections\s+Page \d+ of", System.Text.RegularExpressions.RegexOptions.Multiline))
            {
                collectionPages.Add(text);
            }
        }
        Assert.True(collectionPages.Count >= 4, $"150 collections across 35 columns printed on {collectionPages.Count} pages");
        // Every page shows the header row (the first page of each run across under the two lines of explanation, every
        // other page repeated at its top), with its first column repeated at the left: Organisations, then Id.
        Assert.All(collectionPages, text =>
        {
            var top = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(4).ToList();
            Assert.True(top.Any(l => l.StartsWith("Organisations ", StringComparison.Ordinal)), "a Collections page without its header: " + string.Join(" / ", top));
        });
        Assert.True(collectionPages.Count(t => t.TrimStart().StartsWith("Organisations ", StringComparison.Ordinal)) >= collectionPages.Count / 2);
    }

    internal static async Task<string> ConvertToPdfAsync(string soffice, string workbook, string outDir)
    {
        // A profile of its own, so a test never waits on (or corrupts) another LibreOffice's profile lock.
        var profile = Path.Combine(outDir, "lo-profile-" + Guid.NewGuid().ToString("N"));
        await RunAsync(soffice, ["--headless", "--norestore", $"-env:UserInstallation=file://{profile}", "--convert-to", "pdf", "--outdir", outDir, workbook], outDir);
        var pdf = Path.Combine(outDir, Path.GetFileNameWithoutExtension(workbook) + ".pdf");
        Assert.True(File.Exists(pdf), $"LibreOffice wrote no {pdf}");
        return pdf;
    }

    private static async Task<string> RunAsync(string program, string[] args, string workingDirectory)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
