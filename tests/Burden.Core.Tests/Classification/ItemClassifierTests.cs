using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Common;

namespace Burden.Core.Tests.Classification;

public class ItemClassifierTests
{
    private static readonly ItemClassifier Shipped = new(AnalysisReference.Shipped.Taxonomy);

    [Theory]
    [InlineData("Emergency readmissions within 30 days", ItemClass.Outcome)]
    [InlineData("Deaths within 30 days of admission", ItemClass.Outcome)]
    [InlineData("C. difficile infections", ItemClass.Outcome)]
    [InlineData("Oxford knee score health gain", ItemClass.Outcome)]
    [InlineData("FFT inpatient percentage positive", ItemClass.Outcome)]
    [InlineData("Patients waiting over 52 weeks", ItemClass.Process)]
    [InlineData("A&E 4 hour performance", ItemClass.Process)]
    [InlineData("Ambulance handovers over 60 minutes", ItemClass.Process)]
    [InlineData("Frontline staff vaccinated against flu", ItemClass.Process)]
    [InlineData("G&A beds occupied", ItemClass.Input)]
    [InlineData("Nursing vacancies WTE", ItemClass.Input)]
    [InlineData("Agency spend this month", ItemClass.Input)]
    [InlineData("Type 1 A&E attendances", ItemClass.Output)]
    [InlineData("Outpatient first attendances", ItemClass.Output)]
    public void Classify_ShippedTaxonomy_GivesTheDonabedianClass(string item, ItemClass expected)
    {
        Assert.Equal(expected, Shipped.Classify(item).Class);
    }

    [Fact]
    public void Classify_ExplicitClassInTheItem_WinsAndIsStripped()
    {
        var item = Shipped.Classify("Type 1 A&E attendances [outcome]");

        Assert.Equal(ItemClass.Outcome, item.Class);
        Assert.Equal("Type 1 A&E attendances", item.Name);
        Assert.Equal("input", item.ClassSource);
    }

    [Fact]
    public void Classify_PerItemOverride_WinsOverTheTaxonomy()
    {
        var classifier = new ItemClassifier(AnalysisReference.Shipped.Taxonomy, new Dictionary<string, ItemClass> { ["g&a  BEDS occupied"] = ItemClass.Process });

        var item = classifier.Classify("G&A beds occupied");

        Assert.Equal(ItemClass.Process, item.Class);
        Assert.Equal("override", item.ClassSource);
    }

    [Fact]
    public void Classify_NothingMatches_IsOutputByDefault()
    {
        var item = Shipped.Classify("Widgets polished");

        Assert.Equal(ItemClass.Output, item.Class);
        Assert.Equal("default", item.ClassSource);
    }

    [Fact]
    public void Parse_UserFileFirst_UserRuleWins()
    {
        var taxonomy = Taxonomy.Parse(("mine.txt", "outcome: beds occupied"), ("taxonomy.txt", "input: bed*"));

        Assert.Equal(ItemClass.Outcome, new ItemClassifier(taxonomy).Classify("G&A beds occupied").Class);
        Assert.Equal(ItemClass.Input, new ItemClassifier(taxonomy).Classify("Bed base").Class);
    }

    [Fact]
    public void Parse_BadLine_NamesFileAndLine()
    {
        var e = Assert.Throws<BurdenException>(() => Taxonomy.Parse(("mine.txt", "# comment\noutcome: deaths\nwellbeing: happy")));

        Assert.StartsWith("mine.txt line 3:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_UserTaxonomyText_IsTriedBeforeTheShippedRules()
    {
        var reference = AnalysisReference.FromText(("local.txt", "# version: local-1\noutcome: attendances"), null, null);

        Assert.Equal(ItemClass.Outcome, new ItemClassifier(reference.Taxonomy).Classify("Type 1 A&E attendances").Class);
        Assert.StartsWith("local-1+", reference.Taxonomy.Version, StringComparison.Ordinal);
    }
}

public class ItemClassifierLearnedLayerTests
{
    private static readonly WordEncoder Encoder = new("wobble", "gizmo", "sprocket", "flange");

    private static ItemClassifier WithModel(WordEncoder encoder, IReadOnlyDictionary<string, ItemClass>? overrides = null) =>
        new(AnalysisReference.Shipped.Taxonomy, overrides, new LearnedLayer(encoder, ItemClassModelTests.Toy(), minimumConfidence: 0.0));

    [Fact]
    public void ClassifyAll_NoRuleMatches_TheModelDecidesWithItsConfidence()
    {
        var item = WithModel(Encoder).Classify("Wobble index");

        Assert.Equal(ItemClass.Outcome, item.Class);
        Assert.Equal("model:test-words", item.ClassSource);
        Assert.Equal("model", item.DecidedBy);
        Assert.InRange(item.Confidence!.Value, 0.5, 1.0);
    }

    [Fact]
    public void ClassifyAll_RuleOverrideOrExplicitClass_WinsAndIsNeverEncoded()
    {
        var encoder = new WordEncoder("wobble", "gizmo", "sprocket", "flange");
        var classifier = WithModel(encoder, new Dictionary<string, ItemClass> { ["wobble total"] = ItemClass.Input });

        var items = classifier.ClassifyAll(["Wobble deaths", "Wobble total", "Wobble thing [process]", "Gizmo index", "Gizmo index"]);

        Assert.Equal(["rule", "override", "explicit", "model", "model"], items.Select(i => i.DecidedBy));
        Assert.Equal([ItemClass.Outcome, ItemClass.Input, ItemClass.Process, ItemClass.Output, ItemClass.Output], items.Select(i => i.Class));
        Assert.Null(items[0].Confidence);
        Assert.Equal(["Gizmo index"], encoder.Encoded);
    }

    [Fact]
    public void LearnedLayer_ModelTrainedOnAnotherEncoder_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new LearnedLayer(Encoder, AnalysisReference.ClassModel));

        Assert.Contains("all-MiniLM-L6-v2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Postoperative sepsis rate", ItemClass.Outcome)]
    [InlineData("Hospital-acquired pressure injuries", ItemClass.Outcome)]
    [InlineData("Unplanned return to theatre", ItemClass.Outcome)]
    [InlineData("Obstetric trauma during vaginal delivery", ItemClass.Outcome)]
    [InlineData("Patients with diabetes whose blood pressure is controlled", ItemClass.Outcome)]
    [InlineData("Depression remission at six months", ItemClass.Outcome)]
    [InlineData("Venous leg ulcers healed within 12 weeks", ItemClass.Outcome)]
    [InlineData("Functional status change after knee replacement", ItemClass.Outcome)]
    [InlineData("Patients reporting an improvement in pain", ItemClass.Outcome)]
    [InlineData("Falls risk assessment completed", ItemClass.Process)]
    [InlineData("Sepsis management bundle compliance", ItemClass.Process)]
    [InlineData("Pressure ulcer plan of care in place", ItemClass.Process)]
    [InlineData("Category 2 mean response time", ItemClass.Process)]
    public void Classify_OutcomeFamiliesAndActionsAboutThem_GetTheirClassByRule(string item, ItemClass expected)
    {
        var classified = new ItemClassifier(AnalysisReference.Shipped.Taxonomy).Classify(item);

        Assert.Equal(expected, classified.Class);
        Assert.Equal("rule", classified.DecidedBy);
    }
}
