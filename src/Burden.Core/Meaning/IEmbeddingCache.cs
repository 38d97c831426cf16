namespace Burden.Core.Meaning;

/// <summary>Where vectors already computed are kept, per model name and version, so a re-analysis pays nothing again.</summary>
/// <remarks>Implemented by the store (schema version 4, table <c>embeddings</c>); keyed by the model and the exact canonical text.</remarks>
public interface IEmbeddingCache
{
    /// <summary>The stored vectors of those <paramref name="texts"/> that have one for this model and version.</summary>
    Task<IReadOnlyDictionary<string, float[]>> LoadEmbeddingsAsync(string modelName, string modelVersion, IReadOnlyCollection<string> texts, CancellationToken cancellationToken = default);

    /// <summary>Stores vectors for this model and version; a text already stored keeps one row.</summary>
    Task SaveEmbeddingsAsync(string modelName, string modelVersion, IReadOnlyList<KeyValuePair<string, float[]>> vectors, CancellationToken cancellationToken = default);
}
