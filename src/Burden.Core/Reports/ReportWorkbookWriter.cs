using System.Globalization;
using ClosedXML.Excel;

namespace Burden.Core.Reports;

/// <summary>Writes a <see cref="ReportModel"/> as an .xlsx with ClosedXML 0.95.4, then adds native charts with the OpenXml SDK.</summary>
/// <remarks>
/// Never calls <c>AddPicture</c> or <c>AdjustToContents</c>: both need libgdiplus, which a fresh machine lacks, and
/// AdjustToContents over 100k rows takes minutes. Column widths come from the text lengths of a bounded sample of rows.
/// Every string from the input is written as a text cell; one starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>
/// also gets Excel's quote prefix so editing the cell keeps it text.
/// </remarks>
public static class ReportWorkbookWriter
{
    /// <summary>Most characters a cell holds (Excel's limit); longer text is cut and ends with an ellipsis.</summary>
    public const int MaxCellText = 32_767;

    /// <summary>The number format of a change in a share, a value in percentage points: <c>+1.5 pp</c>, <c>-1.0 pp</c>, <c>0.0 pp</c>.</summary>
    public const string PercentagePointsFormat = "+0.0\" pp\";-0.0\" pp\";0.0\" pp\"";

    private const string HeaderFill = "1F4E79";
    private const int ChartWidthColumns = 9;
    private const int ChartHeightRows = 20;

    /// <summary>Writes the workbook to <paramref name="output"/>, which must be readable, writable and seekable; it is left open.</summary>
    public static void Write(ReportModel model, Stream output, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        if (!(output.CanRead && output.CanWrite && output.CanSeek))
        {
            throw new ArgumentException("The workbook stream must be readable, writable and seekable (charts are added after ClosedXML saves).", nameof(output));
        }
        options ??= new ReportOptions();
        var start = output.Position;
        var charts = new List<ChartPlacement>();
        var streamed = new List<StreamedTable>();
        using (var workbook = new XLWorkbook(XLEventTracking.Disabled))
        {
            foreach (var sheet in model.Sheets)
            {
                charts.AddRange(WriteSheet(workbook, sheet, options, streamed));
            }
            workbook.SaveAs(output, new SaveOptions { ValidatePackage = false, EvaluateFormulasBeforeSaving = false, GenerateCalculationChain = false });
        }
        output.Position = start;
        // AutoSave off: each part changed is saved explicitly, so a streamed sheet is not overwritten by its template DOM.
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(output, true, new DocumentFormat.OpenXml.Packaging.OpenSettings { AutoSave = false }))
        {
            MakePrintTitlesAbsolute(document);
            ReportChartWriter.AddCharts(document, charts);
            ReportRowStreamer.Stream(document, streamed);
        }
    }

    /// <summary>
    /// ClosedXML 0.95.4 writes print titles as <c>Collections!A:A,Collections!3:3</c>; Excel writes and LibreOffice reads
    /// only the absolute form <c>Collections!$A:$A,Collections!$3:$3</c> (without it LibreOffice repeats nothing).
    /// </summary>
    private static void MakePrintTitlesAbsolute(DocumentFormat.OpenXml.Packaging.SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart!.Workbook;
        var changed = false;
        foreach (var name in workbook.DefinedNames?.Elements<DocumentFormat.OpenXml.Spreadsheet.DefinedName>() ?? [])
        {
            if (name.Name?.Value != "_xlnm.Print_Titles" || name.Text is not { Length: > 0 } text)
            {
                continue;
            }
            var absolute = System.Text.RegularExpressions.Regex.Replace(text, @"!\$?([A-Z]+|[0-9]+):\$?([A-Z]+|[0-9]+)(?=,|$)", "!$$$1:$$$2");
            if (absolute != text)
            {
                name.Text = absolute;
                changed = true;
            }
        }
        if (changed)
        {
            workbook.Save();
        }
    }

    /// <summary>True for text that a spreadsheet would read as a formula if typed: starts with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>.</summary>
    public static bool LooksLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@';

    private static IEnumerable<ChartPlacement> WriteSheet(XLWorkbook workbook, ReportSheet sheet, ReportOptions options, List<StreamedTable> streamed)
    {
        var ws = workbook.AddWorksheet(sheet.Name);
        var widths = new Dictionary<int, double>();
        var tables = new Dictionary<string, (int HeaderRow, ReportTable Table)>(StringComparer.Ordinal);
        var texts = new List<(int Row, int Column, string Text)>();
        var row = 1;
        var maxColumn = 1;
        var previous = (ReportBlock?)null;
        foreach (var block in sheet.Blocks)
        {
            if (previous is not null && (block is ReportHeading || previous is ReportTable or ReportFields))
            {
                row++;
            }
            switch (block)
            {
                case ReportHeading heading:
                    var h = ws.Cell(row, 1);
                    SetText(h, heading.Text);
                    h.Style.Font.Bold = true;
                    h.Style.Font.FontSize = heading.IsTitle ? 16 : 12;
                    h.Style.Font.FontColor = XLColor.FromHtml("#" + HeaderFill);
                    row++;
                    break;
                case ReportParagraph paragraph:
                    SetText(ws.Cell(row, 1), paragraph.Text);
                    texts.Add((row, 1, paragraph.Text));
                    row++;
                    break;
                case ReportFields fields:
                    foreach (var (label, value) in fields.Fields)
                    {
                        var labelCell = ws.Cell(row, 1);
                        SetText(labelCell, label);
                        labelCell.Style.Font.Bold = true;
                        Track(widths, 1, label.Length, 60);
                        var format = value is ReportCell rc ? rc.Format : ReportFormat.Text;
                        var valueCell = ws.Cell(row, 2);
                        // A field's value overflows into the empty cells beside it, so it does not widen the column.
                        WriteValue(valueCell, value, format, applyFormat: true);
                        valueCell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
                        labelCell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
                        if ((value is ReportCell shown ? shown.Value : value) is string text)
                        {
                            texts.Add((row, 2, text));
                        }
                        maxColumn = Math.Max(maxColumn, 2);
                        row++;
                    }
                    break;
                case ReportTable table:
                    tables[table.Id] = (row, table);
                    row = WriteTable(ws, table, row, widths, options, streamed);
                    maxColumn = Math.Max(maxColumn, table.Columns.Count);
                    break;
                default:
                    throw new ArgumentException($"Unknown report block {block.GetType().Name}", nameof(sheet));
            }
            previous = block;
        }
        foreach (var (column, width) in widths)
        {
            ws.Column(column).Width = width;
        }
        // Charts sit one column clear of the widest block and span ChartWidthColumns: they are part of the printed width.
        var usedColumns = sheet.Charts.Count > 0 ? maxColumn + 1 + ChartWidthColumns : maxColumn;
        var list = tables.Values.FirstOrDefault(t => t.Table.FreezeHeader || t.Table.RepeatHeaderWhenPrinted);
        var layout = PrintLayout.For(Enumerable.Range(1, usedColumns).Select(c => ColumnPixels(widths.TryGetValue(c, out var w) ? w : ws.ColumnWidth)).ToList(),
            isList: list.Table is not null, repeatColumns: list.Table?.KeyColumns ?? 0);
        ApplyPageSetup(ws, layout, list.Table is null ? null : (list.HeaderRow, list.Table));
        WrapLongText(ws, texts, layout, maxColumn);
        FitRowsToWrappedText(ws, tables.Values, layout.ColumnPixels, streamed);

        var placements = new List<ChartPlacement>();
        for (var i = 0; i < sheet.Charts.Count; i++)
        {
            var chart = sheet.Charts[i];
            if (!tables.TryGetValue(chart.TableId, out var placed))
            {
                throw new ArgumentException($"Chart '{chart.Title}' draws from table '{chart.TableId}', which is not on sheet {sheet.Name}", nameof(sheet));
            }
            var (headerRow, table) = placed;
            var rows = table.Rows.Count;
            if (rows == 0)
            {
                continue;
            }
            var firstDataRow = headerRow + 1;
            var lastDataRow = headerRow + rows;
            var categories = Enumerable.Range(0, rows).Select(r => Display(Unwrap(table.Rows[r][chart.CategoryColumn]))).ToList();
            var series = chart.ValueColumns.Select(c => new ChartSeriesPlacement(
                table.Columns[c].Header,
                CellRef(sheet.Name, c + 1, headerRow, headerRow),
                CellRef(sheet.Name, c + 1, firstDataRow, lastDataRow),
                Enumerable.Range(0, rows).Select(r => Unwrap(table.Rows[r][c]) is { } v && IsNumber(v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : 0).ToList(),
                NumberFormat(table.Columns[c].Format))).ToList();
            // Charts stack in a column to the right of the widest block, one column clear of it.
            var fromColumn = maxColumn + 1;
            var fromRow = 1 + i * (ChartHeightRows + 1);
            placements.Add(new ChartPlacement(sheet.Name, chart.Title, chart.Horizontal,
                CellRef(sheet.Name, chart.CategoryColumn + 1, firstDataRow, lastDataRow), categories, series,
                fromColumn, fromRow, fromColumn + ChartWidthColumns, fromRow + ChartHeightRows));
        }
        return placements;
    }

    /// <summary>How a sheet is laid on A4: orientation, pages across, and the scale that makes it fit.</summary>
    /// <param name="Landscape">Landscape rather than portrait.</param>
    /// <param name="PagesWide">Pages across the sheet's width (Excel's fit-to-width); pages down are as many as needed.</param>
    /// <param name="Scale">The scale that fit gives, at most 1 (an estimate from column widths).</param>
    /// <param name="PagePixels">Printable width of one page at 100 %, in screen pixels at 96 dpi.</param>
    /// <param name="ColumnPixels">Width of each used column (1-based column = index + 1) in pixels.</param>
    /// <param name="RepeatColumns">Leading columns repeated at the left of every page across (0 when one page wide).</param>
    internal sealed record PrintLayout(bool Landscape, int PagesWide, double Scale, double PagePixels, IReadOnlyList<double> ColumnPixels, int RepeatColumns)
    {
        /// <summary>Left and right margins, inches.</summary>
        public const double SideMarginInches = 0.4;

        /// <summary>A list printed across pages is never shrunk below this (about 7.7 pt type); a summary always fits one page wide.</summary>
        public const double MinListScale = 0.7;

        private const double A4WidthInches = 8.27;
        private const double A4HeightInches = 11.69;

        /// <summary>Portrait when the sheet fits a portrait page at full size, else landscape; a list gets as many pages across as keep it at 70 % or more.</summary>
        public static PrintLayout For(IReadOnlyList<double> columnPixels, bool isList, int repeatColumns = 0)
        {
            var total = Math.Max(1, columnPixels.Sum());
            var portrait = (A4WidthInches - 2 * SideMarginInches) * 96;
            var landscapePage = (A4HeightInches - 2 * SideMarginInches) * 96;
            if (total <= portrait)
            {
                return new PrintLayout(false, 1, 1, portrait, columnPixels, 0);
            }
            var pages = 1;
            var repeated = 0.0;
            if (isList && total * MinListScale > landscapePage)
            {
                repeated = columnPixels.Take(repeatColumns).Sum();
                // Each page after the first repeats the key columns: N pages hold N * page - (N - 1) * repeated at the scale.
                pages = (int)Math.Ceiling((total - repeated) * MinListScale / (landscapePage - repeated * MinListScale));
            }
            var scale = Math.Min(1, pages * landscapePage / (total + (pages - 1) * repeated));
            return new PrintLayout(true, pages, scale, landscapePage, columnPixels, pages > 1 ? repeatColumns : 0);
        }
    }

    /// <summary>A column's width in screen pixels for a width in characters (Calibri 11: 7 pixels a digit, 5 of padding).</summary>
    internal static double ColumnPixels(double characters) => Math.Truncate(characters * 7 + 5);

    /// <summary>A4, the orientation and fit of <paramref name="layout"/>, sheet name and page numbers in the footer, and the list's header (and key columns) repeated on every page.</summary>
    private static void ApplyPageSetup(IXLWorksheet ws, PrintLayout layout, (int HeaderRow, ReportTable Table)? list)
    {
        var setup = ws.PageSetup;
        setup.PaperSize = XLPaperSize.A4Paper;
        setup.PageOrientation = layout.Landscape ? XLPageOrientation.Landscape : XLPageOrientation.Portrait;
        setup.Margins.Left = PrintLayout.SideMarginInches;
        setup.Margins.Right = PrintLayout.SideMarginInches;
        setup.Margins.Top = 0.5;
        setup.Margins.Bottom = 0.6;
        setup.Margins.Header = 0.3;
        setup.Margins.Footer = 0.3;
        setup.PagesWide = layout.PagesWide;
        setup.PagesTall = 0;
        setup.Footer.Left.AddText(XLHFPredefinedText.SheetName);
        setup.Footer.Right.AddText("Page ");
        setup.Footer.Right.AddText(XLHFPredefinedText.PageNumber);
        setup.Footer.Right.AddText(" of ");
        setup.Footer.Right.AddText(XLHFPredefinedText.NumberOfPages);
        if (list is { } l)
        {
            setup.SetRowsToRepeatAtTop(l.HeaderRow, l.HeaderRow);
            if (layout.RepeatColumns > 0)
            {
                setup.SetColumnsToRepeatAtLeft(1, layout.RepeatColumns);
            }
        }
    }

    /// <summary>
    /// Paragraphs and field values longer than their column are merged across the columns that fit one printed page
    /// (never under a chart) and wrapped, with the row made tall enough, so no text runs off the page or under a chart.
    /// </summary>
    /// <remarks>Neither Excel nor LibreOffice grows a merged row to its wrapped text, so the height is estimated here.</remarks>
    private static void WrapLongText(IXLWorksheet ws, IReadOnlyList<(int Row, int Column, string Text)> texts, PrintLayout layout, int lastTableColumn)
    {
        var perPage = layout.PagePixels / layout.Scale - layout.ColumnPixels.Take(layout.RepeatColumns).Sum();
        var pixels = layout.ColumnPixels;
        foreach (var (row, column, text) in texts)
        {
            var last = column;
            var span = pixels[column - 1];
            while (last < Math.Min(Math.Max(lastTableColumn, column), pixels.Count) && span + pixels[last] <= perPage)
            {
                span += pixels[last];
                last++;
            }
            if (EstimatedLines(text, pixels[column - 1]) == 1)
            {
                continue;
            }
            if (last > column)
            {
                ws.Range(row, column, row, last).Merge();
            }
            var cell = ws.Cell(row, column);
            cell.Style.Alignment.WrapText = true;
            cell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            var lines = EstimatedLines(text, span);
            if (lines > 1)
            {
                ws.Row(row).Height = lines * LinePoints;
            }
        }
    }

    private const double LinePoints = 15;

    /// <summary>Most lines a row is made tall for: Excel's highest row is 409 points; longer text is cut at the cell's foot.</summary>
    private const int MaxRowLines = 27;

    /// <summary>
    /// Makes each row holding wrapped text tall enough for it: neither LibreOffice nor (reliably) Excel grows a row to its
    /// wrapped text on opening a file, so without a height the lines would be cut or drawn over the next row.
    /// Streamed tables get the same heights from the row streamer.
    /// </summary>
    private static void FitRowsToWrappedText(IXLWorksheet ws, IEnumerable<(int HeaderRow, ReportTable Table)> tables, IReadOnlyList<double> pixels, List<StreamedTable> streamed)
    {
        for (var i = 0; i < streamed.Count; i++)
        {
            if (streamed[i].Sheet == ws.Name)
            {
                streamed[i] = streamed[i] with { ColumnPixels = pixels };
            }
        }
        foreach (var (headerRow, table) in tables)
        {
            var headerLines = table.Columns.Select((c, i) => EstimatedLines(c.Header, pixels[i])).Max();
            if (headerLines > 1)
            {
                ws.Row(headerRow).Height = Math.Min(headerLines, MaxRowLines) * LinePoints;
            }
            if (streamed.Any(s => ReferenceEquals(s.Table, table)))
            {
                continue;
            }
            var row = headerRow + 1;
            foreach (var values in table.Rows)
            {
                var lines = RowLines(table.Columns, values, pixels);
                if (lines > 1)
                {
                    ws.Row(row).Height = lines * LinePoints;
                }
                row++;
            }
        }
    }

    /// <summary>Lines the tallest wrapped cell of a table row takes (1 when nothing wraps), at most <see cref="MaxRowLines"/>.</summary>
    internal static int RowLines(IReadOnlyList<ReportColumn> columns, IReadOnlyList<object?> values, IReadOnlyList<double> pixels)
    {
        var lines = 1;
        for (var c = 0; c < columns.Count && c < values.Count && c < pixels.Count; c++)
        {
            if (columns[c].Format == ReportFormat.Text && Unwrap(values[c]) is string { Length: > 0 } text)
            {
                lines = Math.Max(lines, EstimatedLines(text, pixels[c]));
            }
        }
        return Math.Min(lines, MaxRowLines);
    }

    /// <summary>A row height in points for a number of lines of 11-point text.</summary>
    internal static double RowPoints(int lines) => lines * LinePoints;

    /// <summary>Lines a text takes wrapped in <paramref name="pixels"/>: 6 pixels a character (Calibri 11, and LibreOffice's Carlito, average a little under that; the rest allows for breaks at words).</summary>
    private static int EstimatedLines(string text, double pixels)
    {
        var perLine = Math.Max(1, (int)((pixels - 5) / 6.0));
        return Math.Max(1, text.Split('\n').Sum(line => Math.Max(1, (int)Math.Ceiling(Math.Min(line.Length, MaxCellText) / (double)perLine))));
    }

    private static int WriteTable(IXLWorksheet ws, ReportTable table, int headerRow, Dictionary<int, double> widths, ReportOptions options, List<StreamedTable> streamed)
    {
        var columns = table.Columns;
        for (var c = 0; c < columns.Count; c++)
        {
            var cell = ws.Cell(headerRow, c + 1);
            SetText(cell, columns[c].Header);
            Track(widths, c + 1, columns[c].Header.Length, columns[c].MaxWidth);
        }
        var header = ws.Range(headerRow, 1, headerRow, columns.Count);
        header.Style.Font.Bold = true;
        header.Style.Alignment.WrapText = true;
        header.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;

        var rowCount = table.Rows.Count;
        if (rowCount == 0)
        {
            StyleAsPlainHeader(header);
            var empty = ws.Cell(headerRow + 1, 1);
            SetText(empty, table.EmptyText ?? "None.");
            empty.Style.Font.Italic = true;
            return headerRow + 2;
        }

        var lastRow = headerRow + rowCount;
        // Big tables: ClosedXML holds about 1 KB per cell and builds the whole sheet in memory again to save it, so it
        // writes only a template row carrying each column's style, and the rows are streamed into the saved package.
        // Only list tables stream: their cells take the column's format, never one of their own (ReportCell).
        var stream = table.AsExcelTable && rowCount > options.StreamRowThreshold;
        for (var c = 0; c < columns.Count; c++)
        {
            var format = NumberFormat(columns[c].Format);
            // Text wraps within its column (never runs into the next one), and every cell of a wrapped row reads from the top.
            var wrap = columns[c].Format == ReportFormat.Text;
            if (stream)
            {
                var template = ws.Cell(headerRow + 1, c + 1);
                // A value, so ClosedXML writes the cell and its style for the streamer to copy; the streamed row replaces it.
                template.SetValue(0);
                template.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
                template.Style.Alignment.WrapText = wrap;
                template.Style.Alignment.Indent = wrap && c > 0 ? 1 : 0;
                if (format is not null)
                {
                    template.Style.NumberFormat.Format = format;
                }
            }
            else
            {
                var data = ws.Range(headerRow + 1, c + 1, lastRow, c + 1).Style;
                data.Alignment.Vertical = XLAlignmentVerticalValues.Top;
                data.Alignment.WrapText = wrap;
                // An indent keeps text clear of a right-aligned number in the column before it.
                data.Alignment.Indent = wrap && c > 0 ? 1 : 0;
                if (format is not null)
                {
                    // Column formats go on first, so a cell with its own format (a headline figure in pounds) keeps it.
                    data.NumberFormat.Format = format;
                }
            }
            if (columns[c].Choices is { Count: > 0 } choices)
            {
                // A list validation: the drop-down a reviewer picks a decision from; anything else typed is refused by Excel and by the import.
                var validation = ws.Range(headerRow + 1, c + 1, lastRow, c + 1).SetDataValidation();
                validation.List("\"" + string.Join(",", choices) + "\"", true);
                validation.IgnoreBlanks = true;
                validation.ErrorTitle = "Not a decision";
                validation.ErrorMessage = "Choose one of: " + string.Join(", ", choices);
            }
            if (columns[c].Format == ReportFormat.Flag)
            {
                var flag = ws.Range(headerRow + 1, c + 1, lastRow, c + 1).AddConditionalFormat().WhenEquals("\"Yes\"");
                flag.Fill.BackgroundColor = XLColor.FromHtml("#FFC7CE");
                flag.Font.FontColor = XLColor.FromHtml("#9C0006");
            }
        }
        if (stream)
        {
            streamed.Add(new StreamedTable(ws.Name, table, headerRow + 1));
            for (var i = 0; i < Math.Min(rowCount, options.WidthSampleRows); i++)
            {
                var values = table.Rows[i];
                for (var c = 0; c < columns.Count; c++)
                {
                    Track(widths, c + 1, Length(c < values.Count ? values[c] : null, columns[c].Format), columns[c].MaxWidth);
                }
            }
        }
        else
        {
            var r = headerRow + 1;
            var sampled = 0;
            foreach (var values in table.Rows)
            {
                var sample = sampled++ < options.WidthSampleRows;
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = c < values.Count ? values[c] : null;
                    var length = WriteValue(ws.Cell(r, c + 1), value, columns[c].Format, applyFormat: value is ReportCell);
                    if (sample)
                    {
                        Track(widths, c + 1, length, columns[c].MaxWidth);
                    }
                }
                r++;
            }
        }
        var range = ws.Range(headerRow, 1, lastRow, columns.Count);
        if (table.AsExcelTable)
        {
            var excelTable = range.CreateTable("tbl" + table.Id);
            excelTable.Theme = XLTableTheme.TableStyleMedium2;
            excelTable.ShowAutoFilter = true;
            excelTable.ShowRowStripes = true;
        }
        // Explicit header colours as well as the table style: LibreOffice does not draw table styles.
        StyleAsPlainHeader(header);
        if (table.FreezeHeader)
        {
            ws.SheetView.FreezeRows(headerRow);
        }
        return lastRow + 1;
    }

    private static void StyleAsPlainHeader(IXLRange header)
    {
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#" + HeaderFill);
        header.Style.Font.FontColor = XLColor.White;
    }

    /// <summary>Writes one value with its proper cell type; returns its displayed length for column widths.</summary>
    private static int WriteValue(IXLCell cell, object? value, ReportFormat format, bool applyFormat)
    {
        if (value is ReportCell rc)
        {
            value = rc.Value;
            format = rc.Format;
        }
        switch (value)
        {
            case null:
                return 0;
            case string s:
                SetText(cell, s);
                return s.Length;
            case bool b:
                SetText(cell, b ? "Yes" : "No");
                return 3;
            case DateOnly d:
                cell.SetValue(d.ToDateTime(TimeOnly.MinValue));
                break;
            case DateTime dt:
                cell.SetValue(dt);
                break;
            case DateTimeOffset dto:
                cell.SetValue(dto.UtcDateTime);
                if (format is not ReportFormat.Date)
                {
                    format = ReportFormat.DateTime;
                }
                applyFormat = true;
                break;
            default:
                if (!IsNumber(value))
                {
                    throw new ArgumentException($"Cannot write a {value.GetType().Name} to a report cell");
                }
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(number) || double.IsInfinity(number))
                {
                    return 0;
                }
                cell.SetValue(number);
                break;
        }
        if (applyFormat && NumberFormat(format) is { } numberFormat)
        {
            cell.Style.NumberFormat.Format = numberFormat;
        }
        return DisplayLength(value, format);
    }

    private static int Length(object? value, ReportFormat format)
    {
        if (value is ReportCell rc)
        {
            value = rc.Value;
            format = rc.Format;
        }
        return value switch
        {
            null => 0,
            string text => Math.Min(text.Length, MaxCellText),
            bool => 3,
            DateOnly or DateTime or DateTimeOffset => DisplayLength(value, format),
            _ when IsNumber(value) => DisplayLength(value, format),
            _ => 0,
        };
    }

    private static void SetText(IXLCell cell, string text)
    {
        if (text.Length > MaxCellText)
        {
            text = string.Concat(text.AsSpan(0, MaxCellText - 1), "…");
        }
        // SetValue<string> keeps the type Text (assigning .Value would turn "123" into a number and "2022-11" into a date).
        cell.SetValue(text);
        if (LooksLikeFormula(text))
        {
            cell.Style.IncludeQuotePrefix = true;
        }
    }

    private static bool IsNumber(object value) => value is int or long or double or float or decimal or short or byte;

    private static object? Unwrap(object? value) => value is ReportCell rc ? rc.Value : value;

    private static string Display(object? value) => value switch
    {
        null => "",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static int DisplayLength(object value, ReportFormat format)
    {
        if (value is DateOnly or DateTime or DateTimeOffset)
        {
            return format == ReportFormat.DateTime ? 16 : 10;
        }
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        var text = format switch
        {
            ReportFormat.Money => "£" + number.ToString("#,##0", CultureInfo.InvariantCulture),
            ReportFormat.MoneyPence => "£" + number.ToString("#,##0.00", CultureInfo.InvariantCulture),
            ReportFormat.Hours => number.ToString("#,##0.0", CultureInfo.InvariantCulture),
            ReportFormat.Share => (number * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
            ReportFormat.PercentagePoints => number.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pp",
            ReportFormat.Count => number.ToString("#,##0", CultureInfo.InvariantCulture),
            _ => number.ToString("0.00", CultureInfo.InvariantCulture),
        };
        return text.Length;
    }

    /// <summary>The Excel number format for a column format, or null for text.</summary>
    internal static string? NumberFormat(ReportFormat format) => format switch
    {
        ReportFormat.Count => "#,##0",
        ReportFormat.Number => "0.00",
        ReportFormat.Hours => "#,##0.0",
        ReportFormat.Money => "£#,##0",
        ReportFormat.MoneyPence => "£#,##0.00",
        ReportFormat.Share => "0%",
        ReportFormat.PercentagePoints => PercentagePointsFormat,
        ReportFormat.Date => "yyyy-mm-dd",
        ReportFormat.DateTime => "yyyy-mm-dd hh:mm",
        _ => null,
    };

    private static void Track(Dictionary<int, double> widths, int column, int length, int maxWidth)
    {
        var width = Math.Clamp(length + 2, 8, Math.Max(8, maxWidth));
        if (!widths.TryGetValue(column, out var current) || width > current)
        {
            widths[column] = width;
        }
    }

    /// <summary>An absolute reference to rows of one column: <c>'Summary'!$D$12:$D$18</c>.</summary>
    private static string CellRef(string sheet, int column, int firstRow, int lastRow)
    {
        var from = $"${ColumnLetters(column)}${firstRow}";
        var to = $"${ColumnLetters(column)}${lastRow}";
        var quoted = "'" + sheet.Replace("'", "''", StringComparison.Ordinal) + "'";
        return from == to ? $"{quoted}!{from}" : $"{quoted}!{from}:{to}";
    }

    internal static string ColumnLetters(int column)
    {
        var letters = "";
        while (column > 0)
        {
            var rem = (column - 1) % 26;
            letters = (char)('A' + rem) + letters;
            column = (column - 1) / 26;
        }
        return letters;
    }
}
