using System.CommandLine;
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

    /// <summary>Opens and migrates the store named on the command line.</summary>
    public Task<IBurdenStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken) =>
        BurdenStores.OpenAsync(DbOf(parse), cancellationToken);
}
