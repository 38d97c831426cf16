using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Reports;

namespace Burden.Core.Tests.Reports;

public sealed class ReportModelBuilderTests
{
    private static AnalysisTotals Totals(params (Frequency Frequency, int Collections, int Requests)[] counts) => new()
    {
        Requests = counts.Sum(c => c.Requests),
        Collections = counts.Sum(c => c.Collections),
        Hours = 0,
        HoursPerYear = 0,
        CostGbpPerYear = 0,
        SubmissionsPerYear = 0,
        ShareOutputOnly = 0,
        ShareAutomatable = 0,
        HoursSavedPerYear = 0,
        CostGbpSavedPerYear = 0,
        ByFrequency = Frequencies.All.ToDictionary(f => f, f =>
            counts.Where(c => c.Frequency == f).Select(c => new FrequencyTotals(c.Collections, c.Requests, 0, 0)).FirstOrDefault() ?? new FrequencyTotals(0, 0, 0, 0)),
    };

    [Fact]
    public void CountsSentence_ReviewsNovember2022Figures_ReadsLikeTheReview()
    {
        var totals = Totals((Frequency.Daily, 3, 90), (Frequency.Weekly, 11, 44), (Frequency.Monthly, 6, 6), (Frequency.AdHoc, 60, 97));

        Assert.Equal("3 daily, 11 weekly, 6 monthly returns and 97 ad hoc requests", ReportModelBuilder.CountsSentence(totals));
    }

    [Theory]
    [InlineData(0, 0, 1, "1 ad hoc request")]
    [InlineData(1, 0, 0, "1 monthly return")]
    [InlineData(0, 2, 0, "2 quarterly returns")]
    [InlineData(1, 1, 2, "1 monthly, 1 quarterly returns and 2 ad hoc requests")]
    [InlineData(0, 0, 0, "no returns and no ad hoc requests")]
    public void CountsSentence_FewOrNone_UsesSingularAndPluralCorrectly(int monthly, int quarterly, int adHocRequests, string expected)
    {
        var totals = Totals((Frequency.Monthly, monthly, monthly), (Frequency.Quarterly, quarterly, quarterly), (Frequency.AdHoc, adHocRequests, adHocRequests));

        Assert.Equal(expected, ReportModelBuilder.CountsSentence(totals));
    }

    [Fact]
    public void Build_Sample_SheetsAreTheIssuesEightInOrder()
    {
        var model = ReportModelBuilder.Build(ReportSamples.Input());

        Assert.Equal(["Summary", "Collections", "Duplicates", "Output-only", "Automatable", "Baseline", "Requests", "Method"], model.Sheets.Select(s => s.Name).ToArray());
    }

    [Fact]
    public void Build_Sample_TopSavingsAreLargestFirstAndOnlyRealSavings()
    {
        var model = ReportModelBuilder.Build(ReportSamples.Input());

        var savings = model.Table("TopSavings").Rows;
        Assert.Equal(["Waiting list minimum data set", ReportSamples.FormulaTitle, ReportSamples.MinusTitle], savings.Select(r => (string)r[0]!).ToArray());
        Assert.Equal([260.0, 30.0, 12.0], savings.Select(r => (double)r[4]!).ToArray());
    }

    [Fact]
    public void Build_Sample_CostInThePeriodUsesEachCollectionsLoadedRate()
    {
        var model = ReportModelBuilder.Build(ReportSamples.Input());

        var cost = model.Table("Headline").Rows.Single(r => (string)r[0]! == "Cost in the period");
        // Every sample collection costs £30 an hour, and 86.5 hours were spent.
        Assert.Equal(86.5 * 30, (double)((ReportCell)cost[1]!).Value!, 6);
        Assert.Equal(ReportFormat.Money, ((ReportCell)cost[1]!).Format);
    }

    [Fact]
    public void Build_OverRowCap_SpillsEveryRequestAndKeepsThemOffTheSheet()
    {
        var model = ReportModelBuilder.Build(ReportSamples.Input(requests: 12), new ReportOptions { RequestRowCap = 10 });

        Assert.NotNull(model.SpilledRequests);
        Assert.Equal(12, model.SpilledRequests!.Rows.Count);
        Assert.DoesNotContain(model.Sheet("Requests").Blocks, b => b is ReportTable { Id: "Requests" });
    }

    [Fact]
    public void Build_AtRowCap_KeepsRequestsOnTheSheet()
    {
        var model = ReportModelBuilder.Build(ReportSamples.Input(requests: 10), new ReportOptions { RequestRowCap = 10 });

        Assert.Null(model.SpilledRequests);
        Assert.Equal(10, model.Table("Requests").Rows.Count);
    }

    [Fact]
    public void Build_OneOrganisation_FilesOfOtherOrganisationsAreLeftOut()
    {
        var model = ReportModelBuilder.Build(ReportSamples.Input());

        Assert.Equal(["qmm-requests-2022-11.csv"], model.Table("Files").Rows.Select(r => (string)r[0]!).ToArray());
    }

    [Fact]
    public void Build_AllOrgs_AddsOrganisationColumnAndComparisonChart()
    {
        var model = ReportModelBuilder.Build(ReportSamples.Input(allOrgs: true));

        Assert.Equal("Organisations", model.Table("Collections").Columns[0].Header);
        Assert.Equal(["QMM", "RXX"], model.Table("ByOrganisation").Rows.Select(r => (string)r[0]!).ToArray());
        Assert.Contains(model.Sheet("Summary").Charts, c => c.TableId == "ByOrganisation");
    }

    [Fact]
    public void Build_Baseline_ListsAddedRetiredAndChangedWithDifferences()
    {
        var model = ReportModelBuilder.Build(ReportSamples.Input());

        var changes = model.Table("BaselineChanges").Rows;
        Assert.Equal(["Added", "Retired", "Program change"], changes.Select(r => (string)r[0]!).ToArray());
        Assert.Equal([12.0, -48.0, 200.0], changes.Select(r => (double)r[8]!).ToArray());
        Assert.Equal("NHS England Elective", changes[2][3]);
    }
}
