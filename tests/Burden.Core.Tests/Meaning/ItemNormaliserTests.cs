using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Meaning;

namespace Burden.Core.Tests.Meaning;

public class ItemNormaliserTests
{
    private static readonly ItemNormaliser Normaliser = AnalysisReference.Shipped.Normaliser;

    [Theory]
    [InlineData("A&E attendances", "ED attendances")]
    [InlineData("A&E attendances", "Accident and Emergency attendance")]
    [InlineData("No. of G&A beds occupied", "general and acute beds occupied")]
    [InlineData("Number of G&A beds occupied", "Occupied G&A beds")]
    [InlineData("Patients waiting over 52 weeks", "patients waiting over 52 wks")]
    [InlineData("Patients in hospital with COVID-19", "Patients in hospital with Covid")]
    [InlineData("Beds occupied [input]", "beds occupied")]
    public void Key_SameMeasureWrittenDifferently_GivesTheSameKey(string a, string b)
    {
        Assert.Equal(Normaliser.Key(a), Normaliser.Key(b));
    }

    [Theory]
    [InlineData("Patients waiting over 62 days", "Patients waiting over 104 days")]
    [InlineData("Staff vaccinated against flu", "Staff vaccinated against COVID-19")]
    [InlineData("G&A beds occupied", "G&A beds open")]
    public void Key_DifferentMeasures_GiveDifferentKeys(string a, string b)
    {
        Assert.NotEqual(Normaliser.Key(a), Normaliser.Key(b));
    }

    [Fact]
    public void DistinguishingTerms_NumbersAndDiseases_AreFound()
    {
        var terms = Normaliser.DistinguishingTerms(Normaliser.Words("Staff vaccinated against influenza within 62 days")).ToList();

        Assert.Equal(["62", "flu"], terms.Order());
    }

    [Fact]
    public void Parse_UserSynonymFile_AddsRewrites()
    {
        var synonyms = SynonymList.Parse(("shipped", "ae = a&e"), ("mine.txt", "sdec = same day emergency care\ndistinguishing: rsv"));
        var normaliser = new ItemNormaliser(synonyms);

        Assert.Equal(normaliser.Key("SDEC attendances"), normaliser.Key("Same Day Emergency Care attendances"));
        Assert.Contains("rsv", synonyms.Distinguishing);
    }

    [Fact]
    public void Parse_BadLine_NamesFileAndLine()
    {
        var e = Assert.Throws<BurdenException>(() => SynonymList.Parse(("mine.txt", "ae = a&e\njust words")));

        Assert.StartsWith("mine.txt line 2:", e.Message, StringComparison.Ordinal);
    }
}
