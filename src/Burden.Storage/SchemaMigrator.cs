using System.Data;
using System.Data.Common;
using Burden.Core.Common;
using Dapper;

namespace Burden.Storage;

/// <summary>
/// Brings a database to the newest schema: applies every numbered script under <c>sql/&lt;engine&gt;/</c> not yet recorded in
/// <c>schema_version</c>, lowest first (gaps in the numbering are fine), each followed by its C# step when it has one,
/// all in one write transaction under the provider's migration lock.
/// </summary>
/// <remarks>
/// Two processes starting together: the second waits on the lock (SQLite's write lock, SQL Server's <c>sp_getapplock</c>,
/// PostgreSQL's <c>pg_advisory_xact_lock</c>), then finds every version recorded and applies nothing.
/// A C# step (a backfill or recompute that SQL alone cannot do) is registered in <see cref="Steps"/> by its script's number.
/// </remarks>
internal sealed class SchemaMigrator
{
    private readonly StorageProvider _provider;
    private readonly StoreQueries _q;
    private readonly TimeProvider _time;

    /// <summary>Migrates the database <paramref name="provider"/> opens; <paramref name="time"/> stamps each applied version.</summary>
    public SchemaMigrator(StorageProvider provider, StoreQueries queries, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(time);
        _provider = provider;
        _q = queries;
        _time = time;
    }

    /// <summary>The C# steps, by the number of the script they follow; each runs in the migration transaction.</summary>
    /// <remarks>A step is also told the versions the database had before this migration began (which tables exist already).</remarks>
    private IReadOnlyDictionary<int, Func<DbConnection, DbTransaction, IReadOnlySet<long>, CancellationToken, Task>> Steps => new Dictionary<int, Func<DbConnection, DbTransaction, IReadOnlySet<long>, CancellationToken, Task>>
    {
        [FingerprintBackfill.Version] = (connection, transaction, _, ct) => new FingerprintBackfill(_q).RunAsync(connection, transaction, ct),
        [OrgCodeUpperCase.Version] = (connection, transaction, appliedBefore, ct) => new OrgCodeUpperCase(_q).RunAsync(connection, transaction, appliedBefore, ct),
    };

    /// <summary>Applies what is missing; a database error becomes a <see cref="BurdenException"/> naming the database.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ApplyScriptsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw new BurdenException($"Cannot prepare the schema in {_provider.Describe}: {ex.Message}", ex);
        }
    }

    private async Task ApplyScriptsAsync(CancellationToken cancellationToken)
    {
        var scripts = SchemaScripts.For(_provider.Name);
        var steps = Steps;
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _provider.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (_q.MigrationLock is { } migrationLock)
        {
            await connection.ExecuteAsync(Command(migrationLock, null, transaction, cancellationToken)).ConfigureAwait(false);
        }
        await connection.ExecuteAsync(Command(_q.EnsureSchemaVersionTable, null, transaction, cancellationToken)).ConfigureAwait(false);
        var applied = (await connection.QueryAsync<long>(Command(_q.AppliedVersions, null, transaction, cancellationToken)).ConfigureAwait(false))
            .ToHashSet();
        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            foreach (var batch in _provider.Batches(script.Text))
            {
                await connection.ExecuteAsync(Command(batch, null, transaction, cancellationToken)).ConfigureAwait(false);
            }
            if (steps.TryGetValue(script.Version, out var step))
            {
                await step(connection, transaction, applied, cancellationToken).ConfigureAwait(false);
            }
            var p = new DynamicParameters();
            p.Add("version", script.Version);
            p.Add("script", script.Name);
            p.Add("applied_at", _provider.InstantValue(_time.GetUtcNow()), _provider.InstantType);
            await connection.ExecuteAsync(Command(_q.RecordVersion, p, transaction, cancellationToken)).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static CommandDefinition Command(string sql, object? parameters, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);
}
