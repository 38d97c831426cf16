using Burden.Core.Tests.Support;
using Burden.Worker.Tests.Hosting;
using Burden.Core.Storage;
using Microsoft.Playwright;
using NSubstitute;

namespace Burden.Worker.Tests.Web;

/// <summary>The upload page driven in headless Chromium, as an ICB data team member would use it.</summary>
[Collection(HostCollection.Name)]
public class UploadPageBrowserTests
{
    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright, string chromium) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });

    [SkippableFact]
    public async Task UploadForm_LogWithBadRow_ShowsCountsAndRejectReason()
    {
        var chromium = Tools.Require("Chromium", "apt-get install -y chromium", "/usr/bin/chromium");
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        var file = dir.File("qmm-november.csv");
        await File.WriteAllTextAsync(file, SampleLogs.NovemberWithOneBadDate);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 } });
        var policyViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                policyViolations.Add(message.Text);
            }
        };
        await page.GotoAsync(host.BaseAddress.ToString());
        // The styles come from /site.css under the Content-Security-Policy: the page is styled (header in NHS blue).
        Assert.Equal("rgb(0, 94, 184)", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('header')).backgroundColor"));
        await page.GetByLabel("Organisation code").FillAsync("QMM");
        await page.GetByLabel("File", new PageGetByLabelOptions { Exact = true }).SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Upload" }).ClickAsync();

        // The result page refreshes itself until the ingest job has finished.
        var accepted = page.GetByTestId("accepted");
        await accepted.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Equal("2", await accepted.InnerTextAsync());
        Assert.Equal("1", await page.GetByTestId("rejected").InnerTextAsync());
        Assert.Equal("done", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        var rejectRow = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "31/02/2022" });
        Assert.Contains("received_date", await rejectRow.InnerTextAsync());
        Assert.Matches(@"^4\s", await rejectRow.InnerTextAsync());

        // The pages pass their Content-Security-Policy: no inline script or style refused along the way.
        Assert.Empty(policyViolations);
        var screenshot = Environment.GetEnvironmentVariable("BURDEN_SCREENSHOT") is { Length: > 0 } target ? target : dir.File("upload-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot has content");
    }

    [SkippableFact]
    public async Task UploadForm_DisallowedType_ShowsErrorAndKeepsForm()
    {
        var chromium = Tools.Require("Chromium", "apt-get install -y chromium", "/usr/bin/chromium");
        using var dir = new TempDirectory();
        var file = dir.File("minutes.pdf");
        await File.WriteAllTextAsync(file, "%PDF-1.4");
        var store = Substitute.For<IBurdenStore>();
        store.ListUploadsAsync(default!, default).ReturnsForAnyArgs(Array.Empty<UploadRecord>());
        store.ListReportsAsync(default).ReturnsForAnyArgs(Array.Empty<ReportRecord>());

        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, store);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await page.GetByLabel("File", new PageGetByLabelOptions { Exact = true }).SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Upload" }).ClickAsync();

        Assert.Contains("minutes.pdf: only .csv, .txt, .xlsx files are accepted", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.True(await page.GetByLabel("Organisation code").IsVisibleAsync());
        await store.DidNotReceiveWithAnyArgs().CreateUploadAsync(default!, default);
    }
}
