using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Reports;
using ClosedXML.Excel;

namespace Burden.Core.Tests.Reports;

/// <summary>A sheet's headers, values and number formats come from one column definition: reopened, every cell agrees with it.</summary>
public sealed class ReportColumnsTests
{
    private static XLWorkbook Reopened(ReportInput input, ReportOptions options)
    {
        var stream = new MemoryStream();
        ReportWorkbookWriter.Write(ReportModelBuilder.Build(input, options), stream, options);
        stream.Position = 0;
        return new XLWorkbook(stream);
    }

    private static int HeaderRow(IXLWorksheet sheet, string firstHeader) =>
        sheet.CellsUsed().First(c => c.Address.ColumnNumber == 1 && c.GetString() == firstHeader).Address.RowNumber;

    private static void AssertRow<T>(IXLWorksheet sheet, ReportColumns<T> columns, T item, int headerRow, int dataRow)
    {
        for (var i = 0; i < columns.Columns.Count; i++)
        {
            var column = columns.Columns[i];
            Assert.Equal(column.Header, sheet.Cell(headerRow, i + 1).GetString());
            var cell = sheet.Cell(dataRow, i + 1);
            var where = $"{sheet.Name}!{cell.Address} under '{column.Header}'";
            switch (columns.Value(i, item))
            {
                case null:
                    Assert.True(cell.IsEmpty(), $"{where}: expected blank, found '{cell.GetString()}'");
                    continue;
                case bool flag:
                    Assert.Equal(flag ? "Yes" : "No", cell.GetString());
                    break;
                case string text:
                    Assert.True(text == cell.GetString(), $"{where}: expected '{text}', found '{cell.GetString()}'");
                    break;
                case DateOnly day:
                    Assert.Equal(day.ToDateTime(TimeOnly.MinValue), cell.GetDateTime());
                    break;
                case var number:
                    Assert.True(cell.DataType == XLDataType.Number, $"{where}: expected a number, found {cell.DataType} '{cell.GetString()}'");
                    Assert.Equal(Convert.ToDouble(number, CultureInfo.InvariantCulture), cell.GetDouble(), 6);
                    break;
            }
            if (ReportWorkbookWriter.NumberFormat(column.Format) is { } format)
            {
                Assert.True(format == cell.Style.NumberFormat.Format, $"{where}: format '{cell.Style.NumberFormat.Format}', defined '{format}'");
            }
        }
    }

    public static TheoryData<bool, bool> Layouts => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Write_Collections_EveryHeaderSitsOverItsDefinedValueAndFormat(bool allOrgs, bool streamed)
    {
        var input = ReportSamples.Input(allOrgs: allOrgs);
        using var workbook = Reopened(input, new ReportOptions { StreamRowThreshold = streamed ? 1 : 2_000 });
        var sheet = workbook.Worksheet("Collections");
        var columns = ReportModelBuilder.CollectionColumns(allOrgs);
        var header = HeaderRow(sheet, columns.Columns[0].Header);

        Assert.True(input.Analysis.Collections.Count >= 3);
        for (var r = 0; r < input.Analysis.Collections.Count; r++)
        {
            AssertRow(sheet, columns, input.Analysis.Collections[r], header, header + 1 + r);
        }
        Assert.True(sheet.Cell(header, columns.Columns.Count + 1).IsEmpty(), "a header beyond the defined columns");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_Requests_EveryHeaderSitsOverItsDefinedValueAndFormat(bool streamed)
    {
        var input = ReportSamples.Input();
        using var workbook = Reopened(input, new ReportOptions { StreamRowThreshold = streamed ? 1 : 2_000 });
        var sheet = workbook.Worksheet("Requests");
        var columns = ReportModelBuilder.RequestColumns();
        var header = HeaderRow(sheet, "Organisation");

        for (var r = 0; r < input.Requests.Count; r++)
        {
            AssertRow(sheet, columns, input.Requests[r], header, header + 1 + r);
        }
        Assert.True(sheet.Cell(header, columns.Columns.Count + 1).IsEmpty(), "a header beyond the defined columns");
    }

    [Fact]
    public void Chart_ColumnOfAnotherTable_IsRefused()
    {
        var first = new ReportColumns<int>("First");
        var label = first.Add("Label", ReportFormat.Text, i => i.ToString(CultureInfo.InvariantCulture));
        var other = new ReportColumns<int>("Other");
        other.Add("Label", ReportFormat.Text, i => i.ToString(CultureInfo.InvariantCulture));
        var hours = other.Add("Hours", ReportFormat.Hours, i => i * 1.5);

        var e = Assert.Throws<ArgumentException>(() => first.Chart("Hours", label, [hours]));

        Assert.Contains("'Hours' is not a column of First", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_FromDefinitions_PointsAtTheColumnsNamed()
    {
        var model = ReportModelBuilder.Build(ReportSamples.Input());
        var summary = model.Sheet("Summary");
        var byFrequency = model.Table("ByFrequency");

        var chart = summary.Charts.Single(c => c.Title == "This period against the baseline: hours per year by frequency");

        Assert.Equal("Frequency", byFrequency.Columns[chart.CategoryColumn].Header);
        Assert.Equal(["Hours per year", "Baseline hours per year"], chart.ValueColumns.Select(i => byFrequency.Columns[i].Header).ToArray());
        Assert.All(summary.Charts.Where(c => c.TableId != "ByFrequency"), c => Assert.Equal("Hours in the period", model.Table(c.TableId).Columns[c.ValueColumns.Single()].Header));
    }
}
