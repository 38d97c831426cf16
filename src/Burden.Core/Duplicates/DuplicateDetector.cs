using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;

namespace Burden.Core.Duplicates;

/// <summary>A collection as duplicate detection sees it.</summary>
/// <param name="Id">Collection id.</param>
/// <param name="Title">Title (supporting evidence only).</param>
/// <param name="Frequency">Frequency (a regular collection is preferred as keeper).</param>
/// <param name="Items">Data items as given.</param>
/// <param name="Approved">Has a current DAPB/DCB approval (preferred as keeper).</param>
/// <param name="Automated">Already automated or automatable (preferred as keeper).</param>
public sealed record DuplicateSubject(string Id, string Title, Frequency Frequency, IReadOnlyList<string> Items, bool Approved, bool Automated);

/// <summary>A pair that shared enough items but was blocked because a distinguishing term differs.</summary>
/// <param name="A">First id.</param>
/// <param name="B">Second id.</param>
/// <param name="Reason">Which terms differ.</param>
public sealed record BlockedPair(string A, string B, string Reason);

/// <summary>What duplicate detection found.</summary>
/// <param name="Pairs">Duplicate pairs, best score first.</param>
/// <param name="Groups">Pairs joined into groups, each with a keeper.</param>
/// <param name="Blocked">Pairs that would have matched but measure different things.</param>
public sealed record DuplicateFindings(IReadOnlyList<DuplicatePairResult> Pairs, IReadOnlyList<DuplicateGroupResult> Groups, IReadOnlyList<BlockedPair> Blocked);

/// <summary>Finds collections asking for the same figures.</summary>
/// <remarks>
/// Two collections are duplicates when, after item normalisation, the smaller shares at least the configured share of
/// its items (containment) and at least the configured number of items with the other, and every distinguishing term
/// (a number, or a disease or vaccine name from the synonym list) in the smaller collection's items also appears in
/// the larger's: "staff vaccinated against flu" never matches "against COVID-19", "over 62 days" never "over 104 days".
/// Title similarity only adds to the score. Score = 0.7 × containment + 0.2 × Jaccard + 0.1 × title similarity.
/// </remarks>
public sealed class DuplicateDetector
{
    private static readonly HashSet<string> TitleNoise = new(StringComparer.Ordinal)
    {
        "urgent", "request", "return", "returns", "fw", "fwd", "re", "please", "data", "collection", "the", "of", "and", "for", "a", "an", "to", "in", "on", "by",
    };

    private readonly ItemNormaliser _normaliser;
    private readonly ItemSetJoin _join;

    /// <summary>Creates a detector.</summary>
    public DuplicateDetector(ItemNormaliser normaliser, double containmentThreshold, int minSharedItems)
    {
        ArgumentNullException.ThrowIfNull(normaliser);
        _normaliser = normaliser;
        _join = new ItemSetJoin(containmentThreshold, minSharedItems);
    }

    /// <summary>Finds pairs and groups among <paramref name="subjects"/>.</summary>
    public DuplicateFindings Detect(IReadOnlyList<DuplicateSubject> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var keyIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var sets = new int[subjects.Count][];
        var names = new Dictionary<int, string>[subjects.Count];
        var terms = new HashSet<string>[subjects.Count];
        // Items repeat across collections (the same SitRep line in many returns): normalise each distinct text once.
        var wordsOf = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var s = 0; s < subjects.Count; s++)
        {
            names[s] = [];
            terms[s] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in subjects[s].Items)
            {
                if (!wordsOf.TryGetValue(item, out var words))
                {
                    words = _normaliser.Words(item);
                    wordsOf[item] = words;
                }
                if (words.Count == 0)
                {
                    continue;
                }
                var key = string.Join(' ', words);
                if (!keyIds.TryGetValue(key, out var id))
                {
                    id = keyIds.Count;
                    keyIds.Add(key, id);
                }
                names[s].TryAdd(id, ItemNormaliser.StripExplicitClass(item));
                terms[s].UnionWith(_normaliser.DistinguishingTerms(words));
            }
            sets[s] = [.. names[s].Keys];
        }

        var pairs = new List<(int A, int B, DuplicatePairResult Pair)>();
        var blocked = new List<BlockedPair>();
        foreach (var o in _join.Join(sets))
        {
            var (small, large) = sets[o.A].Length <= sets[o.B].Length ? (o.A, o.B) : (o.B, o.A);
            var missing = terms[small].Where(t => !terms[large].Contains(t)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                var theirs = terms[large].Where(t => !terms[small].Contains(t)).Order(StringComparer.Ordinal).ToList();
                blocked.Add(new BlockedPair(subjects[o.A].Id, subjects[o.B].Id,
                    $"'{subjects[small].Title}' asks about {string.Join(", ", missing)}" + (theirs.Count > 0 ? $" where '{subjects[large].Title}' asks about {string.Join(", ", theirs)}" : $", which '{subjects[large].Title}' does not") + ": different measures"));
                continue;
            }
            var containment = (double)o.Shared / sets[small].Length;
            var jaccard = (double)o.Shared / (sets[o.A].Length + sets[o.B].Length - o.Shared);
            var title = TitleSimilarity(subjects[o.A].Title, subjects[o.B].Title);
            var score = 0.7 * containment + 0.2 * jaccard + 0.1 * title;
            var largeSet = sets[large].ToHashSet();
            var shared = sets[small].Where(largeSet.Contains).Select(id => names[small][id]).ToList();
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"{o.Shared} of {sets[small].Length} items of '{subjects[small].Title}' ({containment:P0}) are already asked for by '{subjects[large].Title}' ({subjects[large].Frequency.Token().Replace('_', ' ')})"
) + (title >= 0.5 ? "; the titles are alike too" : "");
            pairs.Add((o.A, o.B, new DuplicatePairResult(subjects[o.A].Id, subjects[o.B].Id, Round(containment), Round(jaccard), Round(title), Round(score), shared, reason)));
        }
        pairs.Sort((x, y) => y.Pair.Score != x.Pair.Score ? y.Pair.Score.CompareTo(x.Pair.Score)
            : string.CompareOrdinal(x.Pair.A, y.Pair.A) is var byA and not 0 ? byA : string.CompareOrdinal(x.Pair.B, y.Pair.B));
        return new DuplicateFindings([.. pairs.Select(p => p.Pair)], Group(subjects, pairs.Select(p => (p.A, p.B)).ToList()), blocked);
    }

    /// <summary>Word-set Jaccard similarity of two titles, ignoring noise words (URGENT, request, return, FW/RE).</summary>
    public static double TitleSimilarity(string a, string b)
    {
        var x = TitleWords(a);
        var y = TitleWords(b);
        if (x.Count == 0 || y.Count == 0)
        {
            return 0;
        }
        var shared = x.Count(y.Contains);
        return (double)shared / (x.Count + y.Count - shared);
    }

    private static HashSet<string> TitleWords(string title) =>
        Classification.Taxonomy.Tokenise(title).Where(w => !TitleNoise.Contains(w)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Joins <paramref name="pairs"/> among <paramref name="subjects"/> into groups with keepers, as <see cref="Detect"/> does (used when a reviewer dismissed some pairs).</summary>
    public static IReadOnlyList<DuplicateGroupResult> GroupPairs(IReadOnlyList<DuplicateSubject> subjects, IReadOnlyList<DuplicatePairResult> pairs)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(pairs);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < subjects.Count; i++)
        {
            index.TryAdd(subjects[i].Id, i);
        }
        return Group(subjects, [.. pairs.Select(p => (index[p.A], index[p.B]))]);
    }

    private static List<DuplicateGroupResult> Group(IReadOnlyList<DuplicateSubject> subjects, List<(int A, int B)> edges)
    {
        var parent = Enumerable.Range(0, subjects.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }
        foreach (var (a, b) in edges)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }
        var members = edges.SelectMany(e => new[] { e.A, e.B }).Distinct().GroupBy(Find).OrderBy(g => g.Min()).ToList();
        var groups = new List<DuplicateGroupResult>();
        foreach (var g in members)
        {
            var ordered = g.OrderBy(i => i).ToList();
            var keep = ordered.OrderByDescending(i => KeeperRank(subjects[i])).ThenByDescending(i => subjects[i].Items.Count).ThenBy(i => subjects[i].Id, StringComparer.Ordinal).First();
            var k = subjects[keep];
            var why = new List<string>();
            if (k.Frequency != Frequency.AdHoc) { why.Add($"regular ({k.Frequency.Token()})"); }
            if (k.Approved) { why.Add("approved"); }
            if (k.Automated) { why.Add("automated"); }
            why.Add($"{k.Items.Count} items");
            groups.Add(new DuplicateGroupResult($"G{groups.Count + 1}", [.. ordered.Select(i => subjects[i].Id)], k.Id, string.Join(", ", why)));
        }
        return groups;
    }

    private static int KeeperRank(DuplicateSubject s) => (s.Frequency != Frequency.AdHoc ? 4 : 0) + (s.Approved ? 2 : 0) + (s.Automated ? 1 : 0);

    private static double Round(double x) => Math.Round(x, 3);
}
