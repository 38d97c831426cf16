using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Costing;

namespace Burden.Core.Tests.Analysis;

public class AnalysisSettingsTests
{
    [Fact]
    public void FromJson_GivenKeys_OverrideOnlyThose()
    {
        var s = AnalysisSettings.FromJson("""
            { "on_cost_factor": 1.3, "default_band": "Band 7", "daily_uses_working_days": true,
              "default_hours": { "ad hoc": 5 }, "item_classes": { "Beds occupied": "process" }, "unused_grace_days": 90 }
            """);

        Assert.Equal(1.3m, s.Costing.OnCostFactor);
        Assert.Equal("7", s.Costing.DefaultBand);
        Assert.Equal(252, s.Costing.RegularSubmissionsPerYear(Frequency.Daily));
        Assert.Equal(5, s.Costing.DefaultHours[Frequency.AdHoc]);
        Assert.Equal(4, s.Costing.DefaultHours[Frequency.Monthly]);
        Assert.Equal(ItemClass.Process, s.Classification.Overrides["beds occupied"]);
        Assert.Equal(90, s.Rationalise.UnusedGraceDays);
        Assert.Equal(23.82m, s.Costing.BandRates["6"]);
    }

    [Fact]
    public void Costing_FromSettingsFile_CarriesEveryCostingValue()
    {
        var s = AnalysisSettings.FromJson("""
            { "on_cost_factor": 1.3, "default_band": "7", "daily_uses_working_days": true, "working_days_per_year": 250,
              "band_rates": { "6": 20, "7": 30 }, "default_hours": { "monthly": 9 } }
            """);

        var costing = s.Costing;

        Assert.Equal((1.3m, "7", 250), (costing.OnCostFactor, costing.DefaultBand, costing.WorkingDaysPerYear));
        Assert.Equal(250, costing.RegularSubmissionsPerYear(Frequency.Daily));
        Assert.Equal(30m, costing.RateFor(null));
        Assert.Equal(20m, costing.RateFor("Band 6"));
        Assert.Equal(9, costing.DefaultHours[Frequency.Monthly]);
    }

    [Fact]
    public void FromJson_CapabilityKeys_LandInTheSettingsOfTheirCapability()
    {
        var s = AnalysisSettings.FromJson("""
            { "duplicate_containment_threshold": 0.75, "duplicate_min_shared_items": 3, "item_similarity_threshold": 0.8,
              "automatable_coverage": 0.5, "unused_grace_days": 30, "reduced_frequency": "quarterly",
              "item_classes": { "Beds occupied": "outcome" } }
            """);

        Assert.Equal((0.75, 3, 0.8), (s.Duplicates.ContainmentThreshold, s.Duplicates.MinSharedItems, s.Duplicates.ItemSimilarityThreshold));
        Assert.Equal((0.5, 30, Frequency.Quarterly), (s.Rationalise.AutomatableCoverage, s.Rationalise.UnusedGraceDays, s.Rationalise.ReducedFrequency));
        Assert.Equal(ItemClass.Outcome, s.Classification.Overrides["beds occupied"]);
        Assert.Equal(new CostingSettings(), s.Costing);
    }

    [Theory]
    [InlineData("""{ "duplicate_containment_threshold": 1.5 }""", "duplicate_containment_threshold 1.5 is out of range")]
    [InlineData("""{ "unused_grace_days": -1 }""", "unused_grace_days must not be negative")]
    [InlineData("""{ "working_days_per_year": 400 }""", "working_days_per_year 400 is out of range")]
    [InlineData("""{ "on_cost_factor": 0.5 }""", "on_cost_factor")]
    [InlineData("""{ "oncost": 1.2 }""", "unknown setting 'oncost'")]
    [InlineData("""{ "default_band": "9" }""", "default_band '9'")]
    [InlineData("""{ "item_classes": { "x": "maybe" } }""", "'maybe' is not a class")]
    [InlineData("""{ "on_cost_factor": 1.2, """, "not valid JSON")]
    public void FromJson_BadValue_NamesFileAndSetting(string json, string expected)
    {
        var e = Assert.Throws<BurdenException>(() => AnalysisSettings.FromJson(json, "mine.json"));

        Assert.StartsWith("mine.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
