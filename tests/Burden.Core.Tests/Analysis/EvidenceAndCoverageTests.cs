using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Rationalise;
using static Burden.Core.Tests.Analysis.Records;

namespace Burden.Core.Tests.Analysis;

public class EvidenceAndCoverageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static AnalysisResult Run(IReadOnlyList<RequestRecord> requests, IReadOnlyList<CatalogueEntry>? catalogue = null, string? org = null, string period = "2022-11") =>
        AnalysisEngine.Analyse(new AnalysisInput(requests, catalogue ?? [], ReportingPeriod.Parse(period), org, Now), new AnalysisSettings(), AnalysisReference.Shipped);

    /// <summary>The sample log with every usage column emptied, as a real ICB log without them reads.</summary>
    private static List<RequestRecord> LogWithoutUsageColumns() =>
        [.. SampleFiles.LoadLog().Select(r => r with { Purpose = null, ApprovalRef = null })];

    [Fact]
    public void Analyse_RequestLogWithoutUsageColumns_RetiresNothing()
    {
        var result = Run(LogWithoutUsageColumns(), org: "QMM");

        Assert.DoesNotContain(result.Collections, c => c.Recommendation == Recommendation.Retire);
        Assert.DoesNotContain(result.Collections, c => c.Unused);
        Assert.All(result.Collections, c => Assert.Equal(UseStatus.Unknown, c.Use));
        var sitrep = result.Collections.Single(c => c.Id == "UECSITREP");
        Assert.NotEqual(Recommendation.Retire, sitrep.Recommendation);
        Assert.Contains(result.Collections, c => c.Recommendation == Recommendation.ConfirmPurpose && c.HoursSavedPerYear == 0);
        Assert.True(result.Totals.HoursSavedPerYear < result.Totals.HoursPerYear * 0.5,
            $"saving {result.Totals.HoursSavedPerYear} of {result.Totals.HoursPerYear} hours: only merges, automation and frequency may save");
    }

    [Fact]
    public void Analyse_NationalCatalogue_RetiresExactlyTheCollectionsLastUsedBeforeTheGracePeriod()
    {
        var catalogue = SampleFiles.LoadCatalogue();
        var result = Run([], catalogue, org: null);
        var asAt = new DateOnly(2022, 11, 30);
        var stale = catalogue.Where(c => c.LastUsed is { } u && asAt.DayNumber - u.DayNumber > 365).Select(c => c.CollectionRef).Order(StringComparer.Ordinal).ToList();

        var retired = result.Collections.Where(c => c.Recommendation == Recommendation.Retire).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(stale);
        Assert.Equal(stale, retired);
        Assert.All(result.Collections.Where(c => c.Recommendation == Recommendation.Retire), c => Assert.Contains(c.Evidence, e => e.StartsWith("last used ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Analyse_EveryRecommendation_CarriesEvidenceAndAConfidence()
    {
        var result = Run(SampleFiles.LoadLog(), SampleFiles.LoadCatalogue(), org: null);

        Assert.All(result.Collections.Where(c => c.Recommendation != Recommendation.Keep), c => Assert.NotEmpty(c.Evidence));
        Assert.Contains(result.Collections, c => c.Confidence == Confidence.High);
        Assert.Contains(result.Collections, c => c.Confidence == Confidence.Low);
    }

    [Fact]
    public void Analyse_Savings_SplitIntoEvidenceAndSuggestedThatAddUpToTheTotal()
    {
        var t = Run(SampleFiles.LoadLog(), SampleFiles.LoadCatalogue(), org: null).Totals;

        Assert.True(t.HoursSavedOnEvidencePerYear > 0);
        Assert.True(t.HoursSavedSuggestedPerYear > 0);
        Assert.Equal(0, t.HoursSavedAgreedPerYear);
        Assert.Equal(t.HoursSavedPerYear, t.HoursSavedAgreedPerYear + t.HoursSavedOnEvidencePerYear + t.HoursSavedSuggestedPerYear, 1);
        Assert.Equal(t.CostGbpSavedPerYear, t.CostGbpSavedAgreedPerYear + t.CostGbpSavedOnEvidencePerYear + t.CostGbpSavedSuggestedPerYear, 1);
    }

    [Fact]
    public void Analyse_ApprovedCollectionWithoutPurpose_AsksTheOwnerInsteadOfRetiring()
    {
        var result = Run([Request("Complaints return", Frequency.Quarterly, "Written complaints received; Complaints answered within 25 working days", "KO41A", purpose: null, approval: "DCB1521")], org: "QMM");

        var c = Assert.Single(result.Collections);
        Assert.Equal(Recommendation.ConfirmPurpose, c.Recommendation);
        Assert.Contains(c.Evidence, e => e.Contains("DCB1521", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyse_FinancialYearWithTwoMonths_SaysThePeriodIsOnlyPartlyCovered()
    {
        var requests = new[]
        {
            Request("Bed position", Frequency.AdHoc, "Beds open; Beds occupied", date: "2022-10-03"),
            Request("Bed position", Frequency.AdHoc, "Beds open; Beds occupied", date: "2022-11-03"),
            Request("Bed position", Frequency.AdHoc, "Beds open; Beds occupied", org: "QOC", date: "2022-11-04"),
        };

        var result = Run(requests, org: null, period: "2022/23");

        Assert.Equal(12, result.Coverage.Months.Count);
        Assert.False(result.Coverage.Complete);
        var qmm = result.Coverage.Organisations.Single(o => o.Org == "QMM");
        Assert.Equal(["2022-10", "2022-11"], qmm.MonthsWithRequests);
        Assert.Equal(10, qmm.MonthsMissing.Count);
        var statement = CoverageText.Statement(result.Coverage, result.Period);
        Assert.StartsWith("The period is only partly covered: QMM has requests in 2 of the 12 months of 2022/23 (2022-10, 2022-11); QOC has requests in 1 of the 12 months", statement, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_MonthWithRequests_IsCoveredCompletely()
    {
        var result = Run([Request("Bed position", Frequency.AdHoc, "Beds open; Beds occupied")], org: "QMM");

        Assert.True(result.Coverage.Complete);
        Assert.Equal("Every organisation has requests in 2022-11.", CoverageText.Statement(result.Coverage, result.Period));
    }
}
