using System.Text.Json;
using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Analysis;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using Burden.Storage;

namespace Burden.Worker.Tests.Cli;

public sealed class AnalyseCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> SeedAsync()
    {
        var db = _dir.File("burden.db");
        var store = await BurdenStores.OpenAsync(db);
        var now = DateTimeOffset.UtcNow;
        await store.SaveFileAsync(new NewFile("icb-request-log-2022-11.csv", new string('a', 64), LogKind.RequestLog, "QMM", now), SampleFiles.LoadLog().Select(r => new ParsedRow { Line = r.SourceLine, Request = r }));
        await store.SaveFileAsync(new NewFile("national-catalogue.csv", new string('b', 64), LogKind.Catalogue, null, now), SampleFiles.LoadCatalogue().Select(c => new ParsedRow { Line = c.SourceLine, Catalogue = c }));
        return db;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Analyse_SampleForQmm_WritesTheJsonDocumentAndASummary()
    {
        var db = await SeedAsync();
        var json = _dir.File("out/analysis.json");

        var (code, output, error) = await RunAsync("analyse", "--db", db, "--period", "2022-11", "--org", "qmm", "--json", json);

        Assert.True(code == ExitCodes.Ok, error);
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        var byFrequency = doc.RootElement.GetProperty("totals").GetProperty("by_frequency");
        Assert.Equal(3, byFrequency.GetProperty("daily").GetProperty("collections").GetInt32());
        Assert.Equal(11, byFrequency.GetProperty("weekly").GetProperty("collections").GetInt32());
        Assert.Equal(6, byFrequency.GetProperty("monthly").GetProperty("collections").GetInt32());
        Assert.Equal(97, byFrequency.GetProperty("ad_hoc").GetProperty("requests").GetInt32());
        Assert.Equal("QMM", doc.RootElement.GetProperty("org").GetString());
        Assert.Contains("2022-11, QMM:", output, StringComparison.Ordinal);
        Assert.Contains("wrote " + json, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyse_BadPeriod_FailsWithTheExpectedForms()
    {
        var db = await SeedAsync();

        var (code, _, error) = await RunAsync("analyse", "--db", db, "--period", "Nov 2022", "--json", _dir.File("a.json"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("'Nov 2022' is not a period", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("a.json")));
    }

    [Fact]
    public async Task Analyse_WithoutJson_IsAUsageError()
    {
        var (code, _, error) = await RunAsync("analyse", "--period", "2022-11");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Baseline_CreateListAndCompare_WorkEndToEnd()
    {
        var db = await SeedAsync();

        var created = await RunAsync("baseline", "create", "reset-2022-11", "--db", db, "--period", "2022-11", "--org", "QMM");
        var again = await RunAsync("baseline", "create", "reset-2022-11", "--db", db, "--period", "2022-11");
        var list = await RunAsync("baseline", "list", "--db", db);
        var compared = await RunAsync("analyse", "--db", db, "--period", "2022-11", "--org", "QMM", "--baseline", "reset-2022-11", "--json", _dir.File("b.json"));
        var missing = await RunAsync("analyse", "--db", db, "--baseline", "nope", "--json", _dir.File("c.json"));

        Assert.True(created.Code == ExitCodes.Ok, created.Err);
        Assert.Contains("baseline 'reset-2022-11' (2022-11, QMM):", created.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, again.Code);
        Assert.Contains("already exists", again.Err, StringComparison.Ordinal);
        Assert.StartsWith("reset-2022-11\t2022-11\tQMM\t", list.Out, StringComparison.Ordinal);
        Assert.True(compared.Code == ExitCodes.Ok, compared.Err);
        Assert.Contains("against baseline 'reset-2022-11': 0 added, 0 retired, 0 changed", compared.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, missing.Code);
        Assert.Contains("baseline 'nope' does not exist", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyse_WithTaxonomyAndSettingsFiles_AppliesThem()
    {
        var db = await SeedAsync();
        await File.WriteAllTextAsync(_dir.File("mine.txt"), "# version: local-1\noutcome: attendances\n");
        await File.WriteAllTextAsync(_dir.File("settings.json"), """{ "on_cost_factor": 1.0, "taxonomy_file": "mine.txt" }""");
        var json = _dir.File("t.json");

        var (code, _, error) = await RunAsync("analyse", "--db", db, "--period", "2022-11", "--org", "QMM", "--settings", _dir.File("settings.json"), "--json", json);

        Assert.True(code == ExitCodes.Ok, error);
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        var items = doc.RootElement.GetProperty("collections").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "MSITAE").GetProperty("data_items");
        var type1 = items.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "Type 1 A&E attendances");
        Assert.Equal("outcome", type1.GetProperty("class").GetString());
        Assert.StartsWith("local-1+", doc.RootElement.GetProperty("method").GetProperty("taxonomy_version").GetString(), StringComparison.Ordinal);
        Assert.Equal(1.0, doc.RootElement.GetProperty("method").GetProperty("on_cost_factor").GetDouble());
    }

    [Fact]
    public async Task Analyse_BadSettingsFile_FailsNamingFileAndKey()
    {
        await File.WriteAllTextAsync(_dir.File("bad.json"), """{ "on_cost": 1.2 }""");

        var (code, _, error) = await RunAsync("analyse", "--db", _dir.File("x.db"), "--settings", _dir.File("bad.json"), "--json", _dir.File("x.json"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("bad.json: unknown setting 'on_cost'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchDuplicates_SmallRun_PrintsRecallAgainstAllPairs()
    {
        var (code, output, error) = await RunAsync("bench", "duplicates", "--collections", "3000", "--planted", "100", "--subsample", "800", "--soft", "false");

        Assert.True(code == ExitCodes.Ok, output + error);
        Assert.Contains("planted recall 1.000", output, StringComparison.Ordinal);
        Assert.Contains("recall vs all-pairs 1.000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchDuplicates_SmallSoftRun_FindsPlantedParaphrasesColdAndWarmWithNothingEncodedWarm()
    {
        var (code, output, error) = await RunAsync("bench", "duplicates", "--collections", "400", "--planted", "10", "--subsample", "100",
            "--distinct-items", "400", "--paraphrases", "20", "--soft-subsample", "200");

        Assert.True(code == ExitCodes.Ok, output + error);
        Assert.Matches(@"encoding: [\d,]+ texts in [\d.]+ s .*: \d+ items/s, [\d.]+ ms per item", output);
        Assert.Contains("0 texts encoded", output, StringComparison.Ordinal);
        Assert.Contains("warm pairs identical to cold: yes", output, StringComparison.Ordinal);
        Assert.Contains("planted paraphrase pairs found in the full run: 20 of 20", output, StringComparison.Ordinal);
        Assert.Matches(@"planted paraphrase pairs (1\.000|0\.9[5-9]\d)", output);
    }

    [Fact]
    public async Task BenchClassify_LabelledSet_PrintsEverySourceAndThePooledLeaveOneSourceOutFigure()
    {
        var (code, output, error) = await RunAsync("bench", "classify");

        Assert.True(code is ExitCodes.Ok or ExitCodes.Error, output + error);
        Assert.Contains("encoded in", output, StringComparison.Ordinal);
        Assert.Equal(11, output.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\S.*\s+\d+\s+\d+\s+\d\.\d{3} \(")));
        Assert.Matches(@"ALL \(pooled\)\s+882\s+419", output);
        Assert.Matches(@"pooled balanced accuracy, rules \+ model: 0\.\d{3} \(target >= 0\.85\): (PASS|MISS)", output);
    }
}
