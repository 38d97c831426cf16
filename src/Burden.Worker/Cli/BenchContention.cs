using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Burden.Core.Ingest;
using Burden.Storage;
using Microsoft.Data.Sqlite;

namespace Burden.Worker.Cli;

/// <summary>
/// <c>burden bench contention [--rows 1000000]</c>: on SQLite, how long a small upload waits while a large file is
/// ingested, measured in the same run with the large file written in one transaction (the baseline) and in committed slices.
/// </summary>
internal static class BenchContention
{
    /// <summary>The small upload must be stored, while the large file is still loading, within this share of the busy timeout.</summary>
    internal const double TargetShareOfBusyTimeout = 0.5;

    private const int SmallRows = 20;

    public static Command Build(CliContext context)
    {
        var rows = new Option<int>("--rows") { Description = "Rows in the large log", DefaultValueFactory = _ => 1_000_000, HelpName = "N" };
        var command = new Command("contention", "SQLite: a small upload's wait during a large ingest, one transaction per file against committed slices") { rows };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var size = parse.GetValue(rows);
            if (size < 4 * BurdenStores.SqliteSliceRows)
            {
                await context.Err.WriteLineAsync($"burden: --rows: {size} is too few to measure (expected at least {4 * BurdenStores.SqliteSliceRows:N0})");
                return ExitCodes.Usage;
            }
            var folder = Path.Combine(Path.GetTempPath(), "burden-bench-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            try
            {
                var large = Path.Combine(folder, "large.csv");
                var small = Path.Combine(folder, "small.csv");
                BenchIngest.WriteLog(large, size);
                BenchIngest.WriteLog(small, SmallRows);
                await context.Out.WriteLineAsync($"burden bench contention: {Environment.ProcessorCount} cores{BenchIngest.LoadAverage()}, files in {folder}");
                await context.Out.WriteLineAsync(
                    $"a {SmallRows}-row upload starts once a quarter of a {size:N0}-row log is read; busy timeout {BurdenStores.SqliteBusyTimeoutMilliseconds / 1000.0:0.#} s; " +
                    $"target: stored while the large file loads, within {TargetShareOfBusyTimeout * BurdenStores.SqliteBusyTimeoutMilliseconds / 1000.0:0.#} s");
                var before = await MeasureAsync(context, Path.Combine(folder, "one.db"), null, large, small, size, cancellationToken);
                await context.Out.WriteLineAsync($"one transaction per file: {before}");
                var after = await MeasureAsync(context, Path.Combine(folder, "sliced.db"), BurdenStores.SqliteSliceRows, large, small, size, cancellationToken);
                await context.Out.WriteLineAsync($"slices of {BurdenStores.SqliteSliceRows:N0} rows: {after}");
                var pass = after.Failure is null && after.StoredWhileLoading && after.Wait.TotalMilliseconds <= TargetShareOfBusyTimeout * BurdenStores.SqliteBusyTimeoutMilliseconds;
                await context.Out.WriteLineAsync(
                    $"small upload: {before.Outcome} before, {after.Outcome} after; large ingest {after.Large.TotalSeconds / before.Large.TotalSeconds:0.00} x its one-transaction time; {(pass ? "PASS" : "MISS")}");
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

    private static async Task<Measure> MeasureAsync(CliContext context, string db, int? slices, string large, string small, int size, CancellationToken cancellationToken)
    {
        var store = await BurdenStores.OpenSqliteAsync(db, slices, cancellationToken);
        var quarter = new QuarterRead(size / 4);
        var watch = Stopwatch.StartNew();
        var loading = Task.Run(async () =>
        {
            await using var stream = File.OpenRead(large);
            return await new IngestPipeline(store, time: context.Time).IngestAsync(stream, large, null, null, cancellationToken, quarter);
        }, cancellationToken);
        await quarter.Reached.Task.WaitAsync(cancellationToken);

        var waited = Stopwatch.StartNew();
        string? failure = null;
        try
        {
            await using var stream = File.OpenRead(small);
            var outcome = await new IngestPipeline(store, time: context.Time).IngestAsync(stream, small, null, null, cancellationToken);
            if (outcome.Status != IngestStatus.Stored)
            {
                failure = $"not stored ({outcome.Status})";
            }
        }
        catch (SqliteException ex)
        {
            failure = ex.Message;
        }
        waited.Stop();
        var storedWhileLoading = !loading.IsCompleted;
        var stored = await loading;
        if (stored.Status != IngestStatus.Stored || stored.Accepted != size)
        {
            throw new InvalidOperationException($"bench: the large log stored {stored.Accepted} of {size} rows ({stored.Status})");
        }
        return new Measure(watch.Elapsed, waited.Elapsed, failure, storedWhileLoading);
    }

    private sealed record Measure(TimeSpan Large, TimeSpan Wait, string? Failure, bool StoredWhileLoading)
    {
        public string Outcome => Failure is null
            ? $"waited {Wait.TotalSeconds:0.00} s{(StoredWhileLoading ? ", stored while the large file was loading" : ", stored after the large file")}"
            : $"failed after {Wait.TotalSeconds:0.00} s ({Failure})";

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"large ingest {Large.TotalSeconds:0.0} s; small upload {Outcome}");
    }

    /// <summary>Signals once the large log's reader has passed <paramref name="rows"/> rows (reported synchronously, on the reading thread).</summary>
    private sealed class QuarterRead(long rows) : IProgress<long>
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(long value)
        {
            if (value >= rows)
            {
                Reached.TrySetResult();
            }
        }
    }
}
