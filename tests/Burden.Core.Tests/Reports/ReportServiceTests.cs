using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Reports;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using ClosedXML.Excel;
using NSubstitute;

namespace Burden.Core.Tests.Reports;

/// <summary>A report is made from one load of the store and recorded once.</summary>
public sealed class ReportServiceTests
{
    [Fact]
    public async Task WriteAsync_OrganisationAgainstABaseline_LoadsRequestsAndBaselineOnceAndRecordsOnce()
    {
        using var temp = new TempDirectory();
        var store = Substitute.For<IBurdenStore>();
        store.LoadRequestsAsync(default!, default).ReturnsForAnyArgs(ReportSamples.Requests());
        store.LoadCatalogueAsync(default).ReturnsForAnyArgs(Array.Empty<CatalogueEntry>());
        store.ListFilesAsync(default).ReturnsForAnyArgs(ReportSamples.Files());
        store.LoadBaselineAsync(default!, default).ReturnsForAnyArgs(ReportSamples.Snapshot());
        var service = new ReportService(store, new Analyser(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(ReportSamples.GeneratedAt)));

        var output = await service.WriteAsync(new ReportRequest(ReportingPeriod.Parse("2022-11"), "qmm", false, "2022-10 reset"), temp.File("nov.xlsx"));

        await store.Received(1).LoadRequestsAsync(Arg.Is<RequestQuery>(q => q.OrgCode == "QMM"), Arg.Any<CancellationToken>());
        await store.Received(1).LoadBaselineAsync("2022-10 reset", Arg.Any<CancellationToken>());
        await store.Received(1).SaveReportAsync(
            Arg.Is<ReportRecord>(r => r.Name == "nov.xlsx" && r.Period == "2022-11" && r.OrgCode == "QMM" && r.Path == output.WorkbookPath),
            Arg.Any<CancellationToken>());
        Assert.Equal(ReportSamples.Requests().Count, output.Analysis.Totals.Requests);
        using var workbook = new XLWorkbook(output.WorkbookPath);
        Assert.True(workbook.Worksheets.Contains("Requests"));
    }
}
