using System.Globalization;
using System.Text;
using Burden.Core.Common;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Burden.Core.Reports;

/// <summary>A table whose data rows are streamed into the saved package; ClosedXML wrote its header and a template row.</summary>
/// <param name="Sheet">Sheet name.</param>
/// <param name="Table">The table.</param>
/// <param name="FirstDataRow">Row (1-based) of the first data row, where the template row is.</param>
internal sealed record StreamedTable(string Sheet, ReportTable Table, int FirstDataRow)
{
    /// <summary>Widths of the sheet's columns in pixels, to make a row with wrapped text tall enough; empty for no heights.</summary>
    public IReadOnlyList<double> ColumnPixels { get; init; } = [];
}

/// <summary>
/// Writes big tables' rows straight into the worksheet XML with <see cref="OpenXmlWriter"/>: a row at a time, no
/// cell objects kept, so 100k rows cost seconds and little memory instead of ClosedXML's ~1 KB per cell.
/// </summary>
/// <remarks>
/// Each column keeps the style ClosedXML gave its template cell (number format); text goes in as an inline string,
/// and text starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> gets a copy of that style with Excel's quote prefix.
/// </remarks>
internal static class ReportRowStreamer
{
    public static void Stream(SpreadsheetDocument document, IReadOnlyList<StreamedTable> tables)
    {
        if (tables.Count == 0)
        {
            return;
        }
        var workbookPart = document.WorkbookPart!;
        var stylesheet = workbookPart.WorkbookStylesPart!.Stylesheet;
        var quoted = new Dictionary<uint, uint>();
        foreach (var bySheet in tables.GroupBy(t => t.Sheet, StringComparer.Ordinal))
        {
            var sheet = workbookPart.Workbook.Sheets!.Elements<S.Sheet>().First(s => s.Name?.Value == bySheet.Key);
            var part = (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
            WriteSheet(part, bySheet.OrderBy(t => t.FirstDataRow).ToList(), stylesheet, quoted);
        }
        stylesheet.Save();
    }

    private static void WriteSheet(WorksheetPart part, IReadOnlyList<StreamedTable> tables, S.Stylesheet stylesheet, Dictionary<uint, uint> quoted)
    {
        var worksheet = part.Worksheet;
        var sheetData = worksheet.GetFirstChild<S.SheetData>()!;
        var existing = sheetData.Elements<S.Row>().ToList();
        var lastRow = Math.Max(existing.Count == 0 ? 1 : (int)existing.Max(r => r.RowIndex!.Value), tables.Max(t => t.FirstDataRow + t.Table.Rows.Count - 1));
        var lastColumn = tables.Max(t => t.Table.Columns.Count);
        if (worksheet.GetFirstChild<S.SheetDimension>() is { } dimension)
        {
            dimension.Reference = $"A1:{ReportWorkbookWriter.ColumnLetters(Math.Max(lastColumn, 1))}{lastRow}";
        }
        var plans = tables.Select(t => (Table: t, Styles: TemplateStyles(existing, t), Last: t.FirstDataRow + t.Table.Rows.Count - 1)).ToList();
        bool Streamed(uint row) => plans.Any(p => row >= p.Table.FirstDataRow && row <= p.Last);

        var children = worksheet.ChildElements.ToList();
        var attributes = worksheet.GetAttributes();
        var namespaces = worksheet.NamespaceDeclarations.ToList();
        using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        using var writer = OpenXmlWriter.Create(stream);
        writer.WriteStartDocument();
        writer.WriteStartElement(new S.Worksheet(), attributes, namespaces);
        foreach (var child in children)
        {
            if (child is not S.SheetData)
            {
                writer.WriteElement(child);
                continue;
            }
            writer.WriteStartElement(new S.SheetData());
            var next = 0;
            foreach (var plan in plans)
            {
                for (; next < existing.Count && existing[next].RowIndex!.Value < plan.Table.FirstDataRow; next++)
                {
                    if (!Streamed(existing[next].RowIndex!.Value))
                    {
                        writer.WriteElement(existing[next]);
                    }
                }
                WriteRows(writer, plan.Table, plan.Styles, stylesheet, quoted);
                for (; next < existing.Count && existing[next].RowIndex!.Value <= plan.Last; next++)
                {
                }
            }
            for (; next < existing.Count; next++)
            {
                writer.WriteElement(existing[next]);
            }
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
        writer.Close();
    }

    private static uint[] TemplateStyles(IReadOnlyList<S.Row> rows, StreamedTable table)
    {
        var styles = new uint[table.Table.Columns.Count];
        var template = rows.FirstOrDefault(r => r.RowIndex?.Value == table.FirstDataRow);
        if (template is null)
        {
            return styles;
        }
        foreach (var cell in template.Elements<S.Cell>())
        {
            var column = CellReference.ColumnIndex(cell.CellReference!.Value!);
            if (column >= 0 && column < styles.Length)
            {
                styles[column] = cell.StyleIndex?.Value ?? 0;
            }
        }
        return styles;
    }

    private static void WriteRows(OpenXmlWriter writer, StreamedTable streamed, uint[] styles, S.Stylesheet stylesheet, Dictionary<uint, uint> quoted)
    {
        var table = streamed.Table;
        var letters = Enumerable.Range(1, table.Columns.Count).Select(ReportWorkbookWriter.ColumnLetters).ToArray();
        var rowIndex = (uint)streamed.FirstDataRow;
        foreach (var values in table.Rows)
        {
            var number = rowIndex.ToString(CultureInfo.InvariantCulture);
            var lines = streamed.ColumnPixels.Count == 0 ? 1 : ReportWorkbookWriter.RowLines(table.Columns, values, streamed.ColumnPixels);
            writer.WriteStartElement(new S.Row(), lines > 1
                ? [new OpenXmlAttribute("r", "", number), new OpenXmlAttribute("ht", "", ReportWorkbookWriter.RowPoints(lines).ToString(CultureInfo.InvariantCulture)), new OpenXmlAttribute("customHeight", "", "1")]
                : [new OpenXmlAttribute("r", "", number)]);
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var value = c < values.Count ? values[c] : null;
                if (value is ReportCell rc)
                {
                    value = rc.Value;
                }
                var reference = letters[c] + number;
                switch (value)
                {
                    case null:
                        break;
                    case string text:
                        WriteText(writer, reference, text, styles[c], stylesheet, quoted);
                        break;
                    case bool flag:
                        WriteText(writer, reference, flag ? "Yes" : "No", styles[c], stylesheet, quoted);
                        break;
                    case DateOnly day:
                        WriteNumber(writer, reference, day.ToDateTime(TimeOnly.MinValue).ToOADate(), styles[c]);
                        break;
                    case DateTime moment:
                        WriteNumber(writer, reference, moment.ToOADate(), styles[c]);
                        break;
                    case DateTimeOffset moment:
                        WriteNumber(writer, reference, moment.UtcDateTime.ToOADate(), styles[c]);
                        break;
                    default:
                        var x = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                        if (!double.IsNaN(x) && !double.IsInfinity(x))
                        {
                            WriteNumber(writer, reference, x, styles[c]);
                        }
                        break;
                }
            }
            writer.WriteEndElement();
            rowIndex++;
        }
    }

    private static void WriteNumber(OpenXmlWriter writer, string reference, double value, uint style) =>
        writer.WriteElement(new S.Cell(new S.CellValue(value.ToString("R", CultureInfo.InvariantCulture))) { CellReference = reference, StyleIndex = style });

    private static void WriteText(OpenXmlWriter writer, string reference, string text, uint style, S.Stylesheet stylesheet, Dictionary<uint, uint> quoted)
    {
        if (text.Length > ReportWorkbookWriter.MaxCellText)
        {
            text = string.Concat(text.AsSpan(0, ReportWorkbookWriter.MaxCellText - 1), "…");
        }
        if (ReportWorkbookWriter.LooksLikeFormula(text))
        {
            style = QuotedStyle(style, stylesheet, quoted);
        }
        var content = new S.Text(EscapeForXml(text));
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
        {
            content.Space = SpaceProcessingModeValues.Preserve;
        }
        writer.WriteElement(new S.Cell(new S.InlineString(content)) { CellReference = reference, StyleIndex = style, DataType = S.CellValues.InlineString });
    }

    /// <summary>The style <paramref name="style"/> with Excel's quote prefix, added to the stylesheet once.</summary>
    private static uint QuotedStyle(uint style, S.Stylesheet stylesheet, Dictionary<uint, uint> quoted)
    {
        if (quoted.TryGetValue(style, out var existing))
        {
            return existing;
        }
        var formats = stylesheet.CellFormats!;
        var copy = (S.CellFormat)formats.Elements<S.CellFormat>().ElementAt((int)style).CloneNode(true);
        copy.QuotePrefix = true;
        formats.Append(copy);
        var index = (uint)formats.Elements<S.CellFormat>().Count() - 1;
        formats.Count = index + 1;
        quoted[style] = index;
        return index;
    }

    /// <summary>
    /// Text as SpreadsheetML stores it: characters XML cannot hold become <c>_xHHHH_</c>, and a literal <c>_xHHHH_</c>
    /// has its underscore escaped, so every reader shows exactly the input.
    /// </summary>
    internal static string EscapeForXml(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = null;
            if ((c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF'
                || (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])))
                || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]))))
            {
                replacement = $"_x{(int)c:X4}_";
            }
            else if (c == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_' && text.AsSpan(i + 2, 4).ContainsAnyExcept("0123456789abcdefABCDEF") == false)
            {
                replacement = "_x005F_";
            }
            if (replacement is not null)
            {
                builder ??= new StringBuilder(text, 0, i, text.Length + 16);
                builder.Append(replacement);
            }
            else
            {
                builder?.Append(c);
            }
        }
        return builder?.ToString() ?? text;
    }
}
