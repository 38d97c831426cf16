using System.Globalization;
using System.Text;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Burden.Core.Tests.Storage;

/// <summary>
/// The store's own binary COPY encoding, against a real server: every value it writes reads back as what Npgsql's
/// importer stores for the same value (so a stored request is the same whichever wrote it).
/// </summary>
public sealed class PostgresCopyEncoderTests : IAsyncLifetime
{
    private static readonly decimal[] Decimals =
    [
        0m, 0.00m, 0.25m, 1m, 1.5m, -0.5m, 10000m, 9999.9999m, 0.0001m, 0.00001m, 123456789.123456789m, -987654321.5m,
        1e-28m, -1e-28m, decimal.MaxValue, decimal.MinValue, 7.5000m, 100000000m, 0.1m, 12.34m,
    ];

    private static readonly DateOnly[] Days = [new(2000, 1, 1), new(1999, 12, 31), new(2022, 11, 1), new(1, 1, 1), new(9999, 12, 31), new(2024, 2, 29)];

    private static readonly string[] Texts = ["", "plain", "=SUM(A1)", "Ünïcødé – “quotes” 🚑", "line\nfeed\ttab", new string('x', 100_000)];

    private string? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await TestPostgres.DropDatabaseAsync(_database);
        }
    }

    [SkippableFact]
    public async Task Encode_EdgeValuesOfEveryKind_ReadBackAsNpgsqlsImporterStoresThem()
    {
        var (name, db) = await TestPostgres.CreateDatabaseAsync();
        _database = name;
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE mine (k integer, b bigint, n numeric, d date, t text, f bytea); CREATE TABLE theirs (LIKE mine)");
        var rows = Enumerable.Range(0, Math.Max(Decimals.Length, Math.Max(Days.Length, Texts.Length)) + 1).Select(Row).ToList();

        await using (var stream = await connection.BeginRawBinaryCopyAsync("COPY mine (k, b, n, d, t, f) FROM STDIN (FORMAT BINARY)"))
        {
            using var encoder = new PostgresProvider.BinaryCopyEncoder(stream);
            encoder.WriteHeader();
            foreach (var row in rows)
            {
                encoder.StartRow(6);
                encoder.Write(ColumnKind.Number, row.K);
                encoder.Write(ColumnKind.Id, row.B);
                encoder.Write(ColumnKind.Decimal, row.N);
                encoder.Write(ColumnKind.Day, row.D);
                encoder.Write(ColumnKind.Text, row.T);
                encoder.Write(ColumnKind.Fingerprint, row.F);
                if (encoder.Full)
                {
                    await encoder.FlushAsync(CancellationToken.None);
                }
            }
            encoder.WriteTrailer();
            await encoder.FlushAsync(CancellationToken.None);
        }
        await using (var importer = await connection.BeginBinaryImportAsync("COPY theirs (k, b, n, d, t, f) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                importer.StartRow();
                importer.Write(row.K, NpgsqlDbType.Integer);
                importer.Write(row.B, NpgsqlDbType.Bigint);
                if (row.N is { } n)
                {
                    importer.Write(n, NpgsqlDbType.Numeric);
                }
                else
                {
                    importer.WriteNull();
                }
                if (row.D is { } d)
                {
                    importer.Write(d, NpgsqlDbType.Date);
                }
                else
                {
                    importer.WriteNull();
                }
                importer.Write(row.T, NpgsqlDbType.Text);
                importer.Write(row.F, NpgsqlDbType.Bytea);
            }
            await importer.CompleteAsync();
        }

        var mine = await ReadAsync(connection, "mine");
        Assert.Equal(rows.Count, mine.Count);
        Assert.Equal(await ReadAsync(connection, "theirs"), mine);
        // The decimal's scale is kept as the display scale: 0.00 stays 0.00, 7.5000 stays 7.5000.
        Assert.Equal(Decimals.Select(v => v.ToString(CultureInfo.InvariantCulture)), mine.Take(Decimals.Length).Select(r => r[2]));
        Assert.Equal("line\nfeed\ttab", mine[4][4]);
    }

    [SkippableFact]
    public async Task SaveFileAsync_ARowThatCannotBeEncodedAfterWholeBatches_StoresNothingAndTheNextFileIsStored()
    {
        var (name, db) = await TestPostgres.CreateDatabaseAsync();
        _database = name;
        var store = await BurdenStores.OpenAsync(db);
        // A lone surrogate has no UTF-8 form: the row after two whole batches (already copied) fails while it is encoded.
        var rows = StoreTestData.Requests("bad.csv", (2 * PostgresProvider.RequestBatchRows) + 10)
            .Select((row, i) => i == 2 * PostgresProvider.RequestBatchRows
                ? StoreTestData.Accepted(row.Request! with { Title = "broken \uD800 title" })
                : row);

        await Assert.ThrowsAsync<EncoderFallbackException>(() => store.SaveFileAsync(StoreTestData.File("bad.csv"), rows));

        Assert.Empty(await store.ListFilesAsync());
        Assert.Empty(await store.LoadRequestsAsync(new RequestQuery(null, null)));
        var stored = await store.SaveFileAsync(StoreTestData.File("good.csv"), StoreTestData.Requests("good.csv", 3));
        Assert.Equal(0, stored.AlreadyStored);
        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    private static (int K, long B, decimal? N, DateOnly? D, string T, byte[] F) Row(int i) => (
        i,
        i % 2 == 0 ? long.MaxValue - i : long.MinValue + i,
        i < Decimals.Length ? Decimals[i] : null,
        i < Days.Length ? Days[i] : null,
        i < Texts.Length ? Texts[i] : $"row {i}",
        Enumerable.Range(0, i % 17).Select(b => (byte)(b * 31 + i)).ToArray());

    /// <summary>Each row's columns as the server shows them in text (numeric with its display scale, bytea in hex).</summary>
    private static async Task<List<string?[]>> ReadAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand($"SELECT k::text, b::text, n::text, d::text, t, f::text FROM {table} ORDER BY {table}.k", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, 6).Select(c => reader.IsDBNull(c) ? null : reader.GetString(c)).ToArray());
        }
        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
