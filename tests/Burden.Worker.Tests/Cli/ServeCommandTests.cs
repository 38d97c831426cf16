using System.Net;
using System.Text.RegularExpressions;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using Burden.Worker.Tests.Hosting;

namespace Burden.Worker.Tests.Cli;

[Collection(HostCollection.Name)]
public class ServeCommandTests
{
    [Fact]
    public async Task Serve_AllInterfacesWithoutKey_RefusedWithHowToConfigure()
    {
        using var dir = new TempDirectory();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CliApp.RunAsync(["serve", "--urls", "http://0.0.0.0:5999", "--data-dir", dir.File("data"), "--db", dir.File("burden.db")], output, error);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("refusing to serve http://0.0.0.0:5999 without authentication", error.ToString());
        Assert.Contains("BURDEN_API_KEY", error.ToString());
    }

    [Fact]
    public async Task Serve_ShortKeyFile_RefusedAskingForLongSecret()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("key"), "short\n");
        var error = new StringWriter();

        var exit = await CliApp.RunAsync(["serve", "--api-key-file", dir.File("key"), "--data-dir", dir.File("data"), "--db", dir.File("burden.db")], new StringWriter(), error);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("shorter than 16 characters", error.ToString());
    }

    [Fact]
    public async Task Serve_BadSettingsFile_RefusedNamingTheFileBeforeServing()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("settings.json"), "{ \"on_cost_factor\": \"lots\" }");
        var error = new StringWriter();

        var exit = await CliApp.RunAsync(["serve", "--settings", dir.File("settings.json"), "--data-dir", dir.File("data"), "--db", dir.File("burden.db")], new StringWriter(), error);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("settings.json", error.ToString());
        Assert.False(File.Exists(dir.File("burden.db")), "nothing is opened before the settings are read");
    }

    [Fact]
    public async Task Serve_Loopback_ServesHealthUntilCancelled()
    {
        using var dir = new TempDirectory();
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = CliApp.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--data-dir", dir.File("data")], output, new StringWriter(), cancellationToken: stop.Token);
        string? url = null;
        await RunningHost.WaitUntilAsync(() =>
        {
            url = Regex.Match(output.ToString(), @"listening on (http://127\.0\.0\.1:\d+)").Groups[1].Value;
            return Task.FromResult(url.Length > 0 || run.IsCompleted);
        }, "burden serve says where it listens");
        using var client = new HttpClient();
        using var health = await client.GetAsync(url + "/health");
        await stop.CancelAsync();
        await run;

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(File.Exists(Path.Combine(dir.File("data"), "burden.db")), "the default database lives in the data folder");
        Assert.True(Directory.Exists(Path.Combine(dir.File("data"), "inbox")));
    }
}
