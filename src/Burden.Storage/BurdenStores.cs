using System.Data.Common;
using Burden.Core.Storage;

namespace Burden.Storage;

/// <summary>Opens the store named by <c>--db</c> / <c>BURDEN_DB</c>: a SQLite file path, or a SQL Server connection string.</summary>
/// <remarks>
/// Detection: text that parses as a connection string and names any of <c>Server</c>, <c>Address</c>, <c>Addr</c>,
/// <c>Network Address</c>, <c>Initial Catalog</c>, <c>Database</c>, <c>User ID</c>, <c>UID</c>, <c>Integrated Security</c>
/// or <c>Trusted_Connection</c> is SQL Server. Anything else is SQLite: a plain path (<c>data/burden.db</c>), or a SQLite
/// connection string (<c>Data Source=x.db</c>, optionally with other SQLite keywords).
/// </remarks>
public static class BurdenStores
{
    /// <summary>The default SQLite file, relative to the working folder.</summary>
    public const string DefaultSqlitePath = "data/burden.db";

    private static readonly HashSet<string> SqlServerKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "server", "address", "addr", "network address", "initial catalog", "database", "user id", "uid", "integrated security", "trusted_connection",
    };

    private static readonly HashSet<string> SqliteKeys = new(StringComparer.OrdinalIgnoreCase) { "data source", "datasource", "filename" };

    /// <summary>True when <paramref name="db"/> is a SQL Server connection string rather than a SQLite path.</summary>
    public static bool IsSqlServer(string? db) =>
        TryParseConnectionString(db, out var keys) && keys.Any(SqlServerKeys.Contains);

    /// <summary>Opens (and migrates) the store; null means <see cref="DefaultSqlitePath"/>.</summary>
    /// <param name="db">A SQLite path or connection string, or a SQL Server connection string.</param>
    /// <param name="cancellationToken">Cancels opening and migrating.</param>
    /// <param name="time">Clock for stamps the store writes itself (upload updates, schema versions); the system clock when null.</param>
    /// <exception cref="Burden.Core.Common.BurdenException">The database cannot be reached or opened (SQL Server after its Connect Timeout).</exception>
    public static async Task<IBurdenStore> OpenAsync(string? db, CancellationToken cancellationToken = default, TimeProvider? time = null)
    {
        var store = new DapperBurdenStore(CreateProvider(db), time ?? TimeProvider.System);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>The provider for <paramref name="db"/>, without connecting.</summary>
    internal static StorageProvider CreateProvider(string? db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            return new SqliteProvider($"Data Source={DefaultSqlitePath}");
        }
        if (IsSqlServer(db))
        {
            return new SqlServerProvider(db);
        }
        if (TryParseConnectionString(db, out var keys) && keys.Any(SqliteKeys.Contains))
        {
            return new SqliteProvider(db);
        }
        return new SqliteProvider(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = db }.ToString());
    }

    private static bool TryParseConnectionString(string? db, out IReadOnlyCollection<string> keys)
    {
        keys = [];
        if (string.IsNullOrWhiteSpace(db) || !db.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = db };
            keys = builder.Keys.Cast<string>().Select(k => k.Trim()).ToList();
            return true;
        }
        catch (ArgumentException)
        {
            // A path that happens to contain '=' is not a connection string.
            return false;
        }
    }
}
