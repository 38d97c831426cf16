using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Burden.Core.Tests.Support;

namespace Burden.Worker.Tests.Cli;

/// <summary>A real second <c>burden serve</c> on a port already taken: one clear line, no stack trace, unless --verbose.</summary>
public sealed class ServeStartupFailureTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(int Code, string Out, string Err)> ServeOnAsync(int port, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "burden.dll"), "serve", "--urls", $"http://127.0.0.1:{port}", "--db", _folder.File("b.db"), "--data-dir", _folder.File("data"), "--no-inbox" }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Serve_PortAlreadyInUse_OneLineAndNoStackTrace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, output, error) = await ServeOnAsync(port);

        Assert.Equal(1, code);
        Assert.Contains($"burden: cannot listen on http://127.0.0.1:{port}: the address is already in use", error);
        Assert.DoesNotContain("   at ", output + error);
        Assert.Contains("AddressInUseException: Address already in use", output);
    }

    [Fact]
    public async Task Serve_PortAlreadyInUseVerbose_StackTraceShown()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();

        var (code, output, error) = await ServeOnAsync(((IPEndPoint)taken.LocalEndpoint).Port, "--verbose");

        Assert.Equal(1, code);
        Assert.Contains("   at ", output + error);
    }
}
