using Burden.Core.Baselines;
using Burden.Core.Rationalise;

namespace Burden.Core.Review;

/// <summary>The latest decision on each subject, and what it does to an analysis.</summary>
/// <remarks>
/// Decisions are append-only; for each pair (its two ids in either order) and each collection's recommendation the one
/// recorded last counts. A decision is tied to the item sets it was made on: when either collection's items change (or a
/// collection is now recommended a different action) it is <b>stale</b>, shown but without effect, so the reviewer looks
/// again. A live <c>not_duplicate</c> removes its pair; a live <c>rejected</c> recommendation saves nothing; a live
/// <c>agreed</c> one is totalled apart.
/// </remarks>
public sealed class DecisionBook
{
    private readonly Dictionary<(string, string), StoredReviewDecision> _pairs = [];
    private readonly Dictionary<string, StoredReviewDecision> _recommendations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), StoredReviewDecision> _recommendationsByAction = [];

    /// <summary>Indexes <paramref name="decisions"/>, the latest (highest id) per subject winning.</summary>
    public DecisionBook(IEnumerable<StoredReviewDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        foreach (var stored in decisions.OrderBy(d => d.Id))
        {
            var d = stored.Decision;
            if (d.Subject == ReviewSubject.Pair && d.CollectionB is { } b)
            {
                _pairs[ReviewKeys.Ordered(d.CollectionA, b)] = stored;
            }
            else if (d.Subject == ReviewSubject.Recommendation)
            {
                _recommendations[d.CollectionA] = stored;
                _recommendationsByAction[(d.CollectionA, d.Action ?? "")] = stored;
            }
        }
    }

    /// <summary>True when any pair has a decision.</summary>
    public bool HasPairDecisions => _pairs.Count > 0;

    /// <summary>The latest decision on the pair <paramref name="a"/>–<paramref name="b"/>, with the item versions now; null when none.</summary>
    public ReviewMark? ForPair(string a, string b, string versionA, string versionB)
    {
        var key = ReviewKeys.Ordered(a, b);
        if (!_pairs.TryGetValue(key, out var stored))
        {
            return null;
        }
        var d = stored.Decision;
        var (first, second) = string.Equals(d.CollectionA, key.Item1, StringComparison.Ordinal) ? (d.ItemsA, d.ItemsB) : (d.ItemsB, d.ItemsA);
        var (nowFirst, nowSecond) = string.Equals(a, key.Item1, StringComparison.Ordinal) ? (versionA, versionB) : (versionB, versionA);
        return Mark(d, first != nowFirst || second != nowSecond);
    }

    /// <summary>The latest decision on a collection's recommendation; stale when its items or its recommended action changed.</summary>
    /// <param name="id">The collection.</param>
    /// <param name="actionToken">The action recommended now (<c>retire</c>, <c>merge</c>).</param>
    /// <param name="itemsVersion">The version of the collection's items now.</param>
    public ReviewMark? ForRecommendation(string id, string actionToken, string itemsVersion)
    {
        if (!_recommendations.TryGetValue(id, out var stored))
        {
            return null;
        }
        var d = stored.Decision;
        return Mark(d, d.ItemsA != itemsVersion || !string.Equals(d.Action, actionToken, StringComparison.Ordinal));
    }

    /// <summary>Detector precision and agreement by action, from the latest decision on every subject so far.</summary>
    public ReviewStats Stats()
    {
        var byAction = new Dictionary<string, ActionAgreement>(StringComparer.Ordinal);
        foreach (var ((_, action), stored) in _recommendationsByAction.OrderBy(kv => kv.Key.Item2, StringComparer.Ordinal))
        {
            var a = byAction.GetValueOrDefault(action, new ActionAgreement(0, 0, 0));
            byAction[action] = stored.Decision.Decision switch
            {
                ReviewVerdict.Agreed => a with { Agreed = a.Agreed + 1 },
                ReviewVerdict.Rejected => a with { Rejected = a.Rejected + 1 },
                ReviewVerdict.Deferred => a with { Deferred = a.Deferred + 1 },
                _ => a,
            };
        }
        return new ReviewStats(
            _pairs.Values.Count(p => p.Decision.Decision == ReviewVerdict.Confirmed),
            _pairs.Values.Count(p => p.Decision.Decision == ReviewVerdict.NotDuplicate),
            byAction);
    }

    /// <summary>For each agreed retire or merge of a collection in the baseline or now, whether it is still collected now.</summary>
    /// <param name="baseline">The baseline compared with.</param>
    /// <param name="now">The collections analysed now: id and title.</param>
    public IReadOnlyList<AgreedFollowUp> FollowUps(BaselineSnapshot baseline, IEnumerable<(string Id, string Title)> now)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(now);
        var current = now.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var before = baseline.Collections.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var followUps = new List<AgreedFollowUp>();
        foreach (var (id, stored) in _recommendations.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var d = stored.Decision;
            if (d.Decision != ReviewVerdict.Agreed || d.Action is not ("retire" or "merge") || (!current.ContainsKey(id) && !before.ContainsKey(id)))
            {
                continue;
            }
            var title = current.TryGetValue(id, out var c) ? c.Title : before[id].Title;
            followUps.Add(new AgreedFollowUp(id, title, d.Action, d.By, d.At, current.ContainsKey(id)));
        }
        return followUps;
    }

    private static ReviewMark Mark(NewReviewDecision d, bool stale) => new(d.Decision, d.By, d.At, d.Note, stale);
}
