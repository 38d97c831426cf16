using System.Text;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Storage;
using Burden.Core.Tests.Support;

namespace Burden.Core.Tests.Ingest;

/// <summary>The pipeline against a real SQLite file: what a user would find stored afterwards.</summary>
public sealed class IngestPipelineSqliteTests : IAsyncLifetime
{
    private readonly SqliteStoreProvider _provider = new();
    private IBurdenStore _store = null!;

    public async Task InitializeAsync() =>
        _store = await _provider.OpenAsync(await _provider.CreateDatabaseAsync(), TimeProvider.System);

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task IngestAsync_MessySample_StoredCountsAddUpAndTextKeptExactly()
    {
        await using var file = File.OpenRead(Repo.Path("samples", "messy-request-log.csv"));
        var outcome = await new IngestPipeline(_store).IngestAsync(file, "messy-request-log.csv", null, null);

        var stored = Assert.Single(await _store.ListFilesAsync());
        Assert.Equal(stored.RowsRead, stored.Accepted + stored.Rejected);
        Assert.Equal((stored.Accepted, stored.Rejected), (outcome.Accepted, outcome.Rejected));
        var requests = await _store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(outcome.Accepted, requests.Count);
        Assert.Contains(requests, r => r.Title == "=HYPERLINK(\"https://example.org/cqc/maternity\",\"Maternity staffing query\")");
        var multiLine = Assert.Single(requests, r => r.Title == "Diagnostics \"DM01\" cross-check");
        Assert.Equal(["Imaging tests waiting", "Endoscopy tests waiting", "Physiological measurement tests waiting"], multiLine.DataItems);
        Assert.Contains(requests, r => r.ReceivedDate == new DateOnly(2022, 11, 12));

        var rejects = await _store.LoadRejectsAsync("messy-request-log.csv");
        Assert.Equal(outcome.Rejected, rejects.Select(r => r.Issue.Line).Distinct().Count());
        Assert.Contains(rejects, r => r.Issue.ToString() == "messy-request-log.csv line 4, column received_date: '31/02/2022' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
        // The row after the multi-line cell (lines 9 to 12) starts on line 13.
        Assert.Contains(rejects, r => r.Issue.Line == 14 && r.Issue.Value == "11/25/2022");
    }

    [Fact]
    public async Task IngestAsync_SameFileTwice_SecondSkippedAndNothingCountedTwice()
    {
        var bytes = Encoding.UTF8.GetBytes($"{CsvTableTests.Header}\nQMM,01/11/2022,NHSE,T,monthly,x,1\nQMM,31/02/2022,NHSE,T,monthly,x,1\n");
        var pipeline = new IngestPipeline(_store);
        await pipeline.IngestAsync(new MemoryStream(bytes), "log.csv", null, null);
        var second = await pipeline.IngestAsync(new MemoryStream(bytes), "log-copy.csv", null, null);

        Assert.Equal(IngestStatus.Skipped, second.Status);
        Assert.Single(await _store.ListFilesAsync());
        Assert.Single(await _store.LoadRequestsAsync(new RequestQuery(null, null)));
        Assert.Single(await _store.LoadRejectsAsync());
    }

    private const string LogHeader = "org_code,received_date,requester,title,frequency,data_items,hours_spent";

    private static MemoryStream Csv(params string[] rows) => new(Encoding.UTF8.GetBytes(LogHeader + "\n" + string.Join("\n", rows) + "\n"));

    [Fact]
    public async Task IngestAsync_CumulativeLogAfterItsFirstMonth_StoresDecemberOnceAndSaysNovemberWasKept()
    {
        string[] november =
        [
            "QMM,01/11/2022,NHSE,Weekly SitRep,weekly,Beds open; Beds occupied,2",
            "QMM,08/11/2022,NHSE,Weekly SitRep,weekly,Beds open; Beds occupied,2.5",
            "QMM,14/11/2022,CQC,Maternity staffing query,ad hoc,Midwives in post,4",
        ];
        string[] december =
        [
            "QMM,05/12/2022,NHSE,Weekly SitRep,weekly,Beds open; Beds occupied,2",
            "QMM,06/12/2022,CQC,Maternity follow-up,ad hoc,Midwives in post,1",
        ];
        var pipeline = new IngestPipeline(_store);
        await pipeline.IngestAsync(Csv(november), "qmm-log.csv", null, null);

        // The team's running log: November retyped a little (hours corrected, case changed) and December added.
        var running = await pipeline.IngestAsync(
            Csv([.. november.Select(r => r.Replace(",2.5", ",3", StringComparison.Ordinal).Replace("Weekly SitRep", "weekly sitrep", StringComparison.Ordinal)), .. december]),
            "qmm-log.csv", null, null);

        Assert.Equal(IngestStatus.Stored, running.Status);
        Assert.Equal((5, 0, 3), (running.Accepted, running.Rejected, running.AlreadyStored));
        Assert.Empty(running.SetAside);
        var requests = await _store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(5, requests.Count);
        Assert.Equal(2, requests.Count(r => r.ReceivedDate.Month == 12));
        Assert.Equal(2.5m, requests.Single(r => r.ReceivedDate == new DateOnly(2022, 11, 8)).HoursSpent);
        Assert.Equal(2, (await _store.ListFilesAsync()).Count);
    }

    [Fact]
    public async Task IngestAsync_CorrectedFileUploadedAgain_AddsOnlyTheFixedRow()
    {
        const string good1 = "QMM,01/11/2022,NHSE,Weekly SitRep,weekly,Beds open,2";
        const string good2 = "QMM,02/11/2022,NHSE,Daily SitRep,daily,Beds open,1";
        var pipeline = new IngestPipeline(_store);
        var first = await pipeline.IngestAsync(Csv(good1, "QMM,31/02/2022,CQC,Staffing query,ad hoc,Nurses in post,3", good2), "log.csv", null, null);

        var corrected = await pipeline.IngestAsync(Csv(good1, "QMM,28/02/2022,CQC,Staffing query,ad hoc,Nurses in post,3", good2), "log.csv", null, null);

        Assert.Equal((2, 1, 0), (first.Accepted, first.Rejected, first.AlreadyStored));
        Assert.Equal((3, 0, 2), (corrected.Accepted, corrected.Rejected, corrected.AlreadyStored));
        Assert.Equal(IngestStatus.Stored, corrected.Status);
        var requests = await _store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(3, requests.Count);
        Assert.Single(requests, r => r.Title == "Staffing query" && r.ReceivedDate == new DateOnly(2022, 2, 28));
    }

    [Fact]
    public async Task IngestAsync_RefusedPartWay_NothingOfTheFileStored()
    {
        var bytes = RawXlsx.TruncatedAfterTwoRequests();

        var outcome = await new IngestPipeline(_store).IngestAsync(new MemoryStream(bytes), "partial.xlsx", null, null);

        Assert.Equal(IngestStatus.Refused, outcome.Status);
        Assert.Empty(await _store.ListFilesAsync());
        Assert.Empty(await _store.LoadRequestsAsync(new RequestQuery(null, null)));
    }

    [Fact]
    public async Task IngestAsync_StoppedPartWay_NothingOfTheFileStoredAndRetryStoresIt()
    {
        var text = new StringBuilder(CsvTableTests.Header).Append('\n');
        for (var i = 0; i < 25_000; i++)
        {
            text.Append("QMM,01/11/2022,NHSE,T").Append(i).Append(",monthly,x,1\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        using var stop = new CancellationTokenSource();
        var pipeline = new IngestPipeline(_store);

        // Stopped after 10,000 rows were handed to the store, as a killed process would be.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            pipeline.IngestAsync(new MemoryStream(bytes), "long.csv", null, null, stop.Token, new StopAt(stop)));

        Assert.Empty(await _store.ListFilesAsync());
        Assert.Empty(await _store.LoadRequestsAsync(new RequestQuery(null, null)));
        var retry = await pipeline.IngestAsync(new MemoryStream(bytes), "long.csv", null, null);
        Assert.Equal((IngestStatus.Stored, 25_000), (retry.Status, retry.Accepted));
    }

    private sealed class StopAt(CancellationTokenSource stop) : IProgress<long>
    {
        public void Report(long value) => stop.Cancel();
    }
}
