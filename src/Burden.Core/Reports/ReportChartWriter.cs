using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using S = DocumentFormat.OpenXml.Spreadsheet;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace Burden.Core.Reports;

/// <summary>One series of a chart: its name cell, its values range and the values cached in the chart part.</summary>
/// <param name="Name">Series name (the column header).</param>
/// <param name="NameRef">Reference to the header cell.</param>
/// <param name="ValuesRef">Reference to the values.</param>
/// <param name="Values">Values, cached so a reader that does not recalculate still draws them.</param>
/// <param name="FormatCode">Number format of the values, or null.</param>
internal sealed record ChartSeriesPlacement(string Name, string NameRef, string ValuesRef, IReadOnlyList<double> Values, string? FormatCode);

/// <summary>A chart placed on a sheet: what it shows and the cells it covers (0-based columns and rows for the anchor).</summary>
internal sealed record ChartPlacement(
    string Sheet, string Title, bool Horizontal, string CategoriesRef, IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeriesPlacement> Series, int FromColumn, int FromRow, int ToColumn, int ToRow);

/// <summary>Adds native Excel bar and column charts to a saved workbook: a DrawingsPart and one ChartPart per chart (ClosedXML 0.95.4 cannot).</summary>
internal static class ReportChartWriter
{
    private static readonly string[] SeriesColours = ["1F4E79", "C55A11", "548235", "7F6000"];

    public static void AddCharts(SpreadsheetDocument document, IReadOnlyList<ChartPlacement> charts)
    {
        var workbookPart = document.WorkbookPart ?? throw new InvalidOperationException("The workbook has no workbook part");
        foreach (var bySheet in charts.GroupBy(c => c.Sheet, StringComparer.Ordinal))
        {
            var sheet = workbookPart.Workbook.Sheets!.Elements<S.Sheet>().First(s => s.Name?.Value == bySheet.Key);
            var worksheetPart = (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
            var drawingsPart = worksheetPart.DrawingsPart ?? worksheetPart.AddNewPart<DrawingsPart>();
            drawingsPart.WorksheetDrawing ??= new Xdr.WorksheetDrawing();
            var drawing = drawingsPart.WorksheetDrawing;
            if (!worksheetPart.Worksheet.Elements<S.Drawing>().Any())
            {
                InsertDrawingReference(worksheetPart.Worksheet, new S.Drawing { Id = worksheetPart.GetIdOfPart(drawingsPart) });
            }
            var shapeId = 2u + (uint)drawing.Elements<Xdr.TwoCellAnchor>().Count();
            foreach (var chart in bySheet)
            {
                var chartPart = drawingsPart.AddNewPart<ChartPart>();
                chartPart.ChartSpace = ChartSpace(chart);
                chartPart.ChartSpace.Save();
                drawing.Append(Anchor(chart, drawingsPart.GetIdOfPart(chartPart), shapeId++));
            }
            drawing.Save();
            worksheetPart.Worksheet.Save();
        }
    }

    /// <summary>Places &lt;drawing&gt; where the schema wants it: after the print settings, before legacy drawings, table parts and extensions.</summary>
    private static void InsertDrawingReference(S.Worksheet worksheet, S.Drawing drawing)
    {
        var before = worksheet.ChildElements.FirstOrDefault(e =>
            e is S.LegacyDrawing or S.LegacyDrawingHeaderFooter or S.DrawingHeaderFooter or S.Picture or S.OleObjects
                or S.Controls or S.WebPublishItems or S.TableParts or S.WorksheetExtensionList);
        if (before is null)
        {
            worksheet.Append(drawing);
        }
        else
        {
            worksheet.InsertBefore(drawing, before);
        }
    }

    private static Xdr.TwoCellAnchor Anchor(ChartPlacement chart, string chartPartId, uint shapeId) =>
        new(
            new Xdr.FromMarker(new Xdr.ColumnId(chart.FromColumn.ToString(CultureInfo.InvariantCulture)), new Xdr.ColumnOffset("0"),
                new Xdr.RowId(chart.FromRow.ToString(CultureInfo.InvariantCulture)), new Xdr.RowOffset("0")),
            new Xdr.ToMarker(new Xdr.ColumnId(chart.ToColumn.ToString(CultureInfo.InvariantCulture)), new Xdr.ColumnOffset("0"),
                new Xdr.RowId(chart.ToRow.ToString(CultureInfo.InvariantCulture)), new Xdr.RowOffset("0")),
            new Xdr.GraphicFrame(
                new Xdr.NonVisualGraphicFrameProperties(
                    new Xdr.NonVisualDrawingProperties { Id = shapeId, Name = chart.Title },
                    new Xdr.NonVisualGraphicFrameDrawingProperties()),
                new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
                new A.Graphic(new A.GraphicData(new C.ChartReference { Id = chartPartId }) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
            { Macro = "" },
            new Xdr.ClientData())
        { EditAs = Xdr.EditAsValues.OneCell };

    private static C.ChartSpace ChartSpace(ChartPlacement chart)
    {
        const uint categoryAxisId = 500_000_001;
        const uint valueAxisId = 500_000_002;
        var bar = new C.BarChart(
            new C.BarDirection { Val = chart.Horizontal ? C.BarDirectionValues.Bar : C.BarDirectionValues.Column },
            new C.BarGrouping { Val = C.BarGroupingValues.Clustered },
            new C.VaryColors { Val = false });
        for (var i = 0; i < chart.Series.Count; i++)
        {
            bar.Append(Series(chart, chart.Series[i], (uint)i));
        }
        bar.Append(new C.GapWidth { Val = 60 });
        bar.Append(new C.AxisId { Val = categoryAxisId }, new C.AxisId { Val = valueAxisId });

        // Bars list categories bottom-up by default; reversing the axis puts the largest requester at the top,
        // and crossing at the maximum keeps the value axis along the bottom.
        var categoryAxis = new C.CategoryAxis(
            new C.AxisId { Val = categoryAxisId },
            new C.Scaling(new C.Orientation { Val = chart.Horizontal ? C.OrientationValues.MaxMin : C.OrientationValues.MinMax }),
            new C.Delete { Val = false },
            new C.AxisPosition { Val = chart.Horizontal ? C.AxisPositionValues.Left : C.AxisPositionValues.Bottom },
            new C.MajorTickMark { Val = C.TickMarkValues.None },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = valueAxisId },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.AutoLabeled { Val = true },
            new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
            new C.LabelOffset { Val = 100 },
            new C.NoMultiLevelLabels { Val = false });
        var valueAxis = new C.ValueAxis(
            new C.AxisId { Val = valueAxisId },
            new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false },
            new C.AxisPosition { Val = chart.Horizontal ? C.AxisPositionValues.Bottom : C.AxisPositionValues.Left },
            new C.MajorGridlines(),
            new C.Title(Text("Hours"), new C.Overlay { Val = false }),
            new C.NumberingFormat { FormatCode = "#,##0", SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = categoryAxisId },
            new C.Crosses { Val = chart.Horizontal ? C.CrossesValues.Maximum : C.CrossesValues.AutoZero },
            new C.CrossBetween { Val = C.CrossBetweenValues.Between });

        var chartElement = new C.Chart(
            new C.Title(Text(chart.Title), new C.Overlay { Val = false }),
            new C.AutoTitleDeleted { Val = false },
            new C.PlotArea(new C.Layout(), bar, categoryAxis, valueAxis));
        if (chart.Series.Count > 1)
        {
            chartElement.Append(new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }));
        }
        chartElement.Append(new C.PlotVisibleOnly { Val = true }, new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap });

        var space = new C.ChartSpace(
            new C.Date1904 { Val = false },
            new C.EditingLanguage { Val = "en-GB" },
            new C.RoundedCorners { Val = false },
            chartElement);
        space.AddNamespaceDeclaration("c", "http://schemas.openxmlformats.org/drawingml/2006/chart");
        space.AddNamespaceDeclaration("a", "http://schemas.openxmlformats.org/drawingml/2006/main");
        space.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        return space;
    }

    private static C.BarChartSeries Series(ChartPlacement chart, ChartSeriesPlacement series, uint index)
    {
        var categories = new C.StringCache(new C.PointCount { Val = (uint)chart.Categories.Count });
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            categories.Append(new C.StringPoint(new C.NumericValue(chart.Categories[i])) { Index = (uint)i });
        }
        var values = new C.NumberingCache(new C.FormatCode(series.FormatCode ?? "General"), new C.PointCount { Val = (uint)series.Values.Count });
        for (var i = 0; i < series.Values.Count; i++)
        {
            values.Append(new C.NumericPoint(new C.NumericValue(series.Values[i].ToString("R", CultureInfo.InvariantCulture))) { Index = (uint)i });
        }
        return new C.BarChartSeries(
            new C.Index { Val = index },
            new C.Order { Val = index },
            new C.SeriesText(new C.StringReference(
                new C.Formula(series.NameRef),
                new C.StringCache(new C.PointCount { Val = 1 }, new C.StringPoint(new C.NumericValue(series.Name)) { Index = 0 }))),
            new C.ChartShapeProperties(new A.SolidFill(new A.RgbColorModelHex { Val = SeriesColours[index % SeriesColours.Length] })),
            new C.InvertIfNegative { Val = false },
            new C.CategoryAxisData(new C.StringReference(new C.Formula(chart.CategoriesRef), categories)),
            new C.Values(new C.NumberReference(new C.Formula(series.ValuesRef), values)));
    }

    private static C.ChartText Text(string text) =>
        new(new C.RichText(
            new A.BodyProperties(),
            new A.ListStyle(),
            new A.Paragraph(
                new A.ParagraphProperties(new A.DefaultRunProperties { FontSize = 1200, Bold = true }),
                new A.Run(new A.RunProperties { Language = "en-GB", FontSize = 1200, Bold = true }, new A.Text(text)))));
}
