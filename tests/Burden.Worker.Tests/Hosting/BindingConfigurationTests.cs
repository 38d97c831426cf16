using System.Net;
using Burden.Core.Common;
using Burden.Core.Tests.Support;
using Burden.Worker.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Burden.Worker.Tests.Hosting;

/// <summary>
/// Every way an address can reach Kestrel, tried on a real <c>burden serve</c> process: a non-loopback address without
/// authentication is refused before anything is bound; a loopback one serves and the banner names what is bound.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BindingConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string[] Args(string urls = "http://127.0.0.1:0") => ["--urls", urls, "--data-dir", _dir.File("data"), "--db", _dir.File("burden.db")];

    private async Task AssertRefusedAsync(ServeProcess serve, string address)
    {
        var exit = await serve.WaitForExitAsync();
        Assert.NotEqual(0, exit);
        Assert.Contains($"refusing to serve {address}", serve.Output);
        Assert.Contains("BURDEN_API_KEY", serve.Output);
        // Refused from the configuration, before Kestrel bound anything.
        Assert.DoesNotContain("Now listening on", serve.Output);
        Assert.DoesNotContain("burden serve: listening", serve.Output);
    }

    [Fact]
    public async Task Serve_KestrelEndpointVariableOverridingUrls_RefusedBeforeBinding()
    {
        var port = ServeProcess.FreePort();
        await using var serve = ServeProcess.Start(_dir.Path, Args(), new Dictionary<string, string> { ["Kestrel__Endpoints__Http__Url"] = $"http://0.0.0.0:{port}" });

        await AssertRefusedAsync(serve, $"http://0.0.0.0:{port}");
    }

    [Fact]
    public async Task Serve_AppSettingsInWorkingDirectory_RefusedBeforeBinding()
    {
        var port = ServeProcess.FreePort();
        await File.WriteAllTextAsync(_dir.File("appsettings.json"), $$"""{ "Kestrel": { "Endpoints": { "Everyone": { "Url": "http://*:{{port}}" } } } }""");
        await using var serve = ServeProcess.Start(_dir.Path, Args());

        await AssertRefusedAsync(serve, $"http://*:{port}");
    }

    [Fact]
    public async Task Serve_AppSettingsForEnvironment_RefusedBeforeBinding()
    {
        var port = ServeProcess.FreePort();
        await File.WriteAllTextAsync(_dir.File("appsettings.Staging.json"), $$"""{ "Kestrel": { "Endpoints": { "Http": { "Url": "http://[::]:{{port}}" } } } }""");
        await using var serve = ServeProcess.Start(_dir.Path, Args(), new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Staging" });

        await AssertRefusedAsync(serve, $"http://[::]:{port}");
    }

    [Fact]
    public async Task Serve_UrlsOption_RefusedBeforeBinding()
    {
        var port = ServeProcess.FreePort();
        await using var serve = ServeProcess.Start(_dir.Path, Args($"http://0.0.0.0:{port}"));

        await AssertRefusedAsync(serve, $"http://0.0.0.0:{port}");
    }

    [Fact]
    public async Task Serve_AspNetCoreUrlsVariable_ServesLoopbackOnlyAndBannerSaysSo()
    {
        var port = ServeProcess.FreePort();
        await using var serve = ServeProcess.Start(_dir.Path, Args(), new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{port}" });

        var address = await serve.WaitListeningAsync();

        // --urls (default loopback) wins over ASPNETCORE_URLS; the banner tells the truth about it.
        Assert.Equal(IPAddress.Loopback.ToString(), address.Host);
        Assert.NotEqual(port, address.Port);
        Assert.Contains("answers callers on this machine only", serve.Output);
        Assert.DoesNotContain($":{port}", serve.Output);
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(address, "/health"))).StatusCode);
    }

    [Fact]
    public async Task Serve_KestrelEndpointOnLoopback_ServesAndBannerNamesTheBoundAddressNotUrls()
    {
        var port = ServeProcess.FreePort();
        await using var serve = ServeProcess.Start(_dir.Path, Args(), new Dictionary<string, string> { ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}" });

        var address = await serve.WaitListeningAsync();

        Assert.Equal(port, address.Port);
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(address, "/health"))).StatusCode);
    }

    [Fact]
    public async Task StartedAsync_BoundToAllInterfacesWithoutAuthentication_StopsServerAndThrows()
    {
        using var dir = new TempDirectory();
        var features = new FeatureCollection();
        var addresses = Substitute.For<IServerAddressesFeature>();
        addresses.Addresses.Returns(new List<string> { "http://127.0.0.1:5080", "http://0.0.0.0:5081" });
        features.Set(addresses);
        var server = Substitute.For<IServer>();
        server.Features.Returns(features);
        var guard = new BoundAddressGuard(server, RunningHost.OptionsFor(dir), NullLogger<BoundAddressGuard>.Instance);

        var refused = await Assert.ThrowsAsync<BurdenException>(() => guard.StartedAsync(CancellationToken.None));

        Assert.Contains("refusing to serve http://0.0.0.0:5081 (the addresses actually bound)", refused.Message);
        await server.Received(1).StopAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task StartedAsync_BoundToAllInterfacesWithKey_Serves()
    {
        using var dir = new TempDirectory();
        var features = new FeatureCollection();
        var addresses = Substitute.For<IServerAddressesFeature>();
        addresses.Addresses.Returns(new List<string> { "http://0.0.0.0:5081" });
        features.Set(addresses);
        var server = Substitute.For<IServer>();
        server.Features.Returns(features);
        var guard = new BoundAddressGuard(server, RunningHost.OptionsFor(dir) with { ApiKey = "a-long-enough-test-key-123" }, NullLogger<BoundAddressGuard>.Instance);

        await guard.StartedAsync(CancellationToken.None);

        await server.DidNotReceive().StopAsync(Arg.Any<CancellationToken>());
    }

    public void Dispose() => _dir.Dispose();
}
