using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Worker.Tests.Hosting;

/// <summary>Tests that start a real host (Kestrel on a free loopback port, a real Hangfire server) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "Host";
}

/// <summary>A started <c>burden serve</c> host on 127.0.0.1 with a free port, a temp data dir and (unless a store is given) a temp SQLite file.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(WebApplication app, ServeOptions options, HttpClient client)
    {
        App = app;
        Options = options;
        Client = client;
    }

    public WebApplication App { get; }

    public ServeOptions Options { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public T Service<T>() where T : notnull => (T)App.Services.GetService(typeof(T))!;

    public static ServeOptions OptionsFor(TempDirectory dir) => new()
    {
        Urls = "http://127.0.0.1:0",
        DataDir = dir.File("data"),
        Db = dir.File("burden.db"),
        WorkerCount = 1,
        SchedulePollingInterval = TimeSpan.FromSeconds(1),
        InboxPollInterval = TimeSpan.FromMilliseconds(200),
    };

    public static async Task<RunningHost> StartAsync(ServeOptions options, IBurdenStore? store = null)
    {
        var app = await BurdenHost.BuildAsync(options, store);
        await app.StartAsync();
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(app.Urls.First()),
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new RunningHost(app, options, client);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting until {what}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
