using Burden.Core.Review;

namespace Burden.Core.Duplicates;

/// <summary>Two collections asking for the same figures.</summary>
/// <param name="A">First collection id.</param>
/// <param name="B">Second collection id.</param>
/// <param name="Containment">Shared items / items of the smaller collection.</param>
/// <param name="Jaccard">Shared items / items of either.</param>
/// <param name="TitleSimilarity">Similarity of the titles (supporting evidence only).</param>
/// <param name="Score">Overall score 0..1.</param>
/// <param name="SharedItems">The shared items as given in the smaller collection.</param>
/// <param name="Reason">Plain-English reason.</param>
public sealed record DuplicatePairResult(string A, string B, double Containment, double Jaccard, double TitleSimilarity, double Score, IReadOnlyList<string> SharedItems, string Reason)
{
    /// <summary>The latest decision on the pair, or null.</summary>
    public ReviewMark? Review { get; init; }

    /// <summary>The matched item pairs, one per shared measure: item of A, item of B, their similarity and how they matched.</summary>
    public IReadOnlyList<ItemMatch> MatchedItems { get; init; } = [];
}

/// <summary>How two items were found to be one measure.</summary>
public enum ItemMatchKind
{
    /// <summary>The same wording (case aside).</summary>
    Same,
    /// <summary>Different wording with the same canonical key (abbreviations, threshold forms, units).</summary>
    Canonical,
    /// <summary>Similar in meaning (embedding similarity at or above the threshold) with every guard agreeing.</summary>
    Similar,
}

/// <summary>One item of a collection matched to one of another.</summary>
/// <param name="ItemA">The item of the pair's collection A, as given.</param>
/// <param name="ItemB">The item of collection B, as given.</param>
/// <param name="Similarity">Cosine similarity of their canonical texts (1 for the same canonical key).</param>
/// <param name="Kind">How they matched.</param>
public sealed record ItemMatch(string ItemA, string ItemB, double Similarity, ItemMatchKind Kind);

/// <summary>Collections joined by duplicate pairs, with the one to keep.</summary>
/// <param name="Id">Group id (<c>G1</c>).</param>
/// <param name="Collections">Member ids.</param>
/// <param name="Keep">Suggested keeper's id.</param>
/// <param name="KeepReason">Why that one.</param>
public sealed record DuplicateGroupResult(string Id, IReadOnlyList<string> Collections, string Keep, string KeepReason);

/// <summary>A step of duplicate detection, as <see cref="DetectionPhase"/> times it.</summary>
public enum DetectionStep
{
    /// <summary>Every distinct item text read through the measure vocabulary; the count is distinct texts.</summary>
    ReadVocabulary,
    /// <summary>Items grouped into meanings (candidates hashed and verified); the count is item pairs compared.</summary>
    MeaningIndex,
    /// <summary>Collections joined on their measures, guards respected; the count is overlapping collection pairs.</summary>
    StrictJoin,
    /// <summary>Each overlapping pair judged a duplicate or blocked, with its reason; the count is pairs judged.</summary>
    StrictPairs,
    /// <summary>Collections joined on their measures, guards ignored; the count is overlapping collection pairs.</summary>
    LooseJoin,
    /// <summary>Loose pairs kept apart by a guard, each with its explanation; the count is look-alikes blocked.</summary>
    LookAlikes,
    /// <summary>Pairs sorted and joined into groups with keepers; the count is groups.</summary>
    Grouping,
}

/// <summary>What one step of duplicate detection cost.</summary>
/// <param name="Step">The step.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Cpu">Processor time of the whole process during the step (several threads count several times).</param>
/// <param name="AllocatedBytes">Bytes allocated by the whole process during the step.</param>
/// <param name="Count">What the step produced (see <see cref="DetectionStep"/>).</param>
/// <param name="GcPause">Time the garbage collector paused the process during the step.</param>
public sealed record DetectionPhase(DetectionStep Step, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes, long Count, TimeSpan GcPause);
