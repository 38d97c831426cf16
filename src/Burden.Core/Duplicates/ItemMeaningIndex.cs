using Burden.Core.Meaning;

namespace Burden.Core.Duplicates;

/// <summary>Groups distinct items that mean the same measure: same canonical key, or similar enough with every guard agreeing.</summary>
/// <remarks>
/// Candidates: every pair when there are few items; otherwise random-hyperplane locality-sensitive hashing of the unit
/// vectors (<see cref="Tables"/> tables of <see cref="Bits"/> bits: a pair at cosine 0.85 shares a bucket in at least one
/// table with probability 0.97), so items far apart in meaning are never compared. Every candidate is verified exactly
/// (cosine ≥ threshold). Grouping is by leader: items are taken most widely used first; an item joins the most similar
/// leader it passes the threshold with, else leads a group of its own, so every member is within the threshold of its
/// leader and groups never chain. <see cref="Strict"/> groups require equal guards (thresholds, population, service,
/// disease); <see cref="Loose"/> groups ignore guards and serve only to explain look-alikes that were kept apart.
/// Two items one collection lists side by side ("staff eligible", "staff who declined") are never joined by similarity:
/// the collection itself says they are different figures (wordings with one canonical key still count once).
/// </remarks>
public sealed class ItemMeaningIndex
{
    /// <summary>Bits per hash table.</summary>
    public const int Bits = 10;

    /// <summary>Hash tables.</summary>
    public const int Tables = 24;

    /// <summary>Up to this many items, every pair is compared.</summary>
    public const int AllPairsUpTo = 2_500;

    private readonly List<(int Other, float Similarity)>[] _neighbours;

    private ItemMeaningIndex(int[] strict, int[] loose, List<(int, float)>[] neighbours, long compared)
    {
        Strict = strict;
        Loose = loose;
        _neighbours = neighbours;
        Compared = compared;
    }

    /// <summary>Group (leader index) of each item, guards respected.</summary>
    public IReadOnlyList<int> Strict { get; }

    /// <summary>Group (leader index) of each item, guards ignored.</summary>
    public IReadOnlyList<int> Loose { get; }

    /// <summary>Item pairs whose similarity was computed.</summary>
    public long Compared { get; }

    /// <summary>Verified neighbours of item <paramref name="i"/> (similarity at or above the threshold).</summary>
    public IReadOnlyList<(int Other, float Similarity)> Neighbours(int i) => _neighbours[i];

    /// <summary>Builds the index.</summary>
    /// <param name="items">Distinct items (by canonical key).</param>
    /// <param name="vectors">Unit vector per item, or null where none (such an item matches on its key only).</param>
    /// <param name="weights">Collections holding each item: the most widely used wording leads its group.</param>
    /// <param name="threshold">Cosine similarity at or above which two items may match.</param>
    /// <param name="allPairs">Compare every pair whatever the count (the exact reference).</param>
    /// <param name="together">True for two items that one collection lists separately: never one measure by similarity alone.</param>
    public static ItemMeaningIndex Build(IReadOnlyList<MeasureText> items, IReadOnlyList<float[]?> vectors, IReadOnlyList<int> weights, double threshold, bool allPairs = false, Func<int, int, bool>? together = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(weights);
        var n = items.Count;
        var signatures = new int[n];
        var sigIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (!sigIds.TryGetValue(items[i].Signature, out var id))
            {
                id = sigIds.Count;
                sigIds.Add(items[i].Signature, id);
            }
            signatures[i] = id;
        }
        var withVector = Enumerable.Range(0, n).Where(i => vectors[i] is not null).ToArray();
        var found = new List<(int, float)>[n];
        for (var i = 0; i < n; i++)
        {
            found[i] = [];
        }
        long compared = 0;
        var t = (float)threshold;
        if (withVector.Length > 1)
        {
            compared = allPairs || withVector.Length <= AllPairsUpTo
                ? CompareAll(withVector, vectors, t, found)
                : CompareHashed(withVector, vectors, t, found);
        }
        var neighbours = new List<(int, float)>[n];
        for (var i = 0; i < n; i++)
        {
            neighbours[i] = [];
        }
        for (var i = 0; i < n; i++)
        {
            foreach (var (j, s) in found[i])
            {
                if (together is not null && together(i, j))
                {
                    continue;
                }
                neighbours[i].Add((j, s));
                neighbours[j].Add((i, s));
            }
        }
        var order = Enumerable.Range(0, n).OrderByDescending(i => weights[i]).ThenBy(i => i).ToArray();
        var strict = Lead(order, neighbours, (a, b) => signatures[a] == signatures[b]);
        var loose = Lead(order, neighbours, (_, _) => true);
        return new ItemMeaningIndex(strict, loose, neighbours, compared);
    }

    private static int[] Lead(int[] order, List<(int Other, float Similarity)>[] neighbours, Func<int, int, bool> compatible)
    {
        var leader = new int[order.Length];
        Array.Fill(leader, -1);
        foreach (var i in order)
        {
            var best = -1;
            var bestSimilarity = float.MinValue;
            foreach (var (j, s) in neighbours[i])
            {
                // Only an item already placed can lead, and only if it leads its own group.
                if (leader[j] == j && s > bestSimilarity && compatible(i, j))
                {
                    best = j;
                    bestSimilarity = s;
                }
            }
            leader[i] = best >= 0 ? best : i;
        }
        return leader;
    }

    private static long CompareAll(int[] ids, IReadOnlyList<float[]?> vectors, float t, List<(int, float)>[] found)
    {
        Parallel.For(0, ids.Length, x =>
        {
            var a = vectors[ids[x]]!;
            for (var y = x + 1; y < ids.Length; y++)
            {
                var s = ItemVectors.Similarity(a, vectors[ids[y]]!);
                if (s >= t)
                {
                    found[ids[x]].Add((ids[y], s));
                }
            }
        });
        return (long)ids.Length * (ids.Length - 1) / 2;
    }

    private static long CompareHashed(int[] ids, IReadOnlyList<float[]?> vectors, float t, List<(int, float)>[] found)
    {
        var dim = vectors[ids[0]]!.Length;
        // A fixed seed: the same items always give the same candidates.
        var random = new Random(20221130);
        var planes = new float[Tables * Bits][];
        for (var p = 0; p < planes.Length; p++)
        {
            planes[p] = new float[dim];
            for (var d = 0; d < dim; d++)
            {
                // Box-Muller: Gaussian components give directions uniform on the sphere.
                planes[p][d] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }
        }
        var codes = new int[ids.Length * Tables];
        Parallel.For(0, ids.Length, x =>
        {
            var v = vectors[ids[x]]!;
            for (var table = 0; table < Tables; table++)
            {
                var code = 0;
                for (var b = 0; b < Bits; b++)
                {
                    if (ItemVectors.Similarity(planes[table * Bits + b], v) >= 0)
                    {
                        code |= 1 << b;
                    }
                }
                codes[x * Tables + table] = code;
            }
        });
        var buckets = new Dictionary<int, List<int>>[Tables];
        for (var table = 0; table < Tables; table++)
        {
            var map = new Dictionary<int, List<int>>();
            for (var x = 0; x < ids.Length; x++)
            {
                var code = codes[x * Tables + table];
                if (!map.TryGetValue(code, out var list))
                {
                    list = [];
                    map.Add(code, list);
                }
                list.Add(x);
            }
            buckets[table] = map;
        }
        long compared = 0;
        using var seenPerThread = new ThreadLocal<int[]>(() =>
        {
            var a = new int[ids.Length];
            Array.Fill(a, -1);
            return a;
        });
        Parallel.For(0, ids.Length, () => 0L, (x, _, count) =>
        {
            var seen = seenPerThread.Value!;
            var a = vectors[ids[x]]!;
            for (var table = 0; table < Tables; table++)
            {
                foreach (var y in buckets[table][codes[x * Tables + table]])
                {
                    if (y <= x || seen[y] == x)
                    {
                        continue;
                    }
                    seen[y] = x;
                    count++;
                    var s = ItemVectors.Similarity(a, vectors[ids[y]]!);
                    if (s >= t)
                    {
                        found[ids[x]].Add((ids[y], s));
                    }
                }
            }
            return count;
        }, count => Interlocked.Add(ref compared, count));
        return compared;
    }
}
