using Burden.Core.Analysis;

namespace Burden.Core.Tests.Analysis;

public class CollectionGroupingTests
{
    [Theory]
    [InlineData("Current bed position", "current bed position")]
    [InlineData("URGENT: FW: Current bed position request", "current bed position")]
    [InlineData("RE:  current   BED position - return", "current bed position")]
    [InlineData("Reminder: Winter plan (action required)", "winter plan")]
    [InlineData("Cancer 62 day backlog", "cancer 62 day backlog")]
    public void NormaliseTitle_NoiseCasePunctuationAndSpace_AreIgnored(string title, string expected)
    {
        Assert.Equal(expected, CollectionGrouping.NormaliseTitle(title));
    }

    [Fact]
    public void IdOf_WithReference_IsTheReferenceUpperCased()
    {
        Assert.Equal("DCB2050", CollectionGrouping.IdOf(Records.Request("x", Burden.Core.Catalogue.Frequency.Daily, "a", reference: " dcb2050 ")));
    }

    [Fact]
    public void IdOf_WithoutReference_IsRequesterAndNormalisedTitle()
    {
        Assert.Equal("nhs-england-midlands:current-bed-position",
            CollectionGrouping.IdOf(Records.Request("URGENT current bed position", Burden.Core.Catalogue.Frequency.AdHoc, "a", requester: "NHS England - Midlands")));
    }
}
