using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Storage;
using Burden.Worker.Cli;

namespace Burden.Worker.Tests.Hosting;

/// <summary>A real <c>burden serve</c> killed with SIGKILL mid-job: the restarted service finishes what was accepted, once.</summary>
[Collection(HostCollection.Name)]
public sealed class JobKillTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Db => _dir.File("burden.db");

    private string DataDir => _dir.File("data");

    private async Task IngestAsync(string org, DateOnly month, int rows)
    {
        var path = _dir.File($"{org}.csv");
        var text = new StringBuilder("org_code,received_date,requester,title,frequency,data_items,hours_spent\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(FormattableString.Invariant($"{org},{month.AddDays(i % 27):yyyy-MM-dd},NHS England,Request {i},ad hoc,Beds open;Beds occupied item {i % 7},1.5\n"));
        }
        await File.WriteAllTextAsync(path, text.ToString());
        Assert.Equal(0, await CliApp.RunAsync(["ingest", path, "--db", Db], new StringWriter(), new StringWriter()));
    }

    private ServeProcess Serve(string? cron = null) =>
        ServeProcess.Start(_dir.Path, ["--urls", "http://127.0.0.1:0", "--data-dir", DataDir, "--db", Db, "--workers", "1", .. cron is null ? Array.Empty<string>() : ["--monthly-cron", cron]]);

    [Fact]
    public async Task Upload_ProcessKilledBetweenSlicesOfALargeFile_NothingVisibleAndRestartStoresItOnce()
    {
        const int rows = 150_000;
        var text = new StringBuilder("received_date,requester,title,frequency,data_items,hours_spent\n", rows * 80);
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{1 + (i % 28):00}/11/2022,NHS England,Request {i} of a large log,ad hoc,Beds open;Beds occupied item {i % 97},1.5\n");
        }
        long id;
        await using (var serve = Serve())
        {
            using var client = new HttpClient { BaseAddress = await serve.WaitListeningAsync() };
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text.ToString()));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var form = new MultipartFormDataContent { { file, "file", "large-log.csv" }, { new StringContent("QMM"), "org" } };
            using var response = await client.PostAsync("/api/uploads", form);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            // Mid-file: at least one slice committed while the file is still loading.
            await RunningHost.WaitUntilAsync(async () => await CountAsync("requests") > 0 && await CountAsync("files WHERE loading = 1") == 1,
                "a slice of the large file is committed", TimeSpan.FromSeconds(180));
            await serve.KillAsync();
        }

        // Rows were committed, yet a reader's join sees none of them.
        var written = await CountAsync("requests");
        Assert.InRange(written, 1, rows - 1);
        Assert.Equal(0L, await CountAsync("requests r JOIN files f ON f.id = r.file_id AND f.loading = 0"));
        Assert.Equal(0L, await CountAsync("files WHERE loading = 0"));

        await using var restarted = Serve();
        await restarted.WaitListeningAsync();
        var store = await BurdenStores.OpenAsync(Db);
        await RunningHost.WaitUntilAsync(async () => (await store.GetUploadAsync(id))?.Status == UploadStatus.Done,
            "the restarted service stores the upload", TimeSpan.FromSeconds(300));

        var done = (await store.GetUploadAsync(id))!;
        Assert.Equal((rows, 0), (done.Accepted, done.AlreadyStored));
        Assert.Equal(rows, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
        Assert.Equal((long)rows, await CountAsync("requests"));
        Assert.Equal(1L, await CountAsync("files"));
        Assert.Equal(0L, await CountAsync("files WHERE loading <> 0"));
        Console.WriteLine($"sliced ingest: killed with {written:N0} of {rows:N0} rows in committed slices; the restart stored all {rows:N0} once");
    }

    private async Task<long> CountAsync(string from)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {from}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task ReportAccepted_ProcessKilledBeforeItRan_RestartWritesIt()
    {
        await IngestAsync("QMM", new DateOnly(2022, 11, 1), 300);
        var store = await BurdenStores.OpenAsync(Db);
        await using (var serve = Serve())
        {
            var address = await serve.WaitListeningAsync();
            using var client = new HttpClient { BaseAddress = address };
            using var accepted = await client.PostAsync("/api/reports?period=2022-11&org=QMM", null);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            await serve.KillAsync();
        }
        Assert.Empty(await store.ListReportsAsync());
        var recorded = Assert.Single(await store.ListUnfinishedJobsAsync());
        Assert.Equal((JobKind.Report, "2022-11", "QMM"), (recorded.Kind, recorded.Period, recorded.OrgCode));

        await using var restarted = Serve();
        await restarted.WaitListeningAsync();
        await RunningHost.WaitUntilAsync(async () => (await store.ListReportsAsync()).Any(r => r.Name == "burden-QMM-2022-11.xlsx"),
            "the restarted service writes the accepted report", TimeSpan.FromSeconds(180));

        Assert.Empty(await store.ListUnfinishedJobsAsync());
        using var workbook = new ClosedXML.Excel.XLWorkbook(Path.Combine(DataDir, "reports", "burden-QMM-2022-11.xlsx"));
        Assert.Contains("Request 299", string.Join("|", workbook.Worksheet("Requests").CellsUsed().Select(c => c.GetString())));
    }

    [Fact]
    public async Task MonthlyRun_ProcessKilledPartWay_RestartWritesTheRestAndLeavesDoneOnesAlone()
    {
        var now = DateTime.UtcNow;
        var previousMonth = new DateOnly(now.Year, now.Month, 1).AddMonths(-1);
        var orgs = Enumerable.Range(0, 8).Select(i => $"R{(char)('A' + i)}X").ToList();
        foreach (var org in orgs)
        {
            await IngestAsync(org, previousMonth, 40);
        }
        var store = await BurdenStores.OpenAsync(Db);
        // Old enough to be an orphan of an earlier killed run: removed at the next start-up.
        var reports = Path.Combine(DataDir, "reports");
        Directory.CreateDirectory(reports);
        var orphan = Path.Combine(reports, ".burden-OLD-2020-01.xlsx.0123456789abcdef.tmp");
        await File.WriteAllBytesAsync(orphan, []);
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-3));

        // Fires once, a few seconds from now, in the service's time zone; never again this year.
        var london = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow.AddSeconds(12), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        var cron = FormattableString.Invariant($"{london.Second} {london.Minute} {london.Hour} {london.Day} {london.Month} *");
        IReadOnlyList<ReportRecord> beforeKill;
        await using (var serve = Serve(cron))
        {
            await serve.WaitListeningAsync();
            Assert.False(File.Exists(orphan), "the old temp file is removed at start-up");
            await RunningHost.WaitUntilAsync(async () => (await store.ListReportsAsync()).Count >= 2, "the monthly run has written two workbooks", TimeSpan.FromSeconds(180));
            await serve.KillAsync();
            beforeKill = await store.ListReportsAsync();
        }
        Assert.InRange(beforeKill.Count, 2, orgs.Count);
        var written = beforeKill.ToDictionary(r => r.Name, r => (r.CreatedAt, File.GetLastWriteTimeUtc(r.Path)));

        await using var restarted = Serve(cron);
        await restarted.WaitListeningAsync();
        await RunningHost.WaitUntilAsync(async () => (await store.ListReportsAsync()).Count == orgs.Count + 1 && (await store.ListUnfinishedJobsAsync()).Count == 0,
            "the restarted service writes the workbooks still owed", TimeSpan.FromSeconds(300));

        var all = await store.ListReportsAsync();
        var label = previousMonth.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(orgs.Select(o => $"burden-{o}-{label}.xlsx").Append($"burden-ALL-{label}.xlsx").Order(), all.Select(r => r.Name).Order());
        foreach (var (name, (created, modified)) in written)
        {
            var now2 = all.Single(r => r.Name == name);
            Assert.Equal(created, now2.CreatedAt);
            Assert.Equal(modified, File.GetLastWriteTimeUtc(now2.Path));
        }
    }

    public void Dispose() => _dir.Dispose();
}
