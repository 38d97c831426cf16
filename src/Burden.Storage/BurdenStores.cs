using System.Data.Common;
using Burden.Core.Storage;

namespace Burden.Storage;

/// <summary>Opens the store named by <c>--db</c> / <c>BURDEN_DB</c>: a SQLite file path, a PostgreSQL connection string or URL, or a SQL Server connection string.</summary>
/// <remarks>
/// Detection: a <c>postgresql://</c> or <c>postgres://</c> URL, or a connection string naming <c>Host</c>
/// (<c>Host=db;Database=burden;Username=burden</c>), is PostgreSQL. Otherwise text that parses as a connection string and names any of <c>Server</c>, <c>Address</c>, <c>Addr</c>,
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

    /// <summary>True when <paramref name="db"/> is a SQL Server connection string rather than a SQLite path or a PostgreSQL database.</summary>
    public static bool IsSqlServer(string? db) =>
        !IsPostgres(db) && TryParseConnectionString(db, out var keys) && keys.Any(SqlServerKeys.Contains);

    /// <summary>True when <paramref name="db"/> names a PostgreSQL database: a <c>postgresql://</c> / <c>postgres://</c> URL or a connection string with <c>Host</c>.</summary>
    public static bool IsPostgres(string? db) =>
        IsPostgresUrl(db) || (TryParseConnectionString(db, out var keys) && keys.Any(k => k.Equals("host", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The Npgsql connection string for a PostgreSQL <paramref name="db"/> (a URL is converted: user, password, host, port, database, <c>sslmode</c> and other query keys).</summary>
    /// <exception cref="Burden.Core.Common.BurdenException">The URL cannot be read.</exception>
    public static string PostgresConnectionString(string db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!IsPostgresUrl(db))
        {
            return db;
        }
        if (!Uri.TryCreate(db, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new Burden.Core.Common.BurdenException($"'--db' starts like a PostgreSQL URL but is not one: expected postgresql://user:password@host:port/database");
        }
        var builder = new Npgsql.NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[UrlKeys.TryGetValue(key, out var npgsqlKey) ? npgsqlKey : key] = value;
            }
            catch (ArgumentException ex)
            {
                throw new Burden.Core.Common.BurdenException($"'--db' PostgreSQL URL: '{key}={value}' is not a connection setting Npgsql knows ({ex.Message})", ex);
            }
        }
        return builder.ConnectionString;
    }

    // libpq URL parameter names that Npgsql spells differently.
    private static readonly Dictionary<string, string> UrlKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["user"] = "Username",
        ["dbname"] = "Database",
    };

    private static bool IsPostgresUrl(string? db) =>
        db is not null && (db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Opens (and migrates) the store; null means <see cref="DefaultSqlitePath"/>.</summary>
    /// <param name="db">A SQLite path or connection string, a PostgreSQL connection string or URL, or a SQL Server connection string.</param>
    /// <param name="cancellationToken">Cancels opening and migrating.</param>
    /// <param name="time">Clock for stamps the store writes itself (upload updates, schema versions); the system clock when null.</param>
    /// <exception cref="Burden.Core.Common.BurdenException">The database cannot be reached or opened (SQL Server after its Connect Timeout).</exception>
    public static async Task<IBurdenStore> OpenAsync(string? db, CancellationToken cancellationToken = default, TimeProvider? time = null)
    {
        var store = new DapperBurdenStore(CreateProvider(db), time ?? TimeProvider.System);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>Rows per committed slice when SQLite writes a large file (<see cref="SqliteProvider.DefaultSliceRows"/>).</summary>
    public const int SqliteSliceRows = SqliteProvider.DefaultSliceRows;

    /// <summary>How long a SQLite connection waits for another writer, in milliseconds.</summary>
    public const int SqliteBusyTimeoutMilliseconds = SqliteProvider.BusyTimeoutMilliseconds;

    /// <summary>
    /// Opens (and migrates) the SQLite store at <paramref name="path"/>, writing a large file in committed slices of
    /// <paramref name="sliceRows"/> rows, or in one transaction per file when null (the baseline <c>burden bench contention</c> measures against).
    /// </summary>
    public static async Task<IBurdenStore> OpenSqliteAsync(string path, int? sliceRows, CancellationToken cancellationToken = default, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var provider = new SqliteProvider(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path }.ToString()) { Slices = sliceRows };
        var store = new DapperBurdenStore(provider, time ?? TimeProvider.System);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>The SQLite file <paramref name="db"/> names (the default file when null); throws for a server connection string.</summary>
    public static string SqliteFileOf(string? db) =>
        CreateProvider(db) is SqliteProvider sqlite ? sqlite.FilePath : throw new ArgumentException("not a SQLite database", nameof(db));

    /// <summary>The provider for <paramref name="db"/>, without connecting.</summary>
    internal static StorageProvider CreateProvider(string? db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            return new SqliteProvider($"Data Source={DefaultSqlitePath}");
        }
        if (IsPostgres(db))
        {
            return new PostgresProvider(PostgresConnectionString(db));
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
