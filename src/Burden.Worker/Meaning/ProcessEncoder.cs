using System.Collections.Concurrent;
using Burden.Core.Meaning;

namespace Burden.Worker.Meaning;

/// <summary>The bundled embedding models, each loaded at most once per process and shared.</summary>
/// <remarks>Loading a model takes about a second and its session is thread-safe, so the CLI, the jobs and the web
/// host all ask here rather than loading their own.</remarks>
public static class ProcessEncoder
{
    private static readonly ConcurrentDictionary<string, Lazy<OnnxTextEncoder>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The model the analysis uses unless told otherwise.</summary>
    public const string DefaultModel = OnnxTextEncoder.MiniLm;

    /// <summary>The shared encoder for <paramref name="modelName"/>, loading it on first use.</summary>
    public static ITextEncoder Get(string modelName = DefaultModel) =>
        Loaded.GetOrAdd(modelName, name => new Lazy<OnnxTextEncoder>(() => OnnxTextEncoder.Load(name))).Value;
}

/// <summary>An encoder that loads the shared model only when first asked for something, so a host that never classes an item never loads it.</summary>
/// <param name="modelName">The bundled model to load.</param>
public sealed class DeferredEncoder(string modelName = ProcessEncoder.DefaultModel) : ITextEncoder
{
    /// <inheritdoc />
    public string ModelName => modelName;

    /// <inheritdoc />
    public string ModelVersion => ProcessEncoder.Get(modelName).ModelVersion;

    /// <inheritdoc />
    public int Dimensions => ProcessEncoder.Get(modelName).Dimensions;

    /// <inheritdoc />
    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        ProcessEncoder.Get(modelName).Encode(texts, cancellationToken);
}
