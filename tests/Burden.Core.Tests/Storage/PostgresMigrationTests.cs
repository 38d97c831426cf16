using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Storage;
using Npgsql;

namespace Burden.Core.Tests.Storage;

/// <summary>Start-up migration on PostgreSQL: under the advisory lock, so instances starting together apply each script once.</summary>
public sealed class PostgresMigrationTests : IAsyncLifetime
{
    private readonly List<string> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in _databases)
        {
            await TestPostgres.DropDatabaseAsync(name);
        }
    }

    [SkippableFact]
    public async Task OpenAsync_FourInstancesAtOnceOnAFreshDatabase_EachScriptRecordedOnceAndTablesInSchemaBurden()
    {
        var db = await NewDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => BurdenStores.OpenAsync(db)));

        Assert.Equal(4, stores.Length);
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        Assert.Equal(
            SchemaScripts.For("postgres").Select(s => s.Version),
            await ColumnAsync<int>(connection, "SELECT version FROM burden.schema_version ORDER BY version"));
        Assert.Contains("requests", await ColumnAsync<string>(connection, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'burden'"));
        Assert.Empty(await ColumnAsync<string>(connection, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [SkippableFact]
    public async Task OpenAsync_WhileAnotherHoldsTheMigrationLock_WaitsForItThenMigrates()
    {
        var db = await NewDatabaseAsync();
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgresProvider.MigrationLockKey})", holder, transaction))
        {
            await take.ExecuteNonQueryAsync();
        }

        var opening = BurdenStores.OpenAsync(db);
        var finished = await Task.WhenAny(opening, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.NotSame(opening, finished);

        await transaction.CommitAsync();
        var store = await opening.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(await store.ListFilesAsync());
    }

    private async Task<string> NewDatabaseAsync()
    {
        var (name, connectionString) = await TestPostgres.CreateDatabaseAsync();
        _databases.Add(name);
        return connectionString;
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
