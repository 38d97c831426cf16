using Burden.Core.Catalogue;
using Burden.Core.Common;

namespace Burden.Core.Costing;

/// <summary>Rates, on-costs and defaults that turn submissions into hours and cost (see <c>docs/analysis-settings.md</c>).</summary>
/// <remarks>The settings file is read once, as the analysis's settings; this is the part of them costing owns.</remarks>
public sealed record CostingSettings
{
    /// <summary>Agenda for Change 2025/26 hourly rates, England, top of band, before on-costs.</summary>
    public static IReadOnlyDictionary<string, decimal> DefaultBandRates { get; } = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        ["5"] = 19.33m, ["6"] = 23.82m, ["7"] = 27.98m, ["8a"] = 32.06m, ["8b"] = 38.30m,
    };

    /// <summary>Hours assumed per submission when a collection has no logged hours at all, by frequency.</summary>
    public static IReadOnlyDictionary<Frequency, double> DefaultHoursPerSubmission { get; } = new Dictionary<Frequency, double>
    {
        [Frequency.Daily] = 0.5, [Frequency.Weekly] = 2, [Frequency.Fortnightly] = 2, [Frequency.Monthly] = 4,
        [Frequency.Quarterly] = 6, [Frequency.Annual] = 10, [Frequency.AdHoc] = 3,
    };

    /// <summary>Hourly rate per band, before on-costs; keys are band names (<c>5</c>, <c>8a</c>).</summary>
    public IReadOnlyDictionary<string, decimal> BandRates { get; init; } = DefaultBandRates;

    /// <summary>Band assumed when a request gives none: band 6, the usual grade of an ICB information analyst.</summary>
    public string DefaultBand { get; init; } = "6";

    /// <summary>Employer on-cost multiplier: 1.25 (pension 14.38% plus employer National Insurance of about 10–11% of pay at these bands).</summary>
    public decimal OnCostFactor { get; init; } = 1.25m;

    /// <summary>When true a daily collection counts <see cref="WorkingDaysPerYear"/> submissions a year instead of 365.</summary>
    public bool DailyUsesWorkingDays { get; init; }

    /// <summary>Working days a year (England: 52 weeks × 5 days less 8 bank holidays).</summary>
    public int WorkingDaysPerYear { get; init; } = 252;

    /// <summary>Hours assumed per submission when a collection has no logged hours at all.</summary>
    public IReadOnlyDictionary<Frequency, double> DefaultHours { get; init; } = DefaultHoursPerSubmission;

    /// <summary>Submissions a year per respondent for a regular frequency; null for ad hoc (observed rate).</summary>
    public double? RegularSubmissionsPerYear(Frequency frequency) => frequency switch
    {
        Frequency.Daily => DailyUsesWorkingDays ? WorkingDaysPerYear : 365,
        Frequency.Weekly => 52,
        Frequency.Fortnightly => 26,
        Frequency.Monthly => 12,
        Frequency.Quarterly => 4,
        Frequency.Annual => 1,
        _ => null,
    };

    /// <summary>The hourly rate before on-costs for <paramref name="band"/>, or the default band's when blank or unknown.</summary>
    public decimal RateFor(string? band)
    {
        var key = AgendaForChangeBand.Simplify(band);
        if (key is not null && BandRates.TryGetValue(key, out var rate))
        {
            return rate;
        }
        return BandRates.TryGetValue(DefaultBand, out var fallback) ? fallback : 0m;
    }

    /// <summary>Checks ranges; throws <see cref="BurdenException"/> naming the setting.</summary>
    public void Validate(string sourceName = "settings")
    {
        if (OnCostFactor < 1m || OnCostFactor > 3m)
        {
            throw new BurdenException($"{sourceName}: on_cost_factor {OnCostFactor} is out of range (expected 1 to 3)");
        }
        if (!BandRates.ContainsKey(DefaultBand))
        {
            throw new BurdenException($"{sourceName}: default_band '{DefaultBand}' has no rate in band_rates");
        }
        if (WorkingDaysPerYear is < 1 or > 366)
        {
            throw new BurdenException($"{sourceName}: working_days_per_year {WorkingDaysPerYear} is out of range (expected 1 to 366)");
        }
    }
}
