using System.Globalization;

namespace Burden.Core.Analysis;

/// <summary>The plain sentence about a period's coverage, shared by the JSON, the CLI summary and the Summary sheet.</summary>
public static class CoverageText
{
    /// <summary>
    /// <c>The period is only partly covered: QMM has requests in 2 of the 12 months of 2022/23 (2022-10, 2022-11).</c>, or
    /// <c>Every organisation has requests in every month of 2022-11.</c>; null when there are no requests.
    /// </summary>
    public static string? Statement(PeriodCoverage coverage, string? period)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        if (coverage.Organisations.Count == 0 || coverage.Months.Count == 0)
        {
            return null;
        }
        var of = period ?? $"{coverage.Months[0]} to {coverage.Months[^1]}";
        if (coverage.Complete)
        {
            return coverage.Months.Count == 1
                ? $"Every organisation has requests in {of}."
                : $"Every organisation has requests in every month of {of}.";
        }
        var partial = coverage.Organisations.Where(o => o.MonthsMissing.Count > 0).ToList();
        var shown = partial.Take(5).Select(o => string.Create(CultureInfo.InvariantCulture,
            $"{o.Org} has requests in {o.MonthsWithRequests.Count} of the {coverage.Months.Count} months of {of}{(o.MonthsWithRequests.Count is > 0 and <= 4 ? $" ({string.Join(", ", o.MonthsWithRequests)})" : "")}"));
        var more = partial.Count > 5 ? $"; and {partial.Count - 5} more organisations" : "";
        return $"The period is only partly covered: {string.Join("; ", shown)}{more}. Nothing is estimated for the missing months: their ad hoc requests count as none.";
    }
}
