using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Tests.Hosting;
using Burden.Worker.Web;
using NSubstitute;

namespace Burden.Worker.Tests.Web;

[Collection(HostCollection.Name)]
public class ApiEndpointsTests
{
    private static IBurdenStore Store(params ReportRecord[] reports)
    {
        var store = Substitute.For<IBurdenStore>();
        store.ListUploadsAsync(default!, default).ReturnsForAnyArgs(Array.Empty<UploadRecord>());
        store.ListReportsAsync(default).ReturnsForAnyArgs(reports);
        store.CreateUploadAsync(default!, default).ReturnsForAnyArgs(42L);
        return store;
    }

    private static MultipartFormDataContent Upload(string fileName, string content, string? org = "qmm")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        if (org is not null)
        {
            form.Add(new StringContent(org), "org");
        }
        return form;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(RunningHost host, HttpRequestMessage request)
    {
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    [Fact]
    public async Task PostUpload_CsvWithPathInName_AcceptedAtOnceUnderSafeName()
    {
        using var dir = new TempDirectory();
        var store = Store();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, store);

        using var response = await host.Client.PostAsync("/api/uploads", Upload("../../etc/evil name.csv", "a,b\n1,2\n"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/uploads/42", response.Headers.Location?.OriginalString);
        Assert.Equal(42, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
        await store.Received(1).CreateUploadAsync(Arg.Is<NewUpload>(u => u.FileName == "evil name.csv" && u.OrgCode == "QMM" && u.Source == "api" && u.Content.Length == 8), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("report.exe", "qmm", HttpStatusCode.UnsupportedMediaType, "only .csv, .txt, .xlsx files are accepted")]
    [InlineData("log.csv", "Q M M!", HttpStatusCode.BadRequest, "is not an organisation code")]
    public async Task PostUpload_BadFile_RefusedWithReason(string fileName, string org, HttpStatusCode expected, string reason)
    {
        using var dir = new TempDirectory();
        var store = Store();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, store);

        var (status, body) = await SendAsync(host, new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = Upload(fileName, "a,b\n1,2\n", org) });

        Assert.Equal(expected, status);
        Assert.Contains(reason, body.GetProperty("error").GetString());
        await store.DidNotReceiveWithAnyArgs().CreateUploadAsync(default!, default);
    }

    [Fact]
    public async Task PostUpload_OverSizeLimit_PayloadTooLarge()
    {
        using var dir = new TempDirectory();
        var store = Store();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null, MaxUploadBytes = 1000 }, store);

        var (status, body) = await SendAsync(host, new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = Upload("big.csv", new string('x', 5000)) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("over the upload limit of 1000 bytes", body.GetProperty("error").GetString());
        await store.DidNotReceiveWithAnyArgs().CreateUploadAsync(default!, default);
    }

    [Fact]
    public async Task PostUpload_NoFilePart_BadRequest()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, Store());
        var form = new MultipartFormDataContent { { new StringContent("QMM"), "org" } };

        var (status, body) = await SendAsync(host, new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = form });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'file'", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task GetUpload_Stored_StatusAndCounts()
    {
        using var dir = new TempDirectory();
        var store = Store();
        store.GetUploadAsync(7, Arg.Any<CancellationToken>()).Returns(new UploadRecord(7, "log.csv", "QMM", null, "api", UploadStatus.Refused, 0, 0, "log.csv: refused: no header", null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, store);

        var (status, body) = await SendAsync(host, new HttpRequestMessage(HttpMethod.Get, "/api/uploads/7"));
        var (missing, _) = await SendAsync(host, new HttpRequestMessage(HttpMethod.Get, "/api/uploads/8"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(7, body.GetProperty("id").GetInt64());
        Assert.Equal("refused", body.GetProperty("status").GetString());
        Assert.Equal("log.csv: refused: no header", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task GetUpload_RunningLogUploadedAgain_ApiAndPageSayHowManyWereAlreadyStored()
    {
        using var dir = new TempDirectory();
        var store = Store();
        store.GetUploadAsync(9, Arg.Any<CancellationToken>()).Returns(new UploadRecord(9, "log.csv", "QMM", null, "page", UploadStatus.Done, 240, 1,
            "log.csv: accepted 240 (233 already stored, kept once), rejected 1", 5, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch) { AlreadyStored = 233 });
        store.LoadRejectsAsync("log.csv", Arg.Any<CancellationToken>()).Returns(Array.Empty<StoredReject>());
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, store);

        var (status, body) = await SendAsync(host, new HttpRequestMessage(HttpMethod.Get, "/api/uploads/9"));
        var page = await host.Client.GetStringAsync("/uploads/9");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((240, 233, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("already_stored").GetInt32(), body.GetProperty("rejected").GetInt32()));
        Assert.Contains("233 accepted rows were already stored from an earlier upload and kept once, not counted twice.", page, StringComparison.Ordinal);
        Assert.Contains("only the corrected rows are added", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReport_ListedName_DownloadsFile_UnlistedOrPathLikeName_NotFound()
    {
        using var dir = new TempDirectory();
        var path = dir.File("burden-QMM-2022-11.xlsx");
        await File.WriteAllBytesAsync(path, [0x50, 0x4B, 3, 4]);
        await File.WriteAllTextAsync(dir.File("secret.txt"), "not a report");
        var store = Store(new ReportRecord("burden-QMM-2022-11.xlsx", "2022-11", "QMM", path, DateTimeOffset.UnixEpoch));
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, store);

        using var listed = await host.Client.GetAsync("/api/reports/burden-QMM-2022-11.xlsx");
        using var traversal = await host.Client.GetAsync("/api/reports/..%2Fsecret.txt");
        using var list = await host.Client.GetAsync("/api/reports");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal([0x50, 0x4B, 3, 4], await listed.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
        var first = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement[0];
        Assert.Equal("burden-QMM-2022-11.xlsx", first.GetProperty("name").GetString());
        Assert.Equal("2022-11", first.GetProperty("period").GetString());
        Assert.Equal("QMM", first.GetProperty("org").GetString());
        Assert.True(first.TryGetProperty("created", out _));
    }

    [Theory]
    [InlineData("/api/reports?period=2022-13", HttpStatusCode.BadRequest, null)]
    [InlineData("/api/reports?period=2022-11&org=Q!", HttpStatusCode.BadRequest, null)]
    [InlineData("/api/reports?period=2022-11&org=qmm", HttpStatusCode.Accepted, "burden-QMM-2022-11.xlsx")]
    [InlineData("/api/reports?period=2025/26", HttpStatusCode.Accepted, "burden-ALL-2025-26.xlsx")]
    public async Task PostReport_Query_QueuedOrRefused(string path, HttpStatusCode expected, string? name)
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, Store());

        var (status, body) = await SendAsync(host, new HttpRequestMessage(HttpMethod.Post, path));

        Assert.Equal(expected, status);
        if (name is not null)
        {
            Assert.Equal(name, body.GetProperty("name").GetString());
        }
    }

    [Theory]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/hangfire/jobs", "/hangfire/jobs")]
    public void LocalPath_ReturnAddress_OnlyThisSite(string returnUrl, string expected)
    {
        Assert.Equal(expected, PageEndpoints.LocalPath(returnUrl));
    }
}
