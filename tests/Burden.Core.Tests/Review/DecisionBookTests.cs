using Burden.Core.Analysis;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Rationalise;
using Burden.Core.Review;
using Burden.Core.Tests.Analysis;

namespace Burden.Core.Tests.Review;

public class DecisionBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static AnalysisResult Run(IReadOnlyList<StoredReviewDecision> decisions, BaselineSnapshot? baseline = null, IReadOnlyList<RequestRecord>? log = null) =>
        AnalysisEngine.Analyse(new AnalysisInput(log ?? SampleFiles.LoadLog(), SampleFiles.LoadCatalogue(), ReportingPeriod.Parse("2022-11"), "QMM", Now, baseline) { Decisions = decisions },
            new AnalysisSettings(), AnalysisReference.Shipped);

    private static StoredReviewDecision OnRecommendation(long id, CollectionAnalysis c, ReviewVerdict verdict, string? action = null) =>
        new(id, new NewReviewDecision(ReviewSubject.Recommendation, c.Id, null, action ?? c.Recommendation.Token(), verdict, c.ItemsVersion, null, "QMM", "2022-11", "Sam", Now, null));

    [Fact]
    public void Analyse_RejectedRecommendation_SavesNothingAndAgreedIsTotalledApart()
    {
        var plain = Run([]);
        var saving = plain.Collections.Where(c => c.HoursSavedPerYear > 0).OrderByDescending(c => c.HoursSavedPerYear).ToList();
        var (rejected, agreed) = (saving[0], saving[1]);

        var result = Run([OnRecommendation(1, rejected, ReviewVerdict.Rejected), OnRecommendation(2, agreed, ReviewVerdict.Agreed)]);

        Assert.Equal(plain.Totals.HoursSavedPerYear - rejected.HoursSavedPerYear, result.Totals.HoursSavedPerYear, 1);
        Assert.Equal(agreed.HoursSavedPerYear, result.Totals.HoursSavedAgreedPerYear, 1);
        Assert.Equal(ReviewVerdict.Rejected, result.Collections.Single(c => c.Id == rejected.Id).Review?.Decision);
    }

    [Fact]
    public void Analyse_DecisionOnAnotherAction_IsStaleAndHasNoEffect()
    {
        var plain = Run([]);
        var c = plain.Collections.First(x => x.HoursSavedPerYear > 0);

        var result = Run([OnRecommendation(1, c, ReviewVerdict.Rejected, action: "keep")]);

        Assert.True(result.Collections.Single(x => x.Id == c.Id).Review!.Stale);
        Assert.Equal(plain.Totals.HoursSavedPerYear, result.Totals.HoursSavedPerYear, 1);
    }

    [Fact]
    public void Analyse_LatestDecisionWins()
    {
        var c = Run([]).Collections.First(x => x.HoursSavedPerYear > 0);

        var result = Run([OnRecommendation(1, c, ReviewVerdict.Agreed), OnRecommendation(2, c, ReviewVerdict.Deferred)]);

        Assert.Equal(ReviewVerdict.Deferred, result.Collections.Single(x => x.Id == c.Id).Review?.Decision);
        Assert.Equal(1, result.ReviewStats.ByAction[c.Recommendation.Token()].Deferred);
        Assert.Equal(0, result.ReviewStats.ByAction[c.Recommendation.Token()].Agreed);
    }

    [Fact]
    public void Analyse_AgreedMergeAgainstBaseline_SaysWhetherStillCollected()
    {
        var plain = Run([]);
        var merged = plain.Collections.Where(c => c.Recommendation == Recommendation.Merge).Take(2).ToList();
        var baseline = AnalysisEngine.Snapshot("QMM-2022-11", plain, Now);
        var later = SampleFiles.LoadLog().Where(r => CollectionGrouping.IdOf(r) != merged[1].Id).ToList();

        var result = Run([OnRecommendation(1, merged[0], ReviewVerdict.Agreed), OnRecommendation(2, merged[1], ReviewVerdict.Agreed)], baseline, later);

        var followUps = result.Baseline!.FollowUps.ToDictionary(f => f.Id);
        Assert.True(followUps[merged[0].Id].StillCollected);
        Assert.False(followUps[merged[1].Id].StillCollected);
        Assert.Equal("merge", followUps[merged[1].Id].Action);
    }

    [Theory]
    [InlineData("not a duplicate", ReviewVerdict.NotDuplicate)]
    [InlineData("Not_Duplicate", ReviewVerdict.NotDuplicate)]
    [InlineData(" confirmed ", ReviewVerdict.Confirmed)]
    [InlineData("agreed", null)]
    [InlineData("maybe", null)]
    public void Parse_PairDecision_ReadsLabelsAndTokens(string text, ReviewVerdict? expected)
    {
        Assert.Equal(expected, ReviewKeys.Parse(ReviewSubject.Pair, text));
    }

    [Fact]
    public void ItemsVersion_SameItemsInAnotherOrder_IsTheSame()
    {
        Assert.Equal(ReviewKeys.ItemsVersion(["b", "a"]), ReviewKeys.ItemsVersion(["a", "b", "a"]));
        Assert.NotEqual(ReviewKeys.ItemsVersion(["a", "b"]), ReviewKeys.ItemsVersion(["a", "b", "c"]));
    }
}
