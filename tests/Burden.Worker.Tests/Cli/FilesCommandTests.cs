using System.Text;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;

namespace Burden.Worker.Tests.Cli;

/// <summary><c>burden files</c>, <c>ingest --replace</c>, <c>rejects --all</c>, and the typos that must stop, run as a user would.</summary>
public sealed class FilesCommandTests : IDisposable
{
    private const string Header = "org_code,received_date,requester,title,frequency,data_items,hours_spent,staff_band";
    private readonly TempDirectory _folder = new();

    private string Db => _folder.File("burden.db");

    public void Dispose() => _folder.Dispose();

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args.Contains("--db") ? args : [.. args, "--db", Db], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Write(string name, params string[] rows)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, Header + "\n" + string.Join("\n", rows) + "\n", new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task FilesRemove_ByName_TakesItsRequestsAwayAndListSaysSo()
    {
        await Run("ingest", Write("keep.csv", "QMM,2022-11-02,NHSE,Kept,weekly,Beds open,1,6"));
        await Run("ingest", Write("wrong.csv", "QMM,2022-11-01,NHSE,Wrong,weekly,Beds open,1,6", "QMM,2022-11-03,NHSE,Also wrong,weekly,Beds open,1,12"));

        var (listed, list, _) = await Run("files", "list");
        var (removed, removal, removeErr) = await Run("files", "remove", "wrong.csv");
        var (_, after, _) = await Run("files", "list");

        Assert.Equal((0, 0), (listed, removed));
        Assert.Contains("wrong.csv", list);
        Assert.Contains("request log", list);
        Assert.Equal("", removeErr);
        Assert.StartsWith("removed file 2 (wrong.csv): 1 requests and 1 reject reasons", removal);
        Assert.DoesNotContain("wrong.csv", after);
        Assert.Contains("keep.csv", after);
        var (_, rejects, _) = await Run("rejects");
        Assert.Equal($"No rejected rows stored.{Environment.NewLine}", rejects);
    }

    [Fact]
    public async Task FilesRemove_NoSuchFile_Exit2()
    {
        await Run("ingest", Write("keep.csv", "QMM,2022-11-02,NHSE,Kept,weekly,Beds open,1,6"));

        var (code, _, error) = await Run("files", "remove", "99");

        Assert.Equal(2, code);
        Assert.Equal($"burden: no stored file 99 (see 'burden files list'){Environment.NewLine}", error);
    }

    [Fact]
    public async Task IngestReplace_CorrectedFile_OldRowsGoneNewRowsStored()
    {
        await Run("ingest", Write("log.csv", "QMM,2022-11-01,NHSE,Weekly SitRep,weekly,Beds open,10,6"));

        var (code, output, _) = await Run("ingest", "--replace", "1", Write("log-fixed.csv", "QMM,2022-11-01,NHSE,Weekly SitRep,weekly,Beds open,1,6"));
        var (_, list, _) = await Run("files", "list");

        Assert.Equal(0, code);
        Assert.Contains("replaced file 1 (log.csv: 1 rows removed)", output);
        Assert.DoesNotContain(" log.csv", list);
        Assert.Contains("log-fixed.csv", list);
    }

    [Fact]
    public async Task IngestReplace_ReplacementRefused_OldFileStays()
    {
        await Run("ingest", Write("log.csv", "QMM,2022-11-01,NHSE,Weekly SitRep,weekly,Beds open,10,6"));
        var broken = _folder.File("broken.csv");
        File.WriteAllText(broken, "title,frequency\nx,weekly\n");

        var (code, _, error) = await Run("ingest", "--replace", "1", broken);
        var (_, list, _) = await Run("files", "list");

        Assert.Equal(3, code);
        Assert.Contains("refused", error);
        Assert.Contains("log.csv", list);
    }

    [Fact]
    public async Task Rejects_CorrectedFileOfSameNameStored_OldRejectsOnlyWithAll()
    {
        await Run("ingest", Write("log.csv", "QMM,2022-11-01,NHSE,Weekly SitRep,weekly,Beds open,1,12"));
        var corrected = Path.Combine(_folder.File("fixed"), "log.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(corrected)!);
        File.WriteAllText(corrected, Header + "\nQMM,2022-11-01,NHSE,Weekly SitRep,weekly,Beds open,1,7\n");
        await Run("ingest", corrected);

        var (_, current, _) = await Run("rejects");
        var (_, all, _) = await Run("rejects", "--all");

        Assert.Equal($"No rejected rows stored.{Environment.NewLine}", current);
        Assert.Contains("log.csv line 2, column staff_band: '12' is not a staff band", all);
    }

    [Theory]
    [InlineData("analyse", "--json", "x.json")]
    [InlineData("report", "--period", "2022-11", "--all-orgs", "--out", "x.xlsx")]
    [InlineData("rejects")]
    [InlineData("baseline", "list")]
    [InlineData("files", "list")]
    public async Task ReadOnlyCommand_DatabaseTypo_Exit2AndCreatesNothing(params string[] args)
    {
        var typo = _folder.File("data/burdne.db");

        var (code, output, error) = await Run([.. args, "--db", typo]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith($"burden: no database at {typo}", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(Directory.Exists(_folder.File("data")));
    }

    [Theory]
    [InlineData("sqlserver://foo", "'sqlserver://' is not a database this program knows")]
    [InlineData("https://user:secret@example.org/db", "'https://' is not a database this program knows")]
    public async Task Ingest_DatabaseLooksLikeUrl_Exit2AndCreatesNothing(string db, string expected)
    {
        var log = Write("log.csv", "QMM,2022-11-01,NHSE,Weekly SitRep,weekly,Beds open,1,6");
        var before = Directory.GetFileSystemEntries(_folder.Path).Length;

        var (code, _, error) = await Run("ingest", log, "--db", db);

        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("secret", error);
        Assert.Equal(before, Directory.GetFileSystemEntries(_folder.Path).Length);
        Assert.False(Directory.Exists(Path.Combine(Environment.CurrentDirectory, db.Split(':')[0] + ":")));
    }

    [Theory]
    [InlineData("analyse", "--json", "x.json")]
    [InlineData("report", "--period", "2022-11", "--out", "x.xlsx")]
    public async Task Command_OrganisationWithNoRequests_Exit2ListingThoseWithData(params string[] args)
    {
        await Run("ingest", Write("log.csv", "QMM,2022-11-01,NHSE,Weekly SitRep,weekly,Beds open,1,6", "QUE,2022-11-01,NHSE,Weekly SitRep,weekly,Beds open,1,6"));

        var (code, _, error) = await Run([.. args.Select(a => a.StartsWith('x') ? _folder.File(a) : a), "--org", "ZZZ"]);

        Assert.Equal(2, code);
        Assert.Equal($"burden: no requests are stored for ZZZ; organisations with data: QMM, QUE{Environment.NewLine}", error);
        Assert.False(File.Exists(_folder.File("x.xlsx")));
    }

    [Fact]
    public async Task Ingest_OrgGivenAndRowsOfAnother_RowsRejectedNamingBoth()
    {
        var (code, output, _) = await Run("ingest", "--org", "QMM", Write("log.csv", "QUE,2022-11-01,NHSE,Weekly SitRep,weekly,Beds open,1,6"));
        var (_, rejects, _) = await Run("rejects");

        Assert.Equal(0, code);
        Assert.Contains("accepted 0, rejected 1", output);
        Assert.Contains("column org_code: 'QUE' is not QMM, the organisation this file was uploaded for", rejects);
    }
}
