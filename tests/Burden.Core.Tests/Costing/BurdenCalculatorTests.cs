using Burden.Core.Catalogue;
using Burden.Core.Costing;

namespace Burden.Core.Tests.Costing;

public class BurdenCalculatorTests
{
    private static readonly CostingSettings Defaults = new();

    [Theory]
    [InlineData(Frequency.Daily, 365)]
    [InlineData(Frequency.Weekly, 52)]
    [InlineData(Frequency.Fortnightly, 26)]
    [InlineData(Frequency.Monthly, 12)]
    [InlineData(Frequency.Quarterly, 4)]
    [InlineData(Frequency.Annual, 1)]
    public void ForLog_RegularFrequency_UsesFixedSubmissionsPerYear(Frequency frequency, double expected)
    {
        var burden = BurdenCalculator.ForLog(frequency, [new Submission("QMM", 2m, "6")], 1.0 / 12, Defaults);

        Assert.Equal(expected, burden.SubmissionsPerYear);
        Assert.Equal(expected * 2, burden.HoursPerYear, 6);
    }

    [Fact]
    public void ForLog_DailyWithWorkingDaysSetting_Uses252()
    {
        var burden = BurdenCalculator.ForLog(Frequency.Daily, [new Submission("QMM", 1m, "6")], 1.0 / 12, Defaults with { DailyUsesWorkingDays = true });

        Assert.Equal(252, burden.SubmissionsPerYear);
    }

    [Fact]
    public void ForLog_AdHoc_AnnualisesTheObservedRatePerRespondent()
    {
        var subs = new[] { new Submission("QMM", 3m, "6"), new Submission("QMM", 1m, "6"), new Submission("QOP", 2m, "6") };

        var burden = BurdenCalculator.ForLog(Frequency.AdHoc, subs, 1.0 / 12, Defaults);

        // 3 requests from 2 organisations in one month: 1.5 per respondent × 12
        Assert.Equal(1.5 * 12, burden.SubmissionsPerYear, 6);
        Assert.Equal(2 * (1.5 * 12) * 2.0, burden.HoursPerYear, 6);
    }

    [Fact]
    public void ForLog_BlankHours_EstimatedFromTheCollectionsOtherSubmissionsAndFlagged()
    {
        var burden = BurdenCalculator.ForLog(Frequency.Weekly, [new Submission("QMM", 2m, "6"), new Submission("QMM", 4m, "6"), new Submission("QMM", null, "6")], 1.0 / 12, Defaults);

        Assert.True(burden.HoursEstimated);
        Assert.Equal(9, burden.Hours, 6);
    }

    [Fact]
    public void ForLog_NoHoursAtAll_UsesTheFrequencyDefault()
    {
        var burden = BurdenCalculator.ForLog(Frequency.Monthly, [new Submission("QMM", null, null)], 1.0 / 12, Defaults);

        Assert.True(burden.HoursEstimated);
        Assert.Equal(Defaults.DefaultHours[Frequency.Monthly], burden.Hours);
    }

    [Fact]
    public void ForLog_Cost_IsHoursTimesBandRateTimesOnCostFactor()
    {
        var burden = BurdenCalculator.ForLog(Frequency.Monthly, [new Submission("QMM", 10m, "Band 8a")], 1.0 / 12, Defaults);

        Assert.False(burden.HoursEstimated);
        Assert.Equal(120 * 32.06 * 1.25, burden.CostGbpPerYear, 4);
    }

    [Fact]
    public void ForLog_MixedBands_WeightsTheRateByHours()
    {
        var burden = BurdenCalculator.ForLog(Frequency.Monthly, [new Submission("QMM", 3m, "5"), new Submission("QMM", 1m, "8b")], 1.0 / 12, Defaults);

        var rate = (3 * 19.33 + 1 * 38.30) / 4;
        Assert.Equal(rate * 1.25, burden.HourlyCost, 6);
    }

    [Theory]
    [InlineData(null, 23.82)]
    [InlineData("", 23.82)]
    [InlineData("band 9", 23.82)]
    [InlineData("7", 27.98)]
    [InlineData("B8A", 32.06)]
    [InlineData("AfC band 5", 19.33)]
    public void RateFor_BandAsTyped_GivesItsRateOrTheDefaultBands(string? band, double expected)
    {
        Assert.Equal((decimal)expected, Defaults.RateFor(band));
    }

    [Fact]
    public void ForCatalogue_IsRespondentsTimesSubmissionsTimesHours()
    {
        var burden = BurdenCalculator.ForCatalogue(Frequency.Weekly, 160, 2.5m, 30, Defaults);

        Assert.Equal(160 * 52 * 2.5, burden.HoursPerYear, 6);
        Assert.Equal(160 * 52 * 2.5 * 30 / 365.0, burden.Hours, 6);
        Assert.Equal(160 * 52 * 2.5 * 23.82 * 1.25, burden.CostGbpPerYear, 3);
    }
}
