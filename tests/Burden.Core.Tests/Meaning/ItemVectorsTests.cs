using Burden.Core.Meaning;

namespace Burden.Core.Tests.Meaning;

/// <summary>The dot product every soft match and the duplicate bench's 150 million comparisons rest on.</summary>
public sealed class ItemVectorsTests
{
    public static TheoryData<int> Lengths => new() { 384, 13, 8, 1, 0, 40 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_AnyLength_EqualsTheSumOfProductsInDoublePrecision(int length)
    {
        var random = new Random(length + 7);
        var a = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var expected = a.Zip(b).Sum(p => (double)p.First * p.Second);

        Assert.Equal(expected, ItemVectors.Dot(a, b), 4);
        Assert.Equal(ItemVectors.Dot(a, b), ItemVectors.Similarity(a, b));
    }

    [Fact]
    public void Similarity_SameUnitVector_IsOne()
    {
        var v = Enumerable.Range(1, 384).Select(i => (float)Math.Sin(i)).ToArray();
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        var unit = v.Select(x => x / norm).ToArray();

        Assert.Equal(1f, ItemVectors.Similarity(unit, unit), 5);
    }

    [Fact]
    public void Dot_DifferentLengths_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ItemVectors.Dot(new float[384], new float[383]));

        Assert.Contains("384 and 383 dimensions", e.Message, StringComparison.Ordinal);
    }
}
