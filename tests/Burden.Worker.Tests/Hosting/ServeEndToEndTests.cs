using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Hosting;
using Burden.Worker.Jobs;
using Hangfire;
using Hangfire.Storage;
using Burden.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Worker.Tests.Hosting;

/// <summary>The whole service on a real SQLite file and a real Hangfire server.</summary>
[Collection(HostCollection.Name)]
public class ServeEndToEndTests
{
    private static MultipartFormDataContent Upload(string fileName, string content, string org)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", fileName }, { new StringContent(org), "org" } };
    }

    private static async Task<long> PostAsync(RunningHost host, string fileName, string content, string org)
    {
        using var response = await host.Client.PostAsync("/api/uploads", Upload(fileName, content, org));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> WaitFinishedAsync(RunningHost host, long id)
    {
        JsonElement upload = default;
        await RunningHost.WaitUntilAsync(async () =>
        {
            upload = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/uploads/{id}")).RootElement;
            return upload.GetProperty("status").GetString() is "done" or "refused" or "failed";
        }, $"upload {id} is finished");
        return upload;
    }

    [Fact]
    public async Task PostUpload_RealHangfireAndSqlite_DoneWithCounts()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));

        var id = await PostAsync(host, "november.csv", SampleLogs.NovemberWithOneBadDate, "QMM");
        var upload = await WaitFinishedAsync(host, id);

        Assert.Equal("done", upload.GetProperty("status").GetString());
        Assert.Equal(2, upload.GetProperty("accepted").GetInt32());
        Assert.Equal(1, upload.GetProperty("rejected").GetInt32());
        var store = host.Service<IBurdenStore>();
        var requests = await store.LoadRequestsAsync(new RequestQuery(null, "QMM"));
        Assert.Equal(2, requests.Count);
        Assert.Equal("november.csv: accepted 2, rejected 1", upload.GetProperty("message").GetString());
        var rejects = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/uploads/{id}/rejects")).RootElement;
        var reject = Assert.Single(rejects.EnumerateArray());
        Assert.Equal(4, reject.GetProperty("line").GetInt32());
        Assert.Equal("received_date", reject.GetProperty("column").GetString());
        Assert.Equal("31/02/2022", reject.GetProperty("value").GetString());
    }

    [Fact]
    public async Task PostUpload_FileWithoutRequiredColumns_RefusedWithReasonAndNothingStored()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));

        var upload = await WaitFinishedAsync(host, await PostAsync(host, "colours.csv", SampleLogs.NotALog, "QMM"));

        Assert.Equal("refused", upload.GetProperty("status").GetString());
        Assert.Contains("colours.csv", upload.GetProperty("message").GetString());
        Assert.Empty(await host.Service<IBurdenStore>().ListFilesAsync());
    }

    [Fact]
    public async Task Start_UploadQueuedWhileHostWasDown_ProcessedAfterStart()
    {
        using var dir = new TempDirectory();
        var options = RunningHost.OptionsFor(dir);
        long id;
        {
            var store = await BurdenStores.OpenAsync(options.Db);
            id = await store.CreateUploadAsync(new NewUpload("november.csv", "QMM", null, Encoding.UTF8.GetBytes(SampleLogs.NovemberWithOneBadDate), "api", DateTimeOffset.UtcNow));
            Assert.Equal(UploadStatus.Queued, (await store.GetUploadAsync(id))!.Status);
        }

        await using var host = await RunningHost.StartAsync(options);
        var upload = await WaitFinishedAsync(host, id);

        Assert.Equal("done", upload.GetProperty("status").GetString());
        Assert.Equal(2, upload.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Start_ConfiguredCron_MonthlyJobRegisteredWithIt()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { MonthlyCron = "30 5 3 * *" });

        using var connection = host.Service<JobStorage>().GetConnection();
        var monthly = Assert.Single(connection.GetRecurringJobs(), job => job.Id.Contains("monthly", StringComparison.Ordinal));

        Assert.Equal("30 5 3 * *", monthly.Cron);
        Assert.Equal(nameof(ReportJob.RunMonthlyAsync), monthly.Job.Method.Name);
    }

    [Fact]
    public async Task Start_DefaultOptions_MonthlyAt0600OnThe2nd()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));

        using var connection = host.Service<JobStorage>().GetConnection();
        var monthly = Assert.Single(connection.GetRecurringJobs(), job => job.Id.Contains("monthly", StringComparison.Ordinal));

        Assert.Equal("0 6 2 * *", monthly.Cron);
    }

    [Fact]
    public async Task MonthlyJob_Triggered_WritesWorkbookPerOrganisationAndOneAcrossAll()
    {
        using var dir = new TempDirectory();
        var options = RunningHost.OptionsFor(dir) with { Time = new FakeTimeProvider(new DateTimeOffset(2022, 12, 2, 6, 0, 0, TimeSpan.Zero)) };
        await using var host = await RunningHost.StartAsync(options);
        await WaitFinishedAsync(host, await PostAsync(host, "qmm-november.csv", SampleLogs.NovemberWithOneBadDate, "QMM"));
        await WaitFinishedAsync(host, await PostAsync(host, "rxh-november.csv", SampleLogs.NovemberAllGood, "RXH"));

        host.Service<IRecurringJobManager>().Trigger(ReportJob.MonthlyJobId);
        var store = host.Service<IBurdenStore>();
        await RunningHost.WaitUntilAsync(async () => (await store.ListReportsAsync()).Count == 3, "three monthly reports are listed", TimeSpan.FromSeconds(60));

        var reports = (await store.ListReportsAsync()).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["burden-ALL-2022-11.xlsx", "burden-QMM-2022-11.xlsx", "burden-RXH-2022-11.xlsx"], reports.Select(r => r.Name));
        Assert.All(reports, r => Assert.Equal("2022-11", r.Period));
        Assert.Equal([null, "QMM", "RXH"], reports.Select(r => r.OrgCode));
        var requestTitles = new Dictionary<string, string>();
        foreach (var report in reports)
        {
            Assert.Equal(Path.Combine(options.DataDir, "reports", report.Name), report.Path);
            using var workbook = new ClosedXML.Excel.XLWorkbook(report.Path);
            requestTitles[report.Name] = string.Join("|", workbook.Worksheet("Requests").CellsUsed().Select(c => c.GetString()));
        }
        // Each organisation's workbook lists its own requests only; the one across all lists both.
        Assert.Contains("Current bed position", requestTitles["burden-QMM-2022-11.xlsx"]);
        Assert.DoesNotContain("Flu vaccination uptake", requestTitles["burden-QMM-2022-11.xlsx"]);
        Assert.Contains("Flu vaccination uptake", requestTitles["burden-RXH-2022-11.xlsx"]);
        Assert.DoesNotContain("Current bed position", requestTitles["burden-RXH-2022-11.xlsx"]);
        Assert.Contains("Current bed position", requestTitles["burden-ALL-2022-11.xlsx"]);
        Assert.Contains("Flu vaccination uptake", requestTitles["burden-ALL-2022-11.xlsx"]);
        using var listed = await host.Client.GetAsync("/api/reports/burden-QMM-2022-11.xlsx");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(reports[1].Path), await listed.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PostReportAndBaseline_OnDemand_WrittenAndStored()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        await WaitFinishedAsync(host, await PostAsync(host, "qmm-november.csv", SampleLogs.NovemberWithOneBadDate, "QMM"));
        var store = host.Service<IBurdenStore>();

        using var baseline = await host.Client.PostAsync("/api/baselines?name=november-start&period=2022-11&org=QMM", null);
        Assert.Equal(HttpStatusCode.Accepted, baseline.StatusCode);
        await RunningHost.WaitUntilAsync(async () => await store.LoadBaselineAsync("november-start") is not null, "the baseline is stored");
        using var again = await host.Client.PostAsync("/api/baselines?name=november-start", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var report = await host.Client.PostAsync("/api/reports?period=2022-11&org=QMM", null);
        Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        await RunningHost.WaitUntilAsync(async () => (await store.ListReportsAsync()).Any(r => r.Name == "burden-QMM-2022-11.xlsx"), "the report is listed", TimeSpan.FromSeconds(60));

        var stored = (await store.LoadBaselineAsync("november-start"))!;
        Assert.Equal("2022-11", stored.Period);
        Assert.Equal("QMM", stored.OrgCode);
        Assert.NotEmpty(stored.Collections);
        using var download = await host.Client.GetAsync("/api/reports/burden-QMM-2022-11.xlsx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        using var workbook = new ClosedXML.Excel.XLWorkbook(await download.Content.ReadAsStreamAsync());
        Assert.Contains("november-start", string.Join("|", workbook.Worksheet("Baseline").CellsUsed().Select(c => c.GetString())));
    }

    [Fact]
    public async Task Inbox_FileDropped_IngestedForFolderOrgAndMovedWithReason()
    {
        using var dir = new TempDirectory();
        var options = RunningHost.OptionsFor(dir);
        await using var host = await RunningHost.StartAsync(options);
        var inbox = Path.Combine(options.DataDir, "inbox", "QMM");
        Directory.CreateDirectory(inbox);
        // Written under a temporary name and renamed, as a careful copier does.
        await File.WriteAllTextAsync(Path.Combine(inbox, "november.csv.tmp"), SampleLogs.NovemberWithOneBadDate);
        File.Move(Path.Combine(inbox, "november.csv.tmp"), Path.Combine(inbox, "november.csv"));
        await File.WriteAllTextAsync(Path.Combine(inbox, "colours.csv"), SampleLogs.NotALog);

        var processed = Path.Combine(options.DataDir, "processed", "november.csv");
        var refused = Path.Combine(options.DataDir, "refused", "colours.csv");
        await RunningHost.WaitUntilAsync(() => Task.FromResult(File.Exists(processed) && File.Exists(refused)), "both inbox files are moved on", TimeSpan.FromSeconds(30));

        Assert.Empty(Directory.GetFiles(inbox));
        var reason = await File.ReadAllTextAsync(processed + ".reason.txt");
        Assert.Contains("accepted 2, rejected 1", reason);
        Assert.Contains("november.csv line 4, column received_date", reason);
        Assert.Contains("colours.csv", await File.ReadAllTextAsync(refused + ".reason.txt"));
        var store = host.Service<IBurdenStore>();
        var file = Assert.Single(await store.ListFilesAsync());
        Assert.Equal("QMM", file.OrgCode);
        var uploads = await store.ListUploadsAsync([UploadStatus.Done, UploadStatus.Refused]);
        Assert.All(uploads, u => Assert.Equal("inbox", u.Source));
    }
}
