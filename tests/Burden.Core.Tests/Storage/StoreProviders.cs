using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Microsoft.Data.SqlClient;
using Burden.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Storage;

/// <summary>A database engine for the contract suite: hands out fresh, migrated stores and cleans up after them.</summary>
public abstract class StoreProvider : IAsyncDisposable
{
    /// <summary>The <c>--db</c> text of a fresh, empty database (skips the test when the engine is not available).</summary>
    public abstract Task<string> CreateDatabaseAsync();

    /// <summary>Opens (and migrates) a store on <paramref name="db"/>.</summary>
    public Task<IBurdenStore> OpenAsync(string db, TimeProvider time) => BurdenStores.OpenAsync(db, CancellationToken.None, time);

    public abstract ValueTask DisposeAsync();
}

/// <summary>A real SQLite file in a temp folder, always available.</summary>
public sealed class SqliteStoreProvider : StoreProvider
{
    private readonly TempDirectory _folder = new();

    public override Task<string> CreateDatabaseAsync() => Task.FromResult(_folder.File($"burden-{Guid.NewGuid():N}.db"));

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the folder can go.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A throwaway database on the SQL Server named by <c>BURDEN_TEST_SQLSERVER</c>; skipped without it.</summary>
public sealed class SqlServerStoreProvider : StoreProvider
{
    public const string Variable = "BURDEN_TEST_SQLSERVER";

    private readonly List<string> _databases = [];
    private string? _server;

    public override async Task<string> CreateDatabaseAsync()
    {
        _server = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrWhiteSpace(_server), $"SQL Server contract tests skipped: set {Variable} to a connection string (a login allowed to CREATE DATABASE) to run them");
        var name = $"burden_test_{Guid.NewGuid():N}";
        await using (var connection = new SqlConnection(Master()))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{name}]", connection);
            await command.ExecuteNonQueryAsync();
        }
        _databases.Add(name);
        return new SqlConnectionStringBuilder(_server) { InitialCatalog = name }.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_databases.Count == 0)
        {
            return;
        }
        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(Master());
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var command = new SqlCommand(
                $"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}];", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private string Master() => new SqlConnectionStringBuilder(_server) { InitialCatalog = "master" }.ConnectionString;
}

/// <summary>A throwaway database on the PostgreSQL server named by <c>BURDEN_TEST_POSTGRES</c>; skipped without it (failed under BURDEN_REQUIRE_TOOLS=1).</summary>
public sealed class PostgresStoreProvider : StoreProvider
{
    private readonly List<string> _databases = [];

    public override async Task<string> CreateDatabaseAsync()
    {
        var (name, connectionString) = await TestPostgres.CreateDatabaseAsync();
        _databases.Add(name);
        return connectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var name in _databases)
        {
            await TestPostgres.DropDatabaseAsync(name);
        }
    }
}
