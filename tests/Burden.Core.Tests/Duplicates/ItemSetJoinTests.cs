using Burden.Core.Duplicates;

namespace Burden.Core.Tests.Duplicates;

public class ItemSetJoinTests
{
    [Theory]
    [InlineData(1, 0.6, 2)]
    [InlineData(2, 0.5, 1)]
    [InlineData(3, 0.8, 2)]
    [InlineData(4, 1.0, 3)]
    public void Join_RandomSets_EqualsAllPairs(int seed, double threshold, int minShared)
    {
        var random = new Random(seed);
        var sets = Enumerable.Range(0, 400).Select(_ => Enumerable.Range(0, random.Next(1, 9)).Select(_ => random.Next(0, 60)).Distinct().ToArray()).ToList();
        var join = new ItemSetJoin(threshold, minShared);

        var fast = join.Join(sets).OrderBy(p => p.A).ThenBy(p => p.B).ToList();
        var exact = join.JoinAllPairs(sets).OrderBy(p => p.A).ThenBy(p => p.B).ToList();

        Assert.NotEmpty(exact);
        Assert.Equal(exact, fast);
    }

    [Fact]
    public void Join_ManySetsProbedInParallelSlices_EqualsAllPairsAndRepeatsItsOrder()
    {
        // Over a thousand sets the probe runs in slices on several threads: no pair may be lost, doubled or reordered.
        var random = new Random(7);
        var sets = Enumerable.Range(0, 3_000).Select(_ => Enumerable.Range(0, random.Next(1, 9)).Select(_ => random.Next(0, 400)).Distinct().ToArray()).ToList();
        var join = new ItemSetJoin(0.6, 2);

        var first = join.Join(sets);
        var second = join.Join(sets);
        var exact = join.JoinAllPairs(sets).OrderBy(p => p.A).ThenBy(p => p.B).ToList();

        Assert.True(exact.Count > 100, $"only {exact.Count} qualifying pairs");
        Assert.Equal(exact, first.OrderBy(p => p.A).ThenBy(p => p.B).ToList());
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(0.6, 2, 3, 2)]
    [InlineData(0.6, 2, 10, 6)]
    [InlineData(0.6, 2, 1, 2)]
    [InlineData(1.0, 1, 4, 4)]
    public void Required_SmallerSetSize_GivesSharedItemsNeeded(double threshold, int minShared, int size, int expected)
    {
        Assert.Equal(expected, new ItemSetJoin(threshold, minShared).Required(size));
    }
}
