using System.Globalization;
using System.Text.RegularExpressions;

namespace Burden.Core.Common;

/// <summary>A calendar month (<c>2022-11</c>) or an NHS financial year (<c>2025/26</c>).</summary>
/// <remarks>
/// Start is inclusive, <see cref="EndExclusive"/> is exclusive. The NHS financial year runs 1 April to 31 March,
/// so <c>2025/26</c> covers 2025-04-01 up to but not including 2026-04-01.
/// </remarks>
public sealed partial record ReportingPeriod
{
    private ReportingPeriod(string label, DateOnly start, DateOnly endExclusive, bool isFinancialYear)
    {
        Label = label;
        Start = start;
        EndExclusive = endExclusive;
        IsFinancialYear = isFinancialYear;
    }

    /// <summary>The period as written: <c>2022-11</c> or <c>2025/26</c>.</summary>
    public string Label { get; }

    /// <summary>The first day of the period.</summary>
    public DateOnly Start { get; }

    /// <summary>The day after the last day of the period.</summary>
    public DateOnly EndExclusive { get; }

    /// <summary>True for a financial year, false for a calendar month.</summary>
    public bool IsFinancialYear { get; }

    /// <summary>Number of days in the period.</summary>
    public int Days => EndExclusive.DayNumber - Start.DayNumber;

    /// <summary>True when <paramref name="date"/> falls inside the period.</summary>
    public bool Contains(DateOnly date) => date >= Start && date < EndExclusive;

    /// <summary>The calendar month containing <paramref name="date"/>.</summary>
    public static ReportingPeriod MonthOf(DateOnly date)
    {
        var start = new DateOnly(date.Year, date.Month, 1);
        return new ReportingPeriod(start.ToString("yyyy-MM", CultureInfo.InvariantCulture), start, start.AddMonths(1), false);
    }

    /// <summary>The month before the one containing <paramref name="date"/>: what a report run on the 2nd covers.</summary>
    public static ReportingPeriod PreviousMonth(DateOnly date) => MonthOf(date.AddMonths(-1));

    /// <summary>Parses <c>YYYY-MM</c> or <c>YYYY/YY</c>; throws <see cref="BurdenException"/> with the expected forms.</summary>
    public static ReportingPeriod Parse(string text)
    {
        if (TryParse(text, out var period))
        {
            return period;
        }
        throw new BurdenException($"'{text}' is not a period (expected a month YYYY-MM such as 2022-11, or a financial year YYYY/YY such as 2025/26)");
    }

    /// <summary>Parses <c>YYYY-MM</c> or <c>YYYY/YY</c>.</summary>
    public static bool TryParse(string? text, out ReportingPeriod period)
    {
        period = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        var month = MonthPattern().Match(text);
        if (month.Success)
        {
            var y = int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture);
            var m = int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture);
            if (m is < 1 or > 12)
            {
                return false;
            }
            period = MonthOf(new DateOnly(y, m, 1));
            return true;
        }
        var fy = FinancialYearPattern().Match(text);
        if (fy.Success)
        {
            var y = int.Parse(fy.Groups[1].Value, CultureInfo.InvariantCulture);
            var next = int.Parse(fy.Groups[2].Value, CultureInfo.InvariantCulture);
            if ((y + 1) % 100 != next)
            {
                return false;
            }
            var start = new DateOnly(y, 4, 1);
            period = new ReportingPeriod($"{y}/{next:00}", start, start.AddYears(1), true);
            return true;
        }
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Label;

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(\d{4})/(\d{2})$")]
    private static partial Regex FinancialYearPattern();
}
