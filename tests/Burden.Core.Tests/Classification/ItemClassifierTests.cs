using Burden.Core.Analysis;
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
