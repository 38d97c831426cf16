using System.Globalization;
using Burden.Core.Catalogue;

namespace Burden.Core.Rationalise;

/// <summary>What the recommendation rules need to know about one collection.</summary>
/// <param name="HoursPerYear">Hours a year.</param>
/// <param name="CostGbpPerYear">Cost a year.</param>
/// <param name="Frequency">Frequency.</param>
/// <param name="SubmissionsPerYear">Submissions a year per respondent.</param>
/// <param name="Unused">Evidence of non-use (a stale last use).</param>
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
    IReadOnlyList<string> AutomatableFrom, double ShareAutomatable, bool AllItemsInput, bool OutputOnly)
{
    /// <summary>Nothing records whether it is used (no purpose, consumer, publication or last-used date).</summary>
    public bool UseUnknown { get; init; }

    /// <summary>The use facts (stated purpose, consumer, last use) in plain English.</summary>
    public IReadOnlyList<string> UseEvidence { get; init; } = [];

    /// <summary>Stated purpose, consumer or publication, which a stale last use contradicts.</summary>
    public bool UseClaimed { get; init; }

    /// <summary>A current DAPB/DCB approval reference, or null.</summary>
    public string? CurrentApproval { get; init; }

    /// <summary>True when the catalogue itself names the automated source (rather than the shipped dataset list matching its items).</summary>
    public bool AutomatedSourceStated { get; init; }

    /// <summary>Number of distinct items.</summary>
    public int ItemCount { get; init; }
}

/// <summary>A recommendation with its saving.</summary>
/// <param name="Action">The primary action.</param>
/// <param name="Reason">Why, in plain English.</param>
/// <param name="HoursSavedPerYear">Hours a year saved.</param>
/// <param name="CostGbpSavedPerYear">Cost a year saved.</param>
public sealed record RecommendationOutcome(Recommendation Action, string Reason, double HoursSavedPerYear, double CostGbpSavedPerYear)
{
    /// <summary>The facts the recommendation rests on, in plain English.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>How sure it is.</summary>
    public Confidence Confidence { get; init; } = Confidence.Low;
}

/// <summary>Chooses one primary action per collection and its saving.</summary>
/// <remarks>
/// Precedence (first that applies): retire (evidence of non-use: a last use older than the grace period) → merge (a
/// non-keeper member of a duplicate group) → automate (a dataset carries enough of its items) → reduce_frequency (only
/// inputs, asked more often than the configured frequency) → confirm_purpose (nothing records whether it is used: ask
/// the requester) → add_outcomes (output-only) → keep. A missing purpose is never evidence of non-use, so a request log
/// without usage columns is never told to retire. Savings: retire saves all its hours; merge saves the share of its items
/// other group members already ask for; automate saves the share of its items the datasets carry; reduce_frequency saves
/// 1 − (new submissions a year / current); confirm_purpose, add_outcomes and keep save nothing. Each saving is a share of
/// the collection's own hours and each collection has one action, and a keeper never saves for its group, so no hour is
/// counted twice. Confidence: retire is high unless a purpose, consumer or current approval is recorded against the stale
/// use (medium); merge is high when every item is already asked for, else medium; automate is high when the catalogue
/// names the source, else medium; reduce_frequency and confirm_purpose are low; add_outcomes is medium; keep is high on
/// evidence of use, else medium.
/// </remarks>
public static class RecommendationRules
{
    /// <summary>The primary action for a collection.</summary>
    public static RecommendationOutcome Choose(RecommendationFacts f, Frequency reducedFrequency, double reducedSubmissionsPerYear)
    {
        ArgumentNullException.ThrowIfNull(f);
        RecommendationOutcome Save(Recommendation action, double share, string reason, Confidence confidence, IEnumerable<string> evidence) =>
            new(action, reason, Math.Round(f.HoursPerYear * share, 2), Math.Round(f.CostGbpPerYear * share, 2)) { Confidence = confidence, Evidence = [.. evidence] };
        var inv = CultureInfo.InvariantCulture;

        if (f.Unused)
        {
            var evidence = f.UseEvidence.ToList();
            if (f.CurrentApproval is { } approval)
            {
                evidence.Add($"current approval {approval}: a mandated return, so confirm with its owner before stopping it");
            }
            var sure = !f.UseClaimed && f.CurrentApproval is null;
            return Save(Recommendation.Retire, 1, "Its last recorded use is older than the grace period: stop collecting it.", sure ? Confidence.High : Confidence.Medium, evidence);
        }
        if (f.DuplicateGroup is not null && !f.IsKeeper && f.ShareInGroup > 0)
        {
            return Save(Recommendation.Merge, f.ShareInGroup, string.Create(inv,
                $"{f.ShareInGroup:P0} of its items are already asked for in duplicate group {f.DuplicateGroup}: take them from '{f.KeeperTitle}'."),
                f.ShareInGroup >= 0.999 ? Confidence.High : Confidence.Medium,
                [string.Create(inv, $"{f.ShareInGroup:P0} of its {f.ItemCount} items are asked for by other members of duplicate group {f.DuplicateGroup}"), $"the group's keeper is '{f.KeeperTitle}'"]);
        }
        if (f.AutomatableFrom.Count > 0 && f.ShareAutomatable > 0)
        {
            return Save(Recommendation.Automate, f.ShareAutomatable, string.Create(inv,
                $"{f.ShareAutomatable:P0} of its items already flow in {string.Join(", ", f.AutomatableFrom)}: take them from there instead of re-keying."),
                f.AutomatedSourceStated ? Confidence.High : Confidence.Medium,
                [f.AutomatedSourceStated
                    ? $"the catalogue names its automated source: {string.Join(", ", f.AutomatableFrom)}"
                    : string.Create(inv, $"{f.ShareAutomatable:P0} of its {f.ItemCount} items are measures {string.Join(", ", f.AutomatableFrom)} already carries")]);
        }
        if (f.AllItemsInput && f.Frequency < reducedFrequency && f.SubmissionsPerYear > reducedSubmissionsPerYear && f.SubmissionsPerYear > 0)
        {
            var share = 1 - reducedSubmissionsPerYear / f.SubmissionsPerYear;
            return Save(Recommendation.ReduceFrequency, share,
                $"It asks only for inputs (beds, staff, money), which change slowly: ask {reducedFrequency.Token().Replace('_', ' ')} instead of {f.Frequency.Token().Replace('_', ' ')}.",
                Confidence.Low, [$"all {f.ItemCount} items are inputs", $"asked {f.Frequency.Token().Replace('_', ' ')}"]);
        }
        if (f.UseUnknown)
        {
            var evidence = f.UseEvidence.ToList();
            if (f.CurrentApproval is { } approval)
            {
                evidence.Add($"current approval {approval}: a mandated return, never retired for a missing purpose");
            }
            return Save(Recommendation.ConfirmPurpose, 0,
                "Nothing records what it is used for: ask the requester for its purpose and consumer; no saving is counted until then.", Confidence.Low, evidence);
        }
        if (f.OutputOnly)
        {
            return Save(Recommendation.AddOutcomes, 0, "None of its items measures an outcome for patients: add outcome measures (PROMs, PREMs, mortality, readmissions) or replace output measures with them.",
                Confidence.Medium, [$"none of its {f.ItemCount} items is classed an outcome"]);
        }
        return Save(Recommendation.Keep, 0, "Used, not duplicated, not available from an automated source, and it measures outcomes.",
            f.UseEvidence.Count > 0 && !f.UseUnknown ? Confidence.High : Confidence.Medium, f.UseEvidence);
    }
}
