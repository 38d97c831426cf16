using Burden.Core.Reports;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Burden.Core.Tests.Reports;

public sealed class ReportWorkbookWriterTests
{
    private static readonly ReportOptions Streaming = new() { StreamRowThreshold = 1 };

    private static MemoryStream Written(ReportInput input, ReportOptions? options = null)
    {
        var stream = new MemoryStream();
        ReportWorkbookWriter.Write(ReportModelBuilder.Build(input, options), stream, options);
        stream.Position = 0;
        return stream;
    }

    private static IXLCell FindLabel(IXLWorksheet sheet, string text) =>
        sheet.CellsUsed().FirstOrDefault(c => c.DataType == XLDataType.Text && c.GetString() == text)
        ?? throw new Xunit.Sdk.XunitException($"'{text}' not found on {sheet.Name}");

    private static IXLCell HeaderCell(IXLWorksheet sheet, string header, int headerRow) =>
        sheet.Row(headerRow).CellsUsed().First(c => c.GetString() == header);

    [Fact]
    public void Write_Sample_HasTheEightSheetsInOrder()
    {
        using var stream = Written(ReportSamples.Input());
        using var workbook = new XLWorkbook(stream);

        Assert.Equal(["Summary", "Collections", "Duplicates", "Output-only", "Automatable", "Baseline", "Requests", "Method"],
            workbook.Worksheets.Select(w => w.Name).ToArray());
    }

    [Fact]
    public void Write_Sample_SummaryShowsPeriodCountsAndHeadlineBesideBaseline()
    {
        using var stream = Written(ReportSamples.Input());
        using var workbook = new XLWorkbook(stream);
        var summary = workbook.Worksheet("Summary");

        Assert.Equal("2022-11", FindLabel(summary, "Period").CellRight().GetString());
        Assert.Equal("QMM", FindLabel(summary, "Organisation(s)").CellRight().GetString());
        Assert.Equal("2022-10 reset (period 2022-10)", FindLabel(summary, "Baseline").CellRight().GetString());
        Assert.Contains(summary.CellsUsed(), c => c.GetString() == "In 2022-11: 1 daily, 1 weekly, 1 monthly returns and 3 ad hoc requests.");

        var hoursPerYear = FindLabel(summary, "Hours per year");
        Assert.Equal(XLDataType.Number, hoursPerYear.CellRight().DataType);
        Assert.Equal(1068, hoursPerYear.CellRight().GetDouble());
        Assert.Equal(850, hoursPerYear.CellRight().CellRight().GetDouble());
        Assert.Equal(218, hoursPerYear.CellRight().CellRight().CellRight().GetDouble());
        Assert.Equal("#,##0.0", hoursPerYear.CellRight().Style.NumberFormat.Format);
        var cost = FindLabel(summary, "Cost per year");
        Assert.Equal(32040, cost.CellRight().GetDouble());
        Assert.Equal("£#,##0", cost.CellRight().Style.NumberFormat.Format);
        // No baseline figure exists for requests received: the cell is blank, not zero.
        Assert.True(FindLabel(summary, "Requests received").CellRight().CellRight().IsEmpty());
    }

    [Fact]
    public void Write_NoBaseline_SummaryAndBaselineSheetSaySo()
    {
        using var stream = Written(ReportSamples.Input(withBaseline: false));
        using var workbook = new XLWorkbook(stream);

        Assert.Equal("None given (no comparison)", FindLabel(workbook.Worksheet("Summary"), "Baseline").CellRight().GetString());
        Assert.Equal("No baseline was given", workbook.Worksheet("Baseline").Cell(1, 1).GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_Collections_IsAFilteredTableWithFrozenHeaderAndNumberFormats(bool streamed)
    {
        var options = streamed ? Streaming : null;
        using var stream = Written(ReportSamples.Input(), options);
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet("Collections");

        var table = Assert.Single(sheet.Tables);
        Assert.True(table.ShowAutoFilter);
        var headerRow = table.HeadersRow().RowNumber();
        Assert.Equal(headerRow, sheet.SheetView.SplitRow);
        Assert.Equal(5, table.DataRange.RowCount());

        var hours = HeaderCell(sheet, "Hours per year", headerRow).Address.ColumnNumber;
        var money = HeaderCell(sheet, "Cost per year", headerRow).Address.ColumnNumber;
        var first = HeaderCell(sheet, "First received", headerRow).Address.ColumnNumber;
        var sitrep = sheet.Cell(headerRow + 1, hours);
        Assert.Equal(XLDataType.Number, sitrep.DataType);
        Assert.Equal(730, sitrep.GetDouble());
        Assert.Equal("#,##0.0", sitrep.Style.NumberFormat.Format);
        Assert.Equal(XLDataType.Number, sheet.Cell(headerRow + 1, money).DataType);
        Assert.Equal("£#,##0", sheet.Cell(headerRow + 1, money).Style.NumberFormat.Format);
        Assert.Equal(XLDataType.DateTime, sheet.Cell(headerRow + 1, first).DataType);
        Assert.Equal(new DateTime(2022, 11, 1), sheet.Cell(headerRow + 1, first).GetDateTime());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_FlagColumns_AreYesNoWithConditionalFormatting(bool streamed)
    {
        var options = streamed ? Streaming : null;
        using var stream = Written(ReportSamples.Input(), options);
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet("Collections");
        var headerRow = sheet.Tables.Single().HeadersRow().RowNumber();
        var outputOnly = HeaderCell(sheet, "Output-only", headerRow).Address.ColumnLetter;

        Assert.Equal("Yes", sheet.Cell(headerRow + 1, outputOnly).GetString());
        Assert.Equal("No", sheet.Cell(headerRow + 3, outputOnly).GetString());
        var flagged = sheet.Cell(headerRow + 1, outputOnly);
        Assert.Contains(sheet.ConditionalFormats, cf => cf.Ranges.Any(r => r.Contains(flagged))
            && cf.Values.Values.Any(v => v.Value == "\"Yes\"") && cf.Style.Fill.BackgroundColor.Color.ToArgb() != 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_AllOrgs_CollectionsGainsOrganisationColumnAndSummaryComparesOrganisations(bool streamed)
    {
        var options = streamed ? Streaming : null;
        using var stream = Written(ReportSamples.Input(allOrgs: true), options);
        using var workbook = new XLWorkbook(stream);
        var collections = workbook.Worksheet("Collections");
        var headerRow = collections.Tables.Single().HeadersRow().RowNumber();

        Assert.Equal("Organisations", collections.Cell(headerRow, 1).GetString());
        Assert.Equal("QMM", collections.Cell(headerRow + 1, 1).GetString());
        var summary = workbook.Worksheet("Summary");
        var heading = FindLabel(summary, "Organisations compared");
        Assert.Equal("QMM", summary.Cell(heading.Address.RowNumber + 2, 1).GetString());
        Assert.Equal("RXX", summary.Cell(heading.Address.RowNumber + 3, 1).GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_FormulaLikeText_IsTextInClosedXml(bool streamed)
    {
        var options = streamed ? Streaming : null;
        using var stream = Written(ReportSamples.Input(), options);
        using var workbook = new XLWorkbook(stream);

        var risky = workbook.Worksheets.SelectMany(w => w.CellsUsed())
            .Where(c => c.DataType == XLDataType.Text && ReportWorkbookWriter.LooksLikeFormula(c.GetString())).ToList();
        var texts = risky.Select(c => c.GetString()).ToHashSet();
        Assert.Contains(ReportSamples.FormulaTitle, texts);
        Assert.Contains(ReportSamples.MinusTitle, texts);
        Assert.Contains(ReportSamples.AtRequester, texts);
        Assert.Contains(texts, t => t.StartsWith(ReportSamples.PlusItem, StringComparison.Ordinal));
        Assert.All(risky, c => Assert.False(c.HasFormula, $"{c.Worksheet.Name}!{c.Address} is a formula"));
        Assert.All(risky, c => Assert.True(c.Style.IncludeQuotePrefix, $"{c.Worksheet.Name}!{c.Address} lacks the quote prefix"));
        Assert.DoesNotContain(workbook.Worksheets.SelectMany(w => w.CellsUsed()), c => c.HasFormula);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_FormulaLikeText_IsStringCellWithoutFormulaInRawOpenXml(bool streamed)
    {
        var options = streamed ? Streaming : null;
        using var stream = Written(ReportSamples.Input(), options);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbookPart = document.WorkbookPart!;
        var shared = workbookPart.SharedStringTablePart!.SharedStringTable.Elements<S.SharedStringItem>().Select(s => s.InnerText).ToList();

        var found = new List<string>();
        foreach (var worksheetPart in workbookPart.WorksheetParts)
        {
            Assert.Empty(worksheetPart.Worksheet.Descendants<S.CellFormula>());
            foreach (var cell in worksheetPart.Worksheet.Descendants<S.Cell>())
            {
                var type = cell.DataType?.Value;
                if (cell.CellValue is null && cell.InlineString is null)
                {
                    continue;
                }
                string? text = type == S.CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text)]
                    : type == S.CellValues.InlineString ? cell.InnerText
                    : null;
                if (text is not null && ReportWorkbookWriter.LooksLikeFormula(text))
                {
                    found.Add(text);
                }
                if (text is null && cell.CellValue is not null)
                {
                    // Anything not a string must be a plain number (dates are serial numbers with a date format).
                    Assert.True(double.TryParse(cell.CellValue.Text, System.Globalization.CultureInfo.InvariantCulture, out _), $"{cell.CellReference} holds '{cell.CellValue.Text}'");
                }
            }
        }
        Assert.Contains(ReportSamples.FormulaTitle, found);
        Assert.Contains(ReportSamples.AtRequester, found);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_Requests_AreRowsWithDatesNumbersAndRejectedCountsPerFile(bool streamed)
    {
        var options = streamed ? Streaming : null;
        using var stream = Written(ReportSamples.Input(), options);
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet("Requests");

        var fileCell = FindLabel(sheet, "qmm-requests-2022-11.csv");
        var fileHeader = fileCell.Address.RowNumber - 1;
        Assert.Equal(3, sheet.Cell(fileCell.Address.RowNumber, HeaderCell(sheet, "Rejected rows", fileHeader).Address.ColumnNumber).GetDouble());
        Assert.Equal(6, sheet.Cell(fileCell.Address.RowNumber, HeaderCell(sheet, "Requests in this report", fileHeader).Address.ColumnNumber).GetDouble());

        var table = sheet.Tables.Single(t => t.Name == "tblRequests");
        Assert.Equal(6, table.DataRange.RowCount());
        var header = table.HeadersRow().RowNumber();
        var received = sheet.Cell(header + 1, HeaderCell(sheet, "Received", header).Address.ColumnNumber);
        Assert.Equal(XLDataType.DateTime, received.DataType);
        Assert.Equal("yyyy-mm-dd", received.Style.NumberFormat.Format);
        var hoursColumn = HeaderCell(sheet, "Hours spent", header).Address.ColumnNumber;
        Assert.Equal(1.5, sheet.Cell(header + 1, hoursColumn).GetDouble());
        Assert.True(sheet.Cell(header + 4, hoursColumn).IsEmpty(), "a blank hours_spent stays blank");
    }

    [Fact]
    public void Write_OverRowCap_RequestsSheetSaysWhereTheyWent()
    {
        var options = new ReportOptions { RequestRowCap = 4 };
        using var stream = Written(ReportSamples.Input() with { SpillFileName = "nov-requests.csv" }, options);
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet("Requests");

        Assert.DoesNotContain(sheet.Tables, t => t.Name == "tblRequests");
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == "There are 6 requests, more than the 4 this sheet holds: all of them are in nov-requests.csv, beside this workbook.");
    }

    [Fact]
    public void Write_Method_ShowsRatesFactorsVersionsAndGenerationTime()
    {
        using var stream = Written(ReportSamples.Input(), new ReportOptions { SoftwareVersion = "9.9.9" });
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet("Method");

        Assert.Equal(1.25, FindLabel(sheet, "On-cost factor").CellRight().GetDouble());
        Assert.Equal("taxonomy 1", FindLabel(sheet, "Taxonomy version").CellRight().GetString());
        Assert.Equal("HewittBurden 9.9.9", FindLabel(sheet, "Software").CellRight().GetString());
        var generated = FindLabel(sheet, "Generated").CellRight();
        Assert.Equal(XLDataType.DateTime, generated.DataType);
        Assert.Equal(ReportSamples.GeneratedAt.UtcDateTime, generated.GetDateTime());
        var band7 = FindLabel(sheet, "7 (default)");
        Assert.Equal(27.98, band7.CellRight().GetDouble(), 3);
        Assert.Equal(34.975, band7.CellRight().CellRight().GetDouble(), 3);
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == "Cost per year = hours per year × band rate × on-cost factor");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_Duplicates_ShowPairWithGroupScoresAndKeeper(bool streamed)
    {
        var options = streamed ? Streaming : null;
        using var stream = Written(ReportSamples.Input(), options);
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet("Duplicates");
        var table = sheet.Tables.Single();
        var row = table.DataRange.FirstRow();

        Assert.Equal("G1", row.Field("Group").GetString());
        Assert.Equal("DCB2050", row.Field("Collection A").GetString());
        Assert.Equal(ReportSamples.FormulaTitle, row.Field("Title B").GetString());
        Assert.Equal(1.0, row.Field("Containment").GetDouble());
        Assert.Equal("0%", row.Field("Containment").Style.NumberFormat.Format);
        Assert.Equal("UEC daily SitRep", row.Field("Keeper title").GetString());
    }

    [Fact]
    public void Write_Sample_SummaryHasNativeChartsReferencingItsCells()
    {
        using var stream = Written(ReportSamples.Input());
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbookPart = document.WorkbookPart!;
        var sheet = workbookPart.Workbook.Sheets!.Elements<S.Sheet>().Single(s => s.Name == "Summary");
        var summaryPart = (WorksheetPart)workbookPart.GetPartById(sheet.Id!);

        Assert.NotNull(summaryPart.Worksheet.Elements<S.Drawing>().SingleOrDefault());
        var charts = summaryPart.DrawingsPart!.ChartParts.ToList();
        Assert.Equal(3, charts.Count);
        var titles = charts.Select(c => c.ChartSpace.Descendants<C.Title>().First().InnerText).ToList();
        Assert.Equal(["Hours in the period by frequency", "Hours in the period by requester", "This period against the baseline: hours per year by frequency"], titles);

        var byFrequency = charts[0].ChartSpace.Descendants<C.BarChartSeries>().Single();
        Assert.Matches(@"^'Summary'!\$A\$\d+:\$A\$\d+$", byFrequency.Descendants<C.CategoryAxisData>().Single().Descendants<C.Formula>().Single().Text);
        var valuesRef = byFrequency.Descendants<C.Values>().Single().Descendants<C.Formula>().Single().Text;
        var cached = byFrequency.Descendants<C.Values>().Single().Descendants<C.NumericPoint>().Select(p => double.Parse(p.InnerText, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([60, 20, 0, 3, 0, 0, 3.5], cached);

        // The referenced cells hold the cached values: reopen with ClosedXML and read the range.
        stream.Position = 0;
        using var workbook = new XLWorkbook(stream);
        var range = workbook.Range(valuesRef.Replace("$", "", StringComparison.Ordinal));
        Assert.Equal(cached, range.Cells().Select(c => c.GetDouble()).ToList());
        var comparison = charts[2].ChartSpace.Descendants<C.BarChartSeries>().Select(s => s.Descendants<C.SeriesText>().Single().InnerText).ToList();
        Assert.Equal(2, comparison.Count);
        Assert.Contains("Baseline hours per year", comparison[1], StringComparison.Ordinal);
        var baselineValues = charts[2].ChartSpace.Descendants<C.BarChartSeries>().ElementAt(1).Descendants<C.NumericPoint>().Select(p => p.InnerText).ToList();
        Assert.Equal(["700", "0", "0", "108", "0", "0", "0"], baselineValues);
    }

    [Fact]
    public void Write_NoBaseline_HasTwoChartsOnly()
    {
        using var stream = Written(ReportSamples.Input(withBaseline: false));
        using var document = SpreadsheetDocument.Open(stream, false);

        var charts = document.WorkbookPart!.WorksheetParts.SelectMany(w => w.DrawingsPart?.ChartParts ?? []).ToList();
        Assert.Equal(2, charts.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_TextThatLooksLikeNumberDateOrEscape_StaysText(bool streamed)
    {
        var options = streamed ? Streaming : null;
        var input = ReportSamples.Input();
        var longTitle = new string('x', 40_000);
        string[] titles = ["00123", "2022-11", "TRUE", longTitle];
        var collections = titles.Select((t, i) => ReportSamples.Collection($"c{i}", t, Burden.Core.Catalogue.Frequency.Monthly, 1, 12)).ToList();
        input = input with { Analysis = input.Analysis with { Collections = collections } };

        using var stream = Written(input, options);
        using var workbook = new XLWorkbook(stream);
        var table = workbook.Worksheet("Collections").Tables.Single();
        var cells = table.DataRange.Rows().Select(r => r.Field("Title")).ToList();

        Assert.All(cells, c => Assert.Equal(XLDataType.Text, c.DataType));
        Assert.Equal(["00123", "2022-11", "TRUE"], cells.Take(3).Select(c => c.GetString()).ToArray());
        Assert.Equal(ReportWorkbookWriter.MaxCellText, cells[3].GetString().Length);
        Assert.EndsWith("…", cells[3].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_Sample_PassesTheOpenXmlSchemaValidator(bool streamed)
    {
        using var stream = Written(ReportSamples.Input(allOrgs: true), streamed ? Streaming : null);
        using var document = SpreadsheetDocument.Open(stream, false);

        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2013).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
