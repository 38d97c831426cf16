using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Rationalise;
using static Burden.Core.Tests.Analysis.Records;

namespace Burden.Core.Tests.Analysis;

public class AnalysisEngineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly ReportingPeriod November = ReportingPeriod.Parse("2022-11");

    private static AnalysisResult Run(IReadOnlyList<RequestRecord> requests, IReadOnlyList<CatalogueEntry>? catalogue = null, string? org = null, ReportingPeriod? period = null, AnalysisSettings? settings = null) =>
        AnalysisEngine.Analyse(new AnalysisInput(requests, catalogue ?? [], period ?? November, org, Now), settings ?? new AnalysisSettings(), AnalysisReference.Shipped);

    private static AnalysisResult Sample(string? org = "QMM") => Run(SampleFiles.LoadLog(), SampleFiles.LoadCatalogue(), org);

    [Fact]
    public void Analyse_SampleNovemberLog_GivesTheReviewsCounts()
    {
        var result = Sample();

        var f = result.Totals.ByFrequency;
        Assert.Equal(3, f[Frequency.Daily].Collections);
        Assert.Equal(11, f[Frequency.Weekly].Collections);
        Assert.Equal(6, f[Frequency.Monthly].Collections);
        Assert.Equal(97, f[Frequency.AdHoc].Requests);
        Assert.Equal(90, f[Frequency.Daily].Requests);
        Assert.Equal(44, f[Frequency.Weekly].Requests);
        Assert.Equal(237, result.Totals.Requests);
    }

    [Fact]
    public void Analyse_SampleNovemberLog_FindsPlantedDuplicates()
    {
        var result = Sample();
        string Id(string titleStart) => result.Collections.Single(c => c.Title.StartsWith(titleStart, StringComparison.Ordinal)).Id;
        bool Paired(string a, string b) => result.DuplicatePairs.Any(p => (p.A == a && p.B == b) || (p.A == b && p.B == a));

        var bedPosition = Id("Current bed position");
        var pair = result.DuplicatePairs.Single(p => (p.A == "UECSITREP" && p.B == bedPosition) || (p.B == "UECSITREP" && p.A == bedPosition));
        Assert.Equal(1.0, pair.Containment);
        Assert.Contains("G&A beds occupied", pair.SharedItems);
        Assert.Contains("UEC daily SitRep", pair.Reason, StringComparison.Ordinal);
        Assert.True(Paired("RTT", "WLMDS"));
        Assert.True(Paired("MSITAE", Id("A&E 12 hour waits")));
        Assert.True(Paired("DISCHSITREP", Id("Discharge delays position")));
        Assert.True(Paired("DM01", "DIAGWEEK"));

        var group = result.DuplicateGroups.Single(g => g.Collections.Contains(bedPosition));
        Assert.Equal("UECSITREP", group.Keep);
        var bed = result.Collections.Single(c => c.Id == bedPosition);
        Assert.Equal(Recommendation.Merge, bed.Recommendation);
        Assert.Equal(bed.HoursPerYear, bed.HoursSavedPerYear);
    }

    [Fact]
    public void Analyse_SampleNovemberLog_DoesNotMatchFluWithCovidOr62With104Days()
    {
        var result = Sample();
        string Id(string titleStart) => result.Collections.Single(c => c.Title.StartsWith(titleStart, StringComparison.Ordinal)).Id;
        var flu = Id("Staff flu vaccination uptake");
        var covid = Id("Staff COVID-19 booster uptake");
        var days62 = Id("Cancer 62 day backlog");
        var days104 = Id("Cancer 104 day waiters");

        Assert.DoesNotContain(result.DuplicatePairs, p => new[] { p.A, p.B }.Order().SequenceEqual(new[] { flu, covid }.Order()));
        Assert.DoesNotContain(result.DuplicatePairs, p => new[] { p.A, p.B }.Order().SequenceEqual(new[] { days62, days104 }.Order()));
        var blocked = result.BlockedPairs.Single(b => new[] { b.A, b.B }.Order().SequenceEqual(new[] { flu, covid }.Order()));
        Assert.Contains("flu", blocked.Reason, StringComparison.Ordinal);
        Assert.Contains("covid19", blocked.Reason, StringComparison.Ordinal);
        Assert.Null(result.Collections.Single(c => c.Id == flu).DuplicateGroup);
    }

    [Fact]
    public void Analyse_SameCollectionAcrossOrganisations_IsOneCollectionWithSummedBurden()
    {
        var requests = new[]
        {
            Request("Weekly workforce", Frequency.Weekly, "Staff in post; Vacancies", "WF1", org: "QMM", hours: 2),
            Request("Weekly workforce", Frequency.Weekly, "Staff in post; Vacancies", "wf1 ", org: "QOP", hours: 4),
            Request("Weekly workforce", Frequency.Weekly, "Staff in post; Vacancies", "WF1", org: "QOP", date: "2022-11-14", hours: 4),
        };

        var result = Run(requests);

        var c = Assert.Single(result.Collections);
        Assert.Equal("WF1", c.Id);
        Assert.Equal(2, c.Respondents);
        Assert.Equal(["QMM", "QOP"], c.Organisations);
        Assert.Equal(10, c.Hours);
        // 2 respondents × 52 a year × (10 hours / 3 submissions)
        Assert.Equal(Math.Round(2 * 52 * 10 / 3.0, 2), c.HoursPerYear);
        Assert.Equal(2, result.ByOrganisation.Count);
        Assert.Equal(c.HoursPerYear, result.ByOrganisation.Sum(o => o.HoursPerYear), 1);
    }

    [Fact]
    public void Analyse_RequestsWithoutRefAndNoisyTitles_GroupIntoOneCollection()
    {
        var requests = new[]
        {
            Request("Current bed position", Frequency.AdHoc, "Beds open; Beds occupied", date: "2022-11-01"),
            Request("URGENT: FW: current bed position request", Frequency.AdHoc, "Beds open; Beds occupied", date: "2022-11-09"),
            Request("RE: Current  Bed Position!", Frequency.AdHoc, "Beds open; Beds occupied", date: "2022-11-20"),
            Request("Current bed position", Frequency.AdHoc, "Beds open", requester: "CQC"),
        };

        var result = Run(requests);

        Assert.Equal(2, result.Collections.Count);
        var nhse = result.Collections.Single(c => c.Requester == "NHS England");
        Assert.Equal(3, nhse.Requests);
        Assert.Equal("Current bed position", nhse.Title);
        Assert.Equal(new DateOnly(2022, 11, 1), nhse.FirstReceived);
        Assert.Equal(new DateOnly(2022, 11, 20), nhse.LastReceived);
        // ad hoc: 3 requests in a month, annualised: 3 × 12 (whatever the month's length)
        Assert.Equal(3 * 12, nhse.SubmissionsPerYear);
    }

    [Fact]
    public void Analyse_AnyScope_WritesEveryFrequencyAndTotalsAddUp()
    {
        var result = Sample();

        Assert.Equal(Frequencies.All.Count, result.Totals.ByFrequency.Count);
        Assert.Equal(0, result.Totals.ByFrequency[Frequency.Fortnightly].Collections);
        Assert.Equal(result.Totals.Collections, result.Totals.ByFrequency.Values.Sum(f => f.Collections));
        Assert.Equal(result.Totals.HoursPerYear, result.Collections.Sum(c => c.HoursPerYear), 0);
        Assert.Equal(result.Totals.HoursPerYear, result.ByRequester.Sum(r => r.HoursPerYear), 0);
        Assert.Equal(result.Totals.Requests, result.ByOrganisation.Sum(r => r.Requests));
    }

    [Fact]
    public void Analyse_SampleNovemberLog_SavingsAreCountedOnceAndNeverExceedACollectionsHours()
    {
        var result = Sample(null);

        Assert.All(result.Collections, c => Assert.InRange(c.HoursSavedPerYear, 0, c.HoursPerYear + 0.01));
        Assert.Equal(result.Totals.HoursSavedPerYear, result.Collections.Sum(c => c.HoursSavedPerYear), 0);
        foreach (var g in result.DuplicateGroups)
        {
            var keeper = result.Collections.Single(c => c.Id == g.Keep);
            Assert.NotEqual(Recommendation.Merge, keeper.Recommendation);
            var members = result.Collections.Where(c => g.Collections.Contains(c.Id)).ToList();
            Assert.True(members.Sum(m => m.HoursSavedPerYear) <= members.Sum(m => m.HoursPerYear) + 0.01);
        }
        Assert.Contains(result.Collections, c => c.Recommendation == Recommendation.Retire);
        Assert.Contains(result.Collections, c => c.Recommendation == Recommendation.Automate);
        Assert.Contains(result.Collections, c => c.Recommendation == Recommendation.AddOutcomes);
        Assert.Contains(result.Collections, c => c.Recommendation == Recommendation.ReduceFrequency);
    }

    [Fact]
    public void Analyse_NationalView_TakesCatalogueRowsAsCollectionsButOrgViewOnlyBorrowsTheirFacts()
    {
        var requests = new[] { Request("UEC SitRep", Frequency.Daily, "G&A beds occupied; G&A beds open", "SIT1", purpose: null) };
        var catalogue = new[]
        {
            Entry("SIT1", "UEC SitRep", Frequency.Daily, "G&A beds occupied; G&A beds open", purpose: null, lastUsed: "2022-11-20"),
            Entry("KH03", "Bed availability", Frequency.Quarterly, "Beds open; Beds occupied", respondents: 150, hours: 3),
        };

        var national = Run(requests, catalogue, org: null);
        var local = Run(requests, catalogue, org: "QMM");

        Assert.Equal(["KH03", "SIT1"], national.Collections.Select(c => c.Id));
        var kh03 = national.Collections.Single(c => c.Id == "KH03");
        Assert.Equal("catalogue", kh03.Source);
        Assert.Equal(150 * 4 * 3, kh03.HoursPerYear);
        Assert.Equal(Math.Round(1800 * 23.82 * 1.25, 2), kh03.CostGbpPerYear, 1);
        var sit = Assert.Single(local.Collections);
        Assert.False(sit.Unused); // no purpose in the log, but the catalogue says it was used 10 days before the period ended
    }

    [Fact]
    public void Analyse_ItemsWithoutOutcome_AreOutputOnly()
    {
        var result = Run([
            Request("Activity", Frequency.Monthly, "A&E attendances; Emergency admissions", "A1"),
            Request("Quality", Frequency.Monthly, "A&E attendances; Emergency readmissions within 30 days", "Q1"),
        ]);

        Assert.True(result.Collections.Single(c => c.Id == "A1").OutputOnly);
        Assert.False(result.Collections.Single(c => c.Id == "Q1").OutputOnly);
        Assert.Equal(0.5, result.Totals.ShareOutputOnly);
    }

    [Fact]
    public void Analyse_WithBaseline_ComparesAgainstIt()
    {
        var before = Run([Request("Weekly beds", Frequency.Weekly, "Beds open; Beds occupied", "B1"), Request("Old", Frequency.Monthly, "Staff in post; Vacancies", "OLD")]);
        var snapshot = AnalysisEngine.Snapshot("reset", before, Now);
        var now = AnalysisEngine.Analyse(new AnalysisInput([Request("Weekly beds", Frequency.Monthly, "Beds open; Beds occupied", "B1")], [], November, null, Now, snapshot), new AnalysisSettings(), AnalysisReference.Shipped);

        Assert.NotNull(now.Baseline);
        Assert.Equal("OLD", Assert.Single(now.Baseline.Retired).Id);
        var change = Assert.Single(now.Baseline.Changed);
        Assert.Equal(ChangeKind.ProgramChange, change.Kind);
        Assert.Equal("frequency weekly -> monthly", change.What);
        Assert.Equal(2, now.Baseline.Deltas["collections"].Baseline);
        Assert.Equal(1, now.Baseline.Deltas["collections"].Current);
    }

    [Fact]
    public void Analyse_NoRecords_GivesZerosWithEveryFrequency()
    {
        var result = Run([]);

        Assert.Empty(result.Collections);
        Assert.Equal(0, result.Totals.HoursPerYear);
        Assert.Equal(0, result.Totals.ShareOutputOnly);
        Assert.Equal(Frequencies.All.Count, result.Totals.ByFrequency.Count);
    }
}
