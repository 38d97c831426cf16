using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Reports;
using Burden.Core.Review;
using Burden.Core.Storage;
using Burden.Core.Tests.Analysis;
using Burden.Core.Tests.Support;
using Burden.Worker.Tests.Hosting;
using ClosedXML.Excel;
using Microsoft.Playwright;

namespace Burden.Worker.Tests.Web;

/// <summary>The review page in headless Chromium and the reviews API, on a real host with the sample log in SQLite.</summary>
[Collection(HostCollection.Name)]
public class ReviewPageBrowserTests
{
    private static async Task SeedAsync(RunningHost host)
    {
        var store = host.Service<IBurdenStore>();
        var now = DateTimeOffset.UtcNow;
        await store.SaveFileAsync(new NewFile("icb-request-log-2022-11.csv", new string('a', 64), LogKind.RequestLog, "QMM", now), SampleFiles.LoadLog().Select(r => new ParsedRow { Line = r.SourceLine, Request = r }));
        await store.SaveFileAsync(new NewFile("national-catalogue.csv", new string('b', 64), LogKind.Catalogue, null, now), SampleFiles.LoadCatalogue().Select(c => new ParsedRow { Line = c.SourceLine, Catalogue = c }));
    }

    [SkippableFact]
    public async Task ReviewPage_DecisionsOnAPairAndARecommendation_AreRecordedAndShown()
    {
        var chromium = Tools.Require("Chromium", "apt-get install -y chromium", "/usr/bin/chromium");
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        await SeedAsync(host);
        var store = host.Service<IBurdenStore>();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var policyViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                policyViolations.Add(message.Text);
            }
        };

        // Organisation and period are chosen on the page.
        await page.GotoAsync(new Uri(host.BaseAddress, "/review").ToString());
        await page.GetByLabel("Organisation", new PageGetByLabelOptions { Exact = true }).SelectOptionAsync("QMM");
        await page.GetByLabel("Period").FillAsync("2022-11");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show" }).ClickAsync();

        var bedPair = page.GetByTestId("pair").Filter(new LocatorFilterOptions { HasText = "Current bed position" }).Filter(new LocatorFilterOptions { HasText = "UEC daily SitRep" });
        Assert.Contains("G&A beds occupied", await bedPair.InnerTextAsync());
        await bedPair.GetByRole(AriaRole.Combobox).SelectOptionAsync(new SelectOptionValue { Label = "not a duplicate" });
        await bedPair.GetByPlaceholder("Note").FillAsync("Asked once by the region during a surge");
        await bedPair.GetByPlaceholder("Your name").FillAsync("Priya Shah");
        await bedPair.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save" }).ClickAsync();

        var status = page.GetByRole(AriaRole.Status);
        await status.WaitForAsync();
        Assert.StartsWith("Recorded: not a duplicate on pair", await status.InnerTextAsync());
        Assert.Matches(@"UEC daily SitRep and Current bed position:\s+not a duplicate by Priya Shah", await page.GetByTestId("dismissed").InnerTextAsync());
        Assert.Equal(0, await page.GetByTestId("pair").Filter(new LocatorFilterOptions { HasText = "Current bed position" }).CountAsync());

        // The name was typed once: the next row has it already.
        var recommendation = page.GetByTestId("recommendation").First;
        Assert.Contains("confidence", await recommendation.InnerTextAsync());
        Assert.Equal("Priya Shah", await recommendation.GetByPlaceholder("Your name").InputValueAsync());
        await recommendation.GetByRole(AriaRole.Combobox).SelectOptionAsync(new SelectOptionValue { Label = "agreed" });
        await recommendation.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new LocatorFilterOptions { HasText = "Recorded: agreed" }).WaitForAsync();
        Assert.Contains("agreed by Priya Shah", await page.GetByTestId("recommendation").First.InnerTextAsync());

        var decisions = await store.LoadReviewDecisionsAsync("QMM");
        Assert.Equal([ReviewVerdict.NotDuplicate, ReviewVerdict.Agreed], decisions.Select(d => d.Decision.Decision).ToArray());
        Assert.All(decisions, d => Assert.Equal(("Priya Shah", "2022-11"), (d.Decision.By, d.Decision.Period)));
        Assert.Equal("Asked once by the region during a surge", decisions[0].Decision.Note);
        Assert.Empty(policyViolations);

        // Shown again with the pair's earlier decision, for the README.
        await page.GotoAsync(new Uri(host.BaseAddress, "/review?org=QMM&period=2022-11").ToString());
        await page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Dismissed pairs" }).ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("() => window.scrollBy(0, -60)");
        var screenshot = Environment.GetEnvironmentVariable("BURDEN_REVIEW_SCREENSHOT") is { Length: > 0 } target ? target : dir.File("review-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = false });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot has content");
    }

    [Fact]
    public async Task PostReviews_ReviewedWorkbook_RecordsAndGetListsThem()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        await SeedAsync(host);
        var path = dir.File("qmm.xlsx");
        await host.Service<ReportService>().WriteAsync(new ReportRequest(ReportingPeriod.Parse("2022-11"), "QMM", false, null), path);
        using (var book = new XLWorkbook(path))
        {
            var sheet = book.Worksheet("Duplicates");
            var header = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == ReviewRef.Header));
            int Col(string name) => header.CellsUsed().First(c => c.GetString() == name).Address.ColumnNumber;
            var row = sheet.RowsUsed().First(r => r.Cell(Col(ReviewRef.Header)).GetString().StartsWith("pair|RTT|WLMDS|", StringComparison.Ordinal));
            row.Cell(Col("Decision")).SetValue("confirmed");
            var other = sheet.RowsUsed().First(r => r.RowNumber() > header.RowNumber() && r.RowNumber() != row.RowNumber() && r.Cell(Col(ReviewRef.Header)).GetString().StartsWith("pair|", StringComparison.Ordinal));
            book.Save();
        }

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "qmm.xlsx");
        form.Add(new StringContent("Priya Shah"), "by");
        using var posted = await host.Client.PostAsync("/api/reviews", form);
        var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement;
        using var listed = await host.Client.GetAsync("/api/reviews?org=QMM");
        var list = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal((1, 1, 0), (body.GetProperty("recorded").GetInt32(), body.GetProperty("pairs").GetInt32(), body.GetProperty("recommendations").GetInt32()));
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal(("pair", "RTT", "WLMDS", "confirmed", "Priya Shah"),
            (only.GetProperty("subject").GetString(), only.GetProperty("a").GetString(), only.GetProperty("b").GetString(), only.GetProperty("decision").GetString(), only.GetProperty("by").GetString()));
    }

    [Fact]
    public async Task PostReviews_UnknownDecision_Is400WithSheetRowAndValue()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        await SeedAsync(host);
        var path = dir.File("qmm.xlsx");
        await host.Service<ReportService>().WriteAsync(new ReportRequest(ReportingPeriod.Parse("2022-11"), "QMM", false, null), path);
        int rowNumber;
        using (var book = new XLWorkbook(path))
        {
            var sheet = book.Worksheet("Collections");
            var header = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == "Decision"));
            var col = header.CellsUsed().First(c => c.GetString() == "Decision").Address.ColumnNumber;
            rowNumber = header.RowNumber() + 2;
            sheet.Cell(rowNumber, col).SetValue("sure");
            book.Save();
        }

        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(path)), "file", "qmm.xlsx");
        form.Add(new StringContent("Priya Shah"), "by");
        using var posted = await host.Client.PostAsync("/api/reviews", form);
        var issue = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("issues")[0];

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal(("Collections", rowNumber, "sure"), (issue.GetProperty("sheet").GetString(), issue.GetProperty("row").GetInt32(), issue.GetProperty("value").GetString()));
        Assert.Empty(await host.Service<IBurdenStore>().LoadReviewDecisionsAsync());
    }

    [Fact]
    public async Task PostReports_BaselineOfAnotherScope_Is400NamingBothScopes()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        await host.Service<IBurdenStore>().SaveBaselineAsync(new BaselineSnapshot("QMM-2022-10", "2022-10", "QMM", DateTimeOffset.UtcNow, []));

        using var response = await host.Client.PostAsync("/api/reports?period=2022-11&baseline=QMM-2022-10", null);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("baseline 'QMM-2022-10' covers QMM; this analysis covers all organisations", error, StringComparison.Ordinal);
    }
}
