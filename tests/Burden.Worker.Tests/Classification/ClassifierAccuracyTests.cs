using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using Burden.Worker.Meaning;
using Xunit.Abstractions;

namespace Burden.Worker.Tests.Classification;

/// <summary>The item classifier measured with the real bundled model, leave-one-source-out, on the labelled measure set.</summary>
public sealed class ClassifierAccuracyTests
{
    /// <summary>Pooled held-out balanced accuracy of rules + model; measured 0.897 with all-MiniLM-L6-v2.</summary>
    private const double CombinedFloor = 0.87;

    /// <summary>Pooled held-out outcome recall of rules + model; measured 0.86.</summary>
    private const double OutcomeRecallFloor = 0.83;

    private readonly ITestOutputHelper _output;

    public ClassifierAccuracyTests(ITestOutputHelper output) => _output = output;

    private static string LabelledPath => Repo.Path(ClassifierBench.LabelledPathInRepo);

    [Fact]
    public void LeaveOneSourceOut_RulesPlusModel_ReachesBalancedAccuracyFloorOnEveryHeldOutSourcePooled()
    {
        var (measures, _) = ClassifierBench.Read(LabelledPath);

        var scores = ClassifierBench.Evaluate(measures, ProcessEncoder.Get());
        foreach (var line in ClassifierBench.Table(scores, ProcessEncoder.DefaultModel))
        {
            _output.WriteLine(line);
        }

        var pooled = scores[^1];
        Assert.Equal("all", pooled.Source);
        Assert.Equal(measures.Count, pooled.Combined.Measures);
        Assert.True(pooled.Combined.BalancedAccuracy >= CombinedFloor, string.Create(CultureInfo.InvariantCulture, $"rules + model balanced accuracy {pooled.Combined.BalancedAccuracy:0.000} < {CombinedFloor}"));
        Assert.True(pooled.Combined.OutcomeRecall >= OutcomeRecallFloor, string.Create(CultureInfo.InvariantCulture, $"outcome recall {pooled.Combined.OutcomeRecall:0.000} < {OutcomeRecallFloor}"));
        Assert.True(pooled.Combined.OutcomeRecall > pooled.Rules.OutcomeRecall, "the learned layer finds no outcome the rules miss");
    }

    [Fact]
    public void ShippedModel_WasTrainedOnTheCurrentLabelledSet()
    {
        var (measures, text) = ClassifierBench.Read(LabelledPath);
        var shipped = AnalysisReference.ClassModel;

        Assert.Equal(ClassifierBench.TrainedOn(LabelledPath, text, measures.Count), shipped.TrainedOn);
        Assert.Equal(ProcessEncoder.Get().ModelVersion, shipped.ModelVersion);
    }

    [Fact]
    public void ShippedModel_ClassesUnruledOutcomeWordingsAsOutcome()
    {
        var classifier = new ItemClassifier(AnalysisReference.Shipped.Taxonomy, null, new LearnedLayer(ProcessEncoder.Get(), AnalysisReference.ClassModel));

        var items = classifier.ClassifyAll(["Malnutrition acquired on the ward", "Type 1 A&E attendances"]);

        _output.WriteLine(string.Join("; ", items.Select(i => $"{i.Name}: {i.Class.Token()} {i.ClassSource} {i.Confidence}")));
        Assert.Equal(ItemClass.Outcome, items[0].Class);
        Assert.Equal(ItemClass.Output, items[1].Class);
    }
}
