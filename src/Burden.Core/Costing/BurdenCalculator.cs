using Burden.Core.Analysis;
using Burden.Core.Catalogue;

namespace Burden.Core.Costing;

/// <summary>One submission of a collection by one organisation, as the costing needs it.</summary>
/// <param name="OrgCode">Organisation.</param>
/// <param name="Hours">Hours logged, or null when blank.</param>
/// <param name="Band">Agenda for Change band, or null.</param>
public sealed record Submission(OrgCode OrgCode, decimal? Hours, string? Band);

/// <summary>A collection's burden: hours in the period, annualised hours and cost.</summary>
/// <param name="Hours">Hours in the period (logged plus estimated).</param>
/// <param name="HoursEstimated">True when any hours were estimated.</param>
/// <param name="SubmissionsPerYear">Submissions a year per respondent.</param>
/// <param name="HoursPerYear">Hours a year, all respondents.</param>
/// <param name="CostGbpPerYear">Cost a year in pounds, with on-costs.</param>
/// <param name="HourlyCost">Loaded hourly cost used (rate × on-cost factor).</param>
/// <param name="HoursByOrg">Hours in the period per organisation (empty for a catalogue row).</param>
public sealed record CollectionBurden(double Hours, bool HoursEstimated, double SubmissionsPerYear, double HoursPerYear, double CostGbpPerYear, double HourlyCost, IReadOnlyDictionary<string, double> HoursByOrg);

/// <summary>Hours, annualised submissions and cost for collections.</summary>
/// <remarks>
/// Log collections: a blank <c>hours_spent</c> is estimated as the mean logged hours of the same collection's other
/// submissions, else the settings' default for its frequency. Submissions a year per respondent: daily 365 (or working
/// days), weekly 52, fortnightly 26, monthly 12, quarterly 4, annual 1; ad hoc: requests per respondent in the observed
/// window ÷ the window in years (a calendar month is 1/12 of a year whatever its length, so the same requests in
/// October and November give the same rate). Hours a year = respondents × submissions a year × mean hours per submission.
/// Cost a year = hours a year × hours-weighted Agenda for Change rate of the submissions (default band when blank) ×
/// on-cost factor. Catalogue rows: respondents × submissions a year × hours per submission (PRA / Standard Cost Model);
/// an ad hoc catalogue row counts once a year.
/// </remarks>
public static class BurdenCalculator
{
    /// <summary>Burden of a log collection from its submissions in scope.</summary>
    /// <param name="frequency">The collection's frequency.</param>
    /// <param name="submissions">Its submissions in scope (at least one).</param>
    /// <param name="observedYears">The window the submissions were observed in, in years: 1/12 for a month, 1 for a financial year.</param>
    /// <param name="settings">Rates and defaults.</param>
    public static CollectionBurden ForLog(Frequency frequency, IReadOnlyList<Submission> submissions, double observedYears, AnalysisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observedYears);
        if (submissions.Count == 0)
        {
            throw new ArgumentException("A collection has at least one submission.", nameof(submissions));
        }
        var logged = submissions.Where(s => s.Hours is not null).Select(s => (double)s.Hours!.Value).ToList();
        var estimate = logged.Count > 0 ? logged.Average() : settings.DefaultHours.GetValueOrDefault(frequency, 1);
        double hours = 0, weightedRate = 0;
        var estimated = false;
        var byOrg = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in submissions)
        {
            var h = s.Hours is { } given ? (double)given : estimate;
            byOrg[s.OrgCode.Value] = byOrg.GetValueOrDefault(s.OrgCode.Value) + h;
            estimated |= s.Hours is null;
            hours += h;
            weightedRate += h * (double)settings.RateFor(s.Band);
        }
        var respondents = byOrg.Count;
        var perSubmission = hours / submissions.Count;
        var rate = hours > 0 ? weightedRate / hours : (double)settings.RateFor(null);
        var perYear = settings.RegularSubmissionsPerYear(frequency)
            ?? (double)submissions.Count / respondents / observedYears;
        var hoursPerYear = respondents * perYear * perSubmission;
        var hourlyCost = rate * (double)settings.OnCostFactor;
        return new CollectionBurden(hours, estimated, perYear, hoursPerYear, hoursPerYear * hourlyCost, hourlyCost, byOrg);
    }

    /// <summary>Burden of a catalogue row: respondents × submissions a year × hours per submission.</summary>
    /// <param name="frequency">Frequency.</param>
    /// <param name="respondents">Organisations answering.</param>
    /// <param name="hoursPerSubmission">Hours one respondent spends on one submission.</param>
    /// <param name="periodDays">Days in the period for the in-period hours, or null to report a year.</param>
    /// <param name="settings">Rates and defaults.</param>
    public static CollectionBurden ForCatalogue(Frequency frequency, int respondents, decimal hoursPerSubmission, int? periodDays, AnalysisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var perYear = settings.RegularSubmissionsPerYear(frequency) ?? 1;
        var estimated = hoursPerSubmission <= 0;
        var perSubmission = estimated ? settings.DefaultHours.GetValueOrDefault(frequency, 1) : (double)hoursPerSubmission;
        var hoursPerYear = respondents * perYear * perSubmission;
        var hourlyCost = (double)settings.RateFor(null) * (double)settings.OnCostFactor;
        var hours = periodDays is { } d ? hoursPerYear * d / 365.0 : hoursPerYear;
        return new CollectionBurden(hours, estimated, perYear, hoursPerYear, hoursPerYear * hourlyCost, hourlyCost, new Dictionary<string, double>());
    }
}
