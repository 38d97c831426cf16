using System.Diagnostics;
using Burden.Core.Common;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Microsoft.Data.Sqlite;
using Burden.Storage;

namespace Burden.Core.Tests.Storage;

/// <summary>Choosing and opening the database named by <c>--db</c> / <c>BURDEN_DB</c>.</summary>
public sealed class BurdenStoresTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("data/burden.db", false)]
    [InlineData(@"C:\burden\data\burden.db", false)]
    [InlineData("/tmp/a=b/burden.db", false)]
    [InlineData("Data Source=data/burden.db", false)]
    [InlineData("Data Source=burden.db;Mode=ReadWriteCreate", false)]
    [InlineData("Server=sql01;Database=burden;Integrated Security=true", true)]
    [InlineData("Data Source=sql01,1433;Initial Catalog=burden;User ID=svc;Password=x", true)]
    [InlineData("server=tcp:sql01.database.windows.net;database=burden", true)]
    [InlineData("Address=10.0.0.5;Trusted_Connection=yes", true)]
    [InlineData("Host=db01;Database=burden;Username=burden", false)]
    [InlineData("postgresql://burden@db01/burden", false)]
    public void IsSqlServer_Text_TellsConnectionStringFromSqlitePath(string? db, bool expected)
    {
        Assert.Equal(expected, BurdenStores.IsSqlServer(db));
    }

    [Theory]
    [InlineData("Host=db01;Database=burden;Username=burden", true)]
    [InlineData("host=10.0.0.7;port=5433;database=burden", true)]
    [InlineData("postgresql://burden:secret@db01:5433/burden?sslmode=require", true)]
    [InlineData("postgres://db01/burden", true)]
    [InlineData("Server=sql01;Database=burden;Integrated Security=true", false)]
    [InlineData("data/burden.db", false)]
    [InlineData("Data Source=data/burden.db", false)]
    [InlineData(null, false)]
    public void IsPostgres_Text_TellsPostgresFromOtherEngines(string? db, bool expected)
    {
        Assert.Equal(expected, BurdenStores.IsPostgres(db));
    }

    [Fact]
    public void PostgresConnectionString_Url_BecomesNpgsqlKeywordsWithEveryPart()
    {
        var text = BurdenStores.PostgresConnectionString("postgresql://burden%40ops:p%3Ass@db01.nhs.test:5433/burden_live?sslmode=require&application_name=burden-1");

        var built = new Npgsql.NpgsqlConnectionStringBuilder(text);
        Assert.Equal("db01.nhs.test", built.Host);
        Assert.Equal(5433, built.Port);
        Assert.Equal("burden_live", built.Database);
        Assert.Equal("burden@ops", built.Username);
        Assert.Equal("p:ss", built.Password);
        Assert.Equal(Npgsql.SslMode.Require, built.SslMode);
        Assert.Equal("burden-1", built.ApplicationName);
    }

    [Fact]
    public void PostgresConnectionString_UrlWithUnknownSetting_ThrowsBurdenExceptionNamingIt()
    {
        var ex = Assert.Throws<BurdenException>(() => BurdenStores.PostgresConnectionString("postgresql://db01/burden?colour=blue"));

        Assert.Contains("colour=blue", ex.Message);
    }

    [Fact]
    public async Task OpenAsync_PostgresThatIsNotThere_ThrowsBurdenExceptionNamingHostAndDatabase()
    {
        // Port 1 on the loopback has nothing listening: the connection is refused at once.
        var ex = await Assert.ThrowsAsync<BurdenException>(() => BurdenStores.OpenAsync("Host=127.0.0.1;Port=1;Database=burden;Username=burden;Timeout=3"));

        Assert.Contains("Cannot connect to PostgreSQL '127.0.0.1', database 'burden'", ex.Message);
        Assert.Contains("--db", ex.Message);
    }

    [Fact]
    public async Task OpenAsync_PathInMissingFolder_CreatesFileInWalModeWithForeignKeysAndEachScriptOnce()
    {
        using var temp = new TempDirectory();
        var path = temp.File(Path.Combine("nested", "deeper", "burden.db"));

        var store = await BurdenStores.OpenAsync(path);
        await store.MigrateAsync();

        Assert.True(File.Exists(path));
        var provider = (SqliteProvider)BurdenStores.CreateProvider(path);
        await using var connection = await provider.OpenAsync(CancellationToken.None);
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(SqliteProvider.BusyTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(connection, "PRAGMA busy_timeout"));
        Assert.Equal("1", Scalar(connection, "PRAGMA foreign_keys"));
        Assert.Equal(
            SchemaScripts.For("sqlite").Select(x => x.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Column(connection, "SELECT version FROM schema_version ORDER BY version"));
        SqliteConnection.ClearAllPools();
    }

    [Theory]
    [InlineData(":memory:")]
    [InlineData("Data Source=burden;Mode=Memory;Cache=Shared")]
    public async Task OpenAsync_InMemorySqlite_ThrowsBurdenExceptionAskingForAFile(string db)
    {
        var ex = await Assert.ThrowsAsync<BurdenException>(() => BurdenStores.OpenAsync(db));

        Assert.Contains("file path", ex.Message);
    }

    [Fact]
    public async Task OpenAsync_SqliteConnectionString_OpensThatFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("by-string.db");

        var store = await BurdenStores.OpenAsync($"Data Source={path}");

        Assert.Empty(await store.ListFilesAsync());
        Assert.True(File.Exists(path));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task OpenAsync_FileThatIsNotADatabase_ThrowsBurdenExceptionNamingIt()
    {
        using var temp = new TempDirectory();
        var path = temp.File("notes.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));

        var ex = await Assert.ThrowsAsync<BurdenException>(() => BurdenStores.OpenAsync(path));

        Assert.Contains(path, ex.Message);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task OpenAsync_SqlServerThatIsNotThere_ThrowsBurdenExceptionAfterConnectTimeout()
    {
        // Port 1 on the loopback has nothing listening, so the connection is refused and retried until the timeout.
        var db = "Server=tcp:127.0.0.1,1;Database=burden;User ID=sa;Password=x;Connect Timeout=3;TrustServerCertificate=true";
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<BurdenException>(() => BurdenStores.OpenAsync(db));

        Assert.Contains("Cannot connect to SQL Server '", ex.Message);
        Assert.Contains("database 'burden'", ex.Message);
        Assert.Contains("3s Connect Timeout", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    private static List<string?> Column(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string?>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        return values;
    }

    private static string? Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
