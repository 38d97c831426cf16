using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Burden.Worker.Tests.Hosting;

/// <summary>One instance of a scaled-out service: a real <c>burden serve</c> process with <c>--instance</c> on a free loopback port (port 0, read back from its start-up line), its output kept.</summary>
public sealed partial class ServeInstance : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeInstance(Process process, string instance)
    {
        _process = process;
        Instance = instance;
    }

    /// <summary>The name given with <c>--instance</c>.</summary>
    public string Instance { get; }

    /// <summary>A client for this instance.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Every line written so far, stdout and stderr.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    /// <summary>Starts <c>burden serve</c> with <paramref name="args"/> (after <c>--urls</c> and <c>--instance</c>) and waits until it listens.</summary>
    public static async Task<ServeInstance> StartAsync(string instance, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "burden.dll"), "serve", "--urls", "http://127.0.0.1:0", "--instance", instance }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("BURDEN_API_KEY");
        var serve = new ServeInstance(Process.Start(start)!, instance);
        serve._process.OutputDataReceived += (_, e) => serve.Receive(e.Data);
        serve._process.ErrorDataReceived += (_, e) => serve.Receive(e.Data);
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        var exited = serve._process.WaitForExitAsync();
        var first = await Task.WhenAny(serve._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != serve._listening.Task)
        {
            var output = string.Join('\n', serve.Lines);
            await serve.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"burden serve --instance {instance} did not start listening:\n{output}");
        }
        serve.Client = new HttpClient { BaseAddress = await serve._listening.Task, Timeout = TimeSpan.FromSeconds(120) };
        return serve;
    }

    /// <summary>kill -9: the process gets no chance to finish or clean up.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Add(line);
        }
        if (Listening().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"burden serve: listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
