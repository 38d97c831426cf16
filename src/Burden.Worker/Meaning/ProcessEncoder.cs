using System.Collections.Concurrent;
using Burden.Core.Common;
using Burden.Core.Meaning;

namespace Burden.Worker.Meaning;

/// <summary>The bundled embedding models, each loaded at most once per process and shared.</summary>
/// <remarks>Loading a model takes about a second and its session is thread-safe, so the CLI, the jobs, the web host, the
/// duplicate matcher and the classifier all ask here rather than loading their own.</remarks>
public static class ProcessEncoder
{
    private static readonly ConcurrentDictionary<string, Lazy<OnnxTextEncoder>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The model the analysis uses unless told otherwise.</summary>
    public const string DefaultModel = OnnxTextEncoder.MiniLm;

    /// <summary>The shared encoder for <paramref name="modelName"/>, loading it on first use.</summary>
    /// <exception cref="BurdenException">The name is not a bundled model.</exception>
    public static ITextEncoder Get(string modelName = DefaultModel) => Model(CanonicalName(modelName));

    /// <summary>Whether the model named <paramref name="modelName"/> has been loaded in this process.</summary>
    public static bool IsLoaded(string modelName = DefaultModel) =>
        Loaded.TryGetValue(CanonicalName(modelName), out var lazy) && lazy.IsValueCreated;

    /// <summary>The bundled model's canonical name for any of its spellings (<c>minilm</c>, <c>arctic-xs</c>, ...).</summary>
    /// <exception cref="BurdenException">The name is not a bundled model.</exception>
    public static string CanonicalName(string modelName)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        return modelName.Trim().ToLowerInvariant() switch
        {
            "all-minilm-l6-v2" or "minilm" => OnnxTextEncoder.MiniLm,
            "snowflake-arctic-embed-xs" or "arcticxs" or "arctic-xs" => OnnxTextEncoder.ArcticXs,
            _ => throw new BurdenException($"'{modelName.Trim()}' is not a bundled embedding model (expected {OnnxTextEncoder.MiniLm} or {OnnxTextEncoder.ArcticXs})"),
        };
    }

    internal static OnnxTextEncoder Model(string canonicalName) =>
        Loaded.GetOrAdd(canonicalName, name => new Lazy<OnnxTextEncoder>(() => OnnxTextEncoder.Load(name))).Value;
}
