using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Duplicates;
using Burden.Core.Meaning;
using Burden.Core.Tests.Support;
using Burden.Worker.Meaning;
using Xunit.Abstractions;

namespace Burden.Worker.Tests.Meaning;

/// <summary>
/// Soft item matching measured on labelled item pairs from public NHS wording (item-pairs.tsv, each row with its source):
/// precision and recall of the vocabulary alone, the model alone, and both, for each bundled model and threshold.
/// Run with <c>--logger "console;verbosity=detailed"</c> to see the table the README quotes.
/// </summary>
[Collection(BundledModelsCollection.Name)]
public sealed class ItemPairCalibrationTests(BundledModels models, ITestOutputHelper output)
{
    internal sealed record LabelledPair(string A, string B, bool Same, string Kind, string Source);

    internal static IReadOnlyList<LabelledPair> Pairs()
    {
        var rows = new List<LabelledPair>();
        var lines = File.ReadAllLines(Repo.Path("tests", "Burden.Worker.Tests", "Meaning", "item-pairs.tsv"));
        foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)))
        {
            if (line.StartsWith('#') || line.StartsWith("a\t", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }
            var f = line.Split('\t');
            Assert.True(f.Length == 5 && f[2] is "0" or "1" && f[4].Length > 0, $"item-pairs.tsv line {number}: expected a, b, same (0/1), kind, source");
            rows.Add(new LabelledPair(f[0], f[1], f[2] == "1", f[3], f[4]));
        }
        return rows;
    }

    internal sealed record Scored(LabelledPair Pair, bool SameKey, bool SameGuards, float Similarity, float RawSimilarity);

    internal static List<Scored> Score(ITextEncoder encoder, IReadOnlyList<LabelledPair> pairs)
    {
        var reader = AnalysisReference.Shipped.Measures;
        var read = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().ToDictionary(t => t, reader.Read);
        var texts = read.Values.Select(m => m.Text).Concat(read.Keys).Distinct().ToList();
        var vectors = texts.Zip(encoder.Encode(texts)).ToDictionary(x => x.First, x => x.Second);
        return [.. pairs.Select(p =>
        {
            var (a, b) = (read[p.A], read[p.B]);
            return new Scored(p, a.Key == b.Key, a.Signature == b.Signature, ItemVectors.Similarity(vectors[a.Text], vectors[b.Text]), ItemVectors.Similarity(vectors[p.A], vectors[p.B]));
        })];
    }

    internal static (double Precision, double Recall, double F1) Measure(IEnumerable<(bool Predicted, bool Actual)> rows)
    {
        var list = rows.ToList();
        var tp = list.Count(r => r.Predicted && r.Actual);
        var fp = list.Count(r => r.Predicted && !r.Actual);
        var fn = list.Count(r => !r.Predicted && r.Actual);
        var p = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
        var r = tp + fn == 0 ? 1 : (double)tp / (tp + fn);
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }

    /// <summary>Thresholds tried: 0.60 to 0.96 by 0.02.</summary>
    internal static IEnumerable<double> Thresholds => Enumerable.Range(30, 19).Select(i => i / 50.0);

    /// <summary>The threshold with the best F1 among those keeping precision at 0.90 or more: a flagged duplicate costs a reviewer's time.</summary>
    internal static (double T, double F1) Best(List<Scored> scored) =>
        Thresholds.Select(t => (T: t, M: Measure(scored.Select(s => (Matches(s, t), s.Pair.Same)))))
            .Where(x => x.M.Precision >= 0.9).Select(x => (x.T, x.M.F1)).OrderByDescending(x => x.F1).ThenBy(x => x.T).FirstOrDefault();

    internal static bool Matches(Scored s, double t) => s.SameKey || (s.SameGuards && s.Similarity >= t);

    [Fact]
    public void Pairs_HaveSourcesAndBothLabels_AndEveryNearMissKind()
    {
        var pairs = Pairs();

        Assert.True(pairs.Count >= 120, $"{pairs.Count} pairs");
        Assert.True(pairs.Count(p => p.Same) >= 50 && pairs.Count(p => !p.Same) >= 50);
        Assert.All(new[] { "threshold", "comparator", "population", "service", "disease" }, k => Assert.Contains(pairs, p => !p.Same && p.Kind == k));
    }

    [Theory]
    [InlineData(OnnxTextEncoder.MiniLm)]
    [InlineData(OnnxTextEncoder.ArcticXs)]
    public void Calibrate_EachModel_ModelWithGuardsBeatsVocabularyAloneAndKeepsPrecision(string model)
    {
        var scored = Score(models.Get(model), Pairs());
        var inv = CultureInfo.InvariantCulture;

        var vocab = Measure(scored.Select(s => (s.SameKey, s.Pair.Same)));
        output.WriteLine(string.Create(inv, $"{model}: {scored.Count} pairs ({scored.Count(s => s.Pair.Same)} same, {scored.Count(s => !s.Pair.Same)} different)"));
        output.WriteLine(string.Create(inv, $"  vocabulary alone (canonical keys equal): precision {vocab.Precision:0.00}, recall {vocab.Recall:0.00}"));
        foreach (var t in Thresholds)
        {
            var both = Measure(scored.Select(s => (Matches(s, t), s.Pair.Same)));
            var raw = Measure(scored.Select(s => (s.RawSimilarity >= t, s.Pair.Same)));
            output.WriteLine(string.Create(inv, $"  t={t:0.00}  vocabulary+model+guards P {both.Precision:0.00} R {both.Recall:0.00} F1 {both.F1:0.00}   model alone on raw text P {raw.Precision:0.00} R {raw.Recall:0.00}"));
        }
        var best = Best(scored);
        output.WriteLine(string.Create(inv, $"  best F1 with precision >= 0.90: {best.F1:0.00} at t={best.T:0.00}"));
        var at = Measure(scored.Select(s => (Matches(s, best.T), s.Pair.Same)));
        output.WriteLine(string.Create(inv, $"  at t={best.T:0.00}: precision {at.Precision:0.00}, recall {at.Recall:0.00}"));
        foreach (var s in scored.Where(s => Matches(s, best.T) != s.Pair.Same))
        {
            output.WriteLine(string.Create(inv, $"    {(s.Pair.Same ? "missed" : "false match")} ({s.Pair.Kind}, {s.Similarity:0.00}{(s.SameGuards ? "" : ", guards differ")}): '{s.Pair.A}' / '{s.Pair.B}'"));
        }

        Assert.True(at.Recall > vocab.Recall + 0.3, $"{model}: with the model recall {at.Recall:0.00}, vocabulary alone {vocab.Recall:0.00}");
        Assert.True(at.Precision >= 0.9, $"{model}: precision {at.Precision:0.00} at t={best.T:0.00}");
    }

    [Fact]
    public void Calibrate_DefaultModelAndThreshold_AreTheBestOnThePairs()
    {
        var pairs = Pairs();
        var f1 = new Dictionary<string, double>();
        foreach (var model in new[] { OnnxTextEncoder.MiniLm, OnnxTextEncoder.ArcticXs })
        {
            var scored = Score(models.Get(model), pairs);
            f1[model] = Best(scored).F1;
        }
        var chosen = Score(models.Get(AnalysisSettings.DefaultEmbeddingModel), pairs);
        var atDefault = Measure(chosen.Select(s => (Matches(s, DuplicateSettings.DefaultItemSimilarityThreshold), s.Pair.Same)));

        Assert.True(f1[AnalysisSettings.DefaultEmbeddingModel] >= f1.Values.Max() - 0.02, string.Join(", ", f1.Select(kv => $"{kv.Key} {kv.Value:0.00}")));
        Assert.True(atDefault.Precision >= 0.9 && atDefault.F1 >= f1[AnalysisSettings.DefaultEmbeddingModel] - 0.04, $"F1 {atDefault.F1:0.00}, precision {atDefault.Precision:0.00} at the default threshold; best {f1[AnalysisSettings.DefaultEmbeddingModel]:0.00}");
    }
}
