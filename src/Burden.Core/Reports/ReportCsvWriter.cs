using System.Globalization;
using System.Text;

namespace Burden.Core.Reports;

/// <summary>Writes a report table as CSV (RFC 4180, UTF-8): the Requests sheet's spill file, and the bench's baseline.</summary>
/// <remarks>
/// Text starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> is prefixed with an apostrophe (OWASP's advice for CSV
/// injection), because a spreadsheet opening the CSV would otherwise run it as a formula. Numbers are written
/// invariantly, dates as <c>yyyy-MM-dd</c>, moments as ISO 8601 UTC, flags as <c>yes</c>/<c>no</c>.
/// </remarks>
public static class ReportCsvWriter
{
    /// <summary>Writes the header and every row to <paramref name="output"/>; the stream is left open.</summary>
    public static void Write(ReportTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        var line = new StringBuilder();
        line.AppendJoin(',', table.Columns.Select(c => Field(c.Header, isText: true)));
        writer.WriteLine(line);
        foreach (var row in table.Rows)
        {
            line.Clear();
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0)
                {
                    line.Append(',');
                }
                var value = c < row.Count ? row[c] : null;
                line.Append(Field(Text(value), isText: (value is ReportCell cell ? cell.Value : value) is string));
            }
            writer.WriteLine(line);
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        ReportCell cell => Text(cell.Value),
        string s => s,
        bool b => b ? "yes" : "no",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Field(string text, bool isText)
    {
        // Only text from the input is neutralised: a negative number stays a number.
        if (isText && ReportWorkbookWriter.LooksLikeFormula(text))
        {
            text = "'" + text;
        }
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '))
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }
}
