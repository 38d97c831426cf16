using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Reports;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Burden.Core.Tests.Reports;

/// <summary>The written workbook, reopened, prints well: A4, fitted, titles repeated, text wrapped, plain words, per-organisation files.</summary>
public sealed class ReportPrintTests
{
    private const string LongReason =
        "100 % of its items already flow in the FDP national tenant's acute flows, the Emergency Care Data Set and SUS: take them from there instead of re-keying them every day";

    private static MemoryStream Written(ReportInput input, bool streamed)
    {
        var options = new ReportOptions { StreamRowThreshold = streamed ? 1 : 2_000 };
        var stream = new MemoryStream();
        ReportWorkbookWriter.Write(ReportModelBuilder.Build(input, options), stream, options);
        stream.Position = 0;
        return stream;
    }

    /// <summary>The sample with one collection's reason long enough to need several lines in its column.</summary>
    private static ReportInput WithLongReason(bool allOrgs = false)
    {
        var input = ReportSamples.Input(allOrgs: allOrgs);
        var analysis = input.Analysis with
        {
            Collections = [.. input.Analysis.Collections.Select(c => c.Id == "wlmds" ? c with { RecommendationReason = LongReason } : c)],
        };
        return input with { Analysis = analysis };
    }

    private static IXLCell Find(IXLWorksheet sheet, string text) =>
        sheet.CellsUsed().FirstOrDefault(c => c.DataType == XLDataType.Text && c.GetString() == text)
        ?? throw new Xunit.Sdk.XunitException($"'{text}' not found on {sheet.Name}");

    private static IXLCell Column(IXLWorksheet sheet, IXLCell header, string text) =>
        sheet.Column(header.Address.ColumnNumber).CellsUsed().First(c => c.Address.RowNumber > header.Address.RowNumber && c.GetString() == text);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_EverySheet_IsA4FittedToWidthWithSheetNameAndPageNumbers(bool streamed)
    {
        using var stream = Written(ReportSamples.Input(allOrgs: true), streamed);
        using var workbook = new XLWorkbook(stream);

        foreach (var sheet in workbook.Worksheets)
        {
            Assert.True(sheet.PageSetup.PaperSize == XLPaperSize.A4Paper, $"{sheet.Name} prints on {sheet.PageSetup.PaperSize}");
            Assert.True(sheet.PageSetup.PagesWide >= 1, $"{sheet.Name} is not fitted to the page width");
            Assert.Equal(0, sheet.PageSetup.PagesTall);
        }
        // The Summary is one page wide; the Collections list (35 columns) is landscape, across more pages at a readable scale.
        Assert.Equal(1, workbook.Worksheet("Summary").PageSetup.PagesWide);
        var collections = workbook.Worksheet("Collections").PageSetup;
        Assert.Equal(XLPageOrientation.Landscape, collections.PageOrientation);
        Assert.True(collections.PagesWide > 1, $"35 columns squeezed onto {collections.PagesWide} page across");
        // The Method sheet's few columns fit a portrait page... unless its SHA-256 column needs landscape; either way one page across.
        Assert.Equal(1, workbook.Worksheet("Method").PageSetup.PagesWide);

        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        foreach (var part in document.WorkbookPart!.WorksheetParts)
        {
            var footer = part.Worksheet.Descendants<S.OddFooter>().Single().Text;
            Assert.Contains("&A", footer, StringComparison.Ordinal);
            Assert.Contains("&P", footer, StringComparison.Ordinal);
            Assert.Contains("&N", footer, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_ListSheets_RepeatTheirHeaderRowAndKeyColumnOnEveryPrintedPage(bool streamed)
    {
        using var stream = Written(ReportSamples.Input(allOrgs: false), streamed);
        var headers = new Dictionary<string, int>();
        var pagesWide = new Dictionary<string, int>();
        using (var workbook = new XLWorkbook(stream))
        {
            foreach (var (name, table) in new[] { ("Collections", "tblCollections"), ("Output-only", "tblOutputOnly"), ("Automatable", "tblAutomatable"), ("Requests", "tblRequests") })
            {
                headers[name] = workbook.Worksheet(name).Table(table).HeadersRow().RowNumber();
                pagesWide[name] = workbook.Worksheet(name).PageSetup.PagesWide;
            }
            Assert.Equal("Id", workbook.Worksheet("Collections").Cell(headers["Collections"], 1).GetString());
        }

        // Read as Excel and LibreOffice read them: LibreOffice repeats nothing unless the print titles are absolute ($A:$A,$3:$3).
        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<S.Sheet>().Select(s => s.Name!.Value!).ToList();
        var titles = document.WorkbookPart.Workbook.DefinedNames!.Elements<S.DefinedName>().Where(d => d.Name == "_xlnm.Print_Titles")
            .ToDictionary(d => sheets[(int)d.LocalSheetId!.Value], d => d.Text);
        foreach (var (name, headerRow) in headers)
        {
            var quoted = name.Contains('-') ? $"'{name}'" : name;
            var rows = $"{quoted}!${headerRow}:${headerRow}";
            // A list printed more than one page across repeats its key column (the collection) at the left of each page.
            Assert.Equal(pagesWide[name] > 1 && name != "Requests" ? $"{quoted}!$A:$A,{rows}" : rows, titles[name]);
        }
        Assert.True(pagesWide["Collections"] > 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_Hours_HaveThousandsSeparatorsAndOneDecimal(bool streamed)
    {
        using var stream = Written(ReportSamples.Input(), streamed);
        using var workbook = new XLWorkbook(stream);

        var summary = workbook.Worksheet("Summary");
        Assert.Equal("#,##0.0", Find(summary, "Hours per year").CellRight().Style.NumberFormat.Format);
        var collections = workbook.Worksheet("Collections");
        var header = Find(collections, "Hours per year");
        var sitrep = collections.Cell(Column(collections, Find(collections, "Id"), "DCB2050").Address.RowNumber, header.Address.ColumnNumber);
        Assert.Equal(730, sitrep.GetDouble());
        Assert.Equal("#,##0.0", sitrep.Style.NumberFormat.Format);
        Assert.Equal("#,##0.0", workbook.Worksheet("Requests").Table("tblRequests").DataRange.FirstRow().Field("Hours spent").Style.NumberFormat.Format);
    }

    [Fact]
    public void Write_ChangeInAShare_IsInPercentagePointsNotPercent()
    {
        using var stream = Written(ReportSamples.Input(), streamed: false);
        using var workbook = new XLWorkbook(stream);

        // Output-only went from 60 % to 80 %: +20.0 pp, not +20 % (and not the +33 % a relative change would say).
        var summary = Find(workbook.Worksheet("Summary"), "Share output-only");
        var change = summary.CellRight().CellRight().CellRight();
        Assert.Equal(20, change.GetDouble(), 9);
        Assert.Equal(ReportWorkbookWriter.PercentagePointsFormat, change.Style.NumberFormat.Format);
        Assert.Equal("0%", summary.CellRight().Style.NumberFormat.Format);

        var deltas = workbook.Worksheet("Baseline");
        var automatable = Find(deltas, "Share automatable");
        Assert.Equal(20, automatable.CellRight().CellRight().CellRight().GetDouble(), 9);
        Assert.Equal(ReportWorkbookWriter.PercentagePointsFormat, automatable.CellRight().CellRight().CellRight().Style.NumberFormat.Format);
        Assert.True(automatable.CellRight().CellRight().CellRight().CellRight().IsEmpty(), "a share's change % (a percentage of a percentage) is left blank");
        // Other figures keep their change % beside the change.
        Assert.Equal(0.2565, Find(deltas, "Hours per year").CellRight().CellRight().CellRight().CellRight().GetDouble(), 3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_LongText_WrapsInItsColumnOnATallEnoughRow(bool streamed)
    {
        using var stream = Written(WithLongReason(), streamed);
        using var workbook = new XLWorkbook(stream);

        // The Top savings table's reason wraps in its own column instead of running into the next.
        var summary = workbook.Worksheet("Summary");
        var why = Find(summary, LongReason);
        Assert.True(why.Style.Alignment.WrapText);
        Assert.True(summary.Column(why.Address.ColumnNumber).Width <= 42, $"the Why column is {summary.Column(why.Address.ColumnNumber).Width} wide");
        Assert.True(summary.Row(why.Address.RowNumber).Height >= 45, $"a reason of {LongReason.Length} characters in a 40-character column gets a row {summary.Row(why.Address.RowNumber).Height} pt tall");
        // The same on the Collections list, streamed or not: wrapped, top-aligned, and the row tall enough.
        var collections = workbook.Worksheet("Collections");
        var reason = Find(collections, LongReason);
        Assert.True(reason.Style.Alignment.WrapText);
        Assert.Equal(XLAlignmentVerticalValues.Top, reason.Style.Alignment.Vertical);
        Assert.True(collections.Row(reason.Address.RowNumber).Height >= 45, $"row {reason.Address.RowNumber} is {collections.Row(reason.Address.RowNumber).Height} pt");
        // A short row keeps the default height.
        var keep = Column(collections, Find(collections, "Id"), "ffte");
        Assert.True(collections.Row(keep.Address.RowNumber).Height < 20);
        // The long paragraph above the list is merged across the columns of one printed page and wrapped, not run off the page.
        var paragraph = collections.Cell(2, 1);
        Assert.StartsWith("To review a recommendation", paragraph.GetString());
        Assert.True(paragraph.IsMerged());
        Assert.True(paragraph.Style.Alignment.WrapText);
        Assert.True(collections.Row(2).Height >= 30);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_Kinds_ArePlainWordsNotInternalNames(bool streamed)
    {
        var input = ReportSamples.Input(allOrgs: true);
        input = input with { Files = [.. input.Files, new StoredFile(3, "national-catalogue.csv", new string('c', 64), LogKind.Catalogue, null, 38, 38, 0, ReportSamples.GeneratedAt)] };
        using var stream = Written(input, streamed);
        using var workbook = new XLWorkbook(stream);

        var internalNames = workbook.Worksheets.SelectMany(w => w.CellsUsed()).Where(c => c.GetString() is "RequestLog" or "Catalogue" or "log").Select(c => $"{c.Worksheet.Name}!{c.Address}").ToList();
        Assert.Empty(internalNames);
        var method = workbook.Worksheet("Method");
        Assert.Equal("request log", Find(method, "qmm-requests-2022-11.csv").CellRight().GetString());
        Assert.Equal("catalogue", Find(method, "national-catalogue.csv").CellRight().GetString());
        var requests = workbook.Worksheet("Requests");
        Assert.Equal("request log", Find(requests, "qmm-requests-2022-11.csv").CellRight().GetString());
        var collections = workbook.Worksheet("Collections");
        Assert.Equal("request log", Column(collections, Find(collections, "Source"), "request log").GetString());
    }

    [Fact]
    public void RelevantFiles_OneOrganisation_ListsItsOwnLogsAndTheCataloguesItDrawsOn()
    {
        var files = new List<StoredFile>
        {
            new(1, "qmm-requests-2022-11.csv", new string('a', 64), LogKind.RequestLog, "QMM", 9, 6, 3, ReportSamples.GeneratedAt),
            new(2, "rxx-requests-2022-11.csv", new string('b', 64), LogKind.RequestLog, "RXX", 4, 4, 0, ReportSamples.GeneratedAt),
            new(3, "que-messy.csv", new string('c', 64), LogKind.RequestLog, null, 11, 5, 6, ReportSamples.GeneratedAt),
            new(4, "national-catalogue.csv", new string('d', 64), LogKind.Catalogue, null, 38, 38, 0, ReportSamples.GeneratedAt),
            new(5, "regional-catalogue.csv", new string('e', 64), LogKind.Catalogue, null, 3, 3, 0, ReportSamples.GeneratedAt),
        };
        var catalogue = new List<CatalogueEntry>
        {
            new() { CollectionRef = "dcb2050 ", Title = "UEC daily SitRep", Requester = "NHS England", Frequency = Frequency.Daily, DataItems = ["beds occupied"], Respondents = 1, HoursPerSubmission = 1, SourceFile = "national-catalogue.csv" },
            new() { CollectionRef = "REG1", Title = "Regional return", Requester = "Region", Frequency = Frequency.Monthly, DataItems = ["x"], Respondents = 1, HoursPerSubmission = 1, SourceFile = "regional-catalogue.csv" },
        };
        var input = ReportSamples.Input() with { Files = files, Catalogue = catalogue };

        // QMM's collections include DCB2050, which the national catalogue describes; nothing of QMM's is in the regional one.
        Assert.Equal(["qmm-requests-2022-11.csv", "national-catalogue.csv"], ReportModelBuilder.RelevantFiles(input).Select(f => f.Name));
        var national = input with { Analysis = input.Analysis with { Org = null }, AllOrgs = true };
        Assert.Equal(files.Select(f => f.Name), ReportModelBuilder.RelevantFiles(national).Select(f => f.Name));
    }
}
