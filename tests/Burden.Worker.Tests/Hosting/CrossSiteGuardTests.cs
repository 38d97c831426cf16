using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Hosting;
using Microsoft.AspNetCore.Http;

namespace Burden.Worker.Tests.Hosting;

/// <summary>A browser's cross-site writes are refused; scripts that send no Origin or Fetch Metadata keep working.</summary>
[Collection(HostCollection.Name)]
public class CrossSiteGuardTests
{
    private static MultipartFormDataContent Upload()
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(SampleLogs.NovemberAllGood));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", "planted.csv" }, { new StringContent("QMM"), "org" } };
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task PostUpload_MarkedCrossSite_ForbiddenAndNothingStored(string header, string value)
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = Upload() };
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("cross-site request refused", await response.Content.ReadAsStringAsync());
        Assert.Empty(await host.Service<IBurdenStore>().ListUploadsAsync([UploadStatus.Queued, UploadStatus.Processing, UploadStatus.Done, UploadStatus.Refused, UploadStatus.Failed]));
    }

    [Fact]
    public async Task PostBaseline_OriginOfAnotherPortOnThisMachine_Forbidden()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/baselines?name=planted");
        request.Headers.TryAddWithoutValidation("Origin", $"http://127.0.0.1:{host.BaseAddress.Port + 1}");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PostUpload_ScriptWithoutOriginOrFetchMetadata_Accepted()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));

        using var response = await host.Client.PostAsync("/api/uploads", Upload());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task PostUpload_OwnOriginSameOrigin_Accepted()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = Upload() };
        request.Headers.TryAddWithoutValidation("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority));
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "https://evil.example", "cross-site", false)]
    [InlineData("POST", "http://burden.nhs.example", "", false)]
    [InlineData("POST", "https://burden.nhs.example", "", false)]
    [InlineData("POST", "http://burden.nhs.example:8080", "", true)]
    [InlineData("POST", "", "none", false)]
    [InlineData("DELETE", "", "cross-site", true)]
    public void Refusal_Request_Decided(string method, string origin, string site, bool refused)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Host = new HostString("burden.nhs.example");
        if (origin.Length > 0)
        {
            context.Request.Headers.Origin = origin;
        }
        if (site.Length > 0)
        {
            context.Request.Headers["Sec-Fetch-Site"] = site;
        }

        Assert.Equal(refused, CrossSiteGuard.Refusal(context.Request) is not null);
    }

    [Theory]
    [InlineData("evil.example", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("LOCALHOST", true)]
    public async Task Get_HostHeader_OnlyLoopbackNamesAnswered(string hostName, bool answered)
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports");
        request.Headers.Host = $"{hostName}:{host.BaseAddress.Port}";

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(answered ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
        if (!answered)
        {
            Assert.Contains($"does not answer to the host name '{hostName}'", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Get_ConfiguredHostName_Answered()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { AllowedHosts = ["*.burden.nhs.example"] });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports");
        request.Headers.Host = "icb.burden.nhs.example";

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Decide_NoAuthenticationAndCallerFromAnotherMachine_NotLocal()
    {
        using var dir = new TempDirectory();
        var policy = new AccessPolicy(RunningHost.OptionsFor(dir));
        var remote = new DefaultHttpContext();
        remote.Connection.RemoteIpAddress = IPAddress.Parse("10.20.30.40");
        var local = new DefaultHttpContext();
        local.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:127.0.0.1");

        Assert.Equal(AccessDecision.NotLocal, policy.Decide(remote, allowCookie: true));
        Assert.Equal(AccessDecision.Allow, policy.Decide(local, allowCookie: true));
    }

    [Fact]
    public void Decide_KeyAndCallerFromAnotherMachine_AllowedWithKey()
    {
        using var dir = new TempDirectory();
        const string key = "a-long-enough-test-key-123";
        var policy = new AccessPolicy(RunningHost.OptionsFor(dir) with { ApiKey = key });
        var remote = new DefaultHttpContext();
        remote.Connection.RemoteIpAddress = IPAddress.Parse("10.20.30.40");
        remote.Request.Headers[AccessPolicy.HeaderName] = key;

        Assert.Equal(AccessDecision.Allow, policy.Decide(remote, allowCookie: false));
    }
}
