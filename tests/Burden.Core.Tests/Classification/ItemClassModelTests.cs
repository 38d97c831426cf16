using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Common;

namespace Burden.Core.Tests.Classification;

public class ItemClassModelTests
{
    private static readonly WordEncoder Encoder = new("wobble", "gizmo", "sprocket", "flange");

    internal static ItemClassModel Toy()
    {
        string[] texts = ["wobble rate", "wobble count", "gizmo total", "gizmo number", "sprocket stock", "sprocket level", "flange ratio", "flange share"];
        ItemClass[] labels = [ItemClass.Outcome, ItemClass.Outcome, ItemClass.Output, ItemClass.Output, ItemClass.Input, ItemClass.Input, ItemClass.Process, ItemClass.Process];
        return ItemClassModel.Train(Encoder.Encode(texts), labels, Encoder.ModelName, Encoder.ModelVersion, "toy 8 rows");
    }

    [Theory]
    [InlineData("wobble", ItemClass.Outcome)]
    [InlineData("gizmo", ItemClass.Output)]
    [InlineData("sprocket", ItemClass.Input)]
    [InlineData("flange", ItemClass.Process)]
    public void Train_SeparableWords_PredictsEachWordsClassConfidently(string word, ItemClass expected)
    {
        var (c, p) = Toy().Predict(Encoder.Encode([word + " unseen"])[0]);

        Assert.Equal(expected, c);
        Assert.True(p > 0.5, $"confidence {p}");
    }

    [Fact]
    public void Train_SameData_GivesTheSameWeights()
    {
        Assert.Equal(Toy().Write(), Toy().Write());
    }

    [Fact]
    public void Parse_WrittenModel_PredictsTheSameProbabilities()
    {
        var model = Toy();
        var read = ItemClassModel.Parse("m.txt", model.Write());
        var v = Encoder.Encode(["wobble gizmo"])[0];

        Assert.Equal(model.ModelName, read.ModelName);
        Assert.Equal("toy 8 rows", read.TrainedOn);
        Assert.Equal(model.Probabilities(v), read.Probabilities(v), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Parse_WeightThatIsNotANumber_NamesFileLineAndValue()
    {
        var text = Toy().Write().Replace("outcome: ", "outcome: x", StringComparison.Ordinal);

        var e = Assert.Throws<BurdenException>(() => ItemClassModel.Parse("m.txt", text));

        Assert.Matches(@"^m\.txt line \d+: value 1 'x", e.Message);
    }

    [Fact]
    public void Shipped_Model_ReadsTheVectorsOfTheDefaultEncoder()
    {
        var model = Burden.Core.Analysis.AnalysisReference.ClassModel;

        Assert.Equal("all-MiniLM-L6-v2", model.ModelName);
        Assert.Equal(384, model.Dimensions);
        Assert.StartsWith("labelled-measures.csv ", model.TrainedOn, StringComparison.Ordinal);
    }
}
