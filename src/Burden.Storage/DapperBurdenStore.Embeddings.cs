using System.Data.Common;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Burden.Storage;

/// <summary>The embedding cache (schema version 4): vectors per model, model version and canonical text.</summary>
internal sealed partial class DapperBurdenStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, float[]>> LoadEmbeddingsAsync(string modelName, string modelVersion, IReadOnlyCollection<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var q = EmbeddingQueries.For(_provider);
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in texts.Distinct(StringComparer.Ordinal).Chunk(EmbeddingQueries.LoadBatch))
        {
            var p = new DynamicParameters();
            p.Add("model", modelName);
            p.Add("model_version", modelVersion);
            for (var i = 0; i < EmbeddingQueries.LoadBatch; i++)
            {
                // Unused slots are null, which IN never matches: one query text for every batch.
                p.Add($"h{i}", i < chunk.Length ? Hash(chunk[i]) : null, System.Data.DbType.Binary);
            }
            var rows = await connection.QueryAsync<(string Text, byte[] Vector)>(new CommandDefinition(q.Load, p, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var (text, vector) in rows)
            {
                result[text] = MemoryMarshal.Cast<byte, float>(vector).ToArray();
            }
        }
        return result;
    }

    /// <inheritdoc />
    public async Task SaveEmbeddingsAsync(string modelName, string modelVersion, IReadOnlyList<KeyValuePair<string, float[]>> vectors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            return;
        }
        var q = EmbeddingQueries.For(_provider);
        var now = _provider.InstantValue(_time.GetUtcNow());
        for (var attempt = 0; ; attempt++)
        {
            await using var connection = await _provider.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await _provider.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var (text, vector) in vectors)
                {
                    var p = new DynamicParameters();
                    p.Add("model", modelName);
                    p.Add("model_version", modelVersion);
                    p.Add("text_hash", Hash(text), System.Data.DbType.Binary);
                    p.Add("text", text);
                    p.Add("dimensions", vector.Length);
                    p.Add("vector", MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(), System.Data.DbType.Binary);
                    p.Add("created_at", now, _provider.InstantType);
                    await connection.ExecuteAsync(new CommandDefinition(q.Save, p, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbException e) when (attempt == 0 && _provider.IsUniqueViolation(e))
            {
                // Another process stored one of these texts between our check and insert: try once more, skipping it then.
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}

/// <summary>The embedding cache's query texts, per dialect (kept apart from <see cref="StoreQueries"/>, which mirrors <c>IBurdenStore</c>'s own methods).</summary>
internal sealed class EmbeddingQueries
{
    /// <summary>Texts looked up per query (SQL Server allows 2,100 parameters).</summary>
    public const int LoadBatch = 500;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, EmbeddingQueries> Cache = new(StringComparer.Ordinal);

    private static readonly string[] Columns = ["model", "model_version", "text_hash", "text", "dimensions", "vector", "created_at"];

    private EmbeddingQueries(StorageProvider d)
    {
        var table = d.Table("embeddings");
        Load = $"SELECT e.text AS Text, e.vector AS Vector FROM {table} e WHERE e.model = @model AND e.model_version = @model_version AND e.text_hash IN ({string.Join(", ", Enumerable.Range(0, LoadBatch).Select(i => $"@h{i}"))})";
        Save = $"INSERT INTO {table} ({string.Join(", ", Columns)}) SELECT {string.Join(", ", Columns.Select(c => "@" + c))} " +
            $"WHERE NOT EXISTS (SELECT 1 FROM {table} x WHERE x.model = @model AND x.model_version = @model_version AND x.text_hash = @text_hash)";
    }

    /// <summary>Stored vectors of up to <see cref="LoadBatch"/> text hashes for one model and version.</summary>
    public string Load { get; }

    /// <summary>Stores one vector unless that model, version and text already have one.</summary>
    public string Save { get; }

    /// <summary>The texts for <paramref name="provider"/>, built once.</summary>
    public static EmbeddingQueries For(StorageProvider provider) => Cache.GetOrAdd(provider.Name, _ => new EmbeddingQueries(provider));
}
