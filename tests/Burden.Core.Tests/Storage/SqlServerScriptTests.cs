using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit.Abstractions;
using Burden.Storage;

namespace Burden.Core.Tests.Storage;

/// <summary>SQL Server is not installable here, so every script and query text it would run is parsed with ScriptDom instead.</summary>
public sealed class SqlServerScriptTests(ITestOutputHelper output)
{
    public static TheoryData<string> ScriptFiles() =>
        new(Directory.GetFiles(Repo.Path("sql", "sqlserver"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    public static TheoryData<string> QueryKeys() => new(StoreQueries.For(SqlServer).All.Keys.Order(StringComparer.Ordinal));

    private static StorageProvider SqlServer => BurdenStores.CreateProvider("Server=localhost;Database=burden");

    [Theory]
    [MemberData(nameof(ScriptFiles))]
    public void Parse_SchemaScript_HasNoErrors(string file)
    {
        var text = File.ReadAllText(Repo.Path("sql", "sqlserver", file));

        var errors = Parse(text);

        Assert.True(errors.Count == 0, $"{file}:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [MemberData(nameof(QueryKeys))]
    public void Parse_CatalogueQuery_HasNoErrors(string key)
    {
        var text = StoreQueries.For(SqlServer).All[key];
        output.WriteLine(text);

        var errors = Parse(text);

        Assert.True(errors.Count == 0, $"{key}: {text}\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void Parse_BrokenText_ReportsErrors()
    {
        // Guards the two tests above: the parser must actually find mistakes in this engine's kind of text.
        Assert.NotEmpty(Parse("SELECT TOP (1) id FROM burden.files WHERE LIMIT 1"));
        Assert.NotEmpty(Parse("INSERT INTO burden.files (name) VALUES (@name) RETURNING id"));
    }

    [Fact]
    public void Parse_EmbeddingCacheQueries_HaveNoErrors()
    {
        var q = EmbeddingQueries.For(SqlServer);

        Assert.Empty(Parse(q.Load));
        Assert.Empty(Parse(q.Save));
        Assert.Contains("burden.embeddings", q.Load, StringComparison.Ordinal);
    }

    [Fact]
    public void Batches_ScriptWithGoLines_SplitsIntoEachBatchWithoutGo()
    {
        var script = "CREATE TABLE a (x int);\nGO\nIF 1 = 1 SELECT 1;\n  go  \nSELECT 'GO' AS word;\n";

        var batches = SqlServer.Batches(script).Select(b => b.Trim()).ToList();

        Assert.Equal(["CREATE TABLE a (x int);", "IF 1 = 1 SELECT 1;", "SELECT 'GO' AS word;"], batches);
    }

    [Fact]
    public void Batches_ShippedSchemaScript_EachBatchParsesAlone()
    {
        // The runner sends batches one at a time, so each must stand on its own (CREATE SCHEMA and CREATE TABLE rules).
        // A one-statement script has one GO; the multi-batch ones prove the splitting is exercised.
        Assert.True(SchemaScripts.For("sqlserver").Max(s => s.Text.Split('\n').Count(line => line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase))) >= 4);
        foreach (var script in SchemaScripts.For("sqlserver"))
        {
            var batches = SqlServer.Batches(script.Text).ToList();
            var goLines = script.Text.Split('\n').Count(line => line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase));
            Assert.True(batches.Count >= goLines && goLines >= 1, $"{script.Name} split into only {batches.Count} batches for {goLines} GO lines");
            foreach (var batch in batches)
            {
                var errors = Parse(batch);
                Assert.True(errors.Count == 0, $"{script.Name} batch:\n{batch}\n{string.Join("\n", errors)}");
            }
        }
    }

    private static List<string> Parse(string text)
    {
        var parser = new TSql180Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(text);
        parser.Parse(reader, out IList<ParseError> errors);
        return errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}").ToList();
    }
}
