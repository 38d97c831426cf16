using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Duplicates;
using Burden.Core.Review;
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
            var value = columns.Value(i, item);
            var format = column.Format;
            if (value is ReportCell own)
            {
                (value, format) = (own.Value, own.Format);
            }
            switch (value)
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
                case DateTimeOffset at:
                    Assert.Equal(at.UtcDateTime, cell.GetDateTime());
                    format = ReportFormat.DateTime;
                    break;
                case var number:
                    Assert.True(cell.DataType == XLDataType.Number, $"{where}: expected a number, found {cell.DataType} '{cell.GetString()}'");
                    Assert.Equal(Convert.ToDouble(number, CultureInfo.InvariantCulture), cell.GetDouble(), 6);
                    break;
            }
            if (ReportWorkbookWriter.NumberFormat(format) is { } numberFormat)
            {
                Assert.True(numberFormat == cell.Style.NumberFormat.Format, $"{where}: format '{cell.Style.NumberFormat.Format}', defined '{numberFormat}'");
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

    // The row whose first cells are exactly the table's headers, in order: several tables share a sheet.
    private static int HeaderRow<T>(IXLWorksheet sheet, ReportColumns<T> columns)
    {
        var rows = sheet.RowsUsed().Where(r => columns.Columns.Select((c, i) => (c, i)).All(x => r.Cell(x.i + 1).GetString() == x.c.Header)).ToList();
        Assert.True(rows.Count == 1, $"{sheet.Name}: {rows.Count} rows carry the headers of {columns.TableId}");
        return rows[0].RowNumber();
    }

    private static void AssertTable<T>(XLWorkbook workbook, string sheetName, ReportColumns<T> columns, IReadOnlyList<T> items)
    {
        var sheet = workbook.Worksheet(sheetName);
        var header = HeaderRow(sheet, columns);
        Assert.True(items.Count > 0, $"{columns.TableId}: the sample gives it no rows, so its values go unchecked");
        for (var r = 0; r < items.Count; r++)
        {
            AssertRow(sheet, columns, items[r], header, header + 1 + r);
        }
        Assert.True(sheet.Cell(header, columns.Columns.Count + 1).IsEmpty(), $"{columns.TableId}: a header beyond the defined columns");
    }

    // The sample, with a pair's matched items, a dismissed pair, an agreed retirement and reviewers' agreement, so every table has rows.
    private static ReportInput EveryTableFilled(bool allOrgs)
    {
        var input = ReportSamples.Input(allOrgs: allOrgs);
        var analysis = input.Analysis;
        var pair = analysis.DuplicatePairs[0] with
        {
            MatchedItems = [new("beds occupied", "beds occupied", 1, ItemMatchKind.Same), new("G&A beds occupied", "General and acute beds occupied", 0.934, ItemMatchKind.Similar)],
        };
        var at = new DateTimeOffset(2022, 11, 20, 14, 5, 0, TimeSpan.Zero);
        var dismissed = new DismissedPair(new DuplicatePairResult("ffte", "wlmds", 0.5, 0.25, 0, 0.4, ["patient experience score"], "one shared item"),
            new ReviewMark(ReviewVerdict.NotDuplicate, "a.reviewer", at, "different patients", Stale: false));
        var stats = new ReviewStats(1, 1, new Dictionary<string, ActionAgreement> { ["retire"] = new(2, 1, 0), ["merge"] = new(0, 0, 1) });
        return input with
        {
            Analysis = analysis with
            {
                DuplicatePairs = [pair],
                DismissedPairs = [dismissed],
                ReviewStats = stats,
                Baseline = analysis.Baseline! with { FollowUps = [new("critcare", "Critical care monthly", "retire", "a.reviewer", at, StillCollected: true)] },
            },
        };
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Write_EveryOtherTable_EveryHeaderSitsOverItsDefinedValueAndFormat(bool allOrgs, bool streamed)
    {
        var input = EveryTableFilled(allOrgs);
        var analysis = input.Analysis;
        var byId = ReportModelBuilder.CollectionsById(analysis);
        using var workbook = Reopened(input, new ReportOptions { StreamRowThreshold = streamed ? 1 : 2_000 });

        AssertTable(workbook, "Summary", ReportModelBuilder.HeadlineColumns(analysis.Baseline!.Deltas), ReportModelBuilder.HeadlineFigures(analysis));
        AssertTable(workbook, "Summary", ReportModelBuilder.TopSavingsColumns(),
            [.. analysis.Collections.Where(c => c.HoursSavedPerYear > 0).OrderByDescending(c => c.HoursSavedPerYear).ThenBy(c => c.Id, StringComparer.Ordinal)]);
        AssertTable(workbook, "Duplicates", ReportModelBuilder.DuplicatePairColumns(analysis, byId), analysis.DuplicatePairs);
        AssertTable(workbook, "Duplicates", ReportModelBuilder.MatchedItemColumns(), [.. analysis.DuplicatePairs.SelectMany(p => p.MatchedItems.Select(m => (p, m)))]);
        AssertTable(workbook, "Duplicates", ReportModelBuilder.DismissedPairColumns(byId), analysis.DismissedPairs);
        AssertTable(workbook, "Output-only", ReportModelBuilder.OutputOnlyColumns(), [.. analysis.Collections.Where(c => c.OutputOnly)]);
        AssertTable(workbook, "Automatable", ReportModelBuilder.AutomatableColumns(), [.. analysis.Collections.Where(c => c.AutomatableFrom.Count > 0)]);
        AssertTable(workbook, "Baseline", ReportModelBuilder.FollowUpColumns(), analysis.Baseline.FollowUps);
        AssertTable(workbook, "Requests", ReportModelBuilder.FileColumns(input.Requests), ReportModelBuilder.RelevantFiles(input));
        AssertTable(workbook, "Method", ReportModelBuilder.BandRateColumns(analysis.Method), [.. analysis.Method.BandRates.OrderBy(b => b.Value)]);
        AssertTable(workbook, "Method", ReportModelBuilder.ReviewAgreementColumns(), [.. analysis.ReviewStats.ByAction]);
        AssertTable(workbook, "Method", ReportModelBuilder.MethodFrequencyColumns(analysis.Method), [.. Frequencies.All]);
        AssertTable(workbook, "Method", ReportModelBuilder.SourceColumns(), ReportModelBuilder.RelevantFiles(input));
        // The Baseline's deltas and changes are rows the builder derives; their headers still come from the definitions.
        var baselineSheet = workbook.Worksheet("Baseline");
        Assert.True(HeaderRow(baselineSheet, ReportModelBuilder.BaselineDeltaColumns()) > 0);
        Assert.True(HeaderRow(baselineSheet, ReportModelBuilder.BaselineChangeColumns()) > 0);
    }

    [Fact]
    public void Write_BaselineChanges_AddedRetiredAndChangedShowTheirHoursAndDifference()
    {
        var input = ReportSamples.Input();
        using var workbook = Reopened(input, new ReportOptions());
        var sheet = workbook.Worksheet("Baseline");
        var columns = ReportModelBuilder.BaselineChangeColumns();
        var header = HeaderRow(sheet, columns);
        var difference = columns["Difference"].Index + 1;

        // Added adhoc-closed (12 h a year), retired critcare (48), wlmds from 60 to 260.
        Assert.Equal(["Added", "Retired", "Program change"], Enumerable.Range(1, 3).Select(r => sheet.Cell(header + r, 1).GetString()).ToArray());
        Assert.Equal([12.0, -48.0, 200.0], Enumerable.Range(1, 3).Select(r => sheet.Cell(header + r, difference).GetDouble()).ToArray());
        Assert.Equal("#,##0.0", sheet.Cell(header + 1, difference).Style.NumberFormat.Format);
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
