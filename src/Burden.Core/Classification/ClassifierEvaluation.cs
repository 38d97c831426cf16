using Burden.Core.Catalogue;
using Burden.Core.Meaning;

namespace Burden.Core.Classification;

/// <summary>How well one way of classing does on some held-out measures, judged outcome against not outcome.</summary>
/// <param name="Measures">Measures judged.</param>
/// <param name="Outcomes">Of them, labelled outcome.</param>
/// <param name="OutcomeRecall">Share of outcomes classed outcome, or null when there are none.</param>
/// <param name="OtherRecall">Share of the others classed anything but outcome, or null when there are none.</param>
public sealed record OutcomeScore(int Measures, int Outcomes, double? OutcomeRecall, double? OtherRecall)
{
    /// <summary>The mean of the two recalls (balanced accuracy), or null unless both classes are present.</summary>
    public double? BalancedAccuracy => OutcomeRecall is { } a && OtherRecall is { } b ? (a + b) / 2 : null;
}

/// <summary>The scores of the three ways of classing on one held-out source (or on all of them pooled).</summary>
/// <param name="Source">The source held out, or <c>all</c>.</param>
/// <param name="Rules">Taxonomy rules alone (unsettled items default to output).</param>
/// <param name="Model">The learned layer alone, on every measure.</param>
/// <param name="Combined">Rules first, the learned layer for what they leave.</param>
/// <param name="ClassAccuracy">Combined: share given exactly their labelled class (input, process, output, outcome).</param>
public sealed record SourceScores(string Source, OutcomeScore Rules, OutcomeScore Model, OutcomeScore Combined, double ClassAccuracy);

/// <summary>Leave-one-source-out validation of item classification on a labelled measure set.</summary>
/// <remarks>
/// For each source, the learned layer is trained on every other source's measures and judged on the held-out one, so
/// no figure is in-sample; the taxonomy is the same throughout (it is not trained). The pooled row adds up every
/// held-out prediction.
/// </remarks>
public static class ClassifierEvaluation
{
    /// <summary>Runs the validation; <paramref name="vectors"/> holds one unit vector per measure, in order.</summary>
    public static IReadOnlyList<SourceScores> LeaveOneSourceOut(IReadOnlyList<LabelledMeasure> measures, IReadOnlyList<float[]> vectors, Taxonomy taxonomy, string modelName, string modelVersion, double minimumConfidence = LearnedLayer.DefaultMinimumConfidence)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(taxonomy);
        if (measures.Count != vectors.Count)
        {
            throw new ArgumentException("need one vector per measure", nameof(vectors));
        }
        var rulesOnly = new ItemClassifier(taxonomy);
        var predictions = new List<(LabelledMeasure Measure, ItemClass Rules, ItemClass Model, ItemClass Combined)>();
        var result = new List<SourceScores>();
        foreach (var source in measures.Select(m => m.Source).Distinct(StringComparer.Ordinal))
        {
            var train = Enumerable.Range(0, measures.Count).Where(i => measures[i].Source != source).ToList();
            var test = Enumerable.Range(0, measures.Count).Where(i => measures[i].Source == source).ToList();
            var model = ItemClassModel.Train([.. train.Select(i => vectors[i])], [.. train.Select(i => measures[i].Class)], modelName, modelVersion, "all sources but " + source);
            var encoder = new KnownVectors(modelName, modelVersion, test.ToDictionary(i => measures[i].Name.Trim(), i => vectors[i], StringComparer.Ordinal));
            var combined = new ItemClassifier(taxonomy, null, new LearnedLayer(encoder, model, minimumConfidence)).ClassifyAll([.. test.Select(i => measures[i].Name)]);
            var fold = new List<(LabelledMeasure, ItemClass, ItemClass, ItemClass)>();
            for (var t = 0; t < test.Count; t++)
            {
                var m = measures[test[t]];
                fold.Add((m, rulesOnly.ByRules(m.Name).Class, model.Predict(vectors[test[t]]).Class, combined[t].Class));
            }
            predictions.AddRange(fold);
            result.Add(Score(source, fold));
        }
        result.Add(Score("all", predictions));
        return result;
    }

    private static SourceScores Score(string source, List<(LabelledMeasure Measure, ItemClass Rules, ItemClass Model, ItemClass Combined)> rows) => new(
        source,
        Outcome(rows.Select(r => (r.Measure.Class, r.Rules))),
        Outcome(rows.Select(r => (r.Measure.Class, r.Model))),
        Outcome(rows.Select(r => (r.Measure.Class, r.Combined))),
        rows.Count == 0 ? 0 : (double)rows.Count(r => r.Combined == r.Measure.Class) / rows.Count);

    private static OutcomeScore Outcome(IEnumerable<(ItemClass Label, ItemClass Got)> pairs)
    {
        var list = pairs.ToList();
        var outcomes = list.Where(p => p.Label == ItemClass.Outcome).ToList();
        var others = list.Where(p => p.Label != ItemClass.Outcome).ToList();
        return new OutcomeScore(
            list.Count,
            outcomes.Count,
            outcomes.Count == 0 ? null : (double)outcomes.Count(p => p.Got == ItemClass.Outcome) / outcomes.Count,
            others.Count == 0 ? null : (double)others.Count(p => p.Got != ItemClass.Outcome) / others.Count);
    }

    /// <summary>An encoder that answers from vectors already computed (the held-out measures').</summary>
    private sealed class KnownVectors(string modelName, string modelVersion, Dictionary<string, float[]> vectors) : ITextEncoder
    {
        public string ModelName => modelName;
        public string ModelVersion => modelVersion;
        public int Dimensions => vectors.Values.First().Length;
        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => [.. texts.Select(t => vectors[t])];
    }
}
