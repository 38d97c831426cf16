using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Meaning;

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
/// <remarks>
/// A national catalogue blocks millions of look-alike pairs, so the detector writes a pair's reason only when it is read;
/// the words are the same whenever that is. Two blocked pairs are equal when their ids and reasons are.
/// </remarks>
public sealed record BlockedPair
{
    private readonly Func<int, int, string>? _explain;
    private readonly int _small;
    private readonly int _large;
    private string? _reason;

    /// <summary>A blocked pair with its reason written out.</summary>
    /// <param name="A">First id.</param>
    /// <param name="B">Second id.</param>
    /// <param name="Reason">Which terms differ.</param>
    public BlockedPair(string A, string B, string Reason)
    {
        this.A = A;
        this.B = B;
        _reason = Reason;
    }

    // A blocked pair whose reason is written by explain(small, large) when first read.
    internal BlockedPair(string a, string b, Func<int, int, string> explain, int small, int large)
    {
        A = a;
        B = b;
        _explain = explain;
        _small = small;
        _large = large;
    }

    /// <summary>First id.</summary>
    public string A { get; init; }

    /// <summary>Second id.</summary>
    public string B { get; init; }

    /// <summary>Which terms differ.</summary>
    public string Reason
    {
        get => _reason ??= _explain!(_small, _large);
        init => _reason = value;
    }

    /// <summary>Ids and reason, as the positional record gave them.</summary>
    public void Deconstruct(out string a, out string b, out string reason)
    {
        a = A;
        b = B;
        reason = Reason;
    }

    /// <summary>Equal ids and equal reasons.</summary>
    public bool Equals(BlockedPair? other) =>
        other is not null && string.Equals(A, other.A, StringComparison.Ordinal) && string.Equals(B, other.B, StringComparison.Ordinal)
        && string.Equals(Reason, other.Reason, StringComparison.Ordinal);

    /// <summary>Hash of the ids and the reason.</summary>
    public override int GetHashCode() => HashCode.Combine(A, B, Reason);
}

/// <summary>What duplicate detection found.</summary>
/// <param name="Pairs">Duplicate pairs, best score first.</param>
/// <param name="Groups">Pairs joined into groups, each with a keeper.</param>
/// <param name="Blocked">Pairs that would have matched but measure different things.</param>
public sealed record DuplicateFindings(IReadOnlyList<DuplicatePairResult> Pairs, IReadOnlyList<DuplicateGroupResult> Groups, IReadOnlyList<BlockedPair> Blocked)
{
    /// <summary>For each subject id, the meanings (one per measure, variants counted once) its items were matched on.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<int>> Meanings { get; init; } = new Dictionary<string, IReadOnlySet<int>>();

    /// <summary>Distinct items (by canonical key) and item pairs whose similarity was computed.</summary>
    public (int Items, long Compared) Work { get; init; }

    /// <summary>Item pairs that passed the similarity threshold when verified (before the side-by-side rule).</summary>
    public long Verified { get; init; }

    /// <summary>What each step of the detection cost, in the order they ran.</summary>
    public IReadOnlyList<DetectionPhase> Phases { get; init; } = [];
}

/// <summary>Finds collections asking for the same figures.</summary>
/// <remarks>
/// Items are read through the measure vocabulary (<see cref="MeasureReader"/>). Two items are one measure when their
/// canonical keys are equal, or, given vectors, when their similarity reaches the item-similarity threshold and every
/// guard agrees (thresholds with units and comparators, population, service, disease: see <see cref="ItemMeaningIndex"/>).
/// Each collection becomes the set of measures it asks for, so variants inside one collection count once and the
/// counts below rest on a one-to-one matching of items.
/// Two collections are duplicates when the smaller shares at least the configured share of its measures
/// (containment) and at least the configured number with the other, and every threshold and disease or vaccine term
/// in the smaller collection's items also appears in the larger's: "staff vaccinated against flu" never matches
/// "against COVID-19", "over 62 days" never "over 104 days". Title similarity only adds to the score.
/// Score = 0.7 × containment + 0.2 × Jaccard + 0.1 × title similarity.
/// </remarks>
public sealed class DuplicateDetector
{
    private static readonly HashSet<string> TitleNoise = new(StringComparer.Ordinal)
    {
        "urgent", "request", "return", "returns", "fw", "fwd", "re", "please", "data", "collection", "the", "of", "and", "for", "a", "an", "to", "in", "on", "by",
    };

    private readonly MeasureReader _reader;
    private readonly ItemSetJoin _join;
    private readonly double _similarity;

    /// <summary>Creates a detector with the thresholds of <paramref name="settings"/>.</summary>
    public DuplicateDetector(MeasureReader reader, DuplicateSettings settings)
        : this(reader, (settings ?? throw new ArgumentNullException(nameof(settings))).ContainmentThreshold, settings.MinSharedItems, settings.ItemSimilarityThreshold)
    {
    }

    /// <summary>Creates a detector.</summary>
    /// <param name="reader">Reads items through the vocabulary.</param>
    /// <param name="containmentThreshold">Containment at or above which two collections are duplicates.</param>
    /// <param name="minSharedItems">Fewest shared measures.</param>
    /// <param name="similarityThreshold">Cosine similarity at or above which two items with agreeing guards are one measure.</param>
    public DuplicateDetector(MeasureReader reader, double containmentThreshold, int minSharedItems, double similarityThreshold)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _join = new ItemSetJoin(containmentThreshold, minSharedItems);
        _similarity = similarityThreshold;
    }

    /// <summary>Finds pairs and groups among <paramref name="subjects"/>, matching items by meaning where <paramref name="vectors"/> are given.</summary>
    /// <param name="subjects">The collections.</param>
    /// <param name="vectors">Vectors of the items' canonical texts (<see cref="MeasureText.Text"/>), or null to match on canonical keys only.</param>
    /// <param name="allPairs">Compare every item pair (the exact reference) rather than hashed candidates.</param>
    public DuplicateFindings Detect(IReadOnlyList<DuplicateSubject> subjects, ItemVectors? vectors = null, bool allPairs = false)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var clock = new PhaseClock();
        var keyIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var measures = new List<MeasureText>();
        var weights = new List<int>();
        var itemsOf = new List<(int Id, string Name)>[subjects.Count];
        // Items repeat across collections (the same SitRep line in many returns): read each distinct text once, two or more
        // at once (reading is pure), then number the measures in the order the items first appear, as one loop would.
        var readOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string>();
        foreach (var subject in subjects)
        {
            foreach (var item in subject.Items)
            {
                if (readOf.TryAdd(item, distinct.Count))
                {
                    distinct.Add(item);
                }
            }
        }
        var read = new MeasureText[distinct.Count];
        Parallel.For(0, distinct.Count, i => read[i] = _reader.Read(ItemNormaliser.StripExplicitClass(distinct[i])));
        for (var s = 0; s < subjects.Count; s++)
        {
            var mine = new List<(int, string)>();
            var ids = new HashSet<int>();
            foreach (var item in subjects[s].Items)
            {
                var m = read[readOf[item]];
                if (m.Key.Length == 0)
                {
                    continue;
                }
                if (!keyIds.TryGetValue(m.Key, out var id))
                {
                    id = keyIds.Count;
                    keyIds.Add(m.Key, id);
                    measures.Add(m);
                    weights.Add(0);
                }
                if (ids.Add(id))
                {
                    weights[id]++;
                    mine.Add((id, m.Item));
                }
            }
            itemsOf[s] = mine;
        }
        clock.Mark(DetectionStep.ReadVocabulary, distinct.Count);

        var itemVectors = measures.Select(m => vectors?.Get(m.Text)).ToList();
        // Which collections hold each item, sorted, to tell items listed side by side.
        var holders = new List<int>[measures.Count];
        for (var s = 0; s < subjects.Count; s++)
        {
            foreach (var (id, _) in itemsOf[s])
            {
                (holders[id] ??= []).Add(s);
            }
        }
        var index = ItemMeaningIndex.Build(measures, itemVectors, weights, _similarity, allPairs, (a, b) => Intersects(holders[a], holders[b]));
        clock.Mark(DetectionStep.MeaningIndex, index.Compared);
        float Similarity(int a, int b) => a == b ? 1f : itemVectors[a] is { } x && itemVectors[b] is { } y ? ItemVectors.Similarity(x, y) : 0f;

        // A collection is the set of measures it asks for; its first item of each measure speaks for it.
        var strictSets = new int[subjects.Count][];
        var looseSets = new int[subjects.Count][];
        var strictItem = new Dictionary<int, int>[subjects.Count];
        var looseItem = new Dictionary<int, int>[subjects.Count];
        var terms = new HashSet<string>[subjects.Count];
        for (var s = 0; s < subjects.Count; s++)
        {
            strictItem[s] = [];
            looseItem[s] = [];
            terms[s] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (id, _) in itemsOf[s])
            {
                strictItem[s].TryAdd(index.Strict[id], id);
                looseItem[s].TryAdd(index.Loose[id], id);
                terms[s].UnionWith(measures[id].Guards.Where(IsCollectionTerm));
            }
            strictSets[s] = [.. strictItem[s].Keys];
            looseSets[s] = [.. looseItem[s].Keys];
        }

        // Each title's words, read once however many pairs the collection is in (two threads may both read one: same words).
        var titleWords = new HashSet<string>?[subjects.Count];
        HashSet<string> TitleWordsOf(int s) => titleWords[s] ??= TitleWords(subjects[s].Title);
        var pairs = new List<(int A, int B, DuplicatePairResult Pair)>();
        var blocked = new List<BlockedPair>();
        var considered = new HashSet<long>();
        // Each strict pair is a duplicate or blocked on its own, so the pairs are worked through in slices, two or more at
        // once, and the slices joined in join order: the same lists, in the same order, as one loop gives.
        var strictOverlaps = _join.Join(strictSets);
        foreach (var o in strictOverlaps)
        {
            considered.Add(PairKey(o.A, o.B));
        }
        clock.Mark(DetectionStep.StrictJoin, strictOverlaps.Count);
        var found = InOrderedSlices(strictOverlaps.Count, (start, end) =>
        {
            var sliceBlocked = new List<BlockedPair>();
            var slicePairs = new List<(int A, int B, DuplicatePairResult Pair)>();
            for (var i = start; i < end; i++)
            {
                var o = strictOverlaps[i];
                var (small, large) = strictSets[o.A].Length <= strictSets[o.B].Length ? (o.A, o.B) : (o.B, o.A);
                if (!terms[large].IsSupersetOf(terms[small]))
                {
                    var missing = terms[small].Where(t => !terms[large].Contains(t)).Select(Term).Order(StringComparer.Ordinal).ToList();
                    var theirs = terms[large].Where(t => !terms[small].Contains(t)).Select(Term).Order(StringComparer.Ordinal).ToList();
                    sliceBlocked.Add(new BlockedPair(subjects[o.A].Id, subjects[o.B].Id,
                        $"'{subjects[small].Title}' asks about {string.Join(", ", missing)}" + (theirs.Count > 0 ? $" where '{subjects[large].Title}' asks about {string.Join(", ", theirs)}" : $", which '{subjects[large].Title}' does not") + ": different measures"));
                    continue;
                }
                var containment = (double)o.Shared / strictSets[small].Length;
                var jaccard = (double)o.Shared / (strictSets[o.A].Length + strictSets[o.B].Length - o.Shared);
                var title = TitleSimilarity(TitleWordsOf(o.A), TitleWordsOf(o.B));
                var score = 0.7 * containment + 0.2 * jaccard + 0.1 * title;
                var matched = new List<ItemMatch>();
                foreach (var (meaning, mineId) in strictItem[small])
                {
                    if (!strictItem[large].TryGetValue(meaning, out var theirId))
                    {
                        continue;
                    }
                    var mineName = itemsOf[small].First(x => x.Id == mineId).Name;
                    var theirName = itemsOf[large].First(x => x.Id == theirId).Name;
                    var kind = mineId != theirId ? ItemMatchKind.Similar
                        : string.Equals(mineName, theirName, StringComparison.OrdinalIgnoreCase) ? ItemMatchKind.Same : ItemMatchKind.Canonical;
                    matched.Add(new ItemMatch(mineName, theirName, Math.Round(Similarity(mineId, theirId), 3), kind));
                }
                var reason = string.Create(CultureInfo.InvariantCulture,
                    $"{o.Shared} of {strictSets[small].Length} items of '{subjects[small].Title}' ({containment:P0}) are already asked for by '{subjects[large].Title}' ({subjects[large].Frequency.Token().Replace('_', ' ')})"
) + (title >= 0.5 ? "; the titles are alike too" : "") + Explain(matched);
                slicePairs.Add((o.A, o.B, new DuplicatePairResult(subjects[o.A].Id, subjects[o.B].Id, Round(containment), Round(jaccard), Round(title), Round(score), [.. matched.Select(m => m.ItemA)], reason)
                {
                    MatchedItems = small == o.A ? matched : [.. matched.Select(m => m with { ItemA = m.ItemB, ItemB = m.ItemA })],
                }));
            }
            return (Blocked: sliceBlocked, Pairs: slicePairs);
        });
        foreach (var slice in found)
        {
            blocked.AddRange(slice.Blocked);
            pairs.AddRange(slice.Pairs);
        }
        clock.Mark(DetectionStep.StrictPairs, strictOverlaps.Count);

        // Look-alikes: pairs that would match if guards were ignored. They are kept apart, and say why.
        if (vectors is not null)
        {
            blocked.AddRange(LookAlikes(subjects, measures, looseSets, looseItem, considered, Similarity, clock));
        }

        pairs.Sort((x, y) => y.Pair.Score != x.Pair.Score ? y.Pair.Score.CompareTo(x.Pair.Score)
            : string.CompareOrdinal(x.Pair.A, y.Pair.A) is var byA and not 0 ? byA : string.CompareOrdinal(x.Pair.B, y.Pair.B));
        var meanings = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
        for (var s = 0; s < subjects.Count; s++)
        {
            meanings.TryAdd(subjects[s].Id, strictSets[s].ToHashSet());
        }
        var groups = Group(subjects, pairs.Select(p => (p.A, p.B)).ToList());
        clock.Mark(DetectionStep.Grouping, groups.Count);
        return new DuplicateFindings([.. pairs.Select(p => p.Pair)], groups, blocked)
        {
            Meanings = meanings,
            Work = (measures.Count, index.Compared),
            Verified = index.Verified,
            Phases = clock.Phases,
        };
    }

    // The look-alike pairs in join order. The join's pairs are checked in slices, two or more at once, each slice keeping its
    // pairs in order and the slices joined in order, so the list is the one a single loop gives. A pair is blocked when one
    // meaning both collections ask for is worded with other guards on each side; that is found by merging the two sets'
    // sorted meanings, and the reason is written only when read. The same item pair recurs across many collection pairs,
    // so its wording ("'a' ≈ 'b' (0.91) but threshold over 18 weeks against over 52 weeks") is written once and shared.
    private List<BlockedPair> LookAlikes(IReadOnlyList<DuplicateSubject> subjects, List<MeasureText> measures, int[][] looseSets,
        Dictionary<int, int>[] looseItem, HashSet<long> strict, Func<int, int, float> similarity, PhaseClock clock)
    {
        var overlaps = _join.Join(looseSets);
        clock.Mark(DetectionStep.LooseJoin, overlaps.Count);
        // Equal signatures, equal ids: an int comparison in the inner loop instead of a string one.
        var signatureIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var signature = new int[measures.Count];
        for (var i = 0; i < measures.Count; i++)
        {
            if (!signatureIds.TryGetValue(measures[i].Signature, out var id))
            {
                id = signatureIds.Count;
                signatureIds.Add(measures[i].Signature, id);
            }
            signature[i] = id;
        }
        // Each collection's meanings in ascending order, beside the signature of the item that speaks for each.
        var meaningsOf = new int[looseSets.Length][];
        var signaturesOf = new int[looseSets.Length][];
        for (var s = 0; s < looseSets.Length; s++)
        {
            var meanings = new int[looseItem[s].Count];
            var signatures = new int[meanings.Length];
            var k = 0;
            foreach (var (meaning, item) in looseItem[s])
            {
                meanings[k] = meaning;
                signatures[k++] = signature[item];
            }
            Array.Sort(meanings, signatures);
            meaningsOf[s] = meanings;
            signaturesOf[s] = signatures;
        }
        var wording = new ConcurrentDictionary<long, string>();
        string Wording(long key)
        {
            var mineId = (int)(key >> 32);
            var theirId = (int)(key & 0xFFFF_FFFF);
            return string.Create(CultureInfo.InvariantCulture,
                $"'{measures[mineId].Item}' ≈ '{measures[theirId].Item}' ({similarity(mineId, theirId):0.00}) but {measures[mineId].GuardDifference(measures[theirId])}");
        }
        string Explain(int small, int large)
        {
            var theirs = looseItem[large];
            var text = new StringBuilder();
            var count = 0;
            foreach (var (meaning, mineId) in looseItem[small])
            {
                if (!theirs.TryGetValue(meaning, out var theirId) || signature[mineId] == signature[theirId])
                {
                    continue;
                }
                if (count++ == 0)
                {
                    text.Append('\'').Append(subjects[small].Title).Append("' looks like '").Append(subjects[large].Title).Append("': ");
                }
                else
                {
                    text.Append("; ");
                }
                text.Append(wording.GetOrAdd(PairKey(mineId, theirId), Wording));
            }
            return text.Append(": different measures").ToString();
        }
        var explain = (Func<int, int, string>)Explain;
        var found = InOrderedSlices(overlaps.Count, (start, end) =>
        {
            var mine = new List<BlockedPair>();
            for (var i = start; i < end; i++)
            {
                var o = overlaps[i];
                // Each pair comes once from the loose join, so only the strict pairs (already a duplicate or blocked) are skipped.
                if (!GuardsDiffer(meaningsOf[o.A], signaturesOf[o.A], meaningsOf[o.B], signaturesOf[o.B]) || strict.Contains(PairKey(o.A, o.B)))
                {
                    continue;
                }
                var (small, large) = looseSets[o.A].Length <= looseSets[o.B].Length ? (o.A, o.B) : (o.B, o.A);
                mine.Add(new BlockedPair(subjects[o.A].Id, subjects[o.B].Id, explain, small, large));
            }
            return mine;
        });
        var result = new List<BlockedPair>(found.Sum(f => f.Count));
        foreach (var f in found)
        {
            result.AddRange(f);
        }
        clock.Mark(DetectionStep.LookAlikes, result.Count);
        return result;
    }

    // Whether some meaning in both sorted sets is worded with different guards on each side.
    private static bool GuardsDiffer(int[] a, int[] aSignatures, int[] b, int[] bSignatures)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                if (aSignatures[i] != bSignatures[j])
                {
                    return true;
                }
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return false;
    }

    // Times the steps of one detection: wall time, the process's processor time and its allocations since the last mark.
    private sealed class PhaseClock
    {
        private readonly System.Diagnostics.Stopwatch _wall = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan _cpu = Environment.CpuUsage.TotalTime;
        private long _allocated = GC.GetTotalAllocatedBytes();
        private TimeSpan _paused = GC.GetTotalPauseDuration();
        private TimeSpan _last;

        public List<DetectionPhase> Phases { get; } = [];

        public void Mark(DetectionStep step, long count)
        {
            var wall = _wall.Elapsed;
            var cpu = Environment.CpuUsage.TotalTime;
            var allocated = GC.GetTotalAllocatedBytes();
            var paused = GC.GetTotalPauseDuration();
            Phases.Add(new DetectionPhase(step, wall - _last, cpu - _cpu, allocated - _allocated, count, paused - _paused));
            _last = wall;
            _paused = paused;
            _cpu = cpu;
            _allocated = allocated;
        }
    }

    // Runs work over [0, count) in slices, several at once, and returns each slice's result in slice order, so joining
    // them gives what one loop would. Enough slices to keep every core busy, none so small that starting it costs more
    // than it saves.
    private static T[] InOrderedSlices<T>(int count, Func<int, int, T> work)
    {
        var slices = Math.Max(1, Math.Min(count / 2048, Environment.ProcessorCount * 8));
        var results = new T[slices];
        Parallel.For(0, slices, slice =>
            results[slice] = work((int)((long)count * slice / slices), (int)((long)count * (slice + 1) / slices)));
        return results;
    }

    private static long PairKey(int a, int b) => ((long)a << 32) | (uint)b;

    private static bool Intersects(List<int> a, List<int> b)
    {
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            if (a[i] == b[j])
            {
                return true;
            }
            if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return false;
    }

    private static bool IsCollectionTerm(string guard) =>
        guard.StartsWith("threshold: ", StringComparison.Ordinal) || guard.StartsWith("disease: ", StringComparison.Ordinal);

    private static string Term(string guard) => guard[(guard.IndexOf(':', StringComparison.Ordinal) + 2)..];

    private static string Explain(List<ItemMatch> matched)
    {
        var shown = matched.Where(m => m.Kind != ItemMatchKind.Same).ToList();
        if (shown.Count == 0)
        {
            return "";
        }
        return "; matched by meaning: " + string.Join(", ", shown.Select(m => m.Kind == ItemMatchKind.Similar
            ? string.Create(CultureInfo.InvariantCulture, $"'{m.ItemA}' ≈ '{m.ItemB}' ({m.Similarity:0.00})")
            : $"'{m.ItemA}' = '{m.ItemB}' (same canonical form)"));
    }

    /// <summary>Word-set Jaccard similarity of two titles, ignoring noise words (URGENT, request, return, FW/RE).</summary>
    public static double TitleSimilarity(string a, string b) => TitleSimilarity(TitleWords(a), TitleWords(b));

    private static double TitleSimilarity(HashSet<string> x, HashSet<string> y)
    {
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
