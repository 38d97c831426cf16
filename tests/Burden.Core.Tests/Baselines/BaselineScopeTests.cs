using Burden.Core.Analysis;
using Burden.Core.Baselines;
using Burden.Core.Common;
using Burden.Core.Tests.Support;
using Burden.Storage;

namespace Burden.Core.Tests.Baselines;

public sealed class BaselineScopeTests
{
    [Theory]
    [InlineData("QOC", null, "baseline 'B' covers QOC; this analysis covers all organisations")]
    [InlineData(null, "QMM", "baseline 'B' covers all organisations; this analysis covers QMM")]
    [InlineData("QOC", "qmm", "baseline 'B' covers QOC; this analysis covers QMM")]
    public async Task AnalyseAsync_BaselineOfAnotherScope_IsRefusedNamingBothScopes(string? baselineOrg, string? analysisOrg, string expected)
    {
        using var dir = new TempDirectory();
        var store = await BurdenStores.OpenAsync(Path.Combine(dir.Path, "b.db"));
        await store.SaveBaselineAsync(new BaselineSnapshot("B", "2022-10", baselineOrg, DateTimeOffset.UnixEpoch, []));

        var refused = await Assert.ThrowsAsync<BaselineScopeException>(() =>
            new Analyser().AnalyseAsync(store, new AnalysisScope(ReportingPeriod.Parse("2022-11"), analysisOrg, "B")));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_SameOrganisationInAnotherCase_Matches()
    {
        Assert.True(BaselineScope.Matches(new BaselineSnapshot("B", null, "QMM", DateTimeOffset.UnixEpoch, []), "qmm"));
        Assert.True(BaselineScope.Matches(new BaselineSnapshot("B", null, null, DateTimeOffset.UnixEpoch, []), null));
        Assert.False(BaselineScope.Matches(new BaselineSnapshot("B", null, null, DateTimeOffset.UnixEpoch, []), "QMM"));
    }
}
