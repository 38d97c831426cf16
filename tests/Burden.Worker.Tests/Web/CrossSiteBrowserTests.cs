using System.Collections.Concurrent;
using System.Diagnostics;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Burden.Worker.Tests.Web;

/// <summary>A page on another origin, open in the user's Chromium, tries to plant an upload and a baseline without a key.</summary>
[Collection(HostCollection.Name)]
public class CrossSiteBrowserTests
{
    private const string AttackPage = """
        <!DOCTYPE html><html><head><title>waiting</title></head><body><script>
        (async () => {
          const target = new URLSearchParams(location.search).get('target');
          const results = [];
          const form = new FormData();
          form.append('org', 'QMM');
          form.append('file', new Blob(['received_date,requester,title,frequency,data_items,hours_spent\n2022-11-03,Evil,Planted,daily,beds,1\n'], { type: 'text/csv' }), 'planted.csv');
          try { await fetch(target + '/api/uploads', { method: 'POST', mode: 'no-cors', body: form }); results.push('upload answered'); }
          catch (e) { results.push('upload failed ' + e); }
          try { await fetch(target + '/api/baselines?name=planted', { method: 'POST', mode: 'no-cors' }); results.push('baseline answered'); }
          catch (e) { results.push('baseline failed ' + e); }
          document.title = results.join('; ');
        })();
        </script></body></html>
        """;

    [SkippableTheory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task ForeignPage_NoCorsPosts_NoUploadAndNoBaselineStored(string attackerHost)
    {
        var chromium = Tools.Require("Chromium", "apt-get install -y chromium", "/usr/bin/chromium");
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        await using var attacker = await StartAttackerAsync();
        var attackerPort = new Uri(attacker.Urls.First()).Port;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        using var seen = new RequestsSeen(host.BaseAddress.Port);
        var page = await browser.NewPageAsync();
        var target = host.BaseAddress.GetLeftPart(UriPartial.Authority);
        await page.GotoAsync($"http://{attackerHost}:{attackerPort}/?target={Uri.EscapeDataString(target)}");
        await page.WaitForFunctionAsync("() => document.title.includes('baseline')", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        // Both requests reached the service and were refused there (the browser then also withholds the answer, by
        // Cross-Origin-Resource-Policy, so the page sees a failed fetch).
        Assert.Contains("POST /api/uploads 403", seen.Lines);
        Assert.Contains("POST /api/baselines 403", seen.Lines);
        var store = host.Service<IBurdenStore>();
        Assert.Empty(await store.ListUploadsAsync([UploadStatus.Queued, UploadStatus.Processing, UploadStatus.Done, UploadStatus.Refused, UploadStatus.Failed]));
        Assert.Null(await store.LoadBaselineAsync("planted"));
        Assert.Empty(await store.ListBaselinesAsync());
    }

    /// <summary>Each request the service on <c>port</c> finished, as "METHOD /path STATUS", from ASP.NET Core's diagnostic events.</summary>
    private sealed class RequestsSeen : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly int _port;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly ConcurrentQueue<string> _lines = new();

        public RequestsSeen(int port)
        {
            _port = port;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public IReadOnlyList<string> Lines => _lines.ToList();

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.AspNetCore")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "Microsoft.AspNetCore.Hosting.EndRequest" &&
                value.Value?.GetType().GetProperty("httpContext")?.GetValue(value.Value) is HttpContext context &&
                context.Connection.LocalPort == _port)
            {
                _lines.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode}");
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }

    private static async Task<WebApplication> StartAttackerAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(AttackPage, "text/html"));
        await app.StartAsync();
        return app;
    }
}
