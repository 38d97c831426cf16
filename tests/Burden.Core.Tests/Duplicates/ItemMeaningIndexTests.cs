using Burden.Core.Duplicates;
using Burden.Core.Meaning;

namespace Burden.Core.Tests.Duplicates;

public class ItemMeaningIndexTests
{
    [Fact]
    public void Build_MoreItemsThanAllPairsLimit_HashedNeighboursAreExactAndFindEveryNearCopy()
    {
        // Past AllPairsUpTo items the index compares only pairs that share a hash bucket, bucket by bucket. Every pair it
        // reports must be one the exact all-pairs run reports with the same similarity, and near copies must all be found.
        var random = new Random(11);
        const int originals = 1_400;
        var vectors = new List<float[]?>();
        for (var i = 0; i < originals; i++)
        {
            vectors.Add(Unit([.. Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() - 0.5))]));
        }
        for (var i = 0; i < originals; i++)
        {
            vectors.Add(Unit([.. vectors[i]!.Select(v => v + (float)((random.NextDouble() - 0.5) * 0.01))]));
        }
        var items = vectors.Select((_, i) => new MeasureText($"item {i}", $"item {i}", $"item_{i}", [], [])).ToList();
        var weights = items.Select(_ => 1).ToList();
        Assert.True(items.Count > ItemMeaningIndex.AllPairsUpTo);

        var hashed = ItemMeaningIndex.Build(items, vectors, weights, 0.7);
        var exact = ItemMeaningIndex.Build(items, vectors, weights, 0.7, allPairs: true);

        Assert.True(hashed.Compared < exact.Compared / 10, $"hashed compared {hashed.Compared:N0} of {exact.Compared:N0} pairs");
        for (var i = 0; i < items.Count; i++)
        {
            var expected = exact.Neighbours(i).ToDictionary(n => n.Other, n => n.Similarity);
            Assert.All(hashed.Neighbours(i), n => Assert.Equal(expected[n.Other], n.Similarity));
        }
        for (var i = 0; i < originals; i++)
        {
            Assert.Contains(hashed.Neighbours(i), n => n.Other == originals + i);
            Assert.Equal(hashed.Strict[i], hashed.Strict[originals + i]);
        }
    }

    private static float[] Unit(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return [.. v.Select(x => x / norm)];
    }
}
