using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Analysis;

/// <summary>The analyser over a real SQLite store holding the committed samples.</summary>
public sealed class SqliteAnalysisTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<IBurdenStore> StoreWithSamplesAsync()
    {
        var store = await BurdenStores.OpenAsync(_dir.File("burden.db"));
        var log = SampleFiles.LoadLog();
        await store.SaveFileAsync(new NewFile("icb-request-log-2022-11.csv", new string('a', 64), LogKind.RequestLog, "QMM", Now), log.Select(r => new ParsedRow { Line = r.SourceLine, Request = r }));
        var catalogue = SampleFiles.LoadCatalogue();
        await store.SaveFileAsync(new NewFile("national-catalogue.csv", new string('b', 64), LogKind.Catalogue, null, Now), catalogue.Select(c => new ParsedRow { Line = c.SourceLine, Catalogue = c }));
        return store;
    }

    [Fact]
    public async Task AnalyseAsync_SamplesInSqlite_GiveTheReviewsCountsAndDuplicates()
    {
        var store = await StoreWithSamplesAsync();

        var result = await new Analyser(new FakeTimeProvider(Now)).AnalyseAsync(store, new AnalysisScope(ReportingPeriod.Parse("2022-11"), "QMM", null));

        Assert.Equal(3, result.Totals.ByFrequency[Frequency.Daily].Collections);
        Assert.Equal(11, result.Totals.ByFrequency[Frequency.Weekly].Collections);
        Assert.Equal(6, result.Totals.ByFrequency[Frequency.Monthly].Collections);
        Assert.Equal(97, result.Totals.ByFrequency[Frequency.AdHoc].Requests);
        var bed = result.Collections.Single(c => c.Title == "Current bed position");
        Assert.Contains(result.DuplicatePairs, p => (p.A == "UECSITREP" && p.B == bed.Id) || (p.B == "UECSITREP" && p.A == bed.Id));
        var flu = result.Collections.Single(c => c.Title.StartsWith("Staff flu", StringComparison.Ordinal)).Id;
        var covid = result.Collections.Single(c => c.Title.StartsWith("Staff COVID-19", StringComparison.Ordinal)).Id;
        Assert.DoesNotContain(result.DuplicatePairs, p => (p.A == flu && p.B == covid) || (p.A == covid && p.B == flu));
    }

    [Fact]
    public async Task CreateBaselineAsync_ThenAnalyseAgainstIt_RoundTripsThroughSqlite()
    {
        var store = await StoreWithSamplesAsync();
        var analyser = new Analyser(new FakeTimeProvider(Now));
        var scope = new AnalysisScope(ReportingPeriod.Parse("2022-11"), "QMM", null);

        var snapshot = await analyser.CreateBaselineAsync(store, "reset-2022-11", scope);
        var result = await analyser.AnalyseAsync(store, scope with { BaselineName = "reset-2022-11" });

        Assert.Equal("reset-2022-11", Assert.Single(await store.ListBaselinesAsync()).Name);
        Assert.NotNull(result.Baseline);
        Assert.Empty(result.Baseline.Added);
        Assert.Empty(result.Baseline.Retired);
        Assert.Empty(result.Baseline.Changed);
        Assert.Equal(snapshot.Collections.Count, result.Baseline.Deltas["collections"].Baseline);
        await Assert.ThrowsAsync<BurdenException>(() => analyser.CreateBaselineAsync(store, "reset-2022-11", scope));
    }
}
