using Burden.Worker.Meaning;

namespace Burden.Worker.Tests.Meaning;

public sealed class OnnxTextEncoderTests
{
    [Theory]
    [InlineData(OnnxTextEncoder.MiniLm)]
    [InlineData(OnnxTextEncoder.ArcticXs)]
    public void Encode_Paraphrase_IsCloserThanUnrelatedMeasure(string model)
    {
        using var encoder = OnnxTextEncoder.Load(model);

        var v = encoder.Encode(["Cancelled elective operations", "Cancelled operations", "Staff sickness absence rate"]);

        Assert.Equal(3, v.Count);
        Assert.All(v, x => Assert.Equal(encoder.Dimensions, x.Length));
        Assert.All(v, x => Assert.Equal(1.0, Math.Sqrt(x.Sum(f => (double)f * f)), 3));
        Assert.True(Dot(v[0], v[1]) > Dot(v[0], v[2]) + 0.05, $"{model}: paraphrase {Dot(v[0], v[1]):0.00}, unrelated {Dot(v[0], v[2]):0.00}");
        Assert.False(string.IsNullOrWhiteSpace(encoder.ModelVersion));
    }

    [Fact]
    public void Encode_MoreTextsThanOneBatch_ReturnsOneVectorPerTextInOrder()
    {
        using var encoder = OnnxTextEncoder.Load();
        var texts = Enumerable.Range(0, 300).Select(i => $"measure number {i}").ToList();

        var all = encoder.Encode(texts);
        var last = encoder.Encode([texts[^1]]);

        Assert.Equal(300, all.Count);
        Assert.Equal(1.0, Dot(all[^1], last[0]), 4);
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
