namespace Burden.Core.Duplicates;

/// <summary>Two item sets that share enough items, by index.</summary>
/// <param name="A">Index of one set.</param>
/// <param name="B">Index of the other (A &lt; B).</param>
/// <param name="Shared">Items in both.</param>
public readonly record struct ItemSetOverlap(int A, int B, int Shared);

/// <summary>Finds every pair of item sets whose containment (shared / size of the smaller) reaches a threshold.</summary>
/// <remarks>
/// <see cref="Join"/> uses prefix filtering over an inverted index: items are ordered rarest first, and a set of size s
/// that must share r = max(minShared, ⌈threshold × s⌉) items with a set at least as large can only do so if one of its
/// first s − r + 1 items is shared. Only sets found through those prefix items are verified exactly (sorted merge), so
/// the result equals the all-pairs result (<see cref="JoinAllPairs"/>) while touching few pairs.
/// </remarks>
public sealed class ItemSetJoin
{
    private readonly double _threshold;
    private readonly int _minShared;

    /// <summary>Creates a join for a containment threshold and a fewest-shared-items floor.</summary>
    public ItemSetJoin(double containmentThreshold, int minShared)
    {
        if (containmentThreshold is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(containmentThreshold));
        }
        _threshold = containmentThreshold;
        _minShared = Math.Max(1, minShared);
    }

    /// <summary>Items the smaller of two sets of these sizes must share.</summary>
    public int Required(int smallerSize) => Math.Max(_minShared, (int)Math.Ceiling(_threshold * smallerSize - 1e-9));

    /// <summary>Every qualifying pair, via the inverted index. Each set holds distinct item ids.</summary>
    public IReadOnlyList<ItemSetOverlap> Join(IReadOnlyList<int[]> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var frequency = new Dictionary<int, int>();
        foreach (var set in sets)
        {
            foreach (var item in set)
            {
                frequency[item] = frequency.GetValueOrDefault(item) + 1;
            }
        }
        // Rank items rarest first; sets are rewritten in rank space so the prefix is the rarest items and merges are on ints.
        var ranked = frequency.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key).ToArray();
        var rank = new Dictionary<int, int>(ranked.Length);
        for (var i = 0; i < ranked.Length; i++)
        {
            rank[ranked[i]] = i;
        }
        // Every set's ranks, sorted, side by side in one array (set s at offsets[s]..offsets[s + 1]), and each item's postings
        // (the sets holding it, ascending) likewise: a probe walks postings in set order and so reads the sets in memory order.
        var offsets = new int[sets.Count + 1];
        for (var s = 0; s < sets.Count; s++)
        {
            offsets[s + 1] = offsets[s] + sets[s].Length;
        }
        var flat = new int[offsets[^1]];
        var postingStarts = new int[ranked.Length + 1];
        for (var s = 0; s < sets.Count; s++)
        {
            var r = flat.AsSpan(offsets[s], sets[s].Length);
            for (var i = 0; i < r.Length; i++)
            {
                r[i] = rank[sets[s][i]];
                postingStarts[r[i] + 1]++;
            }
            r.Sort();
        }
        for (var i = 0; i < ranked.Length; i++)
        {
            postingStarts[i + 1] += postingStarts[i];
        }
        var postings = new int[flat.Length];
        var next = postingStarts[..^1];
        for (var s = 0; s < sets.Count; s++)
        {
            foreach (var item in flat.AsSpan(offsets[s], offsets[s + 1] - offsets[s]))
            {
                postings[next[item]++] = s;
            }
        }
        var joined = new Flat(flat, offsets, postings, postingStarts);

        // The sets are probed in slices, two or more at once; each slice keeps its pairs in probe order and the slices are
        // joined in order, so the result is the same list, in the same order, as one thread gives.
        var slices = Math.Max(1, Math.Min(sets.Count / 512, Environment.ProcessorCount * 8));
        var found = new List<ItemSetOverlap>[slices];
        using var seenPerThread = new ThreadLocal<(int[] Seen, int[] Mine)>(() =>
        {
            var seen = new int[sets.Count];
            Array.Fill(seen, -1);
            var mine = new int[ranked.Length];
            Array.Fill(mine, -1);
            return (seen, mine);
        });
        Parallel.For(0, slices, slice =>
        {
            var (seen, marks) = seenPerThread.Value;
            var mine = new List<ItemSetOverlap>();
            var end = (int)((long)sets.Count * (slice + 1) / slices);
            for (var x = (int)((long)sets.Count * slice / slices); x < end; x++)
            {
                Probe(x, joined, seen, marks, mine);
            }
            found[slice] = mine;
        });
        var result = new List<ItemSetOverlap>(found.Sum(f => f.Count));
        foreach (var f in found)
        {
            result.AddRange(f);
        }
        return result;
    }

    // The sets in rank space and the postings, each as one array with offsets.
    private sealed record Flat(int[] Items, int[] Offsets, int[] Postings, int[] PostingStarts)
    {
        public ReadOnlySpan<int> Set(int s) => Items.AsSpan(Offsets[s], Offsets[s + 1] - Offsets[s]);

        public int Size(int s) => Offsets[s + 1] - Offsets[s];

        public ReadOnlySpan<int> Holders(int item) => Postings.AsSpan(PostingStarts[item], PostingStarts[item + 1] - PostingStarts[item]);
    }

    // Verifies set x against every larger set found through x's prefix items.
    // marks[item] == x says x holds the item, so a candidate's overlap is counted in one pass over its own items.
    private void Probe(int x, Flat sets, int[] seen, int[] marks, List<ItemSetOverlap> result)
    {
        var xs = sets.Set(x);
        var required = Required(xs.Length);
        if (xs.Length < required)
        {
            return;
        }
        foreach (var item in xs)
        {
            marks[item] = x;
        }
        var prefix = xs.Length - required + 1;
        for (var p = 0; p < prefix; p++)
        {
            foreach (var y in sets.Holders(xs[p]))
            {
                // x is the smaller set of the pair (ties broken by index), so each pair is verified once.
                if (y == x || seen[y] == x || !IsSmaller(xs.Length, x, sets.Size(y), y))
                {
                    continue;
                }
                seen[y] = x;
                var shared = Marked(sets.Set(y), marks, x, required);
                if (shared >= required)
                {
                    result.Add(new ItemSetOverlap(Math.Min(x, y), Math.Max(x, y), shared));
                }
            }
        }
    }

    /// <summary>Every qualifying pair by checking all pairs: the reference the index is measured against.</summary>
    public IReadOnlyList<ItemSetOverlap> JoinAllPairs(IReadOnlyList<int[]> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var sorted = sets.Select(s => s.Order().ToArray()).ToArray();
        var result = new List<ItemSetOverlap>();
        for (var a = 0; a < sorted.Length; a++)
        {
            for (var b = a + 1; b < sorted.Length; b++)
            {
                var required = Required(Math.Min(sorted[a].Length, sorted[b].Length));
                var shared = Overlap(sorted[a], sorted[b]);
                if (shared >= required)
                {
                    result.Add(new ItemSetOverlap(a, b, shared));
                }
            }
        }
        return result;
    }

    private static bool IsSmaller(int sizeX, int x, int sizeY, int y) => sizeX < sizeY || (sizeX == sizeY && x < y);

    // Items of ys marked as x's; stops early (returning less than required) once the rest cannot reach required.
    private static int Marked(ReadOnlySpan<int> ys, int[] marks, int x, int required)
    {
        var n = 0;
        for (var i = 0; i < ys.Length; i++)
        {
            if (marks[ys[i]] == x)
            {
                n++;
            }
            else if (n + ys.Length - i - 1 < required)
            {
                return n;
            }
        }
        return n;
    }

    private static int Overlap(int[] a, int[] b)
    {
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                n++;
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
        return n;
    }
}
