using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Burden.Core.Tests.Support;
using Burden.Worker.Jobs;
using Npgsql;

namespace Burden.Worker.Tests.Hosting;

/// <summary>
/// Several real <c>burden serve</c> processes sharing one PostgreSQL database (store in schema burden, Hangfire's queues in
/// schema hangfire) and one data folder: work is shared, done once, and survives an instance killed with kill -9.
/// Skipped without BURDEN_TEST_POSTGRES (failed under BURDEN_REQUIRE_TOOLS=1).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ScaleOutTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly List<ServeInstance> _instances = [];
    private string? _database;
    private string _db = "";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        if (_database is not null)
        {
            await TestPostgres.DropDatabaseAsync(_database);
        }
        _dir.Dispose();
    }

    [SkippableFact]
    public async Task Uploads_TwentySentToTwoInstances_EachProcessedOnceAndBothInstancesWork()
    {
        var (a, b) = await StartPairAsync();
        var sent = new List<(long Id, int Rows)>();
        for (var i = 0; i < 20; i++)
        {
            var rows = 1500 + (i * 10);
            sent.Add((await PostAsync(i % 2 == 0 ? a : b, $"log-{i:00}.csv", Log(rows, $"upload {i}"), "QMM"), rows));
        }

        var finished = new List<JsonElement>();
        foreach (var (id, rows) in sent)
        {
            var upload = await WaitStatusAsync(a, id, "done", TimeSpan.FromSeconds(120));
            Assert.Equal(rows, upload.GetProperty("accepted").GetInt32());
            Assert.Equal(0, upload.GetProperty("already_stored").GetInt32());
            finished.Add(upload);
        }

        var byInstance = finished.GroupBy(u => u.GetProperty("processed_by").GetString()).ToDictionary(g => g.Key ?? "(none)", g => g.Count());
        Assert.Equal([a.Instance, b.Instance], byInstance.Keys.Order(StringComparer.Ordinal));
        await using var connection = await OpenAsync();
        Assert.Equal(20L, await ScalarAsync<long>(connection, "SELECT count(*) FROM burden.files"));
        Assert.Equal(sent.Sum(s => (long)s.Rows), await ScalarAsync<long>(connection, "SELECT count(*) FROM burden.requests"));
        // Exactly once: every ingest job went through Processing once and Succeeded once, on one instance or the other.
        var runs = await ColumnAsync<long>(connection,
            "SELECT count(*) FILTER (WHERE s.name = 'Processing') * 10 + count(*) FILTER (WHERE s.name = 'Succeeded') " +
            "FROM hangfire.job j JOIN hangfire.state s ON s.jobid = j.id WHERE j.invocationdata::text LIKE '%IngestUploadJob%' GROUP BY j.id");
        Assert.Equal(Enumerable.Repeat(11L, 20), runs);
        Console.WriteLine($"scale-out: 20 uploads, {string.Join(", ", byInstance.Select(p => $"{p.Key} processed {p.Value}"))}");
    }

    [SkippableFact]
    public async Task Upload_InstanceKilledWhileIngestingALargeFile_OtherInstanceFinishesItWithNothingLostOrTwice()
    {
        const int rows = 100_000;
        // A short invisibility timeout, so the surviving instance takes the dead one's job within seconds.
        var (a, b) = await StartPairAsync("--invisibility-timeout", "5", "--workers", "1");
        var id = await PostAsync(a, "large-log.csv", Log(rows, "large"), "QMM");
        await using var connection = await OpenAsync();

        string? ingesting = null;
        await RunningHost.WaitUntilAsync(async () =>
        {
            var upload = await GetAsync(a, id);
            ingesting = upload.GetProperty("processed_by").GetString();
            // Mid-file: the instance's connection is copying rows into its uncommitted transaction.
            return upload.GetProperty("status").GetString() == "processing" && await ScalarAsync<long>(connection,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND (query LIKE 'COPY %' OR query LIKE 'INSERT INTO burden.requests %')") > 0;
        }, "an instance is copying the large file's rows", TimeSpan.FromSeconds(120));
        var victim = ingesting == a.Instance ? a : b;
        var survivor = victim == a ? b : a;
        await victim.KillAsync();
        var killedAt = DateTime.UtcNow;

        var done = await WaitStatusAsync(survivor, id, "done", TimeSpan.FromSeconds(180));
        var takeover = DateTime.UtcNow - killedAt;

        Assert.Equal(survivor.Instance, done.GetProperty("processed_by").GetString());
        Assert.Equal(rows, done.GetProperty("accepted").GetInt32());
        Assert.Equal(0, done.GetProperty("already_stored").GetInt32());
        Assert.Equal(1L, await ScalarAsync<long>(connection, "SELECT count(*) FROM burden.files"));
        Assert.Equal((long)rows, await ScalarAsync<long>(connection, "SELECT count(*) FROM burden.requests"));
        Assert.Equal((long)rows, await ScalarAsync<long>(connection, "SELECT count(DISTINCT line) FROM burden.requests"));
        Console.WriteLine($"scale-out: {victim.Instance} killed mid-file ({rows:N0} rows); {survivor.Instance} finished it {takeover.TotalSeconds:F1}s later, {rows:N0} rows stored once");
    }

    [SkippableFact]
    public async Task MonthlyReports_TriggeredOnBothInstancesAtOnce_WriteEachWorkbookOnce()
    {
        var (a, b) = await StartPairAsync();
        var lastMonth = DateTime.UtcNow.AddMonths(-1);
        var day = new DateTime(lastMonth.Year, lastMonth.Month, 10, 0, 0, 0, DateTimeKind.Utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var period = day[..7];
        var qmm = await PostAsync(a, "qmm.csv", $"received_date,requester,title,frequency,data_items,hours_spent\n{day},NHS England,Bed position,ad hoc,beds occupied,2\n", "QMM");
        var rx1 = await PostAsync(b, "rx1.csv", $"received_date,requester,title,frequency,data_items,hours_spent\n{day},DHSC,Flu uptake,weekly,staff vaccinated against flu,1\n", "RX1");
        await WaitStatusAsync(a, qmm, "done", TimeSpan.FromSeconds(60));
        await WaitStatusAsync(a, rx1, "done", TimeSpan.FromSeconds(60));

        var triggers = await Task.WhenAll(a.Client.PostAsync("/api/reports/monthly", null), b.Client.PostAsync("/api/reports/monthly", null));
        Assert.All(triggers, t => Assert.Equal(HttpStatusCode.Accepted, t.StatusCode));

        await using var connection = await OpenAsync();
        await RunningHost.WaitUntilAsync(async () => await ScalarAsync<long>(connection,
            "SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%RunMonthlyAsync%' AND statename = 'Succeeded'") == 2,
            "both monthly runs have finished", TimeSpan.FromSeconds(120));
        var expected = new[] { $"burden-ALL-{period}.xlsx", $"burden-QMM-{period}.xlsx", $"burden-RX1-{period}.xlsx" };
        Assert.Equal(expected, Directory.GetFiles(Path.Combine(_dir.File("data"), "reports")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var listed = JsonDocument.Parse(await b.Client.GetStringAsync("/api/reports")).RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed);
        // One run wrote the three workbooks; the other (on either instance) found the month written and wrote nothing.
        var lines = _instances.SelectMany(i => i.Lines).ToList();
        Assert.Single(lines, l => l.Contains($"Monthly reports for {period}: 3 written now of 2 organisations", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"Monthly reports for {period} were already written", StringComparison.Ordinal));
    }

    private async Task<(ServeInstance A, ServeInstance B)> StartPairAsync(params string[] extra)
    {
        var (name, connectionString) = await TestPostgres.CreateDatabaseAsync();
        _database = name;
        _db = connectionString;
        var data = _dir.File("data");
        var common = new[] { "--db", _db, "--data-dir", data }.Concat(extra).ToArray();
        // One watches the shared inbox; both take jobs from the shared queue. Started together: the migration runs once.
        var started = await Task.WhenAll(
            ServeInstance.StartAsync("instance-a", common),
            ServeInstance.StartAsync("instance-b", [.. common, "--no-inbox"]));
        _instances.AddRange(started);
        return (started[0], started[1]);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_db);
        await connection.OpenAsync();
        return connection;
    }

    private static string Log(int rows, string label)
    {
        var text = new StringBuilder("received_date,requester,title,frequency,data_items,hours_spent\n", rows * 80);
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{1 + (i % 28):00}/11/2022,NHS England,Request {i} of {label},ad hoc,Beds open;Beds occupied item {i % 97},1.5\n");
        }
        return text.ToString();
    }

    private static async Task<long> PostAsync(ServeInstance instance, string fileName, string content, string org)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent { { file, "file", fileName }, { new StringContent(org), "org" } };
        using var response = await instance.Client.PostAsync("/api/uploads", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> GetAsync(ServeInstance instance, long id) =>
        JsonDocument.Parse(await instance.Client.GetStringAsync($"/api/uploads/{id}")).RootElement;

    private static async Task<JsonElement> WaitStatusAsync(ServeInstance instance, long id, string status, TimeSpan timeout)
    {
        JsonElement upload = default;
        await RunningHost.WaitUntilAsync(async () =>
        {
            upload = await GetAsync(instance, id);
            return upload.GetProperty("status").GetString() == status;
        }, $"upload {id} is {status}", timeout);
        return upload;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static async Task<List<T>> ColumnAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }
        return values;
    }
}
