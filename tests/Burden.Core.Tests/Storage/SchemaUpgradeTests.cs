using System.Text;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Microsoft.Data.Sqlite;
using Burden.Storage;

namespace Burden.Core.Tests.Storage;

/// <summary>A database written by a build before request fingerprints (schema version 1), opened by this one.</summary>
public sealed class SchemaUpgradeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    /// <summary>Version 1 exactly as shipped, holding November's log and a running log that stored November again (the old double count).</summary>
    private string VersionOneDatabase()
    {
        var path = _dir.File("v1.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var v1 = SchemaScripts.For("sqlite").Single(s => s.Version == 1);
        Execute(connection, v1.Text);
        Execute(connection,
            "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, script TEXT NOT NULL, applied_at TEXT NOT NULL);" +
            $"INSERT INTO schema_version VALUES (1, '{v1.Name}', '2022-12-01T09:00:00.0000000+00:00');" +
            "INSERT INTO files (id, name, sha256, kind, org_code, rows_read, accepted, rejected, ingested_at) VALUES " +
            "(1, 'nov.csv', 'aaaa', 'request_log', 'QMM', 2, 2, 0, '2022-12-01T09:00:00.0000000+00:00')," +
            "(2, 'running.csv', 'bbbb', 'request_log', 'QMM', 3, 3, 0, '2022-12-02T09:00:00.0000000+00:00');" +
            "INSERT INTO requests (file_id, line, org_code, received_date, requester, title, frequency, data_items, hours_spent) VALUES " +
            "(1, 2, 'QMM', '2022-11-01', 'NHSE', 'Weekly SitRep', 'weekly', 'Beds open\nBeds occupied', '2')," +
            "(1, 3, 'QMM', '2022-11-14', 'CQC', 'Maternity staffing query', 'ad_hoc', 'Midwives in post', '4')," +
            "(2, 2, 'QMM', '2022-11-01', 'NHSE', 'Weekly SitRep', 'weekly', 'Beds open\nBeds occupied', '2.5')," +
            "(2, 3, 'QMM', '2022-11-14', 'CQC', 'Maternity staffing query', 'ad_hoc', 'Midwives in post', '4')," +
            "(2, 4, 'QMM', '2022-12-05', 'NHSE', 'Weekly SitRep', 'weekly', 'Beds open\nBeds occupied', '2');");
        return path;
    }

    [Fact]
    public async Task OpenAsync_VersionOneWithRequestsStoredTwice_BackfillsFingerprintsAndKeepsEachRequestOnce()
    {
        var path = VersionOneDatabase();

        var store = await BurdenStores.OpenAsync(path);

        var requests = await store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(3, requests.Count);
        Assert.Equal(2m, requests.Single(r => r.ReceivedDate == new DateOnly(2022, 11, 1)).HoursSpent);
        var running = (await store.ListFilesAsync()).Single(f => f.Name == "running.csv");
        Assert.Equal((3, 0, 2), (running.Accepted, running.Rejected, running.AlreadyStored));
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM requests WHERE fingerprint IS NULL OR length(fingerprint) <> 16"));
        Assert.Equal((long)SchemaScripts.For("sqlite").Max(s => s.Version), Scalar(connection, "SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task OpenAsync_UpgradedThenSameRowsUploadedAgain_AddsNone()
    {
        var store = await BurdenStores.OpenAsync(VersionOneDatabase());
        var csv = "org_code,received_date,requester,title,frequency,data_items,hours_spent\n" +
            "QMM,01/11/2022,NHSE,Weekly SitRep,weekly,Beds open; Beds occupied,3\n" +
            "QMM,14/11/2022,CQC,Maternity staffing query,ad hoc,Midwives in post,4\n" +
            "QMM,05/12/2022,NHSE,Weekly SitRep,weekly,Beds open; Beds occupied,2\n";

        var outcome = await new IngestPipeline(store).IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "running-again.csv", null, null);

        Assert.Equal((IngestStatus.Stored, 3, 3), (outcome.Status, outcome.Accepted, outcome.AlreadyStored));
        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    [Fact]
    public async Task OpenAsync_UpgradedDatabaseOpenedAgain_ChangesNothing()
    {
        var path = VersionOneDatabase();
        await BurdenStores.OpenAsync(path);

        var store = await BurdenStores.OpenAsync(path);

        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
        Assert.Equal(2, (await store.ListFilesAsync()).Single(f => f.Name == "running.csv").AlreadyStored);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
