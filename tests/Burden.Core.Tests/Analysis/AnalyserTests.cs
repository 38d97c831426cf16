using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Storage;
using NSubstitute;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Analysis;

public class AnalyserTests
{
    private static IBurdenStore Store()
    {
        var store = Substitute.For<IBurdenStore>();
        store.LoadRequestsAsync(Arg.Any<RequestQuery>(), Arg.Any<CancellationToken>()).Returns(SampleFiles.LoadLog());
        store.LoadCatalogueAsync(Arg.Any<CancellationToken>()).Returns(SampleFiles.LoadCatalogue());
        return store;
    }

    [Fact]
    public async Task AnalyseAsync_Scope_LoadsRequestsForThePeriodAndUpperCasedOrg()
    {
        var store = Store();
        var period = ReportingPeriod.Parse("2022-11");

        var result = await new Analyser().AnalyseAsync(store, new AnalysisScope(period, " qmm ", null));

        await store.Received(1).LoadRequestsAsync(new RequestQuery(period, "QMM"), Arg.Any<CancellationToken>());
        Assert.Equal("QMM", result.Org);
        Assert.Equal(20, result.Collections.Count(c => c.Frequency != Burden.Core.Catalogue.Frequency.AdHoc));
    }

    [Fact]
    public async Task AnalyseAsync_UnknownBaseline_FailsNamingIt()
    {
        var e = await Assert.ThrowsAsync<BurdenException>(() => new Analyser().AnalyseAsync(Store(), new AnalysisScope(null, null, "nope")));

        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateBaselineAsync_NewName_SavesSnapshotStampedByTheClock()
    {
        var store = Store();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

        var snapshot = await new Analyser(clock).CreateBaselineAsync(store, "reset", new AnalysisScope(ReportingPeriod.Parse("2022-11"), "QMM", null));

        await store.Received(1).SaveBaselineAsync(snapshot, Arg.Any<CancellationToken>());
        Assert.Equal(clock.GetUtcNow(), snapshot.CreatedAt);
        Assert.Equal("2022-11", snapshot.Period);
        Assert.Contains(snapshot.Collections, c => c.Id == "UECSITREP" && c.ItemKeys.Count == 9);
    }

    [Fact]
    public async Task CreateBaselineAsync_ExistingName_FailsAndSavesNothing()
    {
        var store = Store();
        store.LoadBaselineAsync("reset", Arg.Any<CancellationToken>()).Returns(new BaselineSnapshot("reset", null, null, DateTimeOffset.UnixEpoch, []));

        await Assert.ThrowsAsync<BurdenException>(() => new Analyser().CreateBaselineAsync(store, "reset", new AnalysisScope(null, null, null)));

        await store.DidNotReceive().SaveBaselineAsync(Arg.Any<BaselineSnapshot>(), Arg.Any<CancellationToken>());
    }
}
