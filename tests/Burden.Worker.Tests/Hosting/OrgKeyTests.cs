using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Reports;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Tests.Web;

namespace Burden.Worker.Tests.Hosting;

/// <summary>Organisation-scoped API keys on a real host over the demo's SQLite file (QMM and QUE have data): a QMM key sees QMM only.</summary>
[Collection(HostCollection.Name)]
public class OrgKeyTests
{
    private const string GlobalKey = "global-key-0123456789abcdef";
    private const string QmmKey = "qmm-key-0123456789abcdef";
    private const string QueKey = "que-key-0123456789abcdef";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string path, string key, HttpContent? content = null)
    {
        using var response = await SendAsync(client, method, path, key, content);
        return response.StatusCode;
    }

    private static MultipartFormDataContent Upload(string content, string? org, string? replace = null)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { file, "file", "log.csv" } };
        if (org is not null)
        {
            form.Add(new StringContent(org), "org");
        }
        if (replace is not null)
        {
            form.Add(new StringContent(replace), "replace");
        }
        return form;
    }

    private static async Task<long> UploadAsync(RunningHost host, string key, string content, string? org)
    {
        using var response = await SendAsync(host.Client, HttpMethod.Post, "/api/uploads", key, Upload(content, org));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        await RunningHost.WaitUntilAsync(async () => (await host.Service<IBurdenStore>().GetUploadAsync(id))?.Status == UploadStatus.Done, $"upload {id} is done");
        return id;
    }

    private static string Log(string org) =>
        "org_code,received_date,requester,title,frequency,data_items,hours_spent\n" +
        $"{org},2022-11-10,NHS England,Diagnostic waiting times (DM01),monthly,tests waiting;waits over 6 weeks,3\n";

    [Fact]
    public async Task QmmKey_QuesPageUploadsAndReports_RefusedOrNotFoundWhileItsOwnAreServed()
    {
        using var dir = new TempDirectory();
        var db = await ResultsPageBrowserTests.DemoDatabaseAsync(dir);
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with
        {
            Db = db,
            ApiKey = GlobalKey,
            OrgApiKeys = new Dictionary<string, string> { ["QMM"] = QmmKey, ["que"] = QueKey },
        });
        var store = host.Service<IBurdenStore>();
        var client = host.Client;
        var queUpload = await UploadAsync(host, GlobalKey, Log("QUE"), "QUE");
        // No organisation given: a QMM key's upload is QMM's.
        var qmmUpload = await UploadAsync(host, QmmKey, Log("QMM"), null);
        await new ReportService(store, host.Service<Analyser>()).WriteAsync(new ReportRequest(ReportingPeriod.Parse("2022-11"), "QUE", false, null), dir.File("data/reports/burden-QUE-2022-11.xlsx"));

        // Results pages.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/orgs/QUE?period=2022-11", QmmKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/api/orgs/QUE/analysis?period=2022-11", QmmKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/orgs/QUE/analysis.json", QmmKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/orgs/QMM?period=2022-11", QmmKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/orgs/QUE?period=2022-11", QueKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/orgs/QUE?period=2022-11", GlobalKey));
        using (var index = await SendAsync(client, HttpMethod.Get, "/orgs", QmmKey))
        {
            var html = await index.Content.ReadAsStringAsync();
            Assert.Contains("href=\"/orgs/QMM\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("/orgs/QUE", html, StringComparison.Ordinal);
        }

        // Uploads: the list, one upload, its rejects, its page, removing and replacing it, uploading for QUE.
        using (var list = await SendAsync(client, HttpMethod.Get, "/api/uploads", QmmKey))
        {
            var items = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal([qmmUpload], items.Select(i => i.GetProperty("id").GetInt64()));
            Assert.All(items, i => Assert.Equal("QMM", i.GetProperty("org").GetString()));
        }
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/api/uploads?org=QUE", QmmKey));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, HttpMethod.Get, $"/api/uploads/{queUpload}", QmmKey));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, HttpMethod.Get, $"/api/uploads/{queUpload}/rejects", QmmKey));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, HttpMethod.Get, $"/uploads/{queUpload}", QmmKey));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, HttpMethod.Delete, $"/api/uploads/{queUpload}", QmmKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/uploads?org=QUE", QmmKey));
        using (var page = await SendAsync(client, HttpMethod.Get, "/uploads", QmmKey))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains($"data-upload=\"{qmmUpload}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"data-upload=\"{queUpload}\"", html, StringComparison.Ordinal);
        }
        using (var form = await SendAsync(client, HttpMethod.Get, "/", QmmKey))
        {
            // The upload form offers its own organisation only.
            Assert.Contains("name=\"org\" aria-describedby=\"org-hint\" readonly value=\"QMM\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Post, "/api/uploads", QmmKey, Upload(Log("QUE"), "QUE")));
        using (var replace = await SendAsync(client, HttpMethod.Post, "/api/uploads", QmmKey, Upload(Log("QMM"), null, replace: queUpload.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, replace.StatusCode);
            Assert.Contains($"there is no upload {queUpload} to replace", await replace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(UploadStatus.Done, (await store.GetUploadAsync(queUpload))!.Status);
        Assert.NotEmpty(await store.LoadRequestsAsync(new RequestQuery(null, "QUE")));

        // Reports: listed, downloaded, asked for; the all-organisations report and the monthly run of everyone's.
        using (var reports = await SendAsync(client, HttpMethod.Get, "/api/reports", QmmKey))
        {
            var names = JsonDocument.Parse(await reports.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
            Assert.Equal(["demo-QMM-2022-11.xlsx"], names);
        }
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/api/reports/demo-QMM-2022-11.xlsx", QmmKey));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, HttpMethod.Get, "/api/reports/burden-QUE-2022-11.xlsx", QmmKey));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, HttpMethod.Get, "/reports/burden-QUE-2022-11.xlsx", QmmKey));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, HttpMethod.Get, "/api/reports/demo-all-organisations-2022-11.xlsx", QmmKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/api/reports/burden-QUE-2022-11.xlsx", QueKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Post, "/api/reports?period=2022-11&org=QUE", QmmKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Post, "/api/reports/monthly", QmmKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Post, "/api/baselines?name=que-start&org=QUE", QmmKey));

        // Pages that cover every organisation are closed to it; the global key still opens them.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/hangfire", QmmKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/review", QmmKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/api/reviews", QmmKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/review", GlobalKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, $"/api/uploads/{queUpload}", GlobalKey));

        // Its own upload it may remove.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Delete, $"/api/uploads/{qmmUpload}", QmmKey));
    }

    [Fact]
    public async Task Serve_OrgKeysFromAFileAndTheEnvironment_EachSeesOnlyItsOwnOrganisation()
    {
        using var dir = new TempDirectory();
        var db = await ResultsPageBrowserTests.DemoDatabaseAsync(dir);
        await File.WriteAllTextAsync(dir.File("qmm.key"), QmmKey + "\n");
        await using var serve = ServeProcess.Start(dir.Path,
            ["--db", db, "--data-dir", dir.File("data"), "--urls", $"http://127.0.0.1:{ServeProcess.FreePort()}", "--org-key-file", $"QMM={dir.File("qmm.key")}"],
            new Dictionary<string, string> { ["BURDEN_API_KEY"] = GlobalKey, ["Burden__OrgKeys__QUE"] = QueKey });
        var address = await serve.WaitListeningAsync();
        using var client = new HttpClient { BaseAddress = address };

        Assert.Contains("keys for QMM, QUE that see only their own organisation", serve.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/orgs/QUE?period=2022-11", QmmKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/orgs/QMM?period=2022-11", QmmKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/orgs/QMM?period=2022-11", QueKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/orgs/QUE?period=2022-11", QueKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "/api/uploads?org=QMM", QueKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/orgs/QUE?period=2022-11", GlobalKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, HttpMethod.Get, "/orgs/QMM", "not-a-key-0123456789abcdef"));
    }

    [Theory]
    [InlineData("short", "the API key for QMM is shorter than 16 characters")]
    [InlineData(GlobalKey, "the API key for QMM is the same as the global API key")]
    public async Task Serve_BadOrgKey_RefusesToStartWithOneLine(string key, string says)
    {
        using var dir = new TempDirectory();
        await using var serve = ServeProcess.Start(dir.Path,
            ["--data-dir", dir.File("data"), "--urls", $"http://127.0.0.1:{ServeProcess.FreePort()}"],
            new Dictionary<string, string> { ["BURDEN_API_KEY"] = GlobalKey, ["Burden__OrgKeys__QMM"] = key });

        var code = await serve.WaitForExitAsync();

        Assert.NotEqual(0, code);
        Assert.Contains(says, serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("data/burden.db")), "nothing was created");
    }
}
