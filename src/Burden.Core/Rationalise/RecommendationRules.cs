using System.Globalization;
using Burden.Core.Catalogue;

namespace Burden.Core.Rationalise;

/// <summary>What the recommendation rules need to know about one collection.</summary>
/// <param name="HoursPerYear">Hours a year.</param>
/// <param name="CostGbpPerYear">Cost a year.</param>
/// <param name="Frequency">Frequency.</param>
/// <param name="SubmissionsPerYear">Submissions a year per respondent.</param>
/// <param name="Unused">Unused flag.</param>
/// <param name="DuplicateGroup">Its duplicate group, or null.</param>
/// <param name="IsKeeper">True when it is its group's keeper.</param>
/// <param name="KeeperTitle">The keeper's title, for the reason.</param>
/// <param name="ShareInGroup">Share of its items that other members of its group already ask for (0..1).</param>
/// <param name="AutomatableFrom">Datasets that carry its items (non-empty only when the coverage threshold is met).</param>
/// <param name="ShareAutomatable">Share of its items those datasets carry (0..1).</param>
/// <param name="AllItemsInput">True when every item is an input (structure: beds, staff, money).</param>
/// <param name="OutputOnly">True when no item is an outcome.</param>
public sealed record RecommendationFacts(
    double HoursPerYear, double CostGbpPerYear, Frequency Frequency, double SubmissionsPerYear, bool Unused,
    string? DuplicateGroup, bool IsKeeper, string? KeeperTitle, double ShareInGroup,
    IReadOnlyList<string> AutomatableFrom, double ShareAutomatable, bool AllItemsInput, bool OutputOnly);

/// <summary>A recommendation with its saving.</summary>
/// <param name="Action">The primary action.</param>
/// <param name="Reason">Why, in plain English.</param>
/// <param name="HoursSavedPerYear">Hours a year saved.</param>
/// <param name="CostGbpSavedPerYear">Cost a year saved.</param>
public sealed record RecommendationOutcome(Recommendation Action, string Reason, double HoursSavedPerYear, double CostGbpSavedPerYear);

/// <summary>Chooses one primary action per collection and its saving.</summary>
/// <remarks>
/// Precedence (first that applies): retire (unused) → merge (a non-keeper member of a duplicate group) → automate
/// (a dataset carries enough of its items) → reduce_frequency (only inputs, asked more often than the configured
/// frequency) → add_outcomes (output-only) → keep. Savings: retire saves all its hours; merge saves the share of its
/// items other group members already ask for; automate saves the share of its items the datasets carry;
/// reduce_frequency saves 1 − (new submissions a year / current); add_outcomes and keep save nothing. Each saving is a
/// share of the collection's own hours and each collection has one action, and a keeper never saves for its group,
/// so no hour is counted twice.
/// </remarks>
public static class RecommendationRules
{
    /// <summary>The primary action for a collection.</summary>
    public static RecommendationOutcome Choose(RecommendationFacts f, Frequency reducedFrequency, double reducedSubmissionsPerYear)
    {
        ArgumentNullException.ThrowIfNull(f);
        RecommendationOutcome Save(Recommendation action, double share, string reason) =>
            new(action, reason, Math.Round(f.HoursPerYear * share, 2), Math.Round(f.CostGbpPerYear * share, 2));

        if (f.Unused)
        {
            return Save(Recommendation.Retire, 1, "No stated purpose, consumer or publication and no recent use: stop collecting it.");
        }
        if (f.DuplicateGroup is not null && !f.IsKeeper && f.ShareInGroup > 0)
        {
            return Save(Recommendation.Merge, f.ShareInGroup, string.Create(CultureInfo.InvariantCulture,
                $"{f.ShareInGroup:P0} of its items are already asked for in duplicate group {f.DuplicateGroup}: take them from '{f.KeeperTitle}'."));
        }
        if (f.AutomatableFrom.Count > 0 && f.ShareAutomatable > 0)
        {
            return Save(Recommendation.Automate, f.ShareAutomatable, string.Create(CultureInfo.InvariantCulture,
                $"{f.ShareAutomatable:P0} of its items already flow in {string.Join(", ", f.AutomatableFrom)}: take them from there instead of re-keying."));
        }
        if (f.AllItemsInput && f.Frequency < reducedFrequency && f.SubmissionsPerYear > reducedSubmissionsPerYear && f.SubmissionsPerYear > 0)
        {
            var share = 1 - reducedSubmissionsPerYear / f.SubmissionsPerYear;
            return Save(Recommendation.ReduceFrequency, share,
                $"It asks only for inputs (beds, staff, money), which change slowly: ask {reducedFrequency.Token().Replace('_', ' ')} instead of {f.Frequency.Token().Replace('_', ' ')}.");
        }
        if (f.OutputOnly)
        {
            return Save(Recommendation.AddOutcomes, 0, "None of its items measures an outcome for patients: add outcome measures (PROMs, PREMs, mortality, readmissions) or replace output measures with them.");
        }
        return Save(Recommendation.Keep, 0, "Used, not duplicated, not available from an automated source, and it measures outcomes.");
    }
}
