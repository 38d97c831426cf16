using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Microsoft.Data.Sqlite;
using Burden.Storage;

namespace Burden.Worker.Cli;

/// <summary>
/// <c>burden bench ingest [--rows 200000,1000000]</c>: generates request logs, then measures in the same run the raw
/// parse rate, a raw prepared-insert rate into a bare SQLite table, and the end-to-end ingest rate into a fresh store.
/// </summary>
internal static class BenchIngest
{
    internal const double TargetRowsPerSecond = 100_000;
    internal const double TargetShareOfRawInsert = 0.5;

    private static readonly OrgCode[] Orgs = [.. new[] { "QMM", "QJK", "QHG", "QUE", "QKK" }.Select(OrgCode.Parse)];
    private static readonly string[] Requesters =
        ["NHS England - UEC", "NHS England - Elective Recovery", "NHS England - East of England region", "CQC", "DHSC", "UKHSA", "NHS England - Workforce", "NHS England - Finance"];
    private static readonly string[] Topics =
        ["bed position", "discharge delays", "elective waiting list", "cancer waits", "workforce", "agency spend", "flu vaccination", "diagnostics"];
    private static readonly string[] Items =
        ["Beds open", "Beds occupied", "Patients no longer meeting the criteria to reside", "Ambulance handover delays", "Critical care beds",
         "Staff in post", "Agency shifts", "Referrals received", "Patients waiting over 52 weeks", "Imaging tests waiting"];
    private static readonly string[] Frequencies = ["daily", "weekly", "monthly", "ad hoc", "Ad-hoc", "quarterly"];
    private static readonly DateOnly FirstDay = new(2022, 11, 1);

    public static Command Build(CliContext context)
    {
        var rows = new Option<string>("--rows")
        {
            Description = "Comma-separated log sizes to generate and ingest",
            DefaultValueFactory = _ => "200000,1000000",
            HelpName = "N,N",
        };
        var command = new Command("ingest", "Ingest speed: raw parse, raw prepared SQLite insert (raw binary COPY with --db <postgres>) and end-to-end ingest rows/s, with ratios") { rows };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sizes = new List<int>();
            foreach (var part in (parse.GetValue(rows) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var size) || size < 1)
                {
                    await context.Err.WriteLineAsync($"burden: --rows: '{part}' is not a number of rows (expected positive whole numbers separated by commas, such as 200000,1000000)");
                    return ExitCodes.Usage;
                }
                sizes.Add(size);
            }
            var folder = Path.Combine(Path.GetTempPath(), "burden-bench-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            try
            {
                if (context.DbOf(parse) is { } db && BurdenStores.IsPostgres(db))
                {
                    return await BenchIngestPostgres.RunAsync(context, db, sizes, folder, cancellationToken);
                }
                await context.Out.WriteLineAsync($"burden bench ingest: {Environment.ProcessorCount} cores{LoadAverage()}, files in {folder}");
                await context.Out.WriteLineAsync($"targets: end to end >= {TargetRowsPerSecond:N0} rows/s and >= {TargetShareOfRawInsert:0.0} x raw prepared insert");
                // An untimed round first, so every measured phase runs JIT-optimised code.
                await MeasureAsync(context, folder, sizes.Max() > BurdenStores.SqliteSliceRows ? SlicedWarmUpRows : WarmUpRows, cancellationToken);
                foreach (var size in sizes)
                {
                    var m = await MeasureAsync(context, folder, size, cancellationToken);
                    var share = m.EndToEnd / m.RawInsert;
                    var pass = m.EndToEnd >= TargetRowsPerSecond && share >= TargetShareOfRawInsert;
                    await context.Out.WriteLineAsync(
                        $"{size:N0} rows: parse {m.Parse:N0} rows/s; raw prepared insert {m.RawInsert:N0} rows/s; end to end {m.EndToEnd:N0} rows/s " +
                        $"= {share:0.00} x raw insert, {m.EndToEnd / m.Parse:0.00} x parse; {(pass ? "PASS" : "MISS")}");
                }
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private const int WarmUpRows = 20_000;

    /// <summary>
    /// Rows of the untimed round when a measured size is written in SQLite slices: over two slices, so the sliced write's
    /// first, middle and last slices are JIT-optimised too. A round within one slice took the one-transaction path only,
    /// and the measured round then compiled and tiered up the sliced path inside its own timing.
    /// </summary>
    private const int SlicedWarmUpRows = 2 * BurdenStores.SqliteSliceRows + 5_000;

    private readonly record struct Rates(double Parse, double RawInsert, double EndToEnd);

    private static async Task<Rates> MeasureAsync(CliContext context, string folder, int size, CancellationToken cancellationToken)
    {
        var csv = Path.Combine(folder, $"bench-{size}.csv");
        WriteLog(csv, size);

        var parseRate = ParseRate(csv, size, cancellationToken);

        Settle();
        var rawRate = RawInsert(Path.Combine(folder, $"raw-{size}.db"), size);

        Settle();
        var store = await BurdenStores.OpenAsync(Path.Combine(folder, $"e2e-{size}.db"), cancellationToken);
        var watch = Stopwatch.StartNew();
        IngestOutcome outcome;
        await using (var stream = OpenRead(csv))
        {
            outcome = await new IngestPipeline(store, time: context.Time).IngestAsync(stream, csv, null, null, cancellationToken);
        }
        var endToEndRate = outcome.Accepted / watch.Elapsed.TotalSeconds;
        if (outcome.Status != IngestStatus.Stored || outcome.Accepted != size)
        {
            throw new InvalidOperationException($"bench: end to end stored {outcome.Accepted} of {size} rows ({IngestWording.Cli.Line(outcome)})");
        }
        (store as IDisposable)?.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Delete(file);
        }
        return new Rates(parseRate, rawRate, endToEndRate);
    }

    /// <summary>Rows per second reading and validating <paramref name="csv"/> (no store), checking all <paramref name="size"/> rows are accepted.</summary>
    internal static double ParseRate(string csv, int size, CancellationToken cancellationToken)
    {
        Settle();
        var watch = Stopwatch.StartNew();
        var parsed = 0;
        using (var stream = OpenRead(csv))
        using (var log = LogReader.Open(stream, csv))
        {
            foreach (var row in log.ReadRows(cancellationToken))
            {
                parsed += row.Accepted ? 1 : 0;
            }
        }
        var parseRate = parsed / watch.Elapsed.TotalSeconds;
        if (parsed != size)
        {
            throw new InvalidOperationException($"bench: parsed {parsed} of {size} generated rows");
        }
        return parseRate;
    }

    /// <summary>The one-minute load average where the system tells it: figures from a busy machine read differently.</summary>
    internal static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? $", load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Inserts the same generated rows into a bare table with one prepared, reused command in one transaction.</summary>
    private static double RawInsert(string path, int size)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" +
                "CREATE TABLE request (id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, line INTEGER NOT NULL, org_code TEXT NOT NULL, " +
                "received_date TEXT NOT NULL, requester TEXT NOT NULL, title TEXT NOT NULL, frequency TEXT NOT NULL, data_items TEXT NOT NULL, " +
                "collection_ref TEXT, hours_spent REAL, staff_band TEXT, channel TEXT, due_date TEXT, purpose TEXT, approval_ref TEXT)";
            pragma.ExecuteNonQuery();
        }
        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO request (file_id, line, org_code, received_date, requester, title, frequency, data_items, collection_ref, " +
            "hours_spent, staff_band, channel, due_date, purpose, approval_ref) VALUES (1, @line, @org, @received, @requester, @title, @frequency, " +
            "@items, @ref, @hours, @band, @channel, @due, @purpose, @approval)";
        string[] names = ["@line", "@org", "@received", "@requester", "@title", "@frequency", "@items", "@ref", "@hours", "@band", "@channel", "@due", "@purpose", "@approval"];
        var p = names.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        insert.Prepare();
        for (var i = 0; i < size; i++)
        {
            var r = Generate(i);
            p[0].Value = r.SourceLine;
            p[1].Value = r.OrgCode.Value;
            p[2].Value = r.ReceivedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p[3].Value = r.Requester;
            p[4].Value = r.Title;
            p[5].Value = r.Frequency.Token();
            p[6].Value = string.Join('|', r.DataItems);
            p[7].Value = (object?)r.CollectionRef ?? DBNull.Value;
            p[8].Value = r.HoursSpent is { } h ? (double)h : DBNull.Value;
            p[9].Value = (object?)r.StaffBand ?? DBNull.Value;
            p[10].Value = (object?)r.Channel ?? DBNull.Value;
            p[11].Value = DBNull.Value;
            p[12].Value = DBNull.Value;
            p[13].Value = DBNull.Value;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return size / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Row <paramref name="i"/> of every generated log: the same values for the CSV and the raw insert.</summary>
    internal static RequestRecord Generate(int i)
    {
        var itemCount = 1 + i % 4;
        var items = new string[itemCount];
        for (var k = 0; k < itemCount; k++)
        {
            items[k] = Items[(i + k * 3) % Items.Length];
        }
        Burden.Core.Catalogue.Frequencies.TryParse(Frequencies[i % Frequencies.Length], out var frequency);
        return new RequestRecord
        {
            OrgCode = Orgs[i % Orgs.Length],
            ReceivedDate = FirstDay.AddDays(i % 30),
            Requester = Requesters[i % Requesters.Length],
            Title = $"Request {i % 9973} about {Topics[i % Topics.Length]}",
            Frequency = frequency,
            DataItems = items,
            CollectionRef = i % 3 == 0 ? $"REF{i % 500:000}" : null,
            HoursSpent = (i % 16) * 0.25m,
            StaffBand = (i % 3) switch { 0 => "6", 1 => "7", _ => "8a" },
            Channel = i % 2 == 0 ? "email" : "portal",
            SourceLine = i + 2,
        };
    }

    internal static void WriteLog(string path, int size)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("org_code,received_date,requester,title,frequency,data_items,collection_ref,hours_spent,staff_band,channel\n");
        for (var i = 0; i < size; i++)
        {
            var r = Generate(i);
            writer.Write(r.OrgCode.Value);
            writer.Write(',');
            writer.Write(r.ReceivedDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(r.Requester);
            writer.Write(',');
            writer.Write(r.Title);
            writer.Write(',');
            writer.Write(Frequencies[i % Frequencies.Length]);
            writer.Write(',');
            writer.Write(string.Join(';', r.DataItems));
            writer.Write(',');
            writer.Write(r.CollectionRef);
            writer.Write(',');
            writer.Write(r.HoursSpent!.Value.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(r.StaffBand);
            writer.Write(',');
            writer.Write(r.Channel);
            writer.Write('\n');
        }
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
