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
