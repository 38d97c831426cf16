using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Rationalise;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Analysis;

/// <summary>Acceptance: the committed samples go through the real ingest into a real SQLite file and give the review's case.</summary>
public sealed class SampleAcceptanceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<IBurdenStore> IngestSamplesAsync()
    {
        var store = await BurdenStores.OpenAsync(_dir.File("burden.db"));
        var pipeline = new IngestPipeline(store, time: new FakeTimeProvider(Now));
        foreach (var (file, kind) in new[] { ("icb-request-log-2022-11.csv", LogKind.RequestLog), ("national-catalogue.csv", LogKind.Catalogue) })
        {
            await using var stream = File.OpenRead(Repo.Path("samples", file));
            var outcome = await pipeline.IngestAsync(stream, file, null, kind);
            Assert.True(outcome.Rejected == 0, $"{file}: {outcome.Rejected} rows rejected");
        }
        return store;
    }

    [Fact]
    public async Task IngestThenAnalyse_November2022Sample_GivesTheReviewsCaseAndItsDuplicates()
    {
        var store = await IngestSamplesAsync();

        var result = await new Analyser(new FakeTimeProvider(Now)).AnalyseAsync(store, new AnalysisScope(ReportingPeriod.Parse("2022-11"), "QMM", null));

        var f = result.Totals.ByFrequency;
        Assert.Equal(3, f[Frequency.Daily].Collections);
        Assert.Equal(11, f[Frequency.Weekly].Collections);
        Assert.Equal(6, f[Frequency.Monthly].Collections);
        Assert.Equal(97, f[Frequency.AdHoc].Requests);

        string Id(string titleStart) => result.Collections.Single(c => c.Title.StartsWith(titleStart, StringComparison.Ordinal)).Id;
        bool Paired(string a, string b) => result.DuplicatePairs.Any(p => (p.A == a && p.B == b) || (p.A == b && p.B == a));
        Assert.True(Paired("UECSITREP", Id("Current bed position")), "ad hoc bed position is contained in the UEC daily SitRep");
        Assert.True(Paired("UECSITREP", result.Collections.Single(c => c.Title == "Ambulance handover delays snapshot").Id));
        Assert.True(Paired("RTT", "WLMDS"), "RTT and WLMDS share their items");
        Assert.True(Paired("MSITAE", Id("A&E 12 hour waits")));
        Assert.True(Paired("DM01", "DIAGWEEK"));
        Assert.False(Paired(Id("Staff flu vaccination"), Id("Staff COVID-19 booster")), "flu and COVID-19 uptake are different measures");
        Assert.False(Paired(Id("Cancer 62 day"), Id("Cancer 104 day")), "62 and 104 days are different measures");

        Assert.Equal(Recommendation.Merge, result.Collections.Single(c => c.Title == "Current bed position").Recommendation);
        Assert.Contains(result.Collections, c => c.Recommendation == Recommendation.Automate && c.AutomatableFrom.Contains("FDP national tenant acute flows"));
        Assert.True(result.Totals.ShareOutputOnly is > 0.5 and < 1, $"output-only share {result.Totals.ShareOutputOnly}");
    }

    [Fact]
    public async Task IngestThenAnalyse_NationalView_FindsDuplicatesBetweenRequesters()
    {
        var store = await IngestSamplesAsync();

        var result = await new Analyser(new FakeTimeProvider(Now)).AnalyseAsync(store, new AnalysisScope(null, null, null));

        // DHSC's elective activity tracker asks for what NHS England's weekly elective return already carries.
        var group = result.DuplicateGroups.Single(g => g.Collections.Contains("ELECTRACK"));
        Assert.Contains("ELECWEEK", group.Collections);
        Assert.Contains(result.Collections, c => c.Source == "catalogue" && c.Unused && c.Recommendation == Recommendation.Retire);
        Assert.Contains(result.Collections, c => c.Id == "CRITCARE" && c.Unapproved);
    }
}
