using System.Text.RegularExpressions;
using Burden.Storage;

namespace Burden.Worker.Cli;

/// <summary>A failure the user made on the command line: exit code 2, one line, no trace.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>Checks a <c>--db</c> before anything is opened, so a typo stops instead of creating a database somewhere.</summary>
internal static partial class DbTarget
{
    /// <summary>Returns <paramref name="db"/> when it can name a database; throws when it looks like a URL.</summary>
    public static string? Check(string? db)
    {
        if (db is null || BurdenStores.IsPostgres(db) || UrlScheme().Match(db.Trim()) is not { Success: true } url)
        {
            return db;
        }
        var scheme = url.Groups[1].Value.ToLowerInvariant();
        throw new CliUsageException($"--db {Redact(db)}: '{scheme}://' is not a database this program knows; give a SQLite file path (data/burden.db), a PostgreSQL URL (postgresql://user@host/db) or connection string (Host=...;Database=...), or a SQL Server connection string (Server=...;Database=...)");
    }

    /// <summary>Throws unless <paramref name="db"/> is a server connection string or names a SQLite file that exists.</summary>
    public static void RequireExisting(string? db)
    {
        if (BurdenStores.IsSqlServer(db) || BurdenStores.IsPostgres(db))
        {
            return;
        }
        var path = BurdenStores.SqliteFileOf(db);
        if (!File.Exists(path))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            var where = folder is not null && !Directory.Exists(folder) ? $" (nor its folder {folder})" : "";
            throw new CliUsageException($"no database at {path}{where}: check --db or BURDEN_DB for a typo; 'burden ingest' creates a new one");
        }
    }

    // Passwords stay out of the message when a URL carries them.
    private static string Redact(string db) => UserInfo().Replace(db.Trim(), "$1***@");

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*)://")]
    private static partial Regex UrlScheme();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*://)[^@/]*@")]
    private static partial Regex UserInfo();
}
