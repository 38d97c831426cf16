using Burden.Core.Common;

namespace Burden.Core.Duplicates;

/// <summary>The thresholds duplicate detection takes from the settings file (see <c>docs/analysis-settings.md</c>).</summary>
public sealed record DuplicateSettings
{
    /// <summary>The calibrated default of <see cref="ItemSimilarityThreshold"/>.</summary>
    public const double DefaultItemSimilarityThreshold = 0.70;

    /// <summary>Containment (shared items / items of the smaller collection) at or above which a pair is a duplicate: <c>duplicate_containment_threshold</c>.</summary>
    public double ContainmentThreshold { get; init; } = 0.6;

    /// <summary>Fewest shared items for a duplicate pair: <c>duplicate_min_shared_items</c>.</summary>
    public int MinSharedItems { get; init; } = 2;

    /// <summary>Cosine similarity of two items' canonical texts at or above which, every guard agreeing, they are one measure: <c>item_similarity_threshold</c>.</summary>
    /// <remarks>Calibrated on the labelled item pairs in <c>tests/Burden.Worker.Tests/Meaning/item-pairs.tsv</c> (see the README).</remarks>
    public double ItemSimilarityThreshold { get; init; } = DefaultItemSimilarityThreshold;

    /// <summary>Checks ranges; throws <see cref="BurdenException"/> naming the setting.</summary>
    public void Validate(string sourceName = "settings")
    {
        if (ContainmentThreshold is <= 0 or > 1)
        {
            throw new BurdenException($"{sourceName}: duplicate_containment_threshold {ContainmentThreshold} is out of range (expected above 0, at most 1)");
        }
        if (ItemSimilarityThreshold is <= 0 or > 1)
        {
            throw new BurdenException($"{sourceName}: item_similarity_threshold {ItemSimilarityThreshold} is out of range (expected above 0, at most 1)");
        }
    }
}
