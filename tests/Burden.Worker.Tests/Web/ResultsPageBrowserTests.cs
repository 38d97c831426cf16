using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Reports;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using Burden.Worker.Tests.Hosting;
using Microsoft.Playwright;

namespace Burden.Worker.Tests.Web;

/// <summary>
/// The results page in headless Chromium on a real host over the demo's SQLite file: every figure it shows is the value
/// <c>burden analyse --json</c> writes for the same organisation, period and baseline.
/// </summary>
[Collection(HostCollection.Name)]
public class ResultsPageBrowserTests
{
    private const string Period = "2022-11";
    private const string Baseline = "QMM-2022-10";

    /// <summary>Runs <c>burden demo</c> into a fresh SQLite file: both sample logs, the catalogue, QMM's October baseline and the sample reports.</summary>
    internal static async Task<string> DemoDatabaseAsync(TempDirectory dir)
    {
        var db = dir.File("burden.db");
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["demo", "--db", db, "--out-dir", dir.File("data/reports")], output, error);
        Assert.True(code == ExitCodes.Ok, $"burden demo failed: {error}");
        return db;
    }

    private static async Task<JsonElement> AnalyseJsonAsync(TempDirectory dir, string db)
    {
        var json = dir.File("cli/analysis.json");
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["analyse", "--db", db, "--org", "QMM", "--period", Period, "--baseline", Baseline, "--json", json], new StringWriter(), error);
        Assert.True(code == ExitCodes.Ok, $"burden analyse failed: {error}");
        return JsonDocument.Parse(await File.ReadAllBytesAsync(json)).RootElement;
    }

    /// <summary>The value at a path such as <c>totals.by_frequency.daily.hours</c> or <c>collections.3.title</c>.</summary>
    private static JsonElement At(JsonElement root, string path)
    {
        var at = root;
        foreach (var part in path.Split('.'))
        {
            at = at.ValueKind == JsonValueKind.Array ? at[int.Parse(part, CultureInfo.InvariantCulture)] : at.GetProperty(part);
        }
        return at;
    }

    private static string Raw(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    [SkippableFact]
    public async Task OrgPage_SampleOrganisationAndPeriod_EveryFigureEqualsTheAnalyseJson()
    {
        var chromium = Tools.Require("Chromium", "apt-get install -y chromium", "/usr/bin/chromium");
        using var dir = new TempDirectory();
        var db = await DemoDatabaseAsync(dir);
        var expected = await AnalyseJsonAsync(dir, db);
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = db });
        // A workbook over a small row cap spills its requests to a CSV beside it, as a large organisation's does.
        var written = await new ReportService(host.Service<IBurdenStore>(), host.Service<Analyser>(), new ReportOptions { RequestRowCap = 10 })
            .WriteAsync(new ReportRequest(ReportingPeriod.Parse(Period), "QMM", false, Baseline), dir.File("data/reports/burden-QMM-2022-11.xlsx"));
        Assert.NotNull(written.SpillCsvPath);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var policyViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                policyViolations.Add(message.Text);
            }
        };

        // From the index, as a user would get there, then the period and baseline chosen on the page.
        await page.GotoAsync(new Uri(host.BaseAddress, "/orgs").ToString());
        await page.GetByTestId("orgs").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "QMM", Exact = true }).ClickAsync();
        await page.GetByLabel("Period").FillAsync(Period);
        await page.GetByLabel("Compare with baseline").SelectOptionAsync(Baseline);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = $"QMM: {Period}" }).WaitForAsync();

        var shown = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('[data-json]')].map(e => [e.dataset.json, e.dataset.value, e.textContent])");
        var paths = shown.Select(s => s[0]).ToHashSet(StringComparer.Ordinal);
        Assert.All(shown, s => Assert.True(Raw(At(expected, s[0])) == s[1], $"{s[0]}: the page says {s[1]}, burden analyse --json says {Raw(At(expected, s[0]))}"));

        // Every section the issue names is there in full.
        var totals = expected.GetProperty("totals");
        foreach (var key in new[] { "requests", "collections", "hours", "hours_per_year", "cost_gbp_per_year", "submissions_per_year", "share_output_only", "share_automatable", "hours_saved_per_year", "cost_gbp_saved_per_year" })
        {
            Assert.Contains($"totals.{key}", paths);
        }
        foreach (var saving in new[] { "agreed", "on_evidence", "suggested" })
        {
            Assert.Contains($"totals.savings.{saving}.hours_per_year", paths);
            Assert.Contains($"totals.savings.{saving}.cost_gbp_per_year", paths);
        }
        var frequencies = totals.GetProperty("by_frequency").EnumerateObject().Where(f => f.Value.GetProperty("collections").GetInt32() > 0).ToList();
        Assert.NotEmpty(frequencies);
        Assert.All(frequencies, f => Assert.Contains($"totals.by_frequency.{f.Name}.hours_per_year", paths));
        var requesters = expected.GetProperty("by_requester").GetArrayLength();
        Assert.All(Enumerable.Range(0, requesters), i => Assert.Contains($"by_requester.{i}.hours_per_year", paths));
        var groups = expected.GetProperty("duplicate_groups").GetArrayLength();
        Assert.True(groups > 0, "the sample has duplicate groups");
        Assert.All(Enumerable.Range(0, groups), i => Assert.Contains($"duplicate_groups.{i}.keep", paths));
        var collections = expected.GetProperty("collections").EnumerateArray().ToList();
        Assert.Equal(collections.Count(c => c.GetProperty("output_only").GetBoolean()), await page.GetByTestId("output-only").Locator("tbody tr").CountAsync());
        Assert.Equal(collections.Count(c => c.GetProperty("automatable_from").GetArrayLength() > 0), await page.GetByTestId("automatable").Locator("tbody tr").CountAsync());
        var recommended = collections.Select((c, i) => (c, i)).Where(x => x.c.GetProperty("recommendation").GetString() != "keep").ToList();
        Assert.Equal(recommended.Count, await page.GetByTestId("recommendations").Locator("tbody tr").CountAsync());
        Assert.All(recommended, x => Assert.Contains($"collections.{x.i}.hours_saved_per_year", paths));
        var baseline = expected.GetProperty("baseline");
        Assert.Equal(Baseline, baseline.GetProperty("name").GetString());
        Assert.All(baseline.GetProperty("deltas").EnumerateObject(), d => Assert.Contains($"baseline.deltas.{d.Name}.change", paths));

        // What a reader sees is the document's figure, formatted.
        var hoursPerYear = shown.Single(s => s[0] == "totals.hours_per_year");
        Assert.Equal(totals.GetProperty("hours_per_year").GetDouble().ToString("N1", CultureInfo.InvariantCulture), hoursPerYear[2]);
        var cost = shown.Single(s => s[0] == "totals.cost_gbp_per_year");
        Assert.Equal("£" + totals.GetProperty("cost_gbp_per_year").GetDouble().ToString("N0", CultureInfo.InvariantCulture), cost[2]);

        // The charts: an accessible name, and each bar's value as text, in the table's order.
        var frequencyChart = page.GetByRole(AriaRole.Img, new PageGetByRoleOptions { Name = "Hours a year by frequency" });
        Assert.Equal(frequencies.Select(f => f.Value.GetProperty("hours_per_year").GetDouble().ToString("N1", CultureInfo.InvariantCulture)),
            await frequencyChart.Locator("text.value").AllTextContentsAsync());
        var requesterChart = page.GetByRole(AriaRole.Img, new PageGetByRoleOptions { Name = "Hours a year by requester" });
        Assert.Equal(requesters, await requesterChart.Locator("text.value").CountAsync());
        Assert.Contains(expected.GetProperty("by_requester")[0].GetProperty("name").GetString()!, await requesterChart.Locator("desc").TextContentAsync());

        // The workbook and the requests CSV beside it download from the page.
        Assert.Equal("/reports/burden-QMM-2022-11.xlsx", await page.GetByTestId("workbook").GetAttributeAsync("href"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("requests-csv").ClickAsync());
        Assert.Equal("burden-QMM-2022-11-requests.csv", download.SuggestedFilename);
        var csv = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.Equal(expected.GetProperty("totals").GetProperty("requests").GetInt32() + 1, csv.Length);
        Assert.Equal(await File.ReadAllTextAsync(written.SpillCsvPath!), await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Empty(policyViolations);

        var screenshot = Environment.GetEnvironmentVariable("BURDEN_RESULTS_SCREENSHOT") is { Length: > 0 } target ? target : dir.File("results-page.png");
        await page.SetViewportSizeAsync(1000, 1250);
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = false });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot has content");
    }

    [Fact]
    public async Task ApiOrgAnalysis_SameArguments_IsTheDocumentAnalyseWrites()
    {
        using var dir = new TempDirectory();
        var db = await DemoDatabaseAsync(dir);
        var expected = await AnalyseJsonAsync(dir, db);
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = db });

        using var response = await host.Client.GetAsync($"/api/orgs/QMM/analysis?period={Period}&baseline={Baseline}");
        var served = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        // Every key but the moment it was made.
        static string Without(JsonElement doc) => JsonSerializer.Serialize(doc.EnumerateObject().Where(p => p.Name != "generated_at").ToDictionary(p => p.Name, p => p.Value));
        Assert.Equal(Without(expected), Without(served));
    }

    [Theory]
    [InlineData("/orgs/ZZZ?period=2022-11", HttpStatusCode.NotFound, "organisations with data: QMM")]
    [InlineData("/orgs/QMM?period=Nov%202022", HttpStatusCode.BadRequest, "is not a period")]
    [InlineData("/orgs/Q%3Cb%3E?period=2022-11", HttpStatusCode.BadRequest, "is not an organisation code")]
    [InlineData("/orgs/QMM?period=2022-11&baseline=nope", HttpStatusCode.NotFound, "baseline &#x27;nope&#x27; does not exist")]
    public async Task OrgPage_BadArguments_SaySoWithTheStatus(string path, HttpStatusCode status, string says)
    {
        using var dir = new TempDirectory();
        var db = await DemoDatabaseAsync(dir);
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = db });

        using var response = await host.Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(says, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrgPage_RequesterWithMarkup_IsShownAsTextNeverAsMarkup()
    {
        using var dir = new TempDirectory();
        var db = dir.File("burden.db");
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = db });
        var store = host.Service<IBurdenStore>();
        var rows = Burden.Core.Tests.Analysis.SampleFiles.LoadLog().Take(5)
            .Select((r, i) => r with { Requester = i == 0 ? "<script>alert(1)</script> & \"Co\"" : r.Requester })
            .Select(r => new Burden.Core.Catalogue.ParsedRow { Line = r.SourceLine, Request = r });
        await store.SaveFileAsync(new NewFile("log.csv", new string('c', 64), Burden.Core.Catalogue.LogKind.RequestLog, "QMM", DateTimeOffset.UtcNow), rows);

        var html = await host.Client.GetStringAsync("/orgs/QMM?period=2022-11");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("burden-QMM-2022-11-requests.csv", HttpStatusCode.OK)]
    [InlineData("..%2Fburden.db", HttpStatusCode.NotFound)]
    [InlineData("..%2F..%2Fburden.db", HttpStatusCode.NotFound)]
    [InlineData("burden-QMM-2022-11.xlsx%2F..%2F..%2Fburden.db", HttpStatusCode.NotFound)]
    [InlineData("demo-QMM-2022-11-requests.csv", HttpStatusCode.NotFound)]
    [InlineData("analysis.json", HttpStatusCode.NotFound)]
    public async Task ApiReportDownload_SpillCsvAndOtherNames_OnlyTheCsvTheServiceWroteIsSent(string name, HttpStatusCode status)
    {
        using var dir = new TempDirectory();
        var db = await DemoDatabaseAsync(dir);
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = db });
        await new ReportService(host.Service<IBurdenStore>(), host.Service<Analyser>(), new ReportOptions { RequestRowCap = 10 })
            .WriteAsync(new ReportRequest(ReportingPeriod.Parse(Period), "QMM", false, null), dir.File("data/reports/burden-QMM-2022-11.xlsx"));
        // A file put in the reports folder by hand is not the service's: it is never sent.
        await File.WriteAllTextAsync(dir.File("data/reports/analysis.json"), "{}");

        using var response = await host.Client.GetAsync($"/api/reports/{name}");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        if (status == HttpStatusCode.OK)
        {
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("burden-QMM-2022-11-requests.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var requests = await host.Service<IBurdenStore>().LoadRequestsAsync(new RequestQuery(ReportingPeriod.Parse(Period), "QMM"));
            Assert.Equal(requests.Count + 1, lines.Length);
            var listed = JsonDocument.Parse(await host.Client.GetStringAsync("/api/reports")).RootElement.EnumerateArray()
                .Single(r => r.GetProperty("name").GetString() == "burden-QMM-2022-11.xlsx");
            Assert.Equal("/api/reports/burden-QMM-2022-11-requests.csv", listed.GetProperty("requests_csv").GetString());
        }
    }
}
