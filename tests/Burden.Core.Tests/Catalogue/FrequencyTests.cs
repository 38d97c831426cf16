using Burden.Core.Catalogue;

namespace Burden.Core.Tests.Catalogue;

public class FrequencyTests
{
    [Theory]
    [InlineData("daily", Frequency.Daily)]
    [InlineData("DAILY", Frequency.Daily)]
    [InlineData("Weekly", Frequency.Weekly)]
    [InlineData("bi-weekly", Frequency.Fortnightly)]
    [InlineData("Fortnightly", Frequency.Fortnightly)]
    [InlineData("monthly", Frequency.Monthly)]
    [InlineData("Quarterly", Frequency.Quarterly)]
    [InlineData("yearly", Frequency.Annual)]
    [InlineData("Annual", Frequency.Annual)]
    [InlineData("ad hoc", Frequency.AdHoc)]
    [InlineData("ad-hoc", Frequency.AdHoc)]
    [InlineData("Adhoc", Frequency.AdHoc)]
    [InlineData("AD_HOC", Frequency.AdHoc)]
    [InlineData("one-off", Frequency.AdHoc)]
    [InlineData(" monthly ", Frequency.Monthly)]
    [InlineData("As and when", Frequency.AdHoc)]
    [InlineData("On request", Frequency.AdHoc)]
    [InlineData("One-off request", Frequency.AdHoc)]
    [InlineData("per month", Frequency.Monthly)]
    public void TryParse_WhatPeopleType_Recognised(string text, Frequency expected)
    {
        Assert.True(Frequencies.TryParse(text, out var f));
        Assert.Equal(expected, f);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sometimes")]
    [InlineData("monthly2")]
    [InlineData("12")]
    public void TryParse_Unknown_Rejected(string text) => Assert.False(Frequencies.TryParse(text, out _));

    [Fact]
    public void Token_RoundTripsEveryFrequency()
    {
        foreach (var f in Frequencies.All)
        {
            Assert.Equal(f, Frequencies.FromToken(f.Token()));
        }
        Assert.Equal("ad_hoc", Frequency.AdHoc.Token());
    }
}
