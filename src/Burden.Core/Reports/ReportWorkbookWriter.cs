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
        if (charts.Count > 0 || streamed.Count > 0)
        {
            output.Position = start;
            // AutoSave off: each part changed is saved explicitly, so a streamed sheet is not overwritten by its template DOM.
            using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(output, true, new DocumentFormat.OpenXml.Packaging.OpenSettings { AutoSave = false });
            ReportChartWriter.AddCharts(document, charts);
            ReportRowStreamer.Stream(document, streamed);
        }
    }

    /// <summary>True for text that a spreadsheet would read as a formula if typed: starts with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>.</summary>
    public static bool LooksLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@';

    private static IEnumerable<ChartPlacement> WriteSheet(XLWorkbook workbook, ReportSheet sheet, ReportOptions options, List<StreamedTable> streamed)
    {
        var ws = workbook.AddWorksheet(sheet.Name);
        var widths = new Dictionary<int, double>();
        var tables = new Dictionary<string, (int HeaderRow, ReportTable Table)>(StringComparer.Ordinal);
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
        ws.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        var list = tables.Values.FirstOrDefault(t => t.Table.FreezeHeader);
        if (list.Table is not null)
        {
            // A wide list prints across pages at a readable scale, its header repeated on each; shrinking 29 columns to one page is unreadable.
            ws.PageSetup.SetRowsToRepeatAtTop(list.HeaderRow, list.HeaderRow);
            ws.PageSetup.Scale = 60;
        }
        else
        {
            ws.PageSetup.PagesWide = 1;
            ws.PageSetup.PagesTall = 0;
        }

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
            if (stream)
            {
                var template = ws.Cell(headerRow + 1, c + 1);
                if (format is not null)
                {
                    template.SetValue(0);
                    template.Style.NumberFormat.Format = format;
                }
            }
            else if (format is not null)
            {
                // Column formats go on first, so a cell with its own format (a headline figure in pounds) keeps it.
                ws.Range(headerRow + 1, c + 1, lastRow, c + 1).Style.NumberFormat.Format = format;
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
            ReportFormat.Hours => number.ToString("0.0", CultureInfo.InvariantCulture),
            ReportFormat.Share => (number * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
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
        ReportFormat.Hours => "0.0",
        ReportFormat.Money => "£#,##0",
        ReportFormat.MoneyPence => "£#,##0.00",
        ReportFormat.Share => "0%",
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
