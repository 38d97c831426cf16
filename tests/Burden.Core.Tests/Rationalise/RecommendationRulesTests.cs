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

public class RecommendationEvidenceTests
{
    private static RecommendationFacts Facts(bool unused = false, bool unknown = false, string? approval = null, bool claimed = false, bool outputOnly = false,
        string? group = null, double shareInGroup = 0) =>
        new(100, 4000, Frequency.Monthly, 12, unused, group, false, "Keeper", shareInGroup, [], 0, false, outputOnly)
        {
            UseUnknown = unknown,
            UseEvidence = unknown ? ["no purpose, consumer, publication or last-used date is recorded"] : ["last used 2020-01-01, 1064 days before 2022-11-30 (more than the 365-day grace period)"],
            CurrentApproval = approval,
            UseClaimed = claimed,
            ItemCount = 4,
        };

    private static RecommendationOutcome Choose(RecommendationFacts f) => RecommendationRules.Choose(f, Frequency.Monthly, 12);

    [Fact]
    public void Choose_NoUsageFactsAtAll_ConfirmsPurposeAndSavesNothing()
    {
        var r = Choose(Facts(unknown: true, outputOnly: true));

        Assert.Equal(Recommendation.ConfirmPurpose, r.Action);
        Assert.Equal(0, r.HoursSavedPerYear);
        Assert.Equal(Confidence.Low, r.Confidence);
        Assert.Contains("no purpose, consumer, publication or last-used date is recorded", r.Evidence);
    }

    [Fact]
    public void Choose_CurrentApprovalAndNoPurpose_IsNeverRetired()
    {
        var r = Choose(Facts(unknown: true, approval: "DCB2050"));

        Assert.Equal(Recommendation.ConfirmPurpose, r.Action);
        Assert.Contains(r.Evidence, e => e.Contains("DCB2050", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, false, Confidence.High)]
    [InlineData("DCB2050", false, Confidence.Medium)]
    [InlineData(null, true, Confidence.Medium)]
    public void Choose_StaleLastUse_RetiresWithConfidenceFromWhatElseIsRecorded(string? approval, bool claimed, Confidence expected)
    {
        var r = Choose(Facts(unused: true, approval: approval, claimed: claimed));

        Assert.Equal(Recommendation.Retire, r.Action);
        Assert.Equal(expected, r.Confidence);
        Assert.StartsWith("last used 2020-01-01", r.Evidence[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, Confidence.High)]
    [InlineData(0.75, Confidence.Medium)]
    public void Choose_Merge_IsHighOnlyWhenEveryItemIsAlreadyAskedFor(double share, Confidence expected)
    {
        var r = Choose(Facts(unknown: true, group: "G1", shareInGroup: share));

        Assert.Equal(Recommendation.Merge, r.Action);
        Assert.Equal(expected, r.Confidence);
        Assert.Contains(r.Evidence, e => e.Contains("duplicate group G1", StringComparison.Ordinal));
    }
}
