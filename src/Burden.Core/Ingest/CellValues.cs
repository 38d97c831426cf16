using System.Globalization;

namespace Burden.Core.Ingest;

/// <summary>How a cell was stored: CSV cells are always text; XLSX cells may be numbers or date-formatted numbers.</summary>
internal enum CellKind : byte
{
    Text,
    Number,
    Date,
}

/// <summary>One cell as read: its text (trimmed of surrounding whitespace), and for XLSX numbers the value.</summary>
internal readonly record struct RawCell(string Text, CellKind Kind = CellKind.Text, double Number = 0)
{
    public static RawCell Blank { get; } = new("");

    public bool IsBlank => Text.Length == 0;
}

/// <summary>Parsing rules for dates, hours, counts and data-item lists as people type them.</summary>
/// <remarks>
/// Dates are <c>YYYY-MM-DD</c> or UK day-first <c>DD/MM/YYYY</c> (also <c>D/M/YYYY</c>, and <c>-</c> or <c>.</c> as
/// separators), optionally followed by a time that is ignored; never US month-first. Impossible dates are refused,
/// not rolled over. Excel date cells and serial numbers (a five-digit whole number in a CSV, any date serial in an
/// XLSX number cell) are read in the workbook's date system.
/// </remarks>
internal static class CellValues
{
    public const string ExpectedDate = "expected YYYY-MM-DD or DD/MM/YYYY";
    public const string ExpectedHours = "expected a number of hours of 0 or more, such as 1.5, or blank";

    private static readonly DateOnly Epoch1900 = new(1899, 12, 30);
    private static readonly DateOnly Epoch1904 = new(1904, 1, 1);

    /// <summary>Reads a date cell; false for blank or anything that is not a real calendar date.</summary>
    public static bool TryParseDate(in RawCell cell, bool date1904, out DateOnly date)
    {
        date = default;
        if (cell.Kind is CellKind.Number or CellKind.Date)
        {
            return TryFromSerial(cell.Number, date1904, out date);
        }
        var text = cell.Text.AsSpan().Trim();
        if (text.Length == 0)
        {
            return false;
        }
        if (text.Length == 5 && IsDigits(text))
        {
            return TryFromSerial(int.Parse(text, CultureInfo.InvariantCulture), date1904, out date);
        }
        // A time after the date (Excel CSV exports write "01/11/2022 00:00", ISO writes "2022-11-01T09:30:00").
        var cut = text.IndexOfAny(' ', 'T');
        if (cut > 0)
        {
            var time = text[(cut + 1)..].Trim();
            if (!IsTime(time))
            {
                return false;
            }
            text = text[..cut];
        }
        Span<Range> parts = stackalloc Range[4];
        var separator = text.IndexOfAny('/', '-', '.') is var at and >= 0 ? text[at] : '\0';
        if (separator == '\0' || text.Split(parts, separator) != 3)
        {
            return false;
        }
        ReadOnlySpan<char> a = text[parts[0]], b = text[parts[1]], c = text[parts[2]];
        int year, month, day;
        if (a.Length == 4 && separator == '-' && b.Length is 1 or 2 && c.Length is 1 or 2)
        {
            (year, month, day) = (ParseDigits(a), ParseDigits(b), ParseDigits(c));
        }
        else if (c.Length == 4 && a.Length is 1 or 2 && b.Length is 1 or 2)
        {
            (year, month, day) = (ParseDigits(c), ParseDigits(b), ParseDigits(a));
        }
        else
        {
            return false;
        }
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>What is wrong with a date cell that did not parse, for the reject message.</summary>
    /// <remarks>Names the two common slips (a two-digit year, a US month-first date); otherwise plain "is not a date".</remarks>
    public static string DateProblem(in RawCell cell)
    {
        var text = cell.Text.AsSpan().Trim();
        Span<Range> parts = stackalloc Range[4];
        if (cell.Kind == CellKind.Text && text.Split(parts, '/') == 3)
        {
            ReadOnlySpan<char> a = text[parts[0]], b = text[parts[1]], c = text[parts[2]];
            if (c.Length == 2 && IsDigits(a) && IsDigits(b) && IsDigits(c))
            {
                return $"'{cell.Text}' has a two-digit year ({ExpectedDate}, with a four-digit year)";
            }
            if (c.Length == 4 && ParseDigits(a) is >= 1 and <= 12 && ParseDigits(b) is > 12 and <= 31)
            {
                return $"'{cell.Text}' is not a date: dates are read day first, and there is no month {ParseDigits(b)} ({ExpectedDate})";
            }
        }
        return $"'{cell.Text}' is not a date ({ExpectedDate})";
    }

    /// <summary>Reads non-negative hours; blank is allowed and gives null.</summary>
    public static bool TryParseHours(in RawCell cell, out decimal? hours)
    {
        hours = null;
        if (cell.IsBlank)
        {
            return true;
        }
        if (!TryParseDecimal(cell, out var value) || value < 0)
        {
            return false;
        }
        hours = value;
        return true;
    }

    /// <summary>Reads a non-negative decimal (XLSX numbers may come in exponent form).</summary>
    public static bool TryParseDecimal(in RawCell cell, out decimal value) =>
        decimal.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Reads a whole number of 0 or more (<c>1,200</c> allowed).</summary>
    public static bool TryParseCount(in RawCell cell, out int value)
    {
        if (int.TryParse(cell.Text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value))
        {
            return value >= 0;
        }
        // An XLSX number cell holding a whole number ("42" or "4.2E1").
        if (cell.Kind == CellKind.Number && cell.Number >= 0 && cell.Number <= int.MaxValue && Math.Floor(cell.Number) == cell.Number)
        {
            value = (int)cell.Number;
            return true;
        }
        return false;
    }

    /// <summary>Splits a data-items cell on <c>;</c>, <c>|</c> and line breaks; items are trimmed, empty ones dropped.</summary>
    public static List<string> SplitItems(string text)
    {
        var items = new List<string>();
        foreach (var range in text.AsSpan().SplitAny(";|\r\n"))
        {
            var item = text.AsSpan(range).Trim();
            if (item.Length > 0)
            {
                items.Add(item.ToString());
            }
        }
        return items;
    }

    private static bool TryFromSerial(double serial, bool date1904, out DateOnly date)
    {
        date = default;
        var whole = Math.Floor(serial);
        if (double.IsNaN(serial) || whole < 1 || whole > 2_958_465)
        {
            return false;
        }
        var days = (int)whole;
        if (date1904)
        {
            date = Epoch1904.AddDays(days);
            return true;
        }
        if (days == 60)
        {
            // 29/02/1900 exists only in Excel's 1900 leap-year bug.
            return false;
        }
        date = days < 60 ? Epoch1900.AddDays(days + 1) : Epoch1900.AddDays(days);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return text.Length > 0;
    }

    private static int ParseDigits(ReadOnlySpan<char> text) =>
        IsDigits(text) ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : -1;

    private static bool IsTime(ReadOnlySpan<char> text)
    {
        // hh:mm, hh:mm:ss, hh:mm:ss.fff, optionally a trailing Z: enough to recognise what exports write.
        if (text.EndsWith("Z"))
        {
            text = text[..^1];
        }
        if (text.Length < 4 || text.IndexOf(':') < 1)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is ':' or '.'))
            {
                return false;
            }
        }
        return true;
    }
}
