using System.Numerics;
using System.Runtime.InteropServices;

namespace Burden.Core.Meaning;

/// <summary>How far encoding has got: <paramref name="Done"/> of <paramref name="Total"/> texts not found in the cache.</summary>
/// <param name="Done">Texts encoded so far.</param>
/// <param name="Total">Texts to encode.</param>
/// <param name="Cached">Texts found in the cache (not encoded again).</param>
public sealed record EncodingProgress(int Done, int Total, int Cached);

/// <summary>Unit vectors of canonical item texts from one model, ready for similarity.</summary>
public sealed class ItemVectors
{
    private readonly Dictionary<string, float[]> _vectors;

    /// <summary>Wraps vectors already computed (tests, benches).</summary>
    public ItemVectors(string modelName, string modelVersion, IReadOnlyDictionary<string, float[]> vectors, int encoded = 0, int cached = 0)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ModelName = modelName;
        ModelVersion = modelVersion;
        _vectors = new Dictionary<string, float[]>(vectors, StringComparer.Ordinal);
        Encoded = encoded;
        Cached = cached;
    }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }

    /// <summary>The model's version.</summary>
    public string ModelVersion { get; }

    /// <summary>Texts encoded in this run.</summary>
    public int Encoded { get; }

    /// <summary>Texts whose vectors came from the cache.</summary>
    public int Cached { get; }

    /// <summary>Texts with a vector.</summary>
    public int Count => _vectors.Count;

    /// <summary>The vector of <paramref name="text"/>, or null.</summary>
    public float[]? Get(string text) => _vectors.GetValueOrDefault(text);

    /// <summary>Cosine similarity of two unit vectors (their dot product).</summary>
    public static float Similarity(float[] a, float[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Dot(a, b);
    }

    /// <summary>The dot product of two vectors of one length (for unit vectors, their cosine similarity).</summary>
    /// <remarks>
    /// Four running sums, each a fused multiply-add, so the processor works on four at once instead of waiting for each
    /// addition in turn (the duplicate bench compares about 150 million pairs). The order of the additions is fixed, so
    /// the same two vectors always give the same value.
    /// </remarks>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"vectors of {a.Length} and {b.Length} dimensions", nameof(b));
        }
        var x = MemoryMarshal.Cast<float, Vector<float>>(a);
        var y = MemoryMarshal.Cast<float, Vector<float>>(b);
        Vector<float> s0 = Vector<float>.Zero, s1 = Vector<float>.Zero, s2 = Vector<float>.Zero, s3 = Vector<float>.Zero;
        var i = 0;
        for (; i + 4 <= x.Length; i += 4)
        {
            s0 = Vector.FusedMultiplyAdd(x[i], y[i], s0);
            s1 = Vector.FusedMultiplyAdd(x[i + 1], y[i + 1], s1);
            s2 = Vector.FusedMultiplyAdd(x[i + 2], y[i + 2], s2);
            s3 = Vector.FusedMultiplyAdd(x[i + 3], y[i + 3], s3);
        }
        for (; i < x.Length; i++)
        {
            s0 = Vector.FusedMultiplyAdd(x[i], y[i], s0);
        }
        var dot = Vector.Sum((s0 + s1) + (s2 + s3));
        for (var k = x.Length * Vector<float>.Count; k < a.Length; k++)
        {
            dot += a[k] * b[k];
        }
        return dot;
    }

    /// <summary>Vectors of <paramref name="texts"/>: from <paramref name="cache"/> when there, else encoded in batches and stored.</summary>
    /// <param name="encoder">The model.</param>
    /// <param name="cache">The cache, or null for none.</param>
    /// <param name="texts">Canonical texts; repeats are encoded once.</param>
    /// <param name="progress">Told after each batch when texts had to be encoded.</param>
    /// <param name="cancellationToken">Cancels between batches; what was encoded before is kept in the cache.</param>
    public static async Task<ItemVectors> ComputeAsync(ITextEncoder encoder, IEmbeddingCache? cache, IEnumerable<string> texts, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(texts);
        var distinct = texts.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (cache is not null && distinct.Count > 0)
        {
            foreach (var (text, vector) in await cache.LoadEmbeddingsAsync(encoder.ModelName, encoder.ModelVersion, distinct, cancellationToken).ConfigureAwait(false))
            {
                if (vector.Length == encoder.Dimensions)
                {
                    vectors[text] = vector;
                }
            }
        }
        var cached = vectors.Count;
        var missing = distinct.Where(t => !vectors.ContainsKey(t)).ToList();
        const int batch = 256;
        for (var start = 0; start < missing.Count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = missing.GetRange(start, Math.Min(batch, missing.Count - start));
            var encoded = encoder.Encode(slice, cancellationToken);
            var rows = new List<KeyValuePair<string, float[]>>(slice.Count);
            for (var i = 0; i < slice.Count; i++)
            {
                vectors[slice[i]] = encoded[i];
                rows.Add(new(slice[i], encoded[i]));
            }
            if (cache is not null)
            {
                await cache.SaveEmbeddingsAsync(encoder.ModelName, encoder.ModelVersion, rows, cancellationToken).ConfigureAwait(false);
            }
            progress?.Report(new EncodingProgress(start + slice.Count, missing.Count, cached));
        }
        return new ItemVectors(encoder.ModelName, encoder.ModelVersion, vectors, missing.Count, cached);
    }
}
