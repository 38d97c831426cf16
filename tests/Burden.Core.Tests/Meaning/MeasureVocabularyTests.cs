using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Meaning;

namespace Burden.Core.Tests.Meaning;

public class MeasureVocabularyTests
{
    private static readonly MeasureReader Reader = AnalysisReference.Shipped.Measures;

    [Theory]
    [InlineData("18+ week waits", "Patients waiting over 18 weeks")]
    [InlineData(">18 wks", "more than 18 weeks")]
    [InlineData("Waits > 2 hrs", "waits over 120 minutes")]
    [InlineData("Patients waiting 52 wks or more", "52+ week waiters")]
    [InlineData("Stranded patients (7+ days)", "Patients with a length of stay of 7 days or more")]
    [InlineData("Ambulance handovers > 60 mins", "Ambulance handover delays over 1 hour")]
    [InlineData("No. of G&A beds occupied", "General and acute beds occupied")]
    [InlineData("A&E attendances", "ED attendances")]
    [InlineData("Staff WTE", "Staff whole time equivalent")]
    public void Read_SameMeasureWordedTwoWays_HasTheSameThresholdGuards(string a, string b)
    {
        var x = Reader.Read(a);
        var y = Reader.Read(b);

        Assert.Equal(x.Guards.Where(g => g.StartsWith("threshold", StringComparison.Ordinal)), y.Guards.Where(g => g.StartsWith("threshold", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(">18 wks", "more than 18 weeks")]
    [InlineData("No. of G&A beds occupied", "General and acute beds occupied")]
    [InlineData("A&E attendances", "ED attendances")]
    [InlineData("Patients waiting 52 wks or more", "Patients waiting 52+ weeks")]
    [InlineData("Patients in CC beds", "patients in critical care beds")]
    [InlineData("DToCs", "Delayed transfers of care")]
    public void Read_AbbreviationOrThresholdForm_GivesTheSameCanonicalKey(string a, string b)
    {
        Assert.Equal(Reader.Read(a).Key, Reader.Read(b).Key);
    }

    [Theory]
    [InlineData("Patients seen within 4 hours", "Patients waiting over 4 hours")]
    [InlineData("Patients waiting under 18 weeks", "Patients waiting over 18 weeks")]
    [InlineData("Patients waiting over 18 weeks", "Patients waiting over 52 weeks")]
    [InlineData("Adult critical care beds occupied", "Neonatal critical care beds occupied")]
    [InlineData("Staff vaccinated against flu", "Staff vaccinated against pertussis")]
    [InlineData("Acute beds occupied", "Community beds occupied")]
    [InlineData("Mental health beds occupied", "Community beds occupied")]
    [InlineData("Children vaccinated against MMR", "Adults vaccinated against MMR")]
    public void Read_LookAlikes_HaveDifferentGuards(string a, string b)
    {
        var x = Reader.Read(a);
        var y = Reader.Read(b);

        Assert.NotEqual(x.Signature, y.Signature);
        Assert.NotEqual(x.Key, y.Key);
    }

    [Fact]
    public void Read_Threshold_IsWrittenInOneFormInTheLargestExactUnit()
    {
        Assert.Equal("ambulance handover over 2 hours", Reader.Read("Ambulance handovers >120 mins").Text);
        Assert.Equal(["threshold: over 18 weeks"], Reader.Read("18+ week waits").Guards);
        Assert.Equal("patients waiting within 4 hours", Reader.Read("Patients waiting < 4 hrs").Text);
    }

    [Fact]
    public void Read_GuardDifference_NamesWhatDiffers()
    {
        var d = Reader.Read("Adult critical care beds occupied").GuardDifference(Reader.Read("Neonatal critical care beds occupied"));

        Assert.Equal("population adult against neonatal", d);
    }

    [Fact]
    public void Parse_BadLine_NamesFileAndLine()
    {
        var e = Assert.Throws<BurdenException>(() => MeasureVocabulary.Parse(("mine.txt", "# version: x\nterm: a = b\nnonsense line\n")));

        Assert.StartsWith("mine.txt line 3: 'nonsense line' is not a vocabulary rule", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnitWithUnknownBase_IsRefused()
    {
        var e = Assert.Throws<BurdenException>(() => MeasureVocabulary.Parse(("mine.txt", "unit: fortnight (2 week) = fortnight | fortnights\n")));

        Assert.Contains("mine.txt line 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("base unit 'week'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UserFileAfterShipped_AddsAConvertedUnitAndAnAbbreviation()
    {
        var shipped = File.ReadAllText(Support.Repo.Path("src", "Burden.Core", "Reference", "vocabulary.txt"));
        var vocabulary = MeasureVocabulary.Parse(("vocabulary.txt", shipped), ("mine.txt", "# version: mine-1\nunit: fortnight (2 week) = fortnight | fortnights\nterm: virtual ward = vw | hospital at home\n"));

        Assert.Equal(vocabulary.Canonicalise("over 2 fortnights").Quantities, vocabulary.Canonicalise("over 4 weeks").Quantities);
        Assert.Equal("virtual ward beds", vocabulary.Canonicalise("VW beds").Text);
        Assert.Equal("hb-vocabulary-2026.1+mine-1", vocabulary.Version);
    }
}
