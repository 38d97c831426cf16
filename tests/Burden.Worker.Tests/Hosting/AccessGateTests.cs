using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Hosting;
using NSubstitute;

namespace Burden.Worker.Tests.Hosting;

[Collection(HostCollection.Name)]
public class AccessGateTests
{
    private const string Key = "test-key-0123456789abcdef";

    private static IBurdenStore Store()
    {
        var store = Substitute.For<IBurdenStore>();
        store.ListUploadsAsync(default!, default).ReturnsForAnyArgs(Array.Empty<UploadRecord>());
        store.ListReportsAsync(default).ReturnsForAnyArgs(Array.Empty<ReportRecord>());
        store.GetUploadAsync(5, Arg.Any<CancellationToken>()).Returns(new UploadRecord(5, "log.csv", "QMM", null, "api", UploadStatus.Done, 3, 1, "stored", 9, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        return store;
    }

    private static Task<RunningHost> StartAsync(TempDirectory dir, string? key) =>
        RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null, ApiKey = key }, Store());

    private static async Task<HttpStatusCode> GetAsync(RunningHost host, string path, string? key = null, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        using var response = await host.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("/api/uploads/5")]
    [InlineData("/api/reports")]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    [InlineData("/")]
    [InlineData("/uploads/5")]
    public async Task Request_KeySetAndNotSent_Unauthorized(string path)
    {
        using var dir = new TempDirectory();
        await using var host = await StartAsync(dir, Key);

        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(host, path));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(host, path, key: "wrong-key-0123456789abcdef"));
    }

    [Theory]
    [InlineData("/api/uploads/5")]
    [InlineData("/api/reports")]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    [InlineData("/")]
    [InlineData("/uploads/5")]
    public async Task Request_KeySetAndSent_Ok(string path)
    {
        using var dir = new TempDirectory();
        await using var host = await StartAsync(dir, Key);

        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, path, key: Key));
    }

    [Fact]
    public async Task Health_KeySetAndNotSent_OkWithDatabaseAndServerState()
    {
        using var dir = new TempDirectory();
        await using var host = await StartAsync(dir, Key);

        JsonElement health = default;
        await RunningHost.WaitUntilAsync(async () =>
        {
            using var response = await host.Client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return health.GetProperty("hangfire").GetProperty("servers").GetInt32() == 1;
        }, "the Hangfire server shows in /health");

        Assert.Equal("ok", health.GetProperty("database").GetString());
        Assert.Equal(1, health.GetProperty("hangfire").GetProperty("workers").GetInt32());
        Assert.Equal("in-memory", health.GetProperty("hangfire").GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Health_DatabaseDown_ServiceUnavailable()
    {
        using var dir = new TempDirectory();
        var store = Store();
        store.GetUploadAsync(0, Arg.Any<CancellationToken>()).Returns<UploadRecord?>(_ => throw new IOException("disk gone"));
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, store);

        using var response = await host.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("unreachable", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task KeyForm_RightKey_CookieOpensPagesAndDashboardButNotApi()
    {
        using var dir = new TempDirectory();
        await using var host = await StartAsync(dir, Key);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using var form = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Unauthorized, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"key\">API key</label>", html);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var wrong = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = "not-it", ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var login = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = Key, ["returnUrl"] = "/hangfire" }));
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.Equal("/hangfire", login.Headers.Location?.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/reports")).StatusCode);
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/api/reports")]
    [InlineData("/")]
    public async Task Request_NoAuthenticationAndForwardedByProxy_Forbidden(string path)
    {
        using var dir = new TempDirectory();
        await using var host = await StartAsync(dir, key: null);

        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, path));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(host, path, forwardedFor: "203.0.113.9"));
    }
}
