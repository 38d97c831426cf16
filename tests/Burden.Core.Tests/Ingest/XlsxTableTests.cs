using System.IO.Compression;
using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using ClosedXML.Excel;

namespace Burden.Core.Tests.Ingest;

public class XlsxTableTests
{
    private static readonly string?[] HeaderCells =
        ["s:Org Code", "s:Date Received", "s:Requester", "s:Title", "s:Frequency", "s:Data Items", "s:Hours", "s:Due date"];

    private static List<ParsedRow> Read(byte[] bytes, string file = "log.xlsx", LogKind? kind = null, IngestOptions? options = null)
    {
        using var stream = new MemoryStream(bytes);
        using var log = LogReader.Open(stream, file, kind, options: options);
        Assert.Equal(FileFormat.Xlsx, log.Format);
        return log.ReadRows().ToList();
    }

    [Fact]
    public void ReadRows_FirstSheetWithHeader_DateCellsSerialsSharedAndInlineStrings()
    {
        var bytes = RawXlsx.Build(
            ("Read me", [["s:This workbook lists requests"], ["s:See the next sheet"]]),
            ("Log",
            [
                ["s:ICB request log, November 2022"],
                [],
                HeaderCells.Append("i:Notes").ToArray(),
                ["s:QMM", "d:44866", "s:NHS England", "i:UEC daily SitRep", "s:Daily", "s:Beds open;Beds occupied", "n:1.5", "D:44867"],
                ["i:QMM", "n:44867", "i:CQC", "s:=SUM(A1:A9)", "i:ad-hoc", "i:Staff in post", null, null, "i:a note"],
                [],
                ["s:QMM", "i:02/11/2022", "s:NHS England", "f:ab", "s:Weekly", "s:x", "n:0.25"],
                ["s:QMM", "i:31/02/2022", "s:NHS England", "s:Bad date", "s:Weekly", "s:x"],
            ]));
        var rows = Read(bytes);

        Assert.Equal([4, 5, 7, 8], rows.Select(r => r.Line));
        var first = rows[0].Request!;
        Assert.Equal(new DateOnly(2022, 11, 1), first.ReceivedDate);
        Assert.Equal(new DateOnly(2022, 11, 2), first.DueDate);
        Assert.Equal("UEC daily SitRep", first.Title);
        Assert.Equal(["Beds open", "Beds occupied"], first.DataItems);
        Assert.Equal(1.5m, first.HoursSpent);
        Assert.Equal(Frequency.Daily, first.Frequency);

        var second = rows[1].Request!;
        Assert.Equal(new DateOnly(2022, 11, 2), second.ReceivedDate); // a serial in an unformatted number cell
        Assert.Equal("=SUM(A1:A9)", second.Title);
        Assert.Null(second.HoursSpent);
        Assert.Equal(Frequency.AdHoc, second.Frequency);

        Assert.Equal("ab", rows[2].Request!.Title); // a formula's cached string result
        Assert.Equal(new DateOnly(2022, 11, 2), rows[2].Request!.ReceivedDate);

        var issue = Assert.Single(rows[3].Issues);
        Assert.Equal("log.xlsx line 8, column received_date: '31/02/2022' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)", issue.ToString());
    }

    [Fact]
    public void ReadRows_RichTextSharedStrings_RunsJoinedPhoneticIgnored()
    {
        // RawXlsx writes every second shared string as two runs plus a phonetic run.
        var bytes = RawXlsx.Build(("Log", [HeaderCells, ["s:QMM", "d:44866", "s:NHS England Region", "s:Title in two runs", "s:Monthly", "s:Items here"]]));
        var request = Assert.Single(Read(bytes)).Request!;
        Assert.Equal("NHS England Region", request.Requester);
        Assert.Equal("Title in two runs", request.Title);
        Assert.Equal(["Items here"], request.DataItems);
    }

    [Fact]
    public void ReadRows_CellReferencesBeyondZ_PlacedByReference()
    {
        var header = HeaderCells.Concat(Enumerable.Repeat<string?>(null, 20)).Append("s:Purpose").ToArray(); // purpose in column AC
        var row = new string?[header.Length];
        Array.Copy(new[] { "s:QMM", "d:44866", "s:NHSE", "s:T", "s:Monthly", "s:x" }, row, 6);
        row[^1] = "s:Winter planning";
        var request = Assert.Single(Read(RawXlsx.Build(("Log", [header, row])))).Request!;
        Assert.Equal("Winter planning", request.Purpose);
    }

    [Fact]
    public void ReadRows_Date1904Workbook_DatesFrom1904()
    {
        var bytes = RawXlsx.Build(true, ("Log", [HeaderCells, ["s:QMM", "d:43406", "s:NHSE", "s:T", "s:Monthly", "s:x"]]));
        Assert.Equal(new DateOnly(2022, 11, 3), Assert.Single(Read(bytes)).Request!.ReceivedDate);
    }

    [Fact]
    public void Open_SheetMissingRequiredColumn_RefusedNamingIt()
    {
        var bytes = RawXlsx.Build(("Log", [HeaderCells[..5], ["s:QMM", "d:44866", "s:NHSE", "s:T", "s:Monthly"]]));
        var refused = Assert.Throws<FileRefusedException>(() => Read(bytes));
        Assert.Contains("missing required column data_items", refused.Reason);
        Assert.Contains("headers found: Org Code, Date Received", refused.Reason);
    }

    [Fact]
    public void Open_NoSheetWithHeader_RefusedListingSheets()
    {
        var refused = Assert.Throws<FileRefusedException>(() => Read(RawXlsx.Build(("Sheet1", [["s:hello"]]), ("Sheet2", [["n:1"]]))));
        Assert.Contains("no header row found", refused.Reason);
        Assert.Contains("Sheet1, Sheet2", refused.Reason);
    }

    [Fact]
    public void Open_ZipThatIsNotAWorkbook_Refused()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = zip.CreateEntry("hello.txt").Open())
        {
            entry.Write("hello"u8);
        }
        Assert.Contains("not an Excel workbook", Assert.Throws<FileRefusedException>(() => Read(output.ToArray(), "archive.xlsx")).Reason);
    }

    [Fact]
    public void Open_TruncatedZip_RefusedNotThrownRaw()
    {
        var bytes = RawXlsx.Build(("Log", [HeaderCells]));
        var refused = Assert.Throws<FileRefusedException>(() => Read(bytes[..(bytes.Length / 2)]));
        Assert.Contains("not a readable .xlsx workbook", refused.Reason);
    }

    [Fact]
    public void Open_ZipBombWithHonestSizes_RefusedBeforeInflating()
    {
        var bytes = ZipBomb(out _);
        var refused = Assert.Throws<FileRefusedException>(() => Read(bytes, "bomb.xlsx"));
        Assert.Contains("zip bomb", refused.Reason);
        Assert.Contains("xl/worksheets/sheet1.xml", refused.Reason);
    }

    [Fact]
    public void ReadRows_ZipBombWithLyingDeclaredSizes_RefusedWhileInflatingInBoundedMemory()
    {
        var bytes = ZipBomb(out var sheetPath);
        PatchDeclaredSize(bytes, sheetPath, 2_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<FileRefusedException>(() => Read(bytes, "liar.xlsx"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("liar.xlsx", refused.Message);
        // .NET stops inflating at the declared size, leaving truncated XML; the reader's own count would stop it otherwise.
        Assert.True(refused.Reason.Contains("inflates past its declared size") || refused.Reason.Contains("not a readable .xlsx workbook"), refused.Reason);
        // The part would inflate to 64 MiB; reading stops long before holding anything like that.
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Open_ClosedXmlWorkbook_DatesNumbersAndTextRead()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Requests");
        string[] headers = ["org_code", "received_date", "requester", "title", "frequency", "data_items", "hours_spent"];
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headers[c];
        }
        sheet.Cell(2, 1).Value = "QMM";
        sheet.Cell(2, 2).Value = new DateTime(2022, 11, 14);
        sheet.Cell(2, 3).Value = "NHS England";
        sheet.Cell(2, 4).SetValue("+44 helpline volumes");
        sheet.Cell(2, 5).Value = "Fortnightly";
        sheet.Cell(2, 6).Value = "Calls answered\nCalls abandoned";
        sheet.Cell(2, 7).Value = 2.5;
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);

        var request = Assert.Single(Read(stream.ToArray(), "closedxml.xlsx")).Request!;
        Assert.Equal(new DateOnly(2022, 11, 14), request.ReceivedDate);
        Assert.Equal("+44 helpline volumes", request.Title);
        Assert.Equal(Frequency.Fortnightly, request.Frequency);
        Assert.Equal(["Calls answered", "Calls abandoned"], request.DataItems);
        Assert.Equal(2.5m, request.HoursSpent);
    }

    [Fact]
    public void ReadRows_GenericContentTypes_StillRead()
    {
        // Some producers label every part application/xml; the reader goes by relationships, not content types.
        var bytes = RawXlsx.ReplacePart(RawXlsx.Build(("Log", [HeaderCells, ["s:QMM", "d:44866", "s:NHSE", "s:Generic", "s:Monthly", "s:x"]])),
            "[Content_Types].xml",
            part => part.Write("""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"""u8));
        Assert.Equal("Generic", Assert.Single(Read(bytes)).Request!.Title);
    }

    [Fact]
    public void ReadRows_BooleanAndErrorCells_ReadAsTheirText()
    {
        var bytes = RawXlsx.Build(("Log", [HeaderCells, ["s:QMM", "d:44866", "e:#N/A", "b:1", "s:Monthly", "b:0"]]));
        var request = Assert.Single(Read(bytes)).Request!;
        Assert.Equal("#N/A", request.Requester);
        Assert.Equal("TRUE", request.Title);
        Assert.Equal(["FALSE"], request.DataItems);
    }

    [Fact]
    public void Open_SheetWithExternalEntity_RefusedWithoutReadingTheFile()
    {
        using var folder = new Burden.Core.Tests.Support.TempDirectory();
        var secret = folder.File("secret.txt");
        File.WriteAllText(secret, "SECRET-MARKER");
        var bytes = RawXlsx.Build(("Log", [HeaderCells, ["s:QMM", "d:44866", "s:NHSE", "i:XXE-HERE", "s:Monthly", "s:x"]]));
        var sheet = RawXlsx.ReadPart(bytes, "xl/worksheets/sheet1.xml");
        var hostile = sheet
            .Replace("<worksheet ", $"<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"{new Uri(secret).AbsoluteUri}\">]><worksheet ", StringComparison.Ordinal)
            .Replace("XXE-HERE", "&xxe;", StringComparison.Ordinal);
        bytes = RawXlsx.ReplacePart(bytes, "xl/worksheets/sheet1.xml", part => part.Write(System.Text.Encoding.UTF8.GetBytes(hostile)));

        var refused = Assert.Throws<FileRefusedException>(() => Read(bytes, "xxe.xlsx"));

        Assert.Contains("not a readable .xlsx workbook", refused.Reason);
        Assert.DoesNotContain("SECRET-MARKER", refused.Message);
    }

    [Theory]
    [InlineData("xl/workbook.xml")]
    [InlineData("xl/_rels/workbook.xml.rels")]
    [InlineData("_rels/.rels")]
    [InlineData("xl/sharedStrings.xml")]
    [InlineData("xl/styles.xml")]
    public void Open_PartWithDocumentTypeDefinition_Refused(string path)
    {
        // An internal entity expanded a billion times is the other use of a DTD; no part may declare one.
        var bytes = RawXlsx.Build(("Log", [HeaderCells, ["s:QMM", "d:44866", "s:NHSE", "s:T", "s:Monthly", "s:x"]]));
        var xml = RawXlsx.ReadPart(bytes, path);
        var declarationEnd = xml.IndexOf("?>", StringComparison.Ordinal) + 2;
        var hostile = xml[..declarationEnd] + "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>" + xml[declarationEnd..];
        bytes = RawXlsx.ReplacePart(bytes, path, part => part.Write(System.Text.Encoding.UTF8.GetBytes(hostile)));

        var refused = Assert.Throws<FileRefusedException>(() => Read(bytes, "dtd.xlsx"));

        Assert.Contains("not a readable .xlsx workbook", refused.Reason);
        Assert.Contains("DTD", refused.Reason);
    }

    [Fact]
    public void Open_WorkbookHeaderOverColumnLimit_RefusedNamingTheCount()
    {
        var header = HeaderCells.Concat(Enumerable.Range(0, 993).Select(i => $"s:extra{i}")).ToArray();
        var refused = Assert.Throws<FileRefusedException>(() => Read(RawXlsx.Build(("Log", [header, ["s:QMM", "d:44866", "s:NHSE", "s:T", "s:Monthly", "s:x"]]))));
        Assert.Equal("the header row has 1,001 columns (expected at most 1,000; remove the columns that are not part of the log)", refused.Reason);
    }

    [Fact]
    public void ReadRows_WorkbookCellOverExcelLimit_RowRejectedNamingLineAndColumn()
    {
        var bytes = RawXlsx.Build(("Log",
        [
            HeaderCells,
            ["s:QMM", "d:44866", "s:NHSE", "s:ok", "s:Monthly", "s:x"],
            ["s:QMM", "d:44866", "s:NHSE", "i:" + new string('A', 40_000), "s:Monthly", "s:x"],
        ]));
        var rows = Read(bytes);
        Assert.True(rows[0].Accepted);
        var issue = Assert.Single(rows[1].Issues);
        Assert.Equal(("log.xlsx", 3, "title"), (issue.File, issue.Line, issue.Column));
        Assert.Equal("the cell holds 40,000 characters (expected at most 32,767, Excel's own limit)", issue.Message);
    }

    [Theory]
    [InlineData("dd/mm/yyyy", true)]
    [InlineData("d-mmm-yy", true)]
    [InlineData("[$-809]dd mmmm yyyy;@", true)]
    [InlineData("mmm", true)]
    [InlineData("mm:ss", false)]
    [InlineData("[h]:mm", false)]
    [InlineData("0.00", false)]
    [InlineData("0\" days\"", false)]
    [InlineData("#,##0;[Red]-#,##0", false)]
    [InlineData("\\d0", false)]
    public void IsDateFormat_CustomFormatCodes(string code, bool expected) =>
        Assert.Equal(expected, XlsxTable.IsDateFormat(code));

    /// <summary>A workbook whose sheet part is 64 MiB of whitespace compressing about a thousand times.</summary>
    private static byte[] ZipBomb(out string sheetPath)
    {
        sheetPath = "xl/worksheets/sheet1.xml";
        return RawXlsx.WithPadding([HeaderCells], 64);
    }

    private static void PatchDeclaredSize(byte[] zip, string path, uint size) => RawXlsx.PatchDeclaredSize(zip, path, size);
}
