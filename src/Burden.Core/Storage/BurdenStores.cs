namespace Burden.Core.Storage;

/// <summary>Opens the store named by <c>--db</c> / <c>BURDEN_DB</c>: a SQLite file path, or a SQL Server connection string.</summary>
public static class BurdenStores
{
    /// <summary>The default SQLite file, relative to the working folder.</summary>
    public const string DefaultSqlitePath = "data/burden.db";

    /// <summary>True when <paramref name="db"/> is a SQL Server connection string rather than a SQLite path.</summary>
    public static bool IsSqlServer(string? db)
    {
        _ = db;
        throw new NotImplementedException("storage helper");
    }

    /// <summary>Opens (and migrates) the store; null means <see cref="DefaultSqlitePath"/>.</summary>
    public static Task<IBurdenStore> OpenAsync(string? db, CancellationToken cancellationToken = default)
    {
        _ = (db, cancellationToken);
        throw new NotImplementedException("storage helper");
    }
}
