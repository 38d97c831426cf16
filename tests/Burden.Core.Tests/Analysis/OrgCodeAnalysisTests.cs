using Microsoft.Extensions.Time.Testing;
using System.Text;
using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Reports;
using Burden.Core.Storage;
using Burden.Core.Tests.Storage;

namespace Burden.Core.Tests.Analysis;

/// <summary>A log whose organisation code is typed in two cases, ingested into a real SQLite file and analysed.</summary>
public sealed class OrgCodeAnalysisTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly SqliteStoreProvider _provider = new();
    private IBurdenStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await _provider.OpenAsync(await _provider.CreateDatabaseAsync(), TimeProvider.System);
        var csv = "org_code,received_date,requester,title,frequency,data_items,hours_spent\n" +
            "qmm,01/11/2022,NHSE,Weekly SitRep,weekly,Beds open; Beds occupied,2\n" +
            "QMM,08/11/2022,NHSE,Weekly SitRep,weekly,Beds open; Beds occupied,2\n" +
            " Qmm ,14/11/2022,CQC,Maternity staffing query,ad hoc,Midwives in post,4\n" +
            "RXH,15/11/2022,CQC,Maternity staffing query,ad hoc,Midwives in post,1\n";
        var outcome = await new IngestPipeline(_store).IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "log.csv", null, null);
        Assert.Equal((IngestStatus.Stored, 4, 0), (outcome.Status, outcome.Accepted, outcome.Rejected));
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task AnalyseAsync_OrgTypedInTwoCases_OrganisationViewCountsEveryRow()
    {
        var analyser = new Analyser(new FakeTimeProvider(Now));
        var november = ReportingPeriod.Parse("2022-11");

        var one = await analyser.AnalyseAsync(_store, new AnalysisScope(november, "QMM", null));
        var all = await analyser.AnalyseAsync(_store, new AnalysisScope(november, null, null));

        Assert.Equal(3, one.Totals.Requests);
        Assert.Equal(3, all.ByOrganisation.Single(o => o.Name == "QMM").Requests);
        Assert.Equal(["QMM", "RXH"], (await _store.ListOrganisationsAsync(november)).Select(o => o.ToString()));
    }

    [Fact]
    public async Task AnalyseAsync_OrgGivenInLowerCase_SameAsUpperCase()
    {
        var analyser = new Analyser(new FakeTimeProvider(Now));
        var november = ReportingPeriod.Parse("2022-11");

        var lower = await analyser.AnalyseAsync(_store, new AnalysisScope(november, "qmm", null));

        Assert.Equal(3, lower.Totals.Requests);
    }
}
