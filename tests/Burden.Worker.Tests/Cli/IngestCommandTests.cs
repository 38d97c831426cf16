using System.Text;
using System.Text.RegularExpressions;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using Burden.Storage;

namespace Burden.Worker.Tests.Cli;

public sealed class IngestCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private string Db => _folder.File("burden.db");

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--db", Db], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task Ingest_MessySample_Exit0AndOneLinePointingAtRejects()
    {
        var sample = Repo.Path("samples", "messy-request-log.csv");
        var (code, output, error) = await Run("ingest", sample);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal($"{sample}: accepted 5, rejected 6; reasons: burden rejects --file messy-request-log.csv; columns set aside: Notes{Environment.NewLine}", output);
    }

    [Fact]
    public async Task Ingest_SameFileTwice_SecondLineSaysSkipped()
    {
        var path = Write("log.csv", "org_code,received_date,requester,title,frequency,data_items\nQMM,01/11/2022,NHSE,T,monthly,x\n");
        await Run("ingest", path);
        var (code, output, _) = await Run("ingest", path);

        Assert.Equal(0, code);
        Assert.StartsWith($"{path}: skipped: the same content was stored on ", output);
    }

    [Fact]
    public async Task Ingest_OneFileRefused_Exit3OneLineOnStderrAndOthersStored()
    {
        var good = Write("good.csv", "org_code,received_date,requester,title,frequency,data_items\nQMM,01/11/2022,NHSE,T,monthly,x\n");
        var bad = Write("bad.csv", "org_code,received_date,requester,title,frequency\nQMM,01/11/2022,NHSE,T,monthly\n");

        var (code, output, error) = await Run("ingest", bad, good);

        Assert.Equal(3, code);
        Assert.Equal($"{bad}: refused: missing required column data_items for a request log; headers found: org_code, received_date, requester, title, frequency{Environment.NewLine}", error);
        Assert.Equal($"{good}: accepted 1, rejected 0{Environment.NewLine}", output);
        var store = await BurdenStores.OpenAsync(Db);
        Assert.Equal(["good.csv"], (await store.ListFilesAsync()).Select(f => f.Name));
    }

    [Fact]
    public async Task Ingest_MissingFile_Exit2NamingIt()
    {
        var (code, _, error) = await Run("ingest", _folder.File("nowhere.csv"));
        Assert.Equal(2, code);
        Assert.Contains("no such file: ", error);
        Assert.Contains("nowhere.csv", error);
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("ingest", "x.csv", "--kind", "spreadsheet")]
    [InlineData("ingest", "x.csv", "--org")]
    public async Task Ingest_UsageError_Exit2(params string[] args) => Assert.Equal(2, (await Run(args)).Code);

    [Fact]
    public async Task Ingest_OrgAndKindOptions_Applied()
    {
        var path = Write("nocodes.csv", "received_date,requester,title,frequency,data_items\n01/11/2022,NHSE,T,monthly,x\n");
        var (code, _, _) = await Run("ingest", path, "--org", "QMM", "--kind", "log");
        Assert.Equal(0, code);
        var store = await BurdenStores.OpenAsync(Db);
        Assert.Equal("QMM", Assert.Single(await store.LoadRequestsAsync(new RequestQuery(null, null))).OrgCode);
    }

    [Fact]
    public async Task Ingest_NoOrgColumnAndNoOrg_RefusedSayingToGiveOrg()
    {
        var path = Write("no-org.csv", "received_date,requester,title,frequency,data_items\n01/11/2022,NHSE,T,monthly,x\n");

        var (code, _, error) = await Run("ingest", path);

        Assert.Equal(3, code);
        Assert.Contains($"{path}: refused: missing required column org_code for a request log", error, StringComparison.Ordinal);
        Assert.Contains("(or give --org CODE for a log without one)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_OrgNotACode_UsageErrorSayingWhatIsExpected()
    {
        var path = Write("log.csv", "received_date,requester,title,frequency,data_items\n01/11/2022,NHSE,T,monthly,x\n");

        var (code, _, error) = await Run("ingest", path, "--org", "Q-M");

        Assert.Equal(2, code);
        Assert.Contains("--org: 'Q-M' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_OrgCellNotACode_RowRejectedWithTheReason()
    {
        var path = Write("log.csv", "org_code,received_date,requester,title,frequency,data_items\nqmm,01/11/2022,NHSE,T,monthly,x\nQ/MM,02/11/2022,NHSE,T,monthly,x\n");

        var (code, output, _) = await Run("ingest", path);
        var (_, rejects, _) = await Run("rejects");

        Assert.Equal(0, code);
        Assert.StartsWith($"{path}: accepted 1, rejected 1", output, StringComparison.Ordinal);
        Assert.Contains("log.csv line 3, column org_code: 'Q/MM' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)", rejects, StringComparison.Ordinal);
        var store = await BurdenStores.OpenAsync(Db);
        Assert.Equal("QMM", Assert.Single(await store.LoadRequestsAsync(new RequestQuery(null, null))).OrgCode.Value);
    }

    [Fact]
    public async Task Ingest_Help_DescribesOptions()
    {
        var (code, output, _) = await Run("ingest", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--org", output);
        Assert.Contains("--kind", output);
    }

    [Fact]
    public async Task Rejects_AfterIngest_OneLinePerReasonFilteredByFile()
    {
        await Run("ingest", Repo.Path("samples", "messy-request-log.csv"));
        var other = Write("other.csv", "org_code,received_date,requester,title,frequency,data_items\nQMM,30/02/2022,NHSE,T,monthly,x\n");
        await Run("ingest", other);

        var (code, output, _) = await Run("rejects", "--file", "messy-request-log.csv");
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(0, code);
        Assert.Equal(6, lines.Length);
        Assert.Equal("messy-request-log.csv line 4, column received_date: '31/02/2022' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)", lines[0]);
        Assert.All(lines, l => Assert.StartsWith("messy-request-log.csv line ", l));
        var all = (await Run("rejects")).Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, all.Length);
    }

    [Fact]
    public async Task Rejects_NoneStored_SaysSo()
    {
        await Run("ingest", Write("clean.csv", "org_code,received_date,requester,title,frequency,data_items\nQMM,2022-11-01,NHSE,T,monthly,x\n"));
        var (code, output, _) = await Run("rejects", "--file", "clean.csv");
        Assert.Equal(0, code);
        Assert.Equal($"No rejected rows stored for clean.csv.{Environment.NewLine}", output);
    }

    [Fact]
    public async Task BenchIngest_SmallRun_PrintsRatesRatiosAndVerdict()
    {
        var (code, output, _) = await Run("bench", "ingest", "--rows", "2000");
        Assert.Equal(0, code);
        Assert.Matches(new Regex(@"2,000 rows: parse [\d,]+ rows/s; raw prepared insert [\d,]+ rows/s; end to end [\d,]+ rows/s = \d+\.\d\d x raw insert, \d+\.\d\d x parse; (PASS|MISS)"), output);
    }

    [Fact]
    public async Task BenchIngest_BadRows_Exit2() => Assert.Equal(2, (await Run("bench", "ingest", "--rows", "lots")).Code);

    [Fact]
    public async Task BenchXlsx_SmallRun_PrintsBothRatesRatioAndVerdict()
    {
        var (code, output, _) = await Run("bench", "xlsx", "--rows", "2000");
        Assert.Equal(0, code);
        Assert.Matches(new Regex(@"2,000 rows: CSV [\d,]+ rows/s, [\d,]+ MiB allocated; XLSX [\d,]+ rows/s, [\d,]+ MiB allocated = \d+\.\d\d x CSV; (PASS|MISS)"), output);
    }

    [Fact]
    public async Task BenchXlsx_ZeroRows_Exit2() => Assert.Equal(2, (await Run("bench", "xlsx", "--rows", "0")).Code);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
