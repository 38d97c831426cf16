using System.Text;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Reports;
using Burden.Core.Tests.Support;
using Burden.Storage;
using Burden.Worker.Hosting;
using Burden.Worker.Jobs;
using Burden.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Tests.Jobs;

public class ReportJobTests
{
    [Theory]
    [InlineData("2022-11", "QMM", "burden-QMM-2022-11.xlsx")]
    [InlineData("2022-11", null, "burden-ALL-2022-11.xlsx")]
    [InlineData("2025/26", "RXH", "burden-RXH-2025-26.xlsx")]
    [InlineData("2022-11", "../../etc", "burden-______ETC-2022-11.xlsx")]
    public void NameOf_PeriodAndOrg_FileNameWithoutFolders(string period, string? org, string expected)
    {
        // A code stored before schema version 3 is read back without the check, so the name still guards itself.
        Assert.Equal(expected, ReportJob.NameOf(ReportingPeriod.Parse(period), org is null ? null : OrgCode.FromStored(org)));
    }

    [Fact]
    public async Task RunAsync_OrganisationWithNoRequests_SkipsWithALogLineAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var store = await BurdenStores.OpenAsync(dir.File("burden.db"));
        await new IngestPipeline(store).IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(SampleLogs.NovemberAllGood)), "qmm.csv", "QMM", null);
        var log = new ListLogger();
        var folders = new DataFolders(dir.File("data"));
        var job = new ReportJob(store, new ReportService(store, new Analyser()), folders, new ServeOptions(), log, new Hangfire.InMemory.InMemoryStorage());

        await job.RunAsync("2022-11", "ZZZ", CancellationToken.None);
        await job.RunAsync("2022-11", "QMM", CancellationToken.None);

        Assert.Contains("No requests are stored for ZZZ; no report written for 2022-11 (organisations with data: QMM)", log.Lines);
        Assert.Equal(["burden-QMM-2022-11.xlsx"], (await store.ListReportsAsync()).Select(r => r.Name));
    }

    private sealed class ListLogger : ILogger<ReportJob>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
