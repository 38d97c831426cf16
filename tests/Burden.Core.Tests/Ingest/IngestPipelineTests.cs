using System.Text;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using NSubstitute;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Ingest;

public class IngestPipelineTests
{
    private const string Header = CsvTableTests.Header;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);

    private readonly PipelineFake _fake = new();

    private IngestPipeline Pipeline(IngestOptions? options = null) => new(_fake.Store, options, new FakeTimeProvider(Now));

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task IngestAsync_MessySample_AcceptedPlusRejectedEqualsRowsRead()
    {
        await using var file = File.OpenRead(Repo.Path("samples", "messy-request-log.csv"));
        var outcome = await Pipeline().IngestAsync(file, "samples/messy-request-log.csv", null, null);

        Assert.Equal(IngestStatus.Stored, outcome.Status);
        Assert.Equal("messy-request-log.csv", outcome.File);
        var (stored, request, rows) = Assert.Single(_fake.Files);
        Assert.Equal(rows.Count, outcome.Accepted + outcome.Rejected);
        Assert.Equal(rows.Count(r => r.Accepted), outcome.Accepted);
        Assert.True(outcome.Accepted > 0 && outcome.Rejected > 0);
        Assert.Equal(LogKind.RequestLog, request.Kind);
        Assert.Equal(Now, request.IngestedAt);
        Assert.Equal("messy-request-log.csv", request.Name);
        Assert.Equal(["Notes"], outcome.SetAside);
        Assert.Null(outcome.Refusal);
        Assert.Null(outcome.Earlier);
        Assert.Equal(stored.Id, outcome.FileId);
    }

    [Fact]
    public async Task IngestAsync_SameContentTwice_SecondSkippedWithEarlierCountsAndNothingStoredTwice()
    {
        var text = $"{Header}\nQMM,01/11/2022,NHSE,T,monthly,x,1\nQMM,31/02/2022,NHSE,T,monthly,x,1\n";
        var first = await Pipeline().IngestAsync(Csv(text), "a.csv", null, null);
        // Same bytes under another name, arriving through a forward-only stream: still the same content.
        var second = await Pipeline().IngestAsync(new CsvTableTests.ForwardOnlyStream(Csv(text)), "b.csv", null, null);

        Assert.Equal(IngestStatus.Stored, first.Status);
        Assert.Equal(IngestStatus.Skipped, second.Status);
        Assert.Equal((1, 1), (second.Accepted, second.Rejected));
        Assert.Equal(first.FileId, second.FileId);
        Assert.Equal("a.csv", second.Earlier?.Name);
        Assert.Equal(first.FileId, second.Earlier?.Id);
        Assert.Single(_fake.Files);
        await _fake.Store.Received(1).SaveFileAsync(Arg.Any<NewFile>(), Arg.Any<IEnumerable<ParsedRow>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task IngestAsync_HashIsSha256OfTheBytes()
    {
        var bytes = Encoding.UTF8.GetBytes($"{Header}\nQMM,01/11/2022,NHSE,T,monthly,x,1\n");
        await Pipeline().IngestAsync(new MemoryStream(bytes), "a.csv", null, null);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), _fake.Files[0].Request.Sha256);
    }

    [Fact]
    public async Task IngestAsync_MissingRequiredColumn_RefusedAndStoreNotAsked()
    {
        var outcome = await Pipeline().IngestAsync(Csv("org_code,received_date,title,frequency,data_items\nQMM,01/11/2022,T,monthly,x\n"), "log.csv", null, null);

        Assert.Equal(IngestStatus.Refused, outcome.Status);
        Assert.Null(outcome.FileId);
        Assert.Equal(RefusalKind.MissingColumns, outcome.Refusal?.Kind);
        Assert.Equal(["requester"], outcome.Refusal?.MissingColumns);
        Assert.StartsWith("missing required column requester", outcome.Refusal?.Reason);
        Assert.False(outcome.Refusal?.NeedsOrgCode);
        await _fake.Store.DidNotReceiveWithAnyArgs().SaveFileAsync(default!, default!, default);
    }

    [Fact]
    public async Task IngestAsync_RefusedPartWay_NothingStored()
    {
        // Header and two good rows, then a sheet part whose declared size is a lie: reading fails after rows were handed to the store.
        var bytes = RawXlsx.TruncatedAfterTwoRequests();
        var handed = new List<ParsedRow>();
        _fake.Store.SaveFileAsync(Arg.Any<NewFile>(), Arg.Any<IEnumerable<ParsedRow>>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                foreach (var row in call.Arg<IEnumerable<ParsedRow>>())
                {
                    handed.Add(row);
                }
                return Task.FromResult<StoredFile>(null!);
            });

        var outcome = await Pipeline().IngestAsync(new MemoryStream(bytes), "partial.xlsx", null, null);

        Assert.Equal(IngestStatus.Refused, outcome.Status);
        Assert.Equal(2, handed.Count);
        Assert.Empty(_fake.Files);
        Assert.Equal(RefusalKind.Damaged, outcome.Refusal?.Kind);
        Assert.Contains("not a readable .xlsx workbook", outcome.Refusal?.Reason);
    }

    [Fact]
    public async Task IngestAsync_StoreFails_ExceptionPropagates()
    {
        _fake.Store.SaveFileAsync(Arg.Any<NewFile>(), Arg.Any<IEnumerable<ParsedRow>>(), Arg.Any<CancellationToken>())
            .Returns<Task<StoredFile>>(_ => throw new IOException("disk full"));
        await Assert.ThrowsAsync<IOException>(() => Pipeline().IngestAsync(Csv($"{Header}\nQMM,01/11/2022,NHSE,T,monthly,x,1\n"), "a.csv", null, null));
    }

    [Fact]
    public async Task IngestAsync_OrgOption_RecordedAndUsedForRows()
    {
        var outcome = await Pipeline().IngestAsync(Csv("received_date,requester,title,frequency,data_items\n01/11/2022,NHSE,T,monthly,x\n"), "a.csv", " QMM ", null);
        Assert.Equal(IngestStatus.Stored, outcome.Status);
        Assert.Equal("QMM", _fake.Files[0].Request.OrgCode);
        Assert.Equal("QMM", _fake.Files[0].Rows[0].Request!.OrgCode);
    }

    [Fact]
    public async Task IngestAsync_NoOrgColumnAndNoOrg_Refused()
    {
        var outcome = await Pipeline().IngestAsync(Csv("received_date,requester,title,frequency,data_items\n01/11/2022,NHSE,T,monthly,x\n"), "a.csv", null, null);
        Assert.Equal(IngestStatus.Refused, outcome.Status);
        Assert.Equal(RefusalKind.MissingColumns, outcome.Refusal?.Kind);
        Assert.True(outcome.Refusal?.NeedsOrgCode);
        Assert.DoesNotContain("--org", outcome.Refusal?.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task IngestAsync_OverSizeLimit_RefusedWhetherOrNotSeekable(bool seekable)
    {
        Stream content = Csv($"{Header}\nQMM,01/11/2022,NHSE,T,monthly,x,1\n");
        if (!seekable)
        {
            content = new CsvTableTests.ForwardOnlyStream(content);
        }
        var outcome = await Pipeline(new IngestOptions { MaxFileBytes = 20 }).IngestAsync(content, "big.csv", null, null);
        Assert.Equal(IngestStatus.Refused, outcome.Status);
        Assert.Equal(RefusalKind.TooLarge, outcome.Refusal?.Kind);
        Assert.Contains("larger than the limit", outcome.Refusal?.Reason);
        await _fake.Store.DidNotReceiveWithAnyArgs().FindFileByHashAsync(default!, default);
    }

    [Fact]
    public async Task IngestAsync_LongFile_ProgressReportedAsRowsAreRead()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 25_000; i++)
        {
            text.Append("QMM,01/11/2022,NHSE,T,monthly,x,1\n");
        }
        var reports = new List<long>();
        await Pipeline().IngestAsync(Csv(text.ToString()), "long.csv", null, null, progress: new SyncProgress(reports.Add));
        Assert.Equal([10_000L, 20_000L], reports);
    }

    [Fact]
    public async Task IngestAsync_CatalogueRecognised_KindStored()
    {
        var outcome = await Pipeline().IngestAsync(Csv("collection_ref,title,requester,frequency,data_items,respondents,hours_per_submission\nR1,T,NHSE,monthly,x,42,1.5\n"), "cat.csv", null, null);
        Assert.Equal(LogKind.Catalogue, outcome.Kind);
        Assert.Equal(LogKind.Catalogue, _fake.Files[0].Request.Kind);
        Assert.Equal(42, _fake.Files[0].Rows[0].Catalogue!.Respondents);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
