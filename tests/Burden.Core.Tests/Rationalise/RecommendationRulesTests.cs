using Burden.Core.Catalogue;
using Burden.Core.Rationalise;

namespace Burden.Core.Tests.Rationalise;

public class RecommendationRulesTests
{
    private static RecommendationFacts Facts(bool unused = false, string? group = null, bool keeper = false, double shareInGroup = 0,
        string[]? automatable = null, double shareAutomatable = 0, bool allInput = false, bool outputOnly = false, Frequency frequency = Frequency.Weekly) =>
        new(100, 4000, frequency, frequency == Frequency.Weekly ? 52 : 12, unused, group, keeper, "Keeper", shareInGroup, automatable ?? [], shareAutomatable, allInput, outputOnly);

    private static RecommendationOutcome Choose(RecommendationFacts f) => RecommendationRules.Choose(f, Frequency.Monthly, 12);

    [Fact]
    public void Choose_UnusedAndDuplicateAndAutomatable_RetiresAndSavesEverything()
    {
        var r = Choose(Facts(unused: true, group: "G1", shareInGroup: 0.5, automatable: ["ECDS"], shareAutomatable: 1, outputOnly: true));

        Assert.Equal(Recommendation.Retire, r.Action);
        Assert.Equal(100, r.HoursSavedPerYear);
        Assert.Equal(4000, r.CostGbpSavedPerYear);
    }

    [Fact]
    public void Choose_NonKeeperInGroup_MergesAndSavesTheSharedShare()
    {
        var r = Choose(Facts(group: "G1", shareInGroup: 0.75, automatable: ["ECDS"], shareAutomatable: 1));

        Assert.Equal(Recommendation.Merge, r.Action);
        Assert.Equal(75, r.HoursSavedPerYear);
        Assert.Contains("G1", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_KeeperThatIsAutomatable_AutomatesNotMerges()
    {
        var r = Choose(Facts(group: "G1", keeper: true, shareInGroup: 1, automatable: ["ECDS", "SUS APC"], shareAutomatable: 0.8));

        Assert.Equal(Recommendation.Automate, r.Action);
        Assert.Equal(80, r.HoursSavedPerYear);
        Assert.Contains("ECDS, SUS APC", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_WeeklyInputsOnly_ReducesToMonthlySavingTheDroppedSubmissions()
    {
        var r = Choose(Facts(allInput: true, outputOnly: true));

        Assert.Equal(Recommendation.ReduceFrequency, r.Action);
        Assert.Equal(Math.Round(100 * (1 - 12 / 52.0), 2), r.HoursSavedPerYear);
    }

    [Fact]
    public void Choose_MonthlyInputsOnly_IsNotReducedFurther()
    {
        var r = Choose(Facts(allInput: true, outputOnly: true, frequency: Frequency.Monthly));

        Assert.Equal(Recommendation.AddOutcomes, r.Action);
        Assert.Equal(0, r.HoursSavedPerYear);
    }

    [Fact]
    public void Choose_NothingToChange_Keeps()
    {
        var r = Choose(Facts());

        Assert.Equal(Recommendation.Keep, r.Action);
        Assert.Equal(0, r.HoursSavedPerYear);
    }
}
