using System.Diagnostics;
using System.Globalization;
using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Burden.Worker.Cli;

/// <summary>
/// <c>burden bench ingest --db &lt;postgres&gt;</c>: on a throwaway database of that server (created and dropped by the run),
/// the raw parse rate, two raw binary COPYs of the same rows (into a table shaped like <c>requests</c>, and into a bare
/// table), and the end-to-end ingest rate into a fresh store; for the key-ordered COPY and end to end it also prints the
/// CPU seconds this process and the server's processes spent (the server's only when it runs on this machine).
/// </summary>
/// <remarks>
/// The verdict compares end to end with a raw COPY of the same rows, with their fingerprints (computed beforehand,
/// untimed), sorted by the unique key over the whole file, into a table made <c>LIKE burden.requests INCLUDING ALL</c>:
/// its identity key, its unique fingerprint key, the same column types. That is the database's best case for these rows
/// (every key lands at the right-hand end of the index), which a store streaming a file in batches cannot have. Printed
/// beside it: the same COPY in the file's order (weaker: the index takes the keys in no order, and a store that sorts its
/// batches can beat it) and a COPY into a bare table (no key, no index, no fingerprint), so the cost of the keys shows.
/// </remarks>
internal static class BenchIngestPostgres
{
    /// <summary>End to end must reach this share of the raw COPY measured in the same run.</summary>
    internal const double TargetShareOfRawCopy = 0.5;

    public static async Task<int> RunAsync(CliContext context, string db, IReadOnlyList<int> sizes, string folder, CancellationToken cancellationToken)
    {
        var server = BurdenStores.PostgresConnectionString(db);
        var name = $"burden_bench_{Guid.NewGuid():N}"[..24];
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"", cancellationToken);
        try
        {
            var bench = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            await context.Out.WriteLineAsync($"burden bench ingest: PostgreSQL '{new NpgsqlConnectionStringBuilder(server).Host}', throwaway database {name}; {Environment.ProcessorCount} cores{BenchIngest.LoadAverage()}, files in {folder}");
            await context.Out.WriteLineAsync($"target: end to end >= {TargetShareOfRawCopy:0.0} x raw binary COPY of the same rows in key order into a table shaped like requests (identity key, unique fingerprint key)");
            // Small untimed rounds first, so every measured phase runs fully optimised (tier-1) code.
            await MeasureAsync(context, bench, folder, 20_000, cancellationToken);
            await MeasureAsync(context, bench, folder, 50_000, cancellationToken);
            foreach (var size in sizes)
            {
                var m = await MeasureAsync(context, bench, folder, size, cancellationToken);
                var share = m.EndToEnd / m.KeyOrderCopy;
                await context.Out.WriteLineAsync(
                    $"{size:N0} rows: parse {m.Parse:N0} rows/s; raw binary COPY {m.KeyOrderCopy:N0} rows/s (in file order: {m.FileOrderCopy:N0}; bare table, no key or index: {m.BareCopy:N0}); " +
                    $"end to end {m.EndToEnd:N0} rows/s = {share:0.00} x raw COPY ({m.EndToEnd / m.FileOrderCopy:0.00} x in file order, {m.EndToEnd / m.BareCopy:0.00} x bare), " +
                    $"{m.EndToEnd / m.Parse:0.00} x parse{BenchIngest.LoadAverage()}; {(share >= TargetShareOfRawCopy ? "PASS" : "MISS")}");
                await context.Out.WriteLineAsync($"  CPU: raw COPY in key order {m.KeyOrderCpu}; end to end {m.EndToEndCpu}");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
        }
        return ExitCodes.Ok;
    }

    private readonly record struct Rates(double Parse, double BareCopy, double FileOrderCopy, double KeyOrderCopy, double EndToEnd, CpuSpent KeyOrderCpu, CpuSpent EndToEndCpu);

    private static async Task<Rates> MeasureAsync(CliContext context, string bench, string folder, int size, CancellationToken cancellationToken)
    {
        var csv = Path.Combine(folder, $"bench-{size}.csv");
        BenchIngest.WriteLog(csv, size);
        var parse = BenchIngest.ParseRate(csv, size, cancellationToken);

        // A fresh store each round: the schema is dropped and migrated again (untimed).
        await ExecuteAsync(bench, "DROP SCHEMA IF EXISTS burden CASCADE; DROP TABLE IF EXISTS bench_raw; " +
            "CREATE TABLE bench_raw (file_id bigint NOT NULL, line integer NOT NULL, org_code text NOT NULL, received_date date NOT NULL, " +
            "requester text NOT NULL, title text NOT NULL, frequency text NOT NULL, data_items text NOT NULL, collection_ref text NULL, " +
            "hours_spent numeric NULL, staff_band text NULL, channel text NULL, due_date date NULL, purpose text NULL, approval_ref text NULL)", cancellationToken);
        GC.Collect();
        var bare = await RawCopyAsync(bench, "bench_raw", null, size, cancellationToken);

        var store = await BurdenStores.OpenAsync(bench, cancellationToken);
        // The same rows as the store writes them: fingerprinted in line order, repeats numbered (untimed).
        var fingerprints = new byte[size][];
        var keys = new (DateOnly Day, string Org)[size];
        var sequence = new RequestFingerprint.Sequence();
        for (var i = 0; i < size; i++)
        {
            var r = BenchIngest.Generate(i);
            fingerprints[i] = sequence.Next(r);
            keys[i] = (r.ReceivedDate, r.OrgCode.Value);
        }
        var lineOrder = Enumerable.Range(0, size).ToArray();
        var keyOrder = lineOrder.ToArray();
        Array.Sort(keyOrder, (a, b) =>
        {
            var c = keys[a].Day.CompareTo(keys[b].Day);
            c = c != 0 ? c : string.CompareOrdinal(keys[a].Org, keys[b].Org);
            return c != 0 ? c : fingerprints[a].AsSpan().SequenceCompareTo(fingerprints[b]);
        });
        var fileOrderCopy = await RequestsShapedCopyAsync(bench, lineOrder, fingerprints, size, cancellationToken);
        var keyOrderUsage = await CpuUsage.StartAsync(bench, cancellationToken);
        var keyOrderCopy = await RequestsShapedCopyAsync(bench, keyOrder, fingerprints, size, cancellationToken);
        var keyOrderCpu = await keyOrderUsage.StopAsync(cancellationToken);
        GC.Collect();
        var usage = await CpuUsage.StartAsync(bench, cancellationToken);
        var watch = Stopwatch.StartNew();
        IngestOutcome outcome;
        await using (var stream = File.OpenRead(csv))
        {
            outcome = await new IngestPipeline(store, time: context.Time).IngestAsync(stream, csv, null, null, cancellationToken);
        }
        var endToEnd = outcome.Accepted / watch.Elapsed.TotalSeconds;
        var endToEndCpu = await usage.StopAsync(cancellationToken);
        if (outcome.Status != IngestStatus.Stored || outcome.Accepted != size)
        {
            throw new InvalidOperationException($"bench: end to end stored {outcome.Accepted} of {size} rows ({IngestWording.Cli.Line(outcome)})");
        }
        File.Delete(csv);
        return new Rates(parse, bare, fileOrderCopy, keyOrderCopy, endToEnd, keyOrderCpu, endToEndCpu);
    }

    /// <summary>Copies the rows in <paramref name="order"/> with their fingerprints into a fresh table like <c>burden.requests</c>, then drops it.</summary>
    private static async Task<double> RequestsShapedCopyAsync(string bench, int[] order, byte[][] fingerprints, int size, CancellationToken cancellationToken)
    {
        await ExecuteAsync(bench, "CREATE TABLE burden.bench_requests (LIKE burden.requests INCLUDING ALL)", cancellationToken);
        GC.Collect();
        var rate = await RawCopyAsync(bench, "burden.bench_requests", (order, fingerprints), size, cancellationToken);
        await ExecuteAsync(bench, "DROP TABLE burden.bench_requests", cancellationToken);
        return rate;
    }

    /// <summary>
    /// Copies the same generated rows into <paramref name="table"/> with one binary COPY in one transaction: in line order and
    /// without fingerprints, or, given <paramref name="keyed"/>, in that order with those fingerprints.
    /// </summary>
    private static async Task<double> RawCopyAsync(string bench, string table, (int[] Order, byte[][] Fingerprints)? keyed, int size, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(bench);
        await connection.OpenAsync(cancellationToken);
        var watch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} (file_id, line, org_code, received_date, requester, title, frequency, data_items, collection_ref, hours_spent, staff_band, channel, due_date, purpose, approval_ref" +
            $"{(keyed is null ? "" : ", fingerprint")}) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var n = 0; n < size; n++)
            {
                var i = keyed is { } k ? k.Order[n] : n;
                var r = BenchIngest.Generate(i);
                importer.StartRow();
                importer.Write(1L, NpgsqlDbType.Bigint);
                importer.Write(r.SourceLine, NpgsqlDbType.Integer);
                importer.Write(r.OrgCode.Value, NpgsqlDbType.Text);
                importer.Write(r.ReceivedDate, NpgsqlDbType.Date);
                importer.Write(r.Requester, NpgsqlDbType.Text);
                importer.Write(r.Title, NpgsqlDbType.Text);
                importer.Write(r.Frequency.Token(), NpgsqlDbType.Text);
                importer.Write(string.Join('\n', r.DataItems), NpgsqlDbType.Text);
                WriteOrNull(importer, r.CollectionRef);
                importer.Write(r.HoursSpent!.Value, NpgsqlDbType.Numeric);
                WriteOrNull(importer, r.StaffBand);
                WriteOrNull(importer, r.Channel);
                importer.WriteNull();
                importer.WriteNull();
                importer.WriteNull();
                if (keyed is { } f)
                {
                    importer.Write(f.Fingerprints[i], NpgsqlDbType.Bytea);
                }
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return size / watch.Elapsed.TotalSeconds;
    }

    private static void WriteOrNull(NpgsqlBinaryImporter importer, string? text)
    {
        if (text is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(text, NpgsqlDbType.Text);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>CPU seconds a phase cost this process and the database's server processes, over its wall-clock time.</summary>
    private readonly record struct CpuSpent(double Wall, double Client, double? Server)
    {
        public override string ToString() =>
            $"{Wall:0.00} s wall, client {Client:0.00} s CPU, server {(Server is { } s ? $"{s:0.00} s CPU" : "CPU not readable")}";
    }

    /// <summary>
    /// Reads this process's CPU time and, when the server runs on this machine, the CPU time of the server processes
    /// connected to the bench database (from <c>/proc/PID/stat</c>; a process that connects during the phase starts at zero).
    /// </summary>
    private sealed class CpuUsage
    {
        private readonly string _bench;
        private readonly Stopwatch _watch;
        private readonly TimeSpan _client;
        private readonly Dictionary<int, double> _server;

        private CpuUsage(string bench, Dictionary<int, double> server)
        {
            _bench = bench;
            _server = server;
            _client = Process.GetCurrentProcess().TotalProcessorTime;
            _watch = Stopwatch.StartNew();
        }

        public static async Task<CpuUsage> StartAsync(string bench, CancellationToken cancellationToken) =>
            new(bench, await ServerCpuAsync(bench, cancellationToken));

        public async Task<CpuSpent> StopAsync(CancellationToken cancellationToken)
        {
            var wall = _watch.Elapsed.TotalSeconds;
            var client = (Process.GetCurrentProcess().TotalProcessorTime - _client).TotalSeconds;
            var server = await ServerCpuAsync(_bench, cancellationToken);
            double? spent = server.Count == 0 ? null : server.Sum(p => p.Value - _server.GetValueOrDefault(p.Key));
            return new CpuSpent(wall, client, spent);
        }

        /// <summary>CPU seconds so far of each server process on the bench database, but the one asking; empty when /proc cannot tell.</summary>
        private static async Task<Dictionary<int, double>> ServerCpuAsync(string bench, CancellationToken cancellationToken)
        {
            var cpu = new Dictionary<int, double>();
            // Unpooled, so this backend ends here and is never counted in a phase.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(bench) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var pid = reader.GetInt32(0);
                try
                {
                    // Fields 14 and 15 (after the parenthesised name): user and system time in clock ticks of 1/100 s.
                    var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat", cancellationToken);
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    cpu[pid] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
                }
                catch (IOException)
                {
                    // Not on this machine (or gone): the server's CPU is not reported.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
            return cpu;
        }
    }
}
