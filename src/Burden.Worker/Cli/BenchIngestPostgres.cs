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
/// the raw parse rate, a raw binary COPY of the same rows into a bare table, and the end-to-end ingest rate into a fresh store.
/// </summary>
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
            await context.Out.WriteLineAsync($"target: end to end >= {TargetShareOfRawCopy:0.0} x raw binary COPY of the same rows");
            // A small untimed round first, so every measured phase runs JIT-optimised code.
            await MeasureAsync(context, bench, folder, 20_000, cancellationToken);
            foreach (var size in sizes)
            {
                var (parse, copy, endToEnd) = await MeasureAsync(context, bench, folder, size, cancellationToken);
                var share = endToEnd / copy;
                await context.Out.WriteLineAsync(
                    $"{size:N0} rows: parse {parse:N0} rows/s; raw binary COPY {copy:N0} rows/s; end to end {endToEnd:N0} rows/s " +
                    $"= {share:0.00} x raw COPY, {endToEnd / parse:0.00} x parse; {(share >= TargetShareOfRawCopy ? "PASS" : "MISS")}");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
        }
        return ExitCodes.Ok;
    }

    private static async Task<(double Parse, double Copy, double EndToEnd)> MeasureAsync(CliContext context, string bench, string folder, int size, CancellationToken cancellationToken)
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
        var copy = await RawCopyAsync(bench, size, cancellationToken);

        var store = await BurdenStores.OpenAsync(bench, cancellationToken);
        GC.Collect();
        var watch = Stopwatch.StartNew();
        IngestOutcome outcome;
        await using (var stream = File.OpenRead(csv))
        {
            outcome = await new IngestPipeline(store, time: context.Time).IngestAsync(stream, csv, null, null, cancellationToken);
        }
        var endToEnd = outcome.Accepted / watch.Elapsed.TotalSeconds;
        if (outcome.Status != IngestStatus.Stored || outcome.Accepted != size)
        {
            throw new InvalidOperationException($"bench: end to end stored {outcome.Accepted} of {size} rows ({IngestWording.Cli.Line(outcome)})");
        }
        File.Delete(csv);
        return (parse, copy, endToEnd);
    }

    /// <summary>Copies the same generated rows into a bare table (no index, no key) with one binary COPY in one transaction.</summary>
    private static async Task<double> RawCopyAsync(string bench, int size, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(bench);
        await connection.OpenAsync(cancellationToken);
        var watch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY bench_raw (file_id, line, org_code, received_date, requester, title, frequency, data_items, collection_ref, hours_spent, staff_band, channel, due_date, purpose, approval_ref) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < size; i++)
            {
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
}
