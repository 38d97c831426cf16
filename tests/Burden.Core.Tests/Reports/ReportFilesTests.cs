using Burden.Core.Common;
using Burden.Core.Reports;
using Burden.Core.Tests.Support;
using ClosedXML.Excel;

namespace Burden.Core.Tests.Reports;

public sealed class ReportFilesTests
{
    [Fact]
    public void Write_UnderCap_WritesOnlyTheWorkbookAndLeavesNoTemporaryFile()
    {
        using var temp = new TempDirectory();

        var output = ReportFiles.Write(ReportSamples.Input(), temp.File("nov.xlsx"));

        Assert.Equal(temp.File("nov.xlsx"), output.WorkbookPath);
        Assert.Null(output.SpillCsvPath);
        Assert.Equal(["nov.xlsx"], Directory.GetFiles(temp.Path).Select(f => Path.GetFileName(f)).ToArray());
        using var workbook = new XLWorkbook(output.WorkbookPath);
        Assert.Equal(8, workbook.Worksheets.Count);
    }

    [Fact]
    public void Write_OverCap_SpillsEveryRequestToCsvBesideTheWorkbook()
    {
        using var temp = new TempDirectory();

        var output = ReportFiles.Write(ReportSamples.Input(requests: 7), temp.File("nov.xlsx"), new ReportOptions { RequestRowCap = 5 });

        Assert.Equal(temp.File("nov-requests.csv"), output.SpillCsvPath);
        var lines = File.ReadAllLines(output.SpillCsvPath!);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("Organisation,Received,Requester,Title,", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        // Formula-like text is neutralised with an apostrophe; quotes inside are doubled.
        Assert.Equal("QMM,2022-11-01,'@ops team,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",Ad hoc,,2,'+44 beds; beds occupied,1.5,7,email,2022-12-01,,,qmm-requests-2022-11.csv,2", lines[1]);
        using var workbook = new XLWorkbook(output.WorkbookPath);
        Assert.Contains(workbook.Worksheet("Requests").CellsUsed(), c => c.GetString().Contains("all of them are in nov-requests.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_ExistingReport_IsReplaced()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("nov.xlsx"), "old");

        ReportFiles.Write(ReportSamples.Input(), temp.File("nov.xlsx"));

        using var workbook = new XLWorkbook(temp.File("nov.xlsx"));
        Assert.Equal("Summary", workbook.Worksheet(1).Name);
    }

    [Fact]
    public void Write_NotXlsx_RefusesWithTheExpectedExtension()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<BurdenException>(() => ReportFiles.Write(ReportSamples.Input(), temp.File("nov.csv")));

        Assert.Contains(".xlsx", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void WriteAtomically_WriterFailsHalfWay_LeavesOldFileAndNoTemporary()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("nov.xlsx"), "old");

        Assert.Throws<IOException>(() => ReportFiles.WriteAtomically(temp.File("nov.xlsx"), stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(temp.File("nov.xlsx")));
        Assert.Equal(["nov.xlsx"], Directory.GetFiles(temp.Path).Select(f => Path.GetFileName(f)).ToArray());
    }

    [Fact]
    public void Write_UnderCapAfterASpill_RemovesTheStaleCsv()
    {
        using var temp = new TempDirectory();
        ReportFiles.Write(ReportSamples.Input(requests: 7), temp.File("nov.xlsx"), new ReportOptions { RequestRowCap = 5 });
        Assert.True(File.Exists(temp.File("nov-requests.csv")));

        var output = ReportFiles.Write(ReportSamples.Input(requests: 3), temp.File("nov.xlsx"), new ReportOptions { RequestRowCap = 5 });

        Assert.Null(output.SpillCsvPath);
        Assert.False(File.Exists(temp.File("nov-requests.csv")));
    }
}
