using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Duplicates;
using Burden.Core.Meaning;

namespace Burden.Core.Tests.Duplicates;

public class DuplicateDetectorLookAlikeTests
{
    private const double Containment = 0.6;
    private const int MinShared = 2;
    private const double ItemSimilarity = 0.9;

    private static readonly string[] Procedures =
    [
        "hip replacement", "knee replacement", "cataract surgery", "hernia repair", "tonsillectomy", "colonoscopy", "endoscopy",
        "MRI scan", "CT scan", "echocardiogram", "hearing test", "sleep study", "skin biopsy", "varicose vein surgery",
        "gallbladder removal", "carpal tunnel release", "bunion surgery", "cystoscopy", "angiogram", "spinal surgery",
    ];

    private static readonly string[] Thresholds = ["over 18 weeks", "over 52 weeks", "over 65 weeks", "over 104 weeks"];

    private static readonly string[] Titles = ["Elective recovery return", "Waiting list position", "Diagnostics waiting times", "Long waiters request", "Elective waiting list"];

    [Fact]
    public void Detect_ManyThresholdLookAlikes_BlockedAndPairsEqualTheSingleLoopReference()
    {
        // Collections in families that ask about the same procedures with different waiting thresholds: the same item pairs
        // recur across many collection pairs and the look-alike join returns far more pairs than one slice holds, so the
        // sliced, cached pass must give the single loop's Blocked list, in its order, word for word.
        var (subjects, vectors) = Catalogue(3_000, seed: 9);
        var detector = new DuplicateDetector(AnalysisReference.Shipped.Measures, Containment, MinShared, ItemSimilarity);

        var findings = detector.Detect(subjects, vectors);
        var (pairs, blocked) = new Reference(AnalysisReference.Shipped.Measures).Detect(subjects, vectors);

        var lookAlikes = blocked.Count(b => b.Reason.Contains(" looks like ", StringComparison.Ordinal));
        Assert.True(lookAlikes > 10_000, $"only {lookAlikes} look-alike pairs: the catalogue does not exercise several slices");
        Assert.Contains(blocked, b => b.Reason.Contains(" asks about ", StringComparison.Ordinal));
        Assert.NotEmpty(pairs);
        Assert.Equal(blocked.Count, findings.Blocked.Count);
        for (var i = 0; i < blocked.Count; i++)
        {
            Assert.Equal(blocked[i], findings.Blocked[i]);
        }
        Assert.Equal(pairs.Select(p => (p.A, p.B, p.Score, p.Reason)), findings.Pairs.Select(p => (p.A, p.B, p.Score, p.Reason)));
    }

    private static (List<DuplicateSubject> Subjects, ItemVectors Vectors) Catalogue(int count, int seed)
    {
        var random = new Random(seed);
        var reader = AnalysisReference.Shipped.Measures;
        var dims = Procedures.Length + Thresholds.Length;
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        string Item(int p, int t)
        {
            var item = t < 0 ? $"Patients on the waiting list for {Procedures[p]}" : $"Patients waiting {Thresholds[t]} for {Procedures[p]}";
            // Variants of one procedure point the same way, a little apart (similarity 0.96 to 0.99); procedures are orthogonal.
            var v = new float[dims];
            v[p] = 1f;
            if (t >= 0)
            {
                v[Procedures.Length + t] = 0.1f + 0.02f * (p % 5);
            }
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            vectors[reader.Read(item).Text] = [.. v.Select(x => x / norm)];
            return item;
        }
        var families = Enumerable.Range(0, count / 10)
            .Select(_ => Enumerable.Range(0, Procedures.Length).OrderBy(_ => random.Next()).Take(6).ToArray())
            .ToArray();
        var subjects = new List<DuplicateSubject>();
        for (var s = 0; s < count; s++)
        {
            var family = families[random.Next(families.Length)];
            var items = new List<string>();
            foreach (var p in family)
            {
                if (random.Next(6) == 0)
                {
                    continue;
                }
                items.Add(Item(p, random.Next(3) == 0 ? -1 : random.Next(Thresholds.Length)));
            }
            subjects.Add(new DuplicateSubject($"C{s:D5}", Titles[random.Next(Titles.Length)], random.Next(2) == 0 ? Frequency.Monthly : Frequency.AdHoc, items, false, false));
        }
        return (subjects, new ItemVectors("test", "1", vectors));
    }

    // The detector's pairs and blocked pairs as written before the look-alike pass was sliced and cached (commit 20d10db),
    // kept word for word as the reference.
    private sealed class Reference(MeasureReader reader)
    {
        private readonly MeasureReader _reader = reader;
        private readonly ItemSetJoin _join = new(Containment, MinShared);
        private readonly double _similarity = ItemSimilarity;

        public (List<DuplicatePairResult> Pairs, List<BlockedPair> Blocked) Detect(IReadOnlyList<DuplicateSubject> subjects, ItemVectors? vectors)
        {
            ArgumentNullException.ThrowIfNull(subjects);
            var keyIds = new Dictionary<string, int>(StringComparer.Ordinal);
            var measures = new List<MeasureText>();
            var weights = new List<int>();
            var itemsOf = new List<(int Id, string Name)>[subjects.Count];
            // Items repeat across collections (the same SitRep line in many returns): read each distinct text once.
            var readOf = new Dictionary<string, MeasureText>(StringComparer.Ordinal);
            for (var s = 0; s < subjects.Count; s++)
            {
                var mine = new List<(int, string)>();
                var ids = new HashSet<int>();
                foreach (var item in subjects[s].Items)
                {
                    if (!readOf.TryGetValue(item, out var m))
                    {
                        m = _reader.Read(ItemNormaliser.StripExplicitClass(item));
                        readOf[item] = m;
                    }
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
            var index = ItemMeaningIndex.Build(measures, itemVectors, weights, _similarity, false, (a, b) => Intersects(holders[a], holders[b]));
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

            var pairs = new List<(int A, int B, DuplicatePairResult Pair)>();
            var blocked = new List<BlockedPair>();
            var considered = new HashSet<(int, int)>();
            foreach (var o in _join.Join(strictSets))
            {
                considered.Add((o.A, o.B));
                var (small, large) = strictSets[o.A].Length <= strictSets[o.B].Length ? (o.A, o.B) : (o.B, o.A);
                var missing = terms[small].Where(t => !terms[large].Contains(t)).Select(Term).Order(StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                {
                    var theirs = terms[large].Where(t => !terms[small].Contains(t)).Select(Term).Order(StringComparer.Ordinal).ToList();
                    blocked.Add(new BlockedPair(subjects[o.A].Id, subjects[o.B].Id,
                        $"'{subjects[small].Title}' asks about {string.Join(", ", missing)}" + (theirs.Count > 0 ? $" where '{subjects[large].Title}' asks about {string.Join(", ", theirs)}" : $", which '{subjects[large].Title}' does not") + ": different measures"));
                    continue;
                }
                var containment = (double)o.Shared / strictSets[small].Length;
                var jaccard = (double)o.Shared / (strictSets[o.A].Length + strictSets[o.B].Length - o.Shared);
                var title = DuplicateDetector.TitleSimilarity(subjects[o.A].Title, subjects[o.B].Title);
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
                pairs.Add((o.A, o.B, new DuplicatePairResult(subjects[o.A].Id, subjects[o.B].Id, Round(containment), Round(jaccard), Round(title), Round(score), [.. matched.Select(m => m.ItemA)], reason)
                {
                    MatchedItems = small == o.A ? matched : [.. matched.Select(m => m with { ItemA = m.ItemB, ItemB = m.ItemA })],
                }));
            }

            // Look-alikes: pairs that would match if guards were ignored. They are kept apart, and say why.
            if (vectors is not null)
            {
                foreach (var o in _join.Join(looseSets))
                {
                    if (!considered.Add((o.A, o.B)))
                    {
                        continue;
                    }
                    var (small, large) = looseSets[o.A].Length <= looseSets[o.B].Length ? (o.A, o.B) : (o.B, o.A);
                    var lookAlikes = new List<string>();
                    foreach (var (meaning, mineId) in looseItem[small])
                    {
                        if (looseItem[large].TryGetValue(meaning, out var theirId) && measures[mineId].Signature != measures[theirId].Signature)
                        {
                            lookAlikes.Add(string.Create(CultureInfo.InvariantCulture,
                                $"'{measures[mineId].Item}' ≈ '{measures[theirId].Item}' ({Similarity(mineId, theirId):0.00}) but {measures[mineId].GuardDifference(measures[theirId])}"));
                        }
                    }
                    if (lookAlikes.Count > 0)
                    {
                        blocked.Add(new BlockedPair(subjects[o.A].Id, subjects[o.B].Id,
                            $"'{subjects[small].Title}' looks like '{subjects[large].Title}': {string.Join("; ", lookAlikes)}: different measures"));
                    }
                }
            }

            pairs.Sort((x, y) => y.Pair.Score != x.Pair.Score ? y.Pair.Score.CompareTo(x.Pair.Score)
                : string.CompareOrdinal(x.Pair.A, y.Pair.A) is var byA and not 0 ? byA : string.CompareOrdinal(x.Pair.B, y.Pair.B));
            return ([.. pairs.Select(p => p.Pair)], blocked);
        }

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

        private static double Round(double x) => Math.Round(x, 3);
    }
}
