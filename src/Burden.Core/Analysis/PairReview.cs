using Burden.Core.Duplicates;
using Burden.Core.Review;

namespace Burden.Core.Analysis;

/// <summary>What reviewers' decisions on duplicate pairs do to the pairs the detector found.</summary>
/// <remarks>Here, above both, so that Review knows nothing of Duplicates' result types and Duplicates nothing of the decisions.</remarks>
internal static class PairReview
{
    /// <summary>Marks each pair with its decision and takes out the ones a live decision dismissed.</summary>
    public static (IReadOnlyList<DuplicatePairResult> Pairs, IReadOnlyList<DismissedPair> Dismissed) Apply(DecisionBook decisions, IReadOnlyList<DuplicatePairResult> pairs, Func<string, string> itemsVersion)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(itemsVersion);
        if (!decisions.HasPairDecisions)
        {
            return (pairs, []);
        }
        var kept = new List<DuplicatePairResult>();
        var dismissed = new List<DismissedPair>();
        foreach (var p in pairs)
        {
            var mark = decisions.ForPair(p.A, p.B, itemsVersion(p.A), itemsVersion(p.B));
            if (mark is { Stale: false, Decision: ReviewVerdict.NotDuplicate })
            {
                dismissed.Add(new DismissedPair(p with { Review = mark }, mark));
            }
            else
            {
                kept.Add(p with { Review = mark });
            }
        }
        return (kept, dismissed);
    }
}
