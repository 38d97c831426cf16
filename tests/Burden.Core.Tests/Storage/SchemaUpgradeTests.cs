using System.Text;
using Burden.Core.Catalogue;
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

    /// <summary>
    /// Version 2 as shipped, holding codes as typed: November's log for <c>qmm</c>, then a running log for <c>QMM</c> that
    /// repeats one November request and adds one; an upload, a baseline and a report typed in lower case.
    /// </summary>
    private string VersionTwoDatabaseWithCodesAsTyped()
    {
        var path = _dir.File("v2.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var scripts = SchemaScripts.For("sqlite").Where(s => s.Version <= 2).ToList();
        Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, script TEXT NOT NULL, applied_at TEXT NOT NULL);");
        foreach (var script in scripts)
        {
            Execute(connection, script.Text);
            Execute(connection, $"INSERT INTO schema_version VALUES ({script.Version}, '{script.Name}', '2022-12-01T09:00:00.0000000+00:00');");
        }
        Execute(connection,
            "INSERT INTO files (id, name, sha256, kind, org_code, rows_read, accepted, rejected, ingested_at) VALUES " +
            "(1, 'nov.csv', 'aaaa', 'request_log', 'qmm', 2, 2, 0, '2022-12-01T09:00:00.0000000+00:00')," +
            "(2, 'running.csv', 'bbbb', 'request_log', NULL, 2, 2, 0, '2022-12-02T09:00:00.0000000+00:00');" +
            "INSERT INTO uploads (file_name, org_code, kind, source, status, accepted, rejected, content, received_at, updated_at) VALUES " +
            "('nov.csv', 'qmm', NULL, 'page', 'done', 2, 0, x'00', '2022-12-01T09:00:00.0000000+00:00', '2022-12-01T09:00:00.0000000+00:00');" +
            "INSERT INTO baselines (name, period, org_code, created_at) VALUES ('reset', '2022-11', ' qmm', '2022-12-03T09:00:00.0000000+00:00');" +
            "INSERT INTO reports (name, period, org_code, path, created_at) VALUES ('burden-qmm-2022-11.xlsx', '2022-11', 'qmm', '/r.xlsx', '2022-12-03T09:00:00.0000000+00:00');");
        var weekly = Request("qmm", new DateOnly(2022, 11, 1), "Weekly SitRep", "weekly", "Beds open", "Beds occupied");
        var maternity = Request("qmm", new DateOnly(2022, 11, 14), "Maternity staffing query", "ad_hoc", "Midwives in post");
        InsertRequest(connection, 1, 2, "qmm", weekly);
        InsertRequest(connection, 1, 3, "qmm", maternity);
        InsertRequest(connection, 2, 2, "QMM", weekly);
        InsertRequest(connection, 2, 3, "QMM", Request("QMM", new DateOnly(2022, 12, 5), "Weekly SitRep", "weekly", "Beds open", "Beds occupied"));
        return path;
    }

    private static RequestRecord Request(string org, DateOnly received, string title, string frequency, params string[] items) => new()
    {
        OrgCode = org,
        ReceivedDate = received,
        Requester = "NHSE",
        Title = title,
        Frequency = Frequencies.FromToken(frequency),
        DataItems = items,
    };

    private static void InsertRequest(SqliteConnection connection, long fileId, int line, string orgAsTyped, RequestRecord request)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO requests (file_id, line, org_code, received_date, requester, title, frequency, data_items, fingerprint) " +
            "VALUES (@file, @line, @org, @received, @requester, @title, @frequency, @items, @fingerprint)";
        command.Parameters.AddWithValue("@file", fileId);
        command.Parameters.AddWithValue("@line", line);
        command.Parameters.AddWithValue("@org", orgAsTyped);
        command.Parameters.AddWithValue("@received", request.ReceivedDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@requester", request.Requester);
        command.Parameters.AddWithValue("@title", request.Title);
        command.Parameters.AddWithValue("@frequency", request.Frequency.Token());
        command.Parameters.AddWithValue("@items", string.Join('\n', request.DataItems));
        command.Parameters.AddWithValue("@fingerprint", RequestFingerprint.Compute(request));
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task OpenAsync_VersionTwoWithCodesInTwoCases_UpperCasesThemAndKeepsEachRequestOnce()
    {
        var path = VersionTwoDatabaseWithCodesAsTyped();

        var store = await BurdenStores.OpenAsync(path);

        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, "QMM"))).Count);
        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
        Assert.Equal(["QMM"], (await store.ListOrganisationsAsync(null)).Select(o => o.Value));
        var files = await store.ListFilesAsync();
        Assert.Equal("QMM", files.Single(f => f.Name == "nov.csv").OrgCode?.Value);
        var running = files.Single(f => f.Name == "running.csv");
        Assert.Equal((2, 0, 1), (running.Accepted, running.Rejected, running.AlreadyStored));
        Assert.Equal("QMM", (await store.LoadBaselineAsync("reset"))!.OrgCode?.Value);
        Assert.Equal("QMM", Assert.Single(await store.ListReportsAsync()).OrgCode?.Value);
        Assert.Equal("QMM", (await store.GetUploadAsync(1))!.OrgCode?.Value);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM requests WHERE org_code <> 'QMM'"));
        Assert.Equal(3L, Scalar(connection, "SELECT MAX(version) FROM schema_version WHERE version <= 3"));
    }

    [Fact]
    public async Task OpenAsync_VersionTwoUpgradedThenLowerCaseLogUploadedAgain_AddsNone()
    {
        var store = await BurdenStores.OpenAsync(VersionTwoDatabaseWithCodesAsTyped());
        var csv = "org_code,received_date,requester,title,frequency,data_items\n" +
            "qmm,01/11/2022,NHSE,Weekly SitRep,weekly,Beds open; Beds occupied\n" +
            "Qmm,14/11/2022,NHSE,Maternity staffing query,ad hoc,Midwives in post\n" +
            "QMM,05/12/2022,NHSE,Weekly SitRep,weekly,Beds open; Beds occupied\n";

        var outcome = await new IngestPipeline(store).IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "again.csv", null, null);

        Assert.Equal((IngestStatus.Stored, 3, 3), (outcome.Status, outcome.Accepted, outcome.AlreadyStored));
        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    [Fact]
    public async Task OpenAsync_VersionTwoUpgradedTwice_ChangesNothingMore()
    {
        var path = VersionTwoDatabaseWithCodesAsTyped();
        await BurdenStores.OpenAsync(path);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            // Running version 3 again finds nothing to change: the counts stay as the first run left them.
            Execute(connection, SchemaScripts.For("sqlite").Single(s => s.Version == 3).Text);
        }

        var store = await BurdenStores.OpenAsync(path);

        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
        Assert.Equal(1, (await store.ListFilesAsync()).Single(f => f.Name == "running.csv").AlreadyStored);
    }

    /// <summary>
    /// Every script but 0003, as a main before OrgCode shipped it (versions 1, 2, 5 to 8): file 1 stored a request typed
    /// <c>qmm</c>; file 2 held the same request, kept as a copy typed <c>qmm</c>; a recorded report job typed <c>qmm</c>.
    /// </summary>
    private string DatabaseWithLaterTablesBeforeVersionThree()
    {
        var path = _dir.File("v8.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, script TEXT NOT NULL, applied_at TEXT NOT NULL);");
        foreach (var script in SchemaScripts.For("sqlite").Where(s => s.Version != 3))
        {
            Execute(connection, script.Text);
            Execute(connection, $"INSERT INTO schema_version VALUES ({script.Version}, '{script.Name}', '2022-12-01T09:00:00.0000000+00:00');");
        }
        Execute(connection,
            "INSERT INTO files (id, name, sha256, kind, org_code, rows_read, accepted, rejected, ingested_at) VALUES " +
            "(1, 'nov.csv', 'aaaa', 'request_log', 'qmm', 1, 1, 0, '2022-12-01T09:00:00.0000000+00:00')," +
            "(2, 'running.csv', 'bbbb', 'request_log', 'qmm', 1, 1, 0, '2022-12-02T09:00:00.0000000+00:00');" +
            "UPDATE files SET already_stored = 1 WHERE id = 2;" +
            "INSERT INTO jobs (kind, period, org_code, name, status, created_at, updated_at) VALUES " +
            "('report', '2022-11', 'qmm', NULL, 'queued', '2022-12-03T09:00:00.0000000+00:00', '2022-12-03T09:00:00.0000000+00:00');");
        var weekly = Request("qmm", new DateOnly(2022, 11, 1), "Weekly SitRep", "weekly", "Beds open", "Beds occupied");
        InsertRequest(connection, 1, 2, "qmm", weekly);
        using var copy = connection.CreateCommand();
        copy.CommandText = "INSERT INTO request_copies (file_id, line, org_code, received_date, requester, title, frequency, data_items, fingerprint) " +
            "VALUES (2, 2, 'qmm', '2022-11-01', 'NHSE', 'Weekly SitRep', 'weekly', @items, @fingerprint)";
        copy.Parameters.AddWithValue("@items", "Beds open\nBeds occupied");
        copy.Parameters.AddWithValue("@fingerprint", RequestFingerprint.Compute(weekly));
        copy.ExecuteNonQuery();
        return path;
    }

    [Fact]
    public async Task OpenAsync_LaterTablesBeforeVersionThree_UpperCasesCopiesAndJobsSoRemovalStillPassesTheRequest()
    {
        var path = DatabaseWithLaterTablesBeforeVersionThree();

        var store = await BurdenStores.OpenAsync(path);

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Assert.Equal("QMM", Scalar(connection, "SELECT org_code FROM request_copies"));
            Assert.Equal("QMM", Scalar(connection, "SELECT org_code FROM jobs"));
        }
        // The copy meets its request again: removing the file that stored it passes the request to the other file.
        var removal = await store.RemoveFileAsync(1);
        Assert.Equal((0, 1), (removal.RequestsRemoved, removal.RequestsKept));
        var kept = Assert.Single(await store.LoadRequestsAsync(new RequestQuery(null, OrgCode.Parse("QMM"))));
        Assert.Equal("running.csv", kept.SourceFile);
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
