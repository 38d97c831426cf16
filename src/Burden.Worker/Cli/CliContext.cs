using System.CommandLine;
using Burden.Core.Catalogue;
using Burden.Core.Storage;
using Burden.Storage;

namespace Burden.Worker.Cli;

/// <summary>What every command shares: global options, output writers, the clock.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, TimeProvider time)
    {
        Out = output;
        Err = error;
        Time = time;
    }

    /// <summary><c>--db</c>: a SQLite path or a SQL Server connection string; falls back to <c>BURDEN_DB</c>, then <c>data/burden.db</c>.</summary>
    public Option<string?> Db { get; } = new("--db")
    {
        Description = "SQLite file path or SQL Server connection string (default: $BURDEN_DB, else data/burden.db)",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>: show stack traces and detail.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show detail, including stack traces on failure",
        Recursive = true,
    };

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    public TimeProvider Time { get; }

    /// <summary>The database the user named, or the environment's, or null for the default file.</summary>
    public string? DbOf(ParseResult parse) =>
        parse.GetValue(Db) is { Length: > 0 } db ? db : Environment.GetEnvironmentVariable("BURDEN_DB") is { Length: > 0 } env ? env : null;

    /// <summary>Opens and migrates the store named on the command line (a SQLite file is created when missing).</summary>
    /// <exception cref="CliUsageException">The <c>--db</c> looks like a URL or names an unknown scheme.</exception>
    public Task<IBurdenStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken) =>
        BurdenStores.OpenAsync(DbTarget.Check(DbOf(parse)), cancellationToken);

    /// <summary>
    /// Opens the store for a command that only reads: a SQLite file that does not exist is refused (a typo in <c>--db</c>
    /// must not create an empty database and report nothing), and nothing is created.
    /// </summary>
    /// <exception cref="CliUsageException">The SQLite file does not exist, or the <c>--db</c> is not a database.</exception>
    public Task<IBurdenStore> OpenExistingStoreAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var db = DbTarget.Check(DbOf(parse));
        DbTarget.RequireExisting(db);
        return BurdenStores.OpenAsync(db, cancellationToken);
    }

    /// <summary>Throws (exit code 2) when <paramref name="orgCode"/> is given and has no stored requests, listing the organisations that have.</summary>
    public async Task RequireOrganisationAsync(IBurdenStore store, OrgCode? orgCode, CancellationToken cancellationToken)
    {
        if (orgCode is null)
        {
            return;
        }
        var orgs = await store.ListOrganisationsAsync(null, cancellationToken);
        if (orgs.Contains(orgCode))
        {
            return;
        }
        throw new CliUsageException(orgs.Count == 0
            ? $"no requests are stored for {orgCode}, nor for any organisation yet (store a log with 'burden ingest')"
            : $"no requests are stored for {orgCode}; organisations with data: {string.Join(", ", orgs)}");
    }
}
