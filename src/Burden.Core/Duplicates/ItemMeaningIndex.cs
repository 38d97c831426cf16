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

    // Bucket members compared tile against tile: two tiles of 384-float vectors (2 x 48 KiB) fit a core's cache.
    private const int Tile = 32;

    private readonly List<(int Other, float Similarity)>[] _neighbours;

    private ItemMeaningIndex(int[] strict, int[] loose, List<(int, float)>[] neighbours, long compared, long verified)
    {
        Verified = verified;
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

    /// <summary>Compared pairs at or above the threshold (before the side-by-side rule).</summary>
    public long Verified { get; }

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
        // Which verified pairs one collection lists side by side (a pure test, so asked two or more at once), then each item's
        // neighbours in the order one loop over the pairs adds them, every list made at its final size.
        var apart = new bool[n][];
        Parallel.For(0, n, i =>
        {
            var mine = new bool[found[i].Count];
            for (var k = 0; k < mine.Length; k++)
            {
                mine[k] = together is not null && together(i, found[i][k].Item1);
            }
            apart[i] = mine;
        });
        var degree = new int[n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < found[i].Count; k++)
            {
                if (!apart[i][k])
                {
                    degree[i]++;
                    degree[found[i][k].Item1]++;
                }
            }
        }
        var neighbours = new List<(int, float)>[n];
        for (var i = 0; i < n; i++)
        {
            neighbours[i] = new List<(int, float)>(degree[i]);
        }
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < found[i].Count; k++)
            {
                if (apart[i][k])
                {
                    continue;
                }
                var (j, s) = found[i][k];
                neighbours[i].Add((j, s));
                neighbours[j].Add((i, s));
            }
        }
        var order = Enumerable.Range(0, n).OrderByDescending(i => weights[i]).ThenBy(i => i).ToArray();
        var strict = Lead(order, neighbours, (a, b) => signatures[a] == signatures[b]);
        var loose = Lead(order, neighbours, (_, _) => true);
        return new ItemMeaningIndex(strict, loose, neighbours, compared, found.Sum(f => (long)f.Count));
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
        // Every bucket of every table, members in ascending order. A pair sharing buckets in several tables is compared
        // in the first of them only, so each candidate pair is verified once.
        var buckets = new List<int[]>();
        var bucketTable = new List<int>();
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
            foreach (var list in map.Values.Where(l => l.Count > 1))
            {
                buckets.Add([.. list]);
                bucketTable.Add(table);
            }
        }
        // Bucket by bucket, not item by item: a bucket's vectors are copied side by side once and every pair in it is
        // compared while they are in the cache (item by item, each candidate's vector was a fresh trip to memory).
        // Largest buckets first, so the threads finish together.
        var work = Enumerable.Range(0, buckets.Count).OrderByDescending(b => buckets[b].Length).ToArray();
        long compared = 0;
        var hits = new System.Collections.Concurrent.ConcurrentBag<List<(int X, int Y, int Table, float Similarity)>>();
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(work, loadBalance: true),
            () => (Hits: new List<(int, int, int, float)>(), Count: 0L, Block: Array.Empty<float>(), Codes: Array.Empty<int>()),
            (b, _, local) =>
            {
                var members = buckets[b];
                var table = bucketTable[b];
                if (local.Block.Length < members.Length * dim)
                {
                    local.Block = new float[members.Length * dim];
                }
                // The members' codes of the earlier tables, side by side too: every pair in the bucket asks them.
                if (local.Codes.Length < members.Length * table)
                {
                    local.Codes = new int[members.Length * table];
                }
                for (var m = 0; m < members.Length; m++)
                {
                    codes.AsSpan(members[m] * Tables, table).CopyTo(local.Codes.AsSpan(m * table, table));
                }
                for (var m = 0; m < members.Length; m++)
                {
                    vectors[ids[members[m]]]!.AsSpan().CopyTo(local.Block.AsSpan(m * dim, dim));
                }
                // Tile by tile: two tiles of vectors stay in the processor's cache while every pair between them is compared
                // (a large bucket's vectors do not fit). Every pair is still compared once, with the same arithmetic; the
                // hits are put in order below.
                for (var ti = 0; ti < members.Length; ti += Tile)
                {
                    var iEnd = Math.Min(members.Length, ti + Tile);
                    for (var tj = ti; tj < members.Length; tj += Tile)
                    {
                        var jEnd = Math.Min(members.Length, tj + Tile);
                        for (var i = ti; i < iEnd; i++)
                        {
                            var x = members[i];
                            var a = local.Block.AsSpan(i * dim, dim);
                            for (var j = Math.Max(tj, i + 1); j < jEnd; j++)
                            {
                                var y = members[j];
                                if (SharedEarlier(local.Codes.AsSpan(i * table, table), local.Codes.AsSpan(j * table, table)))
                                {
                                    continue;
                                }
                                local.Count++;
                                var s = ItemVectors.Dot(a, local.Block.AsSpan(j * dim, dim));
                                if (s >= t)
                                {
                                    local.Hits.Add((x, y, table, s));
                                }
                            }
                        }
                    }
                }
                return local;
            },
            local =>
            {
                hits.Add(local.Hits);
                Interlocked.Add(ref compared, local.Count);
            });
        // Each item's neighbours in the order an item-by-item scan meets them: by the first shared table, then by index.
        // Hits laid out item by item in one array (counted first, so nothing grows), each item's run then sorted.
        var starts = new int[ids.Length + 1];
        foreach (var list in hits)
        {
            foreach (var hit in list)
            {
                starts[hit.X + 1]++;
            }
        }
        for (var x = 0; x < ids.Length; x++)
        {
            starts[x + 1] += starts[x];
        }
        var byItem = new (int Table, int Y, float Similarity)[starts[^1]];
        var next = starts[..^1];
        foreach (var list in hits)
        {
            foreach (var (x, y, table, s) in list)
            {
                byItem[next[x]++] = (table, y, s);
            }
        }
        Parallel.For(0, ids.Length, x =>
        {
            var mine = byItem.AsSpan(starts[x], starts[x + 1] - starts[x]);
            mine.Sort((p, q) => p.Table != q.Table ? p.Table.CompareTo(q.Table) : p.Y.CompareTo(q.Y));
            var list = found[ids[x]];
            list.Capacity = mine.Length;
            foreach (var (_, y, s) in mine)
            {
                list.Add((ids[y], s));
            }
        });
        return compared;
    }

    // Whether two items' codes of the earlier tables agree in any table (their pair was compared there already).
    private static bool SharedEarlier(ReadOnlySpan<int> cx, ReadOnlySpan<int> cy)
    {
        for (var k = 0; k < cx.Length; k++)
        {
            if (cx[k] == cy[k])
            {
                return true;
            }
        }
        return false;
    }
}
