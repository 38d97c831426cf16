using System.Text;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Storage;

namespace Burden.Core.Tests.Ingest;

/// <summary>What a hostile file can make the store keep is bounded: columns, cell length, rejects, messages, organisation codes.</summary>
public sealed class IngestLimitsTests : IAsyncLifetime
{
    private const string Header = "org_code,received_date,requester,title,frequency,data_items,hours_spent";
    private readonly SqliteStoreProvider _provider = new();
    private IBurdenStore _store = null!;

    public async Task InitializeAsync() =>
        _store = await _provider.OpenAsync(await _provider.CreateDatabaseAsync(), TimeProvider.System);

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    private Task<IngestOutcome> IngestAsync(string text, IngestOptions? options = null) =>
        new IngestPipeline(_store, options).IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "hostile.csv", null, null);

    [Fact]
    public async Task IngestAsync_MillionColumnHeader_RefusedWithShortMessageAndNothingStored()
    {
        var header = new StringBuilder(Header);
        for (var i = 0; i < 1_000_000; i++)
        {
            header.Append(",x").Append(i);
        }

        var outcome = await IngestAsync(header + "\nQMM,01/11/2022,NHSE,T,monthly,beds,1\n");

        Assert.Equal(IngestStatus.Refused, outcome.Status);
        Assert.Equal(RefusalKind.TooManyColumns, outcome.Refusal?.Kind);
        Assert.Equal("the header row has 1,000,007 columns (expected at most 1,000; remove the columns that are not part of the log)", outcome.Refusal?.Reason);
        Assert.Empty(await _store.ListFilesAsync());
    }

    [Fact]
    public async Task IngestAsync_ManyUnknownColumnsWithinLimit_MessageListsTwentyAndCountsTheRest()
    {
        var header = Header + string.Concat(Enumerable.Range(0, 900).Select(i => $",extra{i}"));

        var outcome = await IngestAsync(header + "\nQMM,01/11/2022,NHSE,T,monthly,beds,1\n");

        Assert.Equal(IngestStatus.Stored, outcome.Status);
        // The edges list twenty of them and count the rest (IngestWordingTests).
        Assert.Equal(900, outcome.SetAside.Count);
        Assert.Equal(["extra0", "extra1"], outcome.SetAside.Take(2));
    }

    [Fact]
    public async Task IngestAsync_CellOverExcelLimit_RowRejectedNamingLineAndColumnAndValueCut()
    {
        var huge = new string('A', 45 * 1024 * 1024);

        var outcome = await IngestAsync($"{Header}\nQMM,01/11/2022,NHSE,ok,monthly,beds,1\nQMM,02/11/2022,NHSE,{huge},monthly,beds,1\n");

        Assert.Equal((1, 1), (outcome.Accepted, outcome.Rejected));
        var reject = Assert.Single(await _store.LoadRejectsAsync("hostile.csv")).Issue;
        Assert.Equal(3, reject.Line);
        Assert.Equal("title", reject.Column);
        Assert.Equal("the cell holds 47,185,920 characters (expected at most 32,767, Excel's own limit)", reject.Message);
        Assert.True(reject.Value!.Length <= 100, "the stored value is cut");
        Assert.DoesNotContain(await _store.LoadRequestsAsync(new RequestQuery(null, null)), r => r.Title.Length > 32_767);
    }

    [Fact]
    public async Task IngestAsync_CellAtExcelLimit_Accepted()
    {
        var outcome = await IngestAsync($"{Header}\nQMM,01/11/2022,NHSE,{new string('T', 32_767)},monthly,beds,1\n");

        Assert.Equal((1, 0), (outcome.Accepted, outcome.Rejected));
    }

    [Fact]
    public async Task IngestAsync_FiveThousandBadRows_AllCountedOnlyHundredStoredWithReasons()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 5_000; i++)
        {
            text.Append("QMM,31/02/2022,NHSE,T").Append(i).Append(",monthly,beds,1\n");
        }

        var outcome = await IngestAsync(text.ToString());

        Assert.Equal((0, 5_000), (outcome.Accepted, outcome.Rejected));
        Assert.Equal(5_000, Assert.Single(await _store.ListFilesAsync()).Rejected);
        var rejects = await _store.LoadRejectsAsync("hostile.csv");
        Assert.Equal(100, rejects.Select(r => r.Issue.Line).Distinct().Count());
        Assert.Equal(2, rejects.Min(r => r.Issue.Line));
        Assert.Equal(100, outcome.RejectsKept);
    }

    [Fact]
    public async Task IngestAsync_LongBadValue_StoredMessageAndValueCapped()
    {
        var junk = new string('9', 30_000);

        await IngestAsync($"{Header}\nQMM,{junk},NHSE,T,monthly,beds,1\n");

        var reject = Assert.Single(await _store.LoadRejectsAsync("hostile.csv")).Issue;
        Assert.Equal("received_date", reject.Column);
        Assert.True(reject.Message.Length <= IngestOptions.Default.MaxMessageChars, $"message of {reject.Message.Length} characters");
        Assert.True(reject.Value!.Length <= IngestOptions.Default.MaxMessageChars, $"value of {reject.Value.Length} characters");
        Assert.EndsWith("more characters)", reject.Value);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("../../etc")]
    [InlineData("QM")]
    [InlineData("ABCDEFGHIJK")]
    [InlineData("Q M M")]
    public async Task IngestAsync_HostileOrgCode_RowRejectedAndNoSuchOrganisation(string org)
    {
        var outcome = await IngestAsync($"{Header}\nQMM,01/11/2022,NHSE,ok,monthly,beds,1\n\"{org}\",01/11/2022,NHSE,T,monthly,beds,1\n");

        Assert.Equal((1, 1), (outcome.Accepted, outcome.Rejected));
        var reject = Assert.Single(await _store.LoadRejectsAsync("hostile.csv")).Issue;
        Assert.Equal("org_code", reject.Column);
        Assert.Contains("is not an organisation code (expected an ODS code of 3 to 10 letters and digits", reject.Message);
        Assert.Equal(["QMM"], await _store.ListOrganisationsAsync(null));
    }

    [Theory]
    [InlineData("QMM")]
    [InlineData("A81001")]
    [InlineData("00L")]
    [InlineData("RXH0123456")]
    public async Task IngestAsync_OdsStyleOrgCode_Accepted(string org)
    {
        var outcome = await IngestAsync($"{Header}\n{org},01/11/2022,NHSE,T,monthly,beds,1\n");

        Assert.Equal((1, 0), (outcome.Accepted, outcome.Rejected));
    }
}
